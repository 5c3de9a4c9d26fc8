import Foundation
import JSONValue

extension Functions {
    static func arg(_ args: [Value?], _ i: Int) -> Value? { i < args.count ? args[i] : nil }
    static func str(_ args: [Value?], _ i: Int) -> String? { arg(args, i)?.stringValue }
    static func num(_ args: [Value?], _ i: Int) -> Double? { arg(args, i)?.numberValue }
    static func items(_ args: [Value?], _ i: Int) -> [Value]? {
        guard let v = arg(args, i) else { return nil }
        return v.arrayItems ?? [v]
    }
    static func fn(_ args: [Value?], _ i: Int) -> FunctionValue? {
        if case .function(let f)? = arg(args, i) { return f }
        return nil
    }

    static func numbers(_ v: [Value]) -> [Double] { v.compactMap(\.numberValue) }

    static func makeLibrary(_ list: [NativeFunction]) -> [String: NativeFunction] {
        Dictionary(list.map { ($0.name, $0) }, uniquingKeysWith: { _, b in b })
    }

    /// The JSONata standard library.
    static let standard: [String: NativeFunction] = makeLibrary(
        aggregation + strings + numeric + booleans + arrays + objects + higherOrder + DateTime.functions
            + Formatting.functions)

    // MARK: Aggregation

    static let aggregation: [NativeFunction] = [
        NativeFunction("sum", "<a<n>:n>") { args, _ in
            guard let a = items(args, 0) else { return nil }
            return .number(numbers(a).reduce(0, +))
        },
        NativeFunction("count", "<a:n>") { args, _ in
            .number(Double(items(args, 0)?.count ?? 0))
        },
        NativeFunction("max", "<a<n>:n>") { args, _ in
            guard let a = items(args, 0), let m = numbers(a).max() else { return nil }
            return .number(m)
        },
        NativeFunction("min", "<a<n>:n>") { args, _ in
            guard let a = items(args, 0), let m = numbers(a).min() else { return nil }
            return .number(m)
        },
        NativeFunction("average", "<a<n>:n>") { args, _ in
            guard let a = items(args, 0), !a.isEmpty else { return nil }
            return .number(numbers(a).reduce(0, +) / Double(a.count))
        },
    ]

    // MARK: Strings

