/// A query with named placeholders (`:name`) and the values to bind to them.
///
/// Every connector binds positional `?` placeholders; a named query is rewritten to that form by
/// ``positional(for:)``: each `:name` outside string literals, quoted identifiers and comments becomes `?`, and the
/// values are listed in the order the placeholders appear (a name used twice is bound twice). The values are
/// always bound by the database, never spliced into the SQL text.
///
/// ```swift
/// let query = NamedQuery("SELECT * FROM orders WHERE company_id = :company AND day >= :since",
///                        parameters: ["company": .integer(42), "since": .text("2024-05-01")])
/// let (sql, values) = try query.positional(for: .mysql)
/// // sql == "SELECT * FROM orders WHERE company_id = ? AND day >= ?"
/// ```
///
/// Rules:
/// - A placeholder is `:` followed by a letter or `_`, then letters, digits and `_`. `::` (PostgreSQL casts) and
///   `:=` are left alone, as is anything inside `'...'`, `"..."`, `` `...` ``, `--`/`#` line comments (`#` on
///   MySQL only), `/* */` comments, `[...]` (SQLite) and `$tag$...$tag$` (PostgreSQL).
/// - Every placeholder needs a value and every value must be used, so a typo fails before the query runs.
/// - A bare `?` is refused: name it instead, so the binding order can never be confused.
public struct NamedQuery: Sendable, Hashable {
    /// The SQL text with `:name` placeholders.
    public var text: String
    /// The values, by placeholder name (without the colon).
    public var parameters: [String: SQLValue]

    /// Creates a named query.
    ///
    /// - Parameters:
    ///   - text: The SQL text with `:name` placeholders.
    ///   - parameters: The values by name (default none).
    public init(_ text: String, parameters: [String: SQLValue] = [:]) {
        self.text = text
        self.parameters = parameters
    }

    /// Rewrites the query with `?` placeholders and lists the values in placeholder order.
    ///
    /// - Parameter dialect: The dialect whose quoting and comment rules apply.
    /// - Returns: The positional SQL and its values.
    /// - Throws: ``TransferError`` with ``TransferError/Code/invalidParameter`` when a placeholder has no value, a
    ///   value is never used, or the text contains a bare `?`.
    public func positional(for dialect: SQLDialect) throws(TransferError) -> (sql: String, values: [SQLValue]) {
        let scan = Self.scan(text, dialect: dialect)
        if scan.hasBarePlaceholder {
            throw TransferError(
                code: .invalidParameter, subject: "query",
                reason: "the query contains a bare ? placeholder; use a named one such as :id and pass --param id=VALUE")
        }
        var values: [SQLValue] = []
        var missing: [String] = []
        for name in scan.names {
            if let value = parameters[name] {
                values.append(value)
            } else if !missing.contains(name) {
                missing.append(name)
            }
        }
        if !missing.isEmpty {
            throw TransferError(
                code: .invalidParameter, subject: "query",
                reason: "no value for " + missing.map { ":" + $0 }.joined(separator: ", ")
                    + "; pass " + missing.map { "--param \($0)=VALUE" }.joined(separator: " "))
        }
        let unused = parameters.keys.filter { !scan.names.contains($0) }.sorted()
        if !unused.isEmpty {
            throw TransferError(
                code: .invalidParameter, subject: "query",
                reason: "the parameter(s) " + unused.joined(separator: ", ")
                    + " are not used by the query; reference them as :name or remove them")
        }
        return (scan.sql, values)
    }

    /// The placeholder names in `text`, in order of appearance (repeats included).
    ///
    /// - Parameters:
    ///   - text: SQL text.
    ///   - dialect: The dialect whose quoting and comment rules apply.
    /// - Returns: The names, without colons.
    public static func placeholderNames(in text: String, dialect: SQLDialect) -> [String] {
        scan(text, dialect: dialect).names
    }

