import Foundation
import JSONValue
import JSONata
import Testing

/// A table row: an expression, optionally its input, and the expected JSON result (`nil` for undefined).
struct Case: CustomTestStringConvertible, Sendable {
    var expression: String
    var input: String?
    var expected: String?
    var bindings: [String: JSONValue] = [:]

    init(_ expression: String, _ expected: String?, input: String? = nil, bindings: [String: JSONValue] = [:]) {
        self.expression = expression
        self.expected = expected
        self.input = input
        self.bindings = bindings
    }

    var testDescription: String { expression }
}

/// A table row for an expression that must fail with `code`.
struct ErrorCase: CustomTestStringConvertible, Sendable {
    var expression: String
    var code: String
    var input: String?

    init(_ expression: String, _ code: String, input: String? = nil) {
        self.expression = expression
        self.code = code
        self.input = input
    }

    var testDescription: String { "\(expression) → \(code)" }
}

/// 2018-06-02T12:34:56.789Z, the instant tests pin `$now()` to.
let fixedNow = Date(timeIntervalSince1970: 1_527_942_896.789)

let testEnvironment = JSONataEnvironment(currentTime: { fixedNow }, randomNumber: { 0.5 })

func evaluate(_ expression: String, input: String? = nil, bindings: [String: JSONValue] = [:]) throws -> JSONValue? {
    let compiled = try CompiledJSONata(compiling: expression)
    let inputValue = try input.map { try JSONValue(parsing: $0) }
    return try compiled.evaluate(input: inputValue, bindings: bindings, environment: testEnvironment)
}

func check(_ c: Case, sourceLocation: SourceLocation = #_sourceLocation) throws {
    let result = try evaluate(c.expression, input: c.input, bindings: c.bindings)
    let expected = try c.expected.map { try JSONValue(parsing: $0) }
    #expect(
        result == expected, "\(c.expression) gave \(result.map { $0.serialized() } ?? "undefined")",
        sourceLocation: sourceLocation)
}

func checkError(_ c: ErrorCase, sourceLocation: SourceLocation = #_sourceLocation) {
    do {
        let result = try evaluate(c.expression, input: c.input)
        Issue.record(
            "\(c.expression) gave \(result.map { $0.serialized() } ?? "undefined"), expected \(c.code)",
            sourceLocation: sourceLocation)
    } catch let error as JSONataError {
        #expect(error.code.rawValue == c.code, "\(c.expression): \(error)", sourceLocation: sourceLocation)
    } catch {
        Issue.record("unexpected error \(error)", sourceLocation: sourceLocation)
    }
}

enum Fixtures {
    /// The "Fred Smith" document from the JSONata documentation.
    static let address = """
        {
          "FirstName": "Fred",
          "Surname": "Smith",
          "Age": 28,
          "Address": {
            "Street": "Hursley Park",
            "City": "Winchester",
            "Postcode": "SO21 2JN"
          },
          "Phone": [
            { "type": "home", "number": "0203 544 1234" },
            { "type": "office", "number": "01962 001234" },
            { "type": "office", "number": "01962 001235" },
            { "type": "mobile", "number": "077 7700 1234" }
          ],
          "Email": [
            { "type": "work", "address": ["fred.smith@my-work.com", "fsmith@my-work.com"] },
            { "type": "home", "address": ["freddy@my-social.com", "frederic.smith@very-serious.com"] }
          ],
          "Other": {
            "Over 18 ?": true,
            "Misc": null,
            "Alternative.Address": {
              "Street": "Brick Lane",
              "City": "London",
              "Postcode": "E1 6RF"
            }
          }
        }
        """

    /// The invoice document from the JSONata documentation.
    static let invoice = """
        {
          "Account": {
            "Account Name": "Firefly",
            "Order": [
              {
                "OrderID": "order103",
                "Product": [
                  {
                    "Product Name": "Bowler Hat", "ProductID": 858383, "SKU": "0406654608",
                    "Description": { "Colour": "Purple", "Width": 300, "Height": 200, "Depth": 210, "Weight": 0.75 },
                    "Price": 34.45, "Quantity": 2
                  },
                  {
                    "Product Name": "Trilby hat", "ProductID": 858236, "SKU": "0406634348",
                    "Description": { "Colour": "Orange", "Width": 300, "Height": 200, "Depth": 210, "Weight": 0.6 },
                    "Price": 21.67, "Quantity": 1
                  }
                ]
              },
              {
                "OrderID": "order104",
                "Product": [
                  {
                    "Product Name": "Bowler Hat", "ProductID": 858383, "SKU": "040657863",
                    "Description": { "Colour": "Purple", "Width": 300, "Height": 200, "Depth": 210, "Weight": 0.75 },
                    "Price": 34.45, "Quantity": 4
                  },
                  {
                    "ProductID": 345664, "SKU": "0406654603", "Product Name": "Cloak",
                    "Description": { "Colour": "Black", "Width": 30, "Height": 20, "Depth": 210, "Weight": 2 },
                    "Price": 107.99, "Quantity": 1
                  }
                ]
              }
            ]
          }
        }
        """

    static let library = """
        {
          "library": {
            "books": [
              { "title": "Structure and Interpretation of Computer Programs",
                "authors": ["Abelson", "Sussman"], "isbn": "9780262510875", "price": 38.90, "copies": 2 },
              { "title": "The C Programming Language",
                "authors": ["Kernighan", "Richie"], "isbn": "9780131103627", "price": 33.59, "copies": 3 },
              { "title": "The AWK Programming Language",
                "authors": ["Aho", "Kernighan", "Weinberger"], "isbn": "9780201079814", "copies": 1 },
              { "title": "Compilers: Principles, Techniques, and Tools",
                "authors": ["Aho", "Lam", "Sethi", "Ullman"], "isbn": "9780201100884", "price": 23.38, "copies": 1 }
            ],
            "loans": [
              { "customer": "10001", "isbn": "9780262510875", "return": "2016-12-05" },
              { "customer": "10003", "isbn": "9780201100884", "return": "2016-10-22" },
              { "customer": "10003", "isbn": "9780262510875", "return": "2016-12-22" }
            ],
            "customers": [
              { "id": "10001", "name": "Joe Doe",
                "address": { "street": "2 Long Road", "city": "Winchester", "postcode": "SO22 5PU" } },
              { "id": "10002", "name": "Fred Bloggs",
                "address": { "street": "56 Letsby Avenue", "city": "Winchester", "postcode": "SO22 4WD" } },
              { "id": "10003", "name": "Jason Arthur",
                "address": { "street": "1 Preddy Gardens", "city": "Southampton", "postcode": "SO36 8JF" } }
            ]
          }
        }
        """
}
