import Crypto
@testable import DataPlane
import Foundation
import JSONValue
import Testing

// `ferry extract` and `ferry load`, driven through the built binary against real servers (MariaDB from
// scripts/start-mariadb.sh, the S3-protocol server from scripts/start-s3.sh) and SQLite files.

/// The columns of the tricky table, created in each database through the type map.
private let trickyColumns: [SQLColumn] = [
    SQLColumn(name: "id", type: .integer(bits: 32, isSigned: true), isNullable: false),
    SQLColumn(name: "name", type: .varchar(length: 200)),
    SQLColumn(name: "note", type: .text),
    SQLColumn(name: "data", type: .blob),
    SQLColumn(name: "amount", type: .decimal(precision: 20, scale: 6)),
    SQLColumn(name: "ratio", type: .double),
    SQLColumn(name: "day", type: .date),
    SQLColumn(name: "at", type: .timestamp(precision: 6, hasTimeZone: false)),
]

private let longText = String(repeating: "long ✓ text with \"quotes\", commas\nand lines; ", count: 4000)

/// NULL vs '', unicode, quotes/newlines/tabs/CR, binary with NUL and every byte, long text, loader escapes.
private let trickyRows: [[SQLValue]] = [
    [.integer(1), .text(""), .null, .binary([]), .text("0.000000"), .double(0), .text("2024-02-29"),
     .text("2024-02-29T12:34:56.123456")],
    [.integer(2), .null, .text(""), .null, .null, .null, .null, .null],
    [.integer(3), .text("quote\" comma, tab\t lf\n crlf\r\n cr\r end"), .text("héllo wörld ✓ 𝄞 日本 Ελληνικά"),
     .binary([0, 1, 0x0A, 0x0D, 0x22, 0x2C, 0x5C, 0xFF]), .text("-12345678901234.123456"), .double(-1.5e-300),
     .text("1000-01-01"), .text("9999-12-31T23:59:59.999999")],
    [.integer(4), .text("  padded  "), .text(longText), .binary(Array(repeating: Array(0...255), count: 64).flatMap { $0 }),
     .text("99999999999999.999999"), .double(0.1), .text("1970-01-01"), .text("1970-01-01T00:00:00.000000")],
    [.integer(5), .text("\\N"), .text("NULL"), .binary(Array("\\x00".utf8)), .text("1.000001"), .double(3.14159),
     .text("2000-01-01"), .text("2000-01-01T00:00:00.500000")],
    [.integer(6), .text("\"\""), .text("\\"), .binary([0x00]), .text("-0.000001"), .double(1e300), .text("2024-12-31"),
     .text("2024-12-31T23:59:59.000001")],
]

private let trickyExport = "SELECT id, name, note, data, amount, ratio, day, at FROM %@ ORDER BY id"

private func createTricky(_ table: String, on connection: any SQLConnection, rows: [[SQLValue]] = trickyRows) async throws {
    try await connection.execute(SQLTypeMap.createTableSQL(table: table, for: trickyColumns, dialect: connection.dialect))
    let placeholders = Array(repeating: "?", count: trickyColumns.count).joined(separator: ", ")
    for row in rows {
        try await connection.execute(
            "INSERT INTO \(connection.quoteIdentifier(table)) VALUES (\(placeholders))", parameters: row)
    }
}

/// The table's rows as canonical CSV, ordered by id: the "checksum" compared across databases.
private func export(_ table: String, on connection: any SQLConnection) async throws -> [UInt8] {
    try await csvBytes(connection, trickyExport.replacingOccurrences(of: "%@", with: connection.quoteIdentifier(table)))
}

private func sha256(_ bytes: [UInt8]) -> String { SHA256.hash(data: bytes).map { String(format: "%02x", $0) }.joined() }

/// Runs `ferry` and parses its stdout as one JSON object when it succeeded.
private func ferry(_ arguments: [String], environment: [String: String] = [:]) async throws -> (FerryProcess.Result, JSONObject?) {
    let result = try await FerryProcess.run(arguments, environment: environment)
    let json = result.status == 0 ? (try? JSONParser().parse(result.stdout))?.objectValue : nil
    return (result, json)
}

private let s3Environment = [
    "AWS_ACCESS_KEY_ID": S3TestServer.accessKey, "AWS_SECRET_ACCESS_KEY": S3TestServer.secretKey,
]

private func s3ObjectURL(_ key: String, bucket: String = S3TestServer.bucket) -> String {
    "s3://\(bucket)/\(key)?endpoint=\(S3TestServer.endpoint)&region=\(S3TestServer.region)&path_style=true"
}

/// A folder with SQLite database files, removed afterwards; connections are opened per use, so the `ferry`
/// process and the test never share one.
private final class SQLiteFolder {
    let directory = FileManager.default.temporaryDirectory.appendingPathComponent("ferry-transfer-" + UUID().uuidString)
    init() throws { try FileManager.default.createDirectory(at: directory, withIntermediateDirectories: true) }
    deinit { try? FileManager.default.removeItem(at: directory) }
    func url(_ name: String) -> String { "sqlite://" + directory.appendingPathComponent(name).path }
    func file(_ name: String) -> String { directory.appendingPathComponent(name).path }
}

