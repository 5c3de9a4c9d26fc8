/// Translates the original design's catalog entries — Python snippets it `eval`-ed — into bound parameters and
/// insert plans, without evaluating anything.
///
/// Exactly these shapes are recognised:
///
/// - `params_select`: `company[N]`, `date`, or a tuple or list of them: `(company[1], date)`, `[company[1], date]`,
///   `(company[1],)`, `company[1], date`. `company[N]` is field N of the row `SELECT companies.*, companies_configurations.configuration_value`
///   (with the original schema 0 = id, 1 = company_id, 2 = status, 3 = alias, 4 = configuration_value); `date` is
///   the batch date minus the company's look-back days, as `YYYY-MM-DD`.
/// - `query_select` with `%s` (or `?`) placeholders, one per parameter; `%%` is a literal `%`.
/// - `query_insert`: `INSERT INTO t(a, b) VALUES `, `REPLACE INTO …`, `INSERT IGNORE INTO …` (names bare or in
///   backticks; the column list may be omitted).
/// - `params_insert`: a `+` concatenation of string literals (single or double quotes) and `row[N]` or
///   `str(row[N])` that spells one parenthesised tuple of values, each `row[N]` bare or wrapped in matching quotes:
///   `'(' + row[0] + ',"' + row[1] + '")'`.
///
/// Anything else — another name, a call, an operator, a statement separator, text outside the tuple — is refused
/// with a ``CatalogError`` (code ``CatalogError/Code/untranslatable``) naming the entry and the offending fragment.
public enum LegacyTranslator {
    /// One parameter of a legacy `params_select` entry.
    public enum SelectParameter: Sendable, Hashable, CustomStringConvertible {
        /// `company[N]`: field `N` of the company row (`companies.*` plus the configuration value).
        case companyField(Int)
        /// `date`: the batch date minus the company's look-back days, `YYYY-MM-DD`.
        case lookBackDate

        /// The entry as written in the catalog: `company[1]` or `date`.
        public var description: String {
            switch self {
            case .companyField(let index): "company[\(index)]"
            case .lookBackDate: "date"
            }
        }
    }

    /// The prefix of the parameter names a legacy SELECT is rewritten with (`:ferry_p1`, `:ferry_p2`, …).
    public static let legacyParameterPrefix = "ferry_p"

