/// A bulk load's CSV input: read up to the end of its header row on creation (so the column list is known before
/// the load statement starts), matched to the target table's columns, then handed out batch by batch.
struct CSVLoadInput<Chunks: AsyncSequence> where Chunks.Element == [UInt8] {
    /// The target table's columns, in the CSV's order.
    let targets: [SQLColumn]
    private var decoder: CSVDecoder
    private var iterator: Chunks.AsyncIterator
    private var pending: [CSVRecord]
    private var sourceEnded: Bool

    /// Reads `csv` up to the end of its header row and matches the header to `columns`.
    ///
    /// - Parameters:
    ///   - columns: The table's columns; empty when the table does not exist.
    ///   - connection: The redacted connection, for error messages.
    /// - Throws: ``SQLError`` (`bulkLoadFailed`) when the table does not exist, the input has no header row or the
    ///   header names a column the table lacks (or one twice); ``CSVError``; what `csv` throws.
    init(
        _ csv: Chunks, table: String, columns: [SQLColumn], connection: String,
        isolation: isolated (any Actor)? = #isolation
    ) async throws {
        if columns.isEmpty {
            throw SQLError(code: .bulkLoadFailed, connection: connection, message: "table \"\(table)\" does not exist")
        }
        var decoder = CSVDecoder(configuration: .init(hasHeader: true))
        var iterator = csv.makeAsyncIterator()
        var pending: [CSVRecord] = []
        var sourceEnded = false
        while decoder.header == nil {
            guard let chunk = try await iterator.next(isolation: isolation) else {
                pending += try decoder.finish()
                sourceEnded = true
                break
            }
            pending += try decoder.feed(chunk)
        }
        guard let header = decoder.headerNames else {
            throw SQLError(code: .bulkLoadFailed, connection: connection, message: "the CSV input is empty (no header row)")
        }
        targets = try matchHeader(header, to: columns, table: table, connection: connection).map { columns[$0] }
        self.decoder = decoder
        self.iterator = iterator
        self.pending = pending
        self.sourceEnded = sourceEnded
    }

    /// The next records in input order (possibly none, when a chunk ends inside a record), or `nil` at the end.
    ///
    /// - Throws: ``CSVError``, what the input throws, or `CancellationError`.
    mutating func nextRecords(isolation: isolated (any Actor)? = #isolation) async throws -> [CSVRecord]? {
        if !pending.isEmpty {
            defer { pending = [] }
            return pending
        }
        if sourceEnded { return nil }
        try Task.checkCancellation()
        if let chunk = try await iterator.next(isolation: isolation) { return try decoder.feed(chunk) }
        sourceEnded = true
        return try decoder.finish()
    }

    /// Encodes every remaining record with `encoder` and sends the bytes to `channel` in chunks of about 256 KiB,
    /// then finishes the channel. Records are numbered from 1 for error messages.
    mutating func encodeAll(
        with encoder: inout some SQLLoadEncoder, into channel: HandoffChannel<[UInt8]>,
        isolation: isolated (any Actor)? = #isolation
    ) async throws {
        var number = 0
        while let records = try await nextRecords(isolation: isolation) {
            for record in records {
                number += 1
                try encoder.append(record, number: number)
                if encoder.output.count >= 256 * 1024 { try await channel.send(encoder.take()) }
            }
        }
        if !encoder.output.isEmpty { try await channel.send(encoder.take()) }
        channel.finish()
    }
}

/// Turns CSV records into a server's bulk-load text (`LOAD DATA`, `COPY … FROM STDIN`).
protocol SQLLoadEncoder {
    /// The bytes encoded since the last ``take()``.
    var output: [UInt8] { get }
    /// Encodes one record; `number` (from 1) names it in errors.
    mutating func append(_ record: CSVRecord, number: Int) throws(SQLError)
    /// Returns ``output`` and starts a new buffer.
    mutating func take() -> [UInt8]
}

/// Runs a bulk load's two halves at once: `statement` in a child task, reading from `channel`, and `produce` on the
/// caller, writing to it.
///
/// When the producer fails, the channel is cancelled and the statement awaited. A statement that failed first (a bad
/// value, the server went away) cancelled the channel under the producer, so then its error is thrown, since it says
/// what happened; otherwise the producer's.
func runBulkLoad<Element: Sendable, Result: Sendable>(
    channel: HandoffChannel<Element>, statement: @escaping @Sendable () async throws -> Result,
    produce: () async throws -> Void, isolation: isolated (any Actor)? = #isolation
) async throws -> Result {
    try await withThrowingTaskGroup(of: Result.self, isolation: isolation) { group in
        group.addTask { try await statement() }
        do {
            try await produce()
        } catch {
            channel.cancel(error)
            do {
                _ = try await group.next()
            } catch let statementError where error is CancellationError && !Task.isCancelled {
                throw statementError
            } catch {}
            throw error
        }
        return try await group.next()!
    }
}
