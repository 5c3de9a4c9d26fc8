#if canImport(FoundationEssentials)
public import FoundationEssentials
#else
public import Foundation
#endif
internal import CivilCalendar
internal import Crypto

/// An HTTP request to be signed with ``SigV4Signer``.
///
/// Give the path and query **decoded** (raw key bytes); the signer percent-encodes them exactly once, and
/// ``encodedPath`` / ``encodedQuery`` return what must be sent on the wire so the signature matches.
public struct SigV4Request: Sendable, Hashable {
    /// The HTTP method, such as `GET` or `PUT` (upper-cased when signing).
    public var method: String
    /// The `Host` header value: the lower-case host name plus `:port` when the port is not the scheme's default.
    public var host: String
    /// The decoded path, starting with `/`, such as `/bucket/reports/2024 05.csv` (path style) or `/key`.
    public var path: String
    /// Decoded query parameters in any order; a `nil` value is a parameter without `=` (such as `?uploads`).
    public var query: [(name: String, value: String?)]
    /// Headers to sign and send besides `host` and the `x-amz-*` headers the signer adds. Repeated names are allowed.
    ///
    /// Do not include `x-amz-date`, `x-amz-content-sha256`, `x-amz-security-token` or `authorization`: the signer
    /// adds them. Header names are case-insensitive; values are signed trimmed, with inner whitespace collapsed.
    public var headers: [(name: String, value: String)]

    /// Creates a request.
    ///
    /// - Parameters:
    ///   - method: The HTTP method.
    ///   - host: The `Host` header value (with `:port` if not the default).
    ///   - path: The decoded path, starting with `/`.
    ///   - query: Decoded query parameters.
    ///   - headers: Extra headers to sign.
    public init(
        method: String, host: String, path: String, query: [(name: String, value: String?)] = [],
        headers: [(name: String, value: String)] = []
    ) {
        self.method = method
        self.host = host
        self.path = path.isEmpty ? "/" : path
        self.query = query
        self.headers = headers
    }

    /// The path as sent on the wire: each segment percent-encoded (RFC 3986 unreserved characters kept), `/` kept.
    public var encodedPath: String { SigV4Signer.encode(path, keepingSlash: true) }

    /// The query as sent on the wire, in canonical (sorted) order.
    public var encodedQuery: String { SigV4Signer.canonicalQuery(query) }

    /// Compares requests field by field.
    public static func == (lhs: SigV4Request, rhs: SigV4Request) -> Bool {
        lhs.method == rhs.method && lhs.host == rhs.host && lhs.path == rhs.path
            && lhs.query.elementsEqual(rhs.query, by: { $0.name == $1.name && $0.value == $1.value })
            && lhs.headers.elementsEqual(rhs.headers, by: { $0.name == $1.name && $0.value == $1.value })
    }

    /// Hashes the request's fields.
    public func hash(into hasher: inout Hasher) {
        hasher.combine(method)
        hasher.combine(host)
        hasher.combine(path)
        for item in query {
            hasher.combine(item.name)
            hasher.combine(item.value)
        }
        for item in headers {
            hasher.combine(item.name)
            hasher.combine(item.value)
        }
    }
}

/// The payload hash a request is signed with (`x-amz-content-sha256`).
public struct SigV4Payload: Sendable, Hashable {
    /// The value of `x-amz-content-sha256` and the last line of the canonical request.
    public let value: String

    private init(value: String) { self.value = value }

    /// The body is not signed (`UNSIGNED-PAYLOAD`); use over TLS for streamed uploads.
    public static let unsigned = SigV4Payload(value: "UNSIGNED-PAYLOAD")

    /// An empty body (the SHA-256 of no bytes).
    public static let empty = SigV4Payload(value: "e3b0c44298fc1c149afbf4c8996fb92427ae41e4649b934ca495991b7852b855")

    /// A body whose SHA-256 is already known (for example, computed while streaming).
    ///
    /// - Parameter hex: 64 lowercase hexadecimal digits.
    /// - Returns: The payload.
    public static func sha256(hex: String) -> SigV4Payload {
        precondition(hex.utf8.count == 64, "a SHA-256 payload hash is 64 hex digits")
        return SigV4Payload(value: hex.lowercased())
    }

