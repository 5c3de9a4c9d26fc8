import DataPlane
import Foundation

extension Store {
    /// The ARN of the state machine with a name: `arn:aws:states:<region>:<account>:stateMachine:<name>`.
    ///
    /// - Parameter name: The state machine's name.
    /// - Returns: Its ARN.
    public func stateMachineArn(name: String) -> String { arnPrefix + "stateMachine:" + name }

    /// Stores a new state machine at revision 1.
    ///
    /// The definition is stored as given; validate it (StatesLanguage) before calling.
    ///
    /// - Parameters:
    ///   - name: Its name (1 to 80 characters, AWS's character rules), unique in the store.
    ///   - definition: The ASL definition, as JSON text.
    ///   - roleArn: The IAM role ARN (kept for AWS compatibility).
    ///   - type: `STANDARD` (default) or `EXPRESS`.
    ///   - tags: Tags to set on it.
    /// - Returns: The stored state machine.
    /// - Throws: ``StoreError`` (``StoreError/Code/stateMachineAlreadyExists``, ``StoreError/Code/invalidName``,
    ///   ``StoreError/Code/invalidValue``) or `SQLError`.
    @discardableResult
    public func createStateMachine(
        name: String, definition: String, roleArn: String, type: String = "STANDARD", tags: [String: String] = [:]
    ) async throws -> StateMachineRecord {
        try Self.checkName(name, kind: "state machine")
        guard type == "STANDARD" || type == "EXPRESS" else {
            throw StoreError(
                code: .invalidValue, message: "state machine type \"\(type)\" is unknown; use STANDARD or EXPRESS")
        }
        let arn = stateMachineArn(name: name)
        let now = nowMilliseconds
        do {
            try await serialized {
                try await connection.withTransaction {
                    try await connection.execute(
                        "INSERT INTO \(q(StoreSchema.stateMachines)) (arn, name, type, role_arn, definition, version, "
                            + "created_ms, updated_ms) VALUES (?, ?, ?, ?, ?, 1, ?, ?)",
                        parameters: [
                            .text(arn), .text(name), .text(type), .text(roleArn), .text(definition),
                            .integer(now), .integer(now),
                        ])
                    try await insertVersion(arn: arn, version: 1, definition: definition, roleArn: roleArn, now: now)
                    try await writeTags(arn: arn, tags)
                }
            }
        } catch where Self.isUniqueViolation(error) {
            throw StoreError(
                code: .stateMachineAlreadyExists,
                message: "a state machine named \"\(name)\" already exists (\(arn)); update it with UpdateStateMachine "
                    + "or choose another name")
        }
        return try await describeStateMachine(arn: arn)
    }

    /// Stores a new revision of a state machine's definition (and role), one version number higher.
    ///
    /// Running executions keep the definition they started with.
    ///
    /// - Parameters:
    ///   - arn: The state machine's ARN.
    ///   - definition: The new ASL definition, as JSON text.
    ///   - roleArn: The new role ARN, or `nil` to keep the current one.
    /// - Returns: The updated state machine.
    /// - Throws: ``StoreError`` (``StoreError/Code/stateMachineDoesNotExist``) or `SQLError`.
    @discardableResult
    public func updateStateMachine(arn: String, definition: String, roleArn: String? = nil) async throws
        -> StateMachineRecord
    {
        let now = nowMilliseconds
        try await serialized {
            try await connection.withTransaction {
                let current = try await stateMachineRow(arn: arn)
                let version = current.version + 1
                let role = roleArn ?? current.roleArn
                try await connection.execute(
                    "UPDATE \(q(StoreSchema.stateMachines)) SET definition = ?, role_arn = ?, version = ?, "
                        + "updated_ms = ? WHERE arn = ?",
                    parameters: [.text(definition), .text(role), .integer(Int64(version)), .integer(now), .text(arn)])
                try await insertVersion(arn: arn, version: version, definition: definition, roleArn: role, now: now)
            }
        }
        return try await describeStateMachine(arn: arn)
    }

