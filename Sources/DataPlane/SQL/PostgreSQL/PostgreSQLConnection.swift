internal import Synchronization

/// A connection to PostgreSQL, speaking the wire protocol (3.0) itself.
///
/// - Queries use the extended protocol with bound parameters: the interface's `?` placeholders become `$1`, `$2`, …
///   (see ``SQLConnection/query(_:parameters:_:)``; statements written with `$n` are sent as they are). Integers,
///   floats, booleans and binary are bound typed (`int8`, `float8`, `bool`, `bytea`); text is bound with an
///   unspecified type, so the server converts it to the column's type (dates, decimals, JSON, …).
/// - Query results stream through the unnamed portal in bounded batches (`Execute` of about 1 MiB of rows, the next
///   one requested while the current one is decoded), so memory stays flat whatever the result size. Values come in
///   PostgreSQL's binary format and are decoded into Ferry's canonical forms (see ``SQLRowBatch`` and
///   ``PostgreSQLValueDecoder``): `character(n)` keeps its padding, `jsonb` comes back as PostgreSQL normalises it,
///   `timetz` keeps its own offset (`04:05:06+02:00`, `Z` for UTC), `uuid` is reported as `char(36)`, `interval` as
///   text in PostgreSQL's default style, and unconstrained `numeric` as `decimal(65,30)`. Any other type (arrays,
///   ranges, network, geometric, `money`, composites, extension types) comes in PostgreSQL's own text form and is
///   reported as text.
/// - ``bulkLoad(into:csv:)`` runs `COPY "table" ("col", …) FROM STDIN (FORMAT text)`, converting the CSV to COPY's
///   text format on the fly. `COPY` is one statement and therefore atomic: if the input fails midway, the client
///   sends `CopyFail` and the server discards every row of it.
/// - Authentication: SCRAM-SHA-256 (the password SASLprepped as libpq does), md5, cleartext password or none, as
///   the server asks. TLS through OpenSSL when the URL's `sslmode` requires it (see ``Configuration``).
/// - Sessions run with `TimeZone=UTC`, `DateStyle=ISO, YMD`, `IntervalStyle=postgres` and `client_encoding=UTF8`.
///
/// Threads: every socket read and write, and row decoding, run on the connection's own thread (see
/// ``PostgreSQLSession``), never on Swift's cooperative pool. Cancellation: cancelling the calling task sends the
/// protocol's `CancelRequest` over a short-lived second connection, which interrupts the statement in flight; the
/// call throws `CancellationError` and the connection stays usable (its next statement starts once the server has
/// handled the request, so a late one cannot interrupt it). Returning early from a
/// ``query(_:parameters:_:)`` body closes the portal: at most the batches already requested are read and dropped,
/// and an enclosing transaction is unaffected.
///
/// ## Why Ferry speaks the protocol itself
/// The export path must run close to the server's own `COPY … TO`. Through postgres-nio (1.33.2), a streaming
/// SELECT spent most of its time in that library's per-value machinery (a `PostgresCell` per field: reference
/// counting, enum payloads, exclusivity checks) and reached 1.7–2.8× of `COPY TO`, while the server itself sends a
/// binary SELECT result faster than it writes `COPY` text (0.4–0.6 s against 0.6–0.9 s for 1M rows of the benchmark
/// table, measured with a raw-socket client). Decoding `DataRow`s straight from the receive buffer removes that
/// cost. `COPY (query) TO STDOUT` stays unused: it cannot take bound parameters, and its text is not Ferry's
/// canonical form (timestamps, booleans, `-0`), so every field would be parsed and rewritten anyway.
public final class PostgreSQLConnection: SQLConnection {
    /// The connection's settings (the password is never printed).
    public let configuration: Configuration
    /// The server process serving this connection (`pg_backend_pid()`), the target of cancellation.
    public let backendProcessID: Int32
    let session: PostgreSQLSession
    let interrupter: StatementInterrupter
    private let state = Mutex(State())

    private struct State {
        var isStreaming = false
        var isClosed = false
    }

    /// ``SQLDialect/postgres``.
    public var dialect: SQLDialect { .postgres }

    /// `postgres://user@host:port/database`, without the password.
    public var redactedURL: String { configuration.description }

    private init(
        configuration: Configuration, session: PostgreSQLSession, backendProcessID: Int32, interrupter: StatementInterrupter
    ) {
        self.configuration = configuration
        self.backendProcessID = backendProcessID
        self.session = session
        self.interrupter = interrupter
    }

