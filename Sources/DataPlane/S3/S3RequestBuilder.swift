#if canImport(FoundationEssentials)
internal import FoundationEssentials
#else
internal import Foundation
#endif
internal import NIOCore

/// A signed request, ready for the transport.
struct S3PreparedRequest: Sendable {
    /// The HTTP method.
    var method: String
    /// The absolute URL: scheme, host (and port), the percent-encoded path and the canonical query.
    var url: String
    /// Every header to send, `host` and the signer's `x-amz-*` and `authorization` included.
    var headers: [(name: String, value: String)]
    /// The body, if any. A `ByteBuffer` so that a retry can send it again without copying.
    var body: ByteBuffer?

    /// The value of a header (case-insensitive name), for tests.
    func header(_ name: String) -> String? {
        headers.first { $0.name.lowercased() == name.lowercased() }?.value
    }
}

/// Turns S3 operations into signed HTTP requests: addressing style, path and query encoding, SigV4.
///
/// Pure and deterministic given a date, so it is unit-tested without a network.
struct S3RequestBuilder: Sendable {
    /// The bucket, prefix, endpoint, region and addressing style.
    var location: ObjectStoreURL.S3Location
    /// The signer (holds the credentials).
    var signer: SigV4Signer

    init(location: ObjectStoreURL.S3Location, credentials: AWSCredentials) {
        self.location = location
        self.signer = SigV4Signer(credentials: credentials, region: location.region)
    }

    /// `http` or `https`; AWS's own endpoints are always https.
    var scheme: String { location.endpoint?.usesTLS == false ? "http" : "https" }

    /// The `Host` header: the endpoint (or AWS's regional endpoint), with the bucket in front for virtual-hosted
    /// addressing, and the port when it is not the scheme's default.
    var hostHeader: String {
        let base = location.endpoint?.hostHeader ?? "s3.\(location.region).amazonaws.com"
        return location.usesPathStyle ? base : "\(location.bucket).\(base)"
    }

    /// The decoded request path for a full key (store prefix included), or for the bucket when `key` is `nil`.
    func path(forKey key: String?) -> String {
        if location.usesPathStyle {
            return "/" + location.bucket + (key.map { "/" + $0 } ?? "")
        }
        return "/" + (key ?? "")
    }

    /// Builds and signs a request.
    ///
    /// - Parameters:
    ///   - method: The HTTP method.
    ///   - key: The full key (store prefix included), or `nil` for a bucket-level request.
    ///   - query: Decoded query parameters.
    ///   - headers: Extra headers to sign and send.
    ///   - body: The body, if any.
    ///   - payload: The payload hash to sign (`x-amz-content-sha256`).
    ///   - date: The signing time.
    /// - Returns: The request with every header to send.
    func makeRequest(
        method: String, key: String?, query: [(name: String, value: String?)] = [],
        headers: [(name: String, value: String)] = [], body: ByteBuffer? = nil, payload: SigV4Payload, date: Date
    ) -> S3PreparedRequest {
        let host = hostHeader
        let request = SigV4Request(method: method, host: host, path: path(forKey: key), query: query, headers: headers)
        let signed = signer.sign(request, payload: payload, date: date)
        var all: [(name: String, value: String)] = [("host", host)]
        all += headers
        for name in signed.headers.keys.sorted() { all.append((name, signed.headers[name]!)) }
        var url = "\(scheme)://\(host)\(request.encodedPath)"
        if !query.isEmpty { url += "?" + request.encodedQuery }
        return S3PreparedRequest(method: method, url: url, headers: all, body: body)
    }
}
