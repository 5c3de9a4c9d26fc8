/// A connection to a SQL database: MySQL/MariaDB, PostgreSQL or SQLite, behind one interface.
///
/// Open one with ``makeSQLConnection(url:)`` or, scoped, ``withSQLConnection(url:_:)``.
///
/// Concurrency contract: every method may be called from any task, and blocking work never runs on Swift's
/// cooperative pool (each connector documents its threads). A connection runs one statement at a time; while a
/// ``query(_:parameters:_:)`` body is streaming rows, run other statements on a *different* connection (the same
/// one refuses with ``SQLError/Code/queryFailed``). Inside ``withTransaction(_:)`` use the connection from one
/// task only.
///
/// Cancellation: cancelling the calling task interrupts the statement in flight (each connector documents how) and
/// the call throws `CancellationError`.
public protocol SQLConnection: Sendable {
    /// The connection's SQL dialect.
    var dialect: SQLDialect { get }

    /// A description of the connection without secrets, such as `mysql://ferry@127.0.0.1:3307/app`.
    var redactedURL: String { get }

    /// Runs a query with bound parameters and streams its rows to `body`.
    ///
    /// Parameters are bound by the server or library (`?` placeholders), never spliced into the SQL text. The rows
    /// are fetched on demand as `body` iterates; when `body` returns early, the rest of the result is discarded.
    ///
    /// - Parameters:
    ///   - sql: One SQL statement with `?` placeholders.
    ///   - parameters: One value per placeholder.
    ///   - body: Receives the columns and rows; the sequence is valid only during the call.
    /// - Returns: What `body` returns.
    /// - Throws: ``SQLError``, `CancellationError`, or what `body` throws.
    func query<R>(_ sql: String, parameters: [SQLValue], _ body: (SQLRowSequence) async throws -> R) async throws -> R

    /// Runs a statement that returns no rows and reports how many rows it changed.
    ///
    /// - Parameters:
    ///   - sql: One SQL statement, with `?` placeholders when `parameters` is not empty.
    ///   - parameters: One value per placeholder.
    /// - Returns: The number of affected rows.
    /// - Throws: ``SQLError`` or `CancellationError`.
    @discardableResult
    func execute(_ sql: String, parameters: [SQLValue]) async throws -> Int

    /// Runs `body` in a transaction: commits when it returns, rolls back when it throws.
    ///
    /// - Parameter body: The work to do; run statements on this connection inside it.
    /// - Returns: What `body` returns.
    /// - Throws: ``SQLError`` or what `body` throws (after rolling back).
    @discardableResult
    func withTransaction<R>(_ body: () async throws -> R) async throws -> R

    /// Bulk-loads CSV into an existing table through the database's fast path.
    ///
    /// The CSV must have a header row naming target columns (in any order, a subset is fine); values use the forms
    /// ``SQLCSVWriter`` writes (NULL as an unquoted empty field, `""` as the empty string, binary as `\x` + hex,
    /// ISO 8601 dates and times). The input is streamed: memory stays flat whatever its size.
    ///
    /// - Parameters:
    ///   - table: The target table's name (unquoted; it is quoted for you).
    ///   - csv: The CSV bytes as chunks of any size.
    /// - Returns: The rows loaded and the server's warning count.
    /// - Throws: ``SQLError``, ``CSVError`` for malformed input, the error `csv` throws, or `CancellationError`.
    func bulkLoad<Chunks: AsyncSequence>(into table: String, csv: Chunks) async throws -> SQLBulkLoadResult
    where Chunks.Element == [UInt8]

    /// Describes a table's columns.
    ///
    /// - Parameter table: The table's name (unquoted).
    /// - Returns: The columns, in table order.
    /// - Throws: ``SQLError`` (for example when the table does not exist).
    func columns(ofTable table: String) async throws -> [SQLColumn]

    /// Closes the connection. Further calls throw ``SQLError/Code/closed``. Closing twice is harmless.
    func close() async
}

extension SQLConnection {
    /// Quotes an identifier for this connection's dialect (see ``SQLDialect/quoteIdentifier(_:)``).
    ///
    /// - Parameter name: The identifier.
    /// - Returns: The quoted identifier.
    public func quoteIdentifier(_ name: String) -> String { dialect.quoteIdentifier(name) }

    /// Runs a query without parameters and streams its rows to `body`.
    ///
    /// - Parameters:
    ///   - sql: One SQL statement.
    ///   - body: Receives the columns and rows.
    /// - Returns: What `body` returns.
    /// - Throws: ``SQLError``, `CancellationError`, or what `body` throws.
    public func query<R>(_ sql: String, _ body: (SQLRowSequence) async throws -> R) async throws -> R {
        try await query(sql, parameters: [], body)
    }

