import JSONValue
public import StepFunctionsAPI
import Store

#if canImport(FoundationEssentials)
    import FoundationEssentials
#else
    import Foundation
#endif

extension StepFunctionsService {
    /// Runs a decoded request against the store and the launcher.
    ///
    /// - Parameter request: The decoded, validated request.
    /// - Returns: The 200 response with the action's output.
    /// - Throws: ``StepFunctionsError`` for every client error (a ``StoreError`` becomes AWS's error for it); any
    ///   other error is an internal failure, which ``handle(_:)`` answers as InternalFailure.
    public func respond(to request: StepFunctionsRequest) async throws -> StepFunctionsResponse {
        do {
            return try await perform(request)
        } catch let error as StoreError {
            guard let mapped = Self.awsError(error, subject: subject(of: request)) else { throw error }
            throw mapped
        }
    }

    private func perform(_ request: StepFunctionsRequest) async throws -> StepFunctionsResponse {
        switch request {
        case .createStateMachine(let input): return try await createStateMachine(input)
        case .updateStateMachine(let input): return try await updateStateMachine(input)
        case .describeStateMachine(let input): return try await describeStateMachine(input)
        case .listStateMachines(let input):
            let page = try await store.listStateMachines(maxResults: input.maxResults ?? 0, nextToken: input.nextToken)
            return ListStateMachinesOutput(
                items: page.items.map {
                    StateMachineListItem(
                        stateMachineARN: $0.arn, name: $0.name, type: StateMachineType(rawValue: $0.type) ?? .standard,
                        creationDate: $0.creationDate)
                }, nextToken: page.nextToken
            ).response
        case .deleteStateMachine(let input):
            do {
                try await store.deleteStateMachine(arn: input.stateMachineARN.description)
            } catch let error as StoreError where error.code == .stateMachineDoesNotExist {
                // AWS answers 200 for a state machine that is already gone.
            }
            return StepFunctionsResponse()
        case .validateStateMachineDefinition(let input):
            return StepFunctionsResponse(body: StepFunctionsDefinition.validate(input))
        case .startExecution(let input):
            let started = try await start(input)
            if started.isNew { await launcher.launch(started.execution) }
            return StartExecutionOutput(executionARN: started.execution.arn, startDate: started.execution.startDate)
                .response
        case .startSyncExecution(let input): return try await startSyncExecution(input)
        case .describeExecution(let input):
            let record = try await store.describeExecution(arn: input.executionARN.description)
            return Self.describeOutput(record, includeData: input.includedData == .allData).response
        case .listExecutions(let input): return try await listExecutions(input)
        case .stopExecution(let input):
            let arn = input.executionARN.description
            try await store.requestStop(arn: arn, error: input.error, cause: input.cause)
            await launcher.stopRequested(executionArn: arn)
            let record = try await store.describeExecution(arn: arn)
            return StopExecutionOutput(stopDate: record.stopDate ?? configuration.now()).response
        case .getExecutionHistory(let input):
            let page = try await store.history(
                executionArn: input.executionARN.description, reverseOrder: input.reverseOrder,
                maxResults: input.maxResults ?? 0, nextToken: input.nextToken)
            return GetExecutionHistoryOutput(
                events: page.items.map { $0.awsJSON(includeExecutionData: input.includeExecutionData) },
                nextToken: page.nextToken
            ).response
        case .redriveExecution(let input):
            let record = try await store.redriveExecution(arn: input.executionARN.description)
            await launcher.launch(record)
            return RedriveExecutionOutput(redriveDate: record.redriveDate ?? configuration.now()).response
        case .sendTaskSuccess(let input):
            let output = try JSONValue(parsing: input.output)
            try await store.completeTaskToken(token: input.taskToken, result: .success(output))
            await launcher.taskTokenAnswered(input.taskToken)
            return StepFunctionsResponse()
        case .sendTaskFailure(let input):
            try await store.completeTaskToken(
                token: input.taskToken, result: .failure(error: input.error, cause: input.cause))
            await launcher.taskTokenAnswered(input.taskToken)
            return StepFunctionsResponse()
        case .sendTaskHeartbeat(let input):
            try await store.heartbeat(token: input.taskToken)
            return StepFunctionsResponse()
        case .tagResource(let input):
            let arn = input.resourceARN.description
            var tags = try await store.tags(resourceArn: arn)
            for tag in input.tags { tags[tag.key] = tag.value }
            guard tags.count <= Self.maximumTags else { throw Self.tooManyTags }
            try await store.tagResource(
                resourceArn: arn, tags: Dictionary(input.tags.map { ($0.key, $0.value) }, uniquingKeysWith: { $1 }))
            return StepFunctionsResponse()
        case .untagResource(let input):
            try await store.untagResource(resourceArn: input.resourceARN.description, keys: input.tagKeys)
            return StepFunctionsResponse()
        case .listTagsForResource(let input):
            let tags = try await store.tags(resourceArn: input.resourceARN.description)
            return ListTagsForResourceOutput(
                tags: tags.sorted { $0.key < $1.key }.map { Tag(key: $0.key, value: $0.value) }
            ).response
        }
    }

