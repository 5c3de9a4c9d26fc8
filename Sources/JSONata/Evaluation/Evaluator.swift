import JSONValue

/// Evaluates a compiled expression tree against one input. One evaluator serves one evaluation.
final class Evaluator {
    let functions: [String: NativeFunction]
    let nowMillis: Int
    let maximumDepth: Int
    var random: () -> Double
    private(set) var depth = 0
    /// The outermost scope: holds `$$` and the caller's bindings.
    let root: Frame
    private lazy var stack = StackGuard()

    init(functions: [String: NativeFunction], nowMillis: Int, maximumDepth: Int, random: @escaping () -> Double) {
        self.functions = functions
        self.nowMillis = nowMillis
        self.maximumDepth = maximumDepth
        self.random = random
        self.root = Frame(parent: nil)
    }

    // MARK: Dispatch

    func evaluate(_ expr: Node, _ input: Value?, _ env: Frame) throws -> Value? {
        // Fast paths: a field of an object, and a literal (neither needs the sequence handling below).
        if let name = expr.simpleName, case .object(let o)? = input { return o[name] }
        if expr.isPlainLiteral { return expr.literal }
        var result: Value?
        switch expr.kind {
        case .path:
            result = try evaluatePath(expr, input, env)
        case .binary:
            result = try evaluateBinary(expr, input, env)
        case .negate:
            let v = try evaluate(expr.lhs!, input, env)
            switch v {
            case nil: result = nil
            case .number(let d)?: result = .number(-d)
            default: throw JSONataError("D1002", position: expr.position, token: "-", value: v)
            }
        case .name:
            result = Evaluator.lookup(input, expr.text)
        case .string, .number, .value:
            result = expr.literal
        case .wildcard:
            result = evaluateWildcard(input)
        case .descendant:
            result = evaluateDescendants(input)
        case .parent:
            result = env.lookup(expr.ancestorLabel!)
        case .condition:
            let condition = try evaluate(expr.lhs!, input, env)
            if Functions.boolize(condition) {
                result = try evaluate(expr.rhs!, input, env)
            } else if let otherwise = expr.third {
                result = try evaluate(otherwise, input, env)
            }
        case .coalesce:
            let lhs = try evaluate(expr.lhs!, input, env)
            if let lhs, !(lhs.isSequence && (lhs.arrayItems?.isEmpty ?? false)) {
                result = lhs
            } else {
                result = try evaluate(expr.rhs!, input, env)
            }
        case .elvis:
            let lhs = try evaluate(expr.lhs!, input, env)
            result = Functions.boolize(lhs) ? lhs : try evaluate(expr.rhs!, input, env)
        case .block:
            let frame = Frame(parent: env)
            for e in expr.expressions {
                result = try evaluate(e, input, frame)
            }
        case .bind:
            let value = try evaluate(expr.rhs!, input, env)
            env.bind(expr.lhs!.text, value)
            result = value
        case .regex:
            result = .function(.regex(expr.regex!))
        case .call:
            if expr.isThunk {
                result = .function(.thunk(Thunk(node: expr, input: input, frame: env)))
            } else {
                result = try evaluateCall(expr, input, env, applyTo: nil)
            }
        case .partial:
            result = try evaluatePartial(expr, input, env)
        case .variable:
            if expr.text.isEmpty {
                if case .array(let a)? = input, a.flags.contains(.outerWrapper), let first = a.items.first {
                    result = first
                } else {
                    result = input
                }
            } else {
                result = lookupVariable(expr.text, env)
            }
        case .lambda:
            result = .function(.lambda(Lambda(node: expr, input: input, frame: env)))
        case .apply:
            result = try evaluateApply(expr, input, env)
        case .transform:
            result = .function(.transform(Lambda(node: expr, input: input, frame: env)))
        case .sort:
            result = try evaluateSort(expr, input, env)
        case .arrayConstructor:
            result = try evaluateArrayConstructor(expr, input, env)
        case .objectConstructor:
            result = try evaluateGroup(expr.pairs, input, env, position: expr.position)
        case .range:
            result = try evaluateRange(expr, input, env)
        case .placeholder:
            result = nil
        case .rawDot, .rawPredicate, .rawGroup, .rawFocus, .rawIndex, .rawSort:
            throw JSONataError("S0206", position: expr.position, token: "\(expr.kind)")
        }
        for predicate in expr.predicates {
            result = try evaluateFilter(predicate, result, env)
        }
        if expr.kind != .path, let group = expr.group {
            result = try evaluateGroup(group, result, env, position: expr.position)
        }
        if case .array(var a)? = result, a.isSequence, !a.flags.contains(.tupleStream) {
            if expr.keepArray {
                a.flags.insert(.keepSingleton)
                result = .array(a)
            }
            if a.items.isEmpty {
                result = nil
            } else if a.items.count == 1 && !a.flags.contains(.keepSingleton) {
                result = a.items[0]
            }
        }
        return result
    }

