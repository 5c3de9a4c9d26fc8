/// The SQL a load runs, per dialect: staging tables, the swap, and the inserts of each write mode.
///
/// Statements are built from quoted identifiers only; values never appear in them.
enum TransferSQL {
    /// The longest identifier every supported database accepts (PostgreSQL: 63 bytes; MySQL: 64 characters).
    static let maximumIdentifierBytes = 63

    /// A unique scratch table or index name for `table`: `<table>__ferry_<tag>_<8 hex digits>`, the table part
    /// shortened (on a character boundary) so the whole fits ``maximumIdentifierBytes``.
    static func scratchName(for table: String, tag: String, random: UInt32 = .random(in: .min ... .max)) -> String {
        let hex = String(random, radix: 16)
        let suffix = "__ferry_\(tag)_" + String(repeating: "0", count: 8 - hex.count) + hex
        var prefix = ""
        for character in table {
            if prefix.utf8.count + String(character).utf8.count + suffix.utf8.count > maximumIdentifierBytes { break }
            prefix.append(character)
        }
        return prefix + suffix
    }

    /// The statement that creates `staging` with the target's columns, types and keys.
    static func createLikeSQL(staging: String, target: String, on connection: any SQLConnection) async throws -> String {
        let dialect = connection.dialect
        let q = dialect.quoteIdentifier
        switch dialect {
        case .mysql:
            return "CREATE TABLE \(q(staging)) LIKE \(q(target))"
        case .postgres:
            return "CREATE TABLE \(q(staging)) (LIKE \(q(target)) INCLUDING ALL)"
        case .sqlite:
            let rows = try await connection.query(
                "SELECT sql FROM sqlite_master WHERE type = 'table' AND name = ?", parameters: [.text(target)]
            ) { try await $0.collectRows() }
            guard case .text(let create)? = rows.first?.first,
                let renamed = renameCreateTable(create, to: q(staging))
            else {
                throw SQLError(
                    code: .queryFailed, connection: connection.redactedURL,
                    message: "cannot read the definition of table \"\(target)\" to create a staging table like it")
            }
            return renamed
        }
    }

    /// Replaces the table name in a SQLite `CREATE TABLE name (...)` text (as SQLite stores it in
    /// `sqlite_master`: normalised to start with `CREATE TABLE `, without `IF NOT EXISTS` or a schema).
    static func renameCreateTable(_ sql: String, to quotedName: String) -> String? {
        let bytes = Array(sql.utf8)
        let prefix = Array("CREATE TABLE ".utf8)
        guard bytes.count > prefix.count,
            bytes[..<prefix.count].map({ $0 | 0x20 }) == prefix.map({ $0 | 0x20 })
        else { return nil }
        var i = prefix.count
        while i < bytes.count && bytes[i] == UInt8(ascii: " ") { i += 1 }
        guard i < bytes.count else { return nil }
        let open = bytes[i]
        let close: UInt8? =
            switch open {
            case UInt8(ascii: "\""), UInt8(ascii: "`"), UInt8(ascii: "'"): open
            case UInt8(ascii: "["): UInt8(ascii: "]")
            default: nil
            }
        if let close {
            i += 1
            while i < bytes.count {
                if bytes[i] == close {
                    if close != UInt8(ascii: "]") && i + 1 < bytes.count && bytes[i + 1] == close {
                        i += 2
                        continue
                    }
                    i += 1
                    break
                }
                i += 1
            }
        } else {
            while i < bytes.count && bytes[i] != UInt8(ascii: "(") && bytes[i] != UInt8(ascii: " ")
                && bytes[i] != UInt8(ascii: "\n") && bytes[i] != UInt8(ascii: "\t")
            {
                i += 1
            }
        }
        let rest = String(decoding: bytes[i...], as: UTF8.self)
        guard rest.drop(while: { $0 == " " || $0 == "\n" || $0 == "\t" || $0 == "\r" }).hasPrefix("(") else {
            return nil  // CREATE TABLE ... AS SELECT is stored expanded by SQLite, so this is not expected
        }
        return "CREATE TABLE " + quotedName + " " + rest.drop(while: { $0 == " " })
    }

