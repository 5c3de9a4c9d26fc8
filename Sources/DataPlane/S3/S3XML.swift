/// A parsed XML element: its local name (namespace prefix dropped), child elements and text content.
///
/// S3's responses are small documents of nested elements with text leaves, so this is all the model needed.
/// Attributes are parsed (for well-formedness) and dropped.
struct S3XMLElement: Sendable, Hashable {
    /// The local name, without any `prefix:`.
    var name: String
    /// The child elements, in document order.
    var children: [S3XMLElement]
    /// The element's own text (character data and CDATA, entities decoded), children's text excluded.
    var text: String

    /// The first child with the given local name.
    func child(_ name: String) -> S3XMLElement? { children.first { $0.name == name } }

    /// All children with the given local name.
    func children(_ name: String) -> [S3XMLElement] { children.filter { $0.name == name } }

    /// The text of the first child with the given name.
    func text(of name: String) -> String? { child(name)?.text }
}

/// Why an XML document was refused.
struct S3XMLError: Error, Sendable, Hashable, CustomStringConvertible {
    /// What is wrong.
    var reason: String
    /// The byte offset where it was found.
    var offset: Int

    var description: String { "malformed XML at byte \(offset): \(reason)" }
}

/// A small, strict, non-validating XML parser for S3 responses.
///
/// Safe on hostile input by construction: document type declarations are refused (so there are no entity
/// definitions, no external entities and no entity expansion), only the five predefined entities and numeric
/// character references are decoded, nesting depth and input size are bounded, and every error is thrown, never
/// trapped. It never recurses on the input, so deep documents cannot overflow the stack.
enum S3XML {
    /// Limits applied while parsing.
    struct Limits: Sendable, Hashable {
        /// The maximum input size in bytes.
        var maximumBytes = 32 << 20
        /// The maximum element nesting depth.
        var maximumDepth = 64
    }

    /// Parses a document and returns its root element.
    ///
    /// - Parameters:
    ///   - bytes: The document, UTF-8 encoded (a UTF-8 byte-order mark is skipped).
    ///   - limits: Size and depth limits.
    /// - Returns: The root element.
    /// - Throws: ``S3XMLError``.
    static func parse(_ bytes: [UInt8], limits: Limits = Limits()) throws(S3XMLError) -> S3XMLElement {
        var parser = Parser(bytes: bytes, limits: limits)
        return try parser.document()
    }

    /// Escapes text for element content or attribute values.
    static func escape(_ text: String) -> String {
        var out = ""
        out.reserveCapacity(text.utf8.count)
        for scalar in text.unicodeScalars {
            switch scalar {
            case "&": out += "&amp;"
            case "<": out += "&lt;"
            case ">": out += "&gt;"
            case "\"": out += "&quot;"
            case "'": out += "&apos;"
            default: out.unicodeScalars.append(scalar)
            }
        }
        return out
    }

    private struct Parser {
        let bytes: [UInt8]
        let limits: Limits
        var index = 0

        init(bytes: [UInt8], limits: Limits) {
            self.bytes = bytes
            self.limits = limits
        }

        func fail(_ reason: String) -> S3XMLError { S3XMLError(reason: reason, offset: index) }

        var atEnd: Bool { index >= bytes.count }

        func peek(_ literal: String) -> Bool {
            var position = index
            for byte in literal.utf8 {
                guard position < bytes.count, bytes[position] == byte else { return false }
                position += 1
            }
            return true
        }

        mutating func expect(_ literal: String) throws(S3XMLError) {
            guard peek(literal) else { throw fail("expected \"\(literal)\"") }
            index += literal.utf8.count
        }

        static func isSpace(_ byte: UInt8) -> Bool { byte == 0x20 || byte == 0x09 || byte == 0x0A || byte == 0x0D }

        mutating func skipSpace() {
            while index < bytes.count && Self.isSpace(bytes[index]) { index += 1 }
        }