    /// A body given in full; its SHA-256 is computed here.
    ///
    /// - Parameter body: The body bytes.
    /// - Returns: The payload.
    public static func bytes(_ body: [UInt8]) -> SigV4Payload {
        SigV4Payload(value: hex(SHA256.hash(data: body)))
    }
}

/// The result of signing a request with an `Authorization` header.
public struct SigV4SignedHeaders: Sendable, Hashable {
    /// The canonical request that was signed (for debugging signature mismatches; contains no secret).
    public var canonicalRequest: String
    /// The string to sign.
    public var stringToSign: String
    /// The hex signature.
    public var signature: String
    /// The `Authorization` header value.
    public var authorization: String
    /// The headers to add to the request: `x-amz-date`, `x-amz-content-sha256`, `x-amz-security-token` (with
    /// session credentials) and `authorization`. Send them together with the request's own headers and `host`.
    public var headers: [String: String]
}

/// A presigned URL and the strings it was derived from.
public struct SigV4PresignedURL: Sendable, Hashable {
    /// The canonical request that was signed.
    public var canonicalRequest: String
    /// The string to sign.
    public var stringToSign: String
    /// The hex signature (also the `X-Amz-Signature` query parameter).
    public var signature: String
    /// The full URL, including the signature. It grants access until it expires: treat it as a secret.
    public var url: String
}

/// AWS Signature Version 4 for S3 (and other services), on swift-crypto.
///
/// S3 specifics: the path is not normalised (`a/./b` stays), each path segment is percent-encoded once with the
/// RFC 3986 unreserved set, query parameters are encoded the same way and sorted by name then value, and every
/// request carries `x-amz-content-sha256` (the body's SHA-256 or `UNSIGNED-PAYLOAD`). Header values are trimmed and
/// inner runs of whitespace collapsed; `user-agent`, `expect`, `transfer-encoding` and other hop-by-hop headers
/// are not signed (as botocore does), so proxies may change them.
///
/// Checked against botocore's `S3SigV4Auth`/`S3SigV4QueryAuth` on ~20 requests and against AWS's published
/// examples (see the test fixtures).
///
/// ```swift
/// let signer = SigV4Signer(credentials: credentials, region: "us-east-1")
/// var request = SigV4Request(method: "GET", host: "bucket.s3.us-east-1.amazonaws.com", path: "/report 1.csv")
/// let signed = signer.sign(request, payload: .empty, date: Date())
/// // send GET https://\(request.host)\(request.encodedPath) with signed.headers
/// ```
public struct SigV4Signer: Sendable, CustomStringConvertible {
    /// The credentials used to sign.
    public var credentials: AWSCredentials
    /// The region in the credential scope, such as `us-east-1`.
    public var region: String
    /// The service in the credential scope; `s3` by default.
    public var service: String

    /// Headers that are never signed (botocore's list), because intermediaries may add or change them.
    static let unsignedHeaders: Set<String> = [
        "authorization", "connection", "expect", "keep-alive", "proxy-authenticate", "proxy-authorization", "te",
        "trailer", "transfer-encoding", "upgrade", "user-agent", "x-amzn-trace-id",
    ]

    /// Creates a signer.
    ///
    /// - Parameters:
    ///   - credentials: The credentials to sign with.
    ///   - region: The signing region.
    ///   - service: The signing service (default `s3`).
    public init(credentials: AWSCredentials, region: String, service: String = "s3") {
        self.credentials = credentials
        self.region = region
        self.service = service
    }

    /// Describes the signer without the secret.
    public var description: String { "SigV4Signer(\(credentials), region: \(region), service: \(service))" }

    /// Signs a request for sending with an `Authorization` header.
    ///
    /// - Parameters:
    ///   - request: The request (decoded path and query).
    ///   - payload: The body hash to sign, or ``SigV4Payload/unsigned``.
    ///   - date: The signing time; it goes into `x-amz-date` and must be within 15 minutes of the server's clock.
    /// - Returns: The headers to add, and the intermediate strings for diagnostics.
    public func sign(_ request: SigV4Request, payload: SigV4Payload, date: Date) -> SigV4SignedHeaders {
        let timestamp = Self.timestamp(date)
        var headers = request.headers
        headers.append(("x-amz-date", timestamp))
        if let token = credentials.sessionToken { headers.append(("x-amz-security-token", token)) }
        headers.append(("x-amz-content-sha256", payload.value))
        var signed = authorize(request, headers: headers, payload: payload, timestamp: timestamp, skipping: true)
        signed.headers["x-amz-content-sha256"] = payload.value
        if let token = credentials.sessionToken { signed.headers["x-amz-security-token"] = token }
        return signed
    }

