public import JSONValue

/// Applies `ResultPath`: places a state's result into its input, as AWS Step Functions does.
///
/// - No `ResultPath` (nil) means `$`: the result replaces the input.
/// - `null` discards the result: the output is the input unchanged.
/// - A reference path (`$.a.b`, `$.list[0]`) copies the input and writes the result at that place. Objects
///   missing along the way are created; an existing member is replaced, keeping its position. An index must
///   name an existing element.
///
/// ```swift
/// try applyResultPath(.path(try JSONPath.parse("$.out.value")), value: 42, to: ["in": 1])
/// // {"in": 1, "out": {"value": 42}}
/// ```
///
/// - Parameters:
///   - resultPath: The state's `ResultPath`, as parsed.
///   - value: The result to place.
///   - input: The state's raw input.
/// - Returns: The combined value.
/// - Throws: ``StatesError`` `States.ResultPathMatchFailure` when a step of the path meets a value it cannot
///   enter (a string, a number, `null`, an array without that index), or `States.Runtime` for a path that is
///   not a reference path on `$`.
public func applyResultPath(_ resultPath: NullablePath?, value: JSONValue, to input: JSONValue) throws(StatesError)
    -> JSONValue
{
    switch resultPath {
    case nil: return value
    case .null: return input
    case .path(let path): return try applyResultPath(path, value: value, to: input)
    }
}

/// Places `value` into `input` at the reference path `path` (the `ResultPath` rules are on the overload taking a ``NullablePath``).
///
/// - Parameters:
///   - path: A reference path on `$`, such as `$`, `$.a.b` or `$.list[0]`.
///   - value: The result to place.
///   - input: The state's raw input.
/// - Returns: The combined value.
/// - Throws: ``StatesError`` `States.ResultPathMatchFailure` or `States.Runtime`.
public func applyResultPath(_ path: JSONPath, value: JSONValue, to input: JSONValue) throws(StatesError)
    -> JSONValue
{
    guard case .input = path.root, path.isReferencePath else {
        throw .runtime("Invalid ResultPath '\(path.text)': it must be a reference path starting with '$'")
    }
    return try place(value, into: input, along: path.segments[...])
}

private func place(_ value: JSONValue, into node: JSONValue?, along segments: ArraySlice<JSONPath.Segment>)
    throws(StatesError) -> JSONValue
{
    guard let segment = segments.first else { return value }
    let rest = segments.dropFirst()
    switch segment {
    case .child(let name):
        switch node {
        case nil:
            return .object([name: try place(value, into: nil, along: rest)])
        case .object(var object)?:
            // Assigning to an existing key keeps its position in the object.
            object[name] = try place(value, into: object[name], along: rest)
            return .object(object)
        case let other?:
            throw resultPathFailure(step: name, node: other)
        }
    case .index(let index):
        guard case .array(var array)? = node, array.indices.contains(index) else {
            throw resultPathFailure(step: String(index), node: node ?? .null)
        }
        let existing = array[index]
        array[index] = .null
        array[index] = try place(value, into: existing, along: rest)
        return .array(array)
    default:
        throw .runtime("Invalid ResultPath: only names and indexes are allowed")
    }
}

private func resultPathFailure(step: String, node: JSONValue) -> StatesError {
    StatesError(
        error: StatesError.resultPathMatchFailure,
        cause: "Unable to apply step \"\(step)\" to input \(node.serialized())")
}
