/// An error from an S3-compatible service, or from setting up access to one.
///
/// The message names the operation, the bucket and key, the HTTP status, S3's error code and message, and how many
/// attempts were made. It never contains credentials, signatures or request headers: S3's error bodies carry the
/// access key ID at most (not secret), and only their `Code`, `Message`, `RequestId` and `Resource` are kept.
///
/// Object keys are shown because they are names, not data. A missing object is reported as
/// ``ObjectStoreError`` with code ``ObjectStoreError/Code/notFound`` instead, as the ``ObjectStore`` protocol
/// promises; everything else S3-specific is an `S3Error`.
public struct S3Error: Error, CustomStringConvertible, CustomDebugStringConvertible {
    /// The kind of failure, as an extensible set of values.
    public struct Code: Sendable, Hashable, CustomStringConvertible {
        private enum Base: Sendable, Hashable {
            case accessDenied
            case noSuchBucket
            case clientError
            case serverError
            case throttled
            case transport
            case invalidResponse
            case invalidConfiguration
            case objectTooLarge
        }

        private let base: Base

        private init(_ base: Base) { self.base = base }

        /// HTTP 401/403: wrong or missing credentials, a signature mismatch, a clock skew, or no permission.
        public static let accessDenied = Code(.accessDenied)
        /// HTTP 404 `NoSuchBucket`: the bucket does not exist (or the endpoint/addressing style is wrong).
        public static let noSuchBucket = Code(.noSuchBucket)
        /// Another 4xx answer: the request was refused and retrying would not help.
        public static let clientError = Code(.clientError)
        /// A 5xx answer that persisted through every retry.
        public static let serverError = Code(.serverError)
        /// Throttling (HTTP 429, or 503 `SlowDown`) that persisted through every retry.
        public static let throttled = Code(.throttled)
        /// The connection failed (refused, reset, timed out) through every retry.
        public static let transport = Code(.transport)
        /// The service answered with something that is not a valid S3 response (bad XML, a missing ETag...).
        public static let invalidResponse = Code(.invalidResponse)
        /// The configuration or environment is incomplete or contradictory (for example, only one of
        /// `AWS_ACCESS_KEY_ID` and `AWS_SECRET_ACCESS_KEY` is set).
        public static let invalidConfiguration = Code(.invalidConfiguration)
        /// The object needs more than S3's 10,000 parts at the configured part size.
        public static let objectTooLarge = Code(.objectTooLarge)

        /// A short, stable name for the code, suitable for metric labels.
        public var description: String {
            switch base {
            case .accessDenied: "accessDenied"
            case .noSuchBucket: "noSuchBucket"
            case .clientError: "clientError"
            case .serverError: "serverError"
            case .throttled: "throttled"
            case .transport: "transport"
            case .invalidResponse: "invalidResponse"
            case .invalidConfiguration: "invalidConfiguration"
            case .objectTooLarge: "objectTooLarge"
            }
        }
    }

    /// What went wrong.
    public var code: Code
    /// The S3 operation, such as `PutObject`, `UploadPart` or `ListObjectsV2`.
    public var operation: String
    /// The bucket.
    public var bucket: String
    /// The full key inside the bucket (store prefix included), or the listing prefix; `nil` for bucket-level calls.
    public var key: String?
    /// The HTTP status of the last answer, if one arrived.
    public var httpStatus: Int?
    /// S3's error code from the response body, such as `AccessDenied` or `SignatureDoesNotMatch`.
    public var s3Code: String?
    /// S3's error message from the response body.
    public var s3Message: String?
    /// S3's request ID, for the service provider's support.
    public var requestID: String?
    /// How many attempts were made (1 when the failure was not retried).
    public var attempts: Int
    /// Extra explanation, such as what to check.
    public var reason: String?
    /// The transport error behind a ``Code/transport`` failure.
    public var underlying: (any Error)?

    /// Creates an S3 error.
    ///
    /// - Parameters:
    ///   - code: What went wrong.
    ///   - operation: The S3 operation.
    ///   - bucket: The bucket.
    ///   - key: The full key or listing prefix, if any.
    ///   - httpStatus: The HTTP status, if an answer arrived.
    ///   - s3Code: S3's error code.
    ///   - s3Message: S3's error message.
    ///   - requestID: S3's request ID.
    ///   - attempts: The number of attempts made.
    ///   - reason: Extra explanation.
    ///   - underlying: The transport error, if any.
    public init(
        code: Code, operation: String, bucket: String, key: String? = nil, httpStatus: Int? = nil,
        s3Code: String? = nil, s3Message: String? = nil, requestID: String? = nil, attempts: Int = 1,
        reason: String? = nil, underlying: (any Error)? = nil
    ) {
        self.code = code
        self.operation = operation
        self.bucket = bucket
        self.key = key
        self.httpStatus = httpStatus
        self.s3Code = s3Code
        self.s3Message = s3Message
        self.requestID = requestID
        self.attempts = attempts
        self.reason = reason
        self.underlying = underlying
    }

    /// A bounded description without payload, for metric labels: the code and, if known, S3's error code.
    public var shortDescription: String {
        if let s3Code, Self.isPlainCode(s3Code) { return "\(code).\(s3Code)" }
        return code.description
    }

    /// A one-line message: operation, object, status, S3's code and message, attempts, and a hint.
    public var description: String {
        var text = "S3 \(operation) failed for s3://\(bucket)/\(key ?? "")"
        var details: [String] = []
        if let httpStatus { details.append("HTTP \(httpStatus)") }
        if let s3Code { details.append(Self.oneLine(s3Code, limit: 64)) }
        if let s3Message, !s3Message.isEmpty { details.append("(\(Self.oneLine(s3Message, limit: 300)))") }
        if httpStatus == nil, s3Code == nil, let underlying {
            details.append(Self.oneLine(String(describing: underlying), limit: 300))
        }
        if attempts > 1 { details.append("after \(attempts) attempts") }
        if !details.isEmpty { text += ": " + details.joined(separator: " ") }
        if let reason { text += "; \(reason)" }
        if let requestID, !requestID.isEmpty { text += " [request id \(Self.oneLine(requestID, limit: 80))]" }
        return text
    }

    /// Same as ``description``: there is no secret to hide and nothing more to add.
    public var debugDescription: String { description }

    private static func isPlainCode(_ text: String) -> Bool {
        text.utf8.count <= 64 && text.utf8.allSatisfy { ($0 >= 0x30 && $0 <= 0x39) || ($0 | 0x20 >= 0x61 && $0 | 0x20 <= 0x7A) }
    }

    /// Replaces control characters so a server-supplied text keeps the message on one line, and bounds its length.
    static func oneLine(_ text: String, limit: Int) -> String {
        var out = ""
        var count = 0
        for scalar in text.unicodeScalars {
            if count >= limit {
                out += "…"
                break
            }
            out.unicodeScalars.append(scalar.value < 0x20 || scalar.value == 0x7F ? " " : scalar)
            count += 1
        }
        return out
    }
}
