import JSONValue
import Testing

/// The shape of a parsed number, which `==` deliberately hides (`1 == 1.0`).
enum NumberKind: Equatable {
    case integer(Int)
    case double(Double)
    case notANumber
}

func kind(_ value: JSONValue) -> NumberKind {
    switch value {
    case .integer(let i): .integer(i)
    case .double(let d): .double(d)
    default: .notANumber
    }
}

/// Parses `text`, expecting a ``JSONParseError``, and returns it.
private func parseError(_ bytes: [UInt8], options: JSONParser.Options = .init()) -> JSONParseError? {
    do {
        let value = try JSONParser(options: options).parse(bytes)
        Issue.record("expected a parse error, got \(value)")
        return nil
    } catch {
        return error
    }
}

@Suite struct JSONParserValidInputTests {
    struct ValidCase: Sendable, CustomTestStringConvertible {
        var text: String
        var expected: JSONValue
        var testDescription: String { text.debugDescription }
    }

    static let scalars: [ValidCase] = [
        .init(text: "null", expected: .null),
        .init(text: "true", expected: .bool(true)),
        .init(text: "false", expected: .bool(false)),
        .init(text: "\"\"", expected: .string("")),
        .init(text: "\"abc\"", expected: .string("abc")),
        .init(text: "0", expected: .integer(0)),
        .init(text: "-0", expected: .integer(0)),
        .init(text: "42", expected: .integer(42)),
        .init(text: "-42", expected: .integer(-42)),
        .init(text: " \t\r\n 7 \n\t", expected: .integer(7)),
        .init(text: "[]", expected: .array([])),
        .init(text: "{}", expected: .object([:])),
        .init(text: "[ 1 , \"a\" , null , [ ] , { } ]", expected: [1, "a", nil, [], [:]]),
        .init(text: "{\"a\":{\"b\":[true,{\"c\":null}]}}", expected: ["a": ["b": [true, ["c": nil]]]]),
        .init(text: "{ \"k\" : 1 ,\n \"l\" : [ 2 ] }", expected: ["k": 1, "l": [2]]),
        .init(text: "\u{FEFF}{\"bom\":true}", expected: ["bom": true]),
    ]

    @Test(arguments: scalars)
    func parsesValidDocuments(_ c: ValidCase) throws {
        let value = try JSONValue(parsing: c.text)
        #expect(value == c.expected)
        // The same text through the bytes entry point.
        #expect(try JSONParser().parse(Array(c.text.utf8)) == c.expected)
    }