    func lookupVariable(_ name: String, _ env: Frame) -> Value? {
        if let v = env.lookup(name) { return v }
        if env.isBound(name) { return nil }
        if let f = functions[name] { return .function(.native(f)) }
        return nil
    }

    // MARK: Paths

    static func lookup(_ input: Value?, _ key: String) -> Value? {
        switch input {
        case .object(let o)?:
            return o[key]
        case .array(let a)?:
            var out: [Value] = []
            for item in a.items {
                switch item {
                case .object(let o):
                    if let v = o[key] {
                        if case .array(let inner) = v { out.append(contentsOf: inner.items) } else { out.append(v) }
                    }
                case .array:
                    if let v = lookup(item, key) {
                        if case .array(let inner) = v { out.append(contentsOf: inner.items) } else { out.append(v) }
                    }
                default: break
                }
            }
            return .sequence(out)
        default:
            return nil
        }
    }

    private func evaluatePath(_ expr: Node, _ input: Value?, _ env: Frame) throws -> Value? {
        // Fast path: a lone field name on a non-array context is a plain lookup.
        if expr.isSimpleName {
            switch input {
            case .array?: break
            case .object(let o)?: return o[expr.steps[0].text]
            default: return nil
            }
        }
        var inputSequence: JArray
        if case .array(let a)? = input, expr.steps[0].kind != .variable {
            inputSequence = a
        } else {
            inputSequence = JArray(input.map { [$0] } ?? [], flags: .sequence)
        }
        // jsonata-js evaluates the first step once even when the input is undefined.
        var undefinedInput = input == nil
        var resultSequence: Value? = nil
        var isTupleStream = false
        var tupleBindings: [JObject]? = nil
        let lastIndex = expr.steps.count - 1
        for (i, step) in expr.steps.enumerated() {
            if step.isTuple { isTupleStream = true }
            if i == 0 && step.isConsArray {
                resultSequence = try evaluate(step, .array(inputSequence), env)
            } else if isTupleStream {
                tupleBindings = try evaluateTupleStep(
                    step, inputSequence, undefinedInput: undefinedInput, tupleBindings, env)
            } else {
                resultSequence = .array(
                    try evaluateStep(step, inputSequence, undefinedInput: undefinedInput, env, isLast: i == lastIndex))
            }
            undefinedInput = false
            if !isTupleStream {
                guard let r = resultSequence else { break }
                if case .array(let a) = r, a.items.isEmpty { break }
            }
            if step.focus == nil, let r = resultSequence {
                if case .array(let a) = r { inputSequence = a } else { inputSequence = JArray([r], flags: .sequence) }
            }
        }
        if isTupleStream {
            let tuples = tupleBindings ?? []
            if expr.isTuple {
                resultSequence = .sequence(tuples.map { .object($0) }, flags: .tupleStream)
            } else {
                resultSequence = .sequence(tuples.compactMap { $0["@"] })
            }
        }
        if expr.keepSingletonArray {
            if case .array(var a)? = resultSequence {
                if a.flags.contains(.cons) && !a.isSequence {
                    a = JArray([.array(a)], flags: .sequence)
                }
                a.flags.insert(.keepSingleton)
                resultSequence = .array(a)
            }
        }
        if let group = expr.group {
            let groupInput =
                isTupleStream
                ? Value.sequence((tupleBindings ?? []).map { .object($0) }, flags: .tupleStream) : resultSequence
            resultSequence = try evaluateGroup(group, groupInput, env, position: expr.position)
        }
        return resultSequence
    }

