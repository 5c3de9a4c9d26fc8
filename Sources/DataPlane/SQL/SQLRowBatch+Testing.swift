extension SQLRowBatch {
    /// Builds a batch from canonical field bytes (`nil` is NULL), for tests and custom row sources.
    ///
    /// - Parameters:
    ///   - columns: The columns.
    ///   - rows: The rows; each must have one field per column, in the canonical forms described on ``SQLRowBatch``.
    /// - Returns: The batch.
    public static func make(columns: [SQLColumn], rows: [[[UInt8]?]]) -> SQLRowBatch {
        var builder = SQLRowBatchBuilder(columns: columns)
        for row in rows {
            precondition(row.count == columns.count, "SQLRowBatch.make: row has the wrong number of fields")
            for field in row {
                if let field { field.withUnsafeBytes { builder.append($0) } } else { builder.appendNull() }
            }
            builder.endRow()
        }
        return builder.take()
    }
}
