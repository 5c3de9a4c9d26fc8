import Synchronization

/// Why a running execution is interrupted, and the signal that tells its runner.
final class ExecutionControl: Sendable {
    /// Why an execution stops before it ends by itself.
    enum Interruption: Error, Sendable {
        /// `StopExecution`: finish it as ABORTED.
        case stop
        /// Another worker holds its lease now: leave it alone.
        case leaseLost
        /// This process is shutting down: leave it for a restart or another worker to resume.
        case shutdown
    }

    private let reason = Mutex<Interruption?>(nil)
    private let continuation: AsyncStream<Interruption>.Continuation
    /// Yields the first interruption.
    let interruptions: AsyncStream<Interruption>

    init() {
        (interruptions, continuation) = AsyncStream.makeStream(bufferingPolicy: .bufferingNewest(1))
    }

    /// Interrupts the execution; the first reason wins.
    func interrupt(_ interruption: Interruption) {
        let isFirst = reason.withLock { current in
            guard current == nil else { return false }
            current = interruption
            return true
        }
        if isFirst { continuation.yield(interruption) }
    }

    /// The interruption, if any.
    var interruption: Interruption? { reason.withLock { $0 } }

    /// The interruption when it means "make no more progress" (the lease is gone or the process is stopping).
    var abandonment: Interruption? {
        switch interruption {
        case .leaseLost?, .shutdown?: interruption
        case .stop?, nil: nil
        }
    }

    /// Ends ``interruptions``.
    func finish() { continuation.finish() }
}
