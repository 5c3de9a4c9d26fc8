import JSONValue
import StatesLanguage
import Testing

// Helpers shared by the validator suites: build definitions from JSON text, wrap a single state into a machine,
// and look diagnostics up by code and JSON Pointer.

/// Validates a definition written as JSON text.
func validate(_ text: String, _ options: ValidationOptions = ValidationOptions()) throws -> ValidationResult {
    StateMachine.validate(try JSONValue(parsing: text), options: options)
}

/// A machine whose only state, `S`, is `state` (JSON text); `top` adds top-level members (e.g. `"QueryLanguage": "JSONata",`).
func machine(state: String, top: String = "") -> String {
    #"{\#(top)"StartAt": "S", "States": {"S": \#(state)}}"#
}

/// Validates a machine whose only state, `S`, is `state`.
func validateState(_ state: String, top: String = "", _ options: ValidationOptions = ValidationOptions()) throws
    -> ValidationResult
{
    try validate(machine(state: state, top: top), options)
}

/// A JSONPath Task state with a valid resource; `fields` are extra members (with a trailing comma).
func task(_ fields: String = "", end: String = #""End": true"#) -> String {
    #"{"Type": "Task", "Resource": "arn:aws:lambda:us-east-1:123456789012:function:f", \#(fields) \#(end)}"#
}

/// A Map state with a one-state item processor named `inner`; `fields` are extra members (with a trailing comma).
func map(_ fields: String = "", inner: String = "I", processor: String = "ItemProcessor") -> String {
    #"{"Type": "Map", \#(fields) "\#(processor)": {"StartAt": "\#(inner)", "States": {"\#(inner)": {"Type": "Pass", "End": true}}}, "End": true}"#
}

func describe(_ diagnostics: [Diagnostic]) -> String {
    diagnostics.isEmpty ? "(no diagnostics)"
        : diagnostics.map { "\($0.severity.rawValue) \($0.code) \($0.location): \($0.message)" }.joined(separator: "\n")
}

/// Expects an error with `code` at `pointer` whose message contains every fragment; returns it.
@discardableResult
func expectError(_ result: ValidationResult, _ code: Diagnostic.Code, at pointer: String, _ fragments: String...,
                 sourceLocation: SourceLocation = #_sourceLocation) -> Diagnostic?
{
    expectDiagnostic(result, .error, code, at: pointer, fragments, sourceLocation: sourceLocation)
}

/// Expects a warning with `code` at `pointer` whose message contains every fragment; returns it.
@discardableResult
func expectWarning(_ result: ValidationResult, _ code: Diagnostic.Code = .schemaValidationFailed, at pointer: String,
                   _ fragments: String..., sourceLocation: SourceLocation = #_sourceLocation) -> Diagnostic?
{
    expectDiagnostic(result, .warning, code, at: pointer, fragments, sourceLocation: sourceLocation)
}

func expectDiagnostic(_ result: ValidationResult, _ severity: Diagnostic.Severity, _ code: Diagnostic.Code,
                      at pointer: String, _ fragments: [String], sourceLocation: SourceLocation) -> Diagnostic?
{
    let matches = result.diagnostics.filter {
        $0.severity == severity && $0.code == code && $0.location.description == pointer
    }
    guard let diagnostic = matches.first else {
        Issue.record("expected \(severity.rawValue) \(code) at \(pointer); got:\n\(describe(result.diagnostics))",
                     sourceLocation: sourceLocation)
        return nil
    }
    for fragment in fragments where !diagnostic.message.contains(fragment) {
        Issue.record("the message at \(pointer) lacks \"\(fragment)\": \(diagnostic.message)", sourceLocation: sourceLocation)
    }
    if severity == .error {
        #expect(result.machine == nil, "a result with errors must not carry a machine", sourceLocation: sourceLocation)
    }
    return diagnostic
}

/// Expects no error diagnostics and a parsed machine; returns the machine.
@discardableResult
func expectValid(_ result: ValidationResult, sourceLocation: SourceLocation = #_sourceLocation) -> StateMachine? {
    if !result.errors.isEmpty {
        Issue.record("expected no errors; got:\n\(describe(result.diagnostics))", sourceLocation: sourceLocation)
    }
    #expect(result.machine != nil, "a result without errors must carry a machine", sourceLocation: sourceLocation)
    return result.machine
}

/// Expects no diagnostic at all (not even a warning).
func expectClean(_ result: ValidationResult, sourceLocation: SourceLocation = #_sourceLocation) {
    if !result.diagnostics.isEmpty {
        Issue.record("expected no diagnostics; got:\n\(describe(result.diagnostics))", sourceLocation: sourceLocation)
    }
    #expect(result.machine != nil, sourceLocation: sourceLocation)
}

/// The state named `name` in the top-level graph.
func topState(_ machine: StateMachine?, _ name: String = "S", sourceLocation: SourceLocation = #_sourceLocation) throws
    -> State
{
    let machine = try #require(machine, sourceLocation: sourceLocation)
    return try #require(machine.graph.states[name], "no state \(name)", sourceLocation: sourceLocation)
}

/// A table row for a rule check: a definition and the diagnostic it must (or must not) produce.
struct RuleCase: Sendable, CustomTestStringConvertible {
    var name: String
    var definition: String
    var code: Diagnostic.Code
    var pointer: String
    var fragments: [String]
    var options: ValidationOptions

    init(_ name: String, _ definition: String, _ code: Diagnostic.Code = .schemaValidationFailed, at pointer: String,
         _ fragments: String..., options: ValidationOptions = ValidationOptions())
    {
        self.name = name
        self.definition = definition
        self.code = code
        self.pointer = pointer
        self.fragments = fragments
        self.options = options
    }

    var testDescription: String { name }

    func check(sourceLocation: SourceLocation = #_sourceLocation) throws {
        let result = try validate(definition, options)
        _ = expectDiagnostic(result, .error, code, at: pointer, fragments, sourceLocation: sourceLocation)
    }
}

/// A table row for a definition that must be accepted.
struct ValidCase: Sendable, CustomTestStringConvertible {
    var name: String
    var definition: String
    var options: ValidationOptions

    init(_ name: String, _ definition: String, options: ValidationOptions = ValidationOptions()) {
        self.name = name
        self.definition = definition
        self.options = options
    }

    var testDescription: String { name }

    func check(sourceLocation: SourceLocation = #_sourceLocation) throws {
        expectValid(try validate(definition, options), sourceLocation: sourceLocation)
    }
}
