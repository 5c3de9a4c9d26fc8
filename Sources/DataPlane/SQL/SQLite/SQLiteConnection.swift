internal import Foundation
internal import GRDB
internal import GRDBSQLite
internal import Synchronization

/// A connection to a SQLite database file through GRDB.
///
/// - The file is opened as a GRDB `DatabasePool` in WAL mode: queries outside a transaction read a snapshot on
///   a reader connection while writes go through the single writer.
/// - Statements are prepared by GRDB and parameters bound with `sqlite3_bind_*` (never spliced into SQL).
/// - ``bulkLoad(into:csv:)`` runs one prepared `INSERT` per row inside one transaction (`BEGIN IMMEDIATE`).
///
/// Threads: SQLite calls run inside GRDB's access closures, on GRDB's own serial dispatch queues, never on Swift's
/// cooperative pool. Rows stream from that queue to the consumer through a bounded ``HandoffChannel`` (the
/// reader thread blocks when the consumer is two batches behind). Cancellation: GRDB interrupts the statement in
/// flight (`sqlite3_interrupt`) when the calling task is cancelled.
///
/// > Note: SQLite stores NaN as NULL, and unsigned 64-bit values above `Int64.max` only in text columns (the type
/// > map declares those `U64_TEXT`).
public final class SQLiteConnection: SQLConnection {
    /// The database file's path.
    public let path: String
    private let pool: DatabasePool
    private let state = Mutex(State())

    private struct State {
        var isStreaming = false
        var isInTransaction = false
        var isClosed = false
    }

    private enum Message: Sendable {
        case columns([SQLColumn])
        case batch(SQLRowBatch)
    }

    /// ``SQLDialect/sqlite``.
    public var dialect: SQLDialect { .sqlite }

    /// `sqlite:///path`.
    public var redactedURL: String { "sqlite://" + (path.hasPrefix("/") ? path : "/" + path) }

    private init(path: String, pool: DatabasePool) {
        self.path = path
        self.pool = pool
    }

    /// Opens (creating if needed) a SQLite database file.
    ///
    /// - Parameter url: A parsed `sqlite:///path` URL (option `busy_timeout` in milliseconds, default 30000:
    ///   how long a statement waits for another connection's write lock before failing).
    /// - Returns: The connection.
    /// - Throws: ``SQLError`` with ``SQLError/Code/connectionFailed``.
    public static func open(url: SQLConnectionURL) async throws -> SQLiteConnection {
        guard url.dialect == .sqlite, let path = url.path else {
            throw SQLError(code: .invalidURL, connection: url.description, message: "not a sqlite:///path URL")
        }
        var configuration = Configuration()
        let milliseconds = url.option("busy_timeout").flatMap { Int($0) } ?? 30_000
        configuration.busyMode = .timeout(Double(milliseconds) / 1000)
        // withTransaction spans several accesses to the writer; the connection tracks the transaction itself.
        configuration.allowsUnsafeTransactions = true
        // The pool runs in WAL mode, where NORMAL keeps every committed transaction through a crash or kill of the
        // process (it is in the WAL file) and skips an fsync per commit; only an OS crash or power loss can lose the
        // last commits. FULL, SQLite's default, fsyncs each commit: about 1.8 ms each on this machine.
        configuration.prepareDatabase { db in try db.execute(sql: "PRAGMA synchronous = NORMAL") }
        let label = url.description
        let settings = configuration
        return try await onOwnThread {
            // Switching a new file to WAL needs an exclusive lock, and SQLite answers SQLITE_BUSY at once, without
            // the busy handler, when another connection opens the same new file at that moment: retry within the
            // busy timeout.
            let deadline = ContinuousClock.now + .milliseconds(milliseconds)
            while true {
                do {
                    return SQLiteConnection(path: path, pool: try DatabasePool(path: path, configuration: settings))
                } catch let error as DatabaseError
                    where error.resultCode == .SQLITE_BUSY && ContinuousClock.now < deadline
                {
                    usleep(10_000)
                } catch {
                    throw SQLiteConnection.mapError(error, connection: label, code: .connectionFailed)
                }
            }
        }
    }

    static func mapError(_ error: any Error, connection: String, code: SQLError.Code = .queryFailed, sql: String? = nil)
        -> any Error
    {
        if error is CancellationError || error is SQLError || error is CSVError { return error }
        if let error = error as? DatabaseError {
            if error.resultCode == .SQLITE_INTERRUPT { return CancellationError() }
            var message = error.message ?? "\(error.resultCode)"
            if error.resultCode == .SQLITE_BUSY {
                message += ": another connection held the write lock longer than the busy timeout"
                    + " (raise it with ?busy_timeout=MILLISECONDS)"
            }
            return SQLError(
                code: code, connection: connection, message: message,
                serverErrorNumber: Int(error.extendedResultCode.rawValue), sql: sql ?? error.sql)
        }
        return SQLError(code: code, connection: connection, message: "\(error)", sql: sql)
    }

