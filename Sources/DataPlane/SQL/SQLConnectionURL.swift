/// A parsed SQL connection URL.
///
/// Forms:
/// - `mysql://[user[:password]@]host[:port][/database][?options]` (also `mariadb://`); default port 3306. User,
///   password and database are percent-decoded, so encode `@`, `:`, `/` and `%` in them.
/// - `postgres://…` or `postgresql://…`: parsed the same way (default port 5432).
/// - `sqlite:///absolute/path.db` (three slashes; an empty host) or `sqlite:relative/path.db`.
///
/// MySQL options (query parameters): `tls` = `disabled` (default) | `required` | `verify` (required plus server
/// certificate and host name verification); `tls_ca`, `tls_cert`, `tls_key` (file paths); `connect_timeout`,
/// `read_timeout`, `write_timeout` (whole seconds). PostgreSQL options: `sslmode` = `disable` (default) | `require` |
/// `verify-ca` | `verify-full`; `sslrootcert` (file path); `connect_timeout` (whole seconds) — see
/// ``PostgreSQLConnection/Configuration``. SQLite options: `busy_timeout` (milliseconds, default 30000).
/// Unknown options are refused, so a typo cannot silently disable TLS.
///
/// ``description`` never shows the password.
public struct SQLConnectionURL: Sendable, Hashable, CustomStringConvertible {
    /// The dialect the scheme selects.
    public var dialect: SQLDialect
    /// The scheme as written, lowercased (`mysql`, `mariadb`, `postgres`, `postgresql`, `sqlite`).
    public var scheme: String
    /// The host name or address (empty for SQLite).
    public var host: String
    /// The port, when given.
    public var port: Int?
    /// The user name, when given.
    public var user: String?
    /// The password, when given. Never printed by ``description``.
    public var password: String?
    /// The database name (the path after the host, without the leading `/`), when given.
    public var database: String?
    /// The SQLite file path.
    public var path: String?
    /// The query options, in URL order, decoded.
    public var options: [(name: String, value: String)] {
        get { optionPairs.map { ($0.name, $0.value) } }
        set { optionPairs = newValue.map { Option(name: $0.name, value: $0.value) } }
    }

    private struct Option: Sendable, Hashable {
        var name: String
        var value: String
    }

    private var optionPairs: [Option]

    /// Parses a connection URL.
    ///
    /// - Parameter string: The URL.
    /// - Throws: ``SQLError`` with code ``SQLError/Code/invalidURL`` for malformed URLs and unknown schemes. The
    ///   message never repeats the password.
    public init(_ string: String) throws(SQLError) {
        func fail(_ why: String) -> SQLError {
            SQLError(code: .invalidURL, connection: Self.redact(string), message: why)
        }
        guard let colon = string.firstIndex(of: ":") else { throw fail("missing scheme (expected mysql://, sqlite:///…)") }
        let scheme = string[..<colon].lowercased()
        var rest = string[string.index(after: colon)...]
        switch scheme {
        case "mysql", "mariadb": dialect = .mysql
        case "postgres", "postgresql": dialect = .postgres
        case "sqlite", "sqlite3": dialect = .sqlite
        default: throw fail("unknown scheme \"\(scheme)\" (expected mysql, mariadb, postgres or sqlite)")
        }
        self.scheme = scheme
        host = ""
        optionPairs = []

        var query: Substring?
        if let q = rest.firstIndex(of: "?") {
            query = rest[rest.index(after: q)...]
            rest = rest[..<q]
        }
        if let query, !query.isEmpty {
            for item in query.split(separator: "&", omittingEmptySubsequences: true) {
                let parts = item.split(separator: "=", maxSplits: 1, omittingEmptySubsequences: false)
                guard let name = Self.percentDecode(parts[0]), !name.isEmpty else { throw fail("malformed option") }
                guard let value = Self.percentDecode(parts.count > 1 ? parts[1] : "") else {
                    throw fail("malformed value for option \"\(name)\"")
                }
                optionPairs.append(Option(name: name, value: value))
            }
        }

        if dialect == .sqlite {
            var path: Substring
            if rest.hasPrefix("//") {
                let afterSlashes = rest.dropFirst(2)
                guard afterSlashes.hasPrefix("/") else {
                    throw fail("a SQLite URL has an empty host: sqlite:///absolute/path.db (three slashes)")
                }
                path = afterSlashes
            } else {
                path = rest
            }
            guard let decoded = Self.percentDecode(path), !decoded.isEmpty else { throw fail("missing SQLite file path") }
            guard !decoded.utf8.contains(0) else { throw fail("the path contains NUL") }
            self.path = decoded
            for option in optionPairs where option.name != "busy_timeout" {
                throw fail("unknown option \"\(option.name)\" (SQLite accepts busy_timeout)")
            }
            return
        }

        guard rest.hasPrefix("//") else { throw fail("expected \(scheme)://host") }
        rest = rest.dropFirst(2)
        var authority = rest
        if let slash = rest.firstIndex(of: "/") {
            authority = rest[..<slash]
            let db = rest[rest.index(after: slash)...]
            if !db.isEmpty {
                guard let decoded = Self.percentDecode(db) else { throw fail("malformed database name") }
                database = decoded
            }
        }
        if let at = authority.lastIndex(of: "@") {
            let userInfo = authority[..<at]
            authority = authority[authority.index(after: at)...]
            if let c = userInfo.firstIndex(of: ":") {
                guard let u = Self.percentDecode(userInfo[..<c]), let p = Self.percentDecode(userInfo[userInfo.index(after: c)...])
                else { throw fail("malformed user or password (percent-encode special characters)") }
                user = u
                password = p
            } else {
                guard let u = Self.percentDecode(userInfo) else { throw fail("malformed user name") }
                user = u
            }
        }
        var hostPart = authority
        if hostPart.hasPrefix("[") {
            guard let close = hostPart.firstIndex(of: "]") else { throw fail("unterminated IPv6 address") }
            host = String(hostPart[hostPart.index(after: hostPart.startIndex)..<close])
            hostPart = hostPart[hostPart.index(after: close)...]
            if hostPart.hasPrefix(":") {
                guard let p = Int(hostPart.dropFirst()), (1...65535).contains(p) else { throw fail("invalid port") }
                port = p
            } else if !hostPart.isEmpty {
                throw fail("unexpected text after the IPv6 address")
            }
        } else {
            if let c = hostPart.lastIndex(of: ":") {
                guard let p = Int(hostPart[hostPart.index(after: c)...]), (1...65535).contains(p) else {
                    throw fail("invalid port")
                }
                port = p
                hostPart = hostPart[..<c]
            }
            host = String(hostPart)
        }
        guard !host.isEmpty else { throw fail("missing host") }
        let known: Set<String> =
            dialect == .mysql
            ? ["tls", "tls_ca", "tls_cert", "tls_key", "connect_timeout", "read_timeout", "write_timeout"]
            : ["sslmode", "sslrootcert", "connect_timeout"]
        for option in optionPairs where !known.contains(option.name) {
            throw fail("unknown option \"\(option.name)\" (known: \(known.sorted().joined(separator: ", ")))")
        }
    }

