import JSONValue
import StatesLanguage
import Testing

@Suite("Payload templates and ResultPath")
struct EvaluationPayloadTests {
    @Test("templates copy values and evaluate paths, context, variables and intrinsics in document order")
    func template() throws {
        let template = try EvaluationSupport.parameters(
            #"""
            {"literal": {"x": [1, 2.0, "$.not.a.path"]}, "fromInput.$": "$.a", "ctx.$": "$$.Execution.Id",
             "var.$": "$total", "call.$": "States.Format('{}-{}', $.a, $total)", "nested": {"deep.$": "$.b[1]"},
             "list": [{"item.$": "$.a"}], "whole.$": "$"}
            """#)
        let context = EvaluationContext(
            input: ["a": "A", "b": [1, 2.5]], context: ["Execution": ["Id": "arn:x"]], variables: ["total": 3])
        let result = try template.evaluate(in: context)
        #expect(
            result.serialized()
                == #"{"literal":{"x":[1,2.0,"$.not.a.path"]},"fromInput":"A","ctx":"arn:x","var":3,"call":"A-3","#
                + #""nested":{"deep":2.5},"list":[{"item":"A"}],"whole":{"a":"A","b":[1,2.5]}}"#)
    }

    @Test("a nested miss names the nested key")
    func nestedMiss() throws {
        let template = try EvaluationSupport.parameters(#"{"outer": {"inner.$": "$.missing"}}"#)
        let error = #expect(throws: StatesError.self) { try template.evaluate(in: EvaluationContext(input: [:])) }
        #expect(error?.cause == "The JSONPath '$.missing' specified for the field 'inner.$' could not be found in the input '{}'")
    }

    @Test("Assign evaluates every variable against the variables as they were")
    func assignments() throws {
        let definition: JSONValue = [
            "StartAt": "P",
            "States": ["P": ["Type": "Pass", "Assign": ["x": 1, "y.$": "$x", "z.$": "States.MathAdd($x, 1)"], "End": true]],
        ]
        let machine = try StateMachine.parse(definition)
        guard case .pass(let pass) = machine.graph.states["P"]?.kind, case .jsonPath(let assign)? = pass.dataFlow.assign
        else {
            Issue.record("no Assign")
            return
        }
        var random = SeededGenerator(seed: 0)
        let values = try PayloadTemplate.evaluateAssignments(
            assign, in: EvaluationContext(input: [:], variables: ["x": 10]), random: &random)
        #expect(JSONValue.object(values).serialized() == #"{"x":1,"y":10,"z":11}"#)
    }

    struct ResultPathCase: CustomTestStringConvertible, Sendable {
        var resultPath: String?
        var input: String
        var expected: String
        var testDescription: String { resultPath ?? "(none)" }
    }

    @Test(
        "ResultPath places the result as AWS does",
        arguments: [
            ResultPathCase(resultPath: nil, input: #"{"a":1}"#, expected: #""R""#),
            ResultPathCase(resultPath: "$", input: #"{"a":1}"#, expected: #""R""#),
            ResultPathCase(resultPath: "$.r", input: #"{"a":1}"#, expected: #"{"a":1,"r":"R"}"#),
            ResultPathCase(resultPath: "$.a", input: #"{"a":1,"b":2}"#, expected: #"{"a":"R","b":2}"#),
            ResultPathCase(resultPath: "$.x.y.z", input: #"{"a":1}"#, expected: #"{"a":1,"x":{"y":{"z":"R"}}}"#),
            ResultPathCase(resultPath: "$.x.y", input: #"{"x":{"k":0}}"#, expected: #"{"x":{"k":0,"y":"R"}}"#),
            ResultPathCase(resultPath: "$.list[1]", input: #"{"list":[0,1,2]}"#, expected: #"{"list":[0,"R",2]}"#),
            ResultPathCase(resultPath: "$['odd key']", input: "{}", expected: #"{"odd key":"R"}"#),
        ])
    func resultPath(_ c: ResultPathCase) throws {
        let path: NullablePath? = try c.resultPath.map { .path(try JSONPath.parse($0)) }
        let result = try applyResultPath(path, value: "R", to: try JSONValue(parsing: c.input))
        #expect(result.serialized() == (try JSONValue(parsing: c.expected)).serialized())
    }

    @Test("ResultPath null keeps the input")
    func resultPathNull() throws {
        #expect(try applyResultPath(.null, value: "R", to: ["a": 1]) == ["a": 1])
    }

    @Test(
        "ResultPath that cannot be applied is States.ResultPathMatchFailure",
        arguments: [("$.a.b", #"{"a":"text"}"#), ("$.x", #""text""#), ("$.list[3]", #"{"list":[0]}"#), ("$.a[0]", #"{"a":{}}"#)])
    func resultPathFailure(path: String, input: String) throws {
        let parsed = try JSONPath.parse(path)
        let error = #expect(throws: StatesError.self) {
            try applyResultPath(.path(parsed), value: "R", to: try JSONValue(parsing: input))
        }
        #expect(error?.error == "States.ResultPathMatchFailure")
    }
}
