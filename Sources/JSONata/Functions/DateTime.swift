import CivilCalendar
import Foundation
import JSONValue

/// `$now`, `$millis`, `$fromMillis`, `$toMillis` and XPath (`fn:format-dateTime`) picture strings.
enum DateTime {
    static let functions: [NativeFunction] = [
        NativeFunction("millis", "<:n>") { _, invocation in .number(Double(invocation.evaluator.nowMillis)) },
        NativeFunction("now", "<s?s?:s>") { args, invocation in
            let millis = invocation.evaluator.nowMillis
            if let picture = Functions.str(args, 0) {
                return .string(try format(millis: millis, picture: picture, timezone: Functions.str(args, 1)))
            }
            if let tz = Functions.str(args, 1) {
                return .string(try format(millis: millis, picture: isoPicture, timezone: tz))
            }
            return .string(iso8601(millis: millis))
        },
        NativeFunction("fromMillis", "<n-s?s?:s>") { args, _ in
            guard let m = Functions.num(args, 0) else { return nil }
            let millis = Int(m.rounded(.down))
            if let picture = Functions.str(args, 1) {
                return .string(try format(millis: millis, picture: picture, timezone: Functions.str(args, 2)))
            }
            if let tz = Functions.str(args, 2) {
                return .string(try format(millis: millis, picture: isoPicture, timezone: tz))
            }
            return .string(iso8601(millis: millis))
        },
        NativeFunction("toMillis", "<s-s?:n>") { args, invocation in
            guard let s = Functions.str(args, 0) else { return nil }
            if let picture = Functions.str(args, 1) {
                return try parse(s, picture: picture, nowMillis: invocation.evaluator.nowMillis).map {
                    .number(Double($0))
                }
            }
            guard let millis = parseISO8601(s) else { throw JSONataError("D3110", value: .string(s)) }
            return .number(Double(millis))
        },
    ]

    static let isoPicture = "[Y0001]-[M01]-[D01]T[H01]:[m01]:[s01].[f001][Z01:01t]"

    static let monthNames = [
        "January", "February", "March", "April", "May", "June", "July", "August", "September", "October",
        "November", "December",
    ]
    static let dayNames = ["Monday", "Tuesday", "Wednesday", "Thursday", "Friday", "Saturday", "Sunday"]

    // MARK: Calendar arithmetic (proleptic Gregorian, UTC)

    /// Days since 1970-01-01 for a civil date.
    static func days(year: Int, month: Int, day: Int) -> Int {
        CivilDate(year: year, month: month, day: day).daysSinceEpoch
    }

    /// The civil date for days since 1970-01-01.
    static func civil(days: Int) -> (year: Int, month: Int, day: Int) {
        let date = CivilDate(daysSinceEpoch: days)
        return (date.year, date.month, date.day)
    }

    struct Parts {
        var year, month, day, hour, minute, second, millisecond: Int
        var dayOfWeek: Int  // 1 = Monday … 7 = Sunday
        var dayOfYear: Int
        var dayNumber: Int
    }

    static func parts(millis: Int) -> Parts {
        let dayNumber = Int((Double(millis) / 86_400_000).rounded(.down))
        let msOfDay = millis - dayNumber * 86_400_000
        let (y, m, d) = civil(days: dayNumber)
        let dow = ((dayNumber % 7) + 7 + 3) % 7 + 1  // 1970-01-01 was a Thursday
        return Parts(
            year: y, month: m, day: d, hour: msOfDay / 3_600_000, minute: msOfDay / 60_000 % 60,
            second: msOfDay / 1000 % 60, millisecond: msOfDay % 1000, dayOfWeek: dow,
            dayOfYear: dayNumber - days(year: y, month: 1, day: 1) + 1, dayNumber: dayNumber)
    }

    static func pad(_ n: Int, _ width: Int) -> String {
        let s = String(abs(n))
        return (n < 0 ? "-" : "") + String(repeating: "0", count: max(0, width - s.count)) + s
    }

    static func iso8601(millis: Int) -> String {
        let p = parts(millis: millis)
        let year = p.year >= 0 && p.year <= 9999 ? pad(p.year, 4) : (p.year < 0 ? "-" : "+") + pad(abs(p.year), 6)
        return "\(year)-\(pad(p.month, 2))-\(pad(p.day, 2))T\(pad(p.hour, 2)):\(pad(p.minute, 2)):"
            + "\(pad(p.second, 2)).\(pad(p.millisecond, 3))Z"
    }

