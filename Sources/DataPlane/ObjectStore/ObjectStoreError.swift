/// An error from an object store, an object key or an object-store URL.
///
/// The message says what failed, which key or URL (with any credentials redacted) and how to fix it. Keys are
/// shown because they are names, not data; secrets never appear.
public struct ObjectStoreError: Error, Sendable, Hashable, CustomStringConvertible {
    /// The kind of object-store failure, as an extensible set of values.
    public struct Code: Sendable, Hashable, CustomStringConvertible {
        private enum Base: Sendable, Hashable {
            case invalidKey
            case invalidURL
            case notFound
            case keyConflict
            case ioFailure
        }

        private let base: Base

        private init(_ base: Base) { self.base = base }

        /// An object key or listing prefix breaks the key rules (see ``ObjectKey``).
        public static let invalidKey = Code(.invalidKey)
        /// An object-store URL is malformed or unsupported.
        public static let invalidURL = Code(.invalidURL)
        /// The object does not exist.
        public static let notFound = Code(.notFound)
        /// The key clashes with an existing object or folder (local store: `a` and `a/b` cannot both exist).
        public static let keyConflict = Code(.keyConflict)
        /// The operating system refused a file operation; ``ObjectStoreError/errno`` holds the code.
        public static let ioFailure = Code(.ioFailure)

        /// A short, stable name for the code, suitable for metric labels.
        public var description: String {
            switch base {
            case .invalidKey: "invalidKey"
            case .invalidURL: "invalidURL"
            case .notFound: "notFound"
            case .keyConflict: "keyConflict"
            case .ioFailure: "ioFailure"
            }
        }
    }

    /// What went wrong.
    public var code: Code
    /// The key (or prefix, or redacted URL) the operation was about.
    public var subject: String
    /// The full explanation: what is wrong and how to fix it.
    public var reason: String
    /// The POSIX error number, for ``Code/ioFailure`` and other failures that came from a system call.
    public var errno: Int32?

    /// Creates an object-store error.
    ///
    /// - Parameters:
    ///   - code: What went wrong.
    ///   - subject: The key, prefix or redacted URL concerned.
    ///   - reason: What is wrong and how to fix it.
    ///   - errno: The POSIX error number, if any.
    public init(code: Code, subject: String, reason: String, errno: Int32? = nil) {
        self.code = code
        self.subject = subject
        self.reason = reason
        self.errno = errno
    }

    /// A one-line message naming the failure, the key or URL, and the fix.
    public var description: String {
        switch code {
        case .invalidKey: "invalid object key \(quoted(subject)): \(reason)"
        case .invalidURL: "invalid object store URL \(quoted(subject)): \(reason)"
        case .notFound: "object \(quoted(subject)) not found: \(reason)"
        case .keyConflict: "object key \(quoted(subject)) conflicts with an existing object: \(reason)"
        default: "object store I/O failed for \(quoted(subject)): \(reason)"
        }
    }

    /// Quotes a key for a message, escaping control characters so the message stays on one line.
    private func quoted(_ text: String) -> String {
        var out = "\""
        for scalar in text.unicodeScalars {
            switch scalar {
            case "\"": out += "\\\""
            case "\\": out += "\\\\"
            case _ where scalar.value < 0x20 || (0x7F...0x9F).contains(scalar.value):
                out += "\\u{\(String(scalar.value, radix: 16))}"
            default: out.unicodeScalars.append(scalar)
            }
        }
        return out + "\""
    }
}
