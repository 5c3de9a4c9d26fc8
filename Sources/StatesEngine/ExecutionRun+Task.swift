import Foundation
import JSONValue
import StatesLanguage

extension ExecutionRun {
    // MARK: - Retry and Catch

    /// Whether an `ErrorEquals` list matches an error, with AWS's wildcards: `States.ALL` matches every error but
    /// `States.Runtime`; `States.TaskFailed` matches every error a task reports under its own name (any name outside
    /// `States.`).
    static func matches(_ names: [String], _ error: String?) -> Bool {
        let error = error ?? ""
        for name in names {
            if name == error { return true }
            if name == "States.ALL", error != "States.Runtime" { return true }
            if name == "States.TaskFailed", !error.hasPrefix("States.") { return true }
        }
        return false
    }

    /// The delay before retry number `attempt` (0-based) of `retrier`.
    func backoff(_ retrier: Retrier, attempt: Int) -> Duration {
        var seconds = Double(retrier.intervalSeconds) * pow(retrier.backoffRate, Double(attempt))
        if let cap = retrier.maxDelaySeconds { seconds = min(seconds, Double(cap)) }
        if retrier.jitterStrategy == .full { seconds = Double.random(in: 0...seconds) }
        return .milliseconds(Int64((seconds * 1000).rounded()))
    }

    /// Runs `attempt` under the state's Retry and Catch rules. Runtime errors (`States.Runtime`) are never retried
    /// or caught, as on AWS.
    func withErrorHandling(retry: [Retrier], catchers: [Catcher], input: JSONValue, dataFlowLanguageIsJSONPath: Bool = true,
                           scope: StateScope, thread: inout ThreadState,
                           _ attempt: (Int, inout ThreadState) async throws -> (step: Step, assigned: [String: JSONValue]?))
        async throws -> (step: Step, assigned: [String: JSONValue]?)
    {
        var counts = [Int](repeating: 0, count: retry.count)
        var retries = 0
        while true {
            do {
                return try await attempt(retries, &thread)
            } catch let failure as GraphFailure {
                // A task failing because the execution is being stopped is the stop, not an error to retry or catch.
                if Task.isCancelled { throw CancellationError() }
                if failure.error == "States.Runtime" { throw failure }
                if let index = retry.firstIndex(where: { Self.matches($0.errorEquals, failure.error) }) {
                    if counts[index] < retry[index].maxAttempts {
                        let delay = backoff(retry[index], attempt: counts[index])
                        counts[index] += 1
                        retries += 1
                        try await configuration.clock.sleep(for: delay)
                        continue
                    }
                }
                guard let catcher = catchers.first(where: { Self.matches($0.errorEquals, failure.error) }) else { throw failure }
                let errorValue = failure.errorOutput
                if scope.state.queryLanguage == .jsonata {
                    return try catchJSONata(catcher, errorOutput: errorValue, input: input, scope: scope, thread: &thread)
                }
                let assigned = try assignments(catcher.assign, value: errorValue, scope: scope, thread: thread)
                let output: JSONValue
                switch catcher.resultPath {
                case nil: output = errorValue
                case .null?: output = input
                case .path(let path)?:
                    do { output = try applyResultPath(path, value: errorValue, to: input) } catch { throw scope.failure(error) }
                }
                store(assigned, in: &thread)
                return (.next(catcher.next, output), assigned)
            }
        }
    }

    // MARK: - Task

    func runTask(_ task: TaskState, input: JSONValue, scope: StateScope, thread: inout ThreadState) async throws
        -> (step: Step, assigned: [String: JSONValue]?)
    {
        let effective = try effectiveInput(task.dataFlow, input, scope, thread)
        if task.resource.hasSuffix(Self.waitForTaskTokenSuffix) {
            return try await withErrorHandling(retry: task.retry, catchers: task.catch, input: input, scope: scope,
                                               thread: &thread) { retryCount, thread in
                let result = try await invokeWaitingForToken(task, effective, scope: scope, thread: &thread,
                                                             retryCount: retryCount)
                return try finish(result: result, dataFlow: task.dataFlow, transition: task.transition, input: input,
                                  scope: scope, thread: &thread)
            }
        }
        return try await withErrorHandling(retry: task.retry, catchers: task.catch, input: input, scope: scope, thread: &thread) {
            retryCount, thread in
            let request = try arguments(task.dataFlow, effective, scope, thread, retryCount: retryCount)
            let timeout = try seconds(task.timeoutSeconds, field: "TimeoutSecondsPath", effective, scope, thread)
            let heartbeat = try seconds(task.heartbeatSeconds, field: "HeartbeatSecondsPath", effective, scope, thread)
            let result = try await invoke(task.resource, request, timeout: timeout, heartbeat: heartbeat, scope: scope,
                                          thread: &thread, retryCount: retryCount)
            return try finish(result: result, dataFlow: task.dataFlow, transition: task.transition, input: input,
                              scope: scope, thread: &thread)
        }
    }

