internal import CivilCalendar

/// Reads PostgreSQL's binary wire format (what ``PostgreSQLSession`` asks for, for these types) into Ferry's canonical
/// value forms (see ``SQLRowBatch``), and maps PostgreSQL types to ``SQLType``s.
///
/// | PostgreSQL | ``SQLType`` | canonical bytes |
/// |---|---|---|
/// | `smallint`, `integer`, `bigint`, `oid` | integer(16/32/64; oid unsigned 32) | decimal digits |
/// | `numeric(p,s)` | decimal(p,s); unconstrained `numeric` → decimal(65,30) | PostgreSQL's exact text (`NaN`, `Infinity`) |
/// | `real`, `double precision` | float, double | shortest round-trip text, `Infinity`, `-Infinity`, `NaN` |
/// | `text`, `name`, `xml`, `"char"`, `unknown`, `void` | text | the UTF-8 text (`void` is empty) |
/// | `character(n)`, `character varying(n)` | char(n), varchar(n) (text without a length) | the text (`char` keeps its padding) |
/// | `bytea` | blob | the raw bytes (CSV: `\x` + hex) |
/// | `date` | date | `YYYY-MM-DD` (`infinity`, `-infinity`; years before 1 as `YYYY-MM-DD BC`) |
/// | `time(p)` | time(p) (p = 6 without a modifier) | `HH:MM:SS[.ffffff]`, p fraction digits |
/// | `timetz(p)` | time(p) | `HH:MM:SS[.ffffff]` + `Z` or `±HH:MM[:SS]`, the value's own offset |
/// | `timestamp(p)` | timestamp(p) | `YYYY-MM-DDTHH:MM:SS[.ffffff]` |
/// | `timestamptz(p)` | timestamptz(p) | the same in UTC + `Z` |
/// | `boolean` | boolean | `true` / `false` |
/// | `json`, `jsonb` | json | the document's text (`jsonb` as PostgreSQL normalises it) |
/// | `uuid` | char(36) | lowercase `8-4-4-4-12` |
/// | `interval` | text | PostgreSQL's default output (`1 year 2 mons 3 days 04:05:06.5`) |
///
/// Every other type (arrays, ranges, geometric, network, `money`, composite and extension types) is
/// ``Kind/unsupported(oid:)`` here: the session asks the server for those columns in text format instead, and
/// reports them as text in PostgreSQL's own text form.
enum PostgreSQLValueDecoder {
    /// How one result column is decoded.
    enum Kind: Sendable, Hashable {
        case int2, int4, int8, oid
        case numeric
        case float4, float8
        case text
        case jsonb
        case bytea
        case bool
        case date
        case time(precision: Int)
        case timetz(precision: Int)
        case timestamp(precision: Int, utc: Bool)
        case uuid
        case interval
        case unsupported(oid: UInt32)
    }

    /// Well-known type OIDs (from `pg_type.dat`; stable across PostgreSQL versions).
    enum OID {
        static let bool: UInt32 = 16, bytea: UInt32 = 17, char: UInt32 = 18, name: UInt32 = 19, int8: UInt32 = 20
        static let int2: UInt32 = 21, int4: UInt32 = 23, text: UInt32 = 25, oid: UInt32 = 26, json: UInt32 = 114
        static let xml: UInt32 = 142, float4: UInt32 = 700, float8: UInt32 = 701, unknown: UInt32 = 705
        static let bpchar: UInt32 = 1042, varchar: UInt32 = 1043, date: UInt32 = 1082, time: UInt32 = 1083
        static let timestamp: UInt32 = 1114, timestamptz: UInt32 = 1184, interval: UInt32 = 1186
        static let timetz: UInt32 = 1266, numeric: UInt32 = 1700, uuid: UInt32 = 2950, jsonb: UInt32 = 3802
        static let void: UInt32 = 2278
    }

