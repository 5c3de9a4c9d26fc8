import Foundation
import JSONValue

/// `$formatNumber`, `$formatBase`, `$formatInteger` and `$parseInteger`.
enum Formatting {
    static let functions: [NativeFunction] = [
        NativeFunction("formatBase", "<n-n?:s>") { args, _ in
            guard let v = Functions.num(args, 0) else { return nil }
            let value = Functions.round(v, precision: 0)
            var radix = 10
            if let r = Functions.num(args, 1) {
                radix = Int(r)
                if radix < 2 || radix > 36 { throw JSONataError("D3100", value: .number(r)) }
            }
            return .string(String(Int(value), radix: radix))
        },
        NativeFunction("formatInteger", "<n-s:s>") { args, _ in
            guard let v = Functions.num(args, 0), let picture = Functions.str(args, 1) else { return nil }
            return .string(try formatInteger(v.rounded(.down), picture: picture))
        },
        NativeFunction("parseInteger", "<s-s:n>") { args, _ in
            guard let s = Functions.str(args, 0), let picture = Functions.str(args, 1) else { return nil }
            return try parseInteger(s, picture: picture).map { .number(Double($0)) }
        },
        NativeFunction("formatNumber", "<n-so?:s>") { args, _ in
            guard let v = Functions.num(args, 0), let picture = Functions.str(args, 1) else { return nil }
            var options: JObject = [:]
            if case .object(let o)? = Functions.arg(args, 2) { options = o }
            return .string(try NumberPicture.format(v, picture: picture, options: options))
        },
    ]

    // MARK: Integers

    static func formatInteger(_ value: Int, picture: String) throws -> String {
        try formatInteger(Double(value), picture: picture)
    }

    static func formatInteger(_ number: Double, picture fullPicture: String) throws -> String {
        let value = abs(number) < 9.2e18 ? Int(number) : 0
        var picture = fullPicture
        var ordinal = false
        if let semi = picture.lastIndex(of: ";") {
            let modifier = picture[picture.index(after: semi)...]
            ordinal = modifier.hasPrefix("o")
            picture = String(picture[..<semi])
        }
        switch picture {
        case "I": return roman(value)
        case "i": return roman(value).lowercased()
        case "A": return letters(value, base: "A")
        case "a": return letters(value, base: "a")
        case "W": return words(number, ordinal: ordinal).uppercased()
        case "w": return words(number, ordinal: ordinal)
        case "Ww":
            return words(number, ordinal: ordinal).split(separator: " ").map { word in
                word.split(separator: "-", omittingEmptySubsequences: false).map { part in
                    part == "and" ? "and" : part.prefix(1).uppercased() + part.dropFirst()
                }.joined(separator: "-")
            }.joined(separator: " ")
        default: break
        }
        // Decimal digit pattern, possibly with grouping separators.
        let chars = Array(picture)
        var zeroScalar: UInt32 = 48
        var hasDigit = false
        for c in chars {
            if let d = c.unicodeScalars.first, c.isNumber, let digit = c.wholeNumberValue {
                let zero = d.value - UInt32(digit)
                if hasDigit && zero != zeroScalar { throw JSONataError("D3131") }
                zeroScalar = zero
                hasDigit = true
            }
        }
        if !hasDigit && !chars.contains("#") {
            throw JSONataError("D3130", value: .string(picture))
        }
        let mandatory = chars.filter { $0.isNumber }.count
        var digits = String(abs(value))
        if digits.count < mandatory { digits = String(repeating: "0", count: mandatory - digits.count) + digits }
        // Grouping separators: positions counted from the right.
        var separators: [(position: Int, char: Character)] = []
        var count = 0
        for c in chars.reversed() {
            if c.isNumber || c == "#" {
                count += 1
            } else {
                separators.append((count, c))
            }
        }
        var out: [Character] = []
        let digitChars = Array(digits)
        var regular: Int? = nil
        if let first = separators.first, first.position > 0,
            separators.enumerated().allSatisfy({
                $0.element.position == first.position * ($0.offset + 1) && $0.element.char == first.char
            })
        {
            regular = first.position
        }
        for (i, c) in digitChars.reversed().enumerated() {
            if i > 0 {
                if let regular, i % regular == 0 {
                    out.append(separators[0].char)
                } else if regular == nil, let sep = separators.first(where: { $0.position == i }) {
                    out.append(sep.char)
                }
            }
            let scalar = Unicode.Scalar(zeroScalar + UInt32(c.wholeNumberValue!))!
            out.append(Character(scalar))
        }
        var result = String(out.reversed())
        if value < 0 { result = "-" + result }
        if ordinal { result += ordinalSuffix(abs(value)) }
        return result
    }

    static func ordinalSuffix(_ n: Int) -> String {
        let lastTwo = n % 100
        if lastTwo >= 11 && lastTwo <= 13 { return "th" }
        switch n % 10 {
        case 1: return "st"
        case 2: return "nd"
        case 3: return "rd"
        default: return "th"
        }
    }

    static func roman(_ value: Int) -> String {
        let table: [(Int, String)] = [
            (1000, "M"), (900, "CM"), (500, "D"), (400, "CD"), (100, "C"), (90, "XC"), (50, "L"), (40, "XL"),
            (10, "X"), (9, "IX"), (5, "V"), (4, "IV"), (1, "I"),
        ]
        var n = value
        var out = ""
        for (v, s) in table {
            while n >= v {
                out += s
                n -= v
            }
        }
        return out
    }

