import JSONValue

extension DefinitionParser {
    static let booleanOperators: Set<String> = ["And", "Or", "Not"]
    static let comparisonKeys: [String: (ComparisonOperator, isPath: Bool)] = {
        var keys: [String: (ComparisonOperator, isPath: Bool)] = [:]
        for op in ComparisonOperator.allCases {
            keys[op.rawValue] = (op, false)
            if op.hasPathForm { keys[op.rawValue + "Path"] = (op, true) }
        }
        return keys
    }()

    func parseChoice(_ f: FieldContext, scope: inout Scope) -> State.Kind? {
        let dataFlow = parseDataFlow(f)
        requireFields(f.object, ["Choices"], at: f.pointer, context: "The Choice state \"\(f.name)\"")
        var rules: [ChoiceRule] = []
        var valid = true
        if let array = jsonArray(f.object, "Choices", at: f.pointer) {
            if array.isEmpty { schema(f.at("Choices"), "\"Choices\" must hold at least one rule") }
            for (i, value) in array.enumerated() {
                if let rule = parseTopRule(value, at: f.at("Choices").appending(i), state: f, scope: &scope) {
                    rules.append(rule)
                } else {
                    valid = false
                }
            }
        } else {
            valid = false
        }
        let defaultNext = string(f.object, "Default", at: f.pointer)
        if let defaultNext {
            scope.edges.append(Edge(from: f.name, target: defaultNext, at: f.at("Default"), field: "Default"))
        }
        guard valid else { return nil }
        return .choice(ChoiceState(dataFlow: dataFlow, choices: rules, defaultNext: defaultNext))
    }

    /// A rule in `Choices`: a condition plus `Next` (and optionally `Assign`, `Output`, `Comment`).
    func parseTopRule(_ value: JSONValue, at pointer: JSONPointer, state f: FieldContext, scope: inout Scope) -> ChoiceRule? {
        guard case .object(let object) = value else {
            schema(pointer, "A Choice rule must be an object, but it is \(article(value.typeName)) \(value.typeName)")
            return nil
        }
        let next = string(object, "Next", at: pointer)
        if object["Next"] == nil {
            schema(pointer, "A Choice rule needs \"Next\": the state to go to when the rule matches")
        }
        if let next { scope.edges.append(Edge(from: f.name, target: next, at: pointer.appending("Next"), field: "Next")) }
        let assign = object["Assign"].flatMap { assignment($0, at: pointer.appending("Assign"), language: f.language) }
        var output: JSONataTemplate?
        if let value = object["Output"] {
            if f.language == .jsonata {
                output = jsonataTemplate(value, at: pointer.appending("Output"))
            } else {
                schema(pointer.appending("Output"), "\"Output\" is a JSONata field and cannot be used in a JSONPath Choice rule")
            }
        }
        let condition: ChoiceCondition?
        if f.language == .jsonata {
            checkUnknownFields(object, at: pointer, allowed: ["Condition", "Next", "Comment", "Assign", "Output"],
                               context: "A JSONata Choice rule") { key in
                Self.comparisonKeys[key] != nil || key == "Variable" || Self.booleanOperators.contains(key)
                    ? "\"\(key)\" is a JSONPath Choice field; JSONata rules use \"Condition\": \"{% boolean expression %}\""
                    : nil
            }
            condition = jsonataCondition(object, at: pointer)
        } else {
            condition = parseCondition(object, at: pointer, nested: false)
        }
        guard let condition, let next else { return nil }
        return ChoiceRule(condition: condition, next: next, assign: assign, output: output,
                          comment: string(object, "Comment", at: pointer))
    }

    func jsonataCondition(_ object: JSONObject, at pointer: JSONPointer) -> ChoiceCondition? {
        guard let value = object["Condition"] else {
            schema(pointer, "A JSONata Choice rule needs \"Condition\": \"{% boolean expression %}\"")
            return nil
        }
        switch value {
        case .bool(let b): return .literal(b)
        case .string(let s): return jsonataExpression(s, at: pointer.appending("Condition")).map { .expression($0) }
        default:
            typeMismatch("Condition", at: pointer.appending("Condition"), expected: "a {% %} expression or a boolean", got: value)
            return nil
        }
    }

    /// The fields of a rule nested in And/Or/Not, and of a top-level rule.
    static let nestedRuleFields: Set<String> = Set(["Comment", "Variable"]).union(booleanOperators).union(comparisonKeys.keys)
    static let topRuleFields: Set<String> = nestedRuleFields.union(["Next", "Assign", "Output"])

