import DataPlane
import Foundation
public import JSONValue
import Logging

extension Pipeline {
    // MARK: Export

    /// Streams one part of an item's SELECT (bound for its company and batch) into `{prefix}part-NNNNN.csv[.gz]`
    /// plus a manifest. Writing the last part also deletes parts numbered beyond the item's count (left by an
    /// earlier run of the batch with more chunks). An incremental item exports only rows newer than the target
    /// table's highest watermark.
    ///
    /// - Parameters:
    ///   - reference: The item.
    ///   - chunk: The part (default: the whole table as one part).
    /// - Returns: `{"company", "table", "batchId", "batchDate", "part", "of", "key", "rows", "bytes", "sha256"}`.
    /// - Throws: ``PipelineError``, ``CatalogError``, ``TransferError``, ``SQLError``, ``ObjectStoreError``, ...
    public func export(_ reference: ItemReference, chunk: ExportChunk = .whole) async throws -> JSONValue {
        try await export(try await resolve(reference), batchDate: reference.batchDate, chunk: chunk)
    }

    /// ``export(_:chunk:)`` for an item already read from the catalog.
    func export(_ item: WorkItem, batchDate: CalendarDate, chunk: ExportChunk) async throws -> JSONValue {
        let reference = ItemReference(item, batchDate: batchDate)
        let started = ContinuousClock.now
        let watermark = try await targetWatermark(item)
        let key = try partKey(item, part: chunk.part)
        let result = try await withSQLConnection(url: environment.sourceURL) { source in
            try await Transfer.extract(
                query: exportQuery(item, chunk: chunk, watermark: watermark, dialect: source.dialect), from: source,
                to: environment.store, key: key, compression: environment.compression,
                columnNames: Self.columnNames(item), logger: environment.logger)
        }
        if chunk.part == chunk.count - 1 {
            for info in try await environment.store.list(prefix: item.objectPrefix) {
                guard let number = partNumber(of: info.key, in: item), number >= chunk.count else { continue }
                try await environment.store.delete(info.key)
                try await environment.store.delete(try TransferManifest.key(for: info.key))
            }
        }
        environment.observe(
            .exported(
                company: item.company.alias, table: item.table.name, part: chunk.part, parts: chunk.count,
                rows: result.manifest.rowCount, bytes: result.manifest.byteCount, seconds: Self.seconds(since: started)))
        var summary = Self.referenceJSON(reference)
        summary["part"] = .integer(chunk.part)
        summary["of"] = .integer(chunk.count)
        summary["key"] = .string(key.rawValue)
        summary["rows"] = .integer(result.manifest.rowCount)
        summary["bytes"] = .integer(Int(result.manifest.byteCount))
        summary["sha256"] = .string(result.manifest.sha256)
        if let watermark { summary["after"] = CatalogNames.json(watermark) }
        return .object(summary)
    }

    /// The target table's highest watermark value, for an incremental item whose target table has rows.
    func targetWatermark(_ item: WorkItem) async throws -> SQLValue? {
        guard item.mode == .incremental, let column = item.table.settings.watermarkColumn else { return nil }
        let value = try await withTarget(item) { connection in
            try await Self.highest(column, of: item.targetTable, on: connection)
        }
        return value == .null ? nil : value
    }

    // MARK: Load

    /// Verifies an item's parts against their manifests and loads them into a staging table on the company's
    /// target database, then applies the table's write mode (replace swaps atomically; incremental merges on the
    /// key). Records the batch in the target's `ferry_loads` table; an `append` of a batch already recorded is
    /// skipped, so re-running a batch never duplicates rows. A missing target table is created from the
    /// manifest's column types; a missing target database is an error.
    ///
    /// - Parameters:
    ///   - reference: The item.
    ///   - deferSwap: Load a `replace` item into `<table>__ferry_next` and leave the target as it is, for
    ///     ``swap(_:rollback:)`` to put in place.
    /// - Returns: `{"company", "table", "batchId", "batchDate", "targetDatabase", "targetTable", "mode", "rows",
    ///   "parts", "skipped"?, "staged"?}`.
    /// - Throws: ``PipelineError``, ``TransferError``, ``SQLError``, ``ObjectStoreError``, ...
    public func load(_ reference: ItemReference, deferSwap: Bool = false) async throws -> JSONValue {
        try await load(try await resolve(reference), batchDate: reference.batchDate, deferSwap: deferSwap)
    }

