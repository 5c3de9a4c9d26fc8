/// Maps ``SQLType``s to column types in MySQL, PostgreSQL and SQLite, and back from SQLite declared types.
///
/// The mapping keeps values exact: integers widen where a dialect lacks the width or signedness (an unsigned
/// 64-bit integer becomes PostgreSQL `numeric(20,0)`), decimals keep precision and scale, and SQLite columns
/// that must not be coerced by SQLite's type affinity (decimals, JSON) get declared types with `TEXT` affinity
/// that still name the original type (`DECIMAL_TEXT(38,10)`, `JSON_TEXT`), so ``sqliteType(declared:)`` reads
/// them back.
public enum SQLTypeMap {
    /// The column type to declare for `type` in `dialect`.
    ///
    /// - Parameters:
    ///   - type: The source column's type.
    ///   - dialect: The target database's dialect.
    /// - Returns: A type name such as `BIGINT UNSIGNED`, `numeric(38,10)` or `DATETIME(6)`.
    public static func columnType(for type: SQLType, dialect: SQLDialect) -> String {
        switch dialect {
        case .mysql: mysqlType(type)
        case .postgres: postgresType(type)
        case .sqlite: sqliteType(type)
        }
    }

    /// A `CREATE TABLE` statement for a target table with the given columns.
    ///
    /// Identifiers are quoted for the dialect; `NOT NULL` is kept. MySQL tables use InnoDB and `utf8mb4_bin` so
    /// text compares byte-exactly.
    ///
    /// - Parameters:
    ///   - table: The table's name (unquoted).
    ///   - columns: The columns, typically a source query's ``SQLRowSequence/columns``.
    ///   - dialect: The target dialect.
    ///   - ifNotExists: Whether to add `IF NOT EXISTS`.
    /// - Returns: The statement.
    public static func createTableSQL(
        table: String, for columns: [SQLColumn], dialect: SQLDialect, ifNotExists: Bool = false
    ) -> String {
        let definitions = columns.map { column in
            dialect.quoteIdentifier(column.name) + " " + columnType(for: column.type, dialect: dialect)
                + (column.isNullable ? "" : " NOT NULL")
        }
        var sql = "CREATE TABLE " + (ifNotExists ? "IF NOT EXISTS " : "") + dialect.quoteIdentifier(table) + " ("
        sql += definitions.joined(separator: ", ") + ")"
        if dialect == .mysql { sql += " ENGINE=InnoDB DEFAULT CHARSET=utf8mb4 COLLATE=utf8mb4_bin" }
        return sql
    }

    private static func mysqlType(_ type: SQLType) -> String {
        switch type {
        case .boolean: return "BOOLEAN"
        case .integer(let bits, let isSigned):
            let name =
                switch bits {
                case ...8: "TINYINT"
                case ...16: "SMALLINT"
                case ...24: "MEDIUMINT"
                case ...32: "INT"
                default: "BIGINT"
                }
            return isSigned ? name : name + " UNSIGNED"
        case .decimal(let p, let s):
            // MySQL allows precision up to 65 and scale up to 30.
            return "DECIMAL(\(min(max(p, 1), 65)),\(min(max(s, 0), 30)))"
        case .float: return "FLOAT"
        case .double: return "DOUBLE"
        case .char(let n): return n <= 255 ? "CHAR(\(max(n, 1)))" : "VARCHAR(\(n))"
        case .varchar(let n): return n <= 16383 ? "VARCHAR(\(max(n, 1)))" : "LONGTEXT"
        case .text: return "LONGTEXT"
        case .binary(let n): return n <= 255 ? "BINARY(\(max(n, 1)))" : "VARBINARY(\(n))"
        case .varbinary(let n): return n <= 65532 ? "VARBINARY(\(max(n, 1)))" : "LONGBLOB"
        case .blob: return "LONGBLOB"
        case .date: return "DATE"
        case .time(let p): return "TIME(\(clampPrecision(p)))"
        case .timestamp(let p, let tz):
            // TIMESTAMP's range is 1970–2038; DATETIME holds any date. Ferry's sessions run in UTC, so an
            // instant stored in DATETIME is its UTC wall time.
            _ = tz
            return "DATETIME(\(clampPrecision(p)))"
        case .json: return "JSON"
        }
    }

    private static func postgresType(_ type: SQLType) -> String {
        switch type {
        case .boolean: return "boolean"
        case .integer(let bits, let isSigned):
            switch (bits, isSigned) {
            case (...16, true), (...8, false): return "smallint"
            case (...32, true), (...24, false): return "integer"
            case (...64, true), (...32, false): return "bigint"
            default: return "numeric(20,0)"
            }
        case .decimal(let p, let s): return "numeric(\(min(max(p, 1), 1000)),\(max(s, 0)))"
        case .float: return "real"
        case .double: return "double precision"
        case .char(let n): return "character(\(max(n, 1)))"
        case .varchar(let n): return "character varying(\(max(n, 1)))"
        case .text: return "text"
        case .binary, .varbinary, .blob: return "bytea"
        case .date: return "date"
        case .time(let p): return "time(\(clampPrecision(p)))"
        case .timestamp(let p, let tz):
            return tz ? "timestamp(\(clampPrecision(p))) with time zone" : "timestamp(\(clampPrecision(p)))"
        case .json: return "jsonb"
        }
    }

