public import DataPlane
import Foundation
public import Logging

/// The catalog (admin database): companies, table entries, configurations and Ferry's settings, over any
/// ``SQLConnection`` (SQLite, MySQL/MariaDB or PostgreSQL).
///
/// The original schema is read as it is — `companies`, `tables`, `configurations`, `companies_configurations` —
/// so an existing admin database works unchanged, even before ``migrate()``; Ferry's own settings live in tables
/// of their own (see ``CatalogSchema``) that ``migrate()`` adds.
///
/// Concurrency: a catalog runs one statement at a time on its connection; use it from one task at a time.
public struct Catalog: Sendable {
    /// The catalog's connection.
    public let connection: any SQLConnection
    private let logger: Logger

    /// Creates a catalog over an open connection.
    ///
    /// - Parameters:
    ///   - connection: The connection; the caller closes it.
    ///   - logger: Where to log (debug level only).
    public init(
        connection: any SQLConnection,
        logger: Logger = Logger(label: "ferry.catalog", factory: { _ in SwiftLogNoOpLogHandler() })
    ) {
        self.connection = connection
        self.logger = logger
    }

    private var dialect: SQLDialect { connection.dialect }
    private func q(_ name: String) -> String { dialect.quoteIdentifier(name) }

    // MARK: Schema

    /// The applied schema version: 0 for a catalog without Ferry's migrations table.
    ///
    /// - Returns: The highest applied migration version.
    /// - Throws: ``SQLError``.
    public func schemaVersion() async throws -> Int {
        try await CatalogSchema.migrator.appliedVersion(on: connection)
    }

    /// Creates the original tables if they are absent and applies Ferry's pending migrations, in order.
    ///
    /// Idempotent: running it again applies nothing. Existing tables and rows are never changed.
    ///
    /// - Returns: The versions applied by this call.
    /// - Throws: ``CatalogError`` (``CatalogError/Code/newerSchema``) or ``SQLError``.
    @discardableResult
    public func migrate() async throws -> [Int] {
        try await CatalogSchema.migrator.migrate(on: connection) { current in
            CatalogError(
                code: .newerSchema, subject: "catalog \(connection.redactedURL)",
                reason: "its schema version is \(current) but this Ferry knows up to \(CatalogSchema.currentVersion); "
                    + "upgrade Ferry")
        } willApply: { migration in
            logger.debug("catalog.migrate", metadata: ["catalog.version": "\(migration.version)"])
        }
    }

    /// Throws unless the catalog is migrated to this Ferry's version (needed before Ferry writes to it).
    ///
    /// - Throws: ``CatalogError`` with ``CatalogError/Code/notInitialized`` saying to run `ferry catalog init`.
    public func requireCurrentSchema() async throws {
        let version = try await schemaVersion()
        if version < CatalogSchema.currentVersion {
            throw CatalogError(
                code: .notInitialized, subject: "catalog \(connection.redactedURL)",
                reason: "the catalog is at schema version \(version) of \(CatalogSchema.currentVersion); run "
                    + "`ferry catalog init` with the same --catalog to create or migrate it (existing rows are kept)")
        }
    }

    // MARK: Configuration

    /// The catalog-level settings (defaults for keys the catalog does not store).
    ///
    /// - Returns: The configuration.
    /// - Throws: ``SQLError``.
    public func configuration() async throws -> CatalogConfiguration {
        guard try await tableExists(CatalogSchema.configTable) else { return CatalogConfiguration() }
        var values: [String: String] = [:]
        for row in try await rows("SELECT name, value FROM \(q(CatalogSchema.configTable))") {
            values[Self.text(row[0])] = Self.text(row[1])
        }
        return CatalogConfiguration(values: values)
    }

    /// Stores a catalog-level setting.
    ///
    /// - Parameters:
    ///   - setting: The setting.
    ///   - value: Its value, checked with ``CatalogSetting/validate(_:)``.
    /// - Throws: ``CatalogError`` or ``SQLError``.
    public func set(_ setting: CatalogSetting, to value: String) async throws {
        try setting.validate(value)
        try await requireCurrentSchema()
        try await connection.withTransaction {
            try await connection.execute(
                "DELETE FROM \(q(CatalogSchema.configTable)) WHERE name = ?", parameters: [.text(setting.rawValue)])
            try await connection.execute(
                "INSERT INTO \(q(CatalogSchema.configTable)) (name, value) VALUES (?, ?)",
                parameters: [.text(setting.rawValue), .text(value)])
        }
    }

