import JSONValue

/// A recursive-descent scanner for Jayway JSONPath, working on the characters of the enclosing text so that
/// paths nested in filters, function arguments and intrinsic calls report absolute offsets.
struct JSONPathParser {
    /// Where a path appears; decides which characters end a dot name and which roots are allowed.
    enum Context {
        /// A whole path field; only `.`, `[` and `(` end a name, and spaces are errors.
        case topLevel
        /// An operand inside `[?( ... )]`.
        case filter
        /// An argument of a path function such as `concat(...)`.
        case functionArgument
        /// An argument of an intrinsic function such as `States.Format(...)`.
        case intrinsicArgument
    }

    let characters: [Character]
    var position: Int
    var depth: Int

    private var isAtEnd: Bool { position >= characters.count }
    private var current: Character? { position < characters.count ? characters[position] : nil }
    private func peek(_ offset: Int) -> Character? {
        let i = position + offset
        return i < characters.count ? characters[i] : nil
    }

    // MARK: Entry points

    /// Parses a whole path field: the path, optional trailing whitespace, then the end of the text.
    mutating func parseTopLevel() throws(SyntaxFailure) -> JSONPath {
        if characters.isEmpty {
            throw SyntaxFailure(offset: 0, message: "a path must not be empty; use '$' for the whole input")
        }
        let path = try parsePath(context: .topLevel)
        let stop = position
        skipWhitespace()
        if let c = current {
            if stop < position {
                throw SyntaxFailure(
                    offset: stop,
                    message: "a path must not contain spaces outside quoted names; use bracket notation, "
                        + "e.g. ['my name']")
            }
            switch c {
            case "]": throw SyntaxFailure(offset: position, message: "unbalanced ']'")
            case ")": throw SyntaxFailure(offset: position, message: "unbalanced ')'")
            default:
                throw SyntaxFailure(
                    offset: position,
                    message: "unexpected character \(Scanning.quoted(c)); expected '.', '..', '[' or the end of the path")
            }
        }
        return path
    }

    /// Parses one path starting at ``position`` and stops after its last segment.
    mutating func parsePath(context: Context) throws(SyntaxFailure) -> JSONPath {
        let start = position
        let root = try parseRoot(context: context)
        var segments: [JSONPath.Segment] = []
        while let c = current {
            if case .function = segments.last {
                if c == "." || c == "[" {
                    throw SyntaxFailure(
                        offset: position, message: "a function call such as 'length()' must be the last part of a path")
                }
                break
            }
            if c == "." {
                if peek(1) == "." {
                    segments.append(try parseDeepScan(context: context))
                } else {
                    segments.append(try parseDotSegment(context: context))
                }
            } else if c == "[" {
                segments.append(try parseBracket(context: context))
            } else {
                break
            }
        }
        return JSONPath(root: root, segments: segments, text: String(characters[start..<position]))
    }

    // MARK: Roots

    private mutating func parseRoot(context: Context) throws(SyntaxFailure) -> JSONPath.Root {
        guard let c = current else {
            throw SyntaxFailure(offset: position, message: "expected a path starting with '$'")
        }
        if c == "@" {
            guard context == .filter || context == .functionArgument else {
                throw SyntaxFailure(
                    offset: position, message: "'@' (the current item) can only be used inside a filter expression")
            }
            position += 1
            return .current
        }
        guard c == "$" else {
            throw SyntaxFailure(offset: position, message: "a path must start with '$'")
        }
        let dollar = position
        position += 1
        guard let next = current else { return .input }
        if next == "$" {
            if context == .filter || context == .functionArgument {
                throw SyntaxFailure(
                    offset: dollar, message: "the context object '$$' cannot be used inside a filter expression")
            }
            position += 1
            if current == "$" {
                throw SyntaxFailure(offset: position, message: "unexpected '$' after '$$'")
            }
            return .context
        }
        if Scanning.isDigit(next) {
            throw SyntaxFailure(offset: position, message: "a variable name must not start with a digit")
        }
        if Self.isVariableStart(next) {
            let nameStart = position
            while let c = current, Self.isVariableContinue(c) { position += 1 }
            let name = String(characters[nameStart..<position])
            if context == .filter || context == .functionArgument {
                throw SyntaxFailure(
                    offset: dollar, message: "variables such as '$\(name)' cannot be used inside a filter expression")
            }
            if name == "states" {
                throw SyntaxFailure(
                    offset: dollar,
                    message: "'$states' is reserved for JSONata and cannot be used in a JSONPath expression")
            }
            if name.count > 80 {
                throw SyntaxFailure(
                    offset: nameStart, message: "a variable name must be at most 80 characters long, got \(name.count)")
            }
            return .variable(name)
        }
        return .input
    }