    /// Connects to the server.
    ///
    /// - Parameter configuration: Where and how to connect.
    /// - Returns: The open connection.
    /// - Throws: ``SQLError`` with ``SQLError/Code/connectionFailed`` or ``SQLError/Code/authenticationFailed``
    ///   (never showing the password).
    public static func connect(_ configuration: Configuration) async throws -> PostgreSQLConnection {
        let session = PostgreSQLSession(configuration: configuration)
        let (processID, interrupter) = try await session.connect()
        return PostgreSQLConnection(
            configuration: configuration, session: session, backendProcessID: processID, interrupter: interrupter)
    }

    private func checkUsable() throws {
        let (closed, streaming) = state.withLock { ($0.isClosed, $0.isStreaming) }
        if closed { throw SQLError(code: .closed, connection: redactedURL, message: "the connection is closed") }
        if streaming {
            throw SQLError(
                code: .queryFailed, connection: redactedURL,
                message: "the connection is streaming a query result or a load; run other statements on another connection")
        }
        try Task.checkCancellation()
    }

    /// Translates `?` placeholders to `$n` and checks the parameter count.
    private func translate(_ sql: String, _ parameters: [SQLValue]) throws -> String {
        let (text, count) = PostgreSQLPlaceholders.translate(sql)
        guard count == parameters.count else {
            throw SQLError(
                code: .queryFailed, connection: redactedURL,
                message: "the statement has \(count) placeholder(s) but \(parameters.count) parameter(s) were given",
                sql: sql)
        }
        return text
    }

    /// Runs `operation`; cancelling the task cancels the statement on the server.
    private func interruptible<T: Sendable>(_ operation: () async throws -> T) async throws -> T {
        let interrupter = interrupter
        let result = try await withTaskCancellationHandler {
            try await operation()
        } onCancel: {
            interrupter.start()
        }
        try Task.checkCancellation()
        return result
    }

    /// Runs a query with bound parameters and streams its rows to `body` (see ``SQLConnection``).
    ///
    /// The connection's thread reads and decodes the next batches while `body` works on the current one (two
    /// batches of about 1 MiB at most in between). A statement that returns no rows runs and yields an empty
    /// result.
    ///
    /// - Parameters:
    ///   - sql: One statement with `?` placeholders (or PostgreSQL's own `$1`, `$2`, …).
    ///   - parameters: One value per placeholder.
    ///   - body: Receives the rows; valid only during the call.
    /// - Returns: What `body` returns.
    /// - Throws: ``SQLError``, `CancellationError`, or what `body` throws.
    public func query<R>(
        _ sql: String, parameters: [SQLValue], _ body: (SQLRowSequence) async throws -> R
    ) async throws -> R {
        try checkUsable()
        let text = try translate(sql, parameters)
        let session = session
        let interrupter = interrupter
        state.withLock { $0.isStreaming = true }
        defer { state.withLock { $0.isStreaming = false } }
        let columns = try await interruptible { try await session.openQuery(text, parameters: parameters, original: sql) }
        let channel = HandoffChannel<SQLRowBatch>(capacity: 2)
        return try await withThrowingTaskGroup(of: Void.self) { group in
            group.addTask { await session.stream(into: channel) }
            let sequence = SQLRowSequence(columns: columns) {
                try await withTaskCancellationHandler {
                    try await channel.receive()
                } onCancel: {
                    channel.cancel()
                }
            }
            do {
                let result = try await withTaskCancellationHandler {
                    try await body(sequence)
                } onCancel: {
                    interrupter.start()
                }
                channel.cancel()
                try await group.waitForAll()
                try await session.closeResult()
                return result
            } catch {
                channel.cancel(error)
                try? await group.waitForAll()
                try? await session.closeResult()
                if Task.isCancelled { throw CancellationError() }
                throw error
            }
        }
    }

    /// Runs a statement and returns the affected row count (see ``SQLConnection``).
    ///
    /// - Parameters:
    ///   - sql: One statement (the extended protocol takes one at a time), with `?` or `$n` placeholders.
    ///   - parameters: One value per placeholder.
    /// - Returns: The affected rows (rows returned, for a query; 0 for DDL).
    /// - Throws: ``SQLError`` or `CancellationError`.
    @discardableResult
    public func execute(_ sql: String, parameters: [SQLValue]) async throws -> Int {
        PostgreSQLSession.rowCount(fromTag: try await run(sql, parameters: parameters))
    }

    /// Runs a statement and returns its command tag.
    private func run(_ sql: String, parameters: [SQLValue] = []) async throws -> String {
        try checkUsable()
        let text = try translate(sql, parameters)
        let session = session
        return try await interruptible { try await session.execute(text, parameters: parameters, original: sql) }
    }

