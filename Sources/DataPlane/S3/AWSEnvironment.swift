/// Credentials and region taken from the standard AWS environment variables.
///
/// Libraries never read the process environment themselves; the application does, once, and passes the values on:
///
/// ```swift
/// let aws = try AWSEnvironment(ProcessInfo.processInfo.environment)
/// guard let credentials = aws.credentials else { ... }   // fall back to the configuration file
/// ```
///
/// ## Variables read
/// - `AWS_ACCESS_KEY_ID` and `AWS_SECRET_ACCESS_KEY`: both or neither (an empty value counts as unset);
/// - `AWS_SESSION_TOKEN`: the session token of temporary credentials (optional);
/// - `AWS_REGION`, else `AWS_DEFAULT_REGION`: the signing region (optional).
///
/// `description` and reflection never show the secret or the session token.
public struct AWSEnvironment: Sendable, Hashable, CustomStringConvertible {
    /// The credentials, or `nil` when neither key variable is set.
    public var credentials: AWSCredentials?
    /// The region, or `nil` when neither region variable is set.
    public var region: String?

    /// Reads credentials and region from an environment dictionary.
    ///
    /// - Parameter environment: The environment, typically `ProcessInfo.processInfo.environment`.
    /// - Throws: ``S3Error`` with code ``S3Error/Code/invalidConfiguration`` when only one of the access key ID and
    ///   the secret is set, or when a session token is set without them. The message names the variables, never
    ///   their values.
    public init(_ environment: [String: String]) throws(S3Error) {
        func value(_ name: String) -> String? {
            guard let text = environment[name]?.trimmingASCIIWhitespace(), !text.isEmpty else { return nil }
            return text
        }
        func fail(_ reason: String) -> S3Error {
            S3Error(code: .invalidConfiguration, operation: "ReadEnvironment", bucket: "", reason: reason)
        }
        let keyID = value("AWS_ACCESS_KEY_ID")
        let secret = value("AWS_SECRET_ACCESS_KEY")
        let token = value("AWS_SESSION_TOKEN")
        switch (keyID, secret) {
        case (let keyID?, let secret?):
            credentials = AWSCredentials(accessKeyID: keyID, secretAccessKey: secret, sessionToken: token)
        case (nil, nil):
            if token != nil {
                throw fail("AWS_SESSION_TOKEN is set but AWS_ACCESS_KEY_ID and AWS_SECRET_ACCESS_KEY are not; set all three")
            }
            credentials = nil
        case (nil, _):
            throw fail("AWS_SECRET_ACCESS_KEY is set but AWS_ACCESS_KEY_ID is not; set both or neither")
        case (_, nil):
            throw fail("AWS_ACCESS_KEY_ID is set but AWS_SECRET_ACCESS_KEY is not; set both or neither")
        }
        region = value("AWS_REGION") ?? value("AWS_DEFAULT_REGION")
    }

    /// Creates a value directly (for tests and callers with their own sources).
    ///
    /// - Parameters:
    ///   - credentials: The credentials, if any.
    ///   - region: The region, if any.
    public init(credentials: AWSCredentials?, region: String?) {
        self.credentials = credentials
        self.region = region
    }

    /// The access key ID and region; the secret and token are redacted.
    public var description: String {
        "AWSEnvironment(credentials: \(credentials.map(String.init(describing:)) ?? "nil"), region: \(region ?? "nil"))"
    }
}

extension String {
    /// The string without leading and trailing ASCII spaces, tabs, CR and LF.
    func trimmingASCIIWhitespace() -> String {
        let isSpace: (Character) -> Bool = { $0 == " " || $0 == "\t" || $0 == "\r" || $0 == "\n" || $0 == "\r\n" }
        guard let first = firstIndex(where: { !isSpace($0) }), let last = lastIndex(where: { !isSpace($0) }) else {
            return ""
        }
        return String(self[first...last])
    }
}
