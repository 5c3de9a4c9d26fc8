public import JSONValue

#if canImport(FoundationEssentials)
    public import FoundationEssentials
#else
    public import Foundation
#endif

/// The typed result of one action, encoded as AWS encodes it.
///
/// Optional members that are `nil` are left out, timestamps are seconds since 1970 with milliseconds, enums are
/// their AWS names. Actions without output members (DeleteStateMachine, SendTask*, TagResource, UntagResource)
/// answer `StepFunctionsResponse()`, an empty object; ValidateStateMachineDefinition answers
/// ``StepFunctionsDefinition/validate(_:)``; GetExecutionHistory carries the engine's history events as JSON.
public protocol StepFunctionsOutput: Sendable {
    /// The action this output answers.
    static var action: StepFunctionsAction { get }
    /// The member names of the output structure (for the tests' cross-check with the service model).
    static var memberNames: [String] { get }
    /// The response body.
    var json: JSONValue { get }
}

extension StepFunctionsOutput {
    /// The HTTP response: 200 and ``json``.
    public var response: StepFunctionsResponse { StepFunctionsResponse(body: json) }
}

extension Optional where Wrapped == Date {
    /// The timestamp, or `nil` (left out).
    var awsTimestamp: JSONValue? { map(JSONValue.awsTimestamp) }
}

extension Optional where Wrapped == String {
    /// The string, or `nil` (left out).
    var json: JSONValue? { map(JSONValue.string) }
}

extension Optional where Wrapped == Int {
    /// The integer, or `nil` (left out).
    var json: JSONValue? { map(JSONValue.integer) }
}

/// `CreateStateMachine`'s result.
public struct CreateStateMachineOutput: StepFunctionsOutput {
    /// ``StepFunctionsAction/createStateMachine``.
    public static let action = StepFunctionsAction.createStateMachine
    /// The output members.
    public static let memberNames = ["stateMachineArn", "creationDate", "stateMachineVersionArn"]

    /// The new state machine.
    public var stateMachineARN: String
    /// When it was created.
    public var creationDate: Date
    /// The version published with it (`publish: true`), if any.
    public var stateMachineVersionARN: String?

    /// Creates the output.
    ///
    /// - Parameters:
    ///   - stateMachineARN: The state machine.
    ///   - creationDate: The creation time.
    ///   - stateMachineVersionARN: The published version.
    public init(stateMachineARN: String, creationDate: Date, stateMachineVersionARN: String? = nil) {
        self.stateMachineARN = stateMachineARN
        self.creationDate = creationDate
        self.stateMachineVersionARN = stateMachineVersionARN
    }

    /// The response body.
    public var json: JSONValue {
        .awsObject([
            "stateMachineArn": .string(stateMachineARN), "creationDate": .awsTimestamp(creationDate),
            "stateMachineVersionArn": stateMachineVersionARN.json,
        ])
    }
}

/// `UpdateStateMachine`'s result.
public struct UpdateStateMachineOutput: StepFunctionsOutput {
    /// ``StepFunctionsAction/updateStateMachine``.
    public static let action = StepFunctionsAction.updateStateMachine
    /// The output members.
    public static let memberNames = ["updateDate", "revisionId", "stateMachineVersionArn"]

    /// When it was updated.
    public var updateDate: Date
    /// The new revision's ID, if any.
    public var revisionID: String?
    /// The version published, if any.
    public var stateMachineVersionARN: String?

    /// Creates the output.
    ///
    /// - Parameters:
    ///   - updateDate: The update time.
    ///   - revisionID: The revision.
    ///   - stateMachineVersionARN: The published version.
    public init(updateDate: Date, revisionID: String? = nil, stateMachineVersionARN: String? = nil) {
        self.updateDate = updateDate
        self.revisionID = revisionID
        self.stateMachineVersionARN = stateMachineVersionARN
    }

    /// The response body.
    public var json: JSONValue {
        .awsObject([
            "updateDate": .awsTimestamp(updateDate), "revisionId": revisionID.json,
            "stateMachineVersionArn": stateMachineVersionARN.json,
        ])
    }
}

/// `DescribeStateMachine`'s result.
public struct DescribeStateMachineOutput: StepFunctionsOutput {
    /// ``StepFunctionsAction/describeStateMachine``.
    public static let action = StepFunctionsAction.describeStateMachine
    /// The output members.
    public static let memberNames = [
        "stateMachineArn", "name", "status", "definition", "roleArn", "type", "creationDate",
        "loggingConfiguration", "tracingConfiguration", "label", "revisionId", "description",
        "encryptionConfiguration", "variableReferences",
    ]

    /// The state machine (or version) described.
    public var stateMachineARN: String
    /// Its name.
    public var name: String
    /// `ACTIVE` or `DELETING`.
    public var status: String?
    /// The definition text.
    public var definition: String
    /// The role.
    public var roleARN: String
    /// STANDARD or EXPRESS.
    public var type: StateMachineType
    /// When it (or the version) was created.
    public var creationDate: Date
    /// Logging, if set.
    public var loggingConfiguration: LoggingConfiguration?
    /// Tracing, if set.
    public var tracingConfiguration: TracingConfiguration?
    /// The revision ID, if any.
    public var revisionID: String?
    /// The version's description, if any.
    public var description: String?
    /// Encryption, if set.
    public var encryptionConfiguration: EncryptionConfiguration?

