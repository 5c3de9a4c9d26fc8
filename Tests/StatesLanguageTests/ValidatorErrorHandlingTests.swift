import JSONValue
import StatesLanguage
import Testing

/// A Task state `S` with `Retry` set to `retriers` (JSON array text).
private func retry(_ retriers: String) -> String {
    machine(state: task(#""Retry": \#(retriers),"#))
}

/// A Task state `S` with one retrier holding `fields` besides `"ErrorEquals": ["States.ALL"]`.
private func retrier(_ fields: String) -> String {
    retry(#"[{"ErrorEquals": ["States.ALL"], \#(fields)}]"#)
}

/// A Task state `S` with `Catch` set to `catchers` (JSON array text); catchers go to `H`, a Fail state.
private func catching(_ catchers: String, top: String = "") -> String {
    #"{\#(top)"StartAt": "S", "States": {"S": \#(task(#""Catch": \#(catchers),"#)), "H": {"Type": "Fail"}}}"#
}

@Suite struct ValidatorRetryTests {
    static let invalid: [RuleCase] = [
        RuleCase("Retry is not an array", machine(state: task(#""Retry": {},"#)), at: "/States/S/Retry", "an array"),
        RuleCase("retrier is not an object", retry(#"["States.ALL"]"#), at: "/States/S/Retry/0", "must be an object"),
        RuleCase("ErrorEquals missing", retry(#"[{"MaxAttempts": 1}]"#), at: "/States/S/Retry/0", "\"ErrorEquals\""),
        RuleCase("ErrorEquals empty", retry(#"[{"ErrorEquals": []}]"#), at: "/States/S/Retry/0/ErrorEquals", "at least one"),
        RuleCase("ErrorEquals is a string", retry(#"[{"ErrorEquals": "States.ALL"}]"#), at: "/States/S/Retry/0/ErrorEquals", "an array"),
        RuleCase("error name is a number", retry(#"[{"ErrorEquals": ["E", 1]}]"#), at: "/States/S/Retry/0/ErrorEquals/1", "strings"),
        RuleCase("error name is empty", retry(#"[{"ErrorEquals": [""]}]"#), at: "/States/S/Retry/0/ErrorEquals/0", "empty"),
        RuleCase("States.ALL with other names", retry(#"[{"ErrorEquals": ["States.ALL", "States.Timeout"]}]"#),
                 at: "/States/S/Retry/0/ErrorEquals", "alone"),
        RuleCase("States.ALL after another name", retry(#"[{"ErrorEquals": ["E", "States.ALL"]}]"#),
                 at: "/States/S/Retry/0/ErrorEquals", "alone"),
        RuleCase("States.ALL not in the last retrier", retry(#"[{"ErrorEquals": ["States.ALL"]}, {"ErrorEquals": ["E"]}]"#),
                 at: "/States/S/Retry/0/ErrorEquals", "last"),
        RuleCase("MaxAttempts negative", retrier(#""MaxAttempts": -1"#), at: "/States/S/Retry/0/MaxAttempts", "between 0 and"),
        RuleCase("MaxAttempts fractional", retrier(#""MaxAttempts": 1.5"#), at: "/States/S/Retry/0/MaxAttempts", "whole number"),
        RuleCase("MaxAttempts string", retrier(#""MaxAttempts": "3""#), at: "/States/S/Retry/0/MaxAttempts", "an integer"),
        RuleCase("IntervalSeconds zero", retrier(#""IntervalSeconds": 0"#), at: "/States/S/Retry/0/IntervalSeconds", "0"),
        RuleCase("IntervalSeconds negative", retrier(#""IntervalSeconds": -5"#), at: "/States/S/Retry/0/IntervalSeconds"),
        RuleCase("BackoffRate below 1", retrier(#""BackoffRate": 0.5"#), at: "/States/S/Retry/0/BackoffRate", "1.0", "0.5"),
        RuleCase("BackoffRate zero", retrier(#""BackoffRate": 0"#), at: "/States/S/Retry/0/BackoffRate"),
        RuleCase("BackoffRate string", retrier(#""BackoffRate": "2""#), at: "/States/S/Retry/0/BackoffRate", "a number"),
        RuleCase("MaxDelaySeconds zero", retrier(#""MaxDelaySeconds": 0"#), at: "/States/S/Retry/0/MaxDelaySeconds"),
        RuleCase("MaxDelaySeconds above a year", retrier(#""MaxDelaySeconds": 31622401"#), at: "/States/S/Retry/0/MaxDelaySeconds",
                 "31622400"),
        RuleCase("JitterStrategy unknown", retrier(#""JitterStrategy": "PARTIAL""#), at: "/States/S/Retry/0/JitterStrategy",
                 "\"FULL\"", "\"NONE\""),
        RuleCase("JitterStrategy lowercase", retrier(#""JitterStrategy": "full""#), at: "/States/S/Retry/0/JitterStrategy"),
        RuleCase("problem in the second retrier",
                 retry(#"[{"ErrorEquals": ["E"]}, {"ErrorEquals": ["States.ALL"], "BackoffRate": 0.9}]"#),
                 at: "/States/S/Retry/1/BackoffRate"),
        RuleCase("Retry in a Parallel",
                 machine(state: #"{"Type": "Parallel", "End": true, "Branches": [{"StartAt": "B", "States": {"B": {"Type": "Succeed"}}}], "Retry": [{"ErrorEquals": []}]}"#),
                 at: "/States/S/Retry/0/ErrorEquals"),
        RuleCase("Retry in a Map", machine(state: map(#""Retry": [{"ErrorEquals": ["States.ALL"], "MaxAttempts": -2}],"#)),
                 at: "/States/S/Retry/0/MaxAttempts"),
    ]

    @Test(arguments: invalid)
    func rejects(_ c: RuleCase) throws { try c.check() }

    static let valid: [ValidCase] = [
        ValidCase("empty Retry", retry("[]")),
        ValidCase("MaxAttempts zero", retrier(#""MaxAttempts": 0"#)),
        ValidCase("IntervalSeconds one", retrier(#""IntervalSeconds": 1"#)),
        ValidCase("BackoffRate one", retrier(#""BackoffRate": 1.0"#)),
        ValidCase("BackoffRate integer", retrier(#""BackoffRate": 3"#)),
        ValidCase("MaxDelaySeconds one year", retrier(#""MaxDelaySeconds": 31622400"#)),
        ValidCase("JitterStrategy FULL", retrier(#""JitterStrategy": "FULL""#)),
        ValidCase("JitterStrategy NONE", retrier(#""JitterStrategy": "NONE""#)),
        ValidCase("States.ALL last", retry(#"[{"ErrorEquals": ["States.Timeout", "Custom.Error"]}, {"ErrorEquals": ["States.ALL"]}]"#)),
        ValidCase("Comment on a retrier", retrier(#""Comment": "c""#)),
        ValidCase("custom error names", retry(#"[{"ErrorEquals": ["Lambda.ServiceException", "MyError"]}]"#)),
    ]

    @Test(arguments: valid)
    func accepts(_ c: ValidCase) throws { try c.check() }

    @Test func defaultsAreOneThreeAndTwo() throws {
        let state = try topState(expectValid(try validate(retry(#"[{"ErrorEquals": ["States.ALL"]}]"#))))
        guard case .task(let t) = state.kind else {
            Issue.record("expected a Task")
            return
        }
        #expect(t.retry == [Retrier(errorEquals: ["States.ALL"], intervalSeconds: 1, maxAttempts: 3, backoffRate: 2.0,
                                    maxDelaySeconds: nil, jitterStrategy: .none)])
    }

    @Test func explicitValuesAreKept() throws {
        let state = try topState(expectValid(try validate(retry("""
            [{"ErrorEquals": ["States.Timeout"], "IntervalSeconds": 5, "MaxAttempts": 0, "BackoffRate": 1.5,
              "MaxDelaySeconds": 30, "JitterStrategy": "FULL"},
             {"ErrorEquals": ["States.ALL"], "MaxAttempts": 4.0}]
            """))))
        guard case .task(let t) = state.kind else { return }
        #expect(t.retry == [
            Retrier(errorEquals: ["States.Timeout"], intervalSeconds: 5, maxAttempts: 0, backoffRate: 1.5,
                    maxDelaySeconds: 30, jitterStrategy: .full),
            Retrier(errorEquals: ["States.ALL"], maxAttempts: 4),
        ])
    }

    @Test func unknownPredefinedErrorIsAWarningWithASuggestion() throws {
        let result = try validate(retry(#"[{"ErrorEquals": ["States.Timeoutt"]}]"#))
        expectWarning(result, at: "/States/S/Retry/0/ErrorEquals/0", "did you mean \"States.Timeout\"")
        expectValid(result)
    }

    @Test func maxDelayBelowIntervalIsAWarning() throws {
        let result = try validate(retrier(#""IntervalSeconds": 10, "MaxDelaySeconds": 5"#))
        expectWarning(result, at: "/States/S/Retry/0/MaxDelaySeconds")
        expectValid(result)
    }
}

@Suite struct ValidatorCatchTests {
    static let invalid: [RuleCase] = [
        RuleCase("Catch is not an array", catching("{}"), at: "/States/S/Catch", "an array"),
        RuleCase("catcher is not an object", catching("[1]"), at: "/States/S/Catch/0", "must be an object"),
        RuleCase("catcher without Next", catching(#"[{"ErrorEquals": ["States.ALL"]}]"#), at: "/States/S/Catch/0", "\"Next\""),
        RuleCase("catcher without ErrorEquals", catching(#"[{"Next": "H"}]"#), at: "/States/S/Catch/0", "\"ErrorEquals\""),
        RuleCase("empty ErrorEquals", catching(#"[{"ErrorEquals": [], "Next": "H"}]"#), at: "/States/S/Catch/0/ErrorEquals"),
        RuleCase("States.ALL not alone", catching(#"[{"ErrorEquals": ["States.ALL", "E"], "Next": "H"}]"#),
                 at: "/States/S/Catch/0/ErrorEquals", "alone"),
        RuleCase("States.ALL not last", catching(#"[{"ErrorEquals": ["States.ALL"], "Next": "H"}, {"ErrorEquals": ["E"], "Next": "H"}]"#),
                 at: "/States/S/Catch/0/ErrorEquals", "last"),
        RuleCase("Next is a number", catching(#"[{"ErrorEquals": ["States.ALL"], "Next": 1}]"#), at: "/States/S/Catch/0/Next"),
        RuleCase("ResultPath into the context", catching(#"[{"ErrorEquals": ["States.ALL"], "Next": "H", "ResultPath": "$$.Execution"}]"#),
                 .invalidJSONPath, at: "/States/S/Catch/0/ResultPath"),
        RuleCase("ResultPath not a reference path", catching(#"[{"ErrorEquals": ["States.ALL"], "Next": "H", "ResultPath": "$.a[*]"}]"#),
                 .invalidJSONPath, at: "/States/S/Catch/0/ResultPath"),
        RuleCase("ResultPath descendant", catching(#"[{"ErrorEquals": ["States.ALL"], "Next": "H", "ResultPath": "$..a"}]"#),
                 .invalidJSONPath, at: "/States/S/Catch/0/ResultPath"),
        RuleCase("ResultPath is a number", catching(#"[{"ErrorEquals": ["States.ALL"], "Next": "H", "ResultPath": 1}]"#),
                 at: "/States/S/Catch/0/ResultPath"),
        RuleCase("Output in a JSONPath catcher", catching(#"[{"ErrorEquals": ["States.ALL"], "Next": "H", "Output": {}}]"#),
                 at: "/States/S/Catch/0/Output", "JSONata"),
        RuleCase("ResultPath in a JSONata catcher",
                 #"{"QueryLanguage": "JSONata", "StartAt": "S", "States": {"S": {"Type": "Task", "Resource": "arn:aws:lambda:us-east-1:123456789012:function:f", "Catch": [{"ErrorEquals": ["States.ALL"], "Next": "H", "ResultPath": "$.e"}], "End": true}, "H": {"Type": "Fail"}}}"#,
                 at: "/States/S/Catch/0/ResultPath", "JSONPath"),
        RuleCase("bad variable in a catcher's Assign", catching(#"[{"ErrorEquals": ["States.ALL"], "Next": "H", "Assign": {"1x": 1}}]"#),
                 .invalidVariable, at: "/States/S/Catch/0/Assign/1x"),
        RuleCase("Catch on a Wait state", machine(state: #"{"Type": "Wait", "Seconds": 1, "End": true, "Catch": []}"#),
                 at: "/States/S/Catch"),
    ]

    @Test(arguments: invalid)
    func rejects(_ c: RuleCase) throws { try c.check() }

    static let valid: [ValidCase] = [
        ValidCase("States.ALL catcher", catching(#"[{"ErrorEquals": ["States.ALL"], "Next": "H"}]"#)),
        ValidCase("ResultPath null", catching(#"[{"ErrorEquals": ["States.ALL"], "Next": "H", "ResultPath": null}]"#)),
        ValidCase("ResultPath reference", catching(#"[{"ErrorEquals": ["States.ALL"], "Next": "H", "ResultPath": "$.error['detail'][0]"}]"#)),
        ValidCase("several catchers", catching(#"[{"ErrorEquals": ["A", "B"], "Next": "H", "Comment": "c"}, {"ErrorEquals": ["States.ALL"], "Next": "H", "Assign": {"failed": true}}]"#)),
    ]

    @Test(arguments: valid)
    func accepts(_ c: ValidCase) throws { try c.check() }

    @Test func catchersAreTyped() throws {
        let result = try validate(catching("""
            [{"ErrorEquals": ["States.Timeout"], "Next": "H", "ResultPath": "$.error"},
             {"ErrorEquals": ["States.ALL"], "Next": "H", "ResultPath": null}]
            """))
        let state = try topState(expectValid(result))
        guard case .task(let t) = state.kind else {
            Issue.record("expected a Task")
            return
        }
        #expect(t.catch.map(\.errorEquals) == [["States.Timeout"], ["States.ALL"]])
        #expect(t.catch.map(\.next) == ["H", "H"])
        #expect(t.catch[0].resultPath == .path(try JSONPath.parse("$.error")))
        #expect(t.catch[1].resultPath == .null)
    }
}
