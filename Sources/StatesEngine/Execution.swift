public import Foundation
public import JSONValue
public import StatesLanguage

/// How one execution runs: its names, its clock, its tasks, whether it keeps a history.
public struct ExecutionConfiguration: Sendable {
    /// The execution's name (`$$.Execution.Name`); a UUID by default.
    public var executionName: String
    /// The state machine's name (`$$.StateMachine.Name`).
    public var stateMachineName: String
    /// Region and account used to build ARNs (`$$.Execution.Id`, Lambda function ARNs).
    public var region: String
    /// The account of the ARNs (see ``region``).
    public var accountID: String
    /// `$$.Execution.RoleArn`.
    public var roleARN: String
    /// Where tasks run.
    public var tasks: TaskRegistry
    /// Time and waiting.
    public var clock: any ExecutionClock
    /// Whether to keep the history events.
    public var recordsHistory: Bool
    /// Where a durable execution commits its history events and checkpoints; nil (the default) for an execution
    /// that keeps its progress in memory only.
    ///
    /// See ``ExecutionJournal`` and ``Executor/runDurably(_:input:configuration:)``.
    public var journal: (any ExecutionJournal)?
    /// The progress of an earlier run to continue from (after a crash, or to redrive a failed execution); nil (the
    /// default) to start from the beginning.
    ///
    /// History ids continue after ``Resumption/lastEventID`` and no `ExecutionStarted` event is recorded.
    public var resumption: Resumption?
    /// Where `.waitForTaskToken` tasks get their task tokens and wait for `SendTaskSuccess`/`SendTaskFailure`; nil
    /// (the default): such tasks fail with `States.Runtime`, since only a server (`ferry serve`) can receive the
    /// answers.
    ///
    /// See ``TaskTokenBroker``.
    public var taskTokens: (any TaskTokenBroker)?

    /// Creates a configuration; every parameter has a default.
    ///
    /// - Parameters:
    ///   - executionName: `$$.Execution.Name`; a lowercase UUID by default.
    ///   - stateMachineName: `$$.StateMachine.Name`.
    ///   - region: The region of the ARNs.
    ///   - accountID: The account of the ARNs.
    ///   - roleARN: `$$.Execution.RoleArn`.
    ///   - tasks: Where tasks run.
    ///   - clock: Time and waiting.
    ///   - recordsHistory: Whether ``ExecutionResult/events`` holds the history.
    ///   - journal: Where a durable execution commits its progress (nil: not durable).
    ///   - resumption: The earlier run to continue from (nil: start from the beginning).
    ///   - taskTokens: Where `.waitForTaskToken` tasks get and wait for their tokens (nil: they fail).
    public init(executionName: String = UUID().uuidString.lowercased(), stateMachineName: String = "ferry",
                region: String = "us-east-1", accountID: String = "123456789012",
                roleARN: String = "arn:aws:iam::123456789012:role/ferry", tasks: TaskRegistry = TaskRegistry(),
                clock: any ExecutionClock = SystemExecutionClock(), recordsHistory: Bool = false,
                journal: (any ExecutionJournal)? = nil, resumption: Resumption? = nil,
                taskTokens: (any TaskTokenBroker)? = nil)
    {
        self.executionName = executionName
        self.stateMachineName = stateMachineName
        self.region = region
        self.accountID = accountID
        self.roleARN = roleARN
        self.tasks = tasks
        self.clock = clock
        self.recordsHistory = recordsHistory
        self.journal = journal
        self.resumption = resumption
        self.taskTokens = taskTokens
    }

    var stateMachineARN: String { "arn:aws:states:\(region):\(accountID):stateMachine:\(stateMachineName)" }
    var executionARN: String { "arn:aws:states:\(region):\(accountID):execution:\(stateMachineName):\(executionName)" }
}

/// How an execution ended.
public struct ExecutionResult: Sendable {
    /// AWS's terminal execution statuses.
    public enum Status: String, Sendable {
        case succeeded = "SUCCEEDED"
        case failed = "FAILED"
        case timedOut = "TIMED_OUT"
        case aborted = "ABORTED"
    }

    /// How the execution ended.
    public var status: Status
    /// The final output, when the execution succeeded.
    public var output: JSONValue?
    /// The error name and cause, otherwise.
    public var error: String?
    public var cause: String?
    /// The history, when it was recorded.
    public var events: [HistoryEvent]

    /// The shape `ferry execute` prints: `{"status", "output"}` or `{"status", "error", "cause"}`.
    public func json(includingHistory: Bool = false) -> JSONValue {
        var object: JSONObject = ["status": .string(status.rawValue)]
        if status == .succeeded {
            object["output"] = output ?? .null
        } else {
            object["error"] = error.map { .string($0) } ?? .null
            object["cause"] = cause.map { .string($0) } ?? .null
        }
        if includingHistory {
            object["events"] = .array(events.map { $0.json() })
        }
        return .object(object)
    }
}

/// Runs state machines.
public enum Executor {
    /// Runs `machine` on `input` to a terminal state.
    ///
    /// Cancelling the calling task stops the execution (status ABORTED).
    ///
    /// > Note: With a ``ExecutionConfiguration/journal``, use ``runDurably(_:input:configuration:)``, which throws
    /// > when a commit fails. This method cannot tell that apart from a stop: it returns status ABORTED with the
    /// > error `Ferry.JournalFailed` (and the ``JournalError`` description as the cause), but records and commits no
    /// > terminal event, so the journal still shows the execution as unfinished.
    public static func run(_ machine: StateMachine, input: JSONValue, configuration: ExecutionConfiguration) async
        -> ExecutionResult
    {
        let run = ExecutionRun(machine: machine, input: input, configuration: configuration)
        do {
            return try await run.start()
        } catch {
            return ExecutionResult(status: .aborted, error: "Ferry.JournalFailed", cause: error.description,
                                   events: run.recorder.all)
        }
    }

    /// Runs `machine` on `input` to a terminal state, committing its progress to the configuration's journal, or
    /// continues it from the configuration's resumption.
    ///
    /// Every state's entry is committed before the state's logic runs, and its exit with its ``Checkpoint`` before
    /// the next state starts; finished Map iterations and Parallel branches get checkpoints too, and the terminal
    /// event is committed before this method returns. With a ``ExecutionConfiguration/resumption``, states,
    /// iterations and branches with a checkpoint are not run again (see ``Resumption``). Without a journal it
    /// behaves like ``run(_:input:configuration:)``.
    ///
    /// Cancelling the calling task stops the execution (status ABORTED, committed like any terminal event).
    ///
    /// - Parameters:
    ///   - machine: The validated state machine.
    ///   - input: The execution input (`$$.Execution.Input`).
    ///   - configuration: The execution's settings, with its ``ExecutionConfiguration/journal`` and, to continue an
    ///     earlier run, its ``ExecutionConfiguration/resumption``.
    /// - Returns: How the execution ended; ``ExecutionResult/events`` holds this run's events when
    ///   ``ExecutionConfiguration/recordsHistory`` is set (after a resumption, only the new ones).
    /// - Throws: ``JournalError`` when a commit failed. Every thread of control was stopped, no terminal event was
    ///   recorded, and nothing after the failing commit reached the journal: resume from what it committed.
    public static func runDurably(_ machine: StateMachine, input: JSONValue, configuration: ExecutionConfiguration)
        async throws -> ExecutionResult
    {
        let run = ExecutionRun(machine: machine, input: input, configuration: configuration)
        return try await run.start()
    }
}
