import Foundation
import JSONValue
import StatesLanguage

extension ExecutionRun {
    // MARK: - Data flow (JSONPath)

    /// `InputPath`: the part of the raw input the state works on (`null` means `{}`).
    func effectiveInput(_ flow: DataFlow, _ input: JSONValue, _ scope: StateScope, _ thread: ThreadState) throws -> JSONValue {
        switch flow.inputPath {
        case nil: return input
        case .null?: return .object([:])
        case .path(let path)?:
            do { return try path.evaluate(in: evaluation(input, scope, thread)) } catch { throw scope.failure(error) }
        }
    }

    /// `Parameters` (or the effective input when absent).
    func parameters(_ template: PayloadTemplate?, _ effective: JSONValue, _ scope: StateScope, _ thread: ThreadState,
                    retryCount: Int? = nil, token: String? = nil) throws -> JSONValue
    {
        guard let template else { return effective }
        let context = EvaluationContext(input: effective,
                                        context: context(scope, thread: thread, retryCount: retryCount, token: token),
                                        variables: thread.variables)
        do { return try template.evaluate(in: context) } catch { throw scope.failure(error) }
    }

    /// `ResultPath` then `OutputPath`: the state's output from its raw input and its result.
    func output(_ flow: DataFlow, input: JSONValue, result: JSONValue?, scope: StateScope, thread: ThreadState) throws -> JSONValue {
        var combined = input
        if let result {
            switch flow.resultPath {
            case nil: combined = result
            case .null?: combined = input
            case .path(let path)?:
                do { combined = try applyResultPath(path, value: result, to: input) } catch { throw scope.failure(error) }
            }
        } else if flow.inputPath != nil {
            // States without a result (Choice, Wait, Succeed) pass their effective input on.
            combined = try effectiveInput(flow, input, scope, thread)
        }
        switch flow.outputPath {
        case nil: return combined
        case .null?: return .object([:])
        case .path(let path)?:
            do { return try path.evaluate(in: evaluation(combined, scope, thread)) } catch { throw scope.failure(error) }
        }
    }

    /// Evaluates `Assign` against `value` (the state's result, or its input for Choice) and the variables as they
    /// were when the state started; the caller stores them after the state's output is computed.
    func assignments(_ assign: Assignment?, value: JSONValue, scope: StateScope, thread: ThreadState) throws -> [String: JSONValue]? {
        guard case .jsonPath(let templates)? = assign else { return nil }
        let context = evaluation(value, scope, thread)
        var assigned: [String: JSONValue] = [:]
        for (name, template) in templates {
            do { assigned[name] = try template.evaluate(in: context) } catch { throw scope.failure(error) }
        }
        return assigned
    }

    func store(_ assigned: [String: JSONValue]?, in thread: inout ThreadState) {
        guard let assigned else { return }
        thread.variables.merge(assigned) { $1 }
        thread.convertedVariables = ConvertedVariables()
    }

    // MARK: - Pass, Succeed, Fail

    func runPass(_ pass: PassState, input: JSONValue, scope: StateScope, thread: inout ThreadState) throws
        -> (step: Step, assigned: [String: JSONValue]?)
    {
        let effective = try effectiveInput(pass.dataFlow, input, scope, thread)
        let result = try pass.result ?? parameters(pass.dataFlow.parameters, effective, scope, thread)
        let assigned = try assignments(pass.dataFlow.assign, value: result, scope: scope, thread: thread)
        let out = try output(pass.dataFlow, input: input, result: result, scope: scope, thread: thread)
        store(assigned, in: &thread)
        return (step(pass.transition, out), assigned)
    }

    func runFail(_ fail: FailState, input: JSONValue, scope: StateScope, thread: inout ThreadState) -> GraphFailure {
        func resolve(_ field: FailField?, _ name: String) throws -> String? {
            guard let field else { return nil }
            let context = evaluation(input, scope, thread)
            let value: JSONValue
            switch field {
            case .value(let s): return s
            case .expression: throw StatesError(error: "States.Runtime", cause: "JSONata is not supported yet")
            case .path(let path):
                guard let selected = path.select(in: context) else {
                    throw StatesError(error: "States.Runtime",
                                      cause: "The JSONPath '\(path)' specified for the field '\(name)' could not be found in the input '\(input.serialized())'")
                }
                value = selected
            case .intrinsic(let call):
                var random = SystemRandomNumberGenerator()
                value = try call.evaluate(in: context, random: &random)
            }
            guard case .string(let s) = value else {
                throw StatesError(error: "States.Runtime",
                                  cause: "The JSONPath specified for the field '\(name)' returned a non-string value: \(value.serialized())")
            }
            return s
        }
        do {
            let error = try resolve(fail.error, "ErrorPath")
            let cause = try resolve(fail.cause, "CausePath")
            var details: JSONObject = [:]
            if let error { details["error"] = .string(error) }
            if let cause { details["cause"] = .string(cause) }
            return GraphFailure(error: error, cause: cause)
        } catch let error as StatesError {
            return scope.failure(error)
        } catch {
            return scope.failure(StatesError(error: "States.Runtime", cause: "\(error)"))
        }
    }

