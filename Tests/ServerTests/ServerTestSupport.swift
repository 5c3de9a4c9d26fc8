import DataPlane
import Foundation
import Logging
import JSONValue
import Server
import StatesEngine
import StepFunctionsAPI
import Store
import Synchronization
import Testing

/// A launcher that only records what it was told, for tests of the API alone.
final class RecordingLauncher: ExecutionLauncher {
    private let calls = Mutex<[String]>([])

    var log: [String] { calls.withLock { $0 } }

    func launch(_ execution: ExecutionRecord) async { calls.withLock { $0.append("launch \(execution.name)") } }

    func runSync(_ execution: ExecutionRecord) async throws -> ExecutionRecord {
        calls.withLock { $0.append("runSync \(execution.name)") }
        return execution
    }

    func stopRequested(executionArn: String) async { calls.withLock { $0.append("stop \(executionArn)") } }
}

/// The region and account of every test store.
let region = "eu-west-1"
let account = "111122223333"
let role = "arn:aws:iam::111122223333:role/ferry"

/// A test's store, service and launcher.
struct Harness {
    var store: Store
    var service: StepFunctionsService
    var recorder: RecordingLauncher?

    func arn(_ name: String) -> String { "arn:aws:states:\(region):\(account):stateMachine:\(name)" }
    func executionArn(_ machine: String, _ name: String) -> String {
        "arn:aws:states:\(region):\(account):execution:\(machine):\(name)"
    }

    /// Sends one action, unsigned, and returns the status and the JSON body.
    @discardableResult
    func call(_ action: String, _ body: JSONValue) async -> (status: Int, body: JSONValue) {
        let response = await service.handle(request(action, body.serialized()))
        return (response.status, response.body)
    }

    /// Sends one action and expects a 200.
    @discardableResult
    func ok(_ action: String, _ body: JSONValue, sourceLocation: SourceLocation = #_sourceLocation) async
        -> JSONValue
    {
        let (status, answer) = await call(action, body)
        #expect(status == 200, "\(action): \(answer.serialized())", sourceLocation: sourceLocation)
        return answer
    }

    /// Sends one action and returns the error's `__type` (nil for a 200).
    func errorType(_ action: String, _ body: JSONValue) async -> String? {
        let (status, answer) = await call(action, body)
        return status == 200 ? nil : answer["__type"]?.stringValue
    }

    /// Creates a state machine.
    @discardableResult
    func create(_ name: String, _ definition: String, type: String = "STANDARD") async -> JSONValue {
        await ok(
            "CreateStateMachine",
            ["name": .string(name), "definition": .string(definition), "roleArn": .string(role), "type": .string(type)])
    }

    /// Polls DescribeExecution until the execution is no longer RUNNING (at most 10 s).
    func waitUntilFinished(_ executionArn: String) async throws -> JSONValue {
        for _ in 0..<1000 {
            let answer = await ok("DescribeExecution", ["executionArn": .string(executionArn)])
            if answer["status"]?.stringValue != "RUNNING" { return answer }
            try await Task.sleep(for: .milliseconds(10))
        }
        Issue.record("execution \(executionArn) did not finish")
        return .null
    }
}

/// An unsigned request of the JSON 1.0 protocol.
func request(_ action: String, _ body: String, extraHeaders: [(name: String, value: String)] = [])
    -> StepFunctionsHTTPRequest
{
    StepFunctionsHTTPRequest(
        method: "POST",
        headers: [
            (name: "Host", value: "127.0.0.1:8083"), (name: "Content-Type", value: "application/x-amz-json-1.0"),
            (name: "X-Amz-Target", value: "AWSStepFunctions.\(action)"),
        ] + extraHeaders, body: Array(body.utf8))
}

/// A request signed with `credentials`, as an SDK signs it.
func signedRequest(_ action: String, _ body: String, credentials: AWSCredentials, date: Date = Date())
    -> StepFunctionsHTTPRequest
{
    let headers: [(String, String)] = [
        ("Content-Type", "application/x-amz-json-1.0"), ("X-Amz-Target", "AWSStepFunctions.\(action)"),
    ]
    let signer = SigV4Signer(credentials: credentials, region: region, service: "states")
    let bytes = Array(body.utf8)
    let signed = signer.sign(
        SigV4Request(method: "POST", host: "127.0.0.1:8083", path: "/", headers: headers), payload: .bytes(bytes),
        date: date)
    var all = headers.map { (name: $0.0, value: $0.1) } + [(name: "Host", value: "127.0.0.1:8083")]
    for (name, value) in signed.headers { all.append((name: name, value: value)) }
    return StepFunctionsHTTPRequest(method: "POST", headers: all, body: bytes)
}

/// Runs `body` with a fresh SQLite store in a temporary folder and a service over it.
///
/// With `engine: true` the service runs executions with a ``DurableRunner`` (running beside the body, cancelled
/// after it); otherwise with a ``RecordingLauncher``.
func withHarness(
    engine: Bool = false, authentication: StepFunctionsService.Authentication = .disabled,
    tasks: TaskRegistry = TaskRegistry(), _ body: (Harness) async throws -> Void
) async throws {
    let directory = FileManager.default.temporaryDirectory.appendingPathComponent("ferry-server-" + UUID().uuidString)
    try FileManager.default.createDirectory(at: directory, withIntermediateDirectories: true)
    defer { try? FileManager.default.removeItem(at: directory) }
    try await Store.withStore(
        url: "sqlite://" + directory.appendingPathComponent("state.db").path,
        configuration: Store.Configuration(region: region, account: account)
    ) { store in
        let configuration = StepFunctionsService.Configuration(authentication: authentication)
        if engine {
            let launcher = DurableRunner(
                store: store, tasks: tasks, configuration: .init(pollInterval: .milliseconds(50)),
                logger: Logger(label: "test.runner"))
            let service = StepFunctionsService(store: store, launcher: launcher, configuration: configuration)
            try await withThrowingTaskGroup(of: Void.self) { group in
                group.addTask { await launcher.run() }
                defer { group.cancelAll() }
                try await body(Harness(store: store, service: service, recorder: nil))
            }
        } else {
            let recorder = RecordingLauncher()
            let service = StepFunctionsService(store: store, launcher: recorder, configuration: configuration)
            try await body(Harness(store: store, service: service, recorder: recorder))
        }
    }
}

/// Definitions the tests use.
enum Definitions {
    static let pass =
        #"{"StartAt":"P","States":{"P":{"Type":"Pass","Result":{"done":true},"ResultPath":"$.r","End":true}}}"#
    static let passTwice =
        #"{"StartAt":"A","States":{"A":{"Type":"Pass","Next":"B"},"B":{"Type":"Pass","End":true}}}"#
    static let wait = #"{"StartAt":"W","States":{"W":{"Type":"Wait","Seconds":3600,"End":true}}}"#
    static let fail = #"{"StartAt":"F","States":{"F":{"Type":"Fail","Error":"Boom","Cause":"on purpose"}}}"#
}

extension JSONValue {
    /// The element at `index` of an array.
    subscript(index: Int) -> JSONValue? {
        guard let array = arrayValue, array.indices.contains(index) else { return nil }
        return array[index]
    }

    /// Whether an object has a member.
    func has(_ key: String) -> Bool { objectValue?.keys.contains(key) ?? false }
}
