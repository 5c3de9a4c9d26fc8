import Foundation
import JSONValue
import StatesEngine
import StatesLanguage
import Synchronization
import Testing

// MARK: - An in-memory journal

/// The error ``InMemoryJournal`` throws when told to fail.
struct SimulatedCrash: Error, CustomStringConvertible {
    var commit: Int
    var description: String { "simulated crash at commit \(commit)" }
}

/// Keeps what was committed; can fail (throw) at a given commit and run a hook after each commit.
final class InMemoryJournal: ExecutionJournal {
    struct Committed: Sendable {
        var events: [HistoryEvent] = []
        var checkpoints: [Checkpoint] = []
        /// Successful commits.
        var commits = 0
        /// Calls, including failed ones.
        var calls = 0
        /// Commits whose first event id did not follow the previous commit's last.
        var gaps: [String] = []
    }

    private let state: Mutex<Committed>
    private let isCommitting = Atomic<Bool>(false)
    private let overlapCount = Atomic<Int>(0)
    /// The call (1-based) that throws instead of committing.
    let failingCall: Int?
    /// Throws instead of committing when this holds for what is already committed.
    let failsWhen: (@Sendable (Committed) -> Bool)?
    /// Runs after each successful commit, with what it committed (it may wait, holding up the run).
    let afterCommit: (@Sendable ([HistoryEvent], [Checkpoint]) async -> Void)?

    init(continuing earlier: InMemoryJournal? = nil, failingCall: Int? = nil,
         failsWhen: (@Sendable (Committed) -> Bool)? = nil,
         afterCommit: (@Sendable ([HistoryEvent], [Checkpoint]) async -> Void)? = nil)
    {
        var start = Committed()
        if let earlier {
            let committed = earlier.committed
            start.events = committed.events
            start.checkpoints = committed.checkpoints
        }
        state = Mutex(start)
        self.failingCall = failingCall
        self.failsWhen = failsWhen
        self.afterCommit = afterCommit
    }

    func commit(events: [HistoryEvent], checkpoints: [Checkpoint]) async throws {
        if isCommitting.exchange(true, ordering: .acquiringAndReleasing) { overlapCount.add(1, ordering: .relaxed) }
        defer { isCommitting.store(false, ordering: .releasing) }
        // Give a concurrent commit, if there were one, the chance to show.
        await Task.yield()
        let failing = failsWhen
        try state.withLock { state in
            state.calls += 1
            if state.calls == failingCall || failing?(state) == true { throw SimulatedCrash(commit: state.calls) }
            let last = state.events.last?.id ?? 0
            if let first = events.first, first.id != last + 1 { state.gaps.append("\(last) -> \(first.id)") }
            for (previous, event) in zip(events, events.dropFirst()) where event.id != previous.id + 1 {
                state.gaps.append("\(previous.id) -> \(event.id)")
            }
            state.events += events
            state.checkpoints += checkpoints
            state.commits += 1
        }
        await afterCommit?(events, checkpoints)
    }

    var committed: Committed { state.withLock { $0 } }
    /// How often a commit started while another was under way.
    var overlaps: Int { overlapCount.load(ordering: .relaxed) }
    var checkpointKeys: Set<String> { Set(committed.checkpoints.map(\.key)) }

    /// What a store would hand the engine to continue the execution.
    func resumption(redriveCount: Int = 0) -> Resumption {
        let committed = self.committed
        return Resumption(checkpoints: committed.checkpoints, lastEventID: committed.events.last?.id ?? 0,
                          startTime: committed.events.first?.timestamp ?? epoch, redriveCount: redriveCount)
    }
}

/// Counts calls per item (`$.n`) and returns `{"n", "double"}`.
final class CountingTask: TaskHandler {
    private let counts = Mutex<[Int: Int]>([:])

    func invoke(_ request: TaskRequest) async throws(StatesError) -> JSONValue {
        let n = request.input["n"]?.intValue ?? -1
        counts.withLock { $0[n, default: 0] += 1 }
        await Task.yield()
        return ["n": .integer(n), "double": .integer(2 * n)]
    }

    var snapshot: [Int: Int] { counts.withLock { $0 } }
    var total: Int { snapshot.values.reduce(0, +) }
}

