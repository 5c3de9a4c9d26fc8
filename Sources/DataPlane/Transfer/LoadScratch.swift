/// The scratch tables of one load into a table, named with one random suffix: `<table>__ferry_staging_<hex>`, and
/// on MySQL the `<table>__ferry_old_<hex>` a swap renames the previous table to before it drops it.
///
/// A load drops them in every outcome it lives to see; one that dies outright (SIGKILL, a power cut) cannot. So a
/// load first takes a server lock named after its scratch tables (MySQL/MariaDB `GET_LOCK`, a PostgreSQL session
/// advisory lock; the server releases both when the connection ends), and drops the scratch tables of earlier loads
/// into the same table whose lock it can take, that is, whose load is gone. SQLite has no such lock: there a table
/// left by a killed load stays until it is dropped by hand.
struct LoadScratch {
    let table: String
    let suffix: UInt32

    init(table: String, suffix: UInt32 = .random(in: .min ... .max)) {
        self.table = table
        self.suffix = suffix
    }

    /// The table the rows are loaded into.
    var staging: String { TransferSQL.scratchName(for: table, tag: "staging", random: suffix) }
    /// The name a MySQL swap gives the previous table until it drops it.
    var old: String { TransferSQL.scratchName(for: table, tag: "old", random: suffix) }

    /// Takes the lock that marks these tables as in use, without waiting; false when another connection holds it.
    /// Always true on SQLite.
    func claim(on connection: any SQLConnection) async throws -> Bool {
        let sql: String
        switch connection.dialect {
        case .mysql:
            // Lock names are server-wide and at most 64 characters: hash the database and table names.
            sql = "SELECT GET_LOCK(CONCAT('ferry:', LEFT(SHA2(CONCAT(IFNULL(DATABASE(), ''), '.', ?), 256), 58)), 0)"
        case .postgres:
            // Advisory locks are per database already.
            sql = "SELECT pg_try_advisory_lock(hashtextextended(coalesce(current_schema(), '') || '.' || ?, 0))"
        case .sqlite:
            return true
        }
        let rows = try await connection.query(sql, parameters: [.text(staging)]) { try await $0.collectRows() }
        switch rows.first?.first {
        case .boolean(let taken)?: return taken
        case .integer(let taken)?: return taken == 1
        case .unsignedInteger(let taken)?: return taken == 1
        default: return false
        }
    }

    /// Drops the scratch tables that earlier loads into `table` left behind and no live load holds.
    ///
    /// - Returns: The names of the dropped tables.
    static func dropAbandoned(of table: String, on connection: any SQLConnection) async throws -> [String] {
        let sql: String
        switch connection.dialect {
        case .mysql:
            sql = "SELECT TABLE_NAME FROM information_schema.TABLES WHERE TABLE_SCHEMA = DATABASE() "
                + "AND TABLE_NAME LIKE '%!_!_ferry!_%' ESCAPE '!'"
        case .postgres:
            sql = "SELECT table_name::text FROM information_schema.tables WHERE table_schema = current_schema() "
                + "AND table_name LIKE '%!_!_ferry!_%' ESCAPE '!'"
        case .sqlite:
            return []
        }
        let names = try await connection.query(sql) { try await $0.collectRows() }.compactMap { row -> String? in
            if case .text(let name)? = row.first { name } else { nil }
        }
        var dropped: [String] = []
        for name in names {
            guard let scratch = LoadScratch(table: table, named: name), try await scratch.claim(on: connection) else {
                continue
            }
            try await connection.execute("DROP TABLE IF EXISTS " + connection.quoteIdentifier(name))
            dropped.append(name)
        }
        return dropped
    }

    /// The scratch tables `name` belongs to, when it is one of a load into `table`.
    private init?(table: String, named name: String) {
        let hex = name.suffix(8)
        guard hex.count == 8, let suffix = UInt32(hex, radix: 16) else { return nil }
        self.init(table: table, suffix: suffix)
        guard name == staging || name == old else { return nil }
    }
}