    /// Whether `c` may start a variable name: a Unicode ID_Start character or `_`.
    static func isVariableStart(_ c: Character) -> Bool {
        if c == "_" { return true }
        guard let first = c.unicodeScalars.first else { return false }
        return first.properties.isIDStart && c.unicodeScalars.dropFirst().allSatisfy { $0.properties.isIDContinue }
    }

    /// Whether `c` may continue a variable name: a Unicode ID_Continue character.
    static func isVariableContinue(_ c: Character) -> Bool {
        c.unicodeScalars.allSatisfy { $0.properties.isIDContinue }
    }

    // MARK: Dot segments

    /// Whether `c` ends a dot name in `context`.
    private func endsName(_ c: Character, context: Context) -> Bool {
        if c == "." || c == "[" || c == "(" || Scanning.isWhitespace(c) { return true }
        switch context {
        case .topLevel:
            return c == "]" || c == ")"
        case .filter:
            return ")],<>=!~&|".contains(c)
        case .functionArgument, .intrinsicArgument:
            return c == ")" || c == ","
        }
    }

    /// Whether the path may end before `c` (or at the end of the text) in `context`.
    private func mayFollowSegment(_ c: Character?, context: Context) -> Bool {
        guard let c else { return true }
        return c == "." || c == "[" || endsName(c, context: context)
    }

    private mutating func parseDotSegment(context: Context) throws(SyntaxFailure) -> JSONPath.Segment {
        let dot = position
        position += 1
        guard let c = current, !(Scanning.isWhitespace(c) && context != .topLevel) else {
            throw SyntaxFailure(offset: position, message: "a path must not end with '.'")
        }
        if c == "[" {
            return try parseBracket(context: context)
        }
        if c == "*" {
            position += 1
            if !mayFollowSegment(current, context: context) {
                throw SyntaxFailure(
                    offset: position, message: "unexpected character \(Scanning.quoted(current!)) after '*'")
            }
            return .wildcard
        }
        let nameStart = position
        let name = readName(context: context)
        if name.isEmpty {
            if Scanning.isWhitespace(c) {
                if characters[position...].allSatisfy(Scanning.isWhitespace) {
                    throw SyntaxFailure(offset: dot + 1, message: "a path must not end with '.'")
                }
                throw SyntaxFailure(
                    offset: position,
                    message: "a path must not contain spaces outside quoted names; use bracket notation, "
                        + "e.g. ['my name']")
            }
            if context != .topLevel {
                throw SyntaxFailure(offset: position, message: "a path must not end with '.'")
            }
            throw SyntaxFailure(
                offset: position, message: "expected a name after '.', found \(Scanning.quoted(c))")
        }
        if current == "(" {
            return .function(try parseFunction(name: name, nameStart: nameStart))
        }
        return .child(name)
    }

    private mutating func readName(context: Context) -> String {
        let start = position
        while let c = current, !endsName(c, context: context) { position += 1 }
        return String(characters[start..<position])
    }

    private mutating func parseDeepScan(context: Context) throws(SyntaxFailure) -> JSONPath.Segment {
        let scan = position
        position += 2
        guard let c = current, !Scanning.isWhitespace(c) else {
            throw SyntaxFailure(offset: position, message: "'..' must be followed by a name, '*' or '['")
        }
        switch c {
        case ".":
            throw SyntaxFailure(offset: position, message: "unexpected '.' after '..'")
        case "[":
            return .descendant(try parseBracket(context: context))
        case "*":
            position += 1
            if !mayFollowSegment(current, context: context) {
                throw SyntaxFailure(
                    offset: position, message: "unexpected character \(Scanning.quoted(current!)) after '*'")
            }
            return .descendant(.wildcard)
        default:
            let name = readName(context: context)
            if name.isEmpty {
                throw SyntaxFailure(
                    offset: position, message: "'..' must be followed by a name, '*' or '[', found \(Scanning.quoted(c))")
            }
            if current == "(" {
                throw SyntaxFailure(offset: scan, message: "a function call cannot follow '..'; write '$..name.\(name)()'")
            }
            return .descendant(.child(name))
        }
    }

    // MARK: Brackets

