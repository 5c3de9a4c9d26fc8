public import DataPlane

/// A company in the catalog: one row of `companies`, its look-back configuration value and Ferry's settings.
public struct Company: Sendable, Hashable {
    /// `companies.id`, the catalog's own key.
    public var id: Int64
    /// `companies.company_id`, the company's key in the production database.
    public var companyID: SQLValue
    /// `companies.status`; the company is active when it is 1.
    public var status: Int64
    /// `companies.alias`: the company's object-store prefix and part of its target database name.
    public var alias: String
    /// The company's look-back configuration value (`companies_configurations.configuration_value`), if any.
    public var lookBackValue: String?
    /// The row the original read, `companies.*` plus the configuration value: what `company[N]` binds.
    public var row: [SQLValue]
    /// Ferry's target database override for this company, if set (otherwise the catalog's template applies).
    public var targetDatabase: String?

    /// Creates a company.
    ///
    /// - Parameters:
    ///   - id: `companies.id`.
    ///   - companyID: `companies.company_id`.
    ///   - status: `companies.status`.
    ///   - alias: `companies.alias`.
    ///   - lookBackValue: The look-back configuration value.
    ///   - row: `companies.*` plus the configuration value.
    ///   - targetDatabase: The target database override.
    public init(
        id: Int64, companyID: SQLValue, status: Int64, alias: String, lookBackValue: String? = nil,
        row: [SQLValue] = [], targetDatabase: String? = nil
    ) {
        self.id = id
        self.companyID = companyID
        self.status = status
        self.alias = alias
        self.lookBackValue = lookBackValue
        self.row = row
        self.targetDatabase = targetDatabase
    }

    /// Whether the company is active (`status = 1`).
    public var isActive: Bool { status == 1 }

    /// The look-back in days, when the configuration value is a whole number of days (`60`).
    public var lookBackDays: Int? {
        guard let value = lookBackValue?.trimmingSpaces(), let days = Int(value), days >= 0 else { return nil }
        return days
    }
}

/// A table entry of the catalog: one row of `tables` plus Ferry's settings for it.
public struct CatalogTable: Sendable, Hashable {
    /// `tables.id`.
    public var id: Int64
    /// `tables.name`.
    public var name: String
    /// `tables.status`; the entry is active when it is 1.
    public var status: Int64
    /// `tables.query_select`: the SELECT run on the production database.
    public var querySelect: String
    /// `tables.params_select`: a legacy parameter expression, or empty for a new-style entry.
    public var paramsSelect: String
    /// `tables.query_insert`: a legacy `INSERT/REPLACE INTO t(cols) VALUES `, a target table name, or empty.
    public var queryInsert: String
    /// `tables.params_insert`: a legacy row expression, a plain column list, or empty.
    public var paramsInsert: String
    /// Ferry's settings (`ferry_table_settings`).
    public var settings: TableSettings

    /// Creates a table entry.
    ///
    /// - Parameters:
    ///   - id: `tables.id`.
    ///   - name: `tables.name`.
    ///   - status: `tables.status`.
    ///   - querySelect: The SELECT.
    ///   - paramsSelect: The parameter expression (empty for none).
    ///   - queryInsert: The insert statement or target table (empty for none).
    ///   - paramsInsert: The row expression or column list (empty for none).
    ///   - settings: Ferry's settings.
    public init(
        id: Int64, name: String, status: Int64 = 1, querySelect: String, paramsSelect: String = "",
        queryInsert: String = "", paramsInsert: String = "", settings: TableSettings = TableSettings()
    ) {
        self.id = id
        self.name = name
        self.status = status
        self.querySelect = querySelect
        self.paramsSelect = paramsSelect
        self.queryInsert = queryInsert
        self.paramsInsert = paramsInsert
        self.settings = settings
    }

    /// Whether the entry is active (`status = 1`).
    public var isActive: Bool { status == 1 }

    /// `table row 3 ("users")` (or `new table "users"` before it is stored), for messages.
    public var label: String { id > 0 ? "table row \(id) (\"\(name)\")" : "new table \"\(name)\"" }
}

/// Where a table's rows go: the statement verb, the target table, its columns and which CSV column feeds each.
public struct InsertPlan: Sendable, Hashable {
    /// The legacy verb (`INSERT`, `REPLACE`, `INSERT IGNORE`), or `nil` for a new-style entry.
    public var verb: LegacyTranslator.InsertVerb?
    /// The target table (unquoted).
    public var table: String
    /// The target columns, in insert order; empty means the SELECT's columns, by name.
    public var columns: [String]
    /// The CSV column (the SELECT's column position) feeding each of ``columns``.
    public var csvColumns: [Int]

