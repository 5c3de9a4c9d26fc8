import JSONValue
public import Store

/// How a state fared in one execution, as the console colours it.
public enum StateRunStatus: String, Sendable, Hashable, CaseIterable {
    /// The execution never entered the state.
    case notReached = "not-reached"
    /// Entered and not yet left: running now (or waiting for a retry).
    case entered
    /// Left normally.
    case succeeded
    /// Left after one or more retries.
    case retried
    /// Failed, and a `Catch` rule took the execution elsewhere.
    case caught
    /// Failed without being caught (or was a `Fail` state, or was cut short when the execution failed, timed out or
    /// was aborted).
    case failed

    /// The legend's wording.
    public var title: String {
        switch self {
        case .notReached: "not reached"
        case .entered: "entered (running)"
        case .succeeded: "succeeded"
        case .retried: "succeeded after retry"
        case .caught: "failed, caught"
        case .failed: "failed"
        }
    }

    /// When a state ran several times (in a Map's iterations, or in a loop), the status shown is the most telling
    /// one: failed, then entered, caught, retried, succeeded.
    var weight: Int {
        switch self {
        case .notReached: 0
        case .succeeded: 1
        case .retried: 2
        case .caught: 3
        case .entered: 4
        case .failed: 5
        }
    }
}

/// What an execution's history says about each state: its status (for colouring the graph), how often it was
/// entered and retried, and which state each event belongs to.
///
/// Events are tied to states through their `previousEventId` chain: a `…StateEntered` event opens a visit of the
/// state it names, and the events that follow from it (`TaskScheduled`, `TaskFailed`, `ParallelStateStarted`, …)
/// belong to that visit until its `…StateExited` event. A visit with a failure event and no later attempt before it
/// exited was caught; one with several attempts (`…Scheduled`, `ParallelStateStarted`, `MapStateStarted`) was
/// retried.
///
/// ```swift
/// let trace = ExecutionTrace(events: history, status: execution.status)
/// trace.status(of: "Load")  // .retried
/// ```
public struct ExecutionTrace: Sendable, Hashable {
    /// Each entered state's status; states never entered are absent (see ``status(of:)``).
    public var statuses: [String: StateRunStatus]
    /// How many times each state was entered.
    public var entries: [String: Int]
    /// How many retries each state made in all.
    public var retries: [String: Int]
    /// The state each event belongs to, by event id (events of the execution itself are absent).
    public var stateOfEvent: [Int: String]

    /// Reads a history.
    ///
    /// A state entered and not left is running while the execution runs. Once it failed, timed out or was aborted,
    /// such a state failed (or was cut short). In a succeeded execution it was interrupted and run again after a
    /// resume (or was a branch cancelled by a caught failure), so that visit is not counted — unless it is a `Fail`
    /// state, which always failed.
    ///
    /// - Parameters:
    ///   - events: The execution's history events, in any order.
    ///   - status: The execution's status.
    public init(events: [HistoryEvent], status executionStatus: ExecutionStatus) {
        let isRunning = executionStatus == .running
        struct Visit {
            var name: String
            var isFailState: Bool
            var attempts = 0
            var isLastAttemptFailed = false
            var isExited = false
            var isCaught = false
        }
        var visits: [Visit] = []
        var visitOfEvent: [Int: Int] = [:]
        var stateOfEvent: [Int: String] = [:]
        func openVisit(named name: String) -> Int? {
            visits.indices.last { visits[$0].name == name && !visits[$0].isExited }
        }
        for event in events.sorted(by: { $0.id < $1.id }) {
            let type = event.type
            let name = event.details["name"]?.stringValue
            if type.hasSuffix("StateEntered"), let name {
                visits.append(Visit(name: name, isFailState: type == "FailStateEntered"))
                visitOfEvent[event.id] = visits.count - 1
                stateOfEvent[event.id] = name
            } else if type.hasSuffix("StateExited"), let name {
                guard let visit = openVisit(named: name) else { continue }
                visits[visit].isExited = true
                visits[visit].isCaught = visits[visit].isLastAttemptFailed
                visitOfEvent[event.id] = visit
                stateOfEvent[event.id] = name
            } else if type.hasPrefix("Execution") {
                continue
            } else if type.hasPrefix("MapIteration"), let name {
                stateOfEvent[event.id] = name
                if let visit = openVisit(named: name) { visitOfEvent[event.id] = visit }
            } else if let previous = event.previousEventId, let visit = visitOfEvent[previous] {
                visitOfEvent[event.id] = visit
                stateOfEvent[event.id] = visits[visit].name
                if type.hasSuffix("Scheduled") || type == "ParallelStateStarted" || type == "MapStateStarted" {
                    visits[visit].attempts += 1
                    visits[visit].isLastAttemptFailed = false
                } else if type.hasSuffix("Failed") || type.hasSuffix("TimedOut") {
                    visits[visit].isLastAttemptFailed = true
                }
            }
        }
        var statuses: [String: StateRunStatus] = [:]
        var entries: [String: Int] = [:]
        var retries: [String: Int] = [:]
        for visit in visits {
            let status: StateRunStatus
            if visit.isExited {
                status = visit.isCaught ? .caught : visit.attempts > 1 ? .retried : .succeeded
            } else if visit.isFailState {
                status = .failed
            } else if isRunning {
                status = .entered
            } else if executionStatus == .succeeded && !visit.isLastAttemptFailed {
                continue
            } else {
                status = .failed
            }
            entries[visit.name, default: 0] += 1
            retries[visit.name, default: 0] += max(0, visit.attempts - 1)
            if status.weight > (statuses[visit.name]?.weight ?? -1) { statuses[visit.name] = status }
        }
        self.statuses = statuses
        self.entries = entries
        self.retries = retries
        self.stateOfEvent = stateOfEvent
    }

    /// A state's status, ``StateRunStatus/notReached`` when the execution never entered it.
    ///
    /// - Parameter name: The state's name.
    /// - Returns: Its status.
    public func status(of name: String) -> StateRunStatus { statuses[name] ?? .notReached }
}
