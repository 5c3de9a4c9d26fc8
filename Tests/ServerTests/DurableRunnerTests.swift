import DataPlane
import Foundation
import JSONValue
import Logging
import Server
import StatesEngine
import StatesLanguage
import Store
import Synchronization
import Testing

/// A task whose body is a closure.
struct ClosureTask: TaskHandler {
    let body: @Sendable (TaskRequest) async throws(StatesError) -> JSONValue

    func invoke(_ request: TaskRequest) async throws(StatesError) -> JSONValue { try await body(request) }
}

/// Counts a task's calls per item.
final class Calls: Sendable {
    private let counts = Mutex<[String: Int]>([:])

    /// Records a call for `item` and returns how many there were so far, over every item.
    @discardableResult
    func record(_ item: String) -> Int {
        counts.withLock { counts in
            counts[item, default: 0] += 1
            return counts.values.reduce(0, +)
        }
    }

    var total: Int { counts.withLock { $0.values.reduce(0, +) } }
    func count(_ item: String) -> Int { counts.withLock { $0[item] ?? 0 } }
    var items: Set<String> { counts.withLock { Set($0.keys) } }
}

/// The ARN of a test Lambda function.
func lambda(_ name: String) -> String { "arn:aws:lambda:us-east-1:123456789012:function:\(name)" }

/// A SQLite store in a fresh directory, with one state machine.
func withRunnerStore<R>(
    definition: String, _ body: (Store, StateMachineRecord) async throws -> R
) async throws -> R {
    let directory = FileManager.default.temporaryDirectory.appendingPathComponent("ferry-runner-\(UUID().uuidString)")
    try FileManager.default.createDirectory(at: directory, withIntermediateDirectories: true)
    defer { try? FileManager.default.removeItem(at: directory) }
    return try await Store.withStore(url: "sqlite://\(directory.path)/state.db") { store in
        let machine = try await store.createStateMachine(
            name: "m", definition: definition, roleArn: "arn:aws:iam::123456789012:role/ferry")
        return try await body(store, machine)
    }
}

/// Runs `runner` while `body` runs, then shuts it down.
func whileRunning<R: Sendable>(_ runner: DurableRunner, _ body: () async throws -> R) async throws -> R {
    try await withThrowingTaskGroup(of: Void.self) { group in
        group.addTask { await runner.run() }
        defer { group.cancelAll() }
        return try await body()
    }
}

func runner(_ store: Store, _ tasks: TaskRegistry, lease: Duration = .seconds(30)) -> DurableRunner {
    DurableRunner(
        store: store, tasks: tasks,
        configuration: .init(leaseDuration: lease, pollInterval: .milliseconds(50)),
        logger: Logger(label: "test.runner"))
}

