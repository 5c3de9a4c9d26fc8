/// Runs schedules: sleeps until the next fire time on an injected clock, starts runs through a closure, and
/// follows the policies of a ``SchedulerStateMachine``.
///
/// ```swift
/// let scheduler = Scheduler(entries: [
///     .init(id: "nightly", schedule: try Schedule(parsing: "cron(0 3 * * ? *)", timeZone: berlin)),
/// ])
/// try await scheduler.run { run in
///     await startExecution(for: run)   // returns when the execution has finished
/// }
/// ```
///
/// ## Concurrency
/// ``run(start:onAction:)`` is structured: each run's `start` call is a child task of it, so `run` never leaves a
/// task behind. A run counts as in flight until its `start` call returns, which is what the ``OverlapPolicy``
/// looks at, so `start` should return when the work it started has finished. Cancelling the task that calls
/// `run` cancels the runs in flight, waits for them, and then `run` returns.
///
/// The set of schedules is fixed for one call of `run`; to change it, cancel and call again with the new entries
/// and the ``SchedulerStateMachine/Status/lastFireTime`` values it reported through `onAction`.
public struct Scheduler: Sendable {
    /// The schedules.
    public var entries: [SchedulerStateMachine.Entry]
    /// Policy defaults.
    public var configuration: SchedulerStateMachine.Configuration
    /// The clock to read and sleep on.
    public var clock: any SchedulerClock

    /// Creates a scheduler; nothing runs until ``run(start:onAction:)``.
    ///
    /// - Parameters:
    ///   - entries: The schedules, with what is known of their past (last fire time, runs in flight).
    ///   - configuration: Policy defaults.
    ///   - clock: The wall clock; the system clock unless a test injects one.
    public init(
        entries: [SchedulerStateMachine.Entry],
        configuration: SchedulerStateMachine.Configuration = SchedulerStateMachine.Configuration(),
        clock: any SchedulerClock = SystemSchedulerClock()
    ) {
        self.entries = entries
        self.configuration = configuration
        self.clock = clock
    }

    private enum Event: Sendable {
        case wokeUp
        case finished(String)
    }

    /// Runs the schedules until every one has ended and no run is in flight, or until the calling task is
    /// cancelled.
    ///
    /// - Parameters:
    ///   - start: Called once per run, in a child task; return when the run has finished. It is called
    ///     concurrently with other runs (of other schedules, or of the same one under
    ///     ``OverlapPolicy/allowAll``).
    ///   - onAction: Called, on the task that called `run`, with every action the state machine decides,
    ///     including the starts, before they start; for logs, metrics, and for persisting last fire times.
    /// - Throws: What the clock's `sleep` throws other than `CancellationError`; a cancelled `run` returns normally.
    public func run(
        start: @escaping @Sendable (SchedulerStateMachine.Run) async -> Void,
        onAction: (SchedulerStateMachine.Action) -> Void = { _ in }
    ) async throws {
        var machine = SchedulerStateMachine(entries: entries, configuration: configuration, now: clock.now)
        let clock = self.clock
        do {
            try await withThrowingTaskGroup(of: Event.self) { group in
                var isSleeping = false
                var actions = machine.tick(now: clock.now)
                while true {
                    for action in actions {
                        onAction(action)
                        if case .start(let run) = action {
                            group.addTask {
                                await start(run)
                                return .finished(run.scheduleID)
                            }
                        }
                    }
                    actions = []
                    if !isSleeping, let wakeUp = machine.nextWakeUp {
                        isSleeping = true
                        group.addTask {
                            try await clock.sleep(until: wakeUp)
                            return .wokeUp
                        }
                    }
                    guard let event = try await group.next() else { return }
                    switch event {
                    case .wokeUp:
                        isSleeping = false
                        actions = machine.tick(now: clock.now)
                    case .finished(let scheduleID):
                        actions = machine.runFinished(scheduleID: scheduleID)
                    }
                }
            }
        } catch is CancellationError {
            return
        }
    }
}
