import DataPlane
import Foundation
public import JSONValue
import Logging

/// Names one work item of one batch: what the built-in tasks pass between them.
///
/// The tasks never trust a query or a key from their input: each call looks the item up in the catalog again
/// (``Pipeline/resolve(_:)``), so an execution's input can choose *which* catalog work runs, never *what* SQL runs.
public struct ItemReference: Sendable, Hashable {
    /// The company's alias.
    public var company: String
    /// The catalog table entry's name.
    public var table: String
    /// The batch id (object keys and idempotency).
    public var batchID: String
    /// The batch date (the look-back window ends here).
    public var batchDate: CalendarDate

    /// Creates a reference.
    ///
    /// - Parameters:
    ///   - company: The company's alias.
    ///   - table: The table entry's name.
    ///   - batchID: The batch id.
    ///   - batchDate: The batch date.
    public init(company: String, table: String, batchID: String, batchDate: CalendarDate) {
        self.company = company
        self.table = table
        self.batchID = batchID
        self.batchDate = batchDate
    }

    /// The reference of a work item of the batch of `batchDate`.
    init(_ item: WorkItem, batchDate: CalendarDate) {
        self.init(company: item.company.alias, table: item.table.name, batchID: item.batchID, batchDate: batchDate)
    }

    /// A short label for messages: `company/table`.
    public var label: String { company + "/" + table }
}

/// One key range of a chunked export: `part` of `count`, rows whose chunk column lies in `[lower, upper)`. An
/// open end is unbounded; the first part also takes the rows whose chunk column is NULL.
public struct ExportChunk: Sendable, Hashable {
    /// The part number, from 0.
    public var part: Int
    /// How many parts the item has.
    public var count: Int
    /// The lowest chunk-column value included, or nil for no lower bound.
    public var lower: Int64?
    /// The first chunk-column value excluded, or nil for no upper bound.
    public var upper: Int64?

    /// The one part of an item that is not chunked.
    public static let whole = ExportChunk(part: 0, count: 1, lower: nil, upper: nil)

    /// Splits the key range `low...high` holding `rows` rows into equal-width ranges of about `size` rows each
    /// (at most 10,000 parts): the first part is open below (and takes NULL keys), the last open above, so no
    /// row is missed even if keys were added since.
    ///
    /// - Parameters:
    ///   - low: The smallest key.
    ///   - high: The largest key.
    ///   - rows: The row count.
    ///   - size: Rows per part wanted.
    /// - Returns: The parts; ``whole`` when one part is enough.
    public static func split(low: Int64, high: Int64, rows: Int64, size: Int) -> [ExportChunk] {
        guard size > 0, rows > Int64(size), high > low else { return [.whole] }
        let (span, overflow) = high.subtractingReportingOverflow(low)
        guard !overflow else { return [.whole] }
        let keys = span == .max ? span : span + 1
        let wanted = min((rows - 1) / Int64(size) + 1, 10_000, keys)
        let width = span / wanted + 1  // ⌈(span + 1) / wanted⌉, without overflow
        let parts = Int(span / width + 1)  // ⌈(span + 1) / width⌉: no empty tail
        guard parts > 1 else { return [.whole] }
        return (0..<parts).map { part in
            ExportChunk(
                part: part, count: parts, lower: part == 0 ? nil : low + Int64(part) * width,
                upper: part == parts - 1 ? nil : low + Int64(part + 1) * width)
        }
    }

    /// Creates a chunk.
    ///
    /// - Parameters:
    ///   - part: The part number, from 0.
    ///   - count: The number of parts.
    ///   - lower: The inclusive lower bound, or nil.
    ///   - upper: The exclusive upper bound, or nil.
    public init(part: Int, count: Int, lower: Int64?, upper: Int64?) {
        self.part = part
        self.count = count
        self.lower = lower
        self.upper = upper
    }

    /// `{"part", "of", "from"?, "to"?}`.
    public var jsonValue: JSONValue {
        var object: JSONObject = ["part": .integer(part), "of": .integer(count)]
        if let lower { object["from"] = .integer(Int(lower)) }
        if let upper { object["to"] = .integer(Int(upper)) }
        return .object(object)
    }
}

