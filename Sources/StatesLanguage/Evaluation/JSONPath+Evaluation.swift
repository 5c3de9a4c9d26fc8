public import JSONValue

extension JSONPath {
    /// Reads the value this path selects, with Jayway JsonPath semantics as AWS Step Functions applies them.
    ///
    /// A *definite* path (only `.name`, `['name']`, `[n]`, a trailing `['a','b']`, and a trailing function)
    /// returns the one node it names and fails when there is none. An *indefinite* path (wildcard, deep scan,
    /// filter, slice, several indexes) returns the array of every match, which may be empty; it never fails for
    /// lack of matches.
    ///
    /// ```swift
    /// let context = EvaluationContext(input: ["a": [1, 2, 3]])
    /// try JSONPath.parse("$.a[0]").evaluate(in: context)     // 1
    /// try JSONPath.parse("$.a[1:]").evaluate(in: context)    // [2, 3]
    /// try JSONPath.parse("$.b").evaluate(in: context)        // throws States.Runtime
    /// ```
    ///
    /// - Parameter context: The input, context object and variables the path's root refers to.
    /// - Returns: The selected value.
    /// - Throws: ``StatesError`` `States.Runtime` worded as AWS words a failed `InputPath`/`OutputPath`:
    ///   `Invalid path '$.x' : No results for path: $['x']`.
    public func evaluate(in context: EvaluationContext) throws(StatesError) -> JSONValue {
        switch query(in: context) {
        case .success(let value): return value
        case .failure(let failure): throw .runtime("Invalid path '\(text)' : \(failure.message)")
        }
    }

    /// Reads the value this path selects for a named field, reporting a miss as AWS does for that field.
    ///
    /// Use this for payload templates (`field` is the key, with its `.$`), `ErrorPath`, `CausePath`,
    /// `ItemsPath` and other fields whose misses AWS reports by field name.
    ///
    /// - Parameters:
    ///   - context: The input, context object and variables the path's root refers to.
    ///   - field: The field that holds the path, for example `value.$` or `ErrorPath`.
    /// - Returns: The selected value.
    /// - Throws: ``StatesError`` `States.Runtime`:
    ///   `The JSONPath '$.x' specified for the field 'value.$' could not be found in the input '{"a":1}'`.
    public func evaluate(in context: EvaluationContext, field: String) throws(StatesError) -> JSONValue {
        switch query(in: context) {
        case .success(let value): return value
        case .failure:
            let searched = context.rootValue(root) ?? .null
            throw .runtime(
                "The JSONPath '\(text)' specified for the field '\(field)' could not be found in the input "
                    + "'\(searched.serialized())'")
        }
    }

    /// The value this path selects, or nil when a definite path selects nothing (or its variable is undefined).
    ///
    /// This is the test `IsPresent` applies. An indefinite path always selects something: the array of its
    /// matches, possibly empty.
    ///
    /// - Parameter context: The input, context object and variables the path's root refers to.
    /// - Returns: The selected value, or nil.
    public func select(in context: EvaluationContext) -> JSONValue? {
        try? query(in: context).get()
    }

    /// Whether Jayway treats this path as definite: it names at most one node and its result is not wrapped in
    /// an array.
    public var isDefinite: Bool {
        let last = segments.count - 1
        return segments.indices.allSatisfy { Self.isTokenDefinite(segments[$0], isLeaf: $0 == last) }
    }

    /// Runs the path against the value its root names.
    func query(in context: EvaluationContext) -> Result<JSONValue, PathFailure> {
        guard let start = context.rootValue(root) else {
            if case .variable(let name) = root {
                return .failure(PathFailure(message: "The variable '$\(name)' is not defined"))
            }
            return .failure(PathFailure(message: "'@' can only be used inside a filter"))
        }
        return query(on: start, document: start, context: context)
    }

    /// Runs the path against `start`, with `document` as what `$` means inside filters.
    func query(on start: JSONValue, document: JSONValue, context: EvaluationContext) -> Result<JSONValue, PathFailure> {
        // Fast path: the common definite chain of names and indexes, without building any path text.
        if let value = fastDefiniteLookup(start) { return .success(value) }
        do throws(PathFailure) {
            return .success(try evaluateTokens(on: start, document: document, context: context))
        } catch {
            return .failure(error)
        }
    }

    private func fastDefiniteLookup(_ start: JSONValue) -> JSONValue? {
        var node = start
        for segment in segments {
            switch segment {
            case .child(let name):
                guard case .object(let object) = node, let next = object[name] else { return nil }
                node = next
            case .index(let index):
                guard case .array(let array) = node else { return nil }
                let effective = index < 0 ? array.count + index : index
                guard array.indices.contains(effective) else { return nil }
                node = array[effective]
            default:
                return nil
            }
        }
        return node
    }