    private func checkUsable() throws -> Bool {
        let (closed, streaming, inTransaction) = state.withLock { ($0.isClosed, $0.isStreaming, $0.isInTransaction) }
        if closed { throw SQLError(code: .closed, connection: redactedURL, message: "the connection is closed") }
        if streaming {
            throw SQLError(
                code: .queryFailed, connection: redactedURL,
                message: "the connection is streaming a query result; run other statements on another connection")
        }
        try Task.checkCancellation()
        return inTransaction
    }

    /// Runs `body` on a reader (outside transactions) or the writer (inside ``withTransaction(_:)``).
    private func access<T: Sendable>(write: Bool, _ body: @escaping @Sendable (Database) throws -> T) async throws -> T {
        let label = redactedURL
        do {
            if write || state.withLock({ $0.isInTransaction }) {
                return try await pool.writeWithoutTransaction(body)
            }
            return try await pool.read(body)
        } catch {
            throw Self.mapError(error, connection: label)
        }
    }

    /// Runs a query with bound parameters and streams its rows to `body` (see ``SQLConnection``).
    ///
    /// - Parameters:
    ///   - sql: One statement with `?` placeholders.
    ///   - parameters: One value per placeholder.
    ///   - body: Receives the rows; valid only during the call.
    /// - Returns: What `body` returns.
    /// - Throws: ``SQLError``, `CancellationError`, or what `body` throws.
    public func query<R>(
        _ sql: String, parameters: [SQLValue], _ body: (SQLRowSequence) async throws -> R
    ) async throws -> R {
        let inTransaction = try checkUsable()
        let channel = HandoffChannel<Message>(capacity: 2)
        let label = redactedURL
        state.withLock { $0.isStreaming = true }
        defer { state.withLock { $0.isStreaming = false } }
        return try await withThrowingTaskGroup(of: Void.self) { group in
            group.addTask { [self] in
                do {
                    try await access(write: inTransaction) { db in
                        try SQLiteConnection.stream(db, sql: sql, parameters: parameters, into: channel, label: label)
                    }
                    channel.finish()
                } catch {
                    channel.finish(throwing: error)
                }
            }
            do {
                guard case .columns(let columns)? = try await channel.receive() else {
                    throw SQLError(code: .queryFailed, connection: label, message: "the query returned no result")
                }
                let rows = SQLRowSequence(columns: columns) {
                    switch try await channel.receive() {
                    case .batch(let batch)?: return batch
                    default: return nil
                    }
                }
                let result = try await body(rows)
                channel.cancel()
                try await group.waitForAll()
                return result
            } catch {
                channel.cancel(error)
                group.cancelAll()
                try? await group.waitForAll()
                throw error
            }
        }
    }

    private static let transient = unsafeBitCast(-1, to: sqlite3_destructor_type.self)

    /// Binds bytes as TEXT (copied; any bytes, including invalid UTF-8, are kept as they are).
    static func bindText(_ stmt: OpaquePointer, _ index: Int32, _ bytes: UnsafeRawBufferPointer) {
        guard let base = bytes.baseAddress, bytes.count > 0 else {
            sqlite3_bind_text(stmt, index, "", 0, transient)
            return
        }
        sqlite3_bind_text(stmt, index, base.assumingMemoryBound(to: CChar.self), Int32(bytes.count), transient)
    }

    /// Binds bytes as a BLOB (copied); an empty buffer is a zero-length blob, not NULL.
    static func bindBlob(_ stmt: OpaquePointer, _ index: Int32, _ bytes: UnsafeRawBufferPointer) {
        guard let base = bytes.baseAddress, bytes.count > 0 else {
            sqlite3_bind_zeroblob(stmt, index, 0)
            return
        }
        sqlite3_bind_blob(stmt, index, base, Int32(bytes.count), transient)
    }

