internal import CivilCalendar

/// Byte-level formatting and parsing of SQL values in their canonical text forms (shared by every connector).
///
/// Canonical forms: integers in decimal; floats as the shortest text that round-trips (`Infinity`, `-Infinity`,
/// `NaN` for the specials, `-0.0` kept); dates `YYYY-MM-DD`; times `[-]HH:MM:SS[.ffffff]`; timestamps
/// `YYYY-MM-DDTHH:MM:SS[.ffffff]` with a trailing `Z` when the type is time-zone aware; booleans `true`/`false`;
/// binary in CSV as `\x` followed by lowercase hex (PostgreSQL's `bytea` hex format).
enum SQLValueFormat {
    private static let hexDigits: [UInt8] = Array("0123456789abcdef".utf8)

    /// Appends the decimal digits of `value`.
    @inline(__always)
    static func appendInteger(_ value: Int64, to out: inout [UInt8]) {
        if value < 0 {
            out.append(UInt8(ascii: "-"))
            appendUnsigned(value.magnitude, to: &out)
        } else {
            appendUnsigned(UInt64(value), to: &out)
        }
    }

    /// Appends the decimal digits of `value`.
    @inline(__always)
    static func appendUnsigned(_ value: UInt64, to out: inout [UInt8]) {
        if value < 10 {
            out.append(UInt8(truncatingIfNeeded: value) &+ 48)
            return
        }
        var digits: (UInt64, UInt64, UInt64) = (0, 0, 0)  // 24 bytes of scratch, enough for 20 digits
        withUnsafeMutableBytes(of: &digits) { raw in
            var v = value
            var i = raw.count
            while v > 0 {
                i -= 1
                raw[i] = UInt8(truncatingIfNeeded: v % 10) &+ 48
                v /= 10
            }
            out.append(contentsOf: UnsafeRawBufferPointer(rebasing: raw[i...]))
        }
    }

    /// Appends `value` as `width` zero-padded digits.
    @inline(__always)
    static func appendPadded(_ value: Int, width: Int, to out: inout [UInt8]) {
        if width == 2, value >= 0, value < 100 {
            appendScratch(2, to: &out) { put2(value, $0, 0) }
            return
        }
        if width == 4, value >= 0, value < 10_000 {
            appendScratch(4, to: &out) {
                put2(value / 100, $0, 0)
                put2(value % 100, $0, 2)
            }
            return
        }
        var divisor = 1
        for _ in 1..<width { divisor *= 10 }
        var v = value
        if v >= divisor * 10 {  // does not fit: write it whole
            appendUnsigned(UInt64(v), to: &out)
            return
        }
        while divisor > 0 {
            out.append(UInt8(v / divisor) &+ 48)
            v %= divisor
            divisor /= 10
        }
    }

    /// Lets `body` fill up to 16 bytes of scratch, then appends the first `count` in one go (one capacity check
    /// instead of one per byte).
    @inline(__always)
    private static func appendScratch(
        _ count: Int, to out: inout [UInt8], _ body: (UnsafeMutableRawBufferPointer) -> Void
    ) {
        var scratch: (UInt64, UInt64) = (0, 0)
        withUnsafeMutableBytes(of: &scratch) { raw in
            body(raw)
            out.append(contentsOf: UnsafeRawBufferPointer(rebasing: raw[..<count]))
        }
    }

    /// Writes the two digits of `value` (0...99) at `offset`.
    @inline(__always)
    private static func put2(_ value: Int, _ raw: UnsafeMutableRawBufferPointer, _ offset: Int) {
        raw[offset] = UInt8(truncatingIfNeeded: value / 10) &+ 48
        raw[offset + 1] = UInt8(truncatingIfNeeded: value % 10) &+ 48
    }

    /// The canonical text of a double: shortest round-trip digits, `Infinity`/`-Infinity`/`NaN`.
    static func doubleText(_ value: Double) -> String {
        if value.isNaN { return "NaN" }
        if value.isInfinite { return value < 0 ? "-Infinity" : "Infinity" }
        return value.description
    }

