#if canImport(FoundationEssentials)
internal import FoundationEssentials
#else
internal import Foundation
#endif
public import AsyncHTTPClient
public import Logging
internal import NIOCore
internal import NIOHTTP1

/// An ``ObjectStore`` in an S3-compatible service (`s3://bucket/prefix?endpoint=...&region=...&path_style=true`).
///
/// ```swift
/// let aws = try AWSEnvironment(ProcessInfo.processInfo.environment)   // the application reads the environment
/// guard case .s3(let location) = try ObjectStoreURL("s3://reports/exports?region=eu-west-1") else { ... }
/// let store = try S3ObjectStore(
///     configuration: .init(location: location, credentials: aws.credentials!), httpClient: .shared, logger: logger)
/// let result = try await store.put(try ObjectKey("2024/orders.csv"), from: chunks)
/// ```
///
/// ## Requests
/// Every request is signed with AWS Signature V4 (``SigV4Signer``). Addressing is path-style
/// (`host/bucket/key`) or virtual-hosted (`bucket.host/key`) as the location says. Keys are always relative to the
/// location's prefix and validated by ``ObjectKey``, so they cannot reach outside it; listings strip the prefix.
///
/// ## Uploads
/// An object of at most ``Configuration/partSize`` bytes goes up in one `PutObject`. A larger one uses a multipart
/// upload: the source is cut into parts of exactly `partSize` bytes (the last one shorter), up to
/// ``Configuration/uploadConcurrency`` parts are sent in parallel, and `CompleteMultipartUpload` lists their
/// ETags. At most `uploadConcurrency + 1` parts are in memory at once (by default 5 × 8 MiB = 40 MiB), whatever the
/// object's size. If the source throws, a request fails for good, or the task is cancelled, the upload is aborted
/// (`AbortMultipartUpload`, retried, and run even though the task is cancelled) so no parts are left behind, and
/// the error is rethrown. An existing object with the key is untouched until the upload completes.
///
/// ## Retries
/// Server errors (5xx), throttling (429, `SlowDown`) and connection failures are retried with exponential back-off
/// and jitter (``S3RetryPolicy``); other 4xx answers fail at once with an ``S3Error`` that names the operation,
/// bucket, key, status and S3's code and message. A missing object is ``ObjectStoreError/Code/notFound``.
///
/// ## Secrets
/// Credentials come from ``Configuration/credentials``; read the standard environment variables with
/// ``AWSEnvironment``. They never appear in descriptions, errors or logs; the store logs only at debug level
/// (retries), with the operation, status and S3 error code as metadata.
///
/// ## Concurrency
/// A value type holding a shared `HTTPClient`: call it from any task, concurrently. The client must stay alive
/// (not shut down) while the store is used; ``HTTPClient/shared`` never shuts down. Cancelling the calling task
/// cancels the request in flight; a cancelled put leaves nothing behind.
public struct S3ObjectStore: ObjectStore, CustomStringConvertible {
    /// How request bodies are hashed for the signature (`x-amz-content-sha256`).
    public struct PayloadSigning: Sendable, Hashable, CustomStringConvertible {
        private enum Base: Sendable, Hashable {
            case sha256
            case unsigned
        }

        private let base: Base

        private init(_ base: Base) { self.base = base }

        /// Sign the SHA-256 of every body (the default). Each part is hashed once more while it is in memory
        /// (about 1–2 GB/s with swift-crypto on x86-64); AWS then rejects a body altered in transit, even over
        /// plain http.
        public static let sha256 = PayloadSigning(.sha256)
        /// Send `UNSIGNED-PAYLOAD`: saves one hash pass per part, and relies on TLS (and S3's own checks) for
        /// integrity. Use only with https endpoints.
        public static let unsigned = PayloadSigning(.unsigned)

        /// `sha256` or `unsigned`.
        public var description: String { base == .sha256 ? "sha256" : "unsigned" }

        var isSigned: Bool { base == .sha256 }
    }

