public import JSONValue

extension IntrinsicCall {
    /// Runs the intrinsic function on its evaluated arguments.
    ///
    /// Arguments are evaluated first, left to right: literals as written, paths against `context` (a path that
    /// matches nothing is `States.Runtime`), nested calls recursively. Then the function checks the argument
    /// types and limits AWS checks and fails with `States.IntrinsicFailure` when one does not hold.
    ///
    /// Numbers follow AWS: integer arguments that arrive as doubles are rounded half up (Java's `Math.round`),
    /// results that are counts or integers are ``JSONValue/integer(_:)``.
    ///
    /// - Parameters:
    ///   - context: The input, context object and variables that path arguments read.
    ///   - random: The source of randomness for `States.UUID` and unseeded `States.MathRandom`.
    /// - Returns: The function's result.
    /// - Throws: ``StatesError`` `States.IntrinsicFailure` or `States.Runtime`.
    public func evaluate(in context: EvaluationContext, random: inout some RandomNumberGenerator)
        throws(StatesError) -> JSONValue
    {
        try evaluate(in: context, field: nil, random: &random)
    }

    /// Runs the intrinsic function with the system's random number generator.
    ///
    /// - Parameter context: The input, context object and variables that path arguments read.
    /// - Returns: The function's result.
    /// - Throws: ``StatesError`` `States.IntrinsicFailure` or `States.Runtime`.
    public func evaluate(in context: EvaluationContext) throws(StatesError) -> JSONValue {
        var random = SystemRandomNumberGenerator()
        return try evaluate(in: context, field: nil, random: &random)
    }

    /// Runs the call; `field` names the payload-template key that holds it, for the wording of path misses.
    func evaluate(in context: EvaluationContext, field: String?, random: inout some RandomNumberGenerator)
        throws(StatesError) -> JSONValue
    {
        var values: [JSONValue] = []
        values.reserveCapacity(arguments.count)
        for argument in arguments {
            switch argument {
            case .string(let s): values.append(.string(s))
            case .number(let n): values.append(n)
            case .bool(let b): values.append(.bool(b))
            case .null: values.append(.null)
            case .path(let path):
                if let field {
                    values.append(try path.evaluate(in: context, field: field))
                } else {
                    values.append(try path.evaluate(in: context))
                }
            case .call(let call):
                values.append(try call.evaluate(in: context, field: field, random: &random))
            }
        }
        var arguments = IntrinsicArguments(function: function, values: values)
        return try arguments.run(formatTemplate: formatTemplate, random: &random)
    }
}

/// The evaluated arguments of one call, with the checks and the function bodies.
struct IntrinsicArguments {
    let function: IntrinsicFunction
    let values: [JSONValue]

    /// AWS's limit on the input of `States.Base64Encode`, `States.Base64Decode` and `States.Hash`, in characters.
    static let maximumInputLength = 10_000
    /// AWS's limit on the length of the array `States.ArrayRange` builds.
    static let maximumRangeLength = 1_000

    func failure(_ detail: String) -> StatesError {
        .intrinsicFailure("Invalid arguments in \(function.rawValue): \(detail)")
    }

    /// Checks the argument count; the parser checks literal calls, this protects calls built in code.
    func checkArity() throws(StatesError) {
        guard function.arity.contains(values.count) else {
            throw failure("\(function.arityPhrase), got \(values.count)")
        }
    }

    func string(_ i: Int, _ role: String) throws(StatesError) -> String {
        guard case .string(let s) = values[i] else {
            throw failure("\(role) must be a string, but was \(describe(values[i]))")
        }
        return s
    }

    func array(_ i: Int, _ role: String) throws(StatesError) -> [JSONValue] {
        guard case .array(let a) = values[i] else {
            throw failure("\(role) must be an array, but was \(describe(values[i]))")
        }
        return a
    }

    func object(_ i: Int, _ role: String) throws(StatesError) -> JSONObject {
        guard case .object(let o) = values[i] else {
            throw failure("\(role) must be a JSON object, but was \(describe(values[i]))")
        }
        return o
    }

    /// An integer argument; a double is rounded half up, as Java's `Math.round` does.
    func integer(_ i: Int, _ role: String) throws(StatesError) -> Int {
        switch values[i] {
        case .integer(let n): return n
        case .double(let d):
            let rounded = (d + 0.5).rounded(.down)
            guard let n = Int(exactly: rounded) else {
                throw failure("\(role) must be an integer, but was \(describe(values[i]))")
            }
            return n
        default:
            throw failure("\(role) must be an integer, but was \(describe(values[i]))")
        }
    }

    func describe(_ value: JSONValue) -> String {
        "\(value.typeName) \(value.serialized())"
    }

