/// A place in a source text: 1-based line and column (columns count Unicode scalars).
public struct SourcePosition: Sendable, Hashable, CustomStringConvertible {
    public var line: Int
    public var column: Int

    public init(line: Int, column: Int) {
        self.line = line
        self.column = column
    }

    public var description: String { "line \(line), column \(column)" }
}

/// Why a text is not valid JSON, and where.
public struct JSONParseError: Error, Sendable, Hashable, CustomStringConvertible {
    /// Where the problem was found.
    public var position: SourcePosition
    /// What was wrong, phrased for a person ("expected ',' or '}' after an object member, found ']'").
    public var message: String

    public init(position: SourcePosition, message: String) {
        self.position = position
        self.message = message
    }

    public var description: String { "\(position): \(message)" }
}

/// A strict RFC 8259 JSON parser.
///
/// It keeps object member order, keeps integers exact, refuses invalid UTF-8, lone surrogates, control characters
/// in strings, trailing commas, comments and trailing content, and reports the first problem with its line and
/// column. Nesting is limited (``Options/maxDepth``) so hostile input cannot exhaust the stack.
public struct JSONParser: Sendable {
    /// What to do when an object names the same member twice.
    public enum DuplicateKeys: Sendable {
        /// Keep the last value, as most JSON libraries (and Jackson, behind AWS) do.
        case keepLast
        /// Report an error naming the member.
        case reject
    }

    /// Parser settings.
    public struct Options: Sendable {
        /// Duplicate member policy; ``DuplicateKeys/keepLast`` by default.
        public var duplicateKeys: DuplicateKeys = .keepLast
        /// The deepest nesting of arrays and objects accepted; 512 by default.
        public var maxDepth: Int = 512

        public init(duplicateKeys: DuplicateKeys = .keepLast, maxDepth: Int = 512) {
            self.duplicateKeys = duplicateKeys
            self.maxDepth = maxDepth
        }
    }

    public var options: Options

    public init(options: Options = Options()) {
        self.options = options
    }

    /// Parses a complete JSON text.
    /// - Throws: ``JSONParseError``.
    public func parse(_ bytes: some Collection<UInt8>) throws(JSONParseError) -> JSONValue {
        let array = Array(bytes)
        return try array.withUnsafeBufferPointer { (buffer) throws(JSONParseError) -> JSONValue in
            var reader = Reader(bytes: buffer, options: options, positions: nil)
            return try reader.parseDocument()
        }
    }

    /// Parses a complete JSON text.
    /// - Throws: ``JSONParseError``.
    public func parse(_ text: String) throws(JSONParseError) -> JSONValue {
        try parse(Array(text.utf8))
    }

    /// Where each value in a (valid) document begins, keyed by its JSON Pointer.
    ///
    /// Meant for turning diagnostics' pointers into line and column; it parses again, more slowly, so call it
    /// only when there is something to report.
    public func positions(in bytes: some Collection<UInt8>) throws(JSONParseError) -> [JSONPointer: SourcePosition] {
        let array = Array(bytes)
        return try array.withUnsafeBufferPointer { (buffer) throws(JSONParseError) -> [JSONPointer: SourcePosition] in
            var reader = Reader(bytes: buffer, options: options, positions: [:])
            _ = try reader.parseDocument()
            return reader.positions ?? [:]
        }
    }
}

extension JSONValue {
    /// Parses a JSON text with default options.
    /// - Throws: ``JSONParseError``.
    public init(parsing text: String) throws(JSONParseError) {
        self = try JSONParser().parse(text)
    }
}

private struct Reader {
    let bytes: UnsafeBufferPointer<UInt8>
    let options: JSONParser.Options
    var index = 0
    var depth = 0
    /// Value start offsets by pointer, when requested.
    var positions: [JSONPointer: SourcePosition]?
    var pointer = JSONPointer.root

    init(bytes: UnsafeBufferPointer<UInt8>, options: JSONParser.Options, positions: [JSONPointer: SourcePosition]?) {
        self.bytes = bytes
        self.options = options
        self.positions = positions
    }

    mutating func parseDocument() throws(JSONParseError) -> JSONValue {
        // A UTF-8 byte order mark is tolerated.
        if bytes.count >= 3, bytes[0] == 0xEF, bytes[1] == 0xBB, bytes[2] == 0xBF { index = 3 }
        skipWhitespace()
        if index == bytes.count { throw error("the document is empty; expected a JSON value") }
        let value = try parseValue()
        skipWhitespace()
        if index != bytes.count {
            throw error("unexpected \(describeCurrent()) after the end of the JSON value")
        }
        return value
    }

