import JSONValue

/// A Pratt parser for JSONata, followed by the rewriting pass that turns `.`-chains into paths with steps,
/// predicates into step stages, and resolves `%` (parent) references.
struct Parser {
    private var lexer: Lexer
    private var node: Token
    private var ancestorCounter = 0
    private var ancestry: [Node] = []

    static let bindingPowers: [String: Int] = [
        ".": 75, "[": 80, "]": 0, "{": 70, "}": 0, "(": 80, ")": 0, ",": 0, "@": 80, "#": 80, ";": 0, ":": 0,
        "?": 20, "+": 50, "-": 50, "*": 60, "/": 60, "%": 60, "|": 0, "=": 40, "<": 40, ">": 40, "^": 40,
        "**": 60, "..": 0, ":=": 10, "!=": 40, "<=": 40, ">=": 40, "~>": 40, "?:": 40, "??": 40, "and": 30,
        "or": 25, "in": 40, "&": 50, "!": 0, "~": 0,
    ]

    /// Parses and rewrites `source`.
    static func parse(_ source: String) throws -> Node {
        var parser = Parser(lexer: Lexer(source), node: Token(kind: .end, text: "", position: 0))
        try parser.advance()
        let raw = try parser.expression(0)
        if parser.node.kind != .end {
            throw JSONataError("S0201", position: parser.node.position, token: parser.node.text)
        }
        let processed = try parser.process(raw)
        markSimplePaths(processed)
        if processed.kind == .parent || !processed.seekingParent.isEmpty {
            throw JSONataError("S0217", position: processed.position, token: "\(processed.kind)")
        }
        return processed
    }

    /// Flags single-name paths that need none of the general path machinery.
    private static func markSimplePaths(_ root: Node) {
        var stack = [root]
        var seen = Set<ObjectIdentifier>()
        while let node = stack.popLast() {
            guard seen.insert(ObjectIdentifier(node)).inserted else { continue }
            if node.kind == .path, node.steps.count == 1, !node.keepSingletonArray, node.group == nil,
                !node.isTuple, node.predicates.isEmpty, !node.keepArray
            {
                let step = node.steps[0]
                node.isSimpleName =
                    step.kind == .name && step.stages.isEmpty && step.predicates.isEmpty && step.focus == nil
                    && step.index == nil && !step.isTuple && step.ancestorLabel == nil && step.group == nil
                    && !step.keepArray
            }
            if node.kind == .string || node.kind == .number || node.kind == .value {
                node.isPlainLiteral = node.predicates.isEmpty && node.group == nil && !node.keepArray
            }
            for child in [node.lhs, node.rhs, node.third].compactMap({ $0 }) { stack.append(child) }
            stack.append(contentsOf: node.expressions)
            stack.append(contentsOf: node.steps)
            stack.append(contentsOf: node.predicates)
            for (k, v) in node.pairs { stack.append(k); stack.append(v) }
            for (k, v) in node.group ?? [] { stack.append(k); stack.append(v) }
            for term in node.terms { stack.append(term.expression) }
            for stage in node.stages { if case .filter(let p) = stage { stack.append(p) } }
        }
    }

    private init(lexer: Lexer, node: Token) {
        self.lexer = lexer
        self.node = node
    }

    private func lbp(_ token: Token) -> Int {
        token.kind == .operator ? (Parser.bindingPowers[token.text] ?? 0) : 0
    }

    private mutating func advance(_ expected: String? = nil, infix: Bool = false) throws {
        if let expected, node.id != expected {
            if node.kind == .end {
                throw JSONataError("S0203", position: node.position, token: node.text, extra: ["value": expected])
            }
            throw JSONataError("S0202", position: node.position, token: node.text, extra: ["value": expected])
        }
        node = try lexer.next(regexAllowed: !infix)
        if node.kind == .operator && (node.text == "!" || node.text == "~") {
            throw JSONataError("S0204", position: node.position, token: node.text)
        }
    }

