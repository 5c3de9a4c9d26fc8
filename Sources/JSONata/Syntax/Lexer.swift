/// A token of a JSONata expression.
struct Token {
    enum Kind: Equatable {
        case `operator`
        case string
        case number
        case value  // true, false, null
        case name
        case variable
        case regex
        case end
    }

    var kind: Kind
    /// Operator text, name, variable name (without `$`), string contents, or regex pattern.
    var text: String
    var number: Double = 0
    var flags: String = ""
    /// Offset just after the token, as jsonata-js reports it.
    var position: Int

    /// The identifier the parser dispatches on: operator text for operators, `(name)` etc. otherwise.
    var id: String {
        switch kind {
        case .operator: text
        case .end: "(end)"
        case .name: "(name)"
        case .variable: "(variable)"
        case .string: "(string)"
        case .number: "(number)"
        case .value: "(literal)"
        case .regex: "(regex)"
        }
    }
}

/// Splits a JSONata expression into tokens on demand.
struct Lexer {
    let chars: [Character]
    var position = 0

    init(_ source: String) {
        chars = Array(source)
    }

    static let operators: Set<String> = [
        ".", "[", "]", "{", "}", "(", ")", ",", "@", "#", ";", ":", "?", "+", "-", "*", "/", "%", "|", "=", "<",
        ">", "^", "**", "..", ":=", "!=", "<=", ">=", "~>", "?:", "??", "and", "or", "in", "&", "!", "~",
    ]

    static let twoCharOperators: Set<String> = ["..", ":=", "!=", ">=", "<=", "**", "~>", "?:", "??"]

    static func isNameTerminator(_ c: Character) -> Bool {
        switch c {
        case " ", "\t", "\n", "\r", "\u{0B}", ".", "[", "]", "{", "}", "(", ")", ",", "@", "#", ";", ":", "?", "+",
            "-", "*", "/", "%", "|", "=", "<", ">", "^", "!", "~", "&", "\"", "'", "`":
            return true
        default: return false
        }
    }

    /// Reads the next token. `regexAllowed` is true where an operand (not an operator) is expected.
    mutating func next(regexAllowed: Bool) throws -> Token {
        skipTrivia: while position < chars.count {
            let c = chars[position]
            if c == " " || c == "\t" || c == "\n" || c == "\r" || c == "\u{0B}" {
                position += 1
            } else if c == "/", position + 1 < chars.count, chars[position + 1] == "*" {
                let start = position
                position += 2
                while true {
                    if position + 1 >= chars.count {
                        throw JSONataError("S0106", position: start)
                    }
                    if chars[position] == "*" && chars[position + 1] == "/" {
                        position += 2
                        break
                    }
                    position += 1
                }
            } else {
                break skipTrivia
            }
        }
        guard position < chars.count else { return Token(kind: .end, text: "(end)", position: position) }
        let c = chars[position]
        if regexAllowed && c == "/" {
            position += 1
            return try scanRegex()
        }
        if position + 1 < chars.count {
            let pair = String([c, chars[position + 1]])
            if Lexer.twoCharOperators.contains(pair) {
                position += 2
                return Token(kind: .operator, text: pair, position: position)
            }
        }
        if c != "\"" && c != "'" && c != "`" && c != "$" && Lexer.isNameTerminator(c) && !c.isWhitespace {
            position += 1
            return Token(kind: .operator, text: String(c), position: position)
        }
        if c == "\"" || c == "'" {
            return try scanString(quote: c)
        }
        if c.isASCII && c.isNumber {
            return try scanNumber()
        }
        if c == "`" {
            position += 1
            let start = position
            while position < chars.count && chars[position] != "`" { position += 1 }
            guard position < chars.count else { throw JSONataError("S0105", position: position) }
            let name = String(chars[start..<position])
            position += 1
            return Token(kind: .name, text: name, position: position)
        }
        // names and variables
        var i = position
        while i < chars.count && !Lexer.isNameTerminator(chars[i]) && !chars[i].isWhitespace { i += 1 }
        if c == "$" {
            let name = String(chars[(position + 1)..<i])
            position = i
            return Token(kind: .variable, text: name, position: position)
        }
        let name = String(chars[position..<i])
        position = i
        switch name {
        case "and", "or", "in": return Token(kind: .operator, text: name, position: position)
        case "true", "false", "null": return Token(kind: .value, text: name, position: position)
        default: return Token(kind: .name, text: name, position: position)
        }
    }

