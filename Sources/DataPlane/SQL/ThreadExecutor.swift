internal import Foundation

/// A serial executor backed by one dedicated thread, so an actor using it runs its (blocking) code off Swift's
/// cooperative pool. The thread exits when the executor is deallocated (when its actor is).
///
/// Used by ``MySQLSession``: one thread per connection, as Connector/C requires one `MYSQL*` per thread at a time.
final class ThreadExecutor: SerialExecutor {
    private let queue: JobQueue

    init(name: String) {
        let queue = JobQueue()
        self.queue = queue
        let thread = Thread { queue.run() }
        thread.name = name
        thread.stackSize = 1 << 20
        thread.start()
    }

    deinit { queue.stop() }

    func enqueue(_ job: consuming ExecutorJob) {
        queue.push(UnownedJob(job), executor: asUnownedSerialExecutor())
    }

    /// The jobs waiting for the thread.
    ///
    /// `@unchecked Sendable`: `jobs` and `isStopped` are accessed only while `condition` is locked.
    private final class JobQueue: @unchecked Sendable {
        private let condition = NSCondition()
        private var jobs: [(UnownedJob, UnownedSerialExecutor)] = []
        private var isStopped = false

        func push(_ job: UnownedJob, executor: UnownedSerialExecutor) {
            condition.lock()
            jobs.append((job, executor))
            condition.signal()
            condition.unlock()
        }

        func stop() {
            condition.lock()
            isStopped = true
            condition.signal()
            condition.unlock()
        }

        func run() {
            while true {
                condition.lock()
                while jobs.isEmpty && !isStopped { condition.wait() }
                if jobs.isEmpty && isStopped {
                    condition.unlock()
                    return
                }
                let batch = jobs
                jobs.removeAll(keepingCapacity: true)
                condition.unlock()
                for (job, executor) in batch { job.runSynchronously(on: executor) }
            }
        }
    }
}