        /// Skips past the next occurrence of `terminator`, returning the bytes before it.
        mutating func take(until terminator: String, what: String) throws(S3XMLError) -> ArraySlice<UInt8> {
            let start = index
            while !atEnd {
                if peek(terminator) {
                    let slice = bytes[start..<index]
                    index += terminator.utf8.count
                    return slice
                }
                index += 1
            }
            index = start
            throw fail("unterminated \(what)")
        }

        /// Skips the XML declaration, processing instructions, comments and whitespace outside the root.
        mutating func skipMisc() throws(S3XMLError) {
            while true {
                skipSpace()
                if peek("<?") {
                    index += 2
                    _ = try take(until: "?>", what: "processing instruction")
                } else if peek("<!--") {
                    index += 4
                    _ = try take(until: "-->", what: "comment")
                } else if peek("<!") {
                    throw fail("document type declarations are not accepted")
                } else {
                    return
                }
            }
        }

        mutating func document() throws(S3XMLError) -> S3XMLElement {
            guard bytes.count <= limits.maximumBytes else {
                throw S3XMLError(reason: "the document exceeds \(limits.maximumBytes) bytes", offset: 0)
            }
            if peek("\u{FEFF}") { index += 3 }
            try skipMisc()
            guard peek("<") else { throw fail(atEnd ? "the document is empty" : "expected the root element") }
            let root = try element()
            try skipMisc()
            guard atEnd else { throw fail("content after the root element") }
            return root
        }

        mutating func name() throws(S3XMLError) -> String {
            let start = index
            while index < bytes.count {
                let byte = bytes[index]
                if Self.isSpace(byte) || byte == UInt8(ascii: ">") || byte == UInt8(ascii: "/")
                    || byte == UInt8(ascii: "=") || byte == UInt8(ascii: "<") || byte == UInt8(ascii: "\"")
                    || byte == UInt8(ascii: "'") || byte == UInt8(ascii: "&")
                {
                    break
                }
                index += 1
            }
            guard index > start else { throw fail("expected a name") }
            guard let text = String(validating: bytes[start..<index], as: UTF8.self) else {
                throw fail("a name is not valid UTF-8")
            }
            if let first = text.unicodeScalars.first, first == "-" || first == "." || ("0"..."9").contains(first) {
                throw fail("a name cannot start with \"\(first)\"")
            }
            return text
        }

        static func localName(_ name: String) -> String {
            guard let colon = name.lastIndex(of: ":") else { return name }
            return String(name[name.index(after: colon)...])
        }

        /// Parses a start tag's attributes up to `>` or `/>`; returns whether the element is empty (`/>`).
        mutating func attributes() throws(S3XMLError) -> Bool {
            var seen: Set<String> = []
            while true {
                let hadSpace = index < bytes.count && Self.isSpace(bytes[index])
                skipSpace()
                if peek("/>") {
                    index += 2
                    return true
                }
                if peek(">") {
                    index += 1
                    return false
                }
                guard !atEnd else { throw fail("unterminated start tag") }
                guard hadSpace else { throw fail("attributes must be separated by whitespace") }
                let attribute = try name()
                guard seen.insert(attribute).inserted else { throw fail("duplicate attribute \"\(attribute)\"") }
                skipSpace()
                try expect("=")
                skipSpace()
                guard !atEnd, bytes[index] == UInt8(ascii: "\"") || bytes[index] == UInt8(ascii: "'") else {
                    throw fail("attribute values must be quoted")
                }
                let quote = bytes[index]
                index += 1
                let start = index
                while index < bytes.count && bytes[index] != quote {
                    if bytes[index] == UInt8(ascii: "<") { throw fail("\"<\" inside an attribute value") }
                    index += 1
                }
                guard !atEnd else { throw fail("unterminated attribute value") }
                var ignored = ""
                try decode(bytes[start..<index], into: &ignored, at: start)
                index += 1
            }
        }