/// A work item of a plan with its export chunks (one ``ExportChunk/whole`` chunk when the table is not chunked).
public struct PlannedItem: Sendable, Hashable {
    /// The work item.
    public var item: WorkItem
    /// Its key ranges, exported as parts `part-00000…`.
    public var chunks: [ExportChunk]

    /// Creates a planned item.
    ///
    /// - Parameters:
    ///   - item: The work item.
    ///   - chunks: Its chunks.
    public init(item: WorkItem, chunks: [ExportChunk]) {
        self.item = item
        self.chunks = chunks
    }
}

/// An input problem of a built-in task (a missing field, an unsafe batch id, nothing to load).
public struct PipelineError: Error, Sendable, Hashable, CustomStringConvertible {
    /// The explanation: what, where, how to fix.
    public var message: String

    /// Creates an error.
    ///
    /// - Parameter message: The explanation.
    public init(_ message: String) { self.message = message }

    /// The message.
    public var description: String { message }
}

/// The built-in tasks' operations on one environment: plan a batch, export and load its items, detect changes,
/// swap staged tables. Each operation is idempotent for a given batch id, so a retried or resumed task is safe.
public struct Pipeline: Sendable {
    /// Where the pipeline reads and writes.
    public var environment: PipelineEnvironment

    /// Creates a pipeline.
    ///
    /// - Parameter environment: The connections and store.
    public init(environment: PipelineEnvironment) { self.environment = environment }

    /// Checks that a batch id is safe as an object-key segment: 1–80 letters, digits, `_`, `-`, `.`, `:`, not
    /// starting with `.`.
    ///
    /// - Parameter batchID: The batch id.
    /// - Throws: ``PipelineError``.
    public static func checkBatchID(_ batchID: String) throws(PipelineError) {
        let allowed = batchID.utf8.allSatisfy { byte in
            (byte >= 0x30 && byte <= 0x39) || (byte >= 0x41 && byte <= 0x5A) || (byte >= 0x61 && byte <= 0x7A)
                || byte == UInt8(ascii: "_") || byte == UInt8(ascii: "-") || byte == UInt8(ascii: ".")
                || byte == UInt8(ascii: ":")
        }
        guard allowed, (1...80).contains(batchID.utf8.count), !batchID.hasPrefix(".") else {
            throw PipelineError(
                "the batch id \"\(batchID.prefix(90))\" must be 1-80 letters, digits, _, -, . or : (it names the "
                    + "batch's object-store folder); pass another \"batchId\" or execution name")
        }
    }

    // MARK: Catalog

    /// Runs `body` with the catalog open (and its schema checked).
    func withCatalog<R>(_ body: (Catalog) async throws -> R) async throws -> R {
        try await withSQLConnection(url: environment.catalogURL) { connection in
            let catalog = Catalog(connection: connection, logger: environment.logger)
            try await catalog.requireCurrentSchema()
            return try await body(catalog)
        }
    }

    /// The catalog's work item for a reference, bound for its batch.
    ///
    /// - Parameter reference: The item.
    /// - Returns: The work item.
    /// - Throws: ``PipelineError`` when the company or table is not active or cannot be bound (the catalog's
    ///   problem message says why), ``CatalogError`` or ``SQLError``.
    public func resolve(_ reference: ItemReference) async throws -> WorkItem {
        try Self.checkBatchID(reference.batchID)
        let plan = try await withCatalog {
            try await $0.workItems(batchDate: reference.batchDate, batchID: reference.batchID)
        }
        if let item = plan.items.first(where: { $0.company.alias == reference.company && $0.table.name == reference.table }) {
            return item
        }
        let reasons = plan.problems.filter {
            $0.skipsWork && ($0.company ?? reference.company) == reference.company && ($0.table ?? reference.table) == reference.table
        }
        if let reason = reasons.first { throw CatalogError(code: .invalidValue, subject: reference.label, reason: reason.message) }
        throw PipelineError(
            "\(reference.label): there is no active company \"\(reference.company)\" with an active table entry "
                + "\"\(reference.table)\" in the catalog (`ferry catalog company list`, `ferry catalog table list`)")
    }

