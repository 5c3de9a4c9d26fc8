public import DataPlane

/// The catalog's tables and Ferry's versioned, additive migrations.
///
/// | version | adds |
/// |---|---|
/// | 1 | the original tables, when absent: `companies (id, company_id, status, alias)`, `tables (id, name, status, query_select, params_select, query_insert, params_insert)`, `configurations (id, name)`, `companies_configurations (id, retail_id, configuration_id, configuration_value)` |
/// | 2 | Ferry's settings: `ferry_table_settings` (by `tables.id`: write mode, key columns, watermark, chunk column and size, target table), `ferry_company_settings` (by `companies.id`: target database override), `ferry_config` (name → value) |
///
/// Applied versions are recorded in `ferry_schema_migrations`. Migrations only create tables (`IF NOT EXISTS`);
/// they never alter or drop the original ones, so the original tools keep working on a migrated catalog.
/// `companies_configurations.retail_id` refers to `companies.id`.
public enum CatalogSchema {
    /// One migration (see ``SQLMigration``).
    public typealias Migration = SQLMigration

    /// The table recording applied migrations.
    public static let migrationsTable = "ferry_schema_migrations"
    /// Ferry's per-table settings.
    public static let tableSettingsTable = "ferry_table_settings"
    /// Ferry's per-company settings.
    public static let companySettingsTable = "ferry_company_settings"
    /// Catalog-level settings.
    public static let configTable = "ferry_config"

    /// The newest version this Ferry knows.
    public static var currentVersion: Int { migrator.currentVersion }

    /// The migrator that applies ``migrations`` and records them in ``migrationsTable``.
    public static var migrator: SQLMigrator { SQLMigrator(table: migrationsTable, migrations: migrations) }

    private static func idColumn(_ dialect: SQLDialect) -> String {
        switch dialect {
        case .mysql: "id INT NOT NULL AUTO_INCREMENT PRIMARY KEY"
        case .postgres: "id SERIAL PRIMARY KEY"
        case .sqlite: "id INTEGER PRIMARY KEY AUTOINCREMENT"
        }
    }

    private static func create(_ dialect: SQLDialect, _ table: String, _ columns: String) -> String {
        var sql = "CREATE TABLE IF NOT EXISTS \(dialect.quoteIdentifier(table)) (\(columns))"
        if dialect == .mysql { sql += " ENGINE=InnoDB DEFAULT CHARSET=utf8mb4" }
        return sql
    }

    /// Every migration, in order.
    public static let migrations: [Migration] = [
        Migration(version: 1, description: "original catalog tables") { d in
            [
                create(
                    d, "companies",
                    "\(idColumn(d)), company_id BIGINT, status INTEGER NOT NULL DEFAULT 1, alias VARCHAR(255)"),
                create(
                    d, "tables",
                    "\(idColumn(d)), name VARCHAR(255), status INTEGER NOT NULL DEFAULT 1, query_select TEXT, "
                        + "params_select TEXT, query_insert TEXT, params_insert TEXT"),
                create(d, "configurations", "\(idColumn(d)), name VARCHAR(255)"),
                create(
                    d, "companies_configurations",
                    "\(idColumn(d)), retail_id INTEGER, configuration_id INTEGER, configuration_value VARCHAR(255)"),
            ]
        },
        Migration(version: 2, description: "ferry settings") { d in
            [
                create(
                    d, tableSettingsTable,
                    "table_id INTEGER NOT NULL PRIMARY KEY, write_mode VARCHAR(20), key_columns TEXT, "
                        + "watermark_column VARCHAR(255), chunk_column VARCHAR(255), chunk_size BIGINT, "
                        + "target_table VARCHAR(255)"),
                create(
                    d, companySettingsTable, "company_row_id INTEGER NOT NULL PRIMARY KEY, target_database VARCHAR(255)"
                ),
                create(d, configTable, "name VARCHAR(100) NOT NULL PRIMARY KEY, value TEXT NOT NULL"),
            ]
        },
    ]
}
