internal import Foundation

/// Interrupts the statement running on a connection from outside it (PostgreSQL's `CancelRequest`, MySQL's
/// `KILL QUERY`, each sent over a short-lived second connection), on a thread of its own.
///
/// The server interrupts whatever statement is running when the request arrives, so a request sent for a
/// statement that then finished on its own could hit the next one. The connection's session therefore calls
/// ``waitUntilDelivered()`` before it starts a statement: a request the server handles while the connection is
/// idle interrupts nothing.
///
/// `@unchecked Sendable`: `inFlight` is read and written only while `condition` is locked.
final class StatementInterrupter: @unchecked Sendable {
    private let send: @Sendable () -> Void
    private let condition = NSCondition()
    private var inFlight = 0

    /// - Parameter send: Sends one request and returns once the server has handled it (or after its timeouts).
    init(send: @escaping @Sendable () -> Void) {
        self.send = send
    }

    /// Starts a request without waiting (for cancellation handlers, which must not block).
    func start() {
        condition.lock()
        inFlight += 1
        condition.unlock()
        Thread.detachNewThread { [self] in
            send()
            condition.lock()
            inFlight -= 1
            condition.broadcast()
            condition.unlock()
        }
    }

    /// Blocks until every request started so far has been handled. Call it on the session's own thread only.
    func waitUntilDelivered() {
        condition.lock()
        while inFlight > 0 { condition.wait() }
        condition.unlock()
    }
}
