public import JSONValue

/// `STANDARD` or `EXPRESS`.
public enum StateMachineType: String, Sendable, Hashable, CaseIterable {
    /// Durable, exactly-once, up to a year.
    case standard = "STANDARD"
    /// Short, at-least-once, high-volume.
    case express = "EXPRESS"
}

/// Whether Describe calls return the execution's data (`ALL_DATA`, the default) or only its metadata.
public enum IncludedData: String, Sendable, Hashable, CaseIterable {
    /// Inputs, outputs and definitions included.
    case allData = "ALL_DATA"
    /// Data fields left out.
    case metadataOnly = "METADATA_ONLY"
}

/// An execution's status, as ListExecutions filters by it.
public enum ExecutionStatus: String, Sendable, Hashable, CaseIterable {
    /// Running.
    case running = "RUNNING"
    /// Succeeded.
    case succeeded = "SUCCEEDED"
    /// Failed.
    case failed = "FAILED"
    /// Timed out.
    case timedOut = "TIMED_OUT"
    /// Stopped by StopExecution.
    case aborted = "ABORTED"
    /// Redriven, waiting to run again.
    case pendingRedrive = "PENDING_REDRIVE"
}

/// ListExecutions' filter on whether executions were redriven.
public enum ExecutionRedriveFilter: String, Sendable, Hashable, CaseIterable {
    /// Only redriven executions.
    case redriven = "REDRIVEN"
    /// Only executions never redriven.
    case notRedriven = "NOT_REDRIVEN"
}

/// A tag: a key (1–128 characters) and a value (0–256).
public struct Tag: Sendable, Hashable {
    /// The key.
    public var key: String
    /// The value (AWS's model lets it be absent; an absent value reads as empty).
    public var value: String

    /// Creates a tag.
    ///
    /// - Parameters:
    ///   - key: The key.
    ///   - value: The value.
    public init(key: String, value: String) {
        self.key = key
        self.value = value
    }

    /// Reads the tags of a validated `TagList` member.
    static func list(_ values: [JSONValue]?) -> [Tag] {
        (values ?? []).compactMap { item in
            guard let key = item["key"]?.stringValue else { return nil }
            return Tag(key: key, value: item["value"]?.stringValue ?? "")
        }
    }
}

/// Where and how much a state machine logs (kept and echoed back; Ferry logs through its own logger).
public struct LoggingConfiguration: Sendable, Hashable {
    /// `ALL`, `ERROR`, `FATAL` or `OFF`.
    public enum Level: String, Sendable, Hashable, CaseIterable {
        /// Every event.
        case all = "ALL"
        /// Errors.
        case error = "ERROR"
        /// Fatal errors.
        case fatal = "FATAL"
        /// Nothing.
        case off = "OFF"
    }

    /// The level, if given.
    public var level: Level?
    /// Whether execution data is logged.
    public var includeExecutionData: Bool?
    /// The log group ARNs of the destinations.
    public var logGroupARNs: [String]

    /// Creates a configuration.
    ///
    /// - Parameters:
    ///   - level: The level.
    ///   - includeExecutionData: Whether data is logged.
    ///   - logGroupARNs: The destinations.
    public init(level: Level? = nil, includeExecutionData: Bool? = nil, logGroupARNs: [String] = []) {
        self.level = level
        self.includeExecutionData = includeExecutionData
        self.logGroupARNs = logGroupARNs
    }

    static let shape = APIModel.Shape.structure([
        .init("level", .enumeration(Level.self)),
        .init("includeExecutionData", .boolean),
        .init(
            "destinations",
            .list(.structure([.init("cloudWatchLogsLogGroup", .structure([.init("logGroupArn", .arn)]))]))),
    ])

    /// Checks what the model cannot: a level other than `OFF` needs exactly one destination, and there is never
    /// more than one.
    ///
    /// - Throws: ``StepFunctionsError/Code/invalidLoggingConfiguration``.
    func check() throws(StepFunctionsError) {
        if logGroupARNs.count > 1 || ((level ?? .off) != .off && logGroupARNs.count != 1) {
            throw StepFunctionsError(
                .invalidLoggingConfiguration, "Invalid Logging Configuration: Must specify exactly one Log Destination."
            )
        }
    }