    private mutating func expression(_ rbp: Int) throws -> Node {
        var t = node
        try advance(nil, infix: true)
        var left = try nud(t)
        while rbp < lbp(node) {
            t = node
            try advance()
            left = try led(t, left)
        }
        return left
    }

    // MARK: Prefix positions

    private mutating func nud(_ t: Token) throws -> Node {
        let position = t.position
        switch t.kind {
        case .name:
            let n = Node(.name, position: position)
            n.text = t.text
            return n
        case .variable:
            let n = Node(.variable, position: position)
            n.text = t.text
            return n
        case .string:
            let n = Node(.string, position: position)
            n.text = t.text
            n.literal = .string(t.text)
            return n
        case .number:
            let n = Node(.number, position: position)
            n.number = t.number
            n.literal = .number(t.number)
            return n
        case .value:
            let n = Node(.value, position: position)
            n.text = t.text
            n.literal = t.text == "true" ? .bool(true) : t.text == "false" ? .bool(false) : .null
            return n
        case .regex:
            let n = Node(.regex, position: position)
            n.regex = try RegexBox(pattern: t.text, flags: t.flags, position: position)
            return n
        case .end:
            throw JSONataError("S0207", position: position, token: "(end)")
        case .operator:
            break
        }
        switch t.text {
        case "-":
            let n = Node(.negate, position: position)
            n.lhs = try expression(70)
            return n
        case "*":
            return Node(.wildcard, position: position)
        case "**":
            return Node(.descendant, position: position)
        case "%":
            return Node(.parent, position: position)
        case "and", "or", "in":
            let n = Node(.name, position: position)
            n.text = t.text
            return n
        case "[":
            let n = Node(.arrayConstructor, position: position)
            if node.id != "]" {
                while true {
                    var item = try expression(0)
                    if node.id == ".." {
                        let range = Node(.range, position: node.position)
                        try advance("..")
                        range.lhs = item
                        range.rhs = try expression(0)
                        item = range
                    }
                    n.expressions.append(item)
                    if node.id != "," { break }
                    try advance(",")
                }
            }
            try advance("]", infix: true)
            return n
        case "{":
            let n = Node(.objectConstructor, position: position)
            n.pairs = try objectPairs()
            return n
        case "(":
            let n = Node(.block, position: position)
            while node.id != ")" {
                n.expressions.append(try expression(0))
                if node.id != ";" { break }
                try advance(";")
            }
            try advance(")", infix: true)
            return n
        case "|":
            let n = Node(.transform, position: position)
            n.lhs = try expression(0)
            try advance("|")
            n.rhs = try expression(0)
            if node.id == "," {
                try advance(",")
                n.third = try expression(0)
            }
            try advance("|", infix: true)
            return n
        case "?":
            return Node(.placeholder, position: position)
        default:
            throw JSONataError("S0211", position: position, token: t.text)
        }
    }

    private mutating func objectPairs() throws -> [(Node, Node)] {
        var pairs: [(Node, Node)] = []
        if node.id != "}" {
            while true {
                let key = try expression(0)
                try advance(":")
                let value = try expression(0)
                pairs.append((key, value))
                if node.id != "," { break }
                try advance(",")
            }
        }
        try advance("}", infix: true)
        return pairs
    }

    // MARK: Infix positions