/// Runs `definition` durably with a virtual clock and the history kept.
func runDurably(_ definition: String, input: JSONValue = [:], journal: InMemoryJournal?, resumption: Resumption? = nil,
                tasks: [String: any TaskHandler] = [:], clock: VirtualExecutionClock = VirtualExecutionClock(start: epoch))
    async throws -> ExecutionResult
{
    var registry = TaskRegistry()
    for (resource, handler) in tasks { registry.register(resource, handler) }
    let configuration = ExecutionConfiguration(executionName: "durable", stateMachineName: "TestMachine", tasks: registry,
                                               clock: clock, recordsHistory: true, journal: journal,
                                               resumption: resumption)
    return try await Executor.runDurably(machine(definition), input: input, configuration: configuration)
}

/// Expects `body` to throw ``JournalError``.
func expectJournalError(sourceLocation: SourceLocation = #_sourceLocation,
                        _ body: () async throws -> ExecutionResult) async
{
    do {
        let result = try await body()
        Issue.record("expected a journal error, got \(result.status)", sourceLocation: sourceLocation)
    } catch let error as JournalError {
        #expect(error.description.hasPrefix("journal commit failed: simulated crash"), sourceLocation: sourceLocation)
    } catch {
        Issue.record("expected a journal error, got \(error)", sourceLocation: sourceLocation)
    }
}

let terminalTypes: Set<String> = ["ExecutionSucceeded", "ExecutionFailed", "ExecutionTimedOut", "ExecutionAborted"]

// MARK: - Machines

