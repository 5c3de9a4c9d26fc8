/// A Step Functions ARN: `arn:<partition>:states:<region>:<account>:<type>:<resource>`.
///
/// The resource part depends on the type:
///
/// | type | resource | example |
/// |---|---|---|
/// | `stateMachine` | `name` or `name:version` / `name:alias` | `…:stateMachine:Nightly:3` |
/// | `execution` | `machine:execution` | `…:execution:Nightly:2024-06-01` |
/// | `express` | `machine:execution:id` | `…:express:Fast:run:1f0c…` |
/// | `mapRun` | `machine/label:id` | `…:mapRun:Nightly/Companies:7d2e…` |
/// | `activity` | `name` | `…:activity:Approve` |
public struct StepFunctionsARN: Sendable, Hashable, CustomStringConvertible {
    /// The resource types of the service.
    public enum ResourceType: String, Sendable, Hashable, CaseIterable {
        /// A state machine, or one of its versions or aliases.
        case stateMachine
        /// An execution of a STANDARD state machine.
        case execution
        /// An execution of an EXPRESS state machine.
        case express
        /// A Distributed Map run.
        case mapRun
        /// An activity.
        case activity

        /// How many `:`-separated parts the resource has (at least, at most).
        var partCount: ClosedRange<Int> {
            switch self {
            case .stateMachine: 1...2
            case .execution: 2...3
            case .express: 3...3
            case .mapRun: 2...2
            case .activity: 1...1
            }
        }
    }

    /// The partition, such as `aws`.
    public var partition: String
    /// The region, such as `us-east-1`.
    public var region: String
    /// The 12-digit account ID.
    public var accountID: String
    /// The resource type.
    public var resourceType: ResourceType
    /// The resource's `:`-separated parts after the type, such as `["Nightly", "2024-06-01"]`.
    public var resourceParts: [String]

    /// Creates an ARN from its parts.
    ///
    /// - Parameters:
    ///   - partition: The partition (default `aws`).
    ///   - region: The region.
    ///   - accountID: The account ID.
    ///   - resourceType: The resource type.
    ///   - resourceParts: The resource parts.
    public init(
        partition: String = "aws", region: String, accountID: String, resourceType: ResourceType,
        resourceParts: [String]
    ) {
        self.partition = partition
        self.region = region
        self.accountID = accountID
        self.resourceType = resourceType
        self.resourceParts = resourceParts
    }

    /// Parses an ARN of any of the service's resource types.
    ///
    /// - Parameter text: The ARN.
    /// - Throws: ``StepFunctionsError/Code/invalidArn`` in AWS's words: `Invalid Arn: 'Invalid ARN prefix: …'`
    ///   or `Invalid Arn: 'Resource type not valid in this context: …'`.
    public init(parsing text: String) throws(StepFunctionsError) {
        let parts = text.split(separator: ":", omittingEmptySubsequences: false).map(String.init)
        guard parts.count >= 7, parts[0] == "arn", parts[1].hasPrefix("aws"), parts[2] == "states",
            Self.isRegion(parts[3]), parts[4].count == 12, parts[4].allSatisfy(\.isASCIIDigit)
        else {
            throw StepFunctionsError(.invalidArn, "Invalid Arn: 'Invalid ARN prefix: \(text)'")
        }
        guard let type = ResourceType(rawValue: parts[5]) else {
            throw StepFunctionsError(.invalidArn, "Invalid Arn: 'Resource type not valid in this context: \(parts[5])'")
        }
        let resource = Array(parts[6...])
        guard type.partCount.contains(resource.count), resource.allSatisfy({ !$0.isEmpty }) else {
            throw StepFunctionsError(.invalidArn, "Invalid Arn: 'Invalid ARN: \(text)'")
        }
        self.init(
            partition: parts[1], region: parts[3], accountID: parts[4], resourceType: type, resourceParts: resource)
    }

    /// Parses an ARN that must be of one of `types`.
    ///
    /// - Parameters:
    ///   - text: The ARN.
    ///   - types: The resource types the member accepts.
    /// - Throws: ``StepFunctionsError/Code/invalidArn``.
    public init(parsing text: String, as types: Set<ResourceType>) throws(StepFunctionsError) {
        try self.init(parsing: text)
        guard types.contains(resourceType) else {
            throw StepFunctionsError(
                .invalidArn, "Invalid Arn: 'Resource type not valid in this context: \(resourceType.rawValue)'")
        }
    }