    private func evaluateStep(
        _ step: Node, _ input: JArray, undefinedInput: Bool, _ env: Frame, isLast: Bool
    ) throws -> JArray {
        if step.kind == .sort {
            var result = try evaluateSort(step, .array(input), env)
            for stage in step.stages {
                if case .filter(let p) = stage { result = try evaluateFilter(p, result, env) }
            }
            if case .array(let a)? = result { return a }
            return JArray(result.map { [$0] } ?? [], flags: .sequence)
        }
        // Results are flattened as they come; a lone non-sequence array result of the last step is kept whole.
        var flattened: [Value] = []
        flattened.reserveCapacity(input.items.count)
        var resultCount = 0
        var loneArray: JArray? = nil
        func visit(_ item: Value?) throws {
            var res = try evaluate(step, item, env)
            for stage in step.stages {
                if case .filter(let p) = stage { res = try evaluateFilter(p, res, env) }
            }
            guard let res else { return }
            resultCount += 1
            if case .array(let a) = res {
                if resultCount == 1 && !a.isSequence { loneArray = a }
                if !a.flags.contains(.cons) {
                    flattened.append(contentsOf: a.items)
                    return
                }
            }
            flattened.append(res)
        }
        if undefinedInput {
            try visit(nil)
        } else {
            for item in input.items { try visit(item) }
        }
        if isLast, resultCount == 1, let loneArray {
            return loneArray
        }
        return JArray(flattened, flags: .sequence)
    }

    private func frame(from tuple: JObject, parent: Frame) -> Frame {
        let frame = Frame(parent: parent)
        for (k, v) in tuple { frame.bind(k, v) }
        return frame
    }

    private func evaluateTupleStep(
        _ step: Node, _ input: JArray, undefinedInput: Bool, _ bindings: [JObject]?, _ env: Frame
    ) throws -> [JObject] {
        var result: [JObject] = []
        if step.kind == .sort {
            if let bindings {
                let sorted = try evaluateSort(step, .sequence(bindings.map { .object($0) }, flags: .tupleStream), env)
                result = (sorted?.arrayItems ?? []).compactMap {
                    if case .object(let o) = $0 { return o }
                    return nil
                }
            } else {
                let sorted = try evaluateSort(step, .array(input), env)
                for (i, item) in (sorted?.arrayItems ?? []).enumerated() {
                    var tuple: JObject = ["@": item]
                    if let index = step.index { tuple[index] = .number(Double(i)) }
                    result.append(tuple)
                }
            }
            return try evaluateStages(step.stages, result, env)
        }
        let tuples: [JObject] =
            bindings ?? (undefinedInput ? [JObject()] : input.items.map { ["@": $0] })
        for tuple in tuples {
            let stepEnv = frame(from: tuple, parent: env)
            guard let res = try evaluate(step, tuple["@"], stepEnv) else { continue }
            let items: [Value]
            var isTupleResult = false
            if case .array(let a) = res {
                items = a.items
                isTupleResult = a.flags.contains(.tupleStream)
            } else {
                items = [res]
            }
            for (bb, item) in items.enumerated() {
                var out = tuple
                if isTupleResult, case .object(let o) = item {
                    for (k, v) in o { out[k] = v }
                } else {
                    if let focus = step.focus {
                        out[focus] = item
                        out["@"] = tuple["@"]
                    } else {
                        out["@"] = item
                    }
                    if let index = step.index { out[index] = .number(Double(bb)) }
                    if let label = step.ancestorLabel { out[label] = tuple["@"] }
                }
                result.append(out)
            }
        }
        return try evaluateStages(step.stages, result, env)
    }

