import ArgumentParser
import Foundation
import Testing

@testable import FerryCLI

/// `ferry schedule next`, in-process: what it prints, and how it refuses bad input.
@Suite struct ScheduleCommandTests {
    func parse(_ arguments: [String]) throws -> Ferry.ScheduleCommand.Next {
        let command = try Ferry.parseAsRoot(["schedule", "next"] + arguments)
        return try #require(command as? Ferry.ScheduleCommand.Next)
    }

    func instant(_ text: String) throws -> Date {
        try #require(Ferry.ScheduleCommand.Next.parseInstant(text))
    }

    @Test func printsOneFireTimePerLineWithTheZonesOffset() throws {
        // Berlin leaves summer time on 2026-10-25.
        let command = try parse([
            "cron(0 3 * * ? *)", "--count", "3", "--time-zone", "Europe/Berlin",
            "--after", "2026-10-23T12:00:00Z",
        ])
        #expect(
            try command.output(now: Date()) == """
                2026-10-24T03:00:00+02:00
                2026-10-25T03:00:00+01:00
                2026-10-26T03:00:00+01:00
                """
        )
    }

    @Test func defaultsToFiveTimesInUTCAfterNow() throws {
        let command = try parse(["rate(15 minutes)"])
        #expect(
            try command.output(now: instant("2026-12-04T13:07:30Z")) == """
                2026-12-04T13:22:00+00:00
                2026-12-04T13:37:00+00:00
                2026-12-04T13:52:00+00:00
                2026-12-04T14:07:00+00:00
                2026-12-04T14:22:00+00:00
                """
        )
    }

    @Test func jsonPrintsAnArray() throws {
        let command = try parse([
            "cron(30 2 * * ? *)", "--json", "--count", "2", "--time-zone", "America/New_York",
            "--after", "2026-03-07T00:00:00-05:00",
        ])
        // 02:30 does not exist in New York on 2026-03-08.
        #expect(try command.output(now: Date()) == #"["2026-03-07T02:30:00-05:00","2026-03-09T02:30:00-04:00"]"#)
        let ended = try parse(["at(2026-01-01T00:00:00)", "--json", "--after", "2026-06-01T00:00:00Z"])
        #expect(try ended.output(now: Date()) == "[]")
    }

    @Test func anInvalidExpressionExitsWithStatus1AndNamesTheField() throws {
        let command = try parse(["cron(0 3 * * * *)"])
        #expect {
            _ = try command.output(now: Date())
        } throws: { error in
            Ferry.exitCode(for: error) == .failure
                && "\(error)".contains("day-of-month and day-of-week")
                && "\(error)".contains("cron(0 3 * * ? *)")
        }
    }

    @Test(arguments: [
        ["rate(5 minutes)", "--time-zone", "Mars/Olympus_Mons"],
        ["rate(5 minutes)", "--count", "0"],
        ["rate(5 minutes)", "--count", "1001"],
        ["rate(5 minutes)", "--after", "yesterday"],
        [],
    ])
    func usageErrorsAreValidationFailures(arguments: [String]) {
        #expect {
            _ = try Ferry.parseAsRoot(["schedule", "next"] + arguments)
        } throws: { error in
            Ferry.exitCode(for: error) == .validationFailure
        }
    }
}