    // MARK: - Values

    mutating func parseValue() throws(JSONParseError) -> JSONValue {
        if positions != nil { positions![pointer] = position(of: index) }
        guard index < bytes.count else { throw error("unexpected end of input; expected a JSON value") }
        switch bytes[index] {
        case UInt8(ascii: "{"): return try parseObject()
        case UInt8(ascii: "["): return try parseArray()
        case UInt8(ascii: "\""): return .string(try parseString())
        case UInt8(ascii: "t"): try expectWord("true"); return .bool(true)
        case UInt8(ascii: "f"): try expectWord("false"); return .bool(false)
        case UInt8(ascii: "n"): try expectWord("null"); return .null
        case UInt8(ascii: "-"), UInt8(ascii: "0")...UInt8(ascii: "9"): return try parseNumber()
        default:
            throw error("expected a JSON value (object, array, string, number, true, false or null), found \(describeCurrent())")
        }
    }

    mutating func enter() throws(JSONParseError) {
        depth += 1
        if depth > options.maxDepth {
            throw error("arrays and objects are nested more than \(options.maxDepth) levels deep")
        }
    }

    mutating func parseObject() throws(JSONParseError) -> JSONValue {
        try enter()
        index += 1  // {
        var object = JSONObject()
        skipWhitespace()
        if index < bytes.count, bytes[index] == UInt8(ascii: "}") {
            index += 1
            depth -= 1
            return .object(object)
        }
        while true {
            skipWhitespace()
            guard index < bytes.count else { throw error("unexpected end of input inside an object; expected a member name") }
            guard bytes[index] == UInt8(ascii: "\"") else {
                throw error("expected a member name in double quotes, found \(describeCurrent())")
            }
            let keyStart = index
            let key = try parseString()
            skipWhitespace()
            guard index < bytes.count, bytes[index] == UInt8(ascii: ":") else {
                throw error("expected ':' after the member name \"\(key)\", found \(describeCurrent())")
            }
            index += 1
            skipWhitespace()
            if positions != nil { pointer = pointer.appending(key) }
            let value = try parseValue()
            if positions != nil { pointer = pointer.parent ?? .root }
            if object.updateValue(value, forKey: key) != nil, options.duplicateKeys == .reject {
                throw JSONParseError(position: position(of: keyStart), message: "the member \"\(key)\" appears twice in the same object")
            }
            skipWhitespace()
            guard index < bytes.count else { throw error("unexpected end of input inside an object; expected ',' or '}'") }
            switch bytes[index] {
            case UInt8(ascii: ","):
                index += 1
                skipWhitespace()
                if index < bytes.count, bytes[index] == UInt8(ascii: "}") {
                    throw error("trailing comma before '}' is not allowed in JSON")
                }
            case UInt8(ascii: "}"):
                index += 1
                depth -= 1
                return .object(object)
            default:
                throw error("expected ',' or '}' after an object member, found \(describeCurrent())")
            }
        }
    }

    mutating func parseArray() throws(JSONParseError) -> JSONValue {
        try enter()
        index += 1  // [
        var array: [JSONValue] = []
        skipWhitespace()
        if index < bytes.count, bytes[index] == UInt8(ascii: "]") {
            index += 1
            depth -= 1
            return .array(array)
        }
        while true {
            skipWhitespace()
            if positions != nil { pointer = pointer.appending(array.count) }
            array.append(try parseValue())
            if positions != nil { pointer = pointer.parent ?? .root }
            skipWhitespace()
            guard index < bytes.count else { throw error("unexpected end of input inside an array; expected ',' or ']'") }
            switch bytes[index] {
            case UInt8(ascii: ","):
                index += 1
                skipWhitespace()
                if index < bytes.count, bytes[index] == UInt8(ascii: "]") {
                    throw error("trailing comma before ']' is not allowed in JSON")
                }
            case UInt8(ascii: "]"):
                index += 1
                depth -= 1
                return .array(array)
            default:
                throw error("expected ',' or ']' after an array element, found \(describeCurrent())")
            }
        }
    }

