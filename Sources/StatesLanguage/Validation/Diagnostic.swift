public import JSONValue

/// One problem found in a state machine definition: where, what, and how bad.
public struct Diagnostic: Sendable, Hashable, CustomStringConvertible {
    /// How bad a problem is: errors make the definition invalid; warnings do not.
    public enum Severity: String, Sendable, Hashable {
        case error = "ERROR"
        case warning = "WARNING"
    }

    /// A stable, machine-readable category, named like AWS's ValidateStateMachineDefinition codes.
    public struct Code: RawRepresentable, Sendable, Hashable, CustomStringConvertible {
        public var rawValue: String
        public init(rawValue: String) { self.rawValue = rawValue }
        public var description: String { rawValue }

        /// A missing, unknown or mistyped field, or a value out of range.
        public static let schemaValidationFailed = Code(rawValue: "SCHEMA_VALIDATION_FAILED")
        /// `StartAt`, `Next`, `Default` or `Catch[].Next` names no state of its scope.
        public static let missingTransitionTarget = Code(rawValue: "MISSING_TRANSITION_TARGET")
        /// A state no transition leads to.
        public static let unreachableState = Code(rawValue: "UNREACHABLE_STATE")
        /// Two states share a name.
        public static let duplicateStateName = Code(rawValue: "DUPLICATE_STATE_NAME")
        /// A path that does not parse, or a full JSONPath where only a reference path is allowed.
        public static let invalidJSONPath = Code(rawValue: "INVALID_JSON_PATH")
        /// An intrinsic function call that does not parse, names an unknown function or has the wrong arity.
        public static let invalidIntrinsicFunction = Code(rawValue: "INVALID_INTRINSIC_FUNCTION")
        /// A malformed `{% ... %}` JSONata expression.
        public static let invalidJSONata = Code(rawValue: "INVALID_JSONATA")
        /// A workflow variable name or reference that is not well-formed.
        public static let invalidVariable = Code(rawValue: "INVALID_VARIABLE")
        /// The definition is larger than AWS accepts.
        public static let definitionTooLarge = Code(rawValue: "DEFINITION_TOO_LARGE")
    }

    public var severity: Severity
    public var code: Code
    /// Where the problem is, as a JSON Pointer into the definition.
    public var location: JSONPointer
    /// What is wrong and, where it helps, how to fix it.
    public var message: String

    public init(_ severity: Severity = .error, code: Code, at location: JSONPointer, message: String) {
        self.severity = severity
        self.code = code
        self.location = location
        self.message = message
    }

    /// `/States/Load/Retry/0/BackoffRate: BackoffRate must be at least 1.0, got 0.5`
    public var description: String { "\(location): \(message)" }
}

/// A definition was rejected; it carries every problem found, not just the first.
public struct InvalidDefinitionError: Error, Sendable, CustomStringConvertible {
    /// The problems, in the order they were found; at least one is an error.
    public var diagnostics: [Diagnostic]

    public init(diagnostics: [Diagnostic]) {
        self.diagnostics = diagnostics
    }

    /// AWS's phrasing: `Invalid State Machine Definition: 'SCHEMA_VALIDATION_FAILED: ... at /States/X', ...`.
    public var description: String {
        let errors = diagnostics.filter { $0.severity == .error }
        return "Invalid State Machine Definition: "
            + errors.map { "'\($0.code): \($0.message) at \($0.location)'" }.joined(separator: ", ")
    }
}