    /// A JSONPath Boolean expression: `And`, `Or`, `Not`, or `Variable` with exactly one comparison.
    func parseCondition(_ object: JSONObject, at pointer: JSONPointer, nested: Bool) -> ChoiceCondition? {
        let allowed = nested ? Self.nestedRuleFields : Self.topRuleFields
        checkUnknownFields(object, at: pointer, allowed: allowed, context: "A Choice rule") { key in
            if nested && (key == "Next" || key == "Assign") {
                return "\"\(key)\" is only allowed on a top-level Choice rule, not inside And, Or or Not"
            }
            if key == "Condition" {
                return "\"Condition\" is a JSONata Choice field; set \"QueryLanguage\": \"JSONata\" to use it, or write a JSONPath rule with \"Variable\" and an operator"
            }
            return nil
        }
        let booleans = Self.booleanOperators.filter { object[$0] != nil }.sorted()
        let comparisons = object.keys.filter { Self.comparisonKeys[$0] != nil }
        if booleans.count + comparisons.count != 1 {
            let found = (booleans + comparisons).map { "\"\($0)\"" }.joined(separator: ", ")
            if booleans.isEmpty && comparisons.isEmpty {
                schema(pointer, "A Choice rule needs exactly one operator: \"And\", \"Or\", \"Not\", or \"Variable\" with a comparison such as \"StringEquals\", \"NumericGreaterThan\" or \"IsPresent\"; it has none")
            } else {
                schema(pointer, "A Choice rule must have exactly one operator, but this one has \(found); combine several tests with \"And\" or \"Or\"")
            }
            return nil
        }
        if let op = booleans.first {
            if object["Variable"] != nil {
                schema(pointer.appending("Variable"), "\"Variable\" cannot be used with \"\(op)\"; put it in the nested rules")
            }
            let p = pointer.appending(op)
            if op == "Not" {
                guard let inner = jsonObject(object, "Not", at: pointer) else { return nil }
                return parseCondition(inner, at: p, nested: true).map { .not($0) }
            }
            guard let array = jsonArray(object, op, at: pointer) else { return nil }
            if array.isEmpty {
                schema(p, "\"\(op)\" must hold at least one rule")
                return nil
            }
            var conditions: [ChoiceCondition] = []
            for (i, element) in array.enumerated() {
                guard case .object(let inner) = element else {
                    schema(p.appending(i), "Each rule inside \"\(op)\" must be an object, but this one is \(article(element.typeName)) \(element.typeName)")
                    return nil
                }
                guard let c = parseCondition(inner, at: p.appending(i), nested: true) else { return nil }
                conditions.append(c)
            }
            return op == "And" ? .and(conditions) : .or(conditions)
        }
        let key = comparisons[0]
        let (op, isPath) = Self.comparisonKeys[key]!
        guard let variableText = string(object, "Variable", at: pointer) else {
            if object["Variable"] == nil {
                schema(pointer, "The comparison \"\(key)\" needs \"Variable\": the path of the value to test")
            }
            return nil
        }
        let variable = path(variableText, at: pointer.appending("Variable"), field: "Variable", reference: false)
        let operand = comparisonOperand(op, isPath: isPath, key: key, value: object[key]!, at: pointer.appending(key))
        guard let variable, let operand else { return nil }
        return .comparison(variable: variable, operator: op, operand: operand)
    }

    func comparisonOperand(_ op: ComparisonOperator, isPath: Bool, key: String, value: JSONValue, at pointer: JSONPointer)
        -> ComparisonOperand?
    {
        if isPath {
            guard case .string(let text) = value else {
                typeMismatch(key, at: pointer, expected: "a path string", got: value)
                return nil
            }
            return path(text, at: pointer, field: key, reference: false).map { .path($0) }
        }
        switch (op.operandType, value) {
        case (.string, .string):
            return .value(value)
        case (.number, .integer), (.number, .double):
            return .value(value)
        case (.boolean, .bool):
            return .value(value)
        case (.timestamp, .string(let s)):
            if !Timestamp.isValid(s) {
                warn(pointer, "\"\(s)\" is not an RFC 3339 timestamp, so \"\(key)\" can never match; write it like \"2026-03-14T01:59:00Z\"")
            }
            return .value(value)
        default:
            let expected = switch op.operandType {
            case .string: "a string"
            case .number: "a number"
            case .boolean: "true or false"
            case .timestamp: "a timestamp string"
            }
            typeMismatch(key, at: pointer, expected: expected, got: value)
            return nil
        }
    }
}
