import JSONValue
import StatesLanguage
import Testing

@Suite struct IntrinsicFunctionTests {
    static func path(_ text: String) -> IntrinsicArgument {
        .path(try! JSONPath.parse(text))
    }

    struct ValidCase: CustomTestStringConvertible, Sendable {
        var text: String
        var function: IntrinsicFunction
        var arguments: [IntrinsicArgument]
        var testDescription: String { text }
    }

    static let valid: [ValidCase] = [
        .init(text: "States.UUID()", function: .uuid, arguments: []),
        .init(text: "States.UUID( )", function: .uuid, arguments: []),
        .init(text: "States.Array()", function: .array, arguments: []),
        .init(
            text: "States.Array('Foo', 2020, $.someJson, null, true, false)", function: .array,
            arguments: [.string("Foo"), .number(2020), path("$.someJson"), .null, .bool(true), .bool(false)]),
        .init(
            text: "States.Array(-1, 1.5, -0.25, 1e3, 2E-2, 0, -0)", function: .array,
            arguments: [
                .number(.integer(-1)), .number(.double(1.5)), .number(.double(-0.25)), .number(.double(1000)),
                .number(.double(0.02)), .number(.integer(0)), .number(.integer(0)),
            ]),
        .init(
            text: "States.Array(99999999999999999999)", function: .array,
            arguments: [.number(.double(99_999_999_999_999_999_999.0))]),
        .init(text: "States.Array($)", function: .array, arguments: [path("$")]),
        .init(text: "States.Array($$)", function: .array, arguments: [path("$$")]),
        .init(text: "States.Array($x)", function: .array, arguments: [path("$x")]),
        .init(text: "States.Array($x.a[0], $$.Map.Item.Value)", function: .array,
              arguments: [path("$x.a[0]"), path("$$.Map.Item.Value")]),
        .init(text: "States.Array($.a['b c'], $.d[?(@.e > 1)])", function: .array,
              arguments: [path("$.a['b c']"), path("$.d[?(@.e > 1)]")]),
        .init(text: "States.Array($.delivery-partner)", function: .array, arguments: [path("$.delivery-partner")]),
        .init(text: "States.Array( 1 ,\t2\n,3 ) ", function: .array, arguments: [.number(1), .number(2), .number(3)]),
        .init(text: "States.Array('it\\'s', '\\{\\}', 'a\\\\b', '')", function: .array,
              arguments: [.string("it's"), .string("{}"), .string("a\\b"), .string("")]),
        .init(text: "States.Array('a,b)', ' ')", function: .array, arguments: [.string("a,b)"), .string(" ")]),
        .init(text: "States.Format('Hello, my name is {}.', $.name)", function: .format,
              arguments: [.string("Hello, my name is {}."), path("$.name")]),
        .init(text: "States.Format($.template, $.name)", function: .format, arguments: [path("$.template"), path("$.name")]),
        .init(text: "States.Format($.template)", function: .format, arguments: [path("$.template")]),
        .init(text: "States.Format('no placeholders')", function: .format, arguments: [.string("no placeholders")]),
        .init(text: "States.Format('\\{\"key\":\"{}\"\\}', $.value)", function: .format,
              arguments: [.string("{\"key\":\"{}\"}"), path("$.value")]),
        .init(text: "States.StringToJson($.s)", function: .stringToJson, arguments: [path("$.s")]),
        .init(text: "States.JsonToString($)", function: .jsonToString, arguments: [path("$")]),
        .init(text: "States.ArrayPartition($.a, 4)", function: .arrayPartition, arguments: [path("$.a"), .number(4)]),
        .init(text: "States.ArrayContains($.a, $.b)", function: .arrayContains, arguments: [path("$.a"), path("$.b")]),
        .init(text: "States.ArrayRange(1, 9, 2)", function: .arrayRange, arguments: [.number(1), .number(9), .number(2)]),
        .init(text: "States.ArrayGetItem($.a, 5)", function: .arrayGetItem, arguments: [path("$.a"), .number(5)]),
        .init(text: "States.ArrayLength($.a)", function: .arrayLength, arguments: [path("$.a")]),
        .init(text: "States.ArrayUnique($.a)", function: .arrayUnique, arguments: [path("$.a")]),
        .init(text: "States.Base64Encode($.s)", function: .base64Encode, arguments: [path("$.s")]),
        .init(text: "States.Base64Decode('RGF0YQ==')", function: .base64Decode, arguments: [.string("RGF0YQ==")]),
        .init(text: "States.Hash($.Data, 'SHA-1')", function: .hash, arguments: [path("$.Data"), .string("SHA-1")]),
        .init(text: "States.Hash($.Data, $.Algorithm)", function: .hash, arguments: [path("$.Data"), path("$.Algorithm")]),
        .init(text: "States.JsonMerge($.a, $.b, false)", function: .jsonMerge,
              arguments: [path("$.a"), path("$.b"), .bool(false)]),
        .init(text: "States.JsonMerge($.a, $.b, $.deep)", function: .jsonMerge,
              arguments: [path("$.a"), path("$.b"), path("$.deep")]),
        .init(text: "States.MathRandom(1, 999)", function: .mathRandom, arguments: [.number(1), .number(999)]),
        .init(text: "States.MathRandom(1, 999, $.seed)", function: .mathRandom,
              arguments: [.number(1), .number(999), path("$.seed")]),
        .init(text: "States.MathAdd($.value1, -1)", function: .mathAdd, arguments: [path("$.value1"), .number(-1)]),
        .init(text: "States.StringSplit($.s, ',')", function: .stringSplit, arguments: [path("$.s"), .string(",")]),
    ]

