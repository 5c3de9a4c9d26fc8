import DataPlane
import Foundation
import Testing

/// Collects a query's CSV output.
func csvBytes(_ connection: any SQLConnection, _ sql: String, _ parameters: [SQLValue] = []) async throws -> [UInt8] {
    try await connection.query(sql, parameters: parameters) { rows in
        var out: [UInt8] = []
        for try await chunk in rows.csvChunks() { out += chunk }
        return out
    }
}

let allTypesTable = """
    CREATE TABLE t (
      id INT NOT NULL PRIMARY KEY, ti TINYINT, tu TINYINT UNSIGNED, si SMALLINT, mi MEDIUMINT UNSIGNED, i INT,
      iu INT UNSIGNED, bi BIGINT, bu BIGINT UNSIGNED, d DECIMAL(38,10), f FLOAT, db DOUBLE, c CHAR(5),
      vc VARCHAR(100), tx TEXT, bn BINARY(4), vb VARBINARY(50), bl BLOB, dt DATE, tm TIME(3), dtm DATETIME(6),
      ts TIMESTAMP(6) NULL, b BOOLEAN, j JSON
    ) ENGINE=InnoDB DEFAULT CHARSET=utf8mb4 COLLATE=utf8mb4_bin
    """

let allTypesRows: [[SQLValue]] = [
    [
        .integer(1), .integer(-128), .integer(255), .integer(-32768), .integer(16_777_215), .integer(-2_147_483_648),
        .integer(4_294_967_295), .integer(.min), .unsignedInteger(.max),
        .text("-1234567890123456789012345678.1234567890"), .double(3.14), .double(-0.0), .text("ab"),
        .text("quote\" comma, tab\t newline\n crlf\r\n"), .text("héllo wörld ✓ 𝄞 日本"), .binary([0, 1, 0xFE, 0xFF]),
        .binary([0x2C, 0x22, 0x0A, 0x0D, 0x5C, 0x00, 0x09]), .binary(Array(0...255)), .text("2024-02-29"),
        .text("-838:59:59.999"), .text("9999-12-31 23:59:59.999999"), .text("2038-01-19 03:14:07.123456"),
        .boolean(true), .text("{\"a\": [1, 2.5, null, \"x\"]}"),
    ],
    Array(repeating: SQLValue.null, count: 24).enumerated().map { $0.offset == 0 ? .integer(2) : $0.element },
    [
        .integer(3), .integer(0), .integer(0), .integer(0), .integer(0), .integer(0), .integer(0), .integer(0),
        .unsignedInteger(0), .text("0.0000000001"), .double(1e-30), .double(1.7976931348623157e308), .text(""),
        .text(""), .text(""), .binary([0, 0, 0, 0]), .binary([]), .binary([]), .text("1000-01-01"),
        .text("00:00:00"), .text("1000-01-01 00:00:00"), .text("1970-01-01 00:00:01"), .boolean(false),
        .text("\"\""),
    ],
]