    static let strings: [NativeFunction] = [
        NativeFunction("string", "<x-b?:s>", arity: 1) { args, _ in
            guard let v = arg(args, 0) else { return nil }
            return .string(try string(v, pretty: arg(args, 1).map { boolize($0) } ?? false))
        },
        NativeFunction("length", "<s-:n>") { args, _ in
            guard let s = str(args, 0) else { return nil }
            return .number(Double(s.unicodeScalars.count))
        },
        NativeFunction("substring", "<s-nn?:s>") { args, _ in
            guard let s = str(args, 0), let startValue = num(args, 1) else { return nil }
            let chars = codePoints(s)
            let count = chars.count
            var start = Int(startValue.rounded(.towardZero))
            if count + start < 0 { start = 0 }
            func clamp(_ i: Int) -> Int { i < 0 ? max(0, count + i) : min(i, count) }
            if let lengthValue = num(args, 2) {
                let length = Int(lengthValue.rounded(.towardZero))
                if lengthValue <= 0 { return .string("") }
                let end = start >= 0 ? start + length : count + start + length
                let from = clamp(start)
                let to = clamp(end)
                return .string(from < to ? fromCodePoints(chars[from..<to]) : "")
            }
            let from = clamp(start)
            return .string(fromCodePoints(chars[from...]))
        },
        NativeFunction("substringBefore", "<s-s:s>") { args, _ in
            guard let s = str(args, 0) else { return nil }
            guard let chars = str(args, 1), let r = s.firstRange(of: chars), !chars.isEmpty else {
                return str(args, 1) == "" ? .string("") : .string(s)
            }
            return .string(String(s[..<r.lowerBound]))
        },
        NativeFunction("substringAfter", "<s-s:s>") { args, _ in
            guard let s = str(args, 0) else { return nil }
            guard let chars = str(args, 1), !chars.isEmpty, let r = s.firstRange(of: chars) else {
                return .string(s)
            }
            return .string(String(s[r.upperBound...]))
        },
        NativeFunction("lowercase", "<s-:s>") { args, _ in str(args, 0).map { .string($0.lowercased()) } },
        NativeFunction("uppercase", "<s-:s>") { args, _ in str(args, 0).map { .string($0.uppercased()) } },
        NativeFunction("trim", "<s-:s>") { args, _ in
            guard let s = str(args, 0) else { return nil }
            return .string(trim(s))
        },
        NativeFunction("pad", "<s-ns?:s>") { args, _ in
            guard let s = str(args, 0), let widthValue = num(args, 1) else { return nil }
            var padChar = str(args, 2) ?? " "
            if padChar.isEmpty { padChar = " " }
            let width = Int(widthValue.rounded(.towardZero))
            let padLength = abs(width) - s.unicodeScalars.count
            guard padLength > 0 else { return .string(s) }
            let padScalars = codePoints(String(repeating: padChar, count: padLength)).prefix(padLength)
            let padding = fromCodePoints(padScalars)
            return .string(width > 0 ? s + padding : padding + s)
        },
        NativeFunction("contains", "<s-(sf):b>") { args, _ in
            guard let s = str(args, 0) else { return nil }
            switch arg(args, 1) {
            case .string(let t)?: return .bool(t.isEmpty || s.firstRange(of: t) != nil)
            case .function(.regex(let r))?: return .bool(r.firstMatch(in: s) != nil)
            default: return .bool(false)
            }
        },
        NativeFunction("split", "<s-(sf)n?:a<s>>") { args, _ in
            guard let s = str(args, 0) else { return nil }
            var limit: Int? = nil
            if let l = num(args, 2) {
                if l < 0 { throw JSONataError("D3020", value: .number(l)) }
                limit = Int(l.rounded(.down))
            }
            var parts: [String] = []
            switch arg(args, 1) {
            case .string(let sep)?:
                if sep.isEmpty {
                    parts = s.utf16.map { String(utf16CodeUnits: [$0], count: 1) }
                } else {
                    parts = s.split(separator: sep, omittingEmptySubsequences: false).map(String.init)
                }
            case .function(.regex(let r))?:
                let ns = s as NSString
                var start = 0
                for m in r.matches(in: s) {
                    if m.start == m.end { throw JSONataError("D1004", value: .string(r.pattern)) }
                    parts.append(ns.substring(with: NSRange(location: start, length: m.start - start)))
                    start = m.end
                }
                parts.append(ns.substring(from: start))
            default:
                parts = [s]
            }
            if let limit { parts = Array(parts.prefix(limit)) }
            return .plainArray(parts.map { .string($0) })
        },
        NativeFunction("join", "<a<s>s?:s>") { args, _ in
            guard let a = items(args, 0) else { return nil }
            return .string(a.compactMap(\.stringValue).joined(separator: str(args, 1) ?? ""))
        },
        NativeFunction("match", "<s-f<s:o>n?:a<o>>") { args, _ in
            guard let s = str(args, 0) else { return nil }
            var limit = Int.max
            if let l = num(args, 2) {
                if l < 0 { throw JSONataError("D3040", value: .number(l)) }
                limit = Int(l.rounded(.down))
            }
            guard case .function(.regex(let r))? = arg(args, 1) else { return nil }
            let found = r.matches(in: s, limit: limit)
            return .sequence(
                found.map {
                    .object([
                        "match": .string($0.match), "index": .number(Double($0.start)),
                        "groups": .plainArray($0.groups.map { .string($0) }),
                    ])
                })
        },
        NativeFunction("replace", "<s-(sf)(sf)n?:s>") { args, invocation in
            guard let s = str(args, 0) else { return nil }
            let pattern = arg(args, 1)
            if case .string("")? = pattern { throw JSONataError("D3010", value: pattern) }
            var limit = Int.max
            if let l = num(args, 3) {
                if l < 0 { throw JSONataError("D3011", value: .number(l)) }
                limit = Int(l.rounded(.down))
            }
            let replacement = arg(args, 2)
            if limit == 0 { return .string(s) }
            switch pattern {
            case .string(let p)?:
                var result = ""
                var rest = s[...]
                var count = 0
                let rep = replacement.flatMap { $0.stringValue } ?? ""
                while count < limit, let r = rest.firstRange(of: p) {
                    result += rest[..<r.lowerBound]
                    result += rep
                    rest = rest[r.upperBound...]
                    count += 1
                }
                result += rest
                return .string(result)
            case .function(.regex(let r))?:
                let ns = s as NSString
                var result = ""
                var position = 0
                for m in r.matches(in: s, limit: limit) {
                    if m.start == m.end { throw JSONataError("D1004", value: .string(r.pattern)) }
                    result += ns.substring(with: NSRange(location: position, length: m.start - position))
                    switch replacement {
                    case .string(let template)?:
                        result += substitute(template, m)
                    case .function(let f)?:
                        let replaced = try invocation.call(f, [matchObject(m)])
                        guard case .string(let text)? = replaced else {
                            throw JSONataError("D3012", value: replaced)
                        }
                        result += text
                    default: break
                    }
                    position = m.end
                }
                result += ns.substring(from: position)
                return .string(result)
            default:
                return .string(s)
            }
        },
        NativeFunction("base64encode", "<s-:s>") { args, _ in
            str(args, 0).map { .string(Data($0.utf8).base64EncodedString()) }
        },
        NativeFunction("base64decode", "<s-:s>") { args, _ in
            guard let s = str(args, 0) else { return nil }
            var padded = s.filter { !$0.isWhitespace }
            while padded.count % 4 != 0 { padded += "=" }
            guard let data = Data(base64Encoded: padded) else { return .string("") }
            return .string(String(decoding: data, as: UTF8.self))
        },
        NativeFunction("encodeUrlComponent", "<s-:s>") { args, _ in
            guard let s = str(args, 0) else { return nil }
            return .string(try URLCoding.encode(s, unescaped: URLCoding.componentSafe, name: "encodeUrlComponent"))
        },
        NativeFunction("encodeUrl", "<s-:s>") { args, _ in
            guard let s = str(args, 0) else { return nil }
            return .string(try URLCoding.encode(s, unescaped: URLCoding.uriSafe, name: "encodeUrl"))
        },
        NativeFunction("decodeUrlComponent", "<s-:s>") { args, _ in
            guard let s = str(args, 0) else { return nil }
            return .string(try URLCoding.decode(s, reserved: [], name: "decodeUrlComponent"))
        },
        NativeFunction("decodeUrl", "<s-:s>") { args, _ in
            guard let s = str(args, 0) else { return nil }
            return .string(try URLCoding.decode(s, reserved: URLCoding.reservedForDecodeURI, name: "decodeUrl"))
        },
        NativeFunction("eval", "<sx?:x>") { args, invocation in
            guard let source = str(args, 0) else { return nil }
            let ast: Node
            do {
                ast = try Parser.parse(source)
            } catch let error as JSONataError {
                throw JSONataError("D3120", value: .string(error.message))
            }
            var input = invocation.input
            if let focus = arg(args, 1) {
                input = focus
                if case .array(let a) = focus, !a.isSequence {
                    input = .array(JArray([focus], flags: [.sequence, .outerWrapper]))
                }
            }
            do {
                return try invocation.evaluator.evaluate(ast, input, invocation.frame)
            } catch let error as JSONataError {
                throw JSONataError("D3121", value: .string(error.message))
            }
        },
    ]

