import JSONValue
import StatesLanguage
import Testing

private let lambda = "arn:aws:lambda:us-east-1:123456789012:function:f"
private let jsonata = #""QueryLanguage": "JSONata","#

@Suite struct ValidatorTaskTests {
    static let invalid: [RuleCase] = [
        RuleCase("missing Resource", machine(state: #"{"Type": "Task", "End": true}"#), at: "/States/S", "\"Resource\""),
        RuleCase("Resource is not a string", machine(state: #"{"Type": "Task", "Resource": 1, "End": true}"#), at: "/States/S/Resource"),
        RuleCase("Resource is not an ARN", machine(state: #"{"Type": "Task", "Resource": "lambda", "End": true}"#),
                 at: "/States/S/Resource", "\"lambda\""),
        RuleCase("ARN without a resource part", machine(state: #"{"Type": "Task", "Resource": "arn:aws:lambda:us-east-1:1:", "End": true}"#),
                 at: "/States/S/Resource"),
        RuleCase("ferry task without a name", machine(state: #"{"Type": "Task", "Resource": "ferry:", "End": true}"#),
                 at: "/States/S/Resource", "ferry:"),
        RuleCase("TimeoutSeconds zero", machine(state: task(#""TimeoutSeconds": 0,"#)), at: "/States/S/TimeoutSeconds"),
        RuleCase("TimeoutSeconds negative", machine(state: task(#""TimeoutSeconds": -1,"#)), at: "/States/S/TimeoutSeconds"),
        RuleCase("TimeoutSeconds fractional", machine(state: task(#""TimeoutSeconds": 1.5,"#)), at: "/States/S/TimeoutSeconds", "whole number"),
        RuleCase("TimeoutSeconds string", machine(state: task(#""TimeoutSeconds": "10","#)), at: "/States/S/TimeoutSeconds"),
        RuleCase("HeartbeatSeconds zero", machine(state: task(#""HeartbeatSeconds": 0,"#)), at: "/States/S/HeartbeatSeconds"),
        RuleCase("heartbeat equal to timeout", machine(state: task(#""TimeoutSeconds": 10, "HeartbeatSeconds": 10,"#)),
                 at: "/States/S/HeartbeatSeconds", "smaller than"),
        RuleCase("heartbeat above timeout", machine(state: task(#""TimeoutSeconds": 10, "HeartbeatSeconds": 11,"#)),
                 at: "/States/S/HeartbeatSeconds", "(11)", "(10)"),
        RuleCase("TimeoutSeconds and TimeoutSecondsPath", machine(state: task(#""TimeoutSeconds": 10, "TimeoutSecondsPath": "$.t","#)),
                 at: "/States/S/TimeoutSecondsPath", "\"TimeoutSeconds\" and \"TimeoutSecondsPath\""),
        RuleCase("HeartbeatSeconds and HeartbeatSecondsPath", machine(state: task(#""HeartbeatSeconds": 10, "HeartbeatSecondsPath": "$.h","#)),
                 at: "/States/S/HeartbeatSecondsPath", "cannot be used together"),
        RuleCase("TimeoutSecondsPath selects many", machine(state: task(#""TimeoutSecondsPath": "$.t[*]","#)),
                 .invalidJSONPath, at: "/States/S/TimeoutSecondsPath"),
        RuleCase("HeartbeatSecondsPath descendant", machine(state: task(#""HeartbeatSecondsPath": "$..h","#)),
                 .invalidJSONPath, at: "/States/S/HeartbeatSecondsPath"),
        RuleCase("TimeoutSecondsPath is a number", machine(state: task(#""TimeoutSecondsPath": 10,"#)), at: "/States/S/TimeoutSecondsPath"),
        RuleCase("Credentials is a string", machine(state: task(#""Credentials": "role","#)), at: "/States/S/Credentials", "an object"),
        RuleCase("JSONata TimeoutSeconds empty expression", machine(state: task(#""TimeoutSeconds": "{% %}","#), top: jsonata),
                 .invalidJSONata, at: "/States/S/TimeoutSeconds"),
    ]

    @Test(arguments: invalid)
    func rejects(_ c: RuleCase) throws { try c.check() }

    static let valid: [ValidCase] = [
        ValidCase("lambda ARN", machine(state: task())),
        ValidCase("service integration", machine(state: #"{"Type": "Task", "Resource": "arn:aws:states:::dynamodb:putItem", "Parameters": {"TableName": "t"}, "End": true}"#)),
        ValidCase("activity ARN", machine(state: #"{"Type": "Task", "Resource": "arn:aws:states:us-east-1:123456789012:activity:a", "End": true}"#)),
        ValidCase("ferry task", machine(state: #"{"Type": "Task", "Resource": "ferry:export", "End": true}"#)),
        ValidCase("timeout and smaller heartbeat", machine(state: task(#""TimeoutSeconds": 10, "HeartbeatSeconds": 9,"#))),
        ValidCase("paths for both", machine(state: task(#""TimeoutSecondsPath": "$.t", "HeartbeatSecondsPath": "$.h","#))),
        ValidCase("heartbeat path with literal timeout", machine(state: task(#""TimeoutSeconds": 5, "HeartbeatSecondsPath": "$.h","#))),
        ValidCase("integral double timeout", machine(state: task(#""TimeoutSeconds": 30.0,"#))),
        ValidCase("largest timeout", machine(state: task(#""TimeoutSeconds": 99999999,"#))),
        ValidCase("Credentials object", machine(state: task(#""Credentials": {"RoleArn": "arn:aws:iam::1:role/r"},"#))),
        ValidCase("JSONata timeouts", machine(state: task(#""TimeoutSeconds": "{% $t %}", "HeartbeatSeconds": "{% $h %}","#), top: jsonata)),
        ValidCase("all data flow fields",
                  machine(state: task(#""InputPath": "$.in", "Parameters": {"a.$": "$.x"}, "ResultSelector": {"r.$": "$.Payload"}, "ResultPath": "$.out", "OutputPath": "$.out", "Assign": {"v.$": "$.x"},"#))),
    ]

    @Test(arguments: valid)
    func accepts(_ c: ValidCase) throws { try c.check() }

    @Test(arguments: [
        "arn:aws:states:::sns:publish.waitForTaskToken",
        "arn:aws:states:::states:startExecution.sync",
        "arn:aws:states:::states:startExecution.sync:2",
        "arn:aws:states:::ecs:runTask.sync",
    ])
    func expressRejectsCallbacksAndSync(_ resource: String) throws {
        let definition = machine(state: #"{"Type": "Task", "Resource": "\#(resource)", "End": true}"#)
        expectValid(try validate(definition, ValidationOptions(machineType: .standard)))
        expectValid(try validate(definition))  // STANDARD is the default
        let express = try validate(definition, ValidationOptions(machineType: .express))
        expectError(express, .schemaValidationFailed, at: "/States/S/Resource", "Express")
    }

    @Test func expressAcceptsRequestResponseIntegrations() throws {
        let definition = machine(state: #"{"Type": "Task", "Resource": "arn:aws:states:::sns:publish", "End": true}"#)
        expectValid(try validate(definition, ValidationOptions(machineType: .express)))
    }

    @Test func expressChecksNestedStatesToo() throws {
        let result = try validate("""
            {"StartAt": "P", "States": {"P": {"Type": "Parallel", "End": true, "Branches": [{"StartAt": "T", "States": {
              "T": {"Type": "Task", "Resource": "arn:aws:states:::lambda:invoke.waitForTaskToken", "End": true}}}]}}}
            """, ValidationOptions(machineType: .express))
        expectError(result, .schemaValidationFailed, at: "/States/P/Branches/0/States/T/Resource", ".waitForTaskToken")
    }

    @Test func taskFieldsAreTyped() throws {
        let state = try topState(expectValid(try validate(machine(state: task(#""TimeoutSeconds": 30, "HeartbeatSecondsPath": "$.hb", "Comment": "c","#)))))
        #expect(state.comment == "c")
        #expect(state.typeName == "Task")
        guard case .task(let t) = state.kind else {
            Issue.record("expected a Task")
            return
        }
        #expect(t.resource == lambda)
        #expect(t.timeoutSeconds == .value(30))
        #expect(t.heartbeatSeconds == .path(try JSONPath.parse("$.hb")))
        #expect(t.transition == .end)
        #expect(t.retry.isEmpty && t.catch.isEmpty)
        #expect(t.credentials == nil)
    }
}

@Suite struct ValidatorWaitTests {
    static func wait(_ fields: String) -> String {
        machine(state: #"{"Type": "Wait", \#(fields) "End": true}"#)
    }

    static let invalid: [RuleCase] = [
        RuleCase("no duration", wait(""), at: "/States/S", "exactly one", "none"),
        RuleCase("Seconds and Timestamp", wait(#""Seconds": 1, "Timestamp": "2016-03-14T01:59:00Z","#),
                 at: "/States/S/Timestamp", "exactly one"),
        RuleCase("Seconds and SecondsPath", wait(#""Seconds": 1, "SecondsPath": "$.s","#), at: "/States/S/SecondsPath", "exactly one"),
        RuleCase("TimestampPath and SecondsPath", wait(#""TimestampPath": "$.t", "SecondsPath": "$.s","#),
                 at: "/States/S/TimestampPath", "exactly one"),
        RuleCase("Seconds negative", wait(#""Seconds": -1,"#), at: "/States/S/Seconds"),
        RuleCase("Seconds too large", wait(#""Seconds": 100000000,"#), at: "/States/S/Seconds"),
        RuleCase("Seconds fractional", wait(#""Seconds": 1.5,"#), at: "/States/S/Seconds", "whole number"),
        RuleCase("Seconds string", wait(#""Seconds": "10","#), at: "/States/S/Seconds"),
        RuleCase("Timestamp with a space", wait(#""Timestamp": "2016-03-14 01:59:00Z","#), at: "/States/S/Timestamp", "RFC 3339"),
        RuleCase("Timestamp lowercase t", wait(#""Timestamp": "2016-03-14t01:59:00Z","#), at: "/States/S/Timestamp"),
        RuleCase("Timestamp lowercase z", wait(#""Timestamp": "2016-03-14T01:59:00z","#), at: "/States/S/Timestamp"),
        RuleCase("Timestamp without zone", wait(#""Timestamp": "2016-03-14T01:59:00","#), at: "/States/S/Timestamp"),
        RuleCase("Timestamp impossible date", wait(#""Timestamp": "2015-02-29T00:00:00Z","#), at: "/States/S/Timestamp"),
        RuleCase("Timestamp is a number", wait(#""Timestamp": 1457920740,"#), at: "/States/S/Timestamp", "a string"),
        RuleCase("SecondsPath selects many", wait(#""SecondsPath": "$.s[*]","#), .invalidJSONPath, at: "/States/S/SecondsPath"),
        RuleCase("TimestampPath descendant", wait(#""TimestampPath": "$..t","#), .invalidJSONPath, at: "/States/S/TimestampPath"),
        RuleCase("SecondsPath without $", wait(#""SecondsPath": "s","#), .invalidJSONPath, at: "/States/S/SecondsPath"),
        RuleCase("JSONata Wait with two fields",
                 machine(state: #"{"Type": "Wait", "Seconds": 1, "Timestamp": "{% $t %}", "End": true}"#, top: jsonata),
                 at: "/States/S/Timestamp", "exactly one"),
        RuleCase("JSONata Seconds malformed", machine(state: #"{"Type": "Wait", "Seconds": "{% $s", "End": true}"#, top: jsonata),
                 .invalidJSONata, at: "/States/S/Seconds"),
    ]

    @Test(arguments: invalid)
    func rejects(_ c: RuleCase) throws { try c.check() }

    static let valid: [ValidCase] = [
        ValidCase("Seconds zero", wait(#""Seconds": 0,"#)),
        ValidCase("Seconds max", wait(#""Seconds": 99999999,"#)),
        ValidCase("Timestamp Z", wait(#""Timestamp": "2016-03-14T01:59:00Z","#)),
        ValidCase("Timestamp with fraction and offset", wait(#""Timestamp": "2016-03-14T01:59:00.123+01:00","#)),
        ValidCase("Timestamp leap day", wait(#""Timestamp": "2016-02-29T23:59:59-08:00","#)),
        ValidCase("SecondsPath", wait(#""SecondsPath": "$.wait","#)),
        ValidCase("TimestampPath", wait(#""TimestampPath": "$.until","#)),
        ValidCase("JSONata Seconds expression", machine(state: #"{"Type": "Wait", "Seconds": "{% $s %}", "End": true}"#, top: jsonata)),
        ValidCase("JSONata Seconds literal", machine(state: #"{"Type": "Wait", "Seconds": 5, "End": true}"#, top: jsonata)),
        ValidCase("JSONata Timestamp expression", machine(state: #"{"Type": "Wait", "Timestamp": "{% $t %}", "End": true}"#, top: jsonata)),
    ]

    @Test(arguments: valid)
    func accepts(_ c: ValidCase) throws { try c.check() }

    @Test func jsonataTimestampMayBeALiteral() throws {
        // AWS: in JSONata states Timestamp is an RFC 3339 string or, alternatively, an expression.
        let result = try validate(machine(state: #"{"Type": "Wait", "Timestamp": "2016-03-14T01:59:00Z", "End": true}"#, top: jsonata))
        expectValid(result)

    }

    @Test func expressionTimestampInAJSONPathStateIsRejected() throws {
        // Not an RFC 3339 timestamp, and JSONPath states do not evaluate {% %}: this must be an error.
        let result = try validate(Self.wait(#""Timestamp": "{% $now %}","#))
        #expect(result.machine == nil)
        #expect(result.errors.contains { $0.location.description == "/States/S/Timestamp" }, "\(describe(result.diagnostics))")

        // Whatever is reported, a returned machine must contain every state.
        if let machine = result.machine {
            #expect(machine.graph.states["S"] != nil)

        }
    }

    @Test func durationsAreTyped() throws {
        func duration(_ fields: String, top: String = "") throws -> WaitDuration? {
            let state = try topState(expectValid(try validate(machine(state: #"{"Type": "Wait", \#(fields) "Next": "S"}"#, top: top))))
            guard case .wait(let w) = state.kind else { return nil }
            #expect(w.transition == .next("S"))
            return w.duration
        }
        #expect(try duration(#""Seconds": 10,"#) == .seconds(.value(10)))
        #expect(try duration(#""SecondsPath": "$.s","#) == .seconds(.path(try JSONPath.parse("$.s"))))
        #expect(try duration(#""Timestamp": "2016-03-14T01:59:00Z","#) == .timestamp(.value("2016-03-14T01:59:00Z")))
        #expect(try duration(#""TimestampPath": "$.t","#) == .timestamp(.path(try JSONPath.parse("$.t"))))
        #expect(try duration(#""Seconds": "{% $s %}","#, top: jsonata) == .seconds(.expression(JSONataExpression(source: "$s"))))
    }
}

@Suite struct ValidatorFailTests {
    static let invalid: [RuleCase] = [
        RuleCase("Error and ErrorPath", machine(state: #"{"Type": "Fail", "Error": "E", "ErrorPath": "$.e"}"#),
                 at: "/States/S/ErrorPath", "\"Error\" and \"ErrorPath\""),
        RuleCase("Cause and CausePath", machine(state: #"{"Type": "Fail", "Cause": "C", "CausePath": "$.c"}"#),
                 at: "/States/S/CausePath", "\"Cause\" and \"CausePath\""),
        RuleCase("Error is a number", machine(state: #"{"Type": "Fail", "Error": 1}"#), at: "/States/S/Error", "a string"),
        RuleCase("CausePath is an object", machine(state: #"{"Type": "Fail", "CausePath": {}}"#), at: "/States/S/CausePath"),
        RuleCase("ErrorPath selects many", machine(state: #"{"Type": "Fail", "ErrorPath": "$.e[*]"}"#),
                 .invalidJSONPath, at: "/States/S/ErrorPath"),
        RuleCase("CausePath without $", machine(state: #"{"Type": "Fail", "CausePath": "cause"}"#),
                 .invalidJSONPath, at: "/States/S/CausePath"),
        RuleCase("Fail with Next", #"{"StartAt": "S", "States": {"S": {"Type": "Fail", "Next": "T"}, "T": {"Type": "Succeed"}}}"#,
                 at: "/States/S/Next"),
        RuleCase("Fail with InputPath", machine(state: #"{"Type": "Fail", "InputPath": "$"}"#), at: "/States/S/InputPath"),
        RuleCase("JSONata Error malformed", machine(state: #"{"Type": "Fail", "Error": "{% %}"}"#, top: jsonata),
                 .invalidJSONata, at: "/States/S/Error"),
    ]

    @Test(arguments: invalid)
    func rejects(_ c: RuleCase) throws { try c.check() }

    static let valid: [ValidCase] = [
        ValidCase("no fields", machine(state: #"{"Type": "Fail"}"#)),
        ValidCase("Error and Cause", machine(state: #"{"Type": "Fail", "Error": "E", "Cause": "C"}"#)),
        ValidCase("ErrorPath and CausePath", machine(state: #"{"Type": "Fail", "ErrorPath": "$.e", "CausePath": "$$.Execution.Id"}"#)),
        ValidCase("Error and CausePath", machine(state: #"{"Type": "Fail", "Error": "E", "CausePath": "$.c"}"#)),
        ValidCase("intrinsic CausePath", machine(state: #"{"Type": "Fail", "CausePath": "States.Format('bad {}', $.x)"}"#)),
        ValidCase("JSONata Error and Cause", machine(state: #"{"Type": "Fail", "Error": "{% $e %}", "Cause": "plain"}"#, top: jsonata)),
    ]

    @Test(arguments: valid)
    func accepts(_ c: ValidCase) throws { try c.check() }

    @Test func failFieldsAreTyped() throws {
        let state = try topState(expectValid(try validate(machine(state: #"{"Type": "Fail", "Error": "E", "CausePath": "$.c"}"#))))
        guard case .fail(let f) = state.kind else {
            Issue.record("expected a Fail state")
            return
        }
        #expect(f.error == .value("E"))
        #expect(f.cause == .path(try JSONPath.parse("$.c")))
    }
}

@Suite struct ValidatorPassAndParallelTests {
    static let invalid: [RuleCase] = [
        RuleCase("Parameters is an array", machine(state: #"{"Type": "Pass", "Parameters": [], "End": true}"#),
                 at: "/States/S/Parameters", "an object"),
        RuleCase("ResultSelector on a Pass", machine(state: #"{"Type": "Pass", "ResultSelector": {}, "End": true}"#),
                 at: "/States/S/ResultSelector"),
        RuleCase("Parallel without Branches", machine(state: #"{"Type": "Parallel", "End": true}"#), at: "/States/S", "\"Branches\""),
        RuleCase("Parallel with empty Branches", machine(state: #"{"Type": "Parallel", "Branches": [], "End": true}"#),
                 at: "/States/S/Branches", "at least one"),
        RuleCase("branch is not an object", machine(state: #"{"Type": "Parallel", "Branches": ["B"], "End": true}"#),
                 at: "/States/S/Branches/0", "branch 1"),
        RuleCase("branch without StartAt",
                 machine(state: #"{"Type": "Parallel", "Branches": [{"States": {"B": {"Type": "Succeed"}}}], "End": true}"#),
                 at: "/States/S/Branches/0", "\"StartAt\""),
        RuleCase("branch without States", machine(state: #"{"Type": "Parallel", "Branches": [{"StartAt": "B"}], "End": true}"#),
                 at: "/States/S/Branches/0", "\"States\""),
        RuleCase("invalid state inside a branch",
                 machine(state: #"{"Type": "Parallel", "Branches": [{"StartAt": "B", "States": {"B": {"Type": "Pass"}}}], "End": true}"#),
                 at: "/States/S/Branches/0/States/B", "neither"),
        RuleCase("Parallel without transition",
                 machine(state: #"{"Type": "Parallel", "Branches": [{"StartAt": "B", "States": {"B": {"Type": "Succeed"}}}]}"#),
                 at: "/States/S", "neither"),
    ]

    @Test(arguments: invalid)
    func rejects(_ c: RuleCase) throws { try c.check() }

    @Test(arguments: [#"{"a": [1, {"b": null}]}"#, "[1, 2]", "\"text\"", "3.5", "null", "true"])
    func passResultMayBeAnyJSON(_ result: String) throws {
        let state = try topState(expectValid(try validate(machine(state: #"{"Type": "Pass", "Result": \#(result), "End": true}"#))))
        guard case .pass(let p) = state.kind else {
            Issue.record("expected a Pass state")
            return
        }
        #expect(p.result == (try JSONValue(parsing: result)))
    }

    @Test func parallelBranchesAreTyped() throws {
        let state = try topState(expectValid(try validate(machine(state: """
            {"Type": "Parallel", "Branches": [
              {"StartAt": "A1", "Comment": "first", "States": {"A1": {"Type": "Pass", "Next": "A2"}, "A2": {"Type": "Succeed"}}},
              {"StartAt": "B1", "States": {"B1": {"Type": "Pass", "End": true}}}],
             "ResultPath": "$.results", "End": true}
            """))))
        guard case .parallel(let p) = state.kind else {
            Issue.record("expected a Parallel state")
            return
        }
        #expect(p.branches.count == 2)
        #expect(p.branches[0].startAt == "A1")
        #expect(p.branches[0].comment == "first")
        #expect(Array(p.branches[0].states.keys) == ["A1", "A2"])
        #expect(p.dataFlow.resultPath == .path(try JSONPath.parse("$.results")))
    }
}

@Suite struct ValidatorPathTests {
    static let invalid: [RuleCase] = [
        RuleCase("InputPath without $", machine(state: #"{"Type": "Pass", "InputPath": "a.b", "End": true}"#),
                 .invalidJSONPath, at: "/States/S/InputPath"),
        RuleCase("OutputPath without $", machine(state: #"{"Type": "Pass", "OutputPath": "out", "End": true}"#),
                 .invalidJSONPath, at: "/States/S/OutputPath"),
        RuleCase("ResultPath selects many", machine(state: #"{"Type": "Pass", "ResultPath": "$.a[*]", "End": true}"#),
                 .invalidJSONPath, at: "/States/S/ResultPath"),
        RuleCase("ResultPath descendant", machine(state: #"{"Type": "Pass", "ResultPath": "$..a", "End": true}"#),
                 .invalidJSONPath, at: "/States/S/ResultPath"),
        RuleCase("ResultPath into the context object", machine(state: #"{"Type": "Pass", "ResultPath": "$$.Execution.Id", "End": true}"#),
                 .invalidJSONPath, at: "/States/S/ResultPath"),
        RuleCase("ResultPath into a variable", machine(state: #"{"Type": "Pass", "ResultPath": "$var", "End": true}"#),
                 .invalidJSONPath, at: "/States/S/ResultPath"),
        RuleCase("InputPath is a number", machine(state: #"{"Type": "Pass", "InputPath": 1, "End": true}"#),
                 at: "/States/S/InputPath", "a path string or null"),
        RuleCase("ItemsPath descendant", machine(state: map(#""ItemsPath": "$..items","#)), .invalidJSONPath, at: "/States/S/ItemsPath"),
        RuleCase("ItemsPath wildcard", machine(state: map(#""ItemsPath": "$.a[*]","#)), .invalidJSONPath, at: "/States/S/ItemsPath"),
        RuleCase("path in Succeed", machine(state: #"{"Type": "Succeed", "OutputPath": "x"}"#), .invalidJSONPath, at: "/States/S/OutputPath"),
    ]

    @Test(arguments: invalid)
    func rejects(_ c: RuleCase) throws { try c.check() }

    /// Syntax errors any JSONPath parser rejects (only the code and the location are asserted).
    static let syntaxErrors: [RuleCase] = [
        RuleCase("unclosed bracket in InputPath", machine(state: #"{"Type": "Pass", "InputPath": "$.a[", "End": true}"#),
                 .invalidJSONPath, at: "/States/S/InputPath"),
        RuleCase("unclosed filter in OutputPath", machine(state: #"{"Type": "Pass", "OutputPath": "$.a[?(@.x", "End": true}"#),
                 .invalidJSONPath, at: "/States/S/OutputPath"),
        RuleCase("bare descendant in InputPath", machine(state: #"{"Type": "Pass", "InputPath": "$..", "End": true}"#),
                 .invalidJSONPath, at: "/States/S/InputPath"),
        RuleCase("unclosed bracket in a template", machine(state: #"{"Type": "Pass", "Parameters": {"x.$": "$.a["}, "End": true}"#),
                 .invalidJSONPath, at: "/States/S/Parameters/x.$"),
        RuleCase("unclosed bracket in a Choice Variable",
                 machine(state: #"{"Type": "Choice", "Choices": [{"Variable": "$.a[", "IsNull": true, "Next": "S"}]}"#),
                 .invalidJSONPath, at: "/States/S/Choices/0/Variable"),
        RuleCase("unclosed bracket in ResultPath", machine(state: #"{"Type": "Pass", "ResultPath": "$.a[", "End": true}"#),
                 .invalidJSONPath, at: "/States/S/ResultPath"),
    ]

    @Test(arguments: syntaxErrors)
    func rejectsPathSyntaxErrors(_ c: RuleCase) throws { try c.check() }

    static let valid: [ValidCase] = [
        ValidCase("root paths", machine(state: #"{"Type": "Pass", "InputPath": "$", "OutputPath": "$", "ResultPath": "$", "End": true}"#)),
        ValidCase("null paths", machine(state: #"{"Type": "Pass", "InputPath": null, "OutputPath": null, "ResultPath": null, "End": true}"#)),
        ValidCase("full JSONPath in InputPath", machine(state: #"{"Type": "Pass", "InputPath": "$.a[*].b", "OutputPath": "$..c", "End": true}"#)),
        ValidCase("reference path with brackets", machine(state: #"{"Type": "Pass", "ResultPath": "$.a['b c'][2]", "End": true}"#)),
        ValidCase("ItemsPath reference", machine(state: map(#""ItemsPath": "$.detail.items","#))),
    ]

    @Test(arguments: valid)
    func accepts(_ c: ValidCase) throws { try c.check() }
}

@Suite struct ValidatorPayloadTemplateTests {
    static func pass(_ parameters: String) -> String {
        machine(state: #"{"Type": "Pass", "Parameters": \#(parameters), "End": true}"#)
    }

    static let invalid: [RuleCase] = [
        RuleCase(".$ value is a number", pass(#"{"a.$": 5}"#), at: "/States/S/Parameters/a.$", "must be a string"),
        RuleCase(".$ value is an object", pass(#"{"a.$": {"b": 1}}"#), at: "/States/S/Parameters/a.$", "an object"),
        RuleCase(".$ value is null", pass(#"{"a.$": null}"#), at: "/States/S/Parameters/a.$"),
        RuleCase("nested .$ value is a boolean", pass(#"{"x": {"y.$": true}}"#), at: "/States/S/Parameters/x/y.$"),
        RuleCase(".$ inside an array", pass(#"{"list": [1, {"z.$": 1}]}"#), at: "/States/S/Parameters/list/1/z.$"),
        RuleCase(".$ value is plain text", pass(#"{"a.$": "hello"}"#), .invalidJSONPath, at: "/States/S/Parameters/a.$", "drop \".$\""),
        RuleCase("same field twice", pass(#"{"a": 1, "a.$": "$.a"}"#), at: "/States/S/Parameters/a.$", "keep one"),
        RuleCase("ResultSelector .$ number", machine(state: task(#""ResultSelector": {"r.$": 1},"#)), at: "/States/S/ResultSelector/r.$"),
        RuleCase("ResultSelector is a string", machine(state: task(#""ResultSelector": "$.x","#)), at: "/States/S/ResultSelector", "an object"),
        RuleCase("ItemSelector .$ number", machine(state: map(#""ItemSelector": {"i.$": 2},"#)), at: "/States/S/ItemSelector/i.$"),
        RuleCase("ItemReader Parameters .$ number",
                 machine(state: map(#""ItemReader": {"Resource": "arn:aws:states:::s3:getObject", "Parameters": {"Bucket.$": 1}},"#)),
                 at: "/States/S/ItemReader/Parameters/Bucket.$"),
    ]

    @Test(arguments: invalid)
    func rejects(_ c: RuleCase) throws { try c.check() }

    /// Intrinsic calls any parser rejects (only the code and the location are asserted).
    static let intrinsicErrors: [RuleCase] = [
        RuleCase("unterminated call", pass(#"{"a.$": "States.Format('x {}', $.y"}"#), .invalidIntrinsicFunction, at: "/States/S/Parameters/a.$"),
        RuleCase("unknown function", pass(#"{"a.$": "States.NoSuchFunction($.x)"}"#), .invalidIntrinsicFunction, at: "/States/S/Parameters/a.$"),
        RuleCase("wrong arity", pass(#"{"a.$": "States.ArrayLength()"}"#), .invalidIntrinsicFunction, at: "/States/S/Parameters/a.$"),
        RuleCase("too many arguments", pass(#"{"a.$": "States.UUID(1)"}"#), .invalidIntrinsicFunction, at: "/States/S/Parameters/a.$"),
        RuleCase("bad call in a nested template", pass(#"{"o": {"p.$": "States.StringToJson("}}"#), .invalidIntrinsicFunction,
                 at: "/States/S/Parameters/o/p.$"),
        RuleCase("bad call in Assign", machine(state: #"{"Type": "Pass", "Assign": {"v.$": "States.Array("}, "End": true}"#),
                 .invalidIntrinsicFunction, at: "/States/S/Assign/v.$"),
        RuleCase("bad call in ErrorPath", machine(state: #"{"Type": "Fail", "ErrorPath": "States.Format("}"#),
                 .invalidIntrinsicFunction, at: "/States/S/ErrorPath"),
    ]

    @Test(arguments: intrinsicErrors)
    func rejectsMalformedIntrinsicCalls(_ c: RuleCase) throws { try c.check() }

    static let valid: [ValidCase] = [
        ValidCase("paths and literals", pass(#"{"a.$": "$.x", "b": 1, "c": {"d.$": "$$.Execution.Id", "e": [1, {"f.$": "$.g"}]}, "h": null}"#)),
        ValidCase("variables", pass(#"{"v.$": "$myVar", "w.$": "$myVar.field"}"#)),
        ValidCase("intrinsic functions", pass(#"{"a.$": "States.Format('Hello {}', $.name)", "b.$": "States.ArrayLength($.list)", "c.$": "States.UUID()"}"#)),
        ValidCase("plain key with $ in value", pass(#"{"price": "$5"}"#)),
        ValidCase("empty object", pass("{}")),
    ]

    @Test(arguments: valid)
    func accepts(_ c: ValidCase) throws { try c.check() }

    @Test func templatesAreParsedWithoutTheSuffix() throws {
        let state = try topState(expectValid(try validate(Self.pass(#"{"a.$": "$.x", "b": 1, "c": {"d.$": "$$.Execution.Id"}, "e": [{"f.$": "$.g"}]}"#))))
        guard case .pass(let p) = state.kind else {
            Issue.record("expected a Pass state")
            return
        }
        let expected: PayloadTemplate = .object([
            "a": .path(try JSONPath.parse("$.x")),
            "b": .value(1),
            "c": .object(["d": .path(try JSONPath.parse("$$.Execution.Id"))]),
            "e": .array([.object(["f": .path(try JSONPath.parse("$.g"))])]),
        ])
        #expect(p.dataFlow.parameters == expected)
        guard case .object(let members)? = p.dataFlow.parameters else { return }
        #expect(Array(members.keys) == ["a", "b", "c", "e"])
    }

    @Test func intrinsicCallsAreParsed() throws {
        let state = try topState(expectValid(try validate(Self.pass(#"{"a.$": "States.Format('Hello {}', $.name)"}"#))))
        guard case .pass(let p) = state.kind, case .object(let members)? = p.dataFlow.parameters else {
            Issue.record("expected a Pass state with Parameters")
            return
        }
        #expect(members["a"] == .intrinsic(try IntrinsicCall.parse("States.Format('Hello {}', $.name)")))
    }
}

@Suite struct ValidatorAssignTests {
    static func assign(_ members: String, top: String = "") -> String {
        machine(state: #"{"Type": "Pass", "Assign": \#(members), "End": true}"#, top: top)
    }

    @Test(arguments: ["1x", "a-b", "a b", "a.b", "$x", "states", "", String(repeating: "v", count: 81)])
    func rejectsBadVariableNames(_ name: String) throws {
        let pointer = JSONPointer(tokens: ["States", "S", "Assign", name]).description
        expectError(try validate(Self.assign(#"{"\#(name)": 1}"#)), .invalidVariable, at: pointer)
        expectError(try validate(Self.assign(#"{"\#(name).$": "$.x"}"#)), .invalidVariable,
                    at: JSONPointer(tokens: ["States", "S", "Assign", name + ".$"]).description)
        expectError(try validate(Self.assign(#"{"\#(name)": "{% 1 %}"}"#, top: jsonata)), .invalidVariable, at: pointer)
    }

    @Test(arguments: ["x", "_x", "x1", "camelCase_2", "ÜberVar", String(repeating: "v", count: 80)])
    func acceptsGoodVariableNames(_ name: String) throws {
        expectValid(try validate(Self.assign(#"{"\#(name)": 1}"#)))
        expectValid(try validate(Self.assign(#"{"\#(name).$": "$.x"}"#)))
        expectValid(try validate(Self.assign(#"{"\#(name)": "{% 1 %}"}"#, top: jsonata)))
    }

    static let invalid: [RuleCase] = [
        RuleCase("Assign is an array", assign("[]"), at: "/States/S/Assign", "an object"),
        RuleCase(".$ value is a number", assign(#"{"x.$": 1}"#), at: "/States/S/Assign/x.$", "must be a string"),
        RuleCase(".$ value is plain text", assign(#"{"x.$": "text"}"#), .invalidJSONPath, at: "/States/S/Assign/x.$"),
        RuleCase("same variable twice", assign(#"{"x": 1, "x.$": "$.x"}"#), at: "/States/S/Assign/x.$", "twice"),
        RuleCase("nested .$ value is a number", assign(#"{"x": {"y.$": 1}}"#), at: "/States/S/Assign/x/y.$"),
        RuleCase("Assign on a Fail state", machine(state: #"{"Type": "Fail", "Assign": {}}"#), at: "/States/S/Assign"),
        RuleCase("Assign on a Succeed state", machine(state: #"{"Type": "Succeed", "Assign": {}}"#), at: "/States/S/Assign"),
    ]

    @Test(arguments: invalid)
    func rejects(_ c: RuleCase) throws { try c.check() }

    static let badReferences: [RuleCase] = [
        RuleCase("variable reference starting with a digit", assign(#"{"x.$": "$1abc"}"#), .invalidJSONPath, at: "/States/S/Assign/x.$"),
        RuleCase("variable reference in Parameters", machine(state: #"{"Type": "Pass", "Parameters": {"p.$": "$9.a"}, "End": true}"#),
                 .invalidJSONPath, at: "/States/S/Parameters/p.$"),
        RuleCase("variable reference in a Choice Variable",
                 machine(state: #"{"Type": "Choice", "Choices": [{"Variable": "$1x", "IsNull": true, "Next": "S"}]}"#),
                 .invalidJSONPath, at: "/States/S/Choices/0/Variable"),
    ]

    @Test(arguments: badReferences)
    func rejectsMalformedVariableReferences(_ c: RuleCase) throws { try c.check() }

    @Test func acceptsVariableReferences() throws {
        expectValid(try validate(Self.assign(#"{"copy.$": "$original", "field.$": "$original.a[0].b", "_u.$": "$_under"}"#)))
    }

    @Test func assignmentsAreTyped() throws {
        let state = try topState(expectValid(try validate(Self.assign(#"{"a": {"k": 1}, "b.$": "$.x", "c.$": "$$.Execution.Id"}"#))))
        guard case .pass(let p) = state.kind, case .jsonPath(let variables)? = p.dataFlow.assign else {
            Issue.record("expected a JSONPath Assign")
            return
        }
        #expect(Array(variables.keys) == ["a", "b", "c"])
        #expect(variables["a"] == .object(["k": .value(1)]))
        #expect(variables["b"] == .path(try JSONPath.parse("$.x")))
    }
}