    /// The canonical text of a float: shortest digits that round-trip through `Float`.
    static func floatText(_ value: Float) -> String {
        if value.isNaN { return "NaN" }
        if value.isInfinite { return value < 0 ? "-Infinity" : "Infinity" }
        return value.description
    }

    /// Appends UTF-8 of a short string.
    @inline(__always)
    static func appendText(_ text: String, to out: inout [UInt8]) {
        var text = text
        text.withUTF8 { out.append(contentsOf: $0) }
    }

    /// Appends `YYYY-MM-DD`.
    static func appendDate(year: Int, month: Int, day: Int, to out: inout [UInt8]) {
        guard (0..<10_000).contains(year), (0..<100).contains(month), (0..<100).contains(day) else {
            appendPadded(year, width: 4, to: &out)
            out.append(UInt8(ascii: "-"))
            appendPadded(month, width: 2, to: &out)
            out.append(UInt8(ascii: "-"))
            appendPadded(day, width: 2, to: &out)
            return
        }
        appendScratch(10, to: &out) { raw in
            put2(year / 100, raw, 0)
            put2(year % 100, raw, 2)
            raw[4] = UInt8(ascii: "-")
            put2(month, raw, 5)
            raw[7] = UInt8(ascii: "-")
            put2(day, raw, 8)
        }
    }

    /// Appends `HH:MM:SS[.f…]` with `precision` fractional digits taken from `microseconds`.
    static func appendTime(
        hour: Int, minute: Int, second: Int, microseconds: Int, precision: Int, to out: inout [UInt8]
    ) {
        let digits = Swift.min(Swift.max(precision, 0), 6)
        guard (0..<100).contains(hour), (0..<100).contains(minute), (0..<100).contains(second),
            (0..<1_000_000).contains(microseconds)
        else {
            appendPadded(hour, width: 2, to: &out)
            out.append(UInt8(ascii: ":"))
            appendPadded(minute, width: 2, to: &out)
            out.append(UInt8(ascii: ":"))
            appendPadded(second, width: 2, to: &out)
            if digits > 0 {
                out.append(UInt8(ascii: "."))
                var scaled = microseconds
                for _ in digits..<6 { scaled /= 10 }
                appendPadded(scaled, width: digits, to: &out)
            }
            return
        }
        appendScratch(digits > 0 ? 9 + digits : 8, to: &out) { raw in
            put2(hour, raw, 0)
            raw[2] = UInt8(ascii: ":")
            put2(minute, raw, 3)
            raw[5] = UInt8(ascii: ":")
            put2(second, raw, 6)
            raw[8] = UInt8(ascii: ".")
            put2(microseconds / 10_000, raw, 9)
            put2(microseconds / 100 % 100, raw, 11)
            put2(microseconds % 100, raw, 13)
        }
    }

    /// Appends `\x` and the lowercase hex of `bytes`.
    static func appendHexField(_ bytes: UnsafeRawBufferPointer, to out: inout [UInt8]) {
        let start = out.count
        out.append(contentsOf: repeatElement(0, count: 2 + 2 * bytes.count))
        out.withUnsafeMutableBufferPointer { buffer in
            buffer[start] = UInt8(ascii: "\\")
            buffer[start + 1] = UInt8(ascii: "x")
            hexDigits.withUnsafeBufferPointer { hex in
                var index = start + 2
                for byte in bytes {
                    buffer[index] = hex[Int(byte >> 4)]
                    buffer[index + 1] = hex[Int(byte & 0x0F)]
                    index += 2
                }
            }
        }
    }

    /// `\x` + hex of `bytes`, as a new array.
    static func hexField(_ bytes: [UInt8]) -> [UInt8] {
        var out: [UInt8] = []
        out.reserveCapacity(2 + bytes.count * 2)
        bytes.withUnsafeBytes { appendHexField($0, to: &out) }
        return out
    }

    @inline(__always)
    private static func hexValue(_ c: UInt8) -> UInt8? {
        switch c {
        case 48...57: c - 48
        case 97...102: c - 87
        case 65...70: c - 55
        default: nil
        }
    }

