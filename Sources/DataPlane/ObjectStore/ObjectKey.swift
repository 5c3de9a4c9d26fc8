/// A validated object key: a relative, `/`-separated name such as `exports/2024-05-01/orders.csv`.
///
/// The same rules apply to every store, so a key that works locally works on S3 and can never escape the store's
/// root or prefix:
/// - not empty, at most 1,024 UTF-8 bytes (the S3 limit);
/// - no leading `/` (absolute), no empty segment (`a//b`, trailing `/`), no `.` or `..` segment;
/// - no NUL, no control character (U+0000–U+001F, U+007F–U+009F), no backslash.
///
/// Keys compare, hash and sort by their UTF-8 bytes (as S3 does), not by Unicode canonical equivalence: `é` as one
/// code point and `e` + combining accent are different keys, as they are different files.
public struct ObjectKey: Sendable, Hashable, Comparable, CustomStringConvertible {
    /// The key text.
    public let rawValue: String

    /// The maximum key length in UTF-8 bytes.
    public static let maximumLength = 1024

    /// Validates and creates a key.
    ///
    /// - Parameter rawValue: The key text.
    /// - Throws: ``ObjectStoreError`` with code ``ObjectStoreError/Code/invalidKey`` naming the key and the rule
    ///   it breaks.
    public init(_ rawValue: String) throws(ObjectStoreError) {
        try Self.validate(rawValue, allowPartial: false)
        self.rawValue = rawValue
    }

    /// The key's `/`-separated segments; the last one is the object's name.
    public var segments: [Substring] { rawValue.split(separator: "/", omittingEmptySubsequences: false) }

    /// The key text.
    public var description: String { rawValue }

    /// Returns the key with `prefix` (a validated listing prefix, for example an S3 URL's prefix) prepended.
    ///
    /// - Parameter prefix: A prefix that is empty or ends with `/`.
    /// - Returns: The combined key.
    /// - Throws: ``ObjectStoreError`` when the combined key is invalid (for example, too long).
    public func prefixed(with prefix: String) throws(ObjectStoreError) -> ObjectKey {
        try ObjectKey(prefix + rawValue)
    }

    /// Compares keys by their UTF-8 bytes.
    public static func == (lhs: ObjectKey, rhs: ObjectKey) -> Bool {
        lhs.rawValue.utf8.elementsEqual(rhs.rawValue.utf8)
    }

    /// Hashes the key's UTF-8 bytes.
    public func hash(into hasher: inout Hasher) {
        for byte in rawValue.utf8 { hasher.combine(byte) }
    }

    /// Orders keys by their UTF-8 bytes, the order S3 lists them in.
    public static func < (lhs: ObjectKey, rhs: ObjectKey) -> Bool {
        lhs.rawValue.utf8.lexicographicallyPrecedes(rhs.rawValue.utf8)
    }

    /// Validates a listing prefix: the key rules, except that it may be empty, may end with `/`, and its last
    /// segment may be a partial name.
    ///
    /// - Parameter prefix: The prefix to check.
    /// - Throws: ``ObjectStoreError`` with code ``ObjectStoreError/Code/invalidKey``.
    public static func validatePrefix(_ prefix: String) throws(ObjectStoreError) {
        if prefix.isEmpty { return }
        try validate(prefix, allowPartial: true)
    }

    static func validate(_ key: String, allowPartial: Bool) throws(ObjectStoreError) {
        func fail(_ reason: String) -> ObjectStoreError {
            ObjectStoreError(code: .invalidKey, subject: key, reason: reason)
        }
        let bytes = key.utf8
        if bytes.isEmpty { throw fail("a key cannot be empty; give the object a name such as \"exports/orders.csv\"") }
        if bytes.count > maximumLength {
            throw fail("it is \(bytes.count) UTF-8 bytes long; keys are limited to \(maximumLength) bytes")
        }
        if bytes.first == UInt8(ascii: "/") {
            throw fail("keys are relative to the store; remove the leading \"/\"")
        }
        for scalar in key.unicodeScalars {
            if scalar.value == 0 { throw fail("it contains a NUL character; remove it") }
            if scalar.value < 0x20 || (0x7F...0x9F).contains(scalar.value) {
                throw fail("it contains the control character U+\(hex4(scalar.value)); keys may not contain control characters")
            }
            if scalar == "\\" { throw fail("it contains a backslash; use \"/\" to separate folders") }
        }
        let parts = key.split(separator: "/", omittingEmptySubsequences: false)
        for (index, part) in parts.enumerated() {
            let isLast = index == parts.count - 1
            if part.isEmpty {
                if isLast && allowPartial { continue }
                throw fail(
                    isLast
                        ? "it ends with \"/\"; an object key names an object, not a folder"
                        : "it contains an empty segment (\"//\"); remove the doubled \"/\"")
            }
            if part == ".." {
                throw fail("it contains a \"..\" segment, which could escape the store's root; name the object directly")
            }
            if part == "." && !(isLast && allowPartial) {
                throw fail("it contains a \".\" segment; remove it")
            }
        }
    }
}

private func hex4(_ value: UInt32) -> String {
    let digits = String(value, radix: 16, uppercase: true)
    return String(repeating: "0", count: Swift.max(0, 4 - digits.count)) + digits
}