    /// Settings for an S3 store. The credentials are kept out of `description` and reflection.
    public struct Configuration: Sendable, CustomStringConvertible {
        /// Where the objects live: bucket, key prefix, endpoint, region and addressing style.
        public var location: ObjectStoreURL.S3Location
        /// The credentials every request is signed with.
        public var credentials: AWSCredentials
        /// The size of each multipart-upload part except the last, and the largest object sent in one PUT
        /// (default 8 MiB; S3 allows 5 MiB to 5 GiB). An upload may have at most 10,000 parts, so the largest
        /// object is 10,000 × `partSize` (78 GiB at 8 MiB).
        public var partSize: Int
        /// How many parts of one upload are sent at the same time (default 4).
        public var uploadConcurrency: Int
        /// How request bodies are hashed for the signature (default ``PayloadSigning/sha256``).
        public var payloadSigning: PayloadSigning
        /// When and how failed requests are retried.
        public var retryPolicy: S3RetryPolicy
        /// The time each attempt may take until the answer's head arrives, upload included (default 120 s).
        /// Reading a downloaded body afterwards is bounded by the HTTP client's read timeout instead.
        public var requestTimeout: Duration
        /// How many keys each ListObjectsV2 request asks for (default 1000, S3's maximum).
        public var listPageSize: Int

        /// Creates a configuration with default tuning.
        ///
        /// - Parameters:
        ///   - location: The bucket, prefix, endpoint, region and addressing style (from ``ObjectStoreURL``).
        ///   - credentials: The credentials to sign with.
        ///   - partSize: The multipart part size (default 8 MiB).
        ///   - uploadConcurrency: Parts in flight per upload (default 4).
        ///   - payloadSigning: Body hashing (default ``PayloadSigning/sha256``).
        ///   - retryPolicy: The retry policy (default ``S3RetryPolicy/init(maximumAttempts:baseDelay:maximumDelay:)``).
        ///   - requestTimeout: Per-attempt timeout until the answer's head (default 120 s).
        ///   - listPageSize: Keys per listing request (default 1000).
        public init(
            location: ObjectStoreURL.S3Location, credentials: AWSCredentials, partSize: Int = 8 << 20,
            uploadConcurrency: Int = 4, payloadSigning: PayloadSigning = .sha256,
            retryPolicy: S3RetryPolicy = S3RetryPolicy(), requestTimeout: Duration = .seconds(120),
            listPageSize: Int = 1000
        ) {
            self.location = location
            self.credentials = credentials
            self.partSize = partSize
            self.uploadConcurrency = uploadConcurrency
            self.payloadSigning = payloadSigning
            self.retryPolicy = retryPolicy
            self.requestTimeout = requestTimeout
            self.listPageSize = listPageSize
        }

        /// The location and tuning, with the credentials shown as the access key ID only.
        public var description: String {
            "S3ObjectStore.Configuration(\(location), \(credentials), partSize: \(partSize), "
                + "uploadConcurrency: \(uploadConcurrency), payloadSigning: \(payloadSigning))"
        }
    }

    /// A multipart upload that was started and neither completed nor aborted (for example, by a crashed process).
    public struct MultipartUpload: Sendable, Hashable {
        /// The object's key, relative to the store's prefix.
        public var key: ObjectKey
        /// S3's upload ID.
        public var uploadID: String

        /// Creates a value.
        ///
        /// - Parameters:
        ///   - key: The key relative to the store's prefix.
        ///   - uploadID: The upload ID.
        public init(key: ObjectKey, uploadID: String) {
            self.key = key
            self.uploadID = uploadID
        }
    }

    /// S3's minimum part size (except for the last part).
    public static let minimumPartSize = 5 << 20
    /// S3's maximum part size.
    public static let maximumPartSize = 5 << 30
    /// S3's maximum number of parts in one upload.
    public static let maximumPartCount = 10_000

    /// The store's settings.
    public let configuration: Configuration
    let builder: S3RequestBuilder
    let transport: any S3Transport
    let logger: Logger
    let sleep: @Sendable (Duration) async throws -> Void
    let now: @Sendable () -> Date

    /// Creates a store. No request is made here.
    ///
    /// - Parameters:
    ///   - configuration: Location, credentials and tuning.
    ///   - httpClient: The HTTP client to send requests with (default `HTTPClient.shared`). It must not be shut
    ///     down while the store is in use. A client made with ``makeHTTPClientConfiguration()`` adds read and
    ///     connect timeouts and turns redirects off.
    ///   - logger: Where retries are logged, at debug level (default: nowhere).
    /// - Throws: ``S3Error`` with code ``S3Error/Code/invalidConfiguration`` when a setting is out of range or
    ///   the credentials are empty.
    public init(configuration: Configuration, httpClient: HTTPClient = .shared, logger: Logger = S3ObjectStore.silentLogger)
        throws(S3Error)
    {
        try self.init(
            configuration: configuration, transport: AsyncHTTPClientTransport(client: httpClient), logger: logger,
            sleep: { try await Task.sleep(for: $0) }, now: { Date() })
    }

