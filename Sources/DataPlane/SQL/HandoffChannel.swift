#if canImport(FoundationEssentials)
internal import FoundationEssentials
#endif
internal import Foundation

/// A bounded hand-off queue between an async task and a thread that may block (a C client's callback, a GRDB
/// access closure).
///
/// Either side can be async (suspends without blocking a cooperative thread) or blocking (waits on a condition
/// variable; only ever call the blocking methods from threads Ferry owns, never from the cooperative pool). The
/// buffer holds at most `capacity` elements, which gives back-pressure in both directions.
///
/// `@unchecked Sendable`: every stored mutable property is read and written only while `condition` is locked, and
/// continuations are resumed after unlocking.
final class HandoffChannel<Element: Sendable>: @unchecked Sendable {
    private let condition = NSCondition()
    private let capacity: Int
    private var buffer: [Element] = []
    private var isFinished = false
    private var failure: (any Error)?
    private var waitingReceiver: CheckedContinuation<Element?, any Error>?
    private var waitingSender: (element: Element, continuation: CheckedContinuation<Void, any Error>)?

    init(capacity: Int) {
        precondition(capacity > 0)
        self.capacity = capacity
    }

    // NSCondition's lock/unlock are unavailable in async functions (they must not be held across a suspension).
    // These wrappers are called in pairs that never span an `await`; the continuation closures below run
    // synchronously before the suspension and release the lock themselves.
    @inline(__always) private func acquire() { condition.lock() }
    @inline(__always) private func release() { condition.unlock() }

    /// Removes the oldest element. `removeFirst` shifts at most `capacity` elements (a handful); keeping popped
    /// elements behind a head index instead would keep their memory alive until the next compaction.
    private func popLocked() -> Element {
        buffer.removeFirst()
    }

    /// Async producer: waits while the buffer is full. Throws once the consumer cancelled or the channel failed.
    func send(_ element: Element) async throws {
        acquire()
        if isFinished {
            let error = failure ?? CancellationError()
            release()
            throw error
        }
        if let receiver = waitingReceiver {
            waitingReceiver = nil
            release()
            receiver.resume(returning: element)
            return
        }
        if buffer.count < capacity {
            buffer.append(element)
            condition.broadcast()
            release()
            return
        }
        try await withCheckedThrowingContinuation { (continuation: CheckedContinuation<Void, any Error>) in
            // Still locked: park the element with the sender; the consumer moves it in and resumes us.
            waitingSender = (element, continuation)
            release()
        }
    }

    /// Blocking producer, for threads Ferry owns. Throws once the consumer cancelled or the channel failed.
    func sendBlocking(_ element: Element) throws {
        acquire()
        while !isFinished && waitingReceiver == nil && buffer.count >= capacity { condition.wait() }
        if isFinished {
            let error = failure ?? CancellationError()
            release()
            throw error
        }
        if let receiver = waitingReceiver {
            waitingReceiver = nil
            release()
            receiver.resume(returning: element)
            return
        }
        buffer.append(element)
        condition.broadcast()
        release()
    }

    /// Takes one element while locked; refills from a parked async sender. Returns the sender to resume.
    private func takeLocked() -> (Element, CheckedContinuation<Void, any Error>?) {
        let element = popLocked()
        var resume: CheckedContinuation<Void, any Error>?
        if let sender = waitingSender {
            waitingSender = nil
            buffer.append(sender.element)
            resume = sender.continuation
        }
        condition.broadcast()
        return (element, resume)
    }

    /// Async consumer: the next element, or `nil` after ``finish(throwing:)`` with no error.
    func receive() async throws -> Element? {
        acquire()
        if !buffer.isEmpty {
            let (element, sender) = takeLocked()
            release()
            sender?.resume()
            return element
        }
        if isFinished {
            let error = failure
            release()
            if let error { throw error }
            return nil
        }
        return try await withCheckedThrowingContinuation { continuation in
            waitingReceiver = continuation
            release()
        }
    }

    /// Blocking consumer, for threads Ferry owns: the next element, or `nil` at the end.
    func receiveBlocking() throws -> Element? {
        acquire()
        while buffer.isEmpty && !isFinished && waitingSender == nil { condition.wait() }
        if buffer.isEmpty, let sender = waitingSender {
            waitingSender = nil
            condition.broadcast()
            release()
            sender.continuation.resume()
            return sender.element
        }
        if !buffer.isEmpty {
            let (element, sender) = takeLocked()
            release()
            sender?.resume()
            return element
        }
        let error = failure
        release()
        if let error { throw error }
        return nil
    }

    /// Ends the stream (producer side). With an error, the consumer throws it after the buffered elements… unless
    /// `discardBuffered` is set, in which case it throws right away and waiting producers fail too.
    func finish(throwing error: (any Error)? = nil, discardBuffered: Bool = false) {
        acquire()
        if isFinished {
            release()
            return
        }
        isFinished = true
        failure = error
        if discardBuffered { buffer.removeAll() }
        let receiver = buffer.isEmpty ? waitingReceiver : nil
        if receiver != nil { waitingReceiver = nil }
        let sender = discardBuffered ? waitingSender : nil
        if sender != nil { waitingSender = nil }
        condition.broadcast()
        release()
        if let receiver {
            if let error { receiver.resume(throwing: error) } else { receiver.resume(returning: nil) }
        }
        sender?.continuation.resume(throwing: error ?? CancellationError())
    }

    /// Stops both sides at once (consumer gave up, or cancellation): pending and future calls throw `error`.
    func cancel(_ error: any Error = CancellationError()) {
        finish(throwing: error, discardBuffered: true)
    }
}