    /// A `...Seconds`/`...SecondsPath` value.
    func seconds(_ value: Dynamic<Int>?, field: String, _ effective: JSONValue, _ scope: StateScope, _ thread: ThreadState) throws -> Int? {
        switch value {
        case nil: return nil
        case .value(let s)?: return s
        case .path(let path)?:
            let selected: JSONValue
            do { selected = try path.evaluate(in: evaluation(effective, scope, thread)) } catch { throw scope.failure(error) }
            guard let s = selected.intValue, s > 0 else {
                throw scope.failure(StatesError(error: "States.Runtime",
                                                cause: "The \(field) field refers to value \(selected.serialized()), which is not a positive integer"))
            }
            return s
        case .expression(let expression)?:
            let name = field.hasSuffix("Path") ? String(field.dropLast(4)) : field
            return try jsonataInteger(expression, field: name, context: evaluation(effective, scope, thread), scope: scope,
                                      minimum: 1)
        }
    }

    /// Calls the task behind `resource`, recording AWS's task events, bounded by `timeout` seconds and by
    /// `heartbeat` seconds without a sign of life.
    func invoke(_ resource: String, _ parameters: JSONValue, timeout: Int?, heartbeat: Int?, scope: StateScope,
                thread: inout ThreadState, retryCount: Int) async throws -> JSONValue
    {
        let kind = TaskResource(resource)
        thread.lastEvent = recorder.record(kind.eventPrefix + "Scheduled", after: thread.lastEvent, kind.detailsKey("Scheduled"),
                                           kind.scheduledDetails(parameters: parameters, region: configuration.region, timeout: timeout))
        thread.lastEvent = recorder.record(kind.eventPrefix + "Started", after: thread.lastEvent, kind.detailsKey("Started"), kind.resourceDetails)
        let request = TaskRequest(resource: resource, input: parameters, stateName: scope.state.name,
                                  context: context(scope, thread: thread, retryCount: retryCount))
        do {
            let result = try await call(kind, request, timeout: timeout, heartbeat: heartbeat)
            var details = kind.resourceDetails
            details["output"] = result
            thread.lastEvent = recorder.record(kind.eventPrefix + "Succeeded", after: thread.lastEvent, kind.detailsKey("Succeeded"), details)
            return result
        } catch let error as StatesError {
            var details = kind.resourceDetails
            details["error"] = .string(error.error)
            if !error.cause.isEmpty { details["cause"] = .string(error.cause) }
            let type = error.error == "States.Timeout" || error.error == "States.HeartbeatTimeout" ? "TimedOut" : "Failed"
            thread.lastEvent = recorder.record(kind.eventPrefix + type, after: thread.lastEvent, kind.detailsKey(type), details)
            throw GraphFailure(error: error.error, cause: error.cause.isEmpty ? nil : error.cause)
        }
    }

    // MARK: - Callback tasks (.waitForTaskToken)

    /// The suffix of a callback task's resource.
    static let waitForTaskTokenSuffix = ".waitForTaskToken"