    mutating func parseString() throws(JSONParseError) -> String {
        let start = index
        index += 1  // opening quote
        let contentStart = index
        // Fast path: no escapes.
        while index < bytes.count {
            let byte = bytes[index]
            if byte == UInt8(ascii: "\"") {
                let slice = UnsafeBufferPointer(rebasing: bytes[contentStart..<index])
                index += 1
                return try makeString(slice, start: contentStart)
            }
            if byte == UInt8(ascii: "\\") { break }
            if byte < 0x20 { throw error(controlCharacterMessage(byte)) }
            index += 1
        }
        guard index < bytes.count else {
            throw JSONParseError(position: position(of: start), message: "unterminated string: no closing '\"'")
        }
        // Slow path: unescape into a buffer.
        var buffer = Array(bytes[contentStart..<index])
        while index < bytes.count {
            let byte = bytes[index]
            switch byte {
            case UInt8(ascii: "\""):
                index += 1
                return try buffer.withUnsafeBufferPointer { (b) throws(JSONParseError) -> String in
                    try makeString(b, start: contentStart)
                }
            case UInt8(ascii: "\\"):
                index += 1
                guard index < bytes.count else { break }
                let escape = bytes[index]
                index += 1
                switch escape {
                case UInt8(ascii: "\""): buffer.append(UInt8(ascii: "\""))
                case UInt8(ascii: "\\"): buffer.append(UInt8(ascii: "\\"))
                case UInt8(ascii: "/"): buffer.append(UInt8(ascii: "/"))
                case UInt8(ascii: "b"): buffer.append(0x08)
                case UInt8(ascii: "f"): buffer.append(0x0C)
                case UInt8(ascii: "n"): buffer.append(0x0A)
                case UInt8(ascii: "r"): buffer.append(0x0D)
                case UInt8(ascii: "t"): buffer.append(0x09)
                case UInt8(ascii: "u"):
                    let scalar = try parseUnicodeEscape()
                    buffer.append(contentsOf: Array(String(Character(scalar)).utf8))
                default:
                    index -= 2
                    throw error("invalid escape sequence '\\\(printable(escape))' in a string; valid escapes are \\\" \\\\ \\/ \\b \\f \\n \\r \\t \\uXXXX")
                }
            default:
                if byte < 0x20 { throw error(controlCharacterMessage(byte)) }
                buffer.append(byte)
                index += 1
            }
        }
        throw JSONParseError(position: position(of: start), message: "unterminated string: no closing '\"'")
    }

    func makeString(_ slice: UnsafeBufferPointer<UInt8>, start: Int) throws(JSONParseError) -> String {
        if let s = String(validating: slice, as: UTF8.self) { return s }
        throw JSONParseError(position: position(of: start), message: "the string is not valid UTF-8")
    }

    mutating func parseUnicodeEscape() throws(JSONParseError) -> Unicode.Scalar {
        let escapeStart = index - 2
        let high = try readHex4()
        if (0xD800...0xDBFF).contains(high) {
            guard index + 1 < bytes.count, bytes[index] == UInt8(ascii: "\\"), bytes[index + 1] == UInt8(ascii: "u") else {
                throw JSONParseError(position: position(of: escapeStart), message: "a \\u\(hex(high)) high surrogate must be followed by a \\uDC00-\\uDFFF low surrogate")
            }
            index += 2
            let low = try readHex4()
            guard (0xDC00...0xDFFF).contains(low) else {
                throw JSONParseError(position: position(of: escapeStart), message: "a \\u\(hex(high)) high surrogate must be followed by a \\uDC00-\\uDFFF low surrogate")
            }
            let value = 0x10000 + ((high - 0xD800) << 10) + (low - 0xDC00)
            return Unicode.Scalar(value)!
        }
        guard let scalar = Unicode.Scalar(high) else {
            throw JSONParseError(position: position(of: escapeStart), message: "\\u\(hex(high)) is a lone low surrogate")
        }
        return scalar
    }

    mutating func readHex4() throws(JSONParseError) -> UInt32 {
        var value: UInt32 = 0
        for _ in 0..<4 {
            guard index < bytes.count else { throw error("unexpected end of input in a \\u escape") }
            let byte = bytes[index]
            let digit: UInt32
            switch byte {
            case UInt8(ascii: "0")...UInt8(ascii: "9"): digit = UInt32(byte - UInt8(ascii: "0"))
            case UInt8(ascii: "a")...UInt8(ascii: "f"): digit = UInt32(byte - UInt8(ascii: "a") + 10)
            case UInt8(ascii: "A")...UInt8(ascii: "F"): digit = UInt32(byte - UInt8(ascii: "A") + 10)
            default: throw error("a \\u escape needs four hexadecimal digits, found \(describeCurrent())")
            }
            value = value * 16 + digit
            index += 1
        }
        return value
    }

