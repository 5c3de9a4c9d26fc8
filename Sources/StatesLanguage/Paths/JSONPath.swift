/// A parsed JSONPath expression, as Amazon States Language uses it in `InputPath`, `OutputPath`, `ItemsPath`,
/// `Variable`, payload templates and the other path fields.
///
/// AWS Step Functions evaluates JSONPath with Jayway JsonPath, so ``parse(_:)`` accepts Jayway's syntax:
///
/// - roots: `$` (the state input), `$$` (the context object), `$name` (a workflow variable) and, inside
///   filters only, `@` (the item being filtered);
/// - dot names (`$.a.b`), bracket names (`$['a']`, `$["a"]`, `$['a','b']`), indexes (`$[0]`, `$[-1]`,
///   `$[0,2]`), slices (`$[1:3]`, `$[:2]`, `$[-2:]`, `$[1:9:2]`), wildcards (`$.*`, `$[*]`);
/// - deep scan (`$..name`, `$..*`, `$..['a']`, `$..[0]`, `$..[?(...)]`);
/// - filters (`$.book[?(@.price < 10 && @.category == 'fiction')]`) with the full expression grammar, see
///   ``FilterExpression``;
/// - one trailing function call (`$.items.length()`), see ``Function``.
///
/// Parsing never evaluates anything. The tree it builds (``root`` plus ``segments``) is meant to be walked by
/// an evaluator segment by segment.
///
/// ```swift
/// let path = try JSONPath.parse("$.orders[0].id")
/// path.root          // .input
/// path.segments      // [.child("orders"), .index(0), .child("id")]
/// path.isReferencePath  // true
/// ```
public struct JSONPath: Sendable, Hashable, CustomStringConvertible {
    /// Where a path starts.
    public enum Root: Sendable, Hashable {
        /// `$`: the state's (effective) input.
        case input
        /// `$$`: the context object (`$$.Execution.Input`, `$$.Map.Item.Value`, ...).
        case context
        /// `$name`: the workflow variable called `name`.
        case variable(String)
        /// `@`: the item under test; only valid inside a filter expression.
        case current
    }

    /// Where the path starts.
    public var root: Root
    /// The steps from the root, in order; empty for `$`, `$$`, `$name` and `@` alone.
    public var segments: [Segment]
    /// The original text of the path; ``description`` returns it.
    public let text: String

    /// Creates a path from its parts.
    ///
    /// - Parameters:
    ///   - root: Where the path starts.
    ///   - segments: The steps from the root.
    ///   - text: The text the path was parsed from.
    public init(root: Root, segments: [Segment], text: String) {
        self.root = root
        self.segments = segments
        self.text = text
    }

    /// Parses a JSONPath expression.
    ///
    /// Trailing whitespace is ignored, as Jayway trims paths; anything else that is not part of the path is an
    /// error, including leading whitespace (AWS requires a path to start with `$`).
    ///
    /// - Parameter text: The path, for example `$.a.b[0]` or `$$.Map.Item.Value`.
    /// - Returns: The parsed path; its ``text`` is `text` unchanged.
    /// - Throws: ``PathSyntaxError`` naming the offset of the first problem.
    public static func parse(_ text: String) throws(PathSyntaxError) -> JSONPath {
        if let simple = parseSimple(text) { return simple }
        let characters = Array(text)
        var parser = JSONPathParser(characters: characters, position: 0, depth: 0)
        do {
            let path = try parser.parseTopLevel()
            return JSONPath(root: path.root, segments: path.segments, text: text)
        } catch {
            throw PathSyntaxError(path: text, offset: error.offset, message: error.message)
        }
    }

    /// The common case without the general parser: `$` or `$$` followed by `.name` steps (ASCII letters, digits,
    /// `_`, `-`) and `[n]` indexes. Anything else returns nil and goes to the general parser, which builds the
    /// same tree for these paths.
    static func parseSimple(_ text: String) -> JSONPath? {
        var utf8 = text.utf8[...]
        guard utf8.first == UInt8(ascii: "$") else { return nil }
        utf8.removeFirst()
        var root = Root.input
        if utf8.first == UInt8(ascii: "$") {
            root = .context
            utf8.removeFirst()
        }
        var segments: [Segment] = []
        while let first = utf8.first {
            if first == UInt8(ascii: ".") {
                utf8.removeFirst()
                let name = utf8.prefix {
                    ($0 >= 0x61 && $0 <= 0x7A) || ($0 >= 0x41 && $0 <= 0x5A) || ($0 >= 0x30 && $0 <= 0x39)
                        || $0 == UInt8(ascii: "_") || $0 == UInt8(ascii: "-")
                }
                guard !name.isEmpty else { return nil }
                segments.append(.child(String(decoding: name, as: UTF8.self)))
                utf8 = utf8.dropFirst(name.count)
            } else if first == UInt8(ascii: "[") {
                utf8.removeFirst()
                let digits = utf8.prefix { $0 >= 0x30 && $0 <= 0x39 }
                guard !digits.isEmpty, digits.count <= 9, digits.count == 1 || digits.first != 0x30,
                    utf8.dropFirst(digits.count).first == UInt8(ascii: "]")
                else { return nil }
                segments.append(.index(Int(String(decoding: digits, as: UTF8.self))!))
                utf8 = utf8.dropFirst(digits.count + 1)
            } else {
                return nil
            }
        }
        return JSONPath(root: root, segments: segments, text: text)
    }

    /// Whether this is a Step Functions reference path: only `.name`, `['name']` and `[n]` (n >= 0) segments,
    /// and no function call.
    ///
    /// Reference paths identify at most one node, so they can be written to (`ResultPath`) as well as read.
    /// The root is not checked beyond refusing `@`: fields that also forbid `$$` or variables (such as
    /// `ResultPath`) must check ``root`` themselves.
    public var isReferencePath: Bool {
        if case .current = root { return false }
        return segments.allSatisfy { segment in
            switch segment {
            case .child: true
            case .index(let index): index >= 0
            default: false
            }
        }
    }

    /// The original text of the path.
    public var description: String { text }
}
