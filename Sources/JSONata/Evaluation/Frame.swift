import JSONValue

/// A scope of variable bindings, chained to the scope it was created in.
final class Frame {
    private var bindings: [String: Value?] = [:]
    let parent: Frame?

    init(parent: Frame?) {
        self.parent = parent
    }

    /// Binds `name` (without `$`) in this scope; `nil` binds *undefined*, hiding outer bindings.
    func bind(_ name: String, _ value: Value?) {
        bindings[name] = .some(value)
    }

    /// Whether `name` is bound in this scope or an enclosing one.
    func isBound(_ name: String) -> Bool {
        var frame: Frame? = self
        while let f = frame {
            if f.bindings[name] != nil || f.pendingJSON[name] != nil { return true }
            frame = f.parent
        }
        return false
    }

    func lookup(_ name: String) -> Value? {
        var frame: Frame? = self
        while let f = frame {
            if let found = f.bindings[name] { return found }
            if let json = f.pendingJSON[name] {
                // Converted on first use, so bindings an expression never reads cost nothing.
                let value = Value(json)
                f.bindings[name] = .some(value)
                f.pendingJSON[name] = nil
                return value
            }
            frame = f.parent
        }
        return nil
    }

    /// JSON bindings converted to values only when first looked up.
    private var pendingJSON: [String: JSONValue] = [:]

    /// Binds `name` to a JSON value, converted lazily.
    func bindLazily(_ name: String, _ json: JSONValue) {
        pendingJSON[name] = json
    }
}

/// A lambda closure: the `function` node, the context value and scope it was defined in.
final class Lambda {
    let node: Node
    let input: Value?
    let frame: Frame

    init(node: Node, input: Value?, frame: Frame) {
        self.node = node
        self.input = input
        self.frame = frame
    }

    var arity: Int { node.signature?.params.count ?? node.parameters.count }
}

/// A function with some arguments fixed by partial application (`$f(?, 2)`).
final class Partial {
    let target: FunctionValue
    /// The arguments; `nil` entries are *undefined* arguments, `holes` lists the placeholder positions.
    let arguments: [Value?]
    let holes: [Int]

    init(target: FunctionValue, arguments: [Value?], holes: [Int]) {
        self.target = target
        self.arguments = arguments
        self.holes = holes
    }
}

/// A pending tail call, resolved by the evaluator's trampoline.
final class Thunk {
    let node: Node
    let input: Value?
    let frame: Frame

    init(node: Node, input: Value?, frame: Frame) {
        self.node = node
        self.input = input
        self.frame = frame
    }
}

/// Any JSONata function value.
enum FunctionValue {
    case lambda(Lambda)
    case native(NativeFunction)
    case partial(Partial)
    case regex(RegexBox)
    case transform(Lambda)
    /// `f ~> g` where both are functions: `g(f(x))`.
    indirect case composition(FunctionValue, FunctionValue, Composition)
    case thunk(Thunk)

    /// An identity token for `=` on functions.
    final class Composition {}

    var arity: Int {
        switch self {
        case .lambda(let l): l.arity
        case .native(let n): n.arity
        case .partial(let p): p.holes.count
        case .regex, .transform, .composition: 1
        case .thunk: 0
        }
    }

    func isIdentical(to other: FunctionValue) -> Bool {
        switch (self, other) {
        case (.lambda(let a), .lambda(let b)), (.transform(let a), .transform(let b)): a === b
        case (.native(let a), .native(let b)): a.name == b.name
        case (.partial(let a), .partial(let b)): a === b
        case (.regex(let a), .regex(let b)): a === b
        case (.composition(_, _, let a), .composition(_, _, let b)): a === b
        default: false
        }
    }
}