    /// Decodes a `\x`-prefixed hex field into bytes, appending them to `out`.
    ///
    /// - Returns: `false` when the field is not `\x` followed by an even number of hex digits.
    static func decodeHexField(_ field: UnsafeRawBufferPointer, into out: inout [UInt8]) -> Bool {
        guard field.count >= 2, field.count % 2 == 0, field[0] == UInt8(ascii: "\\"),
            field[1] == UInt8(ascii: "x") || field[1] == UInt8(ascii: "X")
        else { return false }
        var i = 2
        while i < field.count {
            guard let high = hexValue(field[i]), let low = hexValue(field[i + 1]) else { return false }
            out.append(high << 4 | low)
            i += 2
        }
        return true
    }

    /// Parses a canonical boolean or integer-like boolean: `true`/`false`, `t`/`f`, `1`/`0`, `yes`/`no`.
    static func parseBoolean(_ field: UnsafeRawBufferPointer) -> Bool? {
        switch String(decoding: field, as: UTF8.self).lowercased() {
        case "true", "t", "1", "yes", "y", "on": true
        case "false", "f", "0", "no", "n", "off": false
        default: nil
        }
    }

    /// Normalises an ISO 8601 timestamp for a server without time-zone literals: a `T` separator becomes a space
    /// and a trailing `Z`/`±HH[:MM]` offset is removed after converting the value to UTC.
    ///
    /// - Returns: The normalised bytes, or `nil` when a present offset cannot be applied (malformed value).
    static func timestampToUTCWithoutOffset(_ field: UnsafeRawBufferPointer) -> [UInt8]? {
        var bytes = Array(field)
        if bytes.count > 10, bytes[10] == UInt8(ascii: "T") { bytes[10] = UInt8(ascii: " ") }
        guard let last = bytes.last else { return bytes }
        if last == UInt8(ascii: "Z") || last == UInt8(ascii: "z") {
            bytes.removeLast()
            return bytes
        }
        // Look for an offset after the time part (position > 10 so the date's dashes are not taken for one).
        var signIndex: Int?
        var i = bytes.count - 1
        while i > 10 {
            if bytes[i] == UInt8(ascii: "+") || bytes[i] == UInt8(ascii: "-") { signIndex = i; break }
            i -= 1
        }
        guard let signIndex else { return bytes }
        let offsetText = String(decoding: bytes[(signIndex + 1)...], as: UTF8.self).replacing(":", with: "")
        guard offsetText.count == 2 || offsetText.count == 4, let number = Int(offsetText) else { return nil }
        let minutes = offsetText.count == 2 ? number * 60 : (number / 100) * 60 + number % 100
        let signedMinutes = bytes[signIndex] == UInt8(ascii: "-") ? -minutes : minutes
        var body = Array(bytes[..<signIndex])
        if signedMinutes == 0 { return body }
        // Parse YYYY-MM-DD HH:MM and shift by the offset.
        guard body.count >= 16,
            let year = Int(String(decoding: body[0..<4], as: UTF8.self)),
            let month = Int(String(decoding: body[5..<7], as: UTF8.self)),
            let day = Int(String(decoding: body[8..<10], as: UTF8.self)),
            let hour = Int(String(decoding: body[11..<13], as: UTF8.self)),
            let minute = Int(String(decoding: body[14..<16], as: UTF8.self))
        else { return nil }
        var total = CivilDate(year: year, month: month, day: day).daysSinceEpoch * 1440 + hour * 60 + minute - signedMinutes
        let dayNumber = total >= 0 ? total / 1440 : (total - 1439) / 1440
        total -= dayNumber * 1440
        let date = CivilDate(daysSinceEpoch: dayNumber)
        var head: [UInt8] = []
        appendDate(year: date.year, month: date.month, day: date.day, to: &head)
        head.append(UInt8(ascii: " "))
        appendPadded(total / 60, width: 2, to: &head)
        head.append(UInt8(ascii: ":"))
        appendPadded(total % 60, width: 2, to: &head)
        body.replaceSubrange(0..<16, with: head)
        return body
    }
}
