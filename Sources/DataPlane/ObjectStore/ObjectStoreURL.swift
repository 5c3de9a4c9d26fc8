/// A parsed, validated object-store URL: `file:///path` or `s3://bucket/prefix?endpoint=...&region=...`.
///
/// ```swift
/// let local = try ObjectStoreURL("file:///var/lib/ferry/objects")
/// let s3 = try ObjectStoreURL("s3://reports/exports?endpoint=http://127.0.0.1:9000&region=eu-west-1&path_style=true")
/// ```
///
/// Parsing is strict so that typos fail at startup with a clear message rather than at the first upload:
/// unknown query parameters, credentials in the URL, fragments and malformed percent-escapes are all refused.
/// Error messages show the URL with any user-info removed.
public enum ObjectStoreURL: Sendable, Hashable, CustomStringConvertible {
    /// A local folder, by absolute path (percent-escapes decoded, trailing `/` removed).
    case file(path: String)
    /// An S3 bucket and key prefix.
    case s3(S3Location)

    /// Where objects live in an S3-compatible service.
    public struct S3Location: Sendable, Hashable, CustomStringConvertible {
        /// The bucket name (validated against S3's bucket naming rules).
        public var bucket: String
        /// The key prefix inside the bucket: empty, or a valid key prefix ending with `/`.
        public var prefix: String
        /// The service endpoint, such as `http://127.0.0.1:9000`; `nil` means AWS's regional endpoint.
        public var endpoint: Endpoint?
        /// The signing region (default `us-east-1`).
        public var region: String
        /// Whether to address the bucket in the path (`host/bucket/key`) instead of the host name
        /// (`bucket.host/key`). Default `false`; most self-hosted servers need `true`.
        public var usesPathStyle: Bool

        /// Creates a location.
        ///
        /// - Parameters:
        ///   - bucket: The bucket name.
        ///   - prefix: The key prefix (empty or ending with `/`).
        ///   - endpoint: A custom endpoint, or `nil` for AWS.
        ///   - region: The signing region.
        ///   - usesPathStyle: Path-style addressing.
        public init(
            bucket: String, prefix: String = "", endpoint: Endpoint? = nil, region: String = "us-east-1",
            usesPathStyle: Bool = false
        ) {
            self.bucket = bucket
            self.prefix = prefix
            self.endpoint = endpoint
            self.region = region
            self.usesPathStyle = usesPathStyle
        }

        /// The host requests go to (virtual-hosted style prefixes the bucket), without the port.
        public var host: String {
            let base = endpoint?.host ?? "s3.\(region).amazonaws.com"
            return usesPathStyle ? base : "\(bucket).\(base)"
        }

        /// The location as an `s3://` URL.
        public var description: String {
            var text = "s3://\(bucket)/\(prefix)"
            var query: [String] = []
            if let endpoint { query.append("endpoint=\(endpoint)") }
            query.append("region=\(region)")
            if usesPathStyle { query.append("path_style=true") }
            text += "?" + query.joined(separator: "&")
            return text
        }
    }

    /// An HTTP(S) endpoint: scheme, host and optional port.
    public struct Endpoint: Sendable, Hashable, CustomStringConvertible {
        /// `true` for `https`, `false` for `http`.
        public var usesTLS: Bool
        /// The host name or IP address (IPv6 without brackets).
        public var host: String
        /// The port, or `nil` for the scheme's default.
        public var port: Int?

        /// Creates an endpoint.
        ///
        /// - Parameters:
        ///   - usesTLS: Whether to use https.
        ///   - host: The host name or address.
        ///   - port: The port, or `nil` for 80/443.
        public init(usesTLS: Bool, host: String, port: Int? = nil) {
            self.usesTLS = usesTLS
            self.host = host
            self.port = port
        }

        /// The `Host` header value: the host, plus the port when it is not the scheme's default.
        public var hostHeader: String {
            let name = host.contains(":") ? "[\(host)]" : host
            guard let port, port != (usesTLS ? 443 : 80) else { return name }
            return "\(name):\(port)"
        }

        /// The endpoint as a URL, such as `http://127.0.0.1:9000`.
        public var description: String { (usesTLS ? "https://" : "http://") + hostHeader }
    }

