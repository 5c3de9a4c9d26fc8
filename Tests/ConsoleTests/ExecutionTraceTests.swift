import Foundation
import JSONValue
import Server
import Store
import Testing

/// Builds a history: each entry is `(type, state name for entered/exited/map-iteration events)`, each event
/// following the previous one unless `after` says otherwise.
struct HistoryBuilder {
    var events: [HistoryEvent] = []

    @discardableResult
    mutating func add(_ type: String, _ name: String? = nil, after: Int? = nil) -> Int {
        let id = events.count + 1
        let details: JSONValue = name.map { value -> JSONValue in ["name": .string(value)] } ?? .null
        events.append(
            HistoryEvent(
                id: id, previousEventId: after ?? (id > 1 ? id - 1 : nil), type: type,
                timestamp: Date(timeIntervalSince1970: 1_700_000_000 + Double(id)), details: details))
        return id
    }
}

@Suite struct ExecutionTraceTests {
    @Test func statusesFromEnteredExitedRetriedAndCaught() {
        var h = HistoryBuilder()
        h.add("ExecutionStarted")
        h.add("TaskStateEntered", "Load")
        h.add("TaskScheduled")
        h.add("TaskStarted")
        h.add("TaskFailed")
        h.add("TaskScheduled")
        h.add("TaskStarted")
        h.add("TaskSucceeded")
        h.add("TaskStateExited", "Load")
        h.add("TaskStateEntered", "Call")
        h.add("TaskScheduled")
        h.add("TaskStarted")
        h.add("TaskFailed")
        h.add("TaskStateExited", "Call")
        h.add("PassStateEntered", "Recover")
        h.add("PassStateExited", "Recover")
        h.add("PassStateEntered", "Plain")
        h.add("PassStateExited", "Plain")
        h.add("ExecutionSucceeded")
        let trace = ExecutionTrace(events: h.events, status: .succeeded)
        #expect(trace.status(of: "Load") == .retried)
        #expect(trace.retries["Load"] == 1)
        #expect(trace.status(of: "Call") == .caught)
        #expect(trace.status(of: "Recover") == .succeeded)
        #expect(trace.status(of: "Plain") == .succeeded)
        #expect(trace.status(of: "Never") == .notReached)
        #expect(trace.stateOfEvent[3] == "Load" && trace.stateOfEvent[13] == "Call")
        #expect(trace.stateOfEvent[1] == nil && trace.stateOfEvent[19] == nil)
    }

    @Test func unfinishedStatesAreRunningOrFailed() {
        var h = HistoryBuilder()
        h.add("ExecutionStarted")
        h.add("TaskStateEntered", "Slow")
        h.add("TaskScheduled")
        #expect(ExecutionTrace(events: h.events, status: .running).status(of: "Slow") == .entered)
        h.add("TaskFailed")
        h.add("ExecutionFailed")
        #expect(ExecutionTrace(events: h.events, status: .failed).status(of: "Slow") == .failed)

        // Interrupted and resumed: the first, unfinished visit does not count once the execution succeeded.
        var resumed = HistoryBuilder()
        resumed.add("ExecutionStarted")
        resumed.add("PassStateEntered", "Step")
        resumed.add("PassStateEntered", "Step", after: 1)
        resumed.add("PassStateExited", "Step")
        resumed.add("ExecutionSucceeded")
        #expect(ExecutionTrace(events: resumed.events, status: .succeeded).status(of: "Step") == .succeeded)
        #expect(ExecutionTrace(events: resumed.events, status: .aborted).status(of: "Step") == .failed)

        var fail = HistoryBuilder()
        fail.add("ExecutionStarted")
        fail.add("FailStateEntered", "Boom")
        #expect(ExecutionTrace(events: fail.events, status: .running).status(of: "Boom") == .failed)
    }

    @Test func parallelBranchesAndMapIterationsAreTracedThroughTheirChains() {
        var h = HistoryBuilder()
        h.add("ExecutionStarted")
        let entered = h.add("ParallelStateEntered", "Fan")
        let started = h.add("ParallelStateStarted")
        // Two branches, interleaved: each follows the ParallelStateStarted event.
        h.add("PassStateEntered", "Left", after: started)
        let right = h.add("FailStateEntered", "Right", after: started)
        h.add("PassStateExited", "Left", after: 4)
        h.add("ParallelStateFailed", after: started)
        let retried = h.add("ParallelStateStarted", after: 7)
        h.add("FailStateEntered", "Right", after: retried)
        h.add("ParallelStateFailed", after: retried)
        h.add("ParallelStateExited", "Fan", after: 10)
        let map = h.add("MapStateEntered", "Each")
        let mapStarted = h.add("MapStateStarted")
        for index in 0..<3 {
            let iteration = h.add("MapIterationStarted", "Each", after: mapStarted)
            h.add("PassStateEntered", "Double", after: iteration)
            h.add("PassStateExited", "Double")
            h.add("MapIterationSucceeded", "Each")
            _ = index
        }
        h.add("MapStateSucceeded", after: mapStarted)
        h.add("MapStateExited", "Each")
        _ = (entered, right, map)
        let trace = ExecutionTrace(events: h.events, status: .succeeded)
        #expect(trace.status(of: "Fan") == .caught)
        #expect(trace.retries["Fan"] == 1)
        #expect(trace.status(of: "Left") == .succeeded)
        #expect(trace.status(of: "Right") == .failed)
        #expect(trace.entries["Right"] == 2)
        #expect(trace.status(of: "Each") == .succeeded)
        #expect(trace.status(of: "Double") == .succeeded)
        #expect(trace.entries["Double"] == 3)
        #expect(trace.stateOfEvent[7] == "Fan")
        #expect(trace.stateOfEvent[14] == "Each")

        // The same Map still running, one iteration unfinished: the inner state shows as running.
        var running = HistoryBuilder()
        running.add("ExecutionStarted")
        running.add("MapStateEntered", "Each")
        let s = running.add("MapStateStarted")
        let i1 = running.add("MapIterationStarted", "Each", after: s)
        running.add("PassStateEntered", "Double", after: i1)
        running.add("PassStateExited", "Double")
        let i2 = running.add("MapIterationStarted", "Each", after: s)
        running.add("PassStateEntered", "Double", after: i2)
        let live = ExecutionTrace(events: running.events, status: .running)
        #expect(live.status(of: "Double") == .entered)
        #expect(live.status(of: "Each") == .entered)
    }
}
