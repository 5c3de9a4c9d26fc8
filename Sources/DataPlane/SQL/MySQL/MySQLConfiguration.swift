extension MySQLConnection {
    /// How to reach and talk to a MySQL or MariaDB server.
    ///
    /// Built from a URL with ``init(url:)`` (see ``SQLConnectionURL`` for the options); ``description`` never shows
    /// the password.
    public struct Configuration: Sendable, Hashable, CustomStringConvertible {
        /// TLS requirements.
        public enum TLSMode: String, Sendable, Hashable {
            /// No TLS (the default, for local servers).
            case disabled
            /// TLS required; the server certificate is not verified.
            case required
            /// TLS required, and the server certificate and host name are verified.
            case verify
        }

        /// Host name or IP address (TCP is always used, also for `localhost`).
        public var host: String
        /// TCP port; default 3306.
        public var port: Int
        /// User name.
        public var user: String
        /// Password; never printed.
        public var password: String?
        /// Default database, if any.
        public var database: String?
        /// TLS mode; default ``TLSMode/disabled``.
        public var tls: TLSMode
        /// CA certificate file for ``TLSMode/verify``.
        public var tlsCAFile: String?
        /// Client certificate file.
        public var tlsCertificateFile: String?
        /// Client key file.
        public var tlsKeyFile: String?
        /// Connect timeout in seconds; default 10.
        public var connectTimeout: Int
        /// Read timeout in seconds (0: the library default, none); a statement that streams nothing for longer
        /// fails with ``SQLError/Code/connectionLost``.
        public var readTimeout: Int
        /// Write timeout in seconds (0: none).
        public var writeTimeout: Int

        /// Creates a configuration.
        ///
        /// - Parameters:
        ///   - host: Host name or address.
        ///   - port: TCP port (default 3306).
        ///   - user: User name.
        ///   - password: Password.
        ///   - database: Default database.
        ///   - tls: TLS mode (default disabled).
        ///   - connectTimeout: Connect timeout in seconds (default 10).
        ///   - readTimeout: Read timeout in seconds (default 0: none).
        ///   - writeTimeout: Write timeout in seconds (default 0: none).
        public init(
            host: String, port: Int = 3306, user: String, password: String? = nil, database: String? = nil,
            tls: TLSMode = .disabled, connectTimeout: Int = 10, readTimeout: Int = 0, writeTimeout: Int = 0
        ) {
            self.host = host
            self.port = port
            self.user = user
            self.password = password
            self.database = database
            self.tls = tls
            self.connectTimeout = connectTimeout
            self.readTimeout = readTimeout
            self.writeTimeout = writeTimeout
        }

        /// Creates a configuration from a parsed `mysql://` or `mariadb://` URL.
        ///
        /// - Parameter url: The URL.
        /// - Throws: ``SQLError`` with ``SQLError/Code/invalidURL`` for a non-MySQL URL or a bad option value.
        public init(url: SQLConnectionURL) throws(SQLError) {
            func fail(_ why: String) -> SQLError { SQLError(code: .invalidURL, connection: url.description, message: why) }
            guard url.dialect == .mysql else { throw fail("not a mysql:// or mariadb:// URL") }
            self.init(
                host: url.host, port: url.effectivePort ?? 3306, user: url.user ?? "root", password: url.password,
                database: url.database)
            if let mode = url.option("tls") {
                guard let parsed = TLSMode(rawValue: mode.lowercased()) else {
                    throw fail("tls must be disabled, required or verify")
                }
                tls = parsed
            }
            tlsCAFile = url.option("tls_ca")
            tlsCertificateFile = url.option("tls_cert")
            tlsKeyFile = url.option("tls_key")
            for (name, keyPath) in [
                ("connect_timeout", \Configuration.connectTimeout), ("read_timeout", \.readTimeout),
                ("write_timeout", \.writeTimeout),
            ] {
                if let text = url.option(name) {
                    guard let seconds = Int(text), seconds >= 0, seconds <= 86_400 else {
                        throw fail("\(name) must be whole seconds between 0 and 86400")
                    }
                    self[keyPath: keyPath] = seconds
                }
            }
        }

        /// `mysql://user@host:port/database`, without the password.
        public var description: String {
            var text = "mysql://\(user)@" + (host.contains(":") ? "[\(host)]" : host) + ":\(port)"
            if let database { text += "/" + database }
            return text
        }
    }
}
