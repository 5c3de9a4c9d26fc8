import JSONValue

/// A filter operand after evaluation: Jayway's `ValueNode`, where a path that matched nothing is `undefined`.
enum FilterValue {
    case undefined
    case value(JSONValue)
    case regex(pattern: String, flags: String)
}

extension JSONPath.FilterExpression {
    /// Whether the filter holds for `item` (`@`), with Jayway's operator semantics.
    ///
    /// - Parameters:
    ///   - item: The element under test.
    ///   - document: What `$` means inside the filter: the value the enclosing path started from.
    ///   - context: For `$$` and `$name` operands.
    func holds(for item: JSONValue, document: JSONValue, context: EvaluationContext) throws(PathFailure) -> Bool {
        switch self {
        case .or(let a, let b):
            if try a.holds(for: item, document: document, context: context) { return true }
            return try b.holds(for: item, document: document, context: context)
        case .and(let a, let b):
            guard try a.holds(for: item, document: document, context: context) else { return false }
            return try b.holds(for: item, document: document, context: context)
        case .not(let a):
            return try !a.holds(for: item, document: document, context: context)
        case .exists(let path):
            if case .undefined = Self.resolve(path, item: item, document: document, context: context) { return false }
            return true
        case .comparison(let left, let op, let right):
            let l = Self.resolve(left, item: item, document: document, context: context)
            let r = Self.resolve(right, item: item, document: document, context: context)
            return try Self.compare(l, op, r)
        }
    }

    static func resolve(_ operand: JSONPath.FilterOperand, item: JSONValue, document: JSONValue,
        context: EvaluationContext) -> FilterValue
    {
        switch operand {
        case .literal(let value): return .value(value)
        case .regex(let pattern, let flags): return .regex(pattern: pattern, flags: flags)
        case .path(let path): return resolve(path, item: item, document: document, context: context)
        }
    }

    static func resolve(_ path: JSONPath, item: JSONValue, document: JSONValue, context: EvaluationContext)
        -> FilterValue
    {
        let start: JSONValue?
        switch path.root {
        case .current: start = item
        case .input: start = document
        case .context: start = context.context
        case .variable(let name): start = context.variables[name]
        }
        guard let start else { return .undefined }
        switch path.query(on: start, document: document, context: context) {
        case .success(let value): return .value(value)
        case .failure: return .undefined
        }
    }

    // MARK: Jayway evaluators

    static func compare(_ l: FilterValue, _ op: JSONPath.ComparisonOperator, _ r: FilterValue) throws(PathFailure)
        -> Bool
    {
        switch op {
        case .equal: return equals(l, r)
        case .notEqual: return !equals(l, r)
        case .strictlyEqual: return sameKind(l, r) && equals(l, r)
        case .strictlyNotEqual: return !(sameKind(l, r) && equals(l, r))
        case .less: return order(l, r).map { $0 < 0 } ?? false
        case .lessOrEqual: return order(l, r).map { $0 <= 0 } ?? false
        case .greater: return order(l, r).map { $0 > 0 } ?? false
        case .greaterOrEqual: return order(l, r).map { $0 >= 0 } ?? false
        case .matchesRegex: return matches(l, r)
        case .in:
            guard case .value(.array(let list)) = r else { return false }
            return list.contains { equals(l, .value($0)) }
        case .notIn:
            guard case .value(.array(let list)) = r else { return true }
            return !list.contains { equals(l, .value($0)) }
        case .contains:
            if case .value(.string(let a)) = l, case .value(.string(let b)) = r {
                return b.isEmpty || a.utf16.count >= b.utf16.count && Array(a.utf16).containsSubsequence(Array(b.utf16))
            }
            guard case .value(.array(let list)) = l else { return false }
            return list.contains { equals(.value($0), r) }
        case .all:
            guard case .value(.array(let left)) = l, case .value(.array(let right)) = r else { return false }
            return right.allSatisfy { element in left.contains { equals(.value($0), .value(element)) } }
        case .subsetOf:
            guard case .value(.array(let left)) = l, case .value(.array(let right)) = r else { return false }
            return left.allSatisfy { element in right.contains { equals(.value($0), .value(element)) } }
        case .anyOf:
            guard case .value(.array(let left)) = l, case .value(.array(let right)) = r else { return false }
            return left.contains { element in right.contains { equals(.value($0), .value(element)) } }
        case .noneOf:
            guard case .value(.array(let left)) = l, case .value(.array(let right)) = r else { return false }
            return !left.contains { element in right.contains { equals(.value($0), .value(element)) } }
        case .size:
            guard case .value(let expected) = r, let size = expected.doubleValue.map({ Int($0) }) else { return false }
            switch l {
            case .value(.string(let s)): return s.utf16.count == size
            case .value(.array(let a)): return a.count == size
            case .value(.object(let o)): return o.count == size
            default: return false
            }
        case .empty:
            guard case .value(.bool(let expected)) = r else { return false }
            switch l {
            case .value(.string(let s)): return s.isEmpty == expected
            case .value(.array(let a)): return a.isEmpty == expected
            case .value(.object(let o)): return o.isEmpty == expected
            default: return false
            }
        case .exists:
            guard case .value(.bool(let expected)) = r else {
                throw PathFailure(message: "Failed to evaluate exists expression")
            }
            if case .undefined = l { return !expected }
            return expected
        }
    }

