internal import CivilCalendar
import Foundation

/// A wall-clock date and time without a time zone, with the proleptic Gregorian calendar arithmetic that cron
/// matching needs. Pure integer arithmetic, so it behaves the same on every platform.
struct LocalDateTime: Sendable, Hashable, Comparable, CustomStringConvertible {
    var year: Int
    var month: Int
    var day: Int
    var hour: Int
    var minute: Int
    var second: Int

    init(year: Int, month: Int, day: Int, hour: Int = 0, minute: Int = 0, second: Int = 0) {
        self.year = year
        self.month = month
        self.day = day
        self.hour = hour
        self.minute = minute
        self.second = second
    }

    static func < (a: LocalDateTime, b: LocalDateTime) -> Bool {
        (a.year, a.month, a.day, a.hour, a.minute, a.second) < (b.year, b.month, b.day, b.hour, b.minute, b.second)
    }

    var description: String {
        func two(_ n: Int) -> String { n < 10 ? "0\(n)" : "\(n)" }
        return "\(year)-\(two(month))-\(two(day))T\(two(hour)):\(two(minute)):\(two(second))"
    }

    // MARK: Calendar arithmetic

    static func daysInMonth(year: Int, month: Int) -> Int {
        CivilDate.daysInMonth(year: year, month: month)
    }

    /// The day of the week in cron numbering: 1 = Sunday … 7 = Saturday.
    static func weekday(year: Int, month: Int, day: Int) -> Int {
        CivilDate(year: year, month: month, day: day).weekday + 1
    }

    /// Seconds since 1970-01-01T00:00:00 if this wall-clock time were UTC.
    var naiveSeconds: Int {
        CivilDate(year: year, month: month, day: day).daysSinceEpoch * 86_400 + hour * 3600 + minute * 60 + second
    }

    init(naiveSeconds: Int) {
        let days = naiveSeconds >= 0 ? naiveSeconds / 86_400 : (naiveSeconds - 86_399) / 86_400
        let rest = naiveSeconds - days * 86_400
        let date = CivilDate(daysSinceEpoch: days)
        self.init(year: date.year, month: date.month, day: date.day, hour: rest / 3600, minute: rest % 3600 / 60, second: rest % 60)
    }

    // MARK: Time zones

    /// The wall-clock time at `date` in `timeZone`, to the whole second (fractions are dropped).
    init(_ date: Date, in timeZone: TimeZone) {
        let seconds = Int(date.timeIntervalSince1970.rounded(.down))
        self.init(
            naiveSeconds: seconds + timeZone.secondsFromGMT(for: Date(timeIntervalSince1970: TimeInterval(seconds)))
        )
    }

    /// Every instant at which clocks in `timeZone` show this time, earliest first: none when a daylight-saving
    /// change skips it, two when a change repeats it.
    func instants(in timeZone: TimeZone) -> [Date] {
        let naive = naiveSeconds
        var offsets: [Int] = []
        for probe in [naive - 86_400, naive, naive + 86_400] {
            let offset = timeZone.secondsFromGMT(for: Date(timeIntervalSince1970: TimeInterval(probe)))
            if !offsets.contains(offset) { offsets.append(offset) }
        }
        var result: [Int] = []
        for offset in offsets {
            let candidate = naive - offset
            if timeZone.secondsFromGMT(for: Date(timeIntervalSince1970: TimeInterval(candidate))) == offset,
                !result.contains(candidate)
            {
                result.append(candidate)
            }
        }
        return result.sorted().map { Date(timeIntervalSince1970: TimeInterval($0)) }
    }
}
