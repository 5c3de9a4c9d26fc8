import DataPlane
import Foundation
import JSONValue
import Testing

/// `ferry quickstart`, the README's first command: on an empty folder, then again.
@Suite(.timeLimit(.minutes(5))) struct QuickstartTests {
    @Test func replicatesTheSampleDataAndRunsAgain() async throws {
        let folder = try TemporaryDirectory()
        let dir = folder.url.appendingPathComponent("qs").path
        for run in 1...2 {
            let result = try await FerryProcess.run(["quickstart", "--dir", dir, "--json"], in: folder.url)
            #expect(result.status == 0, "run \(run): \(result.stderr)")
            let output = try #require(try JSONParser().parse(result.stdout)["output"])
            #expect(output["items"] == 9, "three active companies × three tables")
            #expect(output["failed"] == .array([]))
        }
        // Every item's target table holds exactly what its catalog SELECT returns from the production database.
        let catalog = "sqlite://" + dir + "/catalog.db"
        let listed = try await FerryProcess.run(["catalog", "items", "--catalog", catalog, "--json"], in: folder.url)
        let items = try #require(try JSONParser().parse(listed.stdout)["items"]?.arrayValue)
        #expect(items.count == 9)
        #expect(Set(items.compactMap { $0["company"]?.stringValue }) == ["acme", "globex", "initech"])
        for item in items {
            let query = try #require(item["query"]?.stringValue)
            var parameters: [String: SQLValue] = [:]
            for (name, value) in item["parameters"]?.objectValue ?? [:] {
                parameters[name] = value.intValue.map { .integer(Int64($0)) } ?? .text(value.stringValue ?? "")
            }
            let source = try await withSQLConnection(url: "sqlite://" + dir + "/production.db") {
                try await Transfer.fingerprint(
                    query: NamedQuery("SELECT * FROM (\(query)) q ORDER BY id", parameters: parameters), from: $0)
            }
            let columns = (item["columns"]?.arrayValue ?? []).compactMap(\.stringValue)
            let table = try #require(item["targetTable"]?.stringValue)
            let database = try #require(item["targetDatabase"]?.stringValue)
            let target = try await withSQLConnection(url: "sqlite://" + dir + "/reporting/" + database + ".db") {
                try await Transfer.fingerprint(
                    query: NamedQuery(
                        "SELECT \(columns.isEmpty ? "*" : columns.joined(separator: ", ")) FROM \(table) ORDER BY id"),
                    from: $0)
            }
            #expect(source.rowCount > 0)
            #expect(source.rowCount == target.rowCount && source.sha256 == target.sha256, "\(item["company"]!)/\(table)")
        }
        let reports = try FileManager.default.contentsOfDirectory(atPath: dir + "/reporting").filter { $0.hasSuffix(".db") }
        #expect(Set(reports) == ["ferry_acme.db", "ferry_globex.db", "ferry_initech.db"], "the disabled company gets none")
    }
}
