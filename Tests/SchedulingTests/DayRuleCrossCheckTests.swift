import Foundation
import Scheduling
import Testing

/// Cross-checks the day-of-month and day-of-week rules against a brute-force reading of every day of 2026-2028,
/// built on Foundation's calendar rather than the module's own date arithmetic.
@Suite struct DayRuleCrossCheckTests {
    struct Day {
        var date: Date
        var year: Int
        var month: Int
        var day: Int
        /// 1 = Sunday ... 7 = Saturday.
        var weekday: Int
        var monthLength: Int
    }

    static let days: [Day] = {
        var calendar = Calendar(identifier: .gregorian)
        calendar.timeZone = TimeZone(identifier: "UTC")!
        var result: [Day] = []
        var date = calendar.date(from: DateComponents(year: 2026, month: 1, day: 1, hour: 12))!
        while calendar.component(.year, from: date) <= 2028 {
            let parts = calendar.dateComponents([.year, .month, .day, .weekday], from: date)
            let length = calendar.range(of: .day, in: .month, for: date)!.count
            result.append(
                Day(
                    date: date,
                    year: parts.year!,
                    month: parts.month!,
                    day: parts.day!,
                    weekday: parts.weekday!,
                    monthLength: length
                )
            )
            date = calendar.date(byAdding: .day, value: 1, to: date)!
        }
        return result
    }()

    static func isWeekday(_ day: Day, offset: Int) -> Bool {
        ((day.weekday - 1 + offset) % 7 + 7) % 7 + 1 != 1 && ((day.weekday - 1 + offset) % 7 + 7) % 7 + 1 != 7
    }

    /// The Monday-to-Friday day of the month closest to `target`.
    static func closestWeekday(to target: Int, in day: Day) -> Int? {
        guard target <= day.monthLength else { return nil }
        return (1...day.monthLength)
            .filter { isWeekday(day, offset: $0 - day.day) }
            .min { abs($0 - target) < abs($1 - target) }
    }

    static let dayOfMonthRules: [(String, @Sendable (Day) -> Bool)] = [
        ("*", { _ in true }),
        ("1", { $0.day == 1 }),
        ("31", { $0.day == 31 }),
        ("29", { $0.day == 29 }),
        ("1,15", { $0.day == 1 || $0.day == 15 }),
        ("L", { $0.day == $0.monthLength }),
        ("LW", { day in day.day == (1...day.monthLength).last { isWeekday(day, offset: $0 - day.day) } }),
        ("15W", { $0.day == closestWeekday(to: 15, in: $0) }),
        ("1W", { $0.day == closestWeekday(to: 1, in: $0) }),
        ("31W", { $0.day == closestWeekday(to: 31, in: $0) }),
        ("30W", { $0.day == closestWeekday(to: 30, in: $0) }),
        ("10-20/5", { [10, 15, 20].contains($0.day) }),
    ]

    static let dayOfWeekRules: [(String, @Sendable (Day) -> Bool)] = [
        ("MON-FRI", { (2...6).contains($0.weekday) }),
        ("1", { $0.weekday == 1 }),
        ("SUN,SAT", { $0.weekday == 1 || $0.weekday == 7 }),
        ("L", { $0.weekday == 7 }),
        ("6L", { $0.weekday == 6 && $0.day + 7 > $0.monthLength }),
        ("1L", { $0.weekday == 1 && $0.day + 7 > $0.monthLength }),
        ("3#2", { $0.weekday == 3 && (8...14).contains($0.day) }),
        ("MON#5", { $0.weekday == 2 && $0.day >= 29 }),
        ("7#1", { $0.weekday == 7 && $0.day <= 7 }),
    ]

    static let monthRules: [(String, @Sendable (Int) -> Bool)] = [
        ("*", { _ in true }),
        ("2", { $0 == 2 }),
        ("JAN,JUL", { $0 == 1 || $0 == 7 }),
        ("*/3", { [1, 4, 7, 10].contains($0) }),
        ("FEB-APR", { (2...4).contains($0) }),
    ]

    static let yearRules: [(String, @Sendable (Int) -> Bool)] = [
        ("*", { _ in true }),
        ("2027", { $0 == 2027 }),
        ("2026,2028", { $0 == 2026 || $0 == 2028 }),
    ]

    static var cases: [(expression: String, matches: @Sendable (Day) -> Bool)] {
        var result: [(String, @Sendable (Day) -> Bool)] = []
        for (month, monthRule) in monthRules {
            for (year, yearRule) in yearRules {
                for (dom, domRule) in dayOfMonthRules {
                    result.append(
                        (
                            "cron(0 12 \(dom) \(month) ? \(year))",
                            { day in
                                monthRule(day.month) && yearRule(day.year) && domRule(day)
                            }
                        )
                    )
                }
                for (dow, dowRule) in dayOfWeekRules {
                    result.append(
                        (
                            "cron(0 12 ? \(month) \(dow) \(year))",
                            { day in
                                monthRule(day.month) && yearRule(day.year) && dowRule(day)
                            }
                        )
                    )
                }
            }
        }
        return result
    }

    @Test func everyDayRuleMatchesABruteForceReading() throws {
        let start = date("2025-12-31T23:59:00Z")
        let end = date("2028-12-31T23:59:00Z")
        var checked = 0
        for (expression, matches) in Self.cases {
            let expected = Self.days.filter(matches).map(\.date)
            let schedule = try Schedule(parsing: expression)
            let actual = schedule.nextFireTimes(after: start, count: expected.count + 1).filter { $0 <= end }
            #expect(utc(actual) == utc(expected), "\(expression)")
            checked += 1
        }
        #expect(checked == 315)
    }
}