    /// Recomputes the signature of a request as it was received, for a server that verifies signatures.
    ///
    /// Unlike ``sign(_:payload:date:)``, nothing is added and nothing is left out: the request's ``SigV4Request/headers``
    /// must be exactly the headers the client listed in `SignedHeaders`, with the values it sent (`host` among them;
    /// when absent, ``SigV4Request/host`` is used), and `timestamp` is the request's `x-amz-date` value. The signer's
    /// ``region`` and ``service`` must be the ones of the client's credential scope. Compare the returned
    /// ``SigV4SignedHeaders/signature`` with the one the client sent, in constant time.
    ///
    /// - Parameters:
    ///   - request: The received request: method, decoded path and query, and the signed headers only.
    ///   - payload: The hash of the received body (``SigV4Payload/bytes(_:)``), or the `x-amz-content-sha256` the
    ///     client signed with.
    ///   - timestamp: The `x-amz-date` (or `date`) value, `yyyyMMdd'T'HHmmss'Z'`.
    /// - Returns: The canonical request, the string to sign, the expected signature and `Authorization` value;
    ///   ``SigV4SignedHeaders/headers`` holds only `authorization`.
    public func signatureOfReceived(_ request: SigV4Request, payload: SigV4Payload, timestamp: String)
        -> SigV4SignedHeaders
    {
        authorize(request, headers: request.headers, payload: payload, timestamp: timestamp, skipping: false)
    }

    /// Builds the canonical request and the `Authorization` value; `skipping` leaves out the unsignable headers.
    private func authorize(
        _ request: SigV4Request, headers: [(name: String, value: String)], payload: SigV4Payload, timestamp: String,
        skipping: Bool
    ) -> SigV4SignedHeaders {
        let (canonicalHeaders, signedHeaders) = Self.canonicalHeaders(
            host: request.host, headers: headers, skippingUnsignable: skipping)
        let canonicalRequest = [
            request.method.uppercased(), request.encodedPath, request.encodedQuery, canonicalHeaders + "\n",
            signedHeaders, payload.value,
        ].joined(separator: "\n")
        let scope = credentialScope(timestamp)
        let stringToSign = Self.stringToSign(timestamp: timestamp, scope: scope, canonicalRequest: canonicalRequest)
        let signature = self.signature(stringToSign, date: String(timestamp.prefix(8)))
        let authorization =
            "AWS4-HMAC-SHA256 Credential=\(credentials.accessKeyID)/\(scope), SignedHeaders=\(signedHeaders), "
            + "Signature=\(signature)"
        var added: [String: String] = ["authorization": authorization]
        if skipping { added["x-amz-date"] = timestamp }
        return SigV4SignedHeaders(
            canonicalRequest: canonicalRequest, stringToSign: stringToSign, signature: signature,
            authorization: authorization, headers: added)
    }

