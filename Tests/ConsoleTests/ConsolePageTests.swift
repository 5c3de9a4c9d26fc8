import Foundation
import HTTPTypes
import Hummingbird
import HummingbirdTesting
import JSONValue
import Server
import Store
import Testing

/// Runs `body` with a fresh SQLite store in a temporary folder and a test client of the console's router.
func withConsole(_ body: @escaping @Sendable (Store, any TestClientProtocol) async throws -> Void) async throws {
    let directory = FileManager.default.temporaryDirectory.appendingPathComponent("ferry-console-" + UUID().uuidString)
    try FileManager.default.createDirectory(at: directory, withIntermediateDirectories: true)
    defer { try? FileManager.default.removeItem(at: directory) }
    try await Store.withStore(url: "sqlite://" + directory.appendingPathComponent("state.db").path) { store in
        let router = Router()
        router.get("/health") { _, _ in "ok" }
        FerryConsole(store: store, pageSize: 2).addRoutes(to: router)
        let app = Application(router: router)
        try await app.test(.router) { client in try await body(store, client) }
    }
}

/// GETs `uri` and returns the status and the body.
func get(_ client: any TestClientProtocol, _ uri: String) async throws -> (HTTPResponse.Status, String) {
    try await client.execute(uri: uri, method: .get) { response in
        (response.status, String(buffer: response.body))
    }
}

/// Percent-encodes everything but unreserved characters, as the console's links do.
func encoded(_ text: String) -> String {
    text.addingPercentEncoding(withAllowedCharacters: .alphanumerics.union(CharacterSet(charactersIn: "-._~"))) ?? text
}

@Suite(.timeLimit(.minutes(1)))
struct ConsolePageTests {
    static let hostile = "<script>alert(1)</script>"

    static let definition = """
        {"StartAt":"Route","States":{
          "Route":{"Type":"Choice","Choices":[{"Variable":"$.go","BooleanEquals":true,"Next":"\(hostile)"}],
                   "Default":"Done"},
          "\(hostile)":{"Type":"Task","Resource":"arn:aws:states:::lambda:invoke",
            "Parameters":{"FunctionName":"f"},
            "Retry":[{"ErrorEquals":["States.Timeout"],"MaxAttempts":3}],
            "Catch":[{"ErrorEquals":["Oops.<i>"],"Next":"Done"}],
            "Next":"Done"},
          "Done":{"Type":"Succeed"}}}
        """

    /// A state machine with a succeeded, a failed and a running execution; the failed one went through the hostile
    /// state and was caught.
    static func seed(_ store: Store) async throws -> (machine: StateMachineRecord, failed: ExecutionRecord) {
        let machine = try await store.createStateMachine(
            name: "orders", definition: definition, roleArn: "arn:aws:iam::123456789012:role/ferry")
        _ = try await store.createStateMachine(
            name: "idle", definition: #"{"StartAt":"P","States":{"P":{"Type":"Pass","End":true}}}"#,
            roleArn: "arn:aws:iam::123456789012:role/ferry")
        let ok = try await store.startExecution(stateMachineArn: machine.arn, name: "ok", input: ["go": false])
        try await store.finishExecution(arn: ok.execution.arn, status: .succeeded, output: [:])
        _ = try await store.startExecution(stateMachineArn: machine.arn, name: "live", input: [:])
        let bad = try await store.startExecution(
            stateMachineArn: machine.arn, name: "bad", input: ["go": true, "note": "<img src=x onerror=alert(2)>"])
        let now = Date()
        func event(_ id: Int, _ type: String, _ details: JSONValue = .null) -> HistoryEvent {
            HistoryEvent(id: id, previousEventId: id > 1 ? id - 1 : nil, type: type, timestamp: now, details: details)
        }
        try await store.appendEvents(
            executionArn: bad.execution.arn,
            events: [
                event(1, "ExecutionStarted", ["input": "{}"]),
                event(2, "ChoiceStateEntered", ["name": "Route"]),
                event(3, "ChoiceStateExited", ["name": "Route"]),
                event(4, "TaskStateEntered", ["name": .string(hostile)]),
                event(5, "TaskScheduled", ["resource": "invoke"]),
                event(6, "TaskFailed", ["error": "Oops.<i>", "cause": "<b>bold</b>"]),
                event(7, "TaskStateExited", ["name": .string(hostile)]),
                event(8, "SucceedStateEntered", ["name": "Done"]),
            ])
        let failed = try await store.finishExecution(
            arn: bad.execution.arn, status: .failed, error: "Oops.<i>", cause: "<script>steal()</script>")
        return (machine, failed)
    }

    @Test func theHomePageListsStateMachinesWithCountsByStatus() async throws {
        try await withConsole { store, client in
            _ = try await Self.seed(store)
            let (status, page) = try await get(client, "/")
            #expect(status == .ok)
            #expect(page.hasPrefix("<!doctype html>"))
            #expect(page.contains("<a href=\"/state-machines/orders\">orders</a>"))
            #expect(page.contains("<a href=\"/state-machines/idle\">idle</a>"))
            #expect(page.contains("<a href=\"/state-machines/orders?status=RUNNING\">1</a>"))
            #expect(page.contains("<a href=\"/state-machines/orders?status=FAILED\">1</a>"))
            #expect(page.contains("<a href=\"/state-machines/orders?status=SUCCEEDED\">1</a>"))
            #expect(try await get(client, "/health").1 == "ok")
        }
    }