    /// Translates a legacy `params_select` entry into its parameters, in placeholder order.
    ///
    /// - Parameters:
    ///   - text: The entry; empty (or only spaces) or `None` means no parameters.
    ///   - subject: Where the entry comes from, for errors (`table row 3 ("users") params_select`).
    /// - Returns: The parameters.
    /// - Throws: ``CatalogError`` with ``CatalogError/Code/untranslatable``.
    public static func selectParameters(_ text: String, subject: String) throws(CatalogError) -> [SelectParameter] {
        var parser = ExpressionParser(text, subject: subject)
        if parser.isAtEnd { return [] }
        // `None`: the original passed no parameters (and the query was not %-formatted).
        if parser.peek() == .name("None") {
            parser.advance()
            try parser.expectEnd()
            return []
        }
        var result: [SelectParameter] = []
        if let open = parser.peekPunct(), open == "(" || open == "[" {
            let close: Character = open == "(" ? ")" : "]"
            parser.advance()
            var sawComma = false
            while !parser.peekIs(punct: close) {
                result.append(try parser.selectElement())
                if parser.peekIs(punct: ",") {
                    parser.advance()
                    sawComma = true
                } else {
                    break
                }
            }
            try parser.expect(punct: close, what: "\(close) to close the \(open == "(" ? "tuple" : "list")")
            // `(company[1])` is one value in parentheses, `(company[1],)` a tuple of one: the same binding.
            _ = sawComma
        } else {
            // `company[1]`, or a tuple without parentheses (`company[1], date`), which `eval` reads the same way.
            result.append(try parser.selectElement())
            while parser.consumePunct(",") {
                if parser.isAtEnd { break }
                result.append(try parser.selectElement())
            }
        }
        try parser.expectEnd()
        return result
    }

    /// Rewrites a legacy SELECT's `%s` (or `?`) placeholders as named ones (`:ferry_p1`, …).
    ///
    /// With parameters, the original passed the query through Python's `%` formatting, so `%s` is a placeholder
    /// and `%%` a literal `%` anywhere in the text; any other `%` form, or a `%s` inside a quoted literal, is
    /// refused. Without `%s`, each `?` outside quotes and comments is a placeholder. Mixing both is refused.
    ///
    /// - Parameters:
    ///   - sql: The `query_select` text.
    ///   - parameterCount: How many parameters `params_select` lists.
    ///   - subject: Where the query comes from, for errors.
    /// - Returns: The SQL with named placeholders.
    /// - Throws: ``CatalogError`` with ``CatalogError/Code/untranslatable`` when the placeholders cannot be
    ///   translated or their number differs from `parameterCount`.
    public static func namedSelect(_ sql: String, parameterCount: Int, subject: String) throws(CatalogError) -> String {
        func refuse(_ reason: String) -> CatalogError {
            CatalogError(code: .untranslatable, subject: subject, reason: reason)
        }
        let chars = Array(sql)
        var out = ""
        var count = 0
        var quote: Character?
        var usesPercent = false
        var usesQuestion = false
        var i = 0
        while i < chars.count {
            let c = chars[i]
            if let q = quote {
                if c == "\\" && i + 1 < chars.count {
                    out.append(c)
                    out.append(chars[i + 1])
                    i += 2
                    continue
                }
                if c == "%" && parameterCount > 0 && i + 1 < chars.count && chars[i + 1] == "s" {
                    throw refuse(
                        "a %s placeholder inside a quoted literal (\(fragment(chars, at: i))) cannot be bound; "
                            + "write it outside the quotes, e.g. LIKE CONCAT(%s, '%%')")
                }
                if c == "%" && parameterCount > 0 {
                    guard i + 1 < chars.count, chars[i + 1] == "%" else {
                        throw refuse(
                            "\"\(fragment(chars, at: i))\": a lone % in a query with parameters is not valid "
                                + "(the original's Python formatting rejects it too); write %% for a literal %")
                    }
                    out.append("%")
                    i += 2
                    continue
                }
                out.append(c)
                if c == q { quote = nil }
                i += 1
                continue
            }
            switch c {
            case "'", "\"", "`":
                quote = c
                out.append(c)
                i += 1
            case "%" where parameterCount > 0 || (i + 1 < chars.count && chars[i + 1] == "s"):
                guard i + 1 < chars.count else {
                    throw refuse("the query ends with a lone %; write %% for a literal %")
                }
                if chars[i + 1] == "s" {
                    count += 1
                    usesPercent = true
                    out += ":" + legacyParameterPrefix + String(count)
                } else if chars[i + 1] == "%" {
                    out.append("%")
                } else {
                    throw refuse(
                        "\"\(fragment(chars, at: i))\" is not a placeholder Ferry translates; use %s for a "
                            + "parameter and %% for a literal %")
                }
                i += 2
            case "?":
                count += 1
                usesQuestion = true
                out += ":" + legacyParameterPrefix + String(count)
                i += 1
            case "-" where i + 1 < chars.count && chars[i + 1] == "-":
                while i < chars.count && chars[i] != "\n" {
                    out.append(chars[i])
                    i += 1
                }
            default:
                out.append(c)
                i += 1
            }
        }
        if usesPercent && usesQuestion {
            throw refuse("the query mixes %s and ? placeholders; use one kind")
        }
        guard count == parameterCount else {
            throw refuse(
                "the query has \(count) placeholder(s) but params_select lists \(parameterCount) value(s); "
                    + "make them match")
        }
        return out
    }

    /// The statement verb of an insert plan.
    public enum InsertVerb: String, Sendable, Hashable, CaseIterable, CustomStringConvertible {
        /// `INSERT INTO`.
        case insert = "INSERT"
        /// `REPLACE INTO`: insert, replacing rows with the same primary or unique key.
        case replace = "REPLACE"
        /// `INSERT IGNORE INTO`: insert, keeping existing rows with the same key.
        case insertIgnore = "INSERT IGNORE"

        /// The verb as SQL.
        public var description: String { rawValue }
    }

    /// A parsed legacy `query_insert`: the verb, the table and its column list (empty when omitted).
    public struct InsertStatement: Sendable, Hashable {
        /// The verb.
        public var verb: InsertVerb
        /// The target table (unquoted).
        public var table: String
        /// The column names (unquoted), or empty when the statement lists none.
        public var columns: [String]
    }

    /// Whether a `query_insert` entry is a legacy statement (it starts with `INSERT` or `REPLACE`).
    ///
    /// - Parameter text: The entry.
    /// - Returns: `true` for the legacy form.
    public static func isLegacyInsert(_ text: String) -> Bool {
        let upper = text.drop(while: \.isWhitespace).prefix(7).uppercased()
        return upper.hasPrefix("INSERT") || upper.hasPrefix("REPLACE")
    }

    /// Parses a legacy `query_insert` such as `REPLACE INTO users(id, username) VALUES `.
    ///
    /// - Parameters:
    ///   - text: The entry.
    ///   - subject: Where it comes from, for errors.
    /// - Returns: The statement.
    /// - Throws: ``CatalogError`` with ``CatalogError/Code/untranslatable``.
    public static func insertStatement(_ text: String, subject: String) throws(CatalogError) -> InsertStatement {
        var scanner = SQLWordScanner(Array(text), subject: subject)
        let first = try scanner.word()
        let verb: InsertVerb
        switch first.uppercased() {
        case "INSERT":
            if scanner.peekWord()?.uppercased() == "IGNORE" {
                _ = try scanner.word()
                verb = .insertIgnore
            } else {
                verb = .insert
            }
        case "REPLACE": verb = .replace
        default: throw scanner.refuse(at: 0, "expected INSERT INTO, INSERT IGNORE INTO or REPLACE INTO")
        }
        let into = try scanner.word()
        guard into.uppercased() == "INTO" else {
            throw scanner.refuse(at: scanner.position, "expected INTO after \(verb)")
        }
        let table = try scanner.identifier()
        if scanner.peek() == "." {
            throw scanner.refuse(
                at: scanner.position,
                "a database-qualified table is not translated; the target database comes from the catalog "
                    + "(target_database_template); name the table alone")
        }
        var columns: [String] = []
        if scanner.peek() == "(" {
            scanner.advance()
            repeat {
                columns.append(try scanner.identifier())
            } while scanner.consume(",")
            guard scanner.consume(")") else {
                throw scanner.refuse(at: scanner.position, "expected , or ) in the column list")
            }
        }
        let values = try scanner.word()
        guard values.uppercased() == "VALUES" else {
            throw scanner.refuse(at: scanner.position, "expected VALUES after the table and its column list")
        }
        _ = scanner.consume(";")
        scanner.skipSpace()
        guard scanner.isAtEnd else {
            throw scanner.refuse(
                at: scanner.position, "unexpected text after VALUES (the values come from params_insert)")
        }
        if Set(columns.map { $0.lowercased() }).count != columns.count {
            throw CatalogError(code: .untranslatable, subject: subject, reason: "a column is listed twice")
        }
        return InsertStatement(verb: verb, table: table, columns: columns)
    }

    /// Translates a legacy `params_insert` expression into the CSV column indexes it inserts, in order.
    ///
    /// - Parameters:
    ///   - text: The expression, such as `'(' + row[0] + ',"' + row[1] + '")'`.
    ///   - subject: Where it comes from, for errors.
    /// - Returns: The CSV column index of each inserted value.
    /// - Throws: ``CatalogError`` with ``CatalogError/Code/untranslatable``.
    public static func insertColumns(_ text: String, subject: String) throws(CatalogError) -> [Int] {
        var parser = ExpressionParser(text, subject: subject)
        enum Piece { case literal(String), column(Int) }
        var pieces: [Piece] = []
        repeat {
            switch parser.peek() {
            case .string(let value)?:
                parser.advance()
                pieces.append(.literal(value))
            case .name("row")?:
                pieces.append(.column(try parser.rowReference()))
            case .name("str")?:
                parser.advance()
                try parser.expect(punct: "(", what: "( after str")
                guard case .name("row")? = parser.peek() else {
                    throw parser.refuse("str() is translated only around row[N]")
                }
                pieces.append(.column(try parser.rowReference()))
                try parser.expect(punct: ")", what: ") to close str(")
            default:
                throw parser.refuse("expected a string literal, row[N] or str(row[N])")
            }
        } while parser.consumePunct("+")
        try parser.expectEnd()

        // Spell the concatenation out, with each column as one marker, and read it as a tuple of values.
        enum Symbol: Equatable { case char(Character), column(Int) }
        var symbols: [Symbol] = []
        for piece in pieces {
            switch piece {
            case .literal(let text): symbols += text.map(Symbol.char)
            case .column(let index): symbols.append(.column(index))
            }
        }
        func spelled(_ from: Int) -> String {
            var text = ""
            for symbol in symbols[from...].prefix(40) {
                switch symbol {
                case .char(let c): text.append(c)
                case .column(let index): text += "row[\(index)]"
                }
            }
            return text
        }
        func refuse(at index: Int, _ reason: String) -> CatalogError {
            CatalogError(
                code: .untranslatable, subject: subject,
                reason: "\"\(spelled(min(index, symbols.count)))\": \(reason); the expression must spell one "
                    + "tuple of values such as '(' + row[0] + ',\"' + row[1] + '\")'")
        }
        var i = 0
        func skipSpace() { while i < symbols.count, case .char(let c) = symbols[i], c == " " { i += 1 } }
        skipSpace()
        guard i < symbols.count, symbols[i] == .char("(") else { throw refuse(at: i, "expected (") }
        i += 1
        var columns: [Int] = []
        while true {
            skipSpace()
            var quote: Character?
            if i < symbols.count, case .char(let c) = symbols[i], c == "'" || c == "\"" {
                quote = c
                i += 1
            }
            guard i < symbols.count, case .column(let index) = symbols[i] else {
                throw refuse(at: i, "expected row[N] (constants and other text are not translated)")
            }
            columns.append(index)
            i += 1
            if let quote {
                guard i < symbols.count, symbols[i] == .char(quote) else {
                    throw refuse(at: i, "expected the closing \(quote) after row[\(index)]")
                }
                i += 1
            }
            skipSpace()
            if i < symbols.count, symbols[i] == .char(",") {
                i += 1
                continue
            }
            guard i < symbols.count, symbols[i] == .char(")") else { throw refuse(at: i, "expected , or )") }
            i += 1
            break
        }
        skipSpace()
        guard i == symbols.count else { throw refuse(at: i, "unexpected text after the closing )") }
        return columns
    }

    /// Parses a plain, comma-separated column list (`id, username`), the new-style `params_insert`.
    ///
    /// - Parameters:
    ///   - text: The list.
    ///   - subject: Where it comes from, for errors.
    /// - Returns: The names; empty for an empty list.
    /// - Throws: ``CatalogError`` with ``CatalogError/Code/untranslatable`` for anything but names and commas.
    public static func columnList(_ text: String, subject: String) throws(CatalogError) -> [String] {
        var scanner = SQLWordScanner(Array(text), subject: subject)
        scanner.skipSpace()
        if scanner.isAtEnd { return [] }
        var names: [String] = []
        repeat {
            names.append(try scanner.identifier())
        } while scanner.consume(",")
        scanner.skipSpace()
        guard scanner.isAtEnd else {
            throw scanner.refuse(at: scanner.position, "expected a comma-separated list of column names")
        }
        return names
    }

    static func fragment(_ chars: [Character], at index: Int) -> String {
        String(chars[index...].prefix(30))
    }
}

// MARK: - Tokenizer for the Python snippets

private enum Token: Equatable {
    case name(String)
    case integer(Int)
    case string(String)
    case punct(Character)
    /// Text that is not part of any shape; parsing stops here, and the refusal quotes from the earliest
    /// unexpected token (so `__import__('os').system()` is quoted from `__import__`).
    case invalid
}

private struct ExpressionParser {
    let text: [Character]
    let subject: String
    var tokens: [(token: Token, offset: Int)] = []
    var index = 0

