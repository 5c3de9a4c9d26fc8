import Foundation
import JSONValue
import JSONata
import StatesLanguage
import Synchronization

/// The JSONata dialect of AWS Step Functions: the functions it adds to the standard library, and a cache of
/// compiled expressions shared by all executions.
enum StepFunctionsJSONata {
    /// `$partition`, `$range`, `$hash`, `$random` (optionally seeded, as `java.util.Random`), `$uuid`, `$parse`.
    static let functions: [JSONataFunction] = [
        JSONataFunction(name: "partition", signature: "<an:a>") { args, _ in
            guard case .array(let items)? = args[0], let size = args[1]?.intValue else { return nil }
            guard size > 0 else { throw JSONataError(code: "D3137", message: "The chunk size must be positive") }
            return .array(
                stride(from: 0, to: items.count, by: size).map {
                    .array(Array(items[$0..<min($0 + size, items.count)]))
                })
        },
        JSONataFunction(name: "range", signature: "<nnn:a>") { args, _ in
            guard let start = args[0]?.intValue, let end = args[1]?.intValue, let step = args[2]?.intValue else {
                throw JSONataError(code: "D3137", message: "The arguments of $range must be integers")
            }
            guard step != 0 else { throw JSONataError(code: "D3137", message: "The step of $range must not be zero") }
            var out: [JSONValue] = []
            var i = start
            while step > 0 ? i <= end : i >= end {
                out.append(.integer(i))
                if out.count > 1000 {
                    throw JSONataError(code: "D3137", message: "$range produced more than 1000 items")
                }
                i += step
            }
            return .array(out)
        },
        JSONataFunction(name: "hash", signature: "<ss?:s>") { args, _ in
            guard let data = args[0]?.stringValue else { return nil }
            let algorithm = args.count > 1 ? args[1]?.stringValue ?? "SHA-256" : "SHA-256"
            let call = try IntrinsicCall.parse("States.Hash($.data, $.algorithm)")
            do {
                return try call.evaluate(
                    in: EvaluationContext(input: ["data": .string(data), "algorithm": .string(algorithm)]))
            } catch {
                throw JSONataError(code: "D3137", message: (error as? StatesError)?.cause ?? "\(error)")
            }
        },
        JSONataFunction(name: "random", signature: "<n?:n>") { args, _ in
            if let seed = args.first??.intValue {
                var generator = JavaRandom(seed: Int64(truncatingIfNeeded: seed))
                return .double(generator.nextDouble())
            }
            return .double(Double.random(in: 0..<1))
        },
        JSONataFunction(name: "uuid", signature: "<:s>") { _, _ in
            .string(UUID().uuidString.lowercased())
        },
        JSONataFunction(name: "parse", signature: "<s:x>") { args, _ in
            guard let text = args[0]?.stringValue else { return nil }
            do {
                return try JSONValue(parsing: text)
            } catch {
                throw JSONataError(code: "D3137", message: "The string is not valid JSON: \(error)")
            }
        },
    ]

    private static let cache = Mutex<[String: CompiledJSONata]>([:])

    /// The compiled form of `source`, compiled once per process.
    static func compiled(_ source: String) throws(JSONataError) -> CompiledJSONata {
        if let hit = cache.withLock({ $0[source] }) { return hit }
        let compiled = try CompiledJSONata(compiling: source, functions: functions)
        cache.withLock { table in
            if table.count > 10_000 { table.removeAll() }
            table[source] = compiled
        }
        return compiled
    }
}

/// What `$states` holds while one field is evaluated.
struct StatesVariable {
    var input: JSONValue
    var result: JSONValue? = nil
    var errorOutput: JSONValue? = nil
    /// `input`, already converted, when the caller evaluates many fields against the same input.
    var convertedInput: JSONataValue? = nil
}

