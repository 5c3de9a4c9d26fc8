import AsyncHTTPClient
import DataPlane
import Foundation

/// Connection settings for the S3-protocol test server (scripts/start-s3.sh).
enum S3TestServer {
    /// Reads a setting from the environment, with the default that scripts/start-s3.sh uses. (Kept inside this
    /// type so it does not clash with the main package's `env()` helper when the folders merge.)
    static func env(_ name: String, _ fallback: String) -> String {
        ProcessInfo.processInfo.environment[name].flatMap { $0.isEmpty ? nil : $0 } ?? fallback
    }

    static var endpoint: String { env("STORE_ENDPOINT", "http://127.0.0.1:\(env("S3_PORT", "9100"))") }
    static var bucket: String { env("STORE_BUCKET", "ferry-test") }
    static var accessKey: String { env("STORE_ACCESS_KEY", "ferry-test-key") }
    static var secretKey: String { env("STORE_SECRET_KEY", "ferry-test-secret") }
    static var region: String { env("STORE_REGION", "us-east-1") }

    /// The store URL for a prefix.
    static func url(prefix: String, endpoint: String = endpoint, bucket: String = bucket) -> String {
        "s3://\(bucket)/\(prefix)?endpoint=\(endpoint)&region=\(region)&path_style=true"
    }

    static func location(prefix: String, endpoint: String = endpoint, bucket: String = bucket) throws
        -> ObjectStoreURL.S3Location
    {
        guard case .s3(let location) = try ObjectStoreURL(url(prefix: prefix, endpoint: endpoint, bucket: bucket)) else {
            fatalError("not an s3 URL")
        }
        return location
    }

    /// Runs `body` with a store on a fresh, unique prefix, then deletes everything under it (objects and pending
    /// multipart uploads) and shuts the HTTP client down.
    static func withStore<T>(
        _ name: String, partSize: Int = 5 << 20, concurrency: Int = 4, listPageSize: Int = 1000,
        secret: String? = nil, retry: S3RetryPolicy = S3RetryPolicy(maximumAttempts: 3),
        endpoint: String = endpoint, bucket: String = bucket, connectTimeout: Duration = .seconds(10),
        signing: S3ObjectStore.PayloadSigning = .sha256,
        _ body: (S3ObjectStore) async throws -> T
    ) async throws -> T {
        let prefix = "it-\(name)-\(UUID().uuidString.prefix(8).lowercased())/"
        let client = HTTPClient(
            eventLoopGroupProvider: .singleton, configuration: S3ObjectStore.makeHTTPClientConfiguration(connectTimeout: connectTimeout))
        let credentials = AWSCredentials(accessKeyID: accessKey, secretAccessKey: secret ?? secretKey)
        let configuration = S3ObjectStore.Configuration(
            location: try location(prefix: prefix, endpoint: endpoint, bucket: bucket), credentials: credentials,
            partSize: partSize, uploadConcurrency: concurrency, payloadSigning: signing, retryPolicy: retry,
            listPageSize: listPageSize)
        let store = try S3ObjectStore(configuration: configuration, httpClient: client)
        let result: Result<T, any Error>
        do {
            result = .success(try await body(store))
        } catch {
            result = .failure(error)
        }
        if secret == nil && endpoint == Self.endpoint && bucket == Self.bucket {
            for object in (try? await store.list(prefix: "")) ?? [] { try? await store.delete(object.key) }
            for upload in (try? await store.listMultipartUploads()) ?? [] { try? await store.abortMultipartUpload(upload) }
        }
        try await client.shutdown()
        return try result.get()
    }
}

/// `count` deterministic pseudo-random bytes in chunks, optionally throwing after `failAfter` bytes.
struct PatternSource: AsyncSequence, Sendable {
    struct SourceError: Error, Equatable {}
    var count: Int
    var chunk: Int = 64 << 10
    var seed: UInt64 = 1
    var failAfter: Int? = nil

    struct AsyncIterator: AsyncIteratorProtocol {
        var source: PatternSource
        var offset = 0
        var state: UInt64

        mutating func next() async throws -> [UInt8]? {
            if let failAfter = source.failAfter, offset >= failAfter { throw SourceError() }
            guard offset < source.count else { return nil }
            let size = Swift.min(source.chunk, source.count - offset)
            offset += size
            var out = [UInt8](repeating: 0, count: size)
            var index = 0
            while index < size {
                state = state &* 6_364_136_223_846_793_005 &+ 1_442_695_040_888_963_407
                var word = state
                for _ in 0..<8 where index < size {
                    out[index] = UInt8(truncatingIfNeeded: word >> 33)
                    word = word &* 31 &+ 7
                    index += 1
                }
            }
            return out
        }
    }

    func makeAsyncIterator() -> AsyncIterator { AsyncIterator(source: self, state: seed) }

    /// All the bytes at once (for small sources).
    func bytes() async throws -> [UInt8] {
        var out: [UInt8] = []
        for try await chunk in self { out += chunk }
        return out
    }
}
