import JSONValue
public import Logging
public import ServiceLifecycle
public import StatesEngine
import StatesLanguage
import StepFunctionsAPI
public import Store
import Synchronization

/// Runs executions in this process with StatesEngine, and records how they end in the ``Store``.
///
/// > Important: Not durable. An execution runs in memory from start to end and its history is written to the
/// > store when it ends; if the process stops first, the execution stays RUNNING in the store (StopExecution then
/// > closes it as ABORTED). A redriven execution runs again from its first state. The durable runner, which resumes
/// > executions from their history and shares them among workers, replaces this launcher.
///
/// The launcher is a `Service`: run it in the same service group as the server. ``launch(_:)`` queues an
/// execution, ``run()`` runs the queued executions concurrently until graceful shutdown, then cancels those still
/// running (they are recorded as ABORTED) and returns. ``runSync(_:)`` runs an execution in the calling task.
///
/// ```swift
/// let launcher = EngineLauncher(store: store, configuration: .init(tasks: registry))
/// let server = FerryServer(service: StepFunctionsService(store: store, launcher: launcher), configuration: ...)
/// try await server.runService(alongside: [launcher])
/// ```
public final class EngineLauncher: ExecutionLauncher, Service {
    /// Settings of a launcher.
    public struct Configuration: Sendable {
        /// Where the executions' Task states run. Default: no tasks (Task states fail with States.Runtime).
        public var tasks: TaskRegistry
        /// Time and waiting for the executions. Default: the system clock.
        public var clock: any ExecutionClock
        /// `$$.Execution.RoleArn` of every execution (the store does not keep each machine's role with its
        /// executions). Default: a role in the store's account named `ferry`.
        public var roleARN: String?

        /// Creates a configuration.
        ///
        /// - Parameters:
        ///   - tasks: Where Task states run.
        ///   - clock: The executions' clock.
        ///   - roleARN: The role ARN in the context object.
        public init(
            tasks: TaskRegistry = TaskRegistry(), clock: any ExecutionClock = SystemExecutionClock(),
            roleARN: String? = nil
        ) {
            self.tasks = tasks
            self.clock = clock
            self.roleARN = roleARN
        }
    }

    /// An execution handed over but not finished: how to stop it, and who waits for it to stop.
    private struct Running {
        var stop: AsyncStream<Void>.Continuation
        var stopSignal: AsyncStream<Void>
        var waiters: [CheckedContinuation<Bool, Never>] = []
    }

    private struct Job: Sendable {
        var record: ExecutionRecord
        var stopSignal: AsyncStream<Void>
    }

    /// The store executions are recorded in.
    public let store: Store
    /// The settings.
    public let configuration: Configuration
    private let logger: Logger
    private let jobs: AsyncStream<Job>
    private let jobsContinuation: AsyncStream<Job>.Continuation
    private let running = Mutex<[String: Running]>([:])

    /// Creates a launcher.
    ///
    /// - Parameters:
    ///   - store: The store executions are recorded in.
    ///   - configuration: The settings.
    ///   - logger: Where failures to record an execution are logged.
    public init(
        store: Store, configuration: Configuration = Configuration(),
        logger: Logger = Logger(label: "ferry.launcher", factory: { _ in SwiftLogNoOpLogHandler() })
    ) {
        self.store = store
        self.configuration = configuration
        self.logger = logger
        (jobs, jobsContinuation) = AsyncStream<Job>.makeStream()
    }

    /// Runs the launched executions until graceful shutdown or cancellation.
    ///
    /// On shutdown, executions still running are cancelled; each is recorded as ABORTED before this returns.
    public func run() async throws {
        await withDiscardingTaskGroup { group in
            for await job in jobs.cancelOnGracefulShutdown() {
                group.addTask { _ = await self.execute(job.record, stopSignal: job.stopSignal) }
            }
            group.cancelAll()
        }
    }

    /// Queues an execution; ``run()`` starts it.
    ///
    /// - Parameter execution: The RUNNING execution as stored.
    public func launch(_ execution: ExecutionRecord) async {
        guard let signal = register(execution.arn) else { return }
        jobsContinuation.yield(Job(record: execution, stopSignal: signal))
    }

    /// Runs an execution in the calling task and returns it finished.
    ///
    /// - Parameter execution: The RUNNING execution as stored.
    /// - Returns: The finished execution as stored.
    /// - Throws: The store's error when the result cannot be recorded.
    public func runSync(_ execution: ExecutionRecord) async throws -> ExecutionRecord {
        guard let signal = register(execution.arn) else {
            throw StoreError(code: .executionAlreadyExists, message: "execution \(execution.arn) is already running")
        }
        return try await execute(execution, stopSignal: signal).get()
    }

