import JSONValue
import StatesLanguage
import Testing

/// A Choice state `S` with `choices` (JSON array text) and a Default back to itself; `extra` adds fields.
private func choice(_ choices: String, extra: String = #""Default": "S""#) -> String {
    machine(state: #"{"Type": "Choice", "Choices": \#(choices), \#(extra)}"#)
}

/// One top-level rule with `condition` (JSON members) and `"Next": "S"`.
private func rule(_ condition: String) -> String {
    choice("[{\(condition), \"Next\": \"S\"}]")
}

@Suite struct ValidatorChoiceTests {
    /// A literal operand of the right type for each operator.
    static func literal(for op: ComparisonOperator) -> String {
        switch op.operandType {
        case .string: op == .stringMatches ? #""log-*.txt""# : #""abc""#
        case .number: "1.5"
        case .boolean: "true"
        case .timestamp: #""2016-03-14T01:59:00Z""#
        }
    }

    /// A literal operand of the wrong type for each operator.
    static func wrongLiteral(for op: ComparisonOperator) -> String {
        switch op.operandType {
        case .string: "1"
        case .number: #""1""#
        case .boolean: #""true""#
        case .timestamp: "1"
        }
    }

    @Test(arguments: ComparisonOperator.allCases)
    func everyOperatorAcceptsItsOperandType(_ op: ComparisonOperator) throws {
        expectClean(try validate(rule(#""Variable": "$.x", "\#(op.rawValue)": \#(Self.literal(for: op))"#)))
        if op.hasPathForm {
            expectClean(try validate(rule(#""Variable": "$.x", "\#(op.rawValue)Path": "$.y""#)))
        }
    }

    @Test(arguments: ComparisonOperator.allCases)
    func everyOperatorRejectsOtherOperandTypes(_ op: ComparisonOperator) throws {
        let result = try validate(rule(#""Variable": "$.x", "\#(op.rawValue)": \#(Self.wrongLiteral(for: op))"#))
        expectError(result, .schemaValidationFailed, at: "/States/S/Choices/0/\(op.rawValue)", "\"\(op.rawValue)\" must be")
        for bad in ["null", "[]", "{}"] {
            let other = try validate(rule(#""Variable": "$.x", "\#(op.rawValue)": \#(bad)"#))
            expectError(other, .schemaValidationFailed, at: "/States/S/Choices/0/\(op.rawValue)")
        }
    }

    @Test(arguments: ComparisonOperator.allCases.filter(\.hasPathForm))
    func pathOperandsMustBePathStrings(_ op: ComparisonOperator) throws {
        let key = op.rawValue + "Path"
        expectError(try validate(rule(#""Variable": "$.x", "\#(key)": 1"#)), .schemaValidationFailed,
                    at: "/States/S/Choices/0/\(key)", "path")
        expectError(try validate(rule(#""Variable": "$.x", "\#(key)": "y.z""#)), .invalidJSONPath,
                    at: "/States/S/Choices/0/\(key)")
    }

    @Test(arguments: ["StringMatchesPath", "IsPresentPath", "IsNullPath", "IsTimestampPath"])
    func operatorsWithoutAPathFormAreUnknown(_ key: String) throws {
        let result = try validate(rule(#""Variable": "$.x", "\#(key)": "$.y""#))
        expectError(result, .schemaValidationFailed, at: "/States/S/Choices/0/\(key)", "\"\(key)\"")
    }

    static let invalid: [RuleCase] = [
        RuleCase("two comparison operators", rule(#""Variable": "$.x", "StringEquals": "a", "IsPresent": true"#),
                 at: "/States/S/Choices/0", "exactly one operator"),
        RuleCase("comparison and And", rule(#""Variable": "$.x", "IsNull": true, "And": [{"Variable": "$.y", "IsNull": true}]"#),
                 at: "/States/S/Choices/0", "exactly one operator"),
        RuleCase("And and Or", rule(#""And": [{"Variable": "$.y", "IsNull": true}], "Or": [{"Variable": "$.y", "IsNull": true}]"#),
                 at: "/States/S/Choices/0", "exactly one operator"),
        RuleCase("no operator", rule(#""Variable": "$.x""#), at: "/States/S/Choices/0", "none"),
        RuleCase("nested rule with no operator", rule(#""Not": {"Variable": "$.x"}"#), at: "/States/S/Choices/0/Not", "none"),
        RuleCase("comparison without Variable", rule(#""StringEquals": "a""#), at: "/States/S/Choices/0", "\"Variable\""),
        RuleCase("nested comparison without Variable", rule(#""Or": [{"Variable": "$.a", "IsNull": true}, {"NumericEquals": 1}]"#),
                 at: "/States/S/Choices/0/Or/1", "\"Variable\""),
        RuleCase("Variable is not a string", rule(#""Variable": 1, "IsNull": true"#), at: "/States/S/Choices/0/Variable"),
        RuleCase("Variable is not a path", rule(#""Variable": "x", "IsNull": true"#), .invalidJSONPath,
                 at: "/States/S/Choices/0/Variable"),
        RuleCase("Variable beside And", rule(#""Variable": "$.x", "And": [{"Variable": "$.y", "IsNull": true}]"#),
                 at: "/States/S/Choices/0/Variable", "\"And\""),
        RuleCase("empty And", rule(#""And": []"#), at: "/States/S/Choices/0/And", "at least one"),
        RuleCase("empty Or", rule(#""Or": []"#), at: "/States/S/Choices/0/Or", "at least one"),
        RuleCase("And is an object", rule(#""And": {"Variable": "$.y", "IsNull": true}"#), at: "/States/S/Choices/0/And", "an array"),
        RuleCase("Not is an array", rule(#""Not": [{"Variable": "$.y", "IsNull": true}]"#), at: "/States/S/Choices/0/Not", "an object"),
        RuleCase("And element is not an object", rule(#""And": [{"Variable": "$.y", "IsNull": true}, "x"]"#),
                 at: "/States/S/Choices/0/And/1", "must be an object"),
        RuleCase("Next inside And", rule(#""And": [{"Variable": "$.y", "IsNull": true, "Next": "S"}]"#),
                 at: "/States/S/Choices/0/And/0/Next", "top-level"),
        RuleCase("Next inside Not", rule(#""Not": {"Variable": "$.y", "IsNull": true, "Next": "S"}"#),
                 at: "/States/S/Choices/0/Not/Next", "top-level"),
        RuleCase("Assign inside Or", rule(#""Or": [{"Variable": "$.y", "IsNull": true, "Assign": {"a": 1}}]"#),
                 at: "/States/S/Choices/0/Or/0/Assign", "top-level"),
        RuleCase("deeply nested operand type", rule(#""And": [{"Or": [{"Not": {"Variable": "$.a", "NumericEquals": "1"}}]}]"#),
                 at: "/States/S/Choices/0/And/0/Or/0/Not/NumericEquals", "a number"),
        RuleCase("top-level rule without Next", choice(#"[{"Variable": "$.x", "IsNull": true}]"#),
                 at: "/States/S/Choices/0", "\"Next\""),
        RuleCase("rule is not an object", choice(#"["x"]"#), at: "/States/S/Choices/0", "must be an object"),
        RuleCase("empty Choices", choice("[]"), at: "/States/S/Choices", "at least one rule"),
        RuleCase("Choices is an object", choice(#"{"Variable": "$.x", "IsNull": true, "Next": "S"}"#),
                 at: "/States/S/Choices", "an array"),
        RuleCase("missing Choices", machine(state: #"{"Type": "Choice", "Default": "S"}"#), at: "/States/S", "\"Choices\""),
        RuleCase("Default is not a string", choice(#"[{"Variable": "$.x", "IsNull": true, "Next": "S"}]"#, extra: #""Default": 1"#),
                 at: "/States/S/Default"),
        RuleCase("unknown field in a rule", rule(#""Variable": "$.x", "IsNull": true, "Nextt": "S""#),
                 at: "/States/S/Choices/0/Nextt", "did you mean \"Next\""),
        RuleCase("JSONata Condition in a JSONPath rule", rule(#""Condition": "{% true %}""#),
                 at: "/States/S/Choices/0/Condition", "JSONata"),
        RuleCase("Output in a JSONPath rule", rule(#""Variable": "$.x", "IsNull": true, "Output": {}"#),
                 at: "/States/S/Choices/0/Output", "JSONata"),
        RuleCase("Choice with Next", choice(#"[{"Variable": "$.x", "IsNull": true, "Next": "S"}]"#, extra: #""Next": "S""#),
                 at: "/States/S/Next", "Choice state cannot have \"Next\""),
        RuleCase("Choice with ResultPath", choice(#"[{"Variable": "$.x", "IsNull": true, "Next": "S"}]"#, extra: #""ResultPath": "$.r""#),
                 at: "/States/S/ResultPath"),
    ]

    @Test(arguments: invalid)
    func rejects(_ c: RuleCase) throws { try c.check() }

    static let jsonataInvalid: [RuleCase] = [
        RuleCase("JSONata rule without Condition",
                 machine(state: #"{"Type": "Choice", "Choices": [{"Next": "S"}], "Default": "S"}"#, top: #""QueryLanguage": "JSONata","#),
                 at: "/States/S/Choices/0", "\"Condition\""),
        RuleCase("JSONata Condition is a number",
                 machine(state: #"{"Type": "Choice", "Choices": [{"Condition": 1, "Next": "S"}], "Default": "S"}"#, top: #""QueryLanguage": "JSONata","#),
                 at: "/States/S/Choices/0/Condition"),
        RuleCase("JSONata Condition is not an expression",
                 machine(state: #"{"Type": "Choice", "Choices": [{"Condition": "true", "Next": "S"}], "Default": "S"}"#, top: #""QueryLanguage": "JSONata","#),
                 .invalidJSONata, at: "/States/S/Choices/0/Condition"),
        RuleCase("JSONPath operators in a JSONata rule",
                 machine(state: #"{"Type": "Choice", "Choices": [{"Condition": "{% true %}", "Variable": "$.x", "Next": "S"}], "Default": "S"}"#, top: #""QueryLanguage": "JSONata","#),
                 at: "/States/S/Choices/0/Variable", "JSONPath Choice field"),
    ]

    @Test(arguments: jsonataInvalid)
    func rejectsJSONataRules(_ c: RuleCase) throws { try c.check() }

    static let valid: [ValidCase] = [
        ValidCase("no Default", choice(#"[{"Variable": "$.x", "IsNull": true, "Next": "S"}]"#, extra: #""Comment": "no default""#)),
        ValidCase("And/Or/Not nesting", rule(#""And": [{"Or": [{"Not": {"Variable": "$.a", "NumericEquals": 1}}, {"Variable": "$.b", "IsPresent": false}]}, {"Variable": "$$.Execution.Name", "StringMatches": "run-*"}]"#)),
        ValidCase("Comment in nested rules", rule(#""Not": {"Comment": "c", "Variable": "$.a", "IsNull": true}, "Comment": "top""#)),
        ValidCase("variable as Variable", rule(#""Variable": "$count", "NumericGreaterThan": 1"#)),
        ValidCase("Assign on a rule", rule(#""Variable": "$.x", "IsNull": true, "Assign": {"seen": true, "x.$": "$.x"}"#)),
        ValidCase("InputPath and OutputPath", choice(#"[{"Variable": "$.x", "IsNull": true, "Next": "S"}]"#, extra: #""InputPath": "$.in", "OutputPath": "$.out", "Default": "S""#)),
        ValidCase("JSONata rules", machine(state: #"{"Type": "Choice", "Choices": [{"Condition": "{% $states.input.x > 1 %}", "Next": "S", "Output": {"a": 1}}, {"Condition": true, "Next": "S"}], "Default": "S", "Output": "{% $states.input %}"}"#, top: #""QueryLanguage": "JSONata","#)),
        ValidCase("integral double for a numeric operator", rule(#""Variable": "$.x", "NumericEquals": 3.0"#)),
        ValidCase("negative number", rule(#""Variable": "$.x", "NumericLessThan": -10"#)),
    ]

    @Test(arguments: valid)
    func accepts(_ c: ValidCase) throws { try c.check() }

    @Test func invalidTimestampOperandIsOnlyAWarning() throws {
        let result = try validate(rule(#""Variable": "$.t", "TimestampEquals": "yesterday""#))
        expectWarning(result, at: "/States/S/Choices/0/TimestampEquals", "yesterday")
        expectValid(result)
    }

    @Test func buildsTheConditionTree() throws {
        let result = try validate(choice("""
            [{"And": [{"Variable": "$.a", "NumericGreaterThan": 1},
                      {"Not": {"Variable": "$.b", "StringEqualsPath": "$.c"}}],
              "Next": "S", "Comment": "first", "Assign": {"hit": 1}},
             {"Or": [{"Variable": "$.d", "IsPresent": true}, {"Variable": "$.e", "BooleanEquals": false}], "Next": "S"}]
            """, extra: #""Default": "S""#))
        let state = try topState(expectValid(result))
        guard case .choice(let c) = state.kind else {
            Issue.record("expected a Choice state")
            return
        }
        #expect(c.defaultNext == "S")
        #expect(c.choices.count == 2)
        let expectedFirst: ChoiceCondition = .and([
            .comparison(variable: try JSONPath.parse("$.a"), operator: .numericGreaterThan, operand: .value(1)),
            .not(.comparison(variable: try JSONPath.parse("$.b"), operator: .stringEquals, operand: .path(try JSONPath.parse("$.c")))),
        ])
        let expectedSecond: ChoiceCondition = .or([
            .comparison(variable: try JSONPath.parse("$.d"), operator: .isPresent, operand: .value(true)),
            .comparison(variable: try JSONPath.parse("$.e"), operator: .booleanEquals, operand: .value(false)),
        ])
        #expect(c.choices[0].condition == expectedFirst)
        #expect(c.choices[1].condition == expectedSecond)
        #expect(c.choices.map(\.next) == ["S", "S"])
        #expect(c.choices[0].comment == "first")
        guard case .jsonPath(let assign)? = c.choices[0].assign else {
            Issue.record("expected a JSONPath Assign on the first rule")
            return
        }
        #expect(assign["hit"] == .value(1))
        #expect(c.choices[1].assign == nil)
    }

    @Test func noDefaultMeansNil() throws {
        let state = try topState(expectValid(try validate(choice(#"[{"Variable": "$.x", "IsNull": true, "Next": "S"}]"#, extra: #""Comment": "c""#))))
        guard case .choice(let c) = state.kind else { return }
        #expect(c.defaultNext == nil)
    }
}
