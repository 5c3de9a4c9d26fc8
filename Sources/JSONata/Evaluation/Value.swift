import JSONValue

/// The evaluator's value: JSON plus functions, with JSONata's sequence flags on arrays.
/// `nil` (`Value?`) stands for JSONata's *undefined*.
enum Value {
    case null
    case bool(Bool)
    case number(Double)
    case string(String)
    case array(JArray)
    case object(JObject)
    case function(FunctionValue)
}

typealias JObject = OrderedDictionary<String, Value>

/// An array and the flags jsonata-js keeps on its arrays.
struct JArray {
    struct Flags: OptionSet {
        var rawValue: UInt8
        /// A sequence of results (collapses to its single item, or to undefined when empty).
        static let sequence = Flags(rawValue: 1)
        /// A singleton sequence that must stay an array (`[]` in a path).
        static let keepSingleton = Flags(rawValue: 2)
        /// The array that wraps an array input document.
        static let outerWrapper = Flags(rawValue: 4)
        /// A stream of binding tuples (objects) rather than values.
        static let tupleStream = Flags(rawValue: 8)
        /// Made by an array constructor in a path: never flattened.
        static let cons = Flags(rawValue: 16)
    }

    var items: [Value]
    var flags: Flags = []

    init(_ items: [Value] = [], flags: Flags = []) {
        self.items = items
        self.flags = flags
    }

    var isSequence: Bool { flags.contains(.sequence) }
}

extension Value {
    /// A sequence holding `items`.
    static func sequence(_ items: [Value] = [], flags: JArray.Flags = []) -> Value {
        .array(JArray(items, flags: flags.union(.sequence)))
    }

    /// A plain (non-sequence) array.
    static func plainArray(_ items: [Value]) -> Value { .array(JArray(items)) }

    var isArray: Bool {
        if case .array = self { return true }
        return false
    }

    var isSequence: Bool {
        if case .array(let a) = self { return a.isSequence }
        return false
    }

    var arrayItems: [Value]? {
        if case .array(let a) = self { return a.items }
        return nil
    }

    var isFunction: Bool {
        if case .function = self { return true }
        return false
    }

    var numberValue: Double? {
        if case .number(let d) = self { return d }
        return nil
    }

    var stringValue: String? {
        if case .string(let s) = self { return s }
        return nil
    }

    /// The JSONata type name, as `$type` reports it.
    var typeName: String {
        switch self {
        case .null: "null"
        case .bool: "boolean"
        case .number: "number"
        case .string: "string"
        case .array: "array"
        case .object: "object"
        case .function: "function"
        }
    }

    init(_ json: JSONValue) {
        switch json {
        case .null: self = .null
        case .bool(let b): self = .bool(b)
        case .integer(let i): self = .number(Double(i))
        case .double(let d): self = .number(d)
        case .string(let s): self = .string(s)
        case .array(let a): self = .array(JArray(a.map(Value.init)))
        case .object(let o):
            var out = JObject(minimumCapacity: o.count)
            for (k, v) in o { out[k] = Value(v) }
            self = .object(out)
        }
    }

    /// The JSON form: functions become `nil` at the top level, are dropped from objects and become `null` in
    /// arrays (as `JSON.stringify` does).
    var jsonValue: JSONValue? {
        switch self {
        case .null: return .null
        case .bool(let b): return .bool(b)
        case .number(let d):
            if d.rounded() == d, abs(d) < 9_007_199_254_740_992 { return .integer(Int(d)) }
            return .double(d)
        case .string(let s): return .string(s)
        case .array(let a): return .array(a.items.map { $0.jsonValue ?? .null })
        case .object(let o):
            var out = JSONObject(minimumCapacity: o.count)
            for (k, v) in o {
                if let j = v.jsonValue { out[k] = j }
            }
            return .object(out)
        case .function: return nil
        }
    }
}

/// Deep equality as JSONata's `=` sees it.
func deepEqual(_ a: Value, _ b: Value) -> Bool {
    switch (a, b) {
    case (.null, .null): return true
    case (.bool(let x), .bool(let y)): return x == y
    case (.number(let x), .number(let y)): return x == y
    case (.string(let x), .string(let y)): return x == y
    case (.array(let x), .array(let y)):
        guard x.items.count == y.items.count else { return false }
        for i in x.items.indices where !deepEqual(x.items[i], y.items[i]) { return false }
        return true
    case (.object(let x), .object(let y)):
        guard x.count == y.count else { return false }
        for (k, v) in x {
            guard let w = y[k], deepEqual(v, w) else { return false }
        }
        return true
    case (.function(let f), .function(let g)): return f.isIdentical(to: g)
    default: return false
    }
}
