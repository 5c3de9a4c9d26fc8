/// The request side of the Step Functions API model: each input member's name, whether it is required, and
/// its shape's constraints, as in AWS's service model (`stepfunctions/2016-11-23`).
///
/// Every request type declares its members here (``StepFunctionsInput/members``); decoding checks a body against
/// them before the type reads it, and the tests compare them with botocore's copy of the model.
public enum APIModel {
    /// One member of an input structure.
    public struct Member: Sendable, Hashable {
        /// The wire name, such as `stateMachineArn`.
        public var name: String
        /// Whether the request is refused without it (`Member must not be null`).
        public var isRequired: Bool
        /// The member's shape.
        public var shape: Shape

        /// Creates a member.
        ///
        /// - Parameters:
        ///   - name: The wire name.
        ///   - isRequired: Whether it is required.
        ///   - shape: Its shape.
        public init(_ name: String, required isRequired: Bool = false, _ shape: Shape) {
            self.name = name
            self.isRequired = isRequired
            self.shape = shape
        }
    }

    /// A shape: the JSON type of a value and its constraints.
    public indirect enum Shape: Sendable, Hashable {
        /// A string.
        case string(StringConstraints)
        /// An integer within optional bounds.
        case integer(min: Int?, max: Int?)
        /// `true` or `false`.
        case boolean
        /// An object with the given members.
        case structure([Member])
        /// An array of the element shape.
        case list(Shape)
    }

    /// The constraints of a string shape.
    public struct StringConstraints: Sendable, Hashable {
        /// The least length, if any.
        public var min: Int?
        /// The greatest length, if any.
        public var max: Int?
        /// The allowed values of an enum shape.
        public var enumValues: [String]?
        /// The regular expression of the model, with the check that implements it.
        public var pattern: Pattern?
        /// Whether AWS marks the shape sensitive: its value is never quoted in messages.
        public var isSensitive: Bool
        /// Whether lengths count UTF-8 bytes (payloads: definitions, inputs, outputs) rather than UTF-16 code
        /// units (everything else, as AWS's Java front end counts).
        public var countsBytes: Bool

        /// Creates constraints.
        ///
        /// - Parameters:
        ///   - min: The least length.
        ///   - max: The greatest length.
        ///   - enumValues: The allowed values.
        ///   - pattern: The pattern.
        ///   - isSensitive: Whether the value is sensitive.
        ///   - countsBytes: Whether lengths are in UTF-8 bytes.
        public init(
            min: Int? = nil, max: Int? = nil, enumValues: [String]? = nil, pattern: Pattern? = nil,
            isSensitive: Bool = false, countsBytes: Bool = false
        ) {
            self.min = min
            self.max = max
            self.enumValues = enumValues
            self.pattern = pattern
            self.isSensitive = isSensitive
            self.countsBytes = countsBytes
        }

        /// The length of `value` as these constraints count it.
        func length(of value: String) -> Int { countsBytes ? value.utf8.count : value.utf16.count }
    }

    /// The regular expressions the input shapes use, each with its check.
    public enum Pattern: String, Sendable, Hashable, CaseIterable {
        /// `\p{ASCII}*` (TraceHeader).
        case ascii = "\\p{ASCII}*"
        /// `[!-~]+` (ClientToken): visible ASCII, no spaces.
        case visibleASCII = "[!-~]+"

        /// Whether `value` matches the whole pattern.
        ///
        /// - Parameter value: The string.
        /// - Returns: `true` on a match.
        public func matches(_ value: String) -> Bool {
            switch self {
            case .ascii: value.unicodeScalars.allSatisfy { $0.isASCII }
            case .visibleASCII: !value.isEmpty && value.unicodeScalars.allSatisfy { (0x21...0x7E).contains($0.value) }
            }
        }
    }
}

extension APIModel.Shape {
    /// A string shape.
    static func string(
        min: Int? = nil, max: Int? = nil, pattern: APIModel.Pattern? = nil, sensitive: Bool = false,
        bytes: Bool = false
    ) -> Self {
        .string(
            APIModel.StringConstraints(min: min, max: max, pattern: pattern, isSensitive: sensitive, countsBytes: bytes)
        )
    }

    /// A string enum shape whose values are `T`'s raw values.
    static func enumeration<T: CaseIterable & RawRepresentable>(_ type: T.Type) -> Self where T.RawValue == String {
        .string(APIModel.StringConstraints(enumValues: T.allCases.map(\.rawValue)))
    }

    // The model's named shapes this layer uses.
    /// `Arn`: 1–256.
    static let arn = string(min: 1, max: 256)
    /// `LongArn`: 1–2000.
    static let longArn = string(min: 1, max: 2000)
    /// `Name`: 1–80.
    static let name = string(min: 1, max: 80)
    /// `Definition`: 1 byte to 1 MiB, sensitive.
    static let definition = string(min: 1, max: 1_048_576, sensitive: true, bytes: true)
    /// `SensitiveData` (inputs and outputs): up to 256 KiB, sensitive.
    static let sensitiveData = string(max: 262_144, sensitive: true, bytes: true)
    /// `SensitiveError`: 0–256, sensitive.
    static let sensitiveError = string(min: 0, max: 256, sensitive: true)
    /// `SensitiveCause`: 0–32768, sensitive.
    static let sensitiveCause = string(min: 0, max: 32_768, sensitive: true)
    /// `TaskToken`: 1–2048, sensitive.
    static let taskToken = string(min: 1, max: 2048, sensitive: true)
    /// `PageToken`: 1–1024.
    static let pageToken = string(min: 1, max: 1024)
    /// `PageSize`: 0–1000.
    static let pageSize = integer(min: 0, max: 1000)
    /// `TraceHeader`: 0–256 ASCII characters.
    static let traceHeader = string(min: 0, max: 256, pattern: .ascii)
    /// `VersionDescription`: up to 256, sensitive.
    static let versionDescription = string(max: 256, sensitive: true)
    /// `Tag`: `key` 1–128, `value` 0–256.
    static let tag = structure([.init("key", .string(min: 1, max: 128)), .init("value", .string(min: 0, max: 256))])
}
