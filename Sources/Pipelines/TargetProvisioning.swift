import DataPlane
import Foundation

/// Creates a company's target database and one table per catalog table entry, typed like the entry's SELECT.
///
/// The target database is a MySQL/MariaDB database, a PostgreSQL schema in the target URL's database (one URL
/// reaches every company, and no `CREATE DATABASE` privilege is needed), or, for SQLite, the file `<name>.db` next
/// to the target URL's file (see ``TargetDatabase/connectionURL()``).
///
/// Each table's columns come from running the entry's SELECT, bound for the company, on the source with
/// `LIMIT 0` and mapping the column types with `SQLTypeMap`. Existing tables are kept (`IF NOT EXISTS`); a new
/// table of a merge or incremental entry gets a unique index on the key columns.
///
/// Provisioning is idempotent: running it again reports the tables as ``TableOutcome/Status-swift.enum/exists``.
public enum TargetProvisioning {
    /// What provisioning did for one table entry.
    public struct TableOutcome: Sendable {
        /// Whether the table was created, was there already, or could not be created.
        public enum Status: String, Sendable, Hashable, CustomStringConvertible {
            /// The table was created.
            case created
            /// The table existed and was kept as it is.
            case exists
            /// The table could not be created; ``TableOutcome/error`` says why.
            case failed

            /// `created`, `exists` or `failed`.
            public var description: String { rawValue }
        }

        /// The table entry's name (`tables.name`).
        public var entry: String
        /// The target table's name.
        public var table: String
        /// What happened.
        public var status: Status
        /// Why the table could not be created (``Status-swift.enum/failed`` only).
        public var error: (any Error)?

        /// Creates an outcome.
        ///
        /// - Parameters:
        ///   - entry: The table entry's name.
        ///   - table: The target table's name.
        ///   - status: What happened.
        ///   - error: Why it failed, if it did.
        public init(entry: String, table: String, status: Status, error: (any Error)? = nil) {
            self.entry = entry
            self.table = table
            self.status = status
            self.error = error
        }
    }

    /// Creates a company's target database (or schema, or file) and one table per entry.
    ///
    /// A failure to create one table is reported in its ``TableOutcome`` and the other tables are still created;
    /// a failure to reach either database, or to create the target database itself, throws.
    ///
    /// - Parameters:
    ///   - company: The company; its row binds the entries' SELECTs.
    ///   - configuration: The catalog configuration (the default look-back applies when the company has none).
    ///   - tables: The table entries to create tables for (typically the active ones).
    ///   - database: The company's target database name (``CatalogConfiguration/targetDatabase(for:)``).
    ///   - target: The reporting database server's URL (`mysql://`, `postgres://`, `sqlite:///dir/any.db`).
    ///   - source: The production database's URL, where the SELECTs are probed.
    ///   - batchDate: The day the look-back counts back from, for binding the SELECTs.
    /// - Returns: One outcome per entry, in order.
    /// - Throws: ``SQLError`` when a connection fails or the target database cannot be created, or a file-system
    ///   error when the SQLite target's directory cannot be created.
    public static func provision(
        company: Company, configuration: CatalogConfiguration, tables: [CatalogTable], database: String,
        target: String, source: String, batchDate: CalendarDate
    ) async throws -> [TableOutcome] {
        let connectionURL = try TargetDatabase(serverURL: target, name: database).connectionURL()
        if try SQLConnectionURL(target).dialect == .sqlite {
            try FileManager.default.createDirectory(
                atPath: URL(fileURLWithPath: try SQLConnectionURL(connectionURL).path ?? "/").deletingLastPathComponent().path,
                withIntermediateDirectories: true)
        }
        return try await withSQLConnection(url: connectionURL) { targetConnection in
            let q = targetConnection.dialect.quoteIdentifier
            switch targetConnection.dialect {
            case .mysql:
                try await targetConnection.execute(
                    "CREATE DATABASE IF NOT EXISTS \(q(database)) CHARACTER SET utf8mb4 COLLATE utf8mb4_bin")
                try await targetConnection.execute("USE \(q(database))")
            case .postgres:
                try await targetConnection.execute("CREATE SCHEMA IF NOT EXISTS \(q(database))")
                try await targetConnection.execute("SET search_path TO \(q(database))")
            case .sqlite:
                break
            }
            return try await withSQLConnection(url: source) { sourceConnection in
                let since =
                    (company.lookBackDays ?? configuration.defaultLookBackDays).map {
                        batchDate.adding(days: -$0)
                    } ?? batchDate
                var outcomes: [TableOutcome] = []
                for entry in tables {
                    var outcome = TableOutcome(
                        entry: entry.name, table: entry.settings.targetTable ?? entry.name, status: .failed)
                    do {
                        let recipe = try TableRecipe(translating: entry)
                        outcome.table = recipe.insert.table
                        outcome.status = try await createTable(
                            recipe: recipe, entry: entry, company: company, since: since, batchDate: batchDate,
                            source: sourceConnection, target: targetConnection)
                    } catch {
                        outcome.error = error
                    }
                    outcomes.append(outcome)
                }
                return outcomes
            }
        }
    }

    /// Probes an entry's SELECT and creates its target table (with the key index) unless it exists.
    private static func createTable(
        recipe: TableRecipe, entry: CatalogTable, company: Company, since: CalendarDate, batchDate: CalendarDate,
        source: any SQLConnection, target: any SQLConnection
    ) async throws -> TableOutcome.Status {
        let q = target.dialect.quoteIdentifier
        let query = try recipe.bind(
            company: company, since: since, batchID: "onboard", batchDate: batchDate, subject: entry.label)
        var (sql, values) = try query.positional(for: source.dialect)
        while let last = sql.last, last == ";" || last.isWhitespace { sql.removeLast() }
        let probed = try await source.query("SELECT * FROM (\(sql)) ferry_probe LIMIT 0", parameters: values) {
            $0.columns
        }
        var columns = probed
        if !recipe.insert.columns.isEmpty {
            columns = try recipe.insert.columns.enumerated().map { offset, name in
                let index = recipe.insert.csvColumns[offset]
                guard index < probed.count else {
                    throw CatalogError(
                        code: .invalidValue, subject: entry.label,
                        reason: "the insert uses CSV column \(index) but the SELECT returns \(probed.count) column(s)")
                }
                return SQLColumn(name: name, type: probed[index].type, isNullable: probed[index].isNullable)
            }
        }
        if try await target.tableExists(recipe.insert.table) { return .exists }
        try await target.execute(
            SQLTypeMap.createTableSQL(
                table: recipe.insert.table, for: columns, dialect: target.dialect, ifNotExists: true))
        let keys = recipe.keyColumns
        if !keys.isEmpty && (recipe.mode == .merge || recipe.mode == .incremental) {
            let index = String((recipe.insert.table + "_ferry_key").prefix(60))
            try await target.execute(
                "CREATE UNIQUE INDEX \(q(index)) ON \(q(recipe.insert.table)) ("
                    + keys.map(q).joined(separator: ", ") + ")")
        }
        return .created
    }
}