    init(_ source: String, subject: String) {
        text = Array(source)
        self.subject = subject
        var i = 0
        while i < text.count {
            let c = text[i]
            if c.isWhitespace {
                i += 1
            } else if c.isASCII && (c.isLetter || c == "_") {
                let start = i
                while i < text.count, text[i].isASCII, text[i].isLetter || text[i].isNumber || text[i] == "_" { i += 1 }
                tokens.append((.name(String(text[start..<i])), start))
            } else if c.isASCII && c.isNumber {
                let start = i
                while i < text.count, text[i].isASCII, text[i].isNumber { i += 1 }
                guard i - start <= 4, let value = Int(String(text[start..<i])) else {
                    tokens.append((.invalid, start))
                    return
                }
                tokens.append((.integer(value), start))
            } else if c == "'" || c == "\"" {
                let start = i
                i += 1
                var value = ""
                var closed = false
                while i < text.count {
                    let d = text[i]
                    if d == "\\" {
                        guard i + 1 < text.count, ["\\", "'", "\""].contains(text[i + 1]) else {
                            tokens.append((.invalid, start))
                            return
                        }
                        value.append(text[i + 1])
                        i += 2
                    } else if d == c {
                        i += 1
                        closed = true
                        break
                    } else if d == "\n" || d == "\r" {
                        break
                    } else {
                        value.append(d)
                        i += 1
                    }
                }
                guard closed else {
                    tokens.append((.invalid, start))
                    return
                }
                // Python's adjacent literals ('a' 'b') and prefixes (r'', f'') are not part of the shapes.
                tokens.append((.string(value), start))
            } else if "()[],+".contains(c) {
                tokens.append((.punct(c), i))
                i += 1
            } else {
                tokens.append((.invalid, i))
                return
            }
        }
    }

