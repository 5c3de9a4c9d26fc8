/// The type of a result column or table column, independent of the database it came from.
///
/// ``SQLTypeMap`` turns these into each dialect's column types; the CSV encoding of each type is described in
/// ``SQLRowBatch``.
public enum SQLType: Sendable, Hashable, CustomStringConvertible {
    /// `BOOLEAN` (PostgreSQL `boolean`; SQLite `BOOLEAN`). MySQL's `TINYINT(1)` is reported as an 8-bit integer.
    case boolean
    /// An integer of `bits` width (8, 16, 24, 32 or 64), signed or unsigned.
    case integer(bits: Int, isSigned: Bool)
    /// An exact decimal `DECIMAL(precision, scale)`; values travel as text, never through a binary float.
    case decimal(precision: Int, scale: Int)
    /// A 32-bit IEEE 754 float (`FLOAT`, `real`).
    case float
    /// A 64-bit IEEE 754 float (`DOUBLE`, `double precision`, SQLite `REAL`).
    case double
    /// Fixed-length text, `CHAR(length)`, length in characters.
    case char(length: Int)
    /// Variable-length text, `VARCHAR(length)`, length in characters.
    case varchar(length: Int)
    /// Unbounded text (`TEXT`, `LONGTEXT`, PostgreSQL `text`).
    case text
    /// Fixed-length bytes, `BINARY(length)`.
    case binary(length: Int)
    /// Variable-length bytes, `VARBINARY(length)`.
    case varbinary(length: Int)
    /// Unbounded bytes (`BLOB`, `LONGBLOB`, PostgreSQL `bytea`).
    case blob
    /// A calendar date.
    case date
    /// A time of day (MySQL `TIME` may also be negative or exceed 24 h) with `precision` fractional digits (0–6).
    case time(precision: Int)
    /// A date and time with `precision` fractional digits (0–6). `hasTimeZone` marks an instant (MySQL
    /// `TIMESTAMP`, PostgreSQL `timestamptz`), written in UTC with a `Z`; otherwise a local date-time (`DATETIME`,
    /// `timestamp`).
    case timestamp(precision: Int, hasTimeZone: Bool)
    /// A JSON document, as text.
    case json

    /// A readable name, such as `integer(32, unsigned)` or `decimal(38,10)`.
    public var description: String {
        switch self {
        case .boolean: "boolean"
        case .integer(let bits, let isSigned): "integer(\(bits)\(isSigned ? "" : ", unsigned"))"
        case .decimal(let p, let s): "decimal(\(p),\(s))"
        case .float: "float"
        case .double: "double"
        case .char(let n): "char(\(n))"
        case .varchar(let n): "varchar(\(n))"
        case .text: "text"
        case .binary(let n): "binary(\(n))"
        case .varbinary(let n): "varbinary(\(n))"
        case .blob: "blob"
        case .date: "date"
        case .time(let p): "time(\(p))"
        case .timestamp(let p, let tz): tz ? "timestamptz(\(p))" : "timestamp(\(p))"
        case .json: "json"
        }
    }

    /// Whether values are bytes (written to CSV as `\x` + hex) rather than text.
    public var isBinary: Bool {
        switch self {
        case .binary, .varbinary, .blob: true
        default: false
        }
    }
}

/// One column of a result set or table: its name, type and nullability.
public struct SQLColumn: Sendable, Hashable, CustomStringConvertible {
    /// The column's name (the alias, for an expression).
    public var name: String
    /// The column's type.
    public var type: SQLType
    /// Whether the column may hold NULL. Unknown nullability (expressions) is reported as `true`.
    public var isNullable: Bool

    /// Creates a column description.
    ///
    /// - Parameters:
    ///   - name: The column's name.
    ///   - type: The column's type.
    ///   - isNullable: Whether it may hold NULL (default `true`).
    public init(name: String, type: SQLType, isNullable: Bool = true) {
        self.name = name
        self.type = type
        self.isNullable = isNullable
    }

    /// `name type [NOT NULL]`, for diagnostics.
    public var description: String { "\(name) \(type)\(isNullable ? "" : " NOT NULL")" }
}