    /// The decoding kind and Ferry type for a result column.
    ///
    /// - Parameters:
    ///   - oid: The column's type OID.
    ///   - typeModifier: Its `atttypmod` (-1 when none).
    /// - Returns: How to decode it and the ``SQLType`` to report.
    static func column(oid: UInt32, typeModifier: Int32) -> (kind: Kind, type: SQLType) {
        let mod = Int(typeModifier)
        func precision() -> Int { mod >= 0 ? min(mod, 6) : 6 }
        switch oid {
        case OID.bool: return (.bool, .boolean)
        case OID.int2: return (.int2, .integer(bits: 16, isSigned: true))
        case OID.int4: return (.int4, .integer(bits: 32, isSigned: true))
        case OID.int8: return (.int8, .integer(bits: 64, isSigned: true))
        case OID.oid: return (.oid, .integer(bits: 32, isSigned: false))
        case OID.numeric:
            guard mod >= 4 else { return (.numeric, .decimal(precision: 65, scale: 30)) }
            let precision = ((mod - 4) >> 16) & 0xFFFF
            let scale = (((mod - 4) & 0x7FF) ^ 1024) - 1024
            return (.numeric, .decimal(precision: precision, scale: max(scale, 0)))
        case OID.float4: return (.float4, .float)
        case OID.float8: return (.float8, .double)
        case OID.text, OID.name, OID.xml, OID.char, OID.unknown, OID.void: return (.text, .text)
        case OID.bpchar: return (.text, mod >= 4 ? .char(length: mod - 4) : .text)
        case OID.varchar: return (.text, mod >= 4 ? .varchar(length: mod - 4) : .text)
        case OID.json: return (.text, .json)
        case OID.jsonb: return (.jsonb, .json)
        case OID.bytea: return (.bytea, .blob)
        case OID.date: return (.date, .date)
        case OID.time: return (.time(precision: precision()), .time(precision: precision()))
        case OID.timetz: return (.timetz(precision: precision()), .time(precision: precision()))
        case OID.timestamp:
            return (.timestamp(precision: precision(), utc: false), .timestamp(precision: precision(), hasTimeZone: false))
        case OID.timestamptz:
            return (.timestamp(precision: precision(), utc: true), .timestamp(precision: precision(), hasTimeZone: true))
        case OID.uuid: return (.uuid, .char(length: 36))
        case OID.interval: return (.interval, .text)
        default: return (.unsupported(oid: oid), .text)
        }
    }

    /// Decodes one non-NULL binary value and appends its canonical bytes as the next field of `builder`.
    ///
    /// - Returns: `false` when the bytes do not have the type's binary layout (or the type is unsupported).
    static func append(_ raw: UnsafeRawBufferPointer, kind: Kind, to builder: inout SQLRowBatchBuilder) -> Bool {
        switch kind {
        case .text, .bytea:
            builder.append(raw)
        case .int2:
            guard raw.count == 2 else { return false }
            builder.appendInteger(Int64(Int16(bitPattern: bigEndian(raw, 2).low16)))
        case .int4:
            guard raw.count == 4 else { return false }
            builder.appendInteger(Int64(Int32(bitPattern: UInt32(truncatingIfNeeded: bigEndian(raw, 4)))))
        case .int8:
            guard raw.count == 8 else { return false }
            builder.appendInteger(Int64(bitPattern: bigEndian(raw, 8)))
        case .oid:
            guard raw.count == 4 else { return false }
            builder.appendUnsigned(bigEndian(raw, 4))
        case .bool:
            guard raw.count == 1 else { return false }
            builder.appendText(raw[0] != 0 ? "true" : "false")
        case .float4:
            guard raw.count == 4 else { return false }
            builder.appendText(SQLValueFormat.floatText(Float(bitPattern: UInt32(truncatingIfNeeded: bigEndian(raw, 4)))))
        case .float8:
            guard raw.count == 8 else { return false }
            builder.appendText(SQLValueFormat.doubleText(Double(bitPattern: bigEndian(raw, 8))))
        case .jsonb:
            guard raw.count >= 1, raw[0] == 1 else { return false }
            builder.append(UnsafeRawBufferPointer(rebasing: raw[1...]))
        case .numeric:
            guard appendNumeric(raw, to: &builder.bytes) else { return false }
            builder.endField()
        case .date:
            guard raw.count == 4 else { return false }
            appendDate(Int32(bitPattern: UInt32(truncatingIfNeeded: bigEndian(raw, 4))), to: &builder.bytes)
            builder.endField()
        case .time(let precision):
            guard raw.count == 8 else { return false }
            appendTimeOfDay(Int64(bitPattern: bigEndian(raw, 8)), precision: precision, to: &builder.bytes)
            builder.endField()
        case .timetz(let precision):
            guard raw.count == 12 else { return false }
            let micros = Int64(bitPattern: bigEndian(UnsafeRawBufferPointer(rebasing: raw[0..<8]), 8))
            // PostgreSQL stores the zone as seconds *west* of UTC; ISO 8601 offsets are east-positive.
            let west = Int(Int32(bitPattern: UInt32(truncatingIfNeeded: bigEndian(UnsafeRawBufferPointer(rebasing: raw[8..<12]), 4))))
            appendTimeOfDay(micros, precision: precision, to: &builder.bytes)
            appendOffset(seconds: -west, to: &builder.bytes)
            builder.endField()
        case .timestamp(let precision, let utc):
            guard raw.count == 8 else { return false }
            appendTimestamp(Int64(bitPattern: bigEndian(raw, 8)), precision: precision, utc: utc, to: &builder.bytes)
            builder.endField()
        case .uuid:
            guard raw.count == 16 else { return false }
            appendUUID(raw, to: &builder.bytes)
            builder.endField()
        case .interval:
            guard raw.count == 16 else { return false }
            let micros = Int64(bitPattern: bigEndian(UnsafeRawBufferPointer(rebasing: raw[0..<8]), 8))
            let days = Int32(bitPattern: UInt32(truncatingIfNeeded: bigEndian(UnsafeRawBufferPointer(rebasing: raw[8..<12]), 4)))
            let months = Int32(bitPattern: UInt32(truncatingIfNeeded: bigEndian(UnsafeRawBufferPointer(rebasing: raw[12..<16]), 4)))
            builder.appendText(intervalText(micros: micros, days: Int(days), months: Int(months)))
        case .unsupported:
            return false
        }
        return true
    }