    // MARK: Companies

    /// Every company, active or not, ordered by `companies.id`, with its look-back value and Ferry's settings.
    ///
    /// Reads `SELECT companies.*, configuration_value` (the row `company[N]` binds), left-joined to the look-back
    /// configuration named by ``CatalogSetting/lookBackConfiguration``, so companies without one are listed too.
    ///
    /// - Returns: The companies.
    /// - Throws: ``CatalogError`` (``CatalogError/Code/invalidSchema``) or ``SQLError``.
    public func companies() async throws -> [Company] {
        try await requireTable("companies")
        let configuration = try await configuration()
        let lookBackName = configuration[.lookBackConfiguration] ?? "date Y-M-D"
        let sql = """
            SELECT c.*, lb.configuration_value FROM \(q("companies")) c LEFT JOIN (SELECT cc.retail_id AS ferry_retail_id, \
            cc.configuration_value AS configuration_value, cc.id AS ferry_cc_id FROM \(q("companies_configurations")) cc \
            JOIN \(q("configurations")) cf ON cf.id = cc.configuration_id WHERE cf.name = ?) lb ON lb.ferry_retail_id = c.id \
            ORDER BY c.id, lb.ferry_cc_id
            """
        let (columns, rows) = try await connection.query(sql, parameters: [.text(lookBackName)]) { sequence in
            (sequence.columns.map { $0.name.lowercased() }, try await sequence.collectRows())
        }
        func index(_ name: String) throws(CatalogError) -> Int {
            guard let index = columns.dropLast().firstIndex(of: name) else {
                throw CatalogError(
                    code: .invalidSchema, subject: "catalog table companies",
                    reason: "it has no \(name) column; the catalog needs companies (id, company_id, status, alias)")
            }
            return index
        }
        let (idIndex, companyIndex, statusIndex, aliasIndex) = (
            try index("id"), try index("company_id"), try index("status"), try index("alias")
        )
        var overrides: [Int64: String] = [:]
        if try await tableExists(CatalogSchema.companySettingsTable) {
            for row in try await self.rows(
                "SELECT company_row_id, target_database FROM \(q(CatalogSchema.companySettingsTable))")
            {
                if let id = Self.int(row[0]), case .text(let name) = row[1], !name.isEmpty { overrides[id] = name }
            }
        }
        var seen: Set<Int64> = []
        var companies: [Company] = []
        for row in rows {
            guard let id = Self.int(row[idIndex]), seen.insert(id).inserted else { continue }
            let value = row[row.count - 1]
            companies.append(
                Company(
                    id: id, companyID: row[companyIndex], status: Self.int(row[statusIndex]) ?? 0,
                    alias: Self.text(row[aliasIndex]), lookBackValue: value == .null ? nil : Self.text(value), row: row,
                    targetDatabase: overrides[id]))
        }
        return companies
    }

    /// The company with an alias.
    ///
    /// - Parameter alias: The alias.
    /// - Returns: The company.
    /// - Throws: ``CatalogError`` with ``CatalogError/Code/notFound``, or ``SQLError``.
    public func company(alias: String) async throws -> Company {
        guard let company = try await companies().first(where: { $0.alias == alias }) else {
            throw CatalogError(
                code: .notFound, subject: "company \"\(alias)\"",
                reason: "no company has this alias; `ferry catalog company list` shows them")
        }
        return company
    }

