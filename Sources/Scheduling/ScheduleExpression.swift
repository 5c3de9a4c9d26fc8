import Foundation

/// An EventBridge Scheduler schedule expression: `rate(...)`, `cron(...)` or `at(...)`.
///
/// ```swift
/// let nightly = try ScheduleExpression(parsing: "cron(0 3 * * ? *)")
/// let schedule = Schedule(expression: nightly, timeZone: TimeZone(identifier: "Europe/Berlin")!)
/// let next = schedule.nextFireTimes(after: .now, count: 3)
/// ```
///
/// The three kinds are the ones AWS defines, a closed set, hence an enum.
public enum ScheduleExpression: Sendable, Hashable, CustomStringConvertible {
    /// A recurring schedule at a fixed interval.
    case rate(RateExpression)
    /// A recurring schedule at the times the six cron fields match.
    case cron(CronExpression)
    /// A one-time schedule.
    case at(AtExpression)

    /// Parses an expression, choosing the kind by its prefix.
    ///
    /// - Parameter text: `rate(value unit)`, `cron(fields)` or `at(yyyy-mm-ddThh:mm:ss)`; surrounding
    ///   spaces are ignored.
    /// - Throws: ``ScheduleExpressionError`` naming the field at fault and the fix.
    public init(parsing text: String) throws(ScheduleExpressionError) {
        let trimmed = text.trimmingCharacters(in: .whitespaces)
        if trimmed.hasPrefix("rate(") {
            self = .rate(try RateExpression(parsing: text))
        } else if trimmed.hasPrefix("cron(") {
            self = .cron(try CronExpression(parsing: text))
        } else if trimmed.hasPrefix("at(") {
            self = .at(try AtExpression(parsing: text))
        } else {
            throw ScheduleExpressionError(
                code: .unknownType,
                expression: text,
                field: nil,
                reason: "not a schedule expression",
                fix: "write rate(value unit), cron(minutes hours day-of-month month day-of-week year) or "
                    + "at(yyyy-mm-ddThh:mm:ss), e.g. rate(5 minutes) or cron(0 3 * * ? *)"
            )
        }
    }

    /// The expression in its canonical spelling.
    public var description: String {
        switch self {
        case .rate(let rate): rate.description
        case .cron(let cron): cron.description
        case .at(let at): at.description
        }
    }

    /// Whether the schedule fires more than once (`rate` and `cron`).
    public var isRecurring: Bool {
        if case .at = self { return false }
        return true
    }
}
