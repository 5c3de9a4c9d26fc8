internal import Crypto
internal import Logging
internal import NIOCore
internal import NIOHTTP1

extension S3ObjectStore {
    /// Writes an object from a stream of chunks; see ``ObjectStore/put(_:from:)``.
    ///
    /// Up to ``Configuration/partSize`` bytes go in one `PutObject`; larger objects use a multipart upload with
    /// up to ``Configuration/uploadConcurrency`` parts in flight. The SHA-256 of the whole object is computed while
    /// reading the source.
    ///
    /// - Parameters:
    ///   - key: The object's key, relative to the store's prefix.
    ///   - chunks: The object's bytes.
    /// - Returns: The size and SHA-256 written.
    /// - Throws: The source's error, `CancellationError`, ``ObjectStoreError`` for an invalid key, or
    ///   ``S3Error``. In every case a started multipart upload is aborted and no object is created or replaced.
    public func put<Chunks: AsyncSequence>(_ key: ObjectKey, from chunks: Chunks) async throws -> ObjectPutResult
    where Chunks.Element == [UInt8] {
        let fullKey = try key.prefixed(with: prefix).rawValue
        var assembler = PartAssembler(iterator: chunks.makeAsyncIterator(), partSize: configuration.partSize)
        let first = try await assembler.nextPart()
        let second = assembler.isExhausted ? nil : try await assembler.nextPart()
        guard let second else {
            var call = S3Call(operation: "PutObject", method: "PUT", key: fullKey)
            call.body = first ?? ByteBuffer()
            try await send(call) { _ in }
            return assembler.result(key: key)
        }
        try await uploadMultipart(fullKey: fullKey, first: first!, second: second, assembler: &assembler)
        return assembler.result(key: key)
    }

    /// Runs a multipart upload from the first two parts and the rest of the source, aborting it on any failure.
    private func uploadMultipart<Iterator: AsyncIteratorProtocol>(
        fullKey: String, first: ByteBuffer, second: ByteBuffer, assembler: inout PartAssembler<Iterator>
    ) async throws where Iterator.Element == [UInt8] {
        var initiate = S3Call(operation: "CreateMultipartUpload", method: "POST", key: fullKey)
        initiate.query = [("uploads", nil)]
        initiate.acceptedStatuses = [200]
        let uploadID = try await send(initiate) { response in
            try S3InitiateMultipartUploadResult.decode(try await response.collect(upTo: 1 << 20)).uploadID
        }
        do {
            let parts = try await uploadParts(
                fullKey: fullKey, uploadID: uploadID, first: first, second: second, assembler: &assembler)
            try await completeUpload(fullKey: fullKey, uploadID: uploadID, parts: parts)
        } catch {
            // The abort must run precisely when the calling task has been cancelled, so it runs in a new task that
            // does not inherit the cancellation, and is awaited here (not fire-and-forget). All part uploads have
            // finished by now (the task group waited for them), so no part can land after the abort.
            let store = self
            let aborted = await Task {
                do {
                    try await store.abortUpload(fullKey: fullKey, uploadID: uploadID)
                    return true
                } catch {
                    return false
                }
            }.value
            if !aborted {
                logger.debug(
                    "S3 multipart upload could not be aborted; list and abort it later",
                    metadata: ["s3.operation": "AbortMultipartUpload"])
            }
            throw error
        }
    }

    /// Uploads every part with bounded parallelism and returns the part numbers and ETags.
    private func uploadParts<Iterator: AsyncIteratorProtocol>(
        fullKey: String, uploadID: String, first: ByteBuffer, second: ByteBuffer,
        assembler: inout PartAssembler<Iterator>
    ) async throws -> [(number: Int, eTag: String)] where Iterator.Element == [UInt8] {
        let width = configuration.uploadConcurrency
        return try await withThrowingTaskGroup(of: (Int, String).self) { group in
            var finished: [(number: Int, eTag: String)] = []
            var inFlight = 0
            var number = 0
            var pending: [ByteBuffer] = [first, second]
            while true {
                let part: ByteBuffer
                if !pending.isEmpty {
                    part = pending.removeFirst()
                } else if !assembler.isExhausted, let next = try await assembler.nextPart() {
                    part = next
                } else {
                    break
                }
                number += 1
                guard number <= Self.maximumPartCount else {
                    throw S3Error(
                        code: .objectTooLarge, operation: "UploadPart", bucket: bucket, key: fullKey,
                        reason: "the object needs more than \(Self.maximumPartCount) parts of \(configuration.partSize) "
                            + "bytes; raise partSize")
                }
                if inFlight == width, let done = try await group.next() {
                    finished.append(done)
                    inFlight -= 1
                }
                let partNumber = number
                group.addTask {
                    (partNumber, try await self.uploadPart(fullKey: fullKey, uploadID: uploadID, number: partNumber, body: part))
                }
                inFlight += 1
            }
            while let done = try await group.next() { finished.append(done) }
            return finished
        }
    }

