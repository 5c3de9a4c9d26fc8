import Foundation
import JSONValue
import JSONata
import StatesLanguage

extension ExecutionRun {
    func runMap(_ map: MapState, input: JSONValue, scope: StateScope, thread: inout ThreadState) async throws
        -> (step: Step, assigned: [String: JSONValue]?)
    {
        let effective = try effectiveInput(map.dataFlow, input, scope, thread)
        return try await withErrorHandling(retry: map.retry, catchers: map.catch, input: input, scope: scope, thread: &thread) {
            _, thread in
            let context = evaluation(effective, scope, thread)
            let items = try mapItems(map, effective: effective, context: context, scope: scope)
            let maxConcurrency = try integer(map.maxConcurrency, field: "MaxConcurrencyPath", context: context, scope: scope) ?? 0
            let toleratedCount = try integer(map.toleratedFailureCount, field: "ToleratedFailureCountPath", context: context, scope: scope)
            let toleratedPercentage = try number(map.toleratedFailurePercentage, field: "ToleratedFailurePercentagePath",
                                                 context: context, scope: scope)
            let inputs = try itemInputs(map, items: items, effective: effective, scope: scope, thread: thread)

            thread.lastEvent = recorder.record("MapStateStarted", after: thread.lastEvent, "mapStateStartedEventDetails",
                                               ["length": .integer(inputs.count)])
            let started = thread.lastEvent
            let outcome = try await runIterations(map, inputs: inputs, maxConcurrency: maxConcurrency, after: started,
                                                  variables: thread.variables, convertedVariables: thread.convertedVariables,
                                                  stateName: scope.state.name, key: scope.key)
            let failures = outcome.failures
            let tolerated: Bool
            if failures.isEmpty {
                tolerated = true
            } else if toleratedCount == nil && toleratedPercentage == nil {
                tolerated = false
            } else {
                let byCount = toleratedCount.map { failures.count <= $0 } ?? false
                let byPercentage = toleratedPercentage.map { Double(failures.count) * 100 <= $0 * Double(inputs.count) } ?? false
                tolerated = byCount || byPercentage
            }
            guard tolerated else {
                thread.lastEvent = recorder.record("MapStateFailed", after: thread.lastEvent)
                if toleratedCount != nil || toleratedPercentage != nil {
                    throw GraphFailure(error: "States.ExceedToleratedFailureThreshold",
                                       cause: "The specified tolerated failure threshold was exceeded")
                }
                throw outcome.firstFailure ?? GraphFailure(error: "States.Runtime", cause: "A Map iteration failed")
            }
            thread.lastEvent = recorder.record("MapStateSucceeded", after: thread.lastEvent)
            return try finish(result: .array(outcome.results), dataFlow: map.dataFlow, transition: map.transition,
                              input: input, scope: scope, thread: &thread)
        }
    }

    /// The array the Map iterates: `ItemsPath` of the effective input (the whole input by default).
    func mapItems(_ map: MapState, effective: JSONValue, context: EvaluationContext, scope: StateScope) throws -> [JSONValue] {
        var value = effective
        if scope.state.queryLanguage == .jsonata {
            if let template = map.items {
                let bindings = jsonataBindings(StatesVariable(input: context.input), context: context.context,
                                               variables: context.variables)
                value = try evaluate(template, field: "Items", bindings: bindings, scope: scope)
                guard case .array(let items) = value else {
                    throw scope.failure(typeMismatch(template, field: "Items", expected: "array", value: value))
                }
                return items
            }
            guard case .array(let items) = value else {
                throw scope.failure(Self.queryError("Map state input must be an array but was: \(value.serialized())"))
            }
            return items
        }
        if let path = map.itemsPath {
            do { value = try path.evaluate(in: context) } catch { throw scope.failure(error) }
        }
        guard case .array(let items) = value else {
            throw scope.failure(StatesError(error: "States.Runtime",
                                            cause: "Map state input must be an array but was: \(value.typeName == "object" ? "JSON object" : value.typeName)"))
        }
        return items
    }

