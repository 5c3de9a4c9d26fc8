import Foundation
public import Logging
import JSONValue
public import StatesEngine
import StatesLanguage
import StepFunctionsAPI
public import ServiceLifecycle
public import Store
import Synchronization

/// Runs a store's executions durably.
///
/// It claims RUNNING executions with leases (several runners — in one process or on several machines sharing a
/// PostgreSQL store — split the work), runs each on the engine with a ``StoreJournal`` so every step is committed
/// before the next starts, renews the lease while it runs, and finishes the execution in the store. An execution
/// whose runner died (its lease expired) or that was redriven is resumed from its checkpoints: completed steps are
/// not run again, the in-flight step is. `StopExecution` aborts it. When ``run()`` is cancelled (shutdown), running
/// executions stop where they are, their leases are released, and the next runner resumes them.
///
/// `.waitForTaskToken` tasks keep their tokens in the store: `SendTaskSuccess`/`SendTaskFailure` sent to any server
/// on the same store answer them (the waiting execution polls its token, every 200 ms backing off to 1 s), and a
/// resumed execution waits for the token it issued before the restart instead of issuing a new one, without invoking
/// the task's resource again once it was.
public final class DurableRunner: ExecutionLauncher, Service {
    /// Settings for a runner.
    public struct Configuration: Sendable {
        /// This runner's name in leases; unique per process. Default: host name, process id and a random suffix.
        public var worker: String
        /// How long a claim lasts without renewal; a dead runner's executions are resumed after it. Default 30 s.
        public var leaseDuration: Duration
        /// How often to look for executions to claim (new ones in this process are picked up at once). Default 1 s.
        public var pollInterval: Duration
        /// At most this many executions run at once. Default 256.
        public var maxConcurrentExecutions: Int

        /// Creates a configuration.
        ///
        /// - Parameters:
        ///   - worker: The runner's lease name.
        ///   - leaseDuration: The lease length.
        ///   - pollInterval: The claim interval.
        ///   - maxConcurrentExecutions: The concurrency limit.
        public init(
            worker: String = DurableRunner.defaultWorkerName(), leaseDuration: Duration = .seconds(30),
            pollInterval: Duration = .seconds(1), maxConcurrentExecutions: Int = 256
        ) {
            self.worker = worker
            self.leaseDuration = leaseDuration
            self.pollInterval = pollInterval
            self.maxConcurrentExecutions = maxConcurrentExecutions
        }
    }

    /// `host-pid-xxxx`.
    public static func defaultWorkerName() -> String {
        let suffix = UUID().uuidString.prefix(8).lowercased()
        return "\(ProcessInfo.processInfo.hostName)-\(ProcessInfo.processInfo.processIdentifier)-\(suffix)"
    }

    /// The store whose executions it runs.
    public let store: Store
    let tasks: TaskRegistry
    /// Its settings.
    public let configuration: Configuration
    let logger: Logger
    let metrics: FerryMetrics?

    private struct State {
        /// The executions this runner is running, by ARN.
        var running: [String: ExecutionControl] = [:]
        /// Wakes the claim loop.
        var wake: AsyncStream<Void>.Continuation?
    }

    private let state = Mutex(State())
    /// Wakes this runner's executions waiting for a token answered through this process's API.
    let tokenSignals = TaskTokenSignals()

    /// Creates a runner.
    ///
    /// - Parameters:
    ///   - store: The store whose executions it runs.
    ///   - tasks: The tasks executions may call.
    ///   - configuration: Settings.
    ///   - logger: Where it logs.
    ///   - metrics: Where it counts state transitions and task durations, if anywhere.
    public init(
        store: Store, tasks: TaskRegistry, configuration: Configuration = Configuration(), logger: Logger,
        metrics: FerryMetrics? = nil
    ) {
        self.store = store
        self.tasks = tasks
        self.configuration = configuration
        self.logger = logger
        self.metrics = metrics
    }

    /// Claims and runs executions until graceful shutdown or cancellation; then stops the running ones where they are
    /// (each completed step is committed; a step in flight runs again when the execution resumes) and releases
    /// their leases, so a restarted or another runner resumes them at once.
    public func run() async {
        await cancelWhenGracefulShutdown { await self.claimAndRun() }
    }

    private func claimAndRun() async {
        let (wakes, wake) = AsyncStream.makeStream(of: Void.self, bufferingPolicy: .bufferingNewest(1))
        state.withLock { $0.wake = wake }
        defer { state.withLock { $0.wake = nil } }
        await withDiscardingTaskGroup { group in
            group.addTask { [configuration] in
                while (try? await Task.sleep(for: configuration.pollInterval)) != nil { wake.yield() }
                wake.finish()
            }
            wake.yield()
            for await _ in wakes {
                for record in await claim() {
                    group.addTask { await self.execute(record) }
                }
            }
        }
    }

    // MARK: ExecutionLauncher

