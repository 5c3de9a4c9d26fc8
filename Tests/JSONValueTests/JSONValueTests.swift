import JSONValue
import Testing

@Suite struct JSONValueEqualityTests {
    @Test(arguments: [
        (JSONValue.integer(1), JSONValue.double(1.0)),
        (.integer(0), .double(-0.0)),
        (.double(0.0), .double(-0.0)),
        (.integer(-3), .double(-3.0)),
        (.array([1, 2.0]), .array([1.0, 2])),
        (.object(["a": 1, "b": 2]), .object(["b": 2, "a": 1])),
        (.object(["x": ["a": 1, "b": [1, ["c": nil, "d": true]]]]),
         .object(["x": ["b": [1.0, ["d": true, "c": nil]], "a": 1.0]])),
        (.null, .null), (.string("é"), .string("é")), (.bool(false), .bool(false)),
    ])
    func equalValuesAreEqualAndHashAlike(_ a: JSONValue, _ b: JSONValue) {
        #expect(a == b)
        #expect(b == a)
        #expect(a.hashValue == b.hashValue)
        #expect(Set([a, b]).count == 1)
    }

    @Test(arguments: [
        (JSONValue.integer(1), JSONValue.double(1.5)),
        (.integer(1), .string("1")),
        (.integer(1), .bool(true)),
        (.integer(0), .bool(false)),
        (.null, .bool(false)),
        (.null, .string("")),
        (.string("a"), .string("A")),
        (.array([1, 2]), .array([2, 1])),
        (.array([1]), .array([1, 1])),
        (.array([]), .object([:])),
        (.object(["a": 1]), .object(["a": 2])),
        (.object(["a": 1]), .object(["b": 1])),
        (.object(["a": 1]), .object(["a": 1, "b": 2])),
        (.object(["a": nil]), .object([:])),
    ])
    func differentValuesAreNotEqual(_ a: JSONValue, _ b: JSONValue) {
        #expect(a != b)
        #expect(b != a)
    }

