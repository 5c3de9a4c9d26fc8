/// An Amazon States Language runtime error as data: the error name that `Retry` and `Catch` match, and the cause.
///
/// Evaluation reports failures with the names AWS Step Functions uses (``runtime``, ``intrinsicFailure``,
/// ``resultPathMatchFailure``) and AWS's wording for the cause. The cause never includes the prefix AWS puts in
/// front of it in an execution's history, `An error occurred while executing the state 'NAME' (entered at the
/// event id #N). `: the interpreter, which knows the state and the event, adds it with
/// ``inState(_:enteredEventID:)``.
///
/// > Note: Per the style guide (§5) ASL errors are data for `Retry`/`Catch`, so this is a plain value with string
/// > fields rather than a Swift error hierarchy. The cause may contain execution data, as it does on AWS.
public struct StatesError: Error, Sendable, Hashable, CustomStringConvertible {
    /// The error name, such as `States.Runtime`.
    public var error: String
    /// The human-readable cause, worded as AWS words it.
    public var cause: String

    /// Creates an error.
    ///
    /// - Parameters:
    ///   - error: The error name, such as `States.Runtime`.
    ///   - cause: The cause.
    public init(error: String, cause: String) {
        self.error = error
        self.cause = cause
    }

    /// `States.Runtime`: a path that matches nothing, a value of the wrong type, and similar failures.
    public static let runtime = "States.Runtime"
    /// `States.IntrinsicFailure`: an intrinsic function failed on its arguments.
    public static let intrinsicFailure = "States.IntrinsicFailure"
    /// `States.ResultPathMatchFailure`: `ResultPath` cannot be applied to the state's input.
    public static let resultPathMatchFailure = "States.ResultPathMatchFailure"

    /// A `States.Runtime` error.
    ///
    /// - Parameter cause: The cause.
    /// - Returns: The error.
    public static func runtime(_ cause: String) -> StatesError {
        StatesError(error: runtime, cause: cause)
    }

    /// A `States.IntrinsicFailure` error.
    ///
    /// - Parameter cause: The cause.
    /// - Returns: The error.
    public static func intrinsicFailure(_ cause: String) -> StatesError {
        StatesError(error: intrinsicFailure, cause: cause)
    }

    /// This error as AWS reports it from a state: the cause prefixed with the state's name and the id of its
    /// `...StateEntered` event.
    ///
    /// ```swift
    /// StatesError.runtime("Invalid path '$.x' : No results for path: $['x']")
    ///     .inState("Load", enteredEventID: 2).cause
    /// // An error occurred while executing the state 'Load' (entered at the event id #2). Invalid path ...
    /// ```
    ///
    /// - Parameters:
    ///   - stateName: The state that failed.
    ///   - enteredEventID: The id of the event that entered the state.
    /// - Returns: The error with the prefixed cause.
    public func inState(_ stateName: String, enteredEventID: Int) -> StatesError {
        StatesError(
            error: error,
            cause: "An error occurred while executing the state '\(stateName)' (entered at the event id "
                + "#\(enteredEventID)). \(cause)")
    }

    /// `error: cause`.
    public var description: String { "\(error): \(cause)" }
}
