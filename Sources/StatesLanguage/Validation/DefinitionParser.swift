public import JSONValue

/// Settings for parsing and validating a definition.
public struct ValidationOptions: Sendable {
    /// The state machine type the definition is meant for; EXPRESS machines cannot use `.sync` or `.waitForTaskToken`.
    public enum MachineType: String, Sendable, Hashable, CaseIterable {
        case standard = "STANDARD"
        case express = "EXPRESS"
    }

    /// STANDARD by default.
    public var machineType: MachineType

    public init(machineType: MachineType = .standard) {
        self.machineType = machineType
    }
}

/// The outcome of validating a definition: the parsed machine when there are no errors, and every diagnostic.
public struct ValidationResult: Sendable {
    /// The machine, present exactly when ``diagnostics`` holds no errors.
    public var machine: StateMachine?
    /// Errors and warnings in the order they were found: field checks state by state, then transitions and
    /// reachability. (`ferry validate` sorts them by line and column.)
    public var diagnostics: [Diagnostic]

    /// The diagnostics of severity error.
    public var errors: [Diagnostic] { diagnostics.filter { $0.severity == .error } }
    /// The diagnostics of severity warning.
    public var warnings: [Diagnostic] { diagnostics.filter { $0.severity == .warning } }
}

extension StateMachine {
    /// AWS's limit on the size of a definition, in bytes of UTF-8 (1 MiB).
    public static let maximumDefinitionSize = 1_048_576

    /// Checks a definition as strictly as AWS Step Functions does and, when it is valid, builds the typed model.
    ///
    /// Every problem is reported, each with a JSON Pointer to its place; validation never stops at the first.
    public static func validate(_ definition: JSONValue, options: ValidationOptions = ValidationOptions())
        -> ValidationResult
    {
        let parser = DefinitionParser(options: options)
        let machine = parser.parseMachine(definition)
        parser.resolveTransitions()
        let diagnostics = parser.diagnostics.sorted { $0.order < $1.order }.map(\.diagnostic)
        let hasErrors = diagnostics.contains { $0.severity == .error }
        return ValidationResult(machine: hasErrors ? nil : machine, diagnostics: diagnostics)
    }

    /// Parses a definition into a ready-to-run model.
    /// - Throws: ``InvalidDefinitionError`` with every problem found.
    public static func parse(_ definition: JSONValue, options: ValidationOptions = ValidationOptions())
        throws(InvalidDefinitionError) -> StateMachine
    {
        let result = validate(definition, options: options)
        guard let machine = result.machine else { throw InvalidDefinitionError(diagnostics: result.diagnostics) }
        return machine
    }
}

/// Walks a definition once, building the model and collecting diagnostics.
///
/// Transitions are recorded per scope while walking and resolved at the end (``resolveTransitions()``), so a
/// message about a transition into another scope can say where the target really is.
final class DefinitionParser {
    struct Ordered {
        var order: Int
        var diagnostic: Diagnostic
    }

    /// A graph being parsed: its states and the transitions out of them.
    struct Scope {
        var label: String
        var pointer: JSONPointer
        var startAt: String?
        var names: [String: JSONPointer] = [:]
        var order: [String] = []
        var edges: [Edge] = []
    }

    struct Edge {
        var from: String
        var target: String
        var at: JSONPointer
        var field: String
    }

    let options: ValidationOptions
    var diagnostics: [Ordered] = []
    var machineLanguage: QueryLanguage = .jsonPath
    /// Every state name seen, with where it is defined and in which scope.
    var allStates: [String: (pointer: JSONPointer, scope: String)] = [:]
    var scopes: [Scope] = []

    init(options: ValidationOptions) {
        self.options = options
    }

    // MARK: - Reporting

    func report(_ code: Diagnostic.Code, at pointer: JSONPointer, _ message: String, severity: Diagnostic.Severity = .error) {
        diagnostics.append(Ordered(order: diagnostics.count, diagnostic: Diagnostic(severity, code: code, at: pointer, message: message)))
    }

    func schema(_ pointer: JSONPointer, _ message: String) {
        report(.schemaValidationFailed, at: pointer, message)
    }

    func warn(_ pointer: JSONPointer, _ message: String, code: Diagnostic.Code = .schemaValidationFailed) {
        report(code, at: pointer, message, severity: .warning)
    }

    // MARK: - Typed field access

    /// Reports fields of `object` outside `allowed`, with a suggestion, unless `explain` has a better message.
    func checkUnknownFields(_ object: JSONObject, at pointer: JSONPointer, allowed: Set<String>, context: String,
                            explain: (String) -> String? = { _ in nil })
    {
        for key in object.keys where !allowed.contains(key) {
            if let message = explain(key) {
                schema(pointer.appending(key), message)
            } else {
                schema(pointer.appending(key), "\(context) has no field \"\(key)\"\(Suggestion.hint(for: key, in: allowed))")
            }
        }
    }