        /// Appends character data, decoding entity and character references.
        func decode(_ slice: ArraySlice<UInt8>, into out: inout String, at offset: Int) throws(S3XMLError) {
            var position = slice.startIndex
            var runStart = position
            func flush(_ end: Int) throws(S3XMLError) {
                guard runStart < end else { return }
                guard let text = String(validating: slice[runStart..<end], as: UTF8.self) else {
                    throw S3XMLError(reason: "text is not valid UTF-8", offset: runStart)
                }
                out += text
            }
            while position < slice.endIndex {
                guard slice[position] == UInt8(ascii: "&") else {
                    position += 1
                    continue
                }
                try flush(position)
                guard let semicolon = slice[position...].firstIndex(of: UInt8(ascii: ";")), semicolon - position <= 12
                else {
                    throw S3XMLError(reason: "an unterminated \"&\" reference (write & as &amp;)", offset: position)
                }
                let reference = String(decoding: slice[(position + 1)..<semicolon], as: UTF8.self)
                switch reference {
                case "lt": out += "<"
                case "gt": out += ">"
                case "amp": out += "&"
                case "quot": out += "\""
                case "apos": out += "'"
                default:
                    var digits = Substring(reference)
                    guard digits.hasPrefix("#") else {
                        throw S3XMLError(reason: "unknown entity \"&\(reference);\"", offset: position)
                    }
                    digits = digits.dropFirst()
                    var radix = 10
                    if digits.hasPrefix("x") {
                        radix = 16
                        digits = digits.dropFirst()
                    }
                    guard !digits.isEmpty, digits.allSatisfy({ $0.isASCII && $0.isHexDigit }),
                        let value = UInt32(digits, radix: radix), let scalar = Unicode.Scalar(value),
                        value != 0
                    else {
                        throw S3XMLError(reason: "invalid character reference \"&\(reference);\"", offset: position)
                    }
                    out.unicodeScalars.append(scalar)
                }
                position = semicolon + 1
                runStart = position
            }
            try flush(position)
        }

        /// Parses one element, iteratively (an explicit stack instead of recursion).
        mutating func element() throws(S3XMLError) -> S3XMLElement {
            var stack: [(qualified: String, element: S3XMLElement)] = []
            while true {
                // At "<" of a start tag.
                try expect("<")
                let qualified = try name()
                let isEmpty = try attributes()
                let element = S3XMLElement(name: Self.localName(qualified), children: [], text: "")
                if isEmpty {
                    if stack.isEmpty { return element }
                    stack[stack.count - 1].element.children.append(element)
                } else {
                    guard stack.count < limits.maximumDepth else {
                        throw fail("elements are nested deeper than \(limits.maximumDepth) levels")
                    }
                    stack.append((qualified, element))
                }
                // Content until the next start tag, or closing tags.
                while true {
                    if atEnd { throw fail("unexpected end of document inside <\(stack.last?.qualified ?? "")>") }
                    if peek("</") {
                        index += 2
                        let closing = try name()
                        skipSpace()
                        try expect(">")
                        guard let open = stack.popLast() else { throw fail("unexpected closing tag") }
                        guard open.qualified == closing else {
                            throw fail("closing tag </\(closing)> does not match <\(open.qualified)>")
                        }
                        if stack.isEmpty { return open.element }
                        stack[stack.count - 1].element.children.append(open.element)
                    } else if peek("<!--") {
                        index += 4
                        _ = try take(until: "-->", what: "comment")
                    } else if peek("<![CDATA[") {
                        index += 9
                        let start = index
                        let data = try take(until: "]]>", what: "CDATA section")
                        guard let text = String(validating: data, as: UTF8.self) else {
                            throw S3XMLError(reason: "CDATA is not valid UTF-8", offset: start)
                        }
                        stack[stack.count - 1].element.text += text
                    } else if peek("<?") {
                        index += 2
                        _ = try take(until: "?>", what: "processing instruction")
                    } else if peek("<!") {
                        throw fail("declarations are not accepted inside elements")
                    } else if peek("<") {
                        break  // a child's start tag
                    } else {
                        let start = index
                        while index < bytes.count && bytes[index] != UInt8(ascii: "<") { index += 1 }
                        try decode(bytes[start..<index], into: &stack[stack.count - 1].element.text, at: start)
                    }
                }
            }
        }
    }
}
