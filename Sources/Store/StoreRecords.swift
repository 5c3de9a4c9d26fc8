public import Foundation
public import JSONValue

/// A state machine as the store keeps it: its latest revision and metadata.
public struct StateMachineRecord: Sendable, Hashable {
    /// `arn:aws:states:<region>:<account>:stateMachine:<name>`.
    public var arn: String
    /// Its name, unique in the store.
    public var name: String
    /// The ASL definition of the latest revision, as JSON text.
    public var definition: String
    /// The IAM role ARN given at creation or update (kept for AWS compatibility; Ferry does not assume roles).
    public var roleArn: String
    /// `STANDARD` or `EXPRESS`.
    public var type: String
    /// The revision number: 1 at creation, one more after each ``Store/updateStateMachine(arn:definition:roleArn:)``.
    public var version: Int
    /// When it was created.
    public var creationDate: Date
    /// When its latest revision was stored.
    public var updateDate: Date
}

/// The status of an execution, with AWS's names.
public enum ExecutionStatus: String, Sendable, Hashable, CaseIterable {
    /// Running (or waiting to be resumed by a worker).
    case running = "RUNNING"
    /// Finished with output.
    case succeeded = "SUCCEEDED"
    /// Finished with an error and cause.
    case failed = "FAILED"
    /// Ran past its `TimeoutSeconds`.
    case timedOut = "TIMED_OUT"
    /// Stopped by `StopExecution`.
    case aborted = "ABORTED"
    /// Waiting to be redriven.
    case pendingRedrive = "PENDING_REDRIVE"
}

/// An execution as the store keeps it.
public struct ExecutionRecord: Sendable, Hashable {
    /// `arn:aws:states:<region>:<account>:execution:<state machine name>:<execution name>`.
    public var arn: String
    /// The state machine's ARN.
    public var stateMachineArn: String
    /// The state machine revision it runs.
    public var stateMachineVersion: Int
    /// The definition of that revision, kept with the execution so it can be resumed after the state machine changes.
    public var definition: String
    /// Its name, unique per state machine.
    public var name: String
    /// Its status.
    public var status: ExecutionStatus
    /// Its input.
    public var input: JSONValue
    /// Its output, once it succeeded.
    public var output: JSONValue?
    /// The error name, once it failed.
    public var error: String?
    /// The cause, once it failed.
    public var cause: String?
    /// When it started.
    public var startDate: Date
    /// When it finished.
    public var stopDate: Date?
    /// Whether `StopExecution` was requested and the engine has not yet stopped it.
    public var isStopRequested: Bool
    /// The worker holding its lease, if any.
    public var leaseOwner: String?
    /// When that lease expires.
    public var leaseExpiry: Date?
    /// How many times it was redriven (see ``Store/redriveExecution(arn:)``).
    public var redriveCount: Int
    /// When it was last redriven.
    public var redriveDate: Date?
}

/// What ``Store/startExecution(stateMachineArn:name:input:)`` did.
public struct StartExecutionResult: Sendable, Hashable {
    /// The execution, new or existing.
    public var execution: ExecutionRecord
    /// `false` when an identical request found the running execution it had started before (AWS's idempotency).
    public var isNew: Bool
}

/// One history event as the store keeps it: AWS's event type, its details object, and ids.
///
/// The store does not interpret the details; the engine maps them to and from its own event types.
public struct HistoryEvent: Sendable, Hashable {
    /// The id, 1 for the first event of an execution and one more for each next.
    public var id: Int
    /// The id of the event this one follows from, if any.
    public var previousEventId: Int?
    /// AWS's event type, such as `ExecutionStarted` or `TaskStateEntered`.
    public var type: String
    /// When it happened (stored to the millisecond).
    public var timestamp: Date
    /// The details object (AWS's `…EventDetails`), or `null`.
    public var details: JSONValue

    /// Creates an event.
    ///
    /// - Parameters:
    ///   - id: The id (1, 2, … per execution).
    ///   - previousEventId: The event this one follows from.
    ///   - type: AWS's event type.
    ///   - timestamp: When it happened.
    ///   - details: The details object.
    public init(id: Int, previousEventId: Int? = nil, type: String, timestamp: Date, details: JSONValue = .null) {
        self.id = id
        self.previousEventId = previousEventId
        self.type = type
        self.timestamp = timestamp
        self.details = details
    }
}

/// A task token handed to a `.waitForTaskToken` task, and where it stands.
public struct TaskTokenRecord: Sendable, Hashable {
    /// Where a token stands.
    public enum Status: String, Sendable, Hashable, CaseIterable {
        /// The execution waits for `SendTaskSuccess`/`SendTaskFailure`.
        case waiting = "WAITING"
        /// `SendTaskSuccess` was received.
        case succeeded = "SUCCEEDED"
        /// `SendTaskFailure` was received.
        case failed = "FAILED"
        /// The execution finished (or the task timed out) before an answer came.
        case closed = "CLOSED"
    }

    /// The token.
    public var token: String
    /// The execution waiting for it.
    public var executionArn: String
    /// The Task state that created it.
    public var stateName: String
    /// The history event of the task it belongs to (the engine passes its state's `TaskStateEntered` event, since
    /// the token is issued before `TaskScheduled`, whose parameters hold it).
    public var eventId: Int
    /// Where it stands.
    public var status: Status
    /// The output sent with `SendTaskSuccess`.
    public var output: JSONValue?
    /// The error sent with `SendTaskFailure`.
    public var error: String?
    /// The cause sent with `SendTaskFailure`.
    public var cause: String?
    /// When it was created.
    public var creationDate: Date
    /// The last heartbeat, if any.
    public var heartbeatDate: Date?
    /// Identifies the task attempt within its execution, so a resumed execution finds the token again (see
    /// ``Store/issueTaskToken(executionArn:stepKey:stateName:eventId:)``); nil for tokens made without one.
    public var stepKey: String? = nil
    /// What the task's resource returned when it was invoked with the token (`TaskSubmitted`); nil until then.
    public var submittedOutput: JSONValue? = nil
}

/// The answer to a task token.
public enum TaskTokenResult: Sendable, Hashable {
    /// `SendTaskSuccess` with its output.
    case success(JSONValue)
    /// `SendTaskFailure` with its error and cause.
    case failure(error: String?, cause: String?)
}

/// A schedule as the store keeps it; the firing logic lives in the `Scheduling` module.
public struct ScheduleRecord: Sendable, Hashable {
    /// Its name, unique in the store.
    public var name: String
    /// The EventBridge expression: `rate(5 minutes)`, `cron(0 3 * * ? *)`, `at(…)`.
    public var expression: String
    /// The IANA time zone the expression is read in.
    public var timezone: String
    /// The state machine each run starts.
    public var stateMachineArn: String
    /// The input of each run.
    public var input: JSONValue
    /// The overlap policy's name (`skip`, `bufferOne`, `bufferAll`, `allowAll`).
    public var overlap: String
    /// The last time it fired, if ever.
    public var lastFired: Date?
    /// When it was created or last replaced.
    public var updateDate: Date
}

/// One page of a listing, with the token for the next page.
public struct StorePage<Item: Sendable & Hashable>: Sendable, Hashable {
    /// The items on this page.
    public var items: [Item]
    /// Pass this as `nextToken` for the next page; `nil` on the last page.
    public var nextToken: String?
}