    private mutating func led(_ t: Token, _ left: Node) throws -> Node {
        let position = t.position
        let op = t.text
        switch op {
        case ".", "+", "-", "*", "/", "%", "=", "<", ">", "!=", "<=", ">=", "&", "and", "or", "in":
            let n = Node(op == "." ? .rawDot : .binary, position: position)
            n.text = op
            n.lhs = left
            n.rhs = try expression(Parser.bindingPowers[op]!)
            return n
        case "~>":
            let n = Node(.apply, position: position)
            n.lhs = left
            n.rhs = try expression(40)
            return n
        case "??", "?:":
            let n = Node(op == "??" ? .coalesce : .elvis, position: position)
            n.lhs = left
            n.rhs = try expression(0)
            return n
        case "?":
            let n = Node(.condition, position: position)
            n.lhs = left
            n.rhs = try expression(0)
            if node.id == ":" {
                try advance(":")
                n.third = try expression(0)
            }
            return n
        case ":=":
            guard left.kind == .variable else { throw JSONataError("S0212", position: position, token: op) }
            let n = Node(.bind, position: position)
            n.lhs = left
            n.rhs = try expression(Parser.bindingPowers[":="]! - 1)
            return n
        case "@", "#":
            let rhs = try expression(80)
            guard rhs.kind == .variable else { throw JSONataError("S0214", position: rhs.position, token: op) }
            let n = Node(op == "@" ? .rawFocus : .rawIndex, position: position)
            n.lhs = left
            n.rhs = rhs
            return n
        case "^":
            try advance("(")
            let n = Node(.rawSort, position: position)
            n.lhs = left
            while true {
                var descending = false
                if node.id == "<" {
                    try advance("<")
                } else if node.id == ">" {
                    descending = true
                    try advance(">")
                }
                n.terms.append((try expression(0), descending))
                if node.id != "," { break }
                try advance(",")
            }
            try advance(")", infix: true)
            return n
        case "{":
            let n = Node(.rawGroup, position: position)
            n.lhs = left
            n.pairs = try objectPairs()
            return n
        case "[":
            if node.id == "]" {
                var step = left
                while step.kind == .rawPredicate, let inner = step.lhs { step = inner }
                step.keepArray = true
                try advance("]", infix: true)
                return left
            }
            let n = Node(.rawPredicate, position: position)
            n.lhs = left
            n.rhs = try expression(0)
            try advance("]", infix: true)
            return n
        case "(":
            let n = Node(.call, position: position)
            n.lhs = left
            if node.id != ")" {
                while true {
                    if node.kind == .operator && node.text == "?" {
                        n.kind = .partial
                        n.expressions.append(Node(.placeholder, position: node.position))
                        try advance("?")
                    } else {
                        n.expressions.append(try expression(0))
                    }
                    if node.id != "," { break }
                    try advance(",")
                }
            }
            try advance(")", infix: true)
            if left.kind == .name && (left.text == "function" || left.text == "λ") {
                for (i, arg) in n.expressions.enumerated() where arg.kind != .variable {
                    throw JSONataError("S0208", position: arg.position, token: arg.text, extra: ["value": "\(i + 1)"])
                }
                n.kind = .lambda
                n.parameters = n.expressions.map(\.text)
                n.expressions = []
                n.lhs = nil
                if node.kind == .operator && node.text == "<" {
                    // The signature is raw text up to the matching '>'.
                    var depth = 1
                    var text = "<"
                    var i = lexer.position
                    while i < lexer.chars.count && depth > 0 {
                        let c = lexer.chars[i]
                        if c == "<" { depth += 1 }
                        if c == ">" { depth -= 1 }
                        text.append(c)
                        i += 1
                    }
                    guard depth == 0 else { throw JSONataError("S0203", position: i, extra: ["value": ">"]) }
                    lexer.position = i
                    n.signature = try Signature(text, position: position)
                    try advance()
                }
                try advance("{")
                n.rhs = try expression(0)
                try advance("}", infix: true)
            }
            return n
        default:
            throw JSONataError("S0204", position: position, token: op)
        }
    }

    // MARK: Rewriting

    private func makePath(_ first: Node) -> Node {
        let p = Node(.path, position: first.position)
        p.steps = [first]
        return p
    }