    /// ``load(_:deferSwap:)`` for an item already read from the catalog.
    func load(_ item: WorkItem, batchDate: CalendarDate, deferSwap: Bool) async throws -> JSONValue {
        let reference = ItemReference(item, batchDate: batchDate)
        let started = ContinuousClock.now
        var summary = Self.referenceJSON(reference)
        summary["targetDatabase"] = .string(item.targetDatabase)
        summary["targetTable"] = .string(item.targetTable)
        summary["mode"] = .string(item.mode.rawValue)
        let parts = try await exportedParts(item)
        let target = target(item)
        let mode: Transfer.WriteMode
        switch item.mode {
        case .replace: mode = .replace
        case .truncate: mode = .truncate
        case .append: mode = .append
        case .merge, .incremental:
            guard !item.keyColumns.isEmpty else {
                throw PipelineError(
                    "\(reference.label): the \(item.mode) mode needs key columns; set them with `ferry catalog table "
                        + "add … --key COL` (or the entry's legacy REPLACE target's primary key)")
            }
            mode = .merge(key: item.keyColumns)
        }
        if deferSwap && item.mode != .replace {
            throw PipelineError("\(reference.label): \"deferSwap\" needs the replace mode; the table's mode is \(item.mode)")
        }
        if item.mode == .append {
            let done = try await withTarget(item) {
                try await LoadLedger.contains(table: item.targetTable, batch: item.batchID, on: $0)
            }
            if done {
                summary["rows"] = 0
                summary["parts"] = .integer(parts.count)
                summary["skipped"] = "the batch was already appended"
                return .object(summary)
            }
        }
        var table = item.targetTable
        if deferSwap {
            table = Self.stagedName(item.targetTable, suffix: "next")
            try await withTarget(item) { [table] connection in
                try await connection.execute("DROP TABLE IF EXISTS \(connection.quoteIdentifier(table))")
                if try await connection.tableExists(item.targetTable) {
                    try await Transfer.createTable(table, like: item.targetTable, on: connection)
                }
            }
        }
        let result = try await Transfer.load(
            from: environment.store, parts: parts, into: table,
            options: Transfer.LoadOptions(mode: mode, createsTable: true),
            connect: { try await target.connect() }, logger: environment.logger)
        if !deferSwap {
            try await withTarget(item) {
                try await LoadLedger.record(
                    table: item.targetTable, batch: item.batchID, rows: result.rowCount,
                    fingerprint: result.parts.count == 1 ? result.manifest.sha256 : nil, on: $0)
            }
        }
        environment.observe(
            .loaded(
                company: item.company.alias, table: item.table.name, rows: result.rowCount, mode: item.mode.rawValue,
                seconds: Self.seconds(since: started)))
        summary["rows"] = .integer(result.rowCount)
        summary["parts"] = .integer(parts.count)
        if deferSwap { summary["staged"] = .string(table) }
        return .object(summary)
    }

    /// The item's part objects in the store, in part order; every part from 0 must be there.
    func exportedParts(_ item: WorkItem) async throws -> [ObjectKey] {
        var numbered: [(Int, ObjectKey)] = []
        for info in try await environment.store.list(prefix: item.objectPrefix) {
            if let number = partNumber(of: info.key, in: item) { numbered.append((number, info.key)) }
        }
        numbered.sort { $0.0 < $1.0 }
        guard !numbered.isEmpty else {
            throw PipelineError(
                "\(item.company.alias)/\(item.table.name): nothing was exported for batch \(item.batchID) (no "
                    + "part objects under \(item.objectPrefix)); run ferry:export for it first")
        }
        for (expected, (number, _)) in numbered.enumerated() where number != expected {
            throw PipelineError(
                "\(item.company.alias)/\(item.table.name): part \(expected) of batch \(item.batchID) is missing "
                    + "under \(item.objectPrefix); re-run ferry:export for it")
        }
        return numbered.map(\.1)
    }

