import DataPlane
import Foundation
import Testing

@testable import FerryCLI

@Suite struct FerryConfigurationTests {
    /// Writes `text` as ferry.yaml in a fresh folder and loads it.
    func load(_ text: String, environment: [String: String] = [:]) throws -> FerryConfiguration {
        let folder = FileManager.default.temporaryDirectory.appendingPathComponent("ferry-config-\(UUID().uuidString)")
        try FileManager.default.createDirectory(at: folder, withIntermediateDirectories: true)
        defer { try? FileManager.default.removeItem(at: folder) }
        let path = folder.appendingPathComponent("ferry.yaml").path
        try Data(text.utf8).write(to: URL(fileURLWithPath: path))
        return try FerryConfiguration.load(path: path, environment: environment)
    }

    func message(_ text: String, environment: [String: String] = [:]) -> String {
        do {
            _ = try load(text, environment: environment)
            return "loaded"
        } catch {
            return String(describing: error)
        }
    }

    @Test func readsConnectionsByNameSecretsFromTheEnvironmentAndDefaults() throws {
        let configuration = try load(
            """
            connections:
              production: 'mysql://reader:${PW}@db:3306/shop'
              reporting: postgres://loader@reports/bi
            source: production
            target: reporting
            resources:
              arn:aws:lambda:us-east-1:1:function:export: ferry:export-all
              arn:aws:lambda:us-east-1:1:function:notify: {command: [/bin/echo, hi]}
            """, environment: ["PW": "p@ss:w/rd"])
        #expect(configuration.source == "mysql://reader:p%40ss%3Aw%2Frd@db:3306/shop")
        #expect(configuration.target == "postgres://loader@reports/bi")
        let folder = URL(fileURLWithPath: configuration.path).deletingLastPathComponent().path
        #expect(configuration.catalog == "sqlite://" + folder + "/ferry-catalog.db")
        #expect(configuration.store == "file://" + folder + "/objects")
        #expect(configuration.gzip == false && configuration.concurrency == 4)
        #expect(configuration.resources.map(\.resource).sorted() == [
            "arn:aws:lambda:us-east-1:1:function:export", "arn:aws:lambda:us-east-1:1:function:notify",
        ])
    }

    @Test func relativePathsAreTakenFromTheFilesFolder() throws {
        let configuration = try load("source: sqlite://prod.db\ntarget: sqlite:///abs/x.db\nstore: file://objects\n")
        let folder = URL(fileURLWithPath: configuration.path).deletingLastPathComponent().path
        #expect(configuration.source == "sqlite://" + folder + "/prod.db")
        #expect(configuration.target == "sqlite:///abs/x.db")
        #expect(configuration.store == "file://" + folder + "/objects")
    }

    @Test(arguments: [
        ("target: x://y\n", "\"source\" is missing"),
        ("source: a://b\ntarget: a://b\nsorce: x\n", "unknown setting \"sorce\""),
        ("source: production\ntarget: a://b\n", "neither a URL nor a name under connections"),
        ("source: '${NOPE}'\ntarget: a://b\n", "NOPE"),
        ("source: a://b\ntarget: a://b\nconcurrency: 0\n", "from 1 to 64"),
        ("source: a://b\ntarget: a://b\ngzip: sometimes\n", "\"gzip\" must be true or false"),
        ("source: a://b\ntarget: a://b\nresources: {arn:x: ferry:nope}\n", "a built-in task is one of ferry:plan"),
        ("source: a://b\ntarget: a://b\nresources: {arn:x: {cmd: [a]}}\n", "needs \"command\""),
        ("- a\n- b\n", "must be a mapping"),
        ("source: [a\n", "invalid YAML"),
    ])
    func refusesBadConfigurationsWithAMessageThatSaysWhatToFix(text: String, expected: String) {
        let text = message(text)
        #expect(text.contains(expected), "\(text)")
        #expect(text.contains("ferry.yaml"), "names the file: \(text)")
    }

    @Test func aMissingFileSaysHowToGetOne() {
        let path = "/nonexistent/ferry.yaml"
        #expect(throws: FerryConfiguration.LoadError.self) { try FerryConfiguration.load(path: path) }
        var text = ""
        do { _ = try FerryConfiguration.load(path: path) } catch { text = error.description }
        #expect(text.contains("ferry quickstart") && text.contains("--config"))
    }

    @Test func readsTheServeSectionWithSecretsFromTheEnvironment() throws {
        let folder = FileManager.default.temporaryDirectory.appendingPathComponent("ferry-config-\(UUID().uuidString)")
        try FileManager.default.createDirectory(at: folder, withIntermediateDirectories: true)
        defer { try? FileManager.default.removeItem(at: folder) }
        let path = folder.appendingPathComponent("ferry.yaml").path
        try Data(
            """
            state_store: sqlite://state/ferry.db
            serve:
              listen: 0.0.0.0:9000
              region: eu-west-1
              account: 111122223333
              access_keys:
                - {id: AKIAONE, secret: "${ONE_SECRET}"}
            """.utf8
        ).write(to: URL(fileURLWithPath: path))
        let configuration = try FerryConfiguration.load(
            path: path, environment: ["ONE_SECRET": "s3cr3t"], requiresDatabases: false)
        #expect(configuration.stateStore == "sqlite://" + folder.path + "/state/ferry.db")
        #expect(configuration.serve.listen == "0.0.0.0:9000")
        #expect(configuration.serve.region == "eu-west-1")
        #expect(configuration.serve.account == "111122223333")
        #expect(configuration.serve.accessKeys.map(\.accessKeyID) == ["AKIAONE"])
        #expect(configuration.serve.accessKeys.first?.secretAccessKey == "s3cr3t")
        #expect(!String(describing: configuration.serve.accessKeys).contains("s3cr3t"))
        #expect(configuration.source.isEmpty && configuration.target.isEmpty)
    }

    @Test(arguments: [
        ("serve: {access_keys: [{id: A}]}\n", "needs an id and a secret"),
        ("serve: {access_keys: [{id: A, secret: \"${MISSING_SECRET}\"}]}\n", "MISSING_SECRET is not set"),
        ("serve: {port: 1}\n", "unknown setting \"serve.port\""),
        ("serve: [a]\n", "\"serve\" must be a mapping"),
    ])
    func refusesBadServeSections(text: String, expected: String) {
        let text = message("source: a://b\ntarget: a://b\n" + text)
        #expect(text.contains(expected), "\(text)")
    }
}
