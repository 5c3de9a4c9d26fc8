import Foundation
import NIOCore
import NIOHTTP1
import Synchronization

@testable import DataPlane

/// Test credentials; the secret is distinctive so tests can check it never leaks.
let fakeSecret = "SECRET-do-not-print-wJalrXUtnFEMI"
let fakeCredentials = AWSCredentials(accessKeyID: "AKIDEXAMPLE", secretAccessKey: fakeSecret)

func makeLocation(
    bucket: String = "ferry-test", prefix: String = "runs/1/", endpoint: ObjectStoreURL.Endpoint? = .init(
        usesTLS: false, host: "127.0.0.1", port: 9100), region: String = "us-east-1", pathStyle: Bool = true
) -> ObjectStoreURL.S3Location {
    ObjectStoreURL.S3Location(
        bucket: bucket, prefix: prefix, endpoint: endpoint, region: region, usesPathStyle: pathStyle)
}

/// Decodes %XX escapes.
func percentDecode(_ text: Substring) -> String {
    var bytes: [UInt8] = []
    var iterator = Array(text.utf8).makeIterator()
    while let byte = iterator.next() {
        if byte == UInt8(ascii: "%"), let high = iterator.next(), let low = iterator.next() {
            bytes.append(UInt8(String(decoding: [high, low], as: UTF8.self), radix: 16)!)
        } else {
            bytes.append(byte)
        }
    }
    return String(decoding: bytes, as: UTF8.self)
}

/// A scripted failure: when `matches` says yes, answer `status` with an S3 `<Error>` carrying `code`, `times` times.
struct InjectedFailure: Sendable {
    var matches: @Sendable (FakeS3.Request) -> Bool
    var status: Int
    var code: String
    var times: Int = 1
    var retryAfter: String? = nil
    /// Throw this instead of answering (a connection failure).
    var transportError: (any Error)? = nil
}

/// An in-memory S3 (path style) behind the `S3Transport` seam: objects, multipart uploads, ListObjectsV2 with
/// continuation tokens, and failure injection. No sockets.
final class FakeS3: S3Transport, Sendable {
    struct Request: Sendable {
        var method: String
        var bucket: String
        var key: String
        var query: [String: String]
        var headers: [(name: String, value: String)]
        var bodySize: Int
        var operation: String {
            switch (method, key.isEmpty) {
            case ("GET", true): query["uploads"] != nil ? "ListMultipartUploads" : "ListObjectsV2"
            case ("POST", _): query["uploads"] != nil ? "CreateMultipartUpload" : "CompleteMultipartUpload"
            case ("PUT", _): query["partNumber"] != nil ? "UploadPart" : "PutObject"
            case ("DELETE", _): query["uploadId"] != nil ? "AbortMultipartUpload" : "DeleteObject"
            case ("HEAD", _): "HeadObject"
            default: "GetObject"
            }
        }
    }

    struct State {
        var objects: [String: [UInt8]] = [:]
        var uploads: [String: (key: String, parts: [Int: [UInt8]])] = [:]
        var requests: [Request] = []
        var failures: [InjectedFailure] = []
        var inFlightParts = 0
        var maximumInFlightParts = 0
        var nextUploadID = 1
    }

    let state = Mutex(State())
    let bucket = "ferry-test"

    var requests: [Request] { state.withLock { $0.requests } }
    var objects: [String: [UInt8]] { state.withLock { $0.objects } }
    var pendingUploads: Int { state.withLock { $0.uploads.count } }
    var maximumInFlightParts: Int { state.withLock { $0.maximumInFlightParts } }
    func operations() -> [String] { requests.map(\.operation) }

    func inject(_ failure: InjectedFailure) { state.withLock { $0.failures.append(failure) } }

