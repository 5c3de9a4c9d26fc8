internal import Foundation

/// One PostgreSQL protocol session (protocol 3.0) on a blocking socket, run on the session's own thread.
///
/// Threading contract: the actor's executor is a ``ThreadExecutor``, so every socket read and write (which block)
/// happens on a thread Ferry owns, never on Swift's cooperative pool. Rows are decoded on that thread straight from
/// the receive buffer into ``SQLRowBatch``es (PostgreSQL's binary format, see ``PostgreSQLValueDecoder``).
///
/// Results stream through the unnamed portal with `Execute` limited to about 1 MiB of rows, two requests in flight:
/// memory stays bounded whatever the result size, the next rows are on their way while a batch is decoded, and
/// abandoning a result early (`Close` + `Sync`) costs at most two batches and leaves an enclosing transaction
/// intact.
actor PostgreSQLSession {
    private let executor: ThreadExecutor
    nonisolated var unownedExecutor: UnownedSerialExecutor { executor.asUnownedSerialExecutor() }

    let configuration: PostgreSQLConnection.Configuration
    private var socket: PostgreSQLSocket?
    private let input = PostgreSQLMessageReader()
    private var output = PostgreSQLMessageWriter()
    /// Set once the connection is unusable (lost, or broken by a protocol error); every later call throws it.
    private var brokenError: SQLError?
    private var result: OpenResult?
    /// Sends this session's cancel requests; set once connected.
    private var interrupter: StatementInterrupter?

    /// The result being streamed through the unnamed portal.
    private struct OpenResult {
        let columns: [SQLColumn]
        let kinds: [PostgreSQLValueDecoder.Kind]
        let sql: String
        /// Rows per `Execute`; resized from the bytes per row seen so far.
        var executeRows = 1_000
        /// `Execute` requests sent and not yet answered by `PortalSuspended` or `CommandComplete`.
        var outstanding = 0
        var rowNumber = 0
        var rowBytes = 0
        /// `CommandComplete` seen and `ReadyForQuery` read: nothing more comes.
        var isFinished = false
    }

    /// Bytes of row data one `Execute` aims at.
    static let targetExecuteBytes = 1 << 20

    init(configuration: PostgreSQLConnection.Configuration) {
        self.configuration = configuration
        self.executor = ThreadExecutor(name: "ferry-postgres")
    }

    /// Runs on the session thread, so the socket is closed where it was used.
    isolated deinit {
        socket?.close()
    }

    private var label: String { configuration.description }

    // MARK: Errors

    /// What was happening when an error occurred; decides the ``SQLError/Code``.
    enum Phase {
        case connect
        case statement
        case load
    }

    /// The error for a transport failure: the connection is gone, and stays unusable.
    private func lost(_ failure: PostgreSQLSocket.Failure, phase: Phase, sql: String? = nil) -> SQLError {
        let error = SQLError(
            code: phase == .connect ? .connectionFailed : .connectionLost, connection: label,
            message: SQLError.scrub(failure.message, secret: configuration.password), sql: sql)
        brokenError = brokenError ?? error
        socket?.close()
        socket = nil
        return error
    }

    /// Maps an `ErrorResponse` to ``SQLError`` (one line, naming the connection, never the password), or to
    /// `CancellationError` for a statement Ferry's cancel request interrupted.
    private func serverError(_ error: PostgreSQLServerError, phase: Phase, sql: String? = nil) -> any Error {
        let state = error.sqlState
        if state == "57014" { return CancellationError() }
        var message = error.message
        if let detail = error.detail { message += " (\(detail))" }
        if let context = error.context, phase == .load { message += " [\(context)]" }
        let code: SQLError.Code
        switch state {
        case _ where state.hasPrefix("28"): code = .authenticationFailed
        case _ where state.hasPrefix("08") || state.hasPrefix("57P"):
            code = phase == .connect ? .connectionFailed : .connectionLost
        case _ where phase == .connect: code = .connectionFailed
        case _ where phase == .load: code = .bulkLoadFailed
        default: code = .queryFailed
        }
        let mapped = SQLError(
            code: code, connection: label, message: SQLError.scrub(message, secret: configuration.password),
            sqlState: state.isEmpty ? nil : state, sql: sql)
        if code == .connectionLost { brokenError = brokenError ?? mapped }
        return mapped
    }

    private func protocolError(_ what: String, sql: String? = nil) -> SQLError {
        let error = SQLError(code: .connectionLost, connection: label, message: "protocol error: \(what)", sql: sql)
        brokenError = brokenError ?? error
        socket?.close()
        socket = nil
        return error
    }

    private func usableSocket() throws(SQLError) -> PostgreSQLSocket {
        if let brokenError { throw brokenError }
        guard let socket else { throw SQLError(code: .closed, connection: label, message: "the connection is closed") }
        return socket
    }

    /// Checks the connection before a statement, lets any cancel meant for an earlier statement land first (see
    /// ``StatementInterrupter``), and abandons an open result.
    private func startStatement() throws(SQLError) {
        _ = try usableSocket()
        interrupter?.waitUntilDelivered()
        try closeResult()
    }

    // MARK: Wire helpers

    private func flush(phase: Phase, sql: String? = nil) throws(SQLError) {
        let socket = try usableSocket()
        defer { output.reset() }
        let written = output.bytes.withUnsafeBytes { raw in
            Result { () throws(PostgreSQLSocket.Failure) in try socket.write(raw) }
        }
        if case .failure(let failure) = written { throw lost(failure, phase: phase, sql: sql) }
    }

    private func nextMessage(phase: Phase, sql: String? = nil) throws(SQLError) -> (type: UInt8, body: UnsafeRawBufferPointer) {
        let socket = try usableSocket()
        do {
            return try input.next(from: socket)
        } catch {
            throw lost(error, phase: phase, sql: sql)
        }
    }

    /// Reads up to `ReadyForQuery`, keeping the first `ErrorResponse` (and the last command tag).
    private func readUntilReady(phase: Phase, sql: String? = nil) throws(SQLError) -> (tag: String?, error: PostgreSQLServerError?) {
        var tag: String?
        var failure: PostgreSQLServerError?
        while true {
            let (type, body) = try nextMessage(phase: phase, sql: sql)
            switch type {
            case UInt8(ascii: "Z"):
                input.shrinkIfIdle()
                return (tag, failure)
            case UInt8(ascii: "G"):
                // `COPY … FROM STDIN` outside ``copyIn(_:from:)``: the server would wait for data forever. It
                // ignored the Sync sent with the statement (copy-in mode), so the failure needs one of its own.
                // The server answers the CopyFail as a cancelled query; the reason is this.
                let reason = "COPY FROM STDIN runs only as a bulk load, not as a statement"
                failure = failure ?? PostgreSQLServerError(sqlState: "0A000", message: reason)
                output.message("f") { $0.cString(reason) }
                output.message("S")
                try flush(phase: phase, sql: sql)
            case UInt8(ascii: "C"):
                var reader = PostgreSQLMessageBody(body)
                tag = reader.cString()
            case UInt8(ascii: "E"): failure = failure ?? PostgreSQLServerError(body)
            default: continue
            }
        }
    }

    // MARK: Connect and close

    /// Connects, negotiates TLS when the configuration asks for it, authenticates, and returns the backend's
    /// process id and what cancels its statements.
    func connect() throws(SQLError) -> (processID: Int32, interrupter: StatementInterrupter) {
        let configuration = configuration
        let opened: PostgreSQLSocket
        do {
            opened = try PostgreSQLSocket.connect(
                host: configuration.host, port: configuration.port, timeout: configuration.connectTimeout)
            opened.setReceiveTimeout(seconds: configuration.connectTimeout)
        } catch {
            throw SQLError(code: .connectionFailed, connection: label, message: error.message)
        }
        socket = opened
        do {
            try startTLSIfRequired(on: opened)
            let key = try startSession()
            opened.setReceiveTimeout(seconds: 0)
            let canceller = PostgreSQLCanceller(configuration: configuration, processID: key.processID, secretKey: key.secretKey)
            let interrupter = StatementInterrupter(send: canceller.send)
            self.interrupter = interrupter
            return (key.processID, interrupter)
        } catch {
            socket?.close()
            socket = nil
            brokenError = nil
            throw error
        }
    }

    private func startTLSIfRequired(on socket: PostgreSQLSocket) throws(SQLError) {
        guard configuration.tls != .disable else { return }
        output.untyped([80_877_103])
        try flush(phase: .connect)
        let answer: UInt8
        do {
            answer = try input.nextByte(from: socket)
        } catch {
            throw lost(error, phase: .connect)
        }
        guard answer == UInt8(ascii: "S") else {
            throw SQLError(
                code: .connectionFailed, connection: label,
                message: answer == UInt8(ascii: "N")
                    ? "the server does not accept TLS connections (the URL's sslmode requires TLS)"
                    : "the server answered the TLS request with an unexpected byte (is this a PostgreSQL server?)")
        }
        do {
            try socket.startTLS(
                host: configuration.host, verifyChain: configuration.tls != .require,
                verifyHost: configuration.tls == .verifyFull, rootCertificateFile: configuration.tlsRootCertificateFile)
        } catch {
            throw SQLError(code: .connectionFailed, connection: label, message: error.message)
        }
    }

    /// Sends the startup message, answers the authentication requests, and reads up to `ReadyForQuery`.
    private func startSession() throws(SQLError) -> (processID: Int32, secretKey: Int32) {
        var parameters = [("user", configuration.user)]
        if let database = configuration.database { parameters.append(("database", database)) }
        // UTC sessions, so text timestamps without an offset mean the same thing everywhere (as in MySQL
        // sessions); ISO dates and the default interval style, whatever the server's configuration says.
        parameters += [
            ("client_encoding", "UTF8"), ("TimeZone", "UTC"), ("DateStyle", "ISO, YMD"), ("IntervalStyle", "postgres"),
            ("application_name", "ferry"),
        ]
        output.startup(parameters)
        try flush(phase: .connect)
        var scram: PostgreSQLSCRAM?
        var key: (Int32, Int32) = (0, 0)
        while true {
            let (type, raw) = try nextMessage(phase: .connect)
            var body = PostgreSQLMessageBody(raw)
            switch type {
            case UInt8(ascii: "R"):
                let request = body.int32()
                switch request {
                case 0: continue
                case 3:
                    let password = try requirePassword()
                    output.message("p") { $0.cString(password) }
                case 5:
                    let password = try requirePassword()
                    let salt = Array(body.rest())
                    output.message("p") {
                        $0.cString(postgreSQLMD5Password(user: configuration.user, password: password, salt: salt))
                    }
                case 10:
                    var mechanisms: [String] = []
                    while !body.isAtEnd, case let name = body.cString(), !name.isEmpty { mechanisms.append(name) }
                    guard mechanisms.contains("SCRAM-SHA-256") else {
                        throw authenticationError("the server offers only \(mechanisms.joined(separator: ", ")) (Ferry speaks SCRAM-SHA-256)")
                    }
                    let exchange = PostgreSQLSCRAM(password: try requirePassword())
                    let first = Array(exchange.clientFirstMessage.utf8)
                    output.message("p") {
                        $0.cString("SCRAM-SHA-256")
                        $0.int32(Int32(first.count))
                        $0.append(first)
                    }
                    scram = exchange
                case 11:
                    guard var exchange = scram else { throw protocolError("SASL continuation without a SASL start") }
                    let serverFirst = String(decoding: body.rest(), as: UTF8.self)
                    let final: String
                    do {
                        final = try exchange.clientFinalMessage(serverFirst: serverFirst)
                    } catch {
                        throw authenticationError(error.message)
                    }
                    scram = exchange
                    output.message("p") { $0.append(final.utf8) }
                case 12:
                    do {
                        try scram?.verify(serverFinal: String(decoding: body.rest(), as: UTF8.self))
                    } catch {
                        throw authenticationError(error.message)
                    }
                    continue
                default:
                    throw authenticationError("the server asks for an authentication method Ferry does not support (code \(request))")
                }
                try flush(phase: .connect)
            case UInt8(ascii: "K"):
                key = (body.int32(), body.int32())
            case UInt8(ascii: "E"):
                let error = serverError(PostgreSQLServerError(raw), phase: .connect)
                throw (error as? SQLError) ?? SQLError(code: .connectionFailed, connection: label, message: "\(error)")
            case UInt8(ascii: "Z"):
                return key
            default:
                continue
            }
        }
    }

    private func requirePassword() throws(SQLError) -> String {
        guard let password = configuration.password else {
            throw authenticationError("the server asks for a password; put it in the URL (postgres://user:password@host/db)")
        }
        return password
    }

    private func authenticationError(_ message: String) -> SQLError {
        SQLError(code: .authenticationFailed, connection: label, message: message)
    }

    /// Ends the session (`Terminate`) and closes the socket.
    func close() {
        if socket != nil, brokenError == nil {
            output.reset()
            output.message("X")
            try? flush(phase: .statement)
        }
        socket?.close()
        socket = nil
        result = nil
    }

    // MARK: Statements

    /// Appends `Parse` for the unnamed statement, with one type per parameter (see ``bind(_:)``).
    private func parse(_ sql: String, _ parameters: [SQLValue]) {
        output.message("P") {
            $0.cString("")
            $0.cString(sql)
            $0.int16(Int16(parameters.count))
            for parameter in parameters { $0.int32(Int32(bitPattern: Self.typeOID(of: parameter))) }
        }
    }

    /// Integers, floats, booleans and bytes go typed in binary; decimals beyond `Int64` as `numeric` text; text
    /// and NULL untyped, so the server converts them to whatever the statement needs (dates, JSON, …).
    private static func typeOID(of parameter: SQLValue) -> UInt32 {
        switch parameter {
        case .null, .text: 0
        case .boolean: PostgreSQLValueDecoder.OID.bool
        case .integer: PostgreSQLValueDecoder.OID.int8
        case .unsignedInteger: PostgreSQLValueDecoder.OID.numeric
        case .double: PostgreSQLValueDecoder.OID.float8
        case .binary: PostgreSQLValueDecoder.OID.bytea
        }
    }

    /// Appends `Bind` of the unnamed portal: the parameters, and the result columns' formats (1 = binary).
    private func bind(_ parameters: [SQLValue], resultFormats: [Int16]) {
        output.message("B") { out in
            out.cString("")
            out.cString("")
            out.int16(Int16(parameters.count))
            for parameter in parameters {
                switch parameter {
                case .null, .text, .unsignedInteger: out.int16(0)
                default: out.int16(1)
                }
            }
            out.int16(Int16(parameters.count))
            for parameter in parameters {
                switch parameter {
                case .null: out.int32(-1)
                case .boolean(let value):
                    out.int32(1)
                    out.append(CollectionOfOne(value ? 1 : 0))
                case .integer(let value):
                    out.int32(8)
                    out.int32(Int32(truncatingIfNeeded: value >> 32))
                    out.int32(Int32(truncatingIfNeeded: value))
                case .unsignedInteger(let value):
                    let text = Array(String(value).utf8)
                    out.int32(Int32(text.count))
                    out.append(text)
                case .double(let value):
                    out.int32(8)
                    out.int32(Int32(truncatingIfNeeded: Int64(bitPattern: value.bitPattern) >> 32))
                    out.int32(Int32(truncatingIfNeeded: Int64(bitPattern: value.bitPattern)))
                case .text(let value):
                    out.int32(Int32(value.utf8.count))
                    out.append(value.utf8)
                case .binary(let bytes):
                    out.int32(Int32(bytes.count))
                    out.append(bytes)
                }
            }
            out.int16(Int16(resultFormats.count))
            for format in resultFormats { out.int16(format) }
        }
    }

    private func execute(rows: Int) {
        output.message("E") {
            $0.cString("")
            $0.int32(Int32(rows))
        }
    }

    /// Runs a statement and returns its command tag (`INSERT 0 5`, `COMMIT`, `ROLLBACK`, …).
    ///
    /// - Parameters:
    ///   - sql: One statement with `$n` placeholders (already translated).
    ///   - parameters: One value per placeholder.
    ///   - original: The statement as the caller wrote it, for error messages.
    func execute(_ sql: String, parameters: [SQLValue], original: String) throws -> String {
        try startStatement()
        parse(sql, parameters)
        bind(parameters, resultFormats: [])
        execute(rows: 0)
        output.message("S")
        try flush(phase: .statement, sql: original)
        let (tag, failure) = try readUntilReady(phase: .statement, sql: original)
        if let failure { throw serverError(failure, phase: .statement, sql: original) }
        return tag ?? ""
    }

    /// Parses, describes and starts a query; its rows then stream with ``stream(into:)``.
    ///
    /// Columns of types ``PostgreSQLValueDecoder`` reads come in binary; any other type (arrays, ranges, network
    /// and geometric types, `money`, composites, extension types) in PostgreSQL's own text form, reported as text.
    ///
    /// - Returns: The result's columns (empty for a statement that returns no rows, which then has run).
    func openQuery(_ sql: String, parameters: [SQLValue], original: String) throws -> [SQLColumn] {
        try startStatement()
        parse(sql, parameters)
        output.message("D") {
            $0.append(CollectionOfOne(UInt8(ascii: "S")))
            $0.cString("")
        }
        output.message("H")
        try flush(phase: .statement, sql: original)
        var columns: [SQLColumn] = []
        var kinds: [PostgreSQLValueDecoder.Kind] = []
        var formats: [Int16] = []
        var described = false
        while !described {
            let (type, raw) = try nextMessage(phase: .statement, sql: original)
            switch type {
            case UInt8(ascii: "T"):
                var body = PostgreSQLMessageBody(raw)
                let count = Int(body.int16())
                for _ in 0..<count {
                    let name = body.cString()
                    _ = body.int32()
                    _ = body.int16()
                    let oid = UInt32(bitPattern: body.int32())
                    _ = body.int16()
                    let modifier = body.int32()
                    _ = body.int16()
                    let (kind, columnType) = PostgreSQLValueDecoder.column(oid: oid, typeModifier: modifier)
                    columns.append(SQLColumn(name: name, type: columnType))
                    if case .unsupported = kind {
                        kinds.append(.text)
                        formats.append(0)
                    } else {
                        kinds.append(kind)
                        formats.append(1)
                    }
                }
                described = true
            case UInt8(ascii: "n"):
                described = true
            case UInt8(ascii: "E"):
                let failure = PostgreSQLServerError(raw)
                output.message("S")
                try flush(phase: .statement, sql: original)
                _ = try readUntilReady(phase: .statement, sql: original)
                throw serverError(failure, phase: .statement, sql: original)
            default:
                continue
            }
        }
        bind(parameters, resultFormats: formats)
        if columns.isEmpty {
            execute(rows: 0)
            output.message("S")
            try flush(phase: .statement, sql: original)
            let (_, failure) = try readUntilReady(phase: .statement, sql: original)
            if let failure { throw serverError(failure, phase: .statement, sql: original) }
            return []
        }
        var open = OpenResult(columns: columns, kinds: kinds, sql: original)
        execute(rows: open.executeRows)
        execute(rows: open.executeRows)
        output.message("H")
        open.outstanding = 2
        result = open
        try flush(phase: .statement, sql: original)
        return columns
    }

    /// Sends the open result's rows to `channel` in batches, then finishes it (with the error, if one occurred).
    func stream(into channel: HandoffChannel<SQLRowBatch>) {
        do {
            while let batch = try nextBatch() { try channel.sendBlocking(batch) }
            channel.finish()
        } catch {
            channel.finish(throwing: error)
        }
    }

    /// Reads rows of the open result into the next batch (about 4096 rows or 1 MiB), or returns nil at its end.
    private func nextBatch() throws -> SQLRowBatch? {
        guard var open = result, !open.isFinished else { return nil }
        defer { result = open }
        // Sized from the rows so far, so the batch's buffers do not grow (and copy) while they fill.
        let expectedBytes = open.rowNumber == 0 ? 128 * 1024 : 4096 * (open.rowBytes / open.rowNumber)
        var builder = SQLRowBatchBuilder(
            columns: open.columns, byteCapacity: min(expectedBytes, 1 << 20) + 16 * 1024, rowCapacity: 4096)
        let columnCount = open.columns.count
        while builder.rowCount < 4096 && builder.bytes.count < 1 << 20 {
            let (type, raw) = try nextMessage(phase: .statement, sql: open.sql)
            switch type {
            case UInt8(ascii: "D"):
                open.rowNumber += 1
                open.rowBytes += raw.count
                if let column = Self.appendRow(raw, kinds: open.kinds, columnCount: columnCount, to: &builder) {
                    try abandon(open)
                    open.isFinished = true
                    throw SQLError(
                        code: .invalidData, connection: label,
                        message: "row \(open.rowNumber), column \"\(open.columns[column].name)\": malformed value")
                }
            case UInt8(ascii: "s"):
                open.outstanding -= 1
                open.executeRows = max(64, min(50_000, Self.targetExecuteBytes / max(1, open.rowBytes / max(1, open.rowNumber))))
                execute(rows: open.executeRows)
                output.message("H")
                open.outstanding += 1
                try flush(phase: .statement, sql: open.sql)
            case UInt8(ascii: "C"):
                output.message("S")
                try flush(phase: .statement, sql: open.sql)
                let (_, failure) = try readUntilReady(phase: .statement, sql: open.sql)
                open.isFinished = true
                // 55000: the `Execute` still in flight found the portal done (statements whose portal cannot be
                // run twice); the result itself is complete.
                if let failure, failure.sqlState != "55000" { throw serverError(failure, phase: .statement, sql: open.sql) }
                return builder.isEmpty ? nil : builder.take()
            case UInt8(ascii: "E"):
                let failure = PostgreSQLServerError(raw)
                output.message("S")
                try flush(phase: .statement, sql: open.sql)
                _ = try readUntilReady(phase: .statement, sql: open.sql)
                open.isFinished = true
                throw serverError(failure, phase: .statement, sql: open.sql)
            default:
                continue
            }
        }
        return builder.take()
    }

    /// Decodes one `DataRow` into `builder`; returns the index of a column whose value is malformed.
    private static func appendRow(
        _ raw: UnsafeRawBufferPointer, kinds: [PostgreSQLValueDecoder.Kind], columnCount: Int,
        to builder: inout SQLRowBatchBuilder
    ) -> Int? {
        guard raw.count >= 2, Int(raw[0]) << 8 | Int(raw[1]) == columnCount else { return 0 }
        var offset = 2
        for column in 0..<columnCount {
            guard offset + 4 <= raw.count else { return column }
            let length = Int(Int32(bitPattern: UInt32(raw[offset]) << 24 | UInt32(raw[offset + 1]) << 16
                | UInt32(raw[offset + 2]) << 8 | UInt32(raw[offset + 3])))
            offset += 4
            if length < 0 {
                builder.appendNull()
                continue
            }
            guard offset + length <= raw.count,
                PostgreSQLValueDecoder.append(
                    UnsafeRawBufferPointer(rebasing: raw[offset..<(offset + length)]), kind: kinds[column], to: &builder)
            else { return column }
            offset += length
        }
        builder.endRow()
        return nil
    }

    /// Abandons the open result, if any: closes the portal and reads what was already on its way (at most the
    /// requests in flight). An enclosing transaction stays usable.
    func closeResult() throws(SQLError) {
        guard let open = result else { return }
        result = nil
        try abandon(open)
    }

    private func abandon(_ open: OpenResult) throws(SQLError) {
        guard !open.isFinished, brokenError == nil else { return }
        output.message("C") {
            $0.append(CollectionOfOne(UInt8(ascii: "P")))
            $0.cString("")
        }
        output.message("S")
        try flush(phase: .statement, sql: open.sql)
        _ = try readUntilReady(phase: .statement, sql: open.sql)
    }

    // MARK: COPY FROM STDIN

    /// Runs a `COPY … FROM STDIN` statement fed from `source`, and returns the rows the server loaded.
    ///
    /// Blocks this session's thread on `source` until the producer sends the next chunk of COPY text. When the
    /// producer fails (or is cancelled), the session sends `CopyFail`: the server discards every row, the
    /// connection stays usable, and the producer's error is rethrown. An error the server reports mid-stream
    /// (a bad value) stops the sending after the chunk in flight.
    func copyIn(_ sql: String, from source: HandoffChannel<[UInt8]>) throws -> Int {
        try startStatement()
        output.message("Q") { $0.cString(sql) }
        try flush(phase: .load, sql: sql)
        while true {
            let (type, raw) = try nextMessage(phase: .load, sql: sql)
            if type == UInt8(ascii: "G") { break }
            if type == UInt8(ascii: "E") {
                let failure = PostgreSQLServerError(raw)
                _ = try readUntilReady(phase: .load, sql: sql)
                source.cancel()
                throw serverError(failure, phase: .load, sql: sql)
            }
        }
        var producerError: (any Error)?
        var earlyFailure: PostgreSQLServerError?
        do {
            while true {
                let chunk: [UInt8]?
                do {
                    chunk = try source.receiveBlocking()
                } catch {
                    producerError = error
                    output.message("f") { $0.cString("the input failed: \(error)") }
                    try flush(phase: .load, sql: sql)
                    break
                }
                guard let chunk else {
                    output.message("c")
                    try flush(phase: .load, sql: sql)
                    break
                }
                output.message("d") { $0.append(chunk) }
                try flush(phase: .load, sql: sql)
                // The server reports a bad value as soon as it meets it (and leaves copy mode): stop sending the rest.
                // Notices may come too; they change nothing.
                while earlyFailure == nil, input.hasBufferedMessage || socket?.hasPendingInput == true {
                    let (type, raw) = try nextMessage(phase: .load, sql: sql)
                    if type == UInt8(ascii: "E") { earlyFailure = PostgreSQLServerError(raw) }
                }
                if earlyFailure != nil {
                    source.cancel()
                    break
                }
            }
        } catch {
            source.cancel()
            throw error
        }
        let (tag, lateFailure) = try readUntilReady(phase: .load, sql: sql)
        if let producerError { throw producerError }
        if let failure = earlyFailure ?? lateFailure {
            source.cancel()
            throw serverError(failure, phase: .load, sql: sql)
        }
        return Self.rowCount(fromTag: tag ?? "")
    }

    /// The row count at the end of a command tag (`INSERT 0 5`, `UPDATE 3`, `COPY 10`), or 0.
    static func rowCount(fromTag tag: String) -> Int {
        guard let last = tag.split(separator: " ").last, tag.contains(" ") else { return 0 }
        return Int(last) ?? 0
    }
}

/// Sends the protocol's `CancelRequest` for one backend over a short-lived second connection (see
/// ``StatementInterrupter``, which runs it).
struct PostgreSQLCanceller: Sendable {
    let configuration: PostgreSQLConnection.Configuration
    let processID: Int32
    let secretKey: Int32

    /// Sends the request and waits until the server has closed the connection, which it does once it has
    /// signalled the backend (at most about 10 s when the server does not answer).
    func send() {
        guard
            let socket = try? PostgreSQLSocket.connect(
                host: configuration.host, port: configuration.port, timeout: min(configuration.connectTimeout, 5))
        else { return }
        defer { socket.close() }
        var message = PostgreSQLMessageWriter()
        message.untyped([80_877_102, processID, secretKey])
        _ = message.bytes.withUnsafeBytes { raw in Result { () throws(PostgreSQLSocket.Failure) in try socket.write(raw) } }
        // The server closes the connection once it has handled the request.
        socket.setReceiveTimeout(seconds: 5)
        var byte: UInt8 = 0
        _ = withUnsafeMutableBytes(of: &byte) { raw in Result { () throws(PostgreSQLSocket.Failure) in try socket.read(into: raw) } }
    }
}