    static func refusal(_ subject: String, _ text: [Character], _ offset: Int, _ reason: String) -> CatalogError {
        let fragment = String(text[min(offset, text.count)...].prefix(30))
        return CatalogError(
            code: .untranslatable, subject: subject,
            reason: "\"\(fragment)\": \(reason) (Ferry never evaluates catalog entries)")
    }

    var isAtEnd: Bool { index >= tokens.count }

    func peek() -> Token? { isAtEnd ? nil : tokens[index].token }

    func peekPunct() -> Character? {
        if case .punct(let c)? = peek() { return c }
        return nil
    }

    func peekIs(punct: Character) -> Bool { peekPunct() == punct }

    mutating func advance() { index += 1 }

    mutating func consumePunct(_ c: Character) -> Bool {
        guard peekIs(punct: c) else { return false }
        advance()
        return true
    }

    func refuse(_ reason: String) -> CatalogError {
        Self.refusal(subject, text, isAtEnd ? text.count : tokens[index].offset, reason)
    }

    mutating func expect(punct: Character, what: String) throws(CatalogError) {
        guard consumePunct(punct) else { throw refuse("expected \(what)") }
    }

    func expectEnd() throws(CatalogError) {
        guard isAtEnd else { throw refuse("unexpected text after the expression") }
    }

