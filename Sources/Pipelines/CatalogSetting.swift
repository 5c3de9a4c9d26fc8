public import DataPlane
import JSONValue

/// A catalog-level setting, stored in `ferry_config` (name → value).
public enum CatalogSetting: String, Sendable, Hashable, CaseIterable, CustomStringConvertible {
    /// The project name, used in target database names (default `ferry`).
    case project
    /// The target database name template (default `{project}_{alias}`); placeholders `{project}`, `{alias}`,
    /// `{company_id}`.
    case targetDatabaseTemplate = "target_database_template"
    /// The look-back in days for companies without a look-back configuration (default: none, such companies are
    /// reported and skipped).
    case defaultLookBackDays = "default_look_back_days"
    /// The `configurations.name` whose value is a company's look-back in days (default `date Y-M-D`).
    case lookBackConfiguration = "look_back_configuration"
    /// The key segment between a company's alias and the batch in object keys (default `exports`; empty for none).
    case objectPrefix = "object_prefix"

    /// The setting's key.
    public var description: String { rawValue }

    /// The value used when the catalog stores none; `nil` when unset means "none".
    public var defaultValue: String? {
        switch self {
        case .project: "ferry"
        case .targetDatabaseTemplate: "{project}_{alias}"
        case .defaultLookBackDays: nil
        case .lookBackConfiguration: "date Y-M-D"
        case .objectPrefix: "exports"
        }
    }

    /// Checks a value for this setting.
    ///
    /// - Parameter value: The value.
    /// - Throws: ``CatalogError`` with ``CatalogError/Code/invalidValue`` saying what is accepted.
    public func validate(_ value: String) throws(CatalogError) {
        func fail(_ reason: String) -> CatalogError {
            CatalogError(code: .invalidValue, subject: "config key \(rawValue)", reason: reason)
        }
        switch self {
        case .project:
            guard CatalogNames.isSimpleName(value) else {
                throw fail("\"\(value.prefix(40))\" is not a project name; use letters, digits and _ (up to 40)")
            }
        case .targetDatabaseTemplate:
            guard value.contains("{alias}") || value.contains("{company_id}") else {
                throw fail("the template must contain {alias} or {company_id}, so each company gets its own database")
            }
            var rest = value
            for placeholder in ["{project}", "{alias}", "{company_id}"] {
                rest = rest.replacing(placeholder, with: "x")
            }
            guard CatalogNames.isSimpleName(rest, maximumLength: 64) else {
                throw fail("use letters, digits, _ and the placeholders {project}, {alias}, {company_id}")
            }
        case .defaultLookBackDays:
            guard let days = Int(value), (0...36500).contains(days) else {
                throw fail("\"\(value.prefix(40))\" is not a number of days from 0 to 36500")
            }
        case .lookBackConfiguration:
            guard !value.isEmpty, value.count <= 200 else {
                throw fail("the configuration name must be 1-200 characters")
            }
        case .objectPrefix:
            guard value.isEmpty || value.split(separator: "/").allSatisfy({ CatalogNames.isSimpleName(String($0)) })
            else {
                throw fail("use letters, digits and _, in /-separated segments, or nothing")
            }
        }
    }
}

/// The catalog-level settings, with defaults applied.
public struct CatalogConfiguration: Sendable, Hashable {
    /// The stored values by key.
    public var values: [String: String]

    /// Creates a configuration from stored values.
    ///
    /// - Parameter values: The `ferry_config` rows.
    public init(values: [String: String] = [:]) { self.values = values }

    /// A setting's value: the stored one, else its default.
    ///
    /// - Parameter setting: The setting.
    /// - Returns: The value, or `nil` when neither is set.
    public subscript(setting: CatalogSetting) -> String? { values[setting.rawValue] ?? setting.defaultValue }

    /// The default look-back in days, if configured.
    public var defaultLookBackDays: Int? { self[.defaultLookBackDays].flatMap { Int($0) } }

    /// The target database name for a company: its override, else the template filled in.
    ///
    /// - Parameter company: The company.
    /// - Returns: The database (MySQL), schema (PostgreSQL) or file stem (SQLite) name.
    public func targetDatabase(for company: Company) -> String {
        if let name = company.targetDatabase, !name.isEmpty { return name }
        var name = self[.targetDatabaseTemplate] ?? "{project}_{alias}"
        name = name.replacing("{project}", with: self[.project] ?? "ferry")
        name = name.replacing("{alias}", with: company.alias)
        name = name.replacing("{company_id}", with: CatalogNames.text(company.companyID))
        return name
    }
}

/// Name rules shared by the catalog and the CLI.
public enum CatalogNames {
    /// Whether `name` is 1 to `maximumLength` ASCII letters, digits, `_` or `-`.
    ///
    /// - Parameters:
    ///   - name: The name.
    ///   - maximumLength: The longest accepted (default 40).
    /// - Returns: Whether it is accepted.
    public static func isSimpleName(_ name: String, maximumLength: Int = 40) -> Bool {
        !name.isEmpty && name.count <= maximumLength
            && name.allSatisfy { $0.isASCII && ($0.isLetter || $0.isNumber || $0 == "_" || $0 == "-") }
    }

    /// A value as plain text: integers as digits, text as is, NULL as empty.
    ///
    /// - Parameter value: The value.
    /// - Returns: The text.
    /// A SQL value as JSON: NULL, booleans and numbers as themselves, anything else as its text.
    static func json(_ value: SQLValue) -> JSONValue {
        switch value {
        case .null: .null
        case .boolean(let b): .bool(b)
        case .integer(let i): .integer(Int(i))
        case .double(let d): .double(d)
        default: .string(text(value))
        }
    }

    public static func text(_ value: SQLValue) -> String {
        switch value {
        case .null: ""
        case .text(let text): text
        case .binary(let bytes): String(decoding: bytes, as: UTF8.self)
        default: value.description
        }
    }
}