    private mutating func parseBracket(context: Context) throws(SyntaxFailure) -> JSONPath.Segment {
        let open = position
        position += 1
        skipWhitespace()
        guard let c = current else {
            throw SyntaxFailure(offset: position, message: "expected an index, a quoted name, '*', or '?(' after '['")
        }
        let segment: JSONPath.Segment
        switch c {
        case "*":
            position += 1
            segment = .wildcard
        case "'", "\"":
            var names = [try parseQuotedString()]
            skipWhitespace()
            while current == "," {
                position += 1
                skipWhitespace()
                guard let q = current, q == "'" || q == "\"" else {
                    throw SyntaxFailure(offset: position, message: "expected a quoted name after ','")
                }
                names.append(try parseQuotedString())
                skipWhitespace()
            }
            segment = names.count == 1 ? .child(names[0]) : .children(names)
        case "?":
            position += 1
            skipWhitespace()
            guard current == "(" else {
                throw SyntaxFailure(offset: position, message: "expected '(' after '[?'")
            }
            let paren = position
            position += 1
            try enter()
            let expression = try parseOr()
            depth -= 1
            skipWhitespace()
            guard current == ")" else {
                throw SyntaxFailure(offset: position, message: expectedMessage("')' to close the '(' at offset \(paren)"))
            }
            position += 1
            segment = .filter(expression)
        case "-", ":":
            segment = try parseIndexOrSlice(open: open)
        default:
            if Scanning.isDigit(c) {
                segment = try parseIndexOrSlice(open: open)
            } else {
                throw SyntaxFailure(
                    offset: position, message: "expected an index, a quoted name, '*', or '?(' after '['")
            }
        }
        skipWhitespace()
        guard current == "]" else {
            throw SyntaxFailure(offset: position, message: expectedMessage("']' to close the '[' at offset \(open)"))
        }
        position += 1
        return segment
    }

    private func expectedMessage(_ what: String) -> String {
        if let c = current {
            return "expected \(what), found \(Scanning.quoted(c))"
        }
        return "expected \(what)"
    }

    private mutating func parseIndexOrSlice(open: Int) throws(SyntaxFailure) -> JSONPath.Segment {
        var start: Int?
        if current != ":" {
            start = try parseInteger()
            skipWhitespace()
        }
        if current == ":" {
            position += 1
            skipWhitespace()
            var end: Int?
            var step: Int?
            if let c = current, c == "-" || Scanning.isDigit(c) {
                end = try parseInteger()
                skipWhitespace()
            }
            if current == ":" {
                position += 1
                skipWhitespace()
                if let c = current, c == "-" || Scanning.isDigit(c) {
                    let stepOffset = position
                    step = try parseInteger()
                    if step == 0 {
                        throw SyntaxFailure(offset: stepOffset, message: "a slice step must not be 0")
                    }
                    skipWhitespace()
                }
            }
            if start == nil && end == nil {
                throw SyntaxFailure(offset: open, message: "a slice needs a start or an end index, e.g. [1:] or [:2]")
            }
            return .slice(start: start, end: end, step: step)
        }
        guard let first = start else {
            throw SyntaxFailure(offset: position, message: "expected an index")
        }
        if current == "," {
            var indexes = [first]
            while current == "," {
                position += 1
                skipWhitespace()
                guard let c = current, c == "-" || Scanning.isDigit(c) else {
                    throw SyntaxFailure(offset: position, message: expectedMessage("an index after ','"))
                }
                indexes.append(try parseInteger())
                skipWhitespace()
            }
            return .indexes(indexes)
        }
        return .index(first)
    }

    private mutating func parseInteger() throws(SyntaxFailure) -> Int {
        let start = position
        var negative = false
        if current == "-" {
            negative = true
            position += 1
        }
        guard let c = current, Scanning.isDigit(c) else {
            throw SyntaxFailure(offset: position, message: expectedMessage("a digit"))
        }
        var value = 0
        while let c = current, Scanning.isDigit(c) {
            let digit = Int(c.asciiValue! - 0x30)
            let (m, o1) = value.multipliedReportingOverflow(by: 10)
            let (s, o2) = negative ? m.subtractingReportingOverflow(digit) : m.addingReportingOverflow(digit)
            if o1 || o2 {
                throw SyntaxFailure(offset: start, message: "index is out of range")
            }
            value = s
            position += 1
        }
        return value
    }

    // MARK: Quoted strings

