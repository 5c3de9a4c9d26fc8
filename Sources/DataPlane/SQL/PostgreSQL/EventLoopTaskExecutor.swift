internal import NIOCore

/// Runs a task's nonisolated code on one NIO event loop, so that a check of the channel's state and the call that
/// depends on it happen in the same event-loop turn, with no channel event in between.
///
/// Used around each `COPY` write (see `PostgreSQLConnection.bulkLoad`): postgres-nio 1.33.2 traps when a write
/// reaches its handler after the connection closed, and a closed-check made on any other thread can be stale by the
/// time the write runs on the loop.
final class EventLoopTaskExecutor: TaskExecutor {
    private let eventLoop: any EventLoop

    init(_ eventLoop: any EventLoop) {
        self.eventLoop = eventLoop
    }

    func enqueue(_ job: consuming ExecutorJob) {
        let job = UnownedJob(job)
        eventLoop.execute { job.runSynchronously(on: self.asUnownedTaskExecutor()) }
    }
}
