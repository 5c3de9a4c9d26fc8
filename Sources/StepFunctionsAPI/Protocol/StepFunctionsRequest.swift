internal import JSONValue

/// A decoded request: one case per action, each with its typed input.
///
/// ```swift
/// do {
///     switch try StepFunctionsRequest.decode(httpRequest) {
///     case .startExecution(let input): ...
///     default: ...
///     }
/// } catch {
///     send(error.response)   // AWS's error shape, never a 500 for bad input
/// }
/// ```
public enum StepFunctionsRequest: Sendable, Hashable {
    /// CreateStateMachine.
    case createStateMachine(CreateStateMachineInput)
    /// UpdateStateMachine.
    case updateStateMachine(UpdateStateMachineInput)
    /// DescribeStateMachine.
    case describeStateMachine(DescribeStateMachineInput)
    /// ListStateMachines.
    case listStateMachines(ListStateMachinesInput)
    /// DeleteStateMachine.
    case deleteStateMachine(DeleteStateMachineInput)
    /// ValidateStateMachineDefinition.
    case validateStateMachineDefinition(ValidateStateMachineDefinitionInput)
    /// StartExecution.
    case startExecution(StartExecutionInput)
    /// StartSyncExecution.
    case startSyncExecution(StartSyncExecutionInput)
    /// DescribeExecution.
    case describeExecution(DescribeExecutionInput)
    /// ListExecutions.
    case listExecutions(ListExecutionsInput)
    /// StopExecution.
    case stopExecution(StopExecutionInput)
    /// GetExecutionHistory.
    case getExecutionHistory(GetExecutionHistoryInput)
    /// RedriveExecution.
    case redriveExecution(RedriveExecutionInput)
    /// SendTaskSuccess.
    case sendTaskSuccess(SendTaskSuccessInput)
    /// SendTaskFailure.
    case sendTaskFailure(SendTaskFailureInput)
    /// SendTaskHeartbeat.
    case sendTaskHeartbeat(SendTaskHeartbeatInput)
    /// TagResource.
    case tagResource(TagResourceInput)
    /// UntagResource.
    case untagResource(UntagResourceInput)
    /// ListTagsForResource.
    case listTagsForResource(ListTagsForResourceInput)

    /// Limits applied before a body is parsed.
    public struct Configuration: Sendable {
        /// The largest body accepted, in bytes; larger ones are refused with RequestEntityTooLarge.
        ///
        /// Default 2 MiB: room for a 1 MiB definition with JSON string escaping. The per-field limits (1 MiB
        /// definitions, 256 KiB inputs) are checked after parsing, with AWS's ValidationException.
        public var maximumBodySize: Int

        /// Creates a configuration.
        ///
        /// - Parameter maximumBodySize: The largest body accepted, in bytes.
        public init(maximumBodySize: Int = 2 * 1_048_576) {
            self.maximumBodySize = maximumBodySize
        }
    }

    /// The action of this request.
    public var action: StepFunctionsAction {
        switch self {
        case .createStateMachine: .createStateMachine
        case .updateStateMachine: .updateStateMachine
        case .describeStateMachine: .describeStateMachine
        case .listStateMachines: .listStateMachines
        case .deleteStateMachine: .deleteStateMachine
        case .validateStateMachineDefinition: .validateStateMachineDefinition
        case .startExecution: .startExecution
        case .startSyncExecution: .startSyncExecution
        case .describeExecution: .describeExecution
        case .listExecutions: .listExecutions
        case .stopExecution: .stopExecution
        case .getExecutionHistory: .getExecutionHistory
        case .redriveExecution: .redriveExecution
        case .sendTaskSuccess: .sendTaskSuccess
        case .sendTaskFailure: .sendTaskFailure
        case .sendTaskHeartbeat: .sendTaskHeartbeat
        case .tagResource: .tagResource
        case .untagResource: .untagResource
        case .listTagsForResource: .listTagsForResource
        }
    }

