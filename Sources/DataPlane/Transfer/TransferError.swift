/// An error from ``Transfer``: a manifest that is missing, malformed or does not match its object, a query whose
/// named parameters do not match the values given, or a load the target database did not take exactly.
///
/// The ``description`` is one line naming the object (redacted URL), table or parameter concerned and saying how
/// to fix the problem. It never contains row data or secrets.
public struct TransferError: Error, Sendable, Hashable, CustomStringConvertible {
    /// The kind of transfer failure, as an extensible set of values.
    public struct Code: Sendable, Hashable, CustomStringConvertible {
        private enum Base: Sendable, Hashable {
            case manifestMissing
            case invalidManifest
            case sizeMismatch
            case checksumMismatch
            case rowCountMismatch
            case loadWarnings
            case invalidParameter
            case invalidObjectURL
            case targetMissing
            case invalidTarget
        }

        private let base: Base

        private init(_ base: Base) { self.base = base }

        /// The object has no `<object>.manifest.json` next to it (it was not written by an extract, or the extract
        /// did not finish).
        public static let manifestMissing = Code(.manifestMissing)
        /// The manifest is not valid JSON or lacks a field, or has an unknown format version.
        public static let invalidManifest = Code(.invalidManifest)
        /// The object's size differs from the manifest's byte count.
        public static let sizeMismatch = Code(.sizeMismatch)
        /// The object's SHA-256 differs from the manifest's.
        public static let checksumMismatch = Code(.checksumMismatch)
        /// The database loaded a different number of rows than the manifest lists.
        public static let rowCountMismatch = Code(.rowCountMismatch)
        /// The database converted or truncated values while loading (MySQL `LOAD DATA` warnings).
        public static let loadWarnings = Code(.loadWarnings)
        /// A named query parameter is malformed, missing, unused or of an unknown type.
        public static let invalidParameter = Code(.invalidParameter)
        /// An object URL does not name one object (for example, it ends with `/`).
        public static let invalidObjectURL = Code(.invalidObjectURL)
        /// The target table does not exist and creating it was not requested.
        public static let targetMissing = Code(.targetMissing)
        /// The target table cannot take the load: a column or key column is missing, or a merge has no unique key.
        public static let invalidTarget = Code(.invalidTarget)

        /// A short, stable name for the code, suitable for metric labels.
        public var description: String {
            switch base {
            case .manifestMissing: "manifestMissing"
            case .invalidManifest: "invalidManifest"
            case .sizeMismatch: "sizeMismatch"
            case .checksumMismatch: "checksumMismatch"
            case .rowCountMismatch: "rowCountMismatch"
            case .loadWarnings: "loadWarnings"
            case .invalidParameter: "invalidParameter"
            case .invalidObjectURL: "invalidObjectURL"
            case .targetMissing: "targetMissing"
            case .invalidTarget: "invalidTarget"
            }
        }
    }

    /// What went wrong.
    public var code: Code
    /// The object (redacted URL), table or parameter concerned.
    public var subject: String
    /// What is wrong and how to fix it.
    public var reason: String

    /// Creates a transfer error.
    ///
    /// - Parameters:
    ///   - code: What went wrong.
    ///   - subject: The object, table or parameter concerned (no secrets).
    ///   - reason: What is wrong and how to fix it.
    public init(code: Code, subject: String, reason: String) {
        self.code = code
        self.subject = subject
        self.reason = reason
    }

    /// One line: the subject, then what is wrong and how to fix it.
    public var description: String {
        let text = "\(subject): \(reason)"
        return String(text.map { $0 == "\n" || $0 == "\r" ? " " : $0 })
    }
}
