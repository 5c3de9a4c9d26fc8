/// How a bulk loader converts one CSV field for its target column.
enum SQLLoadField {
    case text
    case binary
    case integer
    case boolean
    case float
    case timestamp

    init(_ type: SQLType) {
        switch type {
        case .binary, .varbinary, .blob: self = .binary
        case .integer: self = .integer
        case .boolean: self = .boolean
        case .float, .double: self = .float
        case .timestamp: self = .timestamp
        default: self = .text
        }
    }
}

/// Matches a CSV header against a table's columns.
///
/// - Returns: For each CSV column, the target column's index.
func matchHeader(_ header: [String], to columns: [SQLColumn], table: String, connection: String) throws(SQLError) -> [Int] {
    var byName: [String: Int] = [:]
    for (index, column) in columns.enumerated() { byName[column.name] = index }
    var byLowercasedName: [String: Int] = [:]
    for (index, column) in columns.enumerated() { byLowercasedName[column.name.lowercased()] = index }
    var seen = Set<Int>()
    var result: [Int] = []
    for (position, name) in header.enumerated() {
        guard let index = byName[name] ?? byLowercasedName[name.lowercased()] else {
            throw SQLError(
                code: .bulkLoadFailed, connection: connection,
                message: "CSV column \(position + 1) \"\(name)\" is not a column of table \"\(table)\" (columns: "
                    + columns.map(\.name).joined(separator: ", ") + ")")
        }
        guard seen.insert(index).inserted else {
            throw SQLError(
                code: .bulkLoadFailed, connection: connection, message: "CSV column \"\(name)\" appears twice in the header")
        }
        result.append(index)
    }
    if result.isEmpty {
        throw SQLError(code: .bulkLoadFailed, connection: connection, message: "the CSV input has no header row")
    }
    return result
}

/// The error for a CSV field that cannot be converted for its column.
func invalidField(
    record: Int, column: String, expected: String, connection: String
) -> SQLError {
    SQLError(
        code: .invalidData, connection: connection,
        message: "CSV record \(record + 1), column \"\(column)\": expected \(expected)")
}
