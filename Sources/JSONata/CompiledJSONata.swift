public import Foundation
public import JSONValue

/// A compiled JSONata expression, ready to be evaluated against any number of inputs.
///
/// Compile once and evaluate many times: compilation parses the expression and resolves its paths; evaluation
/// only walks the tree.
///
/// ```swift
/// let total = try CompiledJSONata(compiling: "$sum(Account.Order.Product.(Price * Quantity))")
/// let result = try total.evaluate(input: document)   // JSONValue?, nil when the result is undefined
/// ```
///
/// The value is immutable and `Sendable`: one instance may be evaluated from several tasks at once.
public struct CompiledJSONata: Sendable {
    /// The expression text this was compiled from.
    public let source: String
    let ast: Node
    let functions: [String: NativeFunction]

    /// Compiles a JSONata expression.
    ///
    /// - Parameters:
    ///   - source: The expression, for example `Account.Order[0].Product.Price`.
    ///   - functions: Extra native functions, callable as `$name(…)`; they take precedence over standard
    ///     functions with the same name.
    /// - Throws: ``JSONataError`` with an `S0xxx` code when the expression is not valid JSONata.
    public init(compiling source: String, functions: [JSONataFunction] = []) throws(JSONataError) {
        self.source = source
        do {
            ast = try Parser.parse(source)
        } catch let error as JSONataError {
            throw error
        } catch {
            throw JSONataError(code: "S0500", message: "\(error)")
        }
        if functions.isEmpty {
            self.functions = Functions.standard
        } else {
            var table = Functions.standard
            for f in functions { table[f.name] = f.native }
            self.functions = table
        }
    }

    /// Evaluates the expression.
    ///
    /// - Parameters:
    ///   - input: The input document (`$$`, and the initial context `$`); `nil` for no input.
    ///   - bindings: Variables visible to the expression, by name without the `$`.
    ///   - environment: The clock, random source and limits to use.
    /// - Returns: The result, or `nil` when the expression evaluates to nothing (JSONata's *undefined*).
    ///   Functions in the result are dropped from objects and become `null` in arrays.
    /// - Throws: ``JSONataError`` with a `T`, `D` or `U` code when evaluation fails.
    public func evaluate(
        input: JSONValue?,
        bindings: [String: JSONValue] = [:],
        environment: JSONataEnvironment = JSONataEnvironment()
    ) throws(JSONataError) -> JSONValue? {
        try evaluate(input: input, bindings: bindings, values: [:], environment: environment)
    }

    /// Evaluates the expression with some variables given as already converted ``JSONataValue``s.
    ///
    /// Converting a large document for the evaluator costs time in proportion to its size; a caller that
    /// evaluates many expressions against the same document (a Step Functions state's fields, a Map state's
    /// items) converts it once with ``JSONataValue/init(_:)`` and passes it here.
    ///
    /// - Parameters:
    ///   - input: The input document, or `nil`.
    ///   - bindings: Variables as JSON, converted only if the expression reads them.
    ///   - values: Variables already converted; they take precedence over `bindings` with the same name.
    ///   - environment: The clock, random source and limits to use.
    /// - Returns: The result, or `nil` when it is undefined.
    /// - Throws: ``JSONataError`` when evaluation fails.
    public func evaluate(
        input: JSONValue?,
        bindings: [String: JSONValue],
        values: [String: JSONataValue],
        environment: JSONataEnvironment = JSONataEnvironment()
    ) throws(JSONataError) -> JSONValue? {
        let millis = Int((environment.currentTime().timeIntervalSince1970 * 1000).rounded(.down))
        let evaluator = Evaluator(
            functions: functions, nowMillis: millis, maximumDepth: environment.maximumDepth,
            random: environment.randomNumber)
        var value = input.map(Value.init)
        if case .array? = value {
            value = .array(JArray([value!], flags: [.sequence, .outerWrapper]))
        }
        evaluator.root.bind("$", value)
        for (name, v) in bindings { evaluator.root.bindLazily(name, v) }
        for (name, v) in values { evaluator.root.bind(name, v.value) }
        do {
            let result = try evaluator.evaluate(ast, value, Frame(parent: evaluator.root))
            return result?.jsonValue
        } catch let error as JSONataError {
            throw error
        } catch {
            throw JSONataError(code: "D3137", message: "\(error)")
        }
    }
}

