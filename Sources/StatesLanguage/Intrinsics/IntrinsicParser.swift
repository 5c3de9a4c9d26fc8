import JSONValue

/// A recursive-descent scanner for intrinsic function calls.
struct IntrinsicParser {
    let characters: [Character]
    var position = 0
    var depth = 0

    init(characters: [Character]) {
        self.characters = characters
    }

    private var current: Character? { position < characters.count ? characters[position] : nil }

    private mutating func skipWhitespace() {
        while let c = current, Scanning.isWhitespace(c) { position += 1 }
    }

    private func found() -> String {
        if let c = current { return ", found \(Scanning.quoted(c))" }
        return ", found the end of the text"
    }

    /// Parses a whole field value: one call, optional trailing whitespace, then the end.
    mutating func parseWhole() throws(SyntaxFailure) -> IntrinsicCall {
        let call = try parseCall()
        skipWhitespace()
        if let c = current {
            throw SyntaxFailure(
                offset: position,
                message: "unexpected \(Scanning.quoted(c)) after the end of the call; nothing may follow its ')'")
        }
        return call
    }

    private mutating func parseCall() throws(SyntaxFailure) -> IntrinsicCall {
        let start = position
        depth += 1
        defer { depth -= 1 }
        if depth > Scanning.maximumNestingDepth {
            throw SyntaxFailure(
                offset: start,
                message: "intrinsic functions are nested deeper than \(Scanning.maximumNestingDepth) levels")
        }
        let prefix = Array("States.")
        guard characters.count - position >= prefix.count,
            Array(characters[position..<position + prefix.count]) == prefix
        else {
            throw SyntaxFailure(offset: position, message: "an intrinsic function call must start with 'States.'")
        }
        position += prefix.count
        let nameStart = position
        while let c = current, Scanning.isLetter(c) || Scanning.isDigit(c) || c == "_" { position += 1 }
        let shortName = String(characters[nameStart..<position])
        if shortName.isEmpty {
            throw SyntaxFailure(offset: position, message: "expected a function name after 'States.'\(found())")
        }
        let name = "States." + shortName
        guard let function = IntrinsicFunction(rawValue: name) else {
            let suggestion = IntrinsicFunction.closest(to: name).rawValue
            throw SyntaxFailure(
                offset: start, message: "unknown intrinsic function '\(name)'; did you mean '\(suggestion)'?")
        }
        skipWhitespace()
        guard current == "(" else {
            throw SyntaxFailure(offset: position, message: "expected '(' after \(name)\(found())")
        }
        let paren = position
        position += 1
        skipWhitespace()
        var arguments: [IntrinsicArgument] = []
        var offsets: [Int] = []
        var template: IntrinsicCall.FormatTemplate?
        if current == ")" {
            position += 1
        } else {
            while true {
                skipWhitespace()
                offsets.append(position)
                if function == .format && arguments.isEmpty && current == "'" {
                    let (value, pieces) = try parseStringLiteral()
                    arguments.append(.string(value))
                    template = IntrinsicCall.FormatTemplate(pieces: pieces)
                } else {
                    arguments.append(try parseArgument())
                }
                skipWhitespace()
                if current == "," {
                    position += 1
                    skipWhitespace()
                    if current == ")" {
                        throw SyntaxFailure(offset: position, message: "expected an argument after ','")
                    }
                    continue
                }
                if current == ")" {
                    position += 1
                    break
                }
                if current == nil {
                    throw SyntaxFailure(
                        offset: position, message: "expected ',' or ')' to close the '(' at offset \(paren)\(found())")
                }
                throw SyntaxFailure(offset: position, message: "expected ',' or ')' after an argument\(found())")
            }
        }
        guard function.arity.contains(arguments.count) else {
            throw SyntaxFailure(
                offset: start, message: "\(name) \(function.arityPhrase), got \(arguments.count)")
        }
        try checkLiterals(function: function, arguments: arguments, offsets: offsets, template: template)
        return IntrinsicCall(function: function, arguments: arguments, formatTemplate: template)
    }

    /// The rules that can be checked on literal arguments before any data is seen.
    private func checkLiterals(
        function: IntrinsicFunction, arguments: [IntrinsicArgument], offsets: [Int],
        template: IntrinsicCall.FormatTemplate?
    ) throws(SyntaxFailure) {
        switch function {
        case .format:
            switch arguments[0] {
            case .number, .bool, .null:
                throw SyntaxFailure(
                    offset: offsets[0], message: "the first argument of States.Format must be a string template")
            default: break
            }
            if let template {
                let placeholders = template.placeholderCount
                let values = arguments.count - 1
                if placeholders != values {
                    throw SyntaxFailure(
                        offset: offsets[0],
                        message: "the States.Format template has \(placeholders) placeholder"
                            + "\(placeholders == 1 ? "" : "s") '{}' but \(values) value"
                            + "\(values == 1 ? "" : "s") follow\(values == 1 ? "s" : "") it")
                }
            }
        case .hash:
            switch arguments[1] {
            case .string(let algorithm) where !IntrinsicFunction.hashAlgorithms.contains(algorithm):
                throw SyntaxFailure(
                    offset: offsets[1],
                    message: "States.Hash does not support the algorithm '\(algorithm)'; use one of "
                        + IntrinsicFunction.hashAlgorithms.joined(separator: ", "))
            case .number, .bool, .null:
                throw SyntaxFailure(
                    offset: offsets[1],
                    message: "the algorithm of States.Hash must be one of "
                        + IntrinsicFunction.hashAlgorithms.joined(separator: ", "))
            default: break
            }
        case .jsonMerge:
            switch arguments[2] {
            case .bool(false), .path, .call: break
            case .bool(true):
                throw SyntaxFailure(
                    offset: offsets[2],
                    message: "States.JsonMerge supports only shallow merging: its third argument must be false")
            default:
                throw SyntaxFailure(
                    offset: offsets[2], message: "the third argument of States.JsonMerge must be the boolean false")
            }
        default:
            break
        }
    }