    /// Adds an active company, with its look-back configuration when given.
    ///
    /// - Parameters:
    ///   - companyID: `companies.company_id`, the company's key in the production database.
    ///   - alias: The alias: letters, digits, `_` and `-` (up to 40).
    ///   - lookBackDays: The look-back in days, stored as the look-back configuration value.
    /// - Returns: The new company.
    /// - Throws: ``CatalogError`` (``CatalogError/Code/duplicate``, ``CatalogError/Code/invalidValue``) or ``SQLError``.
    @discardableResult
    public func addCompany(companyID: Int64, alias: String, lookBackDays: Int? = nil) async throws -> Company {
        guard CatalogNames.isSimpleName(alias) else {
            throw CatalogError(
                code: .invalidValue, subject: "alias \"\(alias.prefix(60))\"",
                reason: "use 1-40 letters, digits, _ or - (it names the object-store prefix and the target database)")
        }
        if let lookBackDays, !(0...36500).contains(lookBackDays) {
            throw CatalogError(code: .invalidValue, subject: "look-back", reason: "use 0 to 36500 days")
        }
        try await requireCurrentSchema()
        if let existing = try await companies().first(where: { $0.alias == alias }) {
            throw CatalogError(
                code: .duplicate, subject: "company \"\(alias)\"",
                reason: "the alias is taken by companies.id \(existing.id) (company_id "
                    + "\(CatalogNames.text(existing.companyID))); choose another alias")
        }
        try await connection.execute(
            "INSERT INTO \(q("companies")) (company_id, status, alias) VALUES (?, 1, ?)",
            parameters: [.integer(companyID), .text(alias)])
        if let lookBackDays { try await setLookBack(alias: alias, days: lookBackDays) }
        return try await company(alias: alias)
    }

    /// Sets a company's look-back configuration value (creating the configuration if the catalog lacks it).
    ///
    /// - Parameters:
    ///   - alias: The company's alias.
    ///   - days: The look-back in days.
    /// - Throws: ``CatalogError`` or ``SQLError``.
    public func setLookBack(alias: String, days: Int) async throws {
        let company = try await company(alias: alias)
        let name = try await configuration()[.lookBackConfiguration] ?? "date Y-M-D"
        try await connection.withTransaction {
            var configurationID = try await rows(
                "SELECT id FROM \(q("configurations")) WHERE name = ? ORDER BY id", parameters: [.text(name)]
            ).first.flatMap { Self.int($0[0]) }
            if configurationID == nil {
                try await connection.execute(
                    "INSERT INTO \(q("configurations")) (name) VALUES (?)", parameters: [.text(name)])
                configurationID = try await rows(
                    "SELECT id FROM \(q("configurations")) WHERE name = ? ORDER BY id", parameters: [.text(name)]
                ).first.flatMap { Self.int($0[0]) }
            }
            guard let configurationID else { return }
            try await connection.execute(
                "DELETE FROM \(q("companies_configurations")) WHERE retail_id = ? AND configuration_id = ?",
                parameters: [.integer(company.id), .integer(configurationID)])
            try await connection.execute(
                "INSERT INTO \(q("companies_configurations")) (retail_id, configuration_id, configuration_value) "
                    + "VALUES (?, ?, ?)",
                parameters: [.integer(company.id), .integer(configurationID), .text(String(days))])
        }
    }

    /// Sets (or, with `nil`, removes) a company's target database override (`ferry_company_settings`).
    ///
    /// - Parameters:
    ///   - alias: The company's alias.
    ///   - name: The database (MySQL), schema (PostgreSQL) or file stem (SQLite); `nil` to use the template.
    /// - Throws: ``CatalogError`` or ``SQLError``.
    public func setTargetDatabase(alias: String, to name: String?) async throws {
        if let name, !CatalogNames.isSimpleName(name, maximumLength: 64) {
            throw CatalogError(
                code: .invalidValue, subject: "target database \"\(name.prefix(70))\"",
                reason: "use 1-64 letters, digits, _ or -")
        }
        try await requireCurrentSchema()
        let company = try await company(alias: alias)
        try await connection.withTransaction {
            try await connection.execute(
                "DELETE FROM \(q(CatalogSchema.companySettingsTable)) WHERE company_row_id = ?",
                parameters: [.integer(company.id)])
            if let name {
                try await connection.execute(
                    "INSERT INTO \(q(CatalogSchema.companySettingsTable)) (company_row_id, target_database) VALUES (?, ?)",
                    parameters: [.integer(company.id), .text(name)])
            }
        }
    }

    /// Activates (`status = 1`) or deactivates (`status = 0`) a company.
    ///
    /// - Parameters:
    ///   - alias: The company's alias.
    ///   - isActive: The new state.
    /// - Throws: ``CatalogError`` (``CatalogError/Code/notFound``) or ``SQLError``.
    public func setCompany(alias: String, isActive: Bool) async throws {
        let company = try await company(alias: alias)
        try await connection.execute(
            "UPDATE \(q("companies")) SET status = ? WHERE id = ?",
            parameters: [.integer(isActive ? 1 : 0), .integer(company.id)])
    }

    // MARK: Tables