    /// Creates the output.
    ///
    /// - Parameters:
    ///   - stateMachineARN: The state machine.
    ///   - name: Its name.
    ///   - status: `ACTIVE` (default) or `DELETING`.
    ///   - definition: The definition.
    ///   - roleARN: The role.
    ///   - type: The type.
    ///   - creationDate: The creation time.
    public init(
        stateMachineARN: String, name: String, status: String? = "ACTIVE", definition: String, roleARN: String,
        type: StateMachineType, creationDate: Date
    ) {
        self.stateMachineARN = stateMachineARN
        self.name = name
        self.status = status
        self.definition = definition
        self.roleARN = roleARN
        self.type = type
        self.creationDate = creationDate
    }

    /// The response body.
    public var json: JSONValue {
        .awsObject([
            "stateMachineArn": .string(stateMachineARN), "name": .string(name), "status": status.json,
            "definition": .string(definition), "roleArn": .string(roleARN), "type": .string(type.rawValue),
            "creationDate": .awsTimestamp(creationDate), "loggingConfiguration": loggingConfiguration?.json,
            "tracingConfiguration": tracingConfiguration?.json, "revisionId": revisionID.json,
            "description": description.json, "encryptionConfiguration": encryptionConfiguration?.json,
        ])
    }
}

/// One item of a list output (``ListOutput``): a state machine or an execution.
public protocol ListOutputItem: Sendable, Hashable {
    /// The action whose output lists these items.
    static var listAction: StepFunctionsAction { get }
    /// The output member holding the items, such as `stateMachines`.
    static var listMember: String { get }
    /// The item structure's member names.
    static var memberNames: [String] { get }
    /// The item as AWS encodes it.
    var json: JSONValue { get }
}

/// The result of a List action: one page of items and the token of the next page.
public struct ListOutput<Item: ListOutputItem>: StepFunctionsOutput {
    /// The item type's ``ListOutputItem/listAction``.
    public static var action: StepFunctionsAction { Item.listAction }
    /// The items' member and `nextToken`.
    public static var memberNames: [String] { [Item.listMember, "nextToken"] }

    /// The page.
    public var items: [Item]
    /// The token of the next page, if there is one.
    public var nextToken: String?

    /// Creates the output.
    ///
    /// - Parameters:
    ///   - items: The page.
    ///   - nextToken: The next page's token.
    public init(items: [Item], nextToken: String? = nil) {
        self.items = items
        self.nextToken = nextToken
    }

    /// The response body.
    public var json: JSONValue {
        .awsObject([Item.listMember: .array(items.map(\.json)), "nextToken": nextToken.json])
    }
}

/// `ListStateMachines`'s result.
public typealias ListStateMachinesOutput = ListOutput<StateMachineListItem>

/// One state machine of a ListStateMachines page.
public struct StateMachineListItem: ListOutputItem {
    /// ``StepFunctionsAction/listStateMachines``.
    public static let listAction = StepFunctionsAction.listStateMachines
    /// `stateMachines`.
    public static let listMember = "stateMachines"
    /// The item's members.
    public static let memberNames = ["stateMachineArn", "name", "type", "creationDate"]

    /// The state machine.
    public var stateMachineARN: String
    /// Its name.
    public var name: String
    /// Its type.
    public var type: StateMachineType
    /// When it was created.
    public var creationDate: Date

    /// Creates an item.
    ///
    /// - Parameters:
    ///   - stateMachineARN: The state machine.
    ///   - name: Its name.
    ///   - type: Its type.
    ///   - creationDate: The creation time.
    public init(stateMachineARN: String, name: String, type: StateMachineType, creationDate: Date) {
        self.stateMachineARN = stateMachineARN
        self.name = name
        self.type = type
        self.creationDate = creationDate
    }

    /// The item as AWS encodes it.
    public var json: JSONValue {
        [
            "stateMachineArn": .string(stateMachineARN), "name": .string(name), "type": .string(type.rawValue),
            "creationDate": .awsTimestamp(creationDate),
        ]
    }
}

/// `StartExecution`'s result.
public struct StartExecutionOutput: StepFunctionsOutput {
    /// ``StepFunctionsAction/startExecution``.
    public static let action = StepFunctionsAction.startExecution
    /// The output members.
    public static let memberNames = ["executionArn", "startDate"]

    /// The execution.
    public var executionARN: String
    /// When it started.
    public var startDate: Date

    /// Creates the output.
    ///
    /// - Parameters:
    ///   - executionARN: The execution.
    ///   - startDate: The start time.
    public init(executionARN: String, startDate: Date) {
        self.executionARN = executionARN
        self.startDate = startDate
    }

    /// The response body.
    public var json: JSONValue {
        ["executionArn": .string(executionARN), "startDate": .awsTimestamp(startDate)]
    }
}
