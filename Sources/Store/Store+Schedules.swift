import DataPlane
public import Foundation
public import JSONValue

extension Store {
    /// Creates or replaces a schedule. Replacing keeps its ``ScheduleRecord/lastFired``.
    ///
    /// The store does not parse the expression; check it with the `Scheduling` module first.
    ///
    /// - Parameters:
    ///   - name: The schedule's name (AWS's name rules).
    ///   - expression: `rate(…)`, `cron(…)` or `at(…)`.
    ///   - timezone: The IANA time zone, such as `UTC` or `Europe/Berlin`.
    ///   - stateMachineArn: The state machine each run starts; it must exist.
    ///   - input: The input of each run.
    ///   - overlap: The overlap policy's name (`skip` by default).
    /// - Returns: The stored schedule.
    /// - Throws: ``StoreError`` (``StoreError/Code/invalidName``, ``StoreError/Code/stateMachineDoesNotExist``) or
    ///   `SQLError`.
    @discardableResult
    public func putSchedule(
        name: String, expression: String, timezone: String = "UTC", stateMachineArn: String, input: JSONValue = [:],
        overlap: String = "skip"
    ) async throws -> ScheduleRecord {
        try Self.checkName(name, kind: "schedule")
        let now = nowMilliseconds
        return try await serialized {
            try await connection.withTransaction {
                _ = try await stateMachineRow(arn: stateMachineArn)
                let values: [SQLValue] = [
                    .text(expression), .text(timezone), .text(stateMachineArn),
                    .text(input.serialized()), .text(overlap), .integer(now),
                ]
                let updated = try await connection.execute(
                    "UPDATE \(q(StoreSchema.schedules)) SET expression = ?, timezone = ?, state_machine_arn = ?, "
                        + "input = ?, overlap = ?, updated_ms = ? WHERE name = ?",
                    parameters: values + [.text(name)])
                if updated == 0 {
                    try await connection.execute(
                        "INSERT INTO \(q(StoreSchema.schedules)) (expression, timezone, state_machine_arn, input, "
                            + "overlap, updated_ms, name) VALUES (?, ?, ?, ?, ?, ?, ?)",
                        parameters: values + [.text(name)])
                }
            }
            return try await scheduleRow(name)
        }
    }

    /// Reads a schedule.
    ///
    /// - Parameter name: The schedule's name.
    /// - Returns: The schedule.
    /// - Throws: ``StoreError`` (``StoreError/Code/scheduleDoesNotExist``) or `SQLError`.
    public func schedule(named name: String) async throws -> ScheduleRecord {
        try await serialized { try await scheduleRow(name) }
    }

    /// Lists schedules by name.
    ///
    /// - Parameters:
    ///   - maxResults: Page size, 1 to 1000 (0 means 100).
    ///   - nextToken: The previous page's ``StorePage/nextToken``, or `nil` for the first page.
    /// - Returns: One page.
    /// - Throws: ``StoreError`` or `SQLError`.
    public func listSchedules(maxResults: Int = 0, nextToken: String? = nil) async throws -> StorePage<ScheduleRecord> {
        try await listByName(
            table: StoreSchema.schedules, columns: Self.scheduleColumns, kind: "schedules", maxResults: maxResults,
            nextToken: nextToken, name: \.name, decode: Self.schedule)
    }

    /// Deletes a schedule.
    ///
    /// - Parameter name: The schedule's name.
    /// - Throws: ``StoreError`` (``StoreError/Code/scheduleDoesNotExist``) or `SQLError`.
    public func deleteSchedule(name: String) async throws {
        try await serialized {
            let deleted = try await connection.execute(
                "DELETE FROM \(q(StoreSchema.schedules)) WHERE name = ?", parameters: [.text(name)])
            guard deleted > 0 else { throw Self.noSchedule(name) }
        }
    }

    /// Records the last time a schedule fired (the scheduler's bookkeeping, read back after a restart).
    ///
    /// - Parameters:
    ///   - name: The schedule's name.
    ///   - date: The fire time.
    /// - Throws: ``StoreError`` (``StoreError/Code/scheduleDoesNotExist``) or `SQLError`.
    public func setLastFired(scheduleName name: String, at date: Date) async throws {
        try await serialized {
            let changed = try await connection.execute(
                "UPDATE \(q(StoreSchema.schedules)) SET last_fired_ms = ? WHERE name = ?",
                parameters: [.integer(Self.milliseconds(date)), .text(name)])
            guard changed > 0 else { throw Self.noSchedule(name) }
        }
    }

    // MARK: Internals

    static let scheduleColumns =
        "name, expression, timezone, state_machine_arn, input, overlap, last_fired_ms, updated_ms"

    static func schedule(_ row: [SQLValue]) throws -> ScheduleRecord {
        ScheduleRecord(
            name: text(row[0]) ?? "", expression: text(row[1]) ?? "", timezone: text(row[2]) ?? "UTC",
            stateMachineArn: text(row[3]) ?? "", input: try json(row[4]) ?? .null, overlap: text(row[5]) ?? "skip",
            lastFired: int(row[6]).map(date), updateDate: date(int(row[7]) ?? 0))
    }

    static func noSchedule(_ name: String) -> StoreError {
        StoreError(
            code: .scheduleDoesNotExist,
            message: "no schedule is named \"\(name)\"; list them with `ferry schedule list`")
    }

    func scheduleRow(_ name: String) async throws -> ScheduleRecord {
        let rows = try await rows(
            "SELECT \(Self.scheduleColumns) FROM \(q(StoreSchema.schedules)) WHERE name = ?", [.text(name)])
        guard let row = rows.first else { throw Self.noSchedule(name) }
        return try Self.schedule(row)
    }
}
