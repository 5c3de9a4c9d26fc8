public import DataPlane
public import JSONValue

/// One unit of work: one active company × one active table, resolved for a batch.
///
/// `ferry:plan` lists these; `ferry:export` runs ``select`` on the production database and writes CSV objects
/// under ``objectPrefix``; `ferry:load` applies them to ``targetTable`` in ``targetDatabase`` with ``mode``.
public struct WorkItem: Sendable, Hashable {
    /// The company.
    public var company: Company
    /// The table entry.
    public var table: CatalogTable
    /// The SELECT with its parameters bound for this company and batch.
    public var select: NamedQuery
    /// The look-back date the SELECT was bound with, if it uses one.
    public var since: CalendarDate?
    /// The target database (MySQL), schema (PostgreSQL) or file stem (SQLite).
    public var targetDatabase: String
    /// The target table and columns.
    public var insert: InsertPlan
    /// The write mode.
    public var mode: WriteMode
    /// The primary key columns (merge, incremental).
    public var keyColumns: [String]
    /// The object-key prefix of this item's objects: `{alias}/{object_prefix}/{batch}/{table}/`.
    public var objectPrefix: String
    /// The batch id.
    public var batchID: String

    /// The target table's name.
    public var targetTable: String { insert.table }

    /// The item as JSON (for a Map state's items and `--json` output). Parameter values appear as JSON scalars.
    public var jsonValue: JSONValue {
        var parameters: [(String, JSONValue)] = []
        for name in select.parameters.keys.sorted() {
            parameters.append((name, CatalogNames.json(select.parameters[name]!)))
        }
        var object: [(String, JSONValue)] = [
            ("company", .string(company.alias)),
            ("companyId", .string(CatalogNames.text(company.companyID))),
            ("table", .string(table.name)),
            ("tableId", .integer(Int(table.id))),
            ("query", .string(select.text)),
            ("parameters", .object(.init(uniqueKeysWithValues: parameters))),
            ("targetDatabase", .string(targetDatabase)),
            ("targetTable", .string(insert.table)),
            ("columns", .array(insert.columns.map { .string($0) })),
            ("csvColumns", .array(insert.csvColumns.map { .integer($0) })),
            ("mode", .string(mode.rawValue)),
            ("keyColumns", .array(keyColumns.map { .string($0) })),
            ("objectPrefix", .string(objectPrefix)),
            ("batchId", .string(batchID)),
        ]
        if let since { object.append(("since", .string(since.description))) }
        if let verb = insert.verb { object.append(("verb", .string(verb.rawValue))) }
        if let column = table.settings.watermarkColumn { object.append(("watermarkColumn", .string(column))) }
        if let column = table.settings.chunkColumn { object.append(("chunkColumn", .string(column))) }
        if let size = table.settings.chunkSize { object.append(("chunkSize", .integer(size))) }
        return .object(.init(uniqueKeysWithValues: object))
    }
}

/// Something that keeps a company or table entry from producing work items, or changes how it does.
public struct CatalogProblem: Sendable, Hashable, CustomStringConvertible {
    /// The kind of problem.
    public enum Kind: String, Sendable, Hashable {
        /// An active company has no look-back configuration and no default is configured: it is skipped.
        case missingLookBack
        /// An active company's look-back value is not a whole number of days: it is skipped.
        case invalidLookBack
        /// An active company has no look-back configuration; the catalog's default applies (a note, not skipped).
        case defaultLookBackApplied
        /// A table entry cannot be translated: it is skipped for every company.
        case untranslatableEntry
        /// A table entry could not be bound for one company: that pair is skipped.
        case bindingFailed
        /// An active company's alias is not a safe name (it names an object-store prefix and a database): skipped.
        case invalidAlias
        /// An active table entry's name is not a safe name (it names an object-store folder): skipped for every
        /// company.
        case invalidTableName
    }

    /// The kind.
    public var kind: Kind
    /// The company's alias, when one company is concerned.
    public var company: String?
    /// The table entry's name, when one entry is concerned.
    public var table: String?
    /// The explanation.
    public var message: String

    /// Whether work was skipped because of it.
    public var skipsWork: Bool { kind != .defaultLookBackApplied }

    /// The message.
    public var description: String { message }
}

/// The work items of a batch and the problems found while listing them.
public struct WorkItemPlan: Sendable, Hashable {
    /// The items, company by company (by `companies.id`), table by table (by `tables.id`).
    public var items: [WorkItem]
    /// What was skipped, and why; and notes such as a default look-back applied.
    public var problems: [CatalogProblem]
}