    /// Creates an insert plan.
    ///
    /// - Parameters:
    ///   - verb: The legacy verb, or `nil`.
    ///   - table: The target table.
    ///   - columns: The target columns (empty: the SELECT's, by name).
    ///   - csvColumns: The CSV column feeding each target column.
    public init(verb: LegacyTranslator.InsertVerb? = nil, table: String, columns: [String] = [], csvColumns: [Int] = [])
    {
        self.verb = verb
        self.table = table
        self.columns = columns
        self.csvColumns = csvColumns
    }
}

/// A table entry translated once, independent of any company: its SELECT with placeholders, how its parameters
/// are bound, and where its rows go.
public struct TableRecipe: Sendable, Hashable {
    /// How the SELECT's parameters are bound.
    public enum Parameters: Sendable, Hashable {
        /// A legacy entry: the SELECT was rewritten with `:ferry_p1`, … and these are bound in order.
        case legacy([LegacyTranslator.SelectParameter])
        /// A new-style entry: the SELECT names its parameters (`:company_id`, `:since`, `:alias`, `:batch_id`,
        /// `:batch_date`).
        case named([String])
    }

    /// The SELECT with named placeholders.
    public var select: String
    /// How its parameters are bound.
    public var parameters: Parameters
    /// Where its rows go.
    public var insert: InsertPlan
    /// The write mode (the setting, or the default for the entry's verb).
    public var mode: WriteMode

    /// The names a new-style SELECT may use.
    public static let namedParameters: Set<String> = ["company_id", "since", "alias", "batch_id", "batch_date"]

    /// Whether binding needs the company's look-back date.
    public var needsLookBack: Bool {
        switch parameters {
        case .legacy(let list): list.contains(.lookBackDate)
        case .named(let names): names.contains("since")
        }
    }

    /// Translates a catalog table entry.
    ///
    /// - Parameter table: The entry.
    /// - Returns: The recipe.
    /// - Throws: ``CatalogError`` with ``CatalogError/Code/untranslatable`` naming the row, field and fragment.
    public init(translating table: CatalogTable) throws(CatalogError) {
        let label = table.label
        let query = table.querySelect.trimmingSpaces()
        guard !query.isEmpty else {
            throw CatalogError(code: .untranslatable, subject: label + " query_select", reason: "the SELECT is empty")
        }
        if table.paramsSelect.trimmingSpaces().isEmpty && !query.contains("%s") {
            let names = NamedQuery.placeholderNames(in: query, dialect: .mysql)
            if let unknown = names.first(where: { !Self.namedParameters.contains($0) }) {
                throw CatalogError(
                    code: .untranslatable, subject: label + " query_select",
                    reason:
                        "\":\(unknown)\" is not a parameter Ferry binds; use :company_id, :since, :alias, :batch_id "
                        + "or :batch_date")
            }
            let probe = NamedQuery(query, parameters: Dictionary(names.map { ($0, SQLValue.null) }) { a, _ in a })
            do {
                _ = try probe.positional(for: .mysql)
            } catch {
                throw CatalogError(
                    code: .untranslatable, subject: label + " query_select",
                    reason: "a ? placeholder needs params_select (legacy) or a name such as :company_id")
            }
            select = query
            parameters = .named(names)
        } else {
            let list = try LegacyTranslator.selectParameters(table.paramsSelect, subject: label + " params_select")
            select = try LegacyTranslator.namedSelect(
                query, parameterCount: list.count, subject: label + " query_select")
            parameters = .legacy(list)
        }

        let queryInsert = table.queryInsert.trimmingSpaces()
        let paramsInsert = table.paramsInsert.trimmingSpaces()
        if LegacyTranslator.isLegacyInsert(queryInsert) {
            let statement = try LegacyTranslator.insertStatement(queryInsert, subject: label + " query_insert")
            var csvColumns: [Int]
            if paramsInsert.isEmpty {
                csvColumns = Array(statement.columns.indices)
            } else {
                csvColumns = try LegacyTranslator.insertColumns(paramsInsert, subject: label + " params_insert")
                if !statement.columns.isEmpty && csvColumns.count != statement.columns.count {
                    throw CatalogError(
                        code: .untranslatable, subject: label + " params_insert",
                        reason: "the expression inserts \(csvColumns.count) value(s) but query_insert lists "
                            + "\(statement.columns.count) column(s); make them match")
                }
            }
            insert = InsertPlan(
                verb: statement.verb, table: table.settings.targetTable ?? statement.table, columns: statement.columns,
                csvColumns: csvColumns)
        } else {
            var target = table.settings.targetTable ?? table.name
            if !queryInsert.isEmpty {
                let names = try LegacyTranslator.columnList(queryInsert, subject: label + " query_insert")
                guard names.count == 1 else {
                    throw CatalogError(
                        code: .untranslatable, subject: label + " query_insert",
                        reason: "expected a legacy INSERT/REPLACE INTO … VALUES statement or one target table name")
                }
                target = table.settings.targetTable ?? names[0]
            }
            if LegacyTranslator.looksLikeExpression(paramsInsert) {
                throw CatalogError(
                    code: .untranslatable, subject: label + " params_insert",
                    reason: "a row expression needs a legacy query_insert (INSERT/REPLACE INTO t(cols) VALUES ); "
                        + "a new-style entry lists column names: id, username")
            }
            let columns = try LegacyTranslator.columnList(paramsInsert, subject: label + " params_insert")
            insert = InsertPlan(verb: nil, table: target, columns: columns, csvColumns: Array(columns.indices))
        }
        if let mode = table.settings.mode {
            self.mode = mode
        } else {
            switch insert.verb {
            case .replace?, .insertIgnore?: mode = .merge
            case .insert?: mode = .append
            case nil: mode = .replace
            }
        }
        keyColumns = table.settings.keyColumns
        if keyColumns.isEmpty && (mode == .merge || mode == .incremental) {
            // The original's REPLACE INTO relied on the target's primary key; assume it is the first column.
            keyColumns = Array(insert.columns.prefix(1))
            guard !keyColumns.isEmpty else {
                throw CatalogError(
                    code: .invalidValue, subject: label,
                    reason: "the \(mode) mode needs key columns; set them (`ferry catalog table add ... --key id`)")
            }
        }
        if mode == .incremental && table.settings.watermarkColumn == nil {
            throw CatalogError(
                code: .invalidValue, subject: label,
                reason: "the incremental mode needs a watermark column (`--watermark updated_at`)")
        }
    }

