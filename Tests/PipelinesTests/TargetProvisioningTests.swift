import DataPlane
import Foundation
import Pipelines
import Testing

@Suite(.timeLimit(.minutes(10))) struct TargetProvisioningTests {
    @Test func sqliteDatabasesAreFilesNextToTheTargetFile() throws {
        #expect(
            try TargetDatabase(serverURL: "sqlite:///srv/reports/any.db", name: "ferry_acme").connectionURL()
                == "sqlite:///srv/reports/ferry_acme.db")
        let mysql = "mysql://ferry:secret@127.0.0.1:3307/reports"
        #expect(try TargetDatabase(serverURL: mysql, name: "ferry_acme").connectionURL() == mysql)
        #expect(throws: SQLError.self) {
            try TargetDatabase(serverURL: "ftp://host/x", name: "ferry_acme").connectionURL()
        }
    }

    @Test func createsTypedTablesOnceAndReportsFailuresPerTable() async throws {
        try await withSampleCatalog { production, catalog, directory in
            var tables = try await catalog.tables()
            tables.append(CatalogTable(id: 99, name: "missing", querySelect: "SELECT id FROM no_such_table"))
            let company = try await catalog.company(alias: "acme")
            let configuration = try await catalog.configuration()
            let database = configuration.targetDatabase(for: company)
            let target = "sqlite://" + directory.appendingPathComponent("reports/any.db").path
            func provision() async throws -> [TargetProvisioning.TableOutcome] {
                try await TargetProvisioning.provision(
                    company: company, configuration: configuration, tables: tables, database: database,
                    target: target, source: production.url, batchDate: sampleToday)
            }

            let first = try await provision()
            #expect(first.map(\.entry) == ["users", "orders", "products", "missing"])
            #expect(first.map(\.status) == [.created, .created, .created, .failed])
            #expect(first.prefix(3).allSatisfy { $0.error == nil })
            #expect(first[3].error.map { "\($0)" }?.contains("no_such_table") == true)

            let file = directory.appendingPathComponent("reports/\(database).db").path
            #expect(database == "ferry_acme" && FileManager.default.fileExists(atPath: file))
            try await withSQLConnection(url: "sqlite://" + file) { reports in
                #expect(try await reports.columns(ofTable: "users").map(\.name) == ["id", "username"])
                let orders = try await reports.columns(ofTable: "orders")
                #expect(
                    orders.map(\.name) == [
                        "id", "company_id", "user_id", "product_id", "quantity", "total", "status", "ordered_at",
                    ])
                #expect(orders.first { $0.name == "total" }?.type == .decimal(precision: 12, scale: 2))
                #expect(
                    try await reports.columns(ofTable: "products").map(\.name) == [
                        "id", "sku", "name", "price", "created_at",
                    ])
                // Merge entries get a unique index on their key; the full-refresh one does not.
                let indexes = try await reports.query(
                    "SELECT tbl_name, sql FROM sqlite_master WHERE type = 'index' AND sql IS NOT NULL "
                        + "ORDER BY tbl_name"
                ) { try await $0.collectRows() }
                #expect(indexes.map(\.first) == [.text("orders"), .text("users")])
                #expect(indexes.allSatisfy { CatalogNames.text($0[1]).contains("UNIQUE INDEX") })
                #expect(try await count("SELECT COUNT(*) FROM orders", on: reports) == 0)
            }

            let second = try await provision()
            #expect(second.map(\.status) == [.exists, .exists, .exists, .failed])
        }
    }
}