    /// Parses the ISO 8601 forms jsonata-js accepts; times without an offset are taken as UTC.
    static func parseISO8601(_ s: String) -> Int? {
        let c = Array(s.utf8)
        var i = 0
        func digits(_ n: Int) -> Int? {
            guard i + n <= c.count else { return nil }
            var v = 0
            for k in i..<(i + n) {
                guard c[k] >= 48 && c[k] <= 57 else { return nil }
                v = v * 10 + Int(c[k] - 48)
            }
            i += n
            return v
        }
        func accept(_ ch: Character) -> Bool {
            if i < c.count && c[i] == ch.asciiValue! {
                i += 1
                return true
            }
            return false
        }
        guard let year = digits(4) else { return nil }
        var month = 1
        var day = 1
        var hour = 0
        var minute = 0
        var second = 0
        var ms = 0.0
        var offset = 0
        if accept("-") {
            guard let m = digits(2) else { return nil }
            month = m
            if accept("-") {
                guard let d = digits(2) else { return nil }
                day = d
            }
        }
        if accept("T") || accept(" ") {
            guard let h = digits(2), accept(":"), let mi = digits(2) else { return nil }
            hour = h
            minute = mi
            if accept(":") {
                guard let se = digits(2) else { return nil }
                second = se
                if accept(".") {
                    let start = i
                    while i < c.count && c[i] >= 48 && c[i] <= 57 { i += 1 }
                    guard i > start, let frac = Double("0." + String(decoding: c[start..<i], as: UTF8.self)) else {
                        return nil
                    }
                    ms = frac * 1000
                }
            }
            if accept("Z") {
            } else if i < c.count && (c[i] == 43 || c[i] == 45) {
                let sign = c[i] == 45 ? -1 : 1
                i += 1
                guard let oh = digits(2) else { return nil }
                _ = accept(":")
                let om = digits(2) ?? 0
                offset = sign * (oh * 60 + om)
            }
        }
        guard i == c.count, (1...12).contains(month), (1...31).contains(day), hour <= 24, minute < 60, second < 61
        else { return nil }
        let dayNumber = days(year: year, month: month, day: day)
        let total =
            Double(dayNumber) * 86_400_000 + Double(hour * 3_600_000 + minute * 60_000 + second * 1000)
            + ms.rounded(.down) - Double(offset * 60_000)
        return Int(total)
    }

    // MARK: Pictures

    struct Marker {
        var component: Character
        var presentation: String
        var ordinal = false
        var traditional = false
        var minWidth: Int?
        var maxWidth: Int?
    }

    enum PicturePart {
        case literal(String)
        case marker(Marker)
    }

    static func analyse(_ picture: String) throws -> [PicturePart] {
        var parts: [PicturePart] = []
        let chars = Array(picture)
        var literal = ""
        var i = 0
        while i < chars.count {
            let c = chars[i]
            if c == "[" {
                if i + 1 < chars.count && chars[i + 1] == "[" {
                    literal.append("[")
                    i += 2
                    continue
                }
                guard let close = chars[i...].firstIndex(of: "]") else { throw JSONataError("D3135") }
                if !literal.isEmpty {
                    parts.append(.literal(literal))
                    literal = ""
                }
                let body = String(chars[(i + 1)..<close].filter { !$0.isWhitespace })
                parts.append(.marker(try marker(body)))
                i = close + 1
            } else if c == "]" {
                literal.append("]")
                i += (i + 1 < chars.count && chars[i + 1] == "]") ? 2 : 1
            } else {
                literal.append(c)
                i += 1
            }
        }
        if !literal.isEmpty { parts.append(.literal(literal)) }
        return parts
    }

    static let defaultPresentation: [Character: String] = [
        "Y": "1", "M": "1", "D": "1", "d": "1", "F": "n", "W": "1", "w": "1", "X": "1", "x": "1", "H": "1",
        "h": "1", "P": "n", "m": "01", "s": "01", "f": "1", "Z": "01:01", "z": "01:01", "C": "n", "E": "n",
    ]

