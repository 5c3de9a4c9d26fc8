public import Foundation

/// A parsed EventBridge Scheduler `cron(minutes hours day-of-month month day-of-week year)` expression.
///
/// Six fields separated by white space, evaluated in the schedule's time zone:
///
/// | Field | Values | Wildcards |
/// |---|---|---|
/// | minutes | 0-59 | `, - * /` |
/// | hours | 0-23 | `, - * /` |
/// | day-of-month | 1-31 | `, - * ? / L W` (and `LW`) |
/// | month | 1-12 or JAN-DEC | `, - * /` |
/// | day-of-week | 1-7 or SUN-SAT (1 = SUN) | `, - * ? L #` |
/// | year | 1970-2199 | `, - * /` |
///
/// Exactly one of day-of-month and day-of-week must be `?`. Create one with ``init(parsing:)`` or through
/// ``ScheduleExpression/init(parsing:)``; compute fire times with ``nextFireTimes(after:in:count:)``.
public struct CronExpression: Sendable, Hashable, CustomStringConvertible {
    /// The six fields as written, separated by single spaces.
    public let fields: [String]

    let minutes: [Int]
    let hours: [Int]
    let months: [Int]
    let years: [Int]
    let days: DayRule

    /// The day rule: exactly one of the two day fields is `?`, the other one decides.
    enum DayRule: Sendable, Hashable {
        case dayOfMonth(DayOfMonth)
        case dayOfWeek(DayOfWeek)
    }

    /// A day-of-month field: plain days, `L`, `LW` and `nW`.
    struct DayOfMonth: Sendable, Hashable {
        var days: Set<Int> = []
        var lastDay = false
        var lastWeekday = false
        var nearestWeekdays: Set<Int> = []
    }

    /// A day-of-week field (1 = Sunday): plain weekdays, `nL` (the last such weekday of the month) and
    /// `n#k` (the k-th such weekday of the month).
    struct DayOfWeek: Sendable, Hashable {
        var weekdays: Set<Int> = []
        var lastOfMonth: Set<Int> = []
        var nth: [Nth] = []

        struct Nth: Sendable, Hashable {
            var weekday: Int
            var occurrence: Int
        }
    }

    /// The expression as `cron(...)`.
    public var description: String { "cron(" + fields.joined(separator: " ") + ")" }

    /// Parses a whole `cron(...)` expression.
    ///
    /// - Parameter text: The expression, such as `cron(0 3 ? * MON-FRI *)`.
    /// - Throws: ``ScheduleExpressionError`` naming the field at fault and the fix.
    public init(parsing text: String) throws(ScheduleExpressionError) {
        let trimmed = text.trimmingCharacters(in: .whitespaces)
        guard trimmed.hasPrefix("cron("), trimmed.hasSuffix(")") else {
            throw ScheduleExpressionError(
                code: .invalidCron,
                expression: text,
                field: nil,
                reason: "not a cron expression",
                fix: "write cron(minutes hours day-of-month month day-of-week year), e.g. cron(0 3 * * ? *)"
            )
        }
        try self.init(fields: String(trimmed.dropFirst(5).dropLast()), expression: text)
    }

    /// Parses the six fields, the text between the parentheses of `cron(...)`.
    init(fields text: String, expression: String) throws(ScheduleExpressionError) {
        let parts = text.split(whereSeparator: { $0 == " " || $0 == "\t" }).map(String.init)
        guard parts.count == 6 else {
            throw ScheduleExpressionError(
                code: .invalidCron,
                expression: expression,
                field: nil,
                reason: "has \(parts.count) field\(parts.count == 1 ? "" : "s"), a cron expression has six",
                fix: "write all six fields: minutes hours day-of-month month day-of-week year, e.g. cron(0 3 * * ? *)"
            )
        }
        let parser = FieldParser(expression: expression)
        minutes = try parser.parseNumeric(parts[0], field: .minutes)
        hours = try parser.parseNumeric(parts[1], field: .hours)
        months = try parser.parseNumeric(parts[3], field: .month)
        years = try parser.parseNumeric(parts[5], field: .year)
        switch (parts[2] == "?", parts[4] == "?") {
        case (true, true):
            throw ScheduleExpressionError(
                code: .invalidCron,
                expression: expression,
                field: "day-of-month and day-of-week",
                reason: "both are '?'",
                fix: "use '?' in only one of them and '*' or a value in the other, e.g. cron(0 3 * * ? *)"
            )
        case (false, false):
            throw ScheduleExpressionError(
                code: .invalidCron,
                expression: expression,
                field: "day-of-month and day-of-week",
                reason: "'\(parts[2])' and '\(parts[4])' are both given; AWS requires '?' in one of the two",
                fix: parts[4] == "*"
                    ? "write '?' for day-of-week: cron(\(parts[0]) \(parts[1]) \(parts[2]) \(parts[3]) ? \(parts[5]))"
                    : "write '?' for day-of-month: cron(\(parts[0]) \(parts[1]) ? \(parts[3]) \(parts[4]) \(parts[5]))"
            )
        case (false, true):
            days = .dayOfMonth(try parser.parseDayOfMonth(parts[2]))
        case (true, false):
            days = .dayOfWeek(try parser.parseDayOfWeek(parts[4]))
        }
        fields = parts
    }