    /// Creates a presigned URL (query-string authentication) valid for `expires` seconds from `date`.
    ///
    /// The payload is always `UNSIGNED-PAYLOAD`. Only `host` and the request's own headers are signed; whoever uses
    /// the URL must send those headers with the same values.
    ///
    /// - Parameters:
    ///   - request: The request (decoded path and query).
    ///   - scheme: `https` or `http`.
    ///   - expires: Validity in seconds, 1 to 604,800 (seven days).
    ///   - date: The signing time.
    /// - Returns: The URL and the intermediate strings.
    public func presign(_ request: SigV4Request, scheme: String = "https", expires: Int, date: Date)
        -> SigV4PresignedURL
    {
        precondition((1...604_800).contains(expires), "X-Amz-Expires must be between 1 and 604800 seconds")
        let timestamp = Self.timestamp(date)
        let scope = credentialScope(timestamp)
        let (canonicalHeaders, signedHeaders) = Self.canonicalHeaders(host: request.host, headers: request.headers)
        var query = request.query
        query.append(("X-Amz-Algorithm", "AWS4-HMAC-SHA256"))
        query.append(("X-Amz-Credential", "\(credentials.accessKeyID)/\(scope)"))
        query.append(("X-Amz-Date", timestamp))
        query.append(("X-Amz-Expires", String(expires)))
        query.append(("X-Amz-SignedHeaders", signedHeaders))
        if let token = credentials.sessionToken { query.append(("X-Amz-Security-Token", token)) }
        let canonicalQuery = Self.canonicalQuery(query)
        let canonicalRequest = [
            request.method.uppercased(), request.encodedPath, canonicalQuery, canonicalHeaders + "\n", signedHeaders,
            SigV4Payload.unsigned.value,
        ].joined(separator: "\n")
        let stringToSign = Self.stringToSign(timestamp: timestamp, scope: scope, canonicalRequest: canonicalRequest)
        let signature = self.signature(stringToSign, date: String(timestamp.prefix(8)))
        let url = "\(scheme)://\(request.host)\(request.encodedPath)?\(canonicalQuery)&X-Amz-Signature=\(signature)"
        return SigV4PresignedURL(
            canonicalRequest: canonicalRequest, stringToSign: stringToSign, signature: signature, url: url)
    }

    // MARK: - Pieces

    private func credentialScope(_ timestamp: String) -> String {
        "\(timestamp.prefix(8))/\(region)/\(service)/aws4_request"
    }

    private static func stringToSign(timestamp: String, scope: String, canonicalRequest: String) -> String {
        let hash = hex(SHA256.hash(data: Array(canonicalRequest.utf8)))
        return "AWS4-HMAC-SHA256\n\(timestamp)\n\(scope)\n\(hash)"
    }

    /// Derives the signing key (date → region → service → `aws4_request`) and signs `stringToSign`.
    private func signature(_ stringToSign: String, date: String) -> String {
        func hmac(_ key: SymmetricKey, _ text: String) -> SymmetricKey {
            SymmetricKey(data: Array(HMAC<SHA256>.authenticationCode(for: Array(text.utf8), using: key)))
        }
        var key = SymmetricKey(data: Array(("AWS4" + credentials.secretAccessKey).utf8))
        for part in [date, region, service, "aws4_request"] { key = hmac(key, part) }
        return hex(HMAC<SHA256>.authenticationCode(for: Array(stringToSign.utf8), using: key))
    }

    static func canonicalHeaders(host: String, headers: [(name: String, value: String)], skippingUnsignable: Bool = true)
        -> (String, String)
    {
        var values: [String: [String]] = [:]
        var order: [String] = []
        func add(_ name: String, _ value: String) {
            if values[name] == nil { order.append(name) }
            values[name, default: []].append(trimAll(value))
        }
        var hasHost = false
        for (name, value) in headers {
            let lower = name.lowercased()
            if skippingUnsignable && unsignedHeaders.contains(lower) { continue }
            if lower == "host" { hasHost = true }
            add(lower, value)
        }
        if !hasHost { add("host", host) }
        let names = order.sorted { $0.utf8.lexicographicallyPrecedes($1.utf8) }
        let canonical = names.map { "\($0):\(values[$0]!.joined(separator: ","))" }.joined(separator: "\n")
        return (canonical, names.joined(separator: ";"))
    }

    /// Trims leading and trailing whitespace and collapses inner runs to one space (SigV4's Trimall).
    static func trimAll(_ value: String) -> String {
        value.split(whereSeparator: { $0 == " " || $0 == "\t" || $0 == "\n" || $0 == "\r" || $0 == "\u{0B}" || $0 == "\u{0C}" })
            .joined(separator: " ")
    }

    static func canonicalQuery(_ query: [(name: String, value: String?)]) -> String {
        query.map { (encode($0.name, keepingSlash: false), encode($0.value ?? "", keepingSlash: false)) }
            .sorted {
                $0.0 == $1.0 ? $0.1.utf8.lexicographicallyPrecedes($1.1.utf8) : $0.0.utf8.lexicographicallyPrecedes($1.0.utf8)
            }
            .map { "\($0.0)=\($0.1)" }
            .joined(separator: "&")
    }

