import Foundation
import JSONValue
import StatesEngine
import StatesLanguage
import Testing

/// Task dispatch, Lambda shapes, task timeouts, the machine-level timeout and aborting.
@Suite struct TaskTests {
    static let resource = "arn:aws:states:::test:task"

    static func taskMachine(_ fields: String = "", resource: String = resource) -> String {
        chain(#""T": {"Type": "Task", "Resource": "\#(resource)", \#(fields) "End": true}"#, startAt: "T")
    }

    @Test(.timeLimit(.minutes(1))) func taskResultBecomesTheOutput() async throws {
        let result = try await execute(Self.taskMachine(), input: ["a": 1], tasks: [Self.resource: FakeTask { ["got": $0.input] }])
        #expect(result.status == .succeeded)
        #expect(result.output == ["got": ["a": 1]])
    }

    @Test(.timeLimit(.minutes(1))) func globPatternsResolveResources() async throws {
        let result = try await execute(Self.taskMachine(resource: "arn:aws:states:::batch:submitJob"),
                                       tasks: ["arn:aws:states:::batch:*": FakeTask(returning: "glob"),
                                               "arn:aws:states:::other": FakeTask(returning: "wrong")])
        #expect(result.output == "glob")
    }

    @Test(.timeLimit(.minutes(1))) func registryPrefersExactMatchThenFirstPattern() async throws {
        var registry = TaskRegistry()
        registry.register("a:*", FakeTask(returning: 1))
        registry.register("a:b*", FakeTask(returning: 2))
        registry.register("a:bc", FakeTask(returning: 3))
        func answer(_ resource: String) async throws -> JSONValue? {
            try await registry.handler(for: resource)?.invoke(TaskRequest(resource: resource, input: [:], stateName: "S", context: [:]))
        }
        #expect(try await answer("a:bc") == 3)
        #expect(try await answer("a:bd") == 1)  // patterns in the order they were added
        #expect(try await answer("a:") == 1)
        #expect(try await answer("b:x") == nil)
    }

    @Test(.timeLimit(.minutes(1))) func unmappedResourceFailsWithAClearRuntimeError() async throws {
        let result = try await execute(Self.taskMachine(resource: "arn:aws:states:::dynamodb:getItem"))
        #expect(result.status == .failed)
        #expect(result.error == "States.Runtime")
        #expect(result.cause?.contains("arn:aws:states:::dynamodb:getItem") == true)
    }

    @Test(.timeLimit(.minutes(1))) func taskErrorNameAndCausePropagate() async throws {
        let result = try await execute(Self.taskMachine(), tasks: [Self.resource: FakeTask(failing: "Custom.Error", cause: "why")])
        #expect(result.status == .failed)
        #expect(result.error == "Custom.Error")
        #expect(result.cause == "why")
    }

    // MARK: - Lambda

    static let functionARN = "arn:aws:lambda:us-east-1:123456789012:function:echo"

    @Test(.timeLimit(.minutes(1))) func lambdaFunctionARNPassesInputAndResultStraightThrough() async throws {
        let result = try await execute(Self.taskMachine(resource: Self.functionARN), input: ["x": 1],
                                       tasks: [Self.functionARN: FakeTask { ["echo": $0.input] }])
        #expect(result.output == ["echo": ["x": 1]])
    }

    @Test(.timeLimit(.minutes(1)), arguments: ["echo", "arn:aws:lambda:us-east-1:123456789012:function:echo"])
    func lambdaInvokeWrapsTheResultAndTakesPayload(functionName: String) async throws {
        let log = CallLog()
        let clock = VirtualExecutionClock(start: epoch)
        let result = try await execute(
            Self.taskMachine(#""Parameters": {"FunctionName": "\#(functionName)", "Payload": {"p.$": "$.v"}},"#,
                             resource: "arn:aws:states:::lambda:invoke"),
            input: ["v": 5], tasks: [Self.functionARN: ScriptedTask(log: log, clock: clock, failures: [], result: ["r": 1])], clock: clock)
        #expect(result.status == .succeeded)
        #expect(log.requests.map(\.input) == [["p": 5]])
        #expect(result.output?["Payload"] == ["r": 1])
        #expect(result.output?["StatusCode"] == 200)
        #expect(result.output?["ExecutedVersion"] == "$LATEST")
    }

    @Test(.timeLimit(.minutes(1))) func lambdaWithoutMappingFailsWithResourceNotFound() async throws {
        let missing = "arn:aws:lambda:us-east-1:123456789012:function:nope"
        let result = try await execute(Self.taskMachine(resource: missing))
        #expect(result.status == .failed)
        #expect(result.error == "Lambda.ResourceNotFoundException")
        #expect(result.cause?.contains("Function not found: \(missing)") == true)
        let invoke = try await execute(Self.taskMachine(#""Parameters": {"FunctionName": "nope"},"#, resource: "arn:aws:states:::lambda:invoke"))
        #expect(invoke.error == "Lambda.ResourceNotFoundException")
        #expect(invoke.cause?.contains(missing) == true)
    }

    @Test(.timeLimit(.minutes(1))) func resourceNotFoundIsCatchableAsTaskFailed() async throws {
        let result = try await execute(chain(#"""
            "T": {"Type": "Task", "Resource": "arn:aws:lambda:us-east-1:123456789012:function:nope",
                  "Catch": [{"ErrorEquals": ["States.TaskFailed"], "Next": "C"}], "End": true},
            "C": {"Type": "Pass", "End": true}
            """#, startAt: "T"))
        #expect(result.status == .succeeded)
        #expect(result.output?["Error"] == "Lambda.ResourceNotFoundException")
    }

    @Test(.timeLimit(.minutes(1))) func dataLimitExceededFromAHandlerUsesAWSWording() async throws {
        let result = try await execute(Self.taskMachine(),
                                       tasks: [Self.resource: FakeTask(failing: "States.DataLimitExceeded", cause: "too big")])
        #expect(result.error == "States.DataLimitExceeded")
        #expect(result.cause == "The state/task '\(Self.resource)' returned a result with a size exceeding the maximum number of bytes service limit.")
    }

    // MARK: - Timeouts (task timeouts run on the real clock, so keep them at 1 s)

    @Test(.timeLimit(.minutes(1)), arguments: [#""TimeoutSeconds": 1,"#, #""TimeoutSecondsPath": "$.t","#])
    func hangingTaskTimesOut(field: String) async throws {
        let task = HangingTask()
        let result = try await execute(Self.taskMachine(field), input: ["t": 1], tasks: [Self.resource: task])
        #expect(result.status == .failed)
        #expect(result.error == "States.Timeout")
        #expect(task.cancelled.isSet, "the timed-out task was not cancelled")
    }

    @Test(.timeLimit(.minutes(1))) func timeoutIsCatchableAndRetriable() async throws {
        let task = HangingTask()
        let result = try await execute(chain(#"""
            "T": {"Type": "Task", "Resource": "\#(Self.resource)", "TimeoutSeconds": 1,
                  "Retry": [{"ErrorEquals": ["States.Timeout"], "MaxAttempts": 1, "IntervalSeconds": 5}],
                  "Catch": [{"ErrorEquals": ["States.Timeout"], "ResultPath": "$.err", "Next": "C"}], "End": true},
            "C": {"Type": "Pass", "End": true}
            """#, startAt: "T"), input: ["in": 1], tasks: [Self.resource: task])
        #expect(result.status == .succeeded)
        #expect(result.output?["err"]?["Error"] == "States.Timeout")
        #expect(result.output?["in"] == 1)
    }

    @Test(.timeLimit(.minutes(1)), arguments: [(0 as JSONValue), -3, "5", 1.5])
    func invalidTimeoutSecondsPathIsRuntimeError(value: JSONValue) async throws {
        let result = try await execute(Self.taskMachine(#""TimeoutSecondsPath": "$.t","#), input: ["t": value],
                                       tasks: [Self.resource: FakeTask(returning: 1)])
        #expect(result.status == .failed)
        #expect(result.error == "States.Runtime")
    }

    @Test(.timeLimit(.minutes(1))) func fastTaskWithinTimeoutSucceeds() async throws {
        let result = try await execute(Self.taskMachine(#""TimeoutSeconds": 30,"#), tasks: [Self.resource: FakeTask(returning: "ok")])
        #expect(result.output == "ok")
    }

    @Test(.timeLimit(.minutes(1))) func machineTimeoutEndsTheExecutionAsTimedOut() async throws {
        let task = HangingTask()
        let result = try await execute(#"""
            {"StartAt": "T", "TimeoutSeconds": 1, "States": {"T": {"Type": "Task", "Resource": "\#(Self.resource)", "End": true}}}
            """#, tasks: [Self.resource: task], history: true)
        #expect(result.status == .timedOut)
        #expect(result.error == "States.Timeout")
        #expect(result.output == nil)
        #expect(result.json()["status"] == "TIMED_OUT")
        #expect(task.cancelled.isSet)
        #expect(result.eventTypes.last == "ExecutionTimedOut")
    }

    @Test(.timeLimit(.minutes(1))) func machineTimeoutIsNotCaughtByStatesALL() async throws {
        let result = try await execute(#"""
            {"StartAt": "T", "TimeoutSeconds": 1, "States": {
              "T": {"Type": "Task", "Resource": "\#(Self.resource)",
                    "Catch": [{"ErrorEquals": ["States.ALL"], "Next": "C"}], "End": true},
              "C": {"Type": "Pass", "End": true}}}
            """#, tasks: [Self.resource: HangingTask()])
        #expect(result.status == .timedOut)
    }

    @Test(.timeLimit(.minutes(1))) func cancellingTheCallerAbortsTheExecution() async throws {
        let task = HangingTask(started: Signal())
        let running = Task { try await execute(Self.taskMachine(), tasks: [Self.resource: task]) }
        await task.started?.wait()
        running.cancel()
        let result = try await running.value
        #expect(task.cancelled.isSet)
        // A handler can only throw StatesError, so it reports its cancellation as a task failure (ProcessTaskHandler
        // throws States.TaskFailed "The task was cancelled"); the engine takes that for the state's error.
        #expect(result.status == .aborted)
        #expect(result.json()["status"] == "ABORTED")

    }

    @Test(.timeLimit(.minutes(1))) func cancellingTheCallerBetweenStatesAborts() async throws {
        let started = Signal()
        let release = Signal()
        // The task ignores cancellation and returns once released, so the engine sees the cancellation at the next state.
        struct StubbornTask: TaskHandler {
            let started: Signal, release: Signal
            func invoke(_ request: TaskRequest) async throws(StatesError) -> JSONValue {
                started.fire()
                await release.wait()
                return "done"
            }
        }
        let running = Task {
            try await execute(chain(#"""
                "T": {"Type": "Task", "Resource": "\#(Self.resource)", "Next": "After"},
                "After": {"Type": "Pass", "End": true}
                """#, startAt: "T"), tasks: [Self.resource: StubbornTask(started: started, release: release)], history: true)
        }
        await started.wait()
        running.cancel()
        release.fire()
        let result = try await running.value
        #expect(result.status == .aborted)
        #expect(result.eventTypes.last == "ExecutionAborted")
        #expect(!result.eventTypes.contains("PassStateEntered"))
    }

    /// `HeartbeatSeconds` should fail a task that goes quiet for longer with `States.HeartbeatTimeout`.
    @Test(.timeLimit(.minutes(1))) func heartbeatSecondsFailsAQuietTask() async throws {
        let task = HangingTask(limit: .milliseconds(2500))
        let result = try await execute(Self.taskMachine(#""HeartbeatSeconds": 1, "TimeoutSeconds": 5,"#), tasks: [Self.resource: task])
        #expect(result.error == "States.HeartbeatTimeout")

    }
}