    private func evaluateStages(_ stages: [Node.Stage], _ tuples: [JObject], _ env: Frame) throws -> [JObject] {
        var current = tuples
        for stage in stages {
            switch stage {
            case .filter(let predicate):
                let filtered = try evaluateFilter(
                    predicate, .sequence(current.map { .object($0) }, flags: .tupleStream), env)
                current = (filtered?.arrayItems ?? []).compactMap {
                    if case .object(let o) = $0 { return o }
                    return nil
                }
            case .index(let name):
                for i in current.indices { current[i][name] = .number(Double(i)) }
            }
        }
        return current
    }

    func evaluateFilter(_ predicate: Node, _ input: Value?, _ env: Frame) throws -> Value? {
        var flags: JArray.Flags = []
        let items: [Value]
        switch input {
        case .array(let a)?:
            items = a.items
            if a.flags.contains(.tupleStream) { flags.insert(.tupleStream) }
        case let v?:
            items = [v]
        case nil:
            items = []
        }
        let isTuple = flags.contains(.tupleStream)
        if predicate.kind == .number {
            var index = Int(predicate.number.rounded(.down))
            if index < 0 { index += items.count }
            guard index >= 0 && index < items.count else { return .sequence([], flags: flags) }
            let item = items[index]
            if case .array = item { return item }
            return .sequence([item], flags: flags)
        }
        var results: [Value] = []
        // A predicate made only of literals (e.g. `[[0..2]]`) has the same value for every item.
        let constant: Value?? = predicate.isConstant ? .some(try evaluate(predicate, nil, env)) : nil
        for (index, item) in items.enumerated() {
            let res: Value?
            if let constant {
                res = constant
            } else {
                var context: Value? = item
                var frame = env
                if isTuple, case .object(let tuple) = item {
                    context = tuple["@"]
                    frame = self.frame(from: tuple, parent: env)
                }
                res = try evaluate(predicate, context, frame)
            }
            switch res {
            case .number(let n)?:
                var i = Int(n.rounded(.down))
                if i < 0 { i += items.count }
                if i == index { results.append(item) }
            case .array(let a)? where !a.items.isEmpty && a.items.allSatisfy({ $0.numberValue != nil }):
                for n in a.items {
                    var i = Int(n.numberValue!.rounded(.down))
                    if i < 0 { i += items.count }
                    if i == index { results.append(item) }
                }
            default:
                if Functions.boolize(res) { results.append(item) }
            }
        }
        return .sequence(results, flags: flags)
    }

    private func evaluateWildcard(_ input: Value?) -> Value? {
        var results: [Value] = []
        var value = input
        if case .array(let a)? = input, a.flags.contains(.outerWrapper), let first = a.items.first { value = first }
        if case .object(let o)? = value {
            for (_, v) in o {
                if case .array = v {
                    Evaluator.flatten(v, into: &results)
                } else {
                    results.append(v)
                }
            }
        }
        return .sequence(results)
    }

    static func flatten(_ value: Value, into out: inout [Value]) {
        if case .array(let a) = value {
            for item in a.items { flatten(item, into: &out) }
        } else {
            out.append(value)
        }
    }

    private func evaluateDescendants(_ input: Value?) -> Value? {
        guard let input else { return nil }
        var results: [Value] = []
        func recurse(_ v: Value) {
            switch v {
            case .array(let a):
                for item in a.items { recurse(item) }
            case .object(let o):
                results.append(v)
                for (_, member) in o { recurse(member) }
            default:
                results.append(v)
            }
        }
        recurse(input)
        return results.count == 1 ? results[0] : .sequence(results)
    }

    // MARK: Operators