    /// Parses and validates an object-store URL.
    ///
    /// - Parameter string: `file:///absolute/path` or
    ///   `s3://bucket[/prefix][?endpoint=URL][&region=NAME][&path_style=true|false]`.
    /// - Throws: ``ObjectStoreError`` with code ``ObjectStoreError/Code/invalidURL``, naming the problem.
    public init(_ string: String) throws(ObjectStoreError) {
        let shown = Self.redact(string)
        func fail(_ reason: String) -> ObjectStoreError {
            ObjectStoreError(code: .invalidURL, subject: shown, reason: reason)
        }
        guard let colon = string.firstIndex(of: ":") else {
            throw fail("it has no scheme; use file:///absolute/path or s3://bucket/prefix")
        }
        let scheme = string[..<colon].lowercased()
        let rest = string[string.index(after: colon)...]
        if string.utf8.contains(where: { $0 <= 0x20 || $0 == 0x7F }) {
            throw fail("it contains a control character or whitespace; remove it (percent-encode spaces as %20)")
        }
        if string.contains("#") { throw fail("fragments (#...) are not allowed; remove the # part") }
        switch scheme {
        case "file":
            self = .file(path: try Self.parseFile(rest, fail: fail))
        case "s3":
            self = .s3(try Self.parseS3(rest, fail: fail))
        default:
            throw fail("the scheme \"\(scheme)\" is not supported; use file:// or s3://")
        }
    }

    /// The URL in canonical form.
    public var description: String {
        switch self {
        case .file(let path): "file://" + percentEncodePath(path)
        case .s3(let location): location.description
        }
    }

    private static func parseFile(
        _ rest: Substring, fail: (String) -> ObjectStoreError
    ) throws(ObjectStoreError) -> String {
        guard rest.hasPrefix("//") else {
            throw fail("write a file URL with an absolute path and three slashes: file:///absolute/path")
        }
        let afterSlashes = rest.dropFirst(2)
        if afterSlashes.contains("?") { throw fail("file URLs take no query parameters; remove the ? part") }
        let slash = afterSlashes.firstIndex(of: "/") ?? afterSlashes.endIndex
        let authority = afterSlashes[..<slash]
        if !authority.isEmpty && authority.lowercased() != "localhost" {
            throw fail(
                "file URLs name a local path; \"\(authority)\" is not allowed as a host. Use file:///absolute/path")
        }
        let encodedPath = afterSlashes[slash...]
        guard !encodedPath.isEmpty else { throw fail("the path is empty; use file:///absolute/path") }
        var path = try percentDecode(encodedPath, what: "path", fail: fail)
        if path.utf8.contains(0) { throw fail("the path contains NUL (%00); remove it") }
        let segments = path.split(separator: "/", omittingEmptySubsequences: true)
        if segments.contains(where: { $0 == ".." || $0 == "." }) {
            throw fail("the path contains \".\" or \"..\" segments; write the resolved absolute path")
        }
        while path.count > 1 && path.hasSuffix("/") { path.removeLast() }
        return path
    }

