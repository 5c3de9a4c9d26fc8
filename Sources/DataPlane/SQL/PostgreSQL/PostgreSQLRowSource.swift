internal import Logging
internal import NIOCore
internal import PostgresNIO
internal import Synchronization

/// Where a ``PostgreSQLConnection`` query's rows come from: a server-side cursor read in batches (queries), or the
/// statement's own result stream (anything else).
struct PostgreSQLRowSource: Sendable {
    /// The result's columns, as the server described them.
    let columns: PostgresColumns
    private let origin: Origin
    private let client: PostgresConnection
    private let logger: Logger

    private enum Origin: Sendable {
        /// A `NO SCROLL` cursor of this (quoted) name; `ownsTransaction` when the source opened the `BEGIN` itself.
        case cursor(name: String, ownsTransaction: Bool)
        /// The statement's result, streamed with postgres-nio's back-pressure.
        case direct(PostgresRowSequence)
    }

    /// Bytes of row data one `FETCH` aims at; two batches (one decoding, one arriving) bound the memory in use.
    static let targetBatchBytes = 1 << 20
    /// How many rows of a batch are measured to size the next `FETCH`.
    static let sampledRows = 200
    private static let cursorNumbers = Mutex(0)

    /// Whether `sql` is a query a cursor can be declared for (`SELECT`, `WITH`, `VALUES`, `TABLE`), judged by its
    /// first keyword after comments and opening parentheses.
    static func isQuery(_ sql: String) -> Bool {
        var bytes = sql.utf8[...]
        while let first = bytes.first {
            if first == UInt8(ascii: "(") || first == UInt8(ascii: " ") || (9...13).contains(first) {
                bytes = bytes.dropFirst()
            } else if bytes.starts(with: "--".utf8) {
                bytes = bytes.drop { $0 != UInt8(ascii: "\n") }
            } else if bytes.starts(with: "/*".utf8) {
                var rest = bytes.dropFirst(2)
                while !rest.isEmpty, !rest.starts(with: "*/".utf8) { rest = rest.dropFirst() }
                bytes = rest.dropFirst(2)
            } else {
                break
            }
        }
        let keyword = String(decoding: bytes.prefix { UInt8(ascii: "a")...UInt8(ascii: "z") ~= ($0 | 0x20) }, as: UTF8.self)
        return ["select", "with", "values", "table"].contains(keyword.lowercased())
    }

    /// Declares a cursor for `query` (in a transaction of its own unless `ownsTransaction` is false) and reads the
    /// result's description with an empty `FETCH`.
    static func cursor(
        _ query: PostgresQuery, client: PostgresConnection, logger: Logger, ownsTransaction: Bool
    ) async throws -> PostgreSQLRowSource {
        let number = cursorNumbers.withLock {
            $0 += 1
            return $0
        }
        let name = "\"ferry_cursor_\(number)\""
        if ownsTransaction { _ = try await client.query("BEGIN", logger: logger) { _ in }.get() }
        do {
            let declare = PostgresQuery(unsafeSQL: "DECLARE \(name) NO SCROLL CURSOR FOR \(query.sql)", binds: query.binds)
            _ = try await client.query(declare, logger: logger) { _ in }.get()
            let description = try await client.query(PostgresQuery(unsafeSQL: "FETCH FORWARD 0 FROM \(name)"), logger: logger)
            for try await _ in description {}
            return PostgreSQLRowSource(
                columns: description.columns, origin: .cursor(name: name, ownsTransaction: ownsTransaction),
                client: client, logger: logger)
        } catch {
            if ownsTransaction, !client.isClosed { _ = try? await client.query("ROLLBACK", logger: logger) { _ in }.get() }
            throw error
        }
    }

    /// Runs `query` and streams its result as it comes.
    static func direct(_ query: PostgresQuery, client: PostgresConnection, logger: Logger) async throws -> PostgreSQLRowSource {
        let rows = try await client.query(query, logger: logger)
        return PostgreSQLRowSource(columns: rows.columns, origin: .direct(rows), client: client, logger: logger)
    }

