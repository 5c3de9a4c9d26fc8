import Crypto
import DataPlane
import Foundation
import Pipelines
import Testing

/// Runs `body` with a new, empty directory and removes it afterwards.
func withTemporaryDirectory<R>(_ body: (URL) async throws -> R) async throws -> R {
    let directory = FileManager.default.temporaryDirectory.appendingPathComponent(
        "ferry-pipelines-" + UUID().uuidString)
    try FileManager.default.createDirectory(at: directory, withIntermediateDirectories: true)
    defer { try? FileManager.default.removeItem(at: directory) }
    return try await body(directory)
}

/// The first row's first value of a query, as an integer.
func count(_ sql: String, _ parameters: [SQLValue] = [], on connection: any SQLConnection) async throws -> Int64 {
    let rows = try await connection.query(sql, parameters: parameters) { try await $0.collectRows() }
    guard case .integer(let value)? = rows.first?.first else {
        Issue.record("\(sql) returned \(rows.first ?? [])")
        return -1
    }
    return value
}

/// A catalog in a new SQLite file of `directory`, for `body`.
func withCatalog<R>(in directory: URL, _ body: (Catalog) async throws -> R) async throws -> R {
    try await withSQLConnection(url: "sqlite://" + directory.appendingPathComponent("catalog.db").path) {
        try await body(Catalog(connection: $0))
    }
}

let sampleToday = CalendarDate("2026-12-04")!