    mutating func run(formatTemplate: IntrinsicCall.FormatTemplate?, random: inout some RandomNumberGenerator)
        throws(StatesError) -> JSONValue
    {
        try checkArity()
        switch function {
        case .format: return try format(formatTemplate)
        case .stringToJson: return try stringToJson()
        case .jsonToString: return .string(values[0].serialized())
        case .array: return .array(values)
        case .arrayPartition: return try arrayPartition()
        case .arrayContains:
            let a = try array(0, "the first argument")
            return .bool(a.contains(values[1]))
        case .arrayRange: return try arrayRange()
        case .arrayGetItem: return try arrayGetItem()
        case .arrayLength: return .integer(try array(0, "the argument").count)
        case .arrayUnique: return try arrayUnique()
        case .base64Encode: return try base64Encode()
        case .base64Decode: return try base64Decode()
        case .hash: return try hash()
        case .jsonMerge: return try jsonMerge()
        case .mathRandom: return try mathRandom(random: &random)
        case .mathAdd: return try mathAdd()
        case .stringSplit: return try stringSplit()
        case .uuid: return .string(IntrinsicArguments.makeUUID(using: &random))
        }
    }

    // MARK: Functions

    func format(_ literal: IntrinsicCall.FormatTemplate?) throws(StatesError) -> JSONValue {
        let pieces: [IntrinsicCall.FormatTemplate.Piece]
        if let literal {
            pieces = literal.pieces
        } else {
            let template = try string(0, "the template (first argument)")
            pieces = Self.splitTemplate(template)
        }
        let placeholders = pieces.count { $0 == .placeholder }
        guard placeholders == values.count - 1 else {
            throw failure(
                "the template has \(placeholders) placeholder\(placeholders == 1 ? "" : "s") '{}' but "
                    + "\(values.count - 1) value\(values.count == 2 ? "" : "s") to format")
        }
        var out = ""
        var next = 1
        for piece in pieces {
            switch piece {
            case .text(let s): out += s
            case .placeholder:
                out += Self.formatText(values[next])
                next += 1
            }
        }
        return .string(out)
    }

    /// A template that arrived at run time: `{}` is a placeholder, everything else is text.
    static func splitTemplate(_ template: String) -> [IntrinsicCall.FormatTemplate.Piece] {
        var pieces: [IntrinsicCall.FormatTemplate.Piece] = []
        var text = ""
        var rest = Substring(template)
        while let range = rest.firstRange(of: "{}") {
            text += rest[..<range.lowerBound]
            if !text.isEmpty { pieces.append(.text(text)) }
            text = ""
            pieces.append(.placeholder)
            rest = rest[range.upperBound...]
        }
        text += rest
        if !text.isEmpty { pieces.append(.text(text)) }
        return pieces
    }

    /// How `States.Format` writes a value: strings as they are, numbers, booleans and null as JSON, arrays and
    /// objects as Java's `List`/`Map` `toString` (`[a, b]`, `{k=v, k2=v2}`).
    static func formatText(_ value: JSONValue) -> String {
        switch value {
        case .string(let s): s
        case .array(let a): "[" + a.map(formatText).joined(separator: ", ") + "]"
        case .object(let o): "{" + o.map { "\($0.key)=\(formatText($0.value))" }.joined(separator: ", ") + "}"
        default: value.serialized()
        }
    }

    func stringToJson() throws(StatesError) -> JSONValue {
        let text = try string(0, "the argument")
        let trimmed = Substring(text).trimmingCharacters(in: " \t\r\n")
        if trimmed.isEmpty { return .null }
        do {
            return try JSONParser().parse(trimmed)
        } catch {
            throw failure("the argument is not valid JSON text: \(error.message)")
        }
    }

    func arrayPartition() throws(StatesError) -> JSONValue {
        let a = try array(0, "the first argument")
        let size = try integer(1, "the chunk size (second argument)")
        guard size > 0 else { throw failure("the chunk size (second argument) must be positive, but was \(size)") }
        var chunks: [JSONValue] = []
        chunks.reserveCapacity((a.count + size - 1) / size)
        var start = 0
        while start < a.count {
            chunks.append(.array(Array(a[start..<min(start + size, a.count)])))
            start += size
        }
        return .array(chunks)
    }

    func arrayRange() throws(StatesError) -> JSONValue {
        let first = try integer(0, "the first value (first argument)")
        let last = try integer(1, "the last value (second argument)")
        let step = try integer(2, "the step (third argument)")
        guard step != 0 else { throw failure("the step (third argument) must not be 0") }
        let count: Int
        if (step > 0 && first > last) || (step < 0 && first < last) {
            count = 0
        } else {
            count = (last - first) / step + 1
        }
        guard count <= Self.maximumRangeLength else {
            throw failure(
                "the range has \(count) elements, more than the maximum of \(Self.maximumRangeLength)")
        }
        return .array((0..<count).map { .integer(first + $0 * step) })
    }