    func execute(_ prepared: S3PreparedRequest, timeout: Duration) async throws -> S3HTTPResponse {
        let request = Self.parse(prepared)
        let injected: InjectedFailure? = state.withLock { state in
            state.requests.append(request)
            guard let index = state.failures.firstIndex(where: { $0.matches(request) }) else { return nil }
            let failure = state.failures[index]
            state.failures[index].times -= 1
            if state.failures[index].times <= 0 { state.failures.remove(at: index) }
            return failure
        }
        if let injected {
            if let error = injected.transportError { throw error }
            var headers: [(String, String)] = []
            if let retryAfter = injected.retryAfter { headers.append(("Retry-After", retryAfter)) }
            return Self.answer(
                injected.status, headers: headers,
                body: "<?xml version=\"1.0\" encoding=\"UTF-8\"?>\n<Error><Code>\(injected.code)</Code>"
                    + "<Message>injected \(injected.code)</Message><RequestId>REQ123</RequestId></Error>")
        }
        guard request.bucket == bucket else {
            return Self.answer(404, body: "<Error><Code>NoSuchBucket</Code><Message>no bucket</Message></Error>")
        }
        let body = prepared.body.map { Array($0.readableBytesView) } ?? []
        switch request.operation {
        case "PutObject":
            state.withLock { $0.objects[request.key] = body }
            return Self.answer(200, headers: [("ETag", "\"etag\"")])
        case "GetObject", "HeadObject":
            guard let object = state.withLock({ $0.objects[request.key] }) else {
                return Self.answer(404, body: request.method == "HEAD" ? "" : "<Error><Code>NoSuchKey</Code></Error>")
            }
            let headers = [("Content-Length", String(object.count)), ("Last-Modified", "Wed, 01 May 2024 12:34:56 GMT")]
            if request.method == "HEAD" { return Self.answer(200, headers: headers) }
            // Deliver in 1000-byte pieces to exercise streaming.
            let pieces = stride(from: 0, to: object.count, by: 1000).map {
                ByteBuffer(bytes: object[$0..<Swift.min($0 + 1000, object.count)])
            }
            return S3HTTPResponse(
                status: 200, headers: HTTPHeaders(headers),
                body: AsyncThrowingStream { continuation in
                    for piece in pieces { continuation.yield(piece) }
                    continuation.finish()
                })
        case "DeleteObject":
            state.withLock { _ = $0.objects.removeValue(forKey: request.key) }
            return Self.answer(204)
        case "CreateMultipartUpload":
            let id = state.withLock { state in
                let id = "upload-\(state.nextUploadID)"
                state.nextUploadID += 1
                state.uploads[id] = (request.key, [:])
                return id
            }
            return Self.answer(
                200, body: "<InitiateMultipartUploadResult><Bucket>\(bucket)</Bucket><Key>\(request.key)</Key>"
                    + "<UploadId>\(id)</UploadId></InitiateMultipartUploadResult>")
        case "UploadPart":
            state.withLock { state in
                state.inFlightParts += 1
                state.maximumInFlightParts = Swift.max(state.maximumInFlightParts, state.inFlightParts)
            }
            for _ in 0..<20 { await Task.yield() }
            let number = Int(request.query["partNumber"]!)!
            let stored: Bool = state.withLock { state in
                state.inFlightParts -= 1
                guard let id = request.query["uploadId"], state.uploads[id] != nil else { return false }
                state.uploads[id]!.parts[number] = body
                return true
            }
            guard stored else { return Self.answer(404, body: "<Error><Code>NoSuchUpload</Code></Error>") }
            return Self.answer(200, headers: [("ETag", "\"part-\(number)\"")])
        case "CompleteMultipartUpload":
            let text = String(decoding: body, as: UTF8.self)
            let ok: Bool = state.withLock { state in
                guard let id = request.query["uploadId"], let upload = state.uploads.removeValue(forKey: id) else {
                    return false
                }
                let numbers = upload.parts.keys.sorted()
                guard numbers == Array(1..<(numbers.count + 1)) else { return false }
                for number in numbers where !text.contains("<ETag>&quot;part-\(number)&quot;</ETag>") { return false }
                state.objects[upload.key] = numbers.flatMap { upload.parts[$0]! }
                return true
            }
            guard ok else { return Self.answer(400, body: "<Error><Code>InvalidPart</Code></Error>") }
            return Self.answer(
                200, body: "<CompleteMultipartUploadResult><Key>\(request.key)</Key><ETag>\"x-2\"</ETag>"
                    + "</CompleteMultipartUploadResult>")
        case "AbortMultipartUpload":
            let existed = state.withLock { $0.uploads.removeValue(forKey: request.query["uploadId"]!) != nil }
            return Self.answer(existed ? 204 : 404)
        case "ListObjectsV2":
            let prefix = request.query["prefix"] ?? ""
            let maxKeys = Int(request.query["max-keys"] ?? "1000")!
            let after = request.query["continuation-token"].map { String($0.dropFirst(4)) }
            let keys = state.withLock { $0.objects }.filter { $0.key.hasPrefix(prefix) }
                .sorted { $0.key.utf8.lexicographicallyPrecedes($1.key.utf8) }
                .filter { after == nil || after!.utf8.lexicographicallyPrecedes($0.key.utf8) }
            let page = keys.prefix(maxKeys)
            var xml = "<?xml version=\"1.0\"?><ListBucketResult xmlns=\"http://s3.amazonaws.com/doc/2006-03-01/\">"
            xml += "<Name>\(bucket)</Name><Prefix>\(S3XML.escape(prefix))</Prefix><KeyCount>\(page.count)</KeyCount>"
            xml += "<IsTruncated>\(keys.count > maxKeys)</IsTruncated>"
            if keys.count > maxKeys { xml += "<NextContinuationToken>tok-\(S3XML.escape(page.last!.key))</NextContinuationToken>" }
            for (key, bytes) in page {
                xml += "<Contents><Key>\(S3XML.escape(key))</Key><LastModified>2024-05-01T12:34:56.789Z</LastModified>"
                xml += "<ETag>\"e\"</ETag><Size>\(bytes.count)</Size><StorageClass>STANDARD</StorageClass></Contents>"
            }
            return Self.answer(200, body: xml + "</ListBucketResult>")
        case "ListMultipartUploads":
            let uploads = state.withLock { $0.uploads }
            var xml = "<ListMultipartUploadsResult><Bucket>\(bucket)</Bucket><IsTruncated>false</IsTruncated>"
            for (id, upload) in uploads { xml += "<Upload><Key>\(upload.key)</Key><UploadId>\(id)</UploadId></Upload>" }
            return Self.answer(200, body: xml + "</ListMultipartUploadsResult>")
        default:
            return Self.answer(400, body: "<Error><Code>NotImplemented</Code></Error>")
        }
    }

