internal import CMariaDB
internal import Foundation
internal import Synchronization

/// A connection to MySQL or MariaDB through MariaDB Connector/C.
///
/// - Queries are prepared statements with bound parameters (binary protocol) and stream their rows from the
///   server without buffering the result (`mysql_stmt_fetch` without `mysql_stmt_store_result`, the prepared
///   equivalent of `mysql_use_result`): memory stays flat whatever the result size.
/// - ``bulkLoad(into:csv:)`` runs `LOAD DATA LOCAL INFILE` fed from memory through Connector/C's local-infile
///   callbacks (no temporary file).
/// - Sessions run with `time_zone = '+00:00'` and `utf8mb4`.
///
/// Threads: every Connector/C call runs on the connection's own thread (see ``MySQLSession``), never on Swift's
/// cooperative pool. Cancellation: cancelling the calling task sends `KILL QUERY <id>` to the server over a
/// short-lived second connection (opened on a separate thread), which interrupts the statement in flight; the call
/// then throws `CancellationError` and the connection stays usable (its next statement starts once the server has
/// handled the kill, so a late one cannot interrupt it). Returning early from a ``query(_:parameters:_:)``
/// body does the same to discard the rest of the result quickly.
public final class MySQLConnection: SQLConnection {
    /// The connection's settings (the password is never printed).
    public let configuration: Configuration
    let session: MySQLSession
    /// The server's id for this connection (`CONNECTION_ID()`), the target of `KILL QUERY`.
    public let connectionID: UInt
    let interrupter: StatementInterrupter
    private let state = Mutex(State())

    private struct State {
        var isStreaming = false
        var isClosed = false
    }

    /// ``SQLDialect/mysql``.
    public var dialect: SQLDialect { .mysql }

    /// `mysql://user@host:port/database`, without the password.
    public var redactedURL: String { configuration.description }

    private init(configuration: Configuration, session: MySQLSession, connectionID: UInt, interrupter: StatementInterrupter) {
        self.configuration = configuration
        self.session = session
        self.connectionID = connectionID
        self.interrupter = interrupter
    }

    /// Connects to the server.
    ///
    /// - Parameter configuration: Where and how to connect.
    /// - Returns: The open connection.
    /// - Throws: ``SQLError`` with ``SQLError/Code/connectionFailed`` or ``SQLError/Code/authenticationFailed``.
    public static func connect(_ configuration: Configuration) async throws -> MySQLConnection {
        let session = MySQLSession(configuration: configuration)
        let (id, interrupter) = try await session.connect()
        return MySQLConnection(configuration: configuration, session: session, connectionID: id, interrupter: interrupter)
    }

    private func checkUsable() throws {
        let closed = state.withLock { $0.isClosed }
        if closed { throw SQLError(code: .closed, connection: redactedURL, message: "the connection is closed") }
        if state.withLock({ $0.isStreaming }) {
            throw SQLError(
                code: .queryFailed, connection: redactedURL,
                message: "the connection is streaming a query result; run other statements on another connection")
        }
        try Task.checkCancellation()
    }

    /// Runs `operation` on the session; cancellation kills the statement in flight.
    private func interruptible<T: Sendable>(_ operation: () async throws -> T) async throws -> T {
        let interrupter = interrupter
        do {
            let result = try await withTaskCancellationHandler {
                try await operation()
            } onCancel: {
                interrupter.start()
            }
            try Task.checkCancellation()
            return result
        } catch is SQLError where Task.isCancelled {
            throw CancellationError()
        }
    }

    /// Runs a query with bound parameters and streams its rows to `body` (see ``SQLConnection``).
    ///
    /// - Parameters:
    ///   - sql: One statement with `?` placeholders.
    ///   - parameters: One value per placeholder, bound with `mysql_stmt_bind_param`.
    ///   - body: Receives the rows; valid only during the call.
    /// - Returns: What `body` returns.
    /// - Throws: ``SQLError``, `CancellationError`, or what `body` throws.
    public func query<R>(
        _ sql: String, parameters: [SQLValue], _ body: (SQLRowSequence) async throws -> R
    ) async throws -> R {
        try checkUsable()
        let session = session
        let columns = try await interruptible { try await session.openCursor(sql, parameters: parameters) }
        state.withLock { $0.isStreaming = true }
        let rows = SQLRowSequence(columns: columns) { [interrupter] in
            try await withTaskCancellationHandler {
                let batch = try await session.fetchBatch()
                try Task.checkCancellation()
                return batch
            } onCancel: {
                interrupter.start()
            }
        }
        do {
            let result = try await body(rows)
            await finishCursor()
            return result
        } catch {
            await finishCursor()
            if let sqlError = error as? SQLError, sqlError.code == .cancelled || Task.isCancelled {
                throw CancellationError()
            }
            throw error
        }
    }