    private func evaluateTokens(on start: JSONValue, document: JSONValue, context: EvaluationContext)
        throws(PathFailure) -> JSONValue
    {
        var dataSegments = segments
        var function: Function?
        if case .function(let f) = segments.last {
            function = f
            dataSegments.removeLast()
        }
        var walker = PathWalker(
            segments: dataSegments, leafIndex: segments.count - 1, document: document, context: context)
        let upstreamDefinite = dataSegments.indices.allSatisfy {
            Self.isTokenDefinite(dataSegments[$0], isLeaf: $0 == segments.count - 1)
        }
        if upstreamDefinite {
            try walker.walk(start, at: 0, upstreamDefinite: true)
        } else {
            // Step Functions never fails an indefinite path: whatever Jayway reports, the result is the
            // (possibly empty) list of matches (`$.missing[1:5].x` is `[]`).
            do throws(PathFailure) {
                try walker.walk(start, at: 0, upstreamDefinite: true)
            } catch {
                walker.results = []
            }
        }
        if let function {
            if upstreamDefinite {
                guard let node = walker.results.first else {
                    throw PathFailure(message: "No results for path: \(Self.normalized(dataSegments))")
                }
                return try function.apply(to: node, document: document, context: context)
            }
            return try function.apply(to: .array(walker.results), document: document, context: context)
        }
        if upstreamDefinite {
            guard let node = walker.results.first else {
                throw PathFailure(message: "No results for path: \(Self.normalized(dataSegments))")
            }
            return node
        }
        return .array(walker.results)
    }

    static func isTokenDefinite(_ segment: Segment, isLeaf: Bool) -> Bool {
        switch segment {
        case .child, .index, .function: true
        case .children: isLeaf
        case .indexes, .slice, .wildcard, .descendant, .filter: false
        }
    }

    /// Jayway's normalized form of a definite chain: `$['a']['b'][0]`.
    static func normalized(_ segments: some Sequence<Segment>) -> String {
        var out = "$"
        for segment in segments {
            out += fragment(segment)
        }
        return out
    }

    static func fragment(_ segment: Segment) -> String {
        switch segment {
        case .child(let name): "['\(name)']"
        case .children(let names): "[" + names.map { "'\($0)'" }.joined(separator: ",") + "]"
        case .index(let index): "[\(index)]"
        case .indexes(let indexes): "[" + indexes.map(String.init).joined(separator: ",") + "]"
        case .slice(let start, let end, _): "[\(start.map(String.init) ?? ""):\(end.map(String.init) ?? "")]"
        case .wildcard: "[*]"
        case .descendant(let inner): ".." + fragment(inner)
        case .filter: "[?]"
        case .function(let f): ".\(f.name.rawValue)()"
        }
    }
}

/// A Jayway `PathNotFoundException`/`InvalidPathException` message, before Step Functions words the cause.
struct PathFailure: Error, Sendable {
    var message: String
}

/// Walks the data segments of a path over a document, collecting matches as Jayway's token chain does.
struct PathWalker {
    let segments: [JSONPath.Segment]
    /// The index of the last segment of the whole path (a trailing function included).
    let leafIndex: Int
    let document: JSONValue
    let context: EvaluationContext
    var results: [JSONValue] = []

    init(segments: [JSONPath.Segment], leafIndex: Int, document: JSONValue, context: EvaluationContext) {
        self.segments = segments
        self.leafIndex = leafIndex
        self.document = document
        self.context = context
    }

    mutating func walk(_ node: JSONValue, at i: Int, upstreamDefinite: Bool) throws(PathFailure) {
        guard i < segments.count else {
            results.append(node)
            return
        }
        let segment = segments[i]
        let isLeaf = i == leafIndex
        let definite = upstreamDefinite && JSONPath.isTokenDefinite(segment, isLeaf: isLeaf)
        switch segment {
        case .child(let name):
            guard case .object(let object) = node else {
                if upstreamDefinite { throw notAnObject(segment, at: i, found: node) }
                return
            }
            if let value = object[name] {
                try walk(value, at: i + 1, upstreamDefinite: definite)
            } else if !isLeaf && upstreamDefinite {
                throw PathFailure(message: "Missing property in path \(JSONPath.normalized(segments[...i]))")
            }
        case .children(let names):
            guard case .object(let object) = node else {
                if upstreamDefinite { throw notAnObject(segment, at: i, found: node) }
                return
            }
            if isLeaf {
                var merged = JSONObject()
                for name in names {
                    if let value = object[name] { merged[name] = value }
                }
                results.append(.object(merged))
            } else {
                for name in names {
                    if let value = object[name] { try walk(value, at: i + 1, upstreamDefinite: false) }
                }
            }
        case .index(let index):
            guard let array = try arrayModel(node, segment, at: i, upstreamDefinite: upstreamDefinite) else { return }
            let effective = index < 0 ? array.count + index : index
            if array.indices.contains(effective) {
                try walk(array[effective], at: i + 1, upstreamDefinite: definite)
            }
        case .indexes(let indexes):
            guard let array = try arrayModel(node, segment, at: i, upstreamDefinite: upstreamDefinite) else { return }
            for index in indexes {
                let effective = index < 0 ? array.count + index : index
                if array.indices.contains(effective) {
                    try walk(array[effective], at: i + 1, upstreamDefinite: false)
                }
            }
        case .slice(let start, let end, _):
            guard let array = try arrayModel(node, segment, at: i, upstreamDefinite: upstreamDefinite) else { return }
            for index in Self.sliceRange(start: start, end: end, count: array.count) {
                try walk(array[index], at: i + 1, upstreamDefinite: false)
            }
        case .wildcard:
            switch node {
            case .object(let object):
                for value in object.values { try walk(value, at: i + 1, upstreamDefinite: false) }
            case .array(let array):
                for value in array { try walk(value, at: i + 1, upstreamDefinite: false) }
            default:
                break
            }
        case .descendant(let inner):
            try scan(node, inner, continuingAt: i + 1)
        case .filter(let expression):
            switch node {
            case .object:
                if try expression.holds(for: node, document: document, context: context) {
                    try walk(node, at: i + 1, upstreamDefinite: false)
                }
            case .array(let array):
                for element in array where try expression.holds(for: element, document: document, context: context) {
                    try walk(element, at: i + 1, upstreamDefinite: false)
                }
            default:
                if upstreamDefinite {
                    throw PathFailure(
                        message: "Filter: [?] can not be applied to primitives. Current context is: "
                            + node.serialized())
                }
            }
        case .function:
            // Only the last segment can be a function, and evaluateTokens strips it.
            results.append(node)
        }
    }