    /// Stops an execution: cancels it when it runs here and waits until it is recorded ABORTED; otherwise (it was
    /// running in a process that has stopped) records it ABORTED at once.
    ///
    /// - Parameter executionArn: The execution.
    public func stopRequested(executionArn: String) async {
        let wasRunning = await withCheckedContinuation { (continuation: CheckedContinuation<Bool, Never>) in
            let found = running.withLock { running in
                guard var entry = running[executionArn] else { return false }
                entry.stop.yield()
                entry.waiters.append(continuation)
                running[executionArn] = entry
                return true
            }
            if !found { continuation.resume(returning: false) }
        }
        guard !wasRunning else { return }
        do {
            let record = try await store.describeExecution(arn: executionArn)
            guard record.status == .running else { return }
            let last = try await store.lastEventId(executionArn: executionArn)
            var details: JSONObject = [:]
            if let error = record.error { details["error"] = .string(error) }
            if let cause = record.cause { details["cause"] = .string(cause) }
            let aborted = StoredHistoryEvent(
                id: last + 1, previousEventId: last, type: "ExecutionAborted", timestamp: store.configuration.now(),
                details: details.isEmpty ? .null : .object(details))
            try await store.finishExecution(
                arn: executionArn, status: .aborted, error: record.error, cause: record.cause, events: [aborted])
        } catch {
            logger.warning(
                "could not record a stopped execution",
                metadata: ["sfn.execution.arn": "\(executionArn)", "error": "\(String(describing: error))"])
        }
    }

    // MARK: Running one execution

    /// Registers an execution as running here; `nil` when it already is.
    private func register(_ arn: String) -> AsyncStream<Void>? {
        let (signal, stop) = AsyncStream<Void>.makeStream(bufferingPolicy: .bufferingNewest(1))
        return running.withLock { running in
            guard running[arn] == nil else { return nil }
            running[arn] = Running(stop: stop, stopSignal: signal)
            return signal
        }
    }

    /// Runs an execution to its end, records it, and wakes whoever waits for it to stop.
    private func execute(_ record: ExecutionRecord, stopSignal: AsyncStream<Void>) async -> Result<
        ExecutionRecord, any Error
    > {
        let outcome: Result<ExecutionRecord, any Error>
        do {
            let result = await engineResult(record, stopSignal: stopSignal)
            // Recorded in a task of its own, awaited here: when shutdown cancelled this task (and so aborted the
            // execution), the store would refuse work from a cancelled task, and the execution would stay RUNNING.
            let finishing = Task { try await self.finish(record, result) }
            outcome = .success(try await finishing.value)
        } catch {
            logger.error(
                "could not record an execution's end",
                metadata: ["sfn.execution.arn": "\(record.arn)", "error": "\(String(describing: error))"])
            outcome = .failure(error)
        }
        let waiters = running.withLock { running in running.removeValue(forKey: record.arn)?.waiters ?? [] }
        for waiter in waiters { waiter.resume(returning: true) }
        return outcome
    }

    /// Runs the engine until the execution ends or a stop is signalled (the engine then ends it as ABORTED).
    ///
    /// - Returns: The engine's result, or `nil` when the stored definition no longer parses.
    private func engineResult(_ record: ExecutionRecord, stopSignal: AsyncStream<Void>) async -> ExecutionResult? {
        guard let machine = try? StepFunctionsDefinition.check(record.definition) else { return nil }
        let arn = (try? StepFunctionsARN(parsing: record.stateMachineArn))
        let execution = ExecutionConfiguration(
            executionName: record.name, stateMachineName: arn?.stateMachineName ?? record.name,
            region: store.configuration.region, accountID: store.configuration.account,
            roleARN: configuration.roleARN ?? "arn:aws:iam::\(store.configuration.account):role/ferry",
            tasks: configuration.tasks, clock: configuration.clock, recordsHistory: true)
        return await withTaskGroup(of: ExecutionResult?.self) { group in
            group.addTask { await Executor.run(machine, input: record.input, configuration: execution) }
            group.addTask {
                for await _ in stopSignal { return nil }
                return nil
            }
            var result: ExecutionResult?
            while let next = await group.next() {
                if let next { result = next }
                group.cancelAll()
            }
            return result
        }
    }

    /// Records how an execution ended, with its history (renumbered after the earlier history of a redriven one).
    private func finish(_ record: ExecutionRecord, _ result: ExecutionResult?) async throws -> ExecutionRecord {
        guard let result else {
            return try await store.finishExecution(
                arn: record.arn, status: .failed, error: "States.Runtime",
                cause: "The execution's stored definition is not a valid state machine")
        }
        var events = result.events.map {
            StoredHistoryEvent(
                id: $0.id, previousEventId: $0.previousEventId, type: $0.type, timestamp: $0.timestamp,
                details: $0.storedDetails)
        }
        if record.redriveCount > 0 {
            let last = try await store.lastEventId(executionArn: record.arn)
            events = events.map { event in
                var event = event
                event.id += last
                event.previousEventId = event.previousEventId.map { $0 == 0 ? last : $0 + last }
                if event.type == "ExecutionStarted" {
                    event.type = "ExecutionRedriven"
                    event.details = ["redriveCount": .integer(record.redriveCount)]
                }
                return event
            }
        }
        var error = result.error
        var cause = result.cause
        if result.status == .aborted {
            // StopExecution's error and cause, when it gave them.
            let current = try await store.describeExecution(arn: record.arn)
            if current.isStopRequested, current.error != nil || current.cause != nil {
                error = current.error
                cause = current.cause
            }
        }
        return try await store.finishExecution(
            arn: record.arn, status: StoredExecutionStatus(rawValue: result.status.rawValue) ?? .failed,
            output: result.status == .succeeded ? (result.output ?? .null) : nil, error: error, cause: cause,
            events: events)
    }
}