    // MARK: - Choice

    func runChoice(_ choice: ChoiceState, input: JSONValue, scope: StateScope, thread: inout ThreadState) throws
        -> (step: Step, assigned: [String: JSONValue]?)
    {
        let effective = try effectiveInput(choice.dataFlow, input, scope, thread)
        let context = evaluation(effective, scope, thread)
        for rule in choice.choices {
            let matched: Bool
            do { matched = try rule.condition.evaluate(in: context) } catch { throw scope.failure(error) }
            guard matched else { continue }
            // The rule's Assign runs first, then the state's, both against the state's input.
            var assigned = try assignments(rule.assign, value: effective, scope: scope, thread: thread) ?? [:]
            if let stateAssigned = try assignments(choice.dataFlow.assign, value: effective, scope: scope, thread: thread) {
                assigned.merge(stateAssigned) { $1 }
            }
            let out = try output(choice.dataFlow, input: input, result: nil, scope: scope, thread: thread)
            store(assigned, in: &thread)
            return (.next(rule.next, out), assigned)
        }
        guard let fallback = choice.defaultNext else {
            throw GraphFailure(error: "States.NoChoiceMatched",
                               cause: "No Matches! For state \(scope.state.name) and input \(effective.serialized())")
        }
        let assigned = try assignments(choice.dataFlow.assign, value: effective, scope: scope, thread: thread)
        let out = try output(choice.dataFlow, input: input, result: nil, scope: scope, thread: thread)
        store(assigned, in: &thread)
        return (.next(fallback, out), assigned)
    }

    // MARK: - Wait

    func runWait(_ wait: WaitState, input: JSONValue, scope: StateScope, thread: inout ThreadState) async throws
        -> (step: Step, assigned: [String: JSONValue]?)
    {
        let effective = try effectiveInput(wait.dataFlow, input, scope, thread)
        let context = evaluation(effective, scope, thread)
        let seconds: Double
        switch wait.duration {
        case .seconds(.value(let s)): seconds = Double(s)
        case .seconds(.path(let path)):
            let value: JSONValue
            do { value = try path.evaluate(in: context) } catch { throw scope.failure(error) }
            guard let s = value.intValue, s >= 0 else {
                throw scope.failure(StatesError(error: "States.Runtime",
                                                cause: "The SecondsPath parameter does not reference a valid integer value: \(value.serialized())"))
            }
            seconds = Double(s)
        case .timestamp(.value(let text)):
            seconds = (Timestamp.parseSeconds(text) ?? 0) - configuration.clock.now().timeIntervalSince1970
        case .timestamp(.path(let path)):
            let value: JSONValue
            do { value = try path.evaluate(in: context) } catch { throw scope.failure(error) }
            guard let text = value.stringValue, let at = Timestamp.parseSeconds(text) else {
                throw scope.failure(StatesError(error: "States.Runtime",
                                                cause: "The TimestampPath parameter does not reference a valid ISO-8601 extended offset date-time format string: \(value.serialized())"))
            }
            seconds = at - configuration.clock.now().timeIntervalSince1970
        case .seconds(.expression), .timestamp(.expression):
            throw scope.failure(StatesError(error: "States.Runtime", cause: "JSONata is not supported yet"))
        }
        if seconds > 0 {
            try await configuration.clock.sleep(for: .milliseconds(Int64((seconds * 1000).rounded())))
        }
        let assigned = try assignments(wait.dataFlow.assign, value: effective, scope: scope, thread: thread)
        let out = try output(wait.dataFlow, input: input, result: nil, scope: scope, thread: thread)
        store(assigned, in: &thread)
        return (step(wait.transition, out), assigned)
    }
}
