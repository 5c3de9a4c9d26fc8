public import JSONValue

#if canImport(FoundationEssentials)
    public import FoundationEssentials
#else
    public import Foundation
#endif

/// An HTTP response of the AWS JSON 1.0 protocol: a status, headers and a JSON body.
public struct StepFunctionsResponse: Sendable, CustomStringConvertible {
    /// The content type of every request and response of the protocol.
    public static let contentType = "application/x-amz-json-1.0"

    /// The HTTP status: 200 for results, 4xx/5xx for errors.
    public var status: Int
    /// The response headers; `Content-Type` comes first.
    public var headers: [(name: String, value: String)]
    /// The JSON body.
    public var body: JSONValue

    /// Creates a response.
    ///
    /// - Parameters:
    ///   - status: The HTTP status (default 200).
    ///   - body: The JSON body (default `{}`, what AWS sends for actions without output members).
    public init(status: Int = 200, body: JSONValue = .object([:])) {
        self.status = status
        self.body = body
        self.headers = [(name: "Content-Type", value: Self.contentType)]
    }

    /// The body serialised, compact, as sent on the wire.
    public var bodyBytes: [UInt8] {
        var out: [UInt8] = []
        body.write(to: &out)
        return out
    }

    /// `200 {...}`.
    public var description: String { "\(status) \(body.serialized())" }
}

extension JSONValue {
    /// A timestamp as the AWS JSON protocol sends it: seconds since 1970 as a number, with milliseconds as
    /// the fraction (`1.733270400123E9`, printed as AWS prints doubles).
    ///
    /// - Parameter date: The instant.
    /// - Returns: A `JSONValue.double(_:)`.
    public static func awsTimestamp(_ date: Date) -> JSONValue {
        .double((date.timeIntervalSince1970 * 1000).rounded() / 1000)
    }

    /// An object with the `nil` members left out, as AWS leaves out absent optional members.
    ///
    /// - Parameter members: Member names and values in order; `nil` values are skipped.
    /// - Returns: A JSON object.
    public static func awsObject(_ members: KeyValuePairs<String, JSONValue?>) -> JSONValue {
        var object: JSONObject = [:]
        for (name, value) in members {
            if let value { object[name] = value }
        }
        return .object(object)
    }
}
