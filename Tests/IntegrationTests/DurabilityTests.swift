import AsyncHTTPClient
import Foundation
import JSONValue
import NIOCore
import NIOHTTP1
import Testing

/// Calls the Step Functions API of a `ferry serve --no-auth`.
struct StepFunctionsClient {
    let endpoint: String

    func call(_ action: String, _ body: JSONValue) async throws -> JSONValue {
        var request = HTTPClientRequest(url: endpoint + "/")
        request.method = .POST
        request.headers.add(name: "Content-Type", value: "application/x-amz-json-1.0")
        request.headers.add(name: "X-Amz-Target", value: "AWSStepFunctions." + action)
        request.body = .bytes(ByteBuffer(string: body.serialized()))
        let response = try await HTTPClient.shared.execute(request, timeout: .seconds(30))
        let bytes = try await response.body.collect(upTo: 16 << 20)
        let json = try JSONValue(parsing: String(buffer: bytes))
        guard response.status == .ok else { throw ClientError(description: "\(action): \(response.status) \(json)") }
        return json
    }

    /// `GET path` as text.
    func get(_ path: String) async throws -> String {
        let response = try await HTTPClient.shared.execute(HTTPClientRequest(url: endpoint + path), timeout: .seconds(30))
        return String(buffer: try await response.body.collect(upTo: 16 << 20))
    }

    /// Polls DescribeExecution until the execution is no longer RUNNING.
    func waitForEnd(_ executionArn: String, timeout: TimeInterval = 90) async throws -> JSONValue {
        let deadline = Date().addingTimeInterval(timeout)
        while true {
            let described = try await call("DescribeExecution", ["executionArn": .string(executionArn)])
            if described["status"] != "RUNNING" || Date() > deadline { return described }
            try await Task.sleep(for: .milliseconds(100))
        }
    }

    struct ClientError: Error, CustomStringConvertible {
        var description: String
    }
}

