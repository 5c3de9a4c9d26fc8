import Foundation
import JSONValue
import StatesEngine
import StatesLanguage
import Testing

/// `QueryLanguage: JSONata` states: `{% %}` fields, `$states`, variables and the Step Functions functions.
@Suite("JSONata states", .timeLimit(.minutes(1)))
struct JSONataStateTests {
    func run(_ states: String, input: JSONValue = [:], tasks: [String: any TaskHandler] = [:]) async throws
        -> ExecutionResult
    {
        try await execute(chain(states, extra: #""QueryLanguage": "JSONata","#), input: input, tasks: tasks)
    }

    @Test func passOutputUsesStatesInput() async throws {
        let result = try await run(
            #""S": {"Type": "Pass", "Output": {"sum": "{% $sum($states.input.n) %}", "fixed": [1, "{% 'x' & 'y' %}"]}, "End": true}"#,
            input: ["n": [1, 2, 3]])
        #expect(result.status == .succeeded)
        #expect(result.output == ["sum": 6, "fixed": [1, "xy"]])
    }

    @Test func outputDefaultsToInput() async throws {
        let result = try await run(#""S": {"Type": "Pass", "End": true}"#, input: ["a": 1])
        #expect(result.output == ["a": 1])
    }

    @Test func assignedVariablesAreVisibleToLaterStates() async throws {
        let result = try await run(
            #"""
            "S": {"Type": "Pass", "Assign": {"total": "{% $states.input.a + $states.input.b %}", "name": "n"}, "Next": "T"},
            "T": {"Type": "Pass", "Output": "{% $name & ':' & $total %}", "End": true}
            """#, input: ["a": 2, "b": 3])
        #expect(result.output == "n:5")
    }

    @Test func assignSeesTheVariablesAsTheStateStarted() async throws {
        let result = try await run(
            #"""
            "S": {"Type": "Pass", "Assign": {"x": 1}, "Next": "T"},
            "T": {"Type": "Pass", "Assign": {"x": "{% $x + 1 %}", "y": "{% $x %}"}, "Output": "{% $x %}", "Next": "U"},
            "U": {"Type": "Pass", "Output": {"x": "{% $x %}", "y": "{% $y %}"}, "End": true}
            """#)
        #expect(result.output == ["x": 2, "y": 1])
    }

    @Test func choiceConditionPicksTheRule() async throws {
        let definition = #"""
            "S": {"Type": "Choice", "Choices": [
                {"Condition": "{% $states.input.n > 10 %}", "Next": "Big", "Output": {"size": "big"}},
                {"Condition": "{% $states.input.n > 5 %}", "Next": "Medium", "Assign": {"seen": "{% $states.input.n %}"}}
              ], "Default": "Small"},
            "Big": {"Type": "Succeed"},
            "Medium": {"Type": "Pass", "Output": "{% $seen %}", "End": true},
            "Small": {"Type": "Succeed", "Output": "small"}
            """#
        #expect(try await run(definition, input: ["n": 20]).output == ["size": "big"])
        #expect(try await run(definition, input: ["n": 7]).output == 7)
        #expect(try await run(definition, input: ["n": 1]).output == "small")
    }

    @Test func conditionMustBeBoolean() async throws {
        let result = try await run(
            #""S": {"Type": "Choice", "Choices": [{"Condition": "{% 1 %}", "Next": "T"}], "Default": "T"}, "T": {"Type": "Succeed"}"#
        )
        #expect(result.status == .failed)
        #expect(result.error == "States.QueryEvaluationError")
    }

    @Test func taskArgumentsAndResult() async throws {
        let result = try await run(
            #"""
            "S": {"Type": "Task", "Resource": "arn:aws:lambda:us-east-1:123456789012:function:f",
                  "Arguments": {"FunctionName": "f", "Payload": {"v": "{% $states.input.v * 2 %}"}},
                  "Output": {"got": "{% $states.result.Payload.v %}", "in": "{% $states.input.v %}"},
                  "Assign": {"last": "{% $states.result.Payload.v %}"}, "End": true}
            """#, input: ["v": 21],
            tasks: [
                "arn:aws:lambda:us-east-1:123456789012:function:f": FakeTask {
                    ["Payload": $0.input["Payload"] ?? .null]
                }
            ])
        #expect(result.status == .succeeded)
        #expect(result.output == ["got": 42, "in": 21])
    }

    @Test func catcherSeesErrorOutput() async throws {
        let result = try await run(
            #"""
            "S": {"Type": "Task", "Resource": "arn:aws:lambda:us-east-1:123456789012:function:f",
                  "Catch": [{"ErrorEquals": ["States.ALL"], "Next": "H",
                             "Output": {"e": "{% $states.errorOutput.Error %}", "input": "{% $states.input %}"},
                             "Assign": {"cause": "{% $states.errorOutput.Cause %}"}}], "End": true},
            "H": {"Type": "Pass", "Output": {"caught": "{% $states.input %}", "cause": "{% $cause %}"}, "End": true}
            """#, input: ["k": 1],
            tasks: ["arn:aws:lambda:us-east-1:123456789012:function:f": FakeTask(failing: "Boom", cause: "why")])
        #expect(result.output == ["caught": ["e": "Boom", "input": ["k": 1]], "cause": "why"])
    }

    @Test func mapItemsAndItemSelector() async throws {
        let result = try await run(
            #"""
            "S": {"Type": "Map", "Items": "{% $states.input.list %}",
                  "ItemSelector": {"value": "{% $states.context.Map.Item.Value %}", "index": "{% $states.context.Map.Item.Index %}"},
                  "ItemProcessor": {"StartAt": "P", "States": {"P": {"Type": "Pass", "Output": "{% $states.input.value * 10 + $states.input.index %}", "End": true}}},
                  "Output": "{% $sum($states.result) %}", "End": true}
            """#, input: ["list": [1, 2, 3]])
        #expect(result.output == 63)
    }

    @Test func mapItemsMustBeAnArray() async throws {
        let result = try await run(
            #"""
            "S": {"Type": "Map", "Items": "{% 'text' %}",
                  "ItemProcessor": {"StartAt": "P", "States": {"P": {"Type": "Pass", "End": true}}}, "End": true}
            """#)
        #expect(result.error == "States.QueryEvaluationError")
        #expect(
            result.cause?.hasSuffix(
                "returned an unexpected result type. Expected 'array', but was 'string' for value: \"text\"") == true)
    }

    @Test func waitSecondsExpression() async throws {
        let clock = VirtualExecutionClock(start: epoch)
        let result = try await execute(
            chain(
                #""S": {"Type": "Wait", "Seconds": "{% $states.input.delay * 2 %}", "End": true}"#,
                extra: #""QueryLanguage": "JSONata","#),
            input: ["delay": 30], clock: clock)
        #expect(result.status == .succeeded)
        #expect(elapsed(clock) == 60)
    }

    @Test func failErrorAndCauseExpressions() async throws {
        let result = try await run(
            #""S": {"Type": "Fail", "Error": "{% 'Custom.' & $states.input.kind %}", "Cause": "{% $string($states.input) %}"}"#,
            input: ["kind": "Bad"])
        #expect(result.status == .failed)
        #expect(result.error == "Custom.Bad")
        #expect(result.cause == #"{"kind":"Bad"}"#)
    }

    @Test func undefinedIsAQueryEvaluationError() async throws {
        let result = try await run(#""S": {"Type": "Pass", "Output": {"x": "{% $nothing %}"}, "End": true}"#)
        #expect(result.error == "States.QueryEvaluationError")
        #expect(
            result.cause == "An error occurred while executing the state 'S' (entered at the event id #2). "
                + "The JSONata expression '$nothing' specified for the field 'Output/x' returned nothing (undefined).")
    }

    @Test func evaluationErrorsCarryTheJSONataCode() async throws {
        let result = try await run(#""S": {"Type": "Pass", "Output": "{% 'a' + 1 %}", "End": true}"#)
        #expect(result.error == "States.QueryEvaluationError")
        #expect(
            result.cause?.hasSuffix(
                #"threw an error during evaluation. T2001: The left side of the "+" operator must evaluate to a number"#
            ) == true)
    }

    @Test func stepFunctionsFunctions() async throws {
        let result = try await run(
            #"""
            "S": {"Type": "Pass", "Output": {
                "partition": "{% $partition([1,2,3,4,5], 2) %}",
                "range": "{% $range(0, 10, 3) %}",
                "hash": "{% $hash('input data', 'SHA-256') %}",
                "parse": "{% $parse('{\"a\":[1,true]}') %}",
                "uuid": "{% $length($uuid()) %}",
                "seeded": "{% $random(42) = $random(42) %}",
                "unseeded": "{% $random() < 1 %}"
              }, "End": true}
            """#)
        #expect(result.status == .succeeded)
        #expect(result.output?["partition"] == [[1, 2], [3, 4], [5]])
        #expect(result.output?["range"] == [0, 3, 6, 9])
        #expect(result.output?["hash"] == "b4a697a057313163aee33cd8d40c66e9f0f177e00cac2de32475ffff6169c3e3")
        #expect(result.output?["parse"] == ["a": [1, true]])
        #expect(result.output?["uuid"] == 36)
        #expect(result.output?["seeded"] == true)
        #expect(result.output?["unseeded"] == true)
    }

    @Test func jsonPathAndJSONataStatesShareVariables() async throws {
        let result = try await execute(
            chain(
                #"""
                "S": {"Type": "Pass", "Assign": {"v.$": "$.a"}, "Next": "T"},
                "T": {"Type": "Pass", "QueryLanguage": "JSONata", "Output": "{% $v * 2 %}", "End": true}
                """#), input: ["a": 4])
        #expect(result.output == 8)
    }

    @Test func contextIsAvailable() async throws {
        let result = try await run(#""S": {"Type": "Pass", "Output": "{% $states.context.State.Name %}", "End": true}"#)
        #expect(result.output == "S")
    }
}

@Suite("JSONata Map batching", .timeLimit(.minutes(1)))
struct JSONataMapBatchingTests {
    @Test func batchInputAndMaxItemsPerBatch() async throws {
        let result = try await execute(
            chain(
                #"""
                "S": {"Type": "Map", "Items": [1, 2, 3, 4, 5],
                      "ItemBatcher": {"MaxItemsPerBatch": "{% 1 + 1 %}", "BatchInput": {"tag": "{% $states.input.tag %}"}},
                      "ItemProcessor": {"ProcessorConfig": {"Mode": "INLINE"}, "StartAt": "P",
                                        "States": {"P": {"Type": "Pass", "Output": {"tag": "{% $states.input.tag %}", "n": "{% $count($states.input.Items) %}"}, "End": true}}},
                      "End": true}
                """#, extra: #""QueryLanguage": "JSONata","#), input: ["tag": "t"])
        #expect(result.status == .succeeded, "\(result.cause ?? "")")
        #expect(result.output == [["tag": "t", "n": 2], ["tag": "t", "n": 2], ["tag": "t", "n": 1]])
    }
}

@Suite("JSONata numeric fields", .timeLimit(.minutes(1)))
struct JSONataNumericFieldTests {
    static let resource = "arn:aws:lambda:us-east-1:123456789012:function:f"

    @Test func timeoutSecondsExpression() async throws {
        let task = HangingTask()
        let result = try await execute(
            chain(
                #""S": {"Type": "Task", "Resource": "\#(Self.resource)", "TimeoutSeconds": "{% $states.input.t %}", "End": true}"#,
                extra: #""QueryLanguage": "JSONata","#), input: ["t": 1], tasks: [Self.resource: task])
        #expect(result.error == "States.Timeout")
    }

    @Test func timeoutSecondsMustBePositive() async throws {
        let result = try await execute(
            chain(
                #""S": {"Type": "Task", "Resource": "\#(Self.resource)", "TimeoutSeconds": "{% 0 %}", "End": true}"#,
                extra: #""QueryLanguage": "JSONata","#), tasks: [Self.resource: FakeTask(returning: "ok")])
        #expect(result.error == "States.QueryEvaluationError")
    }

    @Test func waitTimestampExpression() async throws {
        let clock = VirtualExecutionClock(start: epoch)
        let result = try await execute(
            chain(
                #""S": {"Type": "Wait", "Timestamp": "{% $fromMillis($toMillis('2023-11-14T22:13:20Z') + 90000) %}", "End": true}"#,
                extra: #""QueryLanguage": "JSONata","#), clock: clock)
        #expect(result.status == .succeeded, "\(result.cause ?? "")")
        #expect(elapsed(clock) == 90)
    }

    @Test func parallelArgumentsAndOutput() async throws {
        let result = try await execute(
            chain(
                #"""
                "S": {"Type": "Parallel", "Arguments": {"n": "{% $states.input.n + 1 %}"},
                      "Branches": [
                        {"StartAt": "A", "States": {"A": {"Type": "Pass", "Output": "{% $states.input.n * 10 %}", "End": true}}},
                        {"StartAt": "B", "States": {"B": {"Type": "Pass", "Output": "{% $states.input.n * 100 %}", "End": true}}}
                      ],
                      "Output": {"sum": "{% $sum($states.result) %}", "in": "{% $states.input.n %}"}, "End": true}
                """#, extra: #""QueryLanguage": "JSONata","#), input: ["n": 1])
        #expect(result.output == ["sum": 220, "in": 1])
    }

    @Test func mapConcurrencyAndToleranceExpressions() async throws {
        let result = try await execute(
            chain(
                #"""
                "S": {"Type": "Map", "Items": [1, 0, 2], "MaxConcurrency": "{% 1 %}",
                      "ToleratedFailureCount": "{% $states.input.tolerate %}",
                      "ItemProcessor": {"StartAt": "C", "States": {
                        "C": {"Type": "Choice", "Choices": [{"Condition": "{% $states.input = 0 %}", "Next": "F"}], "Default": "P"},
                        "F": {"Type": "Fail", "Error": "Zero"},
                        "P": {"Type": "Pass", "End": true}}},
                      "End": true}
                """#, extra: #""QueryLanguage": "JSONata","#), input: ["tolerate": 1])
        #expect(result.status == .succeeded, "\(result.cause ?? "")")
        let items = try #require(result.output?.arrayValue)
        #expect(items.count == 3)
        #expect(items[0] == 1)
        #expect(items[1]["Error"] == "Zero")
        #expect(items[2] == 2)
    }
}