    /// The last value of an option, if present.
    ///
    /// - Parameter name: The option's name.
    /// - Returns: Its decoded value, or `nil`.
    public func option(_ name: String) -> String? {
        optionPairs.last { $0.name == name }?.value
    }

    /// The port to connect to: the URL's, or the dialect's default (3306, 5432; `nil` for SQLite).
    public var effectivePort: Int? {
        if let port { return port }
        switch dialect {
        case .mysql: return 3306
        case .postgres: return 5432
        case .sqlite: return nil
        }
    }

    /// The URL without the password or options: `mysql://user@host:port/database` or `sqlite:///path`.
    public var description: String {
        if dialect == .sqlite { return "sqlite://" + (path.map { $0.hasPrefix("/") ? $0 : "/" + $0 } ?? "") }
        var text = scheme + "://"
        if let user { text += user + "@" }
        text += host.contains(":") ? "[\(host)]" : host
        if let port = effectivePort { text += ":\(port)" }
        if let database { text += "/" + database }
        return text
    }

    /// Removes the password from a URL string that may not parse, for error messages.
    static func redact(_ string: String) -> String {
        guard let colon = string.firstIndex(of: ":"), string[colon...].hasPrefix("://") else { return string }
        let afterScheme = string[string.index(colon, offsetBy: 3)...]
        let authorityEnd = afterScheme.firstIndex(where: { $0 == "/" || $0 == "?" }) ?? afterScheme.endIndex
        let authority = afterScheme[..<authorityEnd]
        guard let at = authority.lastIndex(of: "@"), let colon = authority[..<at].firstIndex(of: ":") else {
            return string
        }
        return String(string[..<colon]) + ":***" + String(string[at...])
    }

    private static func percentDecode(_ text: Substring) -> String? {
        guard text.contains("%") else { return String(text) }
        var bytes: [UInt8] = []
        var utf8 = Array(text.utf8)[...]
        while let byte = utf8.popFirst() {
            if byte == UInt8(ascii: "%") {
                guard utf8.count >= 2, let value = UInt8(String(decoding: utf8.prefix(2), as: UTF8.self), radix: 16)
                else { return nil }
                bytes.append(value)
                utf8 = utf8.dropFirst(2)
            } else {
                bytes.append(byte)
            }
        }
        return String(validating: bytes, as: UTF8.self)
    }
}
