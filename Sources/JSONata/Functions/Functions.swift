import Foundation
import JSONValue

/// Helpers shared by the evaluator and the standard library.
enum Functions {
    /// JSONata truthiness (`$boolean`), with undefined as false.
    static func boolize(_ value: Value?) -> Bool {
        boolean(value) ?? false
    }

    /// `$boolean`: undefined stays undefined.
    static func boolean(_ value: Value?) -> Bool? {
        guard let value else { return nil }
        switch value {
        case .null: return false
        case .bool(let b): return b
        case .number(let d): return d != 0
        case .string(let s): return !s.isEmpty
        case .object(let o): return !o.isEmpty
        case .function: return false
        case .array(let a):
            if a.items.count == 1 { return boolean(a.items[0]) ?? false }
            return a.items.contains { boolean($0) == true }
        }
    }

    /// `$append`.
    static func append(_ a: Value?, _ b: Value?) -> Value? {
        guard let a else { return b }
        guard let b else { return a }
        var items: [Value]
        if case .array(let x) = a { items = x.items } else { items = [a] }
        if case .array(let y) = b { items.append(contentsOf: y.items) } else { items.append(b) }
        var flags: JArray.Flags = []
        if a.isSequence || !a.isArray { flags.insert(.sequence) }
        return .array(JArray(items, flags: flags))
    }

    /// A stable merge sort; `swap(a, b)` says whether `a` must come after `b`.
    static func mergeSort<T>(_ items: [T], _ swap: (T, T) throws -> Bool) throws -> [T] {
        if items.count <= 1 { return items }
        var source = items
        var buffer = items
        var width = 1
        let n = items.count
        while width < n {
            var start = 0
            while start < n {
                let mid = min(start + width, n)
                let end = min(start + 2 * width, n)
                var l = start
                var r = mid
                var k = start
                while l < mid && r < end {
                    if try swap(source[l], source[r]) {
                        buffer[k] = source[r]
                        r += 1
                    } else {
                        buffer[k] = source[l]
                        l += 1
                    }
                    k += 1
                }
                while l < mid {
                    buffer[k] = source[l]
                    l += 1
                    k += 1
                }
                while r < end {
                    buffer[k] = source[r]
                    r += 1
                    k += 1
                }
                start += 2 * width
            }
            swapAt(&source, &buffer)
            width *= 2
        }
        return source
    }

    private static func swapAt<T>(_ a: inout [T], _ b: inout [T]) {
        let t = a
        a = b
        b = t
    }

    /// The object a regex matcher returns: `{match, start, end, groups}`.
    static func matchObject(_ match: RegexBox.Match?) -> Value? {
        guard let match else { return nil }
        return .object([
            "match": .string(match.match), "start": .number(Double(match.start)),
            "end": .number(Double(match.end)), "groups": .plainArray(match.groups.map { .string($0) }),
        ])
    }

    // MARK: Strings

    /// `$string`: strings as they are, other values as JSON with numbers to 15 significant digits.
    static func string(_ value: Value, pretty: Bool = false) throws -> String {
        switch value {
        case .string(let s): return s
        case .function: return ""
        case .number(let d):
            guard d.isFinite else { throw JSONataError("D3001", value: value) }
            return jsNumber(precision15(d))
        default:
            var out = ""
            var v = value
            if case .array(let a) = value, a.flags.contains(.outerWrapper), let first = a.items.first { v = first }
            try writeJSON(v, to: &out, pretty: pretty, indent: 0, precise: true)
            return out
        }
    }

    /// The JSON text used in error messages.
    static func displayString(_ value: Value) -> String {
        var out = ""
        try? writeJSON(value, to: &out, pretty: false, indent: 0, precise: false)
        return out
    }

    static func precision15(_ d: Double) -> Double {
        if d.rounded() == d { return d }
        return Double(String(format: "%.14e", d)) ?? d
    }