    /// Parses a single- or double-quoted string with JSON-style escapes; ``position`` is on the opening quote.
    mutating func parseQuotedString() throws(SyntaxFailure) -> String {
        let quote = characters[position]
        let open = position
        position += 1
        var result = ""
        while let c = current {
            if c == quote {
                position += 1
                return result
            }
            if c == "\\" {
                let escape = position
                position += 1
                guard let e = current else { break }
                switch e {
                case "'", "\"", "\\", "/": result.append(e)
                case "b": result.append("\u{8}")
                case "f": result.append("\u{C}")
                case "n": result.append("\n")
                case "r": result.append("\r")
                case "t": result.append("\t")
                case "u":
                    result.unicodeScalars.append(try parseUnicodeEscape(escapeStart: escape))
                    continue
                default:
                    throw SyntaxFailure(offset: escape, message: "invalid escape '\\\(e)' in a quoted string")
                }
                position += 1
                continue
            }
            result.append(c)
            position += 1
        }
        throw SyntaxFailure(offset: open, message: "unterminated string: missing the closing \(quote)")
    }

    /// Parses `uXXXX` (and a following low surrogate `\uXXXX` when needed); ``position`` is on the `u`.
    private mutating func parseUnicodeEscape(escapeStart: Int) throws(SyntaxFailure) -> Unicode.Scalar {
        func hex4(_ parser: inout JSONPathParser) -> UInt32? {
            var value: UInt32 = 0
            for _ in 0..<4 {
                guard let c = parser.current, let digit = c.hexDigitValue, c.isASCII else { return nil }
                value = value * 16 + UInt32(digit)
                parser.position += 1
            }
            return value
        }
        position += 1
        guard let high = hex4(&self) else {
            throw SyntaxFailure(offset: escapeStart, message: "invalid \\u escape: expected 4 hexadecimal digits")
        }
        if (0xD800..<0xDC00).contains(high) {
            if current == "\\", peek(1) == "u" {
                position += 2
                if let low = hex4(&self), (0xDC00..<0xE000).contains(low) {
                    return Unicode.Scalar(0x10000 + ((high - 0xD800) << 10) + (low - 0xDC00))!
                }
            }
            throw SyntaxFailure(offset: escapeStart, message: "invalid \\u escape: unpaired surrogate")
        }
        guard let scalar = Unicode.Scalar(high) else {
            throw SyntaxFailure(offset: escapeStart, message: "invalid \\u escape: unpaired surrogate")
        }
        return scalar
    }

    // MARK: Functions

    private mutating func parseFunction(name: String, nameStart: Int) throws(SyntaxFailure) -> JSONPath.Function {
        guard let function = JSONPath.Function.Name(rawValue: name) else {
            let known = JSONPath.Function.Name.allCases.map { $0.rawValue + "()" }.joined(separator: ", ")
            throw SyntaxFailure(
                offset: nameStart, message: "unknown function '\(name)()'; JSONPath functions are \(known)")
        }
        let paren = position
        position += 1
        skipWhitespace()
        var arguments: [JSONPath.Function.Argument] = []
        if current == ")" {
            position += 1
        } else {
            while true {
                arguments.append(try parseFunctionArgument())
                skipWhitespace()
                if current == "," {
                    position += 1
                    skipWhitespace()
                    continue
                }
                if current == ")" {
                    position += 1
                    break
                }
                throw SyntaxFailure(
                    offset: position,
                    message: expectedMessage("',' or ')' in the arguments of \(name)() opened at offset \(paren)"))
            }
        }
        let arity = function.arity
        if !arity.contains(arguments.count) {
            let expected =
                arity.upperBound == 0
                ? "no arguments" : arity.lowerBound == arity.upperBound
                    ? "\(arity.lowerBound) argument\(arity.lowerBound == 1 ? "" : "s")"
                    : "at least \(arity.lowerBound) argument\(arity.lowerBound == 1 ? "" : "s")"
            throw SyntaxFailure(offset: nameStart, message: "\(name)() takes \(expected), got \(arguments.count)")
        }
        return JSONPath.Function(name: function, arguments: arguments)
    }

    private mutating func parseFunctionArgument() throws(SyntaxFailure) -> JSONPath.Function.Argument {
        guard let c = current else {
            throw SyntaxFailure(offset: position, message: "expected a function argument")
        }
        if c == "$" || c == "@" {
            try enter()
            let path = try parsePath(context: .functionArgument)
            depth -= 1
            return .path(path)
        }
        return .literal(try parseJSONLiteral())
    }

    // MARK: Filter expressions

    private mutating func enter() throws(SyntaxFailure) {
        depth += 1
        if depth > Scanning.maximumNestingDepth {
            throw SyntaxFailure(
                offset: position, message: "nesting is deeper than \(Scanning.maximumNestingDepth) levels")
        }
    }