    /// Each iteration's input: the item, through `ItemSelector`, grouped by `ItemBatcher`.
    func itemInputs(_ map: MapState, items: [JSONValue], effective: JSONValue, scope: StateScope, thread: ThreadState) throws
        -> [(item: JSONObject, input: JSONValue)]
    {
        var selected: [(item: JSONObject, input: JSONValue)] = []
        selected.reserveCapacity(items.count)
        // The Map state's input is converted for JSONata once, not once per item.
        let convertedEffective = map.jsonataItemSelector == nil ? nil : JSONataValue(effective)
        for (index, item) in items.enumerated() {
            let itemContext: JSONObject = ["Index": .integer(index), "Value": item]
            if let template = map.jsonataItemSelector {
                var itemThread = thread
                itemThread.mapItem = itemContext
                let bindings = jsonataBindings(StatesVariable(input: effective, convertedInput: convertedEffective), scope,
                                               itemThread)
                selected.append((itemContext, try evaluate(template, field: "ItemSelector", bindings: bindings, scope: scope)))
                continue
            }
            guard let selector = map.itemSelector else {
                selected.append((itemContext, item))
                continue
            }
            var itemThread = thread
            itemThread.mapItem = itemContext
            let context = EvaluationContext(input: effective, context: context(scope, thread: itemThread), variables: thread.variables)
            do { selected.append((itemContext, try selector.evaluate(in: context))) } catch { throw scope.failure(error) }
        }
        guard let batcher = map.itemBatcher else { return selected }
        let context = evaluation(effective, scope, thread)
        let perBatch = try integer(batcher.maxItemsPerBatch, field: "MaxItemsPerBatchPath", context: context, scope: scope) ?? Int.max
        let maxBytes = try integer(batcher.maxInputBytesPerBatch, field: "MaxInputBytesPerBatchPath", context: context,
                                   scope: scope) ?? Int.max
        var batchInput = JSONObject()
        if let template = batcher.jsonataBatchInput {
            let bindings = jsonataBindings(StatesVariable(input: effective), scope, thread)
            guard case .object(let fields) = try evaluate(template, field: "ItemBatcher/BatchInput", bindings: bindings, scope: scope)
            else { return selected }
            batchInput = fields
        } else if let template = batcher.batchInput {
            do {
                guard case .object(let fields) = try template.evaluate(in: context) else { return selected }
                batchInput = fields
            } catch {
                throw scope.failure(error)
            }
        }
        // Fill each batch up to MaxItemsPerBatch items and MaxInputBytesPerBatch bytes of serialized input (a
        // batch always takes at least one item).
        var batches: [(item: JSONObject, input: JSONValue)] = []
        var items: [JSONValue] = []
        var bytes = JSONValue.object(batchInput).serialized().utf8.count + "\"Items\":[],".utf8.count
        func close() {
            var batch = batchInput
            batch["Items"] = .array(items)
            batches.append((["Index": .integer(batches.count), "Value": .array(items)], .object(batch)))
            items = []
            bytes = JSONValue.object(batchInput).serialized().utf8.count + "\"Items\":[],".utf8.count
        }
        for (_, input) in selected {
            let size = input.serialized().utf8.count + 1
            if !items.isEmpty, items.count >= max(1, perBatch) || bytes + size > maxBytes { close() }
            items.append(input)
            bytes += size
        }
        if !items.isEmpty { close() }
        return batches
    }

    struct IterationOutcome {
        var results: [JSONValue]
        var failures: [Int]
        var firstFailure: GraphFailure?
    }

    /// How many iterations run at once when `MaxConcurrency` is 0: AWS runs an inline Map's iterations up to 40 at
    /// a time, and so does Ferry, which keeps memory flat however many items there are.
    static let unboundedMapWidth = 40

