import DataPlane
import Foundation
import JSONValue
import Store
import Synchronization
import Testing

/// The store back ends every test runs against.
enum Backend: String, CaseIterable, Sendable, CustomTestStringConvertible {
    case sqlite
    case postgres

    var testDescription: String { rawValue }
}

/// Reads an environment variable, with a default matching scripts/start-postgres.sh.
func env(_ name: String, _ defaultValue: String) -> String {
    ProcessInfo.processInfo.environment[name].flatMap { $0.isEmpty ? nil : $0 } ?? defaultValue
}

enum TestPostgres {
    static func url(database: String? = nil) -> String {
        let user = env("POSTGRES_USER", "ferry")
        let password =
            env("POSTGRES_PASSWORD", "ferry").addingPercentEncoding(withAllowedCharacters: .alphanumerics) ?? ""
        let host = env("POSTGRES_HOSTNAME", "127.0.0.1")
        let port = env("POSTGRES_PORT", "5433")
        return "postgres://\(user):\(password)@\(host):\(port)/\(database ?? env("POSTGRES_DB", "ferry"))"
    }
}

/// A clock the test moves by hand.
final class TestClock: Sendable {
    private let current = Mutex(Date(timeIntervalSince1970: 1_800_000_000))

    var now: Date { current.withLock { $0 } }

    func advance(seconds: Double) { current.withLock { $0 = $0.addingTimeInterval(seconds) } }

    var configuration: Store.Configuration {
        Store.Configuration(region: "eu-west-1", account: "111122223333", now: { [self] in now })
    }
}

/// Creates a fresh, empty database (a new SQLite file, or a new PostgreSQL database), runs `body` with its URL, then
/// removes the database.
func withFreshDatabase<R>(_ backend: Backend, _ body: (String) async throws -> R) async throws -> R {
    let url: String
    let cleanup: () async throws -> Void
    switch backend {
    case .sqlite:
        let directory = FileManager.default.temporaryDirectory.appendingPathComponent(
            "ferry-store-" + UUID().uuidString)
        try FileManager.default.createDirectory(at: directory, withIntermediateDirectories: true)
        url = "sqlite://" + directory.appendingPathComponent("state.db").path
        cleanup = { try? FileManager.default.removeItem(at: directory) }
    case .postgres:
        let name = "ferry_store_" + UUID().uuidString.replacingOccurrences(of: "-", with: "").prefix(12).lowercased()
        try await withSQLConnection(url: TestPostgres.url()) { admin in
            try await admin.execute("CREATE DATABASE \(admin.quoteIdentifier(name)) ENCODING 'UTF8' TEMPLATE template0")
        }
        url = TestPostgres.url(database: name)
        cleanup = {
            _ = try await withSQLConnection(url: TestPostgres.url()) { admin in
                try await admin.execute("DROP DATABASE IF EXISTS \(admin.quoteIdentifier(name)) WITH (FORCE)")
            }
        }
    }
    do {
        let result = try await body(url)
        try await cleanup()
        return result
    } catch {
        try? await cleanup()
        throw error
    }
}

/// Runs `body` with a migrated store on a fresh database (see ``withFreshDatabase(_:_:)``) and the database's URL
/// (to open more stores on the same database).
func withFreshStore<R>(
    _ backend: Backend, clock: TestClock = TestClock(), _ body: (Store, String) async throws -> R
) async throws -> R {
    try await withFreshDatabase(backend) { url in
        try await Store.withStore(url: url, configuration: clock.configuration) { try await body($0, url) }
    }
}

/// Like ``withFreshStore(_:clock:_:)``, with a state machine `m`, which `body` receives third.
func withFreshMachine<R>(
    _ backend: Backend, clock: TestClock = TestClock(), _ body: (Store, String, StateMachineRecord) async throws -> R
) async throws -> R {
    try await withFreshStore(backend, clock: clock) { store, url in
        let machine = try await store.createStateMachine(name: "m", definition: passDefinition, roleArn: roleArn)
        return try await body(store, url, machine)
    }
}

/// Like ``withFreshMachine(_:clock:_:)``, with a running execution `e` of `m`, whose ARN `body` receives third.
func withFreshExecution<R>(
    _ backend: Backend, clock: TestClock, _ body: (Store, String, String) async throws -> R
) async throws -> R {
    try await withFreshMachine(backend, clock: clock) { store, url, machine in
        let arn = try await store.startExecution(stateMachineArn: machine.arn, name: "e").execution.arn
        return try await body(store, url, arn)
    }
}

/// Expects `body` to throw a ``StoreError`` with `code`.
func expectStoreError<R>(
    _ code: StoreError.Code, sourceLocation: SourceLocation = #_sourceLocation, _ body: () async throws -> R
) async {
    do {
        _ = try await body()
        Issue.record("expected StoreError \(code), but the call succeeded", sourceLocation: sourceLocation)
    } catch let error as StoreError {
        #expect(error.code == code, "\(error)", sourceLocation: sourceLocation)
    } catch {
        Issue.record("expected StoreError \(code), got \(error)", sourceLocation: sourceLocation)
    }
}

let passDefinition = #"{"StartAt":"P","States":{"P":{"Type":"Pass","End":true}}}"#
let roleArn = "arn:aws:iam::111122223333:role/ferry"