    /// How many tags a resource may have (AWS's quota).
    static let maximumTags = 50

    /// The error for more than ``maximumTags`` tags.
    static let tooManyTags = StepFunctionsError(
        .tooManyTags, "Too many tags: a resource can have at most \(maximumTags) tags")

    // MARK: State machines

    private func createStateMachine(_ input: CreateStateMachineInput) async throws -> StepFunctionsResponse {
        _ = try StepFunctionsDefinition.check(input.definition, type: input.type)
        let tags = Dictionary(input.tags.map { ($0.key, $0.value) }, uniquingKeysWith: { $1 })
        guard tags.count <= Self.maximumTags else { throw Self.tooManyTags }
        let record: StateMachineRecord
        do {
            record = try await store.createStateMachine(
                name: input.name, definition: input.definition, roleArn: input.roleARN, type: input.type.rawValue,
                tags: tags)
        } catch let error as StoreError where error.code == .stateMachineAlreadyExists {
            // AWS's idempotency: the same name, definition, role and type answer with the existing machine.
            let existing = try await store.describeStateMachine(arn: store.stateMachineArn(name: input.name))
            guard existing.definition == input.definition, existing.roleArn == input.roleARN,
                existing.type == input.type.rawValue
            else {
                throw StepFunctionsError(.stateMachineAlreadyExists, "State Machine Already Exists: '\(existing.arn)'")
            }
            record = existing
        }
        return CreateStateMachineOutput(
            stateMachineARN: record.arn, creationDate: record.creationDate,
            stateMachineVersionARN: input.publish ? "\(record.arn):\(record.version)" : nil
        ).response
    }

    private func updateStateMachine(_ input: UpdateStateMachineInput) async throws -> StepFunctionsResponse {
        let arn = input.stateMachineARN.description
        let current = try await store.describeStateMachine(arn: arn)
        if let definition = input.definition {
            let type = StateMachineType(rawValue: current.type) ?? .standard
            _ = try StepFunctionsDefinition.check(definition, type: type)
        }
        var updated = current
        if input.definition != nil || input.roleARN != nil {
            updated = try await store.updateStateMachine(
                arn: arn, definition: input.definition ?? current.definition, roleArn: input.roleARN)
        }
        return UpdateStateMachineOutput(
            updateDate: input.definition != nil || input.roleARN != nil ? updated.updateDate : configuration.now(),
            revisionID: String(updated.version),
            stateMachineVersionARN: input.publish ? "\(updated.arn):\(updated.version)" : nil
        ).response
    }

    private func describeStateMachine(_ input: DescribeStateMachineInput) async throws -> StepFunctionsResponse {
        let record = try await store.describeStateMachine(arn: input.stateMachineARN.description)
        var output = DescribeStateMachineOutput(
            stateMachineARN: input.stateMachineARN.description, name: record.name, definition: record.definition,
            roleARN: record.roleArn, type: StateMachineType(rawValue: record.type) ?? .standard,
            creationDate: input.stateMachineARN.qualifier == nil ? record.creationDate : record.updateDate)
        output.revisionID = String(record.version)
        // The store keeps no logging or tracing configuration: answer with AWS's defaults.
        output.loggingConfiguration = LoggingConfiguration(level: .off, includeExecutionData: false)
        output.tracingConfiguration = TracingConfiguration(isEnabled: false)
        return output.response
    }

    // MARK: Executions

    private func start(_ input: StartExecutionInput) async throws -> StartExecutionResult {
        let executionInput = try JSONValue(parsing: input.input)
        do {
            return try await store.startExecution(
                stateMachineArn: input.stateMachineARN.description, name: input.name, input: executionInput)
        } catch let error as StoreError where error.code == .executionAlreadyExists {
            let arn = StepFunctionsARN.execution(
                input.name ?? "", stateMachine: input.stateMachineARN.stateMachineName ?? "",
                region: input.stateMachineARN.region, accountID: input.stateMachineARN.accountID,
                partition: input.stateMachineARN.partition)
            throw StepFunctionsError(.executionAlreadyExists, "Execution Already Exists: '\(arn)'")
        }
    }

    private func startSyncExecution(_ input: StartSyncExecutionInput) async throws -> StepFunctionsResponse {
        let machine = try await store.describeStateMachine(arn: input.execution.stateMachineARN.description)
        guard machine.type == StateMachineType.express.rawValue else {
            throw StepFunctionsError(
                .stateMachineTypeNotSupported, "This operation is not supported by this type of state machine")
        }
        let started = try await start(input.execution)
        let record =
            started.isNew || started.execution.status == .running
            ? try await launcher.runSync(started.execution) : started.execution
        let status: StartSyncExecutionOutput.Status =
            switch record.status {
            case .succeeded: .succeeded
            case .timedOut: .timedOut
            default: .failed
            }
        var output = StartSyncExecutionOutput(
            executionARN: record.arn, startDate: record.startDate, stopDate: record.stopDate ?? configuration.now(),
            status: status)
        output.stateMachineARN = record.stateMachineArn
        output.name = record.name
        output.error = record.error
        output.cause = record.cause
        if input.includedData == .allData {
            output.input = record.input.serialized()
            output.output = record.output?.serialized()
        }
        return output.response
    }

