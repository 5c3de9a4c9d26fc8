internal import CMariaDB
#if canImport(Glibc)
internal import Glibc
#elseif canImport(Musl)
internal import Musl
#elseif canImport(Darwin)
internal import Darwin
#endif

/// `mysql_library_init`, exactly once per process (a global `let` initialiser runs once, thread-safely).
let mysqlLibraryInitialized: Bool = ferry_mysql_library_init() == 0

/// Owns one Connector/C handle and runs every call on it on the session's own thread.
///
/// Threading contract: Connector/C allows one `MYSQL*` per thread at a time and its calls block. This actor's
/// executor is a ``ThreadExecutor``: one dedicated thread per connection, never a cooperative-pool thread. Every C
/// call on `mysql` and on statements made from it happens in actor-isolated methods, so on that thread only, and
/// the handle never leaves the actor. Results are copied into Swift values (``SQLRowBatch``, ``SQLColumn``) before
/// they are returned.
actor MySQLSession {
    private let executor: ThreadExecutor
    nonisolated var unownedExecutor: UnownedSerialExecutor { executor.asUnownedSerialExecutor() }

    let configuration: MySQLConnection.Configuration
    private var mysql: UnsafeMutablePointer<MYSQL>?
    private var cursor: MySQLCursor?
    private var brokenError: SQLError?
    /// Sends this session's `KILL QUERY`s; set once connected.
    private var interrupter: StatementInterrupter?

    init(configuration: MySQLConnection.Configuration) {
        self.configuration = configuration
        self.executor = ThreadExecutor(name: "ferry-mysql")
    }

    /// Runs on the session thread, so the handle is closed where it was used.
    isolated deinit {
        cursor = nil
        if let mysql { mysql_close(mysql) }
    }

    private var label: String { configuration.description }

    // MARK: Errors

    private func makeError(
        number: UInt32, state: UnsafePointer<CChar>?, message: UnsafePointer<CChar>?, sql: String?,
        duringConnect: Bool = false
    ) -> SQLError {
        let number = Int(number)
        let text = SQLError.scrub(message.map { String(cString: $0) } ?? "unknown error", secret: configuration.password)
        let sqlState = state.map { String(cString: $0) }.flatMap { $0.isEmpty || $0 == "00000" ? nil : $0 }
        let code: SQLError.Code
        switch number {
        case 1044, 1045, 1698, 1251: code = .authenticationFailed
        case 1317: code = .cancelled
        case 2006, 2013, 2055, 1927, 4031, 1053:
            code = duringConnect ? .connectionFailed : .connectionLost
        case 2000...2999 where duringConnect: code = .connectionFailed
        default: code = duringConnect ? .connectionFailed : .queryFailed
        }
        let error = SQLError(
            code: code, connection: label, message: text, serverErrorNumber: number, sqlState: sqlState, sql: sql)
        if code == .connectionLost { brokenError = error }
        return error
    }

    private func connectionError(sql: String?, duringConnect: Bool = false) -> SQLError {
        makeError(
            number: mysql_errno(mysql), state: mysql_sqlstate(mysql), message: mysql_error(mysql), sql: sql,
            duringConnect: duringConnect)
    }

    private func statementError(_ stmt: UnsafeMutablePointer<MYSQL_STMT>, sql: String?) -> SQLError {
        if mysql_stmt_errno(stmt) != 0 {
            return makeError(
                number: mysql_stmt_errno(stmt), state: mysql_stmt_sqlstate(stmt), message: mysql_stmt_error(stmt), sql: sql)
        }
        // Some network failures during a fetch are recorded on the connection, not the statement.
        if mysql_errno(mysql) != 0 { return connectionError(sql: sql) }
        return makeError(
            number: 2013, state: "HY000", message: "lost connection to the server while reading the result", sql: sql)
    }

    private func usableHandle() throws(SQLError) -> UnsafeMutablePointer<MYSQL> {
        if let brokenError { throw brokenError }
        guard let mysql else {
            throw SQLError(code: .closed, connection: label, message: "the connection is closed")
        }
        return mysql
    }

    /// Checks the connection before a statement, lets any kill meant for an earlier statement land first (see
    /// ``StatementInterrupter``), and discards an open cursor.
    private func startStatement() throws(SQLError) -> UnsafeMutablePointer<MYSQL> {
        let mysql = try usableHandle()
        interrupter?.waitUntilDelivered()
        try closeCursor()
        return mysql
    }

    // MARK: Connect and close

    /// Connects and returns the server's connection (thread) id and what kills its statements.
    func connect() throws(SQLError) -> (connectionID: UInt, interrupter: StatementInterrupter) {
        guard mysqlLibraryInitialized else {
            throw SQLError(code: .connectionFailed, connection: label, message: "mysql_library_init failed")
        }
        _ = mysql_thread_init()
        guard let handle = mysql_init(nil) else {
            throw SQLError(code: .connectionFailed, connection: label, message: "out of memory in mysql_init")
        }
        mysql = handle
        MySQLSession.applyOptions(configuration, to: handle)
        let flags: UInt = 0
        let connected = mysql_real_connect(
            handle, configuration.host, configuration.user, configuration.password, configuration.database,
            UInt32(configuration.port), nil, flags)
        if connected == nil {
            let error = connectionError(sql: nil, duringConnect: true)
            mysql_close(handle)
            mysql = nil
            brokenError = nil
            throw error
        }
        if configuration.tls != .disabled && mysql_get_ssl_cipher(handle) == nil {
            // Connector/C 3.3 may fall back to plain text against a server without TLS; never accept that.
            mysql_close(handle)
            mysql = nil
            throw SQLError(
                code: .connectionFailed, connection: label,
                message: "tls=\(configuration.tls.rawValue) was requested but the server did not negotiate TLS")
        }
        MySQLLocalInfile.install(on: handle, context: nil)
        let id = UInt(mysql_thread_id(handle))
        let configuration = configuration
        let interrupter = StatementInterrupter { MySQLQueryKiller.send(configuration: configuration, connectionID: id) }
        self.interrupter = interrupter
        return (id, interrupter)
    }

    /// Sets the client options shared by sessions and the query killer.
    static func applyOptions(_ configuration: MySQLConnection.Configuration, to handle: UnsafeMutablePointer<MYSQL>) {
        var tcp = MYSQL_PROTOCOL_TCP.rawValue
        mysql_options(handle, MYSQL_OPT_PROTOCOL, &tcp)
        var connectTimeout = UInt32(configuration.connectTimeout)
        mysql_options(handle, MYSQL_OPT_CONNECT_TIMEOUT, &connectTimeout)
        if configuration.readTimeout > 0 {
            var timeout = UInt32(configuration.readTimeout)
            mysql_options(handle, MYSQL_OPT_READ_TIMEOUT, &timeout)
        }
        if configuration.writeTimeout > 0 {
            var timeout = UInt32(configuration.writeTimeout)
            mysql_options(handle, MYSQL_OPT_WRITE_TIMEOUT, &timeout)
        }
        mysql_options(handle, MYSQL_SET_CHARSET_NAME, "utf8mb4")
        mysql_options(handle, MYSQL_INIT_COMMAND, "SET time_zone = '+00:00'")
        var localInfile: UInt32 = 1
        mysql_options(handle, MYSQL_OPT_LOCAL_INFILE, &localInfile)
        var reportTruncation: my_bool = 1
        mysql_options(handle, MYSQL_REPORT_DATA_TRUNCATION, &reportTruncation)
        if configuration.tls != .disabled {
            mysql_ssl_set(handle, configuration.tlsKeyFile, configuration.tlsCertificateFile, configuration.tlsCAFile, nil, nil)
            var enforce: my_bool = 1
            mysql_options(handle, MYSQL_OPT_SSL_ENFORCE, &enforce)
            var verify: my_bool = configuration.tls == .verify ? 1 : 0
            mysql_options(handle, MYSQL_OPT_SSL_VERIFY_SERVER_CERT, &verify)
        }
    }

    func close() {
        cursor = nil
        if let mysql { mysql_close(mysql) }
        mysql = nil
    }

    // MARK: Statements

    private func prepare(_ sql: String, on mysql: UnsafeMutablePointer<MYSQL>) throws(SQLError)
        -> UnsafeMutablePointer<MYSQL_STMT>
    {
        guard let stmt = mysql_stmt_init(mysql) else { throw connectionError(sql: sql) }
        let rc = sql.utf8CString.withUnsafeBufferPointer { mysql_stmt_prepare(stmt, $0.baseAddress, UInt($0.count - 1)) }
        if rc != 0 {
            let error = statementError(stmt, sql: sql)
            mysql_stmt_close(stmt)
            throw error
        }
        return stmt
    }

    private func bind(
        _ parameters: [SQLValue], to stmt: UnsafeMutablePointer<MYSQL_STMT>, sql: String
    ) throws(SQLError) -> MySQLParameterBindings {
        let expected = Int(mysql_stmt_param_count(stmt))
        guard expected == parameters.count else {
            throw SQLError(
                code: .queryFailed, connection: label,
                message: "the statement has \(expected) placeholder(s) but \(parameters.count) parameter(s) were given",
                sql: sql)
        }
        let bindings = MySQLParameterBindings(parameters)
        if expected > 0, mysql_stmt_bind_param(stmt, bindings.binds) != 0 { throw statementError(stmt, sql: sql) }
        return bindings
    }

    func execute(_ sql: String, parameters: [SQLValue]) throws(SQLError) -> Int {
        let mysql = try startStatement()
        if parameters.isEmpty {
            let rc = sql.utf8CString.withUnsafeBufferPointer { mysql_real_query(mysql, $0.baseAddress, UInt($0.count - 1)) }
            if rc != 0 { throw connectionError(sql: sql) }
            if mysql_field_count(mysql) > 0, let result = mysql_use_result(mysql) {
                while mysql_fetch_row(result) != nil {}
                mysql_free_result(result)
                return 0
            }
            return Int(truncatingIfNeeded: mysql_affected_rows(mysql))
        }
        let stmt = try prepare(sql, on: mysql)
        defer { mysql_stmt_close(stmt) }
        let bindings = try bind(parameters, to: stmt, sql: sql)
        let rc = mysql_stmt_execute(stmt)
        withExtendedLifetime(bindings) {}
        if rc != 0 { throw statementError(stmt, sql: sql) }
        return Int(truncatingIfNeeded: mysql_stmt_affected_rows(stmt))
    }

    // MARK: Streaming queries

    /// Prepares and executes a query, leaving its rows unread on the server (streamed by ``fetchBatch()``).
    func openCursor(_ sql: String, parameters: [SQLValue]) throws(SQLError) -> [SQLColumn] {
        let mysql = try startStatement()
        let stmt = try prepare(sql, on: mysql)
        let bindings: MySQLParameterBindings
        do {
            bindings = try bind(parameters, to: stmt, sql: sql)
        } catch {
            mysql_stmt_close(stmt)
            throw error
        }
        guard let metadata = mysql_stmt_result_metadata(stmt) else {
            // Not a row-returning statement: run it and return an empty result.
            let rc = mysql_stmt_execute(stmt)
            let error = rc != 0 ? statementError(stmt, sql: sql) : nil
            mysql_stmt_close(stmt)
            if let error { throw error }
            return []
        }
        let count = Int(mysql_num_fields(metadata))
        let fields = mysql_fetch_fields(metadata)!
        let newCursor = MySQLCursor(stmt: stmt, fields: UnsafeBufferPointer(start: fields, count: count))
        mysql_free_result(metadata)
        let rc = mysql_stmt_execute(stmt)
        withExtendedLifetime(bindings) {}
        if rc != 0 {
            let error = statementError(stmt, sql: sql)
            newCursor.close()
            throw error
        }
        if mysql_stmt_bind_result(stmt, newCursor.binds) != 0 {
            let error = statementError(stmt, sql: sql)
            newCursor.close()
            throw error
        }
        cursor = newCursor
        return newCursor.columns
    }

    /// Reads the next batch of rows from the open cursor, or returns `nil` at the end.
    func fetchBatch(maximumRows: Int = 4096, maximumBytes: Int = 1 << 20) throws(SQLError) -> SQLRowBatch? {
        if let brokenError { throw brokenError }
        guard let cursor, !cursor.isExhausted else { return nil }
        var builder = SQLRowBatchBuilder(columns: cursor.columns, byteCapacity: 128 * 1024)
        while builder.rowCount < maximumRows && builder.bytes.count < maximumBytes {
            let rc = mysql_stmt_fetch(cursor.stmt)
            if rc == FERRY_MYSQL_NO_DATA {
                cursor.isExhausted = true
                break
            }
            if rc != 0 && rc != FERRY_MYSQL_DATA_TRUNCATED {
                cursor.isExhausted = true
                throw statementError(cursor.stmt, sql: nil)
            }
            cursor.appendRow(to: &builder)
            builder.endRow()
        }
        return builder.isEmpty ? nil : builder.take()
    }

    /// Whether a cursor with unread rows is open.
    var hasUnreadRows: Bool { cursor.map { !$0.isExhausted } ?? false }

    /// Closes the open cursor, discarding its unread rows (Connector/C reads and drops them).
    func closeCursor() throws(SQLError) {
        guard let open = cursor else { return }
        cursor = nil
        open.close()
    }

    /// The columns of a table, from the metadata of `SELECT * FROM table LIMIT 0`.
    func tableColumns(_ table: String) throws(SQLError) -> [SQLColumn] {
        let mysql = try startStatement()
        let sql = "SELECT * FROM \(SQLDialect.mysql.quoteIdentifier(table)) LIMIT 0"
        let stmt = try prepare(sql, on: mysql)
        defer { mysql_stmt_close(stmt) }
        guard let metadata = mysql_stmt_result_metadata(stmt) else { return [] }
        defer { mysql_free_result(metadata) }
        let count = Int(mysql_num_fields(metadata))
        let fields = UnsafeBufferPointer(start: mysql_fetch_fields(metadata)!, count: count)
        return fields.map { MySQLCursor.describe($0).column }
    }

    // MARK: LOAD DATA LOCAL INFILE

    /// Runs a `LOAD DATA LOCAL INFILE` statement whose file content comes from `source`.
    ///
    /// The Connector/C read callback runs on this session's thread, inside `mysql_real_query`, and blocks on
    /// `source` until the producer task sends the next chunk. If the producer fails, the callback shuts the socket
    /// down before the library can send end-of-file, so the server aborts (and rolls back) the statement instead of
    /// committing a partial load; the session is unusable afterwards and the producer's error is reported.
    func loadData(_ sql: String, from source: HandoffChannel<[UInt8]>) throws(SQLError) -> (SQLBulkLoadResult, (any Error)?) {
        let mysql = try startStatement()
        let context = MySQLLocalInfile.Context(source: source, socket: Int32(mysql_get_socket(mysql)))
        let unmanaged = Unmanaged.passRetained(context)
        MySQLLocalInfile.install(on: mysql, context: unmanaged.toOpaque())
        let rc = sql.utf8CString.withUnsafeBufferPointer { mysql_real_query(mysql, $0.baseAddress, UInt($0.count - 1)) }
        MySQLLocalInfile.install(on: mysql, context: nil)
        unmanaged.release()
        if let failure = context.failure {
            brokenError = SQLError(
                code: .connectionLost, connection: label,
                message: "the connection was closed to abort a failed bulk load; open a new connection")
            source.cancel()
            return (SQLBulkLoadResult(rowCount: 0), failure)
        }
        if rc != 0 {
            source.cancel()
            throw connectionError(sql: sql)
        }
        return (
            SQLBulkLoadResult(
                rowCount: Int(truncatingIfNeeded: mysql_affected_rows(mysql)), warningCount: Int(mysql_warning_count(mysql))),
            nil
        )
    }
}
