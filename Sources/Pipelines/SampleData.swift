import DataPlane
import Foundation

/// A deterministic sample data set for trying Ferry out: a SQLite "production" database with four companies'
/// users, products and orders, and catalog entries that export them.
///
/// 1. ``makeProductionDatabase(at:today:seed:)`` (re)creates the production database: about 100,000 rows
///    (mostly orders) spread over the ``days`` days before `today`, so a 60-day look-back selects about half.
///    The data is realistic but tricky: NULLs next to empty strings, non-Latin and accented names, emoji, and
///    values holding quotes, commas, tabs and newlines (the shapes that broke the original's string-built
///    INSERTs).
/// 2. ``seed(_:)`` adds the four ``companies`` (one of them disabled) with their look-back configuration and the
///    three ``tableEntries`` to a catalog: a legacy `users` entry in the original design's shape, and new-style
///    `orders` (merge on `id`) and `products` (full refresh) entries.
///
/// ```swift
/// let today = CalendarDate("2026-12-04")!
/// let summary = try await SampleData.makeProductionDatabase(at: "/tmp/ferry/production.db", today: today)
/// try await withSQLConnection(url: "sqlite:///tmp/ferry/catalog.db") { connection in
///     let catalog = Catalog(connection: connection)
///     try await SampleData.seed(catalog)
///     let plan = try await catalog.workItems(batchDate: today)  // 3 active companies × 3 tables
/// }
/// ```
///
/// Equal seeds and dates give byte-identical databases on every platform: the rows come from a SplitMix64 generator,
/// never from the system's random source, and the generator uses no calendar or locale.
public enum SampleData {
    /// One sample company: its catalog identity and how many rows it owns in the production database.
    public struct CompanyProfile: Sendable, Hashable {
        /// `companies.company_id` and the production rows' `company_id`.
        public var companyID: Int64
        /// `companies.alias`.
        public var alias: String
        /// The look-back in days (the `date Y-M-D` configuration value).
        public var lookBackDays: Int
        /// Whether the company is active in the catalog (`status` 1) or disabled (0).
        public var isActive: Bool
        /// Its rows in `users`.
        public var users: Int
        /// Its rows in `products`.
        public var products: Int
        /// Its rows in `orders`.
        public var orders: Int

        /// The domain of its users' e-mail addresses: `{alias}.example`.
        public var emailDomain: String { alias + ".example" }

        init(
            _ companyID: Int64, _ alias: String, lookBackDays: Int, isActive: Bool, users: Int, products: Int,
            orders: Int
        ) {
            (self.companyID, self.alias, self.lookBackDays, self.isActive) = (companyID, alias, lookBackDays, isActive)
            (self.users, self.products, self.orders) = (users, products, orders)
        }
    }

    /// The four sample companies, in `company_id` order; `umbrella` is disabled and `initech` looks back 30 days.
    public static let companies: [CompanyProfile] = [
        CompanyProfile(101, "acme", lookBackDays: 60, isActive: true, users: 1500, products: 160, orders: 40_000),
        CompanyProfile(102, "globex", lookBackDays: 60, isActive: true, users: 1000, products: 120, orders: 28_000),
        CompanyProfile(103, "initech", lookBackDays: 30, isActive: true, users: 700, products: 80, orders: 18_000),
        CompanyProfile(104, "umbrella", lookBackDays: 60, isActive: false, users: 400, products: 40, orders: 10_000),
    ]

    /// The seed ``makeProductionDatabase(at:today:seed:)`` uses unless told otherwise.
    public static let defaultSeed: UInt64 = 0x00F0_22E5

    /// How many days before `today` the rows span: every timestamp lies in `[today - days, today)`.
    public static let days = 120

    /// The production tables, in creation order, with their columns.
    static let tables: [(name: String, columns: [String])] = [
        ("users", ["id", "company_id", "username", "email", "full_name", "created_at", "is_active"]),
        ("products", ["id", "company_id", "sku", "name", "price", "created_at"]),
        ("orders", ["id", "company_id", "user_id", "product_id", "quantity", "total", "status", "ordered_at"]),
    ]

