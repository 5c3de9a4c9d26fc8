import DataPlane
import Pipelines
import Testing

let legacyUsers = CatalogTable(
    id: 1, name: "users", querySelect: "SELECT id, username FROM users WHERE company_id = %s AND created_at >= %s",
    paramsSelect: "(company[1], date)", queryInsert: "REPLACE INTO users(id, username) VALUES ",
    paramsInsert: #"'(' + row[0] + ',"' + row[1] + '")'"#)

let acme = Company(
    id: 5, companyID: .integer(42), status: 1, alias: "acme", lookBackValue: "60",
    row: [.integer(5), .integer(42), .integer(1), .text("acme"), .text("60")])

@Suite struct TableRecipeTests {
    @Test func translatesTheOriginalUsersEntry() throws {
        let recipe = try TableRecipe(translating: legacyUsers)
        #expect(
            recipe.select == "SELECT id, username FROM users WHERE company_id = :ferry_p1 AND created_at >= :ferry_p2")
        #expect(
            recipe.insert
                == InsertPlan(verb: .replace, table: "users", columns: ["id", "username"], csvColumns: [0, 1]))
        #expect(recipe.mode == .merge)
        let batch = CalendarDate("2026-12-04")!
        let query = try recipe.bind(
            company: acme, since: batch.adding(days: -60), batchID: "b1", batchDate: batch, subject: legacyUsers.label)
        let (sql, values) = try query.positional(for: .mysql)
        #expect(sql == "SELECT id, username FROM users WHERE company_id = ? AND created_at >= ?")
        #expect(values == [.integer(42), .text("2026-10-05")])
    }

    @Test func bindsEveryFieldOfTheCompanyRow() throws {
        var table = legacyUsers
        table.querySelect = "SELECT * FROM t WHERE a = %s AND b = %s AND c = %s AND d = %s AND e = %s"
        table.paramsSelect = "[company[0], company[1], company[2], company[3], company[4]]"
        let recipe = try TableRecipe(translating: table)
        let query = try recipe.bind(
            company: acme, since: nil, batchID: "b", batchDate: CalendarDate("2026-01-01")!, subject: "s")
        #expect(try query.positional(for: .postgres).values == acme.row)
    }

    @Test func refusesAFieldPastTheRow() throws {
        var table = legacyUsers
        table.querySelect = "SELECT * FROM t WHERE a = %s"
        table.paramsSelect = "company[5]"
        let recipe = try TableRecipe(translating: table)
        #expect(throws: CatalogError.self) {
            try recipe.bind(
                company: acme, since: nil, batchID: "b", batchDate: CalendarDate("2026-01-01")!, subject: "s")
        }
    }

    @Test func translatesNewStyleEntries() throws {
        let table = CatalogTable(
            id: 2, name: "orders",
            querySelect:
                "SELECT id, total FROM orders WHERE company_id = :company_id AND day >= :since AND note <> ':x'",
            queryInsert: "orders_copy", paramsInsert: "id, total",
            settings: TableSettings(mode: .merge, keyColumns: ["id"]))
        let recipe = try TableRecipe(translating: table)
        #expect(recipe.mode == .merge)
        #expect(
            recipe.insert == InsertPlan(verb: nil, table: "orders_copy", columns: ["id", "total"], csvColumns: [0, 1]))
        let query = try recipe.bind(
            company: acme, since: CalendarDate("2026-01-01"), batchID: "b", batchDate: CalendarDate("2026-03-01")!,
            subject: "s")
        let (sql, values) = try query.positional(for: .sqlite)
        #expect(sql == "SELECT id, total FROM orders WHERE company_id = ? AND day >= ? AND note <> ':x'")
        #expect(values == [.integer(42), .text("2026-01-01")])

        let plain = try TableRecipe(
            translating: CatalogTable(id: 3, name: "products", querySelect: "SELECT * FROM products"))
        #expect(plain.mode == .replace && plain.insert.table == "products" && plain.insert.columns.isEmpty)
    }

    @Test func refusesUnknownNamedParametersAndBarePlaceholders() throws {
        let unknown = #expect(throws: CatalogError.self) {
            try TableRecipe(
                translating: CatalogTable(id: 9, name: "x", querySelect: "SELECT * FROM t WHERE a = :secret"))
        }
        #expect(unknown?.description.contains("table row 9 (\"x\") query_select") == true)
        #expect(throws: CatalogError.self) {
            try TableRecipe(translating: CatalogTable(id: 9, name: "x", querySelect: "SELECT * FROM t WHERE a = ?"))
        }
        #expect(throws: CatalogError.self) {
            try TableRecipe(
                translating: CatalogTable(id: 9, name: "x", querySelect: "SELECT 1", paramsInsert: "'(' + row[0] + ')'")
            )
        }
    }

    @Test func refusalNamesTheRowAndField() throws {
        var table = legacyUsers
        table.id = 12
        table.paramsSelect = "__import__('os').system('id')"
        let error = #expect(throws: CatalogError.self) { try TableRecipe(translating: table) }
        #expect(error?.subject == "table row 12 (\"users\") params_select")
        #expect(error?.reason.contains("__import__") == true)
        table = legacyUsers
        table.paramsInsert = #"'(' + row[0] + ');DROP TABLE users;--'"#
        let insertError = #expect(throws: CatalogError.self) { try TableRecipe(translating: table) }
        #expect(insertError?.subject == "table row 1 (\"users\") params_insert")
    }

    @Test func keyedModesNeedKeys() throws {
        #expect(try TableRecipe(translating: legacyUsers).keyColumns == ["id"])
        var table = CatalogTable(
            id: 4, name: "p", querySelect: "SELECT * FROM p", settings: TableSettings(mode: .merge))
        let error = #expect(throws: CatalogError.self) { try TableRecipe(translating: table) }
        #expect(error?.description.contains("table row 4 (\"p\")") == true)
        table.settings.keyColumns = ["id"]
        #expect(try TableRecipe(translating: table).keyColumns == ["id"])
        table.settings.mode = .incremental
        #expect(throws: CatalogError.self) { try TableRecipe(translating: table) }
        table.settings.watermarkColumn = "updated_at"
        #expect(try TableRecipe(translating: table).mode == .incremental)
    }

    @Test func legacyInsertDefaults() throws {
        var table = legacyUsers
        table.queryInsert = "INSERT INTO users(id, username) VALUES "
        #expect(try TableRecipe(translating: table).mode == .append)
        table.queryInsert = "INSERT IGNORE INTO users(id, username) VALUES "
        #expect(try TableRecipe(translating: table).mode == .merge)
        table.settings.targetTable = "users_report"
        #expect(try TableRecipe(translating: table).insert.table == "users_report")
        table.paramsInsert = #"'(' + row[0] + ')'"#
        #expect(throws: CatalogError.self) { try TableRecipe(translating: table) }
    }
}

