internal import Logging
internal import NIOCore
internal import NIOPosix
internal import PostgresNIO
internal import Synchronization

/// A connection to PostgreSQL through postgres-nio.
///
/// - Queries use the extended protocol with bound parameters: the interface's `?` placeholders become `$1`, `$2`, …
///   (see ``SQLConnection/query(_:parameters:_:)``; statements written with `$n` are sent as they are). Integers,
///   floats, booleans and binary are bound typed (`int8`, `float8`, `bool`, `bytea`); text is bound with an
///   unspecified type, so the server converts it to the column's type (dates, decimals, JSON, …).
/// - Query results stream through a server-side cursor read in bounded batches (see ``query(_:parameters:_:)``), so
///   memory stays flat whatever the result size. Values are decoded from PostgreSQL's binary format into Ferry's
///   canonical forms (see ``SQLRowBatch``). PostgreSQL types map as follows; `character(n)` keeps its padding,
///   `jsonb` comes back as PostgreSQL normalises it, `timetz` keeps its own offset (`04:05:06+02:00`, `Z` for UTC),
///   `uuid` is reported as `char(36)`, `interval` as text in PostgreSQL's default style, and unconstrained `numeric`
///   as `decimal(65,30)`. Any other type (arrays, ranges, network, geometric, `money`, composites, extension types)
///   fails the query with an ``SQLError`` naming the column and asking for `::text`: postgres-nio always requests
///   binary results, whose layout is type-specific, so there is no faithful automatic text fallback; the cast makes
///   PostgreSQL produce its own text form.
/// - ``bulkLoad(into:csv:)`` runs `COPY "table" ("col", …) FROM STDIN (FORMAT text)`, converting the CSV to COPY's
///   text format on the fly. `COPY` is one statement and therefore atomic: if the input fails midway, the client
///   sends `CopyFail` and the server discards every row of it.
/// - Sessions run with `TimeZone=UTC`, `DateStyle=ISO, YMD` and `IntervalStyle=postgres`.
///
/// Threads: all I/O runs on postgres-nio's event loops (non-blocking); row decoding and CSV → COPY conversion run in
/// child tasks on the global concurrent executor, never on the caller's actor (a query issued from the main actor
/// does not decode rows there). Cancellation: cancelling the calling task sends `pg_cancel_backend(pid)` over a
/// short-lived second connection, which interrupts the statement in flight; the call throws `CancellationError` and
/// the connection stays usable. Returning early from a ``query(_:parameters:_:)`` body does the same, so the rest of
/// a huge result is not transferred.
///
/// ## Why export uses a streaming SELECT, not `COPY … TO STDOUT`
/// postgres-nio has no COPY-out support, so building it means forking its protocol state machine (CopyOutResponse
/// and CopyData handling). It would not pay for itself:
/// - Speed: a streaming SELECT decodes ~660–725k rows/s in a release build; `COPY (…) TO STDOUT` of a 1M-row,
///   7-column table took 1.5–1.7 s (text) and 1.0–1.3 s (binary) through psql on the same loaded machine, i.e. the
///   server's own COPY is no faster than what the SELECT path already reaches.
/// - Exactness: COPY's text/CSV output is not Ferry's canonical form (timestamps with a space and `+00`, trailing
///   fraction zeros trimmed, `t`/`f` booleans, `-0` for negative zero), so the client would parse and rewrite every
///   field anyway — the same work as decoding the binary SELECT result, plus unescaping.
/// Revisit only if a release-build benchmark shows the SELECT path above 1.2× of native `COPY TO`.
public final class PostgreSQLConnection: SQLConnection {
    /// The connection's settings (the password is never printed).
    public let configuration: Configuration
    /// The server process serving this connection (`pg_backend_pid()`), the target of cancellation.
    public let backendProcessID: Int32
    let client: PostgresConnection
    let canceller: PostgreSQLCanceller
    let logger: Logger
    private let state = Mutex(State())

    private struct State {
        var isStreaming = false
        var isClosed = false
        var inTransaction = false
    }

