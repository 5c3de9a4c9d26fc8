public import Foundation
import Synchronization

/// Where an execution gets the time, and how it waits.
///
/// Waits the workflow asks for (Wait states, retry back-off) go through ``sleep(for:)``; bounds on real work (task
/// timeouts) go through ``sleepUntilTimeout(_:)``, because the work they bound runs in real time even when the
/// workflow's own waits are skipped.
public protocol ExecutionClock: Sendable {
    /// The current time, for history timestamps, `$$.State.EnteredTime` and Wait `Timestamp`s.
    func now() -> Date
    /// Waits as a Wait state or a retry interval asks.
    /// - Throws: `CancellationError` when the task is cancelled.
    func sleep(for duration: Duration) async throws
    /// Waits for a task timeout to elapse.
    /// - Throws: `CancellationError` when the task is cancelled.
    func sleepUntilTimeout(_ duration: Duration) async throws
}

/// The real clock.
public struct SystemExecutionClock: ExecutionClock {
    public init() {}
    public func now() -> Date { Date() }
    public func sleep(for duration: Duration) async throws { try await Task.sleep(for: duration) }
    public func sleepUntilTimeout(_ duration: Duration) async throws { try await Task.sleep(for: duration) }
}

/// A clock whose workflow waits take no real time: each ``sleep(for:)`` moves its time forward instead.
///
/// Used by `ferry execute --fast-time` and by tests. Task timeouts still elapse in real time, since tasks are real.
public final class VirtualExecutionClock: ExecutionClock {
    private let current: Mutex<Date>

    /// Starts at `start` (now by default).
    public init(start: Date = Date()) {
        current = Mutex(start)
    }

    public func now() -> Date { current.withLock { $0 } }

    public func sleep(for duration: Duration) async throws {
        try Task.checkCancellation()
        let seconds = Double(duration.components.seconds) + Double(duration.components.attoseconds) / 1e18
        current.withLock { $0 = $0.addingTimeInterval(seconds) }
        await Task.yield()
    }

    public func sleepUntilTimeout(_ duration: Duration) async throws { try await Task.sleep(for: duration) }
}
