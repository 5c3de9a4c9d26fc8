import Foundation
public import Logging
import JSONValue
import Scheduling
public import ServiceLifecycle
public import Store

/// Fires the store's schedules: each fire time starts an execution of the schedule's state machine, named after
/// the schedule and the fire time, and hands it to a launcher.
///
/// The name makes firing idempotent: several servers sharing a store may all run this service, and a fire time
/// still starts one execution. The last fire time is stored before the run starts, so after downtime a missed
/// schedule runs once (the ``SchedulerStateMachine`` catch-up policy), and runs of one schedule do not overlap unless
/// its overlap policy says so. Schedules added, changed or removed in the store are picked up within
/// ``refreshInterval``.
public struct ScheduleService: Service {
    let store: Store
    let launcher: any ExecutionLauncher
    /// How often the store's schedules are re-read.
    public var refreshInterval: Duration
    /// How often a run's execution is checked while the schedule waits for it to finish.
    public var pollInterval: Duration
    let logger: Logger
    let metrics: FerryMetrics?

    /// Creates the service.
    ///
    /// - Parameters:
    ///   - store: Where schedules and executions are.
    ///   - launcher: Runs the executions the schedules start.
    ///   - refreshInterval: How often to re-read the schedules (default 10 s).
    ///   - pollInterval: How often to check a run in flight (default 1 s).
    ///   - logger: Where it logs.
    ///   - metrics: Where it records how late schedules fire, if anywhere.
    public init(
        store: Store, launcher: any ExecutionLauncher, refreshInterval: Duration = .seconds(10),
        pollInterval: Duration = .seconds(1), logger: Logger, metrics: FerryMetrics? = nil
    ) {
        self.store = store
        self.launcher = launcher
        self.refreshInterval = refreshInterval
        self.pollInterval = pollInterval
        self.logger = logger
        self.metrics = metrics
    }

    /// Fires schedules until graceful shutdown or cancellation (runs in flight go on in their runner).
    public func run() async {
        await cancelWhenGracefulShutdown { await self.fireSchedules() }
    }

    private func fireSchedules() async {
        while !Task.isCancelled {
            let records = await schedules()
            await withTaskGroup(of: Void.self) { group in
                group.addTask {
                    let scheduler = Scheduler(entries: await entries(records))
                    try? await scheduler.run { run in await fire(run, records: records) }
                }
                group.addTask {
                    // Re-read until the schedules change, then restart the scheduler with them.
                    while (try? await Task.sleep(for: refreshInterval)) != nil {
                        if await schedules().map(\.definitionKey) != records.map(\.definitionKey) { return }
                    }
                }
                await group.next()
                group.cancelAll()
            }
        }
    }

    /// The run's execution name: `<schedule>-<fire time as yyyyMMddTHHmmssZ>`, so one fire time is one execution.
    static func executionName(schedule: String, at time: Date) -> String {
        let formatter = ISO8601DateFormatter()
        formatter.formatOptions = [.withYear, .withMonth, .withDay, .withTime, .withTimeZone]
        let stamp = formatter.string(from: time)
        return String(schedule.prefix(80 - stamp.count - 1)) + "-" + stamp
    }

    private func schedules() async -> [ScheduleRecord] {
        var records: [ScheduleRecord] = []
        var token: String?
        do {
            repeat {
                let page = try await store.listSchedules(maxResults: 1000, nextToken: token)
                records += page.items
                token = page.nextToken
            } while token != nil
        } catch {
            logger.error("could not read the schedules", metadata: ["error": "\(error)"])
        }
        return records
    }

    /// The scheduler's entries; a schedule whose expression, time zone or policy no longer parses is logged and left
    /// out.
    private func entries(_ records: [ScheduleRecord]) async -> [SchedulerStateMachine.Entry] {
        var entries: [SchedulerStateMachine.Entry] = []
        for record in records {
            do {
                guard let zone = TimeZone(identifier: record.timezone) else {
                    throw ScheduleServiceError("unknown time zone \(record.timezone)")
                }
                guard let overlap = OverlapPolicy(name: record.overlap) else {
                    throw ScheduleServiceError("unknown overlap policy \(record.overlap)")
                }
                let schedule = try Schedule(parsing: record.expression, timeZone: zone)
                entries.append(
                    SchedulerStateMachine.Entry(
                        id: record.name, schedule: schedule, lastFireTime: record.lastFired,
                        createdAt: record.updateDate, runsInFlight: await runsInFlight(record), overlapPolicy: overlap))
            } catch {
                logger.error("skipping a schedule that does not parse", metadata: [
                    "schedule": "\(record.name)", "error": "\(error)",
                ])
            }
        }
        return entries
    }

    /// Runs of a schedule still going (after a restart of the service).
    private func runsInFlight(_ record: ScheduleRecord) async -> Int {
        let running = try? await store.listExecutions(
            stateMachineArn: record.stateMachineArn, statusFilter: .running, maxResults: 1000)
        return running?.items.filter { $0.name.hasPrefix(record.name + "-") }.count ?? 0
    }

    /// Starts a run's execution and returns when it has finished.
    private func fire(_ run: SchedulerStateMachine.Run, records: [ScheduleRecord]) async {
        guard let record = records.first(where: { $0.name == run.scheduleID }) else { return }
        let name = Self.executionName(schedule: record.name, at: run.scheduledTime)
        let metadata: Logger.Metadata = ["schedule": "\(record.name)", "execution": "\(name)"]
        do {
            try await store.setLastFired(scheduleName: record.name, at: run.scheduledTime)
            let started = try await store.startExecution(
                stateMachineArn: record.stateMachineArn, name: name, input: record.input)
            if started.isNew {
                logger.info("schedule fired", metadata: metadata)
                metrics?.recordScheduleLag(seconds: store.configuration.now().timeIntervalSince(run.scheduledTime))
                await launcher.launch(started.execution)
            }
            while try await store.describeExecution(arn: started.execution.arn).status == .running {
                try await Task.sleep(for: pollInterval)
            }
        } catch let error as StoreError where error.code == .executionAlreadyExists {
            // Another server fired this time already, and its run has finished.
        } catch is CancellationError {
        } catch {
            logger.error("a schedule could not start its run", metadata: metadata.merging(["error": "\(error)"]) { $1 })
        }
    }
}

/// A stored schedule that cannot run.
struct ScheduleServiceError: Error, CustomStringConvertible {
    var description: String
    init(_ description: String) { self.description = description }
}

extension ScheduleRecord {
    /// What, when changed, restarts the scheduler (not the last fire time, which the service itself updates).
    var definitionKey: [String] {
        [name, expression, timezone, stateMachineArn, input.serialized(), overlap]
    }
}
