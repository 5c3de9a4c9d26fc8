public import JSONValue

/// What paths, payload templates, intrinsic functions and Choice conditions read while a state runs.
///
/// A path's root decides which part it reads: `$` reads ``input`` (the state's *effective* input, that is the
/// value after `InputPath`, or the raw result for `ResultSelector`), `$$` reads ``context`` (the context object:
/// `Execution`, `State`, `StateMachine`, `Task`, `Map`), and `$name` reads the workflow variable `name` from
/// ``variables``.
///
/// The context is a plain value: evaluating never changes it, so one context can be shared by concurrent Map
/// iterations or Parallel branches.
public struct EvaluationContext: Sendable {
    /// The value `$` refers to.
    public var input: JSONValue
    /// The context object, the value `$$` refers to.
    public var context: JSONValue
    /// The workflow variables visible to the state, by name (without the `$`).
    public var variables: [String: JSONValue]

    /// Creates a context.
    ///
    /// - Parameters:
    ///   - input: The value `$` refers to.
    ///   - context: The context object `$$` refers to; an empty object by default.
    ///   - variables: The visible workflow variables; none by default.
    public init(input: JSONValue, context: JSONValue = .object([:]), variables: [String: JSONValue] = [:]) {
        self.input = input
        self.context = context
        self.variables = variables
    }

    /// A copy of this context whose `$` is `input`, for evaluating a later step against another value.
    ///
    /// - Parameter input: The new value of `$`.
    /// - Returns: The same context and variables with `input` as `$`.
    public func replacingInput(_ input: JSONValue) -> EvaluationContext {
        var copy = self
        copy.input = input
        return copy
    }

    /// The value a path root refers to, or nil for an undefined variable (or `@`, which has no value here).
    func rootValue(_ root: JSONPath.Root) -> JSONValue? {
        switch root {
        case .input: input
        case .context: context
        case .variable(let name): variables[name]
        case .current: nil
        }
    }
}
