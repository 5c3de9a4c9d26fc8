import DataPlane
import Foundation
import Synchronization
import Testing

let postgresAllTypesTable = """
    CREATE TABLE t (
      id integer NOT NULL PRIMARY KEY, si smallint, i integer, bi bigint, d numeric(38,10), r real,
      dp double precision, c character(5), vc character varying(100), tx text, b bytea, dt date, tm time(3),
      ttz time(6) with time zone, ts timestamp(6), tstz timestamp(6) with time zone, bo boolean, j json, jb jsonb,
      u uuid, iv interval
    )
    """

let postgresAllTypesRows: [[SQLValue]] = [
    [
        .integer(1), .integer(-32768), .integer(-2_147_483_648), .integer(.min),
        .text("-1234567890123456789012345678.1234567890"), .double(3.14), .double(-0.0), .text("ab"),
        .text("quote\" comma, tab\t newline\n crlf\r\n back\\slash"), .text("héllo wörld ✓ 𝄞 日本 '; --"),
        .binary(Array(0...255)), .text("2024-02-29"), .text("23:59:59.999"), .text("04:05:06.5+02:00"),
        .text("9999-12-31 23:59:59.999999"), .text("2038-01-19 03:14:07.123456+00"), .boolean(true),
        .text("{\"a\": [1, 2.5, null, \"x\"]}"), .text("{\"b\": {\"c\": true}, \"a\": 1}"),
        .text("a0eebc99-9c0b-4ef8-bb6d-6bb9bd380a11"), .text("1 year 2 mons 3 days 04:05:06.5"),
    ],
    Array(repeating: SQLValue.null, count: 21).enumerated().map { $0.offset == 0 ? .integer(2) : $0.element },
    [
        .integer(3), .integer(0), .integer(0), .integer(0), .text("0.0000000001"), .double(-.infinity),
        .double(1.7976931348623157e308), .text(""), .text(""), .text(""), .binary([]), .text("0001-01-01"),
        .text("00:00:00"), .text("00:00:00Z"), .text("0001-01-01 00:00:00"), .text("1970-01-01 00:00:01+00"),
        .boolean(false), .text("\"\""), .text("[]"), .text("00000000-0000-0000-0000-000000000000"), .text("00:00:00"),
    ],
]

