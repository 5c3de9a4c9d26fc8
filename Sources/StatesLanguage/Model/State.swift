public import JSONValue

/// One state of a state machine.
///
/// A class, immutable once parsed: an interpreter looks states up on every transition, and sharing one instance
/// costs a reference count where copying the type-specific fields would cost dozens.
public final class State: Sendable {
    /// The state's name, its key in `States`.
    public let name: String
    /// `Comment`.
    public let comment: String?
    /// The effective query language: the state's own `QueryLanguage`, else the machine's.
    public let queryLanguage: QueryLanguage
    /// What kind of state this is, with its type-specific fields.
    public let kind: Kind

    public init(name: String, comment: String?, queryLanguage: QueryLanguage, kind: Kind) {
        self.name = name
        self.comment = comment
        self.queryLanguage = queryLanguage
        self.kind = kind
    }

    /// The eight state types.
    public enum Kind: Sendable {
        case pass(PassState)
        case task(TaskState)
        case choice(ChoiceState)
        case wait(WaitState)
        case succeed(SucceedState)
        case fail(FailState)
        case parallel(ParallelState)
        case map(MapState)
    }

    /// The `Type` name as written in ASL (`Pass`, `Task`, ...).
    public var typeName: String {
        switch kind {
        case .pass: "Pass"
        case .task: "Task"
        case .choice: "Choice"
        case .wait: "Wait"
        case .succeed: "Succeed"
        case .fail: "Fail"
        case .parallel: "Parallel"
        case .map: "Map"
        }
    }

    /// AWS's history event type for entering this state (`PassStateEntered`, ...).
    public var enteredEventType: String {
        switch kind {
        case .pass: "PassStateEntered"
        case .task: "TaskStateEntered"
        case .choice: "ChoiceStateEntered"
        case .wait: "WaitStateEntered"
        case .succeed: "SucceedStateEntered"
        case .fail: "FailStateEntered"
        case .parallel: "ParallelStateEntered"
        case .map: "MapStateEntered"
        }
    }

    /// AWS's history event type for leaving this state (`PassStateExited`, ...).
    public var exitedEventType: String {
        switch kind {
        case .pass: "PassStateExited"
        case .task: "TaskStateExited"
        case .choice: "ChoiceStateExited"
        case .wait: "WaitStateExited"
        case .succeed: "SucceedStateExited"
        case .fail: "FailStateExited"
        case .parallel: "ParallelStateExited"
        case .map: "MapStateExited"
        }
    }
}

/// A value given either literally, by a reference path (the `...Path` form of a field), or by a JSONata
/// expression (`"{% ... %}"`).
public enum Dynamic<Value: Sendable & Hashable>: Sendable, Hashable {
    case value(Value)
    case path(JSONPath)
    case expression(JSONataExpression)
}

/// A `{% ... %}` JSONata expression, kept as source text until the JSONata engine compiles it.
public struct JSONataExpression: Sendable, Hashable, CustomStringConvertible {
    /// The expression between `{%` and `%}`, trimmed.
    public var source: String

    public init(source: String) {
        self.source = source
    }

    /// The expression inside a `{% ... %}` string, or nil when the string is not one.
    public init?(wrapped text: String) {
        guard text.hasPrefix("{%"), text.hasSuffix("%}"), text.utf8.count >= 4 else { return nil }
        let inner = text.dropFirst(2).dropLast(2)
        source = inner.trimmingCharacters(in: " \t\r\n")
    }

    public var description: String { "{% \(source) %}" }
}

extension Substring {
    func trimmingCharacters(in set: String) -> String {
        var s = self
        while let first = s.first, set.contains(first) { s.removeFirst() }
        while let last = s.last, set.contains(last) { s.removeLast() }
        return String(s)
    }
}

/// `InputPath`/`OutputPath`: a path, or `null`, which means the empty object `{}`.
public enum NullablePath: Sendable, Hashable {
    case path(JSONPath)
    case null
}

/// The data-flow fields a state may have, in either query language. Absent fields keep AWS's defaults.
///
/// JSONPath states use `inputPath`, `parameters`, `resultSelector`, `resultPath`, `outputPath`; JSONata
/// states use `arguments` and `output`. Both may `assign` variables. The validator guarantees a state
/// carries only the fields of its language and type.
public struct DataFlow: Sendable {
    /// `InputPath` (default `$`).
    public var inputPath: NullablePath?
    /// `Parameters` (never set on a Map state, whose `Parameters` is the deprecated name of ``MapState/itemSelector``).
    public var parameters: PayloadTemplate?
    /// `ResultSelector`.
    public var resultSelector: PayloadTemplate?
    /// `ResultPath` (default `$`); `.null` discards the result and keeps the input.
    public var resultPath: NullablePath?
    /// `OutputPath` (default `$`).
    public var outputPath: NullablePath?
    /// `Arguments` (JSONata).
    public var arguments: JSONataTemplate?
    /// `Output` (JSONata).
    public var output: JSONataTemplate?
    /// `Assign`.
    public var assign: Assignment?

    public init() {}
}

/// `Assign`: workflow variables to set when the state (or a Choice rule, or a catcher) completes.
public enum Assignment: Sendable {
    /// JSONPath: each variable's value is a payload template (keys ending `.$` are evaluated).
    case jsonPath(OrderedDictionary<String, PayloadTemplate>)
    /// JSONata: each variable's value may hold `{% %}` expressions.
    case jsonata(OrderedDictionary<String, JSONataTemplate>)
}

/// `Pass`.
public struct PassState: Sendable {
    public var transition: Transition
    public var dataFlow: DataFlow
    /// `Result`.
    public var result: JSONValue?
}