    static func trim(_ s: String) -> String {
        var out = ""
        var inSpace = false
        for c in s.unicodeScalars {
            if c == " " || c == "\t" || c == "\n" || c == "\r" {
                inSpace = true
            } else {
                if inSpace { out += " " }
                inSpace = false
                out.unicodeScalars.append(c)
            }
        }
        if inSpace { out += " " }
        if out.first == " " { out.removeFirst() }
        if out.last == " " { out.removeLast() }
        return out
    }

    /// Expands `$0`, `$1`… and `$$` in a `$replace` replacement string.
    static func substitute(_ template: String, _ m: RegexBox.Match) -> String {
        let chars = Array(template)
        var out = ""
        var i = 0
        while i < chars.count {
            let c = chars[i]
            guard c == "$", i + 1 < chars.count else {
                out.append(c)
                i += 1
                continue
            }
            let next = chars[i + 1]
            if next == "$" {
                out += "$"
                i += 2
            } else if next == "0" {
                out += m.match
                i += 2
            } else {
                let maxDigits = m.groups.isEmpty ? 1 : Int(log10(Double(m.groups.count)).rounded(.down)) + 1
                var digits = ""
                var j = i + 1
                while j < chars.count, digits.count < maxDigits, chars[j].isASCII, chars[j].isNumber {
                    digits.append(chars[j])
                    j += 1
                }
                if var index = Int(digits) {
                    if digits.count > 1 && index > m.groups.count {
                        digits.removeLast()
                        index = Int(digits) ?? 0
                    }
                    if index >= 1 && index <= m.groups.count { out += m.groups[index - 1] }
                    i += 1 + String(index).count
                } else {
                    out += "$"
                    i += 1
                }
            }
        }
        return out
    }