    private mutating func process(_ expr: Node) throws -> Node {
        var result: Node
        switch expr.kind {
        case .rawDot:
            let lstep = try process(expr.lhs!)
            result = lstep.kind == .path ? lstep : makePath(lstep)
            if lstep.kind == .parent { result.seekingParent = [lstep] }
            let rest = try process(expr.rhs!)
            if rest.kind == .path {
                result.steps.append(contentsOf: rest.steps)
            } else {
                if !rest.predicates.isEmpty {
                    rest.stages = rest.predicates.map { .filter($0) }
                    rest.predicates = []
                }
                result.steps.append(rest)
            }
            for step in result.steps {
                if step.kind == .number || step.kind == .value {
                    let v: Value = step.kind == .number ? .number(step.number) : step.literal ?? .null
                    throw JSONataError("S0213", position: step.position, value: v)
                }
                if step.kind == .string { step.kind = .name }
            }
            if result.steps.contains(where: { $0.keepArray }) { result.keepSingletonArray = true }
            if let first = result.steps.first, first.kind == .arrayConstructor { first.isConsArray = true }
            if let last = result.steps.last, last.kind == .arrayConstructor { last.isConsArray = true }
            try resolveAncestry(result)
        case .rawPredicate:
            result = try process(expr.lhs!)
            var step = result
            let onPath = result.kind == .path
            if onPath { step = result.steps[result.steps.count - 1] }
            if step.group != nil { throw JSONataError("S0209", position: expr.position) }
            let predicate = try process(expr.rhs!)
            if !predicate.seekingParent.isEmpty {
                for slot in predicate.seekingParent {
                    if slot.level == 1 {
                        _ = try seekParent(step, slot)
                    } else {
                        slot.level -= 1
                    }
                }
                step.seekingParent.append(contentsOf: predicate.seekingParent)
            }
            if onPath { step.stages.append(.filter(predicate)) } else { step.predicates.append(predicate) }
        case .rawGroup:
            result = try process(expr.lhs!)
            if result.group != nil { throw JSONataError("S0210", position: expr.position) }
            result.group = try expr.pairs.map { (try process($0.0), try process($0.1)) }
        case .rawSort:
            result = try process(expr.lhs!)
            if result.kind != .path { result = makePath(result) }
            let sortStep = Node(.sort, position: expr.position)
            sortStep.terms = try expr.terms.map { term in
                let e = try process(term.expression)
                pushAncestry(sortStep, e)
                return (e, term.descending)
            }
            result.steps.append(sortStep)
            try resolveAncestry(result)
        case .rawFocus:
            result = try process(expr.lhs!)
            let step = result.kind == .path ? result.steps[result.steps.count - 1] : result
            if !step.stages.isEmpty || !step.predicates.isEmpty { throw JSONataError("S0215", position: expr.position) }
            if step.kind == .sort { throw JSONataError("S0216", position: expr.position) }
            if expr.keepArray { step.keepArray = true }
            step.focus = expr.rhs!.text
            step.isTuple = true
        case .rawIndex:
            result = try process(expr.lhs!)
            var step = result
            if result.kind == .path {
                step = result.steps[result.steps.count - 1]
            } else {
                result = makePath(result)
                if !step.predicates.isEmpty {
                    step.stages = step.predicates.map { .filter($0) }
                    step.predicates = []
                }
            }
            if step.stages.isEmpty {
                step.index = expr.rhs!.text
            } else {
                step.stages.append(.index(expr.rhs!.text))
            }
            step.isTuple = true
        case .binary:
            result = expr
            expr.lhs = try process(expr.lhs!)
            expr.rhs = try process(expr.rhs!)
            pushAncestry(result, expr.lhs!)
            pushAncestry(result, expr.rhs!)
        case .apply, .coalesce, .elvis, .range:
            result = expr
            expr.lhs = try process(expr.lhs!)
            expr.rhs = try process(expr.rhs!)
            pushAncestry(result, expr.lhs!)
            pushAncestry(result, expr.rhs!)
        case .bind:
            result = expr
            expr.rhs = try process(expr.rhs!)
            pushAncestry(result, expr.rhs!)
        case .negate:
            let inner = try process(expr.lhs!)
            if inner.kind == .number {
                inner.number = -inner.number
                inner.literal = .number(inner.number)
                result = inner
            } else {
                expr.lhs = inner
                result = expr
                pushAncestry(result, inner)
            }
        case .arrayConstructor:
            result = expr
            expr.expressions = try expr.expressions.map { item in
                let v = try process(item)
                pushAncestry(result, v)
                return v
            }
        case .objectConstructor:
            result = expr
            expr.pairs = try expr.pairs.map { pair in
                let k = try process(pair.0)
                pushAncestry(result, k)
                let v = try process(pair.1)
                pushAncestry(result, v)
                return (k, v)
            }
        case .call, .partial:
            result = expr
            expr.expressions = try expr.expressions.map { arg in
                let a = try process(arg)
                pushAncestry(result, a)
                return a
            }
            expr.lhs = try process(expr.lhs!)
        case .lambda:
            result = expr
            expr.rhs = tailCallOptimize(try process(expr.rhs!))
        case .condition:
            result = expr
            expr.lhs = try process(expr.lhs!)
            pushAncestry(result, expr.lhs!)
            expr.rhs = try process(expr.rhs!)
            pushAncestry(result, expr.rhs!)
            if let e = expr.third {
                expr.third = try process(e)
                pushAncestry(result, expr.third!)
            }
        case .transform:
            result = expr
            expr.lhs = try process(expr.lhs!)
            expr.rhs = try process(expr.rhs!)
            if let d = expr.third { expr.third = try process(d) }
        case .block:
            result = expr
            expr.expressions = try expr.expressions.map { item in
                let part = try process(item)
                pushAncestry(result, part)
                if part.isConsArray || (part.kind == .path && part.steps[0].isConsArray) { result.isConsArray = true }
                return part
            }
        case .name:
            result = makePath(expr)
            if expr.keepArray { result.keepSingletonArray = true }
        case .parent:
            result = expr
            expr.ancestorLabel = "!\(ancestorCounter)"
            expr.level = 1
            ancestorCounter += 1
            ancestry.append(expr)
        case .string, .number, .value, .wildcard, .descendant, .variable, .regex, .placeholder:
            result = expr
        case .path, .sort:
            result = expr
        }
        if expr.keepArray { result.keepArray = true }
        return result
    }