    /// Runs one attempt of a `.waitForTaskToken` task (see ``TaskTokenBroker``): issues the token, evaluates the
    /// parameters with it as `$$.Task.Token`, invokes the resource without the suffix (unless an earlier run did),
    /// and waits for the answer, bounded by `TimeoutSeconds`; the broker watches `HeartbeatSeconds`.
    ///
    /// Events: TaskScheduled, TaskStarted, TaskSubmitted (the underlying call's result), then TaskSucceeded (the
    /// output sent), TaskFailed (the error sent, or the underlying call's failure) or TaskTimedOut.
    func invokeWaitingForToken(_ task: TaskState, _ effective: JSONValue, scope: StateScope, thread: inout ThreadState,
                               retryCount: Int) async throws -> JSONValue
    {
        guard let broker = configuration.taskTokens else {
            throw scope.failure(StatesError(
                error: StatesError.runtime,
                cause: "The resource '\(task.resource)' waits for a task token (.waitForTaskToken), which only a server "
                    + "can receive (SendTaskSuccess/SendTaskFailure): run the state machine with `ferry serve`"))
        }
        let tokenRequest = TaskTokenRequest(
            executionARN: configuration.executionARN, stateName: scope.state.name,
            stepKey: scope.key ?? "\(scope.state.name)@\(scope.enteredEvent)", attempt: retryCount,
            redriveCount: configuration.resumption?.redriveCount ?? 0, enteredEventID: scope.enteredEvent)
        let issued = try await brokerCall(scope, "issued") { try await broker.issue(tokenRequest) }
        let parameters = try arguments(task.dataFlow, effective, scope, thread, retryCount: retryCount, token: issued.token)
        let timeout = try seconds(task.timeoutSeconds, field: "TimeoutSecondsPath", effective, scope, thread)
        let heartbeat = try seconds(task.heartbeatSeconds, field: "HeartbeatSecondsPath", effective, scope, thread)

        let kind = TaskResource(task.resource)
        var scheduled = kind.scheduledDetails(parameters: parameters, region: configuration.region, timeout: timeout)
        if let heartbeat { scheduled["heartbeatInSeconds"] = .integer(heartbeat) }
        thread.lastEvent = recorder.record("TaskScheduled", after: thread.lastEvent, kind.detailsKey("Scheduled"), scheduled)
        thread.lastEvent = recorder.record("TaskStarted", after: thread.lastEvent, kind.detailsKey("Started"), kind.resourceDetails)
        let started = ContinuousClock.now
        let limit = timeout.map { Duration.seconds($0) }
        func remaining() -> Duration? { limit.map { $0 - (ContinuousClock.now - started) } }

        do {
            let submitted: JSONValue
            if let output = issued.submittedOutput {
                // An earlier run of this step invoked the resource with this token: wait for the same token without
                // invoking the resource again.
                submitted = output
            } else {
                let underlying = String(task.resource.dropLast(Self.waitForTaskTokenSuffix.count))
                let request = TaskRequest(resource: underlying, input: parameters, stateName: scope.state.name,
                                          context: context(scope, thread: thread, retryCount: retryCount, token: issued.token))
                let tasks = configuration.tasks
                let region = configuration.region, account = configuration.accountID
                // A registry entry for the whole resource (suffix included) serves when none names the integration.
                var target = TaskResource(underlying)
                if case .other = target, tasks.handler(for: underlying) == nil, tasks.handler(for: task.resource) != nil {
                    target = .other(resource: task.resource, type: "", name: "")
                }
                submitted = try await withTaskTimeout(remaining()) { [target] in
                    try await target.dispatch(request, tasks: tasks, region: region, account: account)
                }
                try await brokerCall(scope, "recorded as submitted") { try await broker.submitted(issued, output: submitted) }
            }
            var details = kind.resourceDetails
            details["output"] = submitted
            details["outputDetails"] = ["truncated": false]
            thread.lastEvent = recorder.record("TaskSubmitted", after: thread.lastEvent, kind.detailsKey("Submitted"), details)
            let outcome = try await withTaskTimeout(remaining()) {
                try await broker.wait(for: issued, timeoutSeconds: timeout, heartbeatSeconds: heartbeat)
            }
            switch outcome {
            case .success(let output):
                var details = kind.resourceDetails
                details["output"] = output
                details["outputDetails"] = ["truncated": false]
                thread.lastEvent = recorder.record("TaskSucceeded", after: thread.lastEvent, kind.detailsKey("Succeeded"), details)
                return output
            case .failure(let error, let cause):
                var details = kind.resourceDetails
                if let error { details["error"] = .string(error) }
                if let cause { details["cause"] = .string(cause) }
                thread.lastEvent = recorder.record("TaskFailed", after: thread.lastEvent, kind.detailsKey("Failed"), details)
                throw GraphFailure(error: error, cause: cause)
            case .heartbeatTimedOut:
                throw StatesError(error: "States.HeartbeatTimeout", cause: "")
            case .timedOut:
                throw StatesError(error: "States.Timeout", cause: "")
            }
        } catch let error as StatesError {
            // The resource failed, or the task timed out: later answers to the token get TaskTimedOut.
            await broker.close(issued)
            var details = kind.resourceDetails
            details["error"] = .string(error.error)
            if !error.cause.isEmpty { details["cause"] = .string(error.cause) }
            let type = error.error == "States.Timeout" || error.error == "States.HeartbeatTimeout" ? "TimedOut" : "Failed"
            thread.lastEvent = recorder.record("Task" + type, after: thread.lastEvent, kind.detailsKey(type), details)
            throw GraphFailure(error: error.error, cause: error.cause.isEmpty ? nil : error.cause)
        }
    }

