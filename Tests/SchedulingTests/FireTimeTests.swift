import Foundation
import Scheduling
import Testing

/// Expected dates were worked out by hand against a calendar (weekdays of 2026 checked independently).
@Suite struct FireTimeTests {
    @Test func dailyCron() throws {
        #expect(
            try next("cron(0 3 * * ? *)", after: "2026-12-04T13:00:00Z") == [
                "2026-12-05T03:00:00Z", "2026-12-06T03:00:00Z", "2026-12-07T03:00:00Z",
            ]
        )
        // A fire time equal to `after` is not "after" it.
        #expect(try next("cron(0 3 * * ? *)", after: "2026-12-05T03:00:00Z", count: 1) == ["2026-12-06T03:00:00Z"])
        // Seconds are dropped: 03:00:30 is past the 03:00 fire time.
        #expect(try next("cron(0 3 * * ? *)", after: "2026-12-05T02:59:30Z", count: 1) == ["2026-12-05T03:00:00Z"])
    }

    @Test func stepsListsAndRanges() throws {
        #expect(
            try next("cron(0/15 * * * ? *)", after: "2026-12-04T13:07:30Z", count: 4) == [
                "2026-12-04T13:15:00Z", "2026-12-04T13:30:00Z", "2026-12-04T13:45:00Z", "2026-12-04T14:00:00Z",
            ]
        )
        // 1/10: the 1st, 11th, 21st ... minute.
        #expect(
            try next("cron(1/10 * * * ? *)", after: "2026-12-04T13:55:00Z", count: 2) == [
                "2026-12-04T14:01:00Z", "2026-12-04T14:11:00Z",
            ]
        )
        // 8:30 on weekdays from January to March 2026 only; 2026-12-04 is a Friday.
        #expect(
            try next("cron(30 8 ? JAN-MAR MON-FRI 2026)", after: "2026-03-30T09:00:00Z", count: 3) == [
                "2026-03-31T08:30:00Z"
            ]
        )
        #expect(
            try next("cron(5,35 14,20 ? * SAT,SUN *)", after: "2026-12-04T13:00:00Z", count: 5) == [
                "2026-12-05T14:05:00Z", "2026-12-05T14:35:00Z", "2026-12-05T20:05:00Z", "2026-12-05T20:35:00Z",
                "2026-12-06T14:05:00Z",
            ]
        )
        // Every other month on the 1st, from January: 1/2 in month.
        #expect(
            try next("cron(0 0 1 1/2 ? *)", after: "2026-02-01T00:00:00Z", count: 3) == [
                "2026-03-01T00:00:00Z", "2026-05-01T00:00:00Z", "2026-07-01T00:00:00Z",
            ]
        )
    }

    @Test func monthEndsAndLeapYears() throws {
        // The 31st skips the short months.
        #expect(
            try next("cron(0 0 31 * ? *)", after: "2026-01-31T00:00:00Z", count: 3) == [
                "2026-03-31T00:00:00Z", "2026-05-31T00:00:00Z", "2026-07-31T00:00:00Z",
            ]
        )
        // 29 February: leap years only.
        #expect(
            try next("cron(0 0 29 2 ? *)", after: "2025-01-01T00:00:00Z", count: 3) == [
                "2028-02-29T00:00:00Z", "2032-02-29T00:00:00Z", "2036-02-29T00:00:00Z",
            ]
        )
        // 2100 is not a leap year; 2000 was.
        #expect(try next("cron(0 0 29 2 ? *)", after: "2096-03-01T00:00:00Z", count: 1) == ["2104-02-29T00:00:00Z"])
        #expect(try next("cron(0 0 29 2 ? 1999-2001)", after: "1999-01-01T00:00:00Z") == ["2000-02-29T00:00:00Z"])
        // Never: 30 February.
        #expect(try next("cron(0 0 30 2 ? *)", after: "2026-01-01T00:00:00Z") == [])
        // The last fire time there is: the year field ends at 2199.
        #expect(try next("cron(59 23 31 12 ? *)", after: "2199-12-31T00:00:00Z") == ["2199-12-31T23:59:00Z"])
        #expect(try next("cron(59 23 31 12 ? *)", after: "2199-12-31T23:59:00Z") == [])
    }

    @Test func lastDayOfMonth() throws {
        #expect(
            try next("cron(0 12 L * ? *)", after: "2024-01-31T12:00:00Z") == [
                "2024-02-29T12:00:00Z", "2024-03-31T12:00:00Z", "2024-04-30T12:00:00Z",
            ]
        )
        #expect(
            try next("cron(0 12 L 2 ? *)", after: "2026-01-01T00:00:00Z", count: 3) == [
                "2026-02-28T12:00:00Z", "2027-02-28T12:00:00Z", "2028-02-29T12:00:00Z",
            ]
        )
        #expect(
            try next("cron(0 12 1,L * ? *)", after: "2026-04-01T12:00:00Z") == [
                "2026-04-30T12:00:00Z", "2026-05-01T12:00:00Z", "2026-05-31T12:00:00Z",
            ]
        )
    }

    @Test func nearestWeekday() throws {
        // 15W in 2026: Feb 15 and Mar 15 are Sundays (-> Monday 16th), Aug 15 a Saturday (-> Friday 14th).
        #expect(
            try next("cron(0 9 15W * ? *)", after: "2026-01-31T00:00:00Z", count: 2) == [
                "2026-02-16T09:00:00Z", "2026-03-16T09:00:00Z",
            ]
        )
        #expect(try next("cron(0 9 15W * ? *)", after: "2026-08-01T00:00:00Z", count: 1) == ["2026-08-14T09:00:00Z"])
        // 1W never leaves the month: 2026-08-01 is a Saturday, so the Monday after (3rd), not Friday 31 July.
        #expect(
            try next("cron(0 9 1W * ? *)", after: "2026-07-15T00:00:00Z", count: 2) == [
                "2026-08-03T09:00:00Z", "2026-09-01T09:00:00Z",
            ]
        )
        // 31W: 2026-05-31 is a Sunday, so the Friday before (29th), not Monday 1 June; 30-day months have no 31st.
        #expect(
            try next("cron(0 9 31W * ? *)", after: "2026-05-01T00:00:00Z", count: 2) == [
                "2026-05-29T09:00:00Z", "2026-07-31T09:00:00Z",
            ]
        )
        // LW: the last weekday. 2026-01-31 is a Saturday, 2026-02-28 a Saturday, 2026-05-31 a Sunday.
        #expect(
            try next("cron(0 18 LW * ? *)", after: "2026-01-01T00:00:00Z", count: 5) == [
                "2026-01-30T18:00:00Z", "2026-02-27T18:00:00Z", "2026-03-31T18:00:00Z", "2026-04-30T18:00:00Z",
                "2026-05-29T18:00:00Z",
            ]
        )
    }

    @Test func weekdayRules() throws {
        // 6L: the last Friday of the month.
        #expect(
            try next("cron(0 17 ? * 6L *)", after: "2026-01-01T00:00:00Z", count: 4) == [
                "2026-01-30T17:00:00Z", "2026-02-27T17:00:00Z", "2026-03-27T17:00:00Z", "2026-04-24T17:00:00Z",
            ]
        )
        #expect(try next("cron(0 17 ? * FRIL *)", after: "2026-01-01T00:00:00Z", count: 1) == ["2026-01-30T17:00:00Z"])
        // 3#2: the second Tuesday.
        #expect(
            try next("cron(0 10 ? * 3#2 *)", after: "2026-01-01T00:00:00Z", count: 3) == [
                "2026-01-13T10:00:00Z", "2026-02-10T10:00:00Z", "2026-03-10T10:00:00Z",
            ]
        )
        // 2#5: the fifth Monday, only in months that have one.
        #expect(
            try next("cron(0 10 ? * MON#5 *)", after: "2026-01-01T00:00:00Z", count: 3) == [
                "2026-03-30T10:00:00Z", "2026-06-29T10:00:00Z", "2026-08-31T10:00:00Z",
            ]
        )
        // L alone in day-of-week is Saturday; 1 is Sunday.
        #expect(
            try next("cron(0 0 ? * L *)", after: "2026-12-04T00:00:00Z", count: 2) == [
                "2026-12-05T00:00:00Z", "2026-12-12T00:00:00Z",
            ]
        )
        #expect(try next("cron(0 0 ? * 1 *)", after: "2026-12-04T00:00:00Z", count: 1) == ["2026-12-06T00:00:00Z"])
        #expect(
            try next("cron(0 0 ? * 2-6 *)", after: "2026-12-04T00:00:00Z", count: 2) == [
                "2026-12-07T00:00:00Z", "2026-12-08T00:00:00Z",
            ]
        )
    }

    @Test func timeZones() throws {
        // 03:00 in Berlin is 02:00 UTC in winter, 01:00 UTC in summer.
        #expect(
            try next("cron(0 3 * * ? *)", after: "2026-12-04T13:00:00Z", count: 1, timeZone: "Europe/Berlin")
                == ["2026-12-05T02:00:00Z"]
        )
        #expect(
            try next("cron(0 3 * * ? *)", after: "2026-07-04T13:00:00Z", count: 1, timeZone: "Europe/Berlin")
                == ["2026-07-05T01:00:00Z"]
        )
        // A day boundary that differs from UTC's: Friday 20:00 in New York is Saturday 01:00 UTC.
        #expect(
            try next("cron(0 20 ? * FRI *)", after: "2026-12-01T00:00:00Z", count: 1, timeZone: "America/New_York")
                == ["2026-12-05T01:00:00Z"]
        )
    }

    @Test func springForwardSkipsTheMissingLocalTime() throws {
        // New York, 2026-03-08: 02:00 EST becomes 03:00 EDT, so 02:30 does not exist that day.
        #expect(
            try next("cron(30 2 * * ? *)", after: "2026-03-07T00:00:00Z", timeZone: "America/New_York") == [
                "2026-03-07T07:30:00Z", "2026-03-09T06:30:00Z", "2026-03-10T06:30:00Z",
            ]
        )
        #expect(
            try next("cron(0/30 * * * ? *)", after: "2026-03-08T06:45:00Z", timeZone: "America/New_York") == [
                "2026-03-08T07:00:00Z", "2026-03-08T07:30:00Z", "2026-03-08T08:00:00Z",
            ]
        )
        // Berlin, 2026-03-29: 02:00 CET becomes 03:00 CEST.
        #expect(
            try next("cron(30 2 * * ? *)", after: "2026-03-28T00:00:00Z", timeZone: "Europe/Berlin") == [
                "2026-03-28T01:30:00Z", "2026-03-30T00:30:00Z", "2026-03-31T00:30:00Z",
            ]
        )
    }

    @Test func fallBackRunsARepeatedLocalTimeOnce() throws {
        // New York, 2026-11-01: 02:00 EDT becomes 01:00 EST, so 01:30 happens twice; it fires at the first.
        #expect(
            try next("cron(30 1 * * ? *)", after: "2026-10-31T00:00:00Z", timeZone: "America/New_York") == [
                "2026-10-31T05:30:00Z", "2026-11-01T05:30:00Z", "2026-11-02T06:30:00Z",
            ]
        )
        #expect(
            try next("cron(0/30 * * * ? *)", after: "2026-11-01T04:45:00Z", timeZone: "America/New_York") == [
                "2026-11-01T05:00:00Z", "2026-11-01T05:30:00Z", "2026-11-01T07:00:00Z",
            ]
        )
        // From inside the repeated hour (01:10 EST), the repeated times are already past.
        #expect(
            try next("cron(0/30 * * * ? *)", after: "2026-11-01T06:10:00Z", count: 1, timeZone: "America/New_York")
                == ["2026-11-01T07:00:00Z"]
        )
        // Berlin, 2026-10-25: 03:00 CEST becomes 02:00 CET.
        #expect(
            try next("cron(30 2 * * ? *)", after: "2026-10-24T00:00:00Z", timeZone: "Europe/Berlin") == [
                "2026-10-24T00:30:00Z", "2026-10-25T00:30:00Z", "2026-10-26T01:30:00Z",
            ]
        )
    }

    @Test func halfHourAndMidnightChanges() throws {
        // Lord Howe Island moves by 30 minutes: 02:00 becomes 02:30 on 2026-10-04, 02:00 becomes 01:30 on 2026-04-05.
        #expect(
            try next("cron(15 2 * * ? *)", after: "2026-10-02T00:00:00Z", timeZone: "Australia/Lord_Howe") == [
                "2026-10-02T15:45:00Z", "2026-10-04T15:15:00Z", "2026-10-05T15:15:00Z",
            ]
        )
        #expect(
            try next("cron(45 1 * * ? *)", after: "2026-04-04T00:00:00Z", count: 2, timeZone: "Australia/Lord_Howe")
                == ["2026-04-04T14:45:00Z", "2026-04-05T15:15:00Z"]
        )
        // Santiago springs forward at midnight (2026-09-06 00:00 becomes 01:00): a midnight schedule skips that day.
        #expect(
            try next("cron(0 0 * * ? *)", after: "2026-09-04T12:00:00Z", timeZone: "America/Santiago") == [
                "2026-09-05T04:00:00Z", "2026-09-07T03:00:00Z", "2026-09-08T03:00:00Z",
            ]
        )
    }

    @Test func rates() throws {
        // No start date: the grid starts at `after`'s whole minute.
        #expect(
            try next("rate(5 minutes)", after: "2026-12-04T13:07:30Z") == [
                "2026-12-04T13:12:00Z", "2026-12-04T13:17:00Z", "2026-12-04T13:22:00Z",
            ]
        )
        let start = date("2026-12-04T13:00:00Z")
        let fromStart = Schedule(expression: try ScheduleExpression(parsing: "rate(5 minutes)"), startDate: start)
        #expect(
            utc(fromStart.nextFireTimes(after: date("2026-12-04T13:07:30Z"), count: 2)) == [
                "2026-12-04T13:10:00Z", "2026-12-04T13:15:00Z",
            ]
        )
        // A start in the future is itself the first fire time.
        #expect(
            utc(fromStart.nextFireTimes(after: date("2026-12-04T12:00:00Z"), count: 2)) == [
                "2026-12-04T13:00:00Z", "2026-12-04T13:05:00Z",
            ]
        )
        // A day is 24 hours: across the spring-forward change the local time moves from 12:00 EST to 13:00 EDT.
        let daily = Schedule(
            expression: try ScheduleExpression(parsing: "rate(1 day)"),
            timeZone: zone("America/New_York"),
            startDate: date("2026-03-07T17:00:00Z")
        )
        #expect(
            utc(daily.nextFireTimes(after: date("2026-03-07T17:00:00Z"), count: 2)) == [
                "2026-03-08T17:00:00Z", "2026-03-09T17:00:00Z",
            ]
        )
    }

    @Test func oneTimeSchedules() throws {
        #expect(
            try next("at(2026-12-24T18:00:00)", after: "2026-12-04T00:00:00Z", timeZone: "Europe/Berlin") == [
                "2026-12-24T17:00:00Z"
            ]
        )
        #expect(try next("at(2026-12-24T18:00:00)", after: "2026-12-24T17:00:00Z", timeZone: "Europe/Berlin") == [])
        // Skipped by spring forward: moved on by the gap (02:30 -> 03:30 EDT).
        #expect(
            try next("at(2026-03-08T02:30:00)", after: "2026-01-01T00:00:00Z", timeZone: "America/New_York") == [
                "2026-03-08T07:30:00Z"
            ]
        )
        // Repeated by fall back: the first occurrence (01:30 EDT).
        #expect(
            try next("at(2026-11-01T01:30:00)", after: "2026-01-01T00:00:00Z", timeZone: "America/New_York") == [
                "2026-11-01T05:30:00Z"
            ]
        )
    }

    @Test func startAndEndDatesBoundEveryKind() throws {
        let schedule = Schedule(
            expression: try ScheduleExpression(parsing: "cron(0 3 * * ? *)"),
            startDate: date("2026-12-10T00:00:00Z"),
            endDate: date("2026-12-12T03:00:00Z")
        )
        #expect(
            utc(schedule.nextFireTimes(after: date("2026-12-01T00:00:00Z"), count: 5)) == [
                "2026-12-10T03:00:00Z", "2026-12-11T03:00:00Z", "2026-12-12T03:00:00Z",
            ]
        )
        #expect(schedule.nextFireTime(after: date("2026-12-12T03:00:00Z")) == nil)
        #expect(schedule.nextFireTimes(after: .now, count: 0).isEmpty)
    }
}
