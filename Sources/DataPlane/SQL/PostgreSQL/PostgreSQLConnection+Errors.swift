internal import NIOCore
internal import NIOPosix
internal import PostgresNIO

extension PostgreSQLConnection {
    /// What was happening when an error occurred; decides the ``SQLError/Code``.
    enum Phase {
        case connect
        case statement
        case load
    }

    /// Maps postgres-nio's errors to ``SQLError`` (one line, naming the connection, never the password).
    ///
    /// Errors that are not postgres-nio's (``SQLError``, ``CSVError``, `CancellationError`, a load source's own
    /// error) are returned unchanged.
    static func mapError(
        _ error: any Error, connection: String, password: String?, phase: Phase, sql: String? = nil
    ) -> any Error {
        func scrubbed(_ text: String) -> String { SQLError.scrub(text, secret: password) }
        let lostCode: SQLError.Code = phase == .connect ? .connectionFailed : .connectionLost
        if let legacy = error as? PostgresError {
            // The older error type, still thrown by a few paths (a COPY write on a connection the server closed).
            switch legacy {
            case .connectionClosed:
                return SQLError(code: lostCode, connection: connection, message: "the server closed the connection", sql: sql)
            default:
                return SQLError(
                    code: phase == .connect ? .connectionFailed : (phase == .load ? .bulkLoadFailed : .queryFailed),
                    connection: connection, message: scrubbed("\(legacy)"), sql: sql)
            }
        }
        guard let error = error as? PSQLError else { return error }
        switch error.code {
        case .server:
            let state = error.serverInfo?[.sqlState] ?? ""
            var message = error.serverInfo?[.message] ?? "the server reported an error"
            if let detail = error.serverInfo?[.detail] { message += " (\(detail))" }
            if let context = error.serverInfo?[.locationContext], phase == .load { message += " [\(context)]" }
            let code: SQLError.Code
            switch state {
            case "57014":
                // query_canceled: Ferry's own cancel, sent because the task was cancelled.
                return CancellationError()
            case _ where state.hasPrefix("28"): code = .authenticationFailed
            case _ where state.hasPrefix("08") || state.hasPrefix("57P"): code = lostCode
            case _ where phase == .connect: code = .connectionFailed
            case _ where phase == .load: code = .bulkLoadFailed
            default: code = .queryFailed
            }
            return SQLError(
                code: code, connection: connection, message: scrubbed(message), sqlState: state.isEmpty ? nil : state,
                sql: sql)
        case .queryCancelled:
            return CancellationError()
        case .sslUnsupported:
            return SQLError(
                code: .connectionFailed, connection: connection,
                message: "the server does not accept TLS connections (the URL's sslmode requires TLS)")
        case .failedToAddSSLHandler:
            return SQLError(
                code: .connectionFailed, connection: connection,
                message: "TLS setup failed: " + scrubbed(error.underlying.map(describe) ?? "unknown error"))
        case .connectionError, .serverClosedConnection, .uncleanShutdown:
            let why = error.underlying.map(describe) ?? (error.code == .connectionError ? "network error" : "the server closed the connection")
            return SQLError(code: lostCode, connection: connection, message: scrubbed(why), sql: sql)
        case .clientClosedConnection:
            return SQLError(code: .closed, connection: connection, message: "the connection is closed")
        default:
            let why = "\(error.code)" + (error.underlying.map { ": " + describe($0) } ?? "")
            return SQLError(
                code: phase == .connect ? .connectionFailed : (phase == .load ? .bulkLoadFailed : .queryFailed),
                connection: connection, message: scrubbed(why), sql: sql)
        }
    }

    /// A short description of a network error (NIO's connection error lists every address tried).
    private static func describe(_ error: any Error) -> String {
        if let error = error as? NIOConnectionError, let first = error.connectionErrors.first {
            return "\(first.error)"
        }
        if let error = error as? ChannelError, case .connectTimeout(let timeout) = error {
            return "connect timed out after \(timeout.nanoseconds / 1_000_000_000) s"
        }
        return "\(error)"
    }
}
