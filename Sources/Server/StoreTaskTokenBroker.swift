import Foundation
import JSONValue
import Logging
import StatesEngine
import Store
import Synchronization

/// The ``TaskTokenBroker`` of ``DurableRunner``: task tokens live in the store, where `SendTaskSuccess`,
/// `SendTaskFailure` and `SendTaskHeartbeat` (from any server sharing the store) answer them.
///
/// - Issue: ``Store/issueTaskToken(executionArn:stepKey:stateName:eventId:)`` keyed by the engine's
///   ``TaskTokenRequest/key``, so an execution resumed after a crash or a shutdown gets the token it issued before
///   (waiting, or answered meanwhile) and, when that token's resource was already invoked, does not invoke it again.
/// - Wait: polls the token's row, every 200 ms at first and backing off to 1 s, until it is answered; a heartbeat
///   deadline (from the stored last heartbeat, else the token's creation) or the timeout (from the token's creation)
///   that passes closes the token and ends the wait. Both survive a resumption, since they are counted from stored
///   times. A store error while polling is retried at the next poll.
/// - A SendTaskSuccess/SendTaskFailure through this process's API (``DurableRunner/taskTokenAnswered(_:)``) ends the
///   pause at once.
/// - A token closed under the wait (the execution finished elsewhere: another runner took it over, or it was
///   stopped) ends the wait with `CancellationError`.
struct StoreTaskTokenBroker: TaskTokenBroker {
    let store: Store
    let logger: Logger
    /// Wakes a wait when its token is answered through this process's API.
    var signals: TaskTokenSignals? = nil
    /// The first pause between polls; it grows by half each time up to ``maximumPollInterval``.
    var minimumPollInterval: Duration = .milliseconds(200)
    /// The longest pause between polls.
    var maximumPollInterval: Duration = .seconds(1)

    func issue(_ request: TaskTokenRequest) async throws -> IssuedTaskToken {
        let record = try await store.issueTaskToken(
            executionArn: request.executionARN, stepKey: request.key, stateName: request.stateName,
            eventId: request.enteredEventID)
        return IssuedTaskToken(token: record.token, submittedOutput: record.submittedOutput)
    }

    func submitted(_ token: IssuedTaskToken, output: JSONValue) async throws {
        try await store.recordTaskSubmission(token: token.token, output: output)
    }

    func wait(for token: IssuedTaskToken, timeoutSeconds: Int?, heartbeatSeconds: Int?) async throws
        -> TaskTokenOutcome
    {
        var pause = minimumPollInterval
        while true {
            try Task.checkCancellation()
            let record: TaskTokenRecord
            do {
                record = try await store.taskToken(token.token)
            } catch let error as StoreError where error.code == .taskDoesNotExist {
                // Deleted (retention ran on a finished execution): nobody can answer it any more.
                throw CancellationError()
            } catch {
                if Task.isCancelled { throw CancellationError() }
                logger.debug("could not read a task token; retrying", metadata: ["error": "\(error)"])
                try await Task.sleep(for: pause)
                pause = min(pause * 3 / 2, maximumPollInterval)
                continue
            }
            if let outcome = Self.answer(record) { return outcome }
            if record.status == .closed { throw CancellationError() }
            let now = store.configuration.now()
            var next = pause
            if let expired = Self.expiry(record, now: now, timeoutSeconds: timeoutSeconds,
                                         heartbeatSeconds: heartbeatSeconds, next: &next)
            {
                try? await store.closeTaskToken(token: token.token)
                // An answer that arrived just before the close still counts.
                if let answered = try? await store.taskToken(token.token), let outcome = Self.answer(answered) {
                    return outcome
                }
                return expired
            }
            if let signals {
                try await signals.sleep(for: next, orUntilAnswered: token.token)
            } else {
                try await Task.sleep(for: next)
            }
            pause = min(pause * 3 / 2, maximumPollInterval)
        }
    }

    func close(_ token: IssuedTaskToken) async {
        do {
            try await store.closeTaskToken(token: token.token)
        } catch {
            logger.debug("could not close a task token", metadata: ["error": "\(error)"])
        }
    }

    /// The outcome of an answered token.
    static func answer(_ record: TaskTokenRecord) -> TaskTokenOutcome? {
        switch record.status {
        case .succeeded: .success(record.output ?? .null)
        case .failed: .failure(error: record.error, cause: record.cause)
        case .waiting, .closed: nil
        }
    }

    /// The limit a waiting token has passed at `now`, if any; otherwise shortens `next` to the nearer deadline.
    static func expiry(
        _ record: TaskTokenRecord, now: Date, timeoutSeconds: Int?, heartbeatSeconds: Int?, next: inout Duration
    ) -> TaskTokenOutcome? {
        var deadlines: [(Date, TaskTokenOutcome)] = []
        if let heartbeatSeconds {
            let last = max(record.heartbeatDate ?? record.creationDate, record.creationDate)
            deadlines.append((last.addingTimeInterval(Double(heartbeatSeconds)), .heartbeatTimedOut))
        }
        if let timeoutSeconds {
            deadlines.append((record.creationDate.addingTimeInterval(Double(timeoutSeconds)), .timedOut))
        }
        for (deadline, outcome) in deadlines.sorted(by: { $0.0 < $1.0 }) {
            let left = deadline.timeIntervalSince(now)
            if left <= 0 { return outcome }
            next = min(next, .milliseconds(Int64((left * 1000).rounded(.up))))
        }
        return nil
    }
}

/// Wakes waits for task tokens answered in this process.
final class TaskTokenSignals: Sendable {
    private let waiters = Mutex<(next: Int, byToken: [String: [Int: AsyncStream<Void>.Continuation]])>((0, [:]))

    /// Wakes every wait for `token`.
    func signal(_ token: String) {
        let woken = waiters.withLock { $0.byToken[token].map { Array($0.values) } ?? [] }
        for continuation in woken { continuation.yield() }
    }

    /// Sleeps for `duration`, or until `token` is signalled.
    ///
    /// - Throws: `CancellationError` when cancelled.
    func sleep(for duration: Duration, orUntilAnswered token: String) async throws {
        let (stream, continuation) = AsyncStream.makeStream(of: Void.self, bufferingPolicy: .bufferingNewest(1))
        let id = waiters.withLock { waiters in
            waiters.next += 1
            waiters.byToken[token, default: [:]][waiters.next] = continuation
            return waiters.next
        }
        defer {
            waiters.withLock { waiters in
                waiters.byToken[token]?[id] = nil
                if waiters.byToken[token]?.isEmpty == true { waiters.byToken[token] = nil }
            }
            continuation.finish()
        }
        try await withThrowingTaskGroup(of: Void.self) { group in
            group.addTask { try await Task.sleep(for: duration) }
            group.addTask {
                for await _ in stream { return }
            }
            defer { group.cancelAll() }
            try await group.next()
        }
        try Task.checkCancellation()
    }
}