    static func bind(_ parameters: [SQLValue], to stmt: OpaquePointer, label: String, sql: String) throws {
        sqlite3_reset(stmt)
        sqlite3_clear_bindings(stmt)
        let expected = Int(sqlite3_bind_parameter_count(stmt))
        guard expected == parameters.count else {
            throw SQLError(
                code: .queryFailed, connection: label,
                message: "the statement has \(expected) placeholder(s) but \(parameters.count) parameter(s) were given",
                sql: sql)
        }
        for (offset, value) in parameters.enumerated() {
            let index = Int32(offset + 1)
            switch value {
            case .null: sqlite3_bind_null(stmt, index)
            case .boolean(let b): sqlite3_bind_int64(stmt, index, b ? 1 : 0)
            case .integer(let v): sqlite3_bind_int64(stmt, index, v)
            case .unsignedInteger(let v):
                if let signed = Int64(exactly: v) {
                    sqlite3_bind_int64(stmt, index, signed)
                } else {
                    sqlite3_bind_text(stmt, index, String(v), -1, transient)
                }
            case .double(let v): sqlite3_bind_double(stmt, index, v)
            case .text(let s):
                Array(s.utf8).withUnsafeBytes { bindText(stmt, index, $0) }
            case .binary(let bytes):
                bytes.withUnsafeBytes { bindBlob(stmt, index, $0) }
            }
        }
    }

    /// Steps a statement on GRDB's queue and sends its columns, then its rows in batches.
    private static func stream(
        _ db: Database, sql: String, parameters: [SQLValue], into channel: HandoffChannel<Message>, label: String
    ) throws {
        let statement = try db.makeStatement(sql: sql)
        let stmt = statement.sqliteStatement
        try bind(parameters, to: stmt, label: label, sql: sql)
        defer { sqlite3_reset(stmt) }
        var rc = sqlite3_step(stmt)
        let count = Int(sqlite3_column_count(stmt))
        var columns: [SQLColumn] = []
        for i in 0..<Int32(count) {
            let name = sqlite3_column_name(stmt, i).map { String(cString: $0) } ?? ""
            var type = SQLTypeMap.sqliteType(declared: sqlite3_column_decltype(stmt, i).map { String(cString: $0) })
            if type == nil {
                switch rc == SQLITE_ROW ? sqlite3_column_type(stmt, i) : SQLITE_NULL {
                case SQLITE_INTEGER: type = .integer(bits: 64, isSigned: true)
                case SQLITE_FLOAT: type = .double
                case SQLITE_BLOB: type = .blob
                default: type = .text
                }
            }
            columns.append(SQLColumn(name: name, type: type!, isNullable: true))
        }
        try channel.sendBlocking(.columns(columns))
        let isBoolean = columns.map { $0.type == .boolean }
        let isFloat = columns.map { $0.type == .float }
        var builder = SQLRowBatchBuilder(columns: columns, byteCapacity: 128 * 1024)
        while rc == SQLITE_ROW {
            for i in 0..<count {
                let column = Int32(i)
                switch sqlite3_column_type(stmt, column) {
                case SQLITE_NULL:
                    builder.appendNull()
                case SQLITE_INTEGER:
                    let value = sqlite3_column_int64(stmt, column)
                    if isBoolean[i] && (value == 0 || value == 1) {
                        builder.appendText(value == 1 ? "true" : "false")
                    } else {
                        builder.appendInteger(value)
                    }
                case SQLITE_FLOAT:
                    let value = sqlite3_column_double(stmt, column)
                    if isFloat[i], let narrow = Float(exactly: value) {
                        builder.appendText(SQLValueFormat.floatText(narrow))
                    } else {
                        builder.appendText(SQLValueFormat.doubleText(value))
                    }
                case SQLITE_BLOB:
                    let n = Int(sqlite3_column_bytes(stmt, column))
                    if n > 0, let pointer = sqlite3_column_blob(stmt, column) {
                        builder.append(pointer, count: n)
                    } else {
                        builder.endField()
                    }
                default:
                    let pointer = sqlite3_column_text(stmt, column)
                    let n = Int(sqlite3_column_bytes(stmt, column))
                    if n > 0, let pointer {
                        builder.append(UnsafeRawPointer(pointer), count: n)
                    } else {
                        builder.endField()
                    }
                }
            }
            builder.endRow()
            if builder.rowCount >= 4096 || builder.bytes.count >= 1 << 20 {
                try channel.sendBlocking(.batch(builder.take()))
            }
            rc = sqlite3_step(stmt)
        }
        if rc != SQLITE_DONE {
            if rc == SQLITE_INTERRUPT { throw CancellationError() }
            throw SQLError(
                code: .queryFailed, connection: label, message: String(cString: sqlite3_errmsg(db.sqliteConnection)),
                serverErrorNumber: Int(rc), sql: sql)
        }
        if !builder.isEmpty { try channel.sendBlocking(.batch(builder.take())) }
    }

