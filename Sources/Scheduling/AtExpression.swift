public import Foundation

/// A parsed EventBridge Scheduler `at(yyyy-mm-ddThh:mm:ss)` expression: a one-time schedule.
///
/// The date and time are wall-clock values in the schedule's time zone. The schedule fires once, at that
/// instant. If a daylight-saving change skips the time (spring forward) it fires when the clocks have moved on
/// by the gap (02:30 becomes 03:30 in America/New_York); if a change repeats it (fall back) it fires at the
/// first occurrence. AWS documents neither case for one-time schedules.
public struct AtExpression: Sendable, Hashable, CustomStringConvertible {
    let local: LocalDateTime

    /// The wall-clock date and time, as year, month, day, hour, minute and second.
    public var dateComponents: DateComponents {
        DateComponents(
            year: local.year,
            month: local.month,
            day: local.day,
            hour: local.hour,
            minute: local.minute,
            second: local.second
        )
    }

    /// The expression as `at(yyyy-mm-ddThh:mm:ss)`.
    public var description: String { "at(\(local))" }

    /// Parses a whole `at(...)` expression.
    ///
    /// - Parameter text: The expression, such as `at(2026-12-24T18:00:00)`.
    /// - Throws: ``ScheduleExpressionError`` with code ``ScheduleExpressionError/Code/invalidAt`` when the shape
    ///   is wrong or the date does not exist (2026-02-29, 24:00:00).
    public init(parsing text: String) throws(ScheduleExpressionError) {
        func fail(_ reason: String) -> ScheduleExpressionError {
            ScheduleExpressionError(
                code: .invalidAt,
                expression: text,
                field: "date",
                reason: reason,
                fix: "write at(yyyy-mm-ddThh:mm:ss) with a real date and time, e.g. at(2026-12-24T18:00:00)"
            )
        }
        let trimmed = text.trimmingCharacters(in: .whitespaces)
        guard trimmed.hasPrefix("at("), trimmed.hasSuffix(")") else { throw fail("not an at expression") }
        let body = Array(trimmed.dropFirst(3).dropLast().utf8)
        // yyyy-mm-ddThh:mm:ss
        let digitPositions = [0, 1, 2, 3, 5, 6, 8, 9, 11, 12, 14, 15, 17, 18]
        guard body.count == 19, body[4] == UInt8(ascii: "-"), body[7] == UInt8(ascii: "-"),
            body[10] == UInt8(ascii: "T"), body[13] == UInt8(ascii: ":"), body[16] == UInt8(ascii: ":"),
            digitPositions.allSatisfy({ (UInt8(ascii: "0")...UInt8(ascii: "9")).contains(body[$0]) })
        else {
            throw fail("'\(trimmed.dropFirst(3).dropLast())' is not in the form yyyy-mm-ddThh:mm:ss")
        }
        func number(_ range: Range<Int>) -> Int { range.reduce(0) { $0 * 10 + Int(body[$1] - UInt8(ascii: "0")) } }
        let local = LocalDateTime(
            year: number(0..<4),
            month: number(5..<7),
            day: number(8..<10),
            hour: number(11..<13),
            minute: number(14..<16),
            second: number(17..<19)
        )
        guard (1...12).contains(local.month),
            (1...LocalDateTime.daysInMonth(year: local.year, month: local.month)).contains(local.day)
        else { throw fail("\(local.year)-\(local.month)-\(local.day) is not a date") }
        guard local.hour < 24, local.minute < 60, local.second < 60 else { throw fail("the time is out of range") }
        self.local = local
    }

    /// The instant this expression names in `timeZone` (see the type's discussion for daylight-saving changes).
    public func fireTime(in timeZone: TimeZone) -> Date {
        if let first = local.instants(in: timeZone).first { return first }
        // Skipped by a spring-forward change: move on by the gap, reading the time with the offset before it.
        let before = timeZone.secondsFromGMT(
            for: Date(timeIntervalSince1970: TimeInterval(local.naiveSeconds - 86_400))
        )
        return Date(timeIntervalSince1970: TimeInterval(local.naiveSeconds - before))
    }
}
