/// A single SQL value: a statement parameter, or a value read back from a ``SQLRowBatch``.
///
/// `NULL` is ``null``, distinct from the empty ``text("")``. Decimals, dates, times, timestamps and JSON are
/// carried as ``text(_:)`` in the ISO 8601 / canonical forms described in ``SQLRowBatch``; pass them as text
/// parameters and the server converts them.
public enum SQLValue: Sendable, Hashable, CustomStringConvertible {
    /// SQL NULL.
    case null
    /// A boolean.
    case boolean(Bool)
    /// A signed integer.
    case integer(Int64)
    /// An unsigned integer (for MySQL `BIGINT UNSIGNED` values above `Int64.max`).
    case unsignedInteger(UInt64)
    /// A floating-point number (FLOAT values are widened exactly).
    case double(Double)
    /// Text, including decimals, dates, times and JSON in their canonical text forms.
    case text(String)
    /// Bytes.
    case binary([UInt8])

    /// A rendering for diagnostics; binary is shown as `\x` + hex.
    ///
    /// > Important: this prints data; do not log it above trace level.
    public var description: String {
        switch self {
        case .null: "NULL"
        case .boolean(let value): value ? "true" : "false"
        case .integer(let value): String(value)
        case .unsignedInteger(let value): String(value)
        case .double(let value): SQLValueFormat.doubleText(value)
        case .text(let value): "'" + value + "'"
        case .binary(let bytes): String(decoding: SQLValueFormat.hexField(bytes), as: UTF8.self)
        }
    }
}
