internal import CFerryZlib

/// Owns one zlib stream (deflate or inflate) at a stable address.
///
/// zlib keeps a back-pointer from its internal state to the `z_stream`, so the `z_stream` lives in its own
/// allocation rather than inside a Swift object. Copies for copy-on-write use `deflateCopy`/`inflateCopy`.
final class ZlibStreamBox {
    enum Mode {
        case deflate(level: Int32)
        case inflate
    }

    let mode: Mode
    let stream: UnsafeMutablePointer<z_stream>

    init(mode: Mode) {
        self.mode = mode
        self.stream = .allocate(capacity: 1)
        self.stream.initialize(to: z_stream())
        let rc: Int32
        switch mode {
        case .deflate(let level): rc = ferry_deflateInit2(stream, level)
        case .inflate: rc = ferry_inflateInit2(stream)
        }
        // Initialisation fails only on out-of-memory or a zlib/header version mismatch: both unrecoverable.
        precondition(rc == Z_OK, "zlib stream initialisation failed with code \(rc)")
    }

    private init(copying other: ZlibStreamBox) {
        self.mode = other.mode
        self.stream = .allocate(capacity: 1)
        self.stream.initialize(to: z_stream())
        let rc: Int32
        switch mode {
        case .deflate: rc = deflateCopy(stream, other.stream)
        case .inflate: rc = inflateCopy(stream, other.stream)
        }
        precondition(rc == Z_OK, "zlib stream copy failed with code \(rc)")
    }

    func copy() -> ZlibStreamBox { ZlibStreamBox(copying: self) }

    deinit {
        switch mode {
        case .deflate: deflateEnd(stream)
        case .inflate: inflateEnd(stream)
        }
        stream.deinitialize(count: 1)
        stream.deallocate()
    }

    var message: String? {
        guard let msg = stream.pointee.msg else { return nil }
        return String(cString: msg)
    }
}

/// A streaming gzip compressor (RFC 1952) built on the system zlib.
///
/// Feed uncompressed bytes with ``compress(_:)`` and collect the compressed output it returns; call ``finish()``
/// once to flush the remaining data and the gzip trailer. Memory stays bounded by zlib's window plus one output
/// chunk, whatever the total size.
///
/// `GzipCompressor` is a value type with copy-on-write semantics: copying it duplicates the zlib state
/// (`deflateCopy`) on the first mutation of the copy. It is not `Sendable`; use one per task.
public struct GzipCompressor {
    private var box: ZlibStreamBox
    private var finished = false

    /// Creates a compressor.
    ///
    /// - Parameter level: zlib compression level, 1 (fastest) to 9 (smallest); the default 6 is zlib's default.
    public init(level: Int = 6) {
        precondition((1...9).contains(level), "gzip level must be between 1 and 9, got \(level)")
        self.box = ZlibStreamBox(mode: .deflate(level: Int32(level)))
    }

    private mutating func makeUnique() {
        if !isKnownUniquelyReferenced(&box) { box = box.copy() }
    }

    /// Compresses a chunk and returns whatever compressed bytes zlib emits for it (possibly none).
    ///
    /// - Parameter input: Uncompressed bytes.
    /// - Returns: Compressed bytes to append to the output stream, in order.
    public mutating func compress(_ input: UnsafeRawBufferPointer) -> [UInt8] {
        precondition(!finished, "GzipCompressor.compress called after finish()")
        makeUnique()
        var output: [UInt8] = []
        run(input: input, flush: Z_NO_FLUSH, into: &output)
        return output
    }

    /// Compresses a chunk and returns whatever compressed bytes zlib emits for it (possibly none).
    ///
    /// - Parameter input: Uncompressed bytes.
    /// - Returns: Compressed bytes to append to the output stream, in order.
    public mutating func compress(_ input: [UInt8]) -> [UInt8] {
        input.withUnsafeBytes { compress($0) }
    }

    /// Flushes all pending data and writes the gzip trailer. Call it exactly once, at the end.
    ///
    /// - Returns: The last compressed bytes of the stream.
    public mutating func finish() -> [UInt8] {
        precondition(!finished, "GzipCompressor.finish called twice")
        makeUnique()
        finished = true
        var output: [UInt8] = []
        run(input: UnsafeRawBufferPointer(start: nil, count: 0), flush: Z_FINISH, into: &output)
        return output
    }

    private func run(input: UnsafeRawBufferPointer, flush: Int32, into output: inout [UInt8]) {
        let strm = box.stream
        let chunk = Swift.max(16 * 1024, input.count / 2 + 64)
        strm.pointee.next_in = UnsafeMutablePointer(
            mutating: input.baseAddress?.assumingMemoryBound(to: Bytef.self))
        strm.pointee.avail_in = uInt(input.count)
        while true {
            let start = output.count
            output.reserveCapacity(start + chunk)
            var produced = 0
            var rc: Int32 = Z_OK
            // Write directly into spare capacity by appending a zeroed tail and trimming afterwards.
            output.append(contentsOf: repeatElement(0, count: chunk))
            output.withUnsafeMutableBufferPointer { buf in
                strm.pointee.next_out = buf.baseAddress! + start
                strm.pointee.avail_out = uInt(chunk)
                rc = deflate(strm, flush)
                produced = chunk - Int(strm.pointee.avail_out)
            }
            output.removeLast(chunk - produced)
            // Z_BUF_ERROR only means "no progress possible": not an error for deflate.
            precondition(rc == Z_OK || rc == Z_STREAM_END || rc == Z_BUF_ERROR, "deflate failed with code \(rc)")
            if flush == Z_FINISH {
                if rc == Z_STREAM_END { break }
            } else if strm.pointee.avail_in == 0 && strm.pointee.avail_out != 0 {
                break
            }
        }
        strm.pointee.next_in = nil
        strm.pointee.avail_in = 0
    }
}

