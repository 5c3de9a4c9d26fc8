public import Foundation
public import JSONValue

/// A completed step of a durable execution, keyed by where it happened.
///
/// The engine hands checkpoints to ``ExecutionJournal/commit(events:checkpoints:)`` as steps finish; an execution
/// continued with a ``Resumption`` that holds a step's checkpoint does not run that step again but takes its
/// output, next state and variables from the checkpoint.
public struct Checkpoint: Sendable, Hashable {
    /// Identifies the step: the thread of control's path plus the state's name and visit number, e.g.
    /// "Fetch#1", "Process#1[3]/Load#2", "Fan#1{0}/A#1". Keys of whole Map iterations / Parallel branches end in
    /// "[index]" / "{index}" with no state part.
    ///
    /// The visit number counts how often the state was entered in its thread of control (1 for the first time), so
    /// a loop's states get a key per pass. Keys depend only on the definition and the data, never on timing: the same
    /// definition and input give the same keys in every run.
    public var key: String
    /// The step's output (the state's output, or the iteration's / branch's result).
    public var output: JSONValue
    /// The next state's name; nil when the step ended its graph (End, Succeed) or is an iteration/branch.
    public var next: String?
    /// The thread's workflow variables after the step (empty for iterations/branches).
    public var variables: [String: JSONValue]
    /// The id of the last history event the step recorded (its StateExited / MapIterationSucceeded ...).
    public var lastEventID: Int

    /// Creates a checkpoint.
    ///
    /// - Parameters:
    ///   - key: Where the step happened (see ``key``).
    ///   - output: The step's output.
    ///   - next: The next state's name, or nil when the step ended its graph or is an iteration/branch.
    ///   - variables: The thread's workflow variables after the step.
    ///   - lastEventID: The id of the step's last history event.
    public init(key: String, output: JSONValue, next: String? = nil, variables: [String: JSONValue] = [:],
                lastEventID: Int)
    {
        self.key = key
        self.output = output
        self.next = next
        self.variables = variables
        self.lastEventID = lastEventID
    }
}

/// Where a durable execution keeps its progress.
///
/// Set ``ExecutionConfiguration/journal`` and run with ``Executor/runDurably(_:input:configuration:)``. The engine
/// commits a state's entered event before the state's logic runs, and the state's remaining events with its
/// ``Checkpoint`` before the next state starts; a finished Map iteration or Parallel branch is committed with a
/// checkpoint of its own, and the execution's terminal event is committed last. A journal that keeps what it was
/// given can rebuild a ``Resumption`` after a crash: the events and checkpoints of every commit that returned.
///
/// Commits may batch events of several threads of control (Map iterations, Parallel branches); every commit starts
/// where the previous one ended, and a thread does not go on until the commit holding its events has returned.
///
/// > Important: Commits run in tasks of their own, so cancelling the execution (or a Map iteration) never cancels
/// > a commit under way. A commit that never returns holds up the execution; give the store a timeout.
public protocol ExecutionJournal: Sendable {
    /// Makes `events` and `checkpoints` durable, in one unit, before returning. Called with events in id order,
    /// consecutive across calls (each call's first id is one more than the previous call's last). Never called
    /// concurrently for one execution. Throwing stops the execution without finishing it.
    ///
    /// A call may carry no events (only checkpoints) or no checkpoints. A checkpoint is never committed before
    /// the event named by its ``Checkpoint/lastEventID``.
    ///
    /// - Parameters:
    ///   - events: History events recorded since the previous commit, in id order.
    ///   - checkpoints: Steps completed since the previous commit.
    /// - Throws: Any error; the engine makes no further commits and
    ///   ``Executor/runDurably(_:input:configuration:)`` throws ``JournalError``.
    func commit(events: [HistoryEvent], checkpoints: [Checkpoint]) async throws
}

/// An execution that continues from an earlier run.
///
/// Build it from what the ``ExecutionJournal`` committed: every checkpoint, and the id of the last committed event.
/// States (and Map iterations, Parallel branches) with a checkpoint are not run again: they record no events, and
/// their output, next state and variables come from the checkpoint. Everything else runs as usual, so a step that was
/// under way when the process stopped runs again (its task is invoked again), and a step that failed runs again,
/// which is what Step Functions' `RedriveExecution` does.
public struct Resumption: Sendable {
    /// The checkpoints committed so far, by key.
    public var checkpoints: [String: Checkpoint]
    /// The id of the last committed history event (the next event gets this + 1).
    ///
    /// 0 when nothing was committed: the run then starts over, `ExecutionStarted` included.
    public var lastEventID: Int
    /// When the execution first started ($$.Execution.StartTime).
    public var startTime: Date
    /// $$.Execution.RedriveCount.
    public var redriveCount: Int

    /// Creates a resumption.
    ///
    /// - Parameters:
    ///   - checkpoints: The committed checkpoints, by ``Checkpoint/key``.
    ///   - lastEventID: The id of the last committed history event.
    ///   - startTime: When the execution first started.
    ///   - redriveCount: How often the execution has been redriven (0 when only continuing after a crash).
    public init(checkpoints: [String: Checkpoint], lastEventID: Int, startTime: Date, redriveCount: Int = 0) {
        self.checkpoints = checkpoints
        self.lastEventID = lastEventID
        self.startTime = startTime
        self.redriveCount = redriveCount
    }

    /// Creates a resumption from a list of checkpoints (a later one replaces an earlier one with the same key).
    ///
    /// - Parameters:
    ///   - checkpoints: The committed checkpoints, in commit order.
    ///   - lastEventID: The id of the last committed history event.
    ///   - startTime: When the execution first started.
    ///   - redriveCount: How often the execution has been redriven.
    public init<Checkpoints: Sequence<Checkpoint>>(checkpoints: Checkpoints, lastEventID: Int, startTime: Date,
                                                   redriveCount: Int = 0)
    {
        var byKey: [String: Checkpoint] = [:]
        for checkpoint in checkpoints { byKey[checkpoint.key] = checkpoint }
        self.init(checkpoints: byKey, lastEventID: lastEventID, startTime: startTime, redriveCount: redriveCount)
    }
}

/// A journal commit failed, so the execution stopped without finishing.
///
/// Thrown by ``Executor/runDurably(_:input:configuration:)``. No terminal event was recorded; what the journal had
/// committed before the failing commit is a consistent point to resume from.
public struct JournalError: Error, Sendable, CustomStringConvertible {
    /// The error the journal threw.
    public var underlying: any Error
    /// The underlying error's description.
    public var underlyingDescription: String

    /// Wraps the error a journal threw.
    ///
    /// - Parameter underlying: The error from ``ExecutionJournal/commit(events:checkpoints:)``.
    public init(underlying: any Error) {
        self.underlying = underlying
        self.underlyingDescription = String(describing: underlying)
    }

    /// `journal commit failed: ` and the underlying error's description.
    public var description: String { "journal commit failed: \(underlyingDescription)" }
}
