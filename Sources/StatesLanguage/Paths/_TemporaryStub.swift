// TEMPORARY: replaced by the real parsers (helper). Not to be committed.
public import JSONValue
public struct JSONPath: Sendable, Hashable, CustomStringConvertible {
    public enum Root: Sendable, Hashable { case input, context, variable(String), current }
    public var root: Root
    public let text: String
    public static func parse(_ text: String) throws(PathSyntaxError) -> JSONPath {
        guard text.hasPrefix("$") else { throw PathSyntaxError(path: text, offset: 0, message: "must start with $") }
        if text.hasPrefix("$$") { return JSONPath(root: .context, text: text) }
        if text.count > 1, !text.hasPrefix("$."), !text.hasPrefix("$[") {
            let name = text.dropFirst().prefix { $0 != "." && $0 != "[" }
            return JSONPath(root: .variable(String(name)), text: text)
        }
        return JSONPath(root: .input, text: text)
    }
    public var isReferencePath: Bool { !text.contains("*") && !text.contains("..") && !text.contains("?") }
    public var description: String { text }
}
public struct PathSyntaxError: Error, Sendable, Hashable, CustomStringConvertible {
    public var path: String; public var offset: Int; public var message: String
    public var description: String { "Invalid path \"\(path)\": \(message)" }
}
public enum IntrinsicFunction: String, Sendable, CaseIterable { case format = "States.Format" }
public struct IntrinsicCall: Sendable, Hashable, CustomStringConvertible {
    public var function: IntrinsicFunction
    public var arguments: [IntrinsicArgument]
    public static func parse(_ text: String) throws(IntrinsicSyntaxError) -> IntrinsicCall {
        IntrinsicCall(function: .format, arguments: [])
    }
    public static func looksLikeCall(_ text: String) -> Bool { text.hasPrefix("States.") }
    public var description: String { "States.Format()" }
}
public indirect enum IntrinsicArgument: Sendable, Hashable { case string(String), number(JSONValue), bool(Bool), null, path(JSONPath), call(IntrinsicCall) }
public struct IntrinsicSyntaxError: Error, Sendable, Hashable, CustomStringConvertible {
    public var text: String; public var offset: Int; public var message: String
    public var description: String { message }
}