    // MARK: Numeric

    static let numeric: [NativeFunction] = [
        NativeFunction("number", "<(nsb)-:n>") { args, _ in
            guard let v = arg(args, 0) else { return nil }
            switch v {
            case .number: return v
            case .bool(let b): return .number(b ? 1 : 0)
            case .string(let s):
                if let d = parseNumber(s) { return .number(d) }
                throw JSONataError("D3030", value: v)
            default:
                throw JSONataError("D3030", value: v)
            }
        },
        NativeFunction("abs", "<n-:n>") { args, _ in num(args, 0).map { .number(abs($0)) } },
        NativeFunction("floor", "<n-:n>") { args, _ in num(args, 0).map { .number($0.rounded(.down)) } },
        NativeFunction("ceil", "<n-:n>") { args, _ in num(args, 0).map { .number($0.rounded(.up)) } },
        NativeFunction("round", "<n-n?:n>") { args, _ in
            guard let d = num(args, 0) else { return nil }
            return .number(round(d, precision: Int(num(args, 1) ?? 0)))
        },
        NativeFunction("sqrt", "<n-:n>") { args, _ in
            guard let d = num(args, 0) else { return nil }
            if d < 0 { throw JSONataError("D3060", value: .number(d)) }
            return .number(d.squareRoot())
        },
        NativeFunction("power", "<n-n:n>") { args, _ in
            guard let b = num(args, 0), let e = num(args, 1) else { return nil }
            let r = pow(b, e)
            guard r.isFinite else {
                throw JSONataError("D3061", value: .number(b), extra: ["exp": jsNumber(e)])
            }
            return .number(r)
        },
        NativeFunction("random", "<:n>") { _, invocation in
            .number(invocation.evaluator.random())
        },
    ]

    static func parseNumber(_ s: String) -> Double? {
        let t = s.trimmingCharacters(in: .whitespacesAndNewlines)
        let lower = t.lowercased()
        if lower.hasPrefix("0x"), let v = Int(lower.dropFirst(2), radix: 16) { return Double(v) }
        if lower.hasPrefix("0o"), let v = Int(lower.dropFirst(2), radix: 8) { return Double(v) }
        if lower.hasPrefix("0b"), let v = Int(lower.dropFirst(2), radix: 2) { return Double(v) }
        var chars = Substring(t)
        if chars.first == "-" { chars = chars.dropFirst() }
        // ^-?[0-9]+(\.[0-9]+)?([Ee][-+]?[0-9]+)?$
        var i = chars.startIndex
        func digits() -> Int {
            var n = 0
            while i < chars.endIndex, chars[i].isASCII, chars[i].isNumber {
                i = chars.index(after: i)
                n += 1
            }
            return n
        }
        guard digits() > 0 else { return nil }
        if i < chars.endIndex, chars[i] == "." {
            i = chars.index(after: i)
            guard digits() > 0 else { return nil }
        }
        if i < chars.endIndex, chars[i] == "e" || chars[i] == "E" {
            i = chars.index(after: i)
            if i < chars.endIndex, chars[i] == "+" || chars[i] == "-" { i = chars.index(after: i) }
            guard digits() > 0 else { return nil }
        }
        guard i == chars.endIndex, let d = Double(t), d.isFinite else { return nil }
        return d
    }

    /// Rounds half to even at `precision` decimal places, shifting by decimal exponent as jsonata-js does.
    static func round(_ value: Double, precision: Int) -> Double {
        func shift(_ v: Double, _ p: Int) -> Double {
            let text = jsNumber(v)
            if let e = text.firstIndex(of: "e") {
                let mantissa = text[..<e]
                let exp = Int(text[text.index(after: e)...]) ?? 0
                return Double("\(mantissa)e\(exp + p)") ?? v
            }
            return Double("\(text)e\(p)") ?? v
        }
        var arg = value
        if precision != 0 { arg = shift(arg, precision) }
        var result = (arg + 0.5).rounded(.down)
        if abs(arg) >= 4_503_599_627_370_496 { result = arg }
        let diff = result - arg
        if abs(diff) == 0.5 && abs(result.truncatingRemainder(dividingBy: 2)) == 1 {
            result -= 1
        }
        if precision != 0 { result = shift(result, -precision) }
        if result == 0 { result = 0 }
        return result
    }

