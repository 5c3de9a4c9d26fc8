public import JSONValue

/// `CreateStateMachine`: a name, an ASL definition and a role, plus optional configuration and tags.
public struct CreateStateMachineInput: StepFunctionsInput {
    /// ``StepFunctionsAction/createStateMachine``.
    public static let action = StepFunctionsAction.createStateMachine
    /// The model's members.
    public static let members: [APIModel.Member] = [
        .init("name", required: true, .name),
        .init("definition", required: true, .definition),
        .init("roleArn", required: true, .arn),
        .init("type", .enumeration(StateMachineType.self)),
        .init("loggingConfiguration", LoggingConfiguration.shape),
        .init("tags", .list(.tag)),
        .init("tracingConfiguration", TracingConfiguration.shape),
        .init("publish", .boolean),
        .init("versionDescription", .versionDescription),
        .init("encryptionConfiguration", EncryptionConfiguration.shape),
    ]

    /// The state machine name (checked: InvalidName).
    public var name: String
    /// The definition as sent (JSON text; validate it with ``StepFunctionsDefinition``).
    public var definition: String
    /// The IAM role ARN (kept; Ferry runs tasks with its own credentials).
    public var roleARN: String
    /// STANDARD (default) or EXPRESS.
    public var type: StateMachineType
    /// Logging, if given.
    public var loggingConfiguration: LoggingConfiguration?
    /// Tags.
    public var tags: [Tag]
    /// Tracing, if given.
    public var tracingConfiguration: TracingConfiguration?
    /// Whether to publish version 1 at once.
    public var publish: Bool
    /// The description of the published version.
    public var versionDescription: String?
    /// Encryption, if given.
    public var encryptionConfiguration: EncryptionConfiguration?

    /// Reads a checked body.
    ///
    /// - Parameter body: The body.
    /// - Throws: InvalidName, InvalidArn, InvalidLoggingConfiguration.
    public init(body: JSONObject) throws(StepFunctionsError) {
        name = body.string("name") ?? ""
        try ResourceName.check(name)
        definition = body.string("definition") ?? ""
        roleARN = body.string("roleArn") ?? ""
        try StepFunctionsARN.checkForeign(roleARN)
        type = body.enumeration("type", as: StateMachineType.self) ?? .standard
        loggingConfiguration = body.object("loggingConfiguration").map(LoggingConfiguration.init(body:))
        try loggingConfiguration?.check()
        tags = Tag.list(body.array("tags"))
        tracingConfiguration = body.object("tracingConfiguration").map(TracingConfiguration.init(body:))
        publish = body.bool("publish") ?? false
        versionDescription = body.string("versionDescription")
        encryptionConfiguration = body.object("encryptionConfiguration").map(EncryptionConfiguration.init(body:))
    }
}

/// `UpdateStateMachine`: a new definition, role or configuration for an existing state machine.
public struct UpdateStateMachineInput: StepFunctionsInput {
    /// ``StepFunctionsAction/updateStateMachine``.
    public static let action = StepFunctionsAction.updateStateMachine
    /// The model's members.
    public static let members: [APIModel.Member] = [
        .init("stateMachineArn", required: true, .arn),
        .init("definition", .definition),
        .init("roleArn", .arn),
        .init("loggingConfiguration", LoggingConfiguration.shape),
        .init("tracingConfiguration", TracingConfiguration.shape),
        .init("publish", .boolean),
        .init("versionDescription", .versionDescription),
        .init("encryptionConfiguration", EncryptionConfiguration.shape),
    ]

    /// The state machine (unqualified).
    public var stateMachineARN: StepFunctionsARN
    /// The new definition, if any.
    public var definition: String?
    /// The new role, if any.
    public var roleARN: String?
    /// New logging, if any.
    public var loggingConfiguration: LoggingConfiguration?
    /// New tracing, if any.
    public var tracingConfiguration: TracingConfiguration?
    /// Whether to publish a version.
    public var publish: Bool
    /// The description of the published version.
    public var versionDescription: String?
    /// New encryption, if any.
    public var encryptionConfiguration: EncryptionConfiguration?

