/// An error from a SQL connection: opening it, running a statement, streaming rows or bulk loading.
///
/// The ``description`` is one line that names the connection (scheme, user, host, port and database, **never the
/// password**), the server's error number and SQLSTATE when there is one, and the server's message. The SQL text is
/// never part of ``description`` (it may hold literal data); it is kept in ``debugDescription``-only context.
public struct SQLError: Error, Sendable, Hashable, CustomStringConvertible, CustomDebugStringConvertible {
    /// The kind of SQL failure, as an extensible set of values.
    public struct Code: Sendable, Hashable, CustomStringConvertible {
        private enum Base: Sendable, Hashable {
            case invalidURL
            case unsupported
            case connectionFailed
            case authenticationFailed
            case connectionLost
            case queryFailed
            case cancelled
            case bulkLoadFailed
            case invalidData
            case closed
        }

        private let base: Base

        private init(_ base: Base) { self.base = base }

        /// The connection URL is malformed.
        public static let invalidURL = Code(.invalidURL)
        /// The URL's scheme or a requested feature is not available.
        public static let unsupported = Code(.unsupported)
        /// The server could not be reached or refused the connection (host, port, TLS, timeout).
        public static let connectionFailed = Code(.connectionFailed)
        /// The server rejected the user name or password.
        public static let authenticationFailed = Code(.authenticationFailed)
        /// The connection broke while a statement was running (server gone, killed, network failure, timeout).
        public static let connectionLost = Code(.connectionLost)
        /// The server rejected or failed a statement.
        public static let queryFailed = Code(.queryFailed)
        /// The statement was interrupted because the calling task was cancelled.
        public static let cancelled = Code(.cancelled)
        /// A bulk load was rejected (for example a CSV header that does not match the table).
        public static let bulkLoadFailed = Code(.bulkLoadFailed)
        /// A value could not be converted (for example a malformed binary or date field in a CSV load).
        public static let invalidData = Code(.invalidData)
        /// The connection was used after ``SQLConnection/close()``.
        public static let closed = Code(.closed)

        /// A short, stable name for the code, suitable for metric labels.
        public var description: String {
            switch base {
            case .invalidURL: "invalidURL"
            case .unsupported: "unsupported"
            case .connectionFailed: "connectionFailed"
            case .authenticationFailed: "authenticationFailed"
            case .connectionLost: "connectionLost"
            case .queryFailed: "queryFailed"
            case .cancelled: "cancelled"
            case .bulkLoadFailed: "bulkLoadFailed"
            case .invalidData: "invalidData"
            case .closed: "closed"
            }
        }
    }

    /// What went wrong.
    public var code: Code
    /// The connection concerned, redacted: `mysql://user@host:port/database` (no password).
    public var connection: String
    /// The server's (or client library's) error number, for example MySQL's 1045 or 2013.
    public var serverErrorNumber: Int?
    /// The five-character SQLSTATE, when the server reported one.
    public var sqlState: String?
    /// The server's or Ferry's message, with the password removed if it ever appeared.
    public var message: String
    /// The SQL text that failed, if any; shown only by ``debugDescription``.
    public var sql: String?

    /// Creates a SQL error.
    ///
    /// - Parameters:
    ///   - code: What went wrong.
    ///   - connection: The redacted connection description.
    ///   - message: The explanation (must not contain secrets).
    ///   - serverErrorNumber: The server's error number, if any.
    ///   - sqlState: The SQLSTATE, if any.
    ///   - sql: The failing SQL text, if any.
    public init(
        code: Code, connection: String, message: String, serverErrorNumber: Int? = nil, sqlState: String? = nil,
        sql: String? = nil
    ) {
        self.code = code
        self.connection = connection
        self.message = message
        self.serverErrorNumber = serverErrorNumber
        self.sqlState = sqlState
        self.sql = sql
    }

    /// One line: what failed, on which connection, the server's error number/SQLSTATE and message.
    public var description: String {
        var text = "\(summary) on \(connection)"
        if let serverErrorNumber {
            text += " (error \(serverErrorNumber)"
            if let sqlState, !sqlState.isEmpty { text += ", SQLSTATE \(sqlState)" }
            text += ")"
        } else if let sqlState, !sqlState.isEmpty {
            text += " (SQLSTATE \(sqlState))"
        }
        return text + ": " + oneLine(message)
    }

    /// ``description`` plus the failing SQL text; may contain user data, so keep it out of logs above debug.
    public var debugDescription: String {
        guard let sql else { return description }
        return description + " [sql: \(oneLine(sql))]"
    }

    private var summary: String {
        switch code {
        case .invalidURL: "invalid connection URL"
        case .unsupported: "not supported"
        case .connectionFailed: "cannot connect"
        case .authenticationFailed: "authentication failed"
        case .connectionLost: "connection lost"
        case .cancelled: "statement cancelled"
        case .bulkLoadFailed: "bulk load failed"
        case .invalidData: "invalid data"
        case .closed: "connection closed"
        default: "statement failed"
        }
    }

    private func oneLine(_ text: String) -> String {
        String(text.map { $0 == "\n" || $0 == "\r" ? " " : $0 })
    }

    /// Returns `message` with every occurrence of `secret` replaced by `***` (secrets shorter than 3 characters are
    /// left alone: replacing them would mangle ordinary words).
    static func scrub(_ message: String, secret: String?) -> String {
        guard let secret, secret.count >= 3 else { return message }
        return message.replacing(secret, with: "***")
    }
}
