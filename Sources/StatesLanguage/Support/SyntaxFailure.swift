/// A syntax error found while scanning: where it is and what was expected.
///
/// The public parsers convert this into ``PathSyntaxError`` or ``IntrinsicSyntaxError``, which add the text.
struct SyntaxFailure: Error, Sendable {
    /// The 0-based character offset of the problem in the text being parsed.
    var offset: Int
    /// A human-readable description of the problem.
    var message: String
}

/// Helpers shared by the path and intrinsic-function scanners.
enum Scanning {
    /// How deep filters, parentheses, nested paths, JSON literals and nested calls may go.
    static let maximumNestingDepth = 64

    /// Whether `c` is a whitespace character that may separate tokens.
    static func isWhitespace(_ c: Character) -> Bool {
        c == " " || c == "\t" || c == "\n" || c == "\r"
    }

    /// Whether `c` is an ASCII digit.
    static func isDigit(_ c: Character) -> Bool {
        guard let a = c.asciiValue else { return false }
        return a >= 0x30 && a <= 0x39
    }

    /// Whether `c` is an ASCII letter.
    static func isLetter(_ c: Character) -> Bool {
        guard let a = c.asciiValue else { return false }
        return (a >= 0x41 && a <= 0x5A) || (a >= 0x61 && a <= 0x7A)
    }

    /// A character as it should appear in a message: quoted, with invisible characters spelled out.
    static func quoted(_ c: Character) -> String {
        switch c {
        case "\n": return "'\\n'"
        case "\t": return "'\\t'"
        case "\r": return "'\\r'"
        case " ": return "' ' (a space)"
        default:
            if let scalar = c.unicodeScalars.first, c.unicodeScalars.count == 1,
                scalar.value < 0x20 || scalar.value == 0x7F
            {
                return "U+" + String(scalar.value, radix: 16, uppercase: true)
            }
            return "'\(c)'"
        }
    }
}