    /// Reads a checked body.
    ///
    /// - Parameter body: The body.
    /// - Throws: InvalidArn, InvalidLoggingConfiguration; MissingRequiredParameter when nothing is to be updated.
    public init(body: JSONObject) throws(StepFunctionsError) {
        stateMachineARN = try body.arn("stateMachineArn", as: [.stateMachine])
        definition = body.string("definition")
        roleARN = body.string("roleArn")
        if let roleARN { try StepFunctionsARN.checkForeign(roleARN) }
        loggingConfiguration = body.object("loggingConfiguration").map(LoggingConfiguration.init(body:))
        try loggingConfiguration?.check()
        tracingConfiguration = body.object("tracingConfiguration").map(TracingConfiguration.init(body:))
        publish = body.bool("publish") ?? false
        versionDescription = body.string("versionDescription")
        encryptionConfiguration = body.object("encryptionConfiguration").map(EncryptionConfiguration.init(body:))
        if definition == nil, roleARN == nil, loggingConfiguration == nil, tracingConfiguration == nil,
            encryptionConfiguration == nil
        {
            throw StepFunctionsError(
                .missingRequiredParameter,
                "Either the definition, the role ARN, the LoggingConfiguration, the EncryptionConfiguration or the "
                    + "TracingConfiguration must be specified")
        }
    }
}

/// `DescribeStateMachine`: a state machine, version or alias.
public struct DescribeStateMachineInput: StepFunctionsInput {
    /// ``StepFunctionsAction/describeStateMachine``.
    public static let action = StepFunctionsAction.describeStateMachine
    /// The model's members.
    public static let members: [APIModel.Member] = [
        .init("stateMachineArn", required: true, .arn),
        .init("includedData", .enumeration(IncludedData.self)),
    ]

    /// The state machine, possibly qualified with a version or alias.
    public var stateMachineARN: StepFunctionsARN
    /// ALL_DATA (default) or METADATA_ONLY.
    public var includedData: IncludedData

    /// Reads a checked body.
    ///
    /// - Parameter body: The body.
    /// - Throws: InvalidArn.
    public init(body: JSONObject) throws(StepFunctionsError) {
        stateMachineARN = try body.arn("stateMachineArn", as: [.stateMachine])
        includedData = body.enumeration("includedData", as: IncludedData.self) ?? .allData
    }
}

/// `ListStateMachines`: one page of state machines.
public struct ListStateMachinesInput: StepFunctionsInput {
    /// ``StepFunctionsAction/listStateMachines``.
    public static let action = StepFunctionsAction.listStateMachines
    /// The model's members.
    public static let members: [APIModel.Member] = [
        .init("maxResults", .pageSize),
        .init("nextToken", .pageToken),
    ]

    /// The page size; 0 or absent means the default (100).
    public var maxResults: Int?
    /// The token of the page to return, from a previous response.
    public var nextToken: String?

    /// Reads a checked body.
    ///
    /// - Parameter body: The body.
    public init(body: JSONObject) throws(StepFunctionsError) {
        maxResults = body.int("maxResults")
        nextToken = body.string("nextToken")
    }
}

/// `DeleteStateMachine`: a state machine, or a version.
public struct DeleteStateMachineInput: StepFunctionsInput {
    /// ``StepFunctionsAction/deleteStateMachine``.
    public static let action = StepFunctionsAction.deleteStateMachine
    /// The model's members.
    public static let members: [APIModel.Member] = [.init("stateMachineArn", required: true, .arn)]

    /// The state machine.
    public var stateMachineARN: StepFunctionsARN

    /// Reads a checked body.
    ///
    /// - Parameter body: The body.
    /// - Throws: InvalidArn.
    public init(body: JSONObject) throws(StepFunctionsError) {
        stateMachineARN = try body.arn("stateMachineArn", as: [.stateMachine])
    }
}

/// `ValidateStateMachineDefinition`: check a definition without creating anything.
public struct ValidateStateMachineDefinitionInput: StepFunctionsInput {
    /// Which diagnostics to return: `ERROR` only (the default), or `WARNING` and above.
    public enum Severity: String, Sendable, Hashable, CaseIterable {
        /// Errors only.
        case error = "ERROR"
        /// Errors and warnings.
        case warning = "WARNING"
    }

    /// ``StepFunctionsAction/validateStateMachineDefinition``.
    public static let action = StepFunctionsAction.validateStateMachineDefinition
    /// The model's members.
    public static let members: [APIModel.Member] = [
        .init("definition", required: true, .definition),
        .init("type", .enumeration(StateMachineType.self)),
        .init("severity", .enumeration(Severity.self)),
        .init("maxResults", .integer(min: 0, max: 100)),
    ]

    /// The definition text.
    public var definition: String
    /// The machine type to validate for (STANDARD by default).
    public var type: StateMachineType
    /// The least severity to return.
    public var severity: Severity
    /// How many diagnostics to return at most; 0 or absent means 100.
    public var maxResults: Int

    /// Reads a checked body.
    ///
    /// - Parameter body: The body.
    public init(body: JSONObject) throws(StepFunctionsError) {
        definition = body.string("definition") ?? ""
        type = body.enumeration("type", as: StateMachineType.self) ?? .standard
        severity = body.enumeration("severity", as: Severity.self) ?? .error
        let max = body.int("maxResults") ?? 0
        maxResults = max == 0 ? 100 : max
    }
}
