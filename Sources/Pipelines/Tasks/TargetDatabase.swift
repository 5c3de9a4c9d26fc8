public import DataPlane
import Foundation

/// One company's target database on the reporting server: a MySQL/MariaDB database, a PostgreSQL schema in the
/// server URL's database, or an SQLite file `<name>.db` next to the server URL's file.
///
/// The server URL reaches every company; the catalog names each company's database (see
/// ``CatalogConfiguration/targetDatabase(for:)``). Connecting never creates the database: a missing one is an error
/// that says how to create it (`ferry catalog company onboard`).
public struct TargetDatabase: Sendable, Hashable {
    /// The reporting server's URL (with secrets; never printed).
    public var serverURL: String
    /// The database, schema or file stem.
    public var name: String

    /// Creates a reference.
    ///
    /// - Parameters:
    ///   - serverURL: The reporting server's URL.
    ///   - name: The company's database, schema or file stem.
    public init(serverURL: String, name: String) {
        self.serverURL = serverURL
        self.name = name
    }

    /// The URL that opens the database directly: the server URL for MySQL and PostgreSQL (the database or schema
    /// is selected after connecting), `sqlite://<dir>/<name>.db` for SQLite.
    ///
    /// - Throws: ``SQLError`` for a malformed server URL.
    public func connectionURL() throws -> String {
        let server = try SQLConnectionURL(serverURL)
        guard server.dialect == .sqlite else { return serverURL }
        let directory = URL(fileURLWithPath: server.path ?? "/").deletingLastPathComponent().path
        return "sqlite://" + directory + "/" + name + ".db"
    }

    /// Opens a connection whose current database (MySQL), `search_path` (PostgreSQL) or file (SQLite) is this one.
    ///
    /// - Returns: The connection; the caller closes it.
    /// - Throws: ``TransferError/Code/targetMissing`` when the database does not exist, or ``SQLError``.
    public func connect() async throws -> any SQLConnection {
        let url = try connectionURL()
        let server = try SQLConnectionURL(url)
        if server.dialect == .sqlite, !FileManager.default.fileExists(atPath: server.path ?? "") {
            throw missing(on: "the reporting directory")
        }
        let connection = try await makeSQLConnection(url: url)
        do {
            let q = connection.dialect.quoteIdentifier
            switch connection.dialect {
            case .mysql:
                let rows = try await connection.query(
                    "SELECT COUNT(*) FROM information_schema.SCHEMATA WHERE SCHEMA_NAME = ?", parameters: [.text(name)]
                ) { try await $0.collectRows() }
                guard (rows.first?.first.flatMap(Catalog.int) ?? 0) > 0 else { throw missing(on: connection.redactedURL) }
                try await connection.execute("USE \(q(name))")
            case .postgres:
                let rows = try await connection.query(
                    "SELECT COUNT(*) FROM pg_catalog.pg_namespace WHERE nspname = ?", parameters: [.text(name)]
                ) { try await $0.collectRows() }
                guard (rows.first?.first.flatMap(Catalog.int) ?? 0) > 0 else { throw missing(on: connection.redactedURL) }
                try await connection.execute("SET search_path TO \(q(name))")
            case .sqlite:
                break
            }
            return connection
        } catch {
            await connection.close()
            throw error
        }
    }

    private func missing(on server: String) -> TransferError {
        TransferError(
            code: .targetMissing, subject: "target database \"\(name)\" on \(server)",
            reason: "it does not exist; create it with `ferry catalog company onboard … --target URL --source URL`")
    }
}
