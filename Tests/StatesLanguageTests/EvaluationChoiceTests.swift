import JSONValue
import StatesLanguage
import Testing

@Suite("Choice condition evaluation")
struct EvaluationChoiceTests {
    static let input: JSONValue = [
        "s": "abc", "i": 1, "d": 1.0, "half": 1.5, "big": 9_007_199_254_740_993, "t": true, "n": nil,
        "ts": "2016-03-14T01:59:00Z", "tsOffset": "2016-03-14T02:59:00+01:00", "tsFraction": "2016-03-14T01:59:00.5Z",
        "star": "a*b", "slash": #"a\b"#, "nested": ["x": "abc"], "list": [],
    ]

    struct Case: CustomTestStringConvertible, Sendable {
        var rule: String
        var holds: Bool
        var testDescription: String { rule }
    }

    static let cases: [Case] = [
        // Strings compare by UTF-16 code units; wrong types are false.
        Case(rule: #"{"Variable": "$.s", "StringEquals": "abc"}"#, holds: true),
        Case(rule: #"{"Variable": "$.i", "StringEquals": "1"}"#, holds: false),
        Case(rule: #"{"Variable": "$.s", "StringLessThan": "abd"}"#, holds: true),
        Case(rule: #"{"Variable": "$.s", "StringGreaterThan": "ab"}"#, holds: true),
        Case(rule: #"{"Variable": "$.s", "StringLessThanEquals": "abc"}"#, holds: true),
        Case(rule: #"{"Variable": "$.s", "StringGreaterThanEquals": "abd"}"#, holds: false),
        Case(rule: #"{"Variable": "$.s", "StringEqualsPath": "$.nested.x"}"#, holds: true),
        Case(rule: #"{"Variable": "$.s", "StringLessThanPath": "$.star"}"#, holds: false),
        // StringMatches: `*` is a wildcard, `\*` a star, `\\` a backslash.
        Case(rule: #"{"Variable": "$.s", "StringMatches": "a*"}"#, holds: true),
        Case(rule: #"{"Variable": "$.s", "StringMatches": "*c"}"#, holds: true),
        Case(rule: #"{"Variable": "$.s", "StringMatches": "a*b*c*"}"#, holds: true),
        Case(rule: #"{"Variable": "$.s", "StringMatches": "*d*"}"#, holds: false),
        Case(rule: #"{"Variable": "$.s", "StringMatches": "ab"}"#, holds: false),
        Case(rule: #"{"Variable": "$.star", "StringMatches": "a\\*b"}"#, holds: true),
        Case(rule: #"{"Variable": "$.s", "StringMatches": "a\\*c"}"#, holds: false),
        Case(rule: #"{"Variable": "$.slash", "StringMatches": "a\\\\b"}"#, holds: true),
        Case(rule: #"{"Variable": "$.i", "StringMatches": "*"}"#, holds: false),
        // Numbers: integer against double by value.
        Case(rule: #"{"Variable": "$.i", "NumericEquals": 1.0}"#, holds: true),
        Case(rule: #"{"Variable": "$.d", "NumericEquals": 1}"#, holds: true),
        Case(rule: #"{"Variable": "$.half", "NumericGreaterThan": 1}"#, holds: true),
        Case(rule: #"{"Variable": "$.half", "NumericLessThan": 2}"#, holds: true),
        Case(rule: #"{"Variable": "$.i", "NumericLessThanEquals": 1}"#, holds: true),
        Case(rule: #"{"Variable": "$.i", "NumericGreaterThanEquals": 1.5}"#, holds: false),
        Case(rule: #"{"Variable": "$.big", "NumericGreaterThan": 9007199254740992}"#, holds: true),
        Case(rule: #"{"Variable": "$.s", "NumericEquals": 1}"#, holds: false),
        Case(rule: #"{"Variable": "$.i", "NumericEqualsPath": "$.d"}"#, holds: true),
        Case(rule: #"{"Variable": "$.i", "NumericLessThanPath": "$.half"}"#, holds: true),
        Case(rule: #"{"Variable": "$.i", "NumericEqualsPath": "$.s"}"#, holds: false),
        // Booleans.
        Case(rule: #"{"Variable": "$.t", "BooleanEquals": true}"#, holds: true),
        Case(rule: #"{"Variable": "$.s", "BooleanEquals": true}"#, holds: false),
        Case(rule: #"{"Variable": "$.t", "BooleanEqualsPath": "$.t"}"#, holds: true),
        // Timestamps compare as instants.
        Case(rule: #"{"Variable": "$.ts", "TimestampEquals": "2016-03-14T01:59:00Z"}"#, holds: true),
        Case(rule: #"{"Variable": "$.ts", "TimestampEqualsPath": "$.tsOffset"}"#, holds: true),
        Case(rule: #"{"Variable": "$.ts", "TimestampLessThanPath": "$.tsFraction"}"#, holds: true),
        Case(rule: #"{"Variable": "$.ts", "TimestampGreaterThan": "2016-03-14T01:58:59Z"}"#, holds: true),
        Case(rule: #"{"Variable": "$.ts", "TimestampLessThanEquals": "2016-03-14T01:59:00Z"}"#, holds: true),
        Case(rule: #"{"Variable": "$.ts", "TimestampGreaterThanEquals": "2016-03-14T01:59:01Z"}"#, holds: false),
        Case(rule: #"{"Variable": "$.s", "TimestampEquals": "2016-03-14T01:59:00Z"}"#, holds: false),
        // Type tests.
        Case(rule: #"{"Variable": "$.n", "IsNull": true}"#, holds: true),
        Case(rule: #"{"Variable": "$.s", "IsNull": false}"#, holds: true),
        Case(rule: #"{"Variable": "$.d", "IsNumeric": true}"#, holds: true),
        Case(rule: #"{"Variable": "$.s", "IsNumeric": true}"#, holds: false),
        Case(rule: #"{"Variable": "$.s", "IsString": true}"#, holds: true),
        Case(rule: #"{"Variable": "$.t", "IsBoolean": true}"#, holds: true),
        Case(rule: #"{"Variable": "$.ts", "IsTimestamp": true}"#, holds: true),
        Case(rule: #"{"Variable": "$.s", "IsTimestamp": false}"#, holds: true),
        Case(rule: #"{"Variable": "$.s", "IsPresent": true}"#, holds: true),
        Case(rule: #"{"Variable": "$.missing", "IsPresent": false}"#, holds: true),
        Case(rule: #"{"Variable": "$.missing", "IsPresent": true}"#, holds: false),
        Case(rule: #"{"Variable": "$.list[*]", "IsPresent": true}"#, holds: true),
        // Boolean combinators.
        Case(rule: #"{"And": [{"Variable": "$.t", "BooleanEquals": true}, {"Variable": "$.i", "NumericEquals": 1}]}"#,
            holds: true),
        Case(rule: #"{"And": [{"Variable": "$.t", "BooleanEquals": false}, {"Variable": "$.nope", "NumericEquals": 1}]}"#,
            holds: false),
        Case(rule: #"{"Or": [{"Variable": "$.t", "BooleanEquals": false}, {"Variable": "$.i", "NumericEquals": 1}]}"#,
            holds: true),
        Case(rule: #"{"Or": [{"Variable": "$.t", "BooleanEquals": true}, {"Variable": "$.nope", "NumericEquals": 1}]}"#,
            holds: true),
        Case(rule: #"{"Not": {"Variable": "$.s", "StringEquals": "abc"}}"#, holds: false),
        Case(rule: #"{"Not": {"Variable": "$.missing", "IsPresent": true}}"#, holds: true),
    ]

    @Test("operators", arguments: cases)
    func operators(_ c: Case) throws {
        let condition = try EvaluationSupport.condition(c.rule)
        #expect(try condition.evaluate(in: EvaluationContext(input: Self.input)) == c.holds)
    }

    @Test(
        "a missing Variable or operand path is States.Runtime with AWS's cause",
        arguments: [
            (#"{"Variable": "$.missing", "StringEquals": "x"}"#, "$.missing"),
            (#"{"Variable": "$.missing", "IsNull": true}"#, "$.missing"),
            (#"{"Variable": "$.s", "StringEqualsPath": "$.other"}"#, "$.other"),
            (#"{"Not": {"Variable": "$.nested.y", "IsString": true}}"#, "$.nested.y"),
        ])
    func missingPath(rule: String, path: String) throws {
        let condition = try EvaluationSupport.condition(rule)
        let error = #expect(throws: StatesError.self) { try condition.evaluate(in: EvaluationContext(input: Self.input)) }
        #expect(error?.error == "States.Runtime")
        #expect(error?.cause == "Invalid path '\(path)': The choice state's condition path references an invalid value.")
    }

    @Test("Variable reads the context object and workflow variables")
    func otherRoots() throws {
        let context = EvaluationContext(
            input: [:], context: ["Execution": ["Name": "run"]], variables: ["count": 3, "limits": ["max": 5]])
        #expect(try EvaluationSupport.condition(#"{"Variable": "$$.Execution.Name", "StringEquals": "run"}"#)
            .evaluate(in: context))
        #expect(try EvaluationSupport.condition(#"{"Variable": "$count", "NumericLessThanPath": "$limits.max"}"#)
            .evaluate(in: context))
        #expect(try !EvaluationSupport.condition(#"{"Variable": "$undefined", "IsPresent": true}"#).evaluate(in: context))
    }
}
