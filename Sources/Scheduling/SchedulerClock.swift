public import Foundation

/// The wall clock a ``Scheduler`` reads and sleeps on. Schedules are about calendar time, so this is `Date`-based
/// rather than a `Clock` with monotonic instants.
///
/// Tests inject a manual clock whose time moves only when the test says so.
public protocol SchedulerClock: Sendable {
    /// The current time.
    var now: Date { get }

    /// Suspends until the clock reads `deadline` or later.
    ///
    /// - Throws: `CancellationError` when the calling task is cancelled while it waits.
    func sleep(until deadline: Date) async throws
}

/// The system's wall clock.
///
/// It sleeps in steps of at most ``maximumStep`` and looks at the time again after each, so that a wall-clock
/// change (NTP, a laptop waking up) delays a fire time by at most one step.
public struct SystemSchedulerClock: SchedulerClock {
    /// The longest single sleep; default 30 seconds.
    public var maximumStep: Duration

    /// Creates the system clock.
    public init(maximumStep: Duration = .seconds(30)) {
        self.maximumStep = maximumStep
    }

    /// `Date()`.
    public var now: Date { Date() }

    /// Sleeps until `deadline`, in steps of at most ``maximumStep``.
    public func sleep(until deadline: Date) async throws {
        let stepSeconds = Double(maximumStep.components.seconds) + Double(maximumStep.components.attoseconds) / 1e18
        while true {
            let remaining = deadline.timeIntervalSinceNow
            if remaining <= 0 { return }
            try await Task.sleep(for: .milliseconds(Int64((min(remaining, stepSeconds) * 1000).rounded(.up))))
        }
    }
}
