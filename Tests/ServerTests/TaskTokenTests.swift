import Foundation
import JSONValue
import Server
import StatesEngine
import StatesLanguage
import Store
import Synchronization
import Testing

/// Remembers the tokens a callback task's integration received.
final class Tokens: Sendable {
    private let tokens = Mutex<[String]>([])

    /// A task for `arn:aws:states:::sqs:sendMessage` that keeps `$.token` and returns a message id.
    var task: ClosureTask {
        ClosureTask { request in
            let token = request.input["token"]?.stringValue ?? "?"
            self.tokens.withLock { $0.append(token) }
            return ["MessageId": "m-1"]
        }
    }

    var all: [String] { tokens.withLock { $0 } }

    /// Waits until `count` tokens arrived (at most 10 s) and returns the last.
    func next(count: Int = 1) async throws -> String {
        for _ in 0..<1000 {
            let all = self.all
            if all.count >= count { return all[count - 1] }
            try await Task.sleep(for: .milliseconds(10))
        }
        Issue.record("no task token arrived")
        return ""
    }
}

/// `.waitForTaskToken` tasks under ``DurableRunner``, answered through the API.
@Suite(.timeLimit(.minutes(2))) struct TaskTokenServerTests {
    static let queue = "arn:aws:states:::sqs:sendMessage"

    static func definition(_ fields: String = "") -> String {
        #"""
        {"StartAt": "Ask", "States": {
          "Ask": {"Type": "Task", "Resource": "arn:aws:states:::sqs:sendMessage.waitForTaskToken",
                  "Parameters": {"token.$": "$$.Task.Token", "order.$": "$.order"}, \#(fields) "Next": "Done"},
          "Done": {"Type": "Pass", "End": true}}}
        """#
    }

    static func tasks(_ tokens: Tokens) -> TaskRegistry {
        var tasks = TaskRegistry()
        tasks.register(queue, tokens.task)
        return tasks
    }

    @Test func sendTaskSuccessUnblocksTheExecution() async throws {
        let tokens = Tokens()
        try await withHarness(engine: true, tasks: Self.tasks(tokens)) { harness in
            await harness.create("callback", Self.definition())
            let started = await harness.ok(
                "StartExecution", ["stateMachineArn": .string(harness.arn("callback")), "input": #"{"order": 7}"#])
            let execution = try #require(started["executionArn"]?.stringValue)
            let token = try await tokens.next()
            #expect(await harness.ok("DescribeExecution", ["executionArn": .string(execution)])["status"] == "RUNNING")
            await harness.ok("SendTaskHeartbeat", ["taskToken": .string(token)])
            await harness.ok("SendTaskSuccess", ["taskToken": .string(token), "output": #"{"approved": true}"#])
            let finished = try await harness.waitUntilFinished(execution)
            #expect(finished["status"] == "SUCCEEDED")
            #expect(finished["output"] == #"{"approved":true}"#)
            let history = await harness.ok("GetExecutionHistory", ["executionArn": .string(execution)])
            let types = history["events"]?.arrayValue?.compactMap { $0["type"]?.stringValue } ?? []
            #expect(types == [
                "ExecutionStarted", "TaskStateEntered", "TaskScheduled", "TaskStarted", "TaskSubmitted", "TaskSucceeded",
                "TaskStateExited", "PassStateEntered", "PassStateExited", "ExecutionSucceeded",
            ])
            // The token is spent: later answers and heartbeats are refused as AWS refuses them.
            #expect(await harness.errorType("SendTaskSuccess", ["taskToken": .string(token), "output": "{}"]) == "TaskTimedOut")
            #expect(await harness.errorType("SendTaskHeartbeat", ["taskToken": .string(token)]) == "TaskTimedOut")
            #expect(await harness.errorType("SendTaskSuccess", ["taskToken": "unknown", "output": "{}"]) == "TaskDoesNotExist")
        }
    }

    @Test func sendTaskFailureFailsTheTask() async throws {
        let tokens = Tokens()
        try await withHarness(engine: true, tasks: Self.tasks(tokens)) { harness in
            await harness.create("callback", Self.definition())
            let started = await harness.ok(
                "StartExecution", ["stateMachineArn": .string(harness.arn("callback")), "input": #"{"order": 1}"#])
            let execution = try #require(started["executionArn"]?.stringValue)
            let token = try await tokens.next()
            await harness.ok(
                "SendTaskFailure", ["taskToken": .string(token), "error": "Rejected", "cause": "out of stock"])
            let finished = try await harness.waitUntilFinished(execution)
            #expect(finished["status"] == "FAILED")
            #expect(finished["error"] == "Rejected")
            #expect(finished["cause"] == "out of stock")
        }
    }

    @Test func aMissedHeartbeatTimesTheTaskOutAndLaterAnswersAreRefused() async throws {
        let tokens = Tokens()
        try await withHarness(engine: true, tasks: Self.tasks(tokens)) { harness in
            await harness.create("callback", Self.definition(#""HeartbeatSeconds": 1,"#))
            let started = await harness.ok(
                "StartExecution", ["stateMachineArn": .string(harness.arn("callback")), "input": #"{"order": 1}"#])
            let execution = try #require(started["executionArn"]?.stringValue)
            let token = try await tokens.next()
            let finished = try await harness.waitUntilFinished(execution)
            #expect(finished["status"] == "FAILED")
            #expect(finished["error"] == "States.HeartbeatTimeout")
            #expect(await harness.errorType("SendTaskSuccess", ["taskToken": .string(token), "output": "{}"]) == "TaskTimedOut")
        }
    }

    @Test func aResumedExecutionWaitsForTheSameTokenWithoutInvokingTheResourceAgain() async throws {
        let tokens = Tokens()
        try await withRunnerStore(definition: Self.definition()) { store, machine in
            let started = try await store.startExecution(
                stateMachineArn: machine.arn, name: "resumed", input: ["order": 3])
            let arn = started.execution.arn
            let first = runner(store, Self.tasks(tokens))
            let token = try await whileRunning(first) {
                await first.launch(started.execution)
                let token = try await tokens.next()
                // Wait until the submission is stored, then shut the runner down while the task waits.
                while try await store.taskToken(token).submittedOutput == nil {
                    try await Task.sleep(for: .milliseconds(10))
                }
                return token
            }
            let left = try await store.describeExecution(arn: arn)
            #expect(left.status == .running)
            #expect(left.leaseOwner == nil)
            #expect(try await store.taskToken(token).status == .waiting)

            // Answered while no runner runs the execution; the next runner picks the answer up.
            try await store.completeTaskToken(token: token, result: .success(["resumed": true]))
            let second = runner(store, Self.tasks(tokens))
            let finished = try await whileRunning(second) { try await second.runSync(left) }
            #expect(finished.status == .succeeded, "\(finished.error ?? "") \(finished.cause ?? "")")
            #expect(finished.output == ["resumed": true])
            #expect(tokens.all == [token])
            #expect(try await store.taskTokens(executionArn: arn).map(\.token) == [token])
            let events = try await store.history(executionArn: arn, maxResults: 1000).items
            #expect(events.map(\.id) == Array(1..<(events.count + 1)))
            #expect(events.filter { $0.type == "TaskSucceeded" }.count == 1)
        }
    }

    @Test func aResumedExecutionStillWaitsForItsTokenWhenTheAnswerComesLater() async throws {
        let tokens = Tokens()
        try await withRunnerStore(definition: Self.definition()) { store, machine in
            let started = try await store.startExecution(
                stateMachineArn: machine.arn, name: "later", input: ["order": 4])
            let first = runner(store, Self.tasks(tokens))
            let token = try await whileRunning(first) {
                await first.launch(started.execution)
                let token = try await tokens.next()
                while try await store.taskToken(token).submittedOutput == nil {
                    try await Task.sleep(for: .milliseconds(10))
                }
                return token
            }
            let second = runner(store, Self.tasks(tokens))
            let finished = try await whileRunning(second) {
                await second.launch(started.execution)
                try await Task.sleep(for: .milliseconds(300))
                try await store.completeTaskToken(token: token, result: .success("late"))
                return try await second.runSync(started.execution)
            }
            #expect(finished.status == .succeeded)
            #expect(finished.output == "late")
            #expect(tokens.all == [token])
        }
    }
}