    // MARK: Boolean

    static let booleans: [NativeFunction] = [
        NativeFunction("boolean", "<x-:b>") { args, _ in boolean(arg(args, 0)).map { .bool($0) } },
        NativeFunction("not", "<x-:b>") { args, _ in boolean(arg(args, 0)).map { .bool(!$0) } },
        NativeFunction("exists", "<x:b>") { args, _ in .bool(arg(args, 0) != nil) },
    ]

    // MARK: Arrays

    static let arrays: [NativeFunction] = [
        NativeFunction("append", "<xx:a>") { args, _ in append(arg(args, 0), arg(args, 1)) },
        NativeFunction("reverse", "<a:a>") { args, _ in
            guard let v = arg(args, 0) else { return nil }
            guard case .array(let a) = v, a.items.count > 1 else { return v }
            return .plainArray(a.items.reversed())
        },
        NativeFunction("shuffle", "<a:a>") { args, invocation in
            guard let v = arg(args, 0) else { return nil }
            guard case .array(let a) = v, a.items.count > 1 else { return v }
            var items = a.items
            for i in stride(from: items.count - 1, to: 0, by: -1) {
                let j = min(i, Int(invocation.evaluator.random() * Double(i + 1)))
                items.swapAt(i, j)
            }
            return .plainArray(items)
        },
        NativeFunction("sort", "<af?:a>") { args, invocation in
            guard let v = arg(args, 0) else { return nil }
            guard case .array(let a) = v, a.items.count > 1 else { return v }
            if let f = fn(args, 1) {
                return .plainArray(
                    try mergeSort(a.items) { x, y in boolize(try invocation.call(f, [x, y])) })
            }
            if a.items.allSatisfy({ $0.numberValue != nil }) {
                return .plainArray(try mergeSort(a.items) { x, y in x.numberValue! > y.numberValue! })
            }
            if a.items.allSatisfy({ $0.stringValue != nil }) {
                return .plainArray(
                    try mergeSort(a.items) { x, y in x.stringValue!.utf16Order(y.stringValue!) > 0 })
            }
            throw JSONataError("D3070", value: v)
        },
        NativeFunction("distinct", "<x:x>") { args, _ in
            guard let v = arg(args, 0) else { return nil }
            guard case .array(let a) = v, a.items.count > 1 else { return v }
            var out: [Value] = []
            var seen = Set<HashKey>()
            for item in a.items {
                if seen.insert(HashKey(item)).inserted { out.append(item) }
            }
            return .array(JArray(out, flags: a.isSequence ? .sequence : []))
        },
        NativeFunction("zip", "<a+>") { args, _ in
            let arrays = args.map { $0?.arrayItems ?? ($0.map { [$0] } ?? []) }
            let length = arrays.map(\.count).min() ?? 0
            return .plainArray((0..<length).map { i in .plainArray(arrays.map { $0[i] }) })
        },
    ]

    // MARK: Objects

    static let objects: [NativeFunction] = [
        NativeFunction("keys", "<x-:a<s>>") { args, _ in
            var keys = OrderedSet<String>()
            func collect(_ v: Value?) {
                switch v {
                case .object(let o)?: keys.append(contentsOf: o.keys)
                case .array(let a)?: for item in a.items { collect(item) }
                default: break
                }
            }
            collect(arg(args, 0))
            return .sequence(keys.map { .string($0) })
        },
        NativeFunction("lookup", "<x-s:x>") { args, _ in
            guard let key = str(args, 1) else { return nil }
            return Evaluator.lookup(arg(args, 0), key)
        },
        NativeFunction("spread", "<x-:a<o>>") { args, _ in
            func spread(_ v: Value?) -> Value? {
                switch v {
                case .array(let a)?:
                    var result: Value? = .sequence()
                    for item in a.items { result = append(result, spread(item)) }
                    return result
                case .object(let o)?:
                    return .sequence(o.map { .object([$0.key: $0.value]) })
                default:
                    return v
                }
            }
            return spread(arg(args, 0))
        },
        NativeFunction("merge", "<a<o>:o>") { args, _ in
            guard let a = items(args, 0) else { return nil }
            var out = JObject()
            for case .object(let o) in a {
                for (k, v) in o { out[k] = v }
            }
            return .object(out)
        },
        NativeFunction("error", "<s?:x>") { args, _ in
            throw JSONataError("D3137", extra: ["message": str(args, 0) ?? "$error() function evaluated"])
        },
        NativeFunction("assert", "<bs?:x>") { args, _ in
            if case .bool(true)? = arg(args, 0) { return nil }
            throw JSONataError("D3141", extra: ["message": str(args, 1) ?? "$assert() statement failed"])
        },
        NativeFunction("type", "<x:s>") { args, _ in arg(args, 0).map { .string($0.typeName) } },
        NativeFunction("clone", "<(oa)-:o>") { args, _ in arg(args, 0) },
    ]