    @Test(arguments: valid)
    func parsesValidCalls(_ c: ValidCase) throws {
        let call = try IntrinsicCall.parse(c.text)
        #expect(call.function == c.function)
        #expect(call.arguments == c.arguments)
        // Round trip through the canonical form.
        #expect(try IntrinsicCall.parse(call.description) == call)
    }

    @Test func nestedCalls() throws {
        let text =
            "States.ArrayGetItem(States.StringSplit($$.StateMachine.Name, '-'), "
            + "States.MathAdd(States.ArrayLength(States.StringSplit($$.StateMachine.Name, '-')), -1))"
        let call = try IntrinsicCall.parse(text)
        #expect(call.function == .arrayGetItem)
        guard case .call(let split) = call.arguments[0], case .call(let add) = call.arguments[1] else {
            Issue.record("expected nested calls")
            return
        }
        #expect(split.function == .stringSplit)
        #expect(split.arguments == [Self.path("$$.StateMachine.Name"), .string("-")])
        #expect(add.function == .mathAdd)
        #expect(add.arguments.last == .number(-1))
        #expect(try IntrinsicCall.parse(call.description) == call)
        #expect(
            call.description
                == "States.ArrayGetItem(States.StringSplit($$.StateMachine.Name, '-'), "
                + "States.MathAdd(States.ArrayLength(States.StringSplit($$.StateMachine.Name, '-')), -1))")
    }

    @Test func formatTemplateKeepsEscapedBraces() throws {
        let call = try IntrinsicCall.parse("States.Format('\\{a\\}={} {{} \\\\{}', $.x, $.y, $.z)")
        #expect(call.arguments[0] == .string("{a}={} {{} \\{}"))
        #expect(
            call.formatTemplate?.pieces == [
                .text("{a}="), .placeholder, .text(" {"), .placeholder, .text(" \\"), .placeholder,
            ])
        #expect(call.formatTemplate?.placeholderCount == 3)
        #expect(call.description == "States.Format('\\{a\\}={} \\{{} \\\\{}', $.x, $.y, $.z)")
        #expect(try IntrinsicCall.parse(call.description) == call)
        #expect(try IntrinsicCall.parse("States.Format($.t, 1)").formatTemplate == nil)
    }

    @Test func looksLikeCall() {
        #expect(IntrinsicCall.looksLikeCall("States.Format('x')"))
        #expect(IntrinsicCall.looksLikeCall("States.Nope"))
        #expect(!IntrinsicCall.looksLikeCall("$.States"))
        #expect(!IntrinsicCall.looksLikeCall(" States.UUID()"))
        #expect(!IntrinsicCall.looksLikeCall("states.UUID()"))
    }

    @Test(arguments: IntrinsicFunction.allCases)
    func arityMatchesTheDocumentation(_ function: IntrinsicFunction) {
        let expected: ClosedRange<Int> =
            switch function {
            case .format: 1...Int.max
            case .array: 0...Int.max
            case .uuid: 0...0
            case .mathRandom: 2...3
            case .arrayRange, .jsonMerge: 3...3
            case .arrayPartition, .arrayContains, .arrayGetItem, .hash, .mathAdd, .stringSplit: 2...2
            default: 1...1
            }
        #expect(function.arity == expected)
        #expect(function.rawValue.hasPrefix("States."))
    }

    struct ErrorCase: CustomTestStringConvertible, Sendable {
        var text: String
        var offset: Int
        var message: String
        var testDescription: String { text }
    }

    static let invalid: [ErrorCase] = [
        .init(text: "", offset: 0, message: "must start with 'States.'"),
        .init(text: "States.", offset: 7, message: "expected a function name after 'States.'"),
        .init(text: "States.Formt('x')", offset: 0, message: "unknown intrinsic function 'States.Formt'; did you mean 'States.Format'?"),
        .init(text: "States.format('x')", offset: 0, message: "did you mean 'States.Format'?"),
        .init(text: "States.ArrayLen($.a)", offset: 0, message: "did you mean 'States.ArrayLength'?"),
        .init(text: "States.UUID", offset: 11, message: "expected '(' after States.UUID"),
        .init(text: "States.UUID(", offset: 12, message: "expected an argument"),
        .init(text: "States.Array(1", offset: 14, message: "expected ',' or ')' to close the '(' at offset 12"),
        .init(text: "States.Array(1,)", offset: 15, message: "expected an argument after ','"),
        .init(text: "States.Array(,1)", offset: 13, message: "expected an argument"),
        .init(text: "States.Array(1 2)", offset: 15, message: "expected ',' or ')' after an argument"),
        .init(text: "States.UUID() x", offset: 14, message: "nothing may follow its ')'"),
        .init(text: "States.UUID())", offset: 13, message: "nothing may follow its ')'"),
        .init(text: "States.ArrayRange(1, 2)", offset: 0, message: "States.ArrayRange takes 3 arguments, got 2"),
        .init(text: "States.UUID(1)", offset: 0, message: "States.UUID takes no arguments, got 1"),
        .init(text: "States.Format()", offset: 0, message: "States.Format takes at least 1 argument, got 0"),
        .init(text: "States.MathRandom(1)", offset: 0, message: "States.MathRandom takes 2 or 3 arguments, got 1"),
        .init(text: "States.ArrayLength()", offset: 0, message: "States.ArrayLength takes 1 argument, got 0"),
        .init(text: "States.Array(States.MathAdd(1))", offset: 13, message: "States.MathAdd takes 2 arguments, got 1"),
        .init(text: "States.Array('abc)", offset: 13, message: "unterminated string literal"),
        .init(text: "States.Array('abc\\')", offset: 13, message: "unterminated string literal"),
        .init(text: "States.Array('a\\nb')", offset: 15, message: "invalid escape '\\n'"),
        .init(text: "States.Array(\"abc\")", offset: 13, message: "use single quotes"),
        .init(text: "States.Array(abc)", offset: 13, message: "unexpected 'abc'"),
        .init(text: "States.Hash($.a, SHA256)", offset: 17, message: "unexpected 'SHA256'"),
        .init(text: "States.Array(Foo.Bar())", offset: 13, message: "must start with 'States.'"),
        .init(text: "States.Array(1.)", offset: 13, message: "invalid number"),
        .init(text: "States.Array(.5)", offset: 13, message: "expected an argument"),
        .init(text: "States.Array(-)", offset: 13, message: "invalid number"),
        .init(text: "States.Array(01)", offset: 13, message: "leading zeros"),
        .init(text: "States.Array(1a)", offset: 14, message: "unexpected 'a' after a number"),
        .init(text: "States.Array($.)", offset: 15, message: "must not end with '.'"),
        .init(text: "States.Array($.a[)", offset: 17, message: "expected an index"),
        .init(text: "States.Array($states.input)", offset: 13, message: "'$states' is reserved"),
        .init(text: "States.Array(@.a)", offset: 13, message: "expected an argument"),
        .init(text: "States.Array($.a b)", offset: 17, message: "expected ',' or ')' after an argument"),
        .init(text: "States.Format('{} and {}', $.a)", offset: 14,
              message: "the States.Format template has 2 placeholders '{}' but 1 value follows it"),
        .init(text: "States.Format('{}')", offset: 14, message: "has 1 placeholder '{}' but 0 values follow it"),
        .init(text: "States.Format('\\{}', $.a)", offset: 14, message: "has 0 placeholders '{}' but 1 value follows it"),
        .init(text: "States.Format(1, $.a)", offset: 14, message: "must be a string template"),
        .init(text: "States.Hash($.a, 'SHA256')", offset: 17,
              message: "States.Hash does not support the algorithm 'SHA256'; use one of MD5, SHA-1, SHA-256, SHA-384, SHA-512"),
        .init(text: "States.Hash($.a, 'sha-256')", offset: 17, message: "does not support the algorithm 'sha-256'"),
        .init(text: "States.Hash($.a, 256)", offset: 17, message: "the algorithm of States.Hash must be one of"),
        .init(text: "States.JsonMerge($.a, $.b, true)", offset: 27, message: "supports only shallow merging"),
        .init(text: "States.JsonMerge($.a, $.b, 'false')", offset: 27, message: "must be the boolean false"),
        .init(text: "States.JsonMerge($.a, $.b, 0)", offset: 27, message: "must be the boolean false"),
        .init(text: "States.Array(States.Hash($.a, 'MD4'))", offset: 30, message: "'MD4'"),
    ]

    @Test(arguments: invalid)
    func rejectsInvalidCalls(_ c: ErrorCase) {
        #expect {
            _ = try IntrinsicCall.parse(c.text)
        } throws: { error in
            guard let error = error as? IntrinsicSyntaxError else { return false }
            let ok = error.offset == c.offset && error.message.contains(c.message) && error.text == c.text
            if !ok { Issue.record("got \(error)") }
            return ok
        }
    }

    @Test func errorDescription() {
        do {
            _ = try IntrinsicCall.parse("States.ArrayRange(1, 2)")
            Issue.record("expected an error")
        } catch {
            #expect(
                error.description
                    == "Invalid intrinsic function call \"States.ArrayRange(1, 2)\": "
                    + "States.ArrayRange takes 3 arguments, got 2 at offset 0")
        }
    }

    /// The calls found in AWS-recorded conformance definitions.
    @Test(arguments: [
        "States.Format($.AnswerTemplate, $$.Map.Item.Value)", "States.Format($AnswerTemplate, $$.Map.Item.Value)",
        "States.Format('Hello {}, welcome to {}!', $name, $place)", "States.Hash($inputString, 'SHA-256')",
        "States.JsonMerge($json1, $json2, false)", "States.MathAdd(States.MathAdd(States.MathAdd($yCurrent, $xCurrent), $zCurrent), $bias)",
        "States.Format('This is a custom error message for {}, caused by {}.', $.Error, $.Cause)",
        "States.ArrayRange(0, 3, 1)", "States.MathAdd($.Iterations, -1)", "States.Array('a', 'b', 'c')",
        "States.Hash($.FunctionInput.fst, $.FunctionInput.snd)", "States.UUID()",
    ])
    func conformanceCalls(_ text: String) throws {
        let call = try IntrinsicCall.parse(text)
        #expect(try IntrinsicCall.parse(call.description) == call)
    }

    // MARK: Robustness

    @Test func deepNestingIsRefused() {
        let deep = String(repeating: "States.Array(", count: 1_000) + String(repeating: ")", count: 1_000)
        #expect {
            _ = try IntrinsicCall.parse(deep)
        } throws: { error in
            (error as? IntrinsicSyntaxError)?.message.contains("nested deeper than 64 levels") == true
        }
        let ok = String(repeating: "States.Array(", count: 20) + String(repeating: ")", count: 20)
        #expect(throws: Never.self) { _ = try IntrinsicCall.parse(ok) }
        // Nesting inside path arguments counts too.
        let pathDeep =
            String(repeating: "States.Array(", count: 40) + "$[?(" + String(repeating: "(", count: 40) + "@.a"
            + String(repeating: ")", count: 40) + ")]" + String(repeating: ")", count: 40)
        #expect(throws: IntrinsicSyntaxError.self) { _ = try IntrinsicCall.parse(pathDeep) }
    }

    @Test func prefixesNeverCrash() {
        let samples = [
            "States.Format('\\{{}\\} it\\'s \\\\', States.ArrayGetItem(States.StringSplit($$.X.Y, '-'), -1), 1.5e3, null)",
            "States.JsonMerge($x.a[?(@.b in [1,'2'])], $.c['d e'], false)",
        ]
        for sample in samples {
            let characters = Array(sample)
            for end in 0...characters.count {
                _ = try? IntrinsicCall.parse(String(characters[0..<end]))
            }
        }
    }

    @Test func randomInputNeverCrashes() {
        var generator = SystemRandomNumberGenerator()
        let alphabet = Array("States.Format(Array'\\{}$@.[]?,)-0123456789 truefalsenull\"\u{1F600}")
        for _ in 0..<3_000 {
            let length = Int.random(in: 0...40, using: &generator)
            let text = String((0..<length).map { _ in alphabet.randomElement(using: &generator)! })
            _ = try? IntrinsicCall.parse("States.Array(" + text)
            _ = try? IntrinsicCall.parse(text)
        }
    }
}
