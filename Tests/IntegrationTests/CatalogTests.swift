import DataPlane
import Foundation
import JSONValue
import Pipelines
import Testing

/// Creates the original admin schema as the original project did (plain DDL, no Ferry tables) with three kinds
/// of companies and table entries, plus a production-like `users` table to run the resolved SELECT against.
func createOriginalCatalog(_ connection: any SQLConnection) async throws {
    let q = connection.quoteIdentifier
    let id =
        switch connection.dialect {
        case .mysql: "id INT NOT NULL AUTO_INCREMENT PRIMARY KEY"
        case .postgres: "id SERIAL PRIMARY KEY"
        case .sqlite: "id INTEGER PRIMARY KEY AUTOINCREMENT"
        }
    let timestamp = connection.dialect == .postgres ? "TIMESTAMP" : "DATETIME"
    try await connection.execute("CREATE TABLE companies (\(id), company_id INT, status SMALLINT, alias VARCHAR(50))")
    try await connection.execute(
        "CREATE TABLE \(q("tables")) (\(id), name VARCHAR(50), status SMALLINT, query_select TEXT, "
            + "params_select VARCHAR(255), query_insert TEXT, params_insert TEXT)")
    try await connection.execute("CREATE TABLE configurations (\(id), name VARCHAR(50))")
    try await connection.execute(
        "CREATE TABLE companies_configurations (\(id), retail_id INT, configuration_id INT, configuration_value VARCHAR(50))"
    )
    try await connection.execute("INSERT INTO configurations (name) VALUES ('timezone'), ('date Y-M-D')")
    try await connection.execute(
        "INSERT INTO companies (company_id, status, alias) VALUES (42, 1, 'acme'), (43, 1, 'beta'), "
            + "(44, 0, 'gamma'), (45, 1, 'delta'), (46, 1, 'acme/../x''; DROP TABLE users')")
    try await connection.execute(
        "INSERT INTO companies_configurations (retail_id, configuration_id, configuration_value) VALUES "
            + "(1, 1, 'UTC'), (1, 2, '60'), (3, 2, '60'), (4, 2, 'sixty'), (2, 1, 'UTC'), (5, 2, '60')")
    let insert =
        "INSERT INTO \(q("tables")) (name, status, query_select, params_select, query_insert, params_insert) "
        + "VALUES (?, ?, ?, ?, ?, ?)"
    try await connection.execute(
        insert,
        parameters: [
            .text("users"), .integer(1),
            .text("SELECT id, username FROM users WHERE company_id = %s AND created_at >= %s"),
            .text("(company[1], date)"), .text("REPLACE INTO users(id, username) VALUES "),
            .text(#"'(' + row[0] + ',"' + row[1] + '")'"#),
        ])
    try await connection.execute(
        insert,
        parameters: [
            .text("orders"), .integer(0), .text("SELECT * FROM orders WHERE company_id = :company_id"),
            .text(""), .text(""), .text(""),
        ])
    try await connection.execute(
        insert,
        parameters: [
            .text("evil"), .integer(1), .text("SELECT * FROM users WHERE company_id = %s"),
            .text("__import__('os').system('touch /tmp/ferry-pwned')"), .text("INSERT INTO users(id) VALUES "),
            .text("'(' + row[0] + ')'"),
        ])
    try await connection.execute(
        "CREATE TABLE users (id INT PRIMARY KEY, username VARCHAR(100), company_id INT, created_at \(timestamp))")
    try await connection.execute(
        "INSERT INTO users (id, username, company_id, created_at) VALUES (?, ?, ?, ?), (?, ?, ?, ?), (?, ?, ?, ?), (?, ?, ?, ?)",
        parameters: [
            .integer(1), .text("too old"), .integer(42), .text("2026-10-04 23:59:59"),
            .integer(2), .text("first day"), .integer(42), .text("2026-10-05 00:00:00"),
            .integer(3), .text("Robert'); DROP TABLE users;--"), .integer(42), .text("2026-12-01 10:00:00"),
            .integer(4), .text("other company"), .integer(43), .text("2026-12-01 10:00:00"),
        ])
}

let catalogBatchDate = CalendarDate("2026-12-04")!

/// What every dialect must show for the original catalog.
func checkOriginalCatalog(_ connection: any SQLConnection) async throws {
    let catalog = Catalog(connection: connection)
    #expect(try await catalog.schemaVersion() == 0)

    // Read as it is, before any migration.
    let before = try await catalog.workItems(batchDate: catalogBatchDate)
    #expect(before.items.map { "\($0.company.alias)/\($0.table.name)" } == ["acme/users"])
    let kinds = before.problems.map { "\($0.kind.rawValue):\($0.company ?? $0.table ?? "")" }.sorted()
    #expect(
        kinds == [
            "invalidAlias:acme/../x'; DROP TABLE users", "invalidLookBack:delta", "missingLookBack:beta",
            "untranslatableEntry:evil",
        ])
    let evil = try #require(before.problems.first { $0.kind == .untranslatableEntry })
    #expect(evil.message.contains("table row 3 (\"evil\") params_select"))
    #expect(evil.message.contains("__import__"))

    let item = try #require(before.items.first)
    #expect(item.since == CalendarDate("2026-10-05"))
    #expect(item.targetDatabase == "ferry_acme")
    #expect(
        item.insert == InsertPlan(verb: .replace, table: "users", columns: ["id", "username"], csvColumns: [0, 1]))
    #expect(item.mode == .merge && item.keyColumns == ["id"])
    #expect(item.objectPrefix == "acme/exports/2026-12-04/users/")
    let (sql, values) = try item.select.positional(for: connection.dialect)
    #expect(values == [.integer(42), .text("2026-10-05")])
    let rows = try await connection.query(sql + " ORDER BY id", parameters: values) { try await $0.collectRows() }
    #expect(
        rows == [
            [.integer(2), .text("first day")], [.integer(3), .text("Robert'); DROP TABLE users;--")],
        ])

    // Migrate: additive and idempotent; the original tables keep their columns.
    #expect(try await catalog.migrate() == [1, 2])
    #expect(try await catalog.migrate() == [])
    #expect(try await catalog.schemaVersion() == CatalogSchema.currentVersion)
    #expect(try await connection.columns(ofTable: "companies").map(\.name) == ["id", "company_id", "status", "alias"])
    let after = try await catalog.workItems(batchDate: catalogBatchDate)
    #expect(after == before)

    // A default look-back brings beta in, with a note.
    try await catalog.set(.defaultLookBackDays, to: "30")
    let withDefault = try await catalog.workItems(batchDate: catalogBatchDate)
    #expect(withDefault.items.map { "\($0.company.alias)/\($0.table.name)" } == ["acme/users", "beta/users"])
    #expect(withDefault.items[1].since == CalendarDate("2026-11-04"))
    #expect(
        withDefault.problems.contains { $0.kind == .defaultLookBackApplied && $0.company == "beta" && !$0.skipsWork })

    // Writes through the catalog API.
    try await catalog.set(.project, to: "bi")
    try await catalog.addCompany(companyID: 46, alias: "zeta", lookBackDays: 7)
    await #expect(throws: CatalogError.self) { try await catalog.addCompany(companyID: 47, alias: "zeta") }
    try await catalog.setCompany(alias: "acme", isActive: false)
    try await catalog.addTable(
        CatalogTable(
            id: 0, name: "recent",
            querySelect: "SELECT id FROM users WHERE company_id = :company_id AND created_at >= :since",
            settings: TableSettings(mode: .merge, keyColumns: ["id"], targetTable: "recent_users")))
    await #expect(throws: CatalogError.self) {
        try await catalog.addTable(
            CatalogTable(id: 0, name: "bad", querySelect: "SELECT 1", paramsSelect: "company[1]; drop"))
    }
    try await catalog.setTable(named: "users", isActive: false)
    let final = try await catalog.workItems(batchDate: catalogBatchDate, batchID: "run-7")
    #expect(final.items.map { "\($0.company.alias)/\($0.table.name)" } == ["beta/recent", "zeta/recent"])
    let zeta = try #require(final.items.last)
    #expect(
        zeta.targetDatabase == "bi_zeta" && zeta.targetTable == "recent_users"
            && zeta.since == CalendarDate("2026-11-27"))
    #expect(zeta.select.parameters == ["company_id": .integer(46), "since": .text("2026-11-27")])
    #expect(zeta.objectPrefix == "zeta/exports/run-7/recent/")
    #expect(try await catalog.companies().first { $0.alias == "zeta" }?.lookBackDays == 7)
    try await catalog.setTargetDatabase(alias: "zeta", to: "reports_zeta")
    #expect(try await catalog.workItems(batchDate: catalogBatchDate).items.last?.targetDatabase == "reports_zeta")
    try await catalog.setTargetDatabase(alias: "zeta", to: nil)
    #expect(try await catalog.workItems(batchDate: catalogBatchDate).items.last?.targetDatabase == "bi_zeta")
    #expect(
        try await connection.query("SELECT COUNT(*) FROM users", parameters: []) { try await $0.collectRows() }
            == [[.integer(4)]])
}

