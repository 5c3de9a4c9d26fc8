/// An error from the ``Store``: a state machine, execution, task token or schedule that does not exist, a name
/// already in use, a lease another worker holds, or a malformed argument.
///
/// The ``description`` is one line that says what is wrong and how to fix it. It names ARNs and state names but
/// never execution input or output. ``Code/awsErrorName`` gives the AWS Step Functions error type for the codes
/// that have one, so the HTTP layer can answer in AWS's shape.
public struct StoreError: Error, Sendable, Hashable, CustomStringConvertible {
    /// The kind of store failure, as an extensible set of values.
    public struct Code: Sendable, Hashable, CustomStringConvertible {
        private enum Base: String, Sendable, Hashable {
            case stateMachineDoesNotExist, stateMachineAlreadyExists, executionDoesNotExist, executionAlreadyExists
            case executionNotRunning, executionNotRedrivable, invalidArn, invalidName, invalidToken, taskDoesNotExist,
                taskTimedOut, leaseLost
            case eventConflict, resourceNotFound, scheduleDoesNotExist, invalidValue, newerSchema
        }

        private let base: Base

        private init(_ base: Base) { self.base = base }

        /// No state machine has the ARN.
        public static let stateMachineDoesNotExist = Code(.stateMachineDoesNotExist)
        /// A state machine with the name already exists.
        public static let stateMachineAlreadyExists = Code(.stateMachineAlreadyExists)
        /// No execution has the ARN.
        public static let executionDoesNotExist = Code(.executionDoesNotExist)
        /// An execution with the name exists and the request does not match it (different input, or it is closed).
        public static let executionAlreadyExists = Code(.executionAlreadyExists)
        /// The execution has already finished.
        public static let executionNotRunning = Code(.executionNotRunning)
        /// The execution cannot be redriven (it succeeded, is running, closed too long ago, or was redriven too often).
        public static let executionNotRedrivable = Code(.executionNotRedrivable)
        /// An ARN is malformed or names another kind of resource.
        public static let invalidArn = Code(.invalidArn)
        /// A state machine, execution or schedule name is malformed.
        public static let invalidName = Code(.invalidName)
        /// A task token or pagination token is malformed.
        public static let invalidToken = Code(.invalidToken)
        /// No task waits for the token.
        public static let taskDoesNotExist = Code(.taskDoesNotExist)
        /// The task for the token has already been completed, failed or closed.
        public static let taskTimedOut = Code(.taskTimedOut)
        /// The worker does not hold the execution's lease (another worker claimed it, or it was released).
        public static let leaseLost = Code(.leaseLost)
        /// A history event id is already taken or out of sequence (another writer appended first).
        public static let eventConflict = Code(.eventConflict)
        /// The resource to tag does not exist.
        public static let resourceNotFound = Code(.resourceNotFound)
        /// No schedule has the name.
        public static let scheduleDoesNotExist = Code(.scheduleDoesNotExist)
        /// An argument (a limit, a status, a stored value) is out of range or malformed.
        public static let invalidValue = Code(.invalidValue)
        /// The store was migrated by a newer Ferry than this one.
        public static let newerSchema = Code(.newerSchema)

        /// A short, stable name for the code, suitable for metric labels.
        public var description: String { base.rawValue }

        /// The AWS Step Functions error type for this code (`StateMachineDoesNotExist`, `InvalidToken`, …), or `nil`
        /// for codes AWS does not have.
        public var awsErrorName: String? {
            switch base {
            case .stateMachineDoesNotExist: "StateMachineDoesNotExist"
            case .stateMachineAlreadyExists: "StateMachineAlreadyExists"
            case .executionDoesNotExist: "ExecutionDoesNotExist"
            case .executionAlreadyExists: "ExecutionAlreadyExists"
            case .executionNotRunning: "ValidationException"
            case .executionNotRedrivable: "ExecutionNotRedrivable"
            case .invalidArn: "InvalidArn"
            case .invalidName: "InvalidName"
            case .invalidToken: "InvalidToken"
            case .taskDoesNotExist: "TaskDoesNotExist"
            case .taskTimedOut: "TaskTimedOut"
            case .resourceNotFound: "ResourceNotFound"
            case .invalidValue: "ValidationException"
            case .leaseLost, .eventConflict, .scheduleDoesNotExist, .newerSchema: nil
            }
        }
    }

    /// What went wrong.
    public var code: Code
    /// What went wrong, where, and how to fix it.
    public var message: String

    /// Creates a store error.
    ///
    /// - Parameters:
    ///   - code: What went wrong.
    ///   - message: The explanation and the fix (no execution input or output).
    public init(code: Code, message: String) {
        self.code = code
        self.message = message
    }

    /// `code: message`, on one line.
    public var description: String {
        String((code.description + ": " + message).map { $0 == "\n" || $0 == "\r" ? " " : $0 })
    }
}
