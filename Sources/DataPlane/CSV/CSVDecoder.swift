/// A streaming, incremental RFC 4180 CSV reader that works on bytes.
///
/// Feed the input in chunks of any size, split anywhere (even inside a quoted field, a doubled quote or a CRLF),
/// and collect the records each chunk completes; call ``finish()`` at end of input for the last record and for
/// truncation checks. Memory is bounded by the largest record, not by the input size.
///
/// Decoding rules (the inverse of ``CSVEncoder``):
/// - An unquoted empty field is SQL NULL (`nil`); a quoted empty field `""` is the empty string.
/// - Records end with LF, CRLF or a lone CR; inside quotes, CR and LF are data and are kept exactly.
/// - A blank line is a record with one NULL field (what the encoder writes for a one-column NULL row).
/// - Bytes are passed through unchanged: tabs, any UTF-8, invalid UTF-8, NUL.
/// - Every record must have as many fields as record 1 (the header, when ``Configuration/hasHeader`` is set).
///
/// Errors (``CSVError``) name the record (1-based, header = 1), the field (1-based) and the byte offset in the
/// uncompressed input, and say how to fix the data. After an error the decoder is stuck: every later call throws
/// the same error.
///
/// ```swift
/// var decoder = CSVDecoder()
/// for chunk in chunks { for record in try decoder.feed(chunk) { use(record) } }
/// for record in try decoder.finish() { use(record) }
/// ```
///
/// `CSVDecoder` is a value type (with gzip, the zlib state is copied on write); it is not `Sendable`.
public struct CSVDecoder {
    /// How the decoder reads its input.
    public struct Configuration: Sendable, Hashable {
        /// Whether record 1 is a header; if so it is returned by ``CSVDecoder/header`` instead of ``feed(_:)``.
        public var hasHeader: Bool
        /// Whether the input is gzip-compressed.
        public var compression: CSVCompression
        /// The largest record (sum of its field bytes) accepted before failing with
        /// ``CSVError/Code/recordTooLarge``; default 256 MiB. Bounds memory on malformed input.
        public var maximumRecordSize: Int

        /// Creates a configuration.
        ///
        /// - Parameters:
        ///   - hasHeader: Whether record 1 is a header (default `true`).
        ///   - compression: Input compression (default none).
        ///   - maximumRecordSize: Upper bound on one record's bytes (default 256 MiB).
        public init(hasHeader: Bool = true, compression: CSVCompression = .none, maximumRecordSize: Int = 256 << 20) {
            self.hasHeader = hasHeader
            self.compression = compression
            self.maximumRecordSize = maximumRecordSize
        }
    }

    private enum State: UInt8 {
        case fieldStart
        case unquoted
        case quoted
        case quoteInQuoted
        case afterCR
    }

    /// The configuration the decoder was created with.
    public let configuration: Configuration

    /// The header record, once it has been read (only when ``Configuration/hasHeader`` is set).
    public private(set) var header: CSVRecord?

    /// The number of data records returned so far (the header is not counted).
    public private(set) var recordCount = 0

    /// The number of uncompressed bytes consumed so far.
    public private(set) var byteOffset = 0

    private var state = State.fieldStart
    private var gzip: GzipDecompressor?
    private var scratch: [UInt8] = []
    private var recordBytes: [UInt8] = []
    private var recordEnds: [Int] = []
    private var recordHasContent = false
    private var recordNumber = 1
    private var fieldStartOffset = 0
    private var expectedFieldCount: Int?
    private var capacityHint = (bytes: 256, fields: 16)
    private var failure: CSVError?
    private var isFinished = false

    /// Creates a decoder.
    ///
    /// - Parameter configuration: Header, compression and size limit.
    public init(configuration: Configuration = Configuration()) {
        self.configuration = configuration
        if configuration.compression.isCompressed { gzip = GzipDecompressor() }
        recordBytes.reserveCapacity(capacityHint.bytes)
        recordEnds.reserveCapacity(capacityHint.fields)
    }

    /// The header's fields as text (invalid UTF-8 replaced), once the header has been read.
    public var headerNames: [String]? { header.map { $0.strings.map { $0 ?? "" } } }

