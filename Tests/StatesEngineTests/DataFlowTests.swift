import Foundation
import JSONValue
import StatesEngine
import StatesLanguage
import Testing

/// Pass and Succeed, AWS's input/output processing order, and the context object.
@Suite struct DataFlowTests {
    @Test(.timeLimit(.minutes(1))) func passWithoutFieldsPassesItsInputThrough() async throws {
        let result = try await execute(chain(#""S": {"Type": "Pass", "End": true}"#), input: ["a": [1, 2]])
        #expect(result.status == .succeeded)
        #expect(result.output == ["a": [1, 2]])
        #expect(result.error == nil)
    }

    @Test(.timeLimit(.minutes(1))) func passResultGoesThroughResultPath() async throws {
        let result = try await execute(chain(#""S": {"Type": "Pass", "Result": {"x": 1}, "ResultPath": "$.r.s", "End": true}"#),
                                       input: ["keep": true])
        #expect(result.output == ["keep": true, "r": ["s": ["x": 1]]])
    }

    @Test(.timeLimit(.minutes(1))) func passParametersUseEffectiveInputAndIntrinsics() async throws {
        let result = try await execute(chain(#"""
            "S": {"Type": "Pass", "InputPath": "$.inner",
                  "Parameters": {"sum.$": "States.MathAdd($.a, $.b)", "fixed": "f", "greeting.$": "States.Format('hi {}', $.name)"},
                  "End": true}
            """#), input: ["inner": ["a": 2, "b": 3, "name": "bob"]])
        #expect(result.output == ["sum": 5, "fixed": "f", "greeting": "hi bob"])
    }

    /// InputPath → Parameters → task → ResultSelector → ResultPath (into the raw input) → OutputPath.
    @Test(.timeLimit(.minutes(1))) func taskProcessesInputAndOutputInAWSOrder() async throws {
        let log = CallLog()
        let clock = VirtualExecutionClock(start: epoch)
        let task = ScriptedTask(log: log, clock: clock, failures: [], result: ["payload": ["value": 42], "noise": "n"])
        let result = try await execute(chain(#"""
            "S": {"Type": "Task", "Resource": "arn:aws:states:::test:task",
                  "InputPath": "$.args",
                  "Parameters": {"x.$": "$.x", "constant": 7},
                  "ResultSelector": {"v.$": "$.payload.value"},
                  "ResultPath": "$.args.result",
                  "OutputPath": "$.args",
                  "End": true}
            """#), input: ["args": ["x": 1, "y": 2], "other": "dropped"], tasks: ["arn:aws:states:::test:task": task], clock: clock)
        #expect(log.requests.map(\.input) == [["x": 1, "constant": 7]])
        #expect(log.requests.first?.resource == "arn:aws:states:::test:task")
        #expect(log.requests.first?.stateName == "S")
        #expect(result.status == .succeeded)
        #expect(result.output == ["x": 1, "y": 2, "result": ["v": 42]])
    }

    @Test(.timeLimit(.minutes(1))) func resultPathNullKeepsTheInputAndOutputPathNullGivesEmptyObject() async throws {
        let kept = try await execute(chain(#""S": {"Type": "Pass", "Result": 1, "ResultPath": null, "End": true}"#), input: ["a": 1])
        #expect(kept.output == ["a": 1])
        let emptied = try await execute(chain(#""S": {"Type": "Pass", "Result": 1, "OutputPath": null, "End": true}"#), input: ["a": 1])
        #expect(emptied.output == [:])
        let inputNull = try await execute(chain(#""S": {"Type": "Pass", "InputPath": null, "Parameters": {"n.$": "States.JsonToString($)"}, "End": true}"#),
                                          input: ["a": 1])
        #expect(inputNull.output == ["n": "{}"])
    }

    @Test(.timeLimit(.minutes(1))) func resultPathDollarReplacesTheInput() async throws {
        let result = try await execute(chain(#""S": {"Type": "Pass", "Result": {"r": 1}, "ResultPath": "$", "End": true}"#), input: ["a": 1])
        #expect(result.output == ["r": 1])
    }

    @Test(.timeLimit(.minutes(1))) func succeedAppliesInputPathAndOutputPath() async throws {
        let result = try await execute(chain(#""S": {"Type": "Succeed", "InputPath": "$.a", "OutputPath": "$.b"}"#),
                                       input: ["a": ["b": ["c": 1]], "z": 0])
        #expect(result.status == .succeeded)
        #expect(result.output == ["c": 1])
    }

    @Test(.timeLimit(.minutes(1))) func statesRunInOrderFollowingNext() async throws {
        let result = try await execute(chain(#"""
            "S": {"Type": "Pass", "Result": ["first"], "ResultPath": "$.trail", "Next": "T"},
            "T": {"Type": "Pass", "Parameters": {"trail.$": "States.Array($.trail[0], 'second')"}, "Next": "U"},
            "U": {"Type": "Succeed"}
            """#))
        #expect(result.output == ["trail": ["first", "second"]])
    }

    /// A path that selects nothing is `States.Runtime`, worded with the state and its entered event, and it is
    /// reported even without history.
    @Test(.timeLimit(.minutes(1)), arguments: [false, true])
    func missingInputPathIsRuntimeError(history: Bool) async throws {
        let result = try await execute(chain(#"""
            "P": {"Type": "Pass", "Next": "S"},
            "S": {"Type": "Pass", "InputPath": "$.missing", "End": true}
            """#, startAt: "P"), input: ["a": 1], history: history)
        #expect(result.status == .failed)
        #expect(result.error == "States.Runtime")
        #expect(result.cause?.hasPrefix("An error occurred while executing the state 'S' (entered at the event id #4).") == true,
                "\(result.cause ?? "nil")")
        #expect(result.cause?.contains("$.missing") == true)
    }

    @Test(.timeLimit(.minutes(1))) func missingParametersPathIsRuntimeError() async throws {
        let result = try await execute(chain(#""S": {"Type": "Pass", "Parameters": {"v.$": "$.nope"}, "End": true}"#), input: ["a": 1])
        #expect(result.error == "States.Runtime")
        #expect(result.cause?.contains("'S'") == true)
    }

    @Test(.timeLimit(.minutes(1))) func intrinsicFailureIsReported() async throws {
        let result = try await execute(chain(#""S": {"Type": "Pass", "Parameters": {"v.$": "States.StringToJson($.s)"}, "End": true}"#),
                                       input: ["s": "{not json"])
        #expect(result.status == .failed)
        #expect(result.error == "States.IntrinsicFailure" || result.error == "States.Runtime", "\(result.error ?? "nil")")
    }

    // MARK: - Context object

    @Test(.timeLimit(.minutes(1))) func contextObjectHasExecutionStateMachineAndStateFields() async throws {
        let result = try await execute(chain(#"""
            "S": {"Type": "Pass", "Parameters": {"ctx.$": "$$"}, "End": true}
            """#), input: ["in": 1], name: "exec-1")
        let ctx = try #require(result.output?["ctx"])
        #expect(ctx["Execution"]?["Id"] == "arn:aws:states:us-east-1:123456789012:execution:TestMachine:exec-1")
        #expect(ctx["Execution"]?["Name"] == "exec-1")
        #expect(ctx["Execution"]?["Input"] == ["in": 1])
        #expect(ctx["Execution"]?["StartTime"] == "2023-11-14T22:13:20.000Z")
        #expect(ctx["Execution"]?["RoleArn"] == "arn:aws:iam::123456789012:role/ferry")
        #expect(ctx["StateMachine"]?["Id"] == "arn:aws:states:us-east-1:123456789012:stateMachine:TestMachine")
        #expect(ctx["StateMachine"]?["Name"] == "TestMachine")
        #expect(ctx["State"]?["Name"] == "S")
        #expect(ctx["State"]?["EnteredTime"] == "2023-11-14T22:13:20.000Z")
        #expect(ctx["Map"] == nil)
    }

    @Test(.timeLimit(.minutes(1))) func contextEnteredTimeFollowsTheVirtualClock() async throws {
        let result = try await execute(chain(#"""
            "W": {"Type": "Wait", "Seconds": 90, "Next": "S"},
            "S": {"Type": "Pass", "Parameters": {"entered.$": "$$.State.EnteredTime", "started.$": "$$.Execution.StartTime"}, "End": true}
            """#, startAt: "W"))
        #expect(result.output == ["entered": "2023-11-14T22:14:50.000Z", "started": "2023-11-14T22:13:20.000Z"])
    }

    @Test(.timeLimit(.minutes(1))) func taskSeesContextWithRetryCount() async throws {
        let log = CallLog()
        let clock = VirtualExecutionClock(start: epoch)
        let task = ScriptedTask(log: log, clock: clock, failures: [StatesError(error: "Flaky", cause: "")])
        let result = try await execute(chain(#"""
            "S": {"Type": "Task", "Resource": "arn:aws:states:::test:task",
                  "Parameters": {"retry.$": "$$.State.RetryCount", "name.$": "$$.State.Name"},
                  "Retry": [{"ErrorEquals": ["Flaky"], "IntervalSeconds": 1}], "End": true}
            """#), tasks: ["arn:aws:states:::test:task": task], clock: clock)
        #expect(result.status == .succeeded)
        #expect(log.requests.map(\.input) == [["retry": 0, "name": "S"], ["retry": 1, "name": "S"]])
        #expect(log.requests.last?.context["State"]?["RetryCount"] == 1)
        #expect(log.requests.last?.context["Execution"]?["Name"] == "test-execution")
    }
}
