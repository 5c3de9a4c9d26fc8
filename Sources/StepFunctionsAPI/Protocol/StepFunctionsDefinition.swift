public import JSONValue
public import StatesLanguage

/// Definitions as the API sees them: checked on CreateStateMachine/UpdateStateMachine, and diagnosed by
/// ValidateStateMachineDefinition, with Ferry's ASL validator (`StateMachine.validate(_:options:)`).
public enum StepFunctionsDefinition {
    /// Parses and validates a definition for CreateStateMachine or UpdateStateMachine.
    ///
    /// - Parameters:
    ///   - text: The definition as sent.
    ///   - type: The state machine type (EXPRESS machines may not use `.sync` or `.waitForTaskToken`).
    /// - Returns: The parsed machine.
    /// - Throws: ``StepFunctionsError/Code/invalidDefinition`` in AWS's words: `Invalid State Machine
    ///   Definition: 'SCHEMA_VALIDATION_FAILED: … at /States/X'`, every error listed.
    public static func check(_ text: String, type: StateMachineType = .standard) throws(StepFunctionsError)
        -> StateMachine
    {
        let json: JSONValue
        do throws(JSONParseError) {
            json = try JSONParser().parse(Array(text.utf8))
        } catch {
            throw StepFunctionsError(
                .invalidDefinition,
                "Invalid State Machine Definition: 'INVALID_JSON_DESCRIPTION: \(error.message) at \(error.position)'")
        }
        do throws(InvalidDefinitionError) {
            return try StateMachine.parse(json, options: options(type))
        } catch {
            throw StepFunctionsError(.invalidDefinition, error.description)
        }
    }

    /// Answers ValidateStateMachineDefinition: `{"result": "OK"|"FAIL", "diagnostics": [{"severity", "code",
    /// "message", "location"}], "truncated": bool}`.
    ///
    /// `result` is `FAIL` when there is at least one error (warnings alone give `OK`). Diagnostics below the
    /// requested severity are left out; at most ``ValidateStateMachineDefinitionInput/maxResults`` are returned
    /// and `truncated` says whether some were cut. A definition that is not JSON gives one
    /// `INVALID_JSON_DESCRIPTION` error.
    ///
    /// - Parameter input: The request.
    /// - Returns: The response body.
    public static func validate(_ input: ValidateStateMachineDefinitionInput) -> JSONValue {
        var diagnostics: [(severity: String, code: String, message: String, location: String?)] = []
        do throws(JSONParseError) {
            let json = try JSONParser().parse(Array(input.definition.utf8))
            for diagnostic in StateMachine.validate(json, options: options(input.type)).diagnostics {
                diagnostics.append(
                    (
                        diagnostic.severity.rawValue, diagnostic.code.rawValue, diagnostic.message,
                        diagnostic.location.description
                    ))
            }
        } catch {
            diagnostics.append(("ERROR", "INVALID_JSON_DESCRIPTION", "\(error.message) at \(error.position)", nil))
        }
        let failed = diagnostics.contains { $0.severity == "ERROR" }
        let wanted = diagnostics.filter { input.severity == .warning || $0.severity == "ERROR" }
            // Errors first, as AWS lists them.
            .sorted { ($0.severity == "ERROR" ? 0 : 1) < ($1.severity == "ERROR" ? 0 : 1) }
        let kept = wanted.prefix(input.maxResults)
        return .object([
            "result": .string(failed ? "FAIL" : "OK"),
            "diagnostics": .array(
                kept.map { item in
                    .awsObject([
                        "severity": .string(item.severity), "code": .string(item.code),
                        "message": .string(item.message), "location": item.location.map(JSONValue.string),
                    ])
                }),
            "truncated": .bool(kept.count < wanted.count),
        ])
    }

    private static func options(_ type: StateMachineType) -> ValidationOptions {
        ValidationOptions(machineType: type == .express ? .express : .standard)
    }
}