    /// `..segment`: applies `inner` to `node` and to each of its descendants, in document (pre-)order.
    private mutating func scan(_ node: JSONValue, _ inner: JSONPath.Segment, continuingAt next: Int)
        throws(PathFailure)
    {
        switch inner {
        case .child(let name):
            if case .object(let object) = node, let value = object[name] {
                try walk(value, at: next, upstreamDefinite: false)
            }
        case .children(let names):
            if case .object(let object) = node {
                for name in names {
                    if let value = object[name] { try walk(value, at: next, upstreamDefinite: false) }
                }
            }
        case .filter(let expression):
            if case .object = node, try expression.holds(for: node, document: document, context: context) {
                try walk(node, at: next, upstreamDefinite: false)
            }
        case .wildcard, .index, .indexes, .slice:
            // Apply the inner segment as a one-step walk, then continue with the rest of the path.
            var step = PathWalker(segments: [inner], leafIndex: Int.max, document: document, context: context)
            try step.walk(node, at: 0, upstreamDefinite: false)
            for match in step.results { try walk(match, at: next, upstreamDefinite: false) }
        case .descendant(let deeper):
            try scan(node, deeper, continuingAt: next)
        case .function:
            break
        }
        switch node {
        case .object(let object):
            for value in object.values { try scan(value, inner, continuingAt: next) }
        case .array(let array):
            for value in array { try scan(value, inner, continuingAt: next) }
        default:
            break
        }
    }

    private func arrayModel(_ node: JSONValue, _ segment: JSONPath.Segment, at i: Int, upstreamDefinite: Bool)
        throws(PathFailure) -> [JSONValue]?
    {
        if case .array(let array) = node { return array }
        guard upstreamDefinite else { return nil }
        if node == .null {
            throw PathFailure(message: "The path \(JSONPath.normalized(segments[..<i])) is null")
        }
        throw PathFailure(
            message: "Filter: \(JSONPath.fragment(segment)) can only be applied to arrays. Current context is: "
                + node.serialized())
    }

    private func notAnObject(_ segment: JSONPath.Segment, at i: Int, found node: JSONValue) -> PathFailure {
        PathFailure(
            message: "Expected to find an object with property \(JSONPath.fragment(segment)) in path "
                + "\(JSONPath.normalized(segments[..<i])) but found '\(Self.javaClassName(node))'. This is not a json "
                + "object according to the JsonProvider: 'com.jayway.jsonpath.spi.json.JsonSmartJsonProvider'.")
    }

    /// The Java class JsonSmart uses for a value, as Jayway names it in messages.
    static func javaClassName(_ value: JSONValue) -> String {
        switch value {
        case .null: "null"
        case .bool: "java.lang.Boolean"
        case .integer: "java.lang.Integer"
        case .double: "java.lang.Double"
        case .string: "java.lang.String"
        case .array: "net.minidev.json.JSONArray"
        case .object: "net.minidev.json.JSONObject"
        }
    }

    /// The indexes of `[start:end]` over `count` elements, as Jayway computes them (the step is ignored).
    static func sliceRange(start: Int?, end: Int?, count: Int) -> Range<Int> {
        var from = start ?? 0
        var to = end ?? count
        if from < 0 { from = max(0, count + from) }
        if to < 0 { to = count + to }
        from = min(from, count)
        to = min(max(to, 0), count)
        return from < to ? from..<to : 0..<0
    }
}
