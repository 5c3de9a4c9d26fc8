import Foundation
import JSONValue
import StatesLanguage

extension ExecutionRun {
    func runParallel(_ parallel: ParallelState, input: JSONValue, scope: StateScope, thread: inout ThreadState) async throws
        -> (step: Step, assigned: [String: JSONValue]?)
    {
        let effective = try effectiveInput(parallel.dataFlow, input, scope, thread)
        return try await withErrorHandling(retry: parallel.retry, catchers: parallel.catch, input: input, scope: scope,
                                           thread: &thread) { _, thread in
            let branchInput = try arguments(parallel.dataFlow, effective, scope, thread)
            let started = recorder.record("ParallelStateStarted", after: thread.lastEvent)
            thread.lastEvent = started
            let variables = thread.variables
            let convertedVariables = thread.convertedVariables
            let results: [JSONValue]
            let key = scope.key
            do {
                results = try await withThrowingTaskGroup(of: (Int, JSONValue).self) { group in
                    var results = [JSONValue](repeating: .null, count: parallel.branches.count)
                    for (index, branch) in parallel.branches.enumerated() {
                        // In a durable run, a branch with a checkpoint is not run again.
                        if let durable, let key, let checkpoint = durable.checkpoints["\(key){\(index)}"] {
                            results[index] = checkpoint.output
                            continue
                        }
                        group.addTask {
                            var branchThread = ThreadState(variables: variables, lastEvent: started, mapItem: nil,
                                                           convertedVariables: convertedVariables)
                            guard let durable = self.durable, let key else {
                                return (index, try await self.runGraph(branch, input: branchInput, thread: &branchThread))
                            }
                            branchThread.path = "\(key){\(index)}"
                            let value = try await self.runGraph(branch, input: branchInput, thread: &branchThread)
                            try await durable.commit(adding: Checkpoint(key: branchThread.path, output: value,
                                                                        lastEventID: branchThread.lastEvent))
                            return (index, value)
                        }
                    }
                    // The first failure wins; the other branches are cancelled.
                    while let (index, value) = try await group.next() { results[index] = value }
                    return results
                }
            } catch let failure as GraphFailure {
                thread.lastEvent = recorder.record("ParallelStateFailed", after: thread.lastEvent)
                throw failure
            }
            return try finish(result: .array(results), dataFlow: parallel.dataFlow, transition: parallel.transition,
                              input: input, scope: scope, thread: &thread)
        }
    }

    /// ResultSelector, Assign, ResultPath and OutputPath for a state with a result.
    func finish(result: JSONValue, dataFlow: DataFlow, transition: Transition, input: JSONValue, scope: StateScope,
                thread: inout ThreadState) throws -> (step: Step, assigned: [String: JSONValue]?)
    {
        if scope.state.queryLanguage == .jsonata {
            return try finishJSONata(result: result, dataFlow: dataFlow, transition: transition, input: input, scope: scope,
                                     thread: &thread)
        }
        var selected = result
        if let selector = dataFlow.resultSelector {
            let selectorContext = EvaluationContext(input: result, context: context(scope, thread: thread),
                                                    variables: thread.variables)
            do { selected = try selector.evaluate(in: selectorContext) } catch { throw scope.failure(error) }
        }
        let assigned = try assignments(dataFlow.assign, value: selected, scope: scope, thread: thread)
        let out = try output(dataFlow, input: input, result: selected, scope: scope, thread: thread)
        store(assigned, in: &thread)
        return (step(transition, out), assigned)
    }
}
