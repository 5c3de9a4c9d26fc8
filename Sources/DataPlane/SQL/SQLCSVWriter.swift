/// Encodes ``SQLRowBatch``es as CSV bytes with ``CSVEncoder``, without building a `String` per field.
///
/// The CSV form of a value is its canonical form (see ``SQLRowBatch``), with two rules on top:
/// - SQL NULL is an unquoted empty field; the empty string is `""` (``CSVEncoder``'s rule).
/// - Binary values are written as `\x` followed by lowercase hex digits, identical for every connector (and the
///   format PostgreSQL's `bytea` reads natively). An empty binary value is `\x`.
///
/// ```swift
/// var writer = SQLCSVWriter(columns: rows.columns)
/// try writer.writeHeader()
/// for try await batch in rows {
///     try writer.write(batch)
///     if writer.bufferedByteCount > 1 << 20 { upload(writer.takeOutput()) }
/// }
/// upload(try writer.finish())
/// ```
public struct SQLCSVWriter {
    /// The columns being written.
    public let columns: [SQLColumn]
    private var encoder: CSVEncoder
    private let isBinary: [Bool]

    /// Creates a writer.
    ///
    /// - Parameters:
    ///   - columns: The result's columns (their types select the binary encoding).
    ///   - configuration: The CSV encoder's configuration (line terminator, gzip).
    public init(columns: [SQLColumn], configuration: CSVEncoder.Configuration = .init()) {
        self.columns = columns
        self.encoder = CSVEncoder(configuration: configuration)
        self.isBinary = columns.map(\.type.isBinary)
    }

    /// The number of data rows written so far.
    public private(set) var rowCount = 0

    /// The number of encoded bytes waiting in the buffer.
    public var bufferedByteCount: Int { encoder.bufferedByteCount }

    /// The number of output bytes handed out so far.
    public var outputByteCount: Int { encoder.outputByteCount }

    /// Writes the header row: the column names.
    ///
    /// - Throws: ``CSVError`` (only for a result without columns).
    public mutating func writeHeader() throws(CSVError) {
        try encoder.writeHeader(columns.map(\.name))
    }

    /// Writes every row of a batch.
    ///
    /// - Parameter batch: Rows whose columns match ``columns``.
    /// - Throws: ``CSVError`` (only for a result without columns).
    public mutating func write(_ batch: SQLRowBatch) throws(CSVError) {
        precondition(batch.columns.count == columns.count, "SQLCSVWriter: batch has a different column count")
        let columnCount = columns.count
        let rows = batch.rowCount
        var failure: CSVError?
        batch.bytes.withUnsafeBufferPointer { all in
            batch.ends.withUnsafeBufferPointer { ends in
                var start = 0
                var index = 0
                for _ in 0..<rows {
                    for column in 0..<columnCount {
                        let raw = ends[index]
                        index += 1
                        if raw < 0 {
                            encoder.appendNull()
                            start = ~raw
                            continue
                        }
                        let field = UnsafeBufferPointer(rebasing: all[start..<raw])
                        start = raw
                        if isBinary[column] {
                            // `\x` and hex digits never need quotes.
                            encoder.appendUnquotedField { SQLValueFormat.appendHexField(UnsafeRawBufferPointer(field), to: &$0) }
                        } else {
                            encoder.appendField(field)
                        }
                    }
                    do throws(CSVError) {
                        try encoder.endRecord()
                    } catch {
                        failure = error
                        return
                    }
                }
            }
        }
        if let failure { throw failure }
        rowCount += rows
    }

    /// Returns the output produced so far and clears the buffer (see ``CSVEncoder/takeOutput()``).
    ///
    /// - Returns: The next output bytes.
    public mutating func takeOutput() -> [UInt8] { encoder.takeOutput() }

    /// Returns the remaining output (and the gzip trailer). Call once, at the end.
    ///
    /// - Returns: The last output bytes.
    /// - Throws: ``CSVError``.
    public mutating func finish() throws(CSVError) -> [UInt8] { try encoder.finish() }
}

extension SQLRowSequence {
    /// The rows as CSV: a header row, then one record per row, in chunks of about `chunkSize` bytes.
    ///
    /// The result can be handed straight to ``ObjectStore/put(_:from:)``. Iterate it inside the `body` of
    /// ``SQLConnection/query(_:parameters:_:)``.
    ///
    /// - Parameters:
    ///   - configuration: The CSV encoder's configuration (line terminator, gzip).
    ///   - chunkSize: The approximate size of each chunk (default 1 MiB).
    /// - Returns: The CSV bytes as a sequence of chunks.
    public func csvChunks(configuration: CSVEncoder.Configuration = .init(), chunkSize: Int = 1 << 20)
        -> SQLCSVChunks
    {
        SQLCSVChunks(rows: self, configuration: configuration, chunkSize: chunkSize)
    }
}

/// A query's rows encoded as CSV byte chunks; see ``SQLRowSequence/csvChunks(configuration:chunkSize:)``.
public struct SQLCSVChunks: AsyncSequence, Sendable {
    /// The sequence's elements: chunks of CSV bytes.
    public typealias Element = [UInt8]
    /// The failure type.
    public typealias Failure = any Error

    let rows: SQLRowSequence
    let configuration: CSVEncoder.Configuration
    let chunkSize: Int

    /// Iterates the chunks.
    public struct AsyncIterator: AsyncIteratorProtocol {
        var batches: SQLRowSequence.AsyncIterator
        var writer: SQLCSVWriter
        let chunkSize: Int
        var state = 0  // 0: header not written, 1: streaming, 2: finished

        /// Returns the next chunk, or `nil` at the end.
        ///
        /// - Throws: What the row sequence throws, or ``CSVError``.
        public mutating func next() async throws -> [UInt8]? {
            if state == 2 { return nil }
            if state == 0 {
                try writer.writeHeader()
                state = 1
            }
            while writer.bufferedByteCount < chunkSize {
                guard let batch = try await batches.next() else {
                    state = 2
                    let tail = try writer.finish()
                    return tail
                }
                try writer.write(batch)
            }
            return writer.takeOutput()
        }
    }

    /// Creates the iterator.
    public func makeAsyncIterator() -> AsyncIterator {
        AsyncIterator(
            batches: rows.makeAsyncIterator(), writer: SQLCSVWriter(columns: rows.columns, configuration: configuration),
            chunkSize: chunkSize)
    }
}