    /// Decodes an HTTP request of the JSON 1.0 protocol.
    ///
    /// Checks, in order: `POST /` (else UnknownOperationException); a body no larger than
    /// ``Configuration/maximumBodySize`` (else RequestEntityTooLarge, HTTP 413); `Content-Type:
    /// application/x-amz-json-1.0` (1.1 is accepted too; anything else is UnknownOperationException, as AWS
    /// finds no operation for it); `X-Amz-Target: AWSStepFunctions.<Action>` naming an action of
    /// ``StepFunctionsAction`` (else UnknownOperationException); then the body, see ``decode(action:body:)``.
    /// Signatures are not checked here: see ``SigV4Verifier``.
    ///
    /// - Parameters:
    ///   - request: The HTTP request.
    ///   - configuration: The limits.
    /// - Returns: The typed request.
    /// - Throws: ``StepFunctionsError``, always a 4xx.
    public static func decode(_ request: StepFunctionsHTTPRequest, configuration: Configuration = Configuration())
        throws(StepFunctionsError) -> StepFunctionsRequest
    {
        let target = request.header("x-amz-target")
        guard request.method.uppercased() == "POST", request.path == "/" else {
            throw StepFunctionsError(
                .unknownOperationException,
                "Unknown operation: \(request.method.uppercased()) \(request.path) is not an operation of this service")
        }
        guard request.body.count <= configuration.maximumBodySize else {
            throw StepFunctionsError(
                .requestEntityTooLarge,
                "Request entity too large: \(request.body.count) bytes; the limit is \(configuration.maximumBodySize)")
        }
        let contentType =
            (request.header("content-type") ?? "")
            .split(separator: ";", maxSplits: 1).first.map { $0.trimmingSpaces().lowercased() } ?? ""
        guard contentType == "application/x-amz-json-1.0" || contentType == "application/x-amz-json-1.1" else {
            throw StepFunctionsError(
                .unknownOperationException,
                contentType.isEmpty
                    ? "Unknown operation: the request has no Content-Type; use application/x-amz-json-1.0"
                    : "Unknown operation: unsupported Content-Type '\(contentType)'; use application/x-amz-json-1.0")
        }
        guard let target, target.hasPrefix(StepFunctionsAction.targetPrefix),
            let action = StepFunctionsAction(rawValue: String(target.dropFirst(StepFunctionsAction.targetPrefix.count)))
        else {
            throw StepFunctionsError(
                .unknownOperationException,
                target.map { "Unknown operation: \($0)" } ?? "Unknown operation: the request has no X-Amz-Target header"
            )
        }
        return try decode(action: action, body: request.body)
    }

    /// Decodes the body of a request whose action is known.
    ///
    /// An empty body reads as `{}`. The body must be a JSON object (else SerializationException), then it is
    /// checked against the action's ``StepFunctionsInput/members`` and read (see ``StepFunctionsInput``).
    ///
    /// - Parameters:
    ///   - action: The action.
    ///   - body: The body bytes.
    /// - Returns: The typed request.
    /// - Throws: ``StepFunctionsError``.
    public static func decode(action: StepFunctionsAction, body: [UInt8]) throws(StepFunctionsError)
        -> StepFunctionsRequest
    {
        let json: JSONValue
        if body.allSatisfy({ $0 == 0x20 || $0 == 0x0A || $0 == 0x0D || $0 == 0x09 }) {
            json = .object([:])
        } else {
            do throws(JSONParseError) {
                json = try JSONParser().parse(body)
            } catch {
                throw StepFunctionsError(
                    .serializationException, "Malformed JSON body: \(error.message) at \(error.position)")
            }
        }
        guard case .object(let object) = json else {
            throw ShapeValidator.mismatch(json, expected: "a Structure")
        }
        return try decode(action: action, object: object)
    }

    private static func decode(action: StepFunctionsAction, object: JSONObject) throws(StepFunctionsError)
        -> StepFunctionsRequest
    {
        switch action {
        case .createStateMachine: .createStateMachine(try .decode(object))
        case .updateStateMachine: .updateStateMachine(try .decode(object))
        case .describeStateMachine: .describeStateMachine(try .decode(object))
        case .listStateMachines: .listStateMachines(try .decode(object))
        case .deleteStateMachine: .deleteStateMachine(try .decode(object))
        case .validateStateMachineDefinition: .validateStateMachineDefinition(try .decode(object))
        case .startExecution: .startExecution(try .decode(object))
        case .startSyncExecution: .startSyncExecution(try .decode(object))
        case .describeExecution: .describeExecution(try .decode(object))
        case .listExecutions: .listExecutions(try .decode(object))
        case .stopExecution: .stopExecution(try .decode(object))
        case .getExecutionHistory: .getExecutionHistory(try .decode(object))
        case .redriveExecution: .redriveExecution(try .decode(object))
        case .sendTaskSuccess: .sendTaskSuccess(try .decode(object))
        case .sendTaskFailure: .sendTaskFailure(try .decode(object))
        case .sendTaskHeartbeat: .sendTaskHeartbeat(try .decode(object))
        case .tagResource: .tagResource(try .decode(object))
        case .untagResource: .untagResource(try .decode(object))
        case .listTagsForResource: .listTagsForResource(try .decode(object))
        }
    }
}

extension Substring {
    fileprivate func trimmingSpaces() -> Substring {
        var text = self
        while text.first == " " || text.first == "\t" { text.removeFirst() }
        while text.last == " " || text.last == "\t" { text.removeLast() }
        return text
    }
}