    static func writeJSON(_ value: Value, to out: inout String, pretty: Bool, indent: Int, precise: Bool) throws {
        switch value {
        case .null: out += "null"
        case .bool(let b): out += b ? "true" : "false"
        case .number(let d):
            if !d.isFinite {
                out += "null"
            } else {
                out += jsNumber(precise ? precision15(d) : d)
            }
        case .string(let s): writeString(s, to: &out)
        case .function: out += "\"\""
        case .array(let a):
            if a.items.isEmpty {
                out += "[]"
                return
            }
            out += "["
            for (i, item) in a.items.enumerated() {
                if i > 0 { out += "," }
                if pretty { out += "\n" + String(repeating: " ", count: indent + 2) }
                try writeJSON(item, to: &out, pretty: pretty, indent: indent + 2, precise: precise)
            }
            if pretty { out += "\n" + String(repeating: " ", count: indent) }
            out += "]"
        case .object(let o):
            if o.isEmpty {
                out += "{}"
                return
            }
            out += "{"
            for (i, (k, v)) in o.enumerated() {
                if i > 0 { out += "," }
                if pretty { out += "\n" + String(repeating: " ", count: indent + 2) }
                writeString(k, to: &out)
                out += pretty ? ": " : ":"
                try writeJSON(v, to: &out, pretty: pretty, indent: indent + 2, precise: precise)
            }
            if pretty { out += "\n" + String(repeating: " ", count: indent) }
            out += "}"
        }
    }

    static func writeString(_ s: String, to out: inout String) {
        out += "\""
        for scalar in s.unicodeScalars {
            switch scalar {
            case "\"": out += "\\\""
            case "\\": out += "\\\\"
            case "\n": out += "\\n"
            case "\r": out += "\\r"
            case "\t": out += "\\t"
            case "\u{08}": out += "\\b"
            case "\u{0C}": out += "\\f"
            default:
                if scalar.value < 0x20 {
                    let hex = String(scalar.value, radix: 16)
                    out += "\\u" + String(repeating: "0", count: 4 - hex.count) + hex
                } else {
                    out.unicodeScalars.append(scalar)
                }
            }
        }
        out += "\""
    }

    /// Formats a number as JavaScript's `Number.prototype.toString` does.
    static func jsNumber(_ d: Double) -> String {
        if d == 0 { return "0" }
        if d.isNaN { return "NaN" }
        if d.isInfinite { return d < 0 ? "-Infinity" : "Infinity" }
        if d.rounded() == d && abs(d) < 1e15 { return String(Int(d)) }
        let negative = d < 0
        let text = "\(abs(d))"
        var mantissa = Substring(text)
        var exponent = 0
        if let e = text.firstIndex(where: { $0 == "e" || $0 == "E" }) {
            mantissa = text[..<e]
            exponent = Int(text[text.index(after: e)...]) ?? 0
        }
        var digits = ""
        var pointPosition = 0
        var seenPoint = false
        for c in mantissa {
            if c == "." {
                seenPoint = true
                continue
            }
            digits.append(c)
            if !seenPoint { pointPosition += 1 }
        }
        while digits.first == "0" {
            digits.removeFirst()
            pointPosition -= 1
        }
        while digits.last == "0" { digits.removeLast() }
        let k = digits.count
        let n = pointPosition + exponent
        var out = negative ? "-" : ""
        if k <= n && n <= 21 {
            out += digits + String(repeating: "0", count: n - k)
        } else if 0 < n && n <= 21 {
            let idx = digits.index(digits.startIndex, offsetBy: n)
            out += digits[..<idx] + "." + digits[idx...]
        } else if -6 < n && n <= 0 {
            out += "0." + String(repeating: "0", count: -n) + digits
        } else {
            let e = n - 1
            let first = digits.prefix(1)
            let rest = digits.dropFirst()
            out += first + (rest.isEmpty ? "" : "." + rest) + "e" + (e < 0 ? "-" : "+") + String(abs(e))
        }
        return out
    }

    /// The Unicode scalars of a string (JavaScript's `Array.from(str)`).
    static func codePoints(_ s: String) -> [Unicode.Scalar] { Array(s.unicodeScalars) }

    static func fromCodePoints<C: Collection>(_ c: C) -> String where C.Element == Unicode.Scalar {
        var s = String.UnicodeScalarView()
        s.append(contentsOf: c)
        return String(s)
    }
}
