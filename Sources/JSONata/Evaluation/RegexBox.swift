import Foundation

/// A compiled regular expression literal (`/pattern/flags`).
///
/// JSONata regular expressions follow JavaScript syntax; they are run with ICU (`NSRegularExpression`), whose
/// syntax agrees with JavaScript's for the constructs JSONata expressions use. Offsets are UTF-16 code units, as
/// in JavaScript.
// @unchecked Sendable: NSRegularExpression is immutable and documented as safe to use from several threads.
final class RegexBox: @unchecked Sendable {
    let pattern: String
    let flags: String
    let regex: NSRegularExpression

    init(pattern: String, flags: String, position: Int) throws {
        self.pattern = pattern
        self.flags = flags
        var options: NSRegularExpression.Options = []
        if flags.contains("i") { options.insert(.caseInsensitive) }
        if flags.contains("m") { options.insert(.anchorsMatchLines) }
        do {
            regex = try NSRegularExpression(pattern: pattern, options: options)
        } catch {
            throw JSONataError(code: "S0302", message: "Invalid regular expression: /\(pattern)/", position: position)
        }
    }

    struct Match {
        var match: String
        /// UTF-16 offsets.
        var start: Int
        var end: Int
        var groups: [String]
    }

    /// All non-overlapping matches in `string`.
    func matches(in string: String, limit: Int = .max) -> [Match] {
        let ns = string as NSString
        var out: [Match] = []
        for m in regex.matches(in: string, range: NSRange(location: 0, length: ns.length)) {
            if out.count >= limit { break }
            var groups: [String] = []
            if m.numberOfRanges > 1 {
                for g in 1..<m.numberOfRanges {
                    let r = m.range(at: g)
                    groups.append(r.location == NSNotFound ? "" : ns.substring(with: r))
                }
            }
            out.append(
                Match(
                    match: ns.substring(with: m.range), start: m.range.location,
                    end: m.range.location + m.range.length, groups: groups))
        }
        return out
    }

    func firstMatch(in string: String) -> Match? { matches(in: string, limit: 1).first }
}
