#if canImport(FoundationEssentials)
internal import FoundationEssentials
#else
internal import Foundation
#endif
internal import Logging
internal import Crypto
internal import NIOCore
internal import NIOHTTP1

/// One S3 operation to send: what to sign and which statuses the caller handles itself.
struct S3Call: Sendable {
    /// The S3 operation name, for errors and logs.
    var operation: String
    /// The HTTP method.
    var method: String
    /// The full key (store prefix included), or `nil` for a bucket-level request.
    var key: String?
    /// What errors name as the key (the full key, or a listing prefix).
    var subject: String?
    /// Decoded query parameters.
    var query: [(name: String, value: String?)] = []
    /// Extra headers to sign and send.
    var headers: [(name: String, value: String)] = []
    /// The body, if any.
    var body: ByteBuffer?
    /// The signed payload hash; computed from `body` by ``S3ObjectStore/send(_:handle:)`` when `nil`.
    var payload: SigV4Payload?
    /// Statuses passed to the handler; any other status is an error (retried when transient).
    var acceptedStatuses: Set<Int> = [200, 204]

    init(operation: String, method: String, key: String?, subject: String? = nil) {
        self.operation = operation
        self.method = method
        self.key = key
        self.subject = subject ?? key
    }
}

extension S3ObjectStore {
    /// Sends a call with retries, and hands an accepted answer to `handle`.
    ///
    /// Each attempt is signed afresh (new `x-amz-date`). Errors thrown by `handle` are classified like the
    /// request's own: a retryable ``S3Error`` (server error, throttling, transport) or a connection failure while
    /// reading the body is retried; anything else is thrown at once.
    ///
    /// - Returns: What `handle` returned.
    /// - Throws: ``S3Error``, `CancellationError`, or what `handle` threw.
    @discardableResult
    func send<T: Sendable>(_ call: S3Call, handle: (S3HTTPResponse) async throws -> T) async throws -> T {
        let policy = configuration.retryPolicy
        let payload = call.payload ?? payloadHash(for: call.body)
        var generator = SystemRandomNumberGenerator()
        var attempt = 0
        while true {
            attempt += 1
            try Task.checkCancellation()
            let request = builder.makeRequest(
                method: call.method, key: call.key, query: call.query, headers: call.headers, body: call.body,
                payload: payload, date: now())
            var retryAfter: Duration?
            let failure: any Error
            do {
                let response = try await transport.execute(request, timeout: configuration.requestTimeout)
                if call.acceptedStatuses.contains(response.status) {
                    return try await handle(response)
                }
                retryAfter = response.headers.first(name: "retry-after").flatMap { Int($0) }.map { Duration.seconds($0) }
                let parsed = S3ErrorResponse.decode((try? await response.collect(upTo: 64 << 10)) ?? [])
                failure = makeError(status: response.status, parsed: parsed, call: call, attempts: attempt)
            } catch {
                failure = error
            }
            if Task.isCancelled { throw CancellationError() }
            let (retryable, finalError) = classify(failure, call: call, attempts: attempt)
            guard retryable, attempt < policy.maximumAttempts else { throw finalError }
            let delay = policy.delay(beforeRetry: attempt, retryAfter: retryAfter, using: &generator)
            logger.debug(
                "S3 request failed; retrying",
                metadata: [
                    "s3.operation": "\(call.operation)", "s3.attempt": "\(attempt)",
                    "s3.error": "\((finalError as? S3Error)?.shortDescription ?? "unknown")",
                    "s3.status": "\((finalError as? S3Error)?.httpStatus.map(String.init) ?? "none")",
                    "s3.delay_ms": "\(delay.nanoseconds / 1_000_000)",
                ])
            try await sleep(delay)
        }
    }

    /// The payload hash for a body under the configured signing mode.
    func payloadHash(for body: ByteBuffer?) -> SigV4Payload {
        guard let body, body.readableBytes > 0 else { return .empty }
        guard configuration.payloadSigning.isSigned else { return .unsigned }
        return body.withUnsafeReadableBytes { SigV4Payload.sha256(hex: hex(SHA256.hash(data: $0))) }
    }

    /// Decides whether a failure is retried, and turns it into the error to throw if it is not.
    func classify(_ error: any Error, call: S3Call, attempts: Int) -> (retryable: Bool, error: any Error) {
        switch error {
        case var error as S3Error:
            error.attempts = attempts
            let retryable = error.code == .serverError || error.code == .throttled || error.code == .transport
            return (retryable, error)
        case let error as S3DecodingError:
            return (false, S3Error(
                code: .invalidResponse, operation: call.operation, bucket: bucket, key: call.subject,
                attempts: attempts, reason: error.reason))
        case is CancellationError, is ObjectStoreError:
            return (false, error)
        default:
            let retryable = S3RetryPolicy.isRetryableTransportError(error)
            let endpoint = "\(builder.scheme)://\(builder.hostHeader)"
            return (retryable, S3Error(
                code: .transport, operation: call.operation, bucket: bucket, key: call.subject, attempts: attempts,
                reason: "could not talk to \(endpoint); check the endpoint and that the service is running",
                underlying: error))
        }
    }

    /// Maps an error answer to an ``S3Error`` with a hint.
    func makeError(status: Int, parsed: S3ErrorResponse?, call: S3Call, attempts: Int) -> S3Error {
        let s3Code = parsed?.code
        let code: S3Error.Code
        var reason: String?
        switch (status, s3Code) {
        case (_, "SlowDown"?), (429, _):
            code = .throttled
            reason = "the service is throttling requests; lower uploadConcurrency or retry later"
        case (401, _), (403, _):
            code = .accessDenied
            switch s3Code {
            case "SignatureDoesNotMatch"?:
                reason = "the secret access key does not match the access key ID; check AWS_SECRET_ACCESS_KEY "
                    + "or the configured credentials"
            case "InvalidAccessKeyId"?:
                reason = "the service does not know this access key ID; check AWS_ACCESS_KEY_ID"
            case "RequestTimeTooSkewed"?:
                reason = "this machine's clock differs from the service's by more than 15 minutes; fix the clock"
            case "ExpiredToken"?, "InvalidToken"?:
                reason = "the session token has expired or is invalid; refresh the temporary credentials"
            default:
                reason = "check the credentials, the region (\(configuration.location.region)) and the bucket's "
                    + "permissions"
            }
        case (404, "NoSuchBucket"?):
            code = .noSuchBucket
            reason = "the bucket does not exist at \(builder.scheme)://\(builder.hostHeader); check the bucket name, "
                + "the endpoint and path_style"
        case (500...599, _):
            code = .serverError
        case (300...399, _):
            code = .clientError
            reason = "the service redirected the request; check the region and the endpoint"
        default:
            code = .clientError
        }
        return S3Error(
            code: code, operation: call.operation, bucket: bucket, key: call.subject, httpStatus: status,
            s3Code: s3Code, s3Message: parsed?.message, requestID: parsed?.requestID, attempts: attempts,
            reason: reason)
    }

    /// Aborts a multipart upload; a missing upload counts as aborted.
    func abortUpload(fullKey: String, uploadID: String) async throws {
        var call = S3Call(operation: "AbortMultipartUpload", method: "DELETE", key: fullKey)
        call.query = [("uploadId", uploadID)]
        call.acceptedStatuses = [200, 204, 404]
        try await send(call) { _ in }
    }
}