    /// Runs a statement and returns the number of changed rows (see ``SQLConnection``).
    ///
    /// Without parameters, `sql` may hold several statements separated by `;`.
    ///
    /// - Parameters:
    ///   - sql: The statement(s).
    ///   - parameters: One value per `?` placeholder.
    /// - Returns: The changed rows (of the last statement).
    /// - Throws: ``SQLError`` or `CancellationError`.
    @discardableResult
    public func execute(_ sql: String, parameters: [SQLValue]) async throws -> Int {
        _ = try checkUsable()
        let label = redactedURL
        return try await access(write: true) { db in
            if parameters.isEmpty {
                try db.execute(sql: sql)
                return db.changesCount
            }
            let statement = try db.makeStatement(sql: sql)
            try SQLiteConnection.bind(parameters, to: statement.sqliteStatement, label: label, sql: sql)
            var rc = sqlite3_step(statement.sqliteStatement)
            while rc == SQLITE_ROW { rc = sqlite3_step(statement.sqliteStatement) }
            defer { sqlite3_reset(statement.sqliteStatement) }
            guard rc == SQLITE_DONE else {
                throw SQLError(
                    code: .queryFailed, connection: label, message: String(cString: sqlite3_errmsg(db.sqliteConnection)),
                    serverErrorNumber: Int(rc), sql: sql)
            }
            return Int(sqlite3_changes(db.sqliteConnection))
        }
    }

    /// Runs `body` inside `BEGIN IMMEDIATE` … `COMMIT`, rolling back when it throws.
    ///
    /// Queries inside the transaction run on the writer, so they see its uncommitted changes.
    ///
    /// - Parameter body: The work.
    /// - Returns: What `body` returns.
    /// - Throws: ``SQLError`` or what `body` throws.
    @discardableResult
    public func withTransaction<R>(_ body: () async throws -> R) async throws -> R {
        try await execute("BEGIN IMMEDIATE")
        state.withLock { $0.isInTransaction = true }
        do {
            let result = try await body()
            state.withLock { $0.isInTransaction = false }
            try await execute("COMMIT")
            return result
        } catch {
            state.withLock { $0.isInTransaction = false }
            // In a task of its own: GRDB refuses access from a cancelled task, and a transaction left open would
            // fail every later statement on this connection.
            let rollback = Task { [pool] in
                try? await pool.writeWithoutTransaction { db in
                    if db.isInsideTransaction { try db.execute(sql: "ROLLBACK") }
                }
            }
            await rollback.value
            throw error
        }
    }

    /// Describes a table's columns from its declared types (`PRAGMA table_info`).
    ///
    /// - Parameter table: The table's name.
    /// - Returns: Its columns.
    /// - Throws: ``SQLError``.
    public func columns(ofTable table: String) async throws -> [SQLColumn] {
        _ = try checkUsable()
        return try await access(write: false) { db in
            try db.columns(in: table).map { info in
                SQLColumn(
                    name: info.name, type: SQLTypeMap.sqliteType(declared: info.type) ?? .blob,
                    isNullable: !info.isNotNull)
            }
        }
    }

    /// Loads CSV into a table with one prepared `INSERT` per row, in one transaction.
    ///
    /// Values are bound by target column type: integers and booleans as integers (`true`/`false` → 1/0), floats
    /// as doubles, binary (`\x` hex) as blobs, everything else as text. Outside ``withTransaction(_:)`` the load
    /// is its own `BEGIN IMMEDIATE` transaction and is rolled back on any error; inside one, it joins it.
    ///
    /// - Parameters:
    ///   - table: The target table.
    ///   - csv: The CSV bytes (header required).
    /// - Returns: The rows inserted.
    /// - Throws: ``SQLError``, ``CSVError``, the error `csv` throws, or `CancellationError`.
    public func bulkLoad<Chunks: AsyncSequence>(into table: String, csv: Chunks) async throws -> SQLBulkLoadResult
    where Chunks.Element == [UInt8] {
        let inTransaction = try checkUsable()
        let label = redactedURL
        var input = try await CSVLoadInput(
            csv, table: table, columns: try await columns(ofTable: table), connection: label)
        let targets = input.targets
        let sql =
            "INSERT INTO \(SQLDialect.sqlite.quoteIdentifier(table)) ("
            + targets.map { SQLDialect.sqlite.quoteIdentifier($0.name) }.joined(separator: ", ") + ") VALUES ("
            + Array(repeating: "?", count: targets.count).joined(separator: ", ") + ")"
        let kinds = targets.map { SQLLoadField($0.type) }
        let names = targets.map(\.name)
        let channel = HandoffChannel<[CSVRecord]>(capacity: 4)
        state.withLock { $0.isStreaming = true }
        defer { state.withLock { $0.isStreaming = false } }
        let pool = pool
        let rowCount = try await runBulkLoad(channel: channel) {
            do {
                return try await pool.writeWithoutTransaction { db in
                    try SQLiteConnection.insertAll(
                        db, sql: sql, kinds: kinds, names: names, from: channel, ownTransaction: !inTransaction,
                        label: label)
                }
            } catch {
                let mapped = SQLiteConnection.mapError(error, connection: label, code: .bulkLoadFailed, sql: sql)
                channel.cancel(mapped)
                throw mapped
            }
        } produce: {
            while let records = try await input.nextRecords() {
                if !records.isEmpty { try await channel.send(records) }
            }
            channel.finish()
        }
        return SQLBulkLoadResult(rowCount: rowCount)
    }