/// A streaming gzip decompressor (RFC 1952) built on the system zlib.
///
/// Feed compressed bytes in chunks of any size with ``decompress(_:)``; call ``finish()`` at end of input to
/// detect truncation. Concatenated gzip members (as produced by `cat a.gz b.gz`) are decoded one after another.
///
/// `GzipDecompressor` is a value type with copy-on-write semantics (`inflateCopy`). It is not `Sendable`.
public struct GzipDecompressor {
    private var box: ZlibStreamBox
    private var consumed = 0
    private var midMember = false
    private var finished = false

    /// Creates a decompressor that expects gzip-wrapped deflate data.
    public init() {
        self.box = ZlibStreamBox(mode: .inflate)
    }

    private mutating func makeUnique() {
        if !isKnownUniquelyReferenced(&box) { box = box.copy() }
    }

    /// Decompresses a chunk of gzip data.
    ///
    /// - Parameter input: The next compressed bytes.
    /// - Returns: The uncompressed bytes they produced (possibly none).
    /// - Throws: ``GzipError`` with code ``GzipError/Code/corruptData`` when the data is not valid gzip.
    public mutating func decompress(_ input: UnsafeRawBufferPointer) throws(GzipError) -> [UInt8] {
        precondition(!finished, "GzipDecompressor.decompress called after finish()")
        var output: [UInt8] = []
        try decompress(input, into: &output)
        return output
    }

    /// Decompresses a chunk of gzip data.
    ///
    /// - Parameter input: The next compressed bytes.
    /// - Returns: The uncompressed bytes they produced (possibly none).
    /// - Throws: ``GzipError`` when the data is not valid gzip.
    public mutating func decompress(_ input: [UInt8]) throws(GzipError) -> [UInt8] {
        var result: Result<[UInt8], GzipError> = .success([])
        input.withUnsafeBytes { buffer in
            result = Result { () throws(GzipError) -> [UInt8] in try decompress(buffer) }
        }
        return try result.get()
    }

    /// Decompresses a chunk of gzip data, appending the uncompressed bytes to `output`.
    ///
    /// - Parameters:
    ///   - input: The next compressed bytes.
    ///   - output: Receives the uncompressed bytes.
    /// - Throws: ``GzipError`` when the data is not valid gzip.
    public mutating func decompress(_ input: UnsafeRawBufferPointer, into output: inout [UInt8]) throws(GzipError) {
        guard input.count > 0 else { return }
        makeUnique()
        let strm = box.stream
        let chunk = Swift.max(64 * 1024, input.count * 4)
        var remaining = input
        while remaining.count > 0 {
            strm.pointee.next_in = UnsafeMutablePointer(
                mutating: remaining.baseAddress!.assumingMemoryBound(to: Bytef.self))
            strm.pointee.avail_in = uInt(remaining.count)
            var rc: Int32 = Z_OK
            repeat {
                let start = output.count
                output.append(contentsOf: repeatElement(0, count: chunk))
                var produced = 0
                output.withUnsafeMutableBufferPointer { buf in
                    strm.pointee.next_out = buf.baseAddress! + start
                    strm.pointee.avail_out = uInt(chunk)
                    rc = inflate(strm, Z_NO_FLUSH)
                    produced = chunk - Int(strm.pointee.avail_out)
                }
                output.removeLast(chunk - produced)
                midMember = true
                if rc == Z_STREAM_END { break }
                if rc != Z_OK && rc != Z_BUF_ERROR {
                    let used = remaining.count - Int(strm.pointee.avail_in)
                    let message = box.message ?? "code \(rc)"
                    strm.pointee.next_in = nil
                    strm.pointee.avail_in = 0
                    throw GzipError(
                        code: rc == Z_MEM_ERROR ? .internalFailure : .corruptData,
                        compressedByteOffset: consumed + used, zlibMessage: message)
                }
            } while strm.pointee.avail_out == 0 || (strm.pointee.avail_in > 0 && rc == Z_OK)
            let used = remaining.count - Int(strm.pointee.avail_in)
            consumed += used
            remaining = UnsafeRawBufferPointer(rebasing: remaining[used...])
            strm.pointee.next_in = nil
            strm.pointee.avail_in = 0
            if rc == Z_STREAM_END {
                // End of one gzip member; another may follow (concatenated members).
                midMember = false
                inflateReset(strm)
            } else if remaining.count > 0 && rc == Z_BUF_ERROR {
                // No progress with input left over cannot happen with a growing output buffer.
                throw GzipError(code: .internalFailure, compressedByteOffset: consumed, zlibMessage: "no progress")
            }
        }
    }

    /// Declares the end of input.
    ///
    /// - Throws: ``GzipError`` with ``GzipError/Code/truncatedStream`` when input stopped inside a member, or
    ///   ``GzipError/Code/emptyStream`` when no input was given at all.
    public mutating func finish() throws(GzipError) {
        finished = true
        if consumed == 0 { throw GzipError(code: .emptyStream, compressedByteOffset: 0) }
        if midMember { throw GzipError(code: .truncatedStream, compressedByteOffset: consumed) }
    }
}