    @Test func theStateMachinePageDrawsTheDefinitionAndFiltersExecutions() async throws {
        try await withConsole { store, client in
            let (_, failed) = try await Self.seed(store)
            let (status, page) = try await get(client, "/state-machines/orders")
            #expect(status == .ok)
            #expect(page.contains("<svg class=\"graph\""))
            #expect(page.contains("data-state=\"Route\"") && page.contains("data-state=\"Done\""))
            #expect(page.contains("↻ 3"))
            #expect(page.contains("class=\"edge edge-catch\""))
            #expect(page.contains("All (3)"))
            // Page size 2: a next page link.
            #expect(page.contains("Next page →"))
            #expect(
                page.contains("<g class=\"state type-choice start\" data-state=\"Route\">"),
                "no statuses on the definition's graph")

            let (_, onlyFailed) = try await get(client, "/state-machines/orders?status=FAILED")
            #expect(onlyFailed.contains("/executions/\(encoded(failed.arn))"))
            #expect(onlyFailed.contains(">bad</a>"))
            #expect(!onlyFailed.contains(">ok</a>") && !onlyFailed.contains(">live</a>"))
            #expect(onlyFailed.contains("class=\"on\">FAILED (1)"))

            let (refused, _) = try await get(client, "/state-machines/orders?status=MAYBE")
            #expect(refused == .badRequest)

            // The next page, through the link's token.
            let first = try await get(client, "/state-machines/orders").1
            let marker = "next="
            let range = try #require(first.range(of: marker))
            let token = first[range.upperBound...].prefix { $0 != "\"" }
            let (nextStatus, second) = try await get(client, "/state-machines/orders?next=\(token)")
            #expect(nextStatus == .ok)
            #expect(second.contains(">ok</a>"))
        }
    }

    @Test func theExecutionPageColoursTheGraphFromTheHistoryAndEscapesEverything() async throws {
        try await withConsole { store, client in
            let (_, failed) = try await Self.seed(store)
            let (status, page) = try await get(client, "/executions/\(encoded(failed.arn))")
            #expect(status == .ok)
            #expect(page.contains("<svg class=\"graph\""))
            #expect(page.contains("type-choice status-succeeded start"))
            #expect(page.contains("type-task status-caught"))
            #expect(page.contains("type-succeed status-failed") || page.contains("type-succeed status-entered"))
            #expect(page.contains("class=\"legend\""))
            #expect(page.contains("ChoiceStateEntered") && page.contains("<td class=\"num\">8</td>"))
            #expect(!page.contains("http-equiv=\"refresh\""), "a finished execution does not refresh")

            // Hostile names, inputs and messages appear only escaped.
            #expect(!page.contains("<script>"))
            #expect(!page.contains("<img"))
            #expect(!page.contains("<b>bold"))
            #expect(!page.contains("<i>"))
            #expect(page.contains("&lt;script&gt;alert(1)&lt;/script&gt;"))
            #expect(page.contains("&lt;script&gt;steal()&lt;/script&gt;"))
            #expect(page.contains("data-state=\"&lt;script&gt;alert(1)&lt;/script&gt;\""))

            // The definition page escapes the hostile state too.
            let definitionPage = try await get(client, "/state-machines/orders").1
            #expect(!definitionPage.contains("<script>"))
            #expect(definitionPage.contains("&lt;script&gt;alert(1)&lt;/script&gt;"))
        }
    }

    @Test func aRunningExecutionRefreshesItself() async throws {
        try await withConsole { store, client in
            let (machine, _) = try await Self.seed(store)
            let live = try await store.describeExecution(
                arn: machine.arn.replacingOccurrences(of: ":stateMachine:", with: ":execution:") + ":live")
            let (status, page) = try await get(client, "/executions/\(encoded(live.arn))")
            #expect(status == .ok)
            #expect(page.contains("<meta http-equiv=\"refresh\" content=\"2\">"))
            #expect(page.contains("status-not-reached"))
            // The raw ARN (colons not encoded) works too.
            #expect(try await get(client, "/executions/\(live.arn)").0 == .ok)
        }
    }

    @Test func unknownThingsGetA404Page() async throws {
        try await withConsole { store, client in
            _ = try await Self.seed(store)
            let machine = try await get(client, "/state-machines/nope")
            #expect(machine.0 == .notFound)
            #expect(machine.1.contains("<h1>Not found</h1>"))
            let execution = try await get(client, "/executions/\(encoded("arn:aws:states:us-east-1:123456789012:execution:orders:nope"))")
            #expect(execution.0 == .notFound)
            let elsewhere = try await get(client, "/no/such/page/%3Cscript%3E")
            #expect(elsewhere.0 == .notFound)
            #expect(!elsewhere.1.contains("<script>"))
        }
    }

    @Test func theConsoleCanBeTurnedOff() async throws {
        let directory = FileManager.default.temporaryDirectory.appendingPathComponent("ferry-console-" + UUID().uuidString)
        try FileManager.default.createDirectory(at: directory, withIntermediateDirectories: true)
        defer { try? FileManager.default.removeItem(at: directory) }
        try await Store.withStore(url: "sqlite://" + directory.appendingPathComponent("state.db").path) { store in
            struct NoLauncher: ExecutionLauncher {
                func launch(_ execution: ExecutionRecord) async {}
                func runSync(_ execution: ExecutionRecord) async throws -> ExecutionRecord { execution }
                func stopRequested(executionArn: String) async {}
            }
            let service = StepFunctionsService(store: store, launcher: NoLauncher())
            for enabled in [true, false] {
                let server = FerryServer(service: service, configuration: .init(isConsoleEnabled: enabled))
                try await server.makeApplication().test(.router) { client in
                    let (status, _) = try await get(client, "/")
                    #expect(status == (enabled ? .ok : .notFound))
                    #expect(try await get(client, "/health").0 == .ok)
                }
            }
        }
    }
}