    /// Feeds the next chunk of input and returns the records it completes.
    ///
    /// - Parameter bytes: The next input bytes (gzip-compressed if so configured), split anywhere.
    /// - Returns: The data records completed by this chunk, in order (possibly none).
    /// - Throws: ``CSVError`` for malformed input.
    public mutating func feed(_ bytes: some Collection<UInt8>) throws(CSVError) -> [CSVRecord] {
        var result: Result<[CSVRecord], CSVError>?
        bytes.withContiguousStorageIfAvailable { buffer in
            result = Result { () throws(CSVError) -> [CSVRecord] in try feed(UnsafeRawBufferPointer(buffer)) }
        }
        if let result { return try result.get() }
        let copy = Array(bytes)
        copy.withUnsafeBytes { buffer in
            result = Result { () throws(CSVError) -> [CSVRecord] in try feed(buffer) }
        }
        return try result!.get()
    }

    /// Feeds the next chunk of input and returns the records it completes.
    ///
    /// - Parameter bytes: The next input bytes (gzip-compressed if so configured), split anywhere.
    /// - Returns: The data records completed by this chunk, in order (possibly none).
    /// - Throws: ``CSVError`` for malformed input.
    public mutating func feed(_ bytes: UnsafeRawBufferPointer) throws(CSVError) -> [CSVRecord] {
        precondition(!isFinished, "CSVDecoder.feed called after finish()")
        if let failure { throw failure }
        var records: [CSVRecord] = []
        do throws(CSVError) {
            if gzip != nil {
                scratch.removeAll(keepingCapacity: true)
                do {
                    try gzip!.decompress(bytes, into: &scratch)
                } catch {
                    var wrapped = CSVError(code: .compression, recordNumber: recordNumber, byteOffset: byteOffset)
                    wrapped.underlying = error
                    throw wrapped
                }
                let input = scratch
                var outcome: Result<Void, CSVError> = .success(())
                input.withUnsafeBufferPointer { buffer in
                    outcome = Result { () throws(CSVError) in try decode(buffer, into: &records) }
                }
                try outcome.get()
            } else {
                try decode(bytes.assumingMemoryBound(to: UInt8.self), into: &records)
            }
        } catch {
            failure = error
            throw error
        }
        return records
    }

    /// Declares the end of input and returns the last record, if the input did not end with a line break.
    ///
    /// - Returns: The remaining data records (zero or one).
    /// - Throws: ``CSVError`` ``CSVError/Code/unterminatedQuote`` when input ends inside a quoted field,
    ///   ``CSVError/Code/fieldCountMismatch`` for a short last record, or ``CSVError/Code/compression`` for a
    ///   truncated gzip stream.
    public mutating func finish() throws(CSVError) -> [CSVRecord] {
        precondition(!isFinished, "CSVDecoder.finish called twice")
        if let failure { throw failure }
        isFinished = true
        var records: [CSVRecord] = []
        do throws(CSVError) {
            if gzip != nil {
                do {
                    try gzip!.finish()
                } catch {
                    var wrapped = CSVError(code: .compression, recordNumber: recordNumber, byteOffset: byteOffset)
                    wrapped.underlying = error
                    throw wrapped
                }
            }
            switch state {
            case .quoted:
                throw CSVError(
                    code: .unterminatedQuote, recordNumber: recordNumber, fieldNumber: recordEnds.count + 1,
                    byteOffset: fieldStartOffset)
            case .unquoted, .quoteInQuoted:
                try endRecord(at: byteOffset, into: &records)
            case .fieldStart:
                if recordHasContent { try endRecord(at: byteOffset, into: &records) }
            case .afterCR:
                break
            }
        } catch {
            failure = error
            throw error
        }
        return records
    }

    @inline(__always)
    private mutating func checkTooMany(at offset: Int) throws(CSVError) {
        // Called at a comma, before the field it ends is recorded: that field is number recordEnds.count + 1, and
        // the comma starts field recordEnds.count + 2.
        if let expected = expectedFieldCount, recordEnds.count + 2 > expected {
            var error = CSVError(
                code: .fieldCountMismatch, recordNumber: recordNumber, fieldNumber: expected + 1, byteOffset: offset)
            error.expectedFieldCount = expected
            error.actualFieldCount = recordEnds.count + 2
            throw error
        }
    }

    private mutating func endRecord(at offset: Int, into records: inout [CSVRecord]) throws(CSVError) {
        let last = recordBytes.count
        recordEnds.append(
            state == .fieldStart ? ~last : last)
        if let expected = expectedFieldCount {
            if recordEnds.count != expected {
                var error = CSVError(
                    code: .fieldCountMismatch, recordNumber: recordNumber,
                    fieldNumber: recordEnds.count < expected ? recordEnds.count + 1 : expected + 1, byteOffset: offset)
                error.expectedFieldCount = expected
                error.actualFieldCount = recordEnds.count
                throw error
            }
        } else {
            expectedFieldCount = recordEnds.count
        }
        let record = CSVRecord(bytes: recordBytes, ends: recordEnds)
        capacityHint = (Swift.max(recordBytes.count, 16), recordEnds.count)
        recordBytes = []
        recordBytes.reserveCapacity(capacityHint.bytes)
        recordEnds = []
        recordEnds.reserveCapacity(capacityHint.fields)
        if recordNumber == 1 && configuration.hasHeader {
            header = record
        } else {
            records.append(record)
            recordCount += 1
        }
        recordNumber += 1
        recordHasContent = false
    }

