import DataPlane
import Foundation
import JSONValue
import Pipelines
import Testing

/// `ferry run` end to end on the real servers: a MariaDB production database, a SQLite catalog shaped like the
/// original admin database (including its legacy `users` entry), the S3-protocol server, and MariaDB or
/// PostgreSQL reporting databases.
@Suite(.serialized, .timeLimit(.minutes(10))) struct PipelineRunTests {
    /// Source rows per company in `orders`; `users` has a third as many.
    static let rowsPerCompany = 600

    /// A production database, catalog, store prefix and project (so target database names are unique).
    final class Fixture: @unchecked Sendable {
        let folder: TemporaryDirectory
        let source: String
        let sourceDatabase: String
        let catalog: String
        let project: String
        let storePrefix: String
        var targetServer: String
        let today = CalendarDate.today()

        init(target: String) async throws {
            folder = try TemporaryDirectory()
            let tag = UUID().uuidString.replacingOccurrences(of: "-", with: "").prefix(10).lowercased()
            sourceDatabase = "ferry_pl_src_" + tag
            project = "pl" + tag
            storePrefix = "pipeline-\(tag)/"
            source = MariaDB.url(database: sourceDatabase)
            catalog = "sqlite://" + folder.url.appendingPathComponent("catalog.db").path
            targetServer = target
            try await createSource()
        }

        /// Users 1…N and orders 1…M for companies 101, 102 (active) and 103 (disabled), with tricky values and
        /// creation dates spread over the last 120 days.
        func createSource() async throws {
            try await withSQLConnection(url: MariaDB.url()) { admin in
                try await admin.execute("CREATE DATABASE `\(sourceDatabase)` CHARACTER SET utf8mb4 COLLATE utf8mb4_bin")
            }
            try await withSQLConnection(url: source) { db in
                try await db.execute(
                    "CREATE TABLE users (id INT PRIMARY KEY, company_id INT NOT NULL, username TEXT NULL, "
                        + "created_at DATE NOT NULL)")
                try await db.execute(
                    "CREATE TABLE orders (id BIGINT PRIMARY KEY, company_id INT NOT NULL, amount DECIMAL(14,4), "
                        + "placed_at DATETIME(6), note TEXT, flag BOOLEAN, data VARBINARY(32), ratio DOUBLE)")
                let tricky = [
                    "", "plain", "ünïcödé 名前 🚀", "quote \" and 'single'", "comma, and\nnewline\r\nand\ttab",
                    "x'); DROP TABLE users; --", "\\N", "NULL", String(repeating: "long ", count: 3000),
                ]
                for company in [101, 102, 103] {
                    try await db.withTransaction {
                        for n in 0..<(PipelineRunTests.rowsPerCompany / 3) {
                            let id = company * 100_000 + n
                            let day = today.adding(days: -(n % 120))
                            let name: SQLValue = n % 11 == 0 ? .null : .text(n % 5 == 0 ? tricky[n % tricky.count] : "user\(id)")
                            try await db.execute(
                                "INSERT INTO users VALUES (?, ?, ?, ?)",
                                parameters: [.integer(Int64(id)), .integer(Int64(company)), name, .text(day.description)])
                        }
                        for n in 0..<PipelineRunTests.rowsPerCompany {
                            let id = Int64(company * 100_000 + n)
                            try await db.execute(
                                "INSERT INTO orders VALUES (?, ?, ?, ?, ?, ?, ?, ?)",
                                parameters: [
                                    .integer(id), .integer(Int64(company)),
                                    n % 13 == 0 ? .null : .text("\(n * 7919 % 100000).\(n % 10000)"),
                                    n % 17 == 0 ? .null : .text("2026-0\(n % 9 + 1)-1\(n % 9) 0\(n % 10):1\(n % 6):2\(n % 10).\(n)"),
                                    n % 7 == 0 ? .null : .text(n % 3 == 0 ? tricky[n % tricky.count] : "note \(n)"),
                                    n % 19 == 0 ? .null : .integer(Int64(n % 2)),
                                    n % 23 == 0 ? .null : .binary((0..<UInt8(n % 32)).map { $0 &* 37 &+ UInt8(n % 200) }),
                                    n % 29 == 0 ? .null : .double(Double(n) / 7.0),
                                ])
                        }
                    }
                }
            }
        }

        /// The catalog: companies 101 (acme), 102 (globex) onboarded with 60-day look-backs, 103 (initech)
        /// onboarded then disabled; the original's legacy `users` entry, a new-style `orders` entry, and a
        /// disabled `secrets` entry.
        func createCatalog(store: String, environment: [String: String]) async throws {
            try await run(["catalog", "init"])
            try await run(["catalog", "config", "set", "project", project])
            try await run([
                "catalog", "table", "add", "--name", "users",
                "--select", "SELECT id, username FROM users WHERE company_id = %s AND created_at >= %s",
                "--params", "(company[1], date)", "--insert", "REPLACE INTO users(id, username) VALUES ",
                "--insert-params", #"'(' + row[0] + ',"' + row[1] + '")'"#,
            ])
            try await run([
                "catalog", "table", "add", "--name", "orders", "--select",
                "SELECT * FROM orders WHERE company_id = :company_id",
            ])
            try await run(["catalog", "table", "add", "--name", "secrets", "--select", "SELECT * FROM users WHERE company_id = :company_id"])
            try await run(["catalog", "table", "disable", "secrets"])
            for (id, alias) in [(101, "acme"), (102, "globex"), (103, "initech")] {
                try await run(
                    [
                        "catalog", "company", "onboard", "--company-id", String(id), "--alias", alias,
                        "--look-back-days", "60", "--store", store, "--target", targetServer, "--source", source,
                    ], environment: environment)
            }
            try await run(["catalog", "company", "disable", "initech"])
        }

        func writeConfiguration(store: String, extra: String = "") throws -> String {
            try folder.write(
                "ferry.yaml",
                """
                catalog: \(catalog)
                source: '${PIPELINE_SOURCE}'
                target: '${PIPELINE_TARGET}'
                store: \(store)
                concurrency: 3
                \(extra)
                """)
        }

        var environment: [String: String] {
            [
                "PIPELINE_SOURCE": source, "PIPELINE_TARGET": targetServer,
                "AWS_ACCESS_KEY_ID": S3TestServer.accessKey, "AWS_SECRET_ACCESS_KEY": S3TestServer.secretKey,
            ]
        }

        @discardableResult
        func run(_ arguments: [String], environment: [String: String] = [:], expect status: Int32 = 0) async throws
            -> FerryProcess.Result
        {
            var arguments = arguments
            if arguments.first == "catalog" { arguments += ["--catalog", catalog] }
            let result = try await FerryProcess.run(arguments, in: folder.url, environment: self.environment.merging(environment) { $1 })
            if result.status != status {
                Issue.record("ferry \(arguments.joined(separator: " ")) exited \(result.status): \(result.stderr)\(result.stdout)")
            }
            return result
        }

        /// The target database of a company.
        func targetDatabase(_ alias: String) -> String { project + "_" + alias }

        /// SHA-256 of a query's rows as Ferry's CSV, header renamed to `columns` so both sides compare equal.
        func checksum(_ url: String, _ sql: String, _ parameters: [String: SQLValue] = [:]) async throws -> String {
            try await withSQLConnection(url: url) { try await Transfer.fingerprint(query: NamedQuery(sql, parameters: parameters), from: $0).sha256 }
        }

        func targetConnectionURL(_ alias: String) throws -> String {
            targetServer.hasPrefix("mysql") ? MariaDB.url(database: targetDatabase(alias)) : targetServer
        }

        /// Checksums of a company's two target tables.
        func targetChecksums(_ alias: String) async throws -> [String] {
            let url = try targetConnectionURL(alias)
            let prefix = targetServer.hasPrefix("postgres") ? "\"\(targetDatabase(alias))\"." : ""
            return [
                try await checksum(url, "SELECT id, username FROM \(prefix)users ORDER BY id"),
                try await checksum(url, "SELECT * FROM \(prefix)orders ORDER BY id"),
            ]
        }

        /// What the targets must hold: the 60-day window of users, every order.
        func expectedChecksums(_ companyID: Int) async throws -> [String] {
            [
                try await checksum(
                    source, "SELECT id, username FROM users WHERE company_id = :c AND created_at >= :since ORDER BY id",
                    ["c": .integer(Int64(companyID)), "since": .text(today.adding(days: -60).description)]),
                try await checksum(
                    source, "SELECT * FROM orders WHERE company_id = :c ORDER BY id", ["c": .integer(Int64(companyID))]),
            ]
        }

        func cleanUp() async {
            _ = try? await withSQLConnection(url: MariaDB.url()) { admin in
                for name in [sourceDatabase] + ["acme", "globex", "initech"].map(targetDatabase) {
                    try await admin.execute("DROP DATABASE IF EXISTS `\(name)`")
                }
            }
            _ = try? await withSQLConnection(url: Postgres.url()) { admin in
                for alias in ["acme", "globex", "initech"] {
                    try await admin.execute("DROP SCHEMA IF EXISTS \"\(targetDatabase(alias))\" CASCADE")
                }
            }
        }
    }

    static func output(_ result: FerryProcess.Result) throws -> JSONValue {
        try #require(try JSONParser().parse(result.stdout)["output"])
    }

    static func fanOut() -> String { repositoryRoot.appendingPathComponent("examples/fan-out.asl.json").path }

    @Test(arguments: ["mariadb", "postgres"])
    func replicatesMariaDBThroughS3(into server: String) async throws {
        let fixture = try await Fixture(target: server == "mariadb" ? MariaDB.url() : Postgres.url())
        defer { Task { await fixture.cleanUp() } }
        try await S3TestServer.withStore("pipeline") { store in
            let storeURL = S3TestServer.url(prefix: store.configuration.location.prefix)
            try await fixture.createCatalog(store: storeURL, environment: [:])
            let config = try fixture.writeConfiguration(store: storeURL)
            let first = try await fixture.run(["run", Self.fanOut(), "--config", config, "--name", "batch-1", "--json"])
            let output = try Self.output(first)
            #expect(output["items"] == 4, "two active companies × two active tables: \(output)")
            #expect(output["failed"] == .array([]))
            #expect(first.stderr.contains("acme/users: loaded"))
            for (alias, id) in [("acme", 101), ("globex", 102)] {
                let expected = try await fixture.expectedChecksums(id)
                #expect(try await fixture.targetChecksums(alias) == expected, "\(alias)")
            }
            // The 60-day window: some users are older and must not be there.
            let loaded = try await withSQLConnection(url: try fixture.targetConnectionURL("acme")) { db in
                let table = server == "postgres" ? "\"\(fixture.targetDatabase("acme"))\".users" : "users"
                return try await db.query("SELECT COUNT(*) FROM \(table)", parameters: []) { try await $0.collectRows() }
            }
            let inWindow = (0..<(Self.rowsPerCompany / 3)).filter { $0 % 120 <= 60 }.count
            #expect(loaded.first?.first == .integer(Int64(inWindow)) || loaded.first?.first == .text(String(inWindow)))
            // The disabled company's target stays empty; the objects live under each alias.
            let initech = try await withSQLConnection(url: try fixture.targetConnectionURL("initech")) { db in
                let table = server == "postgres" ? "\"\(fixture.targetDatabase("initech"))\".orders" : "orders"
                return try await db.query("SELECT COUNT(*) FROM \(table)", parameters: []) { try await $0.collectRows() }
            }
            #expect(initech.first?.first == .integer(0) || initech.first?.first == .text("0"))
            #expect(try await store.head(ObjectKey("acme/exports/batch-1/orders/part-00000.csv")) != nil)
            #expect(try await store.list(prefix: "initech/exports/batch-1/").isEmpty)

            // Re-running the batch gives identical targets.
            let before = try await fixture.targetChecksums("acme")
            let again = try await fixture.run(["run", Self.fanOut(), "--config", config, "--name", "batch-1", "--json"])
            #expect(try Self.output(again)["failed"] == .array([]))
            #expect(try await fixture.targetChecksums("acme") == before)
        }
    }

    /// Bad catalog rows and a missing target database stop only their items, with clear errors in the output;
    /// a source that fails mid-export leaves the targets as they were; injection in catalog strings does nothing.
    @Test func failuresStopOnlyTheirItems() async throws {
        let fixture = try await Fixture(target: MariaDB.url())
        defer { Task { await fixture.cleanUp() } }
        let storeURL = "file://" + fixture.folder.url.appendingPathComponent("objects").path
        try await fixture.createCatalog(store: storeURL, environment: [:])
        let config = try fixture.writeConfiguration(store: storeURL)
        try await fixture.run(["run", Self.fanOut(), "--config", config, "--name", "good", "--quiet"])
        let acmeBefore = try await fixture.targetChecksums("acme")
        #expect(acmeBefore == (try await fixture.expectedChecksums(101)))

        // An old admin database's rows, written directly (ferry catalog table add refuses them): an unknown
        // legacy expression, a SELECT with a syntax error; a company onboarded without a target database; and a
        // SELECT that fails half-way through its rows (MariaDB evaluates the subquery per row).
        try await withSQLConnection(url: fixture.catalog) { db in
            try await db.execute(
                "INSERT INTO tables (name, status, query_select, params_select, query_insert, params_insert) VALUES "
                    + "(?, 1, 'SELECT id FROM users WHERE company_id = %s', '(__import__(\"os\").system(\"touch /tmp/pwned\"),)', 'users', ''), "
                    + "(?, 1, 'SELEC id FRM users WHERE company_id = :company_id', '', 'bad_sql', ''), "
                    + "(?, 1, 'SELECT * FROM users WHERE company_id = :company_id', '', 'users', '')",
                parameters: [.text("evil"), .text("bad_sql"), .text("../globex/exports/bad/users")])
            try await db.execute(
                "UPDATE tables SET query_select = ? WHERE name = 'orders'",
                parameters: [.text(
                    "SELECT o.*, IF(o.id % 1000 > 400, (SELECT 1 UNION SELECT 2), 1) AS boom FROM orders o "
                        + "WHERE company_id = :company_id")])
        }
        try await fixture.run(["catalog", "company", "onboard", "--company-id", "104", "--alias", "hooli", "--look-back-days", "60"])
        let result = try await fixture.run(
            ["run", Self.fanOut(), "--config", config, "--name", "bad", "--json"], expect: 3)
        let output = try Self.output(result)
        let failed = output["failed"]?.arrayValue ?? []
        let failedItems = Set(failed.compactMap { $0["item"]?.stringValue })
        #expect(
            failedItems == ["acme/orders", "globex/orders", "acme/bad_sql", "globex/bad_sql", "hooli/users", "hooli/orders", "hooli/bad_sql"],
            "\(output)")
        #expect(output["loaded"] == ["acme/users", "globex/users"], "the healthy items complete")
        let causes = failed.map { ($0["item"]?.stringValue ?? "", $0["error"]?.stringValue ?? "", $0["cause"]?.stringValue ?? "") }
        for (item, error, cause) in causes {
            if item.hasSuffix("/bad_sql") {
                #expect(error == "Ferry.SQLError" && cause.contains("SQL syntax"), "\(cause)")
            } else if item.hasPrefix("hooli/") {
                #expect(error == "Ferry.TransferError" && cause.contains("target database \"\(fixture.project)_hooli\"") && cause.contains("onboard"), "\(cause)")
            } else {
                #expect(error == "Ferry.SQLError" && cause.contains("Subquery returns more than 1 row"), "\(cause)")
            }
        }
        let skipped = output["skipped"]?.arrayValue ?? []
        #expect(skipped.contains { $0["table"] == "evil" && ($0["message"]?.stringValue ?? "").contains("__import__") }, "\(skipped)")
        #expect(!FileManager.default.fileExists(atPath: "/tmp/pwned"))
        #expect(
            skipped.contains { $0["kind"] == "invalidTableName" && $0["table"] == "../globex/exports/bad/users" },
            "a table name that would leave its object folder is refused: \(skipped)")
        #expect(try await fixture.targetChecksums("acme") == acmeBefore, "a failed export leaves the target as it was")
        // The history has the failures too.
        let withHistory = try await fixture.run(
            ["run", Self.fanOut(), "--config", config, "--name", "bad", "--json", "--history", "--quiet"], expect: 3)
        #expect(withHistory.stdout.contains("Subquery returns more than 1 row") && withHistory.stdout.contains("TaskFailed"))
        let failures = (try JSONParser().parse(withHistory.stdout)["events"]?.arrayValue ?? []).filter { $0["type"] == "TaskFailed" }
        #expect(failures.count == 7, "one attempt per failed item: these errors are not worth a retry")
    }

    /// An object store that does not answer fails each item with the store's error once its own retries are
    /// spent; the plan and the targets are unaffected.
    @Test func unreachableObjectStoreFailsEachItemClearly() async throws {
        let fixture = try await Fixture(target: MariaDB.url())
        defer { Task { await fixture.cleanUp() } }
        try await fixture.createCatalog(store: "file://" + fixture.folder.url.appendingPathComponent("objects").path, environment: [:])
        let dead = "s3://ferry-test/dead?endpoint=http://127.0.0.1:9&region=us-east-1&path_style=true"
        let config = try fixture.writeConfiguration(store: dead)
        let result = try await fixture.run(["run", Self.fanOut(), "--config", config, "--name", "dead", "--json"], expect: 3)
        let failed = try Self.output(result)["failed"]?.arrayValue ?? []
        #expect(failed.count == 4, "\(result.stdout)")
        for item in failed {
            #expect(item["error"] == "Ferry.ObjectStoreError")
            #expect((item["cause"]?.stringValue ?? "").contains("could not talk to http://127.0.0.1:9"), "\(item)")
        }
    }

    /// The original two-state machine runs unchanged once ferry.yaml maps its Lambda ARNs to ferry:export-all
    /// and ferry:load-all.
    @Test func originalMachineRunsThroughTheResourceMap() async throws {
        let fixture = try await Fixture(target: MariaDB.url())
        defer { Task { await fixture.cleanUp() } }
        let storeURL = "file://" + fixture.folder.url.appendingPathComponent("objects").path
        try await fixture.createCatalog(store: storeURL, environment: [:])
        let config = try fixture.writeConfiguration(
            store: storeURL,
            extra: """
                resources:
                  arn:aws:lambda:us-east-1:123456789012:function:export_mysql_to_s3: ferry:export-all
                  arn:aws:lambda:us-east-1:123456789012:function:load_s3_to_aurora: ferry:load-all
                """)
        let original = repositoryRoot.appendingPathComponent("examples/original.asl.json").path
        let result = try await fixture.run(["run", original, "--config", config, "--name", "lambda", "--json"])
        let output = try Self.output(result)
        #expect(output["items"] == 4 && output["batchId"] == "lambda", "\(output)")
        for (alias, id) in [("acme", 101), ("globex", 102)] {
            #expect(try await fixture.targetChecksums(alias) == (try await fixture.expectedChecksums(id)), "\(alias)")
        }
    }

    /// Chunked exports load as one table; a deferred swap keeps the previous table for rollback; detect reports
    /// whether anything changed.
    @Test func chunksSwapsAndDetection() async throws {
        let fixture = try await Fixture(target: MariaDB.url())
        defer { Task { await fixture.cleanUp() } }
        let storeURL = "file://" + fixture.folder.url.appendingPathComponent("objects").path
        try await fixture.createCatalog(store: storeURL, environment: [:])
        try await withSQLConnection(url: fixture.catalog) { db in
            try await db.execute(
                "INSERT INTO ferry_table_settings (table_id, chunk_column, chunk_size) SELECT id, 'id', 70 FROM tables "
                    + "WHERE name = 'orders' ON CONFLICT (table_id) DO UPDATE SET chunk_column = 'id', chunk_size = 70")
        }
        let config = try fixture.writeConfiguration(store: storeURL, extra: "gzip: true")
        let run = try await fixture.run(["run", Self.fanOut(), "--config", config, "--name", "chunked", "--json"])
        #expect(try Self.output(run)["failed"] == .array([]), "\(run.stdout)")
        #expect(run.stderr.contains("acme/orders: exported part 9/9"), "\(run.stderr)")
        #expect(try await fixture.targetChecksums("acme") == (try await fixture.expectedChecksums(101)))
        let parts = try FileManager.default.contentsOfDirectory(
            atPath: fixture.folder.url.appendingPathComponent("objects/acme/exports/chunked/orders").path)
        #expect(parts.filter { $0.hasSuffix(".csv.gz") }.count == 9)

        // detect: unchanged now; changed after a new order.
        let detect = try fixture.folder.write(
            "detect.json",
            #"{"StartAt": "D", "States": {"D": {"Type": "Task", "Resource": "ferry:detect", "Parameters": {"company": "acme", "table": "users"}, "End": true}}}"#)
        var detected = try await Self.output(try fixture.run(["run", detect, "--config", config, "--json", "--quiet"]))
        #expect(detected["changed"] == false && detected["method"] == "checksum", "\(detected)")
        try await withSQLConnection(url: fixture.source) {
            try await $0.execute("UPDATE users SET username = 'renamed' WHERE id = 10100001")
        }
        detected = try await Self.output(try fixture.run(["run", detect, "--config", config, "--json", "--quiet"]))
        #expect(detected["changed"] == true, "\(detected)")

        // A deferred swap: load into users__ferry_next, swap it in, roll back.
        let swap = try fixture.folder.write(
            "swap.json",
            #"""
            {"StartAt": "Export", "States": {
              "Export": {"Type": "Task", "Resource": "ferry:export", "Parameters": {"company": "acme", "table": "orders"}, "ResultPath": null, "Next": "Stage"},
              "Stage": {"Type": "Task", "Resource": "ferry:load", "Parameters": {"company": "acme", "table": "orders", "deferSwap": true}, "ResultPath": "$.staged", "Next": "Swap"},
              "Swap": {"Type": "Task", "Resource": "ferry:swap", "Parameters": {"company": "acme", "table": "orders"}, "End": true}}}
            """#)
        try await withSQLConnection(url: fixture.source) {
            try await $0.execute("DELETE FROM orders WHERE company_id = 101 AND id % 2 = 0")
        }
        let beforeSwap = try await fixture.targetChecksums("acme")[1]
        let swapped = try await Self.output(try fixture.run(["run", swap, "--config", config, "--name", "swap", "--json", "--quiet"]))
        #expect(swapped["swapped"] == true, "\(swapped)")
        #expect(try await fixture.targetChecksums("acme")[1] == (try await fixture.expectedChecksums(101))[1])
        let rollback = try fixture.folder.write(
            "rollback.json",
            #"{"StartAt": "R", "States": {"R": {"Type": "Task", "Resource": "ferry:swap", "Parameters": {"company": "acme", "table": "orders", "rollback": true}, "End": true}}}"#)
        try await fixture.run(["run", rollback, "--config", config, "--json", "--quiet"])
        #expect(try await fixture.targetChecksums("acme")[1] == beforeSwap, "the previous table is back")
    }

    /// A `ferry run` killed while loading leaves the previous table readable; running the batch again completes it.
    @Test func killedLoadLeavesThePreviousTableAndARerunCompletes() async throws {
        let fixture = try await Fixture(target: MariaDB.url())
        defer { Task { await fixture.cleanUp() } }
        let storeURL = "file://" + fixture.folder.url.appendingPathComponent("objects").path
        try await fixture.createCatalog(store: storeURL, environment: [:])
        let config = try fixture.writeConfiguration(store: storeURL)
        try await fixture.run(["run", Self.fanOut(), "--config", config, "--name", "first", "--quiet"])
        let before = try await fixture.targetChecksums("acme")
        // Make acme's orders big enough that its load takes a while.
        try await withSQLConnection(url: fixture.source) { db in
            try await db.execute(
                "INSERT INTO orders (id, company_id, amount, note) SELECT 50000000 + a.id * 1000 + b.id % 1000, 101, "
                    + "1.5, REPEAT('x', 200) FROM orders a JOIN orders b ON b.company_id = 102 AND b.id % 1000 < 250 "
                    + "WHERE a.company_id = 101")
        }
        let process = Process()
        process.executableURL = FerryProcess.executable
        process.arguments = ["run", Self.fanOut(), "--config", config, "--name", "second"]
        process.currentDirectoryURL = fixture.folder.url
        process.environment = ProcessInfo.processInfo.environment.merging(fixture.environment) { $1 }
        process.standardOutput = FileHandle.nullDevice
        process.standardError = FileHandle.nullDevice
        try process.run()
        // Wait for the bulk load into acme's staging table, then kill the process.
        var sawLoad = false
        for _ in 0..<600 where !sawLoad {
            try await Task.sleep(for: .milliseconds(20))
            let rows = try await withSQLConnection(url: MariaDB.url()) { db in
                try await db.query(
                    "SELECT COUNT(*) FROM information_schema.PROCESSLIST WHERE DB = ? AND INFO LIKE 'LOAD DATA%'",
                    parameters: [.text(fixture.targetDatabase("acme"))]) { try await $0.collectRows() }
            }
            sawLoad = (rows.first?.first.flatMap { if case .integer(let n) = $0 { n } else { nil } } ?? 0) > 0
        }
        kill(process.processIdentifier, SIGKILL)
        process.waitUntilExit()
        #expect(sawLoad, "the load was seen running before the kill")
        #expect(try await fixture.targetChecksums("acme") == before, "the previous table is intact and readable")
        let rerun = try await fixture.run(["run", Self.fanOut(), "--config", config, "--name", "second", "--json", "--quiet"])
        #expect(try Self.output(rerun)["failed"] == .array([]))
        #expect(try await fixture.targetChecksums("acme") == (try await fixture.expectedChecksums(101)))
        // The rerun's load dropped the staging table the killed one left.
        let leftovers = try await withSQLConnection(url: try fixture.targetConnectionURL("acme")) { try await scratchTables(on: $0) }
        #expect(leftovers.isEmpty, "\(leftovers)")
    }
}