/// `kill -9` of `ferry serve` mid-execution, and workers sharing a PostgreSQL store: executions resume from their
/// last committed step.
@Suite(.serialized, .timeLimit(.minutes(5))) struct DurabilityTests {
    static let function = "arn:aws:lambda:us-east-1:123456789012:function:square"

    /// A folder with a ferry.yaml mapping ``function`` to a script that logs "<worker> <item>" to `calls.log` and
    /// returns `{"item": n, "square": n*n}` after `sleep` seconds. Items above `stallAbove` never finish in the
    /// worker named `stalledWorker` (they sleep a minute), so a test can kill it with those items in flight whatever
    /// the machine's speed.
    static func folder(sleep: Double, stalledWorker: String = "", stallAbove: Int = .max) throws -> TemporaryDirectory {
        let folder = try TemporaryDirectory()
        let script = try folder.write(
            "square.sh",
            """
            #!/bin/sh
            item=$(cat)
            echo "$FERRY_TEST_WORKER $item" >> "$FERRY_TEST_LOG"
            if [ "$FERRY_TEST_WORKER" = "\(stalledWorker)" ] && [ "$item" -gt \(stallAbove) ]; then sleep 60; fi
            sleep \(sleep)
            echo "{\\"item\\": $item, \\"square\\": $((item * item))}"
            """)
        _ = try folder.write(
            "ferry.yaml",
            """
            store: file://\(folder.url.path)/objects
            resources:
              \(function):
                command: ["/bin/sh", "\(script)"]
                env:
                  FERRY_TEST_LOG: \(folder.url.path)/calls.log
            """)
        return folder
    }

    /// The log's lines as (worker, item).
    static func calls(_ folder: TemporaryDirectory) -> [(worker: String, item: Int)] {
        let text = (try? String(contentsOf: folder.url.appendingPathComponent("calls.log"), encoding: .utf8)) ?? ""
        return text.split(separator: "\n").compactMap { line in
            let parts = line.split(separator: " ")
            guard parts.count == 2, let item = Int(parts[1]) else { return nil }
            return (String(parts[0]), item)
        }
    }

    static func mapDefinition(items: Int, concurrency: Int) -> JSONValue {
        .string(
            """
            {"StartAt": "Items", "States": {
              "Items": {"Type": "Pass", "Parameters": {"items.$": "States.ArrayRange(1, \(items), 1)"}, "Next": "Each"},
              "Each": {"Type": "Map", "ItemsPath": "$.items", "MaxConcurrency": \(concurrency),
                       "ItemProcessor": {"StartAt": "Square", "States": {
                         "Square": {"Type": "Task", "Resource": "\(function)", "End": true}}},
                       "End": true}}}
            """)
    }

    @Test func aServerKilledDuringAMapOfAHundredResumesOnRestartWithTheSameOutput() async throws {
        // The first server finishes items 1...30 and stalls on the next four, so it dies mid-Map on any machine.
        let folder = try Self.folder(sleep: 0.05, stalledWorker: "first", stallAbove: 30)
        let arguments = [
            "--no-auth", "--store", "sqlite://" + folder.url.appendingPathComponent("state.db").path,
            "--lease-seconds", "2",
        ]
        let first = try await ServeProcess(arguments, in: folder.url, environment: ["FERRY_TEST_WORKER": "first"])
        let api = StepFunctionsClient(endpoint: first.endpoint)
        let machine = try await api.call("CreateStateMachine", [
            "name": "squares", "roleArn": "arn:aws:iam::123456789012:role/ferry",
            "definition": Self.mapDefinition(items: 100, concurrency: 4),
        ])["stateMachineArn"] ?? .null
        let crashed = try await api.call("StartExecution", ["stateMachineArn": machine, "name": "crashed"])[
            "executionArn"]?.stringValue ?? ""
        let deadline = Date().addingTimeInterval(60)
        while Self.calls(folder).filter({ $0.item > 30 }).count < 4, Date() < deadline {
            try await Task.sleep(for: .milliseconds(20))
        }
        #expect(try await api.call("DescribeExecution", ["executionArn": .string(crashed)])["status"] == "RUNNING")
        first.kill()
        let before = Self.calls(folder)
        #expect(before.count == 34, "items 1...30 done and four stalled in flight: \(before)")

        let second = try await ServeProcess(arguments, in: folder.url, environment: ["FERRY_TEST_WORKER": "second"])
        defer { _ = second.stop() }
        let resumedAPI = StepFunctionsClient(endpoint: second.endpoint)
        let resumed = try await resumedAPI.waitForEnd(crashed)
        #expect(resumed["status"] == "SUCCEEDED")
        let calls = Self.calls(folder)
        // Every item ran; only the ones in flight at the kill (at most MaxConcurrency) ran twice.
        #expect(Set(calls.map(\.item)) == Set(1...100))
        #expect(calls.count <= 100 + 4)
        let firstItems = Set(before.map(\.item))
        let secondItems = calls.filter { $0.worker == "second" }.map(\.item)
        #expect(Set(secondItems).isSuperset(of: Set(1...100).subtracting(firstItems)))
        #expect(secondItems.count <= 100 - firstItems.count + 4)

        let uninterrupted = try await resumedAPI.call(
            "StartExecution", ["stateMachineArn": machine, "name": "uninterrupted"])["executionArn"]?.stringValue ?? ""
        let reference = try await resumedAPI.waitForEnd(uninterrupted)
        #expect(reference["status"] == "SUCCEEDED")
        #expect(resumed["output"] == reference["output"])
        let output = try JSONValue(parsing: resumed["output"]?.stringValue ?? "null")
        #expect(output.arrayValue?.count == 100)
        #expect(output.arrayValue?.first == ["item": 1, "square": 1])

        let history = try await resumedAPI.call(
            "GetExecutionHistory", ["executionArn": .string(crashed), "maxResults": 1000])["events"]?.arrayValue ?? []
        #expect(history.map { $0["id"]?.intValue ?? 0 } == Array(1..<(history.count + 1)))
        #expect(history.filter { $0["type"] == "ExecutionStarted" }.count == 1)
        #expect(history.filter { $0["type"] == "ExecutionSucceeded" }.count == 1)
        #expect(history.filter { $0["type"] == "MapIterationSucceeded" }.count == 100)

        // The second server ran every task of the uninterrupted run and the rest of the resumed one.
        let metrics = try await resumedAPI.get("/metrics").split(separator: "\n").map(String.init)
        #expect(metrics.contains(#"ferry_executions{status="SUCCEEDED"} 2"#))
        let tasks = metrics.first { $0.hasPrefix("ferry_task_duration_seconds_count ") }
        #expect(Int(tasks?.split(separator: " ").last ?? "") ?? 0 >= 100 + (100 - firstItems.count), "\(metrics)")
        #expect(metrics.contains { $0.hasPrefix("ferry_state_transitions_total ") && !$0.hasSuffix(" 0") })
    }

    @Test func twoProcessesShareAPostgresStoreAndTheSurvivorFinishesTheKilledOnesExecutions() async throws {
        let folder = try Self.folder(sleep: 0.5)
        let name = "ferry_test_" + UUID().uuidString.replacingOccurrences(of: "-", with: "").prefix(12).lowercased()
        try await Postgres.withDatabase { _, database in
            let arguments = [
                "--no-auth", "--store", Postgres.url(database: database), "--lease-seconds", "2", "--max-executions", "2",
            ]
            let server = try await ServeProcess(arguments, in: folder.url, environment: ["FERRY_TEST_WORKER": "server"])
            defer { _ = server.stop() }
            let worker = try await ServeProcess(
                arguments + ["--worker"], in: folder.url, environment: ["FERRY_TEST_WORKER": "worker"])
            let api = StepFunctionsClient(endpoint: server.endpoint)
            let machine = try await api.call("CreateStateMachine", [
                "name": .string(name), "roleArn": "arn:aws:iam::123456789012:role/ferry",
                "definition": Self.mapDefinition(items: 3, concurrency: 1),
            ])["stateMachineArn"] ?? .null
            var executions: [String] = []
            for i in 0..<8 {
                executions.append(
                    try await api.call("StartExecution", ["stateMachineArn": machine, "name": .string("e\(i)")])[
                        "executionArn"]?.stringValue ?? "")
            }
            let deadline = Date().addingTimeInterval(60)
            while !Self.calls(folder).contains(where: { $0.worker == "worker" }), Date() < deadline {
                try await Task.sleep(for: .milliseconds(20))
            }
            worker.kill()
            for execution in executions {
                let finished = try await api.waitForEnd(execution)
                #expect(finished["status"] == "SUCCEEDED", "\(execution): \(finished)")
                #expect(
                    try JSONValue(parsing: finished["output"]?.stringValue ?? "null")
                        == [["item": 1, "square": 1], ["item": 2, "square": 4], ["item": 3, "square": 9]])
            }
            let calls = Self.calls(folder)
            #expect(calls.contains { $0.worker == "worker" })
            #expect(calls.contains { $0.worker == "server" })
            // 8 executions × 3 items, plus at most one re-run item per execution the worker was running (2).
            #expect(calls.count >= 24 && calls.count <= 24 + 2)
        }
    }
}
