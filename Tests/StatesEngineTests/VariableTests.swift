import Foundation
import JSONValue
import StatesEngine
import StatesLanguage
import Testing

/// Workflow variables: Assign, `$name` references, evaluation order and Parallel/Map scoping.
@Suite struct VariableTests {
    @Test(.timeLimit(.minutes(1))) func assignedVariablesAreVisibleToLaterStates() async throws {
        let result = try await execute(chain(#"""
            "A": {"Type": "Pass", "Assign": {"x": 1, "obj": {"k": "v"}, "fromInput.$": "$.in"}, "Next": "B"},
            "B": {"Type": "Pass", "Parameters": {"x.$": "$x", "k.$": "$obj.k", "in.$": "$fromInput"}, "End": true}
            """#, startAt: "A"), input: ["in": "given"])
        #expect(result.output == ["x": 1, "k": "v", "in": "given"])
    }

    @Test(.timeLimit(.minutes(1))) func assignInOneStateSeesValuesFromBeforeTheState() async throws {
        let result = try await execute(chain(#"""
            "A": {"Type": "Pass", "Assign": {"a": 1}, "Next": "B"},
            "B": {"Type": "Pass", "Assign": {"a": 2, "b.$": "$a"}, "Parameters": {"seen.$": "$a"}, "Next": "C"},
            "C": {"Type": "Pass", "Parameters": {"a.$": "$a", "b.$": "$b", "prev.$": "$.seen"}, "End": true}
            """#, startAt: "A"))
        #expect(result.output == ["a": 2, "b": 1, "prev": 1])
    }

    @Test(.timeLimit(.minutes(1))) func taskAssignSeesTheResultAfterResultSelector() async throws {
        let result = try await execute(chain(#"""
            "T": {"Type": "Task", "Resource": "arn:aws:states:::test:t", "ResultSelector": {"sel.$": "$.raw"},
                  "Assign": {"v.$": "$.sel"}, "ResultPath": null, "Next": "C"},
            "C": {"Type": "Pass", "Parameters": {"v.$": "$v", "input.$": "$"}, "End": true}
            """#, startAt: "T"), input: ["i": 0], tasks: ["arn:aws:states:::test:t": FakeTask(returning: ["raw": 9])])
        #expect(result.output == ["v": 9, "input": ["i": 0]])
    }

    @Test(.timeLimit(.minutes(1))) func choiceRuleAndStateAssignUseTheInput() async throws {
        let result = try await execute(chain(#"""
            "C": {"Type": "Choice", "Assign": {"state": "s"},
                  "Choices": [{"Variable": "$.n", "NumericEquals": 1, "Assign": {"rule.$": "$.n"}, "Next": "D"}]},
            "D": {"Type": "Pass", "Parameters": {"rule.$": "$rule", "state.$": "$state"}, "End": true}
            """#, startAt: "C"), input: ["n": 1])
        #expect(result.output == ["rule": 1, "state": "s"])
    }

    @Test(.timeLimit(.minutes(1))) func catchAssignSeesTheErrorOutput() async throws {
        let result = try await execute(chain(#"""
            "T": {"Type": "Task", "Resource": "arn:aws:states:::test:t",
                  "Catch": [{"ErrorEquals": ["States.ALL"], "Assign": {"err.$": "$.Error"}, "ResultPath": null, "Next": "D"}], "End": true},
            "D": {"Type": "Pass", "Parameters": {"err.$": "$err"}, "End": true}
            """#, startAt: "T"), tasks: ["arn:aws:states:::test:t": FakeTask(failing: "Boom")])
        #expect(result.output == ["err": "Boom"])
    }

    @Test(.timeLimit(.minutes(1))) func variableReferenceWorksInChoiceWaitAndFail() async throws {
        let result = try await execute(chain(#"""
            "A": {"Type": "Pass", "Assign": {"limit": 3, "wait": 30, "msg": "done"}, "Next": "W"},
            "W": {"Type": "Wait", "SecondsPath": "$wait", "Next": "C"},
            "C": {"Type": "Choice", "Choices": [{"Variable": "$limit", "NumericEquals": 3, "Next": "F"}], "Default": "X"},
            "X": {"Type": "Succeed"},
            "F": {"Type": "Fail", "Error": "Stop", "CausePath": "$msg"}
            """#, startAt: "A"))
        #expect(result.error == "Stop")
        #expect(result.cause == "done")
    }

    @Test(.timeLimit(.minutes(1))) func parallelBranchesSeeOuterVariablesAndTheirAssignmentsDoNotLeak() async throws {
        let result = try await execute(chain(#"""
            "A": {"Type": "Pass", "Assign": {"outer": "o"}, "Next": "P"},
            "P": {"Type": "Parallel", "Branches": [
                    {"StartAt": "B1", "States": {
                      "B1": {"Type": "Pass", "Assign": {"inner": "i1"}, "Next": "B2"},
                      "B2": {"Type": "Pass", "Parameters": {"outer.$": "$outer", "inner.$": "$inner"}, "End": true}}},
                    {"StartAt": "C1", "States": {"C1": {"Type": "Pass", "Parameters": {"outer.$": "$outer"}, "End": true}}}],
                  "Next": "After"},
            "After": {"Type": "Pass", "Parameters": {"branches.$": "$", "outer.$": "$outer"}, "Next": "Probe"},
            "Probe": {"Type": "Pass", "Parameters": {"inner.$": "$inner"}, "End": true}
            """#, startAt: "A"))
        // The inner variable is gone after the Parallel, so the probe fails with a path error.
        #expect(result.status == .failed)
        #expect(result.error == "States.Runtime")
        #expect(result.cause?.contains("'Probe'") == true)
    }

    @Test(.timeLimit(.minutes(1))) func parallelResultsCarryInnerAndOuterValues() async throws {
        let result = try await execute(chain(#"""
            "A": {"Type": "Pass", "Assign": {"outer": "o"}, "Next": "P"},
            "P": {"Type": "Parallel", "Branches": [
                    {"StartAt": "B1", "States": {
                      "B1": {"Type": "Pass", "Assign": {"inner": "i1"}, "Next": "B2"},
                      "B2": {"Type": "Pass", "Parameters": {"outer.$": "$outer", "inner.$": "$inner"}, "End": true}}},
                    {"StartAt": "C1", "States": {"C1": {"Type": "Pass", "Parameters": {"outer.$": "$outer"}, "End": true}}}],
                  "Assign": {"first.$": "$[0].inner"}, "Next": "After"},
            "After": {"Type": "Pass", "Parameters": {"branches.$": "$", "outer.$": "$outer", "first.$": "$first"}, "End": true}
            """#, startAt: "A"))
        #expect(result.output == ["branches": [["outer": "o", "inner": "i1"], ["outer": "o"]], "outer": "o", "first": "i1"])
    }

    @Test(.timeLimit(.minutes(1))) func mapIterationsSeeOuterVariablesAndHaveTheirOwnScope() async throws {
        let result = try await execute(chain(#"""
            "A": {"Type": "Pass", "Assign": {"factor": 10, "items": [1, 2, 3]}, "Next": "M"},
            "M": {"Type": "Map", "ItemsPath": "$items", "MaxConcurrency": 1,
                  "ItemProcessor": {"StartAt": "I1", "States": {
                    "I1": {"Type": "Pass", "Assign": {"mine.$": "$"}, "Next": "I2"},
                    "I2": {"Type": "Pass", "Parameters": {"mine.$": "$mine", "factor.$": "$factor"}, "End": true}}},
                  "Next": "After"},
            "After": {"Type": "Pass", "Parameters": {"results.$": "$", "factor.$": "$factor"}, "End": true}
            """#, startAt: "A"))
        #expect(result.output == ["results": [["mine": 1, "factor": 10], ["mine": 2, "factor": 10], ["mine": 3, "factor": 10]],
                                  "factor": 10])
    }

    @Test(.timeLimit(.minutes(1))) func mapIterationAssignmentsDoNotLeak() async throws {
        let result = try await execute(chain(#"""
            "M": {"Type": "Map",
                  "ItemProcessor": {"StartAt": "I", "States": {"I": {"Type": "Pass", "Assign": {"mine.$": "$"}, "End": true}}},
                  "Next": "Probe"},
            "Probe": {"Type": "Pass", "Parameters": {"mine.$": "$mine"}, "End": true}
            """#, startAt: "M"), input: [1])
        #expect(result.error == "States.Runtime")
        #expect(result.cause?.contains("'Probe'") == true)
    }

    @Test(.timeLimit(.minutes(1))) func historyRecordsAssignedVariablesAsJSONText() async throws {
        let result = try await execute(chain(#""A": {"Type": "Pass", "Assign": {"b": {"k": 1}, "a": "s"}, "End": true}"#, startAt: "A"),
                                       history: true)
        let exited = try #require(result.events.first { $0.type == "PassStateExited" })
        #expect(exited.json()["stateExitedEventDetails"]?["assignedVariables"] == ["a": "\"s\"", "b": "{\"k\":1}"])
    }
}
