internal import CivilCalendar
public import Foundation

/// A day in the proleptic Gregorian calendar, without a time or time zone: a batch date or a look-back date.
///
/// The arithmetic is pure (no `Calendar`), so work items computed for a given batch date are the same everywhere.
/// The caller decides which day "today" is (the CLI uses the UTC date unless told otherwise).
public struct CalendarDate: Sendable, Hashable, Comparable, CustomStringConvertible {
    /// The year (1–9999).
    public let year: Int
    /// The month (1–12).
    public let month: Int
    /// The day of the month (1–31, valid for the month).
    public let day: Int

    /// Creates a date, or returns `nil` when the fields do not name a real day.
    ///
    /// - Parameters:
    ///   - year: 1–9999.
    ///   - month: 1–12.
    ///   - day: 1 to the month's length.
    public init?(year: Int, month: Int, day: Int) {
        guard (1...9999).contains(year), (1...12).contains(month), day >= 1,
            day <= CivilDate.daysInMonth(year: year, month: month)
        else { return nil }
        self.year = year
        self.month = month
        self.day = day
    }

    /// Parses `YYYY-MM-DD`.
    ///
    /// - Parameter text: The date, such as `2026-12-04`.
    public init?(_ text: String) {
        let parts = text.split(separator: "-", omittingEmptySubsequences: false)
        guard parts.count == 3, parts[0].count == 4, parts[1].count == 2, parts[2].count == 2,
            parts.allSatisfy({ $0.allSatisfy(\.isASCII) && $0.allSatisfy(\.isNumber) }),
            let y = Int(parts[0]), let m = Int(parts[1]), let d = Int(parts[2])
        else { return nil }
        self.init(year: y, month: m, day: d)
    }

    /// Creates the date `days` days after 1970-01-01 (negative: before).
    ///
    /// - Parameter daysSinceEpoch: Days since 1970-01-01.
    public init(daysSinceEpoch: Int) {
        let date = CivilDate(daysSinceEpoch: daysSinceEpoch)
        (year, month, day) = (date.year, date.month, date.day)
    }

    /// Days since 1970-01-01.
    public var daysSinceEpoch: Int { CivilDate(year: year, month: month, day: day).daysSinceEpoch }

    /// The date `days` days later (earlier for a negative count).
    ///
    /// - Parameter days: The number of days to add.
    /// - Returns: The new date.
    public func adding(days: Int) -> CalendarDate { CalendarDate(daysSinceEpoch: daysSinceEpoch + days) }

    /// The UTC date of an instant (default: now).
    ///
    /// - Parameter now: The instant.
    /// - Returns: Its day in UTC.
    public static func today(now: Date = Date()) -> CalendarDate {
        CalendarDate(daysSinceEpoch: Int((now.timeIntervalSince1970 / 86400).rounded(.down)))
    }

    /// `YYYY-MM-DD`.
    public var description: String {
        func pad(_ value: Int, _ width: Int) -> String {
            let text = String(value)
            return String(repeating: "0", count: max(0, width - text.count)) + text
        }
        return "\(pad(year, 4))-\(pad(month, 2))-\(pad(day, 2))"
    }

    /// Orders dates chronologically.
    public static func < (lhs: CalendarDate, rhs: CalendarDate) -> Bool { lhs.daysSinceEpoch < rhs.daysSinceEpoch }
}