    /// Calls the broker; its failures (other than cancellation) are runtime errors of the state.
    func brokerCall<R>(_ scope: StateScope, _ what: String, _ body: () async throws -> R) async throws -> R {
        do {
            return try await body()
        } catch let error as CancellationError {
            throw error
        } catch let error as GraphFailure {
            throw error
        } catch {
            if Task.isCancelled { throw CancellationError() }
            throw scope.failure(StatesError(error: StatesError.runtime,
                                            cause: "The task token could not be \(what): \(String(describing: error))"))
        }
    }

    /// Runs `work`, failing with `States.Timeout` when `limit` (if any) passes first.
    func withTaskTimeout<R: Sendable>(_ limit: Duration?, _ work: @escaping @Sendable () async throws -> R) async throws -> R {
        guard let limit else { return try await work() }
        guard limit > .zero else { throw StatesError(error: "States.Timeout", cause: "") }
        let clock = configuration.clock
        return try await withThrowingTaskGroup(of: R?.self) { group in
            group.addTask { try await work() }
            group.addTask {
                try await clock.sleepUntilTimeout(limit)
                throw StatesError(error: "States.Timeout", cause: "")
            }
            defer { group.cancelAll() }
            return try await group.next()!!
        }
    }

    /// Dispatches to the task handler, racing it against the timeout and the heartbeat watchdog.
    func call(_ kind: TaskResource, _ request: TaskRequest, timeout: Int?, heartbeat: Int?) async throws -> JSONValue {
        let tasks = configuration.tasks
        let region = configuration.region, account = configuration.accountID
        let work: @Sendable () async throws -> JSONValue = {
            try await kind.dispatch(request, tasks: tasks, region: region, account: account)
        }
        guard timeout != nil || heartbeat != nil else { return try await work() }
        let clock = configuration.clock
        let beats = request.heartbeat
        return try await withThrowingTaskGroup(of: JSONValue?.self) { group in
            group.addTask { try await work() }
            if let timeout {
                group.addTask {
                    try await clock.sleepUntilTimeout(.seconds(timeout))
                    throw StatesError(error: "States.Timeout", cause: "")
                }
            }
            if let heartbeat {
                group.addTask {
                    let interval = Duration.seconds(heartbeat)
                    while true {
                        let quiet = ContinuousClock.now - beats.lastBeat
                        if quiet >= interval { throw StatesError(error: "States.HeartbeatTimeout", cause: "") }
                        try await clock.sleepUntilTimeout(interval - quiet)
                    }
                }
            }
            defer { group.cancelAll() }
            return try await group.next()!!
        }
    }
}

/// How a Task state's resource is reached, and how AWS names its history events.
enum TaskResource: Sendable {
    /// `arn:aws:lambda:REGION:ACCOUNT:function:NAME`: input and result pass straight through.
    case lambdaFunction(arn: String)
    /// `arn:aws:states:::lambda:invoke`: `FunctionName` and `Payload` in, `{Payload, StatusCode, ...}` out; `name`
    /// is the resource's last part (`invoke`, `invoke.waitForTaskToken`).
    case lambdaInvoke(resource: String, name: String)
    /// `arn:aws:states:::SERVICE:ACTION` and everything else, looked up in the task registry.
    case other(resource: String, type: String, name: String)

    init(_ resource: String) {
        let parts = resource.split(separator: ":", omittingEmptySubsequences: false).map(String.init)
        if parts.count >= 7, parts[0] == "arn", parts[2] == "lambda", parts[5] == "function" {
            self = .lambdaFunction(arn: resource)
        } else if parts.count >= 7, parts[0] == "arn", parts[2] == "states", parts[5] == "lambda",
            parts[6].hasPrefix("invoke")
        {
            self = .lambdaInvoke(resource: resource, name: parts[6...].joined(separator: ":"))
        } else if parts.count >= 7, parts[0] == "arn", parts[2] == "states" {
            self = .other(resource: resource, type: parts[5], name: parts[6...].joined(separator: ":"))
        } else if parts.count == 2, parts[0] == "ferry" {
            self = .other(resource: resource, type: "ferry", name: parts[1])
        } else {
            self = .other(resource: resource, type: parts.count > 2 ? parts[2] : "task", name: resource)
        }
    }

    var eventPrefix: String {
        if case .lambdaFunction = self { return "LambdaFunction" }
        return "Task"
    }

