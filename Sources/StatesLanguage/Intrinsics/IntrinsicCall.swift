/// A parsed intrinsic function call such as `States.Format('Hello, {}!', $.name)`.
///
/// ``parse(_:)`` checks the syntax AWS accepts (single-quoted strings with `\'`, `\{`, `\}` and `\\` escapes,
/// numbers, `true`, `false`, `null`, paths, nested calls, whitespace between arguments), the function name, the
/// number of arguments, and the rules that can be checked on literal arguments:
///
/// - `States.Format`: a literal template must have as many `{}` placeholders as there are further arguments;
/// - `States.Hash`: a literal algorithm must be one of ``IntrinsicFunction/hashAlgorithms``;
/// - `States.JsonMerge`: a literal third argument must be `false`.
///
/// Checks that depend on values only known at run time (types of path results, ranges) are left to the
/// interpreter.
public struct IntrinsicCall: Sendable, Hashable, CustomStringConvertible {
    /// The function called.
    public var function: IntrinsicFunction
    /// The arguments, in order.
    public var arguments: [IntrinsicArgument]
    /// For `States.Format` with a literal template: the template split into text and `{}` placeholders, with
    /// escaped braces (`\{`, `\}`) kept as text. `nil` otherwise.
    public var formatTemplate: FormatTemplate?

    /// Creates a call.
    ///
    /// - Parameters:
    ///   - function: The function called.
    ///   - arguments: The arguments.
    ///   - formatTemplate: The split template of a `States.Format` call with a literal template.
    public init(function: IntrinsicFunction, arguments: [IntrinsicArgument], formatTemplate: FormatTemplate? = nil) {
        self.function = function
        self.arguments = arguments
        self.formatTemplate = formatTemplate
    }

    /// How deep calls may be nested in one another before ``parse(_:)`` refuses the text.
    ///
    /// AWS documents that up to 10 intrinsic functions can be nested in a field; this limit only protects the
    /// parser, it does not enforce AWS's.
    public static let maximumNestingDepth = Scanning.maximumNestingDepth

    /// Parses an intrinsic function call.
    ///
    /// - Parameter text: The call, for example `States.ArrayGetItem($.items, 0)`.
    /// - Returns: The parsed call.
    /// - Throws: ``IntrinsicSyntaxError`` naming the offset of the first problem.
    public static func parse(_ text: String) throws(IntrinsicSyntaxError) -> IntrinsicCall {
        var parser = IntrinsicParser(characters: Array(text))
        do {
            return try parser.parseWhole()
        } catch {
            throw IntrinsicSyntaxError(text: text, offset: error.offset, message: error.message)
        }
    }

    /// Whether a payload-template value looks like an intrinsic call rather than a path.
    ///
    /// AWS's rule: the value starts with `States.`. Such a value is then parsed with ``parse(_:)``; anything
    /// else is parsed as a ``JSONPath``.
    ///
    /// - Parameter text: The value of a key ending in `.$`.
    /// - Returns: `true` when `text` starts with `States.`.
    public static func looksLikeCall(_ text: String) -> Bool {
        text.hasPrefix("States.")
    }

    /// The call in canonical form: `States.Name(arg, arg)` with string literals re-escaped.
    ///
    /// Parsing the description gives back an equal call.
    public var description: String {
        var parts = arguments.map(\.description)
        if let formatTemplate, !parts.isEmpty {
            parts[0] = formatTemplate.literal
        }
        return "\(function.rawValue)(\(parts.joined(separator: ", ")))"
    }
}

extension IntrinsicCall {
    /// A `States.Format` template split into literal text and `{}` placeholders.
    public struct FormatTemplate: Sendable, Hashable {
        /// A run of literal text or one placeholder.
        public enum Piece: Sendable, Hashable {
            /// Literal text, escapes resolved.
            case text(String)
            /// `{}`: replaced by the next argument's value.
            case placeholder
        }

        /// The pieces in order; adjacent text is merged into one piece.
        public var pieces: [Piece]

        /// Creates a template from its pieces.
        ///
        /// - Parameter pieces: The pieces in order.
        public init(pieces: [Piece]) {
            self.pieces = pieces
        }

        /// The number of `{}` placeholders.
        public var placeholderCount: Int {
            pieces.count { $0 == .placeholder }
        }

        /// The template as a single-quoted literal, braces in text escaped.
        var literal: String {
            var out = "'"
            for piece in pieces {
                switch piece {
                case .placeholder: out += "{}"
                case .text(let s):
                    for c in s {
                        if c == "'" || c == "\\" || c == "{" || c == "}" { out.append("\\") }
                        out.append(c)
                    }
                }
            }
            return out + "'"
        }
    }
}