    init(
        configuration: Configuration, transport: any S3Transport, logger: Logger,
        sleep: @escaping @Sendable (Duration) async throws -> Void, now: @escaping @Sendable () -> Date
    ) throws(S3Error) {
        func fail(_ reason: String) -> S3Error {
            S3Error(
                code: .invalidConfiguration, operation: "Configure", bucket: configuration.location.bucket,
                key: configuration.location.prefix, reason: reason)
        }
        guard (Self.minimumPartSize...Self.maximumPartSize).contains(configuration.partSize) else {
            throw fail("partSize must be between 5 MiB and 5 GiB (S3's limits), not \(configuration.partSize) bytes")
        }
        guard (1...64).contains(configuration.uploadConcurrency) else {
            throw fail("uploadConcurrency must be between 1 and 64, not \(configuration.uploadConcurrency)")
        }
        guard (1...1000).contains(configuration.listPageSize) else {
            throw fail("listPageSize must be between 1 and 1000, not \(configuration.listPageSize)")
        }
        guard configuration.requestTimeout > .zero else { throw fail("requestTimeout must be positive") }
        guard !configuration.credentials.accessKeyID.isEmpty, !configuration.credentials.secretAccessKey.isEmpty
        else {
            throw fail("the access key ID and secret access key must not be empty")
        }
        self.configuration = configuration
        self.builder = S3RequestBuilder(location: configuration.location, credentials: configuration.credentials)
        self.transport = transport
        self.logger = logger
        self.sleep = sleep
        self.now = now
    }

    /// A logger that discards everything, the default for ``init(configuration:httpClient:logger:)``.
    public static let silentLogger = Logger(label: "ferry.s3", factory: { _ in SwiftLogNoOpLogHandler() })

    /// An HTTP client configuration suited to S3: no redirects (a redirected request would need a new
    /// signature, and would carry the session token to another host), connect and read timeouts, no automatic
    /// decompression, HTTP/1.1.
    ///
    /// AsyncHTTPClient keeps retrying a refused connection until the connect timeout, so the connect timeout is
    /// also how long one attempt waits for an endpoint that is down.
    ///
    /// ```swift
    /// let client = HTTPClient(eventLoopGroupProvider: .singleton, configuration: S3ObjectStore.makeHTTPClientConfiguration())
    /// // ... use stores ...
    /// try await client.shutdown()   // after the last use
    /// ```
    ///
    /// - Parameters:
    ///   - connectTimeout: The time allowed to establish a connection (default 10 s).
    ///   - readTimeout: The longest silence while reading an answer (default 60 s).
    /// - Returns: The configuration.
    public static func makeHTTPClientConfiguration(
        connectTimeout: Duration = .seconds(10), readTimeout: Duration = .seconds(60)
    ) -> HTTPClient.Configuration {
        var configuration = HTTPClient.Configuration(
            redirectConfiguration: .disallow,
            timeout: .init(connect: .nanoseconds(connectTimeout.nanoseconds), read: .nanoseconds(readTimeout.nanoseconds)),
            decompression: .disabled)
        configuration.httpVersion = .http1Only
        return configuration
    }

    /// The store's location and access key ID; never the secret.
    public var description: String { "S3ObjectStore(\(configuration.location), \(configuration.credentials))" }

    /// The location's key prefix (empty, or ending with `/`).
    var prefix: String { configuration.location.prefix }
    /// The bucket.
    var bucket: String { configuration.location.bucket }

    // MARK: - ObjectStore

