/// The actions Ferry serves, named as in `X-Amz-Target: AWSStepFunctions.<Action>`.
public enum StepFunctionsAction: String, Sendable, Hashable, CaseIterable {
    /// CreateStateMachine.
    case createStateMachine = "CreateStateMachine"
    /// UpdateStateMachine.
    case updateStateMachine = "UpdateStateMachine"
    /// DescribeStateMachine.
    case describeStateMachine = "DescribeStateMachine"
    /// ListStateMachines.
    case listStateMachines = "ListStateMachines"
    /// DeleteStateMachine.
    case deleteStateMachine = "DeleteStateMachine"
    /// ValidateStateMachineDefinition.
    case validateStateMachineDefinition = "ValidateStateMachineDefinition"
    /// StartExecution.
    case startExecution = "StartExecution"
    /// StartSyncExecution.
    case startSyncExecution = "StartSyncExecution"
    /// DescribeExecution.
    case describeExecution = "DescribeExecution"
    /// ListExecutions.
    case listExecutions = "ListExecutions"
    /// StopExecution.
    case stopExecution = "StopExecution"
    /// GetExecutionHistory.
    case getExecutionHistory = "GetExecutionHistory"
    /// RedriveExecution.
    case redriveExecution = "RedriveExecution"
    /// SendTaskSuccess.
    case sendTaskSuccess = "SendTaskSuccess"
    /// SendTaskFailure.
    case sendTaskFailure = "SendTaskFailure"
    /// SendTaskHeartbeat.
    case sendTaskHeartbeat = "SendTaskHeartbeat"
    /// TagResource.
    case tagResource = "TagResource"
    /// UntagResource.
    case untagResource = "UntagResource"
    /// ListTagsForResource.
    case listTagsForResource = "ListTagsForResource"

    /// The `X-Amz-Target` prefix of the service.
    public static let targetPrefix = "AWSStepFunctions."

    /// The `X-Amz-Target` value, such as `AWSStepFunctions.StartExecution`.
    public var target: String { Self.targetPrefix + rawValue }

    /// The input type of the action.
    public var inputType: any StepFunctionsInput.Type {
        switch self {
        case .createStateMachine: CreateStateMachineInput.self
        case .updateStateMachine: UpdateStateMachineInput.self
        case .describeStateMachine: DescribeStateMachineInput.self
        case .listStateMachines: ListStateMachinesInput.self
        case .deleteStateMachine: DeleteStateMachineInput.self
        case .validateStateMachineDefinition: ValidateStateMachineDefinitionInput.self
        case .startExecution: StartExecutionInput.self
        case .startSyncExecution: StartSyncExecutionInput.self
        case .describeExecution: DescribeExecutionInput.self
        case .listExecutions: ListExecutionsInput.self
        case .stopExecution: StopExecutionInput.self
        case .getExecutionHistory: GetExecutionHistoryInput.self
        case .redriveExecution: RedriveExecutionInput.self
        case .sendTaskSuccess: SendTaskSuccessInput.self
        case .sendTaskFailure: SendTaskFailureInput.self
        case .sendTaskHeartbeat: SendTaskHeartbeatInput.self
        case .tagResource: TagResourceInput.self
        case .untagResource: UntagResourceInput.self
        case .listTagsForResource: ListTagsForResourceInput.self
        }
    }
}
