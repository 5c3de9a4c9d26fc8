import DataPlane
import Foundation
import Testing

@Suite(.timeLimit(.minutes(3))) struct SQLiteIntegrationTests {
    @Test func roundTripsValuesAndDeclaredTypes() async throws {
        try await SQLiteFiles.withDatabase { db, _ in
            let columns: [SQLColumn] = [
                .init(name: "id", type: .integer(bits: 64, isSigned: true), isNullable: false),
                .init(name: "u", type: .integer(bits: 64, isSigned: false)), .init(name: "d", type: .decimal(precision: 38, scale: 10)),
                .init(name: "f", type: .double), .init(name: "t", type: .text), .init(name: "b", type: .blob),
                .init(name: "flag", type: .boolean), .init(name: "ts", type: .timestamp(precision: 6, hasTimeZone: false)),
                .init(name: "j", type: .json),
            ]
            try await db.execute(SQLTypeMap.createTableSQL(table: "t", for: columns, dialect: .sqlite))
            try await db.execute(
                "INSERT INTO t VALUES (?,?,?,?,?,?,?,?,?)",
                parameters: [
                    .integer(1), .unsignedInteger(.max), .text("12345678901234567890123456.1234567890"), .double(-0.0),
                    .text("héllo\n\"x\""), .binary([0, 255]), .boolean(true), .text("2024-01-02T03:04:05.123456"),
                    .text("1e2"),
                ])
            try await db.execute("INSERT INTO t (id, t, b) VALUES (?, ?, ?)", parameters: [.integer(2), .text(""), .binary([])])
            let (types, rows) = try await db.query("SELECT * FROM t ORDER BY id") { ($0.columns.map(\.type), try await $0.collectRows()) }
            #expect(types == columns.map(\.type))
            #expect(rows[0][1] == .unsignedInteger(.max))
            #expect(rows[0][2] == .text("12345678901234567890123456.1234567890"))
            // SQLite stores a REAL that is a whole number as an integer on disk, so -0.0 reads back as 0.0.
            if case .double(let z) = rows[0][3] { #expect(z == 0) } else { Issue.record("not a double") }
            #expect(rows[0][4] == .text("héllo\n\"x\""))
            #expect(rows[0][5] == .binary([0, 255]))
            #expect(rows[0][6] == .boolean(true))
            #expect(rows[0][8] == .text("1e2"))
            #expect(rows[1][3] == .null && rows[1][4] == .text("") && rows[1][5] == .binary([]))
            let csv = try await csvBytes(db, "SELECT * FROM t ORDER BY id")
            try await db.execute(SQLTypeMap.createTableSQL(table: "copy", for: columns, dialect: .sqlite))
            _ = try await db.bulkLoad(into: "copy", csv: ChunkSequence(chunks: [csv]))
            #expect(try await csvBytes(db, "SELECT * FROM copy ORDER BY id") == csv)
        }
    }

    @Test func bulkLoadsAndStreamsAHundredThousandRows() async throws {
        try await SQLiteFiles.withDatabase { db, _ in
            try await db.execute("CREATE TABLE big (id INTEGER PRIMARY KEY, name TEXT, amount DECIMAL_TEXT(12,2), payload BLOB)")
            let result = try await db.bulkLoad(into: "big", csv: GeneratedCSV(count: 100_000))
            #expect(result.rowCount == 100_000)
            let (count, bytes) = try await db.query("SELECT * FROM big") { rows in
                var count = 0
                var bytes = 0
                for try await chunk in rows.csvChunks() { bytes += chunk.count; count += chunk.filter { $0 == 0x0A }.count }
                return (count, bytes)
            }
            #expect(count == 100_001)
            #expect(bytes > 3_000_000)
            let sample = try await db.query("SELECT name, amount, payload FROM big WHERE id = ?", parameters: [.integer(4095)]) {
                try await $0.collectRows()
            }
            #expect(sample == [[.text("name 4095, with comma"), .text("4095.25"), .binary([0x0F, 0xFF])]])
        }
    }

    @Test func failedLoadAndRolledBackTransactionChangeNothing() async throws {
        try await SQLiteFiles.withDatabase { db, _ in
            try await db.execute("CREATE TABLE big (id INTEGER PRIMARY KEY, name TEXT, amount TEXT, payload BLOB)")
            await #expect(throws: GeneratedCSV.InjectedFailure.self) {
                try await db.bulkLoad(into: "big", csv: GeneratedCSV(count: 10_000, failAfter: 5_000))
            }
            struct Boom: Error {}
            await #expect(throws: Boom.self) {
                try await db.withTransaction {
                    try await db.execute("INSERT INTO big (id) VALUES (1)")
                    let inside = try await db.query("SELECT COUNT(*) FROM big") { try await $0.collectRows() }
                    #expect(inside == [[.integer(1)]])
                    throw Boom()
                }
            }
            let rows = try await db.query("SELECT COUNT(*) FROM big") { try await $0.collectRows() }
            #expect(rows == [[.integer(0)]])
        }
    }

    @Test func aTransactionCancelledMidwayIsRolledBackAndTheConnectionStaysUsable() async throws {
        try await SQLiteFiles.withDatabase { db, _ in
            try await db.execute("CREATE TABLE t (id INTEGER)")
            let (inside, entered) = AsyncStream.makeStream(of: Void.self)
            let transaction = Task {
                try await db.withTransaction {
                    try await db.execute("INSERT INTO t VALUES (1)")
                    entered.yield()
                    try await Task.sleep(for: .seconds(60))
                }
            }
            for await _ in inside { break }
            transaction.cancel()
            await #expect(throws: CancellationError.self) { try await transaction.value }
            try await db.withTransaction { try await db.execute("INSERT INTO t VALUES (2)") }
            let rows = try await db.query("SELECT id FROM t") { try await $0.collectRows() }
            #expect(rows == [[.integer(2)]])
        }
    }

    @Test func parametersStayData() async throws {
        try await SQLiteFiles.withDatabase { db, _ in
            try await db.execute("CREATE TABLE x (v TEXT)")
            let evil = "'; DROP TABLE x; --"
            try await db.execute("INSERT INTO x VALUES (?)", parameters: [.text(evil)])
            let rows = try await db.query("SELECT v, ? FROM x", parameters: [.text(evil)]) { try await $0.collectRows() }
            #expect(rows == [[.text(evil), .text(evil)]])
        }
    }
}