/// The variables a JSONata field sees: the workflow variables and `$states` (converted once per state).
struct JSONataScope {
    /// Variables converted only when an expression reads them.
    var variables: [String: JSONValue]
    /// Variables already converted; when set, ``variables`` is empty.
    var convertedVariables: [String: JSONataValue] = [:]
    var states: JSONataValue
}

/// A thread of control's workflow variables converted for JSONata, shared by the copies of its state that hold
/// the same variables (a Map's iterations, a Parallel's branches) and replaced when a state assigns variables.
final class ConvertedVariables: Sendable {
    private let cache = Mutex<[String: JSONataValue]?>(nil)

    init() {}

    func values(for variables: [String: JSONValue]) -> [String: JSONataValue] {
        cache.withLock { cached in
            if let cached { return cached }
            let converted = variables.mapValues(JSONataValue.init)
            cached = converted
            return converted
        }
    }
}

extension ExecutionRun {
    // MARK: - Evaluating fields

    /// The variables an expression sees: the workflow variables and `$states`.
    func jsonataBindings(_ states: StatesVariable, context: JSONValue, variables: [String: JSONValue]) -> JSONataScope {
        var members: [(String, JSONataValue)] = [
            ("input", states.convertedInput ?? JSONataValue(states.input)), ("context", JSONataValue(context)),
        ]
        if let result = states.result { members.append(("result", JSONataValue(result))) }
        if let errorOutput = states.errorOutput { members.append(("errorOutput", JSONataValue(errorOutput))) }
        return JSONataScope(variables: variables, states: .object(members))
    }

    func jsonataBindings(_ states: StatesVariable, _ scope: StateScope, _ thread: ThreadState, retryCount: Int? = nil,
                         token: String? = nil) -> JSONataScope
    {
        var members: [(String, JSONataValue)] = [
            ("input", states.convertedInput ?? JSONataValue(states.input)),
            ("context", convertedContext(scope, thread: thread, retryCount: retryCount, token: token)),
        ]
        if let result = states.result { members.append(("result", JSONataValue(result))) }
        if let errorOutput = states.errorOutput { members.append(("errorOutput", JSONataValue(errorOutput))) }
        return JSONataScope(
            variables: [:], convertedVariables: thread.convertedVariables.values(for: thread.variables),
            states: .object(members))
    }

    /// The context object (`$states.context`) for JSONata. The execution's part, which holds the execution input,
    /// is converted once per execution; only the state's own part is converted each time.
    func convertedContext(_ scope: StateScope, thread: ThreadState, retryCount: Int? = nil, token: String? = nil)
        -> JSONataValue
    {
        let base = jsonataBaseContext.withLock { cached in
            if let cached { return cached }
            let converted = baseContext.map { ($0.key, JSONataValue($0.value)) }
            cached = converted
            return converted
        }
        var members = base
        guard case .object(let full) = context(scope, thread: thread, retryCount: retryCount, token: token) else {
            return .object(members)
        }
        for (key, value) in full where baseContext[key] == nil {
            members.append((key, JSONataValue(value)))
        }
        return .object(members)
    }

    static func queryError(_ cause: String) -> StatesError {
        StatesError(error: "States.QueryEvaluationError", cause: cause)
    }

    /// Evaluates one `{% %}` expression; undefined is an error, as on AWS.
    func evaluate(_ expression: JSONataExpression, field: String, bindings: JSONataScope, scope: StateScope) throws
        -> JSONValue
    {
        let clock = configuration.clock
        let result: JSONValue?
        do {
            let compiled = try StepFunctionsJSONata.compiled(expression.source)
            var values = bindings.convertedVariables
            values["states"] = bindings.states
            result = try compiled.evaluate(
                input: nil, bindings: bindings.variables, values: values,
                environment: JSONataEnvironment(currentTime: { clock.now() }))
        } catch {
            throw scope.failure(
                Self.queryError(
                    "The JSONata expression '\(expression.source)' specified for the field '\(field)' threw an error during "
                        + "evaluation. \(error.code): \(error.message)"))
        }
        guard let result else {
            throw scope.failure(
                Self.queryError(
                    "The JSONata expression '\(expression.source)' specified for the field '\(field)' returned nothing (undefined)."
                ))
        }
        return result
    }

