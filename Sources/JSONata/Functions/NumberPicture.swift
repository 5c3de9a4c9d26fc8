import Foundation
import JSONValue

/// XPath `fn:format-number` pictures, for `$formatNumber`.
enum NumberPicture {
    static func format(_ value: Double, picture: String, options: JObject) throws -> String {
        func option(_ key: String, _ fallback: String) -> String { options[key]?.stringValue ?? fallback }
        let decimalSeparator = Character(option("decimal-separator", "."))
        let groupingSeparator = Character(option("grouping-separator", ","))
        let exponentSeparator = Character(option("exponent-separator", "e"))
        let minusSign = option("minus-sign", "-")
        let infinity = option("infinity", "Infinity")
        let nan = option("NaN", "NaN")
        let percent = option("percent", "%")
        let perMille = option("per-mille", "\u{2030}")
        let zeroDigit = Character(option("zero-digit", "0"))
        let optionalDigit = Character(option("digit", "#"))
        let patternSeparator = Character(option("pattern-separator", ";"))
        let zeroValue = zeroDigit.unicodeScalars.first!.value

        func isDigit(_ c: Character) -> Bool {
            guard let s = c.unicodeScalars.first, c.unicodeScalars.count == 1 else { return false }
            return s.value >= zeroValue && s.value <= zeroValue + 9
        }
        let percentChar = percent.first!
        let perMilleChar = perMille.first!
        func isActive(_ c: Character) -> Bool {
            isDigit(c) || c == optionalDigit || c == decimalSeparator || c == groupingSeparator
                || c == patternSeparator || c == exponentSeparator
        }

        let subPictures = picture.split(separator: patternSeparator, omittingEmptySubsequences: false).map(String.init)
        if subPictures.count > 2 { throw JSONataError("D3080") }

        struct Parts {
            var prefix = ""
            var suffix = ""
            var mantissa = ""
            var integerPart = ""
            var fractionalPart = ""
            var exponentPart = ""
            var activePart = ""
            var hasPercent = false
            var hasPerMille = false
        }

        func split(_ sub: String) throws -> Parts {
            var p = Parts()
            let chars = Array(sub)
            guard let first = chars.firstIndex(where: { isActive($0) && $0 != exponentSeparator }) else {
                p.prefix = sub
                return p
            }
            var last = chars.lastIndex(where: { isActive($0) })!
            p.prefix = String(chars[..<first])
            // the exponent separator is only active when followed by a digit
            p.suffix = String(chars[(last + 1)...])
            while last > first && chars[last] == exponentSeparator { last -= 1 }
            p.activePart = String(chars[first...last])
            let active = Array(p.activePart)
            var expIndex: Int? = nil
            for (i, c) in active.enumerated() where c == exponentSeparator && i > 0 {
                if i + 1 < active.count && active[(i + 1)...].allSatisfy(isDigit) { expIndex = i }
            }
            if let e = expIndex {
                p.mantissa = String(active[..<e])
                p.exponentPart = String(active[(e + 1)...])
            } else {
                p.mantissa = p.activePart
            }
            if let d = p.mantissa.firstIndex(of: decimalSeparator) {
                p.integerPart = String(p.mantissa[..<d])
                p.fractionalPart = String(p.mantissa[p.mantissa.index(after: d)...])
            } else {
                p.integerPart = p.mantissa
            }
            p.hasPercent = sub.contains(percentChar)
            p.hasPerMille = sub.contains(perMilleChar)
            // validation (XPath rules)
            if sub.filter({ $0 == decimalSeparator }).count > 1 { throw JSONataError("D3081") }
            if sub.filter({ $0 == percentChar }).count > 1 { throw JSONataError("D3082") }
            if sub.filter({ $0 == perMilleChar }).count > 1 { throw JSONataError("D3083") }
            if p.hasPercent && p.hasPerMille { throw JSONataError("D3084") }
            if !p.mantissa.contains(where: { isDigit($0) || $0 == optionalDigit }) { throw JSONataError("D3085") }
            if Array(p.activePart).contains(where: { !isActive($0) }) { throw JSONataError("D3086") }
            let m = Array(p.mantissa)
            for (i, c) in m.enumerated() where c == decimalSeparator {
                if (i > 0 && m[i - 1] == groupingSeparator) || (i + 1 < m.count && m[i + 1] == groupingSeparator) {
                    throw JSONataError("D3087")
                }
            }
            if p.integerPart.last == groupingSeparator { throw JSONataError("D3088") }
            if p.mantissa.contains(String([groupingSeparator, groupingSeparator])) { throw JSONataError("D3089") }
            let intDigits = Array(p.integerPart).filter { isDigit($0) || $0 == optionalDigit }
            if let firstDigit = intDigits.firstIndex(where: isDigit),
                intDigits[firstDigit...].contains(optionalDigit)
            {
                throw JSONataError("D3090")
            }
            let fracDigits = Array(p.fractionalPart).filter { isDigit($0) || $0 == optionalDigit }
            if let firstOptional = fracDigits.firstIndex(of: optionalDigit),
                fracDigits[firstOptional...].contains(where: isDigit)
            {
                throw JSONataError("D3091")
            }
            if !p.exponentPart.isEmpty && (p.hasPercent || p.hasPerMille) { throw JSONataError("D3092") }
            if !p.exponentPart.isEmpty && !p.exponentPart.allSatisfy(isDigit) { throw JSONataError("D3093") }
            return p
        }

        let parsed = try subPictures.map(split)
        if value.isNaN { return nan }
        let negative = value < 0
        var pic = parsed[0]
        if negative && parsed.count == 2 { pic = parsed[1] }
        var prefix = pic.prefix
        var suffix = pic.suffix
        if negative && parsed.count == 1 { prefix = minusSign + prefix }
        if value.isInfinite { return prefix + infinity + suffix }

        var adjusted = abs(value)
        if pic.hasPercent { adjusted *= 100 } else if pic.hasPerMille { adjusted *= 1000 }

        // Grouping positions.
        func groupPositions(_ part: String, fromRight: Bool) -> [Int] {
            var positions: [Int] = []
            var count = 0
            let chars = fromRight ? Array(part).reversed() : Array(part)
            for c in chars {
                if isDigit(c) || c == optionalDigit {
                    count += 1
                } else if c == groupingSeparator {
                    positions.append(count)
                }
            }
            return positions
        }
        let integerGroups = groupPositions(pic.integerPart, fromRight: true)
        var regularGrouping = 0
        if let g = integerGroups.first, g > 0,
            integerGroups.enumerated().allSatisfy({ $0.element == g * ($0.offset + 1) })
        {
            regularGrouping = g
        }
        let fractionalGroups = groupPositions(pic.fractionalPart, fromRight: false)
        let minimumIntegerSize = pic.integerPart.filter(isDigit).count
        let scalingFactor = minimumIntegerSize
        let minimumFactionSize = pic.fractionalPart.filter(isDigit).count
        let maximumFactionSize = pic.fractionalPart.filter { isDigit($0) || $0 == optionalDigit }.count
        let minimumExponentSize = pic.exponentPart.count
        var minInt = minimumIntegerSize
        var minFrac = minimumFactionSize
        if minInt == 0 && maximumFactionSize == 0 {
            if minimumExponentSize > 0 {
                minFrac = 1
            } else {
                minInt = 1
            }
        }
        if minimumExponentSize > 0 && minInt == 0 && pic.integerPart.contains(optionalDigit) { minInt = 1 }
        if minInt == 0 && minFrac == 0 { minFrac = 1 }

        var exponent = 0
        if minimumExponentSize > 0 && adjusted != 0 {
            // mantissa in range [10^(scaling-1), 10^scaling)
            exponent = Int(log10(adjusted).rounded(.down)) + 1 - scalingFactor
            adjusted = adjusted / pow(10, Double(exponent))
            if adjusted >= pow(10, Double(max(scalingFactor, 1))) {
                adjusted /= 10
                exponent += 1
            }
        }
        let maxFrac = max(maximumFactionSize, minFrac)
        let rounded = Functions.round(adjusted, precision: maxFrac)
        var text = Functions.jsNumber(rounded)
        if text.contains("e") {
            text = String(format: "%.\(maxFrac)f", rounded)
        }
        var intText = text
        var fracText = ""
        if let dot = text.firstIndex(of: ".") {
            intText = String(text[..<dot])
            fracText = String(text[text.index(after: dot)...])
        }
        if intText == "0" { intText = "" }
        while intText.count < minInt { intText = "0" + intText }
        while fracText.count < minFrac { fracText += "0" }
        while fracText.count > minFrac && fracText.last == "0" { fracText.removeLast() }
        func mapDigits(_ s: String) -> String {
            String(
                s.map { c -> Character in
                    guard let d = c.wholeNumberValue, c.isASCII else { return c }
                    return Character(Unicode.Scalar(zeroValue + UInt32(d))!)
                })
        }
        // integer grouping
        var intOut: [Character] = []
        for (i, c) in Array(intText).reversed().enumerated() {
            if i > 0 {
                if regularGrouping > 0 {
                    if i % regularGrouping == 0 { intOut.append(groupingSeparator) }
                } else if integerGroups.contains(i) {
                    intOut.append(groupingSeparator)
                }
            }
            intOut.append(c)
        }
        var result = mapDigits(String(intOut.reversed()))
        if !fracText.isEmpty {
            var fracOut: [Character] = []
            for (i, c) in fracText.enumerated() {
                if i > 0 && fractionalGroups.contains(i) { fracOut.append(groupingSeparator) }
                fracOut.append(c)
            }
            result += String(decimalSeparator) + mapDigits(String(fracOut))
        }
        if minimumExponentSize > 0 {
            var e = String(abs(exponent))
            while e.count < minimumExponentSize { e = "0" + e }
            result += String(exponentSeparator) + (exponent < 0 ? minusSign : "") + mapDigits(e)
        }
        if negative && parsed.count == 1 && rounded == 0 && minimumExponentSize == 0 {
            // -0 rounds to 0 without a sign in jsonata-js only when the value itself was zero
        }
        _ = suffix
        suffix = pic.suffix
        return prefix + result + suffix
    }
}
