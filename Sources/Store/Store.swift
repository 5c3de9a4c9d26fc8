public import DataPlane
public import Foundation
import JSONValue

/// The durable journal of executions: state machines with their revisions, executions, their history events,
/// task tokens, schedules and worker leases, in SQLite (the default) or PostgreSQL (shared by several workers).
///
/// Create one over an open connection and call ``migrate()`` once, or use ``withStore(url:configuration:_:)``
/// which does both and closes the connection afterwards:
///
/// ```swift
/// try await Store.withStore(url: "sqlite:///var/lib/ferry/state.db") { store in
///     let machine = try await store.createStateMachine(name: "nightly", definition: asl, roleArn: role)
///     let started = try await store.startExecution(stateMachineArn: machine.arn, name: nil, input: [:])
///     try await store.appendEvents(executionArn: started.execution.arn, events: [event])
/// }
/// ```
///
/// Every method that writes commits before it returns, so an event appended with
/// ``appendEvents(executionArn:events:checkpoints:worker:)`` survives a crash that happens after the call.
///
/// Concurrency: a store may be used from many tasks at once; it runs one operation at a time on its connection
/// (callers wait in order). Several stores — in one process or several — may share one PostgreSQL database or one
/// SQLite file; leases (``claimExecutions(worker:limit:leaseDuration:now:)``) decide which worker runs what.
public final class Store: Sendable {
    /// Settings for a store.
    public struct Configuration: Sendable {
        /// The region written into ARNs. Default `us-east-1`.
        public var region: String
        /// The account id written into ARNs. Default `123456789012`.
        public var account: String
        /// The clock for creation, start, stop and event times. Default: the system clock.
        public var now: @Sendable () -> Date

        /// Creates a configuration.
        ///
        /// - Parameters:
        ///   - region: The region in ARNs.
        ///   - account: The account id in ARNs.
        ///   - now: The clock.
        public init(
            region: String = "us-east-1", account: String = "123456789012",
            now: @escaping @Sendable () -> Date = { Date() }
        ) {
            self.region = region
            self.account = account
            self.now = now
        }
    }

    /// The store's connection.
    public let connection: any SQLConnection
    /// Its settings.
    public let configuration: Configuration
    let lock = AsyncLock()

    /// Creates a store over an open connection (SQLite or PostgreSQL).
    ///
    /// - Parameters:
    ///   - connection: The connection; the caller closes it. Do not use it elsewhere while the store is in use.
    ///   - configuration: Settings.
    public init(connection: any SQLConnection, configuration: Configuration = Configuration()) {
        self.connection = connection
        self.configuration = configuration
    }

    /// Opens a connection to `url`, migrates the store, runs `body`, and closes the connection.
    ///
    /// - Parameters:
    ///   - url: `sqlite:///path/state.db` or `postgres://user:password@host:port/database`.
    ///   - configuration: Settings.
    ///   - body: The work to do with the store.
    /// - Returns: What `body` returns.
    /// - Throws: ``StoreError``, `SQLError`, or what `body` throws.
    @discardableResult
    public static func withStore<R>(
        url: String, configuration: Configuration = Configuration(), _ body: (Store) async throws -> R
    ) async throws -> R {
        try await withSQLConnection(url: url) { connection in
            let store = Store(connection: connection, configuration: configuration)
            try await store.migrate()
            return try await body(store)
        }
    }

    /// Applies the store's pending migrations (see ``StoreSchema``). Running it again applies nothing.
    ///
    /// - Returns: The versions applied by this call.
    /// - Throws: ``StoreError`` (``StoreError/Code/newerSchema``) or `SQLError`.
    @discardableResult
    public func migrate() async throws -> [Int] {
        try await serialized {
            try await StoreSchema.migrator.migrate(on: connection) { current in
                StoreError(
                    code: .newerSchema,
                    message: "the store \(connection.redactedURL) is at schema version \(current) but this Ferry knows "
                        + "up to \(StoreSchema.currentVersion); upgrade Ferry")
            }
        }
    }

    /// The applied schema version (0 before ``migrate()``).
    ///
    /// - Returns: The highest applied migration version.
    /// - Throws: `SQLError`.
    public func schemaVersion() async throws -> Int {
        try await serialized { try await StoreSchema.migrator.appliedVersion(on: connection) }
    }

    // MARK: Internals shared by the extensions

    /// Runs `body` with the connection to itself.
    func serialized<R>(_ body: () async throws -> R) async throws -> R {
        try await lock.withLock(body)
    }

    var dialect: SQLDialect { connection.dialect }
    func q(_ name: String) -> String { dialect.quoteIdentifier(name) }

