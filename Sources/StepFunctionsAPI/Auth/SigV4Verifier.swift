public import DataPlane

#if canImport(FoundationEssentials)
    public import FoundationEssentials
#else
    public import Foundation
#endif

/// Where a server finds the secret of an access key.
public protocol SigV4CredentialStore: Sendable {
    /// The credentials of an access key ID, or `nil` when the key is unknown.
    ///
    /// - Parameter accessKeyID: The access key ID from the request's credential scope.
    /// - Returns: The credentials (with a session token when requests must carry one).
    func credentials(forAccessKeyID accessKeyID: String) -> AWSCredentials?
}

extension Dictionary: SigV4CredentialStore where Key == String, Value == AWSCredentials {
    /// The credentials stored under the access key ID.
    ///
    /// - Parameter accessKeyID: The access key ID.
    /// - Returns: The credentials, or `nil`.
    public func credentials(forAccessKeyID accessKeyID: String) -> AWSCredentials? { self[accessKeyID] }
}

/// Verifies AWS Signature Version 4 `Authorization` headers on incoming requests, the server side of
/// `SigV4Signer`.
///
/// The signature is recomputed with the signer (`SigV4Signer.signatureOfReceived(_:payload:timestamp:)`)
/// from the request as received and the secret of its access key, then compared in constant time. Errors are
/// AWS's:
///
/// | problem | code | message |
/// |---|---|---|
/// | no `Authorization` header | MissingAuthenticationTokenException | `Missing Authentication Token` |
/// | header without Credential/SignedHeaders/Signature, no `X-Amz-Date` | IncompleteSignatureException | names what is missing |
/// | unknown access key, wrong or unexpected session token | UnrecognizedClientException | `The security token included in the request is invalid.` |
/// | more than 15 minutes off the server's clock | InvalidSignatureException | `Signature expired: …` / `Signature not yet current: …` |
/// | wrong scope (service, region, date, terminator), unsigned `host` | InvalidSignatureException | AWS's wording |
/// | signature mismatch (body, header or secret) | InvalidSignatureException | `The request signature we calculated does not match …` |
///
/// Only header authentication is supported (SDKs and the CLI never presign Step Functions requests). The
/// verifier is a value with no state; it never logs and never puts a secret in an error.
public struct SigV4Verifier: Sendable {
    /// Settings of a verifier.
    public struct Configuration: Sendable {
        /// The service of the credential scope; `states` for Step Functions.
        public var service: String
        /// The region requests must be scoped to, or `nil` to accept any region (a local server has none).
        public var region: String?
        /// How far the request's `X-Amz-Date` may be from the server's clock, either way (AWS: 15 minutes).
        public var maximumClockSkew: Duration

        /// Creates a configuration.
        ///
        /// - Parameters:
        ///   - service: The signing service (default `states`).
        ///   - region: The required region, or `nil` for any.
        ///   - maximumClockSkew: The allowed clock skew (default 15 minutes).
        public init(service: String = "states", region: String? = nil, maximumClockSkew: Duration = .seconds(900)) {
            self.service = service
            self.region = region
            self.maximumClockSkew = maximumClockSkew
        }
    }

    /// Who signed a verified request.
    public struct Identity: Sendable, Hashable {
        /// The access key ID.
        public var accessKeyID: String
        /// The region of the credential scope.
        public var region: String
        /// The signing time (`X-Amz-Date`).
        public var date: Date
    }

    /// The access keys and their secrets.
    public var store: any SigV4CredentialStore
    /// The settings.
    public var configuration: Configuration

    /// Creates a verifier.
    ///
    /// - Parameters:
    ///   - store: Where secrets are looked up (a `[String: AWSCredentials]` works).
    ///   - configuration: The settings.
    public init(store: any SigV4CredentialStore, configuration: Configuration = Configuration()) {
        self.store = store
        self.configuration = configuration
    }