    private func evaluateBinary(_ expr: Node, _ input: Value?, _ env: Frame) throws -> Value? {
        let op = expr.text
        let lhs = try evaluate(expr.lhs!, input, env)
        if op == "and" {
            guard Functions.boolize(lhs) else { return .bool(false) }
            return .bool(Functions.boolize(try evaluate(expr.rhs!, input, env)))
        }
        if op == "or" {
            if Functions.boolize(lhs) { return .bool(true) }
            return .bool(Functions.boolize(try evaluate(expr.rhs!, input, env)))
        }
        let rhs = try evaluate(expr.rhs!, input, env)
        switch op {
        case "+", "-", "*", "/", "%":
            if let lhs, lhs.numberValue == nil {
                throw JSONataError("T2001", position: expr.position, token: op, value: lhs)
            }
            if let rhs, rhs.numberValue == nil {
                throw JSONataError("T2002", position: expr.position, token: op, value: rhs)
            }
            guard let l = lhs?.numberValue, let r = rhs?.numberValue else { return nil }
            let v: Double
            switch op {
            case "+": v = l + r
            case "-": v = l - r
            case "*": v = l * r
            case "/": v = l / r
            default: v = l.truncatingRemainder(dividingBy: r)
            }
            guard v.isFinite else { throw JSONataError("D1001", position: expr.position, token: op, value: .number(v)) }
            return .number(v)
        case "=", "!=":
            guard let lhs, let rhs else { return .bool(false) }
            let equal = deepEqual(lhs, rhs)
            return .bool(op == "=" ? equal : !equal)
        case "<", "<=", ">", ">=":
            func comparable(_ v: Value?) -> Bool {
                switch v {
                case nil, .string?, .number?: true
                default: false
                }
            }
            if !comparable(lhs) || !comparable(rhs) {
                throw JSONataError("T2010", position: expr.position, token: op, value: comparable(lhs) ? rhs : lhs)
            }
            guard let lhs, let rhs else { return nil }
            switch (lhs, rhs) {
            case (.number(let a), .number(let b)):
                return .bool(op == "<" ? a < b : op == "<=" ? a <= b : op == ">" ? a > b : a >= b)
            case (.string(let a), .string(let b)):
                let c = a.utf16Order(b)
                return .bool(op == "<" ? c < 0 : op == "<=" ? c <= 0 : op == ">" ? c > 0 : c >= 0)
            default:
                throw JSONataError("T2009", position: expr.position, token: op, value: lhs, value2: rhs)
            }
        case "&":
            let l = try lhs.map { try Functions.string($0) } ?? ""
            let r = try rhs.map { try Functions.string($0) } ?? ""
            return .string(l + r)
        case "in":
            guard let lhs, let rhs else { return .bool(false) }
            let items = rhs.arrayItems ?? [rhs]
            return .bool(items.contains { deepEqual($0, lhs) })
        default:
            throw JSONataError("S0204", position: expr.position, token: op)
        }
    }

    private func evaluateRange(_ expr: Node, _ input: Value?, _ env: Frame) throws -> Value? {
        let lhs = try evaluate(expr.lhs!, input, env)
        let rhs = try evaluate(expr.rhs!, input, env)
        func integer(_ v: Value?) -> Int?? {
            guard let v else { return .some(nil) }
            guard case .number(let d) = v, d.rounded() == d, abs(d) < 1e15 else { return nil }
            return .some(Int(d))
        }
        guard let l = integer(lhs) else {
            throw JSONataError("T2003", position: expr.position, token: "..", value: lhs)
        }
        guard let r = integer(rhs) else {
            throw JSONataError("T2004", position: expr.position, token: "..", value: rhs)
        }
        guard let lo = l, let hi = r, lo <= hi else { return nil }
        let size = hi - lo + 1
        if size > 10_000_000 {
            throw JSONataError("D2014", position: expr.position, token: "..", value: .number(Double(size)))
        }
        return .plainArray((lo...hi).map { .number(Double($0)) })
    }

    private func evaluateArrayConstructor(_ expr: Node, _ input: Value?, _ env: Frame) throws -> Value? {
        var result: [Value] = []
        for item in expr.expressions {
            guard let value = try evaluate(item, input, env) else { continue }
            if item.kind == .arrayConstructor {
                result.append(value)
            } else if case .array(let a) = value {
                result.append(contentsOf: a.items)
            } else {
                result.append(value)
            }
        }
        return .array(JArray(result, flags: expr.isConsArray ? .cons : []))
    }