@Suite(.serialized, .timeLimit(.minutes(5))) struct CatalogTests {
    @Test func originalCatalogOnSQLite() async throws {
        try await SQLiteFiles.withDatabase { connection, _ in
            try await createOriginalCatalog(connection)
            try await checkOriginalCatalog(connection)
        }
    }

    @Test func originalCatalogOnMariaDB() async throws {
        try await MariaDB.withDatabase { connection, _ in
            try await createOriginalCatalog(connection)
            try await checkOriginalCatalog(connection)
        }
    }

    @Test func originalCatalogOnPostgreSQL() async throws {
        try await Postgres.withDatabase { connection, _ in
            try await createOriginalCatalog(connection)
            try await checkOriginalCatalog(connection)
        }
    }

    @Test func freshCatalogIsIdenticalOnEveryDialect() async throws {
        func exercise(_ connection: any SQLConnection) async throws -> [JSONValue] {
            let catalog = Catalog(connection: connection)
            await #expect(throws: CatalogError.self) { try await catalog.addCompany(companyID: 1, alias: "early") }
            #expect(try await catalog.migrate() == [1, 2])
            try await catalog.addCompany(companyID: 42, alias: "acme", lookBackDays: 60)
            try await catalog.addCompany(companyID: 43, alias: "beta")
            try await catalog.addTable(
                CatalogTable(
                    id: 0, name: "users",
                    querySelect: "SELECT id, username FROM users WHERE company_id = %s AND created_at >= %s",
                    paramsSelect: "(company[1], date)", queryInsert: "REPLACE INTO users(id, username) VALUES ",
                    paramsInsert: #"'(' + row[0] + ',"' + row[1] + '")'"#))
            let plan = try await catalog.workItems(batchDate: catalogBatchDate)
            #expect(plan.problems.map(\.kind) == [.missingLookBack])
            return plan.items.map(\.jsonValue)
        }
        let sqlite = try await SQLiteFiles.withDatabase { connection, _ in try await exercise(connection) }
        let mariadb = try await MariaDB.withDatabase { connection, _ in try await exercise(connection) }
        let postgres = try await Postgres.withDatabase { connection, _ in try await exercise(connection) }
        #expect(sqlite.count == 1)
        #expect(sqlite == mariadb)
        #expect(sqlite == postgres)
    }
}
