import Foundation

/// An EventBridge Scheduler expression that cannot be parsed, with the field at fault and how to fix it.
///
/// The ``description`` reads as one line for people, for example
/// `cron(0 3 * * * *): day-of-month and day-of-week: one of the two must be '?'; …`.
/// Expressions carry no secrets, so the whole expression is part of the message.
public struct ScheduleExpressionError: Error, Sendable, Hashable, CustomStringConvertible {
    /// What kind of problem this is; an extensible set, so new codes do not break the API.
    public struct Code: Sendable, Hashable, CustomStringConvertible {
        private enum Base: String, Sendable, Hashable {
            case unknownType, invalidRate, invalidCron, invalidAt
        }

        private let base: Base
        private init(_ base: Base) { self.base = base }

        /// The text is none of `rate(...)`, `cron(...)` or `at(...)`.
        public static let unknownType = Code(.unknownType)
        /// A `rate(value unit)` expression is malformed.
        public static let invalidRate = Code(.invalidRate)
        /// A `cron(...)` expression is malformed: a field, or the day-of-month/day-of-week pair.
        public static let invalidCron = Code(.invalidCron)
        /// An `at(yyyy-mm-ddThh:mm:ss)` expression is malformed or names a date that does not exist.
        public static let invalidAt = Code(.invalidAt)

        /// The code's name, such as `invalidCron`.
        public var description: String { base.rawValue }
    }

    /// What kind of problem this is.
    public var code: Code
    /// The expression as it was given.
    public var expression: String
    /// The field at fault (`minutes`, `hours`, `day-of-month`, `month`, `day-of-week`, `year`, `value`, `unit`,
    /// `date`), or `nil` when the problem is the shape of the whole expression.
    public var field: String?
    /// What is wrong.
    public var reason: String
    /// What to write instead.
    public var fix: String

    /// Creates an error; parsers in this module are the usual source.
    public init(code: Code, expression: String, field: String?, reason: String, fix: String) {
        self.code = code
        self.expression = expression
        self.field = field
        self.reason = reason
        self.fix = fix
    }

    /// `EXPRESSION: FIELD: REASON; FIX`.
    public var description: String {
        var text = expression + ": "
        if let field { text += field + ": " }
        return text + reason + "; " + fix
    }
}
