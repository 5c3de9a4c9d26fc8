/// A JSONPath or reference path that does not parse.
///
/// The error names the path, the 0-based character offset of the problem and what was expected there:
///
/// ```
/// Invalid path "$.a[": expected an index, a quoted name, '*', or '?(' after '[' at offset 4
/// ```
///
/// Paths come from state machine definitions, not from execution data, so ``description`` includes the path.
public struct PathSyntaxError: Error, Sendable, Hashable, CustomStringConvertible {
    /// The path that failed to parse, exactly as given.
    public var path: String
    /// The 0-based character offset of the problem in ``path``; equal to the path's length when the path ended early.
    public var offset: Int
    /// What is wrong, and what was expected instead.
    public var message: String

    /// Creates an error for `path`.
    ///
    /// - Parameters:
    ///   - path: The path that failed to parse.
    ///   - offset: The 0-based character offset of the problem.
    ///   - message: What is wrong.
    public init(path: String, offset: Int, message: String) {
        self.path = path
        self.offset = offset
        self.message = message
    }

    /// `Invalid path "<path>": <message> at offset <offset>`.
    public var description: String {
        "Invalid path \"\(path)\": \(message) at offset \(offset)"
    }
}
