/// A batch of result rows, stored compactly: all field bytes in one buffer plus one offset per field.
///
/// Connectors fill batches on their own threads and hand them to the consumer whole, so the per-row cost is a few
/// byte appends, not one allocation per field. Each field holds its value's canonical bytes:
///
/// | type | bytes |
/// |---|---|
/// | integers | decimal digits, `-` for negatives |
/// | ``SQLType/decimal(precision:scale:)`` | the server's exact decimal text |
/// | ``SQLType/float``, ``SQLType/double`` | shortest round-trip text; `Infinity`, `-Infinity`, `NaN`; `-0.0` kept |
/// | ``SQLType/boolean`` | `true` / `false` |
/// | text, ``SQLType/json`` | the UTF-8 text as stored |
/// | binary types | the raw bytes (``SQLCSVWriter`` writes them as `\x` + lowercase hex) |
/// | ``SQLType/date`` | `YYYY-MM-DD` |
/// | ``SQLType/time(precision:)`` | `[-]HH:MM:SS[.ffffff]`, as many fraction digits as the precision |
/// | ``SQLType/timestamp(precision:hasTimeZone:)`` | `YYYY-MM-DDTHH:MM:SS[.ffffff]`, plus `Z` (UTC) when time-zone aware |
///
/// SQL NULL is distinct from an empty field everywhere.
public struct SQLRowBatch: Sendable {
    /// The result's columns.
    public let columns: [SQLColumn]
    @usableFromInline var bytes: [UInt8]
    /// The end offset of each field in `bytes`, row after row; a NULL field stores `~end` (a negative number).
    @usableFromInline var ends: [Int]

    init(columns: [SQLColumn], bytes: [UInt8], ends: [Int]) {
        self.columns = columns
        self.bytes = bytes
        self.ends = ends
    }

    /// The number of rows in the batch.
    public var rowCount: Int { columns.isEmpty ? 0 : ends.count / columns.count }

    /// The number of field bytes in the batch (a rough size, excluding NULL markers).
    public var byteCount: Int { bytes.count }

    @inline(__always)
    func bounds(_ index: Int) -> (start: Int, end: Int, isNull: Bool) {
        let raw = ends[index]
        let start: Int
        if index == 0 {
            start = 0
        } else {
            let previous = ends[index - 1]
            start = previous < 0 ? ~previous : previous
        }
        return raw < 0 ? (start, ~raw, true) : (start, raw, false)
    }

    /// Whether the field at (`row`, `column`) is SQL NULL.
    ///
    /// - Parameters:
    ///   - row: A row position, `0..<rowCount`.
    ///   - column: A column position, `0..<columns.count`.
    /// - Returns: `true` for NULL; `false` for any value, including the empty string.
    public func isNull(row: Int, column: Int) -> Bool { ends[row * columns.count + column] < 0 }

    /// Calls `body` with the canonical bytes of one field without copying them, or `nil` for NULL.
    ///
    /// - Parameters:
    ///   - row: A row position.
    ///   - column: A column position.
    ///   - body: Receives the bytes; the buffer is valid only during the call.
    /// - Returns: What `body` returns.
    public func withFieldBytes<R, E: Error>(
        row: Int, column: Int, _ body: (UnsafeRawBufferPointer?) throws(E) -> R
    ) throws(E) -> R {
        let (start, end, isNull) = bounds(row * columns.count + column)
        if isNull { return try body(nil) }
        var result: Result<R, E>?
        bytes.withUnsafeBytes { all in
            result = Result { () throws(E) -> R in try body(UnsafeRawBufferPointer(rebasing: all[start..<end])) }
        }
        return try result!.get()
    }

    /// The value at (`row`, `column`), typed by its column.
    ///
    /// Integers become ``SQLValue/integer(_:)`` (or ``SQLValue/unsignedInteger(_:)`` above `Int64.max`), floats
    /// ``SQLValue/double(_:)``, booleans ``SQLValue/boolean(_:)``, binary ``SQLValue/binary(_:)``; everything else
    /// (decimals, text, dates, times, JSON) ``SQLValue/text(_:)`` in its canonical form.
    ///
    /// - Parameters:
    ///   - row: A row position.
    ///   - column: A column position.
    /// - Returns: The value; ``SQLValue/null`` for NULL.
    public func value(row: Int, column: Int) -> SQLValue {
        let type = columns[column].type
        return withFieldBytes(row: row, column: column) { raw -> SQLValue in
            guard let raw else { return .null }
            let text = { String(decoding: raw, as: UTF8.self) }
            switch type {
            case .integer:
                if let v = Int64(text()) { return .integer(v) }
                if let v = UInt64(text()) { return .unsignedInteger(v) }
                return .text(text())
            case .float, .double:
                switch text() {
                case "Infinity": return .double(.infinity)
                case "-Infinity": return .double(-.infinity)
                case "NaN": return .double(.nan)
                case let t: return Double(t).map(SQLValue.double) ?? .text(t)
                }
            case .boolean:
                return SQLValueFormat.parseBoolean(raw).map(SQLValue.boolean) ?? .text(text())
            case .binary, .varbinary, .blob:
                return .binary(Array(raw))
            default:
                return .text(text())
            }
        }
    }

    /// The values of one row, typed by column (see ``value(row:column:)``).
    ///
    /// - Parameter row: A row position.
    /// - Returns: One value per column.
    public func row(_ row: Int) -> [SQLValue] {
        (0..<columns.count).map { value(row: row, column: $0) }
    }
}

/// Accumulates rows into a ``SQLRowBatch`` (used by the connectors on their worker threads).
struct SQLRowBatchBuilder {
    let columns: [SQLColumn]
    var bytes: [UInt8] = []
    var ends: [Int] = []
    private(set) var rowCount = 0

    init(columns: [SQLColumn], byteCapacity: Int = 64 * 1024, rowCapacity: Int = 1024) {
        self.columns = columns
        bytes.reserveCapacity(byteCapacity)
        ends.reserveCapacity(rowCapacity * Swift.max(columns.count, 1))
    }

    var isEmpty: Bool { ends.isEmpty }

    @inline(__always) mutating func appendNull() { ends.append(~bytes.count) }

    @inline(__always) mutating func endField() { ends.append(bytes.count) }

    @inline(__always) mutating func append(_ field: UnsafeRawBufferPointer) {
        bytes.append(contentsOf: field)
        ends.append(bytes.count)
    }

    @inline(__always) mutating func append(_ pointer: UnsafeRawPointer, count: Int) {
        append(UnsafeRawBufferPointer(start: pointer, count: count))
    }

    @inline(__always) mutating func appendInteger(_ value: Int64) {
        SQLValueFormat.appendInteger(value, to: &bytes)
        ends.append(bytes.count)
    }

    @inline(__always) mutating func appendUnsigned(_ value: UInt64) {
        SQLValueFormat.appendUnsigned(value, to: &bytes)
        ends.append(bytes.count)
    }

    mutating func appendText(_ text: String) {
        SQLValueFormat.appendText(text, to: &bytes)
        ends.append(bytes.count)
    }

    mutating func endRow() { rowCount += 1 }

    /// Returns the batch and starts a new one with the same capacity.
    mutating func take() -> SQLRowBatch {
        let batch = SQLRowBatch(columns: columns, bytes: bytes, ends: ends)
        let byteCapacity = bytes.capacity
        let endCapacity = ends.capacity
        bytes = []
        bytes.reserveCapacity(byteCapacity)
        ends = []
        ends.reserveCapacity(endCapacity)
        rowCount = 0
        return batch
    }
}
