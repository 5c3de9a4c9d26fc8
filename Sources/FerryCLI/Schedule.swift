import ArgumentParser
import Foundation
import JSONValue
import Scheduling

extension Ferry {
    /// `ferry schedule next EXPRESSION [--count N] [--time-zone TZ] [--after ISO8601] [--json]`
    struct ScheduleCommand: AsyncParsableCommand {
        static let configuration = CommandConfiguration(
            commandName: "schedule",
            abstract: "Work with EventBridge Scheduler expressions: rate(...), cron(...) and at(...).",
            subcommands: [Next.self]
        )
    }
}

extension Ferry.ScheduleCommand {
    /// `ferry schedule next`: the next fire times of an expression.
    struct Next: AsyncParsableCommand {
        static let configuration = CommandConfiguration(
            abstract: "Print the next fire times of a schedule expression.",
            discussion: """
                EXPRESSION is an EventBridge Scheduler expression: rate(value unit) (minute(s), hour(s), day(s); \
                the singular only for 1), cron(minutes hours day-of-month month day-of-week year) (six fields; one \
                of day-of-month and day-of-week must be ?; L, W, LW and # as AWS documents them; day-of-week 1-7 \
                is SUN-SAT) or at(yyyy-mm-ddThh:mm:ss). Quote it for the shell.

                Prints one fire time per line, ISO 8601 with the time zone's offset \
                (2026-12-05T03:00:00+01:00), or with --json a JSON array of those strings. A local time skipped by \
                a daylight-saving change does not fire; a repeated one fires once. A rate without a start is \
                counted from the whole minute of --after.

                Exit status: 0 the fire times were printed (fewer than --count when the schedule ends); 1 the \
                expression is invalid (one line on stderr naming the field and the fix); 2 usage errors (an unknown \
                time zone, a malformed --after, a --count out of range).
                """
        )

        @Argument(help: ArgumentHelp("The schedule expression, e.g. 'cron(0 3 * * ? *)'.", valueName: "expression"))
        var expression: String

        @Option(help: ArgumentHelp("How many fire times to print (1-1000).", valueName: "n"))
        var count: Int = 5

        @Option(
            name: .customLong("time-zone"),
            help: ArgumentHelp("The IANA time zone the expression is read in, e.g. Europe/Berlin.", valueName: "tz")
        )
        var timeZone: String = "UTC"

        @Option(
            help: ArgumentHelp(
                "List fire times after this instant (ISO 8601 with an offset or Z); now by default.",
                valueName: "iso8601"
            )
        )
        var after: String?

        @Flag(help: "Print a JSON array instead of one time per line.")
        var json = false

        @OptionGroup var global: GlobalOptions

        func validate() throws {
            guard (1...1000).contains(count) else {
                throw ValidationError("--count must be from 1 to 1000, not \(count).")
            }
            guard TimeZone(identifier: timeZone) != nil else {
                throw ValidationError(
                    "--time-zone '\(timeZone)' is not an IANA time zone; write e.g. UTC, Europe/Berlin, America/New_York."
                )
            }
            if let after, Self.parseInstant(after) == nil {
                throw ValidationError(
                    "--after '\(after)' is not an ISO 8601 instant; write e.g. 2026-12-04T13:00:00Z or 2026-12-04T14:00:00+01:00."
                )
            }
        }

        func run() async throws {
            global.bootstrapLogging()
            let now = Date()
            let text = try output(now: now)
            if text.isEmpty {
                printError("note: \(expression) has no fire times after \(Self.format(afterDate(now: now), in: zone))")
            } else {
                print(text)
            }
        }

        var zone: TimeZone { TimeZone(identifier: timeZone) ?? TimeZone(identifier: "UTC")! }

        func afterDate(now: Date) -> Date { after.flatMap(Self.parseInstant) ?? now }

        /// What the command prints on stdout, given the time it runs at.
        ///
        /// - Throws: ``ScheduleExpressionError`` for an invalid expression.
        func output(now: Date) throws -> String {
            let schedule = try Schedule(parsing: expression, timeZone: zone)
            let times = schedule.nextFireTimes(after: afterDate(now: now), count: count).map {
                Self.format($0, in: zone)
            }
            if json {
                return JSONValue.array(times.map { .string($0) }).serialized()
            }
            return times.joined(separator: "\n")
        }

        static func parseInstant(_ text: String) -> Date? {
            let formatter = ISO8601DateFormatter()
            formatter.formatOptions = [.withInternetDateTime]
            if let date = formatter.date(from: text) { return date }
            formatter.formatOptions = [.withInternetDateTime, .withFractionalSeconds]
            return formatter.date(from: text)
        }

        /// `2026-12-05T03:00:00+01:00`: the wall-clock time in `zone` with its offset (`+00:00` for UTC).
        static func format(_ date: Date, in zone: TimeZone) -> String {
            var calendar = Calendar(identifier: .gregorian)
            calendar.timeZone = zone
            let parts = calendar.dateComponents([.year, .month, .day, .hour, .minute, .second], from: date)
            let offset = zone.secondsFromGMT(for: date)
            func pad(_ value: Int?, _ width: Int = 2) -> String {
                let text = String(value ?? 0)
                return String(repeating: "0", count: max(0, width - text.count)) + text
            }
            let sign = offset < 0 ? "-" : "+"
            return
                "\(pad(parts.year, 4))-\(pad(parts.month))-\(pad(parts.day))T\(pad(parts.hour)):\(pad(parts.minute)):"
                + "\(pad(parts.second))\(sign)\(pad(abs(offset) / 3600)):\(pad(abs(offset) % 3600 / 60))"
        }
    }
}