    func evaluateGroup(_ pairs: [(Node, Node)], _ input: Value?, _ env: Frame, position: Int) throws -> Value? {
        var items: [Value?]
        var isTuple = false
        switch input {
        case .array(let a)?:
            items = a.items
            isTuple = a.flags.contains(.tupleStream)
        case let v?:
            items = [v]
        case nil:
            items = []
        }
        if items.isEmpty { items = [nil] }
        var groups: OrderedDictionary<String, (data: Value?, pairIndex: Int)> = [:]
        for item in items {
            var context = item
            var frame = env
            if isTuple, case .object(let tuple)? = item {
                context = tuple["@"]
                frame = self.frame(from: tuple, parent: env)
            }
            for (pairIndex, pair) in pairs.enumerated() {
                let key = try evaluate(pair.0, context, frame)
                guard let key else { continue }
                guard case .string(let k) = key else {
                    throw JSONataError("T1003", position: pair.0.position, value: key)
                }
                if let existing = groups[k] {
                    if existing.pairIndex != pairIndex {
                        throw JSONataError("D1009", position: pair.0.position, value: key)
                    }
                    groups[k] = (Functions.append(existing.data, item), pairIndex)
                } else {
                    groups[k] = (item, pairIndex)
                }
            }
        }
        var result = JObject(minimumCapacity: groups.count)
        for (key, entry) in groups {
            var context = entry.data
            var frame = env
            if isTuple {
                var tuple = reduceTupleStream(entry.data)
                context = tuple["@"]
                tuple.removeValue(forKey: "@")
                frame = self.frame(from: tuple, parent: env)
            }
            if let value = try evaluate(pairs[entry.pairIndex].1, context, frame) {
                result[key] = value
            }
        }
        return .object(result)
    }

    private func reduceTupleStream(_ value: Value?) -> JObject {
        switch value {
        case .object(let o)?:
            return o
        case .array(let a)?:
            var result = JObject()
            for (i, item) in a.items.enumerated() {
                guard case .object(let tuple) = item else { continue }
                if i == 0 {
                    result = tuple
                } else {
                    for (k, v) in tuple { result[k] = Functions.append(result[k], v) }
                }
            }
            return result
        default:
            return JObject()
        }
    }

    // MARK: Sorting

    private func evaluateSort(_ expr: Node, _ input: Value?, _ env: Frame) throws -> Value? {
        guard let input else { return nil }
        let items: [Value]
        var flags: JArray.Flags = [.sequence]
        if case .array(let a) = input {
            items = a.items
            if a.flags.contains(.tupleStream) { flags.insert(.tupleStream) }
        } else {
            items = [input]
        }
        let isTuple = flags.contains(.tupleStream)
        // Evaluate every term once per item, then sort stably on the precomputed keys.
        enum SortKey {
            case missing
            case number(Double)
            case string(String)
        }
        let terms = expr.terms
        var keys = [[SortKey]](repeating: [], count: terms.count)
        for t in terms.indices { keys[t].reserveCapacity(items.count) }
        for item in items {
            var context: Value? = item
            var frame = env
            if isTuple, case .object(let tuple) = item {
                context = tuple["@"]
                frame = self.frame(from: tuple, parent: env)
            }
            for (t, term) in terms.enumerated() {
                let v = try evaluate(term.expression, context, frame)
                switch v {
                case nil: keys[t].append(.missing)
                case .number(let d)?: keys[t].append(.number(d))
                case .string(let s)?: keys[t].append(.string(s))
                default: throw JSONataError("T2008", position: expr.position, value: v)
                }
            }
        }
        let descending = terms.map(\.descending)
        var typeError: JSONataError?
        let order = try Functions.mergeSort(Array(items.indices)) { a, b in
            for t in 0..<descending.count {
                var comp: Int
                switch (keys[t][a], keys[t][b]) {
                case (.missing, .missing): continue
                case (.missing, _): comp = 1
                case (_, .missing): comp = -1
                case (.number(let p), .number(let q)):
                    comp = p == q ? 0 : (p < q ? -1 : 1)
                    if descending[t] { comp = -comp }
                case (.string(let p), .string(let q)):
                    comp = p.utf16Order(q)
                    if descending[t] { comp = -comp }
                case (.number(let p), .string(let q)), (.string(let q), .number(let p)):
                    typeError =
                        typeError
                        ?? JSONataError("T2007", position: expr.position, value: .number(p), value2: .string(q))
                    return false
                }
                if comp == 0 { continue }
                return comp > 0
            }
            return false
        }
        if let typeError { throw typeError }
        return .array(JArray(order.map { items[$0] }, flags: flags))
    }

