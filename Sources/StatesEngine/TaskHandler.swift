public import JSONValue
public import StatesLanguage
import Synchronization

/// A task's sign of life. A handler calls ``beat()`` while its work progresses; when the Task state has
/// `HeartbeatSeconds` and no beat arrives for that long, the task fails with `States.HeartbeatTimeout`.
public final class Heartbeat: Sendable {
    private let last = Mutex(ContinuousClock.now)

    public init() {}

    /// Records that the task is alive.
    public func beat() {
        last.withLock { $0 = .now }
    }

    /// When the task last showed a sign of life (its start, if it never beat).
    public var lastBeat: ContinuousClock.Instant { last.withLock { $0 } }
}

/// What a Task state asks of a task: its resource, its effective input, and where it runs.
public struct TaskRequest: Sendable {
    /// The state's `Resource`.
    public var resource: String
    /// The effective input (after `InputPath` and `Parameters`).
    public var input: JSONValue
    /// The Task state's name.
    public var stateName: String
    /// The context object (`$$`) at the time of the call.
    public var context: JSONValue
    /// Where the handler reports signs of life (see the state's `HeartbeatSeconds`).
    public var heartbeat: Heartbeat

    public init(resource: String, input: JSONValue, stateName: String, context: JSONValue, heartbeat: Heartbeat = Heartbeat()) {
        self.resource = resource
        self.input = input
        self.stateName = stateName
        self.context = context
        self.heartbeat = heartbeat
    }
}

/// Runs the work behind a Task state's resource.
///
/// A handler returns the task's result or throws a ``StatesError`` naming the failure as AWS would
/// (`States.TaskFailed`, or the error name the task reported). Handlers must return promptly when their task is
/// cancelled (a timeout, or a failed sibling branch).
public protocol TaskHandler: Sendable {
    func invoke(_ request: TaskRequest) async throws(StatesError) -> JSONValue
}

/// Finds the handler for a resource: exact matches first, then `*` glob patterns in the order they were added.
public struct TaskRegistry: Sendable {
    private var exact: [String: any TaskHandler] = [:]
    private var patterns: [(pattern: String, handler: any TaskHandler)] = []

    public init() {}

    /// Registers `handler` for `resource`, which may contain `*` (any run of characters).
    public mutating func register(_ resource: String, _ handler: any TaskHandler) {
        if resource.contains("*") {
            patterns.append((resource, handler))
        } else {
            exact[resource] = handler
        }
    }

    /// The handler for `resource`, or nil.
    public func handler(for resource: String) -> (any TaskHandler)? {
        if let handler = exact[resource] { return handler }
        return patterns.first { Self.glob($0.pattern, matches: resource) }?.handler
    }

    /// The first registered resource key satisfying `predicate` (exact keys, then patterns).
    func handler(where predicate: (String) -> Bool) -> (any TaskHandler)? {
        if let entry = exact.first(where: { predicate($0.key) }) { return entry.value }
        return patterns.first { predicate($0.pattern) }?.handler
    }

    /// `*`-only glob matching over Unicode scalars.
    static func glob(_ pattern: String, matches text: String) -> Bool {
        let p = Array(pattern.unicodeScalars), t = Array(text.unicodeScalars)
        var pi = 0, ti = 0, star = -1, mark = 0
        while ti < t.count {
            if pi < p.count, p[pi] != "*", p[pi] == t[ti] {
                pi += 1
                ti += 1
            } else if pi < p.count, p[pi] == "*" {
                star = pi
                mark = ti
                pi += 1
            } else if star >= 0 {
                pi = star + 1
                mark += 1
                ti = mark
            } else {
                return false
            }
        }
        while pi < p.count, p[pi] == "*" { pi += 1 }
        return pi == p.count
    }
}