    /// Evaluates a JSONata field value: JSON whose `{% %}` strings are expressions.
    func evaluate(_ template: JSONataTemplate, field: String, bindings: JSONataScope, scope: StateScope) throws
        -> JSONValue
    {
        switch template {
        case .value(let v): return v
        case .expression(let e): return try evaluate(e, field: field, bindings: bindings, scope: scope)
        case .object(let members):
            var out = JSONObject(minimumCapacity: members.count)
            for (key, member) in members {
                out[key] = try evaluate(member, field: "\(field)/\(key)", bindings: bindings, scope: scope)
            }
            return .object(out)
        case .array(let elements):
            var out: [JSONValue] = []
            out.reserveCapacity(elements.count)
            for (i, element) in elements.enumerated() {
                out.append(try evaluate(element, field: "\(field)[\(i)]", bindings: bindings, scope: scope))
            }
            return .array(out)
        }
    }

    /// A value that must have one JSON type, worded as AWS words the mismatch.
    func typeMismatch(_ template: JSONataTemplate, field: String, expected: String, value: JSONValue) -> StatesError {
        let source: String
        if case .expression(let e) = template { source = e.source } else { source = value.serialized() }
        return Self.queryError(
            "The JSONata expression '\(source)' specified for the field '\(field)' returned an unexpected result type. "
                + "Expected '\(expected)', but was '\(value.typeName)' for value: \(value.serialized())")
    }

    /// `Assign` in a JSONata state (or catcher, or Choice rule); nil when there is none.
    func jsonataAssignments(_ assign: Assignment?, bindings: JSONataScope, scope: StateScope) throws
        -> [String: JSONValue]?
    {
        guard case .jsonata(let templates)? = assign else { return nil }
        var assigned: [String: JSONValue] = [:]
        for (name, template) in templates {
            assigned[name] = try evaluate(template, field: "Assign/\(name)", bindings: bindings, scope: scope)
        }
        return assigned
    }

    /// `Output` in a JSONata state, or `fallback` when there is none.
    func jsonataOutput(
        _ template: JSONataTemplate?, fallback: JSONValue, bindings: JSONataScope,
        scope: StateScope
    ) throws -> JSONValue {
        guard let template else { return fallback }
        return try evaluate(template, field: "Output", bindings: bindings, scope: scope)
    }

    /// `Arguments` (JSONata) or `Parameters` (JSONPath): what a Task receives or a Parallel's branches start with.
    func arguments(
        _ flow: DataFlow, _ effective: JSONValue, _ scope: StateScope, _ thread: ThreadState,
        retryCount: Int? = nil, token: String? = nil
    ) throws -> JSONValue {
        guard scope.state.queryLanguage == .jsonata else {
            return try parameters(flow.parameters, effective, scope, thread, retryCount: retryCount, token: token)
        }
        guard let template = flow.arguments else { return effective }
        let bindings = jsonataBindings(StatesVariable(input: effective), scope, thread, retryCount: retryCount,
                                       token: token)
        return try evaluate(template, field: "Arguments", bindings: bindings, scope: scope)
    }

    /// A JSONata integer field (`TimeoutSeconds`, `MaxConcurrency`, ...).
    func jsonataInteger(
        _ expression: JSONataExpression, field: String, context: EvaluationContext, scope: StateScope,
        minimum: Int
    ) throws -> Int {
        let bindings = jsonataBindings(
            StatesVariable(input: context.input), context: context.context,
            variables: context.variables)
        let value = try evaluate(expression, field: field, bindings: bindings, scope: scope)
        guard let i = value.intValue, i >= minimum else {
            throw scope.failure(
                typeMismatch(.expression(expression), field: field, expected: "integer", value: value))
        }
        return i
    }