    /// Opens an object and streams its bytes; see ``ObjectStore/get(_:)``.
    ///
    /// The request is retried until the answer's head arrives; a failure while the body streams is thrown by the
    /// stream and not retried. AsyncHTTPClient buffers a bounded amount ahead of the consumer.
    ///
    /// - Parameter key: The object's key, relative to the store's prefix.
    /// - Returns: The bytes as chunks of the sizes they arrive in.
    /// - Throws: ``ObjectStoreError`` with code ``ObjectStoreError/Code/notFound`` when there is no such object,
    ///   ``S3Error`` for other failures.
    public func get(_ key: ObjectKey) async throws -> AsyncThrowingStream<[UInt8], any Error> {
        let fullKey = try key.prefixed(with: prefix).rawValue
        var call = S3Call(operation: "GetObject", method: "GET", key: fullKey)
        call.acceptedStatuses = [200, 206, 404]
        let response = try await send(call) { response in
            if response.status == 404 { try await throwNotFound(response, call: call, key: key) }
            return response
        }
        let body = response.body
        let box = IteratorBox(body.makeAsyncIterator())
        return AsyncThrowingStream(unfolding: {
            guard let buffer = try await box.next() else { return nil }
            return Array(buffer.readableBytesView)
        })
    }

    /// Lists objects by key prefix, following continuation tokens; see ``ObjectStore/list(prefix:)``.
    ///
    /// Keys are returned relative to the store's prefix; keys in the bucket that are not valid ``ObjectKey``s
    /// (written by other tools, for example with `//`) are skipped.
    ///
    /// - Parameter prefix: The key prefix below the store's prefix (`""` for all).
    /// - Returns: The matching objects in UTF-8 key order.
    /// - Throws: ``ObjectStoreError`` for an invalid prefix, ``S3Error`` for service failures.
    public func list(prefix: String) async throws -> [ObjectInfo] {
        try ObjectKey.validatePrefix(prefix)
        let fullPrefix = self.prefix + prefix
        var results: [ObjectInfo] = []
        var token: String?
        var seenTokens: Set<String> = []
        repeat {
            var query: [(name: String, value: String?)] = [
                ("list-type", "2"), ("max-keys", String(configuration.listPageSize)),
            ]
            if !fullPrefix.isEmpty { query.append(("prefix", fullPrefix)) }
            if let token { query.append(("continuation-token", token)) }
            var call = S3Call(operation: "ListObjectsV2", method: "GET", key: nil, subject: fullPrefix)
            call.query = query
            let page = try await send(call) { response in
                try S3ListPage.decode(try await response.collect(upTo: 64 << 20))
            }
            for entry in page.entries {
                guard entry.key.utf8.starts(with: fullPrefix.utf8), let key = relativeKey(entry.key) else {
                    logger.debug("S3 listing skipped a key that is not a valid object key", metadata: ["s3.operation": "ListObjectsV2"])
                    continue
                }
                results.append(ObjectInfo(key: key, size: entry.size, lastModified: entry.lastModified))
            }
            token = nil
            if page.isTruncated {
                guard let next = page.nextContinuationToken, seenTokens.insert(next).inserted else {
                    throw S3Error(
                        code: .invalidResponse, operation: "ListObjectsV2", bucket: bucket, key: fullPrefix,
                        reason: "the listing is truncated but has no new continuation token")
                }
                token = next
            }
        } while token != nil
        results.sort { $0.key < $1.key }
        return results
    }

    /// Returns an object's size and modification date, or `nil`; see ``ObjectStore/head(_:)``.
    ///
    /// A HEAD answer has no body, so a missing bucket also reads as `nil`.
    ///
    /// - Parameter key: The object's key, relative to the store's prefix.
    /// - Returns: The metadata, or `nil` when absent.
    /// - Throws: ``S3Error``.
    public func head(_ key: ObjectKey) async throws -> ObjectInfo? {
        let fullKey = try key.prefixed(with: prefix).rawValue
        var call = S3Call(operation: "HeadObject", method: "HEAD", key: fullKey)
        call.acceptedStatuses = [200, 404]
        return try await send(call) { response throws(S3Error) -> ObjectInfo? in
            guard response.status == 200 else { return nil }
            guard let length = response.headers.first(name: "content-length").flatMap({ Int64($0) }), length >= 0
            else {
                throw S3Error(
                    code: .invalidResponse, operation: "HeadObject", bucket: bucket, key: fullKey, httpStatus: 200,
                    reason: "the answer has no valid Content-Length")
            }
            let modified = response.headers.first(name: "last-modified").flatMap(S3Date.parseHTTPDate)
            return ObjectInfo(key: key, size: length, lastModified: modified ?? Date(timeIntervalSince1970: 0))
        }
    }