    private static func parseS3(
        _ rest: Substring, fail: (String) -> ObjectStoreError
    ) throws(ObjectStoreError) -> S3Location {
        guard rest.hasPrefix("//") else { throw fail("write it as s3://bucket/prefix") }
        let afterSlashes = rest.dropFirst(2)
        let queryStart = afterSlashes.firstIndex(of: "?")
        let beforeQuery = afterSlashes[..<(queryStart ?? afterSlashes.endIndex)]
        let slash = beforeQuery.firstIndex(of: "/") ?? beforeQuery.endIndex
        let bucket = String(beforeQuery[..<slash])
        if bucket.contains("@") {
            throw fail(
                "credentials do not belong in the URL; set AWS_ACCESS_KEY_ID and AWS_SECRET_ACCESS_KEY "
                    + "(or the configuration file's credentials) instead")
        }
        if bucket.contains(":") {
            throw fail("a port belongs in the endpoint parameter, not after the bucket: s3://bucket?endpoint=http://host:port")
        }
        if let problem = bucketNameProblem(bucket) { throw fail(problem) }
        var prefix = try percentDecode(
            beforeQuery[slash...].drop(while: { $0 == "/" }), what: "prefix", fail: fail)
        if !prefix.isEmpty {
            if !prefix.hasSuffix("/") { prefix += "/" }
            do {
                try ObjectKey.validate(prefix, allowPartial: true)
            } catch {
                throw fail("its prefix is not a valid key prefix: \(error.reason)")
            }
        }
        var location = S3Location(bucket: bucket, prefix: prefix)
        let query = queryStart.map { afterSlashes[afterSlashes.index(after: $0)...] } ?? ""
        var seen: Set<String> = []
        for pair in query.split(separator: "&", omittingEmptySubsequences: true) {
            let equals = pair.firstIndex(of: "=")
            let name = try percentDecode(pair[..<(equals ?? pair.endIndex)], what: "parameter name", fail: fail)
            let value = try equals.map { (index) throws(ObjectStoreError) -> String in
                try percentDecode(pair[pair.index(after: index)...], what: "parameter \(name)", fail: fail)
            } ?? ""
            guard seen.insert(name).inserted else { throw fail("the parameter \(name) is given twice; keep one") }
            switch name {
            case "endpoint":
                location.endpoint = try parseEndpoint(value, fail: fail)
            case "region":
                guard !value.isEmpty,
                    value.utf8.allSatisfy({ isLowerAlnum($0) || $0 == UInt8(ascii: "-") })
                else {
                    throw fail("region \"\(value)\" is not a region name such as us-east-1 or eu-west-1")
                }
                location.region = value
            case "path_style":
                switch value.lowercased() {
                case "true", "1", "yes": location.usesPathStyle = true
                case "false", "0", "no": location.usesPathStyle = false
                default: throw fail("path_style must be true or false, not \"\(value)\"")
                }
            default:
                throw fail("unknown parameter \"\(name)\"; supported: endpoint, region, path_style")
            }
        }
        if !location.usesPathStyle && location.bucket.contains(".") && location.endpoint?.usesTLS != false {
            // Virtual-hosted style with dots breaks TLS wildcard certificates; path style avoids it.
            throw fail(
                "bucket names with dots do not work with virtual-hosted addressing over https; add path_style=true")
        }
        return location
    }

    private static func parseEndpoint(
        _ value: String, fail: (String) -> ObjectStoreError
    ) throws(ObjectStoreError) -> Endpoint {
        let lower = value.lowercased()
        let usesTLS: Bool
        let rest: Substring
        if lower.hasPrefix("https://") {
            usesTLS = true
            rest = value.dropFirst(8)
        } else if lower.hasPrefix("http://") {
            usesTLS = false
            rest = value.dropFirst(7)
        } else {
            throw fail("endpoint \"\(value)\" must start with http:// or https://, e.g. endpoint=http://127.0.0.1:9000")
        }
        var authority = rest
        if let slash = authority.firstIndex(of: "/") {
            guard authority[slash...].allSatisfy({ $0 == "/" }) else {
                throw fail("endpoint \"\(value)\" must not have a path; put key prefixes after the bucket instead")
            }
            authority = authority[..<slash]
        }
        if authority.contains("@") {
            throw fail("credentials do not belong in the endpoint; use the standard AWS environment variables")
        }
        var host: Substring
        var portText: Substring?
        if authority.hasPrefix("[") {
            guard let close = authority.firstIndex(of: "]") else { throw fail("endpoint \"\(value)\" has an unclosed [") }
            host = authority[authority.index(after: authority.startIndex)..<close]
            let after = authority[authority.index(after: close)...]
            if !after.isEmpty {
                guard after.hasPrefix(":") else { throw fail("endpoint \"\(value)\" is malformed after ]") }
                portText = after.dropFirst()
            }
        } else if let colon = authority.lastIndex(of: ":") {
            host = authority[..<colon]
            portText = authority[authority.index(after: colon)...]
        } else {
            host = authority
        }
        guard !host.isEmpty else { throw fail("endpoint \"\(value)\" has no host") }
        guard host.utf8.allSatisfy({ isLowerAlnum($0 | 0x20) || $0 == 0x2D || $0 == 0x2E || $0 == 0x3A || $0 == 0x5F })
        else { throw fail("endpoint host \"\(host)\" contains characters a host name cannot have") }
        var port: Int?
        if let portText {
            guard let number = Int(portText), (1...65535).contains(number) else {
                throw fail("endpoint port \"\(portText)\" is not a number between 1 and 65535")
            }
            port = number
        }
        return Endpoint(usesTLS: usesTLS, host: host.lowercased(), port: port)
    }

