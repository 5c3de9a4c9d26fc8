import Foundation
import JSONValue
import StatesLanguage
import JSONata
import Synchronization

/// One running execution: the definition, the input, the history, and the interpreter that walks the graph.
///
/// Each thread of control (the top level, each Parallel branch, each Map iteration) carries its own
/// ``ThreadState``: its workflow variables, its last history event, and its Map item.
final class ExecutionRun: Sendable {
    let machine: StateMachine
    let input: JSONValue
    let configuration: ExecutionConfiguration
    let recorder: HistoryRecorder
    /// The journal and the checkpoints being replayed; nil unless the configuration has a journal or a resumption.
    let durable: DurableRun?
    let startTime: Date
    /// `$$.Execution` and `$$.StateMachine`, shared by every state.
    let baseContext: JSONObject
    /// ``baseContext`` converted for JSONata, member by member, on first use.
    let jsonataBaseContext = Mutex<[(String, JSONataValue)]?>(nil)

    init(machine: StateMachine, input: JSONValue, configuration: ExecutionConfiguration) {
        self.machine = machine
        self.input = input
        self.configuration = configuration
        if configuration.journal != nil || configuration.resumption != nil {
            durable = DurableRun(journal: configuration.journal, resumption: configuration.resumption,
                                 keepsHistory: configuration.recordsHistory)
        } else {
            durable = nil
        }
        self.recorder = HistoryRecorder(clock: configuration.clock, isEnabled: configuration.recordsHistory,
                                        durable: durable)
        self.startTime = configuration.resumption?.startTime ?? configuration.clock.now()
        baseContext = [
            "Execution": [
                "Id": .string(configuration.executionARN), "Input": input,
                "StartTime": .string(HistoryEvent.format(startTime)), "Name": .string(configuration.executionName),
                "RoleArn": .string(configuration.roleARN),
                "RedriveCount": .integer(configuration.resumption?.redriveCount ?? 0),
            ],
            "StateMachine": ["Id": .string(configuration.stateMachineARN), "Name": .string(configuration.stateMachineName)],
        ]
    }

    /// Per-thread-of-control state.
    struct ThreadState: Sendable {
        var variables: [String: JSONValue]
        var lastEvent: Int
        var mapItem: JSONObject?
        /// ``variables`` converted for JSONata, on first use.
        var convertedVariables = ConvertedVariables()
        /// Durable runs only: where the thread runs ("" at the top, `K[i]` for iteration i of the Map whose key is
        /// K, `K{b}` for branch b of a Parallel), the prefix of its checkpoint keys.
        var path = ""
        /// Durable runs only: how often each state was entered in this thread.
        var visits: [String: Int] = [:]

        /// Counts an entry into the state `name` and returns the entry's checkpoint key.
        mutating func enter(_ name: String) -> String {
            let visit = (visits[name] ?? 0) + 1
            visits[name] = visit
            return path.isEmpty ? "\(name)#\(visit)" : "\(path)/\(name)#\(visit)"
        }
    }

    /// Why an execution stopped early, other than a state error.
    enum Interruption: Error {
        case timedOut
    }

    /// Runs the execution to its end and records (and, when durable, commits) its terminal event.
    ///
    /// - Throws: ``JournalError`` when a commit failed; the execution then stopped without a terminal event.
    func start() async throws(JournalError) -> ExecutionResult {
        let started: Int
        if let resumption = configuration.resumption, resumption.lastEventID > 0 {
            started = resumption.lastEventID
        } else {
            started = recorder.record("ExecutionStarted", after: 0, "executionStartedEventDetails", [
                "input": input, "inputDetails": ["truncated": false], "roleArn": .string(configuration.roleARN),
            ])
        }
        let outcome: Result<JSONValue, Outcome>
        do {
            outcome = .success(try await runWithMachineTimeout(after: started))
        } catch {
            outcome = .failure(error)
        }
        // The top level is one thread of control, so its last event is the last one recorded.
        let last = recorder.lastID
        let result: ExecutionResult
        switch outcome {
        case .success(let output):
            recorder.record("ExecutionSucceeded", after: last, "executionSucceededEventDetails", [
                "output": output, "outputDetails": ["truncated": false],
            ])
            result = ExecutionResult(status: .succeeded, output: output, events: recorder.all)
        case .failure(.failure(let failure)):
            var details: JSONObject = [:]
            if let error = failure.error { details["error"] = .string(error) }
            if let cause = failure.cause { details["cause"] = .string(cause) }
            recorder.record("ExecutionFailed", after: last, "executionFailedEventDetails", details)
            result = ExecutionResult(status: .failed, error: failure.error, cause: failure.cause, events: recorder.all)
        case .failure(.timedOut):
            recorder.record("ExecutionTimedOut", after: last, "executionTimedOutEventDetails", [
                "error": "States.Timeout", "cause": "The execution timed out",
            ])
            result = ExecutionResult(status: .timedOut, error: "States.Timeout", cause: nil, events: recorder.all)
        case .failure(.aborted):
            recorder.record("ExecutionAborted", after: last)
            result = ExecutionResult(status: .aborted, error: "States.Aborted", cause: "The execution was stopped", events: recorder.all)
        case .failure(.journalFailed(let error)):
            throw error
        }
        if let durable { try await durable.commit() }
        return result
    }