    /// Verifies a request's signature.
    ///
    /// - Parameters:
    ///   - request: The request as received (method, target, headers, body).
    ///   - now: The server's current time.
    /// - Returns: The identity of the signer.
    /// - Throws: ``StepFunctionsError`` with one of the codes in the table above.
    public func verify(_ request: StepFunctionsHTTPRequest, now: Date) throws(StepFunctionsError) -> Identity {
        guard let header = request.header("authorization") else {
            throw StepFunctionsError(.missingAuthenticationTokenException, "Missing Authentication Token")
        }
        let authorization = try Authorization(parsing: header)
        guard let timestamp = request.header("x-amz-date") else {
            throw StepFunctionsError(
                .incompleteSignatureException,
                "Authorization header requires existence of either a 'X-Amz-Date' or a 'Date' header.")
        }
        guard let date = SigV4Signer.date(fromTimestamp: timestamp) else {
            throw StepFunctionsError(.invalidSignatureException, "Invalid X-Amz-Date: '\(timestamp)'")
        }
        try checkScope(authorization, timestamp: timestamp)
        try checkClock(date, timestamp: timestamp, now: now)

        guard let credentials = store.credentials(forAccessKeyID: authorization.accessKeyID),
            Self.constantTimeEqual(credentials.sessionToken ?? "", request.header("x-amz-security-token") ?? "")
        else {
            throw StepFunctionsError(
                .unrecognizedClientException, "The security token included in the request is invalid.")
        }
        guard authorization.signedHeaders.contains("host") else {
            throw StepFunctionsError(
                .invalidSignatureException, "'Host' or ':authority' must be a 'SignedHeader' in the AWS Authorization.")
        }

        let payload = SigV4Payload.bytes(request.body)
        if let declared = request.header("x-amz-content-sha256"), declared.lowercased() != payload.value {
            throw StepFunctionsError(
                .invalidSignatureException,
                "The provided 'x-amz-content-sha256' header does not match what was computed.")
        }
        var signedHeaders: [(name: String, value: String)] = []
        for name in authorization.signedHeaders {
            for value in request.headerValues(name) { signedHeaders.append((name: name, value: value)) }
        }
        let received = SigV4Request(
            method: request.method, host: request.header("host") ?? "", path: request.path, query: request.query,
            headers: signedHeaders)
        let signer = SigV4Signer(
            credentials: credentials, region: authorization.region, service: authorization.service)
        let expected = signer.signatureOfReceived(received, payload: payload, timestamp: timestamp)
        guard Self.constantTimeEqual(expected.signature, authorization.signature.lowercased()) else {
            throw StepFunctionsError(
                .invalidSignatureException,
                "The request signature we calculated does not match the signature you provided. Check your AWS "
                    + "Secret Access Key and signing method. Consult the service documentation for details.")
        }
        return Identity(accessKeyID: authorization.accessKeyID, region: authorization.region, date: date)
    }

    private func checkScope(_ authorization: Authorization, timestamp: String) throws(StepFunctionsError) {
        if authorization.terminator != "aws4_request" {
            throw StepFunctionsError(
                .invalidSignatureException,
                "Credential should be scoped with a valid terminator: 'aws4_request', "
                    + "not '\(authorization.terminator)'.")
        }
        if authorization.service != configuration.service {
            throw StepFunctionsError(
                .invalidSignatureException,
                "Credential should be scoped to correct service: '\(configuration.service)'. ")
        }
        if let region = configuration.region, authorization.region != region {
            throw StepFunctionsError(
                .invalidSignatureException,
                "Credential should be scoped to a valid region, not '\(authorization.region)'. ")
        }
        if authorization.date != String(timestamp.prefix(8)) {
            throw StepFunctionsError(
                .invalidSignatureException,
                "Date in Credential scope does not match YYYYMMDD from ISO-8601 version of date from HTTP: "
                    + "'\(authorization.date)' != '\(timestamp.prefix(8))', from '\(timestamp)'.")
        }
    }