    /// Describes a state machine: its latest revision, or for a version-qualified ARN (`…:stateMachine:<name>:<n>`)
    /// that revision.
    ///
    /// - Parameter arn: The state machine's ARN, optionally with `:<version>`.
    /// - Returns: The state machine.
    /// - Throws: ``StoreError`` (``StoreError/Code/stateMachineDoesNotExist``) or `SQLError`.
    public func describeStateMachine(arn: String) async throws -> StateMachineRecord {
        try await serialized {
            let (base, version) = splitVersion(arn)
            var record = try await stateMachineRow(arn: base)
            guard let version, version != record.version else { return record }
            let rows = try await rows(
                "SELECT definition, role_arn, created_ms FROM \(q(StoreSchema.versions)) WHERE state_machine_arn = ? "
                    + "AND version = ?", [.text(base), .integer(Int64(version))])
            guard let row = rows.first else { throw Self.noStateMachine(arn) }
            record.definition = Self.text(row[0]) ?? ""
            record.roleArn = Self.text(row[1]) ?? ""
            record.version = version
            record.updateDate = Self.date(Self.int(row[2]) ?? 0)
            return record
        }
    }

    /// Lists state machines by name.
    ///
    /// - Parameters:
    ///   - maxResults: Page size, 1 to 1000 (0 means 100).
    ///   - nextToken: The previous page's ``StorePage/nextToken``, or `nil` for the first page.
    /// - Returns: One page.
    /// - Throws: ``StoreError`` (``StoreError/Code/invalidToken``, ``StoreError/Code/invalidValue``) or `SQLError`.
    public func listStateMachines(maxResults: Int = 0, nextToken: String? = nil) async throws
        -> StorePage<StateMachineRecord>
    {
        try await listByName(
            table: StoreSchema.stateMachines, columns: Self.stateMachineColumns, kind: "stateMachines",
            maxResults: maxResults, nextToken: nextToken, name: \.name, decode: Self.stateMachine)
    }

    /// Deletes a state machine, its revisions and its tags. Its executions stay (they keep their definitions).
    ///
    /// - Parameter arn: The state machine's ARN.
    /// - Throws: ``StoreError`` (``StoreError/Code/stateMachineDoesNotExist``) or `SQLError`.
    public func deleteStateMachine(arn: String) async throws {
        try await serialized {
            try await connection.withTransaction {
                let deleted = try await connection.execute(
                    "DELETE FROM \(q(StoreSchema.stateMachines)) WHERE arn = ?", parameters: [.text(arn)])
                guard deleted > 0 else { throw Self.noStateMachine(arn) }
                try await connection.execute(
                    "DELETE FROM \(q(StoreSchema.versions)) WHERE state_machine_arn = ?", parameters: [.text(arn)])
                try await connection.execute(
                    "DELETE FROM \(q(StoreSchema.tags)) WHERE resource_arn = ?", parameters: [.text(arn)])
            }
        }
    }

    // MARK: Tags

    /// The tags of a state machine.
    ///
    /// - Parameter resourceArn: The state machine's ARN.
    /// - Returns: Its tags.
    /// - Throws: ``StoreError`` (``StoreError/Code/resourceNotFound``) or `SQLError`.
    public func tags(resourceArn: String) async throws -> [String: String] {
        try await serialized {
            try await requireTaggable(resourceArn)
            var tags: [String: String] = [:]
            for row in try await rows(
                "SELECT tag_key, tag_value FROM \(q(StoreSchema.tags)) WHERE resource_arn = ?", [.text(resourceArn)])
            {
                tags[Self.text(row[0]) ?? ""] = Self.text(row[1]) ?? ""
            }
            return tags
        }
    }

    /// Adds tags to a state machine, replacing the values of keys it already has.
    ///
    /// - Parameters:
    ///   - resourceArn: The state machine's ARN.
    ///   - tags: The tags.
    /// - Throws: ``StoreError`` (``StoreError/Code/resourceNotFound``) or `SQLError`.
    public func tagResource(resourceArn: String, tags: [String: String]) async throws {
        try await serialized {
            try await connection.withTransaction {
                try await requireTaggable(resourceArn)
                try await writeTags(arn: resourceArn, tags)
            }
        }
    }

    /// Removes tags from a state machine; keys it does not have are ignored.
    ///
    /// - Parameters:
    ///   - resourceArn: The state machine's ARN.
    ///   - keys: The tag keys to remove.
    /// - Throws: ``StoreError`` (``StoreError/Code/resourceNotFound``) or `SQLError`.
    public func untagResource(resourceArn: String, keys: [String]) async throws {
        try await serialized {
            try await connection.withTransaction {
                try await requireTaggable(resourceArn)
                for key in keys {
                    try await connection.execute(
                        "DELETE FROM \(q(StoreSchema.tags)) WHERE resource_arn = ? AND tag_key = ?",
                        parameters: [.text(resourceArn), .text(key)])
                }
            }
        }
    }

    // MARK: Internals