    /// Every table entry, active or not, ordered by `tables.id`, with Ferry's settings.
    ///
    /// - Returns: The entries.
    /// - Throws: ``CatalogError`` (``CatalogError/Code/invalidSchema``) or ``SQLError``.
    public func tables() async throws -> [CatalogTable] {
        try await requireTable("tables")
        let (columns, rows) = try await connection.query("SELECT * FROM \(q("tables")) ORDER BY id", parameters: []) {
            sequence in (sequence.columns.map { $0.name.lowercased() }, try await sequence.collectRows())
        }
        func index(_ name: String) throws(CatalogError) -> Int {
            guard let index = columns.firstIndex(of: name) else {
                throw CatalogError(
                    code: .invalidSchema, subject: "catalog table tables",
                    reason: "it has no \(name) column; the catalog needs tables (id, name, status, query_select, "
                        + "params_select, query_insert, params_insert)")
            }
            return index
        }
        let required = ["id", "name", "status", "query_select", "params_select", "query_insert", "params_insert"]
        let indexes = try required.map { name throws(CatalogError) in try index(name) }
        var settings: [Int64: TableSettings] = [:]
        if try await tableExists(CatalogSchema.tableSettingsTable) {
            for row in try await self.rows(
                "SELECT table_id, write_mode, key_columns, watermark_column, chunk_column, chunk_size, target_table "
                    + "FROM \(q(CatalogSchema.tableSettingsTable))")
            {
                guard let id = Self.int(row[0]) else { continue }
                func optional(_ value: SQLValue) -> String? {
                    let text = Self.text(value)
                    return text.isEmpty ? nil : text
                }
                settings[id] = TableSettings(
                    mode: optional(row[1]).flatMap(WriteMode.init(rawValue:)),
                    keyColumns: Self.text(row[2]).split(separator: ",").map { String($0).trimmingSpaces() }
                        .filter { !$0.isEmpty },
                    watermarkColumn: optional(row[3]), chunkColumn: optional(row[4]),
                    chunkSize: Self.int(row[5]).map(Int.init), targetTable: optional(row[6]))
            }
        }
        return rows.compactMap { row in
            guard let id = Self.int(row[indexes[0]]) else { return nil }
            return CatalogTable(
                id: id, name: Self.text(row[indexes[1]]), status: Self.int(row[indexes[2]]) ?? 0,
                querySelect: Self.text(row[indexes[3]]), paramsSelect: Self.text(row[indexes[4]]),
                queryInsert: Self.text(row[indexes[5]]), paramsInsert: Self.text(row[indexes[6]]),
                settings: settings[id] ?? TableSettings())
        }
    }

    /// The table entry with a name.
    ///
    /// - Parameter name: `tables.name`.
    /// - Returns: The entry.
    /// - Throws: ``CatalogError`` with ``CatalogError/Code/notFound``, or ``SQLError``.
    public func table(named name: String) async throws -> CatalogTable {
        guard let table = try await tables().first(where: { $0.name == name }) else {
            throw CatalogError(
                code: .notFound, subject: "table \"\(name)\"",
                reason: "no table entry has this name; `ferry catalog table list` shows them")
        }
        return table
    }

    /// Adds an active table entry after checking that it translates.
    ///
    /// - Parameter table: The entry (its `id` and `status` are ignored).
    /// - Returns: The stored entry.
    /// - Throws: ``CatalogError`` (``CatalogError/Code/untranslatable``, ``CatalogError/Code/duplicate``) or
    ///   ``SQLError``.
    @discardableResult
    public func addTable(_ table: CatalogTable) async throws -> CatalogTable {
        guard CatalogNames.isSimpleName(table.name, maximumLength: 64) else {
            throw CatalogError(
                code: .invalidValue, subject: "table name \"\(table.name.prefix(70))\"",
                reason: "use 1-64 letters, digits, _ or - (the name becomes the table's object-store folder)")
        }
        _ = try TableRecipe(translating: table)
        try await requireCurrentSchema()
        if try await tables().contains(where: { $0.name == table.name }) {
            throw CatalogError(
                code: .duplicate, subject: "table \"\(table.name)\"",
                reason: "a table entry with this name exists; choose another name or disable the old one")
        }
        try await connection.execute(
            "INSERT INTO \(q("tables")) (name, status, query_select, params_select, query_insert, params_insert) "
                + "VALUES (?, 1, ?, ?, ?, ?)",
            parameters: [
                .text(table.name), .text(table.querySelect), .text(table.paramsSelect), .text(table.queryInsert),
                .text(table.paramsInsert),
            ])
        let stored = try await self.table(named: table.name)
        try await setSettings(table.settings, forTable: stored.id)
        return try await self.table(named: table.name)
    }

