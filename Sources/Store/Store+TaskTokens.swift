import DataPlane
import Foundation
public import JSONValue

extension Store {
    /// Creates a task token for a `.waitForTaskToken` task: 32 random bytes from the system's secure generator,
    /// base64url-encoded (43 characters), so it cannot be guessed.
    ///
    /// - Parameters:
    ///   - executionArn: The waiting execution's ARN.
    ///   - stateName: The Task state's name.
    ///   - eventId: The id of its `TaskScheduled` event.
    /// - Returns: The token, to hand to the task (`$$.Task.Token`).
    /// - Throws: ``StoreError`` (``StoreError/Code/executionDoesNotExist``) or `SQLError`.
    public func createTaskToken(executionArn: String, stateName: String, eventId: Int) async throws -> String {
        try await serialized {
            try await insertTaskToken(executionArn: executionArn, stateName: stateName, eventId: eventId, stepKey: nil)
                .token
        }
    }

    /// The task token of one attempt of a `.waitForTaskToken` task: the one made for `stepKey` before, unless it
    /// was closed; else a new one (as ``createTaskToken(executionArn:stateName:eventId:)`` makes them).
    ///
    /// An execution resumed after a crash runs its in-flight Task state again; this hands it the token it issued
    /// before, waiting or already answered (`SendTaskSuccess` may have arrived while no process ran the
    /// execution), with what the task's resource returned then (``TaskTokenRecord/submittedOutput``). A closed
    /// token (its task timed out, or the execution finished and was redriven) is replaced by a new one.
    ///
    /// - Parameters:
    ///   - executionArn: The waiting execution's ARN.
    ///   - stepKey: Identifies the task attempt within the execution (the engine's `TaskTokenRequest.key`).
    ///   - stateName: The Task state's name.
    ///   - eventId: The id of its state's first history event.
    /// - Returns: The token's record: ``TaskTokenRecord/Status/waiting`` when new.
    /// - Throws: ``StoreError`` (``StoreError/Code/executionDoesNotExist``) or `SQLError`.
    public func issueTaskToken(executionArn: String, stepKey: String, stateName: String, eventId: Int) async throws
        -> TaskTokenRecord
    {
        try await serialized {
            let existing = try await rows(
                "SELECT \(Self.tokenColumns) FROM \(q(StoreSchema.tokens)) WHERE execution_arn = ? AND step_key = ? "
                    + "ORDER BY created_ms DESC, token",
                [.text(executionArn), .text(stepKey)]
            ).map(Self.taskToken)
            if let current = existing.first(where: { $0.status != .closed }) { return current }
            return try await insertTaskToken(
                executionArn: executionArn, stateName: stateName, eventId: eventId, stepKey: stepKey)
        }
    }

    /// Records what the task's resource returned when it was invoked with a token (`TaskSubmitted`), so a resumed
    /// execution waits for the token without invoking the resource again.
    ///
    /// - Parameters:
    ///   - token: The token.
    ///   - output: The resource's result.
    /// - Throws: ``StoreError`` (``StoreError/Code/invalidToken``, ``StoreError/Code/taskDoesNotExist``) or `SQLError`.
    public func recordTaskSubmission(token: String, output: JSONValue) async throws {
        try Self.checkTaskToken(token)
        try await serialized {
            _ = try await tokenRow(token)
            try await connection.execute(
                "UPDATE \(q(StoreSchema.tokens)) SET submitted_output = ? WHERE token = ?",
                parameters: [Self.jsonText(output), .text(token)])
        }
    }

    /// Looks up a task token.
    ///
    /// - Parameter token: The token.
    /// - Returns: The token's record, whatever its status.
    /// - Throws: ``StoreError`` (``StoreError/Code/invalidToken``, ``StoreError/Code/taskDoesNotExist``) or `SQLError`.
    public func taskToken(_ token: String) async throws -> TaskTokenRecord {
        try Self.checkTaskToken(token)
        return try await serialized { try await tokenRow(token) }
    }