    func detailsKey(_ suffix: String) -> String {
        let prefix = eventPrefix == "Task" ? "task" : "lambdaFunction"
        return prefix + suffix + "EventDetails"
    }

    var resourceDetails: JSONObject {
        switch self {
        case .lambdaFunction: [:]
        case .lambdaInvoke(_, let name): ["resourceType": "lambda", "resource": .string(name)]
        case .other(_, let type, let name): ["resourceType": .string(type), "resource": .string(name)]
        }
    }

    func scheduledDetails(parameters: JSONValue, region: String, timeout: Int?) -> JSONObject {
        var details: JSONObject
        switch self {
        case .lambdaFunction(let arn): details = ["resource": .string(arn), "input": parameters]
        default:
            details = resourceDetails
            details["region"] = .string(region)
            details["parameters"] = parameters
        }
        if let timeout { details["timeoutInSeconds"] = .integer(timeout) }
        return details
    }

    func dispatch(_ request: TaskRequest, tasks: TaskRegistry, region: String, account: String) async throws -> JSONValue {
        switch self {
        case .lambdaFunction(let arn):
            return try await Self.invokeLambda(arn, request, tasks: tasks, service: arn, compactsErrors: false)
        case .lambdaInvoke:
            guard let name = request.input["FunctionName"]?.stringValue else {
                throw StatesError(error: "States.Runtime", cause: "The lambda:invoke parameters must include FunctionName")
            }
            let arn = name.hasPrefix("arn:") ? name : "arn:aws:lambda:\(region):\(account):function:\(name)"
            var payloadRequest = request
            payloadRequest.input = Self.payload(request.input["Payload"])
            let payload = try await Self.invokeLambda(arn, payloadRequest, tasks: tasks, service: "lambda", compactsErrors: true)
            return ["ExecutedVersion": "$LATEST", "Payload": payload, "StatusCode": 200]
        case .other(let resource, _, _):
            guard let handler = tasks.handler(for: resource) else {
                throw StatesError(error: "States.Runtime",
                                  cause: "No task is configured for the resource '\(resource)'; map it to a command in the task map (--task-map)")
            }
            do {
                return try await handler.invoke(request)
            } catch {
                throw error.error == "States.DataLimitExceeded" ? Self.dataLimitExceeded(resource) : error
            }
        }
    }

    /// Calls a Lambda function's handler. The `lambda:invoke` integration passes a function's error payload on as
    /// compact JSON (`compactsErrors`); the plain function ARN passes it on as the function wrote it.
    static func invokeLambda(_ arn: String, _ request: TaskRequest, tasks: TaskRegistry, service: String,
                             compactsErrors: Bool) async throws -> JSONValue
    {
        let handler = try lambda(arn, tasks: tasks)
        do {
            return try await handler.invoke(request)
        } catch {
            if error.error == "States.DataLimitExceeded" { throw dataLimitExceeded(service) }
            if compactsErrors, let payload = try? JSONValue(parsing: error.cause), case .object = payload {
                throw StatesError(error: error.error, cause: payload.serialized())
            }
            throw error
        }
    }

    /// AWS's wording for a result over the payload limit.
    static func dataLimitExceeded(_ task: String) -> StatesError {
        StatesError(error: "States.DataLimitExceeded",
                    cause: "The state/task '\(task)' returned a result with a size exceeding the maximum number of bytes service limit.")
    }

    /// The handler for a function ARN: an exact or glob entry, else any entry for the same function name.
    static func lambda(_ arn: String, tasks: TaskRegistry) throws(StatesError) -> any TaskHandler {
        if let handler = tasks.handler(for: arn) { return handler }
        let name = arn.split(separator: ":", omittingEmptySubsequences: false).dropFirst(6).first.map(String.init) ?? arn
        if let handler = tasks.handler(where: { $0.hasSuffix(":function:" + name) }) { return handler }
        throw StatesError(error: "Lambda.ResourceNotFoundException",
                          cause: "Function not found: \(arn) (Service: AWSLambda; Status Code: 404; Error Code: ResourceNotFoundException)")
    }

    /// What a Lambda function receives for a `Payload`: a string is sent as raw bytes, so JSON text inside it
    /// arrives parsed; no payload arrives as `{}`.
    static func payload(_ value: JSONValue?) -> JSONValue {
        switch value {
        case nil, .null?: return .object([:])
        case .string(let text)?: return (try? JSONValue(parsing: text)) ?? .string(text)
        case let value?: return value
        }
    }
}