    private mutating func parseArgument() throws(SyntaxFailure) -> IntrinsicArgument {
        guard let c = current else {
            throw SyntaxFailure(offset: position, message: "expected an argument\(found())")
        }
        switch c {
        case "'":
            return .string(try parseStringLiteral().value)
        case "\"":
            throw SyntaxFailure(
                offset: position, message: "string literals in intrinsic functions use single quotes, e.g. 'text'")
        case "$":
            var pathParser = JSONPathParser(characters: characters, position: position, depth: depth)
            let path = try pathParser.parsePath(context: .intrinsicArgument)
            position = pathParser.position
            if let next = current, !(Scanning.isWhitespace(next) || next == "," || next == ")") {
                throw SyntaxFailure(offset: position, message: "unexpected \(Scanning.quoted(next)) in a path argument")
            }
            return .path(path)
        case "-":
            return try parseNumber()
        default:
            if Scanning.isDigit(c) {
                return try parseNumber()
            }
            if Scanning.isLetter(c) || c == "_" {
                let start = position
                while let c = current, Scanning.isLetter(c) || Scanning.isDigit(c) || c == "_" { position += 1 }
                let word = String(characters[start..<position])
                switch word {
                case "true": return .bool(true)
                case "false": return .bool(false)
                case "null": return .null
                case "States" where current == ".":
                    position = start
                    return .call(try parseCall())
                default:
                    if current == "." || current == "(" {
                        position = start
                        _ = try parseCall()  // reports "must start with 'States.'"
                    }
                    throw SyntaxFailure(
                        offset: start,
                        message: "unexpected '\(word)'; an argument is a quoted string ('text'), a number, true, "
                            + "false, null, a path starting with '$', or an intrinsic function call")
                }
            }
            throw SyntaxFailure(
                offset: position,
                message: "expected an argument: a quoted string ('text'), a number, true, false, null, a path "
                    + "starting with '$', or an intrinsic function call\(found())")
        }
    }

    private mutating func parseNumber() throws(SyntaxFailure) -> IntrinsicArgument {
        let start = position
        // A leading zero may not be followed by more digits (as in JSON and AWS's grammar).
        var probe = start
        if characters[probe] == "-" { probe += 1 }
        if probe + 1 < characters.count, characters[probe] == "0", Scanning.isDigit(characters[probe + 1]) {
            throw SyntaxFailure(offset: start, message: "a number must not have leading zeros")
        }
        guard let (value, end) = JSONPathParser.scanNumber(characters, from: start) else {
            throw SyntaxFailure(offset: start, message: "invalid number")
        }
        position = end
        if let next = current, !(Scanning.isWhitespace(next) || next == "," || next == ")") {
            throw SyntaxFailure(offset: position, message: "unexpected \(Scanning.quoted(next)) after a number")
        }
        return .number(value)
    }

    /// Parses a single-quoted literal; returns its value and, for `States.Format`, its pieces.
    private mutating func parseStringLiteral() throws(SyntaxFailure) -> (
        value: String, pieces: [IntrinsicCall.FormatTemplate.Piece]
    ) {
        let open = position
        position += 1
        var value = ""
        var pieces: [IntrinsicCall.FormatTemplate.Piece] = []
        var text = ""
        var lastWasUnescapedOpenBrace = false
        while let c = current {
            if c == "'" {
                position += 1
                if !text.isEmpty { pieces.append(.text(text)) }
                return (value, pieces)
            }
            if c == "\\" {
                let escape = position
                position += 1
                guard let e = current else { break }
                guard e == "'" || e == "{" || e == "}" || e == "\\" else {
                    throw SyntaxFailure(
                        offset: escape,
                        message: "invalid escape '\\\(e)' in a string literal; only \\', \\{, \\} and \\\\ are allowed")
                }
                value.append(e)
                text.append(e)
                lastWasUnescapedOpenBrace = false
                position += 1
                continue
            }
            value.append(c)
            if c == "}" && lastWasUnescapedOpenBrace {
                text.removeLast()
                if !text.isEmpty { pieces.append(.text(text)) }
                text = ""
                pieces.append(.placeholder)
                lastWasUnescapedOpenBrace = false
            } else {
                text.append(c)
                lastWasUnescapedOpenBrace = c == "{"
            }
            position += 1
        }
        throw SyntaxFailure(offset: open, message: "unterminated string literal: missing the closing '")
    }
}