    /// Stores Ferry's settings for a table entry, replacing any earlier ones.
    ///
    /// - Parameters:
    ///   - settings: The settings.
    ///   - tableID: `tables.id`.
    /// - Throws: ``SQLError``.
    public func setSettings(_ settings: TableSettings, forTable tableID: Int64) async throws {
        func optional(_ text: String?) -> SQLValue { text.map(SQLValue.text) ?? .null }
        try await connection.withTransaction {
            try await connection.execute(
                "DELETE FROM \(q(CatalogSchema.tableSettingsTable)) WHERE table_id = ?", parameters: [.integer(tableID)]
            )
            try await connection.execute(
                "INSERT INTO \(q(CatalogSchema.tableSettingsTable)) (table_id, write_mode, key_columns, "
                    + "watermark_column, chunk_column, chunk_size, target_table) VALUES (?, ?, ?, ?, ?, ?, ?)",
                parameters: [
                    .integer(tableID), optional(settings.mode?.rawValue),
                    settings.keyColumns.isEmpty ? .null : .text(settings.keyColumns.joined(separator: ",")),
                    optional(settings.watermarkColumn), optional(settings.chunkColumn),
                    settings.chunkSize.map { .integer(Int64($0)) } ?? .null, optional(settings.targetTable),
                ])
        }
    }

    /// Activates (`status = 1`) or deactivates (`status = 0`) a table entry.
    ///
    /// - Parameters:
    ///   - name: `tables.name`.
    ///   - isActive: The new state.
    /// - Throws: ``CatalogError`` (``CatalogError/Code/notFound``) or ``SQLError``.
    public func setTable(named name: String, isActive: Bool) async throws {
        let table = try await table(named: name)
        try await connection.execute(
            "UPDATE \(q("tables")) SET status = ? WHERE id = ?",
            parameters: [.integer(isActive ? 1 : 0), .integer(table.id)])
    }

    // MARK: Work items

