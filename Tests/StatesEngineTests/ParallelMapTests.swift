import Foundation
import JSONValue
import StatesEngine
import StatesLanguage
import Synchronization
import Testing

/// Completes when `signal` fires, then echoes its input.
struct WaitingTask: TaskHandler {
    let signal: Signal
    func invoke(_ request: TaskRequest) async throws(StatesError) -> JSONValue {
        await signal.wait()
        return request.input
    }
}

/// Fires `signal`, then returns its input.
struct FiringTask: TaskHandler {
    let signal: Signal
    func invoke(_ request: TaskRequest) async throws(StatesError) -> JSONValue {
        signal.fire()
        return request.input
    }
}

/// Waits for `signal`, then fails.
struct FailAfterSignalTask: TaskHandler {
    let signal: Signal
    func invoke(_ request: TaskRequest) async throws(StatesError) -> JSONValue {
        await signal.wait()
        throw StatesError(error: "BranchError", cause: "branch broke")
    }
}

@Suite struct ParallelTests {
    @Test(.timeLimit(.minutes(1))) func resultsAreInBranchOrderWhateverTheCompletionOrder() async throws {
        let signal = Signal()
        // Branch 0 finishes only after branch 1 has run.
        let result = try await execute(chain(#"""
            "P": {"Type": "Parallel", "Branches": [
                    {"StartAt": "A", "States": {"A": {"Type": "Task", "Resource": "arn:aws:states:::test:wait", "Parameters": {"b": 0}, "End": true}}},
                    {"StartAt": "B", "States": {"B": {"Type": "Task", "Resource": "arn:aws:states:::test:fire", "Parameters": {"b": 1}, "End": true}}},
                    {"StartAt": "C", "States": {"C": {"Type": "Pass", "Result": {"b": 2}, "End": true}}}],
                  "End": true}
            """#, startAt: "P"), tasks: ["arn:aws:states:::test:wait": WaitingTask(signal: signal), "arn:aws:states:::test:fire": FiringTask(signal: signal)])
        #expect(result.status == .succeeded)
        #expect(result.output == [["b": 0], ["b": 1], ["b": 2]])
    }

    @Test(.timeLimit(.minutes(1))) func everyBranchGetsTheParametersAndResultSelectorShapesTheArray() async throws {
        let result = try await execute(chain(#"""
            "P": {"Type": "Parallel", "InputPath": "$.in", "Parameters": {"v.$": "$.v"},
                  "Branches": [
                    {"StartAt": "A", "States": {"A": {"Type": "Pass", "End": true}}},
                    {"StartAt": "B", "States": {"B": {"Type": "Pass", "Parameters": {"twice.$": "States.MathAdd($.v, $.v)"}, "End": true}}}],
                  "ResultSelector": {"first.$": "$[0].v", "second.$": "$[1].twice"}, "ResultPath": "$.out", "End": true}
            """#, startAt: "P"), input: ["in": ["v": 4, "w": 0]])
        #expect(result.output == ["in": ["v": 4, "w": 0], "out": ["first": 4, "second": 8]])
    }

    @Test(.timeLimit(.minutes(1))) func failingBranchFailsTheStateWithItsErrorAndCancelsSiblings() async throws {
        let hanging = HangingTask(started: Signal())
        let result = try await execute(chain(#"""
            "P": {"Type": "Parallel", "Branches": [
                    {"StartAt": "H", "States": {"H": {"Type": "Task", "Resource": "arn:aws:states:::test:hang", "End": true}}},
                    {"StartAt": "F", "States": {"F": {"Type": "Task", "Resource": "arn:aws:states:::test:fail", "End": true}}}],
                  "End": true}
            """#, startAt: "P"), tasks: ["arn:aws:states:::test:hang": hanging, "arn:aws:states:::test:fail": FailAfterSignalTask(signal: hanging.started!)], history: true)
        #expect(result.status == .failed)
        #expect(result.error == "BranchError")
        #expect(result.cause == "branch broke")
        #expect(hanging.cancelled.isSet, "the sibling branch's task did not observe cancellation")
        #expect(result.eventTypes.contains("ParallelStateFailed"))
        #expect(!result.eventTypes.contains("ParallelStateExited"))
        result.expectConsistentEventIDs()
    }

    @Test(.timeLimit(.minutes(1))) func failStateInABranchFailsTheParallel() async throws {
        let result = try await execute(chain(#"""
            "P": {"Type": "Parallel", "Branches": [
                    {"StartAt": "A", "States": {"A": {"Type": "Pass", "End": true}}},
                    {"StartAt": "F", "States": {"F": {"Type": "Fail", "Error": "FailureType", "Cause": "why"}}}],
                  "End": true}
            """#, startAt: "P"))
        #expect(result.error == "FailureType")
        #expect(result.cause == "why")
    }

    @Test(.timeLimit(.minutes(1))) func retryRerunsEveryBranch() async throws {
        let log = CallLog()
        let clock = VirtualExecutionClock(start: epoch)
        let task = ScriptedTask(log: log, clock: clock, failures: [StatesError(error: "Flaky", cause: "")], result: "ok")
        let result = try await execute(chain(#"""
            "P": {"Type": "Parallel", "Branches": [
                    {"StartAt": "T", "States": {"T": {"Type": "Task", "Resource": "arn:aws:states:::test:t", "End": true}}}],
                  "Retry": [{"ErrorEquals": ["Flaky"], "IntervalSeconds": 4}], "End": true}
            """#, startAt: "P"), tasks: ["arn:aws:states:::test:t": task], clock: clock)
        #expect(result.output == ["ok"])
        #expect(log.count == 2)
        #expect(abs(elapsed(clock) - 4) < 0.001)
    }

    @Test(.timeLimit(.minutes(1))) func nestedParallel() async throws {
        let result = try await execute(chain(#"""
            "P": {"Type": "Parallel", "Branches": [{"StartAt": "Q", "States": {
                    "Q": {"Type": "Parallel", "Branches": [{"StartAt": "X", "States": {"X": {"Type": "Pass", "End": true}}}], "End": true}}}],
                  "End": true}
            """#, startAt: "P"), input: [1, 2])
        #expect(result.output == [[[1, 2]]])
    }
}

@Suite struct MapTests {
    @Test(.timeLimit(.minutes(1))) func mapsItemsPathKeepingOrder() async throws {
        let result = try await execute(chain(#"""
            "M": {"Type": "Map", "ItemsPath": "$.items",
                  "ItemProcessor": {"ProcessorConfig": {"Mode": "INLINE"}, "StartAt": "D", "States": {
                    "D": {"Type": "Pass", "Parameters": {"double.$": "States.MathAdd($, $)"}, "End": true}}},
                  "ResultPath": "$.out", "End": true}
            """#, startAt: "M"), input: ["items": [1, 2, 3, 4, 5]])
        #expect(result.output == ["items": [1, 2, 3, 4, 5], "out": [["double": 2], ["double": 4], ["double": 6], ["double": 8], ["double": 10]]])
    }

    @Test(.timeLimit(.minutes(1))) func itemSelectorSeesMapItemIndexAndValueAndTheStateInput() async throws {
        let result = try await execute(chain(#"""
            "M": {"Type": "Map", "ItemsPath": "$.items",
                  "ItemSelector": {"index.$": "$$.Map.Item.Index", "value.$": "$$.Map.Item.Value", "tag.$": "$.tag"},
                  "ItemProcessor": {"StartAt": "P", "States": {"P": {"Type": "Pass", "End": true}}}, "End": true}
            """#, startAt: "M"), input: ["items": ["a", ["b": 1]], "tag": "t"])
        #expect(result.output == [["index": 0, "value": "a", "tag": "t"], ["index": 1, "value": ["b": 1], "tag": "t"]])
    }

    @Test(.timeLimit(.minutes(1))) func legacyIteratorAndParametersStillWork() async throws {
        let result = try await execute(chain(#"""
            "M": {"Type": "Map", "Parameters": {"i.$": "$$.Map.Item.Index"},
                  "Iterator": {"StartAt": "P", "States": {"P": {"Type": "Pass", "End": true}}}, "End": true}
            """#, startAt: "M"), input: ["x", "y"])
        #expect(result.output == [["i": 0], ["i": 1]])
    }

    @Test(.timeLimit(.minutes(1))) func emptyArrayGivesEmptyResult() async throws {
        let result = try await execute(chain(#"""
            "M": {"Type": "Map", "ItemProcessor": {"StartAt": "P", "States": {"P": {"Type": "Pass", "End": true}}}, "End": true}
            """#, startAt: "M"), input: [])
        #expect(result.output == [])
    }

    @Test(.timeLimit(.minutes(1)), arguments: [(["a": 1] as JSONValue), "s", 3, .null])
    func itemsThatAreNotAnArrayAreRuntimeError(items: JSONValue) async throws {
        let result = try await execute(chain(#"""
            "M": {"Type": "Map", "ItemsPath": "$.items",
                  "ItemProcessor": {"StartAt": "P", "States": {"P": {"Type": "Pass", "End": true}}}, "End": true}
            """#, startAt: "M"), input: ["items": items])
        #expect(result.status == .failed)
        #expect(result.error == "States.Runtime")
        #expect(result.cause?.contains("Map state input must be an array") == true)
    }

    @Test(.timeLimit(.minutes(1)), arguments: [(#""MaxConcurrency": 1"#, 1), (#""MaxConcurrency": 3"#, 3),
                                                (#""MaxConcurrency": 0"#, 8), (#""MaxConcurrencyPath": "$.mc""#, 2)])
    func maxConcurrencyIsHonoured(field: String, expectedPeak: Int) async throws {
        let gauge = Gauge()
        let result = try await execute(chain(#"""
            "M": {"Type": "Map", "ItemsPath": "$.items", \#(field),
                  "ItemProcessor": {"StartAt": "T", "States": {"T": {"Type": "Task", "Resource": "arn:aws:states:::test:track", "End": true}}}, "End": true}
            """#, startAt: "M"), input: ["items": [0, 1, 2, 3, 4, 5, 6, 7], "mc": 2], tasks: ["arn:aws:states:::test:track": TrackingTask(gauge: gauge)])
        #expect(result.output == [0, 1, 2, 3, 4, 5, 6, 7])
        #expect(gauge.total == 8)
        #expect(gauge.peak <= expectedPeak, "\(gauge.peak) calls ran at once")
        #expect(gauge.peak == expectedPeak, "\(gauge.peak) calls ran at once")
    }

    struct ToleranceCase: Sendable, CustomTestStringConvertible {
        var field: String
        var failing: Set<Int>
        var tolerated: Bool
        var testDescription: String { "\(field) with \(failing.sorted()) failing" }
    }

    @Test(.timeLimit(.minutes(1)), arguments: [
        ToleranceCase(field: #""ToleratedFailureCount": 1"#, failing: [1], tolerated: true),
        ToleranceCase(field: #""ToleratedFailureCount": 1"#, failing: [1, 3], tolerated: false),
        ToleranceCase(field: #""ToleratedFailureCount": 0"#, failing: [2], tolerated: false),
        ToleranceCase(field: #""ToleratedFailureCount": 0"#, failing: [], tolerated: true),
        ToleranceCase(field: #""ToleratedFailurePercentage": 25"#, failing: [0], tolerated: true),
        ToleranceCase(field: #""ToleratedFailurePercentage": 25"#, failing: [0, 1], tolerated: false),
        ToleranceCase(field: #""ToleratedFailurePercentage": 50"#, failing: [0, 1], tolerated: true),
        ToleranceCase(field: #""ToleratedFailurePercentage": 100"#, failing: [0, 1, 2, 3], tolerated: true),
        ToleranceCase(field: #""ToleratedFailureCountPath": "$.n""#, failing: [0, 1], tolerated: true),
        ToleranceCase(field: #""ToleratedFailureCount": 1, "ToleratedFailurePercentage": 50"#, failing: [0, 1], tolerated: true),
    ])
    func toleratedFailures(_ c: ToleranceCase) async throws {
        let failing = c.failing
        let task = FakeTask { request throws(StatesError) in
            if let i = request.input.intValue, failing.contains(i) { throw StatesError(error: "ItemError", cause: "item \(i)") }
            return request.input
        }
        let result = try await execute(chain(#"""
            "M": {"Type": "Map", "ItemsPath": "$.items", "MaxConcurrency": 1, \#(c.field),
                  "ItemProcessor": {"StartAt": "T", "States": {"T": {"Type": "Task", "Resource": "arn:aws:states:::test:t", "End": true}}}, "End": true}
            """#, startAt: "M"), input: ["items": [0, 1, 2, 3], "n": 2], tasks: ["arn:aws:states:::test:t": task])
        if c.tolerated {
            #expect(result.status == .succeeded)
            let output = try #require(result.output?.arrayValue)
            #expect(output.count == 4)
            for i in 0..<4 where !failing.contains(i) { #expect(output[i] == .integer(i)) }
        } else {
            #expect(result.status == .failed)
            #expect(result.error == "States.ExceedToleratedFailureThreshold")
        }
    }

    @Test(.timeLimit(.minutes(1))) func withoutToleranceTheFirstFailureFailsTheMapAndStopsTheRest() async throws {
        let calls = CallLog()
        let clock = VirtualExecutionClock(start: epoch)
        let task = FakeTask { request throws(StatesError) in
            _ = calls.record(request, at: clock.now())
            if request.input == 2 { throw StatesError(error: "ItemError", cause: "item 2") }
            return request.input
        }
        let result = try await execute(chain(#"""
            "M": {"Type": "Map", "MaxConcurrency": 1,
                  "ItemProcessor": {"StartAt": "T", "States": {"T": {"Type": "Task", "Resource": "arn:aws:states:::test:t", "End": true}}}, "End": true}
            """#, startAt: "M"), input: [0, 1, 2, 3, 4, 5], tasks: ["arn:aws:states:::test:t": task], clock: clock)
        #expect(result.error == "ItemError")
        #expect(result.cause == "item 2")
        #expect(calls.count == 3, "items after the failure still ran")
    }

    @Test(.timeLimit(.minutes(1))) func failingIterationCancelsRunningIterations() async throws {
        let hanging = HangingTask(started: Signal())
        let result = try await execute(chain(#"""
            "M": {"Type": "Map",
                  "ItemProcessor": {"StartAt": "C", "States": {
                    "C": {"Type": "Choice", "Choices": [{"Variable": "$", "NumericEquals": 0, "Next": "H"}], "Default": "F"},
                    "H": {"Type": "Task", "Resource": "arn:aws:states:::test:hang", "End": true},
                    "F": {"Type": "Task", "Resource": "arn:aws:states:::test:fail", "End": true}}}, "End": true}
            """#, startAt: "M"), input: [0, 1], tasks: ["arn:aws:states:::test:hang": hanging, "arn:aws:states:::test:fail": FailAfterSignalTask(signal: hanging.started!)])
        #expect(result.error == "BranchError")
        #expect(hanging.cancelled.isSet)
    }

    @Test(.timeLimit(.minutes(1))) func itemBatcherGroupsItemsWithBatchInput() async throws {
        let result = try await execute(chain(#"""
            "M": {"Type": "Map", "ItemBatcher": {"MaxItemsPerBatch": 2, "BatchInput": {"k": "v"}},
                  "ItemProcessor": {"StartAt": "P", "States": {"P": {"Type": "Pass", "End": true}}}, "End": true}
            """#, startAt: "M"), input: [1, 2, 3, 4, 5])
        #expect(result.output == [["k": "v", "Items": [1, 2]], ["k": "v", "Items": [3, 4]], ["k": "v", "Items": [5]]])
    }

    @Test(.timeLimit(.minutes(1))) func itemBatcherWithItemSelector() async throws {
        let result = try await execute(chain(#"""
            "M": {"Type": "Map", "ItemSelector": {"i.$": "$$.Map.Item.Index"}, "ItemBatcher": {"MaxItemsPerBatch": 3},
                  "ItemProcessor": {"StartAt": "P", "States": {"P": {"Type": "Pass", "End": true}}}, "End": true}
            """#, startAt: "M"), input: ["a", "b", "c", "d"])
        #expect(result.output == [["Items": [["i": 0], ["i": 1], ["i": 2]]], ["Items": [["i": 3]]]])
    }

    @Test(.timeLimit(.minutes(1))) func itemBatcherMaxItemsPerBatchPath() async throws {
        let result = try await execute(chain(#"""
            "M": {"Type": "Map", "ItemsPath": "$.items", "ItemBatcher": {"MaxItemsPerBatchPath": "$.size"},
                  "ItemProcessor": {"StartAt": "P", "States": {"P": {"Type": "Pass", "End": true}}}, "End": true}
            """#, startAt: "M"), input: ["items": [1, 2, 3], "size": 2])
        #expect(result.output == [["Items": [1, 2]], ["Items": [3]]])

    }

    @Test(.timeLimit(.minutes(1))) func itemBatcherBatchInputIsAPayloadTemplate() async throws {
        let result = try await execute(chain(#"""
            "M": {"Type": "Map", "ItemsPath": "$.items", "ItemBatcher": {"MaxItemsPerBatch": 5, "BatchInput": {"tag.$": "$.tag"}},
                  "ItemProcessor": {"StartAt": "P", "States": {"P": {"Type": "Pass", "End": true}}}, "End": true}
            """#, startAt: "M"), input: ["items": [1, 2], "tag": "t"])
        #expect(result.output == [["tag": "t", "Items": [1, 2]]])

    }
}