    // MARK: Plan

    /// A planned batch: its items (each with its chunks) and what the catalog skipped.
    public struct Plan: Sendable, Hashable {
        /// The batch id.
        public var batchID: String
        /// The batch date.
        public var batchDate: CalendarDate
        /// The items with their export chunks.
        public var items: [PlannedItem]
        /// The catalog's problems (skipped companies and entries, notes).
        public var problems: [CatalogProblem]

        /// `{"batchId", "batchDate", "items": [...], "problems": [...]}`; each item holds what the other tasks need.
        public var jsonValue: JSONValue {
            .object([
                "batchId": .string(batchID), "batchDate": .string(batchDate.description),
                "items": .array(items.map { Pipeline.itemJSON($0.item, chunks: $0.chunks, batchDate: batchDate) }),
                "problems": .array(
                    problems.map { problem in
                        var object: JSONObject = ["kind": .string(problem.kind.rawValue), "message": .string(problem.message)]
                        if let company = problem.company { object["company"] = .string(company) }
                        if let table = problem.table { object["table"] = .string(table) }
                        return .object(object)
                    }),
            ])
        }
    }

    /// Lists a batch's work items from the catalog, and splits the items of tables with a chunk column and size
    /// into key ranges of about that many rows (from the source's MIN, MAX and COUNT of the column).
    ///
    /// - Parameters:
    ///   - batchID: The batch id.
    ///   - batchDate: The batch date.
    /// - Returns: The plan.
    /// - Throws: ``PipelineError``, ``CatalogError`` or ``SQLError``.
    public func plan(batchID: String, batchDate: CalendarDate) async throws -> Plan {
        try Self.checkBatchID(batchID)
        let listed = try await withCatalog { try await $0.workItems(batchDate: batchDate, batchID: batchID) }
        var items: [PlannedItem] = []
        let chunked = listed.items.filter { $0.table.settings.chunkColumn != nil && ($0.table.settings.chunkSize ?? 0) > 0 }
        if chunked.isEmpty {
            items = listed.items.map { PlannedItem(item: $0, chunks: [.whole]) }
        } else {
            try await withSQLConnection(url: environment.sourceURL) { source in
                for item in listed.items {
                    items.append(PlannedItem(item: item, chunks: try await chunks(of: item, on: source)))
                }
            }
        }
        return Plan(batchID: batchID, batchDate: batchDate, items: items, problems: listed.problems)
    }

    /// Key ranges of about `chunkSize` rows over the item's chunk column.
    func chunks(of item: WorkItem, on source: any SQLConnection) async throws -> [ExportChunk] {
        guard let column = item.table.settings.chunkColumn, let size = item.table.settings.chunkSize, size > 0 else {
            return [.whole]
        }
        let q = source.dialect.quoteIdentifier
        let query = NamedQuery(
            "SELECT MIN(ferry_q.\(q(column))), MAX(ferry_q.\(q(column))), COUNT(*) FROM (\(Self.subquery(item.select.text))) ferry_q",
            parameters: item.select.parameters)
        let (sql, values) = try query.positional(for: source.dialect)
        let row = try await source.query(sql, parameters: values) { try await $0.collectRows() }.first ?? []
        guard row.count == 3, let low = Catalog.int(row[0]), let high = Catalog.int(row[1]), let count = Catalog.int(row[2])
        else {
            if row.count == 3, row[0] != .null, Catalog.int(row[0]) == nil {
                throw PipelineError(
                    "\(item.company.alias)/\(item.table.name): the chunk column \"\(column)\" is not an integer "
                        + "column; chunk on an integer key, or clear the table's chunk settings")
            }
            return [.whole]  // no rows with a value: one part
        }
        return ExportChunk.split(low: low, high: high, rows: count, size: size)
    }

