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

    static func isLeapYear(_ year: Int) -> Bool {
        (year % 4 == 0 && year % 100 != 0) || year % 400 == 0
    }

    static func daysInMonth(year: Int, month: Int) -> Int {
        switch month {
        case 2: return isLeapYear(year) ? 29 : 28
        case 4, 6, 9, 11: return 30
        default: return 31
        }
    }

    /// Days since 1970-01-01 (Howard Hinnant's `days_from_civil`).
    static func daysSinceEpoch(year: Int, month: Int, day: Int) -> Int {
        let y = month <= 2 ? year - 1 : year
        let era = (y >= 0 ? y : y - 399) / 400
        let yoe = y - era * 400
        let mp = (month + 9) % 12
        let doy = (153 * mp + 2) / 5 + day - 1
        let doe = yoe * 365 + yoe / 4 - yoe / 100 + doy
        return era * 146_097 + doe - 719_468
    }

    /// The date `days` days after 1970-01-01 (`civil_from_days`).
    static func civil(fromDaysSinceEpoch days: Int) -> (year: Int, month: Int, day: Int) {
        let z = days + 719_468
        let era = (z >= 0 ? z : z - 146_096) / 146_097
        let doe = z - era * 146_097
        let yoe = (doe - doe / 1460 + doe / 36524 - doe / 146_096) / 365
        let doy = doe - (365 * yoe + yoe / 4 - yoe / 100)
        let mp = (5 * doy + 2) / 153
        let day = doy - (153 * mp + 2) / 5 + 1
        let month = mp < 10 ? mp + 3 : mp - 9
        return (yoe + era * 400 + (month <= 2 ? 1 : 0), month, day)
    }

    /// The day of the week in cron numbering: 1 = Sunday … 7 = Saturday.
    static func weekday(year: Int, month: Int, day: Int) -> Int {
        let days = daysSinceEpoch(year: year, month: month, day: day)
        // 1970-01-01 was a Thursday (5).
        return ((days + 4) % 7 + 7) % 7 + 1
    }

    /// Seconds since 1970-01-01T00:00:00 if this wall-clock time were UTC.
    var naiveSeconds: Int {
        Self.daysSinceEpoch(year: year, month: month, day: day) * 86_400 + hour * 3600 + minute * 60 + second
    }

    init(naiveSeconds: Int) {
        let days = naiveSeconds >= 0 ? naiveSeconds / 86_400 : (naiveSeconds - 86_399) / 86_400
        let rest = naiveSeconds - days * 86_400
        let (y, m, d) = Self.civil(fromDaysSinceEpoch: days)
        self.init(year: y, month: m, day: d, hour: rest / 3600, minute: rest % 3600 / 60, second: rest % 60)
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
