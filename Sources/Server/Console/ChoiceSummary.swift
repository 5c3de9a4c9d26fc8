import JSONValue
import StatesLanguage

/// A short, readable form of a Choice rule's condition, for the label of its edge: `$.kind == "full"`,
/// `$.n >= 10 && $.ok == true`, `!($.x IsNull)`.
enum ChoiceSummary {
    static func text(_ condition: ChoiceCondition) -> String {
        switch condition {
        case .and(let parts): parts.map { nested($0) }.joined(separator: " && ")
        case .or(let parts): parts.map { nested($0) }.joined(separator: " || ")
        case .not(let inner): "!(" + text(inner) + ")"
        case .comparison(let variable, let op, let operand):
            variable.text + " " + symbol(op) + " " + operandText(operand)
        case .expression(let expression): expression.description
        case .literal(let value): value ? "true" : "false"
        }
    }

    static func nested(_ condition: ChoiceCondition) -> String {
        switch condition {
        case .and, .or: "(" + text(condition) + ")"
        default: text(condition)
        }
    }

    static func operandText(_ operand: ComparisonOperand) -> String {
        switch operand {
        case .value(let value): value.serialized()
        case .path(let path): path.text
        }
    }

    static func symbol(_ op: ComparisonOperator) -> String {
        switch op {
        case .stringEquals, .numericEquals, .booleanEquals, .timestampEquals: "=="
        case .stringLessThan, .numericLessThan, .timestampLessThan: "<"
        case .stringGreaterThan, .numericGreaterThan, .timestampGreaterThan: ">"
        case .stringLessThanEquals, .numericLessThanEquals, .timestampLessThanEquals: "<="
        case .stringGreaterThanEquals, .numericGreaterThanEquals, .timestampGreaterThanEquals: ">="
        case .stringMatches: "matches"
        default: op.rawValue
        }
    }
}
