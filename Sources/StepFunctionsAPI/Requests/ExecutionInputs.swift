public import JSONValue

/// `StartExecution`: run a state machine (or a version or alias) with a JSON input.
public struct StartExecutionInput: StepFunctionsInput {
    /// ``StepFunctionsAction/startExecution``.
    public static let action = StepFunctionsAction.startExecution
    /// The model's members.
    public static let members: [APIModel.Member] = [
        .init("stateMachineArn", required: true, .arn),
        .init("name", .name),
        .init("input", .sensitiveData),
        .init("traceHeader", .traceHeader),
    ]

    /// The state machine, possibly qualified with a version or alias.
    public var stateMachineARN: StepFunctionsARN
    /// The execution name, if given (checked: InvalidName); the server makes one up otherwise.
    public var name: String?
    /// The input JSON text (checked: InvalidExecutionInput); `{}` when absent.
    public var input: String
    /// The X-Ray trace header, if given.
    public var traceHeader: String?

    /// Reads a checked body.
    ///
    /// - Parameter body: The body.
    /// - Throws: InvalidArn, InvalidName, InvalidExecutionInput.
    public init(body: JSONObject) throws(StepFunctionsError) {
        stateMachineARN = try body.arn("stateMachineArn", as: [.stateMachine])
        name = body.string("name")
        if let name { try ResourceName.check(name) }
        input =
            try checkJSONText(
                body.string("input"), code: .invalidExecutionInput, prefix: "Invalid State Machine Execution Input")
            ?? "{}"
        traceHeader = body.string("traceHeader")
    }
}

/// `StartSyncExecution`: run an EXPRESS state machine and wait for its result.
public struct StartSyncExecutionInput: StepFunctionsInput {
    /// ``StepFunctionsAction/startSyncExecution``.
    public static let action = StepFunctionsAction.startSyncExecution
    /// The model's members.
    public static let members: [APIModel.Member] =
        StartExecutionInput.members + [.init("includedData", .enumeration(IncludedData.self))]

    /// What StartSyncExecution shares with StartExecution: the state machine, name, input and trace header.
    public var execution: StartExecutionInput
    /// ALL_DATA (default) or METADATA_ONLY.
    public var includedData: IncludedData

    /// Reads a checked body.
    ///
    /// - Parameter body: The body.
    /// - Throws: InvalidArn, InvalidName, InvalidExecutionInput.
    public init(body: JSONObject) throws(StepFunctionsError) {
        execution = try StartExecutionInput(body: body)
        includedData = body.enumeration("includedData", as: IncludedData.self) ?? .allData
    }
}

/// `DescribeExecution`.
public struct DescribeExecutionInput: StepFunctionsInput {
    /// ``StepFunctionsAction/describeExecution``.
    public static let action = StepFunctionsAction.describeExecution
    /// The model's members.
    public static let members: [APIModel.Member] = [
        .init("executionArn", required: true, .arn),
        .init("includedData", .enumeration(IncludedData.self)),
    ]

    /// The execution.
    public var executionARN: StepFunctionsARN
    /// ALL_DATA (default) or METADATA_ONLY.
    public var includedData: IncludedData

    /// Reads a checked body.
    ///
    /// - Parameter body: The body.
    /// - Throws: InvalidArn.
    public init(body: JSONObject) throws(StepFunctionsError) {
        executionARN = try body.arn("executionArn", as: [.execution, .express])
        includedData = body.enumeration("includedData", as: IncludedData.self) ?? .allData
    }
}

/// `ListExecutions`: one page of a state machine's (or a map run's) executions.
public struct ListExecutionsInput: StepFunctionsInput {
    /// ``StepFunctionsAction/listExecutions``.
    public static let action = StepFunctionsAction.listExecutions
    /// The model's members.
    public static let members: [APIModel.Member] = [
        .init("stateMachineArn", .arn),
        .init("statusFilter", .enumeration(ExecutionStatus.self)),
        .init("maxResults", .pageSize),
        .init("nextToken", .string(min: 1, max: 3096)),
        .init("mapRunArn", .longArn),
        .init("redriveFilter", .enumeration(ExecutionRedriveFilter.self)),
    ]

    /// The state machine (or version or alias), unless ``mapRunARN`` is given.
    public var stateMachineARN: StepFunctionsARN?
    /// Only executions with this status.
    public var statusFilter: ExecutionStatus?
    /// The page size; 0 or absent means the default (100).
    public var maxResults: Int?
    /// The token of the page to return.
    public var nextToken: String?
    /// The map run whose child executions to list, instead of a state machine's.
    public var mapRunARN: StepFunctionsARN?
    /// Only redriven, or only never-redriven, executions.
    public var redriveFilter: ExecutionRedriveFilter?