    /// Runs `body` inside `BEGIN` … `COMMIT`, rolling back when it throws.
    ///
    /// A statement that fails inside the transaction aborts it in PostgreSQL; if `body` catches that error and
    /// returns, `COMMIT` rolls back, and this method throws ``SQLError/Code/queryFailed`` saying so.
    ///
    /// - Parameter body: The work; run statements on this connection inside it.
    /// - Returns: What `body` returns.
    /// - Throws: ``SQLError`` or what `body` throws.
    @discardableResult
    public func withTransaction<R>(_ body: () async throws -> R) async throws -> R {
        try await execute("BEGIN")
        do {
            let result = try await body()
            if try await run("COMMIT") == "ROLLBACK" {
                throw SQLError(
                    code: .queryFailed, connection: redactedURL,
                    message: "the transaction was rolled back because a statement in it failed")
            }
            return result
        } catch {
            // Not `execute`: it refuses to run once the task is cancelled, and the rollback must still happen.
            _ = try? await session.execute("ROLLBACK", parameters: [], original: "ROLLBACK")
            throw error
        }
    }

    /// Describes a table's columns from the catalog (domains are reported as their base types).
    ///
    /// - Parameter table: The table's name (one identifier, found on the `search_path`).
    /// - Returns: Its columns; empty when the table does not exist.
    /// - Throws: ``SQLError``.
    public func columns(ofTable table: String) async throws -> [SQLColumn] {
        let sql = """
            SELECT a.attname::text, \
            (CASE WHEN t.typtype = 'd' THEN t.typbasetype ELSE a.atttypid END)::int8, \
            (CASE WHEN t.typtype = 'd' THEN t.typtypmod ELSE a.atttypmod END)::int4, a.attnotnull \
            FROM pg_catalog.pg_attribute a JOIN pg_catalog.pg_type t ON t.oid = a.atttypid \
            WHERE a.attrelid = to_regclass($1) AND a.attnum > 0 AND NOT a.attisdropped ORDER BY a.attnum
            """
        return try await query(sql, parameters: [.text(SQLDialect.postgres.quoteIdentifier(table))]) { rows in
            var columns: [SQLColumn] = []
            for try await batch in rows {
                for row in 0..<batch.rowCount {
                    guard case .text(let name) = batch.value(row: row, column: 0),
                        case .integer(let oid) = batch.value(row: row, column: 1),
                        case .integer(let modifier) = batch.value(row: row, column: 2),
                        case .boolean(let notNull) = batch.value(row: row, column: 3)
                    else { continue }
                    let type = PostgreSQLValueDecoder.column(oid: UInt32(truncatingIfNeeded: oid), typeModifier: Int32(modifier)).type
                    columns.append(SQLColumn(name: name, type: type, isNullable: !notNull))
                }
            }
            return columns
        }
    }

    /// Loads CSV into a table with `COPY … FROM STDIN`, streamed.
    ///
    /// The CSV (header required) is decoded and converted to COPY's text format (``PostgreSQLCopyEncoder``) on the
    /// calling task, in chunks of about 256 KiB, while the connection's thread sends them; a bounded buffer between
    /// them keeps memory flat. COPY is atomic: when the input fails (malformed CSV, the source throws, cancellation),
    /// the client sends `CopyFail` and the server keeps none of the rows. The connection stays usable. Inside
    /// ``withTransaction(_:)`` the load joins the transaction (and a failure aborts it).
    ///
    /// - Parameters:
    ///   - table: The target table (must exist; one identifier, quoted for you).
    ///   - csv: The CSV bytes.
    /// - Returns: The rows loaded (PostgreSQL reports no warnings: a bad value fails the whole load).
    /// - Throws: ``SQLError``, ``CSVError``, the error `csv` throws, or `CancellationError`.
    public func bulkLoad<Chunks: AsyncSequence>(into table: String, csv: Chunks) async throws -> SQLBulkLoadResult
    where Chunks.Element == [UInt8] {
        try checkUsable()
        let label = redactedURL
        var input = try await CSVLoadInput(
            csv, table: table, columns: try await columns(ofTable: table), connection: label)
        let dialect = SQLDialect.postgres
        let sql =
            "COPY \(dialect.quoteIdentifier(table)) (\(input.targets.map { dialect.quoteIdentifier($0.name) }.joined(separator: ", "))) "
            + "FROM STDIN (FORMAT text)"
        var encoder = PostgreSQLCopyEncoder(columns: input.targets, connection: label)
        let channel = HandoffChannel<[UInt8]>(capacity: 4)
        let session = session
        state.withLock { $0.isStreaming = true }
        defer { state.withLock { $0.isStreaming = false } }
        let rowCount = try await runBulkLoad(channel: channel) {
            try await session.copyIn(sql, from: channel)
        } produce: {
            try await input.encodeAll(with: &encoder, into: channel)
        }
        return SQLBulkLoadResult(rowCount: rowCount)
    }

    /// Closes the connection (idempotent).
    public func close() async {
        let wasClosed = state.withLock { state in
            defer { state.isClosed = true }
            return state.isClosed
        }
        if !wasClosed { await session.close() }
    }
}