    func rows(_ sql: String, _ parameters: [SQLValue] = []) async throws -> [[SQLValue]] {
        try await connection.query(sql, parameters: parameters) { try await $0.collectRows() }
    }

    var nowMilliseconds: Int64 { Self.milliseconds(configuration.now()) }

    static func milliseconds(_ date: Date) -> Int64 { Int64((date.timeIntervalSince1970 * 1000).rounded()) }
    static func date(_ milliseconds: Int64) -> Date { Date(timeIntervalSince1970: Double(milliseconds) / 1000) }

    var arnPrefix: String { "arn:aws:states:\(configuration.region):\(configuration.account):" }

    /// Whether `error` is a unique or primary-key violation (PostgreSQL 23505, SQLite 1555/2067, MySQL 1062).
    static func isUniqueViolation(_ error: any Error) -> Bool {
        guard let error = error as? SQLError else { return false }
        if error.sqlState == "23505" { return true }
        return [1555, 2067, 1062].contains(error.serverErrorNumber ?? 0)
    }

    /// Checks a `maxResults` argument: 0 means the default of 100; at most 1000.
    static func pageSize(_ maxResults: Int) throws -> Int {
        guard (0...1000).contains(maxResults) else {
            throw StoreError(code: .invalidValue, message: "maxResults \(maxResults) is out of range; pass 0 to 1000")
        }
        return maxResults == 0 ? 100 : maxResults
    }

    /// Checks a state machine, execution or schedule name: 1 to 80 characters, no whitespace, none of
    /// `< > { } [ ] ? * " # % \ ^ | ~ ` $ & , ; : /`, no control characters (AWS's rule).
    static func checkName(_ name: String, kind: String) throws {
        let forbidden: Set<Character> = [
            "<", ">", "{", "}", "[", "]", "?", "*", "\"", "#", "%", "\\", "^", "|", "~",
            "`", "$", "&", ",", ";", ":", "/",
        ]
        let isControl: (Unicode.Scalar) -> Bool = { $0.value < 32 || (0x7f...0x9f).contains($0.value) }
        let valid =
            (1...80).contains(name.count)
            && !name.contains { character in
                character.isWhitespace || forbidden.contains(character)
                    || character.unicodeScalars.contains(where: isControl)
            }
        guard valid else {
            throw StoreError(
                code: .invalidName,
                message: "invalid \(kind) name \"\(name)\"; use 1 to 80 characters without whitespace, control "
                    + "characters or any of < > { } [ ] ? * \" # % \\ ^ | ~ ` $ & , ; : /")
        }
    }
}

// MARK: Decoding stored values

extension Store {
    static func int(_ value: SQLValue) -> Int64? {
        switch value {
        case .integer(let v): v
        case .unsignedInteger(let v): Int64(exactly: v)
        case .boolean(let b): b ? 1 : 0
        case .text(let t): Int64(t)
        default: nil
        }
    }

    static func text(_ value: SQLValue) -> String? {
        switch value {
        case .text(let t): t
        case .null: nil
        default: value.description
        }
    }

    static func json(_ value: SQLValue) throws -> JSONValue? {
        guard let text = text(value) else { return nil }
        do {
            return try JSONValue(parsing: text)
        } catch {
            throw StoreError(
                code: .invalidValue, message: "a stored JSON value is malformed (\(error)); the store is damaged")
        }
    }

    static func jsonText(_ value: JSONValue?) -> SQLValue { value.map { .text($0.serialized()) } ?? .null }

    static func optional(_ value: String?) -> SQLValue { value.map(SQLValue.text) ?? .null }
}

// MARK: Pagination tokens

/// Opaque pagination tokens: base64url of `<kind>\n<key>`, so a token from one listing is refused by another.
enum PageToken {
    static func make(kind: String, key: String) -> String {
        Data((kind + "\n" + key).utf8).base64EncodedString()
            .replacingOccurrences(of: "+", with: "-").replacingOccurrences(of: "/", with: "_")
            .replacingOccurrences(of: "=", with: "")
    }

    static func key(_ token: String?, kind: String) throws -> String? {
        guard let token else { return nil }
        var base64 = token.replacingOccurrences(of: "-", with: "+").replacingOccurrences(of: "_", with: "/")
        while base64.count % 4 != 0 { base64 += "=" }
        guard let data = Data(base64Encoded: base64), let text = String(data: data, encoding: .utf8),
            text.hasPrefix(kind + "\n")
        else {
            throw StoreError(
                code: .invalidToken,
                message: "the nextToken is not one this listing returned; pass the nextToken of the previous page "
                    + "of the same listing, or none for the first page")
        }
        return String(text.dropFirst(kind.count + 1))
    }
}