    /// Runs the item processor for every input, at most `maxConcurrency` at a time (0: up to 40).
    ///
    /// Without a tolerated-failure threshold the first failure cancels the remaining iterations. In a durable run
    /// (`key` is the Map state's checkpoint key), iterations with a checkpoint are not run again, and each
    /// iteration that succeeds is committed with its checkpoint.
    ///
    /// - Throws: ``JournalError`` only, when a commit failed; the other iterations are then cancelled.
    func runIterations(_ map: MapState, inputs: [(item: JSONObject, input: JSONValue)], maxConcurrency: Int, after started: Int,
                       variables: [String: JSONValue], convertedVariables: ConvertedVariables = ConvertedVariables(),
                       stateName: String, key: String? = nil) async throws -> IterationOutcome
    {
        let tolerant = map.toleratedFailureCount != nil || map.toleratedFailurePercentage != nil
        let processor = map.itemProcessor
        var outcome = IterationOutcome(results: [JSONValue](repeating: .null, count: inputs.count), failures: [], firstFailure: nil)
        // When resuming, the iterations still to run (nil: all of them); the others' results come from their checkpoints.
        let remaining: [Int]?
        if let durable, let key, !durable.checkpoints.isEmpty {
            var indices: [Int] = []
            for index in inputs.indices {
                if let checkpoint = durable.checkpoints["\(key)[\(index)]"] {
                    outcome.results[index] = checkpoint.output
                } else {
                    indices.append(index)
                }
            }
            remaining = indices
        } else {
            remaining = nil
        }
        let runCount = remaining?.count ?? inputs.count
        try await withThrowingTaskGroup(of: (Int, Result<JSONValue, GraphFailure>).self) { group in
            var next = 0
            let width = maxConcurrency == 0 ? Self.unboundedMapWidth : maxConcurrency
            func add(_ position: Int) {
                let index = remaining?[position] ?? position
                let (item, input) = inputs[index]
                group.addTask {
                    let iterationStarted = self.recorder.record("MapIterationStarted", after: started, 
                                                                .mapIteration(key: "mapIterationStartedEventDetails", name: stateName, index: index))
                    var iteration = ThreadState(variables: variables, lastEvent: iterationStarted, mapItem: item,
                                                convertedVariables: convertedVariables)
                    if let key { iteration.path = "\(key)[\(index)]" }
                    do {
                        let value = try await self.runGraph(processor, input: input, thread: &iteration)
                        let succeeded = self.recorder.record("MapIterationSucceeded", after: iteration.lastEvent, 
                                                             .mapIteration(key: "mapIterationSucceededEventDetails", name: stateName, index: index))
                        if let durable = self.durable, key != nil {
                            try await durable.commit(adding: Checkpoint(key: iteration.path, output: value, lastEventID: succeeded))
                        }
                        return (index, .success(value))
                    } catch let error as JournalError {
                        // Not an iteration failure: the execution stops.
                        throw error
                    } catch let failure as GraphFailure {
                        self.recorder.record("MapIterationFailed", after: iteration.lastEvent, 
                                             .mapIteration(key: "mapIterationFailedEventDetails", name: stateName, index: index))
                        return (index, .failure(failure))
                    } catch {
                        self.recorder.record("MapIterationAborted", after: iteration.lastEvent, 
                                             .mapIteration(key: "mapIterationAbortedEventDetails", name: stateName, index: index))
                        return (index, .failure(GraphFailure(error: "States.Aborted", cause: "The iteration was cancelled")))
                    }
                }
            }
            while next < min(width, runCount) {
                add(next)
                next += 1
            }
            while let (index, result) = try await group.next() {
                switch result {
                case .success(let value): outcome.results[index] = value
                case .failure(let failure):
                    outcome.failures.append(index)
                    if failure.error != "States.Aborted" || outcome.firstFailure == nil {
                        outcome.firstFailure = outcome.firstFailure ?? failure
                    }
                    outcome.results[index] = failure.errorOutput
                    if !tolerant {
                        group.cancelAll()
                        continue
                    }
                }
                if next < runCount, !Task.isCancelled, tolerant || outcome.failures.isEmpty {
                    add(next)
                    next += 1
                }
            }
        }
        return outcome
    }

    func integer(_ value: Dynamic<Int>?, field: String, context: EvaluationContext, scope: StateScope) throws -> Int? {
        switch value {
        case nil: return nil
        case .value(let i)?: return i
        case .path(let path)?:
            let selected: JSONValue
            do { selected = try path.evaluate(in: context) } catch { throw scope.failure(error) }
            guard let i = selected.intValue, i >= 0 else {
                throw scope.failure(StatesError(error: "States.Runtime",
                                                cause: "The \(field) field refers to value \"\(selected.serialized())\" which is not a valid integer"))
            }
            return i
        case .expression(let expression)?:
            let name = field.hasSuffix("Path") ? String(field.dropLast(4)) : field
            return try jsonataInteger(expression, field: name, context: context, scope: scope, minimum: 0)
        }
    }

    func number(_ value: Dynamic<Double>?, field: String, context: EvaluationContext, scope: StateScope) throws -> Double? {
        switch value {
        case nil: return nil
        case .value(let d)?: return d
        case .path(let path)?:
            let selected: JSONValue
            do { selected = try path.evaluate(in: context) } catch { throw scope.failure(error) }
            guard let d = selected.doubleValue, (0...100).contains(d) else {
                throw scope.failure(StatesError(error: "States.Runtime",
                                                cause: "The \(field) field refers to value \"\(selected.serialized())\" which is not a valid percentage"))
            }
            return d
        case .expression(let expression)?:
            let name = field.hasSuffix("Path") ? String(field.dropLast(4)) : field
            let bindings = jsonataBindings(StatesVariable(input: context.input), context: context.context,
                                           variables: context.variables)
            let value = try evaluate(expression, field: name, bindings: bindings, scope: scope)
            guard let d = value.doubleValue, (0...100).contains(d) else {
                throw scope.failure(typeMismatch(.expression(expression), field: name, expected: "number", value: value))
            }
            return d
        }
    }
}
