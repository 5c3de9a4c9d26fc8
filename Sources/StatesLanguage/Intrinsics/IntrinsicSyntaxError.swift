/// An intrinsic function call that does not parse or breaks a rule that can be checked without data.
///
/// ```
/// Invalid intrinsic function call "States.ArrayRange(1, 2)": States.ArrayRange takes 3 arguments, got 2 at offset 0
/// ```
public struct IntrinsicSyntaxError: Error, Sendable, Hashable, CustomStringConvertible {
    /// The call that failed to parse, exactly as given.
    public var text: String
    /// The 0-based character offset of the problem in ``text``.
    public var offset: Int
    /// What is wrong, and what was expected instead.
    public var message: String

    /// Creates an error for `text`.
    ///
    /// - Parameters:
    ///   - text: The call that failed to parse.
    ///   - offset: The 0-based character offset of the problem.
    ///   - message: What is wrong.
    public init(text: String, offset: Int, message: String) {
        self.text = text
        self.offset = offset
        self.message = message
    }

    /// `Invalid intrinsic function call "<text>": <message> at offset <offset>`.
    public var description: String {
        "Invalid intrinsic function call \"\(text)\": \(message) at offset \(offset)"
    }
}
