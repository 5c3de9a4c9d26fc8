/// A function signature such as `<s-n?:s>`, used to validate and coerce arguments.
struct Signature: Sendable {
    struct Param: Sendable {
        /// Allowed type symbols (`s n b l a o f m`), where `m` means a missing (undefined) argument.
        var allowed: Set<Character>
        var type: Character
        var isOptional = false
        var isVariadic = false
        var usesContext = false
        var subtype: String?
    }

    var params: [Param]

    init(_ text: String, position: Int = 0) throws {
        let chars = Array(text)
        var params: [Param] = []
        var i = chars.first == "<" ? 1 : 0
        let all: Set<Character> = ["a", "s", "n", "b", "l", "f", "o", "m"]
        while i < chars.count {
            let c = chars[i]
            if c == ":" || c == ">" { break }
            switch c {
            case "s", "n", "b", "l", "o":
                params.append(Param(allowed: [c, "m"], type: c))
            case "a":
                params.append(Param(allowed: all, type: c))
            case "f":
                params.append(Param(allowed: ["f"], type: c))
            case "j":
                params.append(Param(allowed: all.subtracting(["f"]), type: c))
            case "x":
                params.append(Param(allowed: all, type: c))
            case "-":
                if !params.isEmpty {
                    params[params.count - 1].usesContext = true
                    params[params.count - 1].isOptional = true
                }
            case "?":
                if !params.isEmpty { params[params.count - 1].isOptional = true }
            case "+":
                if !params.isEmpty { params[params.count - 1].isVariadic = true }
            case "(":
                var j = i + 1
                var choice: Set<Character> = ["m"]
                while j < chars.count && chars[j] != ")" {
                    if chars[j] == "<" { throw JSONataError("S0402", position: position) }
                    choice.insert(chars[j])
                    j += 1
                }
                if choice.contains("j") { choice.formUnion(all.subtracting(["f"])) }
                if choice.contains("x") { choice.formUnion(all) }
                params.append(Param(allowed: choice, type: "("))
                i = j
            case "<":
                guard let last = params.last, last.type == "a" || last.type == "f" else {
                    throw JSONataError("S0401", position: position)
                }
                var depth = 1
                var j = i + 1
                var sub = ""
                while j < chars.count {
                    if chars[j] == "<" { depth += 1 }
                    if chars[j] == ">" {
                        depth -= 1
                        if depth == 0 { break }
                    }
                    sub.append(chars[j])
                    j += 1
                }
                params[params.count - 1].subtype = sub
                i = j
            default:
                break
            }
            i += 1
        }
        self.params = params
    }

    static func symbol(_ value: Value?) -> Character {
        guard let value else { return "m" }
        switch value {
        case .null: return "l"
        case .bool: return "b"
        case .number: return "n"
        case .string: return "s"
        case .array: return "a"
        case .object: return "o"
        case .function: return "f"
        }
    }

    /// Matches argument symbols to parameters; returns how many arguments each parameter takes.
    private func match(_ symbols: [Character]) -> [Int]? {
        var counts = [Int](repeating: 0, count: params.count)
        func go(_ p: Int, _ s: Int) -> Bool {
            if p == params.count { return s == symbols.count }
            let param = params[p]
            var maxTake = 0
            while s + maxTake < symbols.count && param.allowed.contains(symbols[s + maxTake]) {
                maxTake += 1
                if !param.isVariadic { break }
            }
            let minTake = param.isVariadic ? 1 : (param.isOptional ? 0 : 1)
            var take = maxTake
            while take >= minTake {
                counts[p] = take
                if go(p + 1, s + take) { return true }
                take -= 1
            }
            if param.isVariadic && param.isOptional {
                counts[p] = 0
                if go(p + 1, s) { return true }
            }
            return false
        }
        return go(0, 0) ? counts : nil
    }

    /// Validates `args` against the signature, substituting the context value and wrapping array arguments.
    func validate(_ args: [Value?], context: Value?, name: String) throws -> [Value?] {
        let symbols = args.map(Signature.symbol)
        guard let counts = match(symbols) else {
            // Find the first argument that cannot be matched.
            var good = 0
            var p = 0
            while p < params.count, good < symbols.count {
                let param = params[p]
                if param.allowed.contains(symbols[good]) {
                    good += 1
                    if !param.isVariadic { p += 1 }
                } else if param.isOptional || (param.isVariadic && good > 0) {
                    p += 1
                } else {
                    break
                }
            }
            throw JSONataError("T0410", token: name, value: good < args.count ? args[good] : nil, index: good + 1)
        }
        var validated: [Value?] = []
        validated.reserveCapacity(params.count)
        var argIndex = 0
        for (p, param) in params.enumerated() {
            let count = counts[p]
            if count == 0 {
                if param.usesContext {
                    let sym = Signature.symbol(context)
                    if param.allowed.contains(sym) && sym != "m" || (context == nil && param.allowed.contains("m")) {
                        validated.append(context)
                    } else {
                        throw JSONataError("T0411", token: name, value: context, index: argIndex + 1)
                    }
                } else {
                    validated.append(nil)
                }
                continue
            }
            for _ in 0..<count {
                let arg = args[argIndex]
                if param.type == "a" {
                    if let arg {
                        if let sub = param.subtype, let first = sub.first {
                            var ok = true
                            if case .array(let items) = arg {
                                ok = items.items.allSatisfy { Signature.symbol($0) == first }
                            } else {
                                ok = Signature.symbol(arg) == first
                            }
                            if !ok {
                                throw JSONataError(
                                    "T0412", token: name, value: arg, index: argIndex + 1,
                                    extra: ["type": Signature.typeNames[first] ?? String(first)])
                            }
                        }
                        if case .array = arg {
                            validated.append(arg)
                        } else {
                            validated.append(.plainArray([arg]))
                        }
                    } else {
                        validated.append(nil)
                    }
                } else {
                    validated.append(arg)
                }
                argIndex += 1
            }
        }
        return validated
    }

    static let typeNames: [Character: String] = [
        "a": "arrays", "b": "booleans", "f": "functions", "n": "numbers", "o": "objects", "s": "strings",
    ]
}