    /// ``SQLDialect/postgres``.
    public var dialect: SQLDialect { .postgres }

    /// `postgres://user@host:port/database`, without the password.
    public var redactedURL: String { configuration.description }

    private init(configuration: Configuration, client: PostgresConnection, canceller: PostgreSQLCanceller, logger: Logger) {
        self.configuration = configuration
        self.backendProcessID = canceller.processID
        self.client = client
        self.canceller = canceller
        self.logger = logger
    }

    /// postgres-nio wants a logger for every call. Ferry's connectors log nothing (its `SQLError`s carry the
    /// details), so this one discards everything.
    static let quietLogger = Logger(label: "ferry.postgres", factory: { _ in SwiftLogNoOpLogHandler() })

    private static let connectionIDs = Mutex(0)

    static func nextConnectionID() -> Int {
        connectionIDs.withLock {
            $0 += 1
            return $0
        }
    }

    /// Connects to the server.
    ///
    /// - Parameter configuration: Where and how to connect.
    /// - Returns: The open connection.
    /// - Throws: ``SQLError`` with ``SQLError/Code/connectionFailed`` or ``SQLError/Code/authenticationFailed``
    ///   (never showing the password), or `CancellationError`.
    public static func connect(_ configuration: Configuration) async throws -> PostgreSQLConnection {
        let label = configuration.description
        let clientConfiguration = try configuration.makeClientConfiguration()
        let logger = quietLogger
        let client: PostgresConnection
        do {
            client = try await PostgresConnection.connect(
                configuration: clientConfiguration, id: nextConnectionID(), logger: logger)
        } catch {
            throw mapError(error, connection: label, password: configuration.password, phase: .connect)
        }
        do {
            var processID: Int32 = 0
            for try await row in try await client.query("SELECT pg_backend_pid()", logger: logger) {
                processID = try row.decode(Int32.self)
            }
            let canceller = PostgreSQLCanceller(configuration: clientConfiguration, processID: processID, logger: logger)
            return PostgreSQLConnection(configuration: configuration, client: client, canceller: canceller, logger: logger)
        } catch {
            try? await client.close()
            throw mapError(error, connection: label, password: configuration.password, phase: .connect)
        }
    }

    private func checkUsable() throws {
        let (closed, streaming) = state.withLock { ($0.isClosed, $0.isStreaming) }
        if closed { throw SQLError(code: .closed, connection: redactedURL, message: "the connection is closed") }
        // postgres-nio 1.33.2 never answers a statement written to a channel that has already closed (the write's
        // failure is dropped), so a connection the server ended between statements would hang: check first.
        if client.isClosed {
            throw SQLError(code: .connectionLost, connection: redactedURL, message: "the server closed the connection")
        }
        if streaming {
            throw SQLError(
                code: .queryFailed, connection: redactedURL,
                message: "the connection is streaming a query result or a load; run other statements on another connection")
        }
        try Task.checkCancellation()
    }

    /// Translates placeholders and binds the parameters.
    private func makeQuery(_ sql: String, _ parameters: [SQLValue]) throws -> PostgresQuery {
        let (text, count) = PostgreSQLPlaceholders.translate(sql)
        guard count == parameters.count else {
            throw SQLError(
                code: .queryFailed, connection: redactedURL,
                message: "the statement has \(count) placeholder(s) but \(parameters.count) parameter(s) were given",
                sql: sql)
        }
        return PostgresQuery(unsafeSQL: text, binds: Self.bindings(parameters))
    }

    /// Binds ``SQLValue``s: typed binary for numbers, booleans and bytes; text with an unspecified type otherwise.
    static func bindings(_ parameters: [SQLValue]) -> PostgresBindings {
        var bindings = PostgresBindings(capacity: parameters.count)
        for parameter in parameters {
            switch parameter {
            case .null: bindings.appendNull()
            case .boolean(let value): bindings.append(value)
            case .integer(let value): bindings.append(value)
            case .unsignedInteger(let value):
                bindings.append(PostgreSQLTextParameter(text: String(value), type: .numeric))
            case .double(let value): bindings.append(value)
            case .text(let value): bindings.append(PostgreSQLTextParameter(text: value, type: PostgresDataType(0)))
            case .binary(let bytes): bindings.append(ByteBuffer(bytes: bytes))
            }
        }
        return bindings
    }

