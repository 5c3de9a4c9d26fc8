public import JSONValue

/// One argument of an intrinsic function call.
public indirect enum IntrinsicArgument: Sendable, Hashable {
    /// A single-quoted string literal, with its escapes (`\'`, `\{`, `\}`, `\\`) resolved.
    case string(String)
    /// A number literal: ``JSONValue/integer(_:)`` when written without a fraction or exponent and it fits,
    /// ``JSONValue/double(_:)`` otherwise.
    case number(JSONValue)
    /// `true` or `false`.
    case bool(Bool)
    /// `null`.
    case null
    /// A path: `$`, `$.a`, `$$.Execution.Id`, `$variable.field`.
    case path(JSONPath)
    /// A nested intrinsic call.
    case call(IntrinsicCall)
}

extension IntrinsicArgument: CustomStringConvertible {
    /// The argument as it would be written in a call, with string literals re-escaped.
    public var description: String {
        switch self {
        case .string(let s): IntrinsicArgument.quote(s)
        case .number(let n): n.description
        case .bool(let b): b ? "true" : "false"
        case .null: "null"
        case .path(let p): p.text
        case .call(let c): c.description
        }
    }

    /// `s` as a single-quoted intrinsic string literal.
    static func quote(_ s: String) -> String {
        var out = "'"
        for c in s {
            if c == "'" || c == "\\" || c == "{" || c == "}" { out.append("\\") }
            out.append(c)
        }
        out.append("'")
        return out
    }
}