    /// Deletes an object (idempotent); see ``ObjectStore/delete(_:)``.
    ///
    /// - Parameter key: The object's key, relative to the store's prefix.
    /// - Throws: ``S3Error``.
    public func delete(_ key: ObjectKey) async throws {
        let fullKey = try key.prefixed(with: prefix).rawValue
        var call = S3Call(operation: "DeleteObject", method: "DELETE", key: fullKey)
        call.acceptedStatuses = [200, 204, 404]
        try await send(call) { response in
            if response.status == 404 {
                let error = S3ErrorResponse.decode((try? await response.collect(upTo: 64 << 10)) ?? [])
                if error?.code == "NoSuchBucket" {
                    throw self.makeError(status: 404, parsed: error, call: call, attempts: 1)
                }
            }
        }
    }

    // MARK: - Multipart upload housekeeping

    /// Lists multipart uploads under a prefix that were started but neither completed nor aborted.
    ///
    /// Puts abort their own uploads on failure; this finds uploads left by processes that were killed.
    ///
    /// - Parameter prefix: A key prefix below the store's prefix (`""` for all).
    /// - Returns: The pending uploads.
    /// - Throws: ``ObjectStoreError`` for an invalid prefix, ``S3Error`` for service failures.
    public func listMultipartUploads(prefix: String = "") async throws -> [MultipartUpload] {
        try ObjectKey.validatePrefix(prefix)
        let fullPrefix = self.prefix + prefix
        var uploads: [MultipartUpload] = []
        var markers: (key: String, uploadID: String)?
        var pages = 0
        repeat {
            var query: [(name: String, value: String?)] = [("uploads", nil)]
            if !fullPrefix.isEmpty { query.append(("prefix", fullPrefix)) }
            if let markers {
                query.append(("key-marker", markers.key))
                query.append(("upload-id-marker", markers.uploadID))
            }
            var call = S3Call(operation: "ListMultipartUploads", method: "GET", key: nil, subject: fullPrefix)
            call.query = query
            let page = try await send(call) { response in
                try S3MultipartUploadsPage.decode(try await response.collect(upTo: 64 << 20))
            }
            for upload in page.uploads {
                guard let key = relativeKey(upload.key) else { continue }
                uploads.append(MultipartUpload(key: key, uploadID: upload.uploadID))
            }
            markers = nil
            pages += 1
            if page.isTruncated, let key = page.nextKeyMarker, let id = page.nextUploadIDMarker, pages < 10_000 {
                markers = (key, id)
            }
        } while markers != nil
        return uploads
    }

    /// Aborts a pending multipart upload, discarding its parts. Aborting an unknown upload succeeds.
    ///
    /// - Parameter upload: The upload, from ``listMultipartUploads(prefix:)``.
    /// - Throws: ``S3Error``.
    public func abortMultipartUpload(_ upload: MultipartUpload) async throws {
        let fullKey = try upload.key.prefixed(with: prefix).rawValue
        try await abortUpload(fullKey: fullKey, uploadID: upload.uploadID)
    }

    // MARK: - Helpers

    /// The key relative to the store's prefix, or `nil` when `fullKey` is outside the prefix or not a valid key.
    func relativeKey(_ fullKey: String) -> ObjectKey? {
        guard fullKey.utf8.starts(with: prefix.utf8),
            let relative = String(fullKey.utf8.dropFirst(prefix.utf8.count))
        else { return nil }
        return try? ObjectKey(relative)
    }

    /// Throws ``ObjectStoreError/Code/notFound`` for a 404, or ``S3Error`` when the bucket itself is missing.
    private func throwNotFound(_ response: S3HTTPResponse, call: S3Call, key: ObjectKey) async throws -> Never {
        let error = S3ErrorResponse.decode((try? await response.collect(upTo: 64 << 10)) ?? [])
        if error?.code == "NoSuchBucket" { throw makeError(status: 404, parsed: error, call: call, attempts: 1) }
        throw ObjectStoreError(
            code: .notFound, subject: key.rawValue,
            reason: "there is no object with this key in \(configuration.location); check the key and the store "
                + "URL, or list the prefix to see what exists")
    }
}