    static func marker(_ body: String) throws -> Marker {
        guard let component = body.first else { throw JSONataError("D3132", value: .string(body)) }
        guard defaultPresentation[component] != nil else {
            throw JSONataError("D3132", value: .string(String(component)))
        }
        var rest = String(body.dropFirst())
        var width: String? = nil
        if let comma = rest.lastIndex(of: ",") {
            width = String(rest[rest.index(after: comma)...])
            rest = String(rest[..<comma])
        }
        var m = Marker(component: component, presentation: rest.isEmpty ? defaultPresentation[component]! : rest)
        if m.presentation.count > 1, let last = m.presentation.last, last == "o" || last == "t" || last == "c",
            !["n", "N", "Nn"].contains(m.presentation), component != "Z" || last != "t" || true
        {
            if last == "o" { m.ordinal = true }
            if last == "t" { m.traditional = true }
            m.presentation.removeLast()
        }
        if let width {
            let bounds = width.split(separator: "-", omittingEmptySubsequences: false)
            if let lo = bounds.first, lo != "*" { m.minWidth = Int(lo) }
            if bounds.count > 1, bounds[1] != "*" { m.maxWidth = Int(bounds[1]) }
        }
        if (m.presentation == "n" || m.presentation == "N" || m.presentation == "Nn")
            && !"MFdPxEC".contains(component) && component != "D"
        {
            throw JSONataError("D3133", value: .string(String(component)))
        }
        return m
    }

    static func parseTimezone(_ tz: String?) -> Int {
        guard let tz, tz.count >= 5 else { return 0 }
        let sign = tz.first == "-" ? -1 : 1
        let digits = tz.filter(\.isNumber)
        guard digits.count >= 4, let h = Int(digits.prefix(2)), let m = Int(digits.dropFirst(2).prefix(2)) else {
            return 0
        }
        return sign * (h * 60 + m)
    }

    static func format(millis: Int, picture: String, timezone: String?) throws -> String {
        let offset = parseTimezone(timezone)
        let p = parts(millis: millis + offset * 60_000)
        var out = ""
        for part in try analyse(picture) {
            switch part {
            case .literal(let s): out += s
            case .marker(let m): out += try formatComponent(m, p, offset: offset)
            }
        }
        return out
    }

    static func isoWeek(_ p: Parts) -> (year: Int, week: Int) {
        // The Thursday of this ISO week decides the week-numbering year.
        let thursday = p.dayNumber - (p.dayOfWeek - 1) + 3
        let (y, _, _) = civil(days: thursday)
        let firstThursday = { () -> Int in
            let jan4 = days(year: y, month: 1, day: 4)
            let dow = ((jan4 % 7) + 7 + 3) % 7 + 1
            return jan4 - (dow - 1) + 3
        }()
        return (y, (thursday - firstThursday) / 7 + 1)
    }

    static func weekOfMonth(_ p: Parts) -> (month: Int, week: Int) {
        let thursday = p.dayNumber - (p.dayOfWeek - 1) + 3
        let (y, m, _) = civil(days: thursday)
        let first = days(year: y, month: m, day: 1)
        let dow = ((first % 7) + 7 + 3) % 7 + 1
        let firstThursday = first + ((4 - dow) + 7) % 7
        return (m, (thursday - firstThursday) / 7 + 1)
    }

    static func formatComponent(_ m: Marker, _ p: Parts, offset: Int) throws -> String {
        var value: Int
        switch m.component {
        case "Y": value = p.year
        case "M": value = p.month
        case "D": value = p.day
        case "d": value = p.dayOfYear
        case "F": value = p.dayOfWeek
        case "W": value = isoWeek(p).week
        case "X": value = isoWeek(p).year
        case "w": value = weekOfMonth(p).week
        case "x": value = weekOfMonth(p).month
        case "H": value = p.hour
        case "h": value = p.hour % 12 == 0 ? 12 : p.hour % 12
        case "P":
            let s = p.hour >= 12 ? "pm" : "am"
            return applyNameCase(s, m)
        case "m": value = p.minute
        case "s": value = p.second
        case "f":
            let digits = max(1, m.presentation.filter(\.isNumber).count)
            var s = pad(p.millisecond, 3)
            if digits < 3 {
                s = String(s.prefix(digits))
            } else if digits > 3 {
                s += String(repeating: "0", count: digits - 3)
            }
            return s
        case "Z", "z":
            return try formatTimezone(m, offset: offset)
        case "C", "E":
            return "ISO"
        default:
            throw JSONataError("D3132", value: .string(String(m.component)))
        }
        let presentation = m.presentation
        if presentation == "n" || presentation == "N" || presentation == "Nn" {
            let names: [String]
            switch m.component {
            case "M", "x": names = monthNames
            case "F": names = dayNames
            default: throw JSONataError("D3133", value: .string(String(m.component)))
            }
            var name = names[max(0, min(names.count - 1, value - 1))]
            if let maxWidth = m.maxWidth, name.count > maxWidth { name = String(name.prefix(maxWidth)) }
            return applyNameCase(name, m)
        }
        if m.component == "Y", let maxWidth = m.maxWidth, maxWidth == 2 {
            value = value % 100
        }
        var picture = presentation
        if let minWidth = m.minWidth, picture.allSatisfy({ $0.isNumber || $0 == "#" }) {
            let mandatory = picture.filter(\.isNumber).count
            if mandatory < minWidth { picture = String(repeating: "0", count: minWidth - mandatory) + picture }
        }
        if m.component == "Y", picture.count == 2, picture.allSatisfy(\.isNumber) { value = value % 100 }
        var text = try Formatting.formatInteger(value, picture: picture + (m.ordinal ? ";o" : ""))
        if m.component == "Y", let maxWidth = m.maxWidth, text.count > maxWidth {
            text = String(text.suffix(maxWidth))
        }
        return text
    }

