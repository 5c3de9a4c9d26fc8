/// A function implemented in Swift, with its JSONata signature.
struct NativeFunction: Sendable {
    typealias Body = @Sendable ([Value?], Invocation) throws -> Value?

    let name: String
    let signature: Signature?
    let body: Body
    /// How many arguments higher-order functions pass to it (jsonata-js uses the implementation's declared
    /// parameter count, which leaves out parameters with defaults).
    let arity: Int

    init(_ name: String, _ signature: String?, arity: Int? = nil, _ body: @escaping Body) {
        self.name = name
        let parsed = signature.map { try! Signature($0) }
        self.signature = parsed
        self.body = body
        self.arity = arity ?? parsed?.params.count ?? 1
    }
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
