import JSONValue
import StatesLanguage
import Testing

@Suite struct JSONPathTests {
    typealias S = JSONPath.Segment

    struct ValidCase: CustomTestStringConvertible, Sendable {
        var text: String
        var root: JSONPath.Root
        var segments: [JSONPath.Segment]
        var isReference: Bool
        var testDescription: String { text }
    }

    static let valid: [ValidCase] = [
        // Roots
        .init(text: "$", root: .input, segments: [], isReference: true),
        .init(text: "$$", root: .context, segments: [], isReference: true),
        .init(text: "$x", root: .variable("x"), segments: [], isReference: true),
        .init(text: "$_tmp1", root: .variable("_tmp1"), segments: [], isReference: true),
        .init(text: "$café", root: .variable("café"), segments: [], isReference: true),
        .init(text: "$x.a[0]", root: .variable("x"), segments: [.child("a"), .index(0)], isReference: true),
        .init(text: "$statesX", root: .variable("statesX"), segments: [], isReference: true),
        .init(
            text: "$$.Execution.Input", root: .context, segments: [.child("Execution"), .child("Input")],
            isReference: true),
        .init(
            text: "$$.Map.Item.Value", root: .context, segments: [.child("Map"), .child("Item"), .child("Value")],
            isReference: true),
        // Dot and bracket names
        .init(text: "$.a", root: .input, segments: [.child("a")], isReference: true),
        .init(text: "$.a.b.c", root: .input, segments: [.child("a"), .child("b"), .child("c")], isReference: true),
        .init(text: "$.delivery-partner", root: .input, segments: [.child("delivery-partner")], isReference: true),
        .init(text: "$.a:b@c#d", root: .input, segments: [.child("a:b@c#d")], isReference: true),
        .init(text: "$.Ünïcødé", root: .input, segments: [.child("Ünïcødé")], isReference: true),
        .init(text: "$.a ", root: .input, segments: [.child("a")], isReference: true),
        .init(text: "$['a']", root: .input, segments: [.child("a")], isReference: true),
        .init(text: "$[\"a\"]", root: .input, segments: [.child("a")], isReference: true),
        .init(text: "$['my name']", root: .input, segments: [.child("my name")], isReference: true),
        .init(text: "$['a.b']", root: .input, segments: [.child("a.b")], isReference: true),
        .init(text: "$['']", root: .input, segments: [.child("")], isReference: true),
        .init(text: "$['it\\'s']", root: .input, segments: [.child("it's")], isReference: true),
        .init(text: "$[\"q\\\"\"]", root: .input, segments: [.child("q\"")], isReference: true),
        .init(text: "$['a\\\\b']", root: .input, segments: [.child("a\\b")], isReference: true),
        .init(text: "$['\\u00e9\\n']", root: .input, segments: [.child("é\n")], isReference: true),
        .init(text: "$['\\ud83d\\ude00']", root: .input, segments: [.child("😀")], isReference: true),
        .init(text: "$['a]b']", root: .input, segments: [.child("a]b")], isReference: true),
        .init(text: "$.['a']", root: .input, segments: [.child("a")], isReference: true),
        .init(text: "$.[0]", root: .input, segments: [.index(0)], isReference: true),
        .init(text: "$['a','b']", root: .input, segments: [.children(["a", "b"])], isReference: false),
        .init(text: "$[ 'a' , \"b\" ]", root: .input, segments: [.children(["a", "b"])], isReference: false),
        // Indexes and slices
        .init(text: "$[0]", root: .input, segments: [.index(0)], isReference: true),
        .init(text: "$.a[12].b", root: .input, segments: [.child("a"), .index(12), .child("b")], isReference: true),
        .init(text: "$[-1]", root: .input, segments: [.index(-1)], isReference: false),
        .init(text: "$[0,2]", root: .input, segments: [.indexes([0, 2])], isReference: false),
        .init(text: "$[0, -1, 3]", root: .input, segments: [.indexes([0, -1, 3])], isReference: false),
        .init(text: "$[1:3]", root: .input, segments: [.slice(start: 1, end: 3, step: nil)], isReference: false),
        .init(text: "$[:2]", root: .input, segments: [.slice(start: nil, end: 2, step: nil)], isReference: false),
        .init(text: "$[-2:]", root: .input, segments: [.slice(start: -2, end: nil, step: nil)], isReference: false),
        .init(text: "$[1:]", root: .input, segments: [.slice(start: 1, end: nil, step: nil)], isReference: false),
        .init(text: "$[1:9:2]", root: .input, segments: [.slice(start: 1, end: 9, step: 2)], isReference: false),
        .init(
            text: "$.item.items[1:5].itemValue", root: .input,
            segments: [.child("item"), .child("items"), .slice(start: 1, end: 5, step: nil), .child("itemValue")],
            isReference: false),
        // Wildcards and deep scan
        .init(text: "$.*", root: .input, segments: [.wildcard], isReference: false),
        .init(text: "$[*]", root: .input, segments: [.wildcard], isReference: false),
        .init(text: "$[*][*]", root: .input, segments: [.wildcard, .wildcard], isReference: false),
        .init(text: "$.a.*.b", root: .input, segments: [.child("a"), .wildcard, .child("b")], isReference: false),
        .init(text: "$..name", root: .input, segments: [.descendant(.child("name"))], isReference: false),
        .init(text: "$..*", root: .input, segments: [.descendant(.wildcard)], isReference: false),
        .init(text: "$..['a']", root: .input, segments: [.descendant(.child("a"))], isReference: false),
        .init(text: "$..[0]", root: .input, segments: [.descendant(.index(0))], isReference: false),
        .init(
            text: "$.order..product", root: .input, segments: [.child("order"), .descendant(.child("product"))],
            isReference: false),
        // Functions
        .init(
            text: "$.a.length()", root: .input,
            segments: [.child("a"), .function(.init(name: .length))], isReference: false),
        .init(text: "$.keys()", root: .input, segments: [.function(.init(name: .keys))], isReference: false),
        .init(
            text: "$..price.max()", root: .input,
            segments: [.descendant(.child("price")), .function(.init(name: .max))], isReference: false),
        .init(
            text: "$.a.concat('x', $.b, 1)", root: .input,
            segments: [
                .child("a"),
                .function(
                    .init(
                        name: .concat,
                        arguments: [
                            .literal("x"), .path(JSONPath(root: .input, segments: [.child("b")], text: "$.b")),
                            .literal(1),
                        ])),
            ], isReference: false),
        .init(
            text: "$.a.append([1, {\"k\": null}])", root: .input,
            segments: [.child("a"), .function(.init(name: .append, arguments: [.literal([1, ["k": nil]])]))],
            isReference: false),
        .init(
            text: "$.a.index(-1)", root: .input,
            segments: [.child("a"), .function(.init(name: .index, arguments: [.literal(-1)]))], isReference: false),
    ]

