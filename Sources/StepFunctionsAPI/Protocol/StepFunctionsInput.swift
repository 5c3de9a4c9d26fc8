public import JSONValue

/// The typed input of one action: its members in the API model, and how it reads a checked body.
///
/// Decoding a body runs in three steps: the JSON must be an object (else SerializationException); it must
/// satisfy ``members`` (wrong JSON types are a SerializationException, broken constraints one
/// ValidationException listing them all); then ``init(body:)`` reads the fields and applies the checks the
/// model cannot express — names (InvalidName), ARNs (InvalidArn), JSON inputs (InvalidExecutionInput).
public protocol StepFunctionsInput: Sendable, Hashable {
    /// The action this input belongs to.
    static var action: StepFunctionsAction { get }
    /// The input structure's members, with AWS's names, requirements and constraints.
    static var members: [APIModel.Member] { get }
    /// Reads a body that already satisfies ``members``.
    ///
    /// - Parameter body: The request body.
    /// - Throws: ``StepFunctionsError`` for what the model's constraints cannot catch.
    init(body: JSONObject) throws(StepFunctionsError)
}

extension StepFunctionsInput {
    /// Decodes a body: checks it against ``members`` and reads it.
    ///
    /// - Parameter body: The request body, a JSON object.
    /// - Returns: The input.
    /// - Throws: ``StepFunctionsError`` (SerializationException, ValidationException, or the input's own checks).
    public static func decode(_ body: JSONObject) throws(StepFunctionsError) -> Self {
        try ShapeValidator.check(body, against: members)
        return try Self(body: body)
    }
}

/// Checks a JSON text passed as a string member (an execution input, a task output).
///
/// - Returns: The text unchanged, or `"{}"` when absent (AWS's default input).
/// - Throws: `code` with `"<prefix>: '<parser message>'"`.
func checkJSONText(
    _ text: String?, code: StepFunctionsError.Code, prefix: String, absent: String? = "{}"
) throws(StepFunctionsError) -> String? {
    guard let text else { return absent }
    do throws(JSONParseError) {
        _ = try JSONParser().parse(Array(text.utf8))
    } catch {
        throw StepFunctionsError(code, "\(prefix): '\(error.message) at \(error.position)'")
    }
    return text
}
