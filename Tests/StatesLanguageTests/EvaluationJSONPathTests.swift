import JSONValue
import StatesLanguage
import Testing

@Suite("JSONPath evaluation")
struct EvaluationJSONPathTests {
    static let store: JSONValue = try! JSONValue(
        parsing: #"""
            {"store": {"book": [
              {"category": "reference", "author": "Nigel Rees", "title": "Sayings", "price": 8.95},
              {"category": "fiction", "author": "Evelyn Waugh", "title": "Sword", "price": 12.99, "tags": ["war"]},
              {"category": "fiction", "author": "Herman Melville", "title": "Moby Dick", "isbn": "0-553", "price": 8.99},
              {"category": "fiction", "author": "Tolkien", "title": "LOTR", "isbn": "0-395", "price": 22.99}
             ], "bicycle": {"color": "red", "price": 19.95}},
             "limit": 10, "n": null, "s": "text", "nums": [3, 1, 2], "empty": []}
            """#)

    struct Case: CustomTestStringConvertible, Sendable {
        var path: String
        var expected: String
        var testDescription: String { path }
    }

    static let cases: [Case] = [
        Case(path: "$", expected: #"$"#),
        Case(path: "$.store.bicycle.color", expected: #""red""#),
        Case(path: "$['store']['bicycle']['price']", expected: "19.95"),
        Case(path: "$.store.book[0].title", expected: #""Sayings""#),
        Case(path: "$.store.book[-1].title", expected: #""LOTR""#),
        Case(path: "$.n", expected: "null"),
        Case(path: "$.store.book[*].author",
            expected: #"["Nigel Rees","Evelyn Waugh","Herman Melville","Tolkien"]"#),
        Case(path: "$.store.book[0,2].price", expected: "[8.95,8.99]"),
        Case(path: "$.store.book[1:3].title", expected: #"["Sword","Moby Dick"]"#),
        Case(path: "$.store.book[:2].title", expected: #"["Sayings","Sword"]"#),
        Case(path: "$.store.book[-2:].title", expected: #"["Moby Dick","LOTR"]"#),
        Case(path: "$.store.book[9:].title", expected: "[]"),
        Case(path: "$..author", expected: #"["Nigel Rees","Evelyn Waugh","Herman Melville","Tolkien"]"#),
        Case(path: "$.store..price", expected: "[8.95,12.99,8.99,22.99,19.95]"),
        Case(path: "$.store.bicycle.*", expected: #"["red",19.95]"#),
        Case(path: "$.store.book[?(@.isbn)].title", expected: #"["Moby Dick","LOTR"]"#),
        Case(path: "$.store.book[?(@.price < 10)].title", expected: #"["Sayings","Moby Dick"]"#),
        Case(path: "$.store.book[?(@.price > $.limit && @.category == 'fiction')].title",
            expected: #"["Sword","LOTR"]"#),
        Case(path: "$.store.book[?(@.category != 'fiction' || @.price >= 22.99)].title",
            expected: #"["Sayings","LOTR"]"#),
        Case(path: "$.store.book[?(!(@.price < 10))].title", expected: #"["Sword","LOTR"]"#),
        Case(path: "$.store.book[?(@.author =~ /.*mel.*/i)].title", expected: #"["Moby Dick"]"#),
        Case(path: "$.store.book[?(@.category in ['reference', 'poetry'])].title", expected: #"["Sayings"]"#),
        Case(path: "$.store.book[?(@.category nin ['fiction'])].title", expected: #"["Sayings"]"#),
        Case(path: "$.store.book[?(@.tags contains 'war')].title", expected: #"["Sword"]"#),
        Case(path: "$.store.book[?(@.title size 4)].title", expected: #"["LOTR"]"#),
        Case(path: "$.store.book[?(@.isbn exists false)].title", expected: #"["Sayings","Sword"]"#),
        Case(path: "$.store.book[?(@.missing != 'x')].title",
            expected: #"["Sayings","Sword","Moby Dick","LOTR"]"#),
        Case(path: "$.store.book[?(@.price == 8.95)].title", expected: #"["Sayings"]"#),
        Case(path: "$.store[?(@.bicycle)].bicycle.color", expected: #"["red"]"#),
        Case(path: "$.store.bicycle['color','price']", expected: #"{"color":"red","price":19.95}"#),
        Case(path: "$.store.book.length()", expected: "4"),
        Case(path: "$.store.bicycle.length()", expected: "2"),
        Case(path: "$.nums.min()", expected: "1.0"),
        Case(path: "$.nums.max()", expected: "3.0"),
        Case(path: "$.nums.sum()", expected: "6.0"),
        Case(path: "$.nums.avg()", expected: "2.0"),
        Case(path: "$.store.bicycle.keys()", expected: #"["color","price"]"#),
        Case(path: "$.nums.first()", expected: "3"),
        Case(path: "$.nums.last()", expected: "2"),
        Case(path: "$.nums.index(1)", expected: "1"),
        Case(path: "$.nums.append(4)", expected: "[3,1,2,4]"),
        Case(path: "$..price.sum()", expected: "73.87"),
        // Indefinite paths never fail: they select an empty list.
        Case(path: "$.nope[*]", expected: "[]"),
        Case(path: "$.nope.items[1:5].x", expected: "[]"),
        Case(path: "$.empty[*]", expected: "[]"),
    ]

    @Test("selects as Jayway does", arguments: cases)
    func selects(_ c: Case) throws {
        let path = try JSONPath.parse(c.path)
        let result = try path.evaluate(in: EvaluationContext(input: Self.store))
        let expected = c.expected == "$" ? Self.store : try JSONValue(parsing: c.expected)
        #expect(result.serialized() == expected.serialized(), "\(result)")
    }

    @Test(
        "a definite path that selects nothing is States.Runtime with Jayway's message",
        arguments: [
            ("$.nope", "Invalid path '$.nope' : No results for path: $['nope']"),
            ("$.no.such.path", "Invalid path '$.no.such.path' : Missing property in path $['no']"),
            ("$.store.book[10]", "Invalid path '$.store.book[10]' : No results for path: $['store']['book'][10]"),
            ("$.n.x", "Invalid path '$.n.x' : Expected to find an object with property ['x'] in path $['n'] but "
                + "found 'null'. This is not a json object according to the JsonProvider: "
                + "'com.jayway.jsonpath.spi.json.JsonSmartJsonProvider'."),
            ("$.s[0]", #"Invalid path '$.s[0]' : Filter: [0] can only be applied to arrays. Current context is: "text""#),
            ("$.empty.max()",
                "Invalid path '$.empty.max()' : Aggregation function attempted to calculate value using empty array"),
        ])
    func definiteMiss(path: String, cause: String) throws {
        let parsed = try JSONPath.parse(path)
        let context = EvaluationContext(input: Self.store)
        let error = #expect(throws: StatesError.self) { try parsed.evaluate(in: context) }
        #expect(error?.error == "States.Runtime")
        #expect(error?.cause == cause)
        #expect(parsed.select(in: context) == nil)
    }

    @Test("a miss reported for a field names the field and the input searched")
    func fieldMiss() throws {
        let context = EvaluationContext(input: ["a": 1], context: ["Execution": ["Input": ["a": 1]]])
        let error = #expect(throws: StatesError.self) {
            try JSONPath.parse("$$.Execution.Input.no_such_jsonpath").evaluate(in: context, field: "value.$")
        }
        #expect(
            error?.cause == "The JSONPath '$$.Execution.Input.no_such_jsonpath' specified for the field 'value.$' "
                + #"could not be found in the input '{"Execution":{"Input":{"a":1}}}'"#)
        #expect(error?.inState("pass", enteredEventID: 2).cause.hasPrefix(
            "An error occurred while executing the state 'pass' (entered at the event id #2). The JSONPath") == true)
    }

    @Test("roots: context object and workflow variables")
    func roots() throws {
        let context = EvaluationContext(
            input: [:], context: ["Map": ["Item": ["Index": 3]]], variables: ["user": ["name": "ann"], "n": 2])
        #expect(try JSONPath.parse("$$.Map.Item.Index").evaluate(in: context) == 3)
        #expect(try JSONPath.parse("$user.name").evaluate(in: context) == "ann")
        #expect(try JSONPath.parse("$n").evaluate(in: context) == 2)
        #expect(try JSONPath.parse("$undefined").select(in: context) == nil)
        let error = #expect(throws: StatesError.self) { try JSONPath.parse("$undefined").evaluate(in: context) }
        #expect(error?.error == "States.Runtime")
    }

    @Test("definiteness follows Jayway", arguments: [
        ("$.a.b[0]", true), ("$['a','b']", true), ("$.a.length()", true), ("$['a','b'].c", false),
        ("$.a[*]", false), ("$..a", false), ("$.a[0:1]", false), ("$.a[0,1]", false), ("$.a[?(@.x)]", false),
    ])
    func definiteness(path: String, definite: Bool) throws {
        #expect(try JSONPath.parse(path).isDefinite == definite)
    }
}