@Suite(.timeLimit(.minutes(2))) struct DurableRunnerTests {
    static let mapOfHundred = #"""
        {"StartAt": "Items", "States": {
          "Items": {"Type": "Pass", "Parameters": {"items.$": "States.ArrayRange(1, 100, 1)"}, "Next": "Each"},
          "Each": {"Type": "Map", "ItemsPath": "$.items", "MaxConcurrency": 5,
                   "ItemProcessor": {"StartAt": "Work", "States": {
                     "Work": {"Type": "Task", "Resource": "arn:aws:lambda:us-east-1:123456789012:function:work", "End": true}}},
                   "End": true}}}
        """#

    static let expectedMapOutput = JSONValue.array((1...100).map { .integer($0 * 10) })

    @Test func runsAnExecutionToItsEndWithItsHistoryStored() async throws {
        let calls = Calls()
        var tasks = TaskRegistry()
        tasks.register(lambda("work"), ClosureTask { request in
            calls.record("\(request.input)")
            return .integer((request.input.intValue ?? 0) * 10)
        })
        try await withRunnerStore(definition: Self.mapOfHundred) { store, machine in
            let runner = runner(store, tasks)
            let finished = try await whileRunning(runner) {
                let started = try await store.startExecution(stateMachineArn: machine.arn, name: "one")
                return try await runner.runSync(started.execution)
            }
            #expect(finished.status == .succeeded, "\(finished.error ?? "") \(finished.cause ?? "")")
            #expect(finished.output == Self.expectedMapOutput)
            #expect(calls.total == 100)
            let events = try await store.history(executionArn: finished.arn, maxResults: 1000).items
            #expect(events.map(\.id) == Array(1..<(events.count + 1)))
            #expect(events.first?.type == "ExecutionStarted")
            #expect(events.filter { $0.type == "ExecutionSucceeded" }.count == 1)
            #expect(events.last?.type == "ExecutionSucceeded")
            #expect(events.filter { $0.type == "LambdaFunctionSucceeded" }.count == 100)
            // One checkpoint per state run and per iteration: Items, Each, 100 × (Work + iteration).
            #expect(try await store.checkpoints(executionArn: finished.arn).count == 202)
        }
    }

    @Test func aShutDownRunnerLeavesItsExecutionForTheNextWhichRunsOnlyWhatWasLeft() async throws {
        let calls = Calls()
        let halted = Mutex(false)
        var tasks = TaskRegistry()
        tasks.register(lambda("work"), ClosureTask { request throws(StatesError) in
            let n = calls.record("\(request.input)")
            if n > 40, halted.withLock({ $0 }) == false {
                // The first runner stops making progress here; it is shut down with these calls in flight.
                try? await Task.sleep(for: .seconds(3600))
                throw StatesError(error: "States.TaskFailed", cause: "interrupted")
            }
            return .integer((request.input.intValue ?? 0) * 10)
        })
        try await withRunnerStore(definition: Self.mapOfHundred) { store, machine in
            let started = try await store.startExecution(stateMachineArn: machine.arn, name: "crash")
            let arn = started.execution.arn
            let first = runner(store, tasks)
            try await whileRunning(first) {
                while calls.total < 45 { try await Task.sleep(for: .milliseconds(20)) }
            }
            halted.withLock { $0 = true }
            let left = try await store.describeExecution(arn: arn)
            #expect(left.status == .running)
            #expect(left.leaseOwner == nil)
            let callsBefore = calls.total
            let eventsBefore = try await store.lastEventId(executionArn: arn)

            let second = runner(store, tasks)
            let finished = try await whileRunning(second) { try await second.runSync(left) }
            #expect(finished.status == .succeeded)
            #expect(finished.output == Self.expectedMapOutput)
            // Each item ran; only the ones in flight at the shutdown (at most MaxConcurrency) ran twice.
            #expect(calls.items.count == 100)
            #expect(calls.total <= 100 + 5)
            #expect(callsBefore >= 45)
            let events = try await store.history(executionArn: arn, maxResults: 1000).items
            #expect(events.map(\.id) == Array(1..<(events.count + 1)))
            #expect(events.count > eventsBefore)
            #expect(events.filter { $0.type == "ExecutionStarted" }.count == 1)
            #expect(events.filter { $0.type == "ExecutionSucceeded" }.count == 1)
            #expect(events.filter { $0.type == "MapIterationSucceeded" }.count == 100)
        }
    }

    @Test func stopExecutionAbortsARunningExecutionWithItsErrorAndCause() async throws {
        let definition = #"{"StartAt": "W", "States": {"W": {"Type": "Wait", "Seconds": 3600, "End": true}}}"#
        try await withRunnerStore(definition: definition) { store, machine in
            let runner = runner(store, TaskRegistry())
            let stopped = try await whileRunning(runner) {
                let started = try await store.startExecution(stateMachineArn: machine.arn, name: "long")
                await runner.launch(started.execution)
                while try await store.lastEventId(executionArn: started.execution.arn) < 2 {
                    try await Task.sleep(for: .milliseconds(20))
                }
                try await store.requestStop(arn: started.execution.arn, error: "Operator", cause: "not needed")
                await runner.stopRequested(executionArn: started.execution.arn)
                return try await runner.runSync(started.execution)
            }
            #expect(stopped.status == .aborted)
            #expect(stopped.error == "Operator")
            #expect(stopped.cause == "not needed")
            let events = try await store.history(executionArn: stopped.arn).items
            #expect(events.last?.type == "ExecutionAborted")
        }
    }

    @Test func redriveRunsTheFailedStepAgainAndNotTheOnesBefore() async throws {
        let definition = #"""
            {"StartAt": "First", "States": {
              "First": {"Type": "Task", "Resource": "arn:aws:lambda:us-east-1:123456789012:function:first", "Next": "Flaky"},
              "Flaky": {"Type": "Task", "Resource": "arn:aws:lambda:us-east-1:123456789012:function:flaky", "Parameters": {"redrives.$": "$$.Execution.RedriveCount",
                        "first.$": "$"}, "End": true}}}
            """#
        let calls = Calls()
        var tasks = TaskRegistry()
        tasks.register(lambda("first"), ClosureTask { _ in
            calls.record("first")
            return "one"
        })
        tasks.register(lambda("flaky"), ClosureTask { request throws(StatesError) in
            if calls.record("flaky") == 2 { throw StatesError(error: "Boom", cause: "first time") }
            return request.input
        })
        try await withRunnerStore(definition: definition) { store, machine in
            let runner = runner(store, tasks)
            try await whileRunning(runner) {
                let started = try await store.startExecution(stateMachineArn: machine.arn, name: "flaky")
                let failed = try await runner.runSync(started.execution)
                #expect(failed.status == .failed)
                #expect(failed.error == "Boom")
                let redriven = try await store.redriveExecution(arn: failed.arn)
                await runner.launch(redriven)
                let finished = try await runner.runSync(redriven)
                #expect(finished.status == .succeeded)
                #expect(finished.output == ["redrives": 1, "first": "one"])
                #expect(finished.redriveCount == 1)
                #expect(calls.count("first") == 1)
                #expect(calls.count("flaky") == 2)
                let types = try await store.history(executionArn: failed.arn, maxResults: 1000).items.map(\.type)
                #expect(types.filter { $0 == "ExecutionFailed" }.count == 1)
                #expect(types.filter { $0 == "ExecutionRedriven" }.count == 1)
                #expect(types.last == "ExecutionSucceeded")
            }
        }
    }
}

/// Runners sharing a PostgreSQL store (scripts/start-postgres.sh; POSTGRES_* variables).
@Suite(.timeLimit(.minutes(2))) struct SharedStoreRunnerTests {
    static func postgresURL(database: String? = nil) -> String {
        func env(_ name: String, _ fallback: String) -> String {
            ProcessInfo.processInfo.environment[name].flatMap { $0.isEmpty ? nil : $0 } ?? fallback
        }
        let password =
            env("POSTGRES_PASSWORD", "ferry").addingPercentEncoding(withAllowedCharacters: .alphanumerics) ?? ""
        return "postgres://\(env("POSTGRES_USER", "ferry")):\(password)@\(env("POSTGRES_HOSTNAME", "127.0.0.1")):"
            + "\(env("POSTGRES_PORT", "5433"))/\(database ?? env("POSTGRES_DB", "ferry"))"
    }

    /// Runs `body` with the URL of a fresh PostgreSQL database, dropped afterwards.
    static func withFreshDatabase(_ body: (String) async throws -> Void) async throws {
        let name = "ferry_runner_" + UUID().uuidString.replacingOccurrences(of: "-", with: "").prefix(12).lowercased()
        try await withSQLConnection(url: postgresURL()) { try await $0.execute("CREATE DATABASE \(name)") }
        do {
            try await body(postgresURL(database: name))
        } catch {
            try? await withSQLConnection(url: postgresURL()) { try await $0.execute("DROP DATABASE \(name) WITH (FORCE)") }
            throw error
        }
        try await withSQLConnection(url: postgresURL()) { try await $0.execute("DROP DATABASE \(name) WITH (FORCE)") }
    }

    @Test func twoRunnersOnOnePostgresStoreShareTheExecutionsAndRunEachOnce() async throws {
        let definition = #"""
            {"StartAt": "Work", "States": {
              "Work": {"Type": "Task", "Resource": "arn:aws:lambda:us-east-1:123456789012:function:work",
                       "End": true}}}
            """#
        let calls = Calls()
        let byRunner = Mutex<[String: Int]>([:])
        func tasks(_ name: String) -> TaskRegistry {
            var tasks = TaskRegistry()
            tasks.register(lambda("work"), ClosureTask { request in
                calls.record("\(request.input)")
                byRunner.withLock { $0[name, default: 0] += 1 }
                try? await Task.sleep(for: .milliseconds(20))
                return request.input
            })
            return tasks
        }
        let machineName = "shared"
        try await Self.withFreshDatabase { url in
          try await Store.withStore(url: url) { first in
            try await Store.withStore(url: url) { second in
                let machine = try await first.createStateMachine(
                    name: machineName, definition: definition, roleArn: "arn:aws:iam::123456789012:role/ferry")
                let a = DurableRunner(
                    store: first, tasks: tasks("a"), configuration: .init(worker: "a", pollInterval: .milliseconds(20)),
                    logger: Logger(label: "test.a"))
                let b = DurableRunner(
                    store: second, tasks: tasks("b"), configuration: .init(worker: "b", pollInterval: .milliseconds(20)),
                    logger: Logger(label: "test.b"))
                try await whileRunning(a) {
                    try await whileRunning(b) {
                        var started: [ExecutionRecord] = []
                        for i in 0..<40 {
                            started.append(
                                try await first.startExecution(
                                    stateMachineArn: machine.arn, name: "e\(i)", input: ["i": .integer(i)]
                                ).execution)
                        }
                        for record in started {
                            let finished = try await a.runSync(record)
                            #expect(finished.status == .succeeded)
                            #expect(finished.output == record.input)
                        }
                    }
                }
                #expect(calls.items.count == 40)
                #expect(calls.total == 40)
                let counts = byRunner.withLock { $0 }
                #expect((counts["a"] ?? 0) > 0 && (counts["b"] ?? 0) > 0, "both runners ran executions: \(counts)")
            }
          }
        }
    }
}