    /// Returns why `name` is not a valid S3 bucket name, or `nil` if it is.
    static func bucketNameProblem(_ name: String) -> String? {
        let bytes = Array(name.utf8)
        if bytes.isEmpty { return "the bucket name is missing; write s3://bucket/prefix" }
        if bytes.count < 3 || bytes.count > 63 {
            return "bucket \"\(name)\" must be 3 to 63 characters long"
        }
        let allowed = bytes.allSatisfy { isLowerAlnum($0) || $0 == 0x2D || $0 == 0x2E }
        if !allowed {
            return "bucket \"\(name)\" may contain only lowercase letters, digits, '.' and '-'"
        }
        if !isLowerAlnum(bytes.first!) || !isLowerAlnum(bytes.last!) {
            return "bucket \"\(name)\" must begin and end with a lowercase letter or digit"
        }
        if name.contains("..") { return "bucket \"\(name)\" must not contain two adjacent dots" }
        let parts = name.split(separator: ".")
        if parts.count == 4 && parts.allSatisfy({ Int($0).map { (0...255).contains($0) } ?? false }) {
            return "bucket \"\(name)\" must not look like an IP address"
        }
        return nil
    }

    /// Removes user-info (`user:password@`) from a URL so it can appear in messages.
    static func redact(_ string: String) -> String {
        guard let colon = string.firstIndex(of: ":"), string[colon...].hasPrefix("://") else { return string }
        let afterScheme = string[string.index(colon, offsetBy: 3)...]
        let authorityEnd = afterScheme.firstIndex(where: { $0 == "/" || $0 == "?" }) ?? afterScheme.endIndex
        guard let at = afterScheme[..<authorityEnd].lastIndex(of: "@") else { return string }
        return String(string[..<afterScheme.startIndex]) + "REDACTED@" + String(afterScheme[afterScheme.index(after: at)...])
    }

    private static func percentDecode(
        _ text: Substring, what: String, fail: (String) -> ObjectStoreError
    ) throws(ObjectStoreError) -> String {
        var bytes: [UInt8] = []
        bytes.reserveCapacity(text.utf8.count)
        var iterator = text.utf8.makeIterator()
        while let byte = iterator.next() {
            guard byte == UInt8(ascii: "%") else {
                bytes.append(byte)
                continue
            }
            guard let high = iterator.next().flatMap(hexValue), let low = iterator.next().flatMap(hexValue) else {
                throw fail("the \(what) has a malformed percent-escape; write % as %25 and escapes as %XX")
            }
            bytes.append(high << 4 | low)
        }
        guard let decoded = String(validating: bytes, as: UTF8.self) else {
            throw fail("the \(what) decodes to bytes that are not valid UTF-8")
        }
        return decoded
    }
}

private func isLowerAlnum(_ byte: UInt8) -> Bool {
    (0x61...0x7A).contains(byte) || (0x30...0x39).contains(byte)
}

private func hexValue(_ byte: UInt8) -> UInt8? {
    switch byte {
    case 0x30...0x39: byte - 0x30
    case 0x41...0x46: byte - 0x41 + 10
    case 0x61...0x66: byte - 0x61 + 10
    default: nil
    }
}

private func percentEncodePath(_ path: String) -> String {
    var out = ""
    for byte in path.utf8 {
        if isLowerAlnum(byte) || (0x41...0x5A).contains(byte) || "/-._~".utf8.contains(byte) {
            out.unicodeScalars.append(Unicode.Scalar(byte))
        } else {
            out += "%" + String(byte >> 4, radix: 16, uppercase: true) + String(byte & 0xF, radix: 16, uppercase: true)
        }
    }
    return out
}
