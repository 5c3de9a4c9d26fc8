internal import AsyncHTTPClient
internal import NIOCore
internal import NIOHTTP1
internal import NIOPosix

/// When and how long ``S3ObjectStore`` waits before retrying a failed request.
///
/// Retried: HTTP 5xx except 501 (server errors), HTTP 429 and any answer whose S3 code is `SlowDown` (throttling),
/// an `<Error>` with code `InternalError` or `SlowDown` inside a 200 CompleteMultipartUpload answer, and connection
/// failures (refused, reset, closed early, timed out). Never retried: any other 4xx (wrong credentials, missing
/// bucket, bad request) and cancellation.
///
/// Delays use exponential back-off with "full jitter": before retry *n* (1-based) the store waits a random duration
/// in `0 ... min(maximumDelay, baseDelay × 2ⁿ⁻¹)`, or at least the server's `Retry-After` (capped at
/// `maximumDelay`) when it sends one.
public struct S3RetryPolicy: Sendable, Hashable {
    /// The total number of attempts per request, the first one included (default 5; 1 disables retries).
    public var maximumAttempts: Int
    /// The back-off base (default 100 ms).
    public var baseDelay: Duration
    /// The longest wait between attempts (default 10 s).
    public var maximumDelay: Duration

    /// Creates a policy.
    ///
    /// - Parameters:
    ///   - maximumAttempts: Total attempts per request, at least 1 (default 5).
    ///   - baseDelay: The back-off base (default 100 ms).
    ///   - maximumDelay: The cap on each wait (default 10 s).
    public init(maximumAttempts: Int = 5, baseDelay: Duration = .milliseconds(100), maximumDelay: Duration = .seconds(10)) {
        self.maximumAttempts = Swift.max(1, maximumAttempts)
        self.baseDelay = baseDelay
        self.maximumDelay = maximumDelay
    }

    /// Never retries.
    public static let none = S3RetryPolicy(maximumAttempts: 1)

    /// What a failed attempt looked like.
    enum Failure {
        /// The service answered with a non-success status (and possibly an S3 error code).
        case status(Int, s3Code: String?)
        /// The request failed before an answer arrived, or while reading it.
        case transport(any Error)
    }

    /// Whether a failure is worth retrying; see the type's documentation for the rules.
    static func isRetryable(_ failure: Failure) -> Bool {
        switch failure {
        case .status(let status, let s3Code):
            if s3Code == "SlowDown" { return true }
            if status == 429 { return true }
            return (500...599).contains(status) && status != 501
        case .transport(let error):
            return isRetryableTransportError(error)
        }
    }

    /// Whether an error thrown by the HTTP client is a transient connection failure.
    static func isRetryableTransportError(_ error: any Error) -> Bool {
        if error is CancellationError { return false }
        if let error = error as? HTTPClientError {
            let transient: [HTTPClientError] = [
                .readTimeout, .writeTimeout, .connectTimeout, .remoteConnectionClosed, .deadlineExceeded,
                .getConnectionFromPoolTimeout, .tlsHandshakeTimeout, .uncleanShutdown,
            ]
            return transient.contains(error)
        }
        // NIO's socket-level failures: connection refused/reset, broken pipe, EOF mid-message.
        if error is IOError || error is NIOConnectionError || error is ChannelError { return true }
        // NIOHTTP1 reports a peer that closes mid-response as a parser error.
        return error is HTTPParserError
    }

    /// The wait before retry number `retry` (1 for the first retry).
    ///
    /// - Parameters:
    ///   - retry: The retry number, from 1.
    ///   - retryAfter: The server's `Retry-After`, if any.
    ///   - generator: The random source for the jitter.
    /// - Returns: A duration within `0 ... maximumDelay`.
    func delay(beforeRetry retry: Int, retryAfter: Duration? = nil, using generator: inout some RandomNumberGenerator)
        -> Duration
    {
        let cap = maximumDelay.nanoseconds
        let exponent = Swift.min(Swift.max(retry - 1, 0), 40)
        let (scaled, overflow) = baseDelay.nanoseconds.multipliedReportingOverflow(by: Int64(1) << exponent)
        let ceiling = Swift.max(0, overflow ? cap : Swift.min(cap, scaled))
        var wait = ceiling == 0 ? 0 : Int64.random(in: 0...ceiling, using: &generator)
        if let retryAfter { wait = Swift.max(wait, Swift.min(cap, retryAfter.nanoseconds)) }
        return .nanoseconds(wait)
    }
}

extension Duration {
    /// The duration in whole nanoseconds, saturating at `Int64.max`.
    var nanoseconds: Int64 {
        let (seconds, attoseconds) = components
        let (scaled, overflow) = seconds.multipliedReportingOverflow(by: 1_000_000_000)
        if overflow { return seconds < 0 ? .min : .max }
        return scaled.addingReportingOverflow(attoseconds / 1_000_000_000).partialValue
    }
}