    @Test func keepsObjectMemberOrder() throws {
        let value = try JSONValue(parsing: #"{"z":1,"a":2,"m":{"y":1,"b":2},"c":3}"#)
        let object = try #require(value.objectValue)
        #expect(Array(object.keys) == ["z", "a", "m", "c"])
        #expect(Array(try #require(object["m"]?.objectValue).keys) == ["y", "b"])
    }

    struct NumberCase: Sendable, CustomTestStringConvertible {
        var text: String
        var expected: NumberKind
        var testDescription: String { text }
    }

    static let numbers: [NumberCase] = [
        .init(text: "0", expected: .integer(0)),
        .init(text: "1", expected: .integer(1)),
        .init(text: "-17", expected: .integer(-17)),
        .init(text: "9223372036854775807", expected: .integer(Int.max)),
        .init(text: "-9223372036854775808", expected: .integer(Int.min)),
        .init(text: "9007199254740993", expected: .integer(9_007_199_254_740_993)),  // not representable as Double
        .init(text: "9223372036854775808", expected: .double(9_223_372_036_854_775_808.0)),
        .init(text: "-9223372036854775809", expected: .double(-9_223_372_036_854_775_809.0)),
        .init(text: "123456789012345678901234567890", expected: .double(1.2345678901234568e29)),
        .init(text: "1.0", expected: .double(1.0)),
        .init(text: "1.5", expected: .double(1.5)),
        .init(text: "-0.0", expected: .double(-0.0)),
        .init(text: "0.1", expected: .double(0.1)),
        .init(text: "1e2", expected: .double(100)),
        .init(text: "1E2", expected: .double(100)),
        .init(text: "1E+2", expected: .double(100)),
        .init(text: "1.25e-2", expected: .double(0.0125)),
        .init(text: "-2.5E3", expected: .double(-2500)),
        .init(text: "1.7976931348623157e308", expected: .double(.greatestFiniteMagnitude)),
        .init(text: "5e-324", expected: .double(.leastNonzeroMagnitude)),
    ]

    @Test(arguments: numbers)
    func parsesNumbersExactly(_ c: NumberCase) throws {
        let value = try JSONValue(parsing: c.text)
        #expect(kind(value) == c.expected)
        // Also inside a container, where the number is followed by a delimiter.
        let wrapped = try JSONValue(parsing: "[\(c.text),\(c.text)]")
        #expect(wrapped.arrayValue?.map(kind) == [c.expected, c.expected])
    }

    @Test func negativeZeroDoubleKeepsItsSign() throws {
        guard case .double(let d) = try JSONValue(parsing: "-0.0") else {
            Issue.record("-0.0 should parse as a double")
            return
        }
        #expect(d.sign == .minus)
    }

    struct StringCase: Sendable, CustomTestStringConvertible {
        var json: String
        var expected: String
        var testDescription: String { json }
    }

    static let strings: [StringCase] = [
        .init(json: #""\"""#, expected: "\""),
        .init(json: #""\\""#, expected: "\\"),
        .init(json: #""\/""#, expected: "/"),
        .init(json: #""\b\f\n\r\t""#, expected: "\u{8}\u{C}\n\r\t"),
        .init(json: #""\u0041\u00e9\u00E9""#, expected: "Aéé"),
        .init(json: #""\u0000""#, expected: "\u{0}"),
        .init(json: #""\u20AC""#, expected: "€"),
        .init(json: #""\uD83D\uDE00""#, expected: "😀"),
        .init(json: #""\ud83d\ude00""#, expected: "😀"),
        .init(json: #""\uDBFF\uDFFF""#, expected: "\u{10FFFF}"),
        .init(json: #""x\uD834\uDD1Ey""#, expected: "x𝄞y"),
        .init(json: "\"héllo wörld 😀\"", expected: "héllo wörld 😀"),
        .init(json: "\"raw é then \\n escaped\"", expected: "raw é then \n escaped"),
        .init(json: "\"\u{7F}\"", expected: "\u{7F}"),  // DEL is not a control character in JSON
    ]

    @Test(arguments: strings)
    func decodesStringEscapes(_ c: StringCase) throws {
        #expect(try JSONValue(parsing: c.json) == .string(c.expected))
        // Member names are decoded the same way.
        let object = try #require(try JSONValue(parsing: "{\(c.json):1}").objectValue)
        #expect(Array(object.keys) == [c.expected])
    }

    @Test func acceptsNestingUpToMaxDepth() throws {
        let parser = JSONParser(options: .init(maxDepth: 3))
        #expect(try parser.parse("[[[1]]]") == [[[1]]])
        #expect(try parser.parse(#"{"a":{"b":{"c":1}}}"#) == ["a": ["b": ["c": 1]]])
        let deep = String(repeating: "[", count: 512) + String(repeating: "]", count: 512)
        #expect(throws: Never.self) { try JSONParser().parse(deep) }
    }
}

@Suite struct JSONParserErrorTests {
    struct ErrorCase: Sendable, CustomTestStringConvertible {
        var name: String
        var bytes: [UInt8]
        var line: Int
        var column: Int
        var fragment: String

        init(_ name: String, _ text: String, _ line: Int, _ column: Int, _ fragment: String) {
            self.name = name
            self.bytes = Array(text.utf8)
            self.line = line
            self.column = column
            self.fragment = fragment
        }

        init(_ name: String, bytes: [UInt8], _ line: Int, _ column: Int, _ fragment: String) {
            self.name = name
            self.bytes = bytes
            self.line = line
            self.column = column
            self.fragment = fragment
        }

        var testDescription: String { name }
    }

    static let cases: [ErrorCase] = [
        .init("empty input", "", 1, 1, "empty"),
        .init("whitespace only", "  \n   ", 2, 4, "empty"),
        .init("trailing comma in array", "[1,]", 1, 4, "trailing comma"),
        .init("trailing comma in object", #"{"a":1,}"#, 1, 8, "trailing comma"),
        .init("trailing comma after newline", "[1,\n  ]", 2, 3, "trailing comma"),
        .init("leading zero", "01", 1, 2, "leading zero"),
        .init("negative leading zero", "[-012]", 1, 4, "leading zero"),
        .init("minus without digits", "-", 1, 2, "digit after '-'"),
        .init("minus then letter", "-a", 1, 2, "digit after '-'"),
        .init("fraction without digits", "1.", 1, 3, "decimal point"),
        .init("fraction then letter", "[1.x]", 1, 4, "decimal point"),
        .init("exponent without digits", "1e", 1, 3, "exponent"),
        .init("exponent sign without digits", "1e+", 1, 4, "exponent"),
        .init("leading plus", "+1", 1, 1, "expected a JSON value"),
        .init("leading dot", ".5", 1, 1, "expected a JSON value"),
        .init("number too large", "[1e400]", 1, 2, "outside the range"),
        .init("missing comma in array", "[1 2]", 1, 4, "expected ',' or ']'"),
        .init("missing colon", #"{"a" 1}"#, 1, 6, "expected ':'"),
        .init("unquoted member name", "{a:1}", 1, 2, "double quotes"),
        .init("single-quoted string", "'a'", 1, 1, "expected a JSON value"),
        .init("missing comma in object", #"{"a":1 "b":2}"#, 1, 8, "expected ',' or '}'"),
        .init("unclosed array", "[1", 1, 3, "end of input"),
        .init("unclosed object", #"{"a":1"#, 1, 7, "end of input"),
        .init("open bracket only", "[", 1, 2, "end of input"),
        .init("member without value", #"{"a":}"#, 1, 6, "expected a JSON value"),
        .init("unterminated string", #"["abc"#, 1, 2, "unterminated string"),
        .init("unterminated string with escape", #""ab\"#, 1, 1, "unterminated string"),
        .init("unterminated string on line 2", "[\n  \"abc", 2, 3, "unterminated string"),
        .init("raw tab in string", "\"a\tb\"", 1, 3, "control character \\t"),
        .init("raw newline in string", "\"a\nb\"", 1, 3, "control character \\n"),
        .init("raw U+0001 after an escape", "\"\\n\u{1}\"", 1, 4, "U+0001"),
        .init("raw NUL in string", "\"\u{0}\"", 1, 2, "control character"),
        .init("invalid escape", #""\x""#, 1, 2, "invalid escape"),
        .init("short unicode escape", #""a\u12""#, 1, 7, "four hexadecimal digits"),
        .init("non-hex unicode escape", #""\u12G4""#, 1, 6, "four hexadecimal digits"),
        .init("lone low surrogate", #""\uDC00""#, 1, 2, "lone low surrogate"),
        .init("lone high surrogate", #"["\uD800"]"#, 1, 3, "high surrogate"),
        .init("high surrogate then letter", #""\uD800x""#, 1, 2, "high surrogate"),
        .init("high surrogate then non-surrogate", #""\uD800\u0041""#, 1, 2, "high surrogate"),
        .init("two high surrogates", #""\uD800\uD800""#, 1, 2, "high surrogate"),
        .init("trailing garbage", "{} x", 1, 4, "after the end"),
        .init("two documents", "[1] [2]", 1, 5, "after the end"),
        .init("trailing garbage on next line", "true\n,", 2, 1, "after the end"),
        .init("misspelled true", "tru", 1, 1, "expected a JSON value"),
        .init("capitalised True", "[True]", 1, 2, "expected a JSON value"),
        .init("nul", "nul", 1, 1, "expected a JSON value"),
        .init("comment", "// c\n1", 1, 1, "expected a JSON value"),
        .init("double comma", "{\n  \"a\": [1,\n  2,,\n]}", 3, 5, "expected a JSON value"),
        .init("columns count scalars, not bytes", "[\"é😀\", x]", 1, 8, "expected a JSON value"),
        .init("invalid byte outside strings", bytes: [UInt8(ascii: "["), 0xFF, UInt8(ascii: "]")], 1, 2, "non-ASCII"),
    ]

    @Test(arguments: cases)
    func reportsLineColumnAndReason(_ c: ErrorCase) throws {
        let error = try #require(parseError(c.bytes))
        #expect(error.position == SourcePosition(line: c.line, column: c.column), "\(error)")
        #expect(error.message.contains(c.fragment), "\(error.message)")
        #expect(error.description.hasPrefix("line \(c.line), column \(c.column): "))
    }

    struct Utf8Case: Sendable, CustomTestStringConvertible {
        var name: String
        var contents: [UInt8]
        var testDescription: String { name }
    }

    static let invalidUTF8: [Utf8Case] = [
        .init(name: "0xFF byte", contents: [0x61, 0xFF]),
        .init(name: "lone continuation byte", contents: [0x61, 0x80]),
        .init(name: "overlong slash", contents: [0xC0, 0xAF]),
        .init(name: "truncated 3-byte sequence", contents: [0xE2, 0x82]),
        .init(name: "UTF-8 encoded surrogate", contents: [0xED, 0xA0, 0x80]),
        .init(name: "beyond U+10FFFF", contents: [0xF4, 0x90, 0x80, 0x80]),
    ]

    /// Invalid UTF-8 inside a string on line 2: `[\n  "<bad>"]`. The error is on line 2, within the string.
    @Test(arguments: invalidUTF8)
    func rejectsInvalidUTF8InStrings(_ c: Utf8Case) throws {
        var bytes = Array("[\n  \"".utf8) + c.contents + Array("\"]".utf8)
        var error = try #require(parseError(bytes))
        #expect(error.message.contains("UTF-8"), "\(error.message)")
        #expect(error.position.line == 2)
        #expect((3...4).contains(error.position.column), "\(error.position)")
        // Same through the escape-decoding path.
        bytes = Array("[\n  \"\\n".utf8) + c.contents + Array("\"]".utf8)
        error = try #require(parseError(bytes))
        #expect(error.message.contains("UTF-8"), "\(error.message)")
        #expect(error.position.line == 2)
        // And in a member name.
        bytes = Array("{\"".utf8) + c.contents + Array("\":1}".utf8)
        error = try #require(parseError(bytes))
        #expect(error.message.contains("UTF-8"), "\(error.message)")
    }

    @Test func rejectsNestingDeeperThanMaxDepth() throws {
        let shallow = JSONParser.Options(maxDepth: 3)
        var error = try #require(parseError(Array("[[[[1]]]]".utf8), options: shallow))
        #expect(error.position == SourcePosition(line: 1, column: 4))
        #expect(error.message.contains("nested more than 3"), "\(error.message)")

        error = try #require(parseError(Array(#"{"a":{"b":[{"c":1}]}}"#.utf8), options: shallow))
        #expect(error.position == SourcePosition(line: 1, column: 12))

        // The default limit, 512.
        let tooDeep = String(repeating: "[", count: 513) + String(repeating: "]", count: 513)
        error = try #require(parseError(Array(tooDeep.utf8)))
        #expect(error.position == SourcePosition(line: 1, column: 513))
        #expect(error.message.contains("512"))
    }

    @Test func hostileNestingFailsWithoutCrashing() throws {
        let bytes = Array(repeating: UInt8(ascii: "["), count: 200_000)
        let error = try #require(parseError(bytes))
        #expect(error.message.contains("nested"))
        let objects = Array(String(repeating: "{\"a\":", count: 100_000).utf8)
        #expect(try #require(parseError(objects)).message.contains("nested"))
    }
}

@Suite struct JSONParserDuplicateKeyTests {
    let text = #"{"a":1,"b":2,"a":3}"#

    @Test func keepLastKeepsTheLastValueAtTheFirstPosition() throws {
        let value = try JSONParser(options: .init(duplicateKeys: .keepLast)).parse(text)
        let object = try #require(value.objectValue)
        #expect(Array(object.keys) == ["a", "b"])
        #expect(object["a"] == .integer(3))
        // keepLast is the default.
        #expect(try JSONValue(parsing: text) == value)
    }

    @Test func rejectNamesTheMemberAndPointsAtTheSecondOccurrence() throws {
        let error = try #require(parseError(Array(text.utf8), options: .init(duplicateKeys: .reject)))
        #expect(error.position == SourcePosition(line: 1, column: 14))
        #expect(error.message.contains("\"a\""), "\(error.message)")
        #expect(error.message.contains("twice"), "\(error.message)")
    }

    @Test func rejectFindsNestedDuplicatesOnLaterLines() throws {
        let nested = "{\n  \"x\": {\n    \"k\": 1,\n    \"k\": 2\n  }\n}"
        let error = try #require(parseError(Array(nested.utf8), options: .init(duplicateKeys: .reject)))
        #expect(error.position == SourcePosition(line: 4, column: 5))
        #expect(error.message.contains("\"k\""))
    }

    @Test func rejectAllowsTheSameNameInDifferentObjects() throws {
        let parser = JSONParser(options: .init(duplicateKeys: .reject))
        let value = try parser.parse(#"{"a":{"a":1},"b":[{"a":2},{"a":3}]}"#)
        #expect(value == ["a": ["a": 1], "b": [["a": 2], ["a": 3]]])
    }

    @Test func escapedAndLiteralSpellingsAreTheSameName() throws {
        let duplicated = #"{"ab":1,"a\u0062":2}"#
        let error = try #require(parseError(Array(duplicated.utf8), options: .init(duplicateKeys: .reject)))
        #expect(error.message.contains("\"ab\""))
        #expect(try JSONValue(parsing: duplicated) == ["ab": 2])
    }
}

@Suite struct JSONParserPositionTests {
    @Test func mapsEveryPointerToWhereItsValueBegins() throws {
        let text = """
            {
              "a": [1, {"b": null}],
              "c": "x",
              "é": true
            }
            """
        let positions = try JSONParser().positions(in: Array(text.utf8))
        let expected: [JSONPointer: SourcePosition] = [
            .root: .init(line: 1, column: 1),
            JSONPointer(tokens: ["a"]): .init(line: 2, column: 8),
            JSONPointer(tokens: ["a", "0"]): .init(line: 2, column: 9),
            JSONPointer(tokens: ["a", "1"]): .init(line: 2, column: 12),
            JSONPointer(tokens: ["a", "1", "b"]): .init(line: 2, column: 18),
            JSONPointer(tokens: ["c"]): .init(line: 3, column: 8),
            JSONPointer(tokens: ["é"]): .init(line: 4, column: 8),
        ]
        #expect(positions == expected)
    }

    @Test func pointersUseUnescapedTokens() throws {
        let text = #"{"a/b": {"~x": [0, 1]}, "": 2}"#
        let positions = try JSONParser().positions(in: Array(text.utf8))
        #expect(positions[JSONPointer(tokens: ["a/b", "~x", "1"])] == SourcePosition(line: 1, column: 20))
        #expect(positions[JSONPointer(tokens: [""])] == SourcePosition(line: 1, column: 29))
        #expect(positions.count == 6)
    }

    @Test func positionsOfAStateMachineField() throws {
        let text = """
            {"StartAt": "A",
             "States": {
               "A": {"Type": "Task", "Resource": "arn:aws:lambda:us-east-1:1:function:f",
                     "Retry": [{"ErrorEquals": ["States.ALL"], "BackoffRate": 0.5}],
                     "End": true}}}
            """
        let positions = try JSONParser().positions(in: Array(text.utf8))
        let pointer = JSONPointer(tokens: ["States", "A", "Retry", "0", "BackoffRate"])
        #expect(positions[pointer] == SourcePosition(line: 4, column: 67))
    }

    @Test func invalidDocumentsThrow() {
        #expect(throws: JSONParseError.self) { try JSONParser().positions(in: Array("[1,".utf8)) }
    }
}