    /// Discards the open cursor's remaining rows: `KILL QUERY` first when rows are left, so a huge result is not
    /// read to its end.
    private func finishCursor() async {
        if await session.hasUnreadRows { interrupter.start() }
        try? await session.closeCursor()
        state.withLock { $0.isStreaming = false }
    }

    /// Runs a statement and returns the affected row count (see ``SQLConnection``).
    ///
    /// Without parameters the text protocol is used (so any statement works); with parameters a prepared statement.
    ///
    /// - Parameters:
    ///   - sql: One statement.
    ///   - parameters: One value per `?` placeholder.
    /// - Returns: The affected rows.
    /// - Throws: ``SQLError`` or `CancellationError`.
    @discardableResult
    public func execute(_ sql: String, parameters: [SQLValue]) async throws -> Int {
        try checkUsable()
        let session = session
        return try await interruptible { try await session.execute(sql, parameters: parameters) }
    }

    /// Runs `body` inside `START TRANSACTION` … `COMMIT`, rolling back when it throws.
    ///
    /// - Parameter body: The work; run statements on this connection inside it.
    /// - Returns: What `body` returns.
    /// - Throws: ``SQLError`` or what `body` throws.
    @discardableResult
    public func withTransaction<R>(_ body: () async throws -> R) async throws -> R {
        try await execute("START TRANSACTION")
        do {
            let result = try await body()
            try await execute("COMMIT")
            return result
        } catch {
            _ = try? await session.execute("ROLLBACK", parameters: [])
            throw error
        }
    }

    /// Describes a table's columns.
    ///
    /// - Parameter table: The table's name.
    /// - Returns: Its columns.
    /// - Throws: ``SQLError``.
    public func columns(ofTable table: String) async throws -> [SQLColumn] {
        try checkUsable()
        return try await session.tableColumns(table)
    }

    /// Loads CSV into a table with `LOAD DATA LOCAL INFILE`, streamed from memory.
    ///
    /// The CSV (header required) is decoded and re-encoded into MySQL's native text format on the calling task
    /// while the session thread streams it to the server, with a bounded buffer between them (back-pressure). The
    /// statement is atomic on InnoDB: if the input fails (malformed CSV, the source throws, cancellation), the
    /// socket is shut down before end-of-file, the server rolls the statement back, and the connection is closed
    /// (open a new one).
    ///
    /// > Note: MySQL runs `LOAD DATA LOCAL` with `IGNORE` semantics: values it cannot convert become warnings,
    /// > reported in ``SQLBulkLoadResult/warningCount``.
    ///
    /// - Parameters:
    ///   - table: The target table (must exist).
    ///   - csv: The CSV bytes.
    /// - Returns: Rows loaded and warnings.
    /// - Throws: ``SQLError``, ``CSVError``, the error `csv` throws, or `CancellationError`.
    public func bulkLoad<Chunks: AsyncSequence>(into table: String, csv: Chunks) async throws -> SQLBulkLoadResult
    where Chunks.Element == [UInt8] {
        try checkUsable()
        let label = redactedURL
        var input = try await CSVLoadInput(
            csv, table: table, columns: try await session.tableColumns(table), connection: label)
        let columnList = input.targets.map { SQLDialect.mysql.quoteIdentifier($0.name) }.joined(separator: ", ")
        let sql =
            "LOAD DATA LOCAL INFILE 'ferry-stream' INTO TABLE \(SQLDialect.mysql.quoteIdentifier(table)) "
            + "CHARACTER SET binary (\(columnList))"
        var encoder = MySQLLoadEncoder(
            kinds: input.targets.map { SQLLoadField($0.type) }, names: input.targets.map(\.name), connection: label)
        let channel = HandoffChannel<[UInt8]>(capacity: 4)
        let session = session
        state.withLock { $0.isStreaming = true }
        defer { state.withLock { $0.isStreaming = false } }
        let (result, failure) = try await runBulkLoad(channel: channel) {
            try await session.loadData(sql, from: channel)
        } produce: {
            try await input.encodeAll(with: &encoder, into: channel)
        }
        if let failure { throw failure }
        return result
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

/// Sends `KILL QUERY <id>` over a separate, short-lived connection (see ``StatementInterrupter``, which runs it).
enum MySQLQueryKiller {
    /// Kills and returns once the server has accepted the kill, after at most the connect timeout (capped at
    /// 5 s) plus one round trip.
    static func send(configuration: MySQLConnection.Configuration, connectionID: UInt) {
        guard mysqlLibraryInitialized, let handle = mysql_init(nil) else { return }
        defer {
            mysql_close(handle)
            mysql_thread_end()
        }
        var settings = configuration
        settings.connectTimeout = min(max(settings.connectTimeout, 1), 5)
        settings.readTimeout = 5
        settings.writeTimeout = 5
        MySQLSession.applyOptions(settings, to: handle)
        guard
            mysql_real_connect(
                handle, settings.host, settings.user, settings.password, nil, UInt32(settings.port), nil, 0) != nil
        else { return }
        _ = mysql_query(handle, "KILL QUERY \(connectionID)")
    }
}