    // MARK: Functions

    private func evaluateCall(_ expr: Node, _ input: Value?, _ env: Frame, applyTo: Value??) throws -> Value? {
        let procedureNode = expr.lhs!
        let procedure = try evaluate(procedureNode, input, env)
        let name = Evaluator.procedureName(procedureNode)
        if procedure == nil, procedureNode.kind == .path, procedureNode.steps[0].kind == .name,
            lookupVariable(procedureNode.steps[0].text, env) != nil
        {
            throw JSONataError("T1005", position: expr.position, token: procedureNode.steps[0].text)
        }
        var args: [Value?] = []
        args.reserveCapacity(expr.expressions.count + 1)
        if let applyTo { args.append(applyTo) }
        for arg in expr.expressions {
            args.append(try evaluate(arg, input, env))
        }
        return try apply(procedure, args, input: input, frame: env, name: name, position: expr.position)
    }

    static func procedureName(_ node: Node) -> String? {
        switch node.kind {
        case .variable: node.text
        case .path where node.steps.count == 1: node.steps[0].text
        default: nil
        }
    }

    private func evaluatePartial(_ expr: Node, _ input: Value?, _ env: Frame) throws -> Value? {
        var args: [Value?] = []
        var holes: [Int] = []
        for (i, arg) in expr.expressions.enumerated() {
            if arg.kind == .placeholder {
                holes.append(i)
                args.append(nil)
            } else {
                args.append(try evaluate(arg, input, env))
            }
        }
        let procedureNode = expr.lhs!
        let procedure = try evaluate(procedureNode, input, env)
        if procedure == nil, procedureNode.kind == .path, procedureNode.steps[0].kind == .name,
            lookupVariable(procedureNode.steps[0].text, env) != nil
        {
            throw JSONataError("T1007", position: expr.position, token: procedureNode.steps[0].text)
        }
        guard case .function(let f)? = procedure else { throw JSONataError("T1008", position: expr.position) }
        return .function(.partial(Partial(target: f, arguments: args, holes: holes)))
    }

    private func evaluateApply(_ expr: Node, _ input: Value?, _ env: Frame) throws -> Value? {
        let lhs = try evaluate(expr.lhs!, input, env)
        let rhsNode = expr.rhs!
        if rhsNode.kind == .call {
            return try evaluateCall(rhsNode, input, env, applyTo: .some(lhs))
        }
        let function = try evaluate(rhsNode, input, env)
        guard case .function(let g)? = function else {
            throw JSONataError("T2006", position: expr.position, value: function)
        }
        if case .function(let f)? = lhs {
            return .function(.composition(f, g, FunctionValue.Composition()))
        }
        return try apply(function, [lhs], input: nil, frame: env, name: nil, position: expr.position)
    }

    /// Applies a function value to arguments, resolving tail calls.
    func apply(
        _ procedure: Value?, _ args: [Value?], input: Value?, frame: Frame, name: String?, position: Int?
    ) throws -> Value? {
        depth += 1
        defer { depth -= 1 }
        if depth > 20 && (depth > maximumDepth || !stack.hasRoom()) {
            throw JSONataError("U1001", position: position)
        }
        var result = try applyInner(procedure, args, input: input, frame: frame, name: name, position: position)
        while case .function(.thunk(let thunk))? = result {
            let call = thunk.node
            let next = try evaluate(call.lhs!, thunk.input, thunk.frame)
            var nextArgs: [Value?] = []
            for arg in call.expressions { nextArgs.append(try evaluate(arg, thunk.input, thunk.frame)) }
            result = try applyInner(
                next, nextArgs, input: thunk.input, frame: thunk.frame, name: Evaluator.procedureName(call.lhs!),
                position: call.position)
        }
        return result
    }