    static let stateMachineColumns = "arn, name, definition, role_arn, type, version, created_ms, updated_ms"

    static func stateMachine(_ row: [SQLValue]) -> StateMachineRecord {
        StateMachineRecord(
            arn: text(row[0]) ?? "", name: text(row[1]) ?? "", definition: text(row[2]) ?? "",
            roleArn: text(row[3]) ?? "", type: text(row[4]) ?? "STANDARD", version: Int(int(row[5]) ?? 1),
            creationDate: date(int(row[6]) ?? 0), updateDate: date(int(row[7]) ?? 0))
    }

    static func noStateMachine(_ arn: String) -> StoreError {
        StoreError(
            code: .stateMachineDoesNotExist,
            message: "no state machine has the ARN \(arn); list them with ListStateMachines or create it first")
    }

    /// Builds a page from `limit + 1` fetched items.
    static func page<Item: Sendable & Hashable>(_ items: [Item], limit: Int, token: (Item) -> String) -> StorePage<Item>
    {
        guard items.count > limit else { return StorePage(items: items, nextToken: nil) }
        let kept = Array(items.prefix(limit))
        return StorePage(items: kept, nextToken: kept.last.map(token))
    }

    /// One page of a table listed by its unique `name` column, with keyset pagination.
    func listByName<Item: Sendable & Hashable>(
        table: String, columns: String, kind: String, maxResults: Int, nextToken: String?,
        name: KeyPath<Item, String>, decode: ([SQLValue]) throws -> Item
    ) async throws -> StorePage<Item> {
        let limit = try Self.pageSize(maxResults)
        let after = try PageToken.key(nextToken, kind: kind)
        return try await serialized {
            var sql = "SELECT \(columns) FROM \(q(table))"
            var parameters: [SQLValue] = []
            if let after {
                sql += " WHERE name > ?"
                parameters.append(.text(after))
            }
            sql += " ORDER BY name LIMIT ?"
            parameters.append(.integer(Int64(limit + 1)))
            let records = try await rows(sql, parameters).map(decode)
            return Self.page(records, limit: limit) { PageToken.make(kind: kind, key: $0[keyPath: name]) }
        }
    }

    func stateMachineRow(arn: String) async throws -> StateMachineRecord {
        let rows = try await rows(
            "SELECT \(Self.stateMachineColumns) FROM \(q(StoreSchema.stateMachines)) WHERE arn = ?", [.text(arn)])
        guard let row = rows.first else { throw Self.noStateMachine(arn) }
        return Self.stateMachine(row)
    }

    /// `(arn, nil)`, or `(unqualified arn, version)` for `…:stateMachine:<name>:<n>`.
    func splitVersion(_ arn: String) -> (String, Int?) {
        let prefix = arnPrefix + "stateMachine:"
        guard arn.hasPrefix(prefix) else { return (arn, nil) }
        let rest = arn.dropFirst(prefix.count)
        guard let colon = rest.lastIndex(of: ":"), let version = Int(rest[rest.index(after: colon)...]) else {
            return (arn, nil)
        }
        return (prefix + rest[..<colon], version)
    }

    private func insertVersion(arn: String, version: Int, definition: String, roleArn: String, now: Int64) async throws
    {
        try await connection.execute(
            "INSERT INTO \(q(StoreSchema.versions)) (state_machine_arn, version, definition, role_arn, created_ms) "
                + "VALUES (?, ?, ?, ?, ?)",
            parameters: [.text(arn), .integer(Int64(version)), .text(definition), .text(roleArn), .integer(now)])
    }

    private func writeTags(arn: String, _ tags: [String: String]) async throws {
        for (key, value) in tags.sorted(by: { $0.key < $1.key }) {
            try await connection.execute(
                "DELETE FROM \(q(StoreSchema.tags)) WHERE resource_arn = ? AND tag_key = ?",
                parameters: [.text(arn), .text(key)])
            try await connection.execute(
                "INSERT INTO \(q(StoreSchema.tags)) (resource_arn, tag_key, tag_value) VALUES (?, ?, ?)",
                parameters: [.text(arn), .text(key), .text(value)])
        }
    }

    private func requireTaggable(_ arn: String) async throws {
        let rows = try await rows("SELECT 1 FROM \(q(StoreSchema.stateMachines)) WHERE arn = ?", [.text(arn)])
        guard !rows.isEmpty else {
            throw StoreError(
                code: .resourceNotFound,
                message: "no taggable resource has the ARN \(arn); tags can be set on existing state machines")
        }
    }
}
