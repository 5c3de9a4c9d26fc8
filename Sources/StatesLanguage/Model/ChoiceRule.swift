public import JSONValue

/// A top-level entry of a Choice state's `Choices`: a condition and where to go when it holds.
public struct ChoiceRule: Sendable {
    public var condition: ChoiceCondition
    /// `Next`.
    public var next: String
    /// `Assign`, applied when this rule is taken.
    public var assign: Assignment?
    /// `Output` (JSONata), used when this rule is taken.
    public var output: JSONataTemplate?
    /// `Comment`.
    public var comment: String?
}

/// A Boolean expression of a Choice rule.
public indirect enum ChoiceCondition: Sendable, Hashable {
    case and([ChoiceCondition])
    case or([ChoiceCondition])
    case not(ChoiceCondition)
    /// A data-test expression: `Variable` compared with an operand.
    case comparison(variable: JSONPath, operator: ComparisonOperator, operand: ComparisonOperand)
    /// A JSONata `Condition`.
    case expression(JSONataExpression)
    /// A JSONata `Condition` given as a literal boolean.
    case literal(Bool)
}

/// The right-hand side of a comparison: a literal, or (for the `...Path` operators) a path.
public enum ComparisonOperand: Sendable, Hashable {
    case value(JSONValue)
    case path(JSONPath)
}

/// A Choice comparison operator; `...Path` variants share the operator and take a ``ComparisonOperand/path(_:)``.
public enum ComparisonOperator: String, Sendable, Hashable, CaseIterable {
    case stringEquals = "StringEquals"
    case stringLessThan = "StringLessThan"
    case stringGreaterThan = "StringGreaterThan"
    case stringLessThanEquals = "StringLessThanEquals"
    case stringGreaterThanEquals = "StringGreaterThanEquals"
    case stringMatches = "StringMatches"
    case numericEquals = "NumericEquals"
    case numericLessThan = "NumericLessThan"
    case numericGreaterThan = "NumericGreaterThan"
    case numericLessThanEquals = "NumericLessThanEquals"
    case numericGreaterThanEquals = "NumericGreaterThanEquals"
    case booleanEquals = "BooleanEquals"
    case timestampEquals = "TimestampEquals"
    case timestampLessThan = "TimestampLessThan"
    case timestampGreaterThan = "TimestampGreaterThan"
    case timestampLessThanEquals = "TimestampLessThanEquals"
    case timestampGreaterThanEquals = "TimestampGreaterThanEquals"
    case isNull = "IsNull"
    case isPresent = "IsPresent"
    case isNumeric = "IsNumeric"
    case isString = "IsString"
    case isBoolean = "IsBoolean"
    case isTimestamp = "IsTimestamp"

    /// The JSON type a literal operand must have.
    public var operandType: OperandType {
        switch self {
        case .stringEquals, .stringLessThan, .stringGreaterThan, .stringLessThanEquals, .stringGreaterThanEquals,
            .stringMatches:
            .string
        case .numericEquals, .numericLessThan, .numericGreaterThan, .numericLessThanEquals, .numericGreaterThanEquals:
            .number
        case .timestampEquals, .timestampLessThan, .timestampGreaterThan, .timestampLessThanEquals,
            .timestampGreaterThanEquals:
            .timestamp
        case .booleanEquals, .isNull, .isPresent, .isNumeric, .isString, .isBoolean, .isTimestamp:
            .boolean
        }
    }

    /// Whether the operator has a `...Path` form (all but `StringMatches` and the `Is...` tests).
    public var hasPathForm: Bool {
        switch self {
        case .stringMatches, .isNull, .isPresent, .isNumeric, .isString, .isBoolean, .isTimestamp: false
        default: true
        }
    }

    /// The type of literal operand an operator takes.
    public enum OperandType: String, Sendable {
        case string, number, boolean, timestamp
    }
}
