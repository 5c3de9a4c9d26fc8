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
    public var accountID: String
    /// `$$.Execution.RoleArn`.
    public var roleARN: String
    /// Where tasks run.
    public var tasks: TaskRegistry
    /// Time and waiting.
    public var clock: any ExecutionClock
    /// Whether to keep the history events.
    public var recordsHistory: Bool

    public init(executionName: String = UUID().uuidString.lowercased(), stateMachineName: String = "ferry",
                region: String = "us-east-1", accountID: String = "123456789012",
                roleARN: String = "arn:aws:iam::123456789012:role/ferry", tasks: TaskRegistry = TaskRegistry(),
                clock: any ExecutionClock = SystemExecutionClock(), recordsHistory: Bool = false)
    {
        self.executionName = executionName
        self.stateMachineName = stateMachineName
        self.region = region
        self.accountID = accountID
        self.roleARN = roleARN
        self.tasks = tasks
        self.clock = clock
        self.recordsHistory = recordsHistory
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
    public static func run(_ machine: StateMachine, input: JSONValue, configuration: ExecutionConfiguration) async
        -> ExecutionResult
    {
        let run = ExecutionRun(machine: machine, input: input, configuration: configuration)
        return await run.start()
    }
}
