import DataPlane
import Foundation
import Pipelines
import Testing

/// A new directory with the sample production database (for ``sampleToday``) and a seeded catalog, for `body`.
func withSampleCatalog<R>(_ body: (SampleData.Summary, Catalog, URL) async throws -> R) async throws -> R {
    try await withTemporaryDirectory { directory in
        let production = try await SampleData.makeProductionDatabase(
            at: directory.appendingPathComponent("production.db").path, today: sampleToday)
        return try await withCatalog(in: directory) { catalog in
            try await SampleData.seed(catalog)
            return try await body(production, catalog, directory)
        }
    }
}

@Suite(.timeLimit(.minutes(10))) struct SampleCatalogTests {
    @Test func seedingTwiceChangesNothing() async throws {
        try await withTemporaryDirectory { directory in
            try await withCatalog(in: directory) { catalog in
                let first = try await SampleData.seed(catalog)
                #expect(first.addedCompanies == ["acme", "globex", "initech", "umbrella"])
                #expect(first.addedTables == ["users", "orders", "products"])
                #expect(first.existingCompanies.isEmpty && first.existingTables.isEmpty && !first.isUnchanged)

                func snapshot() async throws -> [[[SQLValue]]] {
                    var tables: [[[SQLValue]]] = []
                    for table in [
                        "companies", "tables", "configurations", "companies_configurations", "ferry_table_settings",
                        "ferry_company_settings", "ferry_config",
                    ] {
                        tables.append(
                            try await catalog.connection.query("SELECT * FROM \(table) ORDER BY 1") {
                                try await $0.collectRows()
                            })
                    }
                    return tables
                }
                let before = try await snapshot()
                let second = try await SampleData.seed(catalog)
                #expect(second.isUnchanged)
                #expect(second.existingCompanies == ["acme", "globex", "initech", "umbrella"])
                #expect(second.existingTables == ["users", "orders", "products"])
                #expect(try await snapshot() == before)

                let companies = try await catalog.companies()
                #expect(companies.map(\.alias) == ["acme", "globex", "initech", "umbrella"])
                #expect(companies.map(\.companyID) == [.integer(101), .integer(102), .integer(103), .integer(104)])
                #expect(companies.map(\.isActive) == [true, true, true, false])
                #expect(companies.map(\.lookBackDays) == [60, 60, 30, 60])
                #expect(try await catalog.tables().allSatisfy(\.isActive))
            }
        }
    }

    @Test func seedingKeepsWhatExistsAndAddsTheRest() async throws {
        try await withTemporaryDirectory { directory in
            try await withCatalog(in: directory) { catalog in
                try await catalog.migrate()
                try await catalog.addCompany(companyID: 102, alias: "globex", lookBackDays: 7)
                try await catalog.addTable(CatalogTable(id: 0, name: "orders", querySelect: "SELECT id FROM orders"))
                let result = try await SampleData.seed(catalog)
                #expect(result.addedCompanies == ["acme", "initech", "umbrella"])
                #expect(result.existingCompanies == ["globex"])
                #expect(result.addedTables == ["users", "products"])
                #expect(result.existingTables == ["orders"])
                #expect(try await catalog.company(alias: "globex").lookBackDays == 7)
                #expect(try await catalog.table(named: "orders").querySelect == "SELECT id FROM orders")
            }
        }
    }

    @Test func refusesAnAliasOfAnotherCompany() async throws {
        try await withTemporaryDirectory { directory in
            try await withCatalog(in: directory) { catalog in
                try await catalog.migrate()
                try await catalog.addCompany(companyID: 999, alias: "acme", lookBackDays: 60)
                let error = await #expect(throws: CatalogError.self) { try await SampleData.seed(catalog) }
                #expect(error?.code == .duplicate)
                #expect(error?.description.contains("999") == true)
            }
        }
    }

    @Test func workItemsCoverTheActiveCompaniesAndTranslateTheLegacyEntry() async throws {
        try await withSampleCatalog { production, catalog, _ in
            let plan = try await catalog.workItems(batchDate: sampleToday)
            #expect(plan.problems.isEmpty, "\(plan.problems)")
            #expect(plan.items.count == 9)
            let pairs = Set(plan.items.map { "\($0.company.alias)/\($0.table.name)" })
            var expected: Set<String> = []
            for company in ["acme", "globex", "initech"] {
                for table in ["users", "orders", "products"] { expected.insert(company + "/" + table) }
            }
            #expect(pairs == expected)

            let users = try #require(plan.items.first { $0.company.alias == "initech" && $0.table.name == "users" })
            #expect(
                users.insert
                    == InsertPlan(verb: .replace, table: "users", columns: ["id", "username"], csvColumns: [0, 1]))
            #expect(users.mode == .merge && users.keyColumns == ["id"])
            let (sql, values) = try users.select.positional(for: .sqlite)
            #expect(sql == "SELECT id, username FROM users WHERE company_id = ? AND created_at >= ?")
            #expect(values == [.integer(103), .text("2026-11-04")])
            #expect(users.since == CalendarDate("2026-11-04"))

            let orders = try #require(plan.items.first { $0.company.alias == "acme" && $0.table.name == "orders" })
            #expect(orders.mode == .merge && orders.keyColumns == ["id"] && orders.insert.verb == nil)
            #expect(orders.since == CalendarDate("2026-10-05"))
            let products = try #require(plan.items.first { $0.table.name == "products" })
            #expect(products.mode == .replace && products.since == nil)

            // Each item's SELECT runs on the production database and returns its company's recent rows.
            try await withSQLConnection(url: production.url) { db in
                for item in plan.items {
                    let (sql, values) = try item.select.positional(for: .sqlite)
                    let rows = try await db.query(sql, parameters: values) { try await $0.collectRows() }
                    let companyID = try #require(
                        SampleData.companies.first { $0.alias == item.company.alias }?.companyID)
                    var expected = "SELECT COUNT(*) FROM \(item.table.name) WHERE company_id = ?"
                    var parameters: [SQLValue] = [.integer(companyID)]
                    if let since = item.since {
                        expected += " AND " + (item.table.name == "orders" ? "ordered_at" : "created_at") + " >= ?"
                        parameters.append(.text(since.description))
                    }
                    let total = try await count(
                        "SELECT COUNT(*) FROM \(item.table.name) WHERE company_id = ?", [.integer(companyID)],
                        on: db)
                    #expect(Int64(rows.count) == (try await count(expected, parameters, on: db)))
                    #expect(!rows.isEmpty)
                    #expect(item.since == nil ? Int64(rows.count) == total : Int64(rows.count) < total)
                }
            }
        }
    }
}
