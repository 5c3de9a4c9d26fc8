import JSONValue
import Testing

@Suite struct JSONSerializationTests {
    @Test func compactOutputHasNoWhitespaceAndKeepsKeyOrder() throws {
        let text = #"{"z":1,"a":[true,false,null],"m":{"y":"s","b":-2},"e":{},"f":[]}"#
        let value = try JSONValue(parsing: text)
        #expect(value.serialized() == text)
        #expect(value.description == text)
        var out: [UInt8] = Array("prefix:".utf8)
        value.write(to: &out)
        #expect(String(decoding: out, as: UTF8.self) == "prefix:" + text)
    }

    @Test func reformatsWhitespaceAway() throws {
        let value = try JSONValue(parsing: "{ \"b\" : [ 1 ,\n 2 ] ,\t\"a\" : { } }")
        #expect(value.serialized() == #"{"b":[1,2],"a":{}}"#)
    }

    @Test func prettyOutputIndentsByTwoSpaces() throws {
        let value = try JSONValue(parsing: #"{"a":1,"b":[true,null,{"c":"d"}],"e":{},"f":[]}"#)
        let expected = """
            {
              "a": 1,
              "b": [
                true,
                null,
                {
                  "c": "d"
                }
              ],
              "e": {},
              "f": []
            }
            """
        #expect(value.serialized(pretty: true) == expected)
        // Pretty output parses back to the same value.
        #expect(try JSONValue(parsing: value.serialized(pretty: true)) == value)
    }

    @Test(arguments: [
        (JSONValue.null, "null"), (.bool(true), "true"), (.bool(false), "false"), (.integer(0), "0"),
        (.integer(-5), "-5"), (.integer(Int.max), "9223372036854775807"), (.integer(Int.min), "-9223372036854775808"),
        (.string(""), #""""#), (.array([]), "[]"), (.object([:]), "{}"),
    ])
    func scalarsAndEmptyContainers(_ value: JSONValue, _ expected: String) {
        #expect(value.serialized() == expected)
        #expect(value.serialized(pretty: true) == expected)
    }

    @Test func escapesOnlyWhatJSONRequires() throws {
        let s = "q\" b\\ n\n r\r t\t b\u{8} f\u{C} nul\u{0} us\u{1F} slash/ é 😀 del\u{7F} \u{2028}"
        let out = JSONValue.string(s).serialized()
        let expected = #""q\" b\\ n\n r\r t\t b\b f\f nul\u0000 us\u001f slash/ é 😀 del"# + "\u{7F} \u{2028}\""
        // Hex digit case is not specified; everything else is.
        #expect(out.lowercased() == expected.lowercased())
        #expect(!out.contains("\\/"))
        #expect(try JSONValue(parsing: out) == .string(s))
        // Keys are escaped the same way.
        let object: JSONValue = .object([s: 1])
        #expect(try JSONValue(parsing: object.serialized()) == object)
    }

    @Test func roundTripsIntegersExactly() throws {
        for text in ["9223372036854775807", "-9223372036854775808", "9007199254740993", "0", "-1"] {
            #expect(try JSONValue(parsing: text).serialized() == text)
        }
    }

    struct DoubleCase: Sendable, CustomTestStringConvertible {
        var value: Double
        var java: String
        var testDescription: String { java }
    }

    /// Each expectation was produced by `Double.toString` on OpenJDK 17 (and agrees with JDK 19+).
    static let doubles: [DoubleCase] = [
        .init(value: 1.0, java: "1.0"),
        .init(value: 0.0, java: "0.0"),
        .init(value: -0.0, java: "-0.0"),
        .init(value: 100.0, java: "100.0"),
        .init(value: -1.5, java: "-1.5"),
        .init(value: 0.1, java: "0.1"),
        .init(value: 0.5, java: "0.5"),
        .init(value: 4.35, java: "4.35"),
        .init(value: 123.456, java: "123.456"),
        .init(value: 12345.678, java: "12345.678"),
        .init(value: 0.30000000000000004, java: "0.30000000000000004"),
        .init(value: 0.001, java: "0.001"),
        .init(value: 0.002, java: "0.002"),
        .init(value: 0.00123, java: "0.00123"),
        .init(value: 0.000999, java: "9.99E-4"),
        .init(value: 9.999999e-4, java: "9.999999E-4"),
        .init(value: 1.0e-4, java: "1.0E-4"),
        .init(value: 1.0e-5, java: "1.0E-5"),
        .init(value: 1.234e-5, java: "1.234E-5"),
        .init(value: 2.5e-8, java: "2.5E-8"),
        .init(value: 1234567.0, java: "1234567.0"),
        .init(value: 9999999.0, java: "9999999.0"),
        .init(value: 1.0e7, java: "1.0E7"),
        .init(value: -1.0e7, java: "-1.0E7"),
        .init(value: 12345678.0, java: "1.2345678E7"),
        .init(value: 123456789.0, java: "1.23456789E8"),
        .init(value: 1.0e15, java: "1.0E15"),
        .init(value: 1.0e16, java: "1.0E16"),
        .init(value: 1.0e21, java: "1.0E21"),
        .init(value: 1.0e22, java: "1.0E22"),
        .init(value: 1.0e100, java: "1.0E100"),
        .init(value: 1.7976931348623157e308, java: "1.7976931348623157E308"),
        .init(value: 2.2250738585072014e-308, java: "2.2250738585072014E-308"),
        .init(value: 3 * Double.leastNonzeroMagnitude, java: "1.5E-323"),
    ]

    @Test(arguments: doubles)
    func printsDoublesAsJavaDoes(_ c: DoubleCase) throws {
        #expect(JSONValue.javaString(c.value) == c.java)
        #expect(JSONValue.double(c.value).serialized() == c.java)
        #expect(JSONValue.array([.double(c.value)]).serialized(pretty: true) == "[\n  \(c.java)\n]")
        // What is printed reads back as the same double.
        let back = try JSONValue(parsing: c.java)
        #expect(back.doubleValue == c.value)
    }

    @Test func smallestSubnormalPrintsAsJavaDoes() {
        // Java's Double.toString(Double.MIN_VALUE) is "4.9E-324" on every JDK: when the shortest decimal has one
        // digit, Java picks the closest decimal with one *or two* digits (JDK 19+ spec), and older JDKs print the same.
        #expect(JSONValue.javaString(.leastNonzeroMagnitude) == "4.9E-324")

    }

    @Test func parsedNumbersPrintAsAWSPrintsThem() throws {
        let cases = [("1E2", "100.0"), ("1.50", "1.5"), ("-0.0", "-0.0"), ("10000000.0", "1.0E7"), ("0.0001", "1.0E-4"),
                     ("1e-3", "0.001"), ("-0", "0"), ("2.0", "2.0")]
        for (input, output) in cases {
            #expect(try JSONValue(parsing: input).serialized() == output, "\(input)")
        }
    }

    @Test func nonFiniteDoublesPrintAsNull() {
        #expect(JSONValue.javaString(.infinity) == "null")
        #expect(JSONValue.javaString(-.infinity) == "null")
        #expect(JSONValue.javaString(.nan) == "null")
        #expect(JSONValue.array([.double(.nan)]).serialized() == "[null]")
    }
}