    /// The ARN of a state machine, optionally qualified with a version number or alias name.
    ///
    /// - Parameters:
    ///   - name: The state machine name.
    ///   - qualifier: A version number or alias, or `nil`.
    ///   - region: The region.
    ///   - accountID: The account ID.
    ///   - partition: The partition.
    /// - Returns: The ARN.
    public static func stateMachine(
        _ name: String, qualifier: String? = nil, region: String, accountID: String, partition: String = "aws"
    ) -> Self {
        Self(
            partition: partition, region: region, accountID: accountID, resourceType: .stateMachine,
            resourceParts: [name] + (qualifier.map { [$0] } ?? []))
    }

    /// The ARN of an execution of a STANDARD state machine.
    ///
    /// - Parameters:
    ///   - name: The execution name.
    ///   - stateMachine: The state machine name.
    ///   - region: The region.
    ///   - accountID: The account ID.
    ///   - partition: The partition.
    /// - Returns: The ARN.
    public static func execution(
        _ name: String, stateMachine: String, region: String, accountID: String, partition: String = "aws"
    ) -> Self {
        Self(
            partition: partition, region: region, accountID: accountID, resourceType: .execution,
            resourceParts: [stateMachine, name])
    }

    /// The state machine name: the first resource part (before `/` for a map run).
    public var stateMachineName: String? {
        switch resourceType {
        case .stateMachine, .execution, .express: resourceParts.first
        case .mapRun: resourceParts.first.map { String($0.split(separator: "/", maxSplits: 1)[0]) }
        case .activity: nil
        }
    }

    /// For a state machine ARN, the version number or alias name after the name; otherwise `nil`.
    public var qualifier: String? {
        resourceType == .stateMachine && resourceParts.count == 2 ? resourceParts[1] : nil
    }

    /// The name of the execution or activity (the last resource part but, for express executions, the middle one).
    public var resourceName: String {
        switch resourceType {
        case .express: resourceParts[1]
        case .stateMachine, .activity: resourceParts[0]
        case .execution: resourceParts[resourceParts.count - 1]
        case .mapRun: resourceParts[1]
        }
    }

    /// The ARN text.
    public var description: String {
        (["arn", partition, "states", region, accountID, resourceType.rawValue] + resourceParts).joined(separator: ":")
    }

    private static func isRegion(_ text: String) -> Bool {
        !text.isEmpty
            && text.utf8.allSatisfy {
                $0 == UInt8(ascii: "-") || (0x61...0x7A).contains($0) || (0x30...0x39).contains($0)
            }
    }

    /// Checks an ARN of another service (an IAM role, a log group): `arn:<partition>:<service>:…` with at least
    /// six parts.
    ///
    /// - Parameter text: The ARN.
    /// - Throws: ``StepFunctionsError/Code/invalidArn`` (`Invalid ARN prefix`).
    static func checkForeign(_ text: String) throws(StepFunctionsError) {
        let parts = text.split(separator: ":", maxSplits: 5, omittingEmptySubsequences: false)
        guard parts.count == 6, parts[0] == "arn", parts[1].hasPrefix("aws"), !parts[2].isEmpty, !parts[5].isEmpty
        else {
            throw StepFunctionsError(.invalidArn, "Invalid Arn: 'Invalid ARN prefix: \(text)'")
        }
    }
}

/// The names AWS accepts for state machines, executions, aliases and activities.
public enum ResourceName {
    /// Whether `name` has only characters AWS allows: no whitespace, none of `< > { } [ ] ? * " # % \ ^ | ~ ` $ & ,
    /// ; : /`, no control characters (U+0000–U+001F, U+007F–U+009F). The length (1–80) is checked separately.
    ///
    /// - Parameter name: The name.
    /// - Returns: `true` when every character is allowed.
    public static func isValid(_ name: String) -> Bool {
        !name.isEmpty
            && name.unicodeScalars.allSatisfy { scalar in
                !scalar.properties.isWhitespace && !(0...0x1F).contains(scalar.value)
                    && !(0x7F...0x9F).contains(scalar.value) && !forbidden.contains(scalar)
            }
    }

    /// Checks a name.
    ///
    /// - Parameter name: The name.
    /// - Throws: ``StepFunctionsError/Code/invalidName``: `Invalid Name: '<name>'`.
    public static func check(_ name: String) throws(StepFunctionsError) {
        guard isValid(name) else { throw StepFunctionsError(.invalidName, "Invalid Name: '\(name)'") }
    }

    private static let forbidden = Set("<>{}[]?*\"#%\\^|~`$&,;:/".unicodeScalars)
}

extension Character {
    fileprivate var isASCIIDigit: Bool { ("0"..."9").contains(self) }
}