/// `Task`.
public struct TaskState: Sendable {
    public var transition: Transition
    public var dataFlow: DataFlow
    /// `Resource`: an ARN or a Ferry task URI (`ferry:export`).
    public var resource: String
    /// `TimeoutSeconds` / `TimeoutSecondsPath`.
    public var timeoutSeconds: Dynamic<Int>?
    /// `HeartbeatSeconds` / `HeartbeatSecondsPath`.
    public var heartbeatSeconds: Dynamic<Int>?
    /// `Credentials`, kept as written.
    public var credentials: JSONValue?
    public var retry: [Retrier]
    public var `catch`: [Catcher]
}

/// `Choice`.
public struct ChoiceState: Sendable {
    public var dataFlow: DataFlow
    /// `Choices`, evaluated in order.
    public var choices: [ChoiceRule]
    /// `Default`.
    public var defaultNext: String?
}

/// What a `Wait` state waits for.
public enum WaitDuration: Sendable, Hashable {
    /// `Seconds`, `SecondsPath` or a JSONata `Seconds`.
    case seconds(Dynamic<Int>)
    /// `Timestamp` (validated RFC 3339 text), `TimestampPath` or a JSONata `Timestamp`.
    case timestamp(Dynamic<String>)
}

/// `Wait`.
public struct WaitState: Sendable {
    public var transition: Transition
    public var dataFlow: DataFlow
    public var duration: WaitDuration
}

/// `Succeed`.
public struct SucceedState: Sendable {
    public var dataFlow: DataFlow
}

/// A `Fail` state's `Error` or `Cause`: literal, by path or intrinsic function, or by JSONata.
public enum FailField: Sendable, Hashable {
    case value(String)
    case path(JSONPath)
    case intrinsic(IntrinsicCall)
    case expression(JSONataExpression)
}

/// `Fail`.
public struct FailState: Sendable {
    /// `Error` / `ErrorPath`.
    public var error: FailField?
    /// `Cause` / `CausePath`.
    public var cause: FailField?
}

/// `Parallel`.
public struct ParallelState: Sendable {
    public var transition: Transition
    public var dataFlow: DataFlow
    /// `Branches`, each its own graph.
    public var branches: [StateGraph]
    public var retry: [Retrier]
    public var `catch`: [Catcher]
}

/// A Map state's `ItemBatcher`: how items are grouped into batches, each batch one iteration's input
/// (`{"Items": [...]}` plus the `BatchInput` fields).
public struct ItemBatcher: Sendable {
    /// `MaxItemsPerBatch` / `MaxItemsPerBatchPath`.
    public var maxItemsPerBatch: Dynamic<Int>?
    /// `MaxInputBytesPerBatch` / `MaxInputBytesPerBatchPath`: the largest serialized batch, in bytes.
    public var maxInputBytesPerBatch: Dynamic<Int>?
    /// `BatchInput` in a JSONPath state: a payload template evaluated against the Map state's effective input.
    public var batchInput: PayloadTemplate?
    /// `BatchInput` in a JSONata state.
    public var jsonataBatchInput: JSONataTemplate?

    public init(maxItemsPerBatch: Dynamic<Int>? = nil, maxInputBytesPerBatch: Dynamic<Int>? = nil,
                batchInput: PayloadTemplate? = nil, jsonataBatchInput: JSONataTemplate? = nil)
    {
        self.maxItemsPerBatch = maxItemsPerBatch
        self.maxInputBytesPerBatch = maxInputBytesPerBatch
        self.batchInput = batchInput
        self.jsonataBatchInput = jsonataBatchInput
    }
}

/// `Map`.
public struct MapState: Sendable {
    /// `ProcessorConfig.Mode`.
    public enum Mode: String, Sendable, Hashable, CaseIterable {
        case inline = "INLINE"
        case distributed = "DISTRIBUTED"
    }

    public var transition: Transition
    public var dataFlow: DataFlow
    /// `ItemProcessor` (or the deprecated `Iterator`).
    public var itemProcessor: StateGraph
    /// `ItemProcessor.ProcessorConfig.Mode` (INLINE by default).
    public var mode: Mode
    /// `ItemProcessor.ProcessorConfig.ExecutionType` (DISTRIBUTED mode).
    public var executionType: String?
    /// `ItemsPath` (JSONPath; default `$`).
    public var itemsPath: JSONPath?
    /// `Items` (JSONata): an array or an expression.
    public var items: JSONataTemplate?
    /// `ItemSelector` (or the deprecated `Parameters`) in a JSONPath state.
    public var itemSelector: PayloadTemplate?
    /// `ItemSelector` in a JSONata state.
    public var jsonataItemSelector: JSONataTemplate?
    /// `MaxConcurrency` / `MaxConcurrencyPath` (0 = no limit).
    public var maxConcurrency: Dynamic<Int>?
    /// `ToleratedFailureCount` / `...Path`.
    public var toleratedFailureCount: Dynamic<Int>?
    /// `ToleratedFailurePercentage` / `...Path`.
    public var toleratedFailurePercentage: Dynamic<Double>?
    /// `ItemReader`, kept as written (its shape is validated).
    public var itemReader: JSONValue?
    /// `ItemBatcher`.
    public var itemBatcher: ItemBatcher?
    /// `ResultWriter`, kept as written (its shape is validated).
    public var resultWriter: JSONValue?
    /// `Label` (DISTRIBUTED mode).
    public var label: String?
    public var retry: [Retrier]
    public var `catch`: [Catcher]
}