    // MARK: - States without a task

    func runPassJSONata(_ pass: PassState, input: JSONValue, scope: StateScope, thread: inout ThreadState) throws
        -> (step: Step, assigned: [String: JSONValue]?)
    {
        let bindings = jsonataBindings(StatesVariable(input: input), scope, thread)
        let assigned = try jsonataAssignments(pass.dataFlow.assign, bindings: bindings, scope: scope)
        let out = try jsonataOutput(
            pass.dataFlow.output, fallback: pass.result ?? input, bindings: bindings, scope: scope)
        store(assigned, in: &thread)
        return (step(pass.transition, out), assigned)
    }

    func runSucceedJSONata(_ succeed: SucceedState, input: JSONValue, scope: StateScope, thread: inout ThreadState)
        throws
        -> (step: Step, assigned: [String: JSONValue]?)
    {
        let bindings = jsonataBindings(StatesVariable(input: input), scope, thread)
        return (
            .end(try jsonataOutput(succeed.dataFlow.output, fallback: input, bindings: bindings, scope: scope)), nil
        )
    }

    func runFailJSONata(_ fail: FailState, input: JSONValue, scope: StateScope, thread: ThreadState) -> GraphFailure {
        let bindings = jsonataBindings(StatesVariable(input: input), scope, thread)
        func resolve(_ field: FailField?, _ name: String) throws -> String? {
            switch field {
            case nil: return nil
            case .value(let s)?: return s
            case .expression(let e)?:
                let value = try evaluate(e, field: name, bindings: bindings, scope: scope)
                guard case .string(let s) = value else {
                    throw scope.failure(
                        typeMismatch(.expression(e), field: name, expected: "string", value: value))
                }
                return s
            case .path?, .intrinsic?:
                return nil
            }
        }
        do {
            return GraphFailure(error: try resolve(fail.error, "Error"), cause: try resolve(fail.cause, "Cause"))
        } catch let failure as GraphFailure {
            return failure
        } catch {
            return scope.failure(StatesError(error: "States.Runtime", cause: "\(error)"))
        }
    }

    func runChoiceJSONata(_ choice: ChoiceState, input: JSONValue, scope: StateScope, thread: inout ThreadState) throws
        -> (step: Step, assigned: [String: JSONValue]?)
    {
        let bindings = jsonataBindings(StatesVariable(input: input), scope, thread)
        for rule in choice.choices {
            let matched: Bool
            switch rule.condition {
            case .literal(let b): matched = b
            case .expression(let e):
                let value = try evaluate(e, field: "Condition", bindings: bindings, scope: scope)
                guard case .bool(let b) = value else {
                    throw scope.failure(
                        Self.queryError(
                            "The JSONata expression '\(e.source)' specified for the field 'Condition' returned an unexpected "
                                + "result type. Expected 'boolean', but was '\(value.typeName)' for value: \(value.serialized())"
                        ))
                }
                matched = b
            default:
                throw scope.failure(
                    StatesError(error: "States.Runtime", cause: "A JSONata Choice rule needs a Condition"))
            }
            guard matched else { continue }
            var assigned = try jsonataAssignments(rule.assign, bindings: bindings, scope: scope) ?? [:]
            if let stateAssigned = try jsonataAssignments(choice.dataFlow.assign, bindings: bindings, scope: scope) {
                assigned.merge(stateAssigned) { $1 }
            }
            let out = try jsonataOutput(
                rule.output ?? choice.dataFlow.output, fallback: input, bindings: bindings,
                scope: scope)
            store(assigned, in: &thread)
            return (
                .next(rule.next, out),
                assigned.isEmpty && rule.assign == nil && choice.dataFlow.assign == nil ? nil : assigned
            )
        }
        guard let fallback = choice.defaultNext else {
            throw GraphFailure(
                error: "States.NoChoiceMatched",
                cause: "No Matches! For state \(scope.state.name) and input \(input.serialized())")
        }
        let assigned = try jsonataAssignments(choice.dataFlow.assign, bindings: bindings, scope: scope)
        let out = try jsonataOutput(choice.dataFlow.output, fallback: input, bindings: bindings, scope: scope)
        store(assigned, in: &thread)
        return (.next(fallback, out), assigned)
    }

