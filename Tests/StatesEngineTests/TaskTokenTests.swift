import Foundation
import JSONValue
import StatesEngine
import StatesLanguage
import Synchronization
import Testing

/// A broker that keeps tokens in memory; tests answer them with ``answer(_:_:)``, from a task handler or elsewhere.
///
/// Heartbeat deadlines follow a manual clock (``advance(by:)``), so they do not depend on how loaded the machine is.
final class MemoryTokenBroker: TaskTokenBroker {
    struct Entry: Sendable {
        var token: String
        var key: String
        var submitted: JSONValue?
        var outcome: TaskTokenOutcome?
        /// On the manual clock.
        var lastBeat = Duration.zero
        var isClosed = false
        var submissions = 0
    }

    private let entries = Mutex<[Entry]>([])
    private let clock = Mutex(Duration.zero)

    /// Moves the manual clock forward.
    func advance(by duration: Duration) { clock.withLock { $0 += duration } }

    /// Tokens issued earlier, as a store would keep them across a restart.
    init(seeded: [Entry] = []) {
        entries.withLock { $0 = seeded }
    }

    func issue(_ request: TaskTokenRequest) async throws -> IssuedTaskToken {
        entries.withLock { entries in
            if let entry = entries.last(where: { $0.key == request.key && !$0.isClosed }) {
                return IssuedTaskToken(token: entry.token, submittedOutput: entry.submitted)
            }
            let token = "token-\(entries.count + 1)-\(request.stateName)"
            entries.append(Entry(token: token, key: request.key, lastBeat: clock.withLock { $0 }))
            return IssuedTaskToken(token: token)
        }
    }

    func submitted(_ token: IssuedTaskToken, output: JSONValue) async throws {
        update(token.token) {
            $0.submitted = output
            $0.submissions += 1
        }
    }

    func wait(for token: IssuedTaskToken, timeoutSeconds: Int?, heartbeatSeconds: Int?) async throws
        -> TaskTokenOutcome
    {
        while true {
            let entry = entries.withLock { $0.first { $0.token == token.token } }
            if let outcome = entry?.outcome { return outcome }
            let now = clock.withLock { $0 }
            if let heartbeatSeconds, let entry, now - entry.lastBeat >= .seconds(heartbeatSeconds) {
                update(token.token) { $0.isClosed = true }
                return .heartbeatTimedOut
            }
            try await Task.sleep(for: .milliseconds(5))
        }
    }

    func close(_ token: IssuedTaskToken) async {
        update(token.token) { $0.isClosed = true }
    }

    /// `SendTaskSuccess` / `SendTaskFailure`.
    func answer(_ token: String, _ outcome: TaskTokenOutcome) {
        update(token) { $0.outcome = outcome }
    }

    /// `SendTaskHeartbeat`.
    func beat(_ token: String) {
        let now = clock.withLock { $0 }
        update(token) { $0.lastBeat = now }
    }

    var all: [Entry] { entries.withLock { $0 } }

    private func update(_ token: String, _ change: (inout Entry) -> Void) {
        entries.withLock { entries in
            if let index = entries.firstIndex(where: { $0.token == token }) { change(&entries[index]) }
        }
    }
}

/// Answers its token at once (from inside the task, so no waiting is needed) and records what it received.
struct AnsweringTask: TaskHandler {
    let broker: MemoryTokenBroker
    let log: CallLog
    /// The answer for each call, in order (the last one repeats); nil leaves the token unanswered.
    let answers: [TaskTokenOutcome?]
    var result: JSONValue = ["MessageId": "m-1"]

    func invoke(_ request: TaskRequest) async throws(StatesError) -> JSONValue {
        let call = log.record(request, at: Date())
        guard let token = request.context["Task"]?["Token"]?.stringValue else {
            throw StatesError(error: "Test.NoToken", cause: "no $$.Task.Token in the context")
        }
        if let answer = answers[min(call, answers.count) - 1] { broker.answer(token, answer) }
        return result
    }
}

/// `.waitForTaskToken` tasks: token issue, `$$.Task.Token`, the underlying call, and the answers.
@Suite struct TaskTokenTests {
    static let queue = "arn:aws:states:::sqs:sendMessage"
    static let resource = queue + ".waitForTaskToken"

    static func definition(_ fields: String = "", resource: String = resource, then: String = "") -> String {
        chain(
            #""T": {"Type": "Task", "Resource": "\#(resource)", "Parameters": {"token.$": "$$.Task.Token", "body.$": "$"}, \#(fields) "End": true}\#(then)"#,
            startAt: "T")
    }