    mutating func scanNumber() throws -> Token {
        let start = position
        var i = position
        func digits() { while i < chars.count, chars[i].isASCII, chars[i].isNumber { i += 1 } }
        if chars[i] == "0" { i += 1 } else { digits() }
        if i + 1 < chars.count, chars[i] == ".", chars[i + 1].isASCII, chars[i + 1].isNumber {
            i += 1
            digits()
        }
        if i < chars.count, chars[i] == "e" || chars[i] == "E" {
            var j = i + 1
            if j < chars.count, chars[j] == "+" || chars[j] == "-" { j += 1 }
            if j < chars.count, chars[j].isASCII, chars[j].isNumber {
                i = j
                digits()
            }
        }
        let text = String(chars[start..<i])
        position = i
        guard let number = Double(text), number.isFinite else {
            throw JSONataError("S0102", position: start, token: text)
        }
        return Token(kind: .number, text: text, number: number, position: position)
    }

    mutating func scanString(quote: Character) throws -> Token {
        let start = position
        position += 1
        var out = ""
        while position < chars.count {
            var c = chars[position]
            if c == "\\" {
                position += 1
                guard position < chars.count else { break }
                c = chars[position]
                switch c {
                case "\"": out.append("\"")
                case "\\": out.append("\\")
                case "/": out.append("/")
                case "b": out.append("\u{08}")
                case "f": out.append("\u{0C}")
                case "n": out.append("\n")
                case "r": out.append("\r")
                case "t": out.append("\t")
                case "u":
                    guard let unit = hex4(at: position + 1) else { throw JSONataError("S0104", position: position) }
                    position += 4
                    if (0xD800..<0xDC00).contains(unit), position + 2 < chars.count, chars[position + 1] == "\\",
                        chars[position + 2] == "u", let low = hex4(at: position + 3), (0xDC00..<0xE000).contains(low)
                    {
                        let scalar = 0x10000 + ((unit - 0xD800) << 10) + (low - 0xDC00)
                        out.unicodeScalars.append(Unicode.Scalar(scalar)!)
                        position += 6
                    } else if let scalar = Unicode.Scalar(unit) {
                        out.unicodeScalars.append(scalar)
                    } else {
                        out.append("\u{FFFD}")
                    }
                default:
                    throw JSONataError("S0103", position: position, token: String(c))
                }
            } else if c == quote {
                position += 1
                return Token(kind: .string, text: out, position: position)
            } else {
                out.append(c)
            }
            position += 1
        }
        throw JSONataError("S0101", position: start)
    }

    func hex4(at index: Int) -> UInt32? {
        guard index + 4 <= chars.count else { return nil }
        var v: UInt32 = 0
        for k in index..<(index + 4) {
            guard let d = chars[k].hexDigitValue else { return nil }
            v = v * 16 + UInt32(d)
        }
        return v
    }

    mutating func scanRegex() throws -> Token {
        let start = position
        var depth = 0
        while position < chars.count {
            let c = chars[position]
            if c == "/" && depth == 0 && !isEscaped(position) {
                let pattern = String(chars[start..<position])
                guard !pattern.isEmpty else { throw JSONataError("S0301", position: position) }
                position += 1
                var flags = ""
                while position < chars.count, chars[position] == "i" || chars[position] == "m" {
                    flags.append(chars[position])
                    position += 1
                }
                return Token(kind: .regex, text: pattern, flags: flags, position: position)
            }
            if (c == "(" || c == "[" || c == "{") && !isEscaped(position) { depth += 1 }
            if (c == ")" || c == "]" || c == "}") && !isEscaped(position) { depth -= 1 }
            position += 1
        }
        throw JSONataError("S0302", position: position)
    }

    private func isEscaped(_ index: Int) -> Bool {
        var count = 0
        var i = index - 1
        while i >= 0 && chars[i] == "\\" {
            count += 1
            i -= 1
        }
        return count % 2 == 1
    }
}