/// The outside world as an evaluation sees it: the clock, the random source and limits.
///
/// `$now()` and `$millis()` read ``currentTime`` once per evaluation, so every call within one evaluation
/// returns the same instant.
public struct JSONataEnvironment: Sendable {
    /// The current time, read once at the start of each evaluation. Defaults to the system clock.
    public var currentTime: @Sendable () -> Date
    /// A source of numbers in `0..<1` for `$random()` and `$shuffle()`. Defaults to the system generator.
    public var randomNumber: @Sendable () -> Double
    /// The deepest nesting of function calls allowed before evaluation fails with `U1001`. Defaults to 500.
    public var maximumDepth: Int

    /// Makes an environment.
    ///
    /// - Parameters:
    ///   - currentTime: The clock.
    ///   - randomNumber: The random source.
    ///   - maximumDepth: The function-call depth limit.
    public init(
        currentTime: @escaping @Sendable () -> Date = { Date() },
        randomNumber: @escaping @Sendable () -> Double = { Double.random(in: 0..<1) },
        maximumDepth: Int = 500
    ) {
        self.currentTime = currentTime
        self.randomNumber = randomNumber
        self.maximumDepth = maximumDepth
    }
}

/// A native function added to the JSONata function library, such as Step Functions' `$partition`.
///
/// Arguments are checked against ``signature`` (JSONata's signature syntax, e.g. `<a<x>n:a>`) before the
/// implementation runs; an argument the caller left out is `nil`.
public struct JSONataFunction: Sendable {
    /// The name, without `$`.
    public var name: String
    /// The JSONata signature, or `nil` to accept any arguments.
    public var signature: String?
    /// The implementation: receives the arguments and the context value, returns the result (`nil` for undefined).
    public var implementation: @Sendable (_ arguments: [JSONValue?], _ context: JSONValue?) throws -> JSONValue?

    /// Makes a function.
    ///
    /// - Parameters:
    ///   - name: The name, without `$`.
    ///   - signature: The JSONata signature, or `nil`.
    ///   - implementation: The body. Throw ``JSONataError`` to report a JSONata error; other errors are reported
    ///     with code `D3137` and their description as the message.
    public init(
        name: String,
        signature: String? = nil,
        implementation: @escaping @Sendable (_ arguments: [JSONValue?], _ context: JSONValue?) throws -> JSONValue?
    ) {
        self.name = name
        self.signature = signature
        self.implementation = implementation
    }

    var native: NativeFunction {
        let body = implementation
        let name = name
        return NativeFunction(name, signature) { args, invocation in
            do {
                let result = try body(args.map { $0?.jsonValue }, invocation.input?.jsonValue)
                return result.map(Value.init)
            } catch let error as JSONataError {
                throw error
            } catch {
                throw JSONataError(code: "D3137", message: "\(error)", token: name)
            }
        }
    }
}

/// A JSON value converted once for the evaluator, to be passed to many evaluations.
///
/// Build one from a ``JSONValue/JSONValue`` with ``init(_:)`` and compose objects of converted parts with
/// ``object(_:)``. Like ``JSONValue/JSONValue`` it is an immutable value and may be shared between tasks.
// @unchecked Sendable: a JSONataValue is only ever made from JSON (init) or from other JSONataValues (object), so
// it holds no functions or frames, only copy-on-write arrays and dictionaries that are never mutated in place.
public struct JSONataValue: @unchecked Sendable {
    let value: Value

    /// Converts a JSON value.
    ///
    /// - Parameter json: The value.
    public init(_ json: JSONValue) {
        value = Value(json)
    }

    private init(value: Value) {
        self.value = value
    }

    /// An object whose members are converted values, in the order given.
    ///
    /// - Parameter members: The members; a later member replaces an earlier one with the same name.
    /// - Returns: The object.
    public static func object(_ members: [(String, JSONataValue)]) -> JSONataValue {
        var object = JObject(minimumCapacity: members.count)
        for (key, member) in members { object[key] = member.value }
        return JSONataValue(value: .object(object))
    }
}