    /// Uploads one part and returns its ETag.
    private func uploadPart(fullKey: String, uploadID: String, number: Int, body: ByteBuffer) async throws -> String {
        var call = S3Call(operation: "UploadPart", method: "PUT", key: fullKey)
        call.query = [("partNumber", String(number)), ("uploadId", uploadID)]
        call.body = body
        call.acceptedStatuses = [200]
        let bucket = self.bucket
        return try await send(call) { response throws(S3Error) -> String in
            guard let eTag = response.headers.first(name: "etag"), !eTag.isEmpty else {
                throw S3Error(
                    code: .invalidResponse, operation: "UploadPart", bucket: bucket, key: fullKey, httpStatus: 200,
                    reason: "the answer for part \(number) has no ETag")
            }
            return eTag
        }
    }

    /// Completes an upload. A 200 answer carrying an `<Error>` is an error (retried when transient).
    private func completeUpload(fullKey: String, uploadID: String, parts: [(number: Int, eTag: String)]) async throws {
        var call = S3Call(operation: "CompleteMultipartUpload", method: "POST", key: fullKey)
        call.query = [("uploadId", uploadID)]
        call.body = ByteBuffer(string: S3CompleteMultipartUploadResult.requestBody(parts: parts))
        call.headers = [("content-type", "application/xml")]
        call.acceptedStatuses = [200]
        try await send(call) { response in
            switch try S3CompleteMultipartUploadResult.decode(try await response.collect(upTo: 1 << 20)) {
            case .completed:
                return
            case .failed(let error):
                // S3 may report a failure after sending 200; InternalError and SlowDown are worth a retry.
                let status = error.code == "SlowDown" ? 503 : (error.code == "InternalError" ? 500 : 400)
                throw makeError(status: status, parsed: error, call: call, attempts: 1)
            }
        }
    }
}

/// Cuts a stream of chunks of any size into parts of exactly `partSize` bytes (the last one shorter), hashing and
/// counting every byte on the way.
struct PartAssembler<Iterator: AsyncIteratorProtocol> where Iterator.Element == [UInt8] {
    var iterator: Iterator
    let partSize: Int
    /// Bytes of the last chunk that did not fit in the previous part.
    private var carry: ArraySlice<UInt8> = []
    private var isSourceFinished = false
    private var hasher = SHA256()
    private(set) var size: Int64 = 0

    init(iterator: Iterator, partSize: Int) {
        self.iterator = iterator
        self.partSize = partSize
    }

    /// Whether every byte of the source has been returned in a part.
    var isExhausted: Bool { isSourceFinished && carry.isEmpty }

    /// Returns the next part, or `nil` when the source has no more bytes. The first call returns an empty part for
    /// an empty source (an empty object is still an object).
    mutating func nextPart() async throws -> ByteBuffer? {
        var part = ByteBuffer()
        part.reserveCapacity(Swift.min(partSize, Swift.max(carry.count, 64 << 10)))
        let isFirst = size == 0 && carry.isEmpty && !isSourceFinished
        if !carry.isEmpty {
            let take = Swift.min(carry.count, partSize)
            part.writeBytes(carry.prefix(take))
            carry = carry.dropFirst(take)
        }
        while part.readableBytes < partSize && !isSourceFinished {
            try Task.checkCancellation()
            guard let chunk = try await iterator.next(isolation: #isolation) else {
                isSourceFinished = true
                break
            }
            chunk.withUnsafeBytes { hasher.update(bufferPointer: $0) }
            size += Int64(chunk.count)
            let take = Swift.min(chunk.count, partSize - part.readableBytes)
            part.writeBytes(chunk[..<take])
            if take < chunk.count { carry = chunk[take...] }
        }
        if part.readableBytes == 0 && !isFirst { return nil }
        return part
    }

    /// The put's result: size and SHA-256 of every byte read.
    func result(key: ObjectKey) -> ObjectPutResult {
        ObjectPutResult(key: key, size: size, sha256: hex(hasher.finalize()))
    }
}