    // MARK: Swap

    /// Puts a table staged by ``load(_:deferSwap:)`` in place atomically, keeping the replaced table as
    /// `<table>__ferry_previous` until the next swap; with `rollback`, swaps the previous table back instead.
    ///
    /// - Parameters:
    ///   - reference: The item.
    ///   - rollback: Exchange the table and its previous version.
    /// - Returns: `{"company", "table", "batchId", "batchDate", "targetTable", "swapped": true, "previous"}`.
    /// - Throws: ``PipelineError`` when nothing is staged (or, for a rollback, kept), ``SQLError``, ...
    public func swap(_ reference: ItemReference, rollback: Bool = false) async throws -> JSONValue {
        let item = try await resolve(reference)
        let table = item.targetTable
        let next = Self.stagedName(table, suffix: "next")
        let previous = Self.stagedName(table, suffix: "previous")
        try await withTarget(item) { connection in
            let q = connection.dialect.quoteIdentifier
            let incoming = rollback ? previous : next
            guard try await connection.tableExists(incoming) else {
                throw PipelineError(
                    rollback
                        ? "\(reference.label): there is no previous table \(previous) to roll back to"
                        : "\(reference.label): nothing is staged (\(next) does not exist); run ferry:load with "
                            + "\"deferSwap\": true first")
            }
            let exists = try await connection.tableExists(table)
            var renames: [(String, String)] = []
            if rollback {
                let spare = Self.stagedName(table, suffix: "swap")
                try await connection.execute("DROP TABLE IF EXISTS \(q(spare))")
                renames = exists ? [(table, spare), (previous, table), (spare, previous)] : [(previous, table)]
            } else {
                try await connection.execute("DROP TABLE IF EXISTS \(q(previous))")
                renames = exists ? [(table, previous), (next, table)] : [(next, table)]
            }
            switch connection.dialect {
            case .mysql:
                try await connection.execute(
                    "RENAME TABLE " + renames.map { "\(q($0.0)) TO \(q($0.1))" }.joined(separator: ", "))
            case .postgres, .sqlite:
                if connection.dialect == .sqlite { try await connection.execute("PRAGMA legacy_alter_table = ON") }
                try await connection.withTransaction {
                    for (from, to) in renames { try await connection.execute("ALTER TABLE \(q(from)) RENAME TO \(q(to))") }
                }
            }
            if !rollback {
                try await LoadLedger.record(table: table, batch: item.batchID, rows: nil, fingerprint: nil, on: connection)
            }
        }
        var summary = Self.referenceJSON(reference)
        summary["targetTable"] = .string(table)
        summary["swapped"] = true
        summary["previous"] = .string(previous)
        if rollback { summary["rolledBack"] = true }
        return .object(summary)
    }

    /// `<table>__ferry_<suffix>`, the table part shortened so the name fits 63 bytes.
    static func stagedName(_ table: String, suffix: String) -> String {
        let tail = "__ferry_" + suffix
        var head = ""
        for character in table {
            if head.utf8.count + String(character).utf8.count + tail.utf8.count > 63 { break }
            head.append(character)
        }
        return head + tail
    }

    // MARK: Detect