@Suite(.serialized, .timeLimit(.minutes(5))) struct PostgresIntegrationTests {
    @Test func roundTripsEveryTypeThroughCSV() async throws {
        try await Postgres.withDatabase { connection, _ in
            try await connection.execute(postgresAllTypesTable)
            let placeholders = Array(repeating: "?", count: 21).joined(separator: ",")
            for row in postgresAllTypesRows {
                try await connection.execute("INSERT INTO t VALUES (\(placeholders))", parameters: row)
            }
            let (columns, values) = try await connection.query("SELECT * FROM t ORDER BY id") { rows in
                (rows.columns, try await rows.collectRows())
            }
            #expect(columns.map(\.type) == [
                .integer(bits: 32, isSigned: true), .integer(bits: 16, isSigned: true), .integer(bits: 32, isSigned: true),
                .integer(bits: 64, isSigned: true), .decimal(precision: 38, scale: 10), .float, .double, .char(length: 5),
                .varchar(length: 100), .text, .blob, .date, .time(precision: 3), .time(precision: 6),
                .timestamp(precision: 6, hasTimeZone: false), .timestamp(precision: 6, hasTimeZone: true), .boolean, .json,
                .json, .char(length: 36), .text,
            ])
            let first = values[0]
            #expect(first[1] == .integer(-32768))
            #expect(first[3] == .integer(.min))
            #expect(first[4] == .text("-1234567890123456789012345678.1234567890"))
            #expect(first[5] == .double(3.14))
            if case .double(let negativeZero) = first[6] { #expect(negativeZero == 0 && negativeZero.sign == .minus) }
            #expect(first[7] == .text("ab   "))  // character(n) keeps its padding
            #expect(first[8] == .text("quote\" comma, tab\t newline\n crlf\r\n back\\slash"))
            #expect(first[9] == .text("héllo wörld ✓ 𝄞 日本 '; --"))
            #expect(first[10] == .binary(Array(0...255)))
            #expect(first[11] == .text("2024-02-29"))
            #expect(first[12] == .text("23:59:59.999"))
            #expect(first[13] == .text("04:05:06.500000+02:00"))
            #expect(first[14] == .text("9999-12-31T23:59:59.999999"))
            #expect(first[15] == .text("2038-01-19T03:14:07.123456Z"))
            #expect(first[16] == .boolean(true))
            #expect(first[17] == .text("{\"a\": [1, 2.5, null, \"x\"]}"))
            #expect(first[18] == .text("{\"a\": 1, \"b\": {\"c\": true}}"))  // jsonb normalises key order
            #expect(first[19] == .text("a0eebc99-9c0b-4ef8-bb6d-6bb9bd380a11"))
            #expect(first[20] == .text("1 year 2 mons 3 days 04:05:06.5"))
            #expect(values[1].dropFirst().allSatisfy { $0 == .null })
            let third = values[2]
            #expect(third[4] == .text("0.0000000001"))
            #expect(third[5] == .double(-.infinity))
            #expect(third[8] == .text("") && third[9] == .text("") && third[10] == .binary([]))
            #expect(third[13] == .text("00:00:00.000000Z"))
            #expect(third[14] == .text("0001-01-01T00:00:00.000000"))

            // Export, load the CSV into a copy made by the type map, export again: identical bytes, except that the
            // type map has no time-with-time-zone type (`ttz` becomes `time(6)`, which drops the offset).
            let csv = try await csvBytes(connection, "SELECT * FROM t ORDER BY id")
            try await connection.execute(SQLTypeMap.createTableSQL(table: "copy", for: columns, dialect: .postgres))
            let loaded = try await connection.bulkLoad(into: "copy", csv: ChunkSequence(chunks: [csv]))
            #expect(loaded.rowCount == 3)
            let again = try await csvBytes(connection, "SELECT * FROM copy ORDER BY id")
            let expected = String(decoding: csv, as: UTF8.self)
                .replacingOccurrences(of: "04:05:06.500000+02:00", with: "04:05:06.500000")
                .replacingOccurrences(of: "00:00:00.000000Z", with: "00:00:00.000000")
            #expect(String(decoding: again, as: UTF8.self) == expected)
            // A table with the original column types reproduces the CSV exactly.
            try await connection.execute("CREATE TABLE same (LIKE t)")
            _ = try await connection.bulkLoad(into: "same", csv: ChunkSequence(chunks: [csv]))
            #expect(try await csvBytes(connection, "SELECT * FROM same ORDER BY id") == csv)
        }
    }

    @Test func streamsALargeResultWithFlatMemory() async throws {
        try await Postgres.withDatabase { connection, _ in
            let before = residentSetSize()
            var peak = before
            let (count, sum) = try await connection.query(
                "SELECT i, 'row ' || i || repeat('x', 100) FROM generate_series(1, 1000000) AS s(i)"
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
            let growth = (peak - before) >> 20
            print("PostgreSQL: streaming 1M rows (~110 MB): RSS growth \(growth) MiB")
            // Well under the result's size; the margin absorbs tests running alongside in this process.
            #expect(growth < 64)
        }
    }

    @Test func copyLoadsAHundredThousandRowsFromAStream() async throws {
        try await Postgres.withDatabase { connection, _ in
            try await connection.execute(
                "CREATE TABLE big (id integer PRIMARY KEY, name varchar(100), amount numeric(12,2), payload bytea)")
            let before = residentSetSize()
            let start = ContinuousClock.now
            let result = try await connection.bulkLoad(into: "big", csv: GeneratedCSV(count: 100_000))
            print("PostgreSQL COPY from a stream: 100k rows in \(ContinuousClock.now - start), RSS growth "
                + "\((residentSetSize() - before) >> 20) MiB")
            #expect(result.rowCount == 100_000)
            let rows = try await connection.query(
                "SELECT COUNT(*), SUM(id), MAX(name) FROM big WHERE id < ?", parameters: [.integer(1000)]
            ) { try await $0.collectRows() }
            #expect(rows[0][0] == .integer(1000))
            #expect(rows[0][1] == .integer(499_500))
            let sample = try await connection.query("SELECT name, amount, payload FROM big WHERE id = $1", parameters: [.integer(4095)]) {
                try await $0.collectRows()
            }
            #expect(sample == [[.text("name 4095, with comma"), .text("4095.25"), .binary([0x0F, 0xFF])]])
        }
    }

    @Test func aFailingInputStreamLeavesTheTableUnchanged() async throws {
        try await Postgres.withDatabase { connection, database in
            try await connection.execute(
                "CREATE TABLE big (id integer PRIMARY KEY, name varchar(100), amount numeric(12,2), payload bytea)")
            try await connection.execute("INSERT INTO big (id, name) VALUES (-1, 'kept')")
            await #expect(throws: GeneratedCSV.InjectedFailure.self) {
                try await connection.bulkLoad(into: "big", csv: GeneratedCSV(count: 100_000, failAfter: 60_000))
            }
            // The same connection is still usable, and a fresh one sees only the row that was there before.
            #expect(try await connection.query("SELECT COUNT(*) FROM big") { try await $0.collectRows() } == [[.integer(1)]])
            try await withSQLConnection(url: Postgres.url(database: database)) { fresh in
                let rows = try await fresh.query("SELECT id, name FROM big") { try await $0.collectRows() }
                #expect(rows == [[.integer(-1), .text("kept")]])
            }
            // A bad value the server rejects midway (row 50,001 duplicates a key) also keeps nothing.
            var csv = Array("id,name\n".utf8)
            for i in 0..<50_000 { csv += Array("\(i),n\(i)\n".utf8) }
            csv += Array("-1,duplicate\n".utf8)
            do {
                _ = try await connection.bulkLoad(into: "big", csv: ChunkSequence(chunks: [csv]))
                Issue.record("expected an error")
            } catch let error as SQLError {
                #expect(error.code == .bulkLoadFailed)
                #expect(error.sqlState == "23505")
                print("duplicate key in COPY: \(error)")
            }
            #expect(try await connection.query("SELECT COUNT(*) FROM big") { try await $0.collectRows() } == [[.integer(1)]])
        }
    }

    /// A value the server rejects stops the sending after the chunk in flight, over TLS as over a plain
    /// connection: the rest of the input is never read.
    @Test(arguments: ["sslmode=disable", "sslmode=require"]) func aRejectedValueStopsTheCopyEarly(query: String) async throws {
        try await Postgres.withDatabase { _, database in
            try await withSQLConnection(url: Postgres.url(database: database, query: query)) { connection in
                try await connection.execute("CREATE TABLE x (id integer PRIMARY KEY, name text)")
                let input = RowsAfterADuplicateKey(chunks: 2_000)
                do {
                    _ = try await connection.bulkLoad(into: "x", csv: input)
                    Issue.record("expected an error")
                } catch let error as SQLError {
                    #expect(error.sqlState == "23505")
                }
                let read = input.chunksRead.withLock { $0 }
                #expect(read < 1_000, "\(query): read \(read) of 2,000 chunks")
                print("\(query): a duplicate key in row 2 stopped the COPY after \(read) of 2,000 chunks")
                #expect(try await connection.query("SELECT COUNT(*) FROM x") { try await $0.collectRows() } == [[.integer(0)]])
            }
        }
    }

    @Test func malformedCSVNamesTheRecord() async throws {
        try await Postgres.withDatabase { connection, _ in
            try await connection.execute("CREATE TABLE x (a integer, b bytea)")
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
            await #expect(throws: SQLError.self) {
                try await connection.bulkLoad(into: "missing", csv: ChunkSequence(chunks: [Array("a\n1\n".utf8)]))
            }
            #expect(try await connection.query("SELECT COUNT(*) FROM x") { try await $0.collectRows() } == [[.integer(0)]])
        }
    }

    @Test func quotedIdentifiersWorkEverywhere() async throws {
        try await Postgres.withDatabase { connection, _ in
            let table = "We\"ird Table"
            let column = "Mixed \"Col\""
            try await connection.execute(
                "CREATE TABLE \(connection.quoteIdentifier(table)) (\(connection.quoteIdentifier(column)) text)")
            let csv = Array("\"Mixed \"\"Col\"\"\"\nvalue\n".utf8)
            #expect(try await connection.bulkLoad(into: table, csv: ChunkSequence(chunks: [csv])).rowCount == 1)
            #expect(try await connection.columns(ofTable: table) == [SQLColumn(name: column, type: .text)])
            let rows = try await connection.query("SELECT * FROM \(connection.quoteIdentifier(table))") {
                ($0.columns.map(\.name), try await $0.collectRows())
            }
            #expect(rows.0 == [column] && rows.1 == [[.text("value")]])
        }
    }

    @Test func parametersStayData() async throws {
        try await Postgres.withDatabase { connection, _ in
            try await connection.execute("CREATE TABLE x (v text)")
            let evil = "'; DROP TABLE x; --"
            try await connection.execute("INSERT INTO x VALUES (?)", parameters: [.text(evil)])
            let echoed = try await connection.query("SELECT ? AS v, ? AS w", parameters: [.text(evil), .text("\\' OR 1=1 --")]) {
                try await $0.collectRows()
            }
            #expect(echoed == [[.text(evil), .text("\\' OR 1=1 --")]])
            let stored = try await connection.query("SELECT v FROM x WHERE v = ?", parameters: [.text(evil)]) {
                try await $0.collectRows()
            }
            #expect(stored == [[.text(evil)]])
            let tables = try await connection.query(
                "SELECT tablename FROM pg_tables WHERE schemaname = 'public' AND tablename <> ?", parameters: [.text("?")]
            ) { try await $0.collectRows() }
            #expect(tables == [[.text("x")]])
            let typed = try await connection.query(
                "SELECT ?::int + 1, ? + 1, ?::numeric, ?, ?", parameters: [
                    .text("41"), .integer(41), .unsignedInteger(.max), .binary([0, 1]), .boolean(true),
                ]
            ) { try await $0.collectRows() }
            #expect(typed == [[.integer(42), .integer(42), .text("18446744073709551615"), .binary([0, 1]), .boolean(true)]])
            await #expect(throws: SQLError.self) { try await connection.execute("SELECT ?", parameters: []) }
        }
    }

    @Test func wrongPasswordGivesAClearErrorWithoutThePassword() async throws {
        let secret = "Wrong-Secret-Pa55word"
        do {
            _ = try await makeSQLConnection(url: Postgres.url(password: secret))
            Issue.record("expected an error")
        } catch let error as SQLError {
            #expect(error.code == .authenticationFailed)
            #expect(error.sqlState == "28P01")
            #expect(error.description.contains("postgres://\(Postgres.user)@\(Postgres.host):\(Postgres.port)"))
            #expect(!error.description.contains(secret) && !error.debugDescription.contains(secret))
            #expect(!error.description.contains("\n"))
            print("wrong password: \(error)")
        }
    }

    @Test func unreachablePortAndMissingDatabaseGiveClearErrors() async throws {
        do {
            _ = try await makeSQLConnection(url: "postgres://ferry:topsecret@127.0.0.1:1/db?connect_timeout=2")
            Issue.record("expected an error")
        } catch let error as SQLError {
            #expect(error.code == .connectionFailed)
            #expect(error.description.contains("127.0.0.1:1/db") && !error.description.contains("topsecret"))
            print("unreachable: \(error)")
        }
        do {
            _ = try await makeSQLConnection(url: Postgres.url(database: "no_such_database_here"))
            Issue.record("expected an error")
        } catch let error as SQLError {
            #expect(error.code == .connectionFailed && error.sqlState == "3D000")
            print("missing database: \(error)")
        }
    }

    /// Non-ASCII passwords authenticate as with libpq: the server stored the SASLprep form of the first two
    /// (a no-break space, compatibility characters, a soft hyphen, a zero-width space) and the third as given (a private-use
    /// character makes SASLprep fail).
    @Test func nonASCIIPasswordsAuthenticateAsWithLibpq() async throws {
        let asciiOnly = CharacterSet(charactersIn: "abcdefghijklmnopqrstuvwxyzABCDEFGHIJKLMNOPQRSTUVWXYZ0123456789")
        for password in ["Pa\u{00A0}ss\u{2168}w\u{00F6}rd\u{00AD}", "\u{FB01}ne\u{200B}", "x\u{E000}\u{00A0}y"] {
            let role = "ferry_saslprep_" + String(UInt32.random(in: 0...UInt32.max), radix: 16)
            try await withSQLConnection(url: Postgres.url()) { admin in
                try await admin.execute("CREATE ROLE \(admin.quoteIdentifier(role)) LOGIN PASSWORD '\(password)'")
                do {
                    let encoded = password.addingPercentEncoding(withAllowedCharacters: asciiOnly) ?? ""
                    let url = "postgres://\(role):\(encoded)@\(Postgres.host):\(Postgres.port)/\(Postgres.database)"
                    let user = try await withSQLConnection(url: url) { connection in
                        try await connection.query("SELECT current_user::text") { try await $0.collectRows() }
                    }
                    #expect(user == [[.text(role)]], "\(password.unicodeScalars.map { String($0.value, radix: 16) })")
                } catch {
                    Issue.record("\(password.unicodeScalars.map { String($0.value, radix: 16) }): \(error)")
                }
                try await admin.execute("DROP ROLE \(admin.quoteIdentifier(role))")
            }
        }
    }

    /// The test server has TLS on, with the self-signed certificate scripts/start-postgres.sh made.
    @Test func tlsConnectionsAreEncryptedAndVerified() async throws {
        let certificate = Postgres.directory + "/server.crt"
        for query in ["sslmode=require", "sslmode=verify-full&sslrootcert=\(certificate)"] {
            try await withSQLConnection(url: Postgres.url(query: query)) { connection in
                let ssl = try await connection.query("SELECT ssl FROM pg_stat_ssl WHERE pid = pg_backend_pid()") {
                    try await $0.collectRows()
                }
                #expect(ssl == [[.boolean(true)]], "\(query)")
            }
        }
        do {
            // The system's trust store does not hold the throwaway certificate.
            _ = try await makeSQLConnection(url: Postgres.url(query: "sslmode=verify-ca"))
            Issue.record("expected an error")
        } catch let error as SQLError {
            #expect(error.code == .connectionFailed && error.description.contains("certificate"))
            print("sslmode=verify-ca, untrusted certificate: \(error)")
        }
    }

    @Test func requiredTLSAgainstAPlainServerFailsClearly() async throws {
        // A server that answers the TLS request with "N", as PostgreSQL without TLS does.
        let server = try PlainPostgresListener()
        do {
            _ = try await makeSQLConnection(url: "postgres://ferry:secret@127.0.0.1:\(server.port)/db?sslmode=require")
            Issue.record("expected an error")
        } catch let error as SQLError {
            #expect(error.code == .connectionFailed)
            #expect(error.description.contains("does not accept TLS"))
            print("sslmode=require against a plain server: \(error)")
        }
    }

    @Test func copyFromStdinAsAPlainStatementFailsInsteadOfWaiting() async throws {
        try await Postgres.withDatabase { connection, _ in
            try await connection.execute("CREATE TABLE t (v integer)")
            do {
                try await connection.execute("COPY t FROM STDIN")
                Issue.record("expected an error")
            } catch let error as SQLError {
                #expect(error.description.contains("bulk load"))
                print("COPY FROM STDIN as a statement: \(error)")
            }
            #expect(try await connection.execute("INSERT INTO t VALUES (1)") == 1)
        }
    }

    @Test func typesWithoutABinaryFormatComeAsPostgreSQLText() async throws {
        try await Postgres.withDatabase { connection, _ in
            let (columns, rows) = try await connection.query(
                "SELECT ARRAY[1, 2] AS a, '192.168.0.1/24'::inet AS n, '[1,5)'::int4range AS r, 12.5::money AS m"
            ) { rows in (rows.columns, try await rows.collectRows()) }
            #expect(columns.map(\.type) == [.text, .text, .text, .text])
            #expect(rows == [[.text("{1,2}"), .text("192.168.0.1/24"), .text("[1,5)"), .text("$12.50")]])
        }
    }

    /// Kills the server process in the middle of a 5M-row result (the `FATAL` message or the closed socket must
    /// surface as a lost connection, never a hang or a crash).
    @Test(arguments: 1...3)
    func aConnectionKilledMidQueryGivesAClearError(attempt: Int) async throws {
        try await Postgres.withDatabase { connection, _ in
            let pid = try #require(connection as? PostgreSQLConnection).backendProcessID
            do {
                try await connection.query("SELECT i, repeat('x', 200) FROM generate_series(1, 5000000) AS s(i)") { rows in
                    var batches = 0
                    for try await _ in rows {
                        batches += 1
                        if batches == 1 {
                            try await withSQLConnection(url: Postgres.url()) { admin in
                                try await admin.execute("SELECT pg_terminate_backend(?::int)", parameters: [.integer(Int64(pid))])
                            }
                        }
                    }
                }
                Issue.record("expected an error")
            } catch let error as SQLError {
                #expect(error.code == .connectionLost)
                #expect(error.description.contains(Postgres.host))
                print("killed mid-query: \(error)")
            }
            await #expect(throws: SQLError.self) { try await connection.execute("SELECT 1") }
        }
    }

    /// Kills the server process while `COPY` data is streaming. Repeated, since where the kill lands (mid-write,
    /// between chunks, before `CopyDone`) is a matter of timing.
    @Test(arguments: 1...5)
    func theServerKillingTheConnectionMidLoadLeavesTheTableUnchanged(attempt: Int) async throws {
        try await Postgres.withDatabase { connection, database in
            try await connection.execute(
                "CREATE TABLE big (id integer PRIMARY KEY, name varchar(100), amount numeric(12,2), payload bytea)")
            let pid = try #require(connection as? PostgreSQLConnection).backendProcessID
            let source = KillingCSV(rows: GeneratedCSV(count: 200_000), killAfterChunks: 8) {
                try await withSQLConnection(url: Postgres.url()) { admin in
                    _ = try await admin.execute("SELECT pg_terminate_backend(?::int)", parameters: [.integer(Int64(pid))])
                }
            }
            do {
                _ = try await connection.bulkLoad(into: "big", csv: source)
                Issue.record("expected an error")
            } catch let error as SQLError {
                #expect(error.code == .connectionLost || error.code == .bulkLoadFailed)
                #expect(error.description.contains(Postgres.host))
                print("killed mid-load: \(error)")
            }
            try await withSQLConnection(url: Postgres.url(database: database)) { fresh in
                let count = try await fresh.query("SELECT COUNT(*) FROM big") { try await $0.collectRows() }
                #expect(count == [[.integer(0)]])
            }
        }
    }

    @Test func aConnectionKilledBetweenStatementsGivesAClearError() async throws {
        try await Postgres.withDatabase { connection, _ in
            let pid = try #require(connection as? PostgreSQLConnection).backendProcessID
            try await withSQLConnection(url: Postgres.url()) { admin in
                try await admin.execute("SELECT pg_terminate_backend(?::int)", parameters: [.integer(Int64(pid))])
            }
            try await Task.sleep(for: .milliseconds(200))
            do {
                _ = try await connection.query("SELECT 1") { try await $0.collectRows() }
                Issue.record("expected an error")
            } catch let error as SQLError {
                #expect(error.code == .connectionLost || error.code == .closed)
                #expect(error.description.contains(Postgres.host))
                print("killed between statements: \(error)")
            }
        }
    }

    @Test func cancellingALongQueryReturnsPromptly() async throws {
        try await Postgres.withDatabase { connection, _ in
            for statement in ["query", "execute"] {
                let start = ContinuousClock.now
                let task = Task {
                    if statement == "query" {
                        _ = try await connection.query("SELECT pg_sleep(600)") { try await $0.collectRows() }
                    } else {
                        try await connection.execute("SELECT pg_sleep(600)")
                    }
                }
                try await Task.sleep(for: .milliseconds(500))
                task.cancel()
                let outcome = await task.result
                let elapsed = ContinuousClock.now - start
                #expect(elapsed < .seconds(120))  // not a speed check: the statement runs 600 s if not cancelled
                if case .failure(let error) = outcome { #expect(error is CancellationError) } else { Issue.record("not cancelled") }
                print("cancelled pg_sleep(600) (\(statement)) after \(elapsed)")
                let rows = try await connection.query("SELECT 1") { try await $0.collectRows() }
                #expect(rows == [[.integer(1)]])
            }
        }
    }

    /// A cancel request that reaches the server after its statement has finished must not cancel the next one.
    @Test func aLateCancelNeverHitsTheNextStatement() async throws {
        try await Postgres.withDatabase { connection, _ in
            let interrupted = try await cancelStatementsAsTheyFinish(on: connection, statement: "SELECT pg_sleep(0.01)") {
                try await connection.execute("SELECT pg_sleep(0.05)")
            }
            #expect(interrupted > 0, "no statement was cancelled, so no late cancel was tried")
            print("late cancels: \(interrupted) of 40 statements reported cancelled, no next statement hit")
        }
    }

    @Test func transactionsCommitAndRollBack() async throws {
        try await Postgres.withDatabase { connection, _ in
            try await connection.execute("CREATE TABLE x (v integer PRIMARY KEY)")
            try await connection.withTransaction { try await connection.execute("INSERT INTO x VALUES (1)") }
            struct Boom: Error {}
            await #expect(throws: Boom.self) {
                try await connection.withTransaction {
                    try await connection.execute("INSERT INTO x VALUES (2)")
                    throw Boom()
                }
            }
            // A failed statement whose error the body swallows: COMMIT turns into ROLLBACK, and we say so.
            await #expect(throws: SQLError.self) {
                try await connection.withTransaction {
                    try await connection.execute("INSERT INTO x VALUES (3)")
                    _ = try? await connection.execute("INSERT INTO x VALUES (1)")
                }
            }
            // A failed COPY inside a transaction rolls the whole transaction back.
            await #expect(throws: GeneratedCSV.InjectedFailure.self) {
                try await connection.withTransaction {
                    try await connection.execute("INSERT INTO x VALUES (4)")
                    try await connection.execute("CREATE TABLE big (id integer, name text, amount numeric, payload bytea)")
                    _ = try await connection.bulkLoad(into: "big", csv: GeneratedCSV(count: 10_000, failAfter: 5_000))
                }
            }
            let rows = try await connection.query("SELECT v FROM x ORDER BY v") { try await $0.collectRows() }
            #expect(rows == [[.integer(1)]])
            #expect(try await connection.columns(ofTable: "big").isEmpty)
            #expect(try await connection.execute("UPDATE x SET v = v + 1") == 1)
        }
    }

    @Test func earlyExitFromAHugeResultIsQuick() async throws {
        try await Postgres.withDatabase { connection, _ in
            let start = ContinuousClock.now
            let first = try await connection.query(
                "SELECT a.i, b.j FROM generate_series(1, 10000) AS a(i), generate_series(1, 5000) AS b(j)"
            ) { rows in
                for try await batch in rows { return batch.rowCount }
                return 0
            }
            #expect(first > 0)
            #expect(ContinuousClock.now - start < .seconds(10))
            print("early exit from 50M rows after \(ContinuousClock.now - start)")
            let rows = try await connection.query("SELECT 2") { try await $0.collectRows() }
            #expect(rows == [[.integer(2)]])
        }
    }

    @Test func columnsOfATable() async throws {
        try await Postgres.withDatabase { connection, _ in
            try await connection.execute("CREATE DOMAIN short_text AS varchar(10)")
            try await connection.execute(
                "CREATE TABLE x (id bigint NOT NULL, d numeric(10,2), s short_text, t timestamptz(3), dropped int)")
            try await connection.execute("ALTER TABLE x DROP COLUMN dropped")
            #expect(try await connection.columns(ofTable: "x") == [
                SQLColumn(name: "id", type: .integer(bits: 64, isSigned: true), isNullable: false),
                SQLColumn(name: "d", type: .decimal(precision: 10, scale: 2)),
                SQLColumn(name: "s", type: .varchar(length: 10)),
                SQLColumn(name: "t", type: .timestamp(precision: 3, hasTimeZone: true)),
            ])
            #expect(try await connection.columns(ofTable: "nope").isEmpty)
        }
    }
}