    /// Refuses a MySQL merge whose key columns are not exactly a primary key or unique index of the target:
    /// without one, `ON DUPLICATE KEY UPDATE` would silently insert duplicates.
    static func requireUniqueKey(_ keys: [String], table: String, on connection: any SQLConnection) async throws {
        let rows = try await connection.query(
            "SELECT INDEX_NAME, COLUMN_NAME FROM information_schema.STATISTICS "
                + "WHERE TABLE_SCHEMA = DATABASE() AND TABLE_NAME = ? AND NON_UNIQUE = 0",
            parameters: [.text(table)]
        ) { try await $0.collectRows() }
        var indexes: [String: Set<String>] = [:]
        for row in rows {
            guard row.count == 2, case .text(let index) = row[0], case .text(let column) = row[1] else { continue }
            indexes[index, default: []].insert(column.lowercased())
        }
        let wanted = Set(keys.map { $0.lowercased() })
        if !indexes.values.contains(wanted) {
            throw TransferError(
                code: .invalidTarget, subject: "table \"\(table)\" on \(connection.redactedURL)",
                reason: "a merge on (\(keys.joined(separator: ", "))) needs a primary key or unique index on exactly "
                    + "those columns; add one (ALTER TABLE ... ADD UNIQUE (...)) or choose --key to match an existing one")
        }
    }

    /// Renames a table (used to put a loaded staging table in place of a missing target).
    static func rename(_ table: String, to newName: String, on connection: any SQLConnection) async throws {
        let q = connection.dialect.quoteIdentifier
        switch connection.dialect {
        case .mysql:
            try await connection.execute("RENAME TABLE \(q(table)) TO \(q(newName))")
        case .postgres, .sqlite:
            try await connection.execute("ALTER TABLE \(q(table)) RENAME TO \(q(newName))")
        }
    }

    /// Swaps `staging` in for `target` atomically; `target`'s old table is renamed to `old` and, except on MySQL
    /// (where the caller drops it after the rename), dropped in the same transaction.
    static func swap(staging: String, target: String, old: String, on connection: any SQLConnection) async throws {
        let q = connection.dialect.quoteIdentifier
        switch connection.dialect {
        case .mysql:
            // One statement: both renames happen atomically, readers never see the table missing.
            try await connection.execute("RENAME TABLE \(q(target)) TO \(q(old)), \(q(staging)) TO \(q(target))")
        case .postgres:
            // `LIKE … INCLUDING ALL` gave the staging table copies of the target's indexes under generated names;
            // hand the target's names over, so the swapped-in table keeps them (and constraints, which share them).
            let targetIndexes = try await postgresIndexes(of: target, on: connection)
            let stagingIndexes = try await postgresIndexes(of: staging, on: connection)
            let keepsNames = targetIndexes.map(\.shape) == stagingIndexes.map(\.shape)
            try await connection.withTransaction {
                try await connection.execute("ALTER TABLE \(q(target)) RENAME TO \(q(old))")
                if keepsNames {
                    let retired = "ferry_retired_" + String(UInt64.random(in: 0...UInt64.max), radix: 36) + "_"
                    for (number, (current, copy)) in zip(targetIndexes, stagingIndexes).enumerated() {
                        try await connection.execute("ALTER INDEX \(q(current.name)) RENAME TO \(q(retired + String(number)))")
                        try await connection.execute("ALTER INDEX \(q(copy.name)) RENAME TO \(q(current.name))")
                    }
                }
                try await connection.execute("ALTER TABLE \(q(staging)) RENAME TO \(q(target))")
                try await connection.execute("DROP TABLE \(q(old))")
            }
        case .sqlite:
            // The staging table was made from the target's CREATE TABLE text, which carries its inline keys;
            // separate indexes and triggers belong to the old table and are recreated on the new one. Legacy
            // renaming keeps views and other tables' references pointing at the name, not at the old table.
            let extras = try await connection.query(
                "SELECT sql FROM sqlite_master WHERE tbl_name = ? AND type IN ('index', 'trigger') AND sql IS NOT NULL "
                    + "ORDER BY type, name",
                parameters: [.text(target)]
            ) { try await $0.collectRows() }
            try await connection.execute("PRAGMA legacy_alter_table = ON")
            try await connection.withTransaction {
                try await connection.execute("ALTER TABLE \(q(target)) RENAME TO \(q(old))")
                try await connection.execute("ALTER TABLE \(q(staging)) RENAME TO \(q(target))")
                try await connection.execute("DROP TABLE \(q(old))")
                for row in extras {
                    if case .text(let sql)? = row.first { try await connection.execute(sql) }
                }
            }
        }
    }

