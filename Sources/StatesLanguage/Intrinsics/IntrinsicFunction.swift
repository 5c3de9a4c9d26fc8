/// The intrinsic functions of the Amazon States Language (JSONPath query language only).
///
/// Intrinsic calls appear as the values of payload-template keys ending in `.$`, for example
/// `"id.$": "States.UUID()"`. See ``IntrinsicCall`` for parsing.
public enum IntrinsicFunction: String, Sendable, CaseIterable {
    /// `States.Format(template, values...)`: replaces each `{}` in the template with the next value.
    case format = "States.Format"
    /// `States.StringToJson(string)`: parses a JSON text.
    case stringToJson = "States.StringToJson"
    /// `States.JsonToString(value)`: serializes a value as compact JSON text.
    case jsonToString = "States.JsonToString"
    /// `States.Array(values...)`: an array of the arguments.
    case array = "States.Array"
    /// `States.ArrayPartition(array, size)`: the array cut into chunks of `size` elements.
    case arrayPartition = "States.ArrayPartition"
    /// `States.ArrayContains(array, value)`: whether the array contains the value.
    case arrayContains = "States.ArrayContains"
    /// `States.ArrayRange(first, last, step)`: the integers from `first` to `last` by `step` (at most 1000).
    case arrayRange = "States.ArrayRange"
    /// `States.ArrayGetItem(array, index)`: the element at `index`.
    case arrayGetItem = "States.ArrayGetItem"
    /// `States.ArrayLength(array)`: the number of elements.
    case arrayLength = "States.ArrayLength"
    /// `States.ArrayUnique(array)`: the array without duplicates.
    case arrayUnique = "States.ArrayUnique"
    /// `States.Base64Encode(string)`: MIME Base64 of the string's UTF-8 bytes (input up to 10,000 characters).
    case base64Encode = "States.Base64Encode"
    /// `States.Base64Decode(string)`: the decoded Base64 text (input up to 10,000 characters).
    case base64Decode = "States.Base64Decode"
    /// `States.Hash(string, algorithm)`: the hex digest with MD5, SHA-1, SHA-256, SHA-384 or SHA-512.
    case hash = "States.Hash"
    /// `States.JsonMerge(object, object, false)`: a shallow merge; the third argument must be `false`.
    case jsonMerge = "States.JsonMerge"
    /// `States.MathRandom(start, end[, seed])`: a random integer between `start` and `end`.
    case mathRandom = "States.MathRandom"
    /// `States.MathAdd(a, b)`: the sum of two integers.
    case mathAdd = "States.MathAdd"
    /// `States.StringSplit(string, delimiters)`: the string split on any of the delimiter characters.
    case stringSplit = "States.StringSplit"
    /// `States.UUID()`: a random version 4 UUID.
    case uuid = "States.UUID"

    /// How many arguments the function takes, as the AWS documentation gives it.
    ///
    /// `Int.max` as the upper bound means "any number".
    public var arity: ClosedRange<Int> {
        switch self {
        case .format: 1...Int.max
        case .array: 0...Int.max
        case .uuid: 0...0
        case .stringToJson, .jsonToString, .arrayLength, .arrayUnique, .base64Encode, .base64Decode: 1...1
        case .arrayPartition, .arrayContains, .arrayGetItem, .hash, .mathAdd, .stringSplit: 2...2
        case .mathRandom: 2...3
        case .arrayRange, .jsonMerge: 3...3
        }
    }

    /// The algorithms `States.Hash` accepts.
    public static let hashAlgorithms = ["MD5", "SHA-1", "SHA-256", "SHA-384", "SHA-512"]

    /// The known function whose name is closest to `name` (case-insensitive edit distance).
    /// Ties go to a name that extends `name` (so `States.ArrayLen` suggests `States.ArrayLength`).
    static func closest(to name: String) -> IntrinsicFunction {
        func score(_ f: IntrinsicFunction) -> (Int, Int) {
            (Suggestion.editDistance(f.rawValue, name), f.rawValue.lowercased().hasPrefix(name.lowercased()) ? 0 : 1)
        }
        return allCases.min { score($0) < score($1) }!
    }

    /// "takes 3 arguments", "takes 2 or 3 arguments", "takes at least 1 argument", "takes no arguments".
    var arityPhrase: String {
        let range = arity
        func arguments(_ n: Int) -> String { n == 1 ? "1 argument" : "\(n) arguments" }
        if range.upperBound == 0 { return "takes no arguments" }
        if range.upperBound == Int.max { return "takes at least \(arguments(range.lowerBound))" }
        if range.lowerBound == range.upperBound { return "takes \(arguments(range.lowerBound))" }
        if range.upperBound == range.lowerBound + 1 {
            return "takes \(range.lowerBound) or \(arguments(range.upperBound))"
        }
        return "takes \(range.lowerBound) to \(arguments(range.upperBound))"
    }
}
