import Foundation
import JSONValue
import StatesEngine
import StatesLanguage
import Testing

/// History events: types in AWS's order, ids and previousEventIds, details, timestamps.
@Suite struct HistoryTests {
    static let small = chain(#"""
        "P": {"Type": "Pass", "Result": {"v": 1}, "Next": "T"},
        "T": {"Type": "Task", "Resource": "arn:aws:states:::test:task", "TimeoutSeconds": 30, "End": true}
        """#, startAt: "P")

    @Test(.timeLimit(.minutes(1))) func smallMachineEventsInOrderWithConsecutiveIDs() async throws {
        let result = try await execute(Self.small, input: ["in": 1], tasks: ["arn:aws:states:::test:task": FakeTask.echo], history: true)
        #expect(result.eventTypes == ["ExecutionStarted", "PassStateEntered", "PassStateExited", "TaskStateEntered", "TaskScheduled",
                                      "TaskStarted", "TaskSucceeded", "TaskStateExited", "ExecutionSucceeded"])
        #expect(result.events.map(\.id) == Array(1...9))
        #expect(result.events.map(\.previousEventId) == Array(0...8))
        result.expectConsistentEventIDs()
    }

    @Test(.timeLimit(.minutes(1))) func eventDetailsAreShapedLikeAWS() async throws {
        let result = try await execute(Self.small, input: ["in": 1], tasks: ["arn:aws:states:::test:task": FakeTask.echo], history: true)
        let json = result.json(includingHistory: true)
        #expect(json["status"] == "SUCCEEDED")
        let events = try #require(json["events"]?.arrayValue)
        #expect(events.count == 9)
        #expect(events[0]["type"] == "ExecutionStarted")
        #expect(events[0]["executionStartedEventDetails"]?["input"] == "{\"in\":1}")
        #expect(events[0]["timestamp"] == "2023-11-14T22:13:20.000Z")
        #expect(events[1]["stateEnteredEventDetails"]?["name"] == "P")
        #expect(events[1]["stateEnteredEventDetails"]?["input"] == "{\"in\":1}")
        #expect(events[2]["stateExitedEventDetails"]?["output"] == "{\"v\":1}")
        let scheduled = try #require(events[4]["taskScheduledEventDetails"])
        #expect(scheduled["resourceType"] == "test")
        #expect(scheduled["resource"] == "task")
        #expect(scheduled["region"] == "us-east-1")
        #expect(scheduled["parameters"] == "{\"v\":1}")
        #expect(scheduled["timeoutInSeconds"] == 30)
        #expect(events[6]["taskSucceededEventDetails"]?["output"] == "{\"v\":1}")
        #expect(events[8]["executionSucceededEventDetails"]?["output"] == "{\"v\":1}")
    }

    @Test(.timeLimit(.minutes(1))) func withoutHistoryNoEventsAreKept() async throws {
        let result = try await execute(Self.small, tasks: ["arn:aws:states:::test:task": FakeTask.echo])
        #expect(result.status == .succeeded)
        #expect(result.events.isEmpty)
        #expect(result.json()["events"] == nil)
        #expect(result.json(includingHistory: true)["events"] == [])
    }

    @Test(.timeLimit(.minutes(1))) func timestampsFollowTheVirtualClock() async throws {
        let result = try await execute(chain(#""W": {"Type": "Wait", "Seconds": 100, "End": true}"#, startAt: "W"), history: true)
        #expect(result.eventTypes == ["ExecutionStarted", "WaitStateEntered", "WaitStateExited", "ExecutionSucceeded"])
        let entered = try #require(result.events.first { $0.type == "WaitStateEntered" })
        let exited = try #require(result.events.first { $0.type == "WaitStateExited" })
        #expect(exited.timestamp.timeIntervalSince(entered.timestamp) == 100)
        #expect(exited.json()["timestamp"] == "2023-11-14T22:15:00.000Z")
    }

    @Test(.timeLimit(.minutes(1))) func caughtTaskFailureEvents() async throws {
        let result = try await execute(chain(#"""
            "T": {"Type": "Task", "Resource": "arn:aws:states:::test:task",
                  "Retry": [{"ErrorEquals": ["E"], "MaxAttempts": 1}],
                  "Catch": [{"ErrorEquals": ["E"], "Next": "C"}], "End": true},
            "C": {"Type": "Pass", "End": true}
            """#, startAt: "T"), tasks: ["arn:aws:states:::test:task": FakeTask(failing: "E", cause: "c")], history: true)
        #expect(result.eventTypes == ["ExecutionStarted", "TaskStateEntered", "TaskScheduled", "TaskStarted", "TaskFailed",
                                      "TaskScheduled", "TaskStarted", "TaskFailed", "TaskStateExited", "PassStateEntered",
                                      "PassStateExited", "ExecutionSucceeded"])
        let failed = try #require(result.events.first { $0.type == "TaskFailed" }?.json())
        #expect(failed["taskFailedEventDetails"]?["error"] == "E")
        #expect(failed["taskFailedEventDetails"]?["cause"] == "c")
        result.expectConsistentEventIDs()
    }

    @Test(.timeLimit(.minutes(1))) func lambdaFunctionEventsUseLambdaNames() async throws {
        let arn = "arn:aws:lambda:us-east-1:123456789012:function:f"
        let result = try await execute(chain(#""T": {"Type": "Task", "Resource": "\#(arn)", "End": true}"#, startAt: "T"),
                                       tasks: [arn: FakeTask.echo], history: true)
        #expect(result.eventTypes == ["ExecutionStarted", "TaskStateEntered", "LambdaFunctionScheduled", "LambdaFunctionStarted",
                                      "LambdaFunctionSucceeded", "TaskStateExited", "ExecutionSucceeded"])
        let scheduled = try #require(result.events[2].json()["lambdaFunctionScheduledEventDetails"])
        #expect(scheduled["resource"] == .string(arn))
    }

    @Test(.timeLimit(.minutes(1))) func failedExecutionEvents() async throws {
        let result = try await execute(chain(#""T": {"Type": "Task", "Resource": "arn:aws:states:::test:t", "End": true}"#, startAt: "T"),
                                       tasks: ["arn:aws:states:::test:t": FakeTask(failing: "E", cause: "c")], history: true)
        #expect(result.eventTypes == ["ExecutionStarted", "TaskStateEntered", "TaskScheduled", "TaskStarted", "TaskFailed", "ExecutionFailed"])
        let last = try #require(result.events.last?.json())
        #expect(last["executionFailedEventDetails"] == ["error": "E", "cause": "c"])
        #expect(result.json(includingHistory: true)["events"]?.arrayValue?.count == 6)
    }

    @Test(.timeLimit(.minutes(1))) func mapEventsAndThreadsOfControl() async throws {
        let result = try await execute(chain(#"""
            "M": {"Type": "Map", "MaxConcurrency": 1,
                  "ItemProcessor": {"StartAt": "I", "States": {"I": {"Type": "Pass", "End": true}}}, "End": true}
            """#, startAt: "M"), input: [1, 2], history: true)
        #expect(result.eventTypes == ["ExecutionStarted", "MapStateEntered", "MapStateStarted",
                                      "MapIterationStarted", "PassStateEntered", "PassStateExited", "MapIterationSucceeded",
                                      "MapIterationStarted", "PassStateEntered", "PassStateExited", "MapIterationSucceeded",
                                      "MapStateSucceeded", "MapStateExited", "ExecutionSucceeded"])
        result.expectConsistentEventIDs()
        let started = try #require(result.events.first { $0.type == "MapStateStarted" }?.json())
        #expect(started["mapStateStartedEventDetails"]?["length"] == 2)
        let iterations = result.events.filter { $0.type == "MapIterationStarted" }.map { $0.json()["mapIterationStartedEventDetails"] }
        #expect(iterations == [["name": "M", "index": 0], ["name": "M", "index": 1]])
        // Each iteration's first state follows its MapIterationStarted.
        for (index, event) in result.events.enumerated() where event.type == "MapIterationStarted" {
            #expect(result.events[index + 1].previousEventId == event.id)
        }
    }

    @Test(.timeLimit(.minutes(1))) func parallelBranchesFollowParallelStateStarted() async throws {
        let result = try await execute(chain(#"""
            "P": {"Type": "Parallel", "Branches": [
                    {"StartAt": "A", "States": {"A": {"Type": "Pass", "End": true}}},
                    {"StartAt": "B", "States": {"B": {"Type": "Pass", "End": true}}}], "End": true}
            """#, startAt: "P"), history: true)
        result.expectConsistentEventIDs()
        let started = try #require(result.events.first { $0.type == "ParallelStateStarted" })
        let branchEntries = result.events.filter { $0.type == "PassStateEntered" }
        #expect(branchEntries.count == 2)
        for entry in branchEntries { #expect(entry.previousEventId == started.id) }
        #expect(result.eventTypes.first == "ExecutionStarted")
        #expect(Array(result.eventTypes.suffix(2)) == ["ParallelStateExited", "ExecutionSucceeded"])
    }

    /// Recorded AWS histories (conformance cases test_parallel_state_*) go from the branches' last events straight
    /// to ParallelStateExited.
    @Test(.timeLimit(.minutes(1))) func parallelSuccessHasNoParallelStateSucceededEvent() async throws {
        let result = try await execute(chain(#"""
            "P": {"Type": "Parallel", "Branches": [{"StartAt": "A", "States": {"A": {"Type": "Pass", "End": true}}}], "End": true}
            """#, startAt: "P"), history: true)
        #expect(result.eventTypes == ["ExecutionStarted", "ParallelStateEntered", "ParallelStateStarted", "PassStateEntered",
                                      "PassStateExited", "ParallelStateExited", "ExecutionSucceeded"])

    }

    /// Recorded AWS histories: FailStateEntered is followed directly by ExecutionFailed (or MapIterationFailed,
    /// ParallelStateFailed); there is no FailStateExited.
    @Test(.timeLimit(.minutes(1))) func failStateHasNoExitedEvent() async throws {
        let result = try await execute(chain(#""F": {"Type": "Fail", "Error": "E", "Cause": "c"}"#, startAt: "F"), history: true)
        #expect(result.eventTypes.first == "ExecutionStarted")
        #expect(result.eventTypes.last == "ExecutionFailed")
        #expect(result.eventTypes == ["ExecutionStarted", "FailStateEntered", "ExecutionFailed"])
        let failed = try #require(result.events.last?.json())
        #expect(failed["executionFailedEventDetails"] == ["error": "E", "cause": "c"])
    }

    @Test(.timeLimit(.minutes(1))) func concurrentMapRecordsEveryEventOnce() async throws {
        let result = try await execute(chain(#"""
            "M": {"Type": "Map", "MaxConcurrency": 0,
                  "ItemProcessor": {"StartAt": "I", "States": {"I": {"Type": "Task", "Resource": "arn:aws:states:::test:t", "End": true}}}, "End": true}
            """#, startAt: "M"), input: .array((0..<50).map { .integer($0) }), tasks: ["arn:aws:states:::test:t": FakeTask.echo], history: true)
        #expect(result.status == .succeeded)
        result.expectConsistentEventIDs()
        #expect(result.eventTypes.filter { $0 == "MapIterationSucceeded" }.count == 50)
        #expect(result.eventTypes.filter { $0 == "TaskSucceeded" }.count == 50)
        // Within each iteration, the chain of previousEventIds leads back to its MapIterationStarted.
        let byID = Dictionary(uniqueKeysWithValues: result.events.map { ($0.id, $0) })
        for event in result.events where event.type == "MapIterationSucceeded" {
            var cursor = event
            while cursor.type != "MapIterationStarted", let previous = byID[cursor.previousEventId] { cursor = previous }
            #expect(cursor.type == "MapIterationStarted")
            #expect(cursor.json()["mapIterationStartedEventDetails"]?["index"] == event.json()["mapIterationSucceededEventDetails"]?["index"])
        }
    }
}