    /// The key columns (merge, incremental): the setting, else for a legacy `REPLACE`/`INSERT IGNORE` the first
    /// insert column (the original relied on the target's primary key).
    public var keyColumns: [String]

    /// Binds the SELECT's parameters for one company and batch.
    ///
    /// - Parameters:
    ///   - company: The company.
    ///   - since: The look-back date (`date`, `:since`), when the company has one.
    ///   - batchID: The batch id (`:batch_id`).
    ///   - batchDate: The batch date (`:batch_date`).
    ///   - subject: The entry, for errors.
    /// - Returns: The query with its values.
    /// - Throws: ``CatalogError`` when `company[N]` is past the company row's end or no look-back date is known.
    public func bind(
        company: Company, since: CalendarDate?, batchID: String, batchDate: CalendarDate, subject: String
    ) throws(CatalogError) -> NamedQuery {
        func sinceValue() throws(CatalogError) -> SQLValue {
            guard let since else {
                throw CatalogError(
                    code: .invalidValue, subject: "company \"\(company.alias)\"",
                    reason: "\(subject) needs the company's look-back date, but it has no look-back configuration")
            }
            return .text(since.description)
        }
        var values: [String: SQLValue] = [:]
        switch parameters {
        case .legacy(let list):
            for (offset, parameter) in list.enumerated() {
                let name = LegacyTranslator.legacyParameterPrefix + String(offset + 1)
                switch parameter {
                case .companyField(let index):
                    guard index < company.row.count else {
                        throw CatalogError(
                            code: .untranslatable, subject: subject + " params_select",
                            reason: "company[\(index)] is past the end of the company row (companies.* plus the "
                                + "configuration value has \(company.row.count) fields, 0 to \(company.row.count - 1))")
                    }
                    values[name] = company.row[index]
                case .lookBackDate:
                    values[name] = try sinceValue()
                }
            }
        case .named(let names):
            for name in Set(names) {
                switch name {
                case "company_id": values[name] = company.companyID
                case "alias": values[name] = .text(company.alias)
                case "batch_id": values[name] = .text(batchID)
                case "batch_date": values[name] = .text(batchDate.description)
                default: values[name] = try sinceValue()
                }
            }
        }
        return NamedQuery(select, parameters: values)
    }
}

extension String {
    func trimmingSpaces() -> String {
        var s = Substring(self)
        while let first = s.first, first.isWhitespace { s = s.dropFirst() }
        while let last = s.last, last.isWhitespace { s = s.dropLast() }
        return String(s)
    }
}

extension LegacyTranslator {
    /// Whether a `params_insert` entry is a legacy expression rather than a plain column list.
    static func looksLikeExpression(_ text: String) -> Bool {
        text.contains("row[") || text.contains("+") || text.contains("'") || text.contains("\"") || text.contains("(")
    }
}
