internal import DataPlane

/// An HTTP request as received, before it is decoded: what the server hands to this layer.
///
/// The wire layer never does I/O; the server fills this in from its HTTP library and passes it to
/// ``StepFunctionsRequest/decode(_:configuration:)`` and ``SigV4Verifier/verify(_:now:)``.
public struct StepFunctionsHTTPRequest: Sendable {
    /// The method, such as `POST`.
    public var method: String
    /// The request target as sent: the percent-encoded path, with `?query` when there is one.
    public var target: String
    /// The headers in the order received; names are matched without regard to case.
    public var headers: [(name: String, value: String)]
    /// The body bytes.
    public var body: [UInt8]

    /// Creates a request.
    ///
    /// - Parameters:
    ///   - method: The HTTP method.
    ///   - target: The request target (path and query, percent-encoded as received).
    ///   - headers: The headers.
    ///   - body: The body.
    public init(method: String, target: String = "/", headers: [(name: String, value: String)], body: [UInt8]) {
        self.method = method
        self.target = target
        self.headers = headers
        self.body = body
    }

    /// The first value of a header, matched without regard to case.
    ///
    /// - Parameter name: The header name.
    /// - Returns: The value, or `nil`.
    public func header(_ name: String) -> String? {
        headers.first { $0.name.lowercased() == name.lowercased() }?.value
    }

    /// Every value of a header, in order.
    ///
    /// - Parameter name: The header name.
    /// - Returns: The values (empty when absent).
    public func headerValues(_ name: String) -> [String] {
        headers.filter { $0.name.lowercased() == name.lowercased() }.map(\.value)
    }

    /// The decoded path (before `?`).
    public var path: String {
        let raw = target.split(separator: "?", maxSplits: 1, omittingEmptySubsequences: false).first ?? "/"
        return percentDecoded(String(raw)) ?? String(raw)
    }

    /// The decoded query parameters in order; a parameter without `=` has a `nil` value.
    public var query: [(name: String, value: String?)] {
        let parts = target.split(separator: "?", maxSplits: 1, omittingEmptySubsequences: false)
        guard parts.count == 2, !parts[1].isEmpty else { return [] }
        return parts[1].split(separator: "&").map { item in
            let pair = item.split(separator: "=", maxSplits: 1, omittingEmptySubsequences: false)
            let name = percentDecoded(String(pair[0])) ?? String(pair[0])
            return (name: name, value: pair.count == 2 ? (percentDecoded(String(pair[1])) ?? String(pair[1])) : nil)
        }
    }
}