    static func run(_ definition: String, input: JSONValue = ["order": 7], broker: MemoryTokenBroker?,
                    tasks: [String: any TaskHandler], journal: InMemoryJournal? = nil) async throws -> ExecutionResult
    {
        var registry = TaskRegistry()
        for (resource, handler) in tasks { registry.register(resource, handler) }
        let configuration = ExecutionConfiguration(
            executionName: "tokens", stateMachineName: "TestMachine", tasks: registry,
            clock: VirtualExecutionClock(start: epoch), recordsHistory: true, journal: journal, taskTokens: broker)
        return try await Executor.runDurably(machine(definition), input: input, configuration: configuration)
    }

    @Test(.timeLimit(.minutes(1))) func sendTaskSuccessOutputBecomesTheResult() async throws {
        let broker = MemoryTokenBroker()
        let log = CallLog()
        let result = try await Self.run(
            Self.definition(), broker: broker,
            tasks: [Self.queue: AnsweringTask(broker: broker, log: log, answers: [.success(["approved": true])])])
        #expect(result.status == .succeeded)
        #expect(result.output == ["approved": true])
        // The underlying integration got the token in its parameters and in its context.
        let request = try #require(log.requests.first)
        let token = try #require(broker.all.first?.token)
        #expect(request.resource == Self.queue)
        #expect(request.input == ["token": .string(token), "body": ["order": 7]])
        #expect(request.context["Task"]?["Token"]?.stringValue == token)
        #expect(broker.all.first?.submitted == ["MessageId": "m-1"])
        #expect(result.eventTypes == [
            "ExecutionStarted", "TaskStateEntered", "TaskScheduled", "TaskStarted", "TaskSubmitted", "TaskSucceeded",
            "TaskStateExited", "ExecutionSucceeded",
        ])
        result.expectConsistentEventIDs()
        let scheduled = try #require(result.events.first { $0.type == "TaskScheduled" }?.json())
        #expect(scheduled["taskScheduledEventDetails"]?["resource"] == "sendMessage.waitForTaskToken")
        #expect(scheduled["taskScheduledEventDetails"]?["resourceType"] == "sqs")
        let submitted = try #require(result.events.first { $0.type == "TaskSubmitted" }?.json())
        #expect(submitted["taskSubmittedEventDetails"]?["output"] == #"{"MessageId":"m-1"}"#)
        let succeeded = try #require(result.events.first { $0.type == "TaskSucceeded" }?.json())
        #expect(succeeded["taskSucceededEventDetails"]?["output"] == #"{"approved":true}"#)
    }

    @Test(.timeLimit(.minutes(1))) func anAnswerArrivingLaterUnblocksTheTask() async throws {
        let broker = MemoryTokenBroker()
        let log = CallLog()
        async let result = Self.run(
            Self.definition(), broker: broker,
            tasks: [Self.queue: AnsweringTask(broker: broker, log: log, answers: [nil])])
        var token: String?
        while token == nil {
            token = broker.all.first { $0.submitted != nil }?.token
            try await Task.sleep(for: .milliseconds(5))
        }
        broker.answer(token!, .success("late"))
        #expect(try await result.output == "late")
    }

    @Test(.timeLimit(.minutes(1))) func sendTaskFailureIsCaughtByCatch() async throws {
        let broker = MemoryTokenBroker()
        let result = try await Self.run(
            chain(
                #""T": {"Type": "Task", "Resource": "\#(Self.resource)", "Parameters": {"t.$": "$$.Task.Token"}, "Catch": [{"ErrorEquals": ["Rejected"], "ResultPath": "$.error", "Next": "P"}], "End": true}, "P": {"Type": "Pass", "End": true}"#,
                startAt: "T"),
            broker: broker,
            tasks: [
                Self.queue: AnsweringTask(
                    broker: broker, log: CallLog(), answers: [.failure(error: "Rejected", cause: "not approved")])
            ])
        #expect(result.status == .succeeded)
        #expect(result.output == ["order": 7, "error": ["Error": "Rejected", "Cause": "not approved"]])
        #expect(result.eventTypes.contains("TaskFailed"))
        let failed = try #require(result.events.first { $0.type == "TaskFailed" }?.json())
        #expect(failed["taskFailedEventDetails"]?["error"] == "Rejected")
        #expect(failed["taskFailedEventDetails"]?["resource"] == "sendMessage.waitForTaskToken")
    }

    @Test(.timeLimit(.minutes(1))) func aRetryGetsANewToken() async throws {
        let broker = MemoryTokenBroker()
        let log = CallLog()
        let result = try await Self.run(
            Self.definition(#""Retry": [{"ErrorEquals": ["Flaky"], "IntervalSeconds": 1, "MaxAttempts": 2}],"#),
            broker: broker,
            tasks: [
                Self.queue: AnsweringTask(
                    broker: broker, log: log, answers: [.failure(error: "Flaky", cause: nil), .success("second")])
            ], journal: InMemoryJournal())
        #expect(result.output == "second")
        let tokens = log.requests.compactMap { $0.input["token"]?.stringValue }
        #expect(tokens.count == 2)
        #expect(Set(tokens).count == 2)
        #expect(broker.all.map(\.key) == ["0/T#1/0", "0/T#1/1"])
    }

    /// Waits until the task has submitted its token and returns it.
    static func submittedToken(_ broker: MemoryTokenBroker) async throws -> String {
        while true {
            if let token = broker.all.first(where: { $0.submitted != nil })?.token { return token }
            try await Task.sleep(for: .milliseconds(5))
        }
    }

    @Test(.timeLimit(.minutes(1))) func aMissedHeartbeatTimesTheTaskOut() async throws {
        let broker = MemoryTokenBroker()
        async let result = Self.run(
            Self.definition(#""HeartbeatSeconds": 2,"#), broker: broker,
            tasks: [Self.queue: AnsweringTask(broker: broker, log: CallLog(), answers: [nil])])
        _ = try await Self.submittedToken(broker)
        broker.advance(by: .seconds(2))
        let finished = try await result
        #expect(finished.status == .failed)
        #expect(finished.error == "States.HeartbeatTimeout")
        #expect(finished.eventTypes.contains("TaskTimedOut"))
        #expect(broker.all.first?.isClosed == true)
        let scheduled = try #require(finished.events.first { $0.type == "TaskScheduled" }?.json())
        #expect(scheduled["taskScheduledEventDetails"]?["heartbeatInSeconds"] == 2)
        let timedOut = try #require(finished.events.first { $0.type == "TaskTimedOut" }?.json())
        #expect(timedOut["taskTimedOutEventDetails"]?["error"] == "States.HeartbeatTimeout")
    }

    @Test(.timeLimit(.minutes(1))) func heartbeatsKeepTheTaskAlive() async throws {
        let broker = MemoryTokenBroker()
        async let result = Self.run(
            Self.definition(#""HeartbeatSeconds": 2,"#), broker: broker,
            tasks: [Self.queue: AnsweringTask(broker: broker, log: CallLog(), answers: [nil])])
        let token = try await Self.submittedToken(broker)
        // 6 s in all, longer than HeartbeatSeconds, with a heartbeat every 1.5 s.
        for _ in 0..<4 {
            broker.advance(by: .milliseconds(1500))
            broker.beat(token)
            try await Task.sleep(for: .milliseconds(20))
        }
        #expect(broker.all.first?.isClosed == false)
        broker.answer(token, .success("alive"))
        #expect(try await result.output == "alive")
    }

    @Test(.timeLimit(.minutes(1))) func timeoutSecondsTimesTheTaskOutAndClosesTheToken() async throws {
        let broker = MemoryTokenBroker()
        let result = try await Self.run(
            Self.definition(
                #""TimeoutSeconds": 1, "Catch": [{"ErrorEquals": ["States.Timeout"], "Next": "P"}],"#,
                then: #", "P": {"Type": "Pass", "End": true}"#),
            broker: broker, tasks: [Self.queue: AnsweringTask(broker: broker, log: CallLog(), answers: [nil])])
        #expect(result.status == .succeeded)
        #expect(result.output == ["Error": "States.Timeout", "Cause": ""])
        #expect(result.eventTypes.contains("TaskTimedOut"))
        #expect(broker.all.first?.isClosed == true)
    }

    @Test(.timeLimit(.minutes(1))) func withoutABrokerTheTaskFailsWithARuntimeError() async throws {
        let result = try await Self.run(
            Self.definition(), broker: nil, tasks: [Self.queue: FakeTask(returning: "unused")])
        #expect(result.status == .failed)
        #expect(result.error == "States.Runtime")
        #expect(result.cause?.contains("ferry serve") == true)
    }

    @Test(.timeLimit(.minutes(1))) func anUnmappedIntegrationFailsLikeAnyUnmappedResource() async throws {
        let broker = MemoryTokenBroker()
        let result = try await Self.run(Self.definition(), broker: broker, tasks: [:])
        #expect(result.status == .failed)
        #expect(result.error == "States.Runtime")
        #expect(result.cause?.contains(Self.queue) == true)
        #expect(broker.all.first?.isClosed == true)
    }

    @Test(.timeLimit(.minutes(1))) func anEntryForTheWholeResourceServesToo() async throws {
        let broker = MemoryTokenBroker()
        let result = try await Self.run(
            Self.definition(), broker: broker,
            tasks: [Self.resource: AnsweringTask(broker: broker, log: CallLog(), answers: [.success("whole")])])
        #expect(result.output == "whole")
    }

    @Test(.timeLimit(.minutes(1))) func lambdaInvokeWaitForTaskTokenPassesTheTokenInThePayload() async throws {
        let broker = MemoryTokenBroker()
        let log = CallLog()
        let function = "arn:aws:lambda:us-east-1:123456789012:function:approve"
        let result = try await Self.run(
            chain(
                #""T": {"Type": "Task", "Resource": "arn:aws:states:::lambda:invoke.waitForTaskToken", "Parameters": {"FunctionName": "approve", "Payload": {"token.$": "$$.Task.Token"}}, "End": true}"#,
                startAt: "T"),
            broker: broker,
            tasks: [function: AnsweringTask(broker: broker, log: log, answers: [.success(["ok": 1])], result: "sent")])
        #expect(result.output == ["ok": 1])
        #expect(log.requests.first?.input["token"]?.stringValue == broker.all.first?.token)
        let submitted = try #require(result.events.first { $0.type == "TaskSubmitted" }?.json())
        #expect(submitted["taskSubmittedEventDetails"]?["resource"] == "invoke.waitForTaskToken")
        #expect(submitted["taskSubmittedEventDetails"]?["resourceType"] == "lambda")
        #expect(try JSONValue(parsing: submitted["taskSubmittedEventDetails"]?["output"]?.stringValue ?? "")["Payload"] == "sent")
    }

    @Test(.timeLimit(.minutes(1))) func jsonataArgumentsSeeTheToken() async throws {
        let broker = MemoryTokenBroker()
        let log = CallLog()
        let result = try await Self.run(
            chain(
                #""T": {"Type": "Task", "QueryLanguage": "JSONata", "Resource": "\#(Self.resource)", "Arguments": {"token": "{% $states.context.Task.Token %}"}, "End": true}"#,
                startAt: "T"),
            broker: broker,
            tasks: [Self.queue: AnsweringTask(broker: broker, log: log, answers: [.success("j")])])
        #expect(result.output == "j")
        #expect(log.requests.first?.input["token"]?.stringValue == broker.all.first?.token)
    }

    @Test(.timeLimit(.minutes(1))) func aResumedTaskWaitsForItsEarlierTokenWithoutInvokingAgain() async throws {
        // The store kept the token of T's first attempt, submitted and answered while no process ran the execution.
        let broker = MemoryTokenBroker(seeded: [
            .init(token: "earlier", key: "0/T#1/0", submitted: ["MessageId": "m-0"], outcome: .success("answered"))
        ])
        let log = CallLog()
        let result = try await Self.run(
            Self.definition(), broker: broker, tasks: [Self.queue: AnsweringTask(broker: broker, log: log, answers: [nil])],
            journal: InMemoryJournal())
        #expect(result.output == "answered")
        #expect(log.count == 0)
        #expect(broker.all.count == 1)
        let submitted = try #require(result.events.first { $0.type == "TaskSubmitted" }?.json())
        #expect(submitted["taskSubmittedEventDetails"]?["output"] == #"{"MessageId":"m-0"}"#)
    }

    @Test(.timeLimit(.minutes(1))) func aResumedTaskWhoseTokenWasNotSubmittedInvokesTheResourceWithIt() async throws {
        let broker = MemoryTokenBroker(seeded: [.init(token: "earlier", key: "0/T#1/0")])
        let log = CallLog()
        let result = try await Self.run(
            Self.definition(), broker: broker,
            tasks: [Self.queue: AnsweringTask(broker: broker, log: log, answers: [.success("now")])],
            journal: InMemoryJournal())
        #expect(result.output == "now")
        #expect(log.requests.map { $0.input["token"] } == ["earlier"])
    }
}