    @Test(arguments: valid)
    func parsesValidPaths(_ c: ValidCase) throws {
        let path = try JSONPath.parse(c.text)
        #expect(path.root == c.root)
        #expect(path.segments == c.segments)
        #expect(path.isReferencePath == c.isReference)
        #expect(path.text == c.text)
        #expect(path.description == c.text)
    }

    // MARK: Filters

    static func at(_ names: String...) -> JSONPath.FilterOperand {
        .path(atPath(names))
    }
    static func atPath(_ names: [String]) -> JSONPath {
        JSONPath(root: .current, segments: names.map { .child($0) }, text: "@" + names.map { "." + $0 }.joined())
    }

    struct FilterCase: CustomTestStringConvertible, Sendable {
        var filter: String
        var expected: JSONPath.FilterExpression
        var testDescription: String { filter }
    }

    static let filters: [FilterCase] = [
        .init(filter: "@.price < 10", expected: .comparison(at("price"), .less, .literal(10))),
        .init(filter: "@.price<=10.5", expected: .comparison(at("price"), .lessOrEqual, .literal(10.5))),
        .init(filter: "@.a > -1", expected: .comparison(at("a"), .greater, .literal(-1))),
        .init(filter: "@.a >= 1e3", expected: .comparison(at("a"), .greaterOrEqual, .literal(1000.0))),
        .init(filter: "@.a == 'x'", expected: .comparison(at("a"), .equal, .literal("x"))),
        .init(filter: "@.a==\"x\"", expected: .comparison(at("a"), .equal, .literal("x"))),
        .init(filter: "@.a != null", expected: .comparison(at("a"), .notEqual, .literal(nil))),
        .init(filter: "@.a === true", expected: .comparison(at("a"), .strictlyEqual, .literal(true))),
        .init(filter: "@.a !== false", expected: .comparison(at("a"), .strictlyNotEqual, .literal(false))),
        .init(filter: "@.a =~ /ab+c/i", expected: .comparison(at("a"), .matchesRegex, .regex(pattern: "ab+c", flags: "i"))),
        .init(filter: "@.a =~ /a\\/b/", expected: .comparison(at("a"), .matchesRegex, .regex(pattern: "a\\/b", flags: ""))),
        .init(filter: "@.a in ['x', 'y']", expected: .comparison(at("a"), .in, .literal(["x", "y"]))),
        .init(filter: "@.a nin [1,2]", expected: .comparison(at("a"), .notIn, .literal([1, 2]))),
        .init(filter: "@.a IN [1]", expected: .comparison(at("a"), .in, .literal([1]))),
        .init(filter: "@.a subsetof ['x']", expected: .comparison(at("a"), .subsetOf, .literal(["x"]))),
        .init(filter: "@.a anyof ['x']", expected: .comparison(at("a"), .anyOf, .literal(["x"]))),
        .init(filter: "@.a noneof ['x']", expected: .comparison(at("a"), .noneOf, .literal(["x"]))),
        .init(filter: "@.a size 3", expected: .comparison(at("a"), .size, .literal(3))),
        .init(filter: "@.a empty true", expected: .comparison(at("a"), .empty, .literal(true))),
        .init(filter: "@.a contains 'x'", expected: .comparison(at("a"), .contains, .literal("x"))),
        .init(filter: "@.a all [1]", expected: .comparison(at("a"), .all, .literal([1]))),
        .init(filter: "@.isbn", expected: .exists(atPath(["isbn"]))),
        .init(filter: "!@.isbn", expected: .not(.exists(atPath(["isbn"])))),
        .init(filter: "@", expected: .exists(JSONPath(root: .current, segments: [], text: "@"))),
        .init(
            filter: "@.price < 10 && @.category == 'fiction'",
            expected: .and(
                .comparison(at("price"), .less, .literal(10)), .comparison(at("category"), .equal, .literal("fiction")))),
        .init(
            filter: "@.a || @.b && @.c",
            expected: .or(.exists(atPath(["a"])), .and(.exists(atPath(["b"])), .exists(atPath(["c"]))))),
        .init(
            filter: "(@.a || @.b) && !(@.c)",
            expected: .and(.or(.exists(atPath(["a"])), .exists(atPath(["b"]))), .not(.exists(atPath(["c"]))))),
        .init(
            filter: "@.a == $.limit",
            expected: .comparison(
                at("a"), .equal, .path(JSONPath(root: .input, segments: [.child("limit")], text: "$.limit")))),
        .init(
            filter: "@.tags.length() > 2",
            expected: .comparison(
                .path(
                    JSONPath(
                        root: .current, segments: [.child("tags"), .function(.init(name: .length))],
                        text: "@.tags.length()")), .greater, .literal(2))),
        .init(
            filter: "@['a b'] == {'k': [1, 2.5]}",
            expected: .comparison(
                .path(JSONPath(root: .current, segments: [.child("a b")], text: "@['a b']")), .equal,
                .literal(["k": [1, 2.5]]))),
        .init(
            filter: "@.a[?(@.b == 1)]",
            expected: .exists(
                JSONPath(
                    root: .current,
                    segments: [.child("a"), .filter(.comparison(at("b"), .equal, .literal(1)))],
                    text: "@.a[?(@.b == 1)]"))),
    ]

