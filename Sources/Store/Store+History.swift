import DataPlane
import Foundation
import JSONValue

extension Store {
    /// Appends history events (and the checkpoints of the steps they complete) to an execution, in one transaction
    /// committed before this returns.
    ///
    /// The events' ids must continue the execution's history without gaps: the first is one more than the last
    /// stored id (1 for a new execution), each next one more again. The ids are the table's key, so a second writer
    /// appending an id that is already stored fails with ``StoreError/Code/eventConflict`` and nothing of its batch
    /// is stored: history is never duplicated.
    ///
    /// - Parameters:
    ///   - executionArn: The execution's ARN.
    ///   - events: The events, in id order.
    ///   - checkpoints: Checkpoints of steps these events complete (see ``checkpoints(executionArn:)``); a key that
    ///     is already stored is an ``StoreError/Code/eventConflict``.
    ///   - worker: When given, the worker that must hold the execution's unexpired lease (a fence against a worker
    ///     whose lease was taken over); `nil` skips the check.
    /// - Throws: ``StoreError`` (``StoreError/Code/executionDoesNotExist``, ``StoreError/Code/eventConflict``,
    ///   ``StoreError/Code/leaseLost``) or `SQLError`.
    public func appendEvents(
        executionArn: String, events: [HistoryEvent], checkpoints: [StepCheckpoint] = [], worker: String? = nil
    ) async throws {
        guard !events.isEmpty || !checkpoints.isEmpty else { return }
        let now = nowMilliseconds
        try await mappingEventConflicts(executionArn, events) {
            try await serialized {
                try await connection.withTransaction {
                    try await insertEvents(events, executionArn: executionArn, worker: worker, now: now)
                    try await insertCheckpoints(checkpoints, executionArn: executionArn)
                }
            }
        }
    }

    /// The id of an execution's last history event (0 when it has none).
    ///
    /// - Parameter executionArn: The execution's ARN.
    /// - Returns: The last id.
    /// - Throws: `SQLError`.
    public func lastEventId(executionArn: String) async throws -> Int {
        try await serialized { try await lastEventId(executionArn) }
    }

    /// Reads an execution's history, a page at a time.
    ///
    /// - Parameters:
    ///   - executionArn: The execution's ARN.
    ///   - reverseOrder: Newest first when `true`.
    ///   - maxResults: Page size, 1 to 1000 (0 means 100).
    ///   - nextToken: The previous page's ``StorePage/nextToken``, or `nil` for the first page.
    /// - Returns: One page of events.
    /// - Throws: ``StoreError`` (``StoreError/Code/executionDoesNotExist``, ``StoreError/Code/invalidToken``) or
    ///   `SQLError`.
    public func history(
        executionArn: String, reverseOrder: Bool = false, maxResults: Int = 0, nextToken: String? = nil
    ) async throws -> StorePage<HistoryEvent> {
        let limit = try Self.pageSize(maxResults)
        let kind = reverseOrder ? "historyReverse" : "history"
        let after = try PageToken.key(nextToken, kind: kind)
        var parameters: [SQLValue] = [.text(executionArn)]
        var sql =
            "SELECT id, previous_id, type, timestamp_ms, details FROM \(q(StoreSchema.events)) WHERE execution_arn = ?"
        if let after {
            guard let id = Int64(after) else {
                throw StoreError(code: .invalidToken, message: "the nextToken is malformed; pass the one returned")
            }
            sql += reverseOrder ? " AND id < ?" : " AND id > ?"
            parameters.append(.integer(id))
        }
        sql += " ORDER BY id" + (reverseOrder ? " DESC" : "") + " LIMIT ?"
        parameters.append(.integer(Int64(limit + 1)))
        return try await serialized {
            guard try await executionRow(arn: executionArn) != nil else { throw Self.noExecution(executionArn) }
            let events = try await rows(sql, parameters).map { row in
                HistoryEvent(
                    id: Int(Self.int(row[0]) ?? 0), previousEventId: Self.int(row[1]).map { Int($0) },
                    type: Self.text(row[2]) ?? "", timestamp: Self.date(Self.int(row[3]) ?? 0),
                    details: try Self.json(row[4]) ?? .null)
            }
            return Self.page(events, limit: limit) { PageToken.make(kind: kind, key: String($0.id)) }
        }
    }