    private mutating func parseOr() throws(SyntaxFailure) -> JSONPath.FilterExpression {
        var left = try parseAnd()
        while true {
            skipWhitespace()
            guard current == "|" else { return left }
            guard peek(1) == "|" else {
                throw SyntaxFailure(offset: position, message: "unknown operator '|'; did you mean '||'?")
            }
            position += 2
            left = .or(left, try parseAnd())
        }
    }

    private mutating func parseAnd() throws(SyntaxFailure) -> JSONPath.FilterExpression {
        var left = try parseUnary()
        while true {
            skipWhitespace()
            guard current == "&" else { return left }
            guard peek(1) == "&" else {
                throw SyntaxFailure(offset: position, message: "unknown operator '&'; did you mean '&&'?")
            }
            position += 2
            left = .and(left, try parseUnary())
        }
    }

    private mutating func parseUnary() throws(SyntaxFailure) -> JSONPath.FilterExpression {
        skipWhitespace()
        try enter()
        defer { depth -= 1 }
        if current == "!" {
            position += 1
            return .not(try parseUnary())
        }
        if current == "(" {
            let paren = position
            position += 1
            let expression = try parseOr()
            skipWhitespace()
            guard current == ")" else {
                throw SyntaxFailure(offset: position, message: expectedMessage("')' to close the '(' at offset \(paren)"))
            }
            position += 1
            return expression
        }
        return try parseComparison()
    }

    private mutating func parseComparison() throws(SyntaxFailure) -> JSONPath.FilterExpression {
        let start = position
        let left = try parseOperand()
        skipWhitespace()
        if let op = try parseOperator() {
            skipWhitespace()
            let right = try parseOperand()
            return .comparison(left, op, right)
        }
        guard case .path(let path) = left else {
            throw SyntaxFailure(
                offset: start,
                message: "a literal on its own is not a condition; compare it with an operator such as '=='")
        }
        return .exists(path)
    }

    private mutating func parseOperator() throws(SyntaxFailure) -> JSONPath.ComparisonOperator? {
        guard let c = current else { return nil }
        let start = position
        if "=<>!~".contains(c) {
            while let c = current, "=<>!~".contains(c) { position += 1 }
            let text = String(characters[start..<position])
            guard let op = JSONPath.ComparisonOperator(rawValue: text) else {
                let hint = text == "=" ? "; did you mean '=='?" : ""
                throw SyntaxFailure(offset: start, message: "unknown operator '\(text)'\(hint)")
            }
            return op
        }
        if Scanning.isLetter(c) {
            while let c = current, Scanning.isLetter(c) { position += 1 }
            let text = String(characters[start..<position])
            guard let op = JSONPath.ComparisonOperator(rawValue: text.lowercased()), Scanning.isLetter(text.first!)
            else {
                throw SyntaxFailure(offset: start, message: "unknown operator '\(text)'")
            }
            return op
        }
        return nil
    }

    private mutating func parseOperand() throws(SyntaxFailure) -> JSONPath.FilterOperand {
        skipWhitespace()
        guard let c = current else {
            throw SyntaxFailure(offset: position, message: "expected a value in the filter expression")
        }
        switch c {
        case "@", "$":
            try enter()
            let path = try parsePath(context: .filter)
            depth -= 1
            return .path(path)
        case "/":
            return try parseRegex()
        default:
            if c == "'" || c == "\"" || c == "-" || c == "[" || c == "{" || Scanning.isDigit(c) || Scanning.isLetter(c) {
                return .literal(try parseJSONLiteral())
            }
            throw SyntaxFailure(
                offset: position,
                message: "expected a value: a path starting with '@' or '$', a number, a quoted string, true, false, "
                    + "null, a JSON array or a regular expression, found \(Scanning.quoted(c))")
        }
    }

    private mutating func parseRegex() throws(SyntaxFailure) -> JSONPath.FilterOperand {
        let open = position
        position += 1
        var pattern = ""
        while let c = current, c != "/" {
            if c == "\\", let next = peek(1) {
                pattern.append(c)
                pattern.append(next)
                position += 2
                continue
            }
            pattern.append(c)
            position += 1
        }
        guard current == "/" else {
            throw SyntaxFailure(offset: open, message: "unterminated regular expression: missing the closing '/'")
        }
        position += 1
        var flags = ""
        while let c = current, Scanning.isLetter(c) {
            guard "idmsuxU".contains(c) else {
                throw SyntaxFailure(
                    offset: position, message: "unknown regular expression flag '\(c)'; use i, d, m, s, u, x or U")
            }
            flags.append(c)
            position += 1
        }
        return .regex(pattern: pattern, flags: flags)
    }

