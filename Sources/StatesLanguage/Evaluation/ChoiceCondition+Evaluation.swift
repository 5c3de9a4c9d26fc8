import JSONValue

extension ChoiceCondition {
    /// Whether the condition holds, with AWS Step Functions' semantics.
    ///
    /// - `And`/`Or` stop at the first rule that decides the result; `Not` negates.
    /// - A comparison whose `Variable` (or `...Path` operand) selects nothing fails with `States.Runtime`, except
    ///   `IsPresent`, which is there to test exactly that.
    /// - A value of the wrong type makes a comparison false: `NumericEquals` on a string, `TimestampEquals` on a
    ///   string that is not an RFC 3339 timestamp, and so on.
    /// - Numbers compare by value whatever their form (`1` equals `1.0`); strings compare by UTF-16 code units,
    ///   as Java does; timestamps compare as instants (`...Z` equals the same instant with an offset).
    /// - `StringMatches` treats `*` as any run of characters, `\*` as a literal star and `\\` as a backslash.
    ///
    /// - Parameter context: The input, context object and variables the paths read.
    /// - Returns: Whether the condition holds.
    /// - Throws: ``StatesError`` `States.Runtime`:
    ///   `Invalid path '$.x': The choice state's condition path references an invalid value.`
    public func evaluate(in context: EvaluationContext) throws(StatesError) -> Bool {
        switch self {
        case .and(let conditions):
            for condition in conditions where try !condition.evaluate(in: context) { return false }
            return true
        case .or(let conditions):
            for condition in conditions where try condition.evaluate(in: context) { return true }
            return false
        case .not(let condition):
            return try !condition.evaluate(in: context)
        case .literal(let value):
            return value
        case .expression(let expression):
            throw .runtime("The JSONata condition '\(expression.source)' must be evaluated by the JSONata engine")
        case .comparison(let variable, let op, let operand):
            let value = variable.select(in: context)
            if op == .isPresent {
                return (value != nil) == (Self.literal(operand, in: context) == .bool(true))
            }
            guard let value else { throw Self.invalidPath(variable) }
            let right: JSONValue
            switch operand {
            case .value(let literal): right = literal
            case .path(let path):
                guard let selected = path.select(in: context) else { throw Self.invalidPath(path) }
                right = selected
            }
            return Self.compare(value, op, right)
        }
    }

    private static func literal(_ operand: ComparisonOperand, in context: EvaluationContext) -> JSONValue? {
        switch operand {
        case .value(let v): v
        case .path(let p): p.select(in: context)
        }
    }

    static func invalidPath(_ path: JSONPath) -> StatesError {
        .runtime("Invalid path '\(path.text)': The choice state's condition path references an invalid value.")
    }

    /// One data-test comparison; `right` is the literal operand or the value the `...Path` operand selected.
    static func compare(_ left: JSONValue, _ op: ComparisonOperator, _ right: JSONValue) -> Bool {
        switch op {
        case .stringEquals, .stringLessThan, .stringGreaterThan, .stringLessThanEquals, .stringGreaterThanEquals:
            guard case .string(let a) = left, case .string(let b) = right else { return false }
            let order = a.utf16Order(b)
            switch op {
            case .stringEquals: return order == 0
            case .stringLessThan: return order < 0
            case .stringGreaterThan: return order > 0
            case .stringLessThanEquals: return order <= 0
            default: return order >= 0
            }
        case .stringMatches:
            guard case .string(let a) = left, case .string(let pattern) = right else { return false }
            return WildcardPattern(pattern).matches(a)
        case .numericEquals, .numericLessThan, .numericGreaterThan, .numericLessThanEquals,
            .numericGreaterThanEquals:
            guard left.isNumber, right.isNumber else { return false }
            let order = compareNumbers(left, right)
            switch op {
            case .numericEquals: return order == 0
            case .numericLessThan: return order < 0
            case .numericGreaterThan: return order > 0
            case .numericLessThanEquals: return order <= 0
            default: return order >= 0
            }
        case .booleanEquals:
            guard case .bool(let a) = left, case .bool(let b) = right else { return false }
            return a == b
        case .timestampEquals, .timestampLessThan, .timestampGreaterThan, .timestampLessThanEquals,
            .timestampGreaterThanEquals:
            guard case .string(let a) = left, case .string(let b) = right,
                let x = Timestamp.parseSeconds(a), let y = Timestamp.parseSeconds(b)
            else { return false }
            switch op {
            case .timestampEquals: return x == y
            case .timestampLessThan: return x < y
            case .timestampGreaterThan: return x > y
            case .timestampLessThanEquals: return x <= y
            default: return x >= y
            }
        case .isNull, .isPresent, .isNumeric, .isString, .isBoolean, .isTimestamp:
            guard case .bool(let expected) = right else { return false }
            let actual: Bool
            switch op {
            case .isNull: actual = left == .null
            case .isNumeric: actual = left.isNumber
            case .isString: actual = left.stringValue != nil
            case .isBoolean: actual = left.boolValue != nil
            case .isTimestamp: actual = left.stringValue.map(Timestamp.isValid) ?? false
            default: actual = true  // .isPresent: the value is there.
            }
            return actual == expected
        }
    }
}

/// A `StringMatches` pattern: `*` matches any run of characters (none included), `\*` a literal `*`, `\\` a
/// literal `\`; every other character matches itself.
struct WildcardPattern {
    enum Token: Equatable {
        case literal(Unicode.Scalar)
        case star
    }

    let tokens: [Token]

    init(_ pattern: String) {
        var tokens: [Token] = []
        var escaped = false
        for scalar in pattern.unicodeScalars {
            if escaped {
                tokens.append(.literal(scalar))
                escaped = false
            } else if scalar == "\\" {
                escaped = true
            } else if scalar == "*" {
                if tokens.last != .star { tokens.append(.star) }
            } else {
                tokens.append(.literal(scalar))
            }
        }
        if escaped { tokens.append(.literal("\\")) }
        self.tokens = tokens
    }

    /// Whether the whole of `text` matches (greedy with backtracking to the last star, linear in practice).
    func matches(_ text: String) -> Bool {
        let s = Array(text.unicodeScalars)
        var i = 0
        var t = 0
        var starToken = -1
        var starText = 0
        while i < s.count {
            if t < tokens.count, case .literal(let c) = tokens[t], c == s[i] {
                i += 1
                t += 1
            } else if t < tokens.count, tokens[t] == .star {
                starToken = t
                starText = i
                t += 1
            } else if starToken >= 0 {
                t = starToken + 1
                starText += 1
                i = starText
            } else {
                return false
            }
        }
        while t < tokens.count, tokens[t] == .star { t += 1 }
        return t == tokens.count
    }
}
