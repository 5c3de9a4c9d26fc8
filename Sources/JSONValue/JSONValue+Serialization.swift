import Foundation

extension JSONValue {
    /// The JSON text for this value.
    ///
    /// Compact output has no spaces (`{"a":1,"b":[true,null]}`), as AWS Step Functions prints payloads; pretty
    /// output indents by two spaces. Strings escape only what JSON requires (quote, backslash, control
    /// characters); other characters are written as they are. Doubles are written as Java's `Double.toString`
    /// writes them, which is what AWS returns: `1.0`, `0.001`, `1.0E7`, `1.0E-4`.
    public func serialized(pretty: Bool = false) -> String {
        var out: [UInt8] = []
        out.reserveCapacity(64)
        write(to: &out, pretty: pretty, indent: 0)
        return String(decoding: out, as: UTF8.self)
    }

    /// Appends the compact JSON text for this value to `out`.
    public func write(to out: inout [UInt8]) {
        write(to: &out, pretty: false, indent: 0)
    }

    private func write(to out: inout [UInt8], pretty: Bool, indent: Int) {
        switch self {
        case .null: out.append(contentsOf: "null".utf8)
        case .bool(let b): out.append(contentsOf: (b ? "true" : "false").utf8)
        case .integer(let i): out.append(contentsOf: String(i).utf8)
        case .double(let d): out.append(contentsOf: JSONValue.javaString(d).utf8)
        case .string(let s): JSONValue.writeString(s, to: &out)
        case .array(let a):
            if a.isEmpty {
                out.append(contentsOf: "[]".utf8)
                return
            }
            out.append(UInt8(ascii: "["))
            for (i, element) in a.enumerated() {
                if i > 0 { out.append(UInt8(ascii: ",")) }
                if pretty { newline(&out, indent + 1) }
                element.write(to: &out, pretty: pretty, indent: indent + 1)
            }
            if pretty { newline(&out, indent) }
            out.append(UInt8(ascii: "]"))
        case .object(let o):
            if o.isEmpty {
                out.append(contentsOf: "{}".utf8)
                return
            }
            out.append(UInt8(ascii: "{"))
            var first = true
            for (key, value) in o {
                if !first { out.append(UInt8(ascii: ",")) }
                first = false
                if pretty { newline(&out, indent + 1) }
                JSONValue.writeString(key, to: &out)
                out.append(UInt8(ascii: ":"))
                if pretty { out.append(UInt8(ascii: " ")) }
                value.write(to: &out, pretty: pretty, indent: indent + 1)
            }
            if pretty { newline(&out, indent) }
            out.append(UInt8(ascii: "}"))
        }
    }

    private func newline(_ out: inout [UInt8], _ indent: Int) {
        out.append(0x0A)
        out.append(contentsOf: repeatElement(UInt8(ascii: " "), count: indent * 2))
    }

    private static let hexDigits = Array("0123456789abcdef".utf8)

    /// Appends `s` as a quoted JSON string.
    static func writeString(_ s: String, to out: inout [UInt8]) {
        out.append(UInt8(ascii: "\""))
        for byte in s.utf8 {
            switch byte {
            case UInt8(ascii: "\""): out.append(contentsOf: [UInt8(ascii: "\\"), UInt8(ascii: "\"")])
            case UInt8(ascii: "\\"): out.append(contentsOf: [UInt8(ascii: "\\"), UInt8(ascii: "\\")])
            case 0x0A: out.append(contentsOf: [UInt8(ascii: "\\"), UInt8(ascii: "n")])
            case 0x0D: out.append(contentsOf: [UInt8(ascii: "\\"), UInt8(ascii: "r")])
            case 0x09: out.append(contentsOf: [UInt8(ascii: "\\"), UInt8(ascii: "t")])
            case 0x08: out.append(contentsOf: [UInt8(ascii: "\\"), UInt8(ascii: "b")])
            case 0x0C: out.append(contentsOf: [UInt8(ascii: "\\"), UInt8(ascii: "f")])
            case 0..<0x20:
                out.append(contentsOf: "\\u00".utf8)
                out.append(hexDigits[Int(byte >> 4)])
                out.append(hexDigits[Int(byte & 0xF)])
            default: out.append(byte)
            }
        }
        out.append(UInt8(ascii: "\""))
    }

    /// Formats a double as Java's `Double.toString` does (shortest round-tripping digits).
    ///
    /// Magnitudes in [10^-3, 10^7) print in plain notation with at least one fractional digit (`100.0`,
    /// `0.001`); others in computerized scientific notation (`1.0E7`, `1.234E-5`). Non-finite values, which
    /// JSON cannot carry, print as `null`.
    public static func javaString(_ d: Double) -> String {
        guard d.isFinite else { return "null" }
        if d == 0 { return d.sign == .minus ? "-0.0" : "0.0" }
        // Swift's description yields the shortest round-tripping digits; take them apart.
        let (digits, exponent) = decimalDigits(of: abs(d))
        let sign = d < 0 ? "-" : ""
        let magnitude = abs(d)
        if magnitude >= 1e-3 && magnitude < 1e7 {
            // Plain notation; `exponent` is the power of ten of the first digit.
            if exponent >= 0 {
                let intCount = exponent + 1
                let intPart = digits.count >= intCount
                    ? String(digits.prefix(intCount))
                    : digits + String(repeating: "0", count: intCount - digits.count)
                let fraction = digits.count > intCount ? String(digits.dropFirst(intCount)) : "0"
                return sign + intPart + "." + fraction
            } else {
                return sign + "0." + String(repeating: "0", count: -exponent - 1) + digits
            }
        }
        let fraction = digits.count > 1 ? String(digits.dropFirst()) : "0"
        return sign + String(digits.prefix(1)) + "." + fraction + "E" + String(exponent)
    }

    /// The significant digits (no leading or trailing zeros) and the decimal exponent of the first digit.
    private static func decimalDigits(of d: Double) -> (String, Int) {
        let text = d.description  // e.g. "12.5", "1e-05", "1.2345e+20", "100000.0"
        var mantissa = Substring(text)
        var exponent = 0
        if let e = text.firstIndex(where: { $0 == "e" || $0 == "E" }) {
            mantissa = text[..<e]
            exponent = Int(text[text.index(after: e)...])!
        }
        var digits = ""
        var pointOffset: Int? = nil
        for ch in mantissa {
            if ch == "." { pointOffset = digits.count } else { digits.append(ch) }
        }
        let intDigits = pointOffset ?? digits.count
        // Strip leading zeros, adjusting the exponent.
        var leading = 0
        for ch in digits { if ch == "0" { leading += 1 } else { break } }
        digits.removeFirst(leading)
        while digits.hasSuffix("0") { digits.removeLast() }
        if digits.isEmpty { return ("0", 0) }
        let power = exponent + intDigits - 1 - leading
        // Java (JDK 19+ specification, and older JDKs in practice) never settles for one significant digit: it
        // takes the closest two-digit decimal that still rounds to the same double (5e-324 prints as 4.9E-324).
        if digits.count == 1 {
            let twoDigits = String(format: "%.1e", d)
            if Double(twoDigits) == d, let e = twoDigits.firstIndex(of: "e") {
                var candidate = twoDigits[..<e].replacingOccurrences(of: ".", with: "")
                let candidatePower = Int(twoDigits[twoDigits.index(after: e)...])!
                while candidate.hasSuffix("0") { candidate.removeLast() }
                return (candidate.isEmpty ? "0" : candidate, candidatePower)
            }
        }
        return (digits, power)
    }
}