    /// Parses a command-line parameter `NAME[:TYPE]=VALUE`.
    ///
    /// Types: `text` (the default: the value as given, possibly empty), `int` (a 64-bit signed or unsigned integer),
    /// `float` (a double; `inf`, `-inf` and `nan` too), `bool` (`true`/`false`/`1`/`0`), `hex` (bytes as hex digits,
    /// bound as binary) and `null` (written `NAME:null`, with no value).
    ///
    /// - Parameter argument: The argument, such as `company:int=42`, `since=2024-05-01` or `note:null`.
    /// - Returns: The name and the typed value.
    /// - Throws: ``TransferError`` with ``TransferError/Code/invalidParameter`` naming what is wrong.
    public static func parseParameter(_ argument: String) throws(TransferError) -> (name: String, value: SQLValue) {
        func fail(_ reason: String) -> TransferError {
            TransferError(code: .invalidParameter, subject: "--param \(argument.prefix(80))", reason: reason)
        }
        let equals = argument.firstIndex(of: "=")
        let head = argument[..<(equals ?? argument.endIndex)]
        let value = equals.map { String(argument[argument.index(after: $0)...]) }
        var name = head
        var type: Substring = "text"
        if let colon = head.firstIndex(of: ":") {
            name = head[..<colon]
            type = head[head.index(after: colon)...]
        }
        guard let first = name.utf8.first, isNameStart(first), name.utf8.allSatisfy(isNameByte) else {
            throw fail("write NAME[:TYPE]=VALUE, where NAME is letters, digits and _ (not starting with a digit)")
        }
        if type == "null" {
            guard value == nil || value == "" else { throw fail("a null parameter takes no value; write \(name):null") }
            return (String(name), .null)
        }
        guard let value else { throw fail("the value is missing; write \(name)\(type == "text" ? "" : ":" + type)=VALUE") }
        switch type {
        case "text", "string":
            return (String(name), .text(value))
        case "int":
            if let signed = Int64(value) { return (String(name), .integer(signed)) }
            if let unsigned = UInt64(value) { return (String(name), .unsignedInteger(unsigned)) }
            throw fail("\"\(value.prefix(40))\" is not a 64-bit integer")
        case "float":
            switch value.lowercased() {
            case "inf", "infinity": return (String(name), .double(.infinity))
            case "-inf", "-infinity": return (String(name), .double(-.infinity))
            case "nan": return (String(name), .double(.nan))
            default:
                guard let number = Double(value) else { throw fail("\"\(value.prefix(40))\" is not a number") }
                return (String(name), .double(number))
            }
        case "bool":
            switch value.lowercased() {
            case "true", "1": return (String(name), .boolean(true))
            case "false", "0": return (String(name), .boolean(false))
            default: throw fail("\"\(value.prefix(40))\" is not true, false, 1 or 0")
            }
        case "hex":
            var bytes: [UInt8] = []
            let digits = Array(value.utf8)
            guard digits.count % 2 == 0 else { throw fail("hex needs an even number of digits") }
            var index = 0
            while index < digits.count {
                guard let high = hexValue(digits[index]), let low = hexValue(digits[index + 1]) else {
                    throw fail("hex values may contain only 0-9, a-f and A-F")
                }
                bytes.append(high << 4 | low)
                index += 2
            }
            return (String(name), .binary(bytes))
        default:
            throw fail("unknown type \"\(type)\"; use text (the default), int, float, bool, hex or null")
        }
    }

    // MARK: Scanning

    struct Scan {
        var sql: String
        var names: [String]
        var hasBarePlaceholder: Bool
    }