    @Test(arguments: filters)
    func parsesFilters(_ c: FilterCase) throws {
        let text = "$.items[?(\(c.filter))]"
        let path = try JSONPath.parse(text)
        #expect(path.segments == [.child("items"), .filter(c.expected)])
        #expect(!path.isReferencePath)
        #expect(path.text == text)
    }

    @Test func deepScanFilterAndSpacing() throws {
        let path = try JSONPath.parse("$..book[ ?( @.price<10 ) ]")
        #expect(path.segments == [.descendant(.child("book")), .filter(.comparison(Self.at("price"), .less, .literal(10)))])
        let deep = try JSONPath.parse("$..[?(@.a)]")
        #expect(deep.segments == [.descendant(.filter(.exists(Self.atPath(["a"]))))])
    }

    // MARK: Errors

    struct ErrorCase: CustomTestStringConvertible, Sendable {
        var text: String
        var offset: Int
        var message: String  // a substring of the message
        var testDescription: String { text }
    }

    static let invalid: [ErrorCase] = [
        .init(text: "", offset: 0, message: "must not be empty"),
        .init(text: "a.b", offset: 0, message: "must start with '$'"),
        .init(text: " $.a", offset: 0, message: "must start with '$'"),
        .init(text: "@.a", offset: 0, message: "only be used inside a filter"),
        .init(text: "$.", offset: 2, message: "must not end with '.'"),
        .init(text: "$.a.", offset: 4, message: "must not end with '.'"),
        .init(text: "$.a. ", offset: 4, message: "must not end with '.'"),
        .init(text: "$..", offset: 3, message: "'..' must be followed by a name"),
        .init(text: "$.a..", offset: 5, message: "'..' must be followed by a name"),
        .init(text: "$...a", offset: 3, message: "unexpected '.' after '..'"),
        .init(text: "$.a b", offset: 3, message: "use bracket notation"),
        .init(text: "$. a", offset: 2, message: "use bracket notation"),
        .init(text: "$['a'] ['b']", offset: 6, message: "use bracket notation"),
        .init(text: "$.a[", offset: 4, message: "expected an index, a quoted name, '*', or '?(' after '['"),
        .init(text: "$.a[x]", offset: 4, message: "expected an index, a quoted name, '*', or '?(' after '['"),
        .init(text: "$.a[0", offset: 5, message: "expected ']' to close the '[' at offset 3"),
        .init(text: "$.a[0}", offset: 5, message: "expected ']' to close the '[' at offset 3, found '}'"),
        .init(text: "$.a]", offset: 3, message: "unbalanced ']'"),
        .init(text: "$.a)", offset: 3, message: "unbalanced ')'"),
        .init(text: "$['a'", offset: 5, message: "expected ']'"),
        .init(text: "$['a]", offset: 2, message: "unterminated string"),
        .init(text: "$['a',]", offset: 6, message: "expected a quoted name after ','"),
        .init(text: "$['a' 'b']", offset: 6, message: "expected ']'"),
        .init(text: "$['\\x']", offset: 3, message: "invalid escape '\\x'"),
        .init(text: "$['\\u12']", offset: 3, message: "invalid \\u escape"),
        .init(text: "$['\\ud800']", offset: 3, message: "unpaired surrogate"),
        .init(text: "$[1,]", offset: 4, message: "expected an index after ','"),
        .init(text: "$[-]", offset: 3, message: "expected a digit"),
        .init(text: "$[:]", offset: 1, message: "a slice needs a start or an end"),
        .init(text: "$[::-1]", offset: 1, message: "a slice needs a start or an end"),
        .init(text: "$[1:2:0]", offset: 6, message: "step must not be 0"),
        .init(text: "$[99999999999999999999]", offset: 2, message: "out of range"),
        .init(text: "$[*", offset: 3, message: "expected ']'"),
        .init(text: "$.*a", offset: 3, message: "after '*'"),
        .init(text: "$x-y", offset: 2, message: "unexpected character '-'"),
        .init(text: "$1", offset: 1, message: "must not start with a digit"),
        .init(text: "$states", offset: 0, message: "'$states' is reserved"),
        .init(text: "$states.input", offset: 0, message: "'$states' is reserved"),
        .init(text: "$" + String(repeating: "v", count: 81), offset: 1, message: "at most 80 characters"),
        .init(text: "$$$", offset: 2, message: "unexpected '$' after '$$'"),
        .init(text: "$$x", offset: 2, message: "unexpected character 'x'"),
        .init(text: "$a$", offset: 2, message: "unexpected character '$'"),
        .init(text: "$.foo()", offset: 2, message: "unknown function 'foo()'"),
        .init(text: "$.length(1)", offset: 2, message: "length() takes no arguments, got 1"),
        .init(text: "$.index()", offset: 2, message: "index() takes 1 argument, got 0"),
        .init(text: "$.a.length().b", offset: 12, message: "must be the last part of a path"),
        .init(text: "$.a.length()[0]", offset: 12, message: "must be the last part of a path"),
        .init(text: "$.concat(1 2)", offset: 11, message: "expected ',' or ')'"),
        .init(text: "$..length()", offset: 1, message: "cannot follow '..'"),
        .init(text: "$[?(@.a)", offset: 8, message: "expected ']'"),
        .init(text: "$[?@.a]", offset: 3, message: "expected '(' after '[?'"),
        .init(text: "$[?(@.a == )]", offset: 11, message: "expected a value"),
        .init(text: "$[?(@.a = 1)]", offset: 8, message: "unknown operator '='; did you mean '=='?"),
        .init(text: "$[?(@.a <> 1)]", offset: 8, message: "unknown operator '<>'"),
        .init(text: "$[?(@.a like 'x')]", offset: 8, message: "unknown operator 'like'"),
        .init(text: "$[?(@.a & @.b)]", offset: 8, message: "did you mean '&&'"),
        .init(text: "$[?(@.a | @.b)]", offset: 8, message: "did you mean '||'"),
        .init(text: "$[?(@.a == x)]", offset: 11, message: "strings must be quoted"),
        .init(text: "$[?(1)]", offset: 4, message: "a literal on its own is not a condition"),
        .init(text: "$[?((@.a)]", offset: 9, message: "expected ')' to close the '(' at offset 3, found ']'"),
        .init(text: "$[?(@.a =~ /x)]", offset: 11, message: "unterminated regular expression"),
        .init(text: "$[?(@.a =~ /x/g)]", offset: 14, message: "unknown regular expression flag 'g'"),
        .init(text: "$[?(@.a in [1,)]", offset: 14, message: "expected a value, found ')'"),
        .init(text: "$.(", offset: 2, message: "expected a name after '.', found '('"),
        .init(text: "$[?(@. == 1)]", offset: 6, message: "must not end with '.'"),
        .init(text: "$[?(@.a in {'k' 1})]", offset: 16, message: "expected ':'"),
        .init(text: "$[?(@.a == 'x)]", offset: 11, message: "unterminated string"),
        .init(text: "$[?(@.a == 1.)]", offset: 11, message: "invalid number"),
        .init(text: "$[?($$.a)]", offset: 4, message: "'$$' cannot be used inside a filter"),
        .init(text: "$[?($v.a)]", offset: 4, message: "variables such as '$v' cannot be used inside a filter"),
        .init(text: "$[?()]", offset: 4, message: "expected a value"),
    ]