    private func listExecutions(_ input: ListExecutionsInput) async throws -> StepFunctionsResponse {
        guard let machine = input.stateMachineARN else {
            throw StepFunctionsError(.resourceNotFound, "Resource not found: '\(input.mapRunARN?.description ?? "")'")
        }
        let page = try await store.listExecutions(
            stateMachineArn: machine.description,
            statusFilter: input.statusFilter.flatMap { StoredExecutionStatus(rawValue: $0.rawValue) },
            maxResults: input.maxResults ?? 0, nextToken: input.nextToken)
        let records = page.items.filter { record in
            switch input.redriveFilter {
            case .redriven: record.redriveCount > 0
            case .notRedriven: record.redriveCount == 0
            case nil: true
            }
        }
        return ListExecutionsOutput(
            items: records.map { record in
                var item = ExecutionListItem(
                    executionARN: record.arn, stateMachineARN: record.stateMachineArn, name: record.name,
                    status: Self.status(record.status), startDate: record.startDate, stopDate: record.stopDate)
                item.redriveCount = record.redriveCount
                item.redriveDate = record.redriveDate
                return item
            }, nextToken: page.nextToken
        ).response
    }

    /// DescribeExecution's output for a stored execution.
    ///
    /// - Parameters:
    ///   - record: The execution.
    ///   - includeData: Whether to include the input and output (`ALL_DATA`).
    /// - Returns: The output.
    static func describeOutput(_ record: ExecutionRecord, includeData: Bool) -> DescribeExecutionOutput {
        var output = DescribeExecutionOutput(
            executionARN: record.arn, stateMachineARN: record.stateMachineArn, status: status(record.status),
            startDate: record.startDate)
        output.name = record.name
        output.stopDate = record.stopDate
        if includeData {
            output.input = record.input.serialized()
            output.output = record.output?.serialized()
        }
        output.error = record.error
        output.cause = record.cause
        output.redriveCount = record.redriveCount
        output.redriveDate = record.redriveDate
        switch record.status {
        case .failed, .timedOut, .aborted:
            output.redriveStatus = "REDRIVABLE"
        default:
            output.redriveStatus = "NOT_REDRIVABLE"
            output.redriveStatusReason = "Execution is \(record.status.rawValue) and cannot be redriven"
        }
        return output
    }

    /// The API's status for a stored status.
    static func status(_ status: StoredExecutionStatus) -> StepFunctionsAPI.ExecutionStatus {
        StepFunctionsAPI.ExecutionStatus(rawValue: status.rawValue) ?? .running
    }

    // MARK: Errors

    /// The ARN (or name) a request is about, for AWS's messages.
    private func subject(of request: StepFunctionsRequest) -> String {
        switch request {
        case .createStateMachine(let input): store.stateMachineArn(name: input.name)
        case .updateStateMachine(let input): input.stateMachineARN.description
        case .describeStateMachine(let input): input.stateMachineARN.description
        case .deleteStateMachine(let input): input.stateMachineARN.description
        case .startExecution(let input): input.stateMachineARN.description
        case .startSyncExecution(let input): input.execution.stateMachineARN.description
        case .listExecutions(let input): input.stateMachineARN?.description ?? ""
        case .describeExecution(let input): input.executionARN.description
        case .stopExecution(let input): input.executionARN.description
        case .getExecutionHistory(let input): input.executionARN.description
        case .redriveExecution(let input): input.executionARN.description
        case .tagResource(let input): input.resourceARN.description
        case .untagResource(let input): input.resourceARN.description
        case .listTagsForResource(let input): input.resourceARN.description
        case .listStateMachines, .validateStateMachineDefinition, .sendTaskSuccess, .sendTaskFailure,
            .sendTaskHeartbeat:
            ""
        }
    }

    /// AWS's error for a store error, in AWS's words for the codes clients match on; `nil` for codes AWS has none
    /// of (the service answers InternalFailure).
    ///
    /// - Parameters:
    ///   - error: The store error.
    ///   - subject: The ARN the request is about.
    /// - Returns: The error.
    static func awsError(_ error: StoreError, subject: String) -> StepFunctionsError? {
        guard let name = error.code.awsErrorName else { return nil }
        let message: String =
            switch error.code {
            case .stateMachineDoesNotExist: "State Machine Does Not Exist: '\(subject)'"
            case .executionDoesNotExist: "Execution Does Not Exist: '\(subject)'"
            case .stateMachineAlreadyExists: "State Machine Already Exists: '\(subject)'"
            case .resourceNotFound: "Resource not found: '\(subject)'"
            default: error.message
            }
        return StepFunctionsError(StepFunctionsError.Code(rawValue: name), message)
    }
}