    /// A PostgreSQL table's indexes in creation order: names, and what they index (columns, unique, primary).
    private static func postgresIndexes(
        of table: String, on connection: any SQLConnection
    ) async throws -> [(name: String, shape: String)] {
        let rows = try await connection.query(
            "SELECT c.relname::text, i.indkey::text || '/' || i.indisunique::text || '/' || i.indisprimary::text "
                + "FROM pg_catalog.pg_index i JOIN pg_catalog.pg_class c ON c.oid = i.indexrelid "
                + "WHERE i.indrelid = to_regclass(?) ORDER BY c.oid",
            parameters: [.text(connection.quoteIdentifier(table))]
        ) { try await $0.collectRows() }
        return rows.compactMap { row in
            guard case .text(let name) = row[0], case .text(let shape) = row[1] else { return nil }
            return (name, shape)
        }
    }

    /// The `INSERT … SELECT` that moves staged rows into the target for append, truncate (after the delete) and
    /// merge.
    static func insertSQL(
        mode: Transfer.WriteMode, target: String, staging: String, columns: [String], keyColumns: [String],
        dialect: SQLDialect
    ) -> String {
        let q = dialect.quoteIdentifier
        let list = columns.map(q).joined(separator: ", ")
        guard mode.base == .merge else { return "INSERT INTO \(q(target)) (\(list)) SELECT \(list) FROM \(q(staging))" }
        let keys = Set(keyColumns)
        let others = columns.filter { !keys.contains($0) }
        switch dialect {
        case .mysql:
            let staged = columns.map { "ferry_staged.\(q($0))" }.joined(separator: ", ")
            let updates =
                others.isEmpty
                ? "\(q(target)).\(q(keyColumns[0])) = \(q(target)).\(q(keyColumns[0]))"
                : others.map { "\(q(target)).\(q($0)) = ferry_staged.\(q($0))" }.joined(separator: ", ")
            return "INSERT INTO \(q(target)) (\(list)) SELECT \(staged) FROM \(q(staging)) AS ferry_staged "
                + "ON DUPLICATE KEY UPDATE \(updates)"
        case .postgres, .sqlite:
            // `WHERE true` keeps SQLite from reading ON CONFLICT as a join constraint of the SELECT.
            let action =
                others.isEmpty
                ? "NOTHING" : "UPDATE SET " + others.map { "\(q($0)) = excluded.\(q($0))" }.joined(separator: ", ")
            return "INSERT INTO \(q(target)) (\(list)) SELECT \(list) FROM \(q(staging)) WHERE true "
                + "ON CONFLICT (\(keyColumns.map(q).joined(separator: ", "))) DO \(action)"
        }
    }
}

extension Transfer {
    /// Creates an empty table with another table's columns, types and keys: MySQL `CREATE TABLE … LIKE`, PostgreSQL
    /// `LIKE … INCLUDING ALL`, SQLite the other table's own `CREATE TABLE` text under the new name.
    ///
    /// - Parameters:
    ///   - name: The new table's name (unquoted).
    ///   - model: The existing table to copy the shape of (unquoted).
    ///   - connection: The connection, in the database or schema holding `model`.
    /// - Throws: ``SQLError``.
    public static func createTable(_ name: String, like model: String, on connection: any SQLConnection) async throws {
        try await connection.execute(try await TransferSQL.createLikeSQL(staging: name, target: model, on: connection))
    }
}
