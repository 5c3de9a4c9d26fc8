import DataPlane
public import Foundation
public import JSONValue

extension Store {
    /// Starts an execution: stores it as RUNNING with the state machine's current revision, and no lease.
    ///
    /// AWS's idempotency: when an execution with the same name exists, the same input on a RUNNING execution returns
    /// it (``StartExecutionResult/isNew`` is `false`); a different input, or a closed execution, is
    /// ``StoreError/Code/executionAlreadyExists``. Run the engine on the execution (or let a worker claim it).
    ///
    /// - Parameters:
    ///   - stateMachineArn: The state machine's ARN.
    ///   - name: The execution's name, or `nil` for a random UUID.
    ///   - input: Its input.
    /// - Returns: The execution and whether it is new.
    /// - Throws: ``StoreError`` (``StoreError/Code/stateMachineDoesNotExist``,
    ///   ``StoreError/Code/executionAlreadyExists``, ``StoreError/Code/invalidName``) or `SQLError`.
    @discardableResult
    public func startExecution(stateMachineArn: String, name: String? = nil, input: JSONValue = [:]) async throws
        -> StartExecutionResult
    {
        let name = name ?? UUID().uuidString.lowercased()
        try Self.checkName(name, kind: "execution")
        let now = nowMilliseconds
        let inputText = input.serialized()
        return try await serialized {
            let machine = try await stateMachineRow(arn: stateMachineArn)
            let arn = arnPrefix + "execution:" + machine.name + ":" + name
            for attempt in 0..<2 {
                if let existing = try await executionRow(arn: arn) {
                    guard existing.status == .running, existing.input.serialized() == inputText else {
                        throw StoreError(
                            code: .executionAlreadyExists,
                            message: "execution \(arn) already exists"
                                + (existing.status == .running ? " with a different input" : " and is closed")
                                + "; choose another name")
                    }
                    return StartExecutionResult(execution: existing, isNew: false)
                }
                do {
                    try await connection.execute(
                        "INSERT INTO \(q(StoreSchema.executions)) (arn, state_machine_arn, state_machine_version, "
                            + "definition, name, status, input, start_ms) VALUES (?, ?, ?, ?, ?, ?, ?, ?)",
                        parameters: [
                            .text(arn), .text(machine.arn), .integer(Int64(machine.version)),
                            .text(machine.definition), .text(name), .text(ExecutionStatus.running.rawValue),
                            .text(inputText), .integer(now),
                        ])
                    break
                } catch where Self.isUniqueViolation(error) && attempt == 0 {
                    continue  // another store inserted it first: answer as for an existing execution
                }
            }
            guard let created = try await executionRow(arn: arn) else { throw Self.noExecution(arn) }
            return StartExecutionResult(execution: created, isNew: true)
        }
    }

    /// Describes an execution.
    ///
    /// - Parameter arn: The execution's ARN.
    /// - Returns: The execution.
    /// - Throws: ``StoreError`` (``StoreError/Code/executionDoesNotExist``) or `SQLError`.
    public func describeExecution(arn: String) async throws -> ExecutionRecord {
        try await serialized {
            guard let record = try await executionRow(arn: arn) else { throw Self.noExecution(arn) }
            return record
        }
    }