    /// Hands every row to `body`, a batch at a time. For a cursor, the next `FETCH` is already on its way while
    /// `body` works on the current batch; cancelling the task cancels the statement through `canceller`.
    ///
    /// - Returns: Normally; a `FETCH` in flight has finished before this returns or throws.
    func forEachBatch(
        canceller: PostgreSQLCanceller, _ body: ([PostgresRow]) async throws -> Void
    ) async throws {
        switch origin {
        case .direct(let rows):
            var batch: [PostgresRow] = []
            batch.reserveCapacity(1024)
            for try await row in rows {
                batch.append(row)
                if batch.count == 1024 {
                    try await body(batch)
                    batch.removeAll(keepingCapacity: true)
                }
            }
            if !batch.isEmpty { try await body(batch) }
        case .cursor(let name, _):
            var size = 1_000
            var pending: EventLoopFuture<PostgresQueryResult>? = fetch(size, from: name)
            while let request = pending {
                let rows = try await withTaskCancellationHandler {
                    try await request.get().rows
                } onCancel: {
                    canceller.start()
                }
                // The row size comes from a sample: walking every cell of the batch here cost about a fifth of
                // the export's CPU (postgres-nio builds each cell anew).
                let sample = rows.prefix(Self.sampledRows)
                var bytes = 0
                for row in sample {
                    for cell in row { bytes += cell.bytes?.readableBytes ?? 0 }
                }
                let exhausted = rows.count < size
                if !exhausted {
                    size = max(64, min(50_000, Self.targetBatchBytes / max(1, bytes / max(1, sample.count))))
                    pending = fetch(size, from: name)
                } else {
                    pending = nil
                }
                do {
                    try await body(rows)
                } catch {
                    _ = try? await pending?.get()
                    throw error
                }
            }
        }
    }

    /// Sends `FETCH FORWARD count`. The result also fails when the connection closes first: postgres-nio 1.33.2
    /// leaves a query queued behind a running one pending forever when the server ends the connection.
    private func fetch(_ count: Int, from name: String) -> EventLoopFuture<PostgresQueryResult> {
        let request = client.query(PostgresQuery(unsafeSQL: "FETCH FORWARD \(count) FROM \(name)"), logger: logger)
        let promise = request.eventLoop.makePromise(of: PostgresQueryResult.self)
        // Taken by whichever completes first; the close callback then holds nothing (it lives as long as the
        // connection, and must not keep a batch of rows alive).
        let unsettled = Mutex<EventLoopPromise<PostgresQueryResult>?>(promise)
        let settle: @Sendable (Result<PostgresQueryResult, any Error>) -> Void = { result in
            unsettled.withLock { pending in
                defer { pending = nil }
                return pending
            }?.completeWith(result)
        }
        // A FETCH sent just after the server ended the connection fails as if Ferry had closed it
        // (`clientClosedConnection`); Ferry never closes a connection while its cursor is read, so it was the server.
        request.whenComplete { result in
            if case .failure(let error as PSQLError) = result, error.code == .clientClosedConnection {
                settle(.failure(PostgresError.connectionClosed))
            } else {
                settle(result)
            }
        }
        client.closeFuture.whenComplete { _ in settle(.failure(PostgresError.connectionClosed)) }
        return promise.futureResult
    }

    /// Stops a result that will not be read to its end: cancels a direct statement on the server. A cursor needs
    /// nothing (its `FETCH` in flight is bounded, and cancelling it would abort the caller's transaction); ``finish(succeeded:)``
    /// closes it.
    func abandon(canceller: PostgreSQLCanceller) async {
        if case .direct = origin { await canceller.cancel() }
    }

    /// Ends the source once its rows were read or abandoned: commits the cursor's own transaction (rolls it back
    /// when `succeeded` is false), or closes the cursor inside the caller's transaction.
    ///
    /// - Parameter succeeded: Whether the caller's work succeeded; when false, errors here are ignored.
    /// - Throws: The server's error from `COMMIT`/`CLOSE`, when `succeeded`.
    func finish(succeeded: Bool) async throws {
        guard case .cursor(let name, let ownsTransaction) = origin, !client.isClosed else { return }
        let statement = PostgresQuery(unsafeSQL: ownsTransaction ? (succeeded ? "COMMIT" : "ROLLBACK") : "CLOSE \(name)")
        if succeeded {
            _ = try await client.query(statement, logger: logger) { _ in }.get()
        } else {
            _ = try? await client.query(statement, logger: logger) { _ in }.get()
        }
    }
}