    @inline(__always)
    private static func bigEndian(_ raw: UnsafeRawBufferPointer, _ count: Int) -> UInt64 {
        var value: UInt64 = 0
        for i in 0..<count { value = value << 8 | UInt64(raw[i]) }
        return value
    }

    // PostgreSQL's epoch is 2000-01-01; day number 10957 since 1970-01-01.
    private static let epochDays = 10957
    private static let microsPerDay: Int64 = 86_400_000_000

    static func appendDate(_ days: Int32, to out: inout [UInt8]) {
        if days == .max { return SQLValueFormat.appendText("infinity", to: &out) }
        if days == .min { return SQLValueFormat.appendText("-infinity", to: &out) }
        let date = CivilDate(daysSinceEpoch: Int(days) + epochDays)
        appendCivilDate(date, to: &out)
        if date.year < 1 { SQLValueFormat.appendText(" BC", to: &out) }
    }

    /// `YYYY-MM-DD`; astronomical year 0 is 1 BC, as PostgreSQL writes it (the caller adds ` BC`).
    private static func appendCivilDate(_ date: CivilDate, to out: inout [UInt8]) {
        SQLValueFormat.appendDate(year: date.year >= 1 ? date.year : 1 - date.year, month: date.month, day: date.day, to: &out)
    }

    static func appendTimeOfDay(_ micros: Int64, precision: Int, to out: inout [UInt8]) {
        let seconds = Int(micros / 1_000_000)
        SQLValueFormat.appendTime(
            hour: seconds / 3600, minute: seconds / 60 % 60, second: seconds % 60,
            microseconds: Int(micros % 1_000_000), precision: precision, to: &out)
    }

    static func appendOffset(seconds: Int, to out: inout [UInt8]) {
        if seconds == 0 { return out.append(UInt8(ascii: "Z")) }
        out.append(seconds < 0 ? UInt8(ascii: "-") : UInt8(ascii: "+"))
        let magnitude = abs(seconds)
        SQLValueFormat.appendPadded(magnitude / 3600, width: 2, to: &out)
        out.append(UInt8(ascii: ":"))
        SQLValueFormat.appendPadded(magnitude / 60 % 60, width: 2, to: &out)
        if magnitude % 60 != 0 {
            out.append(UInt8(ascii: ":"))
            SQLValueFormat.appendPadded(magnitude % 60, width: 2, to: &out)
        }
    }

    static func appendTimestamp(_ micros: Int64, precision: Int, utc: Bool, to out: inout [UInt8]) {
        if micros == .max { return SQLValueFormat.appendText("infinity", to: &out) }
        if micros == .min { return SQLValueFormat.appendText("-infinity", to: &out) }
        var days = micros / microsPerDay
        var time = micros % microsPerDay
        if time < 0 {
            time += microsPerDay
            days -= 1
        }
        let date = CivilDate(daysSinceEpoch: Int(days) + epochDays)
        appendCivilDate(date, to: &out)
        out.append(UInt8(ascii: "T"))
        appendTimeOfDay(time, precision: precision, to: &out)
        if utc { out.append(UInt8(ascii: "Z")) }
        if date.year < 1 { SQLValueFormat.appendText(" BC", to: &out) }
    }

    private static let hexDigits: [UInt8] = Array("0123456789abcdef".utf8)

