import Foundation

/// One versioned, additive schema migration: a version number, a description and its statements per dialect.
public struct SQLMigration: Sendable {
    /// Its version (1, 2, …), unique within a ``SQLMigrator``.
    public var version: Int
    /// What it adds, recorded next to the version.
    public var description: String
    /// Its statements for a dialect, run in order.
    public var statements: @Sendable (SQLDialect) -> [String]

    /// Creates a migration.
    ///
    /// - Parameters:
    ///   - version: Its version; versions increase along a migrator's list.
    ///   - description: What it adds.
    ///   - statements: Its statements for a dialect (identifiers quoted, no values spliced in).
    public init(version: Int, description: String, statements: @escaping @Sendable (SQLDialect) -> [String]) {
        self.version = version
        self.description = description
        self.statements = statements
    }
}

/// Applies a list of ``SQLMigration``s in order and records each applied version in a table of its own
/// (`version`, `description`, `applied_at`), so running it again applies nothing.
///
/// Each migration and its record are one transaction (on MySQL, DDL commits implicitly, so only the record is),
/// which first re-reads the applied version: on PostgreSQL under a transaction-scoped advisory lock, on SQLite under
/// the write lock of `BEGIN IMMEDIATE`, so several processes migrating one database at once apply each version
/// exactly once.
public struct SQLMigrator: Sendable {
    /// The table recording applied versions.
    public var table: String
    /// Every migration, in increasing version order.
    public var migrations: [SQLMigration]

    /// Creates a migrator.
    ///
    /// - Parameters:
    ///   - table: The table recording applied versions (created when absent).
    ///   - migrations: Every migration, in increasing version order.
    public init(table: String, migrations: [SQLMigration]) {
        self.table = table
        self.migrations = migrations
    }

    /// The newest version this migrator knows.
    public var currentVersion: Int { migrations.last?.version ?? 0 }

    /// The statement that creates the record table when it is absent.
    ///
    /// - Parameter dialect: The dialect.
    /// - Returns: `CREATE TABLE IF NOT EXISTS …`.
    public func recordTableSQL(_ dialect: SQLDialect) -> String {
        "CREATE TABLE IF NOT EXISTS \(dialect.quoteIdentifier(table)) (version INTEGER NOT NULL PRIMARY KEY, "
            + "description VARCHAR(255) NOT NULL, applied_at VARCHAR(40) NOT NULL)"
    }

    /// The highest applied version: 0 when the record table does not exist.
    ///
    /// - Parameter connection: The database.
    /// - Returns: The applied version.
    /// - Throws: ``SQLError``.
    public func appliedVersion(on connection: any SQLConnection) async throws -> Int {
        guard try await connection.tableExists(table) else { return 0 }
        let rows = try await connection.query("SELECT MAX(version) FROM \(connection.quoteIdentifier(table))") {
            try await $0.collectRows()
        }
        switch rows.first?.first {
        case .integer(let version)?: return Int(version)
        case .unsignedInteger(let version)?: return Int(version)
        case .text(let text)?: return Int(text) ?? 0
        default: return 0
        }
    }

    /// Applies the pending migrations, in order.
    ///
    /// Idempotent: a second run applies nothing and returns an empty list.
    ///
    /// - Parameters:
    ///   - connection: The database; not inside a transaction.
    ///   - newerSchema: Makes the error thrown when the database is at a version newer than ``currentVersion``
    ///     (it receives that version).
    ///   - willApply: Called before each migration is applied (for logging).
    /// - Returns: The versions this call applied.
    /// - Throws: ``SQLError``, or the error `newerSchema` makes.
    @discardableResult
    public func migrate(
        on connection: any SQLConnection, newerSchema: (Int) -> any Error, willApply: (SQLMigration) -> Void = { _ in }
    ) async throws -> [Int] {
        let dialect = connection.dialect
        let current = try await appliedVersion(on: connection)
        if current > currentVersion { throw newerSchema(current) }
        var applied: [Int] = []
        for migration in migrations where migration.version > current {
            let didApply = try await connection.withTransaction {
                if dialect == .postgres {
                    _ = try await connection.query(
                        "SELECT 1 FROM (SELECT pg_advisory_xact_lock(hashtext(?))) AS ferry_lock",
                        parameters: [.text(table)]
                    ) { try await $0.collectRows() }
                }
                // Inside the transaction (under the lock on PostgreSQL, SQLite's write lock), so concurrent runs
                // neither race to create the record table nor apply a version twice.
                try await connection.execute(recordTableSQL(dialect))
                if try await appliedVersion(on: connection) >= migration.version { return false }
                willApply(migration)
                for statement in migration.statements(dialect) { try await connection.execute(statement) }
                try await connection.execute(
                    "INSERT INTO \(dialect.quoteIdentifier(table)) (version, description, applied_at) VALUES (?, ?, ?)",
                    parameters: [
                        .integer(Int64(migration.version)), .text(migration.description),
                        .text(Date().formatted(.iso8601)),
                    ])
                return true
            }
            if didApply { applied.append(migration.version) }
        }
        return applied
    }
}
