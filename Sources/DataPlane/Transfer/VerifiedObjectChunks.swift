internal import Crypto
internal import Synchronization

/// Streams an object's bytes through a size and SHA-256 check against its manifest, decompressing gzip, so a
/// load can verify the object while it streams and refuse it before anything is applied.
///
/// The check fails as soon as more bytes arrive than the manifest lists, and at the end of the object when the
/// size or digest differ: the sequence then throws instead of ending, so the bulk load consuming it fails (and
/// its staging table is discarded). ``Verification`` records the outcome for the caller, which must see
/// ``Verification/isVerified`` before applying anything.
struct VerifiedObjectChunks: AsyncSequence {
    typealias Element = [UInt8]
    typealias Failure = any Error

    /// The outcome of the check, shared between the sequence (on the loading task) and the caller.
    final class Verification: Sendable {
        private let state = Mutex<(verified: Bool, failure: TransferError?)>((false, nil))

        /// Whether the whole object was read and matched the manifest.
        var isVerified: Bool { state.withLock { $0.verified } }
        /// The mismatch, if one was found.
        var failure: TransferError? { state.withLock { $0.failure } }

        func succeed() { state.withLock { $0.verified = true } }
        func fail(_ error: TransferError) { state.withLock { $0.failure = error } }
    }

    let source: AsyncThrowingStream<[UInt8], any Error>
    let manifest: TransferManifest
    let subject: String
    let verification: Verification

    struct AsyncIterator: AsyncIteratorProtocol {
        var source: AsyncThrowingStream<[UInt8], any Error>.AsyncIterator
        let manifest: TransferManifest
        let subject: String
        let verification: Verification
        var hasher = SHA256()
        var size: Int64 = 0
        var gunzip: GzipDecompressor?
        var isDone = false
        /// Decompressed bytes not yet handed out: gzip can expand a chunk many times over, and the loaders buffer
        /// a few chunks' worth of records, so output is cut into pieces of at most ``pieceSize`` bytes.
        var pending: [UInt8] = []
        var pendingOffset = 0
        static let pieceSize = 256 << 10

        private mutating func nextPiece() -> [UInt8]? {
            guard pendingOffset < pending.count else { return nil }
            let end = Swift.min(pendingOffset + Self.pieceSize, pending.count)
            let piece = Array(pending[pendingOffset..<end])
            pendingOffset = end
            if pendingOffset == pending.count {
                pending = []
                pendingOffset = 0
            }
            return piece
        }

        mutating func next() async throws -> [UInt8]? {
            if let piece = nextPiece() { return piece }
            while !isDone {
                guard let chunk = try await source.next(isolation: #isolation) else {
                    isDone = true
                    try finish()
                    return nil
                }
                size += Int64(chunk.count)
                if size > manifest.byteCount {
                    throw mismatch(
                        .sizeMismatch,
                        "the object is larger than the \(manifest.byteCount) bytes its manifest lists; it was changed "
                            + "or replaced after the extract. Refused; re-run the extract")
                }
                chunk.withUnsafeBytes { hasher.update(bufferPointer: $0) }
                guard gunzip != nil else {
                    if chunk.isEmpty { continue }
                    return chunk
                }
                let plain: [UInt8]
                do throws(GzipError) {
                    plain = try gunzip!.decompress(chunk)
                } catch {
                    // Corrupt gzip usually means a changed object: report the mismatch if there is one.
                    try await drainAndCompare()
                    throw CSVError.gzip(error, recordNumber: 0)
                }
                if plain.count <= Self.pieceSize {
                    if !plain.isEmpty { return plain }
                    continue
                }
                pending = plain
                pendingOffset = 0
                return nextPiece()
            }
            return nil
        }

        /// Reads and hashes the rest of the object, then throws if it does not match the manifest.
        private mutating func drainAndCompare() async throws {
            isDone = true
            while let chunk = try await source.next(isolation: #isolation) {
                size += Int64(chunk.count)
                if size > manifest.byteCount { break }
                chunk.withUnsafeBytes { hasher.update(bufferPointer: $0) }
            }
            try compare()
        }

        private mutating func finish() throws {
            try compare()
            if gunzip != nil {
                do throws(GzipError) {
                    try gunzip!.finish()
                } catch {
                    throw CSVError.gzip(error, recordNumber: 0)
                }
            }
            verification.succeed()
        }

        private func compare() throws {
            if size != manifest.byteCount {
                throw mismatch(
                    .sizeMismatch,
                    "the object has \(size) bytes but its manifest lists \(manifest.byteCount); it was truncated, "
                        + "changed or replaced after the extract. Refused; re-run the extract")
            }
            let digest = hasher.finalize().map { byte in
                let text = String(byte, radix: 16)
                return byte < 16 ? "0" + text : text
            }.joined()
            if digest != manifest.sha256 {
                throw mismatch(
                    .checksumMismatch,
                    "the object's SHA-256 is \(digest) but its manifest lists \(manifest.sha256); it was changed "
                        + "after the extract. Refused; re-run the extract")
            }
        }

        private func mismatch(_ code: TransferError.Code, _ reason: String) -> TransferError {
            let error = TransferError(code: code, subject: subject, reason: reason)
            verification.fail(error)
            return error
        }
    }

    func makeAsyncIterator() -> AsyncIterator {
        AsyncIterator(
            source: source.makeAsyncIterator(), manifest: manifest, subject: subject, verification: verification,
            gunzip: manifest.compression.isCompressed ? GzipDecompressor() : nil)
    }
}

extension CSVError {
    /// Wraps a gzip failure in a CSV error (``CSVError/Code/compression``).
    static func gzip(_ error: GzipError, recordNumber: Int) -> CSVError {
        var wrapped = CSVError(code: .compression, recordNumber: recordNumber)
        wrapped.underlying = error
        return wrapped
    }
}