    static func answer(_ status: Int, headers: [(String, String)] = [], body: String = "") -> S3HTTPResponse {
        let bytes = ByteBuffer(string: body)
        return S3HTTPResponse(
            status: status, headers: HTTPHeaders(headers),
            body: AsyncThrowingStream { continuation in
                if bytes.readableBytes > 0 { continuation.yield(bytes) }
                continuation.finish()
            })
    }

    static func parse(_ prepared: S3PreparedRequest) -> Request {
        let url = prepared.url
        let afterScheme = url[url.range(of: "://")!.upperBound...]
        let pathStart = afterScheme.firstIndex(of: "/")!
        let pathAndQuery = afterScheme[pathStart...]
        let queryStart = pathAndQuery.firstIndex(of: "?")
        let path = percentDecode(pathAndQuery[..<(queryStart ?? pathAndQuery.endIndex)].dropFirst())
        var query: [String: String] = [:]
        if let queryStart {
            for pair in pathAndQuery[pathAndQuery.index(after: queryStart)...].split(separator: "&") {
                let parts = pair.split(separator: "=", maxSplits: 1, omittingEmptySubsequences: false)
                query[percentDecode(parts[0])] = parts.count > 1 ? percentDecode(parts[1]) : ""
            }
        }
        let slash = path.firstIndex(of: "/")
        return Request(
            method: prepared.method, bucket: String(path[..<(slash ?? path.endIndex)]),
            key: slash.map { String(path[path.index(after: $0)...]) } ?? "", query: query, headers: prepared.headers,
            bodySize: prepared.body?.readableBytes ?? 0)
    }
}