    /// Runs `operation`; cancelling the task cancels the statement on the server.
    private func interruptible<T: Sendable>(_ operation: () async throws -> T) async throws -> T {
        let canceller = canceller
        return try await withTaskCancellationHandler {
            try await operation()
        } onCancel: {
            _ = canceller.start()
        }
    }

    /// Runs a query with bound parameters and streams its rows to `body` (see ``SQLConnection``).
    ///
    /// A query (`SELECT`, `WITH`, `VALUES`, `TABLE`) runs through a server-side cursor: `DECLARE … NO SCROLL CURSOR`,
    /// then `FETCH FORWARD n` in batches of about 1 MiB, the next batch requested while the current one is decoded.
    /// Outside ``withTransaction(_:)`` the cursor gets its own `BEGIN` … `COMMIT` (one snapshot for the whole result).
    /// Memory stays bounded by two batches, and no result is ever left half-read on the wire, which is what keeps
    /// a connection the server kills mid-result from tripping postgres-nio 1.33.2 (its back-pressured row stream
    /// traps when the socket closes while it holds reads back). Other statements (`SHOW`, `EXPLAIN`, `… RETURNING`)
    /// stream their result directly.
    ///
    /// - Parameters:
    ///   - sql: One statement with `?` placeholders (or PostgreSQL's own `$1`, `$2`, …).
    ///   - parameters: One value per placeholder.
    ///   - body: Receives the rows; valid only during the call.
    /// - Returns: What `body` returns.
    /// - Throws: ``SQLError`` (also for a column of a type Ferry does not read; cast it to text), `CancellationError`,
    ///   or what `body` throws.
    public func query<R>(
        _ sql: String, parameters: [SQLValue], _ body: (SQLRowSequence) async throws -> R
    ) async throws -> R {
        try checkUsable()
        let query = try makeQuery(sql, parameters)
        let label = redactedURL
        let password = configuration.password
        state.withLock { $0.isStreaming = true }
        defer { state.withLock { $0.isStreaming = false } }
        let source: PostgreSQLRowSource
        do {
            if PostgreSQLRowSource.isQuery(sql) {
                let ownsTransaction = !state.withLock { $0.inTransaction }
                source = try await interruptible { [client, logger] in
                    try await PostgreSQLRowSource.cursor(
                        query, client: client, logger: logger, ownsTransaction: ownsTransaction)
                }
            } else {
                source = try await interruptible { [client, logger] in
                    try await PostgreSQLRowSource.direct(query, client: client, logger: logger)
                }
            }
        } catch {
            throw Self.mapError(error, connection: label, password: password, phase: .statement, sql: sql)
        }
        var columnList: [SQLColumn] = []
        var kindList: [PostgreSQLValueDecoder.Kind] = []
        for column in source.columns {
            let (kind, type) = PostgreSQLValueDecoder.column(
                oid: column.dataType.rawValue, typeModifier: column.dataTypeModifier)
            if case .unsupported(let oid) = kind {
                await source.abandon(canceller: canceller)
                try? await source.finish(succeeded: false)
                throw SQLError(
                    code: .queryFailed, connection: label,
                    message: "column \"\(column.name)\" has PostgreSQL type "
                        + "\(column.dataType.knownSQLName ?? "with OID \(oid)"), which Ferry cannot read; "
                        + "cast it to text in the query (\(SQLDialect.postgres.quoteIdentifier(column.name))::text)",
                    sql: sql)
            }
            columnList.append(SQLColumn(name: column.name, type: type))
            kindList.append(kind)
        }
        let columns = columnList
        let kinds = kindList
        let channel = HandoffChannel<SQLRowBatch>(capacity: 2)
        let finished = CompletionFlag()
        let canceller = canceller
        return try await withThrowingTaskGroup(of: Void.self) { group in
            group.addTask {
                do {
                    try await Self.produce(
                        source, kinds: kinds, columns: columns, into: channel, canceller: canceller, connection: label)
                    finished.set()
                    channel.finish()
                } catch {
                    finished.set()
                    channel.finish(
                        throwing: Self.mapError(error, connection: label, password: password, phase: .statement, sql: sql))
                }
            }
            let sequence = SQLRowSequence(columns: columns) {
                try await withTaskCancellationHandler {
                    try await channel.receive()
                } onCancel: {
                    channel.cancel()
                }
            }
            do {
                let result = try await body(sequence)
                // An early return leaves rows on the server: stop the statement (a cursor is closed below).
                if !finished.isSet { await source.abandon(canceller: canceller) }
                channel.cancel()
                try? await group.waitForAll()
                do {
                    try await source.finish(succeeded: true)
                } catch {
                    throw Self.mapError(error, connection: label, password: password, phase: .statement, sql: sql)
                }
                return result
            } catch {
                if !finished.isSet { await source.abandon(canceller: canceller) }
                channel.cancel(error)
                try? await group.waitForAll()
                try? await source.finish(succeeded: false)
                if Task.isCancelled { throw CancellationError() }
                throw error
            }
        }
    }

