import Foundation
import Scheduling
import Testing

@Suite struct SchedulerTests {
    typealias Run = SchedulerStateMachine.Run

    @Test(.timeLimit(.minutes(1)))
    func sleepsUntilEachFireTimeAndStartsTheRun() async throws {
        let clock = ManualClock(now: date("2026-12-04T10:00:20Z"))
        let scheduler = Scheduler(
            entries: [.init(id: "s", schedule: try Schedule(parsing: "cron(0/5 * * * ? *)"))],
            clock: clock
        )
        let (runs, continuation) = AsyncStream.makeStream(of: Run.self)
        try await withThrowingTaskGroup(of: Void.self) { group in
            group.addTask {
                try await scheduler.run { run in continuation.yield(run) }
            }
            var iterator = runs.makeAsyncIterator()
            for expected in ["2026-12-04T10:05:00Z", "2026-12-04T10:10:00Z", "2026-12-04T10:15:00Z"] {
                let wakeUp = await clock.nextSleep()
                #expect(wakeUp == date(expected))
                clock.advance(to: wakeUp)
                let run = await iterator.next()
                #expect(run == Run(scheduleID: "s", scheduledTime: date(expected)))
            }
            // Cancelling the caller ends run() normally.
            group.cancelAll()
            try await group.waitForAll()
        }
    }

    @Test(.timeLimit(.minutes(1)))
    func noOverlapWhileARunIsInFlight() async throws {
        let clock = ManualClock(now: date("2026-12-04T10:00:20Z"))
        let scheduler = Scheduler(
            entries: [.init(id: "s", schedule: try Schedule(parsing: "cron(0/5 * * * ? *)"))],
            clock: clock
        )
        let gate = Gate()
        let (actions, actionContinuation) = AsyncStream.makeStream(of: SchedulerStateMachine.Action.self)
        let finished = Recorder<Date>()
        try await withThrowingTaskGroup(of: Void.self) { group in
            group.addTask {
                try await scheduler.run(
                    start: { run in
                        // Only the first run is held.
                        if run.scheduledTime == date("2026-12-04T10:05:00Z") { await gate.wait() }
                        finished.append(run.scheduledTime)
                    },
                    onAction: { actionContinuation.yield($0) }
                )
            }
            var iterator = actions.makeAsyncIterator()
            clock.advance(to: await clock.nextSleep())
            #expect(await iterator.next() == .start(Run(scheduleID: "s", scheduledTime: date("2026-12-04T10:05:00Z"))))
            // 10:10 comes due while the 10:05 run is held: skipped.
            let second = await clock.nextSleep()
            #expect(second == date("2026-12-04T10:10:00Z"))
            clock.advance(to: second)
            #expect(
                await iterator.next()
                    == .skip(Run(scheduleID: "s", scheduledTime: date("2026-12-04T10:10:00Z")), reason: .overlap)
            )
            gate.release()
            // Once the loop has seen it finish, the next fire time starts again. The test cannot tell when the
            // loop has processed the finish, so a fire time or two may still be skipped; a start must follow.
            var restarted: SchedulerStateMachine.Action?
            for _ in 0..<10 {
                clock.advance(to: await clock.nextSleep())
                let action = await iterator.next()
                if case .start = action {
                    restarted = action
                    break
                }
                guard case .skip(_, reason: .overlap) = action else {
                    Issue.record("unexpected \(String(describing: action))")
                    break
                }
            }
            if case .start(let run) = restarted {
                #expect(run.scheduledTime >= date("2026-12-04T10:15:00Z"))
            } else {
                Issue.record("no run started after the first finished")
            }
            #expect(finished.all.first == date("2026-12-04T10:05:00Z"))
            group.cancelAll()
            try await group.waitForAll()
        }
    }

    @Test(.timeLimit(.minutes(1)))
    func returnsWhenEverySchedulesHasEndedAndTheRunsHaveFinished() async throws {
        let clock = ManualClock(now: date("2026-12-04T10:00:00Z"))
        let scheduler = Scheduler(
            entries: [.init(id: "once", schedule: try Schedule(parsing: "at(2026-12-04T12:00:00)"))],
            clock: clock
        )
        let runs = Recorder<Run>()
        async let done: Void = scheduler.run { run in runs.append(run) }
        clock.advance(to: await clock.nextSleep())
        try await done
        #expect(runs.all == [Run(scheduleID: "once", scheduledTime: date("2026-12-04T12:00:00Z"))])
    }

    @Test(.timeLimit(.minutes(1)))
    func afterARestartAMissedScheduleRunsOnceAtStartup() async throws {
        // Last fired at 08:00; the process comes back at 10:02.
        let clock = ManualClock(now: date("2026-12-04T10:02:00Z"))
        let scheduler = Scheduler(
            entries: [
                .init(
                    id: "s",
                    schedule: try Schedule(parsing: "cron(0/5 * * * ? *)"),
                    lastFireTime: date("2026-12-04T08:00:00Z")
                )
            ],
            clock: clock
        )
        let (runs, continuation) = AsyncStream.makeStream(of: Run.self)
        let actions = Recorder<SchedulerStateMachine.Action>()
        try await withThrowingTaskGroup(of: Void.self) { group in
            group.addTask {
                try await scheduler.run(start: { run in continuation.yield(run) }, onAction: { actions.append($0) })
            }
            var iterator = runs.makeAsyncIterator()
            #expect(
                await iterator.next()
                    == Run(scheduleID: "s", scheduledTime: date("2026-12-04T10:00:00Z"), isCatchUp: true)
            )
            #expect(await clock.nextSleep() == date("2026-12-04T10:05:00Z"))
            #expect(
                actions.all.first
                    == .missed(
                        scheduleID: "s",
                        earliest: date("2026-12-04T08:05:00Z"),
                        latest: date("2026-12-04T09:55:00Z")
                    )
            )
            group.cancelAll()
            try await group.waitForAll()
        }
    }

    @Test(.timeLimit(.minutes(1)))
    func cancellationCancelsTheRunsInFlight() async throws {
        let clock = ManualClock(now: date("2026-12-04T10:00:00Z"))
        let scheduler = Scheduler(
            entries: [.init(id: "r", schedule: try Schedule(parsing: "rate(1 hour)"))],
            clock: clock
        )
        let (started, continuation) = AsyncStream.makeStream(of: Void.self)
        let cancelled = Recorder<Bool>()
        let task = Task {
            try await scheduler.run { _ in
                continuation.yield()
                // A long run that ends only when cancelled.
                while !Task.isCancelled { try? await Task.sleep(for: .milliseconds(5)) }
                cancelled.append(true)
            }
        }
        // A new rate schedule starts at once.
        var iterator = started.makeAsyncIterator()
        await iterator.next()
        task.cancel()
        try await task.value
        #expect(cancelled.all == [true])
    }
}

@Suite struct SystemSchedulerClockTests {
    @Test func aDeadlineInThePastReturnsAtOnce() async throws {
        let clock = SystemSchedulerClock()
        try await clock.sleep(until: clock.now.addingTimeInterval(-1))
    }

    @Test func cancellationEndsTheSleep() async throws {
        let clock = SystemSchedulerClock(maximumStep: .milliseconds(10))
        let task = Task { try await clock.sleep(until: clock.now.addingTimeInterval(3600)) }
        task.cancel()
        await #expect(throws: CancellationError.self) { try await task.value }
    }
}