    static func applyNameCase(_ name: String, _ m: Marker) -> String {
        switch m.presentation {
        case "N": return name.uppercased()
        case "n": return name.lowercased()
        default: return name
        }
    }

    static func formatTimezone(_ m: Marker, offset: Int) throws -> String {
        if m.presentation.filter(\.isNumber).count > 4 { throw JSONataError("D3134") }
        if offset == 0 && m.traditional { return "Z" }
        let sign = offset < 0 ? "-" : "+"
        let h = abs(offset) / 60
        let mi = abs(offset) % 60
        let picture = m.presentation
        let digits = picture.filter(\.isNumber)
        var text: String
        if picture.contains(":") {
            let hourDigits = picture.prefix { $0 != ":" }.count
            text = sign + pad(h, hourDigits) + ":" + pad(mi, 2)
        } else if digits.count <= 2 {
            text = sign + pad(h, digits.count) + (mi != 0 ? ":" + pad(mi, 2) : "")
        } else {
            text = sign + pad(h, digits.count - 2) + pad(mi, 2)
        }
        if m.component == "z" { text = "GMT" + text }
        return text
    }

    // MARK: Parsing with a picture

    /// The regular expression that matches one component as `marker` presents it.
    static func pattern(for m: Marker, nextIsMarker: Bool) -> String {
        let p = m.presentation
        switch m.component {
        case "Z", "z":
            return (m.component == "z" ? "GMT" : "") + "(?:Z|[+-][0-9]{1,2}(?::?[0-9]{2})?)"
        case "P":
            return "[AaPp][Mm]"
        default: break
        }
        switch p {
        case "n", "N", "Nn": return "[A-Za-z]+"
        case "I", "i": return "[MDCLXVImdclxvi]+"
        case "A", "a": return "[A-Za-z]+"
        case "W", "w", "Ww": return "[A-Za-z]+(?:[ ,\\-]+[A-Za-z]+)*?"
        default:
            let mandatory = max(1, p.filter(\.isNumber).count)
            var digits = nextIsMarker ? "[0-9]{\(mandatory)}" : "[0-9]+"
            if m.component == "Y" && !nextIsMarker { digits = "-?[0-9]+" }
            return digits + (m.ordinal ? "(?:st|nd|rd|th)" : "")
        }
    }

