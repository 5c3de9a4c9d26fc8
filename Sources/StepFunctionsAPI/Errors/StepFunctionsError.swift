public import JSONValue

/// An error as the AWS Step Functions JSON protocol reports it: a code (the body's `__type`), a message and an
/// HTTP status.
///
/// Every error the wire layer produces is one of these, and so should every error the server returns: an
/// unexpected Swift error becomes ``Code/internalFailure`` (HTTP 500) through ``init(internal:)``, whose message
/// says nothing about the underlying error, so no stack trace or internal detail ever reaches a client.
///
/// ```swift
/// let error = StepFunctionsError(.stateMachineDoesNotExist, "State Machine Does Not Exist: '\(arn)'")
/// let response = error.response   // 400, {"__type":"StateMachineDoesNotExist","message":"..."}
/// ```
///
/// > Note: ``message`` is sent to the client and may quote the request (an ARN, a name); it never quotes a field
/// > AWS marks sensitive (definitions, inputs, outputs, task tokens, error and cause).
public struct StepFunctionsError: Error, Sendable, Hashable, CustomStringConvertible {
    /// The error code: the `__type` of the response body and the name botocore raises (`SFN.Client.exceptions.X`).
    ///
    /// An extensible set of AWS's names; each knows its HTTP status.
    public struct Code: RawRepresentable, Sendable, Hashable, CustomStringConvertible {
        /// The name on the wire, such as `StateMachineDoesNotExist`.
        public var rawValue: String

        /// Creates a code from its wire name; unknown names answer HTTP 400.
        ///
        /// - Parameter rawValue: The wire name.
        public init(rawValue: String) { self.rawValue = rawValue }

        /// The wire name.
        public var description: String { rawValue }

        /// The HTTP status AWS answers with: 500 for ``internalFailure``, 503 for ``serviceUnavailable``, 413 for
        /// ``requestEntityTooLarge``, and 400 for every other (client) error, the authentication errors included.
        public var httpStatus: Int {
            switch self {
            case .internalFailure: 500
            case .serviceUnavailable: 503
            case .requestEntityTooLarge: 413
            default: 400
            }
        }

        // MARK: Protocol and authentication (Coral's common errors)

        /// A request field breaks a constraint of the API model (missing, too long, out of range, not in an enum).
        public static let validationException = Code(rawValue: "ValidationException")
        /// The body is not JSON, or a field has the wrong JSON type.
        public static let serializationException = Code(rawValue: "SerializationException")
        /// `X-Amz-Target` is missing or names no action of the service, or the method/path is not `POST /`.
        public static let unknownOperationException = Code(rawValue: "UnknownOperationException")
        /// The access key is not known, or the security token is not valid.
        public static let unrecognizedClientException = Code(rawValue: "UnrecognizedClientException")
        /// The signature does not match, is malformed, or has expired.
        public static let invalidSignatureException = Code(rawValue: "InvalidSignatureException")
        /// The `Authorization` header (or presigned query) is missing or incomplete.
        public static let incompleteSignatureException = Code(rawValue: "IncompleteSignatureException")
        /// No `Authorization` header and no signed query: the request is anonymous.
        public static let missingAuthenticationTokenException = Code(rawValue: "MissingAuthenticationTokenException")
        /// The body is larger than the service accepts.
        public static let requestEntityTooLarge = Code(rawValue: "RequestEntityTooLarge")
        /// The server failed; the message never says how. HTTP 500.
        public static let internalFailure = Code(rawValue: "InternalFailure")
        /// The server cannot take the request now (shutting down, overloaded). HTTP 503.
        public static let serviceUnavailable = Code(rawValue: "ServiceUnavailable")
        /// Too many requests.
        public static let throttlingException = Code(rawValue: "ThrottlingException")

        // MARK: Step Functions (the service model's exception shapes)