    @Test(arguments: invalid)
    func rejectsInvalidPaths(_ c: ErrorCase) {
        #expect {
            _ = try JSONPath.parse(c.text)
        } throws: { error in
            guard let error = error as? PathSyntaxError else { return false }
            let ok = error.offset == c.offset && error.message.contains(c.message) && error.path == c.text
            if !ok { Issue.record("got \(error)") }
            return ok
        }
    }

    @Test func errorDescription() {
        #expect(throws: PathSyntaxError.self) { try JSONPath.parse("$.a[") }
        do {
            _ = try JSONPath.parse("$.a[")
        } catch {
            #expect(
                error.description
                    == "Invalid path \"$.a[\": expected an index, a quoted name, '*', or '?(' after '[' at offset 4")
        }
    }

    // MARK: Reference paths

    @Test(arguments: [
        ("$", true), ("$.a", true), ("$['a']", true), ("$[0]", true), ("$.a[3].b['c d']", true), ("$$.Task.Token", true),
        ("$var.a", true), ("$[-1]", false), ("$.*", false), ("$[*]", false), ("$..a", false), ("$[0,1]", false),
        ("$['a','b']", false), ("$[0:1]", false), ("$[?(@.a)]", false), ("$.a.length()", false),
    ])
    func referencePaths(_ text: String, _ expected: Bool) throws {
        #expect(try JSONPath.parse(text).isReferencePath == expected)
    }

    @Test func variableNameOfEightyCharactersIsAccepted() throws {
        let name = String(repeating: "v", count: 80)
        #expect(try JSONPath.parse("$" + name).root == .variable(name))
    }

    @Test func equalityIncludesText() throws {
        let a = try JSONPath.parse("$.a")
        let b = try JSONPath.parse("$['a']")
        #expect(a.segments == b.segments)
        #expect(a != b)
        #expect(a == (try JSONPath.parse("$.a")))
    }

    // MARK: Robustness

    @Test func deepNestingIsRefused() {
        let parens = "$[?(" + String(repeating: "(", count: 200) + "@.a" + String(repeating: ")", count: 200) + ")]"
        let nots = "$[?(" + String(repeating: "!", count: 10_000) + "@.a)]"
        var nested = "@.a"
        for _ in 0..<100 { nested = "@[?(\(nested))]" }
        let filters = "$" + nested.dropFirst()
        let arrays = "$[?(@.a in " + String(repeating: "[", count: 500) + String(repeating: "]", count: 500) + ")]"
        for text in [parens, nots, filters, arrays] {
            #expect {
                _ = try JSONPath.parse(text)
            } throws: { error in
                (error as? PathSyntaxError)?.message.contains("nesting is deeper than 64 levels") == true
            }
        }
    }

    @Test func moderateNestingIsAccepted() throws {
        let parens = "$[?(" + String(repeating: "(", count: 30) + "@.a" + String(repeating: ")", count: 30) + ")]"
        _ = try JSONPath.parse(parens)
        var nested = "@.a"
        for _ in 0..<10 { nested = "@[?(\(nested))]" }
        _ = try JSONPath.parse("$" + nested.dropFirst())
    }

    @Test func longPathsParseQuickly() throws {
        let long = "$" + String(repeating: ".a[0]", count: 20_000)
        let path = try JSONPath.parse(long)
        #expect(path.segments.count == 40_000)
        let wide = "$[?(" + Array(repeating: "@.a == 1", count: 5_000).joined(separator: " || ") + ")]"
        _ = try JSONPath.parse(wide)
    }

    /// Every prefix of a set of tricky paths either parses or throws; none crashes.
    @Test func prefixesNeverCrash() {
        let samples = [
            "$..book[?(@.price < 10 && @.category == 'fiction' || !(@.isbn))]['a','b'][1:3:2].length()",
            "$[?(@.a =~ /x\\/y/i && @.b in [1, 'two', {\"k\": [null]}])].concat($.x, 'y')",
            "$['\\u00e9\\'', \"q\"]..*[-2:][0,1]", "$$.Map.Item.Value", "$var_1.x[?(@ size 2)]",
        ]
        for sample in samples {
            let characters = Array(sample)
            for end in 0...characters.count {
                _ = try? JSONPath.parse(String(characters[0..<end]))
                _ = try? JSONPath.parse(String(characters[end...]))
            }
        }
    }

    @Test func randomInputNeverCrashes() {
        var generator = SystemRandomNumberGenerator()
        let alphabet = Array("$@.[]()?*,:'\"\\/!=<>~&|-0123456789abc {}\u{1F600}\u{301}\n")
        for _ in 0..<3_000 {
            let length = Int.random(in: 0...40, using: &generator)
            let text = String((0..<length).map { _ in alphabet.randomElement(using: &generator)! })
            _ = try? JSONPath.parse("$" + text)
            _ = try? JSONPath.parse(text)
        }
    }

    /// Paths found in AWS-recorded conformance definitions.
    @Test(arguments: [
        "$.item.items[1:5]", "$.items[*]", "$.items[10]", "$.items[1:].itemValue", "$$.Execution.RoleArn",
        "$constant_obj.in_obj_constant_lst", "$$.Execution.Input.input-value", "$$.State.RetryCount",
        "$.no.such.path", "$PokemonList", "$[2]",
    ])
    func conformancePaths(_ text: String) throws {
        #expect(try JSONPath.parse(text).text == text)
    }
}

/// `JSONPath.parse` takes a fast path for plain `.name`/`[n]` paths; it must build what the general parser builds.
/// A trailing space (which Jayway ignores) sends the same path through the general parser.
@Suite struct JSONPathFastPathTests {
    @Test(arguments: ["$", "$$", "$.a", "$.a-b.c_d[0][12]", "$$.Map.Item.Value", "$.0a.B9", "$[3].x", "$$.Execution.Input"])
    func simplePathsParseLikeTheGeneralParser(text: String) throws {
        let fast = try JSONPath.parse(text)
        let general = try JSONPath.parse(text + " ")
        #expect(fast.root == general.root)
        #expect(fast.segments == general.segments)
        #expect(fast.isReferencePath == general.isReferencePath)
    }

    @Test(arguments: ["$.", "$[]", "$.a[", "$..", "$.a b"])
    func malformedSimpleLookingPathsStillFail(text: String) {
        #expect(throws: PathSyntaxError.self) { try JSONPath.parse(text) }
    }
}