/// The same CSV loaded into MariaDB, SQLite and PostgreSQL and exported again gives identical bytes.
///
/// The columns are those all three represent exactly. Left out, by design: time-zone-aware timestamps (the type map
/// stores them as MySQL `DATETIME`, which exports without the `Z`), booleans (MySQL's are `TINYINT(1)`, exported as
/// `1`/`0`), `-0.0` (SQLite stores it as the integer 0), `Infinity`/`NaN` (MySQL has none), text containing NUL
/// (PostgreSQL refuses it), times outside 00:00–24:00 (MySQL `TIME` only), and non-normalised JSON (PostgreSQL's
/// `jsonb` rewrites it). `character(n)` is left out too: MySQL strips the padding PostgreSQL keeps.
@Suite(.serialized, .timeLimit(.minutes(5))) struct CrossDatabaseCSVTests {
    static let columns: [SQLColumn] = [
        SQLColumn(name: "id", type: .integer(bits: 32, isSigned: true), isNullable: false),
        SQLColumn(name: "small", type: .integer(bits: 16, isSigned: true)),
        SQLColumn(name: "big", type: .integer(bits: 64, isSigned: true)),
        SQLColumn(name: "amount", type: .decimal(precision: 38, scale: 10)),
        SQLColumn(name: "ratio", type: .double),
        SQLColumn(name: "label", type: .varchar(length: 200)),
        SQLColumn(name: "body", type: .text),
        SQLColumn(name: "payload", type: .blob),
        SQLColumn(name: "day", type: .date),
        SQLColumn(name: "clock", type: .time(precision: 3)),
        SQLColumn(name: "stamp", type: .timestamp(precision: 6, hasTimeZone: false)),
        SQLColumn(name: "doc", type: .json),
    ]

    static func csv() throws -> [UInt8] {
        func f(_ s: String?) -> [UInt8]? { s.map { Array($0.utf8) } }
        let rows: [[[UInt8]?]] = [
            [
                f("1"), f("-32768"), f("-9223372036854775808"), f("-1234567890123456789012345678.1234567890"),
                f("3.14"), f("quote\" comma, tab\t"), f("newline\n crlf\r\n back\\slash héllo ✓ 𝄞 日本 '; DROP TABLE x; --"),
                Array(0...255), f("2024-02-29"), f("23:59:59.999"), f("2024-02-29T23:59:59.123456"),
                f("{\"a\": [1, 2.5, null, \"x\"]}"),
            ],
            [f("2"), nil, nil, nil, nil, nil, nil, nil, nil, nil, nil, nil],
            [
                f("3"), f("0"), f("9223372036854775807"), f("0.0000000001"), f("1e-30"), f(""), f(""), [], f("1000-01-01"),
                f("00:00:00.000"), f("1970-01-01T00:00:01.000000"), f("{}"),
            ],
            [
                f("4"), f("32767"), f("1"), f("99999999999999999999999999.9999999999"), f("1.7976931348623157e+308"),
                f(String(repeating: "é", count: 200)), f(String(repeating: "long text ", count: 20_000)), [0x5C, 0x78],
                f("9999-12-31"), f("12:00:00.500"), f("9999-12-31T23:59:59.999999"), f("[\"\"]"),
            ],
        ]
        var writer = SQLCSVWriter(columns: columns)
        try writer.writeHeader()
        try writer.write(SQLRowBatch.make(columns: columns, rows: rows))
        return try writer.finish()
    }

    static func roundTrip(_ connection: any SQLConnection, _ input: [UInt8]) async throws -> [UInt8] {
        try await connection.execute(SQLTypeMap.createTableSQL(table: "cross", for: columns, dialect: connection.dialect))
        let result = try await connection.bulkLoad(into: "cross", csv: ChunkSequence(chunks: [input]))
        #expect(result.rowCount == 4)
        #expect(result.warningCount == 0)
        return try await csvBytes(connection, "SELECT * FROM \(connection.quoteIdentifier("cross")) ORDER BY id")
    }

    @Test func theSameCSVComesBackIdenticalFromEveryDatabase() async throws {
        let input = try Self.csv()
        let fromPostgres = try await Postgres.withDatabase { connection, _ in try await Self.roundTrip(connection, input) }
        let fromMariaDB = try await MariaDB.withDatabase { connection, _ in try await Self.roundTrip(connection, input) }
        let fromSQLite = try await SQLiteFiles.withDatabase { connection, _ in try await Self.roundTrip(connection, input) }
        let text = String(decoding: input, as: UTF8.self)
        #expect(String(decoding: fromPostgres, as: UTF8.self) == text)
        #expect(String(decoding: fromMariaDB, as: UTF8.self) == text)
        #expect(String(decoding: fromSQLite, as: UTF8.self) == text)
        #expect(fromPostgres == input && fromMariaDB == input && fromSQLite == input)
    }
}