    /// Reads rows from postgres-nio and sends them as batches; runs on the global executor.
    @concurrent
    private static func produce(
        _ source: PostgreSQLRowSource, kinds: [PostgreSQLValueDecoder.Kind], columns: [SQLColumn],
        into channel: HandoffChannel<SQLRowBatch>, canceller: PostgreSQLCanceller, connection: String
    ) async throws {
        var builder = SQLRowBatchBuilder(columns: columns, byteCapacity: 128 * 1024)
        var rowNumber = 0
        try await source.forEachBatch(canceller: canceller) { rows in
            for row in rows {
                rowNumber += 1
                var index = 0
                for cell in row {
                    if let bytes = cell.bytes {
                        let kind = kinds[index]
                        let isValid = bytes.withUnsafeReadableBytes { raw in
                            PostgreSQLValueDecoder.append(raw, kind: kind, to: &builder)
                        }
                        if !isValid {
                            throw SQLError(
                                code: .invalidData, connection: connection,
                                message: "row \(rowNumber), column \"\(columns[index].name)\": malformed "
                                    + "\(cell.dataType.knownSQLName ?? "binary") value")
                        }
                    } else {
                        builder.appendNull()
                    }
                    index += 1
                }
                builder.endRow()
                if builder.rowCount >= 4096 || builder.bytes.count >= 1 << 20 { try await channel.send(builder.take()) }
            }
        }
        if !builder.isEmpty { try await channel.send(builder.take()) }
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
        try checkUsable()
        return try await run(makeQuery(sql, parameters), sql: sql).rows ?? 0
    }