    mutating func parseNumber() throws(JSONParseError) -> JSONValue {
        let start = index
        var isInteger = true
        if bytes[index] == UInt8(ascii: "-") { index += 1 }
        guard index < bytes.count, isDigit(bytes[index]) else {
            throw error("expected a digit after '-', found \(describeCurrent())")
        }
        if bytes[index] == UInt8(ascii: "0") {
            index += 1
            if index < bytes.count, isDigit(bytes[index]) {
                throw error("numbers must not have leading zeros")
            }
        } else {
            while index < bytes.count, isDigit(bytes[index]) { index += 1 }
        }
        if index < bytes.count, bytes[index] == UInt8(ascii: ".") {
            isInteger = false
            index += 1
            guard index < bytes.count, isDigit(bytes[index]) else {
                throw error("expected a digit after the decimal point, found \(describeCurrent())")
            }
            while index < bytes.count, isDigit(bytes[index]) { index += 1 }
        }
        if index < bytes.count, bytes[index] == UInt8(ascii: "e") || bytes[index] == UInt8(ascii: "E") {
            isInteger = false
            index += 1
            if index < bytes.count, bytes[index] == UInt8(ascii: "+") || bytes[index] == UInt8(ascii: "-") { index += 1 }
            guard index < bytes.count, isDigit(bytes[index]) else {
                throw error("expected a digit in the exponent, found \(describeCurrent())")
            }
            while index < bytes.count, isDigit(bytes[index]) { index += 1 }
        }
        let text = String(decoding: UnsafeBufferPointer(rebasing: bytes[start..<index]), as: UTF8.self)
        if isInteger, let int = Int(text) { return .integer(int) }
        guard let double = Double(text), double.isFinite else {
            throw JSONParseError(position: position(of: start), message: "the number \(text) is outside the range of a 64-bit floating-point number")
        }
        return .double(double)
    }

    mutating func expectWord(_ word: StaticString) throws(JSONParseError) {
        let count = word.utf8CodeUnitCount
        let start = word.utf8Start
        for offset in 0..<count {
            guard index + offset < bytes.count, bytes[index + offset] == start[offset] else {
                throw error("expected a JSON value (object, array, string, number, true, false or null), found \(describeWord())")
            }
        }
        index += count
    }

    // MARK: - Helpers

    mutating func skipWhitespace() {
        while index < bytes.count {
            switch bytes[index] {
            case 0x20, 0x0A, 0x0D, 0x09: index += 1
            default: return
            }
        }
    }

    func isDigit(_ byte: UInt8) -> Bool { byte >= UInt8(ascii: "0") && byte <= UInt8(ascii: "9") }

    func error(_ message: String) -> JSONParseError {
        JSONParseError(position: position(of: index), message: message)
    }

    func position(of offset: Int) -> SourcePosition {
        var line = 1
        var lineStart = 0
        let end = min(offset, bytes.count)
        for i in 0..<end where bytes[i] == 0x0A {
            line += 1
            lineStart = i + 1
        }
        // Columns count scalars: skip UTF-8 continuation bytes.
        var column = 1
        for i in lineStart..<end where bytes[i] & 0xC0 != 0x80 { column += 1 }
        return SourcePosition(line: line, column: column)
    }

    func describeCurrent() -> String {
        guard index < bytes.count else { return "the end of input" }
        let byte = bytes[index]
        if byte < 0x20 || byte >= 0x7F {
            return byte < 0x80 ? "the control character \(printable(byte))" : "a non-ASCII character"
        }
        return "'\(Character(Unicode.Scalar(byte)))'"
    }

    func describeWord() -> String {
        var end = index
        while end < bytes.count, end - index < 20,
            (UInt8(ascii: "a")...UInt8(ascii: "z")).contains(bytes[end]) || (UInt8(ascii: "A")...UInt8(ascii: "Z")).contains(bytes[end])
        {
            end += 1
        }
        if end == index { return describeCurrent() }
        return "'" + String(decoding: UnsafeBufferPointer(rebasing: bytes[index..<end]), as: UTF8.self) + "'"
    }

    func controlCharacterMessage(_ byte: UInt8) -> String {
        "the control character \(printable(byte)) must be escaped inside a string"
    }

    func printable(_ byte: UInt8) -> String {
        switch byte {
        case 0x0A: return "\\n"
        case 0x0D: return "\\r"
        case 0x09: return "\\t"
        case 0x20..<0x7F: return String(Character(Unicode.Scalar(byte)))
        default: return "U+" + hex(UInt32(byte))
        }
    }

    func hex(_ value: UInt32) -> String {
        let digits = String(value, radix: 16, uppercase: true)
        return String(repeating: "0", count: max(0, 4 - digits.count)) + digits
    }
}