    /// A new or redriven execution was recorded: claim it now rather than at the next poll.
    public func launch(_ execution: ExecutionRecord) async {
        wakeClaimLoop()
    }

    /// Waits until an execution has finished — here or on another runner — and returns it (`StartSyncExecution`).
    public func runSync(_ execution: ExecutionRecord) async throws -> ExecutionRecord {
        wakeClaimLoop()
        var pause = Duration.milliseconds(20)
        while true {
            try await Task.sleep(for: pause)
            let record = try await store.describeExecution(arn: execution.arn)
            if record.status != .running { return record }
            pause = min(pause * 2, .seconds(1))
        }
    }

    /// `StopExecution` was recorded: aborts the execution if it runs here, or claims and aborts it if no runner
    /// holds it (a runner that holds it sees the request when it next renews the lease), and returns once it is
    /// recorded ABORTED or after about two seconds.
    public func stopRequested(executionArn: String) async {
        state.withLock { $0.running[executionArn] }?.interrupt(.stop)
        wakeClaimLoop()
        for _ in 0..<40 {
            guard (try? await store.describeExecution(arn: executionArn))?.status == .running else { return }
            try? await Task.sleep(for: .milliseconds(50))
        }
    }

    /// SendTaskSuccess or SendTaskFailure was stored: an execution of this runner waiting for the token goes on at
    /// once (others, on other runners, see the answer at their next poll).
    public func taskTokenAnswered(_ token: String) async {
        tokenSignals.signal(token)
    }

    // MARK: Running one execution

    private func wakeClaimLoop() {
        _ = state.withLock { $0.wake }?.yield()
    }

    /// Claims as many executions as there is room for.
    private func claim() async -> [ExecutionRecord] {
        let room = configuration.maxConcurrentExecutions - state.withLock { $0.running.count }
        guard room > 0 else { return [] }
        do {
            let claimed = try await store.claimExecutions(
                worker: configuration.worker, limit: room, leaseDuration: configuration.leaseDuration, now: store.configuration.now())
            state.withLock { state in
                for record in claimed { state.running[record.arn] = ExecutionControl() }
            }
            return claimed
        } catch {
            logger.error("could not claim executions", metadata: ["error": "\(error)"])
            return []
        }
    }

    /// Runs a claimed execution to its end, or until it is interrupted.
    private func execute(_ record: ExecutionRecord) async {
        guard let control = state.withLock({ $0.running[record.arn] }) else { return }
        defer {
            control.finish()
            state.withLock { $0.running[record.arn] = nil }
            wakeClaimLoop()
        }
        let metadata: Logger.Metadata = ["execution": "\(record.arn)", "worker": "\(configuration.worker)"]
        await withTaskCancellationHandler {
            do {
                try await run(record, control: control)
            } catch {
                switch control.abandonment {
                case .leaseLost?:
                    logger.warning("lost the lease of an execution; another worker continues it", metadata: metadata)
                    return
                case .shutdown?:
                    logger.info("left an execution for the next runner to resume", metadata: metadata)
                default:
                    logger.error(
                        "an execution could not make progress; it is resumed when its lease is free",
                        metadata: metadata.merging(["error": "\(error)"]) { $1 })
                }
                // In a task of its own: the store refuses work from a cancelled task (this one, at shutdown).
                let release = Task { [store, worker = configuration.worker] in
                    try await store.releaseLease(executionArn: record.arn, worker: worker)
                }
                do {
                    try await release.value
                } catch {
                    logger.warning(
                        "could not release the lease of an execution; it is resumed when the lease expires",
                        metadata: metadata.merging(["error": "\(error)"]) { $1 })
                }
            }
        } onCancel: {
            control.interrupt(.shutdown)
        }
    }

    private func run(_ record: ExecutionRecord, control: ExecutionControl) async throws {
        if record.isStopRequested {
            try await finish(record, status: .aborted, error: record.error, cause: record.cause, terminal: nil)
            return
        }
        let machine: StateMachine
        do {
            machine = try StepFunctionsDefinition.check(record.definition)
        } catch {
            try await finish(
                record, status: .failed, error: "States.Runtime",
                cause: "The execution's stored definition is not a valid state machine: \(error.message)",
                terminal: nil)
            return
        }
        let journal = StoreJournal(
            store: store, executionArn: record.arn, worker: configuration.worker, control: control, metrics: metrics)
        let executionConfiguration = ExecutionConfiguration(
            executionName: record.name,
            stateMachineName: (try? StepFunctionsARN(parsing: record.stateMachineArn))?.stateMachineName ?? record.name,
            region: store.configuration.region, accountID: store.configuration.account,
            roleARN: "arn:aws:iam::\(store.configuration.account):role/ferry", tasks: tasks,
            recordsHistory: true, journal: journal, resumption: try await resumption(of: record),
            taskTokens: StoreTaskTokenBroker(store: store, logger: logger, signals: tokenSignals))

        let result: ExecutionResult = try await withThrowingTaskGroup(of: ExecutionResult?.self) { group in
            group.addTask {
                try await Executor.runDurably(machine, input: record.input, configuration: executionConfiguration)
            }
            group.addTask {
                for await _ in control.interruptions { return nil }
                return nil
            }
            group.addTask {
                await self.keepLease(record.arn, control: control)
                return nil
            }
            while let finished = try await group.next() {
                guard let result = finished else {
                    // Interrupted: stop the engine and wait for what it returns.
                    if control.interruption != nil { group.cancelAll() }
                    continue
                }
                group.cancelAll()
                return result
            }
            throw ExecutionControl.Interruption.shutdown
        }
        if let abandonment = control.abandonment { throw abandonment }
        let status: StoredExecutionStatus =
            switch result.status {
            case .succeeded: .succeeded
            case .failed: .failed
            case .timedOut: .timedOut
            case .aborted: .aborted
            }
        try await finish(
            record, status: status, output: result.output, error: result.error, cause: result.cause,
            terminal: journal.terminalEvent)
    }

