/// The SQL flavour a connection speaks: decides identifier quoting and the type names ``SQLTypeMap`` writes.
public enum SQLDialect: String, Sendable, Hashable, CaseIterable, CustomStringConvertible {
    /// MySQL and MariaDB.
    case mysql
    /// PostgreSQL.
    case postgres
    /// SQLite.
    case sqlite

    /// The dialect's name: `mysql`, `postgres` or `sqlite`.
    public var description: String { rawValue }

    /// Quotes an identifier (a table or column name) for this dialect.
    ///
    /// MySQL uses backticks and doubles any backtick inside the name; PostgreSQL and SQLite use double quotes and
    /// double any double quote. Every name is quoted, so reserved words and mixed case are safe. A qualified name
    /// such as `schema.table` is one identifier here; quote each part separately with ``quoteQualified(_:)``.
    ///
    /// - Parameter name: The identifier, as it is named in the database.
    /// - Returns: The quoted identifier, ready to splice into SQL.
    /// - Precondition: `name` contains no NUL character (no database accepts one in an identifier).
    public func quoteIdentifier(_ name: String) -> String {
        precondition(!name.utf8.contains(0), "SQL identifiers cannot contain NUL")
        let quote: Character = self == .mysql ? "`" : "\""
        var out = String(quote)
        out.reserveCapacity(name.utf8.count + 2)
        for character in name {
            if character == quote { out.append(quote) }
            out.append(character)
        }
        out.append(quote)
        return out
    }

    /// Quotes each part of a qualified name (`["schema", "table"]` → `"schema"."table"`).
    ///
    /// - Parameter parts: The name's parts, outermost first.
    /// - Returns: The quoted parts joined with `.`.
    public func quoteQualified(_ parts: [String]) -> String {
        parts.map(quoteIdentifier).joined(separator: ".")
    }
}