    /// Jayway's `==`: numbers by value, a number and a numeric string by value, JSON structures by content.
    static func equals(_ l: FilterValue, _ r: FilterValue) -> Bool {
        guard case .value(let a) = l, case .value(let b) = r else { return false }
        switch (a, b) {
        case (.integer, .integer), (.integer, .double), (.double, .integer), (.double, .double):
            return compareNumbers(a, b) == 0
        case (.integer, .string(let s)), (.double, .string(let s)):
            // NumberNode.equals(StringNode): the string read as a number.
            guard let parsed = Double(s) else { return false }
            return a.doubleValue == parsed
        case (.string(let s), .integer), (.string(let s), .double):
            // StringNode.equals(NumberNode): the number's text.
            return Array(s.utf16) == Array(b.serialized().utf16)
        case (.string(let x), .string(let y)):
            return Array(x.utf16) == Array(y.utf16)
        case (.bool(let x), .bool(let y)):
            return x == y
        case (.null, .null):
            return true
        case (.array, .array), (.object, .object):
            return a == b
        default:
            return false
        }
    }

    static func sameKind(_ l: FilterValue, _ r: FilterValue) -> Bool {
        guard case .value(let a) = l, case .value(let b) = r else { return false }
        return a.typeName == b.typeName
    }

    /// Jayway's ordering: numbers with numbers, strings with strings (UTF-16 order), nothing else.
    static func order(_ l: FilterValue, _ r: FilterValue) -> Int? {
        guard case .value(let a) = l, case .value(let b) = r else { return nil }
        if a.isNumber && b.isNumber { return compareNumbers(a, b) }
        if case .string(let x) = a, case .string(let y) = b { return x.utf16Order(y) }
        return nil
    }

    static func matches(_ l: FilterValue, _ r: FilterValue) -> Bool {
        guard case .regex(let pattern, let flags) = r, case .value(let value) = l else { return false }
        let subject: String
        switch value {
        case .string(let s): subject = s
        case .integer, .double, .bool: subject = value.serialized()
        default: return false
        }
        guard var regex = try? Regex(pattern) else { return false }
        if flags.contains("i") { regex = regex.ignoresCase() }
        if flags.contains("s") { regex = regex.dotMatchesNewlines() }
        if flags.contains("m") { regex = regex.anchorsMatchLineEndings() }
        return (try? regex.wholeMatch(in: subject)) != nil
    }
}

/// -1, 0 or 1: `a` against `b`, exactly for two integers and by `Double` otherwise.
func compareNumbers(_ a: JSONValue, _ b: JSONValue) -> Int {
    if case .integer(let x) = a, case .integer(let y) = b { return x < y ? -1 : (x == y ? 0 : 1) }
    let x = a.doubleValue ?? 0
    let y = b.doubleValue ?? 0
    return x < y ? -1 : (x == y ? 0 : 1)
}

extension Array where Element: Equatable {
    /// Whether `needle` occurs as a contiguous run.
    func containsSubsequence(_ needle: [Element]) -> Bool {
        guard !needle.isEmpty else { return true }
        guard needle.count <= count else { return false }
        for start in 0...(count - needle.count) where self[start] == needle[0] {
            if self[start..<start + needle.count].elementsEqual(needle) { return true }
        }
        return false
    }
}
