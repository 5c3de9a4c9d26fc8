import Foundation
import Scheduling
import Synchronization

/// A scheduler clock whose time moves only when a test calls ``advance(to:)``.
final class ManualClock: SchedulerClock {
    private struct Sleeper {
        var deadline: Date
        var continuation: CheckedContinuation<Void, any Error>
    }

    private struct State {
        var now: Date
        var sleepers: [UUID: Sleeper] = [:]
        var sleepWaiters: [CheckedContinuation<Date, Never>] = []
    }

    private let state: Mutex<State>

    init(now: Date) {
        state = Mutex(State(now: now))
    }

    var now: Date { state.withLock { $0.now } }

    func sleep(until deadline: Date) async throws {
        let id = UUID()
        try await withTaskCancellationHandler {
            try await withCheckedThrowingContinuation { (continuation: CheckedContinuation<Void, any Error>) in
                let (resume, waiters): (Result<Void, any Error>?, [CheckedContinuation<Date, Never>]) = state.withLock {
                    state in
                    if Task.isCancelled { return (.failure(CancellationError()), []) }
                    if deadline <= state.now { return (.success(()), []) }
                    state.sleepers[id] = Sleeper(deadline: deadline, continuation: continuation)
                    defer { state.sleepWaiters = [] }
                    return (nil, state.sleepWaiters)
                }
                for waiter in waiters { waiter.resume(returning: deadline) }
                if let resume { continuation.resume(with: resume) }
            }
        } onCancel: {
            let sleeper = state.withLock { $0.sleepers.removeValue(forKey: id) }
            sleeper?.continuation.resume(throwing: CancellationError())
        }
    }

    /// Waits until someone sleeps on the clock, and returns the earliest deadline slept for.
    func nextSleep() async -> Date {
        await withCheckedContinuation { (continuation: CheckedContinuation<Date, Never>) in
            let earliest: Date? = state.withLock { state in
                if let earliest = state.sleepers.values.map(\.deadline).min() { return earliest }
                state.sleepWaiters.append(continuation)
                return nil
            }
            if let earliest { continuation.resume(returning: earliest) }
        }
    }

    /// Sets the time and wakes every sleeper whose deadline has come.
    func advance(to date: Date) {
        let due: [Sleeper] = state.withLock { state in
            state.now = date
            let due = state.sleepers.filter { $0.value.deadline <= date }
            for key in due.keys { state.sleepers[key] = nil }
            return Array(due.values)
        }
        for sleeper in due { sleeper.continuation.resume() }
    }
}

/// Lets a test hold runs until it releases them, one at a time.
final class Gate: Sendable {
    private struct State {
        var permits = 0
        var waiters: [CheckedContinuation<Void, Never>] = []
    }

    private let state = Mutex(State())

    func wait() async {
        await withCheckedContinuation { (continuation: CheckedContinuation<Void, Never>) in
            let proceed = state.withLock { state in
                if state.permits > 0 {
                    state.permits -= 1
                    return true
                }
                state.waiters.append(continuation)
                return false
            }
            if proceed { continuation.resume() }
        }
    }

    func release() {
        let waiter: CheckedContinuation<Void, Never>? = state.withLock { state in
            if state.waiters.isEmpty {
                state.permits += 1
                return nil
            }
            return state.waiters.removeFirst()
        }
        waiter?.resume()
    }
}

/// Collects values from several tasks.
final class Recorder<Value: Sendable>: Sendable {
    private let values = Mutex<[Value]>([])
    func append(_ value: Value) { values.withLock { $0.append(value) } }
    var all: [Value] { values.withLock { $0 } }
}