    func arrayGetItem() throws(StatesError) -> JSONValue {
        let a = try array(0, "the first argument")
        let index = try integer(1, "the index (second argument)")
        guard a.indices.contains(index) else {
            throw failure("the index \(index) is out of bounds for an array of \(a.count) elements")
        }
        return a[index]
    }

    func arrayUnique() throws(StatesError) -> JSONValue {
        let a = try array(0, "the argument")
        var seen = Set<JSONValue>()
        var unique: [JSONValue] = []
        for element in a where seen.insert(element).inserted {
            unique.append(element)
        }
        return .array(unique)
    }

    func base64Encode() throws(StatesError) -> JSONValue {
        let s = try string(0, "the argument")
        try checkLength(s)
        return .string(Base64.encode(Array(s.utf8)))
    }

    func base64Decode() throws(StatesError) -> JSONValue {
        let s = try string(0, "the argument")
        try checkLength(s)
        guard let bytes = Base64.decode(s) else { throw failure("the argument is not valid Base64 text") }
        return .string(String(decoding: bytes, as: UTF8.self))
    }

    func checkLength(_ s: String) throws(StatesError) {
        let length = s.utf16.count
        guard length <= Self.maximumInputLength else {
            throw failure(
                "the input is \(length) characters long, more than the maximum of \(Self.maximumInputLength)")
        }
    }

    func hash() throws(StatesError) -> JSONValue {
        let data = try string(0, "the data (first argument)")
        let name = try string(1, "the algorithm (second argument)")
        try checkLength(data)
        guard let algorithm = HashAlgorithm(rawValue: name) else {
            throw failure(
                "the algorithm '\(name)' is not supported; use one of "
                    + IntrinsicFunction.hashAlgorithms.joined(separator: ", "))
        }
        return .string(algorithm.hexDigest(of: Array(data.utf8)))
    }

    func jsonMerge() throws(StatesError) -> JSONValue {
        var merged = try object(0, "the first argument")
        let other = try object(1, "the second argument")
        guard case .bool(let deep) = values[2] else {
            throw failure("the third argument must be the boolean false, but was \(describe(values[2]))")
        }
        guard !deep else {
            throw failure("only shallow merging is supported: the third argument must be false")
        }
        for (key, value) in other {
            merged[key] = value
        }
        return .object(merged)
    }

    func mathRandom(random: inout some RandomNumberGenerator) throws(StatesError) -> JSONValue {
        let start = try integer(0, "the start (first argument)")
        let end = try integer(1, "the end (second argument)")
        guard start < end else {
            throw failure("the start (\(start)) must be less than the end (\(end))")
        }
        if values.count == 3 {
            let seed = try integer(2, "the seed (third argument)")
            var generator = JavaRandom(seed: Int64(truncatingIfNeeded: seed))
            let span = end - start
            guard let bound = Int32(exactly: span) else {
                throw failure("the range from \(start) to \(end) is too large")
            }
            return .integer(start + Int(generator.nextInt(bound: bound)))
        }
        return .integer(Int.random(in: start..<end, using: &random))
    }

    func mathAdd() throws(StatesError) -> JSONValue {
        let a = try integer(0, "the first argument")
        let b = try integer(1, "the second argument")
        let (sum, overflow) = a.addingReportingOverflow(b)
        guard !overflow else { throw failure("the sum of \(a) and \(b) overflows") }
        return .integer(sum)
    }

    func stringSplit() throws(StatesError) -> JSONValue {
        let s = try string(0, "the string (first argument)")
        let delimiters = Set(try string(1, "the delimiters (second argument)").unicodeScalars)
        var parts: [JSONValue] = []
        var current = String.UnicodeScalarView()
        for scalar in s.unicodeScalars {
            if delimiters.contains(scalar) {
                if !current.isEmpty { parts.append(.string(String(current))) }
                current = String.UnicodeScalarView()
            } else {
                current.append(scalar)
            }
        }
        if !current.isEmpty { parts.append(.string(String(current))) }
        return .array(parts)
    }

    /// A random (version 4) UUID in lowercase.
    static func makeUUID(using random: inout some RandomNumberGenerator) -> String {
        var bytes: [UInt8] = []
        bytes.reserveCapacity(16)
        for _ in 0..<2 {
            var word = random.next()
            for _ in 0..<8 {
                bytes.append(UInt8(truncatingIfNeeded: word))
                word >>= 8
            }
        }
        bytes[6] = (bytes[6] & 0x0F) | 0x40
        bytes[8] = (bytes[8] & 0x3F) | 0x80
        let hex = Array("0123456789abcdef".utf8)
        var out: [UInt8] = []
        out.reserveCapacity(36)
        for (i, byte) in bytes.enumerated() {
            if i == 4 || i == 6 || i == 8 || i == 10 { out.append(UInt8(ascii: "-")) }
            out.append(hex[Int(byte >> 4)])
            out.append(hex[Int(byte & 0x0F)])
        }
        return String(decoding: out, as: UTF8.self)
    }
}
