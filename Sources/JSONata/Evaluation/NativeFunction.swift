/// A function implemented in Swift, with its JSONata signature.
struct NativeFunction: Sendable {
    typealias Body = @Sendable ([Value?], Invocation) throws -> Value?

    let name: String
    let signature: Signature?
    let body: Body

    init(_ name: String, _ signature: String?, _ body: @escaping Body) {
        self.name = name
        self.signature = signature.map { try! Signature($0) }
        self.body = body
    }

    var arity: Int { signature?.params.count ?? 1 }
}

/// What a native function sees of its call: the context value and a way to call function arguments.
struct Invocation {
    unowned let evaluator: Evaluator
    let input: Value?
    let frame: Frame

    /// Calls a function argument with as many of `args` as it declares parameters (like jsonata-js `hofFuncArgs`).
    func callHigherOrder(_ function: FunctionValue, _ args: [Value?]) throws -> Value? {
        let arity = function.arity
        let passed = Array(args.prefix(max(1, arity)))
        return try evaluator.apply(.function(function), passed, input: nil, frame: frame, name: nil, position: nil)
    }

    func call(_ function: FunctionValue, _ args: [Value?]) throws -> Value? {
        try evaluator.apply(.function(function), args, input: nil, frame: frame, name: nil, position: nil)
    }
}