    /// The JSON an item travels as between states: only names and numbers, never SQL.
    static func itemJSON(_ item: WorkItem, chunks: [ExportChunk], batchDate: CalendarDate) -> JSONValue {
        var object: JSONObject = [
            "company": .string(item.company.alias), "companyId": .string(CatalogNames.text(item.company.companyID)),
            "table": .string(item.table.name), "batchId": .string(item.batchID),
            "batchDate": .string(batchDate.description), "targetDatabase": .string(item.targetDatabase),
            "targetTable": .string(item.targetTable), "mode": .string(item.mode.rawValue),
            "objectPrefix": .string(item.objectPrefix), "chunks": .array(chunks.map(\.jsonValue)),
        ]
        if let since = item.since { object["since"] = .string(since.description) }
        return .object(object)
    }

    // MARK: Queries and keys

    /// SQL text usable as a derived table: trailing semicolons and white space removed.
    static func subquery(_ text: String) -> String {
        var text = Substring(text)
        while let last = text.last, last == ";" || last.isWhitespace { text.removeLast() }
        return String(text)
    }

    /// The item's SELECT narrowed to a chunk and to rows newer than a watermark, as one named query.
    func exportQuery(
        _ item: WorkItem, chunk: ExportChunk, watermark: SQLValue?, dialect: SQLDialect
    ) -> NamedQuery {
        let q = dialect.quoteIdentifier
        var conditions: [String] = []
        var parameters = item.select.parameters
        if let column = item.table.settings.chunkColumn, chunk.count > 1 {
            let reference = "ferry_q.\(q(column))"
            var range: [String] = []
            if let lower = chunk.lower {
                range.append("\(reference) >= :ferry_chunk_from")
                parameters["ferry_chunk_from"] = .integer(lower)
            }
            if let upper = chunk.upper {
                range.append("\(reference) < :ferry_chunk_to")
                parameters["ferry_chunk_to"] = .integer(upper)
            }
            let bounded = range.joined(separator: " AND ")
            conditions.append(chunk.lower == nil ? "(\(bounded) OR \(reference) IS NULL)" : bounded)
        }
        if let watermark, let column = item.table.settings.watermarkColumn {
            conditions.append("ferry_q.\(q(column)) > :ferry_watermark")
            parameters["ferry_watermark"] = watermark
        }
        guard !conditions.isEmpty else { return item.select }
        return NamedQuery(
            "SELECT * FROM (\(Self.subquery(item.select.text))) ferry_q WHERE " + conditions.joined(separator: " AND "),
            parameters: parameters)
    }

    /// The CSV header names the insert plan gives the SELECT's columns (legacy `REPLACE INTO t(a, b)`), by position.
    static func columnNames(_ item: WorkItem) -> [Int: String] {
        var names: [Int: String] = [:]
        for (offset, column) in item.insert.columns.enumerated() where offset < item.insert.csvColumns.count {
            names[item.insert.csvColumns[offset]] = column
        }
        return names
    }

    /// The object key of one part: `{prefix}part-NNNNN.csv[.gz]`.
    func partKey(_ item: WorkItem, part: Int) throws -> ObjectKey {
        let number = String(part)
        let padded = String(repeating: "0", count: max(0, 5 - number.count)) + number
        return try ObjectKey(item.objectPrefix + "part-" + padded + ".csv" + (environment.compression.isCompressed ? ".gz" : ""))
    }

    /// The part number of a key under the item's prefix, if it is a part object of the current compression.
    func partNumber(of key: ObjectKey, in item: WorkItem) -> Int? {
        guard key.rawValue.hasPrefix(item.objectPrefix) else { return nil }
        let name = key.rawValue.dropFirst(item.objectPrefix.count)
        let suffix = ".csv" + (environment.compression.isCompressed ? ".gz" : "")
        guard name.hasPrefix("part-"), name.hasSuffix(suffix) else { return nil }
        let digits = name.dropFirst(5).dropLast(suffix.count)
        guard !digits.isEmpty, digits.allSatisfy(\.isASCII), let number = Int(digits) else { return nil }
        return number
    }

    /// The reporting database of an item.
    func target(_ item: WorkItem) -> TargetDatabase {
        TargetDatabase(serverURL: environment.targetURL, name: item.targetDatabase)
    }
}