    enum Outcome: Error {
        case failure(Failure)
        case timedOut
        case aborted
        /// A journal commit failed: the execution stops as if cancelled, but without a terminal event.
        case journalFailed(JournalError)
    }

    /// A terminal failure: AWS allows a Fail state without an error or a cause.
    struct Failure: Sendable {
        var error: String?
        var cause: String?
    }

    private func runWithMachineTimeout(after started: Int) async throws(Outcome) -> JSONValue {
        let graph = machine.graph
        let input = self.input
        let thread = ThreadState(variables: [:], lastEvent: started)
        guard let seconds = machine.timeoutSeconds else {
            return try await mapErrors { [thread] in
                var t = thread
                return try await self.runGraph(graph, input: input, thread: &t)
            }
        }
        let clock = configuration.clock
        return try await mapErrors { [thread] in
            try await withThrowingTaskGroup(of: JSONValue?.self) { group in
                group.addTask {
                    var t = thread
                    return try await self.runGraph(graph, input: input, thread: &t)
                }
                group.addTask {
                    try await clock.sleepUntilTimeout(.seconds(seconds))
                    return nil
                }
                defer { group.cancelAll() }
                guard let first = try await group.next(), let output = first else { throw Interruption.timedOut }
                return output
            }
        }
    }

    /// Turns what the interpreter throws into an ``Outcome``.
    private func mapErrors(_ body: @Sendable () async throws -> JSONValue) async throws(Outcome) -> JSONValue {
        do {
            return try await body()
        } catch let error as GraphFailure {
            throw .failure(Failure(error: error.error, cause: error.cause))
        } catch Interruption.timedOut {
            throw .timedOut
        } catch let error as JournalError {
            throw .journalFailed(error)
        } catch {
            throw .aborted
        }
    }

    // MARK: - Graphs

    /// Runs a graph from its `StartAt` to a state that ends it; returns that state's output.
    func runGraph(_ graph: StateGraph, input: JSONValue, thread: inout ThreadState) async throws -> JSONValue {
        var name = graph.startAt
        var value = input
        while true {
            try Task.checkCancellation()
            guard let state = graph.states[name] else {
                // The validator guarantees every transition resolves; this is unreachable for parsed machines.
                throw GraphFailure(error: "States.Runtime", cause: "No state named '\(name)'")
            }
            switch try await runState(state, input: value, thread: &thread) {
            case .next(let next, let output):
                name = next
                value = output
            case .end(let output):
                return output
            }
        }
    }

    enum Step {
        case next(String, JSONValue)
        case end(JSONValue)
    }

    func step(_ transition: Transition, _ output: JSONValue) -> Step {
        switch transition {
        case .next(let name): .next(name, output)
        case .end: .end(output)
        }
    }