/// Passes chunks through and runs `kill` once, before handing out chunk number `killAfterChunks`.
struct KillingCSV: AsyncSequence, Sendable {
    typealias Element = [UInt8]
    let rows: GeneratedCSV
    let killAfterChunks: Int
    let kill: @Sendable () async throws -> Void

    struct AsyncIterator: AsyncIteratorProtocol {
        var inner: GeneratedCSV.AsyncIterator
        let killAfterChunks: Int
        let kill: @Sendable () async throws -> Void
        var count = 0

        mutating func next() async throws -> [UInt8]? {
            count += 1
            if count == killAfterChunks {
                try await kill()
                try await Task.sleep(for: .milliseconds(200))
            }
            return try await inner.next()
        }
    }

    func makeAsyncIterator() -> AsyncIterator {
        AsyncIterator(inner: rows.makeAsyncIterator(), killAfterChunks: killAfterChunks, kill: kill)
    }
}

/// CSV whose second row repeats the first one's key, then `chunks` chunks of 64 KiB of valid rows; counts the chunks
/// read.
private final class RowsAfterADuplicateKey: AsyncSequence, Sendable {
    let chunks: Int
    let chunksRead = Mutex(0)
    init(chunks: Int) { self.chunks = chunks }

    struct AsyncIterator: AsyncIteratorProtocol {
        let source: RowsAfterADuplicateKey
        var next = 0
        mutating func next() async throws -> [UInt8]? {
            defer { next += 1 }
            if next == 0 { return Array("id,name\n1,first\n1,duplicate\n".utf8) }
            guard next <= source.chunks else { return nil }
            source.chunksRead.withLock { $0 += 1 }
            var chunk: [UInt8] = []
            var id = next * 10_000
            while chunk.count < 64 * 1024 {
                chunk += Array("\(id),row \(id)\n".utf8)
                id += 1
            }
            return chunk
        }
    }
    func makeAsyncIterator() -> AsyncIterator { AsyncIterator(source: self) }
}