    // MARK: Higher-order

    static let higherOrder: [NativeFunction] = [
        NativeFunction("map", "<af>") { args, invocation in
            guard let a = items(args, 0), let f = fn(args, 1) else { return nil }
            var out: [Value] = []
            out.reserveCapacity(a.count)
            let whole = Value.plainArray(a)
            for (i, item) in a.enumerated() {
                if let r = try invocation.callHigherOrder(f, [item, .number(Double(i)), whole]) { out.append(r) }
            }
            return .sequence(out)
        },
        NativeFunction("filter", "<af>") { args, invocation in
            guard let a = items(args, 0), let f = fn(args, 1) else { return nil }
            var out: [Value] = []
            let whole = Value.plainArray(a)
            for (i, item) in a.enumerated() {
                if boolize(try invocation.callHigherOrder(f, [item, .number(Double(i)), whole])) { out.append(item) }
            }
            return .sequence(out)
        },
        NativeFunction("single", "<af?>") { args, invocation in
            guard let a = items(args, 0) else { return nil }
            let f = fn(args, 1)
            var found: Value? = nil
            var hasMatch = false
            let whole = Value.plainArray(a)
            for (i, item) in a.enumerated() {
                var positive = true
                if let f { positive = boolize(try invocation.callHigherOrder(f, [item, .number(Double(i)), whole])) }
                if positive {
                    if hasMatch { throw JSONataError("D3138") }
                    found = item
                    hasMatch = true
                }
            }
            if !hasMatch { throw JSONataError("D3139") }
            return found
        },
        NativeFunction("reduce", "<afj?:j>") { args, invocation in
            guard let a = items(args, 0), let f = fn(args, 1) else { return nil }
            let arity = f.arity
            if arity < 2 { throw JSONataError("D3050", index: 1) }
            var result: Value?
            var index = 0
            if arg(args, 2) == nil && !a.isEmpty {
                result = a[0]
                index = 1
            } else {
                result = arg(args, 2)
            }
            let whole = Value.plainArray(a)
            while index < a.count {
                var callArgs: [Value?] = [result, a[index]]
                if arity >= 3 { callArgs.append(.number(Double(index))) }
                if arity >= 4 { callArgs.append(whole) }
                result = try invocation.call(f, callArgs)
                index += 1
            }
            return result
        },
        NativeFunction("sift", "<o-f?:o>") { args, invocation in
            guard case .object(let o)? = arg(args, 0), let f = fn(args, 1) else { return nil }
            var out = JObject()
            for (k, v) in o where boolize(try invocation.callHigherOrder(f, [v, .string(k), .object(o)])) {
                out[k] = v
            }
            return out.isEmpty ? nil : .object(out)
        },
        NativeFunction("each", "<o-f:a>") { args, invocation in
            guard case .object(let o)? = arg(args, 0), let f = fn(args, 1) else { return nil }
            var out: [Value] = []
            for (k, v) in o {
                if let r = try invocation.callHigherOrder(f, [v, .string(k), .object(o)]) { out.append(r) }
            }
            return .sequence(out)
        },
    ]
}

/// Hashes values by JSONata equality, for `$distinct`.
struct HashKey: Hashable {
    let value: Value
    init(_ value: Value) { self.value = value }
    static func == (a: HashKey, b: HashKey) -> Bool { deepEqual(a.value, b.value) }
    func hash(into hasher: inout Hasher) {
        switch value {
        case .null: hasher.combine(0)
        case .bool(let b): hasher.combine(b)
        case .number(let d): hasher.combine(d)
        case .string(let s): hasher.combine(s)
        case .array(let a): hasher.combine(a.items.count)
        case .object(let o): hasher.combine(o.count)
        case .function: hasher.combine(7)
        }
    }
}
