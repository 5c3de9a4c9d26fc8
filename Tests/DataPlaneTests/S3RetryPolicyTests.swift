import AsyncHTTPClient
import NIOCore
import Testing

@testable import DataPlane

@Suite struct S3RetryPolicyTests {
    @Test(arguments: [
        (500, nil, true), (502, nil, true), (503, nil, true), (503, "SlowDown", true), (504, nil, true),
        (429, nil, true), (400, "SlowDown", true), (501, "NotImplemented", false), (400, nil, false),
        (400, "RequestTimeout", false), (403, "AccessDenied", false), (403, "SignatureDoesNotMatch", false),
        (404, "NoSuchKey", false), (404, "NoSuchBucket", false), (409, "OperationAborted", false),
        (412, nil, false), (301, "PermanentRedirect", false),
    ] as [(Int, String?, Bool)])
    func statusDecisions(status: Int, code: String?, retryable: Bool) {
        #expect(S3RetryPolicy.isRetryable(.status(status, s3Code: code)) == retryable)
    }

    @Test func transportDecisions() {
        let retryable: [any Error] = [
            HTTPClientError.remoteConnectionClosed, HTTPClientError.connectTimeout, HTTPClientError.readTimeout,
            HTTPClientError.writeTimeout, HTTPClientError.deadlineExceeded, IOError(errnoCode: 104, reason: "read"),
            ChannelError.ioOnClosedChannel, ChannelError.eof,
        ]
        for error in retryable { #expect(S3RetryPolicy.isRetryable(.transport(error)), "\(error)") }
        let final: [any Error] = [
            CancellationError(), HTTPClientError.cancelled, HTTPClientError.invalidURL, HTTPClientError.emptyHost,
            HTTPClientError.bodyLengthMismatch, S3DecodingError(reason: "x"),
        ]
        for error in final { #expect(!S3RetryPolicy.isRetryable(.transport(error)), "\(error)") }
    }

    @Test func backOffGrowsExponentiallyWithFullJitterAndACap() {
        let policy = S3RetryPolicy(maximumAttempts: 20, baseDelay: .milliseconds(100), maximumDelay: .seconds(5))
        var generator = S3TestGenerator(seed: 42)
        for retry in 1...20 {
            let ceiling = min(Duration.seconds(5), .milliseconds(100) * (1 << min(retry - 1, 30)))
            var largest = Duration.zero
            for _ in 0..<200 {
                let delay = policy.delay(beforeRetry: retry, using: &generator)
                #expect(delay >= .zero && delay <= ceiling)
                largest = max(largest, delay)
            }
            // Full jitter spreads over the whole range: the largest of 200 draws is near the ceiling.
            #expect(largest > ceiling * 0.8)
        }
        #expect(policy.delay(beforeRetry: 1_000_000, using: &generator) <= .seconds(5))
    }

    @Test func retryAfterIsHonouredUpToTheCap() {
        let policy = S3RetryPolicy(baseDelay: .milliseconds(10), maximumDelay: .seconds(5))
        var generator = S3TestGenerator(seed: 1)
        #expect(policy.delay(beforeRetry: 1, retryAfter: .seconds(2), using: &generator) >= .seconds(2))
        #expect(policy.delay(beforeRetry: 1, retryAfter: .seconds(3600), using: &generator) == .seconds(5))
    }

    @Test func attemptsAreAtLeastOne() {
        #expect(S3RetryPolicy(maximumAttempts: 0).maximumAttempts == 1)
        #expect(S3RetryPolicy.none.maximumAttempts == 1)
    }
}