    /// The configuration as AWS returns it.
    public var json: JSONValue {
        .awsObject([
            "level": level.map { .string($0.rawValue) },
            "includeExecutionData": includeExecutionData.map(JSONValue.bool),
            "destinations": logGroupARNs.isEmpty
                ? nil
                : .array(logGroupARNs.map { ["cloudWatchLogsLogGroup": ["logGroupArn": .string($0)]] }),
        ])
    }

    init(body: JSONObject) {
        level = body.enumeration("level", as: Level.self)
        includeExecutionData = body.bool("includeExecutionData")
        logGroupARNs = (body.array("destinations") ?? []).compactMap {
            $0["cloudWatchLogsLogGroup"]?["logGroupArn"]?.stringValue
        }
    }
}

/// Whether X-Ray tracing is on (kept and echoed back).
public struct TracingConfiguration: Sendable, Hashable {
    /// Whether tracing is enabled.
    public var isEnabled: Bool?

    /// Creates a configuration.
    ///
    /// - Parameter isEnabled: Whether tracing is enabled.
    public init(isEnabled: Bool? = nil) { self.isEnabled = isEnabled }

    static let shape = APIModel.Shape.structure([.init("enabled", .boolean)])

    init(body: JSONObject) { isEnabled = body.bool("enabled") }

    /// The configuration as AWS returns it.
    public var json: JSONValue { .awsObject(["enabled": isEnabled.map(JSONValue.bool)]) }
}

/// How a state machine's data is encrypted at rest (kept and echoed back).
public struct EncryptionConfiguration: Sendable, Hashable {
    /// `AWS_OWNED_KEY` or `CUSTOMER_MANAGED_KMS_KEY`.
    public enum EncryptionType: String, Sendable, Hashable, CaseIterable {
        /// A key the service owns.
        case awsOwnedKey = "AWS_OWNED_KEY"
        /// A customer's KMS key.
        case customerManagedKMSKey = "CUSTOMER_MANAGED_KMS_KEY"
    }

    /// The key type.
    public var type: EncryptionType
    /// The KMS key ID, for customer-managed keys.
    public var kmsKeyID: String?
    /// How long a data key is reused, 60–900 seconds.
    public var kmsDataKeyReusePeriodSeconds: Int?

    /// Creates a configuration.
    ///
    /// - Parameters:
    ///   - type: The key type.
    ///   - kmsKeyID: The KMS key ID.
    ///   - kmsDataKeyReusePeriodSeconds: The reuse period.
    public init(type: EncryptionType, kmsKeyID: String? = nil, kmsDataKeyReusePeriodSeconds: Int? = nil) {
        self.type = type
        self.kmsKeyID = kmsKeyID
        self.kmsDataKeyReusePeriodSeconds = kmsDataKeyReusePeriodSeconds
    }

    static let shape = APIModel.Shape.structure([
        .init("kmsKeyId", .string(min: 1, max: 2048)),
        .init("kmsDataKeyReusePeriodSeconds", .integer(min: 60, max: 900)),
        .init("type", required: true, .enumeration(EncryptionType.self)),
    ])

    /// The configuration as AWS returns it.
    public var json: JSONValue {
        .awsObject([
            "kmsKeyId": kmsKeyID.map(JSONValue.string),
            "kmsDataKeyReusePeriodSeconds": kmsDataKeyReusePeriodSeconds.map(JSONValue.integer),
            "type": .string(type.rawValue),
        ])
    }

    init(body: JSONObject) {
        type = body.enumeration("type", as: EncryptionType.self) ?? .awsOwnedKey
        kmsKeyID = body.string("kmsKeyId")
        kmsDataKeyReusePeriodSeconds = body.int("kmsDataKeyReusePeriodSeconds")
    }
}