        /// A state machine with this name exists with a different definition, role or configuration.
        public static let stateMachineAlreadyExists = Code(rawValue: "StateMachineAlreadyExists")
        /// No state machine (or version, or alias) has this ARN.
        public static let stateMachineDoesNotExist = Code(rawValue: "StateMachineDoesNotExist")
        /// The state machine is being deleted.
        public static let stateMachineDeleting = Code(rawValue: "StateMachineDeleting")
        /// Too many state machines.
        public static let stateMachineLimitExceeded = Code(rawValue: "StateMachineLimitExceeded")
        /// The operation is not supported for this state machine type (for example StartSyncExecution on STANDARD).
        public static let stateMachineTypeNotSupported = Code(rawValue: "StateMachineTypeNotSupported")
        /// The definition is not valid ASL.
        public static let invalidDefinition = Code(rawValue: "InvalidDefinition")
        /// A name has characters AWS does not allow.
        public static let invalidName = Code(rawValue: "InvalidName")
        /// An ARN is malformed or of the wrong resource type.
        public static let invalidArn = Code(rawValue: "InvalidArn")
        /// The execution input is not a JSON text.
        public static let invalidExecutionInput = Code(rawValue: "InvalidExecutionInput")
        /// A task's output (SendTaskSuccess) is not a JSON text.
        public static let invalidOutput = Code(rawValue: "InvalidOutput")
        /// A pagination token or task token is not valid.
        public static let invalidToken = Code(rawValue: "InvalidToken")
        /// The logging configuration is not valid.
        public static let invalidLoggingConfiguration = Code(rawValue: "InvalidLoggingConfiguration")
        /// The tracing configuration is not valid.
        public static let invalidTracingConfiguration = Code(rawValue: "InvalidTracingConfiguration")
        /// The encryption configuration is not valid.
        public static let invalidEncryptionConfiguration = Code(rawValue: "InvalidEncryptionConfiguration")
        /// An execution with this name exists (with a different input, or closed).
        public static let executionAlreadyExists = Code(rawValue: "ExecutionAlreadyExists")
        /// No execution has this ARN.
        public static let executionDoesNotExist = Code(rawValue: "ExecutionDoesNotExist")
        /// Too many running executions.
        public static let executionLimitExceeded = Code(rawValue: "ExecutionLimitExceeded")
        /// The execution cannot be redriven (not FAILED/TIMED_OUT/ABORTED, too old, or redriven too often).
        public static let executionNotRedrivable = Code(rawValue: "ExecutionNotRedrivable")
        /// No open task has this token.
        public static let taskDoesNotExist = Code(rawValue: "TaskDoesNotExist")
        /// The task timed out before the callback.
        public static let taskTimedOut = Code(rawValue: "TaskTimedOut")
        /// A tagged resource does not exist.
        public static let resourceNotFound = Code(rawValue: "ResourceNotFound")
        /// More than 50 tags.
        public static let tooManyTags = Code(rawValue: "TooManyTags")
        /// A required parameter is missing (UpdateStateMachine with nothing to update).
        public static let missingRequiredParameter = Code(rawValue: "MissingRequiredParameter")
        /// Another update is in progress.
        public static let conflictException = Code(rawValue: "ConflictException")
        /// A quota would be exceeded (versions of a state machine).
        public static let serviceQuotaExceededException = Code(rawValue: "ServiceQuotaExceededException")
        /// An activity with this name exists with different tags.
        public static let activityAlreadyExists = Code(rawValue: "ActivityAlreadyExists")
        /// No activity has this ARN.
        public static let activityDoesNotExist = Code(rawValue: "ActivityDoesNotExist")

        /// KMS refused Step Functions access to a customer-managed key (Ferry does not use KMS; listed for
        /// completeness of the model's errors).
        public static let kmsAccessDeniedException = Code(rawValue: "KmsAccessDeniedException")
        /// The customer-managed KMS key is not in a usable state.
        public static let kmsInvalidStateException = Code(rawValue: "KmsInvalidStateException")
        /// KMS throttled a call made on the caller's behalf.
        public static let kmsThrottlingException = Code(rawValue: "KmsThrottlingException")

        /// Every code named above, for tables and tests.
        public static let allKnown: [Code] = [
            .validationException, .serializationException, .unknownOperationException, .unrecognizedClientException,
            .invalidSignatureException, .incompleteSignatureException, .missingAuthenticationTokenException,
            .requestEntityTooLarge, .internalFailure, .serviceUnavailable, .throttlingException,
            .stateMachineAlreadyExists, .stateMachineDoesNotExist, .stateMachineDeleting, .stateMachineLimitExceeded,
            .stateMachineTypeNotSupported, .invalidDefinition, .invalidName, .invalidArn, .invalidExecutionInput,
            .invalidOutput, .invalidToken, .invalidLoggingConfiguration, .invalidTracingConfiguration,
            .invalidEncryptionConfiguration, .executionAlreadyExists, .executionDoesNotExist,
            .executionLimitExceeded, .executionNotRedrivable, .taskDoesNotExist, .taskTimedOut, .resourceNotFound,
            .tooManyTags, .missingRequiredParameter, .conflictException, .serviceQuotaExceededException,
            .activityAlreadyExists, .activityDoesNotExist, .kmsAccessDeniedException, .kmsInvalidStateException,
            .kmsThrottlingException,
        ]
    }

    /// The error code.
    public var code: Code
    /// The human-readable message, in AWS's phrasing.
    public var message: String
    /// ValidationException's optional `reason` member, such as `MISSING_REQUIRED_PARAMETER`.
    public var reason: String?

    /// Creates an error.
    ///
    /// - Parameters:
    ///   - code: The error code.
    ///   - message: The message, in AWS's phrasing.
    ///   - reason: The `reason` member (ValidationException only).
    public init(_ code: Code, _ message: String, reason: String? = nil) {
        self.code = code
        self.message = message
        self.reason = reason
    }

    /// An internal failure standing for any error that is not a ``StepFunctionsError``: HTTP 500, and a
    /// message that says nothing about `error` (log it at the server, do not send it).
    ///
    /// - Parameter error: The underlying error; it is not kept.
    public init(internal error: any Error) {
        if let known = error as? StepFunctionsError {
            self = known
        } else {
            self.init(.internalFailure, "An internal error occurred. Try again later.")
        }
    }

    /// The HTTP status of the response.
    public var httpStatus: Int { code.httpStatus }

    /// `Code: message`.
    public var description: String { "\(code): \(message)" }

    /// The response body: `{"__type":"<code>","message":"<message>"}` (plus `reason` when set).
    public var body: JSONValue {
        var object: JSONObject = ["__type": .string(code.rawValue), "message": .string(message)]
        if let reason { object["reason"] = .string(reason) }
        return .object(object)
    }

    /// The whole HTTP response: status, `Content-Type: application/x-amz-json-1.0`, `x-amzn-ErrorType` and
    /// ``body``.
    public var response: StepFunctionsResponse {
        var response = StepFunctionsResponse(status: httpStatus, body: body)
        response.headers.append((name: "x-amzn-ErrorType", value: code.rawValue))
        return response
    }
}