    /// Lists the work items of a batch — every active company × every active table entry — and, separately,
    /// what was skipped and why.
    ///
    /// A company without a look-back configuration is reported (``CatalogProblem/Kind/missingLookBack``) and
    /// skipped, unless the catalog sets ``CatalogSetting/defaultLookBackDays``: then the default applies and a
    /// ``CatalogProblem/Kind/defaultLookBackApplied`` note is listed. An entry that cannot be translated is
    /// reported once and skipped for every company.
    ///
    /// - Parameters:
    ///   - batchDate: The batch's day ("today"): `date`/`:since` is this minus the look-back days.
    ///   - batchID: The batch id (default: the batch date).
    /// - Returns: The items and the problems.
    /// - Throws: ``CatalogError`` or ``SQLError`` when the catalog cannot be read.
    public func workItems(batchDate: CalendarDate, batchID: String? = nil) async throws -> WorkItemPlan {
        let configuration = try await configuration()
        let batch = batchID ?? batchDate.description
        let companies = try await companies().filter(\.isActive)
        let tables = try await tables().filter(\.isActive)
        var problems: [CatalogProblem] = []
        var recipes: [(CatalogTable, TableRecipe)] = []
        for table in tables {
            guard CatalogNames.isSimpleName(table.name, maximumLength: 64) else {
                // The name becomes an object-key folder: `../x` or `a/b` would write beside another table's objects.
                problems.append(
                    CatalogProblem(
                        kind: .invalidTableName, company: nil, table: table.name,
                        message: "\(table.label.prefix(90)): the name must be 1-64 letters, digits, _ or - (it names "
                            + "the table's object-store folder); it is skipped. Fix the name in the tables table"))
                continue
            }
            do {
                recipes.append((table, try TableRecipe(translating: table)))
            } catch {
                problems.append(
                    CatalogProblem(
                        kind: .untranslatableEntry, company: nil, table: table.name, message: error.description))
            }
        }
        var items: [WorkItem] = []
        for var company in companies {
            guard CatalogNames.isSimpleName(company.alias) else {
                // The alias becomes an object-key prefix and a database name: `a/b` would write into another
                // company's prefix.
                problems.append(
                    CatalogProblem(
                        kind: .invalidAlias, company: company.alias, table: nil,
                        message:
                            "company \"\(company.alias.prefix(60))\" (companies.id \(company.id)): the alias must be "
                            + "1-40 letters, digits, _ or - (it names the object-store prefix and the target "
                            + "database); it is skipped. Fix the alias in the companies table"))
                continue
            }
            var since: CalendarDate?
            if company.lookBackValue == nil {
                if let days = configuration.defaultLookBackDays {
                    since = batchDate.adding(days: -days)
                    if !company.row.isEmpty { company.row[company.row.count - 1] = .text(String(days)) }
                    problems.append(
                        CatalogProblem(
                            kind: .defaultLookBackApplied, company: company.alias, table: nil,
                            message: "company \"\(company.alias)\" (companies.id \(company.id)) has no "
                                + "\"\(configuration[.lookBackConfiguration] ?? "")\" configuration; the default "
                                + "look-back of \(days) days applies"))
                } else {
                    problems.append(
                        CatalogProblem(
                            kind: .missingLookBack, company: company.alias, table: nil,
                            message: "company \"\(company.alias)\" (companies.id \(company.id)) has no "
                                + "\"\(configuration[.lookBackConfiguration] ?? "")\" configuration and no default "
                                + "look-back is set; it is skipped. Fix: `ferry catalog company onboard --company-id "
                                + "\(CatalogNames.text(company.companyID)) --alias \(company.alias) --look-back-days N`, "
                                + "or a default for all: `ferry catalog config set default_look_back_days N`"))
                    continue
                }
            } else if let days = company.lookBackDays {
                since = batchDate.adding(days: -days)
            } else {
                problems.append(
                    CatalogProblem(
                        kind: .invalidLookBack, company: company.alias, table: nil,
                        message: "company \"\(company.alias)\" (companies.id \(company.id)): the look-back value "
                            + "\"\(company.lookBackValue?.prefix(40) ?? "")\" is not a whole number of days; it is skipped"
                    ))
                continue
            }
            let database = configuration.targetDatabase(for: company)
            for (table, recipe) in recipes {
                do {
                    let select = try recipe.bind(
                        company: company, since: since, batchID: batch, batchDate: batchDate, subject: table.label)
                    var prefix = company.alias + "/"
                    if let segment = configuration[.objectPrefix], !segment.isEmpty { prefix += segment + "/" }
                    prefix += batch + "/" + table.name + "/"
                    items.append(
                        WorkItem(
                            company: company, table: table, select: select,
                            since: recipe.needsLookBack ? since : nil, targetDatabase: database,
                            insert: recipe.insert, mode: recipe.mode,
                            keyColumns: recipe.keyColumns,
                            objectPrefix: prefix, batchID: batch))
                } catch {
                    problems.append(
                        CatalogProblem(
                            kind: .bindingFailed, company: company.alias, table: table.name, message: error.description)
                    )
                }
            }
        }
        return WorkItemPlan(items: items, problems: problems)
    }

    // MARK: Helpers

    func rows(_ sql: String, parameters: [SQLValue] = []) async throws -> [[SQLValue]] {
        try await connection.query(sql, parameters: parameters) { try await $0.collectRows() }
    }

    func tableExists(_ table: String) async throws -> Bool { try await connection.tableExists(table) }

    /// Throws a clear ``CatalogError`` when an original catalog table is missing (an empty or wrong database).
    func requireTable(_ table: String) async throws {
        guard try await tableExists(table) else {
            throw CatalogError(
                code: .notInitialized, subject: "catalog \(connection.redactedURL)",
                reason: "it has no \(table) table; check the --catalog URL (or FERRY_CATALOG), or run `ferry catalog "
                    + "init` to create the catalog there")
        }
    }

    static func int(_ value: SQLValue) -> Int64? {
        switch value {
        case .integer(let v): v
        case .unsignedInteger(let v): Int64(exactly: v)
        case .boolean(let b): b ? 1 : 0
        case .double(let d): Int64(exactly: d)
        case .text(let t): Int64(t.trimmingSpaces()) ?? Double(t).flatMap { Int64(exactly: $0) }
        default: nil
        }
    }

    static func text(_ value: SQLValue) -> String { CatalogNames.text(value) }
}