    // MARK: Fire times

    /// The next `count` times this expression fires after `date` (strictly later), evaluated in `timeZone`.
    ///
    /// Fire times fall on whole minutes. Around daylight-saving changes this follows EventBridge Scheduler: a
    /// local time that a change skips (spring forward) does not fire that day, and a local time that a change
    /// repeats (fall back) fires once, at its first occurrence.
    ///
    /// - Parameters:
    ///   - date: Fire times strictly after this instant are returned.
    ///   - timeZone: The time zone the fields are read in.
    ///   - count: How many fire times at most; fewer come back when the expression ends (the year field stops,
    ///     or 2199 is reached).
    /// - Returns: Fire times in ascending order.
    public func nextFireTimes(after date: Date, in timeZone: TimeZone, count: Int) -> [Date] {
        var result: [Date] = []
        guard count > 0 else { return result }
        var cursor = LocalDateTime(date, in: timeZone)
        cursor = LocalDateTime(naiveSeconds: cursor.naiveSeconds - cursor.second + 60)
        while result.count < count, let local = firstMatch(atOrAfter: cursor) {
            if let instant = local.instants(in: timeZone).first, instant > date {
                result.append(instant)
            }
            cursor = LocalDateTime(naiveSeconds: local.naiveSeconds + 60)
        }
        return result
    }

    /// The first local minute at or after `start` (whose seconds are zero) that the fields match.
    func firstMatch(atOrAfter start: LocalDateTime) -> LocalDateTime? {
        for year in years where year >= start.year {
            let isStartYear = year == start.year
            for month in months where !isStartYear || month >= start.month {
                let isStartMonth = isStartYear && month == start.month
                for day in matchingDays(year: year, month: month) where !isStartMonth || day >= start.day {
                    let isStartDay = isStartMonth && day == start.day
                    for hour in hours where !isStartDay || hour >= start.hour {
                        let isStartHour = isStartDay && hour == start.hour
                        if let minute = minutes.first(where: { !isStartHour || $0 >= start.minute }) {
                            return LocalDateTime(year: year, month: month, day: day, hour: hour, minute: minute)
                        }
                    }
                }
            }
        }
        return nil
    }

    /// The days of `month` in `year` that the day fields match, ascending.
    func matchingDays(year: Int, month: Int) -> [Int] {
        let length = LocalDateTime.daysInMonth(year: year, month: month)
        var matched = Set<Int>()
        switch days {
        case .dayOfMonth(let rule):
            matched.formUnion(rule.days.filter { $0 <= length })
            if rule.lastDay { matched.insert(length) }
            if rule.lastWeekday {
                var day = length
                while Self.isWeekend(year: year, month: month, day: day) { day -= 1 }
                matched.insert(day)
            }
            for target in rule.nearestWeekdays where target <= length {
                matched.insert(Self.nearestWeekday(to: target, year: year, month: month, length: length))
            }
        case .dayOfWeek(let rule):
            let firstWeekday = LocalDateTime.weekday(year: year, month: month, day: 1)
            for day in 1...length {
                let weekday = (firstWeekday - 1 + day - 1) % 7 + 1
                if rule.weekdays.contains(weekday) { matched.insert(day) }
                if rule.lastOfMonth.contains(weekday), day + 7 > length { matched.insert(day) }
                if rule.nth.contains(.init(weekday: weekday, occurrence: (day - 1) / 7 + 1)) { matched.insert(day) }
            }
        }
        return matched.sorted()
    }

    static func isWeekend(year: Int, month: Int, day: Int) -> Bool {
        let weekday = LocalDateTime.weekday(year: year, month: month, day: day)
        return weekday == 1 || weekday == 7
    }

    /// The Monday-to-Friday day nearest to `target`, never leaving the month (as Quartz cron, whose wildcards
    /// AWS's table matches, defines it): a Saturday moves to the Friday before unless that is in the previous month (then the Monday
    /// after), a Sunday to the Monday after unless that is in the next month (then the Friday before).
    static func nearestWeekday(to target: Int, year: Int, month: Int, length: Int) -> Int {
        switch LocalDateTime.weekday(year: year, month: month, day: target) {
        case 7: return target == 1 ? 3 : target - 1
        case 1: return target == length ? target - 2 : target + 1
        default: return target
        }
    }
}