    private func checkClock(_ date: Date, timestamp: String, now: Date) throws(StepFunctionsError) {
        let skew = configuration.maximumClockSkew
        let skewSeconds = Double(skew.components.seconds) + Double(skew.components.attoseconds) / 1e18
        let minutes = Int(skewSeconds / 60)
        let nowText = SigV4Signer.timestamp(now)
        if date.timeIntervalSince1970 < now.timeIntervalSince1970 - skewSeconds {
            let limit = SigV4Signer.timestamp(now.addingTimeInterval(-skewSeconds))
            throw StepFunctionsError(
                .invalidSignatureException,
                "Signature expired: \(timestamp) is now earlier than \(limit) (\(nowText) - \(minutes) min.)")
        }
        if date.timeIntervalSince1970 > now.timeIntervalSince1970 + skewSeconds {
            let limit = SigV4Signer.timestamp(now.addingTimeInterval(skewSeconds))
            throw StepFunctionsError(
                .invalidSignatureException,
                "Signature not yet current: \(timestamp) is still later than \(limit) (\(nowText) + \(minutes) min.)")
        }
    }

    /// Compares two strings in time that depends only on their lengths.
    static func constantTimeEqual(_ lhs: String, _ rhs: String) -> Bool {
        let a = Array(lhs.utf8)
        let b = Array(rhs.utf8)
        var difference = UInt8(a.count == b.count ? 0 : 1)
        for index in 0..<max(a.count, b.count) {
            difference |= (index < a.count ? a[index] : 0) ^ (index < b.count ? b[index] : 0)
        }
        return difference == 0
    }
}

/// The parts of an `Authorization: AWS4-HMAC-SHA256 Credential=…, SignedHeaders=…, Signature=…` header.
struct Authorization {
    var accessKeyID: String
    var date: String
    var region: String
    var service: String
    var terminator: String
    var signedHeaders: [String]
    var signature: String

    init(parsing header: String) throws(StepFunctionsError) {
        let trimmed = header.drop { $0 == " " }
        guard trimmed.hasPrefix("AWS4-HMAC-SHA256 ") else {
            let algorithm = trimmed.split(separator: " ", maxSplits: 1).first.map(String.init) ?? ""
            throw StepFunctionsError(
                .incompleteSignatureException, "Unsupported AWS 'algorithm': '\(algorithm)'. Use AWS4-HMAC-SHA256.")
        }
        var fields: [String: String] = [:]
        for part in trimmed.dropFirst("AWS4-HMAC-SHA256 ".count).split(separator: ",") {
            let pair = part.split(separator: "=", maxSplits: 1)
            guard pair.count == 2 else { continue }
            fields[trim(pair[0])] = trim(pair[1])
        }
        var missing: [String] = []
        for name in ["Credential", "Signature", "SignedHeaders"] where (fields[name] ?? "").isEmpty {
            missing.append("Authorization header requires '\(name)' parameter.")
        }
        guard missing.isEmpty, let credential = fields["Credential"], let signedHeaders = fields["SignedHeaders"],
            let signature = fields["Signature"]
        else {
            throw StepFunctionsError(.incompleteSignatureException, missing.joined(separator: " "))
        }
        let scope = credential.split(separator: "/", omittingEmptySubsequences: false).map(String.init)
        guard scope.count == 5, !scope[0].isEmpty else {
            throw StepFunctionsError(
                .incompleteSignatureException,
                "Credential should be of the form <access key>/<date>/<region>/<service>/aws4_request.")
        }
        accessKeyID = scope[0]
        date = scope[1]
        region = scope[2]
        service = scope[3]
        terminator = scope[4]
        self.signedHeaders = signedHeaders.split(separator: ";").map { $0.lowercased() }
        self.signature = signature
    }
}

/// `text` without leading and trailing spaces and tabs.
private func trim(_ text: Substring) -> String {
    var text = text
    while text.first == " " || text.first == "\t" { text.removeFirst() }
    while text.last == " " || text.last == "\t" { text.removeLast() }
    return String(text)
}
