extension SampleData {
    /// The catalog's table entries for the sample production database.
    ///
    /// - `users`: a legacy entry in the original design's shape — `%s` placeholders, the Python expressions
    ///   `(company[1], date)` and `'(' + row[0] + ',"' + row[1] + '")'`, a `REPLACE INTO` — which Ferry translates
    ///   into bound parameters (merge on `id`).
    /// - `orders`: a new-style entry with named parameters (`:company_id`, `:since`), merged on `id`.
    /// - `products`: a new-style entry without a look-back, refreshed in full (`replace`).
    public static let tableEntries: [CatalogTable] = [
        CatalogTable(
            id: 0, name: "users",
            querySelect: "SELECT id, username FROM users WHERE company_id = %s AND created_at >= %s",
            paramsSelect: "(company[1], date)", queryInsert: "REPLACE INTO users(id, username) VALUES ",
            paramsInsert: #"'(' + row[0] + ',"' + row[1] + '")'"#),
        CatalogTable(
            id: 0, name: "orders",
            querySelect: "SELECT id, company_id, user_id, product_id, quantity, total, status, ordered_at FROM orders "
                + "WHERE company_id = :company_id AND ordered_at >= :since",
            settings: TableSettings(mode: .merge, keyColumns: ["id"])),
        CatalogTable(
            id: 0, name: "products",
            querySelect: "SELECT id, sku, name, price, created_at FROM products WHERE company_id = :company_id",
            settings: TableSettings(mode: .replace)),
    ]

    /// What ``seed(_:)`` added and what it found already there.
    public struct SeedResult: Sendable, Hashable {
        /// The aliases of the companies it added.
        public var addedCompanies: [String] = []
        /// The aliases of the sample companies that were already in the catalog (left as they are).
        public var existingCompanies: [String] = []
        /// The names of the table entries it added.
        public var addedTables: [String] = []
        /// The names of the sample table entries that were already in the catalog (left as they are).
        public var existingTables: [String] = []

        /// Whether the catalog was left unchanged (everything existed).
        public var isUnchanged: Bool { addedCompanies.isEmpty && addedTables.isEmpty }
    }

    /// Adds the sample ``companies`` and ``tableEntries`` to a catalog, migrating it first.
    ///
    /// Each company gets its look-back configuration (`date Y-M-D`, or the catalog's
    /// ``CatalogSetting/lookBackConfiguration``); a disabled one is added, then disabled. Idempotent: a company
    /// whose alias exists, or a table entry whose name exists, is left as it is — also when it was edited since —
    /// so running it again changes nothing.
    ///
    /// - Parameter catalog: The catalog.
    /// - Returns: What was added and what existed.
    /// - Throws: ``CatalogError`` (``CatalogError/Code/duplicate`` when a sample alias belongs to another
    ///   `company_id`: the sample orders would be exported under the wrong company) or `SQLError`.
    @discardableResult
    public static func seed(_ catalog: Catalog) async throws -> SeedResult {
        try await catalog.migrate()
        var result = SeedResult()
        let existingCompanies = try await catalog.companies()
        for profile in companies {
            if let existing = existingCompanies.first(where: { $0.alias == profile.alias }) {
                guard CatalogNames.text(existing.companyID) == String(profile.companyID) else {
                    throw CatalogError(
                        code: .duplicate, subject: "company \"\(profile.alias)\"",
                        reason: "the catalog has this alias for company_id \(CatalogNames.text(existing.companyID)), "
                            + "but the sample data uses \(profile.companyID); use an empty catalog for the sample")
                }
                result.existingCompanies.append(profile.alias)
                continue
            }
            try await catalog.addCompany(
                companyID: profile.companyID, alias: profile.alias, lookBackDays: profile.lookBackDays)
            if !profile.isActive { try await catalog.setCompany(alias: profile.alias, isActive: false) }
            result.addedCompanies.append(profile.alias)
        }
        let existingTables = Set(try await catalog.tables().map(\.name))
        for entry in tableEntries {
            if existingTables.contains(entry.name) {
                result.existingTables.append(entry.name)
            } else {
                try await catalog.addTable(entry)
                result.addedTables.append(entry.name)
            }
        }
        return result
    }
}