    static func appendUUID(_ raw: UnsafeRawBufferPointer, to out: inout [UInt8]) {
        for i in 0..<16 {
            if i == 4 || i == 6 || i == 8 || i == 10 { out.append(UInt8(ascii: "-")) }
            out.append(hexDigits[Int(raw[i] >> 4)])
            out.append(hexDigits[Int(raw[i] & 0x0F)])
        }
    }

    /// Writes a binary `numeric` as PostgreSQL's text output: exact digits, `dscale` fraction digits.
    ///
    /// Layout: `ndigits`, `weight` (of the first base-10000 digit), `sign` (0x0000 +, 0x4000 −, 0xC000 NaN,
    /// 0xD000 +Infinity, 0xF000 −Infinity), `dscale`, then `ndigits` base-10000 digits; all 16-bit big-endian.
    static func appendNumeric(_ raw: UnsafeRawBufferPointer, to out: inout [UInt8]) -> Bool {
        guard raw.count >= 8 else { return false }
        func word(_ i: Int) -> Int { Int(raw[i]) << 8 | Int(raw[i + 1]) }
        let ndigits = word(0)
        let weight = Int(Int16(truncatingIfNeeded: word(2)))
        let sign = word(4)
        let dscale = word(6)
        guard raw.count == 8 + 2 * ndigits else { return false }
        switch sign {
        case 0xC000: SQLValueFormat.appendText("NaN", to: &out); return true
        case 0xD000: SQLValueFormat.appendText("Infinity", to: &out); return true
        case 0xF000: SQLValueFormat.appendText("-Infinity", to: &out); return true
        case 0x0000, 0x4000: break
        default: return false
        }
        func digit(_ index: Int) -> Int { index >= 0 && index < ndigits ? word(8 + 2 * index) : 0 }
        if sign == 0x4000 { out.append(UInt8(ascii: "-")) }
        // Integer part: base-10000 digits 0...weight.
        if weight < 0 {
            out.append(UInt8(ascii: "0"))
        } else {
            for index in 0...weight {
                let d = digit(index)
                if index == 0 {
                    SQLValueFormat.appendUnsigned(UInt64(d), to: &out)
                } else {
                    SQLValueFormat.appendPadded(d, width: 4, to: &out)
                }
            }
        }
        if dscale > 0 {
            out.append(UInt8(ascii: "."))
            var written = 0
            var index = weight + 1
            while written < dscale {
                var d = digit(index)
                var divisor = 1000
                for _ in 0..<4 where written < dscale {
                    out.append(UInt8(d / divisor) &+ 48)
                    d %= divisor
                    divisor /= 10
                    written += 1
                }
                index += 1
            }
        }
        return true
    }

    /// An interval in PostgreSQL's default `postgres` output style, e.g. `1 year 2 mons -3 days +04:05:06.5`.
    static func intervalText(micros: Int64, days: Int, months: Int) -> String {
        var parts: [String] = []
        var isBefore = false
        func add(_ value: Int, _ unit: String) {
            guard value != 0 else { return }
            parts.append("\(isBefore && value > 0 ? "+" : "")\(value) \(unit)\(value == 1 ? "" : "s")")
            isBefore = value < 0
        }
        add(months / 12, "year")
        add(months % 12, "mon")
        add(days, "day")
        if parts.isEmpty || micros != 0 {
            let negative = micros < 0
            let magnitude = micros.magnitude
            let seconds = magnitude / 1_000_000
            var text = negative ? "-" : (isBefore ? "+" : "")
            var clock: [UInt8] = []
            SQLValueFormat.appendPadded(Int(seconds / 3600), width: 2, to: &clock)
            clock.append(UInt8(ascii: ":"))
            SQLValueFormat.appendPadded(Int(seconds / 60 % 60), width: 2, to: &clock)
            clock.append(UInt8(ascii: ":"))
            SQLValueFormat.appendPadded(Int(seconds % 60), width: 2, to: &clock)
            var fraction = Int(magnitude % 1_000_000)
            if fraction != 0 {
                var digits = 6
                while fraction % 10 == 0 {
                    fraction /= 10
                    digits -= 1
                }
                clock.append(UInt8(ascii: "."))
                SQLValueFormat.appendPadded(fraction, width: digits, to: &clock)
            }
            text += String(decoding: clock, as: UTF8.self)
            parts.append(text)
        }
        return parts.joined(separator: " ")
    }
}

extension UInt64 {
    fileprivate var low16: UInt16 { UInt16(truncatingIfNeeded: self) }
}