    static func scan(_ text: String, dialect: SQLDialect) -> Scan {
        let bytes = Array(text.utf8)
        var out: [UInt8] = []
        out.reserveCapacity(bytes.count)
        var names: [String] = []
        var bare = false
        var i = 0
        let n = bytes.count
        let backslashEscapes = dialect == .mysql

        /// Copies a quoted run that starts at `i` and ends with `close` (doubled `close` is an escape).
        func copyQuoted(close: UInt8, backslash: Bool) {
            out.append(bytes[i])
            i += 1
            while i < n {
                let byte = bytes[i]
                out.append(byte)
                i += 1
                if backslash && byte == UInt8(ascii: "\\") && i < n {
                    out.append(bytes[i])
                    i += 1
                } else if byte == close {
                    if i < n && bytes[i] == close {
                        out.append(bytes[i])
                        i += 1
                    } else {
                        return
                    }
                }
            }
        }

        while i < n {
            let byte = bytes[i]
            switch byte {
            case UInt8(ascii: "'"):
                copyQuoted(close: byte, backslash: backslashEscapes)
            case UInt8(ascii: "\""):
                copyQuoted(close: byte, backslash: backslashEscapes)
            case UInt8(ascii: "`") where dialect != .postgres:
                copyQuoted(close: byte, backslash: false)
            case UInt8(ascii: "[") where dialect == .sqlite:
                copyQuoted(close: UInt8(ascii: "]"), backslash: false)
            case UInt8(ascii: "-") where i + 1 < n && bytes[i + 1] == UInt8(ascii: "-"),
                UInt8(ascii: "#") where dialect == .mysql:
                while i < n && bytes[i] != UInt8(ascii: "\n") {
                    out.append(bytes[i])
                    i += 1
                }
            case UInt8(ascii: "/") where i + 1 < n && bytes[i + 1] == UInt8(ascii: "*"):
                out.append(contentsOf: bytes[i...(i + 1)])
                i += 2
                while i < n {
                    if bytes[i] == UInt8(ascii: "*") && i + 1 < n && bytes[i + 1] == UInt8(ascii: "/") {
                        out.append(contentsOf: bytes[i...(i + 1)])
                        i += 2
                        break
                    }
                    out.append(bytes[i])
                    i += 1
                }
            case UInt8(ascii: "$") where dialect == .postgres:
                // A dollar quote: $tag$ ... $tag$ (tag possibly empty). Anything else ($1) is copied as is.
                var j = i + 1
                while j < n && isNameByte(bytes[j]) && !(j == i + 1 && isDigit(bytes[j])) { j += 1 }
                if j < n && bytes[j] == UInt8(ascii: "$") {
                    let tag = Array(bytes[i...j])
                    out.append(contentsOf: tag)
                    i = j + 1
                    while i < n {
                        if bytes[i] == UInt8(ascii: "$") && i + tag.count <= n && Array(bytes[i..<(i + tag.count)]) == tag {
                            out.append(contentsOf: tag)
                            i += tag.count
                            break
                        }
                        out.append(bytes[i])
                        i += 1
                    }
                } else {
                    out.append(byte)
                    i += 1
                }
            case UInt8(ascii: ":"):
                if i + 1 < n && bytes[i + 1] == UInt8(ascii: ":") {
                    out.append(contentsOf: bytes[i...(i + 1)])
                    i += 2
                } else if i + 1 < n && isNameStart(bytes[i + 1]) {
                    var j = i + 1
                    while j < n && isNameByte(bytes[j]) { j += 1 }
                    names.append(String(decoding: bytes[(i + 1)..<j], as: UTF8.self))
                    out.append(UInt8(ascii: "?"))
                    i = j
                } else {
                    out.append(byte)
                    i += 1
                }
            case UInt8(ascii: "?"):
                bare = true
                out.append(byte)
                i += 1
            default:
                out.append(byte)
                i += 1
            }
        }
        return Scan(sql: String(decoding: out, as: UTF8.self), names: names, hasBarePlaceholder: bare)
    }
}

private func isDigit(_ byte: UInt8) -> Bool { (0x30...0x39).contains(byte) }

private func isNameStart(_ byte: UInt8) -> Bool {
    (0x41...0x5A).contains(byte) || (0x61...0x7A).contains(byte) || byte == UInt8(ascii: "_")
}

private func isNameByte(_ byte: UInt8) -> Bool { isNameStart(byte) || isDigit(byte) }

private func hexValue(_ byte: UInt8) -> UInt8? {
    switch byte {
    case 0x30...0x39: byte - 0x30
    case 0x41...0x46: byte - 0x41 + 10
    case 0x61...0x66: byte - 0x61 + 10
    default: nil
    }
}
