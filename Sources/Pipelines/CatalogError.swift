/// An error from the catalog: a legacy entry the translator refuses, a catalog that needs `ferry catalog init`,
/// a company or table that does not exist, or a setting with a malformed value.
///
/// The ``description`` is one line that says what is wrong, where (the catalog row, field or key) and how to fix
/// it. It never contains secrets; it may quote a short fragment of a catalog entry.
public struct CatalogError: Error, Sendable, Hashable, CustomStringConvertible {
    /// The kind of catalog failure, as an extensible set of values.
    public struct Code: Sendable, Hashable, CustomStringConvertible {
        private enum Base: Sendable, Hashable {
            case untranslatable
            case notInitialized
            case newerSchema
            case notFound
            case duplicate
            case invalidValue
            case invalidSchema
        }

        private let base: Base

        private init(_ base: Base) { self.base = base }

        /// A legacy `params_select`/`params_insert`/`query_insert` entry is not one of the shapes Ferry translates.
        public static let untranslatable = Code(.untranslatable)
        /// The catalog lacks Ferry's tables; run `ferry catalog init`.
        public static let notInitialized = Code(.notInitialized)
        /// The catalog was migrated by a newer Ferry than this one.
        public static let newerSchema = Code(.newerSchema)
        /// A company, table or configuration key does not exist.
        public static let notFound = Code(.notFound)
        /// A company alias or table name is already in use.
        public static let duplicate = Code(.duplicate)
        /// A value (an alias, a mode, a number, a setting) is malformed.
        public static let invalidValue = Code(.invalidValue)
        /// A catalog table lacks a column the catalog needs.
        public static let invalidSchema = Code(.invalidSchema)

        /// A short, stable name for the code, suitable for metric labels.
        public var description: String {
            switch base {
            case .untranslatable: "untranslatable"
            case .notInitialized: "notInitialized"
            case .newerSchema: "newerSchema"
            case .notFound: "notFound"
            case .duplicate: "duplicate"
            case .invalidValue: "invalidValue"
            case .invalidSchema: "invalidSchema"
            }
        }
    }

    /// What went wrong.
    public var code: Code
    /// Where: `table row 3 ("users") params_select`, `company "acme"`, `config key project`.
    public var subject: String
    /// Why, and how to fix it.
    public var reason: String

    /// Creates a catalog error.
    ///
    /// - Parameters:
    ///   - code: What went wrong.
    ///   - subject: The row, field or key concerned.
    ///   - reason: The explanation and the fix.
    public init(code: Code, subject: String, reason: String) {
        self.code = code
        self.subject = subject
        self.reason = reason
    }

    /// `subject: reason`, on one line.
    public var description: String {
        String((subject + ": " + reason).map { $0 == "\n" || $0 == "\r" ? " " : $0 })
    }
}
