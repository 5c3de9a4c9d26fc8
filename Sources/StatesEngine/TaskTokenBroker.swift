public import JSONValue

/// Where `.waitForTaskToken` tasks get their task tokens, and how they wait for the answer.
///
/// A Task state whose `Resource` ends in `.waitForTaskToken` (the callback pattern) runs like this:
///
/// 1. The engine asks the broker for a token with ``issue(_:)``, once per attempt (a retry gets a new token).
/// 2. The token is `$$.Task.Token` while `Parameters`/`Arguments` are evaluated and in the context the task handler
///    receives; `TaskScheduled` and `TaskStarted` are recorded.
/// 3. Unless the token says it was already submitted (``IssuedTaskToken/submittedOutput``), the engine invokes the
///    resource without the suffix (`arn:aws:states:::sqs:sendMessage` for `...sendMessage.waitForTaskToken`), hands
///    its result to ``submitted(_:output:)`` and records `TaskSubmitted` with it.
/// 4. The engine waits with ``wait(for:timeoutSeconds:heartbeatSeconds:)``: `SendTaskSuccess` makes the sent
///    output the task's result (`TaskSucceeded`); `SendTaskFailure` fails the task with the sent error and cause
///    (`TaskFailed`; Retry and Catch apply); a missed heartbeat or the task's timeout fail it with
///    `States.HeartbeatTimeout` / `States.Timeout` (`TaskTimedOut`).
///
/// Durable executions resume after a crash by running the in-flight Task state again. A broker that keeps tokens
/// durably should look tokens up by ``TaskTokenRequest/key`` and hand back the token it issued before, with the
/// output the resource returned then, so the resumed task waits for the same token without invoking the resource a
/// second time (the party holding the token can still answer it). `ferry serve` uses a broker backed by its state
/// store.
///
/// Without a broker (``ExecutionConfiguration/taskTokens`` is nil), a `.waitForTaskToken` task fails with
/// `States.Runtime`.
///
/// Concurrency: the engine calls the broker from many tasks at once (Map iterations, Parallel branches). Cancelling
/// ``wait(for:timeoutSeconds:heartbeatSeconds:)`` (the execution is stopped, the engine's own timeout fired) must
/// make it return promptly, throwing `CancellationError`; a cancelled wait must leave the token waiting, since a
/// stopped process resumes it later.
public protocol TaskTokenBroker: Sendable {
    /// Issues the token of one attempt of a `.waitForTaskToken` task, or hands back the one issued for the same
    /// ``TaskTokenRequest/key`` before (after a resumption).
    ///
    /// - Parameter request: Which execution, state and attempt the token is for.
    /// - Returns: The token, and what the resource returned when it was submitted before.
    /// - Throws: Any error; the task fails with `States.Runtime` (not retried or caught).
    func issue(_ request: TaskTokenRequest) async throws -> IssuedTaskToken

    /// Records that the underlying resource was invoked with the token and returned `output`.
    ///
    /// - Parameters:
    ///   - token: The token.
    ///   - output: What the resource returned (recorded in `TaskSubmitted`).
    /// - Throws: Any error; the task fails with `States.Runtime`.
    func submitted(_ token: IssuedTaskToken, output: JSONValue) async throws

    /// Waits until the token is answered, or until a limit passes.
    ///
    /// - Parameters:
    ///   - token: The token.
    ///   - timeoutSeconds: The Task state's `TimeoutSeconds`, counted from when the token was first issued; nil for
    ///     none. The engine enforces it too, from when this attempt started.
    ///   - heartbeatSeconds: The Task state's `HeartbeatSeconds`: the task times out when no `SendTaskHeartbeat`
    ///     (and no answer) arrives for this long after the token was issued or last heartbeat; nil for none.
    /// - Returns: How the wait ended.
    /// - Throws: `CancellationError` when cancelled (the token stays waiting); any other error fails the task with
    ///   `States.Runtime`.
    func wait(for token: IssuedTaskToken, timeoutSeconds: Int?, heartbeatSeconds: Int?) async throws
        -> TaskTokenOutcome

    /// Closes a token the engine stopped waiting for (its task timed out or failed before it was submitted), so
    /// later answers get `TaskTimedOut`. Errors are the broker's to log.
    ///
    /// - Parameter token: The token.
    func close(_ token: IssuedTaskToken) async
}

/// What a `.waitForTaskToken` task asks of a ``TaskTokenBroker``.
public struct TaskTokenRequest: Sendable, Hashable {
    /// The execution's ARN (`$$.Execution.Id`).
    public var executionARN: String
    /// The Task state's name.
    public var stateName: String
    /// Where the task runs: the state's ``Checkpoint/key`` in durable runs (the same in every run of the same
    /// definition and data), else the state's name and its `TaskStateEntered` event id.
    public var stepKey: String
    /// The attempt: 0, then one more for each retry (`$$.State.RetryCount`).
    public var attempt: Int
    /// `$$.Execution.RedriveCount`: a redriven execution gets new tokens.
    public var redriveCount: Int
    /// The id of the state's `TaskStateEntered` event.
    public var enteredEventID: Int

    /// Creates a request.
    ///
    /// - Parameters:
    ///   - executionARN: The execution's ARN.
    ///   - stateName: The Task state's name.
    ///   - stepKey: Where the task runs.
    ///   - attempt: The attempt number (0 first).
    ///   - redriveCount: How often the execution was redriven.
    ///   - enteredEventID: The state's `TaskStateEntered` event id.
    public init(executionARN: String, stateName: String, stepKey: String, attempt: Int, redriveCount: Int = 0,
                enteredEventID: Int)
    {
        self.executionARN = executionARN
        self.stateName = stateName
        self.stepKey = stepKey
        self.attempt = attempt
        self.redriveCount = redriveCount
        self.enteredEventID = enteredEventID
    }

    /// Identifies the token within the execution, stable across resumptions: `R/STEP/ATTEMPT`, e.g. `0/Approve#1/0`.
    public var key: String { "\(redriveCount)/\(stepKey)/\(attempt)" }
}

/// A token handed out by a ``TaskTokenBroker``.
public struct IssuedTaskToken: Sendable, Hashable {
    /// The token (`$$.Task.Token`), 1 to 1024 characters.
    public var token: String
    /// What the underlying resource returned when it was invoked with this token in an earlier run; nil when it was
    /// not (yet) invoked. When set, the engine does not invoke the resource again.
    public var submittedOutput: JSONValue?

    /// Creates an issued token.
    ///
    /// - Parameters:
    ///   - token: The token.
    ///   - submittedOutput: The underlying resource's result from an earlier run, or nil.
    public init(token: String, submittedOutput: JSONValue? = nil) {
        self.token = token
        self.submittedOutput = submittedOutput
    }
}

/// How waiting for a task token ended.
public enum TaskTokenOutcome: Sendable, Hashable {
    /// `SendTaskSuccess`: the output becomes the task's result.
    case success(JSONValue)
    /// `SendTaskFailure`: the task fails with this error and cause (either may be absent).
    case failure(error: String?, cause: String?)
    /// No heartbeat within `HeartbeatSeconds`: the task fails with `States.HeartbeatTimeout`.
    case heartbeatTimedOut
    /// `TimeoutSeconds` passed: the task fails with `States.Timeout`.
    case timedOut
}
