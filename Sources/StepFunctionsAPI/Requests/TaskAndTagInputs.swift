public import JSONValue

/// `SendTaskSuccess`: complete a `.waitForTaskToken` task with its output.
public struct SendTaskSuccessInput: StepFunctionsInput {
    /// ``StepFunctionsAction/sendTaskSuccess``.
    public static let action = StepFunctionsAction.sendTaskSuccess
    /// The model's members.
    public static let members: [APIModel.Member] = [
        .init("taskToken", required: true, .taskToken),
        .init("output", required: true, .sensitiveData),
    ]

    /// The task token the task was given.
    public var taskToken: String
    /// The output JSON text (checked: InvalidOutput).
    public var output: String

    /// Reads a checked body.
    ///
    /// - Parameter body: The body.
    /// - Throws: InvalidOutput.
    public init(body: JSONObject) throws(StepFunctionsError) {
        taskToken = body.string("taskToken") ?? ""
        output = try checkJSONText(body.string("output"), code: .invalidOutput, prefix: "Invalid Output") ?? "{}"
    }
}

/// `SendTaskFailure`: fail a `.waitForTaskToken` task with an error and cause.
public struct SendTaskFailureInput: StepFunctionsInput {
    /// ``StepFunctionsAction/sendTaskFailure``.
    public static let action = StepFunctionsAction.sendTaskFailure
    /// The model's members.
    public static let members: [APIModel.Member] = [
        .init("taskToken", required: true, .taskToken),
        .init("error", .sensitiveError),
        .init("cause", .sensitiveCause),
    ]

    /// The task token.
    public var taskToken: String
    /// The error name, if any.
    public var error: String?
    /// The cause, if any.
    public var cause: String?

    /// Reads a checked body.
    ///
    /// - Parameter body: The body.
    public init(body: JSONObject) throws(StepFunctionsError) {
        taskToken = body.string("taskToken") ?? ""
        error = body.string("error")
        cause = body.string("cause")
    }
}

/// `SendTaskHeartbeat`: tell a `.waitForTaskToken` task with `HeartbeatSeconds` that its worker is alive.
public struct SendTaskHeartbeatInput: StepFunctionsInput {
    /// ``StepFunctionsAction/sendTaskHeartbeat``.
    public static let action = StepFunctionsAction.sendTaskHeartbeat
    /// The model's members.
    public static let members: [APIModel.Member] = [.init("taskToken", required: true, .taskToken)]

    /// The task token.
    public var taskToken: String

    /// Reads a checked body.
    ///
    /// - Parameter body: The body.
    public init(body: JSONObject) throws(StepFunctionsError) {
        taskToken = body.string("taskToken") ?? ""
    }
}

/// `TagResource`: add or replace tags on a state machine or activity.
public struct TagResourceInput: StepFunctionsInput {
    /// ``StepFunctionsAction/tagResource``.
    public static let action = StepFunctionsAction.tagResource
    /// The model's members.
    public static let members: [APIModel.Member] = [
        .init("resourceArn", required: true, .arn),
        .init("tags", required: true, .list(.tag)),
    ]

    /// The state machine or activity.
    public var resourceARN: StepFunctionsARN
    /// The tags to set.
    public var tags: [Tag]

    /// Reads a checked body.
    ///
    /// - Parameter body: The body.
    /// - Throws: InvalidArn.
    public init(body: JSONObject) throws(StepFunctionsError) {
        resourceARN = try body.arn("resourceArn", as: taggable)
        tags = Tag.list(body.array("tags"))
    }
}

/// `UntagResource`: remove tags by key.
public struct UntagResourceInput: StepFunctionsInput {
    /// ``StepFunctionsAction/untagResource``.
    public static let action = StepFunctionsAction.untagResource
    /// The model's members.
    public static let members: [APIModel.Member] = [
        .init("resourceArn", required: true, .arn),
        .init("tagKeys", required: true, .list(.string(min: 1, max: 128))),
    ]

    /// The state machine or activity.
    public var resourceARN: StepFunctionsARN
    /// The keys of the tags to remove.
    public var tagKeys: [String]

    /// Reads a checked body.
    ///
    /// - Parameter body: The body.
    /// - Throws: InvalidArn.
    public init(body: JSONObject) throws(StepFunctionsError) {
        resourceARN = try body.arn("resourceArn", as: taggable)
        tagKeys = (body.array("tagKeys") ?? []).compactMap(\.stringValue)
    }
}

/// `ListTagsForResource`.
public struct ListTagsForResourceInput: StepFunctionsInput {
    /// ``StepFunctionsAction/listTagsForResource``.
    public static let action = StepFunctionsAction.listTagsForResource
    /// The model's members.
    public static let members: [APIModel.Member] = [.init("resourceArn", required: true, .arn)]

    /// The state machine or activity.
    public var resourceARN: StepFunctionsARN

    /// Reads a checked body.
    ///
    /// - Parameter body: The body.
    /// - Throws: InvalidArn.
    public init(body: JSONObject) throws(StepFunctionsError) {
        resourceARN = try body.arn("resourceArn", as: taggable)
    }
}

/// The resource types that carry tags.
private let taggable: Set<StepFunctionsARN.ResourceType> = [.stateMachine, .activity]