    private static func insertAll(
        _ db: Database, sql: String, kinds: [SQLLoadField], names: [String], from channel: HandoffChannel<[CSVRecord]>,
        ownTransaction: Bool, label: String
    ) throws -> Int {
        if ownTransaction { try db.execute(sql: "BEGIN IMMEDIATE") }
        do {
            let statement = try db.makeStatement(sql: sql)
            let stmt = statement.sqliteStatement
            var count = 0
            var scratch: [UInt8] = []
            while let records = try channel.receiveBlocking() {
                for record in records {
                    count += 1
                    sqlite3_reset(stmt)
                    for index in 0..<record.count {
                        let position = Int32(index + 1)
                        let failure: SQLError? = record.withFieldBytes(at: index) { raw -> SQLError? in
                            guard let raw else {
                                sqlite3_bind_null(stmt, position)
                                return nil
                            }
                            func bindText() { SQLiteConnection.bindText(stmt, position, raw) }
                            switch kinds[index] {
                            case .integer, .boolean:
                                if let value = Int64(String(decoding: raw, as: UTF8.self)) {
                                    sqlite3_bind_int64(stmt, position, value)
                                } else if let flag = SQLValueFormat.parseBoolean(raw) {
                                    sqlite3_bind_int64(stmt, position, flag ? 1 : 0)
                                } else {
                                    bindText()
                                }
                            case .float:
                                let text = String(decoding: raw, as: UTF8.self)
                                let value: Double? =
                                    switch text {
                                    case "Infinity": .infinity
                                    case "-Infinity": -.infinity
                                    default: Double(text)
                                    }
                                if let value { sqlite3_bind_double(stmt, position, value) } else { bindText() }
                            case .binary:
                                scratch.removeAll(keepingCapacity: true)
                                guard SQLValueFormat.decodeHexField(raw, into: &scratch) else {
                                    return invalidField(
                                        record: count, column: names[index],
                                        expected: "binary as \\x followed by hex digits", connection: label)
                                }
                                scratch.withUnsafeBytes { SQLiteConnection.bindBlob(stmt, position, $0) }
                            case .text, .timestamp:
                                bindText()
                            }
                            return nil
                        }
                        if let failure { throw failure }
                    }
                    let rc = sqlite3_step(stmt)
                    if rc != SQLITE_DONE {
                        if rc == SQLITE_INTERRUPT { throw CancellationError() }
                        throw SQLError(
                            code: .bulkLoadFailed, connection: label,
                            message: "row \(count): " + String(cString: sqlite3_errmsg(db.sqliteConnection)),
                            serverErrorNumber: Int(rc), sql: sql)
                    }
                }
            }
            sqlite3_reset(stmt)
            if ownTransaction { try db.execute(sql: "COMMIT") }
            return count
        } catch {
            if ownTransaction && db.isInsideTransaction { try? db.execute(sql: "ROLLBACK") }
            throw error
        }
    }

    /// Closes the database (idempotent).
    public func close() async {
        let wasClosed = state.withLock { state in
            defer { state.isClosed = true }
            return state.isClosed
        }
        guard !wasClosed else { return }
        let pool = pool
        _ = try? await onOwnThread { try pool.close() }
    }
}

/// Runs blocking work (opening or closing a database file) on a fresh thread, off the cooperative pool.
func onOwnThread<T: Sendable>(_ work: @escaping @Sendable () throws -> T) async throws -> T {
    try await withCheckedThrowingContinuation { continuation in
        Thread.detachNewThread {
            continuation.resume(with: Result { try work() })
        }
    }
}