    private static func sqliteType(_ type: SQLType) -> String {
        switch type {
        case .boolean: return "BOOLEAN"
        case .integer(let bits, let isSigned):
            let name =
                switch bits {
                case ...8: "TINYINT"
                case ...16: "SMALLINT"
                case ...24: "MEDIUMINT"
                case ...32: "INT"
                default: "BIGINT"
                }
            // SQLite stores 64-bit signed integers; an unsigned 64-bit value above Int64.max would turn into a
            // REAL, so keep such columns as text.
            if !isSigned && bits > 32 { return "U64_TEXT" }
            return isSigned ? name : "UNSIGNED " + name
        case .decimal(let p, let s): return "DECIMAL_TEXT(\(p),\(s))"
        case .float: return "FLOAT"
        case .double: return "DOUBLE"
        case .char(let n): return "CHARACTER(\(n))"
        case .varchar(let n): return "VARCHAR(\(n))"
        case .text: return "TEXT"
        case .binary(let n): return "BINARY_BLOB(\(n))"
        case .varbinary(let n): return "VARBINARY_BLOB(\(n))"
        case .blob: return "BLOB"
        case .date: return "DATE"
        case .time(let p): return "TIME(\(clampPrecision(p)))"
        case .timestamp(let p, let tz): return tz ? "TIMESTAMPTZ(\(clampPrecision(p)))" : "DATETIME(\(clampPrecision(p)))"
        case .json: return "JSON_TEXT"
        }
    }

    private static func clampPrecision(_ p: Int) -> Int { min(max(p, 0), 6) }

    /// Reads a SQLite declared column type (as written in `CREATE TABLE`) back into a ``SQLType``.
    ///
    /// Understands the names ``columnType(for:dialect:)`` writes plus the usual spellings (`INTEGER`, `VARCHAR(n)`,
    /// `NUMERIC(p,s)`, `REAL`, `TIMESTAMP`, …). Unknown names fall back to SQLite's affinity rules.
    ///
    /// - Parameter declared: The declared type, for example `DECIMAL_TEXT(38,10)`; `nil` or empty for none.
    /// - Returns: The type, or `nil` when nothing is declared.
    public static func sqliteType(declared: String?) -> SQLType? {
        guard let declared, !declared.isEmpty else { return nil }
        let upper = declared.uppercased()
        var name = upper
        var arguments: [Int] = []
        if let open = upper.firstIndex(of: "("), let close = upper.lastIndex(of: ")"), open < close {
            name = String(upper[..<open]).trimmingSpaces()
            arguments = upper[upper.index(after: open)..<close].split(separator: ",").compactMap {
                Int(String($0).trimmingSpaces())
            }
        }
        let words = name.split(separator: " ").map(String.init)
        let first = words.first ?? ""
        let isUnsigned = words.contains("UNSIGNED")
        let core = words.filter { $0 != "UNSIGNED" }.joined(separator: " ")
        let arg0 = arguments.first
        switch core {
        case "BOOLEAN", "BOOL": return .boolean
        case "TINYINT": return .integer(bits: 8, isSigned: !isUnsigned)
        case "SMALLINT", "INT2": return .integer(bits: 16, isSigned: !isUnsigned)
        case "MEDIUMINT": return .integer(bits: 24, isSigned: !isUnsigned)
        case "INT", "INT4": return .integer(bits: 32, isSigned: !isUnsigned)
        case "INTEGER", "BIGINT", "INT8": return .integer(bits: 64, isSigned: !isUnsigned)
        case "U64_TEXT": return .integer(bits: 64, isSigned: false)
        case "DECIMAL_TEXT", "DECIMAL", "NUMERIC":
            return .decimal(precision: arg0 ?? 38, scale: arguments.count > 1 ? arguments[1] : 0)
        case "FLOAT", "REAL4": return .float
        case "REAL", "DOUBLE", "DOUBLE PRECISION", "FLOAT8": return .double
        case "CHAR", "CHARACTER", "NCHAR": return arg0.map { .char(length: $0) } ?? .text
        case "VARCHAR", "CHARACTER VARYING", "NVARCHAR", "VARYING CHARACTER":
            return arg0.map { .varchar(length: $0) } ?? .text
        case "TEXT", "CLOB", "STRING": return .text
        case "BINARY_BLOB", "BINARY": return arg0.map { .binary(length: $0) } ?? .blob
        case "VARBINARY_BLOB", "VARBINARY": return arg0.map { .varbinary(length: $0) } ?? .blob
        case "BLOB", "BYTEA": return .blob
        case "DATE": return .date
        case "TIME": return .time(precision: arg0 ?? 0)
        case "DATETIME", "TIMESTAMP": return .timestamp(precision: arg0 ?? 0, hasTimeZone: false)
        case "TIMESTAMPTZ", "TIMESTAMP WITH TIME ZONE": return .timestamp(precision: arg0 ?? 0, hasTimeZone: true)
        case "JSON_TEXT", "JSON", "JSONB": return .json
        default:
            // SQLite's affinity rules (section 3.1 of "Datatypes In SQLite").
            if first.contains("INT") || core.contains("INT") { return .integer(bits: 64, isSigned: true) }
            if core.contains("CHAR") || core.contains("CLOB") || core.contains("TEXT") { return .text }
            if core.contains("BLOB") { return .blob }
            if core.contains("REAL") || core.contains("FLOA") || core.contains("DOUB") { return .double }
            return .decimal(precision: 38, scale: 10)
        }
    }
}

extension String {
    fileprivate func trimmingSpaces() -> String {
        var s = Substring(self)
        while s.first == " " { s = s.dropFirst() }
        while s.last == " " { s = s.dropLast() }
        return String(s)
    }
}
