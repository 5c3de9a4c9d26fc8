public import JSONValue

/// The query language of a state machine or state: how its fields select and shape data.
public enum QueryLanguage: String, Sendable, Hashable, CaseIterable {
    /// `InputPath`, `Parameters`, `ResultSelector`, `ResultPath`, `OutputPath`, intrinsic functions. The default.
    case jsonPath = "JSONPath"
    /// `Arguments`, `Output` and `{% ... %}` expressions.
    case jsonata = "JSONata"
}

/// A parsed, validated Amazon States Language definition, ready to execute.
///
/// Build one with ``StateMachine/parse(_:options:)``; every field has been checked and every path, payload
/// template, intrinsic call and Choice rule parsed, so an interpreter never re-reads the JSON.
public struct StateMachine: Sendable {
    /// The top-level states and where to start.
    public var graph: StateGraph
    /// `Comment`.
    public var comment: String?
    /// `Version` (the ASL version; "1.0" when given).
    public var version: String?
    /// `TimeoutSeconds` for the whole execution.
    public var timeoutSeconds: Int?
    /// The top-level `QueryLanguage` (JSONPath when absent).
    public var queryLanguage: QueryLanguage

    public init(graph: StateGraph, comment: String? = nil, version: String? = nil, timeoutSeconds: Int? = nil,
                queryLanguage: QueryLanguage = .jsonPath) {
        self.graph = graph
        self.comment = comment
        self.version = version
        self.timeoutSeconds = timeoutSeconds
        self.queryLanguage = queryLanguage
    }
}

/// A set of states with a starting state: the whole machine, one Parallel branch, or a Map's item processor.
///
/// Transitions never leave a graph: `Next`, `Default` and `Catch[].Next` name states of the same graph.
public struct StateGraph: Sendable {
    /// `StartAt`.
    public var startAt: String
    /// `States`, in document order.
    public var states: OrderedDictionary<String, State>
    /// `Comment`.
    public var comment: String?

    public init(startAt: String, states: OrderedDictionary<String, State>, comment: String? = nil) {
        self.startAt = startAt
        self.states = states
        self.comment = comment
    }
}

/// Where a state goes when it completes successfully.
public enum Transition: Sendable, Hashable {
    /// `Next`: the named state of the same graph.
    case next(String)
    /// `End: true`: the graph (execution, branch or iteration) ends with this state's output.
    case end
}