    /// `$toMillis` with a picture: the instant, or `nil` when the text does not match the picture.
    static func parse(_ text: String, picture: String, nowMillis: Int = 0) throws -> Int? {
        let pictureParts = try analyse(picture)
        var regex = "^"
        var markers: [Marker] = []
        for (k, part) in pictureParts.enumerated() {
            switch part {
            case .literal(let s):
                regex += NSRegularExpression.escapedPattern(for: s)
            case .marker(let m):
                if "xwXWF".contains(m.component) && !(m.component == "F" && ["n", "N", "Nn"].contains(m.presentation)) {
                    // week-based dates are not supported, as in jsonata-js
                    if m.component != "F" { throw JSONataError("D3136") }
                }
                var nextIsMarker = false
                if k + 1 < pictureParts.count, case .marker = pictureParts[k + 1] { nextIsMarker = true }
                regex += "(" + pattern(for: m, nextIsMarker: nextIsMarker) + ")"
                markers.append(m)
            }
        }
        regex += "$"
        let components = Set(markers.map(\.component))
        if markers.isEmpty { return nil }
        // Components must not leave gaps (a year and a day without the month, minutes without the hour, ...).
        let ymd: [Character] =
            components.contains("d") ? ["Y", "d", "H", "m", "s", "f"] : ["Y", "M", "D", "H", "m", "s", "f"]
        let bits = ymd.map { components.contains($0) || ($0 == "H" && components.contains("h")) }
        if let first = bits.firstIndex(of: true), let last = bits.lastIndex(of: true),
            bits[first...last].contains(false)
        {
            throw JSONataError("D3136")
        }
        if components.contains("W") || components.contains("w") || components.contains("X") || components.contains("x")
        {
            throw JSONataError("D3136")
        }
        guard let re = try? NSRegularExpression(pattern: regex, options: []),
            let match = re.firstMatch(in: text, range: NSRange(location: 0, length: (text as NSString).length))
        else { return nil }
        let ns = text as NSString
        var fields: [Character: Int] = [:]
        var pm: Bool? = nil
        var offset = 0
        for (i, m) in markers.enumerated() {
            let captured = ns.substring(with: match.range(at: i + 1))
            switch m.component {
            case "P":
                pm = captured.lowercased() == "pm"
                continue
            case "Z", "z":
                var t = Substring(captured)
                if t.hasPrefix("GMT") { t = t.dropFirst(3) }
                if t == "Z" { continue }
                let sign = t.first == "-" ? -1 : 1
                let digits = t.dropFirst().filter(\.isNumber)
                let h = Int(String(digits.count > 2 ? digits.prefix(digits.count - 2) : digits[...])) ?? 0
                let mi = digits.count > 2 ? Int(String(digits.suffix(2))) ?? 0 : 0
                offset = sign * (h * 60 + mi)
                continue
            case "F", "C", "E":
                continue
            default: break
            }
            let value: Int?
            switch m.presentation {
            case "n", "N", "Nn":
                guard m.component == "M" else { continue }
                let lower = captured.lowercased()
                value = monthNames.firstIndex { $0.lowercased().hasPrefix(lower) }.map { $0 + 1 }
            case "I", "i", "A", "a", "W", "w", "Ww":
                value = try Formatting.parseInteger(captured, picture: m.presentation)
            default:
                var digits = captured
                if m.ordinal { digits = String(digits.dropLast(2)) }
                if m.component == "f" {
                    let scaled = Double("0.\(digits)") ?? 0
                    value = Int((scaled * 1000).rounded())
                } else {
                    value = Int(digits)
                }
            }
            guard let value else { return nil }
            fields[m.component] = value
        }
        if let h = fields["h"] {
            var hour = h % 12
            if pm == true { hour += 12 }
            fields["H"] = hour
        } else if pm == true, let h = fields["H"], h < 12 {
            fields["H"] = h + 12
        }
        // Parts before the first one given come from the current date; parts after it take their minimum.
        let now = parts(millis: nowMillis)
        if let y = fields["Y"], markers.contains(where: { $0.component == "Y" && $0.maxWidth == 2 }) {
            fields["Y"] = now.year - now.year % 100 + y
        }
        let firstGiven = bits.firstIndex(of: true) ?? ymd.count
        let current: [Character: Int] = [
            "Y": now.year, "M": now.month, "D": now.day, "d": now.dayOfYear, "H": now.hour, "m": now.minute,
            "s": now.second, "f": now.millisecond,
        ]
        let minimum: [Character: Int] = ["Y": 0, "M": 1, "D": 1, "d": 1, "H": 0, "m": 0, "s": 0, "f": 0]
        var resolved: [Character: Int] = [:]
        for (i, c) in ymd.enumerated() {
            resolved[c] = fields[c] ?? (i < firstGiven ? current[c]! : minimum[c]!)
        }
        let dayNumber: Int
        if ymd.contains("d") {
            dayNumber = days(year: resolved["Y"]!, month: 1, day: 1) + resolved["d"]! - 1
        } else {
            dayNumber = days(year: resolved["Y"]!, month: resolved["M"]!, day: resolved["D"]!)
        }
        return dayNumber * 86_400_000 + resolved["H"]! * 3_600_000 + resolved["m"]! * 60_000 + resolved["s"]! * 1000
            + resolved["f"]! - offset * 60_000
    }
}
