public import JSONValue

extension JSONPath {
    /// A Jayway path function, written as the last segment of a path: `$.prices.max()`.
    public struct Function: Sendable, Hashable {
        /// Which function.
        public var name: Name
        /// The arguments between the parentheses; empty for most functions.
        public var arguments: [Argument]

        /// Creates a function call.
        ///
        /// - Parameters:
        ///   - name: Which function.
        ///   - arguments: The arguments.
        public init(name: Name, arguments: [Argument] = []) {
            self.name = name
            self.arguments = arguments
        }

        /// The Jayway functions.
        public enum Name: String, Sendable, Hashable, CaseIterable {
            /// `length()`: the length of an array, string or object.
            case length
            /// `size()`: the same as `length()`.
            case size
            /// `min()`: the smallest number of an array.
            case min
            /// `max()`: the largest number of an array.
            case max
            /// `avg()`: the mean of an array of numbers.
            case avg
            /// `stddev()`: the standard deviation of an array of numbers.
            case stddev
            /// `sum()`: the sum of an array of numbers.
            case sum
            /// `keys()`: the member names of an object.
            case keys
            /// `first()`: the first element of an array.
            case first
            /// `last()`: the last element of an array.
            case last
            /// `concat(x, ...)`: the input and the arguments concatenated as a string (or array).
            case concat
            /// `append(x, ...)`: the input array with the arguments appended.
            case append
            /// `index(n)`: the element at index `n` (negative counts from the end).
            case index

            /// How many arguments the function takes.
            public var arity: ClosedRange<Int> {
                switch self {
                case .concat, .append: 1...Int.max
                case .index: 1...1
                default: 0...0
                }
            }
        }

        /// An argument of a path function.
        public enum Argument: Sendable, Hashable {
            /// A path, `$...` or `@...`.
            case path(JSONPath)
            /// A JSON literal: number, quoted string, `true`, `false`, `null`, array or object.
            case literal(JSONValue)
        }
    }
}