/// A Map over `$.items` whose iterations call the counting task.
let countingMap = chain(#"""
    "Process": {"Type": "Map", "ItemsPath": "$.items", "MaxConcurrency": 10,
                "ItemSelector": {"n.$": "$$.Map.Item.Value"},
                "ItemProcessor": {"StartAt": "Work", "States": {
                    "Work": {"Type": "Task", "Resource": "arn:aws:states:::test:count", "Next": "Tidy"},
                    "Tidy": {"Type": "Pass", "Parameters": {"n.$": "$.n", "d.$": "$.double"}, "End": true}}},
                "ResultPath": "$.results", "Next": "Done"},
    "Done": {"Type": "Pass", "Parameters": {"results.$": "$.results"}, "End": true}
    """#, startAt: "Process")

/// Pass → Task → Wait → Choice loop (three passes) → Succeed.
let loopingMachine = chain(#"""
    "Init": {"Type": "Pass", "Result": {"i": 0}, "Next": "Inc"},
    "Inc": {"Type": "Task", "Resource": "arn:aws:states:::test:inc", "Next": "Pause"},
    "Pause": {"Type": "Wait", "Seconds": 10, "Next": "Loop"},
    "Loop": {"Type": "Choice", "Choices": [{"Variable": "$.i", "NumericLessThan": 3, "Next": "Inc"}], "Default": "Done"},
    "Done": {"Type": "Succeed"}
    """#, startAt: "Init")

/// Adds one to `$.i`, counting its calls.
final class IncrementTask: TaskHandler {
    private let calls = Mutex(0)
    func invoke(_ request: TaskRequest) async throws(StatesError) -> JSONValue {
        calls.withLock { $0 += 1 }
        return ["i": .integer((request.input["i"]?.intValue ?? 0) + 1)]
    }
    var count: Int { calls.withLock { $0 } }
}

// MARK: - Tests

@Suite struct JournalTests {
    @Test(.timeLimit(.minutes(1))) func everyEventIsCommittedOnceInOrderWithACheckpointPerStep() async throws {
        let journal = InMemoryJournal()
        let items: [JSONValue] = (0..<20).map { .integer($0) }
        let result = try await runDurably(countingMap, input: ["items": .array(items)], journal: journal,
                                          tasks: ["arn:aws:states:::test:count": CountingTask()])
        #expect(result.status == .succeeded)
        result.expectConsistentEventIDs()
        let committed = journal.committed
        #expect(journal.overlaps == 0)
        #expect(committed.gaps.isEmpty)
        // Every event was committed, in id order, the terminal one last.
        #expect(committed.events.map(\.id) == result.events.map(\.id))
        #expect(committed.events.map(\.type) == result.eventTypes)
        #expect(committed.events.last?.type == "ExecutionSucceeded")
        // A checkpoint per state, per iteration, per state inside each iteration; each after its event.
        var expected: Set<String> = ["Process#1", "Done#1"]
        for i in 0..<20 {
            expected.formUnion(["Process#1[\(i)]", "Process#1[\(i)]/Work#1", "Process#1[\(i)]/Tidy#1"])
        }
        #expect(journal.checkpointKeys == expected)
        #expect(committed.checkpoints.count == expected.count)
        let byID = Dictionary(uniqueKeysWithValues: committed.events.map { ($0.id, $0.type) })
        for checkpoint in committed.checkpoints {
            let type = byID[checkpoint.lastEventID] ?? "missing"
            #expect(type.hasSuffix("StateExited") || type == "MapIterationSucceeded", "\(checkpoint.key): \(type)")
        }
        let iteration = try #require(committed.checkpoints.first { $0.key == "Process#1[7]" })
        #expect(iteration.output == ["n": 7, "d": 14])
        #expect(iteration.next == nil && iteration.variables.isEmpty)
        let process = try #require(committed.checkpoints.first { $0.key == "Process#1" })
        #expect(process.next == "Done")
    }

    @Test(.timeLimit(.minutes(1))) func keysNameThreadStateAndVisit() async throws {
        let journal = InMemoryJournal()
        let result = try await runDurably(chain(#"""
            "Count": {"Type": "Pass", "Parameters": {"i.$": "States.MathAdd($.i, 1)", "list.$": "$.list"}, "Next": "Loop"},
            "Loop": {"Type": "Choice", "Choices": [{"Variable": "$.i", "NumericLessThan": 2, "Next": "Count"}], "Default": "Fan"},
            "Fan": {"Type": "Parallel", "End": true, "Branches": [
                {"StartAt": "A", "States": {"A": {"Type": "Pass", "End": true}}},
                {"StartAt": "M", "States": {"M": {"Type": "Map", "ItemsPath": "$.list", "End": true,
                    "ItemProcessor": {"StartAt": "B", "States": {"B": {"Type": "Pass", "End": true}}}}}}]}
            """#, startAt: "Count"), input: ["i": 0, "list": [1, 2]], journal: journal)
        #expect(result.status == .succeeded)
        #expect(journal.checkpointKeys == [
            "Count#1", "Loop#1", "Count#2", "Loop#2", "Fan#1", "Fan#1{0}", "Fan#1{0}/A#1", "Fan#1{1}", "Fan#1{1}/M#1",
            "Fan#1{1}/M#1[0]", "Fan#1{1}/M#1[0]/B#1", "Fan#1{1}/M#1[1]", "Fan#1{1}/M#1[1]/B#1",
        ])
        #expect(journal.committed.checkpoints.first { $0.key == "Loop#1" }?.next == "Count")
    }

    @Test(.timeLimit(.minutes(2))) func aMapCrashedHalfwayResumesWithoutRedoingFinishedItems() async throws {
        let items: [JSONValue] = (0..<100).map { .integer($0) }
        let input: JSONValue = ["items": .array(items)]
        let expected = try await execute(countingMap, input: input,
                                         tasks: ["arn:aws:states:::test:count": CountingTask()])
        #expect(expected.status == .succeeded)

        // The crash: the commit after half of the iterations finished fails.
        let task = CountingTask()
        let crashed = InMemoryJournal(failsWhen: { committed in
            committed.checkpoints.count { $0.key.hasSuffix("]") } >= 50
        })
        await expectJournalError {
            try await runDurably(countingMap, input: input, journal: crashed, tasks: ["arn:aws:states:::test:count": task])
        }
        let before = task.snapshot
        let committed = crashed.committed
        #expect(!committed.events.contains { terminalTypes.contains($0.type) })
        let finished = Set((0..<100).filter { i in
            crashed.checkpointKeys.contains("Process#1[\(i)]") || crashed.checkpointKeys.contains("Process#1[\(i)]/Work#1")
        })
        #expect(finished.count >= 50 && finished.count < 100)

        // The restart: continue from what the journal had committed.
        let resumption = crashed.resumption()
        let journal = InMemoryJournal(continuing: crashed)
        let result = try await runDurably(countingMap, input: input, journal: journal, resumption: resumption,
                                          tasks: ["arn:aws:states:::test:count": task])
        #expect(result.status == .succeeded)
        #expect(result.output == expected.output)
        let after = task.snapshot
        for i in 0..<100 {
            #expect((after[i] ?? 0) >= 1, "item \(i) never ran")
            if finished.contains(i) { #expect(after[i] == before[i], "finished item \(i) ran again") }
        }
        #expect(task.total <= 100 + 10)
        // The history continues where the committed one ended, with no gap.
        #expect(result.events.first?.id == resumption.lastEventID + 1)
        #expect(!result.eventTypes.contains("ExecutionStarted"))
        #expect(journal.committed.gaps.isEmpty)
        #expect(journal.committed.events.map(\.id) == Array(1...journal.committed.events.count))
        #expect(journal.committed.events.last?.type == "ExecutionSucceeded")
        #expect(journal.overlaps == 0 && crashed.overlaps == 0)
    }

    @Test(.timeLimit(.minutes(1))) func nestedMapsResumeInsideUnfinishedIterations() async throws {
        let definition = chain(#"""
            "Outer": {"Type": "Map", "MaxConcurrency": 2, "End": true,
                      "ItemProcessor": {"StartAt": "Inner", "States": {
                          "Inner": {"Type": "Map", "MaxConcurrency": 3, "ItemSelector": {"n.$": "$$.Map.Item.Value"}, "End": true,
                                    "ItemProcessor": {"StartAt": "Work", "States": {
                                        "Work": {"Type": "Task", "Resource": "arn:aws:states:::test:count", "End": true}}}}}}}
            """#, startAt: "Outer")
        let input: JSONValue = .array((0..<4).map { outer in .array((0..<5).map { .integer(outer * 10 + $0) }) })
        let expected = try await execute(definition, input: input, tasks: ["arn:aws:states:::test:count": CountingTask()])
        #expect(expected.status == .succeeded)

        let task = CountingTask()
        let crashed = InMemoryJournal(failsWhen: { committed in
            committed.checkpoints.count { $0.key.hasSuffix("/Work#1") } >= 8
        })
        await expectJournalError {
            try await runDurably(definition, input: input, journal: crashed, tasks: ["arn:aws:states:::test:count": task])
        }
        let before = task.snapshot
        let done = crashed.checkpointKeys.filter { $0.hasSuffix("/Work#1") }
        #expect(done.allSatisfy { $0.hasPrefix("Outer#1[") && $0.contains("]/Inner#1[") })
        let result = try await runDurably(definition, input: input, journal: InMemoryJournal(continuing: crashed),
                                          resumption: crashed.resumption(), tasks: ["arn:aws:states:::test:count": task])
        #expect(result.status == .succeeded)
        #expect(result.output == expected.output)
        let after = task.snapshot
        for key in done {
            // "Outer#1[o]/Inner#1[i]/Work#1" ran item o * 10 + i.
            let digits = key.split { !$0.isNumber }.compactMap { Int($0) }
            let n = digits[1] * 10 + digits[3]
            #expect(after[n] == before[n], "\(key) ran again")
        }
        #expect(after.count == 20 && after.values.allSatisfy { $0 >= 1 })
    }

    @Test(.timeLimit(.minutes(2))) func aSequentialMachineCrashedAtAnyCommitResumesToTheSameOutput() async throws {
        let reference = InMemoryJournal()
        let uninterrupted = try await runDurably(loopingMachine, journal: reference,
                                                 tasks: ["arn:aws:states:::test:inc": IncrementTask()])
        #expect(uninterrupted.status == .succeeded)
        #expect(uninterrupted.output == ["i": 3])
        let commits = reference.committed.commits
        #expect(commits > 10)
        #expect(reference.committed.events.map(\.id) == uninterrupted.events.map(\.id))

        for crashAt in 1...commits {
            let task = IncrementTask()
            let crashed = InMemoryJournal(failingCall: crashAt)
            await expectJournalError {
                try await runDurably(loopingMachine, journal: crashed, tasks: ["arn:aws:states:::test:inc": task])
            }
            let keys = crashed.checkpointKeys
            let callsBefore = task.count
            let clock = VirtualExecutionClock(start: epoch.addingTimeInterval(1000))
            let journal = InMemoryJournal(continuing: crashed)
            let result = try await runDurably(loopingMachine, journal: journal, resumption: crashed.resumption(),
                                              tasks: ["arn:aws:states:::test:inc": task], clock: clock)
            #expect(result.status == .succeeded, "crash at \(crashAt)")
            #expect(result.output == ["i": 3], "crash at \(crashAt)")
            // Replayed steps neither call the task nor wait.
            let replayedIncs = (1...3).count { keys.contains("Inc#\($0)") }
            let replayedWaits = (1...3).count { keys.contains("Pause#\($0)") }
            #expect(task.count - callsBefore == 3 - replayedIncs, "crash at \(crashAt)")
            #expect(elapsed(clock) - 1000 == Double(10 * (3 - replayedWaits)), "crash at \(crashAt)")
            #expect(journal.committed.gaps.isEmpty, "crash at \(crashAt)")
            #expect(journal.committed.events.last?.type == "ExecutionSucceeded")
            #expect(journal.committed.events.count { $0.type == "ExecutionStarted" } == 1)
        }
    }

    @Test(.timeLimit(.minutes(1))) func aFinishedParallelBranchIsNotRunAgain() async throws {
        let branchZeroCommitted = Signal()
        let aCalls = CallLog(), bCalls = CallLog()
        let clock = VirtualExecutionClock(start: epoch)
        let tasks: [String: any TaskHandler] = [
            "arn:aws:states:::test:a": ScriptedTask(log: aCalls, clock: clock, failures: [], result: "a"),
            "arn:aws:states:::test:b": BranchOneTask(log: bCalls, clock: clock, after: branchZeroCommitted),
        ]
        let definition = chain(#"""
            "Fan": {"Type": "Parallel", "End": true, "Branches": [
                {"StartAt": "A", "States": {"A": {"Type": "Task", "Resource": "arn:aws:states:::test:a", "End": true}}},
                {"StartAt": "B", "States": {"B": {"Type": "Task", "Resource": "arn:aws:states:::test:b", "End": true}}}]}
            """#, startAt: "Fan")
        let first = InMemoryJournal(afterCommit: { _, checkpoints in
            if checkpoints.contains(where: { $0.key == "Fan#1{0}" }) { branchZeroCommitted.fire() }
        })
        let failed = try await runDurably(definition, journal: first, tasks: tasks, clock: clock)
        #expect(failed.status == .failed)
        #expect(failed.error == "Test.Boom")
        #expect(first.checkpointKeys == ["Fan#1{0}/A#1", "Fan#1{0}"])

        let second = InMemoryJournal(continuing: first)
        let result = try await runDurably(definition, journal: second, resumption: first.resumption(redriveCount: 1),
                                          tasks: tasks, clock: clock)
        #expect(result.status == .succeeded)
        #expect(result.output == ["a", "b"])
        #expect(aCalls.count == 1)
        #expect(bCalls.count == 2)
        // The Parallel state runs again, branch 1 only.
        #expect(result.eventTypes == ["ParallelStateEntered", "ParallelStateStarted", "TaskStateEntered", "TaskScheduled",
                                      "TaskStarted", "TaskSucceeded", "TaskStateExited",
                                      "ParallelStateExited", "ExecutionSucceeded"])
        #expect(second.committed.gaps.isEmpty)
    }

    @Test(.timeLimit(.minutes(1)), arguments: [
        // JSONPath
        chain(#"""
            "A": {"Type": "Pass", "Result": {"v": 42}, "Assign": {"x.$": "$.v", "y": "fixed"}, "Next": "B"},
            "B": {"Type": "Task", "Resource": "arn:aws:states:::test:inc", "Next": "C"},
            "C": {"Type": "Pass", "Parameters": {"x.$": "$x", "y.$": "$y"}, "End": true}
            """#, startAt: "A"),
        // JSONata
        chain(#"""
            "A": {"Type": "Pass", "Assign": {"x": "{% 40 + 2 %}", "y": "fixed"}, "Next": "B"},
            "B": {"Type": "Task", "Resource": "arn:aws:states:::test:inc", "Next": "C"},
            "C": {"Type": "Pass", "Output": {"x": "{% $x %}", "y": "{% $y %}"}, "End": true}
            """#, startAt: "A", extra: #""QueryLanguage": "JSONata","#),
    ])
    func assignedVariablesAreRestoredOnReplay(definition: String) async throws {
        // Commits: 1 ExecutionStarted + A entered, 2 A exited with its checkpoint, 3 B entered (fails).
        let crashed = InMemoryJournal(failingCall: 3)
        await expectJournalError {
            try await runDurably(definition, journal: crashed, tasks: ["arn:aws:states:::test:inc": IncrementTask()])
        }
        #expect(crashed.checkpointKeys == ["A#1"])
        #expect(crashed.committed.checkpoints.first?.variables == ["x": 42, "y": "fixed"])
        let result = try await runDurably(definition, journal: InMemoryJournal(continuing: crashed),
                                          resumption: crashed.resumption(),
                                          tasks: ["arn:aws:states:::test:inc": IncrementTask()])
        #expect(result.status == .succeeded)
        #expect(result.output == ["x": 42, "y": "fixed"])
        // A is not run again.
        #expect(result.events.first?.type == "TaskStateEntered")
        #expect(!result.eventTypes.contains("PassStateEntered") || result.eventTypes.count { $0 == "PassStateEntered" } == 1)
    }

    @Test(.timeLimit(.minutes(1))) func redrivingAFailedExecutionRerunsOnlyTheFailedState() async throws {
        let log = CallLog()
        let clock = VirtualExecutionClock(start: epoch)
        let flaky = ScriptedTask(log: log, clock: clock, failures: [StatesError(error: "Test.Flaky", cause: "first run")],
                                 result: "ok")
        let definition = chain(#"""
            "Prep": {"Type": "Pass", "Result": {"p": 1}, "Next": "Call"},
            "Call": {"Type": "Task", "Resource": "arn:aws:states:::test:flaky",
                     "Parameters": {"rc.$": "$$.Execution.RedriveCount", "start.$": "$$.Execution.StartTime", "p.$": "$.p"},
                     "ResultPath": "$.result", "Next": "Done"},
            "Done": {"Type": "Succeed"}
            """#, startAt: "Prep")
        let journal = InMemoryJournal()
        let failed = try await runDurably(definition, journal: journal, tasks: ["arn:aws:states:::test:flaky": flaky],
                                          clock: clock)
        #expect(failed.status == .failed)
        #expect(failed.error == "Test.Flaky")
        #expect(journal.committed.events.last?.type == "ExecutionFailed")
        #expect(journal.checkpointKeys == ["Prep#1"])

        let later = VirtualExecutionClock(start: epoch.addingTimeInterval(3600))
        let redriven = InMemoryJournal(continuing: journal)
        let result = try await runDurably(definition, journal: redriven, resumption: journal.resumption(redriveCount: 1),
                                          tasks: ["arn:aws:states:::test:flaky": flaky], clock: later)
        #expect(result.status == .succeeded)
        #expect(result.output == ["p": 1, "result": "ok"])
        #expect(log.count == 2)
        let second = try #require(log.requests.last)
        #expect(second.input["rc"] == 1)
        #expect(second.input["start"] == "2023-11-14T22:13:20.000Z")
        #expect(second.context["Execution"]?["RedriveCount"] == 1)
        // Only the failed state ran again.
        #expect(!result.eventTypes.contains("PassStateEntered"))
        #expect(result.events.first?.type == "TaskStateEntered")
        #expect(result.events.first?.id == (journal.committed.events.last?.id ?? 0) + 1)
        #expect(redriven.committed.gaps.isEmpty)
        #expect(redriven.checkpointKeys == ["Prep#1", "Call#1", "Done#1"])
    }

    @Test(.timeLimit(.minutes(1))) func aJournalFailureIsNeitherCaughtNorTolerated() async throws {
        // A Map that tolerates every failed iteration and catches everything, with a task that retries and
        // catches everything: none of it may swallow the failed commit.
        let definition = chain(#"""
            "Process": {"Type": "Map", "ItemsPath": "$.items", "ToleratedFailurePercentage": 100,
                        "ItemSelector": {"n.$": "$$.Map.Item.Value"},
                        "ItemProcessor": {"StartAt": "Work", "States": {
                            "Work": {"Type": "Task", "Resource": "arn:aws:states:::test:count", "End": true,
                                     "Retry": [{"ErrorEquals": ["States.ALL"], "MaxAttempts": 3}],
                                     "Catch": [{"ErrorEquals": ["States.ALL"], "Next": "Caught"}]},
                            "Caught": {"Type": "Pass", "End": true}}},
                        "Catch": [{"ErrorEquals": ["States.ALL"], "Next": "Rescued"}], "End": true},
            "Rescued": {"Type": "Pass", "End": true}
            """#, startAt: "Process")
        let items: [JSONValue] = (0..<10).map { .integer($0) }
        let journal = InMemoryJournal(failsWhen: { $0.checkpoints.count >= 3 })
        await expectJournalError {
            try await runDurably(definition, input: ["items": .array(items)], journal: journal,
                                 tasks: ["arn:aws:states:::test:count": CountingTask()])
        }
        let committed = journal.committed
        #expect(!committed.events.contains { terminalTypes.contains($0.type) })
        #expect(!journal.checkpointKeys.contains("Rescued#1"))
        #expect(committed.gaps.isEmpty)

        // Executor.run reports it as a stop, with nothing terminal in the journal either.
        let again = InMemoryJournal(failingCall: 2)
        var registry = TaskRegistry()
        registry.register("arn:aws:states:::test:count", CountingTask())
        let result = await Executor.run(try machine(definition), input: ["items": .array(items)],
                                        configuration: ExecutionConfiguration(tasks: registry, clock: VirtualExecutionClock(start: epoch),
                                                                              journal: again))
        #expect(result.status == .aborted)
        #expect(result.error == "Ferry.JournalFailed")
        #expect(result.cause == "journal commit failed: simulated crash at commit 2")
        #expect(again.committed.commits == 1)
    }

    @Test(.timeLimit(.minutes(1))) func cancellingADurableRunCommitsExecutionAborted() async throws {
        let started = Signal()
        let hanging = HangingTask(started: started)
        let journal = InMemoryJournal()
        let run = Task {
            try await runDurably(chain(#""T": {"Type": "Task", "Resource": "arn:aws:states:::test:hang", "End": true}"#,
                                       startAt: "T"),
                                 journal: journal, tasks: ["arn:aws:states:::test:hang": hanging])
        }
        await started.wait()
        run.cancel()
        let result = try await run.value
        #expect(result.status == .aborted)
        #expect(journal.committed.events.last?.type == "ExecutionAborted")
        #expect(journal.committed.gaps.isEmpty)
    }

    @Test(.timeLimit(.minutes(1))) func withoutAJournalRunDurablyIsRun() async throws {
        let result = try await runDurably(loopingMachine, journal: nil, tasks: ["arn:aws:states:::test:inc": IncrementTask()])
        let plain = try await execute(loopingMachine, tasks: ["arn:aws:states:::test:inc": IncrementTask()], history: true,
                                      name: "durable")
        #expect(result.output == plain.output)
        #expect(result.eventTypes == plain.eventTypes)
        #expect(result.events.map(\.previousEventId) == plain.events.map(\.previousEventId))
    }
}

/// Branch 1's task: waits until branch 0 is committed, then fails the first time and returns "b" after that.
struct BranchOneTask: TaskHandler {
    let log: CallLog
    let clock: VirtualExecutionClock
    let after: Signal

    func invoke(_ request: TaskRequest) async throws(StatesError) -> JSONValue {
        if log.count == 0 { await after.wait() }
        if log.record(request, at: clock.now()) == 1 { throw StatesError(error: "Test.Boom", cause: "first run") }
        return "b"
    }
}
