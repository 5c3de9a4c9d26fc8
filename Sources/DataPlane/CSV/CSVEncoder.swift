/// A streaming RFC 4180 CSV writer that works on bytes.
///
/// Write a header, then records, field by field (``appendField(_:)``,
/// ``appendNull()``, ``endRecord()``) or a record at a time (``writeRecord(_:)``). Collect the
/// encoded bytes with ``takeOutput()`` whenever ``bufferedByteCount`` is large enough for you (for example 1 MiB
/// per upload part), and call ``finish()`` once at the end.
///
/// Encoding rules:
/// - SQL NULL (`nil`) is written as an unquoted empty field; the empty string as `""`.
/// - A field is quoted when it is empty or contains `,`, `"`, CR or LF; inner quotes are doubled.
/// - Every record, including the last, ends with the configured line terminator (CRLF by default).
/// - Any other byte, including tabs, non-ASCII UTF-8 and invalid UTF-8, is copied as is.
/// - Every record must have as many fields as the first one (the header).
///
/// ```swift
/// var encoder = CSVEncoder()
/// try encoder.writeHeader(["id", "name"])
/// try encoder.writeRecord(strings: ["1", nil])
/// let bytes = try encoder.finish()   // "id,name\r\n1,\r\n"
/// ```
///
/// `CSVEncoder` is a value type (with gzip, the zlib state is copied on write); it is not `Sendable`: use one per
/// task.
public struct CSVEncoder {
    /// How the encoder writes its output.
    public struct Configuration: Sendable, Hashable {
        /// The record terminator.
        public enum LineTerminator: Sendable, Hashable {
            /// `\r\n`, as RFC 4180 specifies.
            case crlf
            /// `\n`, as most Unix tools and MySQL's `LOAD DATA` default expect.
            case lf
        }

        /// The record terminator; default ``LineTerminator/crlf``.
        public var lineTerminator: LineTerminator
        /// Whether output is gzip-compressed; default ``CSVCompression/none``.
        public var compression: CSVCompression

        /// Creates a configuration.
        ///
        /// - Parameters:
        ///   - lineTerminator: The record terminator (default CRLF).
        ///   - compression: Output compression (default none).
        public init(lineTerminator: LineTerminator = .crlf, compression: CSVCompression = .none) {
            self.lineTerminator = lineTerminator
            self.compression = compression
        }
    }

    /// The configuration the encoder was created with.
    public let configuration: Configuration

    private var buffer: [UInt8] = []
    private var gzip: GzipCompressor?
    private var fieldsInRecord = 0
    private var expectedFieldCount: Int?
    private var isFinished = false

    /// The number of complete records written so far, including the header.
    public private(set) var recordCount = 0
    /// The number of uncompressed CSV bytes produced so far (taken or still buffered).
    public private(set) var uncompressedByteCount = 0
    /// The number of output bytes handed out by ``takeOutput()`` and ``finish()`` so far.
    public private(set) var outputByteCount = 0

    /// Creates an encoder.
    ///
    /// - Parameter configuration: Line terminator and compression.
    public init(configuration: Configuration = Configuration()) {
        self.configuration = configuration
        if let level = configuration.compression.gzipLevel {
            self.gzip = GzipCompressor(level: level)
        }
        buffer.reserveCapacity(64 * 1024)
    }

    /// The number of encoded, uncompressed bytes waiting to be taken with ``takeOutput()``.
    public var bufferedByteCount: Int { buffer.count }

    /// Appends one non-NULL field to the current record.
    ///
    /// - Parameter bytes: The field bytes (any bytes; an empty buffer is the empty string, not NULL).
    public mutating func appendField(_ bytes: UnsafeBufferPointer<UInt8>) {
        precondition(!isFinished, "CSVEncoder used after finish()")
        if fieldsInRecord > 0 { buffer.append(CSVByte.comma) }
        fieldsInRecord += 1
        let count = bytes.count
        guard count > 0, let base = bytes.baseAddress else {
            buffer.append(CSVByte.quote)
            buffer.append(CSVByte.quote)
            return
        }
        if CSVByte.firstSpecial(base, count) == count {
            buffer.append(contentsOf: bytes)
            return
        }
        buffer.append(CSVByte.quote)
        var start = 0
        while start < count {
            guard let q = memchrQuote(base + start, count - start) else {
                buffer.append(contentsOf: UnsafeBufferPointer(start: base + start, count: count - start))
                break
            }
            let end = q - base + 1  // include the quote, then write it again
            buffer.append(contentsOf: UnsafeBufferPointer(start: base + start, count: end - start))
            buffer.append(CSVByte.quote)
            start = end
        }
        buffer.append(CSVByte.quote)
    }

    /// Appends one non-empty field that needs no quotes (no comma, quote, CR or LF in it), which `write` appends
    /// straight to the output: no scan, no copy.
    mutating func appendUnquotedField(_ write: (inout [UInt8]) -> Void) {
        precondition(!isFinished, "CSVEncoder used after finish()")
        if fieldsInRecord > 0 { buffer.append(CSVByte.comma) }
        fieldsInRecord += 1
        write(&buffer)
    }