@Suite struct CalendarDateTests {
    @Test func arithmetic() throws {
        #expect(CalendarDate("2026-12-04")!.adding(days: -60).description == "2026-10-05")
        #expect(CalendarDate("2024-03-01")!.adding(days: -1).description == "2024-02-29")
        #expect(CalendarDate("2023-03-01")!.adding(days: -1).description == "2023-02-28")
        #expect(CalendarDate("1970-01-01")!.daysSinceEpoch == 0)
        #expect(CalendarDate("2000-01-01")!.daysSinceEpoch == 10957)
        #expect(CalendarDate(daysSinceEpoch: 10957).description == "2000-01-01")
        #expect(
            CalendarDate("2026-02-30") == nil && CalendarDate("26-01-01") == nil && CalendarDate("2026-1-01") == nil)
    }
}

@Suite struct CatalogConfigurationTests {
    @Test func targetDatabaseTemplate() throws {
        #expect(CatalogConfiguration().targetDatabase(for: acme) == "ferry_acme")
        let custom = CatalogConfiguration(values: [
            "project": "bi", "target_database_template": "{project}_{company_id}",
        ])
        #expect(custom.targetDatabase(for: acme) == "bi_42")
        var overridden = acme
        overridden.targetDatabase = "special"
        #expect(custom.targetDatabase(for: overridden) == "special")
    }

    @Test func validatesSettings() throws {
        #expect(throws: CatalogError.self) { try CatalogSetting.project.validate("bad name; drop") }
        #expect(throws: CatalogError.self) { try CatalogSetting.targetDatabaseTemplate.validate("{project}") }
        #expect(throws: CatalogError.self) { try CatalogSetting.defaultLookBackDays.validate("sixty") }
        try CatalogSetting.defaultLookBackDays.validate("30")
        try CatalogSetting.targetDatabaseTemplate.validate("{project}_{alias}")
    }
}
