import JSONValue
import StatesLanguage
import Testing

@Suite("Intrinsic function evaluation")
struct EvaluationIntrinsicTests {
    static let input: JSONValue = [
        "name": "Arnav", "template": "Hello, {}!", "list": [1, 2, 2, "a", "a", ["x": 1], ["x": 1]],
        "object": ["a": 1, "b": ["c": 2]], "other": ["b": 3, "d": 4], "text": "a,b;c", "n": 2.5, "big": 1001,
        "json": #"{"k": [1, 2.5, "v"]}"#, "null": nil,
    ]

    static func run(_ text: String, input: JSONValue = input, seed: UInt64 = 7) throws -> JSONValue {
        var random = SeededGenerator(seed: seed)
        return try IntrinsicCall.parse(text).evaluate(
            in: EvaluationContext(input: input, context: ["Execution": ["Name": "run-1"]], variables: ["v": [10, 20]]),
            random: &random)
    }

    struct Case: CustomTestStringConvertible, Sendable {
        var call: String
        var expected: String
        var testDescription: String { call }
    }

    static let successes: [Case] = [
        // Format: placeholders, escapes, every value type, a template from a path.
        Case(call: "States.Format('Hello, {}!', $.name)", expected: #""Hello, Arnav!""#),
        Case(call: #"States.Format('\{\} {} \\ \'q\'', 1)"#, expected: #""{} 1 \\ 'q'""#),
        Case(call: "States.Format('{}|{}|{}|{}|{}', 1.5, true, null, $.object, $.list)",
            expected: #""1.5|true|null|{a=1, b={c=2}}|[1, 2, 2, a, a, {x=1}, {x=1}]""#),
        Case(call: "States.Format($.template, $.name)", expected: #""Hello, Arnav!""#),
        Case(call: "States.Format('no placeholders')", expected: #""no placeholders""#),
        // JSON <-> string.
        Case(call: "States.StringToJson($.json)", expected: #"{"k":[1,2.5,"v"]}"#),
        Case(call: "States.StringToJson('  ')", expected: "null"),
        Case(call: "States.StringToJson('1.0')", expected: "1.0"),
        Case(call: "States.JsonToString($.object)", expected: #""{\"a\":1,\"b\":{\"c\":2}}""#),
        Case(call: "States.JsonToString(1.0)", expected: #""1.0""#),
        // Arrays.
        Case(call: "States.Array()", expected: "[]"),
        Case(call: "States.Array(1, 'a', $.name, States.Array(true))", expected: #"[1,"a","Arnav",[true]]"#),
        Case(call: "States.ArrayPartition($.list, 3)", expected: #"[[1,2,2],["a","a",{"x":1}],[{"x":1}]]"#),
        Case(call: "States.ArrayPartition(States.Array(), 3)", expected: "[]"),
        Case(call: "States.ArrayContains($.list, $.object.b.c)", expected: "true"),
        Case(call: "States.ArrayContains($.list, 3)", expected: "false"),
        Case(call: "States.ArrayContains($.list, States.StringToJson('{\"x\":1}'))", expected: "true"),
        Case(call: "States.ArrayRange(1, 9, 2)", expected: "[1,3,5,7,9]"),
        Case(call: "States.ArrayRange(1, 9, 9)", expected: "[1]"),
        Case(call: "States.ArrayRange(5, 1, -2)", expected: "[5,3,1]"),
        Case(call: "States.ArrayRange(5, 1, 2)", expected: "[]"),
        Case(call: "States.ArrayRange(1, 1000, 1)", expected: "[" + (1...1000).map(String.init).joined(separator: ",") + "]"),
        Case(call: "States.ArrayGetItem($.list, 5)", expected: #"{"x":1}"#),
        Case(call: "States.ArrayGetItem($v, 1)", expected: "20"),
        Case(call: "States.ArrayLength($.list)", expected: "7"),
        Case(call: "States.ArrayUnique($.list)", expected: #"[1,2,"a",{"x":1}]"#),
        // Encoding and hashing.
        Case(call: "States.Base64Encode('Data to encode')", expected: #""RGF0YSB0byBlbmNvZGU=""#),
        Case(call: "States.Base64Encode('é!')", expected: #""w6kh""#),
        Case(call: "States.Base64Encode('')", expected: #""""#),
        Case(call: "States.Base64Decode('RGF0YSB0byBlbmNvZGU=')", expected: #""Data to encode""#),
        Case(call: "States.Base64Decode('w6kh')", expected: #""é!""#),
        Case(call: "States.Base64Decode('YQ')", expected: #""a""#),
        Case(call: "States.Hash('input data', 'MD5')", expected: #""812f45842bc6d66ee14572ce20db8e86""#),
        Case(call: "States.Hash('abc', 'SHA-1')", expected: #""a9993e364706816aba3e25717850c26c9cd0d89d""#),
        Case(call: "States.Hash('abc', 'SHA-256')",
            expected: #""ba7816bf8f01cfea414140de5dae2223b00361a396177a9cb410ff61f20015ad""#),
        Case(call: "States.Hash('abc', 'SHA-384')",
            expected: #""cb00753f45a35e8bb5a03d699ac65007272c32ab0eded1631a8b605a43ff5bed8086072ba1e7cc2358baeca134c825a7""#),
        Case(call: "States.Hash('abc', 'SHA-512')",
            expected: #""ddaf35a193617abacc417349ae20413112e6fa4e89a97ea20a9eeee64b55d39a2192992a274fc1a836ba3c23a3feebbd454d4423643ce80e2a9ac94fa54ca49f""#),
        // Objects and numbers.
        Case(call: "States.JsonMerge($.object, $.other, false)", expected: #"{"a":1,"b":3,"d":4}"#),
        Case(call: "States.MathAdd(1, -3)", expected: "-2"),
        Case(call: "States.MathAdd($.n, 0)", expected: "3"),
        Case(call: "States.MathAdd(-1.5, 0)", expected: "-1"),
        Case(call: "States.MathAdd(1.49, 1.5)", expected: "3"),
        Case(call: "States.MathRandom(0, 100, 42)", expected: "30"),
        Case(call: "States.MathRandom(1, 1001, 7)", expected: "237"),
        Case(call: "States.MathRandom(0, 64, 1)", expected: "46"),
        // Strings.
        Case(call: "States.StringSplit($.text, ',;')", expected: #"["a","b","c"]"#),
        Case(call: "States.StringSplit(',,a,,b,', ',')", expected: #"["a","b"]"#),
        Case(call: "States.StringSplit('abc', '')", expected: #"["abc"]"#),
        Case(call: "States.ArrayGetItem(States.StringSplit($$.Execution.Name, '-'), 1)", expected: #""1""#),
    ]

    @Test("evaluates as AWS does", arguments: successes)
    func evaluates(_ c: Case) throws {
        let result = try Self.run(c.call)
        #expect(result.serialized() == (try JSONValue(parsing: c.expected)).serialized())
    }

    struct Failure: CustomTestStringConvertible, Sendable {
        var call: String
        var error: String
        var causeContains: String
        var testDescription: String { call }
    }

    static let failures: [Failure] = [
        Failure(call: "States.Format($.template, 1, 2)", error: "States.IntrinsicFailure", causeContains: "1 placeholder"),
        Failure(call: "States.Format($.list)", error: "States.IntrinsicFailure", causeContains: "must be a string"),
        Failure(call: "States.StringToJson('{')", error: "States.IntrinsicFailure", causeContains: "not valid JSON"),
        Failure(call: "States.StringToJson(1)", error: "States.IntrinsicFailure", causeContains: "must be a string"),
        Failure(call: "States.ArrayPartition($.list, 0)", error: "States.IntrinsicFailure", causeContains: "positive"),
        Failure(call: "States.ArrayPartition($.name, 1)", error: "States.IntrinsicFailure", causeContains: "array"),
        Failure(call: "States.ArrayPartition($.list, 'a')", error: "States.IntrinsicFailure", causeContains: "integer"),
        Failure(call: "States.ArrayContains($.object, 1)", error: "States.IntrinsicFailure", causeContains: "array"),
        Failure(call: "States.ArrayRange(1, 1001, 1)", error: "States.IntrinsicFailure", causeContains: "1000"),
        Failure(call: "States.ArrayRange(1, $.big, 1)", error: "States.IntrinsicFailure", causeContains: "1000"),
        Failure(call: "States.ArrayRange(1, 5, 0)", error: "States.IntrinsicFailure", causeContains: "must not be 0"),
        Failure(call: "States.ArrayRange('1', 5, 1)", error: "States.IntrinsicFailure", causeContains: "integer"),
        Failure(call: "States.ArrayGetItem($.list, 7)", error: "States.IntrinsicFailure", causeContains: "out of bounds"),
        Failure(call: "States.ArrayGetItem($.list, -1)", error: "States.IntrinsicFailure", causeContains: "out of bounds"),
        Failure(call: "States.ArrayLength($.name)", error: "States.IntrinsicFailure", causeContains: "array"),
        Failure(call: "States.ArrayUnique($.null)", error: "States.IntrinsicFailure", causeContains: "array"),
        Failure(call: "States.Base64Decode('not base64!')", error: "States.IntrinsicFailure", causeContains: "Base64"),
        Failure(call: "States.Base64Encode(1)", error: "States.IntrinsicFailure", causeContains: "string"),
        Failure(call: "States.Hash($.name, $.name)", error: "States.IntrinsicFailure", causeContains: "'Arnav'"),
        Failure(call: "States.Hash($.object, 'MD5')", error: "States.IntrinsicFailure", causeContains: "string"),
        Failure(call: "States.JsonMerge($.object, $.list, false)", error: "States.IntrinsicFailure", causeContains: "object"),
        Failure(call: "States.JsonMerge($.object, $.other, $.name)", error: "States.IntrinsicFailure", causeContains: "false"),
        Failure(call: "States.MathAdd($.name, 1)", error: "States.IntrinsicFailure", causeContains: "integer"),
        Failure(call: "States.MathRandom(5, 5)", error: "States.IntrinsicFailure", causeContains: "less than"),
        Failure(call: "States.StringSplit($.list, ',')", error: "States.IntrinsicFailure", causeContains: "string"),
        Failure(call: "States.ArrayLength($.missing)", error: "States.Runtime", causeContains: "$.missing"),
    ]

    @Test("fails with AWS's error name", arguments: failures)
    func fails(_ f: Failure) throws {
        let error = #expect(throws: StatesError.self) { try Self.run(f.call) }
        #expect(error?.error == f.error)
        #expect(error?.cause.contains(f.causeContains) == true, "\(error?.cause ?? "")")
    }

    @Test("Base64 and Hash refuse inputs over 10,000 characters")
    func inputLimits() throws {
        let long = JSONValue.string(String(repeating: "a", count: 10_001))
        let exact = JSONValue.string(String(repeating: "a", count: 10_000))
        for call in ["States.Base64Encode($.s)", "States.Base64Decode($.s)", "States.Hash($.s, 'MD5')"] {
            let error = #expect(throws: StatesError.self) { try Self.run(call, input: ["s": long]) }
            #expect(error?.error == "States.IntrinsicFailure")
            _ = try Self.run(call, input: ["s": exact])
        }
    }

    @Test("UUID is a random version 4 UUID drawn from the injected generator")
    func uuid() throws {
        let first = try Self.run("States.UUID()", seed: 1)
        let again = try Self.run("States.UUID()", seed: 1)
        let other = try Self.run("States.UUID()", seed: 2)
        #expect(first == again)
        #expect(first != other)
        let text = try #require(first.stringValue)
        let groups = text.split(separator: "-").map(\.count)
        #expect(groups == [8, 4, 4, 4, 12])
        #expect(Array(text)[14] == "4")
        #expect("89ab".contains(Array(text)[19]))
        #expect(text == text.lowercased())
    }

    @Test("MathRandom without a seed stays in [start, end) and uses the injected generator")
    func mathRandomUnseeded() throws {
        var seen = Set<Int>()
        for seed in 0..<200 {
            let value = try #require(try Self.run("States.MathRandom(-3, 2)", seed: UInt64(seed)).intValue)
            #expect((-3..<2).contains(value))
            seen.insert(value)
        }
        #expect(seen == [-3, -2, -1, 0, 1])
        #expect(try Self.run("States.MathRandom(12.5, 44.51)", seed: 3).intValue.map { (13..<45).contains($0) } == true)
    }

    @Test("a path argument that selects nothing names the field when evaluated in a payload template")
    func missingPathInTemplate() throws {
        let template = try EvaluationSupport.parameters(#"{"r.$": "States.ArrayLength($.nope)"}"#)
        let error = #expect(throws: StatesError.self) { try template.evaluate(in: EvaluationContext(input: ["a": 1])) }
        #expect(error?.error == "States.Runtime")
        #expect(
            error?.cause == #"The JSONPath '$.nope' specified for the field 'r.$' could not be found in the input '{"a":1}'"#)
    }
}