    /// Runs a statement without parameters.
    ///
    /// - Parameter sql: One SQL statement.
    /// - Returns: The number of affected rows.
    /// - Throws: ``SQLError`` or `CancellationError`.
    @discardableResult
    public func execute(_ sql: String) async throws -> Int { try await execute(sql, parameters: []) }

    /// Whether a table exists in the connection's current database (MySQL `DATABASE()`), schema (PostgreSQL
    /// `current_schema()`) or file (SQLite).
    ///
    /// - Parameter table: The table's name (unquoted).
    /// - Returns: Whether it exists.
    /// - Throws: ``SQLError``.
    public func tableExists(_ table: String) async throws -> Bool {
        let sql: String
        switch dialect {
        case .mysql:
            sql = "SELECT COUNT(*) FROM information_schema.TABLES WHERE TABLE_SCHEMA = DATABASE() AND TABLE_NAME = ?"
        case .postgres:
            sql = "SELECT COUNT(*) FROM information_schema.tables WHERE table_schema = current_schema() AND table_name = ?"
        case .sqlite:
            sql = "SELECT COUNT(*) FROM sqlite_master WHERE type = 'table' AND name = ?"
        }
        let rows = try await query(sql, parameters: [.text(table)]) { try await $0.collectRows() }
        switch rows.first?.first {
        case .integer(let count)?: return count > 0
        case .unsignedInteger(let count)?: return count > 0
        case .text(let text)?: return (Int(text) ?? 0) > 0
        default: return false
        }
    }
}

/// What a ``SQLConnection/bulkLoad(into:csv:)`` did.
public struct SQLBulkLoadResult: Sendable, Hashable {
    /// The number of rows the database reports as loaded.
    public var rowCount: Int
    /// The number of warnings the database reported (MySQL's `LOAD DATA` turns bad values into warnings).
    public var warningCount: Int

    /// Creates a bulk-load result.
    ///
    /// - Parameters:
    ///   - rowCount: Rows loaded.
    ///   - warningCount: Warnings reported.
    public init(rowCount: Int, warningCount: Int = 0) {
        self.rowCount = rowCount
        self.warningCount = warningCount
    }
}

/// Opens a connection from a URL: `mysql://`, `mariadb://`, `postgres://` (or `postgresql://`), `sqlite:///path`.
///
/// See ``SQLConnectionURL`` for the URL forms and options.
///
/// - Parameter url: The connection URL.
/// - Returns: An open connection; close it with ``SQLConnection/close()``.
/// - Throws: ``SQLError`` (``SQLError/Code/invalidURL``, ``SQLError/Code/unsupported``,
///   ``SQLError/Code/connectionFailed``, ``SQLError/Code/authenticationFailed``).
public func makeSQLConnection(url: String) async throws -> any SQLConnection {
    let parsed = try SQLConnectionURL(url)
    switch parsed.dialect {
    case .mysql:
        return try await MySQLConnection.connect(MySQLConnection.Configuration(url: parsed))
    case .sqlite:
        return try await SQLiteConnection.open(url: parsed)
    case .postgres:
        return try await PostgreSQLConnection.connect(PostgreSQLConnection.Configuration(url: parsed))
    }
}

/// Opens a connection, runs `body` with it, and closes it whether `body` returns or throws.
///
/// - Parameters:
///   - url: The connection URL (see ``makeSQLConnection(url:)``).
///   - body: The work to do with the connection.
/// - Returns: What `body` returns.
/// - Throws: ``SQLError`` or what `body` throws.
@discardableResult
public func withSQLConnection<R>(url: String, _ body: (any SQLConnection) async throws -> R) async throws -> R {
    try await withSQLConnection(opening: { try await makeSQLConnection(url: url) }, body)
}

/// Opens a connection with `open`, runs `body` with it, and closes it whether `body` returns or throws.
///
/// - Parameters:
///   - open: Opens the connection.
///   - body: The work to do with the connection.
/// - Returns: What `body` returns.
/// - Throws: What `open` or `body` throws.
@discardableResult
public func withSQLConnection<R>(
    opening open: () async throws -> any SQLConnection, _ body: (any SQLConnection) async throws -> R
) async throws -> R {
    let connection = try await open()
    do {
        let result = try await body(connection)
        await connection.close()
        return result
    } catch {
        await connection.close()
        throw error
    }
}
