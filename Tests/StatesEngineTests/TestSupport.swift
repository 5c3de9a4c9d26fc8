import Foundation
import JSONValue
import StatesEngine
import StatesLanguage
import Synchronization
import Testing

// MARK: - Running machines

/// A fixed start for the virtual clock: 2023-11-14T22:13:20.000Z.
let epoch = Date(timeIntervalSince1970: 1_700_000_000)

/// Parses and validates a definition written as JSON text.
func machine(_ definition: String) throws -> StateMachine {
    let value = try JSONValue(parsing: definition)
    let result = StateMachine.validate(value)
    guard let machine = result.machine else {
        Issue.record("definition rejected: \(result.errors.map(\.message))")
        throw InvalidDefinitionError(diagnostics: result.diagnostics)
    }
    return machine
}

/// Runs `definition` on `input` with fake tasks and a virtual clock.
func execute(_ definition: String, input: JSONValue = [:], tasks: [String: any TaskHandler] = [:],
             clock: VirtualExecutionClock = VirtualExecutionClock(start: epoch), history: Bool = false,
             name: String = "test-execution") async throws -> ExecutionResult
{
    var registry = TaskRegistry()
    for (resource, handler) in tasks { registry.register(resource, handler) }
    let configuration = ExecutionConfiguration(executionName: name, stateMachineName: "TestMachine", tasks: registry,
                                               clock: clock, recordsHistory: history)
    return try await Executor.run(machine(definition), input: input, configuration: configuration)
}

/// Seconds of virtual time since `epoch`.
func elapsed(_ clock: VirtualExecutionClock) -> Double { clock.now().timeIntervalSince(epoch) }

/// `{"StartAt": first, "States": {...}}` from states written as JSON members.
func chain(_ states: String, startAt: String = "S", extra: String = "") -> String {
    #"{"StartAt": "\#(startAt)", \#(extra) "States": {\#(states)}}"#
}

// MARK: - Fake tasks

/// Returns a value computed from the request, or throws what the closure throws.
struct FakeTask: TaskHandler {
    let body: @Sendable (TaskRequest) throws(StatesError) -> JSONValue

    init(_ body: @escaping @Sendable (TaskRequest) throws(StatesError) -> JSONValue) { self.body = body }
    /// Always returns `value`.
    init(returning value: JSONValue) { body = { _ in value } }
    /// Always fails.
    init(failing error: String, cause: String = "") { body = { _ throws(StatesError) in throw StatesError(error: error, cause: cause) } }
    /// Echoes its input.
    static let echo = FakeTask { $0.input }

    func invoke(_ request: TaskRequest) async throws(StatesError) -> JSONValue { try body(request) }
}

/// Records every call (its request and the virtual time of the call) and fails the first calls as scripted.
final class CallLog: Sendable {
    private let state = Mutex<(requests: [TaskRequest], times: [Date])>(([], []))
    func record(_ request: TaskRequest, at time: Date) -> Int {
        state.withLock { $0.requests.append(request); $0.times.append(time); return $0.requests.count }
    }
    var requests: [TaskRequest] { state.withLock { $0.requests } }
    var count: Int { state.withLock { $0.requests.count } }
    /// The virtual time between consecutive calls, in seconds.
    var gaps: [Double] {
        let times = state.withLock { $0.times }
        return zip(times.dropFirst(), times).map { $0.timeIntervalSince($1) }
    }
}

struct ScriptedTask: TaskHandler {
    let log: CallLog
    let clock: VirtualExecutionClock
    /// The errors of the first calls, in order; later calls succeed with `result`.
    let failures: [StatesError]
    var result: JSONValue = "done"

    func invoke(_ request: TaskRequest) async throws(StatesError) -> JSONValue {
        let call = log.record(request, at: clock.now())
        if call <= failures.count { throw failures[call - 1] }
        return result
    }
}

/// A boolean set from another task.
final class Flag: Sendable {
    private let value = Mutex(false)
    func set() { value.withLock { $0 = true } }
    var isSet: Bool { value.withLock { $0 } }
}

/// A one-shot signal between fake tasks.
final class Signal: Sendable {
    private let stream: AsyncStream<Void>
    private let continuation: AsyncStream<Void>.Continuation

    init() { (stream, continuation) = AsyncStream.makeStream(of: Void.self) }
    func fire() { continuation.yield(); continuation.finish() }
    func wait() async { for await _ in stream { return } }
}

/// A task that never returns on its own (within `limit`): it reports when it starts, and whether it was cancelled.
struct HangingTask: TaskHandler {
    var started: Signal? = nil
    let cancelled = Flag()
    var limit: Duration = .seconds(60)

    func invoke(_ request: TaskRequest) async throws(StatesError) -> JSONValue {
        started?.fire()
        do {
            try await Task.sleep(for: limit)
        } catch {
            cancelled.set()
            throw StatesError(error: "Test.Cancelled", cause: "cancelled")
        }
        return "finished"
    }
}

/// Tracks how many calls run at once.
final class Gauge: Sendable {
    private let state = Mutex<(current: Int, peak: Int, total: Int)>((0, 0, 0))
    func enter() { state.withLock { $0.current += 1; $0.total += 1; $0.peak = max($0.peak, $0.current) } }
    func leave() { state.withLock { $0.current -= 1 } }
    var peak: Int { state.withLock { $0.peak } }
    var total: Int { state.withLock { $0.total } }
}

/// Echoes its input after a short real pause, counting concurrent calls.
struct TrackingTask: TaskHandler {
    let gauge: Gauge
    var pause: Duration = .milliseconds(40)

    func invoke(_ request: TaskRequest) async throws(StatesError) -> JSONValue {
        gauge.enter()
        defer { gauge.leave() }
        try? await Task.sleep(for: pause)
        return request.input
    }
}

// MARK: - History helpers

extension ExecutionResult {
    var eventTypes: [String] { events.map(\.type) }

    /// Checks that ids are 1...n and every `previousEventId` names an earlier event (0 for the first).
    func expectConsistentEventIDs(sourceLocation: SourceLocation = #_sourceLocation) {
        for (offset, event) in events.enumerated() {
            #expect(event.id == offset + 1, "event \(offset) has id \(event.id)", sourceLocation: sourceLocation)
            if offset == 0 {
                #expect(event.previousEventId == 0, sourceLocation: sourceLocation)
            } else {
                #expect(event.previousEventId >= 1 && event.previousEventId < event.id,
                        "\(event.type) #\(event.id) follows #\(event.previousEventId)", sourceLocation: sourceLocation)
            }
        }
    }
}