    // MARK: Internals

    /// Checks the lease and the ids, and inserts `events`; the caller runs this inside a transaction.
    ///
    /// One query reads the lease and the last id, and one multi-row INSERT per 100 events stores them: a commit
    /// costs a handful of round trips however many events it carries.
    func insertEvents(_ events: [HistoryEvent], executionArn: String, worker: String?, now: Int64) async throws {
        let state = try await rows(
            "SELECT lease_owner, lease_expiry_ms, (SELECT MAX(id) FROM \(q(StoreSchema.events)) WHERE execution_arn = ?) "
                + "FROM \(q(StoreSchema.executions)) WHERE arn = ?", [.text(executionArn), .text(executionArn)])
        guard let row = state.first else { throw Self.noExecution(executionArn) }
        if let worker {
            guard Self.text(row[0]) == worker, let expiry = Self.int(row[1]), expiry > now else {
                throw Self.leaseLost(executionArn, worker: worker)
            }
        }
        let last = Int(Self.int(row[2]) ?? 0)
        for (offset, event) in events.enumerated() where event.id != last + 1 + offset {
            throw Self.eventConflict(executionArn, id: event.id, expected: last + 1 + offset)
        }
        try await insertRows(
            into: StoreSchema.events, columns: ["execution_arn", "id", "previous_id", "type", "timestamp_ms", "details"],
            events.map { event in
                [
                    .text(executionArn), .integer(Int64(event.id)),
                    event.previousEventId.map { .integer(Int64($0)) } ?? .null, .text(event.type),
                    .integer(Self.milliseconds(event.timestamp)), .text(event.details.serialized()),
                ]
            })
    }

    /// Inserts rows with multi-row INSERTs of up to 100 rows each.
    func insertRows(into table: String, columns: [String], _ rows: [[SQLValue]]) async throws {
        let head = "INSERT INTO \(q(table)) (" + columns.map(q).joined(separator: ", ") + ") VALUES "
        let tuple = "(" + Array(repeating: "?", count: columns.count).joined(separator: ", ") + ")"
        var start = rows.startIndex
        while start < rows.endIndex {
            let chunk = rows[start..<min(start + 100, rows.endIndex)]
            try await connection.execute(
                head + Array(repeating: tuple, count: chunk.count).joined(separator: ", "),
                parameters: chunk.flatMap { $0 })
            start = chunk.endIndex
        }
    }

    /// Runs `body`, turning a key violation on the history table (a second writer won) into
    /// ``StoreError/Code/eventConflict``.
    func mappingEventConflicts<R>(_ executionArn: String, _ events: [HistoryEvent], _ body: () async throws -> R)
        async throws -> R
    {
        do {
            return try await body()
        } catch where Self.isUniqueViolation(error) {
            throw Self.eventConflict(executionArn, id: events.first?.id ?? 0, expected: nil)
        }
    }

    func lastEventId(_ executionArn: String) async throws -> Int {
        let rows = try await rows(
            "SELECT MAX(id) FROM \(q(StoreSchema.events)) WHERE execution_arn = ?", [.text(executionArn)])
        return Int(rows.first.flatMap { $0.first.flatMap(Self.int) } ?? 0)
    }

    static func eventConflict(_ arn: String, id: Int, expected: Int?) -> StoreError {
        StoreError(
            code: .eventConflict,
            message: "history event \(id) of \(arn) cannot be appended"
                + (expected.map { " (the next id is \($0))" } ?? " (another writer stored it first)")
                + "; another worker may be running this execution: reload its history before continuing")
    }
}