/// Records the delays the store asked to sleep, without sleeping.
final class SleepRecorder: Sendable {
    let delays = Mutex<[Duration]>([])
    var recorded: [Duration] { delays.withLock { $0 } }
    func sleep(_ duration: Duration) async throws {
        try Task.checkCancellation()
        delays.withLock { $0.append(duration) }
    }
}

/// Makes a store over a fake transport, with a fixed clock and recorded sleeps.
func makeFakeStore(
    _ fake: FakeS3, prefix: String = "runs/1/", partSize: Int = 5 << 20, concurrency: Int = 3,
    retry: S3RetryPolicy = S3RetryPolicy(maximumAttempts: 4), sleeper: SleepRecorder = SleepRecorder(),
    listPageSize: Int = 1000
) throws -> S3ObjectStore {
    let configuration = S3ObjectStore.Configuration(
        location: makeLocation(prefix: prefix), credentials: fakeCredentials, partSize: partSize,
        uploadConcurrency: concurrency, retryPolicy: retry, listPageSize: listPageSize)
    return try S3ObjectStore(
        configuration: configuration, transport: fake, logger: S3ObjectStore.silentLogger,
        sleep: { try await sleeper.sleep($0) }, now: { Date(timeIntervalSince1970: 1_714_567_890) })
}

/// A source of `count` deterministic bytes in chunks of `chunk` bytes that throws after `failAfter` bytes, if set.
struct TestSource: AsyncSequence, Sendable {
    struct SourceError: Error, Equatable {}
    var count: Int
    var chunk: Int
    var failAfter: Int? = nil

    /// A pattern with a prime period, so part boundaries never line up with it.
    static let period = 65_521
    static let pattern: [UInt8] = (0..<period).map { UInt8(truncatingIfNeeded: $0 &* 31 &+ $0 >> 8) }

    /// Bytes `range` of the source (copied from the pattern slice by slice, which is fast even in debug builds).
    static func bytes(_ range: Range<Int>) -> [UInt8] {
        var out: [UInt8] = []
        out.reserveCapacity(range.count)
        var index = range.lowerBound
        while index < range.upperBound {
            let offset = index % period
            let take = Swift.min(period - offset, range.upperBound - index)
            out.append(contentsOf: pattern[offset..<(offset + take)])
            index += take
        }
        return out
    }

    static func bytes(_ count: Int) -> [UInt8] { bytes(0..<count) }

    struct AsyncIterator: AsyncIteratorProtocol {
        var source: TestSource
        var offset = 0
        mutating func next() async throws -> [UInt8]? {
            if let failAfter = source.failAfter, offset >= failAfter { throw SourceError() }
            guard offset < source.count else { return nil }
            let end = Swift.min(source.count, offset + source.chunk)
            defer { offset = end }
            return TestSource.bytes(offset..<end)
        }
    }

    func makeAsyncIterator() -> AsyncIterator { AsyncIterator(source: self) }
}

/// A deterministic random number generator (SplitMix64) for back-off tests. (Named apart from the main package's
/// `SeededGenerator` so the two test folders can merge.)
struct S3TestGenerator: RandomNumberGenerator {
    var state: UInt64

    init(seed: UInt64) { self.state = seed }

    mutating func next() -> UInt64 {
        state &+= 0x9E37_79B9_7F4A_7C15
        var z = state
        z = (z ^ (z >> 30)) &* 0xBF58_476D_1CE4_E5B9
        z = (z ^ (z >> 27)) &* 0x94D0_49BB_1331_11EB
        return z ^ (z >> 31)
    }
}