    private func applyInner(
        _ procedure: Value?, _ args: [Value?], input: Value?, frame: Frame, name: String?, position: Int?
    ) throws -> Value? {
        guard case .function(let function)? = procedure else {
            throw JSONataError("T1006", position: position, token: name)
        }
        do {
            switch function {
            case .native(let native):
                let validated = try native.signature?.validate(args, context: input, name: native.name) ?? args
                return try native.body(validated, Invocation(evaluator: self, input: input, frame: frame))
            case .lambda(let lambda):
                let validated =
                    try lambda.node.signature?.validate(args, context: input, name: name ?? "lambda") ?? args
                let scope = Frame(parent: lambda.frame)
                for (i, parameter) in lambda.node.parameters.enumerated() {
                    scope.bind(parameter, i < validated.count ? validated[i] : nil)
                }
                return try evaluate(lambda.node.rhs!, lambda.input, scope)
            case .partial(let partial):
                var full = partial.arguments
                for (k, hole) in partial.holes.enumerated() {
                    full[hole] = k < args.count ? args[k] : nil
                }
                return try apply(
                    .function(partial.target), full, input: input, frame: frame, name: name, position: position)
            case .regex(let regex):
                guard case .string(let s)? = args.first ?? nil else { return nil }
                return Functions.matchObject(regex.firstMatch(in: s))
            case .transform(let transform):
                return try evaluateTransform(transform, args.first ?? nil)
            case .composition(let f, let g, _):
                let inner = try apply(.function(f), args, input: nil, frame: frame, name: nil, position: position)
                return try apply(.function(g), [inner], input: nil, frame: frame, name: nil, position: position)
            case .thunk:
                return procedure
            }
        } catch var error as JSONataError {
            if error.position == nil { error.position = position }
            throw error
        }
    }

    // MARK: Transform

    private static let idKey = "\u{1}jsonata.transform.id"

    private func evaluateTransform(_ transform: Lambda, _ value: Value?) throws -> Value? {
        guard let value else { return nil }
        let node = transform.node
        var counter = 0
        func tag(_ v: Value) -> Value {
            switch v {
            case .object(var o):
                for (k, member) in o { o[k] = tag(member) }
                o[Evaluator.idKey] = .number(Double(counter))
                counter += 1
                return .object(o)
            case .array(var a):
                a.items = a.items.map(tag)
                return .array(a)
            default:
                return v
            }
        }
        let tagged = tag(value)
        var updates: [Int: (update: JObject?, deletions: [String])] = [:]
        if let matches = try evaluate(node.lhs!, tagged, transform.frame) {
            for match in matches.arrayItems ?? [matches] {
                guard case .object(var object) = match, case .number(let id)? = object[Evaluator.idKey] else {
                    continue
                }
                object.removeValue(forKey: Evaluator.idKey)
                let update = try evaluate(node.rhs!, .object(object), transform.frame)
                var entry: (update: JObject?, deletions: [String]) = (nil, [])
                if let update {
                    guard case .object(let u) = update else {
                        throw JSONataError("T2011", position: node.rhs!.position, value: update)
                    }
                    entry.update = u
                }
                if let deleteNode = node.third,
                    let deletions = try evaluate(deleteNode, .object(object), transform.frame)
                {
                    let list = deletions.arrayItems ?? [deletions]
                    var keys: [String] = []
                    for item in list {
                        guard case .string(let k) = item else {
                            throw JSONataError("T2012", position: deleteNode.position, value: deletions)
                        }
                        keys.append(k)
                    }
                    entry.deletions = keys
                }
                updates[Int(id)] = entry
            }
        }
        func rebuild(_ v: Value) -> Value {
            switch v {
            case .object(var o):
                let id = o.removeValue(forKey: Evaluator.idKey)
                if case .number(let n)? = id, let entry = updates[Int(n)] {
                    if let u = entry.update {
                        for (k, member) in u { o[k] = member }
                    }
                    for k in entry.deletions { o.removeValue(forKey: k) }
                }
                for (k, member) in o { o[k] = rebuild(member) }
                return .object(o)
            case .array(var a):
                a.items = a.items.map(rebuild)
                return .array(a)
            default:
                return v
            }
        }
        return rebuild(tagged)
    }
}
