internal import CivilCalendar

/// RFC 3339 timestamps as Step Functions accepts them (`2016-03-14T01:59:00Z`, `2016-03-14T01:59:00.123+01:00`).
public enum Timestamp {
    /// Whether `text` is an RFC 3339 date-time with an uppercase `T` and a `Z` or numeric offset.
    public static func isValid(_ text: String) -> Bool {
        parseSeconds(text) != nil
    }

    /// Seconds since 1970-01-01T00:00:00Z (with fraction), or nil when `text` is not a valid timestamp.
    public static func parseSeconds(_ text: String) -> Double? {
        let b = Array(text.utf8)
        var i = 0
        func digits(_ n: Int) -> Int? {
            guard i + n <= b.count else { return nil }
            var v = 0
            for k in 0..<n {
                let c = b[i + k]
                guard c >= 48 && c <= 57 else { return nil }
                v = v * 10 + Int(c - 48)
            }
            i += n
            return v
        }
        func expect(_ c: Character) -> Bool {
            guard i < b.count, b[i] == c.asciiValue! else { return false }
            i += 1
            return true
        }
        guard let year = digits(4), expect("-"), let month = digits(2), expect("-"), let day = digits(2),
            expect("T"), let hour = digits(2), expect(":"), let minute = digits(2), expect(":"),
            let second = digits(2)
        else { return nil }
        var fraction = 0.0
        if i < b.count, b[i] == UInt8(ascii: ".") {
            i += 1
            var scale = 0.1
            let start = i
            while i < b.count, b[i] >= 48, b[i] <= 57 {
                fraction += Double(b[i] - 48) * scale
                scale /= 10
                i += 1
            }
            if i == start { return nil }
        }
        var offset = 0
        if expect("Z") {
        } else if i < b.count, b[i] == UInt8(ascii: "+") || b[i] == UInt8(ascii: "-") {
            let sign = b[i] == UInt8(ascii: "-") ? -1 : 1
            i += 1
            guard let oh = digits(2), expect(":"), let om = digits(2), oh < 24, om < 60 else { return nil }
            offset = sign * (oh * 3600 + om * 60)
        } else {
            return nil
        }
        guard i == b.count else { return nil }
        guard (1...12).contains(month), day >= 1, day <= CivilDate.daysInMonth(year: year, month: month), hour < 24, minute < 60,
            second < 60
        else { return nil }
        let days = CivilDate(year: year, month: month, day: day).daysSinceEpoch
        return Double(days * 86400 + hour * 3600 + minute * 60 + second - offset) + fraction
    }
}