@Suite(.timeLimit(.minutes(10))) struct SampleDataTests {
    /// SHA-256 over every row of the three tables in id order, each value in its typed rendering, so a change of
    /// any value, type, NULL-ness or row shows.
    func digest(of path: String) async throws -> String {
        try await withSQLConnection(url: "sqlite://" + path) { connection in
            var hasher = SHA256()
            for table in ["users", "products", "orders"] {
                let rows = try await connection.query("SELECT * FROM \(table) ORDER BY id") {
                    try await $0.collectRows()
                }
                hasher.update(data: Array("table \(table) \(rows.count)\u{1E}".utf8))
                for row in rows {
                    hasher.update(data: Array((row.map(\.description).joined(separator: "\u{1F}") + "\u{1E}").utf8))
                }
            }
            return hasher.finalize().map { String(format: "%02x", $0) }.joined()
        }
    }

    @Test func splitMix64MatchesTheReferenceSequence() {
        // The first outputs of Vigna's reference splitmix64.c for the seed 1234567.
        var random = SplitMix64(seed: 1_234_567)
        #expect(
            (0..<5).map { _ in random.next() } == [
                6_457_827_717_110_365_317, 3_203_168_211_198_807_973, 9_817_491_932_198_370_423,
                4_593_380_528_125_082_431, 16_408_922_859_458_223_821,
            ])
        var bounded = SplitMix64(seed: 7)
        let draws = (0..<10_000).map { _ in bounded.below(6) }
        #expect(Set(draws) == Set(0..<6))
        var shuffled = Array(0..<50)
        bounded.shuffle(&shuffled)
        #expect(shuffled != Array(0..<50) && shuffled.sorted() == Array(0..<50))
    }

    @Test func sameSeedAndDateGiveTheSameData() async throws {
        try await withTemporaryDirectory { directory in
            func path(_ name: String) -> String { directory.appendingPathComponent(name).path }
            try await SampleData.makeProductionDatabase(at: path("a.db"), today: sampleToday, seed: 42)
            try await SampleData.makeProductionDatabase(at: path("b/b.db"), today: sampleToday, seed: 42)
            let first = try await digest(of: path("a.db"))
            #expect(try await digest(of: path("b/b.db")) == first)

            // Recreating over an existing database replaces it.
            try await SampleData.makeProductionDatabase(at: path("a.db"), today: sampleToday, seed: 43)
            let otherSeed = try await digest(of: path("a.db"))
            #expect(otherSeed != first)
            try await SampleData.makeProductionDatabase(at: path("a.db"), today: sampleToday, seed: 42)
            #expect(try await digest(of: path("a.db")) == first)

            try await SampleData.makeProductionDatabase(at: path("a.db"), today: sampleToday.adding(days: 1), seed: 42)
            let otherDay = try await digest(of: path("a.db"))
            #expect(otherDay != first && otherDay != otherSeed)
        }
    }

    @Test func rowCountsDatesAndReferences() async throws {
        try await withTemporaryDirectory { directory in
            let path = directory.appendingPathComponent("production.db").path
            let summary = try await SampleData.makeProductionDatabase(at: path, today: sampleToday)
            #expect(summary.url == "sqlite://" + path)
            #expect(summary.firstDay == sampleToday.adding(days: -SampleData.days))
            try await withSQLConnection(url: summary.url) { db in
                let users = try await count("SELECT COUNT(*) FROM users", on: db)
                let products = try await count("SELECT COUNT(*) FROM products", on: db)
                let orders = try await count("SELECT COUNT(*) FROM orders", on: db)
                #expect(
                    [users, products, orders] == [summary.users, summary.products, summary.orders].map(Int64.init))
                #expect((95_000...105_000).contains(users + products + orders))
                #expect(orders * 10 >= (users + products + orders) * 9, "mostly orders")

                for table in ["users", "products", "orders"] {
                    let perCompany = try await db.query(
                        "SELECT company_id, COUNT(*) FROM \(table) GROUP BY company_id ORDER BY company_id"
                    ) { try await $0.collectRows() }
                    #expect(perCompany.map(\.first) == [.integer(101), .integer(102), .integer(103), .integer(104)])
                    #expect(perCompany.allSatisfy { $0[1] != .integer(0) })
                    // ids are 1...n without gaps
                    #expect(
                        try await count("SELECT MAX(id) - MIN(id) + 1 - COUNT(*) FROM \(table)", on: db) == 0)
                }

                // Every timestamp is a whole `YYYY-MM-DD HH:MM:SS` inside [today - days, today).
                let first = summary.firstDay.description
                let today = sampleToday.description
                for (table, column) in [("users", "created_at"), ("products", "created_at"), ("orders", "ordered_at")] {
                    let outside = try await count(
                        "SELECT COUNT(*) FROM \(table) WHERE \(column) < ? OR \(column) >= ? OR \(column) NOT GLOB "
                            + "'[0-9][0-9][0-9][0-9]-[0-1][0-9]-[0-3][0-9] [0-2][0-9]:[0-5][0-9]:[0-5][0-9]'",
                        [.text(first), .text(today)], on: db)
                    #expect(outside == 0, "\(table).\(column)")
                    let days = try await count("SELECT COUNT(DISTINCT substr(\(column), 1, 10)) FROM \(table)", on: db)
                    #expect(days > 100, "\(table) spans the window (\(days) days)")
                }

                // Each order's user and product belong to its company and existed before it; its total is the
                // price times the quantity, less at most 10%.
                let orphans = try await count(
                    """
                    SELECT COUNT(*) FROM orders o LEFT JOIN users u ON u.id = o.user_id AND u.company_id = o.company_id \
                    LEFT JOIN products p ON p.id = o.product_id AND p.company_id = o.company_id \
                    WHERE u.id IS NULL OR p.id IS NULL OR u.created_at > o.ordered_at OR p.created_at > o.ordered_at \
                    OR CAST(o.total AS REAL) > CAST(p.price AS REAL) * o.quantity + 0.001 \
                    OR CAST(o.total AS REAL) < CAST(p.price AS REAL) * o.quantity * 0.9 - 0.011 OR o.quantity < 1
                    """, on: db)
                #expect(orphans == 0)
                let badMoney = try await count(
                    "SELECT (SELECT COUNT(*) FROM products WHERE price NOT GLOB '[0-9]*.[0-9][0-9]' OR typeof(price) "
                        + "<> 'text') + (SELECT COUNT(*) FROM orders WHERE total NOT GLOB '[0-9]*.[0-9][0-9]')",
                    on: db)
                #expect(badMoney == 0)
                let skus = try await count(
                    "SELECT COUNT(*) - COUNT(DISTINCT company_id || '/' || sku) FROM products", on: db)
                #expect(skus == 0)
                let usernames = try await count("SELECT COUNT(*) - COUNT(DISTINCT username) FROM users", on: db)
                #expect(usernames == 0)
            }
        }
    }

    @Test func dataIsTricky() async throws {
        try await withTemporaryDirectory { directory in
            let summary = try await SampleData.makeProductionDatabase(
                at: directory.appendingPathComponent("p.db").path, today: sampleToday, seed: 9)
            try await withSQLConnection(url: summary.url) { db in
                let conditions: [String] = [
                    "SELECT COUNT(*) FROM users WHERE email IS NULL",
                    "SELECT COUNT(*) FROM users WHERE email = ''",
                    "SELECT COUNT(*) FROM users WHERE full_name IS NULL",
                    "SELECT COUNT(*) FROM users WHERE full_name = ''",
                    "SELECT COUNT(*) FROM users WHERE is_active IS NULL",
                    "SELECT COUNT(*) FROM users WHERE is_active = 0",
                    "SELECT COUNT(*) FROM orders WHERE status IS NULL",
                    "SELECT COUNT(*) FROM products WHERE name = ''",
                    // accented and non-Latin names: fewer characters than UTF-8 bytes
                    "SELECT COUNT(*) FROM users WHERE length(full_name) < length(CAST(full_name AS BLOB))",
                    "SELECT COUNT(*) FROM users WHERE length(username) < length(CAST(username AS BLOB))",
                    "SELECT COUNT(*) FROM products WHERE length(name) < length(CAST(name AS BLOB))",
                    // one value with a double quote, a comma and a newline
                    "SELECT COUNT(*) FROM products WHERE instr(name, '\"') > 0 AND instr(name, ',') > 0 "
                        + "AND instr(name, char(10)) > 0",
                    "SELECT COUNT(*) FROM users WHERE instr(full_name, char(10)) > 0",
                    "SELECT COUNT(*) FROM users WHERE instr(full_name, '''') > 0 AND instr(full_name, ',') > 0",
                    "SELECT COUNT(*) FROM users WHERE instr(username, '\"') > 0",
                    "SELECT COUNT(*) FROM users WHERE instr(username, '''') > 0",
                ]
                for condition in conditions {
                    let found = try await count(condition, on: db)
                    #expect(found > 0, "\(condition)")
                }
            }
        }
    }

    @Test func lookBackSelectsARecentSubset() async throws {
        try await withTemporaryDirectory { directory in
            let summary = try await SampleData.makeProductionDatabase(
                at: directory.appendingPathComponent("p.db").path, today: sampleToday)
            try await withSQLConnection(url: summary.url) { db in
                for (companyID, days) in [(101, 60), (103, 30)] {
                    let since = SQLValue.text(sampleToday.adding(days: -days).description)
                    for (table, column) in [("users", "created_at"), ("orders", "ordered_at")] {
                        let all = try await count(
                            "SELECT COUNT(*) FROM \(table) WHERE company_id = ?", [.integer(Int64(companyID))],
                            on: db)
                        let recent = try await count(
                            "SELECT COUNT(*) FROM \(table) WHERE company_id = ? AND \(column) >= ?",
                            [.integer(Int64(companyID)), since], on: db)
                        // Rows are spread evenly over the 120 days: the look-back keeps about days/120 of them.
                        let share = Double(recent) / Double(all)
                        let expected = Double(days) / Double(SampleData.days)
                        #expect(abs(share - expected) < 0.08, "\(table) of \(companyID): \(recent) of \(all)")
                    }
                }
            }
        }
    }
}