    /// Lists executions, newest first, of one state machine or of all.
    ///
    /// - Parameters:
    ///   - stateMachineArn: The state machine, or `nil` for every execution in the store.
    ///   - statusFilter: Only executions with this status.
    ///   - maxResults: Page size, 1 to 1000 (0 means 100).
    ///   - nextToken: The previous page's ``StorePage/nextToken``, or `nil` for the first page.
    /// - Returns: One page.
    /// - Throws: ``StoreError`` or `SQLError`.
    public func listExecutions(
        stateMachineArn: String?, statusFilter: ExecutionStatus? = nil, maxResults: Int = 0, nextToken: String? = nil
    ) async throws -> StorePage<ExecutionRecord> {
        let limit = try Self.pageSize(maxResults)
        let after = try PageToken.key(nextToken, kind: "executions")
        return try await serialized {
            var conditions: [String] = []
            var parameters: [SQLValue] = []
            if let stateMachineArn {
                _ = try await stateMachineRow(arn: stateMachineArn)
                conditions.append("state_machine_arn = ?")
                parameters.append(.text(stateMachineArn))
            }
            if let statusFilter {
                conditions.append("status = ?")
                parameters.append(.text(statusFilter.rawValue))
            }
            if let after {
                guard let separator = after.firstIndex(of: " "), let start = Int64(after[..<separator]) else {
                    throw StoreError(code: .invalidToken, message: "the nextToken is malformed; pass the one returned")
                }
                let arn = String(after[after.index(after: separator)...])
                conditions.append("(start_ms < ? OR (start_ms = ? AND arn < ?))")
                parameters += [.integer(start), .integer(start), .text(arn)]
            }
            var sql = "SELECT \(Self.executionColumns) FROM \(q(StoreSchema.executions))"
            if !conditions.isEmpty { sql += " WHERE " + conditions.joined(separator: " AND ") }
            sql += " ORDER BY start_ms DESC, arn DESC LIMIT ?"
            parameters.append(.integer(Int64(limit + 1)))
            let records = try await rows(sql, parameters).map(Self.execution)
            return Self.page(records, limit: limit) {
                PageToken.make(kind: "executions", key: "\(Self.milliseconds($0.startDate)) \($0.arn)")
            }
        }
    }

    /// Counts executions by state machine and status, for overviews such as the web console's list of state
    /// machines.
    ///
    /// - Parameter stateMachineArn: One state machine, or `nil` for every state machine in the store.
    /// - Returns: For each state machine ARN with executions, how many it has in each status (statuses without
    ///   executions are absent).
    /// - Throws: `SQLError`.
    public func executionCounts(stateMachineArn: String? = nil) async throws -> [String: [ExecutionStatus: Int]] {
        var sql = "SELECT state_machine_arn, status, COUNT(*) FROM \(q(StoreSchema.executions))"
        var parameters: [SQLValue] = []
        if let stateMachineArn {
            sql += " WHERE state_machine_arn = ?"
            parameters.append(.text(stateMachineArn))
        }
        sql += " GROUP BY state_machine_arn, status"
        let found = try await serialized { try await rows(sql, parameters) }
        var counts: [String: [ExecutionStatus: Int]] = [:]
        for row in found {
            guard let arn = Self.text(row[0]), let status = Self.text(row[1]).flatMap(ExecutionStatus.init(rawValue:))
            else { continue }
            counts[arn, default: [:]][status] = Int(Self.int(row[2]) ?? 0)
        }
        return counts
    }

    /// Records that an execution finished: its status, output or error and cause, and stop date. Releases its
    /// lease and closes its waiting task tokens, in one transaction — together with its last history events
    /// (`ExecutionSucceeded`, …) when given, so a crash never leaves a finished history on a RUNNING execution.
    ///
    /// - Parameters:
    ///   - arn: The execution's ARN.
    ///   - status: The final status (not ``ExecutionStatus/running``).
    ///   - output: The output, for ``ExecutionStatus/succeeded``.
    ///   - error: The error name, otherwise.
    ///   - cause: The cause, otherwise.
    ///   - events: History events to append first, as ``appendEvents(executionArn:events:checkpoints:worker:)`` does.
    ///   - worker: When given, the worker that must hold the execution's lease.
    /// - Returns: The finished execution.
    /// - Throws: ``StoreError`` (``StoreError/Code/executionDoesNotExist``, ``StoreError/Code/executionNotRunning``,
    ///   ``StoreError/Code/invalidValue``, ``StoreError/Code/eventConflict``, ``StoreError/Code/leaseLost``) or
    ///   `SQLError`.
    @discardableResult
    public func finishExecution(
        arn: String, status: ExecutionStatus, output: JSONValue? = nil, error: String? = nil, cause: String? = nil,
        events: [HistoryEvent] = [], worker: String? = nil
    ) async throws -> ExecutionRecord {
        guard status != .running else {
            throw StoreError(code: .invalidValue, message: "an execution cannot finish as RUNNING; pass a final status")
        }
        let now = nowMilliseconds
        return try await mappingEventConflicts(arn, events) {
            try await serialized {
                try await connection.withTransaction {
                    if !events.isEmpty || worker != nil {
                        try await insertEvents(events, executionArn: arn, worker: worker, now: now)
                    }
                    let changed = try await connection.execute(
                        "UPDATE \(q(StoreSchema.executions)) SET status = ?, output = ?, error = ?, cause = ?, "
                            + "stop_ms = ?, stop_requested = 0, lease_owner = NULL, lease_expiry_ms = NULL "
                            + "WHERE arn = ? AND status = ?",
                        parameters: [
                            .text(status.rawValue), Self.jsonText(output), Self.optional(error),
                            Self.optional(cause), .integer(now), .text(arn), .text(ExecutionStatus.running.rawValue),
                        ])
                    guard changed > 0 else { throw try await notRunning(arn) }
                    try await connection.execute(
                        "UPDATE \(q(StoreSchema.tokens)) SET status = ? WHERE execution_arn = ? AND status = ?",
                        parameters: [
                            .text(TaskTokenRecord.Status.closed.rawValue), .text(arn),
                            .text(TaskTokenRecord.Status.waiting.rawValue),
                        ])
                }
                guard let record = try await executionRow(arn: arn) else { throw Self.noExecution(arn) }
                return record
            }
        }
    }