    /// Reports, in one message as AWS does, the required fields that are missing.
    @discardableResult
    func requireFields(_ object: JSONObject, _ keys: [String], at pointer: JSONPointer, context: String) -> Bool {
        let missing = keys.filter { object[$0] == nil }
        guard !missing.isEmpty else { return true }
        let list = missing.map { "\"\($0)\"" }.joined(separator: ", ")
        schema(pointer, "\(context) is missing required field\(missing.count > 1 ? "s" : "") \(list)")
        return false
    }

    func typeMismatch(_ key: String, at pointer: JSONPointer, expected: String, got value: JSONValue) {
        schema(pointer, "\"\(key)\" must be \(expected), but it is \(article(value.typeName)) \(value.typeName)")
    }

    func article(_ word: String) -> String {
        word.first.map { "aeiou".contains($0) } == true ? "an" : "a"
    }

    func string(_ object: JSONObject, _ key: String, at pointer: JSONPointer) -> String? {
        guard let value = object[key] else { return nil }
        guard case .string(let s) = value else {
            typeMismatch(key, at: pointer.appending(key), expected: "a string", got: value)
            return nil
        }
        return s
    }

    func bool(_ object: JSONObject, _ key: String, at pointer: JSONPointer) -> Bool? {
        guard let value = object[key] else { return nil }
        guard case .bool(let b) = value else {
            typeMismatch(key, at: pointer.appending(key), expected: "true or false", got: value)
            return nil
        }
        return b
    }

    func jsonObject(_ object: JSONObject, _ key: String, at pointer: JSONPointer) -> JSONObject? {
        guard let value = object[key] else { return nil }
        guard case .object(let o) = value else {
            typeMismatch(key, at: pointer.appending(key), expected: "an object", got: value)
            return nil
        }
        return o
    }

    func jsonArray(_ object: JSONObject, _ key: String, at pointer: JSONPointer) -> [JSONValue]? {
        guard let value = object[key] else { return nil }
        guard case .array(let a) = value else {
            typeMismatch(key, at: pointer.appending(key), expected: "an array", got: value)
            return nil
        }
        return a
    }

    /// An integer field within `range`; integral doubles such as `3.0` are accepted, as AWS accepts them.
    func integer(_ object: JSONObject, _ key: String, at pointer: JSONPointer, in range: ClosedRange<Int>) -> Int? {
        guard let value = object[key] else { return nil }
        guard value.isNumber, let i = value.intValue else {
            if value.isNumber {
                schema(pointer.appending(key), "\"\(key)\" must be a whole number, but it is \(value)")
            } else {
                typeMismatch(key, at: pointer.appending(key), expected: "an integer", got: value)
            }
            return nil
        }
        guard range.contains(i) else {
            schema(pointer.appending(key), "\"\(key)\" must be \(describe(range)), but it is \(i)")
            return nil
        }
        return i
    }

    func number(_ object: JSONObject, _ key: String, at pointer: JSONPointer, in range: ClosedRange<Double>) -> Double? {
        guard let value = object[key] else { return nil }
        guard let d = value.doubleValue else {
            typeMismatch(key, at: pointer.appending(key), expected: "a number", got: value)
            return nil
        }
        guard range.contains(d) else {
            let bound = range.upperBound == .greatestFiniteMagnitude
                ? "at least \(JSONValue.javaString(range.lowerBound))"
                : "between \(JSONValue.javaString(range.lowerBound)) and \(JSONValue.javaString(range.upperBound))"
            schema(pointer.appending(key), "\"\(key)\" must be \(bound), but it is \(value)")
            return nil
        }
        return d
    }

    func describe(_ range: ClosedRange<Int>) -> String {
        if range.upperBound == .max { return "at least \(range.lowerBound)" }
        return "between \(range.lowerBound) and \(range.upperBound)"
    }

    /// One of a fixed set of strings.
    func enumeration<T: RawRepresentable>(_ object: JSONObject, _ key: String, at pointer: JSONPointer, as: T.Type)
        -> T? where T.RawValue == String, T: CaseIterable
    {
        guard let s = string(object, key, at: pointer) else { return nil }
        guard let value = T(rawValue: s) else {
            let allowed = T.allCases.map { "\"\($0.rawValue)\"" }.joined(separator: ", ")
            schema(pointer.appending(key), "\"\(key)\" must be one of \(allowed), but it is \"\(s)\"")
            return nil
        }
        return value
    }

    /// Reports when more than one of `keys` is present; returns the present ones.
    @discardableResult
    func exclusive(_ object: JSONObject, _ keys: [String], at pointer: JSONPointer) -> [String] {
        let present = keys.filter { object[$0] != nil }
        if present.count > 1 {
            let list = present.map { "\"\($0)\"" }.joined(separator: " and ")
            schema(pointer.appending(present[1]), "\(list) cannot be used together; keep only one")
        }
        return present
    }
}