    private func run(_ query: PostgresQuery, sql: String) async throws -> PostgresQueryMetadata {
        let client = client
        let logger = logger
        do {
            let metadata = try await interruptible { try await client.query(query, logger: logger) { _ in }.get() }
            try Task.checkCancellation()
            return metadata
        } catch {
            throw Self.mapError(error, connection: redactedURL, password: configuration.password, phase: .statement, sql: sql)
        }
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
        state.withLock { $0.inTransaction = true }
        defer { state.withLock { $0.inTransaction = false } }
        do {
            let result = try await body()
            try checkUsable()
            let metadata = try await run("COMMIT", sql: "COMMIT")
            if metadata.command == "ROLLBACK" {
                throw SQLError(
                    code: .queryFailed, connection: redactedURL,
                    message: "the transaction was rolled back because a statement in it failed")
            }
            return result
        } catch {
            // Not `execute`: it refuses to run once the task is cancelled, and the rollback must still happen.
            if !client.isClosed { _ = try? await client.query("ROLLBACK", logger: logger) { _ in }.get() }
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
    /// The CSV (header required) is decoded and converted to COPY's text format (``PostgreSQLCopyEncoder``) in a
    /// child task, in chunks of about 256 KiB, while the caller's task reads the input; a bounded buffer between them
    /// and postgres-nio's write back-pressure keep memory flat. COPY is atomic: when the input fails (malformed CSV,
    /// the source throws, cancellation), the client sends `CopyFail` and the server keeps none of the rows. The
    /// connection stays usable. Inside ``withTransaction(_:)`` the load joins the transaction (and a failure aborts
    /// it).
    ///
    /// - Parameters:
    ///   - table: The target table (must exist; one identifier, quoted for you).
    ///   - csv: The CSV bytes.
    /// - Returns: The rows loaded (PostgreSQL reports no warnings: a bad value fails the whole load).
    /// - Throws: ``SQLError``, ``CSVError``, the error `csv` throws, or `CancellationError`.
    public func bulkLoad<Chunks: AsyncSequence>(into table: String, csv: Chunks) async throws -> SQLBulkLoadResult
    where Chunks.Element == [UInt8] {
        try checkUsable()
        let tableColumns = try await columns(ofTable: table)
        let label = redactedURL
        if tableColumns.isEmpty {
            throw SQLError(code: .bulkLoadFailed, connection: label, message: "table \"\(table)\" does not exist")
        }
        let channel = HandoffChannel<[UInt8]>(capacity: 4)
        let client = client
        let logger = logger
        let password = configuration.password
        state.withLock { $0.isStreaming = true }
        defer { state.withLock { $0.isStreaming = false } }
        return try await withThrowingTaskGroup(of: Int.self) { group in
            group.addTask {
                do {
                    return try await Self.copy(
                        into: table, columns: tableColumns, from: channel, client: client, logger: logger,
                        connection: label)
                } catch {
                    channel.cancel(error)
                    throw Self.mapError(error, connection: label, password: password, phase: .load)
                }
            }
            do {
                var iterator = csv.makeAsyncIterator()
                while let chunk = try await iterator.next(isolation: #isolation) {
                    try Task.checkCancellation()
                    if !chunk.isEmpty { try await channel.send(chunk) }
                }
                channel.finish()
            } catch {
                channel.cancel(error)
                // The writer's error, if it failed first, explains more than the channel's refusal.
                do { _ = try await group.next() } catch { throw error }
                throw error
            }
            return SQLBulkLoadResult(rowCount: try await group.next()!)
        }
    }

    /// Decodes CSV chunks from `channel` and streams them into `COPY`; returns the record count.
    @concurrent
    private static func copy(
        into table: String, columns tableColumns: [SQLColumn], from channel: HandoffChannel<[UInt8]>,
        client: PostgresConnection, logger: Logger, connection: String
    ) async throws -> Int {
        var decoder = CSVDecoder(configuration: .init(hasHeader: true))
        let start = try await CSVLoadStart.read(decoder: &decoder, connection: connection) { try await channel.receive() }
        var pending = start.pending
        let sourceEnded = start.sourceEnded
        let mapping = try matchHeader(start.header, to: tableColumns, table: table, connection: connection)
        let targets = mapping.map { tableColumns[$0] }
        var encoder = PostgreSQLCopyEncoder(columns: targets, connection: connection)
        var count = 0
        var inputEnded = sourceEnded
        /// Encodes records into the next ~256 KiB of COPY text, reading and decoding CSV as needed; nil at the end.
        func nextChunk() async throws -> [UInt8]? {
            while encoder.output.count < 256 * 1024 {
                if !pending.isEmpty {
                    for record in pending {
                        count += 1
                        try encoder.append(record, number: count)
                    }
                    pending = []
                } else if inputEnded {
                    break
                } else if let chunk = try await channel.receive() {
                    pending = try decoder.feed(chunk)
                } else {
                    pending = try decoder.finish()
                    inputEnded = true
                }
            }
            return encoder.output.isEmpty ? nil : encoder.take()
        }
        // postgres-nio 1.33.2 traps (`preconditionFailure`) when a write, or the `CopyDone`/`CopyFail` that `copyFrom`
        // sends after the closure, reaches its handler after the connection closed but before the handler was
        // removed. So every postgres-nio call runs on the connection's event loop, each right after a closed-check
        // in the same loop turn (nothing can close the channel in between); once the connection is seen closed,
        // the load waits for the channel's close future (completed after the handlers are removed, when those
        // calls fail cleanly). Decoding and encoding run off the loop.
        let onLoop = EventLoopTaskExecutor(client.eventLoop)
        func waitIfClosed() async {
            if client.isClosed { _ = try? await client.closeFuture.get() }
        }
        try await withTaskExecutorPreference(onLoop) {
            // postgres-nio splices the names between double quotes as they are: hand it the inside of a quoted name.
            try await client.copyFrom(
                table: quotedInside(table), columns: targets.map { quotedInside($0.name) }, logger: logger
            ) { writer in
                do {
                    while true {
                        let chunk = try await withTaskExecutorPreference(globalConcurrentExecutor) {
                            try await nextChunk()
                        }
                        assert(client.eventLoop.inEventLoop)
                        if client.isClosed { throw PostgresError.connectionClosed }
                        guard let chunk else { break }
                        try await writer.write(ByteBuffer(bytes: chunk))
                    }
                } catch {
                    await waitIfClosed()
                    assert(client.eventLoop.inEventLoop)
                    throw error
                }
            }
        }
        return count
    }

    /// `name` with embedded double quotes doubled: what goes between the quotes of a quoted identifier.
    static func quotedInside(_ name: String) -> String {
        String(SQLDialect.postgres.quoteIdentifier(name).dropFirst().dropLast())
    }

    /// Closes the connection (idempotent).
    public func close() async {
        let wasClosed = state.withLock { state in
            defer { state.isClosed = true }
            return state.isClosed
        }
        if !wasClosed { try? await client.close() }
    }
}

/// Set once by a producer task when it has sent its last batch (or failed).
final class CompletionFlag: Sendable {
    private let value = Mutex(false)

    func set() { value.withLock { $0 = true } }

    var isSet: Bool { value.withLock { $0 } }
}

/// A text-format parameter whose type the server infers (type 0) or that names its type (such as `numeric`).
struct PostgreSQLTextParameter: PostgresDynamicTypeEncodable {
    let text: String
    let type: PostgresDataType

    var psqlType: PostgresDataType { type }
    var psqlFormat: PostgresFormat { .text }

    func encode<JSONEncoder: PostgresJSONEncoder>(
        into byteBuffer: inout ByteBuffer, context: PostgresEncodingContext<JSONEncoder>
    ) {
        byteBuffer.writeString(text)
    }
}

/// Cancels the statement running on one backend with `pg_cancel_backend` over a short-lived second connection.
///
/// A cancel that arrives after the statement finished is ignored by the server (it only interrupts a running
/// statement), so a late one is harmless.
struct PostgreSQLCanceller: Sendable {
    let configuration: PostgresConnection.Configuration
    let processID: Int32
    let logger: Logger

    /// Starts the cancel without waiting (for cancellation handlers, which must not suspend). The future never fails.
    @discardableResult
    func start() -> EventLoopFuture<Void> {
        let logger = logger
        let processID = processID
        let eventLoop = PostgresConnection.defaultEventLoopGroup.any()
        return PostgresConnection.connect(
            on: eventLoop, configuration: configuration, id: PostgreSQLConnection.nextConnectionID(), logger: logger
        ).flatMap { connection in
            connection.query("SELECT pg_cancel_backend(\(processID))", logger: logger) { _ in }
                .map { _ in () }
                .recover { _ in () }
                .flatMap { connection.close().recover { _ in () } }
        }.recover { _ in () }
    }

    /// Cancels and waits until the server has accepted the request.
    func cancel() async {
        try? await start().get()
    }
}