    func runWaitJSONata(_ wait: WaitState, input: JSONValue, scope: StateScope, thread: inout ThreadState) async throws
        -> (step: Step, assigned: [String: JSONValue]?)
    {
        let bindings = jsonataBindings(StatesVariable(input: input), scope, thread)
        var seconds: Double = 0
        switch wait.duration {
        case .seconds(.value(let s)): seconds = Double(s)
        case .seconds(.expression(let e)):
            let value = try evaluate(e, field: "Seconds", bindings: bindings, scope: scope)
            guard let s = value.intValue, s >= 0 else {
                throw scope.failure(
                    Self.queryError(
                        "The JSONata expression '\(e.source)' specified for the field 'Seconds' returned an unexpected result "
                            + "type. Expected 'integer', but was '\(value.typeName)' for value: \(value.serialized())"))
            }
            seconds = Double(s)
        case .timestamp(.value(let text)):
            seconds = (Timestamp.parseSeconds(text) ?? 0) - configuration.clock.now().timeIntervalSince1970
        case .timestamp(.expression(let e)):
            let value = try evaluate(e, field: "Timestamp", bindings: bindings, scope: scope)
            guard let text = value.stringValue, let at = Timestamp.parseSeconds(text) else {
                throw scope.failure(
                    Self.queryError(
                        "The JSONata expression '\(e.source)' specified for the field 'Timestamp' returned an unexpected "
                            + "result type. Expected 'string', but was '\(value.typeName)' for value: \(value.serialized())"
                    ))
            }
            seconds = at - configuration.clock.now().timeIntervalSince1970
        case .seconds(.path), .timestamp(.path):
            break
        }
        if seconds > 0 {
            try await configuration.clock.sleep(for: .milliseconds(Int64((seconds * 1000).rounded())))
        }
        let assigned = try jsonataAssignments(wait.dataFlow.assign, bindings: bindings, scope: scope)
        let out = try jsonataOutput(wait.dataFlow.output, fallback: input, bindings: bindings, scope: scope)
        store(assigned, in: &thread)
        return (step(wait.transition, out), assigned)
    }

    // MARK: - States with a result

    /// `Assign` and `Output` of a JSONata Task, Parallel or Map, with `$states.result` bound.
    func finishJSONata(
        result: JSONValue, dataFlow: DataFlow, transition: Transition, input: JSONValue,
        scope: StateScope, thread: inout ThreadState
    ) throws -> (step: Step, assigned: [String: JSONValue]?) {
        let bindings = jsonataBindings(StatesVariable(input: input, result: result), scope, thread)
        let assigned = try jsonataAssignments(dataFlow.assign, bindings: bindings, scope: scope)
        let out = try jsonataOutput(dataFlow.output, fallback: result, bindings: bindings, scope: scope)
        store(assigned, in: &thread)
        return (step(transition, out), assigned)
    }

    /// A JSONata catcher: `Assign` and `Output` with `$states.errorOutput` bound.
    func catchJSONata(
        _ catcher: Catcher, errorOutput: JSONValue, input: JSONValue, scope: StateScope,
        thread: inout ThreadState
    ) throws -> (step: Step, assigned: [String: JSONValue]?) {
        let bindings = jsonataBindings(StatesVariable(input: input, errorOutput: errorOutput), scope, thread)
        let assigned = try jsonataAssignments(catcher.assign, bindings: bindings, scope: scope)
        let out = try jsonataOutput(catcher.output, fallback: errorOutput, bindings: bindings, scope: scope)
        store(assigned, in: &thread)
        return (.next(catcher.next, out), assigned)
    }
}