    /// Appends one field, or SQL NULL when `bytes` is `nil`.
    ///
    /// - Parameter bytes: The field bytes, or `nil` for NULL.
    public mutating func appendField(_ bytes: [UInt8]?) {
        guard let bytes else { return appendNull() }
        bytes.withUnsafeBufferPointer { appendField($0) }
    }

    /// Appends one text field as UTF-8, or SQL NULL when `text` is `nil`.
    ///
    /// - Parameter text: The field text, or `nil` for NULL.
    public mutating func appendField(_ text: String?) {
        guard var text else { return appendNull() }
        text.withUTF8 { appendField($0) }
    }

    /// Appends SQL NULL (an unquoted empty field) to the current record.
    public mutating func appendNull() {
        precondition(!isFinished, "CSVEncoder used after finish()")
        if fieldsInRecord > 0 { buffer.append(CSVByte.comma) }
        fieldsInRecord += 1
    }

    /// Ends the current record and writes the line terminator.
    ///
    /// - Throws: ``CSVError`` ``CSVError/Code/fieldCountMismatch`` when the record's field count differs from the
    ///   first record's, or ``CSVError/Code/emptyRecord`` for a record with no fields. After a throw the
    ///   encoder's output is unusable (the bad record is partly written); discard it.
    public mutating func endRecord() throws(CSVError) {
        precondition(!isFinished, "CSVEncoder used after finish()")
        let number = recordCount + 1
        guard fieldsInRecord > 0 else {
            throw CSVError(code: .emptyRecord, recordNumber: number, byteOffset: uncompressedByteCount + buffer.count)
        }
        if let expected = expectedFieldCount {
            if fieldsInRecord != expected {
                var error = CSVError(
                    code: .fieldCountMismatch, recordNumber: number,
                    fieldNumber: fieldsInRecord > expected ? expected + 1 : fieldsInRecord + 1,
                    byteOffset: uncompressedByteCount + buffer.count)
                error.expectedFieldCount = expected
                error.actualFieldCount = fieldsInRecord
                fieldsInRecord = 0
                throw error
            }
        } else {
            expectedFieldCount = fieldsInRecord
        }
        if configuration.lineTerminator == .crlf { buffer.append(CSVByte.cr) }
        buffer.append(CSVByte.lf)
        fieldsInRecord = 0
        recordCount += 1
    }

    /// Writes a complete record.
    ///
    /// - Parameter record: The record to write.
    /// - Throws: ``CSVError`` as ``endRecord()`` does.
    public mutating func writeRecord(_ record: CSVRecord) throws(CSVError) {
        for index in record.indices {
            record.withFieldBytes(at: index) { raw in
                if let raw {
                    appendField(raw.assumingMemoryBound(to: UInt8.self))
                } else {
                    appendNull()
                }
            }
        }
        try endRecord()
    }

    /// Writes a complete record of byte fields; `nil` is SQL NULL.
    ///
    /// - Parameter fields: The fields, in order.
    /// - Throws: ``CSVError`` as ``endRecord()`` does.
    public mutating func writeRecord(_ fields: [[UInt8]?]) throws(CSVError) {
        for field in fields { appendField(field) }
        try endRecord()
    }

    /// Writes a complete record of text fields; `nil` is SQL NULL.
    ///
    /// - Parameter strings: The fields, in order.
    /// - Throws: ``CSVError`` as ``endRecord()`` does.
    public mutating func writeRecord(strings: [String?]) throws(CSVError) {
        for field in strings { appendField(field) }
        try endRecord()
    }

    /// Writes the header row: column names as text.
    ///
    /// - Parameter names: The column names.
    /// - Throws: ``CSVError`` as ``endRecord()`` does; the header must be the first record.
    public mutating func writeHeader(_ names: [String]) throws(CSVError) {
        precondition(recordCount == 0 && fieldsInRecord == 0, "CSVEncoder.writeHeader must come first")
        for name in names { appendField(name) }
        try endRecord()
    }

    /// Returns the output produced so far and clears the buffer.
    ///
    /// With gzip the result is compressed and may be shorter than ``bufferedByteCount`` (or empty): zlib keeps
    /// some data back until more arrives or ``finish()`` is called.
    ///
    /// - Returns: The next output bytes, in order.
    public mutating func takeOutput() -> [UInt8] {
        uncompressedByteCount += buffer.count
        var out: [UInt8]
        if gzip != nil {
            out = buffer.withUnsafeBytes { gzip!.compress($0) }
            buffer.removeAll(keepingCapacity: true)
        } else {
            out = buffer
            buffer = []
            buffer.reserveCapacity(Swift.max(64 * 1024, out.count))
        }
        outputByteCount += out.count
        return out
    }

    /// Returns the remaining output and, with gzip, the gzip trailer. Call it once, after the last record.
    ///
    /// - Returns: The last output bytes.
    /// - Throws: Nothing today; declared so stricter end-of-stream checks can be added.
    public mutating func finish() throws(CSVError) -> [UInt8] {
        precondition(fieldsInRecord == 0, "CSVEncoder.finish called in the middle of a record; call endRecord() first")
        var out = takeOutput()
        if gzip != nil {
            let tail = gzip!.finish()
            out.append(contentsOf: tail)
            outputByteCount += tail.count
        }
        isFinished = true
        return out
    }
}
