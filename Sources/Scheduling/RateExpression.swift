import Foundation

/// A parsed EventBridge Scheduler `rate(value unit)` expression: a fixed interval between runs.
///
/// `value` is a positive whole number and `unit` one of `minute`, `minutes`, `hour`, `hours`, `day`, `days`;
/// as AWS requires, the singular goes with 1 and only with 1 (`rate(1 hour)`, `rate(5 hours)`). A day is 24 hours
/// of elapsed time, so daylight-saving changes do not move a rate schedule: it keeps its interval and its
/// local clock time shifts by an hour instead, which is what EventBridge Scheduler documents.
public struct RateExpression: Sendable, Hashable, CustomStringConvertible {
    /// The unit of a rate.
    public enum Unit: String, Sendable, Hashable, CaseIterable {
        /// 60 seconds.
        case minute
        /// 3,600 seconds.
        case hour
        /// 86,400 seconds, regardless of daylight-saving changes.
        case day

        /// The unit's length in seconds.
        public var seconds: Int {
            switch self {
            case .minute: 60
            case .hour: 3600
            case .day: 86_400
            }
        }
    }

    /// How many units lie between two runs; at least 1.
    public let value: Int
    /// The unit of ``value``.
    public let unit: Unit

    /// The interval between two runs.
    public var interval: Duration { .seconds(value * unit.seconds) }

    /// The interval between two runs, in seconds.
    public var intervalSeconds: Int { value * unit.seconds }

    /// The expression as `rate(value unit)`, with the unit in the singular for 1.
    public var description: String { "rate(\(value) \(unit.rawValue)\(value == 1 ? "" : "s"))" }

    /// Creates a rate; `value` must be at least 1.
    public init(value: Int, unit: Unit) {
        precondition(value >= 1, "a rate's value must be at least 1")
        self.value = value
        self.unit = unit
    }

    /// Parses a whole `rate(...)` expression.
    ///
    /// - Parameter text: The expression, such as `rate(5 minutes)`.
    /// - Throws: ``ScheduleExpressionError`` with code ``ScheduleExpressionError/Code/invalidRate``.
    public init(parsing text: String) throws(ScheduleExpressionError) {
        func fail(_ field: String?, _ reason: String, _ fix: String) -> ScheduleExpressionError {
            ScheduleExpressionError(code: .invalidRate, expression: text, field: field, reason: reason, fix: fix)
        }
        let trimmed = text.trimmingCharacters(in: .whitespaces)
        guard trimmed.hasPrefix("rate("), trimmed.hasSuffix(")") else {
            throw fail(nil, "not a rate expression", "write rate(value unit), e.g. rate(5 minutes)")
        }
        let parts = trimmed.dropFirst(5).dropLast().split(separator: " ")
        guard parts.count == 2 else {
            throw fail(nil, "a rate has two parts, a value and a unit", "write rate(value unit), e.g. rate(5 minutes)")
        }
        guard parts[0].allSatisfy(\.isASCIIDigit), let value = Int(parts[0]), value >= 1 else {
            throw fail(
                "value",
                "'\(parts[0])' is not a positive whole number",
                "write a whole number of at least 1, e.g. rate(5 minutes)"
            )
        }
        let unitText = parts[1]
        let singular = unitText.hasSuffix("s") ? String(unitText.dropLast()) : String(unitText)
        guard let unit = Unit(rawValue: singular) else {
            throw fail("unit", "'\(unitText)' is not a unit", "use minute(s), hour(s) or day(s), e.g. rate(5 minutes)")
        }
        if value == 1 && unitText.hasSuffix("s") {
            throw fail("unit", "a value of 1 takes the singular", "write rate(1 \(unit.rawValue))")
        }
        if value != 1 && !unitText.hasSuffix("s") {
            throw fail("unit", "a value other than 1 takes the plural", "write rate(\(value) \(unit.rawValue)s)")
        }
        self.init(value: value, unit: unit)
    }
}
