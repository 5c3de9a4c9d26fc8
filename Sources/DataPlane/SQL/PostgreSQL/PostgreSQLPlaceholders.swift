/// Translates the `?` placeholders of ``SQLConnection``'s interface into PostgreSQL's `$1`, `$2`, ….
///
/// Rules (a small lexer, not a parser):
/// - A `?` outside string literals (`'…'`, `E'…'` with backslash escapes, `$tag$…$tag$`), quoted identifiers
///   (`"…"`) and comments (`-- …`, nested `/* … */`) is a placeholder; the n-th becomes `$n`.
/// - When the statement already uses `$n` placeholders (outside literals and comments), it is left exactly as
///   written, so PostgreSQL's own syntax works too, including the jsonb operators `?`, `?|` and `?&`. With `?`
///   placeholders, write those operators as the functions `jsonb_exists`, `jsonb_exists_any`, `jsonb_exists_all`.
enum PostgreSQLPlaceholders {
    /// The statement with `?` placeholders numbered, and how many there were.
    ///
    /// - Parameter sql: The statement.
    /// - Returns: The PostgreSQL text and the number of placeholders (`$n` or `?`) it uses.
    static func translate(_ sql: String) -> (sql: String, count: Int) {
        let bytes = Array(sql.utf8)
        var questionMarks: [Int] = []
        var highestDollar = 0
        var i = 0
        let n = bytes.count
        func at(_ k: Int) -> UInt8 { k < n ? bytes[k] : 0 }
        func isIdentifierByte(_ b: UInt8) -> Bool {
            (b >= 0x30 && b <= 0x39) || (b >= 0x41 && b <= 0x5A) || (b >= 0x61 && b <= 0x7A) || b == 0x5F || b >= 0x80
        }
        while i < n {
            let b = bytes[i]
            switch b {
            case UInt8(ascii: "'"):
                // E'…' (or e'…') allows backslash escapes; a standard string only doubles quotes.
                let escapes = i > 0 && (bytes[i - 1] == UInt8(ascii: "E") || bytes[i - 1] == UInt8(ascii: "e"))
                    && (i < 2 || !isIdentifierByte(bytes[i - 2]))
                i += 1
                while i < n {
                    if escapes && bytes[i] == UInt8(ascii: "\\") {
                        i += 2
                        continue
                    }
                    if bytes[i] == UInt8(ascii: "'") {
                        if at(i + 1) == UInt8(ascii: "'") {
                            i += 2
                            continue
                        }
                        break
                    }
                    i += 1
                }
                i += 1
            case UInt8(ascii: "\""):
                i += 1
                while i < n {
                    if bytes[i] == UInt8(ascii: "\"") {
                        if at(i + 1) == UInt8(ascii: "\"") {
                            i += 2
                            continue
                        }
                        break
                    }
                    i += 1
                }
                i += 1
            case UInt8(ascii: "-") where at(i + 1) == UInt8(ascii: "-"):
                while i < n && bytes[i] != 0x0A { i += 1 }
            case UInt8(ascii: "/") where at(i + 1) == UInt8(ascii: "*"):
                var depth = 1
                i += 2
                while i < n && depth > 0 {
                    if bytes[i] == UInt8(ascii: "/") && at(i + 1) == UInt8(ascii: "*") {
                        depth += 1
                        i += 2
                    } else if bytes[i] == UInt8(ascii: "*") && at(i + 1) == UInt8(ascii: "/") {
                        depth -= 1
                        i += 2
                    } else {
                        i += 1
                    }
                }
            case UInt8(ascii: "$"):
                if i > 0 && isIdentifierByte(bytes[i - 1]) {
                    i += 1  // part of an identifier such as a$b
                    continue
                }
                // $n placeholder?
                var j = i + 1
                var number = 0
                while j < n, bytes[j] >= 0x30, bytes[j] <= 0x39 {
                    number = min(number * 10 + Int(bytes[j] - 0x30), 1 << 20)
                    j += 1
                }
                if j > i + 1 {
                    highestDollar = max(highestDollar, number)
                    i = j
                    continue
                }
                // $tag$ … $tag$ dollar quoting (the tag is empty or an identifier not starting with a digit).
                j = i + 1
                while j < n, isIdentifierByte(bytes[j]), bytes[j] != UInt8(ascii: "$") { j += 1 }
                guard j < n, bytes[j] == UInt8(ascii: "$") else {
                    i += 1
                    continue
                }
                let tag = bytes[i...j]
                var k = j + 1
                var closed = false
                while k + tag.count <= n {
                    if bytes[k] == UInt8(ascii: "$") && bytes[k..<(k + tag.count)].elementsEqual(tag) {
                        closed = true
                        break
                    }
                    k += 1
                }
                i = closed ? k + tag.count : n
            case UInt8(ascii: "?"):
                questionMarks.append(i)
                i += 1
            default:
                i += 1
            }
        }
        if highestDollar > 0 || questionMarks.isEmpty { return (sql, highestDollar) }
        var out: [UInt8] = []
        out.reserveCapacity(n + questionMarks.count * 2)
        var previous = 0
        for (index, position) in questionMarks.enumerated() {
            out += bytes[previous..<position]
            out.append(UInt8(ascii: "$"))
            out += Array(String(index + 1).utf8)
            previous = position + 1
        }
        out += bytes[previous...]
        return (String(decoding: out, as: UTF8.self), questionMarks.count)
    }
}
