import JSONValue

/// A node of a compiled JSONata expression.
///
/// Nodes are built and annotated by ``Parser`` and never change afterwards.
// @unchecked Sendable: nodes are mutated only while the parser builds them; once compilation returns, the tree
// is immutable and may be shared between threads.
final class Node: @unchecked Sendable {
    enum Kind {
        case path, name, variable, string, number, value, regex, wildcard, descendant, parent
        case binary, negate, arrayConstructor, objectConstructor, range
        case condition, coalesce, elvis, block, bind
        case call, partial, placeholder, lambda, apply, transform, sort
        // Raw forms produced by the Pratt parser and rewritten by `Parser.process`.
        case rawDot, rawPredicate, rawGroup, rawFocus, rawIndex, rawSort
    }

    enum Stage {
        case filter(Node)
        case index(String)
    }

    var kind: Kind
    var position: Int
    /// Operator for binary nodes; name for name/variable nodes; string value for string nodes.
    var text: String = ""
    var number: Double = 0
    var literal: Value? = nil
    var lhs: Node? = nil
    var rhs: Node? = nil
    var third: Node? = nil
    var expressions: [Node] = []
    var pairs: [(Node, Node)] = []
    var steps: [Node] = []
    var stages: [Stage] = []
    var predicates: [Node] = []
    var group: [(Node, Node)]? = nil
    var focus: String? = nil
    var index: String? = nil
    var isTuple = false
    var keepArray = false
    var keepSingletonArray = false
    var isConsArray = false
    var terms: [(expression: Node, descending: Bool)] = []
    var parameters: [String] = []
    var signature: Signature? = nil
    var regex: RegexBox? = nil
    /// For `%`: how many levels up. For steps: the label under which the step's input is kept for `%`.
    var level = 0
    var ancestorLabel: String? = nil
    var isThunk = false
    /// `%` nodes that still need a step to bind their parent (parser bookkeeping).
    var seekingParent: [Node] = []

    /// A path that is a single field name with nothing attached (set by the parser), evaluated as a lookup.
    var isSimpleName = false {
        didSet { simpleName = isSimpleName ? steps.first?.text : nil }
    }
    /// The field name of a simple-name path.
    private(set) var simpleName: String? = nil
    /// A string, number or literal value with nothing attached (set by the parser).
    var isPlainLiteral = false

    /// Whether the node is built only from literals, so its value never depends on the context.
    var isConstant: Bool {
        switch kind {
        case .string, .number, .value: return predicates.isEmpty && group == nil
        case .negate: return lhs!.isConstant
        case .range: return lhs!.isConstant && rhs!.isConstant
        case .arrayConstructor: return predicates.isEmpty && group == nil && expressions.allSatisfy(\.isConstant)
        default: return false
        }
    }

    init(_ kind: Kind, position: Int) {
        self.kind = kind
        self.position = position
    }
}
