/// How a table's rows are applied to its target table.
public enum WriteMode: String, Sendable, Hashable, CaseIterable, CustomStringConvertible {
    /// Full refresh: load into a staging table and swap it in atomically.
    case replace
    /// Delete every row and insert the new ones, in one transaction.
    case truncate
    /// Insert the new rows.
    case append
    /// Upsert on the primary key columns.
    case merge
    /// Upsert the rows newer than the target's highest watermark value.
    case incremental

    /// The mode's name as stored in the catalog.
    public var description: String { rawValue }
}

/// Ferry's settings for one catalog table (the `ferry_table_settings` row keyed by `tables.id`).
///
/// Every field is optional: an absent value takes the documented default when work items are built.
public struct TableSettings: Sendable, Hashable {
    /// The write mode; default: `merge` for a legacy `REPLACE`/`INSERT IGNORE`, `append` for a legacy `INSERT`,
    /// `replace` otherwise.
    public var mode: WriteMode?
    /// The primary key columns (for `merge` and `incremental`).
    public var keyColumns: [String]
    /// The watermark column (for `incremental`).
    public var watermarkColumn: String?
    /// The column to split exports into key ranges on.
    public var chunkColumn: String?
    /// The number of rows per chunk.
    public var chunkSize: Int?
    /// The target table's name; default: the legacy `query_insert` table, else the catalog table's name.
    public var targetTable: String?

    /// Creates settings.
    ///
    /// - Parameters:
    ///   - mode: The write mode.
    ///   - keyColumns: The primary key columns.
    ///   - watermarkColumn: The watermark column.
    ///   - chunkColumn: The chunking column.
    ///   - chunkSize: Rows per chunk.
    ///   - targetTable: The target table's name.
    public init(
        mode: WriteMode? = nil, keyColumns: [String] = [], watermarkColumn: String? = nil, chunkColumn: String? = nil,
        chunkSize: Int? = nil, targetTable: String? = nil
    ) {
        self.mode = mode
        self.keyColumns = keyColumns
        self.watermarkColumn = watermarkColumn
        self.chunkColumn = chunkColumn
        self.chunkSize = chunkSize
        self.targetTable = targetTable
    }
}
