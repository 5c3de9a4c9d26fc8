import JSONValue
import StatesLanguage
import Testing

/// The validator compiles every `{% %}` expression and rejects the ones that are not JSONata.
@Suite("JSONata syntax in definitions")
struct JSONataSyntaxValidationTests {
    static let invalid: [(field: String, pointer: String)] = [
        (#""Output": "{% $states.input.( %}""#, "/States/S/Output"),
        (#""Output": {"a": "{% 1 + %}"}"#, "/States/S/Output/a"),
        (#""Assign": {"v": "{% 'unterminated %}"}"#, "/States/S/Assign/v"),
    ]

    @Test(arguments: invalid)
    func rejectsInvalidExpressions(_ c: (field: String, pointer: String)) throws {
        let definition = try JSONValue(
            parsing: #"""
                {"QueryLanguage": "JSONata", "StartAt": "S", "States": {"S": {"Type": "Pass", \#(c.field), "End": true}}}
                """#)
        let result = StateMachine.validate(definition)
        #expect(result.machine == nil)
        let diagnostic = try #require(result.errors.first)
        #expect(diagnostic.code == .invalidJSONata)
        #expect(diagnostic.location.description == c.pointer)
        #expect(diagnostic.message.contains("is not valid"))
    }

    @Test func acceptsValidExpressions() throws {
        let definition = try JSONValue(
            parsing: #"""
                {"QueryLanguage": "JSONata", "StartAt": "S", "States": {"S": {"Type": "Pass",
                  "Output": {"a": "{% $sum($states.input.n) %}", "b": "{% $partition([1,2,3], 2) %}"}, "End": true}}}
                """#)
        #expect(StateMachine.validate(definition).machine != nil)
    }
}
