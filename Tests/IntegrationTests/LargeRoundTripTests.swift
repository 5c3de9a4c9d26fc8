import DataPlane
import Foundation
import JSONValue
import Testing

// 1,000,000 rows of awkward data (bench/tricky_table.py: NULL and '', quotes, CR/LF, tabs, backslashes, non-ASCII,
// exact decimals, extreme doubles, microsecond timestamps, bytes 0x00–0xFF) written to SQLite by Python, then
// carried by the built `ferry` binary around every database and both object stores:
//
//   SQLite ─file─> MariaDB ─S3 (gzip)─> PostgreSQL ─S3─> MariaDB ─file─> PostgreSQL ─file─> SQLite
//
// Every hop's target is extracted again and its CSV checksum compared with the source's; at the end, Python's own
// sqlite3 digests the first and the last SQLite table (values and storage classes), an oracle no Ferry code touched.

private let rowCount = Int(env("FERRY_LARGE_ROWS", "1000000")) ?? 1_000_000
private let tableScript = repositoryRoot.appendingPathComponent("bench/tricky_table.py").path
private let ordered = "SELECT id, name, note, amount, ratio, at, data FROM big ORDER BY id"

private func python(_ arguments: [String]) async throws -> String {
    let result = try await FerryProcess.run(
        [tableScript] + arguments, program: URL(fileURLWithPath: "/usr/bin/python3"))
    guard result.status == 0 else { throw TestFailure("tricky_table.py \(arguments): \(result.stderr)") }
    return result.stdout.trimmingCharacters(in: .whitespacesAndNewlines)
}

private struct TestFailure: Error, CustomStringConvertible {
    let description: String
    init(_ description: String) { self.description = description }
}

@Suite(.serialized, .timeLimit(.minutes(20))) struct LargeRoundTripTests {
    /// Extracts `ordered` from `source` to `object` and returns the summary (rows, bytes, sha256).
    private func extract(_ source: String, to object: String, gzip: Bool = false) async throws -> JSONObject {
        let result = try await FerryProcess.run(
            ["extract", "--source", source, "--query", ordered, "--to", object] + (gzip ? ["--gzip"] : []),
            environment: s3Credentials)
        guard result.status == 0, let summary = (try? JSONParser().parse(result.stdout))?.objectValue else {
            throw TestFailure("extract from \(source): \(result.stderr)")
        }
        return summary
    }

    private func load(_ object: String, into target: String) async throws -> JSONObject {
        let result = try await FerryProcess.run(
            ["load", "--from", object, "--target", target, "--table", "big", "--create"], environment: s3Credentials)
        guard result.status == 0, let summary = (try? JSONParser().parse(result.stdout))?.objectValue else {
            throw TestFailure("load into \(target): \(result.stderr)")
        }
        return summary
    }

    private let s3Credentials = [
        "AWS_ACCESS_KEY_ID": S3TestServer.accessKey, "AWS_SECRET_ACCESS_KEY": S3TestServer.secretKey,
    ]

    @Test func aMillionTrickyRowsAroundEveryDatabaseAndStore() async throws {
        let folder = try TemporaryDirectory()
        let first = folder.url.appendingPathComponent("first.db").path
        let last = folder.url.appendingPathComponent("last.db").path
        _ = try await python(["create", "--rows", String(rowCount), first])
        let expected = try await python(["digest", first])
        #expect(expected.hasPrefix("\(rowCount) "))

        let fromSQLite = try await extract("sqlite://" + first, to: "file://\(folder.url.path)/sqlite.csv")
        #expect(fromSQLite["rows"] == .integer(rowCount))
        let reference = try #require(fromSQLite["sha256"])

        try await MariaDB.withDatabase { _, mysqlDatabase in
            try await Postgres.withDatabase { _, postgresDatabase in
                try await S3TestServer.withStore("large-round-trip") { store in
                    let mysql = MariaDB.url(database: mysqlDatabase)
                    let postgres = Postgres.url(database: postgresDatabase)
                    func s3(_ key: String) -> String { S3TestServer.url(prefix: store.configuration.location.prefix + key) }

                    await #expect(try load("file://\(folder.url.path)/sqlite.csv", into: mysql)["rows"] == .integer(rowCount))
                    let fromMySQL = try await extract(mysql, to: s3("mysql.csv.gz"), gzip: true)
                    #expect(fromMySQL["rows"] == .integer(rowCount))

                    await #expect(try load(s3("mysql.csv.gz"), into: postgres)["rows"] == .integer(rowCount))
                    let fromPostgres = try await extract(postgres, to: s3("postgres.csv"))
                    #expect(fromPostgres["sha256"] == reference, "PostgreSQL's rows differ from SQLite's")

                    // Back into MariaDB through S3 (replacing the table), then MariaDB → file → PostgreSQL.
                    await #expect(try load(s3("postgres.csv"), into: mysql)["rows"] == .integer(rowCount))
                    let again = try await extract(mysql, to: "file://\(folder.url.path)/mysql.csv")
                    #expect(again["sha256"] == reference, "MariaDB's rows differ from SQLite's")
                    await #expect(try load("file://\(folder.url.path)/mysql.csv", into: postgres)["rows"] == .integer(rowCount))

                    let final = try await extract(postgres, to: "file://\(folder.url.path)/postgres.csv")
                    #expect(final["sha256"] == reference, "PostgreSQL's rows differ from SQLite's")
                    await #expect(try load("file://\(folder.url.path)/postgres.csv", into: "sqlite://" + last)["rows"]
                        == .integer(rowCount))
                }
            }
        }
        await #expect(try python(["digest", last]) == expected, "the last SQLite table differs from the first")
    }
}
