import Foundation
import Scheduling

/// `2026-12-05T03:00:00Z` (or with an offset) as a `Date`.
func date(_ text: String) -> Date {
    let formatter = ISO8601DateFormatter()
    formatter.formatOptions = [.withInternetDateTime]
    guard let date = formatter.date(from: text) else { fatalError("bad test date \(text)") }
    return date
}

/// Dates as `2026-12-05T03:00:00Z`, for readable expectations.
func utc(_ dates: [Date]) -> [String] {
    let formatter = ISO8601DateFormatter()
    formatter.formatOptions = [.withInternetDateTime]
    formatter.timeZone = TimeZone(identifier: "UTC")
    return dates.map { formatter.string(from: $0) }
}

func zone(_ identifier: String) -> TimeZone {
    guard let zone = TimeZone(identifier: identifier) else { fatalError("no time zone \(identifier)") }
    return zone
}

/// The next `count` fire times of `expression` after `after`, in UTC text.
func next(_ expression: String, after: String, count: Int = 3, timeZone: String = "UTC") throws -> [String] {
    let schedule = try Schedule(parsing: expression, timeZone: zone(timeZone))
    return utc(schedule.nextFireTimes(after: date(after), count: count))
}
