import DataPlane
import Foundation

/// The `ferry_loads` table in each target database: one row per (target table, batch) loaded, with the row count
/// and the object's SHA-256. It makes appends idempotent per batch and lets `ferry:detect` compare checksums.
enum LoadLedger {
    static let table = "ferry_loads"

    /// Creates the table unless it exists.
    ///
    /// PostgreSQL's `CREATE TABLE IF NOT EXISTS` is not safe against a concurrent create of the same table (two
    /// loads into one company's database): the loser fails with 42P07 or 23505 although the table is then there.
    /// So a failed create counts as done when the table exists afterwards.
    static func create(on connection: any SQLConnection) async throws {
        if try await connection.tableExists(table) { return }
        let q = connection.dialect.quoteIdentifier
        do {
            try await connection.execute(
                "CREATE TABLE IF NOT EXISTS \(q(table)) (target_table VARCHAR(190) NOT NULL, "
                    + "batch_id VARCHAR(190) NOT NULL, row_count BIGINT, fingerprint VARCHAR(64), "
                    + "loaded_at VARCHAR(40) NOT NULL, PRIMARY KEY (target_table, batch_id))")
        } catch {
            guard try await connection.tableExists(table) else { throw error }
        }
    }

    /// Whether `batch` was recorded for `target`.
    static func contains(table target: String, batch: String, on connection: any SQLConnection) async throws -> Bool {
        guard try await connection.tableExists(table) else { return false }
        let q = connection.dialect.quoteIdentifier
        let rows = try await connection.query(
            "SELECT COUNT(*) FROM \(q(table)) WHERE target_table = ? AND batch_id = ?",
            parameters: [.text(target), .text(batch)]
        ) { try await $0.collectRows() }
        return (rows.first?.first.flatMap(Catalog.int) ?? 0) > 0
    }

    /// Records (or re-records) a batch.
    static func record(
        table target: String, batch: String, rows: Int?, fingerprint: String?, on connection: any SQLConnection
    ) async throws {
        try await create(on: connection)
        let q = connection.dialect.quoteIdentifier
        let loadedAt = Date().formatted(.iso8601.year().month().day().time(includingFractionalSeconds: true))
        // One statement: a DELETE then INSERT in a transaction takes gap locks on MySQL, and two loads into one
        // database (two tables of one company) then deadlock.
        let upsert =
            connection.dialect == .mysql
            ? "ON DUPLICATE KEY UPDATE row_count = VALUES(row_count), fingerprint = VALUES(fingerprint), "
                + "loaded_at = VALUES(loaded_at)"
            : "ON CONFLICT (target_table, batch_id) DO UPDATE SET row_count = excluded.row_count, "
                + "fingerprint = excluded.fingerprint, loaded_at = excluded.loaded_at"
        try await connection.execute(
            "INSERT INTO \(q(table)) (target_table, batch_id, row_count, fingerprint, loaded_at) VALUES (?, ?, ?, ?, ?) "
                + upsert,
            parameters: [
                .text(target), .text(batch), rows.map { .integer(Int64($0)) } ?? .null,
                fingerprint.map { .text($0) } ?? .null, .text(loadedAt),
            ])
    }

    /// The fingerprint of the last load recorded for `target`, if the last one has one.
    static func lastFingerprint(table target: String, on connection: any SQLConnection) async throws -> String? {
        guard try await connection.tableExists(table) else { return nil }
        let q = connection.dialect.quoteIdentifier
        let rows = try await connection.query(
            "SELECT fingerprint FROM \(q(table)) WHERE target_table = ? ORDER BY loaded_at DESC", parameters: [.text(target)]
        ) { try await $0.collectRows() }
        if case .text(let value)? = rows.first?.first { return value }
        return nil
    }
}