    /// Runs one state: records its entry, runs its type's logic, records its exit.
    ///
    /// In a durable run, a state with a checkpoint is replayed instead; otherwise a Task's or Wait's entry is
    /// committed before its logic runs (so the journal shows what is in flight), and every state's exit, with its
    /// checkpoint and any events still pending (such as a Pass state's entry), before the next state starts.
    func runState(_ state: State, input: JSONValue, thread: inout ThreadState) async throws -> Step {
        var key: String?
        if let durable {
            let entryKey = thread.enter(state.name)
            if let checkpoint = durable.checkpoints[entryKey] { return replay(checkpoint, thread: &thread) }
            key = entryKey
        }
        let entered = configuration.clock.now()
        let enteredEvent = recorder.record(state.enteredEventType, after: thread.lastEvent,
                                           .stateEntered(name: state.name, input: input))
        thread.lastEvent = enteredEvent
        if let durable, state.waitsOnTheOutsideWorld { try await durable.commit() }
        let scope = StateScope(state: state, enteredEvent: enteredEvent, enteredTime: entered, key: key)
        let result: (step: Step, assigned: [String: JSONValue]?)
        let isJSONata = state.queryLanguage == .jsonata
        switch state.kind {
        case .pass(let pass) where isJSONata: result = try runPassJSONata(pass, input: input, scope: scope, thread: &thread)
        case .succeed(let succeed) where isJSONata:
            result = try runSucceedJSONata(succeed, input: input, scope: scope, thread: &thread)
        case .fail(let fail) where isJSONata: throw runFailJSONata(fail, input: input, scope: scope, thread: thread)
        case .choice(let choice) where isJSONata:
            result = try runChoiceJSONata(choice, input: input, scope: scope, thread: &thread)
        case .wait(let wait) where isJSONata: result = try await runWaitJSONata(wait, input: input, scope: scope, thread: &thread)
        case .pass(let pass): result = try runPass(pass, input: input, scope: scope, thread: &thread)
        case .succeed(let succeed): result = try (.end(output(succeed.dataFlow, input: input, result: nil, scope: scope, thread: thread)), nil)
        case .fail(let fail): throw runFail(fail, input: input, scope: scope, thread: &thread)
        case .choice(let choice): result = try runChoice(choice, input: input, scope: scope, thread: &thread)
        case .wait(let wait): result = try await runWait(wait, input: input, scope: scope, thread: &thread)
        case .task(let task): result = try await runTask(task, input: input, scope: scope, thread: &thread)
        case .parallel(let parallel): result = try await runParallel(parallel, input: input, scope: scope, thread: &thread)
        case .map(let map): result = try await runMap(map, input: input, scope: scope, thread: &thread)
        }
        let output: JSONValue
        switch result.step {
        case .next(_, let o), .end(let o): output = o
        }
        thread.lastEvent = recorder.record(state.exitedEventType, after: thread.lastEvent,
                                           .stateExited(name: state.name, output: output, assigned: result.assigned))
        if let durable, let key {
            var next: String?
            if case .next(let name, _) = result.step { next = name }
            try await durable.commit(adding: Checkpoint(key: key, output: output, next: next, variables: thread.variables,
                                                        lastEventID: thread.lastEvent))
        }
        return result.step
    }

    /// Takes a state's outcome from its checkpoint instead of running it: no events, no task, no wait.
    func replay(_ checkpoint: Checkpoint, thread: inout ThreadState) -> Step {
        thread.variables = checkpoint.variables
        thread.convertedVariables = ConvertedVariables()
        thread.lastEvent = checkpoint.lastEventID
        if let next = checkpoint.next { return .next(next, checkpoint.output) }
        return .end(checkpoint.output)
    }

    /// What a state needs to build its context object and to word its errors.
    struct StateScope {
        var state: State
        var enteredEvent: Int
        var enteredTime: Date
        /// The state's checkpoint key, in durable runs.
        var key: String? = nil

        /// Runtime errors are reported with the state and its entry event, as AWS words them.
        func failure(_ error: StatesError) -> GraphFailure {
            switch error.error {
            case StatesError.runtime, StatesError.intrinsicFailure, StatesError.resultPathMatchFailure, "States.QueryEvaluationError":
                return GraphFailure(error.inState(state.name, enteredEventID: enteredEvent))
            default:
                return GraphFailure(error)
            }
        }
    }

    /// The context object (`$$`) as a state sees it.
    func context(_ scope: StateScope, thread: ThreadState, retryCount: Int? = nil, token: String? = nil) -> JSONValue {
        var root = baseContext
        var stateObject: JSONObject = ["Name": .string(scope.state.name), "EnteredTime": .string(HistoryEvent.format(scope.enteredTime))]
        if let retryCount { stateObject["RetryCount"] = .integer(retryCount) }
        root["State"] = .object(stateObject)
        if let token { root["Task"] = ["Token": .string(token)] }
        if let item = thread.mapItem { root["Map"] = ["Item": .object(item)] }
        return .object(root)
    }

    func evaluation(_ input: JSONValue, _ scope: StateScope, _ thread: ThreadState) -> EvaluationContext {
        EvaluationContext(input: input, context: context(scope, thread: thread), variables: thread.variables)
    }
}

/// A state error travelling up the graph until a catcher, a branch boundary or the execution handles it.
struct GraphFailure: Error, Sendable {
    var error: String?
    var cause: String?

    init(error: String?, cause: String?) {
        self.error = error
        self.cause = cause
    }

    init(_ error: StatesError) {
        self.error = error.error
        self.cause = error.cause
    }

    /// `{"Error", "Cause"}`, what a catcher passes on; a failure without a cause (a timeout, say) shows an empty
    /// Cause, as on AWS.
    var errorOutput: JSONValue {
        ["Error": error.map { .string($0) } ?? .null, "Cause": .string(cause ?? "")]
    }
}