    /// The task tokens of an execution, oldest first (for resuming it: a token still waiting after a restart can be
    /// answered as usual).
    ///
    /// - Parameters:
    ///   - executionArn: The execution's ARN.
    ///   - status: Only tokens with this status, or `nil` for all.
    /// - Returns: The tokens.
    /// - Throws: ``StoreError`` (``StoreError/Code/executionDoesNotExist``) or `SQLError`.
    public func taskTokens(executionArn: String, status: TaskTokenRecord.Status? = nil) async throws
        -> [TaskTokenRecord]
    {
        try await serialized {
            guard try await executionRow(arn: executionArn) != nil else { throw Self.noExecution(executionArn) }
            var sql = "SELECT \(Self.tokenColumns) FROM \(q(StoreSchema.tokens)) WHERE execution_arn = ?"
            var parameters: [SQLValue] = [.text(executionArn)]
            if let status {
                sql += " AND status = ?"
                parameters.append(.text(status.rawValue))
            }
            return try await rows(sql + " ORDER BY created_ms, event_id, token", parameters).map(Self.taskToken)
        }
    }

    /// Answers a waiting task token (`SendTaskSuccess` / `SendTaskFailure`). Only the first answer counts.
    ///
    /// - Parameters:
    ///   - token: The token.
    ///   - result: The output, or the error and cause.
    /// - Returns: The answered token's record (the engine resumes its execution from it).
    /// - Throws: ``StoreError`` (``StoreError/Code/invalidToken`` for a malformed token,
    ///   ``StoreError/Code/taskDoesNotExist`` for an unknown one, ``StoreError/Code/taskTimedOut`` for one already
    ///   answered or closed) or `SQLError`.
    @discardableResult
    public func completeTaskToken(token: String, result: TaskTokenResult) async throws -> TaskTokenRecord {
        try Self.checkTaskToken(token)
        let (status, output, error, cause): (TaskTokenRecord.Status, JSONValue?, String?, String?) =
            switch result {
            case .success(let output): (.succeeded, output, nil, nil)
            case .failure(let error, let cause): (.failed, nil, error, cause)
            }
        return try await serialized {
            let changed = try await connection.execute(
                "UPDATE \(q(StoreSchema.tokens)) SET status = ?, output = ?, error = ?, cause = ? WHERE token = ? "
                    + "AND status = ?",
                parameters: [
                    .text(status.rawValue), Self.jsonText(output), Self.optional(error), Self.optional(cause),
                    .text(token), .text(TaskTokenRecord.Status.waiting.rawValue),
                ])
            let record = try await tokenRow(token)
            guard changed > 0 else { throw Self.tokenClosed(record) }
            return record
        }
    }

    /// Records a heartbeat for a waiting task token (`SendTaskHeartbeat`).
    ///
    /// - Parameters:
    ///   - token: The token.
    /// - Throws: ``StoreError`` (``StoreError/Code/invalidToken``, ``StoreError/Code/taskDoesNotExist``,
    ///   ``StoreError/Code/taskTimedOut``) or `SQLError`.
    public func heartbeat(token: String) async throws {
        try Self.checkTaskToken(token)
        let now = nowMilliseconds
        try await serialized {
            let changed = try await connection.execute(
                "UPDATE \(q(StoreSchema.tokens)) SET heartbeat_ms = ? WHERE token = ? AND status = ?",
                parameters: [.integer(now), .text(token), .text(TaskTokenRecord.Status.waiting.rawValue)])
            if changed == 0 {
                let record = try await tokenRow(token)
                throw Self.tokenClosed(record)
            }
        }
    }