    /// Whether the source has data the target does not: with a watermark column, the source's highest value
    /// against the target table's; otherwise the SHA-256 of the CSV an export would write against the last load
    /// recorded in `ferry_loads` (a chunked table without a watermark always counts as changed).
    ///
    /// - Parameter reference: The item.
    /// - Returns: `{"company", "table", "batchId", "batchDate", "changed": Bool, "method": "watermark" |
    ///   "checksum" | "none", "reason"}` plus the compared values.
    /// - Throws: ``PipelineError``, ``SQLError``, ...
    public func detect(_ reference: ItemReference) async throws -> JSONValue {
        let item = try await resolve(reference)
        var summary = Self.referenceJSON(reference)
        if let column = item.table.settings.watermarkColumn {
            summary["method"] = "watermark"
            let sourceMax = try await withSQLConnection(url: environment.sourceURL) { source in
                let q = source.dialect.quoteIdentifier
                let query = NamedQuery(
                    "SELECT MAX(ferry_q.\(q(column))) FROM (\(Self.subquery(item.select.text))) ferry_q",
                    parameters: item.select.parameters)
                let (sql, values) = try query.positional(for: source.dialect)
                return try await source.query(sql, parameters: values) { try await $0.collectRows() }.first?.first ?? .null
            }
            let targetMax = try await withTarget(item) { try await Self.highest(column, of: item.targetTable, on: $0) }
            summary["source"] = CatalogNames.json(sourceMax)
            summary["loaded"] = CatalogNames.json(targetMax)
            let changed = sourceMax != .null && (targetMax == .null || Self.isGreater(sourceMax, than: targetMax))
            summary["changed"] = .bool(changed)
            summary["reason"] = .string(
                changed ? "the source has \(column) values after the target's highest" : "no \(column) value is newer")
        } else if item.table.settings.chunkColumn != nil && (item.table.settings.chunkSize ?? 0) > 0 {
            summary["method"] = "none"
            summary["changed"] = true
            summary["reason"] = "a chunked table without a watermark column is always reloaded"
        } else {
            summary["method"] = "checksum"
            let fingerprint = try await withSQLConnection(url: environment.sourceURL) { source in
                try await Transfer.fingerprint(
                    query: item.select, from: source, compression: environment.compression,
                    columnNames: Self.columnNames(item))
            }
            let last = try await withTarget(item) { try await LoadLedger.lastFingerprint(table: item.targetTable, on: $0) }
            summary["rows"] = .integer(fingerprint.rowCount)
            summary["sha256"] = .string(fingerprint.sha256)
            summary["loaded"] = last.map { .string($0) } ?? .null
            let changed = last != fingerprint.sha256
            summary["changed"] = .bool(changed)
            summary["reason"] = .string(
                last == nil ? "no load of this table is recorded" : changed ? "the data differs from the last load" : "the data equals the last load")
        }
        return .object(summary)
    }

    /// A table's highest value of a column (NULL when the table is missing or empty).
    static func highest(_ column: String, of table: String, on connection: any SQLConnection) async throws -> SQLValue {
        guard try await connection.tableExists(table) else { return .null }
        let q = connection.dialect.quoteIdentifier
        return try await connection.query("SELECT MAX(\(q(column))) FROM \(q(table))", parameters: []) {
            try await $0.collectRows()
        }.first?.first ?? .null
    }

    /// Runs `body` on a connection to the item's target database, closed afterwards.
    func withTarget<R>(_ item: WorkItem, _ body: (any SQLConnection) async throws -> R) async throws -> R {
        try await withSQLConnection(opening: { try await target(item).connect() }, body)
    }

    /// Orders two values of one column: numbers numerically, anything else by its text.
    static func isGreater(_ a: SQLValue, than b: SQLValue) -> Bool {
        func number(_ value: SQLValue) -> Double? {
            switch value {
            case .integer(let v): Double(v)
            case .unsignedInteger(let v): Double(v)
            case .double(let v): v
            case .boolean(let v): v ? 1 : 0
            default: nil
            }
        }
        if let x = number(a), let y = number(b) { return x > y }
        return CatalogNames.text(a) > CatalogNames.text(b)
    }

    // MARK: JSON helpers

    /// `{"company", "table", "batchId", "batchDate"}`.
    static func referenceJSON(_ reference: ItemReference) -> JSONObject {
        [
            "company": .string(reference.company), "table": .string(reference.table),
            "batchId": .string(reference.batchID), "batchDate": .string(reference.batchDate.description),
        ]
    }

    /// Seconds since `start`.
    static func seconds(since start: ContinuousClock.Instant) -> Double {
        let elapsed = ContinuousClock.now - start
        return Double(elapsed.components.seconds) + Double(elapsed.components.attoseconds) / 1e18
    }
}
