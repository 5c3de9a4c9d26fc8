import Foundation
import Scheduling
import Testing

/// Cross-checks fire times around daylight-saving changes against a brute-force walk over every UTC minute, with
/// Foundation's calendar giving the local time: a minute fires when its local time matches and that local time
/// has not been seen before (so a repeated local time fires at its first occurrence, a skipped one never).
@Suite struct DaylightSavingCrossCheckTests {
    /// The 2026 changes: (time zone, a UTC instant two days before the change).
    static let windows: [(String, String)] = [
        ("America/New_York", "2026-03-06T00:00:00Z"), ("America/New_York", "2026-10-30T00:00:00Z"),
        ("Europe/Berlin", "2026-03-27T00:00:00Z"), ("Europe/Berlin", "2026-10-23T00:00:00Z"),
        ("Australia/Lord_Howe", "2026-04-03T00:00:00Z"), ("Australia/Lord_Howe", "2026-10-02T00:00:00Z"),
        ("America/Santiago", "2026-04-03T00:00:00Z"), ("America/Santiago", "2026-09-04T00:00:00Z"),
    ]

    /// (expression, does a local minute/hour match).
    static let expressions: [(String, @Sendable (Int, Int) -> Bool)] = [
        ("cron(0/15 * * * ? *)", { minute, _ in minute % 15 == 0 }),
        ("cron(30 0-3 * * ? *)", { minute, hour in minute == 30 && hour <= 3 }),
        ("cron(0 2 * * ? *)", { minute, hour in minute == 0 && hour == 2 }),
        ("cron(0 0 * * ? *)", { minute, hour in minute == 0 && hour == 0 }),
        ("cron(59 23 * * ? *)", { minute, hour in minute == 59 && hour == 23 }),
    ]

    @Test(arguments: windows)
    func fireTimesMatchABruteForceWalk(zoneName: String, start: String) throws {
        var calendar = Calendar(identifier: .gregorian)
        calendar.timeZone = zone(zoneName)
        let from = date(start)
        let minutes = 4 * 24 * 60
        for (expression, matches) in Self.expressions {
            var seen = Set<DateComponents>()
            var expected: [Date] = []
            for index in 1...minutes {
                let instant = from.addingTimeInterval(TimeInterval(index * 60))
                let local = calendar.dateComponents([.year, .month, .day, .hour, .minute], from: instant)
                if seen.insert(local).inserted, matches(local.minute!, local.hour!) {
                    expected.append(instant)
                }
            }
            let schedule = try Schedule(parsing: expression, timeZone: zone(zoneName))
            let actual = schedule.nextFireTimes(after: from, count: expected.count + 1)
                .filter { $0 <= from.addingTimeInterval(TimeInterval(minutes * 60)) }
            #expect(utc(actual) == utc(expected), "\(expression) in \(zoneName)")
        }
    }
}
