import DataPlane
public import Foundation

extension Store {
    /// Claims up to `limit` RUNNING executions whose lease is free or expired, for `worker`, until
    /// `now + leaseDuration`, oldest first.
    ///
    /// PostgreSQL locks the candidate rows with `SELECT … FOR UPDATE SKIP LOCKED` and sets the lease in the same
    /// statement, so concurrent workers never claim the same execution and never wait for each other. SQLite does
    /// the same inside a `BEGIN IMMEDIATE` transaction (one writer at a time). Renew the lease before it expires
    /// with ``renewLease(executionArn:worker:leaseDuration:now:)``; an expired lease can be claimed by another worker.
    ///
    /// - Parameters:
    ///   - worker: A name unique to the worker process.
    ///   - limit: The most executions to claim (at least 1).
    ///   - leaseDuration: How long the lease lasts.
    ///   - now: The current time (injected for tests).
    /// - Returns: The claimed executions.
    /// - Throws: ``StoreError`` (``StoreError/Code/invalidValue``) or `SQLError`.
    public func claimExecutions(worker: String, limit: Int, leaseDuration: Duration, now: Date) async throws
        -> [ExecutionRecord]
    {
        guard limit > 0, !worker.isEmpty else {
            throw StoreError(
                code: .invalidValue, message: "claimExecutions needs a worker name and a limit of 1 or more")
        }
        let nowMs = Self.milliseconds(now)
        let expiry = nowMs + Self.milliseconds(leaseDuration)
        let table = q(StoreSchema.executions)
        let running = SQLValue.text(ExecutionStatus.running.rawValue)
        let free = "status = ? AND (lease_owner IS NULL OR lease_expiry_ms IS NULL OR lease_expiry_ms <= ?)"
        return try await serialized {
            let arns: [String] = try await connection.withTransaction {
                switch dialect {
                case .postgres:
                    let rows = try await rows(
                        "UPDATE \(table) SET lease_owner = ?, lease_expiry_ms = ? "
                            + "WHERE arn IN (SELECT arn FROM \(table) WHERE \(free) ORDER BY start_ms, arn LIMIT ? "
                            + "FOR UPDATE SKIP LOCKED) RETURNING arn",
                        [.text(worker), .integer(expiry), running, .integer(nowMs), .integer(Int64(limit))])
                    return rows.compactMap { Self.text($0[0]) }
                default:
                    let candidates = try await rows(
                        "SELECT arn FROM \(table) WHERE \(free) ORDER BY start_ms, arn LIMIT ?",
                        [running, .integer(nowMs), .integer(Int64(limit))]
                    ).compactMap { Self.text($0[0]) }
                    var claimed: [String] = []
                    for arn in candidates {
                        let changed = try await connection.execute(
                            "UPDATE \(table) SET lease_owner = ?, lease_expiry_ms = ? WHERE arn = ? AND \(free)",
                            parameters: [.text(worker), .integer(expiry), .text(arn), running, .integer(nowMs)])
                        if changed > 0 { claimed.append(arn) }
                    }
                    return claimed
                }
            }
            var records: [ExecutionRecord] = []
            for arn in arns { if let record = try await executionRow(arn: arn) { records.append(record) } }
            return records.sorted { ($0.startDate, $0.arn) < ($1.startDate, $1.arn) }
        }
    }

    /// Extends a lease the worker holds to `now + leaseDuration`.
    ///
    /// Only the owner can renew, and only while no other worker has claimed the execution (a lease that expired but
    /// was not claimed can still be renewed).
    ///
    /// - Parameters:
    ///   - executionArn: The execution's ARN.
    ///   - worker: The worker holding the lease.
    ///   - leaseDuration: How long the renewed lease lasts.
    ///   - now: The current time.
    /// - Returns: The new expiry.
    /// - Throws: ``StoreError`` (``StoreError/Code/leaseLost`` when another worker holds it, it was released or the
    ///   execution finished) or `SQLError`.
    @discardableResult
    public func renewLease(executionArn: String, worker: String, leaseDuration: Duration, now: Date) async throws
        -> Date
    {
        let expiry = Self.milliseconds(now) + Self.milliseconds(leaseDuration)
        try await serialized {
            let changed = try await connection.execute(
                "UPDATE \(q(StoreSchema.executions)) SET lease_expiry_ms = ? WHERE arn = ? AND lease_owner = ? "
                    + "AND status = ?",
                parameters: [
                    .integer(expiry), .text(executionArn), .text(worker),
                    .text(ExecutionStatus.running.rawValue),
                ])
            guard changed > 0 else { throw Self.leaseLost(executionArn, worker: worker) }
        }
        return Self.date(expiry)
    }

    /// Gives up a lease the worker holds, so another worker can claim the execution at once.
    ///
    /// - Parameters:
    ///   - executionArn: The execution's ARN.
    ///   - worker: The worker holding the lease.
    /// - Throws: ``StoreError`` (``StoreError/Code/leaseLost`` when the worker does not hold it) or `SQLError`.
    public func releaseLease(executionArn: String, worker: String) async throws {
        try await serialized {
            let changed = try await connection.execute(
                "UPDATE \(q(StoreSchema.executions)) SET lease_owner = NULL, lease_expiry_ms = NULL WHERE arn = ? "
                    + "AND lease_owner = ?",
                parameters: [.text(executionArn), .text(worker)])
            guard changed > 0 else { throw Self.leaseLost(executionArn, worker: worker) }
        }
    }

    // MARK: Internals

    static func milliseconds(_ duration: Duration) -> Int64 {
        let (seconds, attoseconds) = duration.components
        return seconds * 1000 + attoseconds / 1_000_000_000_000_000
    }

    static func leaseLost(_ arn: String, worker: String) -> StoreError {
        StoreError(
            code: .leaseLost,
            message: "worker \"\(worker)\" does not hold the lease on \(arn) (it expired and another worker claimed "
                + "it, it was released, or the execution finished); stop working on it")
    }
}