    /// Asks for a running execution to be stopped (`StopExecution`); the engine that runs it sees
    /// ``ExecutionRecord/isStopRequested`` and finishes it as ``ExecutionStatus/aborted``.
    ///
    /// - Parameters:
    ///   - arn: The execution's ARN.
    ///   - error: The error to record when it stops.
    ///   - cause: The cause to record when it stops.
    /// - Throws: ``StoreError`` (``StoreError/Code/executionDoesNotExist``, ``StoreError/Code/executionNotRunning``)
    ///   or `SQLError`.
    public func requestStop(arn: String, error: String? = nil, cause: String? = nil) async throws {
        try await serialized {
            let changed = try await connection.execute(
                "UPDATE \(q(StoreSchema.executions)) SET stop_requested = 1, error = ?, cause = ? "
                    + "WHERE arn = ? AND status = ?",
                parameters: [
                    Self.optional(error), Self.optional(cause), .text(arn),
                    .text(ExecutionStatus.running.rawValue),
                ])
            guard changed > 0 else { throw try await notRunning(arn) }
        }
    }

    /// Redrives a closed execution (`RedriveExecution`): sets it RUNNING again, with one more
    /// ``ExecutionRecord/redriveCount`` and a ``ExecutionRecord/redriveDate``, and clears its stop date, output,
    /// error and cause. Its history stays; the engine appends `ExecutionRedriven` and resumes from the failed step.
    ///
    /// AWS's rules: only a FAILED, TIMED_OUT or ABORTED execution that closed less than
    /// ``redriveWindow`` ago, and redriven fewer than 1000 times, can be redriven.
    ///
    /// - Parameter arn: The execution's ARN.
    /// - Returns: The execution, RUNNING again and without a lease.
    /// - Throws: ``StoreError`` (``StoreError/Code/executionDoesNotExist``,
    ///   ``StoreError/Code/executionNotRedrivable``) or `SQLError`.
    @discardableResult
    public func redriveExecution(arn: String) async throws -> ExecutionRecord {
        let now = nowMilliseconds
        let redrivable: [ExecutionStatus] = [.failed, .timedOut, .aborted]
        return try await serialized {
            try await connection.withTransaction {
                guard let record = try await executionRow(arn: arn) else { throw Self.noExecution(arn) }
                let refusal: String? =
                    if !redrivable.contains(record.status) {
                        "it is \(record.status.rawValue); only FAILED, TIMED_OUT and ABORTED executions can be redriven"
                    } else if let stop = record.stopDate,
                        now - Self.milliseconds(stop) > Self.milliseconds(Self.redriveWindow)
                    {
                        "it closed more than 14 days ago; start a new execution instead"
                    } else if record.redriveCount >= 1000 {
                        "it was redriven 1000 times already; start a new execution instead"
                    } else {
                        nil
                    }
                if let refusal {
                    throw StoreError(
                        code: .executionNotRedrivable, message: "execution \(arn) cannot be redriven: " + refusal)
                }
                try await connection.execute(
                    "UPDATE \(q(StoreSchema.executions)) SET status = ?, stop_ms = NULL, output = NULL, error = NULL, "
                        + "cause = NULL, stop_requested = 0, lease_owner = NULL, lease_expiry_ms = NULL, "
                        + "redrive_count = redrive_count + 1, redrive_ms = ? WHERE arn = ?",
                    parameters: [.text(ExecutionStatus.running.rawValue), .integer(now), .text(arn)])
                guard let redriven = try await executionRow(arn: arn) else { throw Self.noExecution(arn) }
                return redriven
            }
        }
    }

