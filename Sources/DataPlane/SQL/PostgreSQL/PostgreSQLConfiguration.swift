extension PostgreSQLConnection {
    /// How to reach and talk to a PostgreSQL server.
    ///
    /// Built from a URL with ``init(url:)``; ``description`` never shows the password.
    ///
    /// ## URL options
    /// - `sslmode`: `disable` (the default, for local servers), `require` (TLS, certificate not verified),
    ///   `verify-ca` (TLS, certificate chain verified), `verify-full` (chain and host name verified). There is no
    ///   `prefer`: a connection that silently falls back to plain text is never what a data pipeline wants.
    /// - `sslrootcert`: a PEM file of trusted CA certificates for `verify-ca`/`verify-full` (default: the system's).
    /// - `connect_timeout`: whole seconds (default 10).
    public struct Configuration: Sendable, Hashable, CustomStringConvertible {
        /// TLS requirements, named after libpq's `sslmode`.
        public enum TLSMode: String, Sendable, Hashable {
            /// No TLS.
            case disable
            /// TLS required; the server certificate is not verified.
            case require
            /// TLS required; the certificate chain is verified, the host name is not.
            case verifyCA = "verify-ca"
            /// TLS required; the certificate chain and the host name are verified.
            case verifyFull = "verify-full"
        }

        /// Host name or IP address.
        public var host: String
        /// TCP port; default 5432.
        public var port: Int
        /// User name.
        public var user: String
        /// Password; never printed.
        public var password: String?
        /// Database name; the server's default (the user's name) when `nil`.
        public var database: String?
        /// TLS mode; default ``TLSMode/disable``.
        public var tls: TLSMode
        /// A PEM file of trusted CA certificates for certificate verification.
        public var tlsRootCertificateFile: String?
        /// Connect timeout in seconds; default 10.
        public var connectTimeout: Int

        /// Creates a configuration.
        ///
        /// - Parameters:
        ///   - host: Host name or address.
        ///   - port: TCP port (default 5432).
        ///   - user: User name.
        ///   - password: Password.
        ///   - database: Database name.
        ///   - tls: TLS mode (default disable).
        ///   - connectTimeout: Connect timeout in seconds (default 10).
        public init(
            host: String, port: Int = 5432, user: String, password: String? = nil, database: String? = nil,
            tls: TLSMode = .disable, connectTimeout: Int = 10
        ) {
            self.host = host
            self.port = port
            self.user = user
            self.password = password
            self.database = database
            self.tls = tls
            self.connectTimeout = connectTimeout
        }

        /// Creates a configuration from a parsed `postgres://` or `postgresql://` URL.
        ///
        /// - Parameter url: The URL (see the options above). The user defaults to `postgres`.
        /// - Throws: ``SQLError`` with ``SQLError/Code/invalidURL`` for a non-PostgreSQL URL or a bad option value.
        public init(url: SQLConnectionURL) throws(SQLError) {
            func fail(_ why: String) -> SQLError { SQLError(code: .invalidURL, connection: url.description, message: why) }
            guard url.dialect == .postgres else { throw fail("not a postgres:// or postgresql:// URL") }
            self.init(
                host: url.host, port: url.effectivePort ?? 5432, user: url.user ?? "postgres", password: url.password,
                database: url.database)
            if let mode = url.option("sslmode") {
                guard let parsed = TLSMode(rawValue: mode.lowercased()) else {
                    throw fail("sslmode must be disable, require, verify-ca or verify-full")
                }
                tls = parsed
            }
            tlsRootCertificateFile = url.option("sslrootcert")
            if let text = url.option("connect_timeout") {
                guard let seconds = Int(text), seconds >= 1, seconds <= 86_400 else {
                    throw fail("connect_timeout must be whole seconds between 1 and 86400")
                }
                connectTimeout = seconds
            }
        }

        /// `postgres://user@host:port/database`, without the password.
        public var description: String {
            var text = "postgres://\(user)@" + (host.contains(":") ? "[\(host)]" : host) + ":\(port)"
            if let database { text += "/" + database }
            return text
        }
    }
}