    /// Reads a checked body.
    ///
    /// - Parameter body: The body.
    /// - Throws: InvalidArn; ValidationException unless exactly one of `stateMachineArn` and `mapRunArn` is given.
    public init(body: JSONObject) throws(StepFunctionsError) {
        let machine = body.string("stateMachineArn")
        let mapRun = body.string("mapRunArn")
        guard (machine == nil) != (mapRun == nil) else {
            throw StepFunctionsError(
                .validationException, "Must provide a StateMachine ARN or MapRun ARN",
                reason: machine == nil ? "MISSING_REQUIRED_PARAMETER" : nil)
        }
        stateMachineARN = try machine.map { (text) throws(StepFunctionsError) in
            try StepFunctionsARN(parsing: text, as: [.stateMachine])
        }
        mapRunARN = try mapRun.map { (text) throws(StepFunctionsError) in
            try StepFunctionsARN(parsing: text, as: [.mapRun])
        }
        statusFilter = body.enumeration("statusFilter", as: ExecutionStatus.self)
        maxResults = body.int("maxResults")
        nextToken = body.string("nextToken")
        redriveFilter = body.enumeration("redriveFilter", as: ExecutionRedriveFilter.self)
    }
}

/// `StopExecution`: abort a running execution, with an optional error and cause.
public struct StopExecutionInput: StepFunctionsInput {
    /// ``StepFunctionsAction/stopExecution``.
    public static let action = StepFunctionsAction.stopExecution
    /// The model's members.
    public static let members: [APIModel.Member] = [
        .init("executionArn", required: true, .arn),
        .init("error", .sensitiveError),
        .init("cause", .sensitiveCause),
    ]

    /// The execution.
    public var executionARN: StepFunctionsARN
    /// The error name to record, if any.
    public var error: String?
    /// The cause to record, if any.
    public var cause: String?

    /// Reads a checked body.
    ///
    /// - Parameter body: The body.
    /// - Throws: InvalidArn.
    public init(body: JSONObject) throws(StepFunctionsError) {
        executionARN = try body.arn("executionArn", as: [.execution, .express])
        error = body.string("error")
        cause = body.string("cause")
    }
}

/// `GetExecutionHistory`: one page of an execution's events.
public struct GetExecutionHistoryInput: StepFunctionsInput {
    /// ``StepFunctionsAction/getExecutionHistory``.
    public static let action = StepFunctionsAction.getExecutionHistory
    /// The model's members.
    public static let members: [APIModel.Member] = [
        .init("executionArn", required: true, .arn),
        .init("maxResults", .pageSize),
        .init("reverseOrder", .boolean),
        .init("nextToken", .pageToken),
        .init("includeExecutionData", .boolean),
    ]

    /// The execution.
    public var executionARN: StepFunctionsARN
    /// The page size; 0 or absent means the default (100).
    public var maxResults: Int?
    /// Newest first when `true`.
    public var reverseOrder: Bool
    /// The token of the page to return.
    public var nextToken: String?
    /// Whether events carry inputs and outputs (default `true`).
    public var includeExecutionData: Bool

    /// Reads a checked body.
    ///
    /// - Parameter body: The body.
    /// - Throws: InvalidArn.
    public init(body: JSONObject) throws(StepFunctionsError) {
        executionARN = try body.arn("executionArn", as: [.execution, .express])
        maxResults = body.int("maxResults")
        reverseOrder = body.bool("reverseOrder") ?? false
        nextToken = body.string("nextToken")
        includeExecutionData = body.bool("includeExecutionData") ?? true
    }
}

/// `RedriveExecution`: restart a failed, timed-out or aborted execution from where it stopped.
public struct RedriveExecutionInput: StepFunctionsInput {
    /// ``StepFunctionsAction/redriveExecution``.
    public static let action = StepFunctionsAction.redriveExecution
    /// The model's members.
    public static let members: [APIModel.Member] = [
        .init("executionArn", required: true, .arn),
        .init("clientToken", .string(min: 1, max: 64, pattern: .visibleASCII)),
    ]

    /// The execution.
    public var executionARN: StepFunctionsARN
    /// An idempotency token, if given.
    public var clientToken: String?

    /// Reads a checked body.
    ///
    /// - Parameter body: The body.
    /// - Throws: InvalidArn.
    public init(body: JSONObject) throws(StepFunctionsError) {
        executionARN = try body.arn("executionArn", as: [.execution])
        clientToken = body.string("clientToken")
    }
}
