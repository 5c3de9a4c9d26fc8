import ArgumentParser
import Foundation
import Testing

@testable import FerryCLI

@Suite struct CatalogOptionsTests {
    @Test func defaultsToASQLiteFileInTheCurrentDirectory() throws {
        let options = try CatalogOptions.parse([])
        #expect(
            try options.resolvedURL(environment: [:])
                == "sqlite://" + FileManager.default.currentDirectoryPath + "/ferry-catalog.db")
        #expect(
            try options.resolvedURL(environment: ["FERRY_CATALOG": ""])
                == "sqlite://" + FileManager.default.currentDirectoryPath + "/ferry-catalog.db")
    }

    @Test func readsFerryCatalogWithReferences() throws {
        let options = try CatalogOptions.parse([])
        let environment = ["FERRY_CATALOG": "postgres://admin:${PW}@db:5432/catalog", "PW": "p@ss/w"]
        #expect(try options.resolvedURL(environment: environment) == "postgres://admin:p%40ss%2Fw@db:5432/catalog")
        #expect(throws: ValidationError.self) {
            try options.resolvedURL(environment: ["FERRY_CATALOG": "mysql://u:${NOPE}@h/d"])
        }
    }

    @Test func theOptionWins() throws {
        let options = try CatalogOptions.parse(["--catalog", "mysql://u@h/admin"])
        #expect(try options.resolvedURL(environment: ["FERRY_CATALOG": "sqlite:///x.db"]) == "mysql://u@h/admin")
    }

    @Test func parsesTheCommandTree() throws {
        let command = try Ferry.parseAsRoot([
            "catalog", "table", "add", "--name", "users", "--select", "SELECT 1", "--mode", "merge", "--key",
            "id, tenant",
        ])
        let add = try #require(command as? Ferry.CatalogCommand.TableCommand.Add)
        #expect(add.keyColumns == ["id", "tenant"])
        #expect(throws: (any Error).self) {
            try Ferry.parseAsRoot(["catalog", "table", "add", "--name", "t", "--select", "S", "--mode", "incremental"])
        }
        #expect(throws: (any Error).self) { try Ferry.parseAsRoot(["catalog", "config", "set", "nope", "1"]) }
    }
}