    /// Closes a waiting task token without an answer (the task timed out, or its state was left).
    ///
    /// - Parameter token: The token.
    /// - Throws: ``StoreError`` (``StoreError/Code/invalidToken``, ``StoreError/Code/taskDoesNotExist``) or `SQLError`.
    public func closeTaskToken(token: String) async throws {
        try Self.checkTaskToken(token)
        try await serialized {
            _ = try await tokenRow(token)
            try await connection.execute(
                "UPDATE \(q(StoreSchema.tokens)) SET status = ? WHERE token = ? AND status = ?",
                parameters: [
                    .text(TaskTokenRecord.Status.closed.rawValue), .text(token),
                    .text(TaskTokenRecord.Status.waiting.rawValue),
                ])
        }
    }

    // MARK: Internals

    /// Inserts a new waiting token: 32 random bytes, base64url-encoded. Call inside ``serialized(_:)``.
    func insertTaskToken(executionArn: String, stateName: String, eventId: Int, stepKey: String?) async throws
        -> TaskTokenRecord
    {
        var generator = SystemRandomNumberGenerator()
        let bytes = (0..<32).map { _ in UInt8.random(in: .min ... .max, using: &generator) }
        let token = Data(bytes).base64EncodedString()
            .replacingOccurrences(of: "+", with: "-").replacingOccurrences(of: "/", with: "_")
            .replacingOccurrences(of: "=", with: "")
        let now = nowMilliseconds
        guard try await executionRow(arn: executionArn) != nil else { throw Self.noExecution(executionArn) }
        try await connection.execute(
            "INSERT INTO \(q(StoreSchema.tokens)) (token, execution_arn, state_name, event_id, status, created_ms, "
                + "step_key) VALUES (?, ?, ?, ?, ?, ?, ?)",
            parameters: [
                .text(token), .text(executionArn), .text(stateName), .integer(Int64(eventId)),
                .text(TaskTokenRecord.Status.waiting.rawValue), .integer(now), Self.optional(stepKey),
            ])
        return TaskTokenRecord(
            token: token, executionArn: executionArn, stateName: stateName, eventId: eventId, status: .waiting,
            output: nil, error: nil, cause: nil, creationDate: Self.date(now), heartbeatDate: nil, stepKey: stepKey)
    }

    /// AWS accepts tokens of 1 to 1024 characters; anything else is malformed.
    static func checkTaskToken(_ token: String) throws {
        guard (1...1024).contains(token.utf8.count) else {
            throw StoreError(
                code: .invalidToken,
                message: "the task token is empty or longer than 1024 characters; pass the token the task received")
        }
    }

    static let tokenColumns =
        "token, execution_arn, state_name, event_id, status, output, error, cause, created_ms, heartbeat_ms, "
        + "step_key, submitted_output"

    func tokenRow(_ token: String) async throws -> TaskTokenRecord {
        let rows = try await rows(
            "SELECT \(Self.tokenColumns) FROM \(q(StoreSchema.tokens)) WHERE token = ?", [.text(token)])
        guard let row = rows.first else {
            throw StoreError(
                code: .taskDoesNotExist,
                message: "no task waits for this token; check that it was copied whole (finished executions' tokens "
                    + "are deleted by retention)")
        }
        return try Self.taskToken(row)
    }

    static func taskToken(_ row: [SQLValue]) throws -> TaskTokenRecord {
        TaskTokenRecord(
            token: text(row[0]) ?? "", executionArn: text(row[1]) ?? "", stateName: text(row[2]) ?? "",
            eventId: Int(int(row[3]) ?? 0),
            status: text(row[4]).flatMap(TaskTokenRecord.Status.init(rawValue:)) ?? .closed,
            output: try json(row[5]), error: text(row[6]), cause: text(row[7]),
            creationDate: date(int(row[8]) ?? 0), heartbeatDate: int(row[9]).map(date), stepKey: text(row[10]),
            submittedOutput: try json(row[11]))
    }

    static func tokenClosed(_ record: TaskTokenRecord) -> StoreError {
        StoreError(
            code: .taskTimedOut,
            message: "the task for this token (state \"\(record.stateName)\" of \(record.executionArn)) is already "
                + "\(record.status.rawValue.lowercased()); it accepts no more answers or heartbeats")
    }
}