    static func letters(_ value: Int, base: Character) -> String {
        var n = value
        var out = ""
        let a = Int(base.asciiValue!)
        while n > 0 {
            n -= 1
            out = String(UnicodeScalar(UInt8(a + n % 26))) + out
            n /= 26
        }
        return out
    }

    static let few = [
        "zero", "one", "two", "three", "four", "five", "six", "seven", "eight", "nine", "ten", "eleven", "twelve",
        "thirteen", "fourteen", "fifteen", "sixteen", "seventeen", "eighteen", "nineteen",
    ]
    static let ordinals = [
        "zeroth", "first", "second", "third", "fourth", "fifth", "sixth", "seventh", "eighth", "ninth", "tenth",
        "eleventh", "twelfth", "thirteenth", "fourteenth", "fifteenth", "sixteenth", "seventeenth", "eighteenth",
        "nineteenth",
    ]
    static let decades = ["twenty", "thirty", "forty", "fifty", "sixty", "seventy", "eighty", "ninety", "hundred"]
    static let decadeOrdinals = [
        "twentieth", "thirtieth", "fortieth", "fiftieth", "sixtieth", "seventieth", "eightieth", "ninetieth",
        "hundredth",
    ]
    static let magnitudes = ["thousand", "million", "billion", "trillion"]

    /// English words, as jsonata-js writes them (`one hundred and twenty-three`).
    static func words(_ value: Double, ordinal: Bool) -> String {
        func lookup(_ num: Double, prev: Bool, ord: Bool) -> String {
            var words = ""
            if num <= 19 {
                let n = Int(num)
                words = (prev ? " and " : "") + (ord ? ordinals[n] : few[n])
            } else if num < 100 {
                let tens = Int(num) / 10
                let remainder = Int(num) % 10
                words = (prev ? " and " : "") + decades[tens - 2]
                if remainder > 0 {
                    words += "-" + lookup(Double(remainder), prev: false, ord: ord)
                } else if ord {
                    words = (prev ? " and " : "") + decadeOrdinals[tens - 2]
                }
            } else if num < 1000 {
                let hundreds = Int(num) / 100
                let remainder = Int(num) % 100
                words = (prev ? ", " : "") + few[hundreds] + " hundred"
                if remainder > 0 {
                    words += lookup(Double(remainder), prev: true, ord: ord)
                } else if ord {
                    words += "th"
                }
            } else {
                var mag = Int((log10(num) / 3).rounded(.down))
                if mag > magnitudes.count { mag = magnitudes.count }
                let factor = pow(10, Double(mag * 3))
                let mant = (num / factor).rounded(.down)
                let remainder = num - mant * factor
                words = (prev ? ", " : "") + lookup(mant, prev: false, ord: false) + " " + magnitudes[mag - 1]
                if remainder > 0 {
                    words += lookup(remainder, prev: true, ord: ord)
                } else if ord {
                    words += "th"
                }
            }
            return words
        }
        let text = lookup(abs(value), prev: false, ord: ordinal)
        return value < 0 ? "minus " + text : text
    }

    static func parseInteger(_ s: String, picture fullPicture: String) throws -> Int? {
        var picture = fullPicture
        var ordinal = false
        if let semi = picture.lastIndex(of: ";") {
            ordinal = picture[picture.index(after: semi)...].hasPrefix("o")
            picture = String(picture[..<semi])
        }
        switch picture {
        case "I", "i":
            let values: [Character: Int] = ["I": 1, "V": 5, "X": 10, "L": 50, "C": 100, "D": 500, "M": 1000]
            let chars = Array(s.uppercased())
            var total = 0
            for (i, c) in chars.enumerated() {
                guard let v = values[c] else { return nil }
                if i + 1 < chars.count, let next = values[chars[i + 1]], next > v { total -= v } else { total += v }
            }
            return total
        case "A", "a":
            var total = 0
            for c in s.uppercased().unicodeScalars {
                guard c.value >= 65 && c.value <= 90 else { return nil }
                total = total * 26 + Int(c.value - 64)
            }
            return total
        case "W", "w", "Ww":
            return parseWords(s.lowercased())
        default:
            var digits = ""
            for c in s {
                if let d = c.wholeNumberValue, c.isNumber {
                    digits += String(d)
                } else if c == "-" && digits.isEmpty {
                    digits = "-"
                }
            }
            _ = ordinal
            return Int(digits)
        }
    }

    static func parseWords(_ text: String) -> Int? {
        var values: [String: Int] = [:]
        for (i, w) in few.enumerated() { values[w] = i }
        for (i, w) in ordinals.enumerated() { values[w] = i }
        for (i, w) in decades.dropLast().enumerated() { values[w] = (i + 2) * 10 }
        for (i, w) in decadeOrdinals.dropLast().enumerated() { values[w] = (i + 2) * 10 }
        let mags = [
            "hundred": 100, "hundredth": 100, "thousand": 1000, "thousandth": 1000, "million": 1_000_000,
            "millionth": 1_000_000, "billion": 1_000_000_000, "trillion": 1_000_000_000_000,
        ]
        let tokens = text.replacingOccurrences(of: ",", with: " ").split(whereSeparator: { $0 == " " || $0 == "-" })
        var total = 0
        var current = 0
        for token in tokens {
            let t = String(token)
            if t == "and" { continue }
            if let v = values[t] {
                current += v
            } else if let m = mags[t] {
                if m == 100 {
                    current *= 100
                } else {
                    total += current * m
                    current = 0
                }
            } else if t.hasSuffix("th"), let m = mags[String(t.dropLast(2))] {
                current *= m
            } else {
                return nil
            }
        }
        return total + current
    }
}
