public import DataPlane

/// The store's tables and their versioned, additive migrations.
///
/// | version | adds |
/// |---|---|
/// | 1 | `ferry_state_machines`, `ferry_state_machine_versions`, `ferry_tags`, `ferry_executions`, `ferry_history_events`, `ferry_task_tokens`, `ferry_schedules` |
/// | 2 | `ferry_executions.redrive_count` and `redrive_ms`, for `RedriveExecution` |
/// | 3 | `ferry_checkpoints`: each execution's completed steps, for resuming after a crash and for redrive |
/// | 4 | `ferry_task_tokens.step_key` and `submitted_output`: a resumed `.waitForTaskToken` task finds its token |
///
/// Applied versions are recorded in `ferry_store_migrations`. Times are stored as milliseconds since 1970 (UTC),
/// JSON as text.
public enum StoreSchema {
    /// The table recording applied migrations.
    public static let migrationsTable = "ferry_store_migrations"

    static let stateMachines = "ferry_state_machines"
    static let versions = "ferry_state_machine_versions"
    static let tags = "ferry_tags"
    static let executions = "ferry_executions"
    static let events = "ferry_history_events"
    static let tokens = "ferry_task_tokens"
    static let schedules = "ferry_schedules"
    static let checkpoints = "ferry_checkpoints"

    /// The migrator that applies ``migrations`` and records them in ``migrationsTable``.
    public static var migrator: SQLMigrator { SQLMigrator(table: migrationsTable, migrations: migrations) }

    /// The newest version this Ferry knows.
    public static var currentVersion: Int { migrator.currentVersion }

    /// Every migration, in order.
    public static let migrations: [SQLMigration] = [
        SQLMigration(version: 1, description: "state machines, executions, history, task tokens, schedules") { d in
            let q = d.quoteIdentifier
            let name = "VARCHAR(255)"
            let arn = "VARCHAR(512)"
            return [
                "CREATE TABLE IF NOT EXISTS \(q(stateMachines)) (arn \(arn) NOT NULL PRIMARY KEY, "
                    + "name \(name) NOT NULL UNIQUE, type VARCHAR(20) NOT NULL, role_arn \(arn) NOT NULL, "
                    + "definition TEXT NOT NULL, version INTEGER NOT NULL, created_ms BIGINT NOT NULL, "
                    + "updated_ms BIGINT NOT NULL)",
                "CREATE TABLE IF NOT EXISTS \(q(versions)) (state_machine_arn \(arn) NOT NULL, "
                    + "version INTEGER NOT NULL, definition TEXT NOT NULL, role_arn \(arn) NOT NULL, "
                    + "created_ms BIGINT NOT NULL, "
                    + "PRIMARY KEY (state_machine_arn, version))",
                "CREATE TABLE IF NOT EXISTS \(q(tags)) (resource_arn \(arn) NOT NULL, tag_key \(name) NOT NULL, "
                    + "tag_value TEXT NOT NULL, PRIMARY KEY (resource_arn, tag_key))",
                "CREATE TABLE IF NOT EXISTS \(q(executions)) (arn \(arn) NOT NULL PRIMARY KEY, "
                    + "state_machine_arn \(arn) NOT NULL, state_machine_version INTEGER NOT NULL, "
                    + "definition TEXT NOT NULL, name \(name) NOT NULL, status VARCHAR(20) NOT NULL, "
                    + "input TEXT NOT NULL, "
                    + "output TEXT, error TEXT, cause TEXT, start_ms BIGINT NOT NULL, stop_ms BIGINT, "
                    + "stop_requested INTEGER NOT NULL DEFAULT 0, lease_owner \(name), lease_expiry_ms BIGINT, "
                    + "UNIQUE (state_machine_arn, name))",
                "CREATE INDEX IF NOT EXISTS \(q("ferry_executions_status")) ON \(q(executions)) "
                    + "(status, lease_expiry_ms)",
                "CREATE INDEX IF NOT EXISTS \(q("ferry_executions_machine")) ON \(q(executions)) "
                    + "(state_machine_arn, start_ms)",
                "CREATE TABLE IF NOT EXISTS \(q(events)) (execution_arn \(arn) NOT NULL, id INTEGER NOT NULL, "
                    + "previous_id INTEGER, type VARCHAR(100) NOT NULL, timestamp_ms BIGINT NOT NULL, "
                    + "details TEXT NOT NULL, "
                    + "PRIMARY KEY (execution_arn, id))",
                "CREATE TABLE IF NOT EXISTS \(q(tokens)) (token VARCHAR(200) NOT NULL PRIMARY KEY, "
                    + "execution_arn \(arn) NOT NULL, state_name \(name) NOT NULL, event_id INTEGER NOT NULL, "
                    + "status VARCHAR(20) NOT NULL, output TEXT, error TEXT, cause TEXT, created_ms BIGINT NOT NULL, "
                    + "heartbeat_ms BIGINT)",
                "CREATE INDEX IF NOT EXISTS \(q("ferry_task_tokens_execution")) ON \(q(tokens)) (execution_arn)",
                "CREATE TABLE IF NOT EXISTS \(q(schedules)) (name \(name) NOT NULL PRIMARY KEY, "
                    + "expression TEXT NOT NULL, timezone \(name) NOT NULL, state_machine_arn \(arn) NOT NULL, "
                    + "input TEXT NOT NULL, "
                    + "overlap VARCHAR(20) NOT NULL, last_fired_ms BIGINT, updated_ms BIGINT NOT NULL)",
            ]
        },
        SQLMigration(version: 2, description: "execution redrive count and date") { d in
            let table = d.quoteIdentifier(executions)
            return [
                "ALTER TABLE \(table) ADD COLUMN redrive_count INTEGER NOT NULL DEFAULT 0",
                "ALTER TABLE \(table) ADD COLUMN redrive_ms BIGINT",
            ]
        },
        SQLMigration(version: 3, description: "execution checkpoints") { d in
            [
                "CREATE TABLE IF NOT EXISTS \(d.quoteIdentifier(checkpoints)) (execution_arn VARCHAR(512) NOT NULL, "
                    + "step_key VARCHAR(1024) NOT NULL, output TEXT NOT NULL, next_state VARCHAR(255), "
                    + "variables TEXT NOT NULL, last_event_id INTEGER NOT NULL, PRIMARY KEY (execution_arn, step_key))"
            ]
        },
        SQLMigration(version: 4, description: "task token step keys and submissions") { d in
            let table = d.quoteIdentifier(tokens)
            return [
                "ALTER TABLE \(table) ADD COLUMN step_key VARCHAR(1024)",
                "ALTER TABLE \(table) ADD COLUMN submitted_output TEXT",
                "CREATE INDEX IF NOT EXISTS \(d.quoteIdentifier("ferry_task_tokens_step")) ON \(table) "
                    + "(execution_arn, step_key)",
            ]
        },
    ]
}
