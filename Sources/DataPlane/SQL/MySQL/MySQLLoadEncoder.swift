/// Re-encodes Ferry CSV records into MySQL's native `LOAD DATA` text format, which (unlike CSV in MySQL) keeps
/// NULL and the empty string apart and carries any byte exactly.
///
/// Output format (MySQL's defaults, `CHARACTER SET binary`): fields separated by TAB, rows ended by LF, `\N` for
/// NULL, and `\\`, `\t`, `\n`, `\r`, `\0` escaped. Per target column: binary fields are decoded from `\x` hex to raw
/// bytes; `true`/`false` become `1`/`0` for integer and boolean columns; timestamps lose their `T` and any `Z`/offset
/// (converted to UTC — Ferry's MySQL sessions run in UTC).
struct MySQLLoadEncoder: SQLLoadEncoder {
    let kinds: [SQLLoadField]
    let names: [String]
    let connection: String
    private var scratch: [UInt8] = []
    private(set) var output: [UInt8] = []

    init(kinds: [SQLLoadField], names: [String], connection: String) {
        self.kinds = kinds
        self.names = names
        self.connection = connection
        output.reserveCapacity(300 * 1024)
    }

    mutating func take() -> [UInt8] {
        let out = output
        output = []
        output.reserveCapacity(300 * 1024)
        return out
    }

    @inline(__always)
    private mutating func appendEscaped(_ field: UnsafeRawBufferPointer) {
        var start = 0
        var i = 0
        let count = field.count
        while i < count {
            let byte = field[i]
            let escape: UInt8
            switch byte {
            case 0x5C: escape = 0x5C  // backslash
            case 0x09: escape = UInt8(ascii: "t")
            case 0x0A: escape = UInt8(ascii: "n")
            case 0x0D: escape = UInt8(ascii: "r")
            case 0x00: escape = UInt8(ascii: "0")
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

    mutating func append(_ record: CSVRecord, number: Int) throws(SQLError) {
        for index in 0..<record.count {
            if index > 0 { output.append(0x09) }
            let kind = kinds[index]
            let failure: SQLError? = record.withFieldBytes(at: index) { raw -> SQLError? in
                guard let raw else {
                    output.append(0x5C)
                    output.append(UInt8(ascii: "N"))
                    return nil
                }
                switch kind {
                case .text, .float:
                    appendEscaped(raw)
                case .binary:
                    scratch.removeAll(keepingCapacity: true)
                    guard SQLValueFormat.decodeHexField(raw, into: &scratch) else {
                        return invalidField(
                            record: number, column: names[index], expected: "binary as \\x followed by hex digits",
                            connection: connection)
                    }
                    let bytes = scratch
                    bytes.withUnsafeBytes { appendEscaped($0) }
                case .integer, .boolean:
                    if raw.count == 4 || raw.count == 5, let flag = SQLValueFormat.parseBoolean(raw),
                        raw[0] == UInt8(ascii: "t") || raw[0] == UInt8(ascii: "f")
                    {
                        output.append(flag ? UInt8(ascii: "1") : UInt8(ascii: "0"))
                    } else {
                        appendEscaped(raw)
                    }
                case .timestamp:
                    guard let normalised = SQLValueFormat.timestampToUTCWithoutOffset(raw) else {
                        return invalidField(
                            record: number, column: names[index], expected: "an ISO 8601 timestamp", connection: connection)
                    }
                    normalised.withUnsafeBytes { appendEscaped($0) }
                }
                return nil
            }
            if let failure { throw failure }
        }
        output.append(0x0A)
    }
}