    @Test func objectsInDifferentOrderHashAlikeAcrossManyMembers() throws {
        let forward = try JSONValue(parsing: #"{"a":1,"b":"x","c":[1,2],"d":{"e":null,"f":1.5},"g":true}"#)
        let backward = try JSONValue(parsing: #"{"g":true,"d":{"f":1.5,"e":null},"c":[1,2],"b":"x","a":1.0}"#)
        #expect(forward == backward)
        #expect(forward.hashValue == backward.hashValue)
        var dictionary: [JSONValue: Int] = [forward: 1]
        dictionary[backward, default: 0] += 1
        #expect(dictionary == [forward: 2])
        // Order is still kept for printing.
        #expect(forward.serialized() != backward.serialized())
    }

    @Test func integerAndDoubleCompareExactly() {
        // 2^53 + 1 has no Double; comparing through Double makes it equal to 2^53, so == stops being transitive.
        let exact = JSONValue.integer(9_007_199_254_740_993)
        let rounded = JSONValue.double(9_007_199_254_740_992.0)
        #expect(JSONValue.integer(9_007_199_254_740_992) == rounded)
        #expect(exact != .integer(9_007_199_254_740_992))
        #expect(exact != rounded)
        #expect(JSONValue.integer(Int.max) != .double(9_223_372_036_854_775_808.0))

    }
}

@Suite struct JSONValueAccessorTests {
    @Test func typeNames() {
        #expect(JSONValue.null.typeName == "null")
        #expect(JSONValue.bool(true).typeName == "boolean")
        #expect(JSONValue.integer(1).typeName == "number")
        #expect(JSONValue.double(1.5).typeName == "number")
        #expect(JSONValue.string("").typeName == "string")
        #expect(JSONValue.array([]).typeName == "array")
        #expect(JSONValue.object([:]).typeName == "object")
    }

    @Test func typedAccessors() {
        #expect(JSONValue.string("s").stringValue == "s")
        #expect(JSONValue.integer(1).stringValue == nil)
        #expect(JSONValue.bool(true).boolValue == true)
        #expect(JSONValue.null.boolValue == nil)
        #expect(JSONValue.integer(3).doubleValue == 3.0)
        #expect(JSONValue.double(2.5).doubleValue == 2.5)
        #expect(JSONValue.string("3").doubleValue == nil)
        #expect(JSONValue.integer(3).intValue == 3)
        #expect(JSONValue.double(3.0).intValue == 3)
        #expect(JSONValue.double(3.5).intValue == nil)
        #expect(JSONValue.double(1e300).intValue == nil)
        #expect(JSONValue.string("3").intValue == nil)
        #expect(JSONValue.integer(1).isNumber && JSONValue.double(1).isNumber)
        #expect(!JSONValue.string("1").isNumber)
        #expect(JSONValue.array([1]).arrayValue == [1])
        #expect(JSONValue.object(["a": 1]).objectValue == ["a": 1])
        #expect(JSONValue.array([]).objectValue == nil)
        #expect(JSONValue.object(["a": 1])["a"] == .integer(1))
        #expect(JSONValue.object(["a": 1])["b"] == nil)
        #expect(JSONValue.array([1])["a"] == nil)
    }

    @Test func literalsBuildTheExpectedCases() throws {
        let value: JSONValue = ["z": 1, "a": [true, nil, 1.5, "s"]]
        let object = try #require(value.objectValue)
        #expect(Array(object.keys) == ["z", "a"])
        guard case .integer(1)? = object["z"], case .array(let a)? = object["a"], case .double(1.5) = a[2] else {
            Issue.record("literals produced the wrong cases: \(value)")
            return
        }
        #expect(a[0] == .bool(true) && a[1] == .null && a[3] == .string("s"))
    }
}

@Suite struct JSONPointerTests {
    @Test(arguments: [
        ([String](), "/"),
        (["States"], "/States"),
        (["States", "Load", "Retry", "0", "BackoffRate"], "/States/Load/Retry/0/BackoffRate"),
        (["a/b"], "/a~1b"),
        (["a~b"], "/a~0b"),
        (["~1"], "/~01"),
        (["/~"], "/~1~0"),
        (["a", ""], "/a/"),
        (["é 😀"], "/é 😀"),
    ])
    func printsEscapedTokens(_ tokens: [String], _ expected: String) {
        #expect(JSONPointer(tokens: tokens).description == expected)
    }

    @Test func appendingAndParent() {
        let p = JSONPointer.root.appending("States").appending("A/B").appending(3)
        #expect(p.tokens == ["States", "A/B", "3"])
        #expect(p.description == "/States/A~1B/3")
        #expect(p.parent == JSONPointer(tokens: ["States", "A/B"]))
        #expect(p.parent?.parent?.parent == .root)
        #expect(JSONPointer.root.parent == nil)
        #expect(JSONPointer.root.tokens.isEmpty)
    }

    let document: JSONValue = ["a": [10, ["b/c": true, "~": nil]], "": "empty key"]

    @Test func subscriptFindsValues() {
        #expect(document[JSONPointer.root] == document)
        #expect(document[JSONPointer(tokens: ["a", "0"])] == .integer(10))
        #expect(document[JSONPointer(tokens: ["a", "1", "b/c"])] == .bool(true))
        // A present null is .some(.null), not nil.
        #expect(document[JSONPointer(tokens: ["a", "1", "~"])] == .some(.null))
        #expect(document[JSONPointer(tokens: [""])] == .string("empty key"))
    }

    @Test func subscriptReturnsNilWhenNothingIsThere() {
        #expect(document[JSONPointer(tokens: ["missing"])] == nil)
        #expect(document[JSONPointer(tokens: ["a", "2"])] == nil)
        #expect(document[JSONPointer(tokens: ["a", "-1"])] == nil)
        #expect(document[JSONPointer(tokens: ["a", "x"])] == nil)
        #expect(document[JSONPointer(tokens: ["a", "0", "deeper"])] == nil)
        #expect(document[JSONPointer(tokens: ["a", "1", "b~1c"])] == nil)  // tokens are already unescaped
    }

    @Test func arrayIndexesFollowRFC6901() {
        // RFC 6901: an array index is "0" or digits without a leading zero; "01" and "+1" name nothing.
        #expect(document[JSONPointer(tokens: ["a", "01"])] == nil)
        #expect(document[JSONPointer(tokens: ["a", "+1"])] == nil)

    }

    @Test func pointersFromPositionsResolveInTheParsedDocument() throws {
        let text = #"{"x":[{"y/z":[1,2,{"~":"deep"}]}]}"#
        let value = try JSONValue(parsing: text)
        let positions = try JSONParser().positions(in: Array(text.utf8))
        for pointer in positions.keys {
            #expect(value[pointer] != nil, "\(pointer)")
        }
        #expect(value[JSONPointer(tokens: ["x", "0", "y/z", "2", "~"])] == "deep")
    }
}
