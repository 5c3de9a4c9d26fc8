import ArgumentParser
import Foundation
import JSONValue
import Scheduling
import Store

extension Ferry {
    /// `ferry schedule add|list|remove|next`
    struct ScheduleCommand: AsyncParsableCommand {
        static let configuration = CommandConfiguration(
            commandName: "schedule",
            abstract: "Manage the schedules ferry serve fires, and read EventBridge Scheduler expressions.",
            discussion: """
                Schedules live in the state store (the one ferry serve uses: --store, else ferry.yaml's \
                state_store, else ./ferry-state.db); every ferry serve and worker on that store fires them, one \
                execution per fire time.
                """,
            subcommands: [Add.self, List.self, Remove.self, Next.self]
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

extension Ferry.ScheduleCommand {
    /// `ferry schedule add NAME --expression EXPR --state-machine NAME|ARN [--input JSON] [--time-zone TZ]
    /// [--overlap POLICY] [--json]`
    struct Add: AsyncParsableCommand {
        static let configuration = CommandConfiguration(
            abstract: "Create or replace a schedule that starts a state machine.",
            discussion: """
                Each fire time of the expression (see ferry schedule next --help) starts an execution of the \
                state machine with --input, named NAME-<fire time as yyyymmddThhmmssZ>. --overlap says what \
                happens when a fire time comes while the previous run still runs: skip (the default: runs never \
                overlap), bufferOne, bufferAll or allowAll. After downtime a missed schedule runs once. Replacing \
                a schedule keeps its last fire time.

                Prints the schedule and its next fire time (--json: a JSON object). Exit status: 0 stored; 1 the \
                expression is invalid, the state machine does not exist or the store failed; 2 usage errors.
                """)

        @Argument(help: ArgumentHelp("The schedule's name (letters, digits, - and _).", valueName: "name"))
        var name: String

        @Option(help: ArgumentHelp("When it fires, e.g. 'cron(0 3 * * ? *)' or 'rate(1 hour)'.", valueName: "expr"))
        var expression: String

        @Option(
            name: .customLong("state-machine"),
            help: ArgumentHelp("The state machine to start: its name or ARN.", valueName: "name-or-arn"))
        var stateMachine: String

        @Option(help: ArgumentHelp("The input of each execution, as JSON.", valueName: "json"))
        var input: String = "{}"

        @Option(
            name: .customLong("time-zone"),
            help: ArgumentHelp("The IANA time zone the expression is read in.", valueName: "tz"))
        var timeZone: String = "UTC"

        @Option(help: ArgumentHelp("skip, bufferOne, bufferAll or allowAll.", valueName: "policy"))
        var overlap: String = "skip"

        @Flag(help: "Print a JSON object instead of text.")
        var json = false

        @OptionGroup var stateStore: StateStoreOptions

        @OptionGroup var global: GlobalOptions

        func validate() throws {
            guard TimeZone(identifier: timeZone) != nil else {
                throw ValidationError("--time-zone '\(timeZone)' is not an IANA time zone; write e.g. UTC or Europe/Berlin.")
            }
            guard OverlapPolicy(name: overlap) != nil else {
                throw ValidationError(
                    "--overlap '\(overlap)' is not a policy; use one of " + OverlapPolicy.names.joined(separator: ", "))
            }
            guard (try? JSONValue(parsing: input)) != nil else {
                throw ValidationError("--input is not valid JSON: \(input)")
            }
        }

        func run() async throws {
            global.bootstrapLogging()
            let zone = TimeZone(identifier: timeZone) ?? TimeZone(identifier: "UTC")!
            let schedule: Schedule
            do {
                schedule = try Schedule(parsing: expression, timeZone: zone)
            } catch {
                printError("error: \(error)")
                throw ExitCode(1)
            }
            let input = try JSONValue(parsing: self.input)
            let record = try await withScheduleStore(stateStore) { store in
                let arn =
                    stateMachine.hasPrefix("arn:")
                    ? stateMachine
                    : "arn:aws:states:\(store.configuration.region):\(store.configuration.account):stateMachine:"
                        + stateMachine
                return try await store.putSchedule(
                    name: name, expression: expression, timezone: timeZone, stateMachineArn: arn, input: input,
                    overlap: overlap)
            }
            let next = schedule.nextFireTimes(after: Date(), count: 1).first
            if json {
                print(scheduleJSON(record, next: next, zone: zone).serialized())
            } else {
                print("schedule \(record.name): \(record.expression) (\(record.timezone)) starts \(record.stateMachineArn)")
                print("next fire time: " + (next.map { Next.format($0, in: zone) } ?? "none (the schedule has ended)"))
            }
        }
    }

    /// `ferry schedule list [--json]`
    struct List: AsyncParsableCommand {
        static let configuration = CommandConfiguration(
            abstract: "List the schedules in the state store.",
            discussion: """
                Prints a table (name, expression, time zone, state machine, overlap, last and next fire time), or \
                with --json a JSON array of objects with those members. Exit status: 0 listed; 1 the store failed.
                """)

        @Flag(help: "Print a JSON array instead of a table.")
        var json = false

        @OptionGroup var stateStore: StateStoreOptions

        @OptionGroup var global: GlobalOptions

        func run() async throws {
            global.bootstrapLogging()
            let records = try await withScheduleStore(stateStore) { store in
                var records: [ScheduleRecord] = []
                var token: String?
                repeat {
                    let page = try await store.listSchedules(maxResults: 1000, nextToken: token)
                    records += page.items
                    token = page.nextToken
                } while token != nil
                return records
            }
            let now = Date()
            let rows = records.map { record -> (record: ScheduleRecord, zone: TimeZone, next: Date?) in
                let zone = TimeZone(identifier: record.timezone) ?? TimeZone(identifier: "UTC")!
                let schedule = try? Schedule(parsing: record.expression, timeZone: zone)
                return (record, zone, schedule?.nextFireTimes(after: now, count: 1).first)
            }
            if json {
                print(JSONValue.array(rows.map { scheduleJSON($0.record, next: $0.next, zone: $0.zone) }).serialized())
                return
            }
            guard !rows.isEmpty else {
                print("no schedules; add one with ferry schedule add")
                return
            }
            print(
                renderTable(
                    ["NAME", "EXPRESSION", "TIME ZONE", "STATE MACHINE", "OVERLAP", "LAST FIRED", "NEXT FIRE"],
                    rows.map { row in
                        [
                            row.record.name, row.record.expression, row.record.timezone, row.record.stateMachineArn,
                            row.record.overlap, row.record.lastFired.map { Next.format($0, in: row.zone) } ?? "-",
                            row.next.map { Next.format($0, in: row.zone) } ?? "-",
                        ]
                    }), terminator: "")
        }
    }

    /// `ferry schedule remove NAME`
    struct Remove: AsyncParsableCommand {
        static let configuration = CommandConfiguration(
            abstract: "Remove a schedule from the state store.",
            discussion: """
                Executions it started are kept. Exit status: 0 removed; 1 no such schedule, or the store failed.
                """)

        @Argument(help: ArgumentHelp("The schedule's name.", valueName: "name"))
        var name: String

        @OptionGroup var stateStore: StateStoreOptions

        @OptionGroup var global: GlobalOptions

        func run() async throws {
            global.bootstrapLogging()
            try await withScheduleStore(stateStore) { try await $0.deleteSchedule(name: name) }
            print("removed schedule \(name)")
        }
    }
}

/// Opens the state store for a schedule command; a store error prints one line on stderr and exits 1.
private func withScheduleStore<R>(_ options: StateStoreOptions, _ body: (Store) async throws -> R) async throws -> R {
    let settings = try options.settings()
    do {
        return try await Store.withStore(
            url: options.storeURL(settings), configuration: options.storeConfiguration(settings), body)
    } catch let error as ExitCode {
        throw error
    } catch {
        printError("error: \(error)")
        throw ExitCode(1)
    }
}

/// A schedule as `--json` prints it.
private func scheduleJSON(_ record: ScheduleRecord, next: Date?, zone: TimeZone) -> JSONValue {
    [
        "name": .string(record.name), "expression": .string(record.expression), "timeZone": .string(record.timezone),
        "stateMachineArn": .string(record.stateMachineArn), "input": record.input, "overlap": .string(record.overlap),
        "lastFired": record.lastFired.map { .string(Ferry.ScheduleCommand.Next.format($0, in: zone)) } ?? .null,
        "nextFire": next.map { .string(Ferry.ScheduleCommand.Next.format($0, in: zone)) } ?? .null,
    ]
}