    /// Percent-encodes UTF-8 bytes outside RFC 3986's unreserved set (`A-Z a-z 0-9 - _ . ~`), and `/` unless kept.
    static func encode(_ text: String, keepingSlash: Bool) -> String {
        let digits = Array("0123456789ABCDEF".utf8)
        var out: [UInt8] = []
        out.reserveCapacity(text.utf8.count)
        for byte in text.utf8 {
            switch byte {
            case UInt8(ascii: "A")...UInt8(ascii: "Z"), UInt8(ascii: "a")...UInt8(ascii: "z"),
                UInt8(ascii: "0")...UInt8(ascii: "9"), UInt8(ascii: "-"), UInt8(ascii: "_"), UInt8(ascii: "."),
                UInt8(ascii: "~"):
                out.append(byte)
            case UInt8(ascii: "/") where keepingSlash:
                out.append(byte)
            default:
                out.append(UInt8(ascii: "%"))
                out.append(digits[Int(byte >> 4)])
                out.append(digits[Int(byte & 0x0F)])
            }
        }
        return String(decoding: out, as: UTF8.self)
    }

    /// Parses a SigV4 timestamp, `yyyyMMdd'T'HHmmss'Z'` in UTC (the `x-amz-date` format), the inverse of
    /// ``timestamp(_:)``.
    ///
    /// - Parameter text: The timestamp.
    /// - Returns: The instant, or `nil` when `text` is not such a timestamp of a real date and time.
    public static func date(fromTimestamp text: String) -> Date? {
        let bytes = Array(text.utf8)
        guard bytes.count == 16, bytes[8] == UInt8(ascii: "T"), bytes[15] == UInt8(ascii: "Z") else { return nil }
        func number(_ range: Range<Int>) -> Int? {
            var value = 0
            for byte in bytes[range] {
                guard (0x30...0x39).contains(byte) else { return nil }
                value = value * 10 + Int(byte - 0x30)
            }
            return value
        }
        guard let year = number(0..<4), let month = number(4..<6), let day = number(6..<8),
            let hour = number(9..<11), let minute = number(11..<13), let second = number(13..<15),
            (1...12).contains(month), (1...CivilDate.daysInMonth(year: year, month: month)).contains(day),
            hour < 24, minute < 60, second < 60
        else { return nil }
        let days = CivilDate(year: year, month: month, day: day).daysSinceEpoch
        return Date(timeIntervalSince1970: Double(days * 86_400 + hour * 3600 + minute * 60 + second))
    }

    /// Formats a date as a SigV4 timestamp, `yyyyMMdd'T'HHmmss'Z'` in UTC, without Foundation's formatters.
    ///
    /// - Parameter date: The instant (fractions of a second are dropped).
    /// - Returns: The timestamp, such as `20240601T120000Z`.
    public static func timestamp(_ date: Date) -> String {
        let seconds = Int64(date.timeIntervalSince1970.rounded(.down))
        var days = seconds / 86_400
        var secondOfDay = seconds % 86_400
        if secondOfDay < 0 {
            secondOfDay += 86_400
            days -= 1
        }
        let civil = CivilDate(daysSinceEpoch: Int(days))
        let (year, month, day) = (Int64(civil.year), Int64(civil.month), Int64(civil.day))
        func pad(_ value: Int64, _ width: Int) -> String {
            let text = String(value)
            return String(repeating: "0", count: Swift.max(0, width - text.count)) + text
        }
        return pad(year, 4) + pad(month, 2) + pad(day, 2) + "T" + pad(secondOfDay / 3600, 2)
            + pad(secondOfDay % 3600 / 60, 2) + pad(secondOfDay % 60, 2) + "Z"
    }
}

func hex(_ bytes: some Sequence<UInt8>) -> String {
    let digits = Array("0123456789abcdef".utf8)
    var out: [UInt8] = []
    for byte in bytes {
        out.append(digits[Int(byte >> 4)])
        out.append(digits[Int(byte & 0x0F)])
    }
    return String(decoding: out, as: UTF8.self)
}