    // MARK: JSON literals

    /// Parses a literal in Jayway's lenient JSON: strings may use single or double quotes.
    mutating func parseJSONLiteral() throws(SyntaxFailure) -> JSONValue {
        guard let c = current else {
            throw SyntaxFailure(offset: position, message: "expected a value")
        }
        switch c {
        case "'", "\"":
            return .string(try parseQuotedString())
        case "[":
            try enter()
            defer { depth -= 1 }
            let open = position
            position += 1
            skipWhitespace()
            var elements: [JSONValue] = []
            if current == "]" {
                position += 1
                return .array(elements)
            }
            while true {
                skipWhitespace()
                elements.append(try parseJSONLiteral())
                skipWhitespace()
                if current == "," {
                    position += 1
                    continue
                }
                if current == "]" {
                    position += 1
                    return .array(elements)
                }
                throw SyntaxFailure(
                    offset: position, message: expectedMessage("',' or ']' in the array opened at offset \(open)"))
            }
        case "{":
            try enter()
            defer { depth -= 1 }
            let open = position
            position += 1
            skipWhitespace()
            var object = JSONObject()
            if current == "}" {
                position += 1
                return .object(object)
            }
            while true {
                skipWhitespace()
                guard let q = current, q == "'" || q == "\"" else {
                    throw SyntaxFailure(offset: position, message: expectedMessage("a quoted member name"))
                }
                let key = try parseQuotedString()
                skipWhitespace()
                guard current == ":" else {
                    throw SyntaxFailure(offset: position, message: expectedMessage("':' after the member name"))
                }
                position += 1
                skipWhitespace()
                object[key] = try parseJSONLiteral()
                skipWhitespace()
                if current == "," {
                    position += 1
                    continue
                }
                if current == "}" {
                    position += 1
                    return .object(object)
                }
                throw SyntaxFailure(
                    offset: position, message: expectedMessage("',' or '}' in the object opened at offset \(open)"))
            }
        default:
            if c == "-" || Scanning.isDigit(c) {
                return try parseNumber()
            }
            if Scanning.isLetter(c) {
                let start = position
                while let c = current, Scanning.isLetter(c) || Scanning.isDigit(c) || c == "_" { position += 1 }
                let word = String(characters[start..<position])
                switch word {
                case "true": return .bool(true)
                case "false": return .bool(false)
                case "null": return .null
                default:
                    throw SyntaxFailure(
                        offset: start,
                        message: "unexpected word '\(word)'; strings must be quoted, e.g. '\(word)'")
                }
            }
            throw SyntaxFailure(offset: position, message: "expected a value, found \(Scanning.quoted(c))")
        }
    }

    /// Parses a JSON number: `-?digits(.digits)?([eE][+-]?digits)?`.
    mutating func parseNumber() throws(SyntaxFailure) -> JSONValue {
        guard let (value, end) = Self.scanNumber(characters, from: position) else {
            throw SyntaxFailure(offset: position, message: "invalid number")
        }
        position = end
        return value
    }

    /// Scans a JSON number at `start`; returns the value and the offset just past it, or nil if there is none.
    static func scanNumber(_ characters: [Character], from start: Int) -> (JSONValue, Int)? {
        var i = start
        func digits() -> Int {
            let s = i
            while i < characters.count, Scanning.isDigit(characters[i]) { i += 1 }
            return i - s
        }
        if i < characters.count, characters[i] == "-" { i += 1 }
        guard digits() > 0 else { return nil }
        var isInteger = true
        if i < characters.count, characters[i] == "." {
            let save = i
            i += 1
            if digits() == 0 {
                i = save
                return nil
            }
            isInteger = false
        }
        if i < characters.count, characters[i] == "e" || characters[i] == "E" {
            i += 1
            if i < characters.count, characters[i] == "+" || characters[i] == "-" { i += 1 }
            guard digits() > 0 else { return nil }
            isInteger = false
        }
        let text = String(characters[start..<i])
        if isInteger, let value = Int(text) {
            return (.integer(value), i)
        }
        guard let double = Double(text), double.isFinite else { return nil }
        return (.double(double), i)
    }

    // MARK: Whitespace

    mutating func skipWhitespace() {
        while let c = current, Scanning.isWhitespace(c) { position += 1 }
    }
}