    private func tailCallOptimize(_ expr: Node) -> Node {
        switch expr.kind {
        case .call where expr.predicates.isEmpty:
            expr.isThunk = true
            return expr
        case .condition:
            expr.rhs = tailCallOptimize(expr.rhs!)
            if let e = expr.third { expr.third = tailCallOptimize(e) }
            return expr
        case .block:
            if let last = expr.expressions.last {
                expr.expressions[expr.expressions.count - 1] = tailCallOptimize(last)
            }
            return expr
        default:
            return expr
        }
    }

    private func pushAncestry(_ result: Node, _ value: Node) {
        if !value.seekingParent.isEmpty || value.kind == .parent {
            var slots = value.seekingParent
            if value.kind == .parent { slots.append(value) }
            result.seekingParent.append(contentsOf: slots)
        }
    }

    @discardableResult
    private func seekParent(_ node: Node, _ slot: Node) throws -> Node {
        switch node.kind {
        case .name, .wildcard:
            slot.level -= 1
            if slot.level == 0 {
                if let existing = node.ancestorLabel {
                    slot.ancestorLabel = existing
                } else {
                    node.ancestorLabel = slot.ancestorLabel
                }
                node.isTuple = true
            }
        case .parent:
            slot.level += 1
        case .block:
            if let last = node.expressions.last {
                node.isTuple = true
                try seekParent(last, slot)
            }
        case .path:
            node.isTuple = true
            var index = node.steps.count - 1
            try seekParent(node.steps[index], slot)
            index -= 1
            while slot.level > 0 && index >= 0 {
                try seekParent(node.steps[index], slot)
                index -= 1
            }
        default:
            throw JSONataError("S0217", position: node.position, token: "\(node.kind)")
        }
        return slot
    }

    private func resolveAncestry(_ path: Node) throws {
        let last = path.steps[path.steps.count - 1]
        var slots = last.seekingParent
        if last.kind == .parent { slots.append(last) }
        for slot in slots {
            var index = path.steps.count - 2
            while slot.level > 0 {
                if index < 0 {
                    path.seekingParent.append(slot)
                    break
                }
                var step = path.steps[index]
                index -= 1
                while index >= 0 && step.focus != nil && path.steps[index].focus != nil {
                    step = path.steps[index]
                    index -= 1
                }
                try seekParent(step, slot)
            }
        }
    }
}
