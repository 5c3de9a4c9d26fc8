import Foundation
import JSONValue
import StatesEngine
import Store
import Synchronization

/// The engine's journal for one execution, kept in the store: each commit appends the step's history events and
/// checkpoints in one transaction, fenced by the worker's lease.
///
/// The execution's terminal event (`ExecutionSucceeded`, …) is held back: the runner stores it with the final status
/// in one transaction (``Store/finishExecution(arn:status:output:error:cause:events:worker:)``), so a crash never
/// leaves a finished history on a RUNNING execution.
final class StoreJournal: ExecutionJournal {
    let store: Store
    let executionArn: String
    let worker: String
    let control: ExecutionControl
    let metrics: FerryMetrics?
    private let terminal = Mutex<StatesEngine.HistoryEvent?>(nil)
    private let latencies = Mutex(TaskLatencyTracker())

    init(store: Store, executionArn: String, worker: String, control: ExecutionControl, metrics: FerryMetrics?) {
        self.store = store
        self.executionArn = executionArn
        self.worker = worker
        self.control = control
        self.metrics = metrics
    }

    static let terminalTypes: Set<String> = [
        "ExecutionSucceeded", "ExecutionFailed", "ExecutionTimedOut", "ExecutionAborted",
    ]

    func commit(events: [StatesEngine.HistoryEvent], checkpoints: [Checkpoint]) async throws {
        if let reason = control.abandonment { throw reason }
        var events = events
        if let last = events.last, Self.terminalTypes.contains(last.type) {
            terminal.withLock { $0 = last }
            events.removeLast()
        }
        try await store.appendEvents(
            executionArn: executionArn, events: events.map(StoredHistoryEvent.init),
            checkpoints: checkpoints.map(StepCheckpoint.init), worker: worker)
        if let metrics { record(events, in: metrics) }
    }

    /// Counts the committed events' state transitions and task durations.
    private func record(_ events: [StatesEngine.HistoryEvent], in metrics: FerryMetrics) {
        metrics.recordStateTransitions(events.count { $0.type.hasSuffix("StateEntered") })
        let durations = latencies.withLock { tracker in
            events.compactMap { tracker.observe(id: $0.id, previous: $0.previousEventId, type: $0.type, at: $0.timestamp) }
        }
        for seconds in durations { metrics.recordTask(seconds: seconds) }
    }

    /// The execution's terminal event, once the engine recorded it.
    var terminalEvent: StatesEngine.HistoryEvent? { terminal.withLock { $0 } }
}

extension StoredHistoryEvent {
    /// The store's form of an engine event (see ``StatesEngine/HistoryEvent/storedDetails``).
    init(_ event: StatesEngine.HistoryEvent) {
        self.init(
            id: event.id, previousEventId: event.previousEventId, type: event.type, timestamp: event.timestamp,
            details: event.storedDetails)
    }
}

extension StepCheckpoint {
    /// The store's form of an engine checkpoint.
    init(_ checkpoint: Checkpoint) {
        self.init(
            key: checkpoint.key, output: checkpoint.output, next: checkpoint.next,
            variables: .object(JSONObject(uniqueKeysWithValues: checkpoint.variables.sorted { $0.key < $1.key }
                .map { ($0.key, $0.value) })),
            lastEventId: checkpoint.lastEventID)
    }
}

extension Checkpoint {
    /// The engine's form of a stored checkpoint.
    init(_ stored: StepCheckpoint) {
        var variables: [String: JSONValue] = [:]
        for (name, value) in stored.variables.objectValue ?? [:] { variables[name] = value }
        self.init(
            key: stored.key, output: stored.output, next: stored.next, variables: variables,
            lastEventID: stored.lastEventId)
    }
}