    private mutating func decode(_ input: UnsafeBufferPointer<UInt8>, into records: inout [CSVRecord]) throws(CSVError) {
        guard let base = input.baseAddress else { return }
        let count = input.count
        let chunkStart = byteOffset
        let maximum = configuration.maximumRecordSize
        var i = 0
        defer { byteOffset = chunkStart + i }
        while i < count {
            switch state {
            case .fieldStart:
                let byte = base[i]
                recordHasContent = true
                if byte == CSVByte.quote {
                    fieldStartOffset = chunkStart + i
                    state = .quoted
                    i += 1
                } else if byte == CSVByte.comma {
                    try checkTooMany(at: chunkStart + i)
                    recordEnds.append(~recordBytes.count)
                    i += 1
                } else if byte == CSVByte.lf {
                    try endRecord(at: chunkStart + i, into: &records)
                    i += 1
                } else if byte == CSVByte.cr {
                    try endRecord(at: chunkStart + i, into: &records)
                    state = .afterCR
                    i += 1
                } else {
                    fieldStartOffset = chunkStart + i
                    state = .unquoted
                }
            case .unquoted:
                let start = i
                while i < count && !CSVByte.isSpecial(base[i]) { i += 1 }
                if i > start {
                    recordBytes.append(contentsOf: UnsafeBufferPointer(start: base + start, count: i - start))
                    if recordBytes.count > maximum { throw tooLarge(at: chunkStart + i) }
                }
                guard i < count else { break }
                let byte = base[i]
                if byte == CSVByte.comma {
                    try checkTooMany(at: chunkStart + i)
                    recordEnds.append(recordBytes.count)
                    state = .fieldStart
                    i += 1
                } else if byte == CSVByte.lf {
                    try endRecord(at: chunkStart + i, into: &records)
                    state = .fieldStart
                    i += 1
                } else if byte == CSVByte.cr {
                    try endRecord(at: chunkStart + i, into: &records)
                    state = .afterCR
                    i += 1
                } else {
                    throw CSVError(
                        code: .quoteInUnquotedField, recordNumber: recordNumber, fieldNumber: recordEnds.count + 1,
                        byteOffset: chunkStart + i)
                }
            case .quoted:
                let start = i
                if let found = memchrQuote(base + i, count - i) {
                    i = found - base
                    recordBytes.append(contentsOf: UnsafeBufferPointer(start: base + start, count: i - start))
                    state = .quoteInQuoted
                    i += 1
                } else {
                    i = count
                    recordBytes.append(contentsOf: UnsafeBufferPointer(start: base + start, count: i - start))
                }
                if recordBytes.count > maximum { throw tooLarge(at: chunkStart + i) }
            case .quoteInQuoted:
                let byte = base[i]
                if byte == CSVByte.quote {
                    recordBytes.append(CSVByte.quote)
                    state = .quoted
                    i += 1
                } else if byte == CSVByte.comma {
                    try checkTooMany(at: chunkStart + i)
                    recordEnds.append(recordBytes.count)
                    state = .fieldStart
                    i += 1
                } else if byte == CSVByte.lf {
                    try endRecord(at: chunkStart + i, into: &records)
                    state = .fieldStart
                    i += 1
                } else if byte == CSVByte.cr {
                    try endRecord(at: chunkStart + i, into: &records)
                    state = .afterCR
                    i += 1
                } else {
                    var error = CSVError(
                        code: .unexpectedCharacterAfterQuote, recordNumber: recordNumber,
                        fieldNumber: recordEnds.count + 1, byteOffset: chunkStart + i)
                    error.offendingByte = byte
                    throw error
                }
            case .afterCR:
                if base[i] == CSVByte.lf { i += 1 }
                state = .fieldStart
            }
        }
    }

    private func tooLarge(at offset: Int) -> CSVError {
        CSVError(code: .recordTooLarge, recordNumber: recordNumber, fieldNumber: recordEnds.count + 1, byteOffset: offset)
    }
}