@Suite(.serialized, .timeLimit(.minutes(5))) struct MySQLIntegrationTests {
    @Test func roundTripsEveryTypeThroughCSVIntoMySQLAndSQLite() async throws {
        try await MariaDB.withDatabase { connection, _ in
            try await connection.execute(allTypesTable)
            let placeholders = Array(repeating: "?", count: 24).joined(separator: ",")
            for row in allTypesRows {
                try await connection.execute("INSERT INTO t VALUES (\(placeholders))", parameters: row)
            }
            let (columns, values) = try await connection.query("SELECT * FROM t ORDER BY id") { rows in
                (rows.columns, try await rows.collectRows())
            }
            #expect(columns.map(\.type) == [
                .integer(bits: 32, isSigned: true), .integer(bits: 8, isSigned: true), .integer(bits: 8, isSigned: false),
                .integer(bits: 16, isSigned: true), .integer(bits: 24, isSigned: false), .integer(bits: 32, isSigned: true),
                .integer(bits: 32, isSigned: false), .integer(bits: 64, isSigned: true), .integer(bits: 64, isSigned: false),
                .decimal(precision: 38, scale: 10), .float, .double, .char(length: 5), .varchar(length: 100), .text,
                .binary(length: 4), .varbinary(length: 50), .blob, .date, .time(precision: 3),
                .timestamp(precision: 6, hasTimeZone: false), .timestamp(precision: 6, hasTimeZone: true),
                .integer(bits: 8, isSigned: true), .json,
            ])
            #expect(columns[0].isNullable == false && columns[1].isNullable == true)
            let first = values[0]
            #expect(first[7] == .integer(.min))
            #expect(first[8] == .unsignedInteger(.max))
            #expect(first[9] == .text("-1234567890123456789012345678.1234567890"))
            #expect(first[10] == .double(3.14))
            if case .double(let negativeZero) = first[11] {
                #expect(negativeZero == 0)
                print("MariaDB DOUBLE -0.0 reads back with sign bit \(negativeZero.sign == .minus ? "kept" : "lost")")
            }
            #expect(first[13] == .text("quote\" comma, tab\t newline\n crlf\r\n"))
            #expect(first[14] == .text("héllo wörld ✓ 𝄞 日本"))
            #expect(first[17] == .binary(Array(0...255)))
            #expect(first[19] == .text("-838:59:59.999"))
            #expect(first[20] == .text("9999-12-31T23:59:59.999999"))
            #expect(first[21] == .text("2038-01-19T03:14:07.123456Z"))
            #expect(values[1].dropFirst().allSatisfy { $0 == .null })
            #expect(values[2][13] == .text("") && values[2][16] == .binary([]))

            // Export to CSV, create a copy from the result's columns, load it back, export again: identical bytes.
            let csv = try await csvBytes(connection, "SELECT * FROM t ORDER BY id")
            try await connection.execute(SQLTypeMap.createTableSQL(table: "copy", for: columns, dialect: .mysql))
            let loaded = try await connection.bulkLoad(into: "copy", csv: ChunkSequence(chunks: [csv]))
            #expect(loaded.rowCount == 3)
            #expect(loaded.warningCount == 0)
            // The type map declares time-zone-aware timestamps as DATETIME (TIMESTAMP stops in 2038), so the copy's
            // `ts` values are the same UTC wall times without the `Z` marker.
            let again = try await csvBytes(connection, "SELECT * FROM copy ORDER BY id")
            let withoutZ = String(decoding: csv, as: UTF8.self).replacingOccurrences(of: "Z,", with: ",")
            #expect(String(decoding: again, as: UTF8.self) == withoutZ)

            // The same CSV into SQLite (table made by the type map) and back out: identical bytes too.
            try await SQLiteFiles.withDatabase { sqlite, _ in
                try await sqlite.execute(SQLTypeMap.createTableSQL(table: "copy", for: columns, dialect: .sqlite))
                let result = try await sqlite.bulkLoad(into: "copy", csv: ChunkSequence(chunks: [csv]))
                #expect(result.rowCount == 3)
                let fromSQLite = try await csvBytes(sqlite, "SELECT * FROM copy ORDER BY id")
                #expect(String(decoding: fromSQLite, as: UTF8.self) == String(decoding: csv, as: UTF8.self))
            }
        }
    }

    @Test func streamsALargeResultWithFlatMemory() async throws {
        try await MariaDB.withDatabase { connection, _ in
            let before = residentSetSize()
            var peak = before
            let (count, sum) = try await connection.query(
                "SELECT seq, CONCAT('row ', seq, REPEAT('x', 100)) FROM seq_1_to_1000000"
            ) { rows in
                var count = 0
                var sum = 0
                for try await batch in rows {
                    for row in 0..<batch.rowCount {
                        if case .integer(let v) = batch.value(row: row, column: 0) { sum += Int(v) }
                    }
                    count += batch.rowCount
                    peak = max(peak, residentSetSize())
                }
                return (count, sum)
            }
            #expect(count == 1_000_000)
            #expect(sum == 1_000_000 * 1_000_001 / 2)
            // The process's RSS also moves with the tests running beside this one (tens of MiB); a buffered result
            // would add its whole 110 MB.
            let growth = (peak - before) >> 20
            print("streaming 1M rows (~110 MB): RSS growth \(growth) MiB")
            #expect(growth < 80)
        }
    }

    @Test func loadsAHundredThousandRowsFromAStream() async throws {
        try await MariaDB.withDatabase { connection, _ in
            try await connection.execute(
                "CREATE TABLE big (id INT PRIMARY KEY, name VARCHAR(100), amount DECIMAL(12,2), payload VARBINARY(16))")
            let start = ContinuousClock.now
            let result = try await connection.bulkLoad(into: "big", csv: GeneratedCSV(count: 100_000))
            let elapsed = ContinuousClock.now - start
            print("LOAD DATA LOCAL from a stream: 100k rows in \(elapsed)")
            #expect(result.rowCount == 100_000)
            #expect(result.warningCount == 0)
            let rows = try await connection.query(
                "SELECT COUNT(*), SUM(id), MAX(name), HEX(MAX(payload)) FROM big WHERE id < ?", parameters: [.integer(1000)]
            ) { try await $0.collectRows() }
            #expect(rows[0][0] == .integer(1000))
            #expect(rows[0][1] == .text("499500"))
            let sample = try await connection.query("SELECT name, amount, payload FROM big WHERE id = 4095") {
                try await $0.collectRows()
            }
            #expect(sample == [[.text("name 4095, with comma"), .text("4095.25"), .binary([0x0F, 0xFF])]])
        }
    }

    @Test func aFailingLoadLeavesTheTableUnchanged() async throws {
        try await MariaDB.withDatabase { connection, database in
            try await connection.execute(
                "CREATE TABLE big (id INT PRIMARY KEY, name VARCHAR(100), amount DECIMAL(12,2), payload VARBINARY(16))")
            await #expect(throws: GeneratedCSV.InjectedFailure.self) {
                try await connection.bulkLoad(into: "big", csv: GeneratedCSV(count: 100_000, failAfter: 60_000))
            }
            try await withSQLConnection(url: MariaDB.url(database: database)) { fresh in
                let rows = try await fresh.query("SELECT COUNT(*) FROM big") { try await $0.collectRows() }
                #expect(rows == [[.integer(0)]])
            }
        }
    }

    @Test func malformedCSVNamesTheRecord() async throws {
        try await MariaDB.withDatabase { connection, _ in
            try await connection.execute("CREATE TABLE x (a INT, b VARBINARY(4))")
            let bad = Array("a,b\n1,\\x00\n2,zz\n".utf8)
            do {
                _ = try await connection.bulkLoad(into: "x", csv: ChunkSequence(chunks: [bad]))
                Issue.record("expected an error")
            } catch let error as SQLError {
                #expect(error.code == .invalidData)
                #expect(error.description.contains("record 3") && error.description.contains("\"b\""))
            }
            await #expect(throws: SQLError.self) {
                try await connection.bulkLoad(into: "x", csv: ChunkSequence(chunks: [Array("a,nope\n1,2\n".utf8)]))
            }
        }
    }

    @Test func parametersStayData() async throws {
        try await MariaDB.withDatabase { connection, _ in
            try await connection.execute("CREATE TABLE x (v TEXT)")
            let evil = "'; DROP TABLE x; --"
            try await connection.execute("INSERT INTO x VALUES (?)", parameters: [.text(evil)])
            let echoed = try await connection.query("SELECT ? AS v, ? AS w", parameters: [.text(evil), .text("\\' OR 1=1 #")]) {
                try await $0.collectRows()
            }
            #expect(echoed == [[.text(evil), .text("\\' OR 1=1 #")]])
            let stored = try await connection.query("SELECT v FROM x WHERE v = ?", parameters: [.text(evil)]) {
                try await $0.collectRows()
            }
            #expect(stored == [[.text(evil)]])
            let tables = try await connection.query("SHOW TABLES") { try await $0.collectRows() }
            #expect(tables.count == 1)
        }
    }

    @Test func wrongPasswordGivesAClearErrorWithoutThePassword() async throws {
        let secret = "Wrong-Secret-Pa55word"
        do {
            _ = try await makeSQLConnection(url: MariaDB.url(password: secret))
            Issue.record("expected an error")
        } catch let error as SQLError {
            #expect(error.code == .authenticationFailed)
            #expect(error.serverErrorNumber == 1045)
            #expect(error.description.contains("\(MariaDB.host):\(MariaDB.port)"))
            #expect(!error.description.contains(secret) && !error.debugDescription.contains(secret))
            print("wrong password: \(error)")
        }
    }

    @Test func unreachablePortGivesAClearError() async throws {
        do {
            _ = try await makeSQLConnection(url: "mysql://ferry:topsecret@127.0.0.1:1/db?connect_timeout=2")
            Issue.record("expected an error")
        } catch let error as SQLError {
            #expect(error.code == .connectionFailed)
            #expect(error.description.contains("127.0.0.1:1/db") && !error.description.contains("topsecret"))
            print("unreachable: \(error)")
        }
    }

    @Test func requiredTLSAgainstAPlainServerFailsClearly() async throws {
        do {
            // The test server runs without TLS (have_ssl = DISABLED), so this must fail, not fall back to plain text.
            let connection = try await makeSQLConnection(url: MariaDB.url(query: "tls=required&connect_timeout=5"))
            // A server with TLS configured would accept: then the session must actually be encrypted.
            let cipher = try await connection.query("SHOW SESSION STATUS LIKE 'Ssl_cipher'") { try await $0.collectRows() }
            #expect(cipher.first?[1] != .text(""))
            await connection.close()
        } catch let error as SQLError {
            #expect(error.code == .connectionFailed)
            print("tls=required: \(error)")
        }
    }

    @Test func aConnectionKilledMidQueryGivesAClearError() async throws {
        try await MariaDB.withDatabase { connection, _ in
            let id = try #require(connection as? MySQLConnection).connectionID
            do {
                try await connection.query("SELECT seq, REPEAT('x', 200) FROM seq_1_to_5000000") { rows in
                    var batches = 0
                    for try await _ in rows {
                        batches += 1
                        if batches == 1 {
                            try await withSQLConnection(url: MariaDB.url()) { admin in
                                try await admin.execute("KILL CONNECTION \(id)")
                            }
                        }
                    }
                }
                Issue.record("expected an error")
            } catch let error as SQLError {
                #expect(error.code == .connectionLost)
                #expect(error.description.contains(MariaDB.host))
                print("killed mid-query: \(error)")
            }
            await #expect(throws: SQLError.self) { try await connection.execute("SELECT 1") }
        }
    }

    @Test func cancellingALongQueryReturnsPromptly() async throws {
        try await MariaDB.withDatabase { connection, _ in
            let start = ContinuousClock.now
            let task = Task {
                try await connection.query("SELECT SLEEP(600)") { try await $0.collectRows() }
            }
            try await Task.sleep(for: .milliseconds(500))
            task.cancel()
            let outcome = await task.result
            let elapsed = ContinuousClock.now - start
            #expect(elapsed < .seconds(120))  // not a speed check: the statement runs 600 s if not cancelled
            if case .failure(let error) = outcome { #expect(error is CancellationError) } else { Issue.record("not cancelled") }
            print("cancelled SLEEP(600) after \(elapsed)")
            // The connection survives a cancelled statement.
            let rows = try await connection.query("SELECT 1") { try await $0.collectRows() }
            #expect(rows == [[.integer(1)]])
        }
    }

    /// A `KILL QUERY` that reaches the server after its statement has finished must not kill the next one
    /// (`SLEEP` returns 1 instead of 0 when it is killed).
    @Test func aLateCancelNeverHitsTheNextStatement() async throws {
        try await MariaDB.withDatabase { connection, _ in
            let interrupted = try await cancelStatementsAsTheyFinish(on: connection, statement: "DO SLEEP(0.01)") {
                let rows = try await connection.query("SELECT SLEEP(0.05)") { try await $0.collectRows() }
                #expect(rows == [[.integer(0)]])
            }
            #expect(interrupted > 0, "no statement was cancelled, so no late cancel was tried")
            print("late cancels: \(interrupted) of 40 statements reported cancelled, no next statement hit")
        }
    }

    @Test func transactionsCommitAndRollBack() async throws {
        try await MariaDB.withDatabase { connection, _ in
            try await connection.execute("CREATE TABLE x (v INT) ENGINE=InnoDB")
            try await connection.withTransaction { try await connection.execute("INSERT INTO x VALUES (1)") }
            struct Boom: Error {}
            await #expect(throws: Boom.self) {
                try await connection.withTransaction {
                    try await connection.execute("INSERT INTO x VALUES (2)")
                    throw Boom()
                }
            }
            let rows = try await connection.query("SELECT v FROM x") { try await $0.collectRows() }
            #expect(rows == [[.integer(1)]])
            #expect(try await connection.execute("UPDATE x SET v = v + 1") == 1)
        }
    }

    @Test func earlyExitFromAHugeResultIsQuick() async throws {
        try await MariaDB.withDatabase { connection, _ in
            let start = ContinuousClock.now
            let first = try await connection.query("SELECT seq FROM seq_1_to_50000000") { rows in
                for try await batch in rows { return batch.rowCount }
                return 0
            }
            #expect(first > 0)
            #expect(ContinuousClock.now - start < .seconds(10))
            let rows = try await connection.query("SELECT 2") { try await $0.collectRows() }
            #expect(rows == [[.integer(2)]])
        }
    }
}
