import Foundation
import Scheduling
import Testing

@Suite struct SchedulerStateMachineTests {
    typealias Machine = SchedulerStateMachine
    typealias Run = SchedulerStateMachine.Run

    static func everyFiveMinutes() throws -> Schedule { try Schedule(parsing: "cron(0/5 * * * ? *)") }

    static func run(_ time: String, catchUp: Bool = false, id: String = "s") -> Run {
        Run(scheduleID: id, scheduledTime: date(time), isCatchUp: catchUp)
    }

    @Test func startsEachFireTimeWhenItComesDue() throws {
        var machine = Machine(
            entries: [.init(id: "s", schedule: try Self.everyFiveMinutes())],
            now: date("2026-12-04T10:00:20Z")
        )
        #expect(machine.nextWakeUp == date("2026-12-04T10:05:00Z"))
        #expect(machine.tick(now: date("2026-12-04T10:04:59Z")).isEmpty)
        #expect(machine.tick(now: date("2026-12-04T10:05:00Z")) == [.start(Self.run("2026-12-04T10:05:00Z"))])
        #expect(machine.status(of: "s")?.runsInFlight == 1)
        #expect(machine.runFinished(scheduleID: "s").isEmpty)
        #expect(machine.nextWakeUp == date("2026-12-04T10:10:00Z"))
        // A little late is still on time.
        #expect(machine.tick(now: date("2026-12-04T10:10:40Z")) == [.start(Self.run("2026-12-04T10:10:00Z"))])
        #expect(machine.status(of: "s")?.lastFireTime == date("2026-12-04T10:10:00Z"))
    }