    /// How long after it closes an execution can be redriven: 14 days, as on AWS.
    public static let redriveWindow: Duration = .seconds(14 * 24 * 3600)

    /// Deletes executions that finished before a date, with their history, checkpoints and task tokens (retention).
    ///
    /// - Parameter date: Executions whose stop date is earlier are deleted; running ones never are.
    /// - Returns: How many executions were deleted.
    /// - Throws: `SQLError`.
    @discardableResult
    public func deleteExecutions(finishedBefore date: Date) async throws -> Int {
        let cutoff = SQLValue.integer(Self.milliseconds(date))
        return try await serialized {
            try await connection.withTransaction {
                let finished = "SELECT arn FROM \(q(StoreSchema.executions)) WHERE stop_ms IS NOT NULL AND stop_ms < ?"
                try await connection.execute(
                    "DELETE FROM \(q(StoreSchema.events)) WHERE execution_arn IN (\(finished))", parameters: [cutoff])
                for table in [StoreSchema.checkpoints, StoreSchema.tokens] {
                    try await connection.execute(
                        "DELETE FROM \(q(table)) WHERE execution_arn IN (\(finished))", parameters: [cutoff])
                }
                return try await connection.execute(
                    "DELETE FROM \(q(StoreSchema.executions)) WHERE stop_ms IS NOT NULL AND stop_ms < ?",
                    parameters: [cutoff])
            }
        }
    }

    // MARK: Internals

    static let executionColumns =
        "arn, state_machine_arn, state_machine_version, definition, name, status, input, output, error, cause, "
        + "start_ms, stop_ms, stop_requested, lease_owner, lease_expiry_ms, redrive_count, redrive_ms"

    static func execution(_ row: [SQLValue]) throws -> ExecutionRecord {
        guard let status = text(row[5]).flatMap(ExecutionStatus.init(rawValue:)) else {
            throw StoreError(code: .invalidValue, message: "a stored execution status is unknown; the store is damaged")
        }
        return ExecutionRecord(
            arn: text(row[0]) ?? "", stateMachineArn: text(row[1]) ?? "",
            stateMachineVersion: Int(int(row[2]) ?? 1), definition: text(row[3]) ?? "", name: text(row[4]) ?? "",
            status: status, input: try json(row[6]) ?? .null, output: try json(row[7]), error: text(row[8]),
            cause: text(row[9]), startDate: date(int(row[10]) ?? 0), stopDate: int(row[11]).map(date),
            isStopRequested: (int(row[12]) ?? 0) != 0, leaseOwner: text(row[13]),
            leaseExpiry: int(row[14]).map(date), redriveCount: Int(int(row[15]) ?? 0),
            redriveDate: int(row[16]).map(date))
    }

    static func noExecution(_ arn: String) -> StoreError {
        StoreError(
            code: .executionDoesNotExist,
            message: "no execution has the ARN \(arn); list them with ListExecutions (finished ones may have been "
                + "deleted by retention)")
    }

    func executionRow(arn: String) async throws -> ExecutionRecord? {
        try await rows("SELECT \(Self.executionColumns) FROM \(q(StoreSchema.executions)) WHERE arn = ?", [.text(arn)])
            .first.map(Self.execution)
    }

    /// The error for an update that matched no RUNNING execution.
    func notRunning(_ arn: String) async throws -> StoreError {
        guard let record = try await executionRow(arn: arn) else { return Self.noExecution(arn) }
        return StoreError(
            code: .executionNotRunning,
            message: "execution \(arn) is \(record.status.rawValue), not RUNNING; only running executions can be "
                + "stopped or finished")
    }
}
