import Foundation
import JSONValue
import Testing

/// `ferry schedule add|list|remove` against the state store `ferry serve` fires schedules from.
@Suite(.serialized, .timeLimit(.minutes(2))) struct ScheduleCommandTests {
    @Test func aScheduleAddedWithTheCLIFiresInTheServerAndCanBeListedAndRemoved() async throws {
        let folder = try TemporaryDirectory()
        let store = ["--store", "sqlite://" + folder.url.appendingPathComponent("state.db").path]
        let first = try await ServeProcess(["--no-auth"] + store, in: folder.url, environment: [:])
        _ = try await StepFunctionsClient(endpoint: first.endpoint).call("CreateStateMachine", [
            "name": "hello", "roleArn": "arn:aws:iam::123456789012:role/ferry",
            "definition": #"{"StartAt": "P", "States": {"P": {"Type": "Pass", "End": true}}}"#,
        ])
        #expect(first.stop().status == 0)

        let added = try await FerryProcess.run(
            ["schedule", "add", "hourly", "--expression", "rate(1 hour)", "--state-machine", "hello", "--input",
             #"{"from": "schedule"}"#, "--json"] + store, in: folder.url)
        #expect(added.status == 0, "\(added.stderr)")
        let schedule = try JSONValue(parsing: added.stdout)
        #expect(schedule["stateMachineArn"] == "arn:aws:states:us-east-1:123456789012:stateMachine:hello")
        #expect(schedule["nextFire"]?.stringValue != nil)

        // Refused: an invalid expression, an unknown state machine, an unknown policy.
        let invalid = try await FerryProcess.run(
            ["schedule", "add", "x", "--expression", "cron(0 3 * * * *)", "--state-machine", "hello"] + store,
            in: folder.url)
        #expect(invalid.status == 1)
        #expect(invalid.stderr.contains("?"), "\(invalid.stderr)")
        let unknown = try await FerryProcess.run(
            ["schedule", "add", "x", "--expression", "rate(1 hour)", "--state-machine", "nope"] + store, in: folder.url)
        #expect(unknown.status == 1)
        #expect(unknown.stderr.contains("nope"), "\(unknown.stderr)")
        let policy = try await FerryProcess.run(
            ["schedule", "add", "x", "--expression", "rate(1 hour)", "--state-machine", "hello", "--overlap", "queue"]
                + store, in: folder.url)
        #expect(policy.status == 2)

        // A rate schedule without a start date fires as soon as a server runs it.
        let second = try await ServeProcess(["--no-auth"] + store, in: folder.url, environment: [:])
        defer { _ = second.stop() }
        let api = StepFunctionsClient(endpoint: second.endpoint)
        var executions: [JSONValue] = []
        let deadline = Date().addingTimeInterval(30)
        while Date() < deadline {
            executions = try await api.call(
                "ListExecutions",
                ["stateMachineArn": "arn:aws:states:us-east-1:123456789012:stateMachine:hello"])["executions"]?
                .arrayValue ?? []
            if executions.contains(where: { $0["status"] == "SUCCEEDED" }) { break }
            try await Task.sleep(for: .milliseconds(100))
        }
        #expect(executions.count == 1)
        #expect(executions.first?["name"]?.stringValue?.hasPrefix("hourly-") == true)
        #expect(executions.first?["status"] == "SUCCEEDED")

        let listed = try await FerryProcess.run(["schedule", "list", "--json"] + store, in: folder.url)
        #expect(listed.status == 0, "\(listed.stderr)")
        let schedules = try JSONValue(parsing: listed.stdout).arrayValue ?? []
        #expect(schedules.count == 1)
        #expect(schedules.first?["name"] == "hourly")
        #expect(schedules.first?["lastFired"]?.stringValue != nil)
        let table = try await FerryProcess.run(["schedule", "list"] + store, in: folder.url)
        #expect(table.stdout.contains("hourly") && table.stdout.contains("rate(1 hour)"))

        #expect(try await FerryProcess.run(["schedule", "remove", "hourly"] + store, in: folder.url).status == 0)
        let again = try await FerryProcess.run(["schedule", "remove", "hourly"] + store, in: folder.url)
        #expect(again.status == 1)
        #expect(again.stderr.contains("hourly"))
    }
}