private func checkOneLineError(_ result: FerryProcess.Result, contains parts: [String], excludes secrets: [String] = []) {
    #expect(result.status == 1, "status \(result.status): \(result.stderr)")
    #expect(result.stdout.isEmpty)
    let lines = result.stderr.split(separator: "\n")
    #expect(lines.count == 1, "\(result.stderr)")
    for part in parts { #expect(result.stderr.contains(part), "missing \(part) in: \(result.stderr)") }
    for secret in secrets { #expect(!result.stderr.contains(secret)) }
}

@Suite(.serialized, .timeLimit(.minutes(10))) struct TransferTests {
    // MARK: Round trips

    @Test func sqliteThroughALocalFileIntoSQLite() async throws {
        let folder = try SQLiteFolder()
        let objects = try TemporaryDirectory()
        let object = "file://\(objects.url.path)/exports/tricky.csv"
        try await withSQLConnection(url: folder.url("source.db")) { try await createTricky("src", on: $0) }
        let (extracted, summary) = try await ferry([
            "extract", "--source", folder.url("source.db"), "--query", "SELECT * FROM src WHERE id <= :last ORDER BY id",
            "--param", "last:int=100", "--to", object,
        ])
        #expect(extracted.status == 0, "\(extracted.stderr)")
        let json = try #require(summary)
        #expect(json["object"] == .string(object))
        #expect(json["manifest"] == .string(object + ".manifest.json"))
        #expect(json["rows"] == .integer(trickyRows.count))
        let stored = try [UInt8](Data(contentsOf: objects.url.appendingPathComponent("exports/tricky.csv")))
        #expect(json["bytes"] == .integer(stored.count) && json["sha256"] == .string(sha256(stored)))
        #expect(json["seconds"]?.isNumber == true)
        let manifestData = try Data(contentsOf: objects.url.appendingPathComponent("exports/tricky.csv.manifest.json"))
        let manifest = try TransferManifest(decoding: [UInt8](manifestData), subject: "manifest")
        #expect(manifest.rowCount == trickyRows.count && manifest.sha256 == sha256(stored))
        #expect(manifest.columns.map(\.name) == trickyColumns.map(\.name))
        #expect(manifest.source == "sqlite://" + folder.file("source.db") && manifest.compression == .none)

        let (loaded, loadSummary) = try await ferry([
            "load", "--from", object, "--target", folder.url("target.db"), "--table", "copy", "--create",
        ])
        #expect(loaded.status == 0, "\(loaded.stderr)")
        #expect(loadSummary?["table"] == .string("copy") && loadSummary?["mode"] == .string("replace"))
        #expect(loadSummary?["rows"] == .integer(trickyRows.count) && loadSummary?["created"] == .bool(true))
        let source = try await withSQLConnection(url: folder.url("source.db")) { try await export("src", on: $0) }
        try await withSQLConnection(url: folder.url("target.db")) { target async throws in
            #expect(sha256(try await export("copy", on: target)) == sha256(source))
            #expect(try await scratchTables(on: target).isEmpty)
        }
    }

    @Test func mysqlThroughS3IntoMySQL() async throws {
        try await MariaDB.withDatabase { connection, database in
            try await createTricky("src", on: connection)
            try await S3TestServer.withStore("transfer-mysql") { store in
                let object = s3ObjectURL(store.configuration.location.prefix + "tricky.csv")
                let (extracted, summary) = try await ferry([
                    "extract", "--source", MariaDB.url(database: database), "--query", "SELECT * FROM src",
                    "--to", object,
                ], environment: s3Environment)
                #expect(extracted.status == 0, "\(extracted.stderr)")
                #expect(summary?["rows"] == .integer(trickyRows.count))
                #expect(try await store.head(ObjectKey("tricky.csv.manifest.json")) != nil)
                let (loaded, _) = try await ferry([
                    "load", "--from", object, "--target", MariaDB.url(database: database), "--table", "copy", "--create",
                ], environment: s3Environment)
                #expect(loaded.status == 0, "\(loaded.stderr)")
                #expect(try await export("copy", on: connection) == (try await export("src", on: connection)))
                #expect(try await scratchTables(on: connection).isEmpty)
            }
        }
    }

    @Test func postgresThroughS3IntoPostgres() async throws {
        try await Postgres.withDatabase { connection, database in
            try await createTricky("src", on: connection)
            try await S3TestServer.withStore("transfer-postgres") { store in
                let object = s3ObjectURL(store.configuration.location.prefix + "tricky.csv.gz")
                let (extracted, summary) = try await ferry([
                    "extract", "--source", Postgres.url(database: database), "--query", "SELECT * FROM src", "--to", object,
                    "--gzip",
                ], environment: s3Environment)
                #expect(extracted.status == 0, "\(extracted.stderr)")
                #expect(summary?["rows"] == .integer(trickyRows.count))
                let (loaded, _) = try await ferry([
                    "load", "--from", object, "--target", Postgres.url(database: database), "--table", "copy", "--create",
                ], environment: s3Environment)
                #expect(loaded.status == 0, "\(loaded.stderr)")
                #expect(try await export("copy", on: connection) == (try await export("src", on: connection)))
                #expect(try await scratchTables(on: connection).isEmpty)
            }
        }
    }

    @Test func postgresThroughALocalFileIntoMySQLAndBack() async throws {
        let objects = try TemporaryDirectory()
        try await Postgres.withDatabase { postgres, pgDatabase in
            try await createTricky("src", on: postgres)
            try await MariaDB.withDatabase { mysql, myDatabase in
                let first = "file://\(objects.url.path)/pg.csv"
                await #expect(try ferry(["extract", "--source", Postgres.url(database: pgDatabase), "--query", "SELECT * FROM src",
                                   "--to", first]).0.status == 0)
                let (intoMySQL, _) = try await ferry(["load", "--from", first, "--target", MariaDB.url(database: myDatabase),
                                                "--table", "copy", "--create"])
                #expect(intoMySQL.status == 0, "\(intoMySQL.stderr)")
                #expect(try await export("copy", on: mysql) == (try await export("src", on: postgres)))
                let second = "file://\(objects.url.path)/my.csv"
                await #expect(try ferry(["extract", "--source", MariaDB.url(database: myDatabase), "--query", "SELECT * FROM copy",
                                   "--to", second]).0.status == 0)
                let (back, _) = try await ferry(["load", "--from", second, "--target", Postgres.url(database: pgDatabase),
                                           "--table", "back", "--create"])
                #expect(back.status == 0, "\(back.stderr)")
                #expect(try await export("back", on: postgres) == (try await export("src", on: postgres)))
            }
        }
    }

    @Test func mysqlThroughALocalFileIntoSQLite() async throws {
        let folder = try SQLiteFolder()
        let objects = try TemporaryDirectory()
        let object = "file://\(objects.url.path)/tricky.csv"
        try await MariaDB.withDatabase { connection, database in
            try await createTricky("src", on: connection)
            let (extracted, _) = try await ferry([
                "extract", "--source", MariaDB.url(database: database), "--query", "SELECT * FROM src", "--to", object,
            ])
            #expect(extracted.status == 0, "\(extracted.stderr)")
            let (loaded, _) = try await ferry(["load", "--from", object, "--target", folder.url("t.db"), "--table", "copy", "--create"])
            #expect(loaded.status == 0, "\(loaded.stderr)")
            let source = try await export("src", on: connection)
            let target = try await withSQLConnection(url: folder.url("t.db")) { try await export("copy", on: $0) }
            #expect(sha256(target) == sha256(source))
        }
    }

    @Test func sqliteThroughGzippedS3IntoMySQL() async throws {
        let folder = try SQLiteFolder()
        try await withSQLConnection(url: folder.url("source.db")) { try await createTricky("src", on: $0) }
        try await MariaDB.withDatabase { connection, database in
            try await S3TestServer.withStore("transfer-gzip") { store in
                let object = s3ObjectURL(store.configuration.location.prefix + "deep/tricky.csv.gz")
                let (extracted, summary) = try await ferry([
                    "extract", "--source", folder.url("source.db"), "--query", "SELECT * FROM src", "--to", object,
                    "--gzip",
                ], environment: s3Environment)
                #expect(extracted.status == 0, "\(extracted.stderr)")
                var stored: [UInt8] = []
                for try await chunk in try await store.get(ObjectKey("deep/tricky.csv.gz")) { stored += chunk }
                #expect(stored.prefix(2) == [0x1F, 0x8B])
                #expect(summary?["sha256"] == .string(sha256(stored)))
                let (loaded, _) = try await ferry([
                    "load", "--from", object, "--target", MariaDB.url(database: database), "--table", "copy", "--create",
                ], environment: s3Environment)
                #expect(loaded.status == 0, "\(loaded.stderr)")
                let source = try await withSQLConnection(url: folder.url("source.db")) { try await export("src", on: $0) }
                #expect(sha256(try await export("copy", on: connection)) == sha256(source))
            }
        }
    }

    // MARK: Write modes

    /// Runs every mode against a target that has a primary key on `id`, on MySQL, PostgreSQL and SQLite.
    @Test(arguments: ["mysql", "postgres", "sqlite"]) func everyWriteMode(dialect: String) async throws {
        let objects = try TemporaryDirectory()
        let object = "file://\(objects.url.path)/rows.csv"
        let folder = try SQLiteFolder()
        func run(_ body: (String, @escaping () async throws -> any SQLConnection) async throws -> Void) async throws {
            if dialect == "mysql" {
                try await MariaDB.withDatabase { _, database in
                    let url = MariaDB.url(database: database)
                    try await body(url, { try await makeSQLConnection(url: url) })
                }
            } else if dialect == "postgres" {
                try await Postgres.withDatabase { _, database in
                    let url = Postgres.url(database: database)
                    try await body(url, { try await makeSQLConnection(url: url) })
                }
            } else {
                let url = folder.url("modes.db")
                try await body(url, { try await makeSQLConnection(url: url) })
            }
        }
        try await run { url, open in
            func sql(_ statement: String) async throws {
                let connection = try await open()
                do {
                    try await connection.execute(statement)
                    await connection.close()
                } catch {
                    await connection.close()
                    throw error
                }
            }
            func rows(_ table: String = "t") async throws -> [[SQLValue]] {
                let connection = try await open()
                let result = try await connection.query("SELECT id, v FROM \(connection.quoteIdentifier(table)) ORDER BY id") {
                    try await $0.collectRows()
                }
                #expect(try await scratchTables(on: connection).isEmpty)
                await connection.close()
                return result
            }
            func reset(_ values: [(Int, String)]) async throws {
                try await sql("DROP TABLE IF EXISTS t")
                try await sql("CREATE TABLE t (id INT NOT NULL PRIMARY KEY, v VARCHAR(20), extra VARCHAR(5) DEFAULT 'd')")
                try await sql("CREATE INDEX t_v ON t (v)")
                for (id, v) in values { try await sql("INSERT INTO t (id, v) VALUES (\(id), '\(v)')") }
            }
            // The object: ids 1 and 2.
            try await sql("CREATE TABLE src (id INT NOT NULL PRIMARY KEY, v VARCHAR(20))")
            try await sql("INSERT INTO src VALUES (1, 'new1'), (2, 'new2')")
            let (extracted, _) = try await ferry(["extract", "--source", url, "--query", "SELECT id, v FROM src", "--to", object])
            #expect(extracted.status == 0, "\(extracted.stderr)")
            func load(_ mode: [String]) async throws -> FerryProcess.Result {
                let (result, json) = try await ferry(["load", "--from", object, "--target", url, "--table", "t"] + mode)
                if result.status == 0 { #expect(json?["mode"] == .string(mode.count > 1 ? mode[1] : "replace")) }
                return result
            }
            let new: [[SQLValue]] = [[.integer(1), .text("new1")], [.integer(2), .text("new2")]]

            try await reset([(1, "old1"), (9, "old9")])
            await #expect(try load(["--mode", "replace"]).status == 0)
            #expect(try await rows() == new)
            // The swapped-in table kept the key and the index: a duplicate id is refused, the index exists.
            await #expect(throws: SQLError.self) { try await sql("INSERT INTO t (id, v) VALUES (1, 'dup')") }
            if dialect == "postgres" {
                // PostgreSQL index names are unique per schema, so the swapped-in copy's index has its own name:
                // check that t has an index on v.
                let connection = try await open()
                let indexes = try await connection.query(
                    "SELECT indexdef FROM pg_indexes WHERE tablename = 't' AND schemaname = current_schema()"
                ) { try await $0.collectRows() }
                await connection.close()
                #expect(indexes.contains { $0.first.map { "\($0)".contains("(v)") } ?? false }, "\(indexes)")
            } else {
                await #expect(throws: SQLError.self) { try await sql("CREATE INDEX t_v ON t (v)") }
            }

            try await reset([(1, "old1"), (9, "old9")])
            await #expect(try load(["--mode", "truncate"]).status == 0)
            #expect(try await rows() == new)

            try await reset([(9, "old9")])
            await #expect(try load(["--mode", "append"]).status == 0)
            #expect(try await rows() == new + [[.integer(9), .text("old9")]])

            // Appending the same keys again violates the primary key: refused as a whole, the table unchanged.
            let conflict = try await load(["--mode", "append"])
            checkOneLineError(conflict, contains: ["was not changed"])
            #expect(try await rows() == new + [[.integer(9), .text("old9")]])

            try await reset([(1, "old1"), (9, "old9")])
            await #expect(try load(["--mode", "merge", "--key", "id"]).status == 0)
            #expect(try await rows() == new + [[.integer(9), .text("old9")]])
            // The column missing from the object keeps its default.
            let connection = try await open()
            let extra = try await connection.query("SELECT extra FROM t WHERE id = 2") { try await $0.collectRows() }
            #expect(extra == [[.text("d")]])
            await connection.close()

            // Merge on a column without a unique key is refused on MySQL before anything changes, and fails the
            // ON CONFLICT on SQLite; either way the table is unchanged.
            let unkeyed = try await load(["--mode", "merge", "--key", "v"])
            checkOneLineError(unkeyed, contains: ["failed: "])
            #expect(try await rows() == new + [[.integer(9), .text("old9")]])

            // A merge into a missing table with --create makes the key unique, so a second merge updates.
            await #expect(try ferry(["load", "--from", object, "--target", url, "--table", "fresh", "--mode", "merge",
                               "--key", "id", "--create"]).0.status == 0)
            await #expect(try ferry(["load", "--from", object, "--target", url, "--table", "fresh", "--mode", "merge",
                               "--key", "id"]).0.status == 0)
            #expect(try await rows("fresh") == new)
        }
    }

    // MARK: Errors

    @Test func replacingAPostgreSQLTableKeepsItsIndexNames() async throws {
        let objects = try TemporaryDirectory()
        try await Postgres.withDatabase { connection, database in
            try await createTricky("src", on: connection)
            try await connection.execute("CREATE TABLE copy (LIKE src)")
            try await connection.execute("ALTER TABLE copy ADD CONSTRAINT copy_identity PRIMARY KEY (id)")
            try await connection.execute("CREATE INDEX \"copy by name\" ON copy (name, day)")
            let object = "file://\(objects.url.path)/src.csv"
            await #expect(try ferry(["extract", "--source", Postgres.url(database: database), "--query", "SELECT * FROM src",
                               "--to", object]).0.status == 0)
            func indexNames() async throws -> [[SQLValue]] {
                try await connection.query(
                    "SELECT indexname::text FROM pg_indexes WHERE tablename = 'copy' ORDER BY indexname"
                ) { try await $0.collectRows() }
            }
            for _ in 1...2 {
                let (loaded, _) = try await ferry(["load", "--from", object, "--target", Postgres.url(database: database),
                                             "--table", "copy"])
                #expect(loaded.status == 0, "\(loaded.stderr)")
                #expect(try await indexNames() == [[.text("copy by name")], [.text("copy_identity")]])
            }
            #expect(try await export("copy", on: connection) == (try await export("src", on: connection)))
        }
    }

    @Test func wrongPasswordHostAndPortNameTheConnectionNotThePassword() async throws {
        let secret = "Wrong-Secret-\(UUID().uuidString.prefix(8))"
        let objects = try TemporaryDirectory()
        let object = "file://\(objects.url.path)/x.csv"
        let (badPassword, _) = try await ferry([
            "extract", "--source", MariaDB.url(password: secret), "--query", "SELECT 1 AS one", "--to", object,
        ])
        checkOneLineError(badPassword, contains: ["authentication failed", "\(MariaDB.host):\(MariaDB.port)"], excludes: [secret])
        let (badPort, _) = try await ferry([
            "extract", "--source", "mysql://ferry:\(secret)@127.0.0.1:1/db?connect_timeout=2", "--query", "SELECT 1 AS one",
            "--to", object,
        ])
        checkOneLineError(badPort, contains: ["cannot connect", "127.0.0.1:1/db"], excludes: [secret])
        let (badHost, _) = try await ferry([
            "extract", "--source", "mysql://ferry:\(secret)@no-such-host.invalid:3306/db?connect_timeout=2",
            "--query", "SELECT 1 AS one", "--to", object,
        ])
        checkOneLineError(badHost, contains: ["no-such-host.invalid"], excludes: [secret])
        #expect(!FileManager.default.fileExists(atPath: objects.url.appendingPathComponent("x.csv").path))

        // The same on the load side, after a good extract.
        let folder = try SQLiteFolder()
        _ = try await ferry(["extract", "--source", folder.url("s.db"), "--query", "SELECT 1 AS one", "--to", object])
        let (loadBadPassword, _) = try await ferry([
            "load", "--from", object, "--target", MariaDB.url(database: "ferry", password: secret), "--table", "t",
        ])
        checkOneLineError(loadBadPassword, contains: ["authentication failed"], excludes: [secret])

        // Passwords from the environment: the right one connects, a wrong one is refused without being shown.
        let fromEnvironment = "mysql://\(MariaDB.user):${FERRY_TEST_PASSWORD}@\(MariaDB.host):\(MariaDB.port)"
        let (good, _) = try await ferry(
            ["extract", "--source", fromEnvironment, "--query", "SELECT 1 AS one", "--to", object],
            environment: ["FERRY_TEST_PASSWORD": MariaDB.password])
        #expect(good.status == 0, "\(good.stderr)")
        let (wrong, _) = try await ferry(
            ["load", "--from", object, "--target", fromEnvironment, "--table", "t"],
            environment: ["FERRY_TEST_PASSWORD": secret + "@/:"])
        checkOneLineError(wrong, contains: ["authentication failed"], excludes: [secret])
        let (unset, _) = try await ferry(["load", "--from", object, "--target", fromEnvironment, "--table", "t"])
        #expect(unset.status == 2 && unset.stderr.contains("the environment variable FERRY_TEST_PASSWORD is not set"))
    }

    @Test func malformedCSVNamesTheRowAndColumnAndLeavesTheTargetUnchanged() async throws {
        let folder = try SQLiteFolder()
        let objects = try TemporaryDirectory()
        for (name, csv, expected) in [
            ("quote.csv", "id,v\r\n1,ok\r\n2,bad\"quote\r\n", ["record 3", "field 2"]),
            ("fields.csv", "id,v\r\n1,ok\r\n2\r\n", ["record 3", "1 field"]),
        ] {
            let bytes = Array(csv.utf8)
            _ = try objects.write(name, bytes: bytes)
            let manifest = TransferManifest(
                objectName: name, compression: .none, rowCount: 2, byteCount: Int64(bytes.count), sha256: sha256(bytes),
                columns: [SQLColumn(name: "id", type: .integer(bits: 32, isSigned: true)), SQLColumn(name: "v", type: .text)],
                created: Date(), source: "test", querySHA256: sha256([]))
            _ = try objects.write(name + ".manifest.json", bytes: manifest.encoded())
            for target in [folder.url("t.db")] {
                try await withSQLConnection(url: target) { c in
                    try await c.execute("CREATE TABLE IF NOT EXISTS t (id INT, v TEXT)")
                    try await c.execute("DELETE FROM t")
                    try await c.execute("INSERT INTO t VALUES (7, 'keep')")
                }
                let (result, _) = try await ferry(["load", "--from", "file://\(objects.url.path)/\(name)", "--target", target, "--table", "t"])
                checkOneLineError(result, contains: expected + ["was not changed"])
                try await withSQLConnection(url: target) { c async throws in
                    #expect(try await c.query("SELECT id, v FROM t") { try await $0.collectRows() } == [[.integer(7), .text("keep")]])
                    #expect(try await scratchTables(on: c).isEmpty)
                }
            }
            try await MariaDB.withDatabase { connection, database in
                try await connection.execute("CREATE TABLE t (id INT, v TEXT)")
                try await connection.execute("INSERT INTO t VALUES (7, 'keep')")
                let (result, _) = try await ferry([
                    "load", "--from", "file://\(objects.url.path)/\(name)", "--target", MariaDB.url(database: database),
                    "--table", "t", "--mode", "append",
                ])
                checkOneLineError(result, contains: expected)
                #expect(try await connection.query("SELECT id, v FROM t") { try await $0.collectRows() } == [[.integer(7), .text("keep")]])
                #expect(try await scratchTables(on: connection).isEmpty)
            }
        }
    }

    @Test func aChangedObjectIsRefusedAndTheTargetIsUnchanged() async throws {
        let folder = try SQLiteFolder()
        let objects = try TemporaryDirectory()
        let path = objects.url.appendingPathComponent("o.csv").path
        let object = "file://" + path
        try await withSQLConnection(url: folder.url("s.db")) { try await createTricky("src", on: $0) }
        await #expect(try ferry(["extract", "--source", folder.url("s.db"), "--query", "SELECT * FROM src", "--to", object]).0.status == 0)
        try await withSQLConnection(url: folder.url("t.db")) { try await createTricky("t", on: $0, rows: [trickyRows[0]]) }
        let before = try await withSQLConnection(url: folder.url("t.db")) { try await export("t", on: $0) }
        let original = try [UInt8](Data(contentsOf: URL(fileURLWithPath: path)))

        func loadAndCheck(_ contents: [UInt8], _ expected: [String]) async throws {
            try Data(contents).write(to: URL(fileURLWithPath: path))
            let (result, _) = try await ferry(["load", "--from", object, "--target", folder.url("t.db"), "--table", "t"])
            checkOneLineError(result, contains: expected + ["Refused", "was not changed"])
            try await withSQLConnection(url: folder.url("t.db")) { c async throws in
                #expect(try await export("t", on: c) == before)
                #expect(try await scratchTables(on: c).isEmpty)
            }
        }
        var flipped = original
        flipped[original.count - 10] ^= 0x01  // same size, different bytes: found at the end of the stream
        try await loadAndCheck(flipped, ["SHA-256"])
        try await loadAndCheck(original + Array("7,x,,,,,,\r\n".utf8), ["bytes but its manifest lists"])
        try await loadAndCheck(Array(original.dropLast(5)), ["bytes but its manifest lists"])

        // A missing manifest is refused too.
        try Data(original).write(to: URL(fileURLWithPath: path))
        try FileManager.default.removeItem(atPath: path + ".manifest.json")
        let (bare, _) = try await ferry(["load", "--from", object, "--target", folder.url("t.db"), "--table", "t"])
        checkOneLineError(bare, contains: ["has no manifest"])
        // And a missing table without --create.
        await #expect(try ferry(["extract", "--source", folder.url("s.db"), "--query", "SELECT * FROM src", "--to", object]).0.status == 0)
        let (missing, _) = try await ferry(["load", "--from", object, "--target", folder.url("t.db"), "--table", "nope"])
        checkOneLineError(missing, contains: ["does not exist", "--create"])
    }

    @Test func s3AccessDeniedAndMissingObjects() async throws {
        let folder = try SQLiteFolder()
        try await S3TestServer.withStore("transfer-errors") { store in
            let prefix = store.configuration.location.prefix
            let wrong = "wrong-secret-\(UUID().uuidString)"
            let denied = ["AWS_ACCESS_KEY_ID": S3TestServer.accessKey, "AWS_SECRET_ACCESS_KEY": wrong]
            let (put, _) = try await ferry([
                "extract", "--source", folder.url("s.db"), "--query", "SELECT 1 AS one", "--to", s3ObjectURL(prefix + "x.csv"),
            ], environment: denied)
            checkOneLineError(put, contains: ["403"], excludes: [wrong, S3TestServer.secretKey])

            await #expect(try ferry([
                "extract", "--source", folder.url("s.db"), "--query", "SELECT 1 AS one", "--to", s3ObjectURL(prefix + "x.csv"),
            ], environment: s3Environment).0.status == 0)
            let (get, _) = try await ferry([
                "load", "--from", s3ObjectURL(prefix + "x.csv"), "--target", folder.url("t.db"), "--table", "t", "--create",
            ], environment: denied)
            checkOneLineError(get, contains: ["403"], excludes: [wrong, S3TestServer.secretKey])

            let (absent, _) = try await ferry([
                "load", "--from", s3ObjectURL(prefix + "absent.csv"), "--target", folder.url("t.db"), "--table", "t",
            ], environment: s3Environment)
            checkOneLineError(absent, contains: ["no such object"])
            let (noBucket, _) = try await ferry([
                "load", "--from", s3ObjectURL("x.csv", bucket: "ferry-no-such-bucket"), "--target", folder.url("t.db"),
                "--table", "t",
            ], environment: s3Environment)
            checkOneLineError(noBucket, contains: ["ferry-no-such-bucket"])
            let (noCredentials, _) = try await ferry([
                "load", "--from", s3ObjectURL(prefix + "x.csv"), "--target", folder.url("t.db"), "--table", "t",
            ], environment: ["AWS_ACCESS_KEY_ID": "", "AWS_SECRET_ACCESS_KEY": ""])
            checkOneLineError(noCredentials, contains: ["AWS_ACCESS_KEY_ID"])
        }
    }

    @Test func keysWithDotDotAreRefused() async throws {
        let folder = try SQLiteFolder()
        let objects = try TemporaryDirectory()
        for url in ["file://\(objects.url.path)/a/../escape.csv", s3ObjectURL("a/../escape.csv"),
                    "file://\(objects.url.path)/%2E%2E/escape.csv"] {
            let (extract, _) = try await ferry(
                ["extract", "--source", folder.url("s.db"), "--query", "SELECT 1 AS one", "--to", url], environment: s3Environment)
            checkOneLineError(extract, contains: [".."])
            let (load, _) = try await ferry(
                ["load", "--from", url, "--target", folder.url("t.db"), "--table", "t"], environment: s3Environment)
            checkOneLineError(load, contains: [".."])
        }
        #expect(!FileManager.default.fileExists(atPath: objects.url.deletingLastPathComponent().appendingPathComponent("escape.csv").path))
    }

    @Test func usageErrorsExitWithTwo() async throws {
        let folder = try SQLiteFolder()
        let cases: [[String]] = [
            ["load", "--from", "file:///tmp/x.csv", "--target", folder.url("t.db"), "--table", "t", "--mode", "merge"],
            ["load", "--from", "file:///tmp/x.csv", "--target", folder.url("t.db"), "--table", "t", "--key", "id"],
            ["load", "--from", "file:///tmp/x.csv", "--target", folder.url("t.db"), "--table", "t", "--mode", "sideways"],
            ["extract", "--source", folder.url("s.db"), "--query", "SELECT :a AS a", "--to", "file:///tmp/x.csv"],
            ["extract", "--source", folder.url("s.db"), "--query", "SELECT 1 AS a", "--param", "b=1", "--to", "file:///tmp/x.csv"],
            ["extract", "--source", folder.url("s.db"), "--query", "SELECT :a AS a", "--param", "a:int=x", "--to", "file:///tmp/x.csv"],
            ["extract", "--source", folder.url("s.db"), "--query", "SELECT 1 AS a"],
        ]
        for arguments in cases {
            let result = try await FerryProcess.run(arguments)
            #expect(result.status == 2, "\(arguments): \(result.status) \(result.stderr)")
            #expect(result.stdout.isEmpty)
        }
    }

    @Test func typedParametersAreBound() async throws {
        let folder = try SQLiteFolder()
        let objects = try TemporaryDirectory()
        let object = "file://\(objects.url.path)/p.csv"
        let (result, json) = try await ferry([
            "extract", "--source", folder.url("s.db"),
            "--query", "SELECT :i AS i, :f AS f, :s AS s, :n AS n, :b AS b, :h AS h, typeof(:i) AS ti, :s = '' AS empty",
            "--param", "i:int=42", "--param", "f:float=0.5", "--param", "s=", "--param", "n:null",
            "--param", "b:bool=true", "--param", "h:hex=00ff",
            "--to", object,
        ])
        #expect(result.status == 0, "\(result.stderr)")
        #expect(json?["rows"] == .integer(1))
        let csv = try String(contentsOf: objects.url.appendingPathComponent("p.csv"), encoding: .utf8)
        #expect(csv == "i,f,s,n,b,h,ti,empty\r\n42,0.5,\"\",,1,\\x00ff,integer,1\r\n")
    }

    @Test func aConnectionKilledMidLoadLeavesTheTargetUnchanged() async throws {
        let objects = try TemporaryDirectory()
        let object = "file://\(objects.url.path)/big.csv"
        try await MariaDB.withDatabase { connection, database in
            let url = MariaDB.url(database: database)
            try await connection.execute(
                "CREATE TABLE src AS SELECT seq AS id, CONCAT('row ', seq, REPEAT(' padding', 12)) AS name FROM seq_1_to_150000")
            try await connection.execute("CREATE TABLE t (id BIGINT PRIMARY KEY, name VARCHAR(200))")
            try await connection.execute("INSERT INTO t VALUES (1, 'keep')")
            let (extracted, summary) = try await ferry(["extract", "--source", url, "--query", "SELECT * FROM src", "--to", object])
            #expect(extracted.status == 0, "\(extracted.stderr)")
            #expect(summary?["rows"] == .integer(150_000))

            // Started directly, output to files, and polled: no cooperative thread blocks on the child's pipes.
            let load = Process()
            load.executableURL = FerryProcess.executable
            load.arguments = ["load", "--from", object, "--target", url, "--table", "t", "--log-level", "debug"]
            let stderrPath = objects.url.appendingPathComponent("load.stderr").path
            _ = FileManager.default.createFile(atPath: stderrPath, contents: nil)
            load.standardOutput = FileHandle.nullDevice
            load.standardError = try FileHandle(forWritingTo: URL(fileURLWithPath: stderrPath))
            try load.run()
            var killed = false
            let deadline = ContinuousClock.now + .seconds(60)
            while !killed && ContinuousClock.now < deadline {
                let rows = try await connection.query(
                    "SELECT ID FROM information_schema.PROCESSLIST WHERE DB = ? AND INFO LIKE 'LOAD DATA%'",
                    parameters: [.text(database)]
                ) { try await $0.collectRows() }
                if let id = rows.first?.first {
                    // At once: the server rolls the statement back before it closes the connection, and a long
                    // rollback on a busy machine only makes the test slower.
                    try await connection.execute("KILL CONNECTION \(id)")
                    killed = true
                } else {
                    try await Task.sleep(for: .milliseconds(20))
                }
            }
            while load.isRunning { try await Task.sleep(for: .milliseconds(20)) }
            let result = FerryProcess.Result(
                status: load.terminationStatus, stdout: "",
                stderr: try String(contentsOfFile: stderrPath, encoding: .utf8))
            #expect(killed, "the LOAD DATA statement was never seen")
            if killed {
                let errorLine = result.stderr.split(separator: "\n").filter { $0.hasPrefix("error: ") }
                #expect(result.status == 1 && errorLine.count == 1)
                #expect(errorLine.first?.contains(MariaDB.host) == true && errorLine.first?.contains("was not changed") == true)
                print("killed mid-load: \(result.stderr)")
            }
            #expect(try await connection.query("SELECT id, name FROM t") { try await $0.collectRows() } == [[.integer(1), .text("keep")]])
            #expect(try await scratchTables(on: connection).isEmpty)
        }
    }

    /// A load killed outright (SIGKILL) leaves its staging table; the next load into the table drops it, but not the
    /// staging table of a load that is still running (here: one whose lock another connection holds).
    @Test(arguments: ["mysql", "postgres"]) func theNextLoadDropsStagingTablesAKilledLoadLeftBehind(dialect: String) async throws {
        let objects = try TemporaryDirectory()
        let object = "file://\(objects.url.path)/big.csv"
        let check: (any SQLConnection, String) async throws -> Void = { connection, database in
            let url = dialect == "mysql" ? MariaDB.url(database: database) : Postgres.url(database: database)
            let rows = dialect == "mysql"
                ? "SELECT seq AS id, CONCAT('row ', seq, REPEAT(' padding', 12)) AS name FROM seq_1_to_300000"
                : "SELECT g AS id, 'row ' || g || repeat(' padding', 12) AS name FROM generate_series(1, 300000) g"
            let (extracted, _) = try await ferry(["extract", "--source", url, "--query", rows, "--to", object])
            #expect(extracted.status == 0, "\(extracted.stderr)")
            try await connection.execute("CREATE TABLE t (id BIGINT PRIMARY KEY, name VARCHAR(200))")
            try await connection.execute("INSERT INTO t VALUES (1, 'keep')")

            let load = Process()
            load.executableURL = FerryProcess.executable
            load.arguments = ["load", "--from", object, "--target", url, "--table", "t"]
            load.standardOutput = FileHandle.nullDevice
            load.standardError = FileHandle.nullDevice
            try load.run()
            let running = dialect == "mysql"
                ? "SELECT COUNT(*) FROM information_schema.PROCESSLIST WHERE DB = ? AND INFO LIKE 'LOAD DATA%'"
                : "SELECT COUNT(*) FROM pg_stat_activity WHERE datname = ? AND query LIKE 'COPY%' AND state = 'active'"
            var sawLoad = false
            let deadline = ContinuousClock.now + .seconds(60)
            while !sawLoad && load.isRunning && ContinuousClock.now < deadline {
                let count = try await connection.query(running, parameters: [.text(database)]) { try await $0.collectRows() }
                sawLoad = count.first?.first.map { $0 != .integer(0) && $0 != .unsignedInteger(0) } ?? false
                if !sawLoad { try await Task.sleep(for: .milliseconds(10)) }
            }
            kill(load.processIdentifier, SIGKILL)
            while load.isRunning { try await Task.sleep(for: .milliseconds(20)) }
            #expect(sawLoad, "the bulk load was seen running before the kill")
            let orphans = try await scratchTables(on: connection)
            #expect(orphans.count == 1 && orphans.first?.hasPrefix("t__ferry_staging_") == true, "\(orphans)")
            #expect(try await connection.query("SELECT id, name FROM t") { try await $0.collectRows() } == [[.integer(1), .text("keep")]])

            // A running load's staging table: its lock is held by another connection.
            let live = LoadScratch(table: "t", suffix: 0xbeef)
            try await withSQLConnection(url: url) { holder in
                #expect(try await live.claim(on: holder))
                try await holder.execute(
                    "CREATE TABLE \(holder.quoteIdentifier(live.staging)) (id BIGINT PRIMARY KEY, name VARCHAR(200))")
                let (loaded, summary) = try await ferry(["load", "--from", object, "--target", url, "--table", "t"])
                #expect(loaded.status == 0, "\(loaded.stderr)")
                #expect(summary?["rows"] == .integer(300_000))
                for orphan in orphans {
                    #expect(loaded.stderr.contains("dropped the staging table \"\(orphan)\" that an interrupted load left behind"))
                }
                #expect(try await scratchTables(on: connection) == [live.staging])
            }
            // Its connection gone, the next load drops it too.
            let (again, _) = try await ferry(["load", "--from", object, "--target", url, "--table", "t", "--mode", "truncate"])
            #expect(again.status == 0, "\(again.stderr)")
            #expect(try await scratchTables(on: connection).isEmpty)
            let count = try await connection.query("SELECT COUNT(*) FROM t") { try await $0.collectRows() }
            #expect(count.first?.first == .integer(300_000) || count.first?.first == .unsignedInteger(300_000))
        }
        if dialect == "mysql" { try await MariaDB.withDatabase(check) } else { try await Postgres.withDatabase(check) }
    }
}