    mutating func index(after name: String) throws(CatalogError) -> Int {
        advance()
        try expect(punct: "[", what: "[ after \(name)")
        guard case .integer(let value)? = peek() else { throw refuse("expected a field number in \(name)[N]") }
        advance()
        try expect(punct: "]", what: "] to close \(name)[")
        return value
    }

    mutating func selectElement() throws(CatalogError) -> LegacyTranslator.SelectParameter {
        switch peek() {
        case .name("company")?: return .companyField(try index(after: "company"))
        case .name("date")?:
            advance()
            return .lookBackDate
        default: throw refuse("expected company[N] or date")
        }
    }

    mutating func rowReference() throws(CatalogError) -> Int { try index(after: "row") }
}

// MARK: - Scanner for the SQL of query_insert and column lists

private struct SQLWordScanner {
    let chars: [Character]
    let subject: String
    var position = 0

    init(_ chars: [Character], subject: String) {
        self.chars = chars
        self.subject = subject
    }

    var isAtEnd: Bool { position >= chars.count }

    mutating func skipSpace() { while position < chars.count && chars[position].isWhitespace { position += 1 } }

    mutating func peek() -> Character? {
        skipSpace()
        return isAtEnd ? nil : chars[position]
    }

    mutating func advance() { position += 1 }

    mutating func consume(_ c: Character) -> Bool {
        guard peek() == c else { return false }
        position += 1
        return true
    }

    func refuse(at offset: Int, _ reason: String) -> CatalogError {
        let fragment = String(chars[min(offset, chars.count)...].prefix(30))
        return CatalogError(code: .untranslatable, subject: subject, reason: "\"\(fragment)\": \(reason)")
    }

    static func isWordChar(_ c: Character) -> Bool { c.isASCII && (c.isLetter || c.isNumber || c == "_" || c == "$") }

    mutating func peekWord() -> String? {
        let saved = position
        defer { position = saved }
        return try? word()
    }

    mutating func word() throws(CatalogError) -> String {
        skipSpace()
        let start = position
        while position < chars.count && Self.isWordChar(chars[position]) { position += 1 }
        guard position > start else { throw refuse(at: start, "expected a word") }
        return String(chars[start..<position])
    }

    /// A bare identifier (letters, digits, `_`, `$`, not starting with a digit) or one in backticks.
    mutating func identifier() throws(CatalogError) -> String {
        skipSpace()
        if position < chars.count && chars[position] == "`" {
            let start = position
            position += 1
            var name = ""
            while position < chars.count {
                if chars[position] == "`" {
                    if position + 1 < chars.count && chars[position + 1] == "`" {
                        name.append("`")
                        position += 2
                        continue
                    }
                    position += 1
                    guard !name.isEmpty else { throw refuse(at: start, "empty quoted name") }
                    return name
                }
                name.append(chars[position])
                position += 1
            }
            throw refuse(at: start, "unterminated `quoted` name")
        }
        let start = position
        guard position < chars.count, Self.isWordChar(chars[position]), !chars[position].isNumber else {
            throw refuse(at: start, "expected a table or column name")
        }
        while position < chars.count && Self.isWordChar(chars[position]) { position += 1 }
        return String(chars[start..<position])
    }
}