    /// The production schema (SQLite). Timestamps are text `YYYY-MM-DD HH:MM:SS` (UTC); money is decimal text
    /// such as `19.99` in `DECIMAL_TEXT` columns (text affinity, read back as `DECIMAL(p,s)`).
    static let schema = [
        "CREATE TABLE users (id INTEGER PRIMARY KEY, company_id INTEGER NOT NULL, username TEXT NOT NULL, "
            + "email TEXT, full_name TEXT, created_at TEXT NOT NULL, is_active INTEGER)",
        "CREATE TABLE products (id INTEGER PRIMARY KEY, company_id INTEGER NOT NULL, sku TEXT NOT NULL, "
            + "name TEXT NOT NULL, price DECIMAL_TEXT(10,2) NOT NULL, created_at TEXT NOT NULL)",
        "CREATE TABLE orders (id INTEGER PRIMARY KEY, company_id INTEGER NOT NULL, user_id INTEGER NOT NULL, "
            + "product_id INTEGER NOT NULL, quantity INTEGER NOT NULL, total DECIMAL_TEXT(12,2) NOT NULL, "
            + "status TEXT, ordered_at TEXT NOT NULL)",
        "CREATE INDEX users_company_created ON users (company_id, created_at)",
        "CREATE INDEX products_company ON products (company_id)",
        "CREATE INDEX orders_company_ordered ON orders (company_id, ordered_at)",
    ]

    /// What ``makeProductionDatabase(at:today:seed:)`` wrote.
    public struct Summary: Sendable, Hashable {
        /// The database's URL, `sqlite:///absolute/path.db`.
        public var url: String
        /// The first day any row is dated (`today - days`); the last is the day before `today`.
        public var firstDay: CalendarDate
        /// Rows in `users`.
        public var users: Int
        /// Rows in `products`.
        public var products: Int
        /// Rows in `orders`.
        public var orders: Int

        /// Rows in all three tables.
        public var totalRows: Int { users + products + orders }
    }

    /// Creates the sample production database, replacing any database at `path`.
    ///
    /// The old file and its `-wal`, `-shm` and `-journal` companions are deleted first, and missing parent
    /// directories are created. All rows are inserted in one transaction with bound parameters.
    ///
    /// Concurrency: the rows are generated in memory first (a few tens of MB, freed on return) on the global
    /// concurrent executor, never on the caller's actor; SQLite work runs on the connection's own threads.
    ///
    /// - Parameters:
    ///   - path: The database file (relative paths are resolved against the current directory).
    ///   - today: The day the data leads up to: rows are dated in `[today - days, today)`.
    ///   - seed: The generator's seed; equal seeds and dates give identical data.
    /// - Returns: Where the database is and how many rows it holds.
    /// - Throws: ``SQLError``, or a file-system error when the old file cannot be removed.
    @discardableResult @concurrent
    public static func makeProductionDatabase(
        at path: String, today: CalendarDate, seed: UInt64 = defaultSeed
    ) async throws -> Summary {
        let file = URL(fileURLWithPath: path).standardizedFileURL
        let manager = FileManager.default
        try manager.createDirectory(at: file.deletingLastPathComponent(), withIntermediateDirectories: true)
        for suffix in ["", "-wal", "-shm", "-journal"] {
            let companion = file.path + suffix
            if manager.fileExists(atPath: companion) { try manager.removeItem(atPath: companion) }
        }
        let rows = Generator(today: today, seed: seed).rows()
        let url = "sqlite://" + file.path
        try await withSQLConnection(url: url) { connection in
            for statement in schema { try await connection.execute(statement) }
            try await connection.withTransaction {
                for (table, values) in zip(tables, [rows.users, rows.products, rows.orders]) {
                    try await insert(into: table.name, columns: table.columns, values: values, on: connection)
                }
            }
        }
        let width = tables.map(\.columns.count)
        return Summary(
            url: url, firstDay: today.adding(days: -days), users: rows.users.count / width[0],
            products: rows.products.count / width[1], orders: rows.orders.count / width[2])
    }

    /// Inserts rows (a flat list of values, row after row) with multi-row prepared `INSERT`s of at most 999
    /// parameters each (the lowest limit SQLite has shipped with).
    static func insert(
        into table: String, columns: [String], values: [SQLValue], on connection: any SQLConnection
    ) async throws {
        let width = columns.count
        let rowsPerStatement = max(1, 999 / width)
        let rowCount = values.count / width
        let q = connection.quoteIdentifier
        let head = "INSERT INTO \(q(table)) (" + columns.map(q).joined(separator: ", ") + ") VALUES "
        let tuple = "(" + Array(repeating: "?", count: width).joined(separator: ", ") + ")"
        func statement(rows: Int) -> String { head + Array(repeating: tuple, count: rows).joined(separator: ", ") }
        let full = statement(rows: rowsPerStatement)
        var row = 0
        while row < rowCount {
            let count = min(rowsPerStatement, rowCount - row)
            try await connection.execute(
                count == rowsPerStatement ? full : statement(rows: count),
                parameters: Array(values[(row * width)..<((row + count) * width)]))
            row += count
        }
    }
}