    /// Stores the final status with the terminal event in one transaction: the engine's, or — when the engine did
    /// not run — one made here. An aborted execution keeps the error and cause StopExecution gave.
    private func finish(
        _ record: ExecutionRecord, status: StoredExecutionStatus, output: JSONValue? = nil, error: String? = nil,
        cause: String? = nil, terminal: StatesEngine.HistoryEvent?
    ) async throws {
        var (error, cause) = (error, cause)
        var event: StoredHistoryEvent
        if let terminal {
            event = StoredHistoryEvent(terminal)
        } else {
            let last = try await store.lastEventId(executionArn: record.arn)
            event = StoredHistoryEvent(
                id: last + 1, previousEventId: last, type: "Execution" + Self.eventSuffix(status),
                timestamp: store.configuration.now())
        }
        if status == .aborted {
            let current = try await store.describeExecution(arn: record.arn)
            if current.error != nil || current.cause != nil { (error, cause) = (current.error, current.cause) }
        }
        if status != .succeeded, terminal == nil || status == .aborted {
            var details: JSONObject = [:]
            if let error { details["error"] = .string(error) }
            if let cause { details["cause"] = .string(cause) }
            event.details = details.isEmpty ? .null : .object(details)
        }
        try await store.finishExecution(
            arn: record.arn, status: status, output: output, error: error, cause: cause, events: [event],
            worker: configuration.worker)
    }

    /// `Succeeded`, `Failed`, `TimedOut` or `Aborted`: the end of the terminal event's type.
    static func eventSuffix(_ status: StoredExecutionStatus) -> String {
        switch status {
        case .succeeded: "Succeeded"
        case .failed: "Failed"
        case .timedOut: "TimedOut"
        case .aborted, .running, .pendingRedrive: "Aborted"
        }
    }

    /// Renews the lease until cancelled; interrupts the execution when the lease is lost or a stop was requested.
    private func keepLease(_ arn: String, control: ExecutionControl) async {
        let every = configuration.leaseDuration / 3
        while (try? await Task.sleep(for: every)) != nil {
            do {
                try await store.renewLease(
                    executionArn: arn, worker: configuration.worker, leaseDuration: configuration.leaseDuration,
                    now: store.configuration.now())
                if try await store.describeExecution(arn: arn).isStopRequested { control.interrupt(.stop) }
            } catch let error as StoreError where error.code == .leaseLost {
                control.interrupt(.leaseLost)
                return
            } catch {
                logger.warning("could not renew a lease", metadata: ["execution": "\(arn)", "error": "\(error)"])
            }
        }
    }

    /// Where a claimed execution continues: nowhere for a new one; after its last stored event otherwise, with an
    /// `ExecutionRedriven` event first when it was redriven.
    private func resumption(of record: ExecutionRecord) async throws -> Resumption? {
        var lastEventID = try await store.lastEventId(executionArn: record.arn)
        guard lastEventID > 0 else { return nil }
        let last = try await store.history(executionArn: record.arn, reverseOrder: true, maxResults: 1).items.first
        if let last, StoreJournal.terminalTypes.contains(last.type) {
            lastEventID += 1
            try await store.appendEvents(
                executionArn: record.arn,
                events: [
                    StoredHistoryEvent(
                        id: lastEventID, previousEventId: last.id, type: "ExecutionRedriven", timestamp: store.configuration.now(),
                        details: ["redriveCount": .integer(record.redriveCount)])
                ], worker: configuration.worker)
        }
        var checkpoints: [String: Checkpoint] = [:]
        for stored in try await store.checkpoints(executionArn: record.arn) {
            checkpoints[stored.key] = Checkpoint(stored)
        }
        return Resumption(
            checkpoints: checkpoints, lastEventID: lastEventID, startTime: record.startDate,
            redriveCount: record.redriveCount)
    }
}
