import DataPlane
import Foundation
@testable import Pipelines
import Testing

/// The `ferry_loads` ledger under concurrent loads into one target database, as a Map over one company's tables
/// does.
@Suite(.timeLimit(.minutes(5))) struct LoadLedgerTests {
    @Test func concurrentFirstLoadsIntoPostgreSQLAllRecordTheirBatch() async throws {
        try await Postgres.withDatabase { connection, name in
            try await Self.raceToRecord(url: Postgres.url(database: name), checkingOn: connection)
        }
    }

    @Test func concurrentFirstLoadsIntoMariaDBAllRecordTheirBatch() async throws {
        try await MariaDB.withDatabase { connection, name in
            try await Self.raceToRecord(url: MariaDB.url(database: name), checkingOn: connection)
        }
    }

    /// Eight writers record a batch each at once, five times, each time starting without the ledger so that all of
    /// them race to create it.
    private static func raceToRecord(url: String, checkingOn connection: any SQLConnection) async throws {
        for round in 0..<5 {
            try await connection.execute("DROP TABLE IF EXISTS \(connection.quoteIdentifier(LoadLedger.table))")
            try await withThrowingTaskGroup(of: Void.self) { group in
                for writer in 0..<8 {
                    group.addTask {
                        try await withSQLConnection(url: url) {
                            try await LoadLedger.record(
                                table: "t\(writer)", batch: "b\(round)", rows: writer, fingerprint: nil, on: $0)
                        }
                    }
                }
                try await group.waitForAll()
            }
            for writer in 0..<8 {
                #expect(try await LoadLedger.contains(table: "t\(writer)", batch: "b\(round)", on: connection))
            }
        }
    }
}