    @Test func overlappingFireTimesAreSkippedByDefault() throws {
        var machine = Machine(
            entries: [.init(id: "s", schedule: try Self.everyFiveMinutes())],
            now: date("2026-12-04T10:00:20Z")
        )
        _ = machine.tick(now: date("2026-12-04T10:05:00Z"))
        #expect(
            machine.tick(now: date("2026-12-04T10:10:00Z"))
                == [.skip(Self.run("2026-12-04T10:10:00Z"), reason: .overlap)]
        )
        #expect(machine.runFinished(scheduleID: "s").isEmpty)
        #expect(machine.tick(now: date("2026-12-04T10:15:00Z")) == [.start(Self.run("2026-12-04T10:15:00Z"))])
    }

    @Test func bufferOneKeepsTheLatestAndStartsItWhenTheRunFinishes() throws {
        var machine = Machine(
            entries: [.init(id: "s", schedule: try Self.everyFiveMinutes(), overlapPolicy: .bufferOne)],
            now: date("2026-12-04T10:00:20Z")
        )
        _ = machine.tick(now: date("2026-12-04T10:05:00Z"))
        #expect(machine.tick(now: date("2026-12-04T10:10:00Z")).isEmpty)
        #expect(
            machine.tick(now: date("2026-12-04T10:15:00Z"))
                == [.skip(Self.run("2026-12-04T10:10:00Z"), reason: .replaced)]
        )
        #expect(machine.status(of: "s")?.bufferedRuns == [Self.run("2026-12-04T10:15:00Z")])
        #expect(machine.runFinished(scheduleID: "s") == [.start(Self.run("2026-12-04T10:15:00Z"))])
        #expect(machine.runFinished(scheduleID: "s").isEmpty)
    }

    @Test func bufferAllStartsThemOneAfterAnother() throws {
        let configuration = Machine.Configuration(overlapPolicy: .bufferAll)
        var machine = Machine(
            entries: [.init(id: "s", schedule: try Self.everyFiveMinutes())],
            configuration: configuration,
            now: date("2026-12-04T10:00:20Z")
        )
        _ = machine.tick(now: date("2026-12-04T10:05:00Z"))
        #expect(machine.tick(now: date("2026-12-04T10:10:00Z")).isEmpty)
        #expect(machine.tick(now: date("2026-12-04T10:15:00Z")).isEmpty)
        #expect(machine.runFinished(scheduleID: "s") == [.start(Self.run("2026-12-04T10:10:00Z"))])
        #expect(machine.runFinished(scheduleID: "s") == [.start(Self.run("2026-12-04T10:15:00Z"))])
        #expect(machine.runFinished(scheduleID: "s").isEmpty)
        #expect(machine.status(of: "s")?.runsInFlight == 0)
    }

    @Test func allowAllOverlaps() throws {
        var machine = Machine(
            entries: [.init(id: "s", schedule: try Self.everyFiveMinutes(), overlapPolicy: .allowAll)],
            now: date("2026-12-04T10:00:20Z")
        )
        _ = machine.tick(now: date("2026-12-04T10:05:00Z"))
        #expect(machine.tick(now: date("2026-12-04T10:10:00Z")) == [.start(Self.run("2026-12-04T10:10:00Z"))])
        #expect(machine.status(of: "s")?.runsInFlight == 2)
    }

    @Test func runsInFlightAtRestartCountAsOverlap() throws {
        var machine = Machine(
            entries: [
                .init(
                    id: "s",
                    schedule: try Self.everyFiveMinutes(),
                    lastFireTime: date("2026-12-04T10:00:00Z"),
                    runsInFlight: 1
                )
            ],
            now: date("2026-12-04T10:01:00Z")
        )
        #expect(
            machine.tick(now: date("2026-12-04T10:05:00Z"))
                == [.skip(Self.run("2026-12-04T10:05:00Z"), reason: .overlap)]
        )
    }

    // MARK: Catch-up

    static func restarted(_ policy: CatchUpPolicy, overlap: OverlapPolicy = .skip) throws -> Machine {
        // Last fired at 08:00, the process was down until 10:02.
        Machine(
            entries: [
                .init(
                    id: "s",
                    schedule: try everyFiveMinutes(),
                    lastFireTime: date("2026-12-04T08:00:00Z"),
                    overlapPolicy: overlap,
                    catchUpPolicy: policy
                )
            ],
            now: date("2026-12-04T10:02:00Z")
        )
    }

    @Test func afterDowntimeAMissedScheduleRunsOnce() throws {
        var machine = try Self.restarted(.once)
        #expect(machine.nextWakeUp == date("2026-12-04T08:05:00Z"))
        #expect(
            machine.tick(now: date("2026-12-04T10:02:00Z")) == [
                .missed(scheduleID: "s", earliest: date("2026-12-04T08:05:00Z"), latest: date("2026-12-04T09:55:00Z")),
                .start(Self.run("2026-12-04T10:00:00Z", catchUp: true)),
            ]
        )
        #expect(machine.status(of: "s")?.lastFireTime == date("2026-12-04T10:00:00Z"))
        #expect(machine.nextWakeUp == date("2026-12-04T10:05:00Z"))
        // Once is the default.
        #expect(Machine.Configuration().catchUpPolicy == .once)
    }

    @Test func afterDowntimeEndingOnAFireTimeThatRunIsOnTime() throws {
        var machine = try Self.restarted(.once)
        #expect(
            machine.tick(now: date("2026-12-04T10:00:30Z")) == [
                .missed(scheduleID: "s", earliest: date("2026-12-04T08:05:00Z"), latest: date("2026-12-04T09:55:00Z")),
                .start(Self.run("2026-12-04T10:00:00Z")),
            ]
        )
    }

    @Test func skipRunsNoneOfTheMissedFireTimes() throws {
        var machine = try Self.restarted(.skip)
        #expect(
            machine.tick(now: date("2026-12-04T10:02:00Z")) == [
                .missed(scheduleID: "s", earliest: date("2026-12-04T08:05:00Z"), latest: date("2026-12-04T10:00:00Z"))
            ]
        )
        #expect(machine.nextWakeUp == date("2026-12-04T10:05:00Z"))
        // ... but one that is on time still runs.
        var onTime = try Self.restarted(.skip)
        #expect(
            onTime.tick(now: date("2026-12-04T10:00:30Z")) == [
                .missed(scheduleID: "s", earliest: date("2026-12-04T08:05:00Z"), latest: date("2026-12-04T09:55:00Z")),
                .start(Self.run("2026-12-04T10:00:00Z")),
            ]
        )
    }

    @Test func allRunsTheMostRecentMissedFireTimesUpToTheLimit() throws {
        var sideBySide = try Self.restarted(.all(limit: 3), overlap: .allowAll)
        #expect(
            sideBySide.tick(now: date("2026-12-04T10:02:00Z")) == [
                .missed(scheduleID: "s", earliest: date("2026-12-04T08:05:00Z"), latest: date("2026-12-04T09:45:00Z")),
                .start(Self.run("2026-12-04T09:50:00Z", catchUp: true)),
                .start(Self.run("2026-12-04T09:55:00Z", catchUp: true)),
                .start(Self.run("2026-12-04T10:00:00Z", catchUp: true)),
            ]
        )

        // With the default overlap policy only the first starts.
        var skipping = try Self.restarted(.all(limit: 3))
        #expect(
            skipping.tick(now: date("2026-12-04T10:02:00Z")) == [
                .missed(scheduleID: "s", earliest: date("2026-12-04T08:05:00Z"), latest: date("2026-12-04T09:45:00Z")),
                .start(Self.run("2026-12-04T09:50:00Z", catchUp: true)),
                .skip(Self.run("2026-12-04T09:55:00Z", catchUp: true), reason: .overlap),
                .skip(Self.run("2026-12-04T10:00:00Z", catchUp: true), reason: .overlap),
            ]
        )

        // Buffered, one after another.
        var buffered = try Self.restarted(.all(limit: 2), overlap: .bufferAll)
        #expect(buffered.tick(now: date("2026-12-04T10:02:00Z")).count == 2)
        #expect(buffered.runFinished(scheduleID: "s") == [.start(Self.run("2026-12-04T10:00:00Z", catchUp: true))])

        // Fewer missed than the limit: no missed action.
        var all = Machine(
            entries: [
                .init(
                    id: "s",
                    schedule: try Self.everyFiveMinutes(),
                    lastFireTime: date("2026-12-04T09:50:00Z"),
                    overlapPolicy: .allowAll,
                    catchUpPolicy: .all(limit: 100)
                )
            ],
            now: date("2026-12-04T10:02:00Z")
        )
        #expect(all.tick(now: date("2026-12-04T10:02:00Z")).count == 2)
    }

    @Test func aLongOutageOfAMinutelyScheduleCostsLittle() throws {
        var machine = Machine(
            entries: [
                .init(
                    id: "s",
                    schedule: try Schedule(parsing: "cron(* * * * ? *)"),
                    lastFireTime: date("2025-12-04T10:00:00Z"),
                    catchUpPolicy: .all(limit: 5)
                )
            ],
            now: date("2026-12-04T10:00:30Z")
        )
        let actions = machine.tick(now: date("2026-12-04T10:00:30Z"))
        #expect(
            actions.first
                == .missed(
                    scheduleID: "s",
                    earliest: date("2025-12-04T10:01:00Z"),
                    latest: date("2026-12-04T09:55:00Z")
                )
        )
        #expect(actions.count == 6)
    }

    // MARK: Kinds of schedule

    @Test func aNewRateScheduleStartsAtOnce() throws {
        var machine = Machine(
            entries: [.init(id: "r", schedule: try Schedule(parsing: "rate(5 minutes)"))],
            now: date("2026-12-04T10:00:20Z")
        )
        #expect(
            machine.tick(now: date("2026-12-04T10:00:20Z"))
                == [.start(Self.run("2026-12-04T10:00:00Z", id: "r"))]
        )
        #expect(machine.nextWakeUp == date("2026-12-04T10:05:00Z"))
        _ = machine.runFinished(scheduleID: "r")
        // A rate schedule restored with its last fire time keeps its grid.
        var restored = Machine(
            entries: [
                .init(
                    id: "r",
                    schedule: try Schedule(parsing: "rate(5 minutes)"),
                    lastFireTime: date("2026-12-04T10:00:00Z")
                )
            ],
            now: date("2026-12-04T10:07:00Z")
        )
        #expect(
            restored.tick(now: date("2026-12-04T10:07:00Z"))
                == [.start(Self.run("2026-12-04T10:05:00Z", catchUp: true, id: "r"))]
        )
        #expect(restored.nextWakeUp == date("2026-12-04T10:10:00Z"))
    }

    @Test func newSchedulesWithACreationTimeFireTheSameWhenEverTheSchedulerStarts() throws {
        // Two schedulers sharing a store start on either side of a minute boundary: the rate schedule's first fire
        // time comes from when it was created, not from when each of them read it.
        let created = date("2026-12-04T10:00:59Z")
        /// The fire time of each run the first tick starts, by schedule.
        func firstStarts(at now: Date, createdAt: Date = created) throws -> [String: Date] {
            var machine = Machine(
                entries: [
                    .init(id: "r", schedule: try Schedule(parsing: "rate(5 minutes)"), createdAt: createdAt),
                    .init(id: "c", schedule: try Self.everyFiveMinutes(), createdAt: createdAt),
                ],
                now: now
            )
            var starts: [String: Date] = [:]
            for case .start(let run) in machine.tick(now: now) { starts[run.scheduleID] = run.scheduledTime }
            return starts
        }
        #expect(try firstStarts(at: created.addingTimeInterval(0.5)) == ["r": date("2026-12-04T10:00:00Z")])
        #expect(try firstStarts(at: created.addingTimeInterval(1.2)) == ["r": date("2026-12-04T10:00:00Z")])
        // Started after fire times that came after the creation: the latest of them is due (once).
        #expect(
            try firstStarts(at: date("2026-12-04T10:12:00Z"))
                == ["r": date("2026-12-04T10:10:00Z"), "c": date("2026-12-04T10:10:00Z")])
        // A creation time in the future (clock skew between servers) counts as now.
        #expect(
            try firstStarts(at: date("2026-12-04T10:00:20Z"), createdAt: date("2026-12-04T11:00:00Z"))
                == ["r": date("2026-12-04T10:00:00Z")])
    }

    @Test func aOneTimeScheduleFiresOnceThenEnds() throws {
        var machine = Machine(
            entries: [.init(id: "a", schedule: try Schedule(parsing: "at(2026-12-04T12:00:00)"))],
            now: date("2026-12-04T10:00:00Z")
        )
        #expect(machine.nextWakeUp == date("2026-12-04T12:00:00Z"))
        #expect(machine.tick(now: date("2026-12-04T12:00:00Z")) == [.start(Self.run("2026-12-04T12:00:00Z", id: "a"))])
        #expect(machine.nextWakeUp == nil)
        #expect(machine.status(of: "a")?.nextFireTime == nil)
    }

    @Test func flexibleTimeWindowsStartAtAStableOffsetInsideTheWindow() throws {
        let entry = Machine.Entry(
            id: "nightly-export",
            schedule: try Self.everyFiveMinutes(),
            flexibleTimeWindow: .seconds(240)
        )
        var machine = Machine(entries: [entry], now: date("2026-12-04T10:00:20Z"))
        let status = try #require(machine.status(of: "nightly-export"))
        let due = try #require(status.nextDueTime)
        let offset = due.timeIntervalSince(date("2026-12-04T10:05:00Z"))
        #expect(offset >= 0 && offset < 240)
        #expect(offset.rounded() == offset)
        // The same offset in another process.
        #expect(
            Machine(entries: [entry], now: date("2026-12-04T10:00:20Z")).status(of: "nightly-export")?.nextDueTime
                == due
        )
        if offset > 0 { #expect(machine.tick(now: due.addingTimeInterval(-1)).isEmpty) }
        #expect(machine.tick(now: due) == [.start(Self.run("2026-12-04T10:05:00Z", id: "nightly-export"))])
    }

    @Test func severalSchedulesAddAndRemove() throws {
        var machine = Machine(
            entries: [
                .init(id: "b", schedule: try Schedule(parsing: "cron(0 * * * ? *)")),
                .init(id: "a", schedule: try Self.everyFiveMinutes()),
            ],
            now: date("2026-12-04T10:00:20Z")
        )
        #expect(machine.scheduleIDs == ["b", "a"])
        #expect(machine.nextWakeUp == date("2026-12-04T10:05:00Z"))
        #expect(
            machine.tick(now: date("2026-12-04T11:00:00Z")) == [
                .start(Self.run("2026-12-04T11:00:00Z", id: "b")),
                .missed(scheduleID: "a", earliest: date("2026-12-04T10:05:00Z"), latest: date("2026-12-04T10:55:00Z")),
                .start(Self.run("2026-12-04T11:00:00Z", id: "a")),
            ]
        )
        machine.remove(scheduleID: "a")
        #expect(machine.status(of: "a") == nil)
        #expect(machine.runFinished(scheduleID: "a").isEmpty)
        #expect(machine.nextWakeUp == date("2026-12-04T12:00:00Z"))
        machine.add(.init(id: "c", schedule: try Self.everyFiveMinutes()), now: date("2026-12-04T11:01:00Z"))
        #expect(machine.nextWakeUp == date("2026-12-04T11:05:00Z"))
    }
}

@Test func overlapPoliciesAreFoundByTheirNames() {
    for name in OverlapPolicy.names {
        #expect(OverlapPolicy(name: name)?.description == name)
    }
    #expect(OverlapPolicy(name: "bufferOne") == .bufferOne)
    #expect(OverlapPolicy(name: "buffer-one") == nil)
    #expect(OverlapPolicy.names.count == 4)
}
