/// Re-encodes Ferry CSV records into PostgreSQL's `COPY … FROM STDIN (FORMAT text)` format (simpler for the server
/// to parse than CSV, and unambiguous about NULL).
///
/// Output format: fields separated by TAB, rows ended by LF, `\N` for NULL (so NULL and the empty string stay apart),
/// and the four bytes that would break the framing escaped: backslash → `\\`, TAB → `\t`, LF → `\n`, CR → `\r`. Every
/// other byte, including any UTF-8, is copied as it is (PostgreSQL validates the encoding and rejects NUL in text).
///
/// Per target column (``SQLLoadField``):
/// - binary: the CSV's `\x` + hex form is checked and passed on as bytea's hex input (its backslash escaped);
/// - integer and boolean columns: `true`/`false` become `1`/`0` for integer columns (MySQL's `TINYINT(1)`
///   booleans meet PostgreSQL integers and the other way round); `boolean` accepts `true`, `false`, `1`, `0`;
/// - timestamps, floats (`Infinity`, `-Infinity`, `NaN`), dates, times, decimals, JSON and text: passed through
///   (PostgreSQL reads ISO 8601 with `T` and `Z` natively).
struct PostgreSQLCopyEncoder: SQLLoadEncoder {
    let kinds: [SQLLoadField]
    let names: [String]
    let connection: String
    private(set) var output: [UInt8] = []

    /// - Parameters:
    ///   - columns: The target columns, in CSV order.
    ///   - connection: The redacted connection, for error messages.
    init(columns: [SQLColumn], connection: String) {
        self.kinds = columns.map { SQLLoadField($0.type) }
        self.names = columns.map(\.name)
        self.connection = connection
        output.reserveCapacity(300 * 1024)
    }

    /// Returns the encoded bytes so far and starts a new buffer.
    mutating func take() -> [UInt8] {
        let out = output
        output = []
        output.reserveCapacity(300 * 1024)
        return out
    }

    /// Appends `field` with backslash, TAB, LF and CR escaped.
    @inline(__always)
    mutating func appendEscaped(_ field: UnsafeRawBufferPointer) {
        var start = 0
        var i = 0
        let count = field.count
        while i < count {
            let escape: UInt8
            switch field[i] {
            case 0x5C: escape = 0x5C  // backslash
            case 0x09: escape = UInt8(ascii: "t")
            case 0x0A: escape = UInt8(ascii: "n")
            case 0x0D: escape = UInt8(ascii: "r")
            default:
                i += 1
                continue
            }
            if i > start { output.append(contentsOf: UnsafeRawBufferPointer(rebasing: field[start..<i])) }
            output.append(0x5C)
            output.append(escape)
            i += 1
            start = i
        }
        if count > start { output.append(contentsOf: UnsafeRawBufferPointer(rebasing: field[start..<count])) }
    }

    /// Appends one CSV record as one COPY row.
    ///
    /// - Parameters:
    ///   - record: The record; its fields are in the order of the columns given to `init`.
    ///   - number: The record's 1-based number, for error messages.
    /// - Throws: ``SQLError`` with ``SQLError/Code/invalidData`` for a malformed binary field or a record with the
    ///   wrong number of fields.
    mutating func append(_ record: CSVRecord, number: Int) throws(SQLError) {
        guard record.count == kinds.count else {
            throw SQLError(
                code: .invalidData, connection: connection,
                message: "CSV record \(number + 1) has \(record.count) field(s); the header has \(kinds.count)")
        }
        for index in 0..<record.count {
            if index > 0 { output.append(0x09) }
            let failure: SQLError? = record.withFieldBytes(at: index) { raw -> SQLError? in
                guard let raw else {
                    output.append(0x5C)
                    output.append(UInt8(ascii: "N"))
                    return nil
                }
                switch kinds[index] {
                case .binary:
                    guard Self.isHexField(raw) else {
                        return invalidField(
                            record: number, column: names[index], expected: "binary as \\x followed by hex digits",
                            connection: connection)
                    }
                    appendEscaped(raw)  // `\x..` becomes `\\x..`, which COPY reads back as `\x..`
                case .integer:
                    if raw.count == 4 || raw.count == 5, raw[0] == UInt8(ascii: "t") || raw[0] == UInt8(ascii: "f"),
                        let flag = SQLValueFormat.parseBoolean(raw)
                    {
                        output.append(flag ? UInt8(ascii: "1") : UInt8(ascii: "0"))
                    } else {
                        appendEscaped(raw)
                    }
                default:
                    appendEscaped(raw)
                }
                return nil
            }
            if let failure { throw failure }
        }
        output.append(0x0A)
    }

    /// Whether `field` is `\x` followed by an even number of hex digits.
    static func isHexField(_ field: UnsafeRawBufferPointer) -> Bool {
        guard field.count >= 2, field.count % 2 == 0, field[0] == UInt8(ascii: "\\"),
            field[1] == UInt8(ascii: "x") || field[1] == UInt8(ascii: "X")
        else { return false }
        for byte in field.dropFirst(2) {
            switch byte {
            case 48...57, 97...102, 65...70: continue
            default: return false
            }
        }
        return true
    }
}
