public import JSONValue

#if canImport(FoundationEssentials)
    public import FoundationEssentials
#else
    public import Foundation
#endif

/// The members DescribeExecution and StartSyncExecution share: data, error, timing.
private func executionMembers(
    input: String?, output: String?, error: String?, cause: String?, traceHeader: String?
) -> KeyValuePairs<String, JSONValue?> {
    [
        "input": input.json, "inputDetails": input.map { _ in ["included": true] },
        "output": output.json, "outputDetails": output.map { _ in ["included": true] },
        "error": error.json, "cause": cause.json, "traceHeader": traceHeader.json,
    ]
}

/// `StartSyncExecution`'s result: the finished execution.
public struct StartSyncExecutionOutput: StepFunctionsOutput {
    /// `SUCCEEDED`, `FAILED` or `TIMED_OUT`.
    public enum Status: String, Sendable, Hashable, CaseIterable {
        /// Succeeded.
        case succeeded = "SUCCEEDED"
        /// Failed.
        case failed = "FAILED"
        /// Timed out.
        case timedOut = "TIMED_OUT"
    }

    /// ``StepFunctionsAction/startSyncExecution``.
    public static let action = StepFunctionsAction.startSyncExecution
    /// The output members.
    public static let memberNames = [
        "executionArn", "stateMachineArn", "name", "startDate", "stopDate", "status", "error", "cause", "input",
        "inputDetails", "output", "outputDetails", "traceHeader", "billingDetails",
    ]

    /// The execution.
    public var executionARN: String
    /// The state machine.
    public var stateMachineARN: String?
    /// The execution name.
    public var name: String?
    /// When it started.
    public var startDate: Date
    /// When it stopped.
    public var stopDate: Date
    /// How it ended.
    public var status: Status
    /// The error, when it failed.
    public var error: String?
    /// The cause, when it failed.
    public var cause: String?
    /// The input (left out with METADATA_ONLY).
    public var input: String?
    /// The output, when it succeeded (left out with METADATA_ONLY).
    public var output: String?
    /// The trace header, if any.
    public var traceHeader: String?

    /// Creates the output.
    ///
    /// - Parameters:
    ///   - executionARN: The execution.
    ///   - startDate: The start time.
    ///   - stopDate: The stop time.
    ///   - status: How it ended.
    public init(executionARN: String, startDate: Date, stopDate: Date, status: Status) {
        self.executionARN = executionARN
        self.startDate = startDate
        self.stopDate = stopDate
        self.status = status
    }

    /// The response body.
    public var json: JSONValue {
        var object =
            JSONValue.awsObject([
                "executionArn": .string(executionARN), "stateMachineArn": stateMachineARN.json, "name": name.json,
                "startDate": .awsTimestamp(startDate), "stopDate": .awsTimestamp(stopDate),
                "status": .string(status.rawValue),
            ]).objectValue ?? [:]
        for (key, value) in executionMembers(
            input: input, output: output, error: error, cause: cause, traceHeader: traceHeader)
        {
            if let value { object[key] = value }
        }
        return .object(object)
    }
}

/// `DescribeExecution`'s result.
public struct DescribeExecutionOutput: StepFunctionsOutput {
    /// ``StepFunctionsAction/describeExecution``.
    public static let action = StepFunctionsAction.describeExecution
    /// The output members.
    public static let memberNames = [
        "executionArn", "stateMachineArn", "name", "status", "startDate", "stopDate", "input", "inputDetails",
        "output", "outputDetails", "traceHeader", "mapRunArn", "error", "cause", "stateMachineVersionArn",
        "stateMachineAliasArn", "redriveCount", "redriveDate", "redriveStatus", "redriveStatusReason",
    ]

    /// The execution.
    public var executionARN: String
    /// Its state machine.
    public var stateMachineARN: String
    /// Its name.
    public var name: String?
    /// Its status.
    public var status: ExecutionStatus
    /// When it started.
    public var startDate: Date
    /// When it stopped, if it has.
    public var stopDate: Date?
    /// The input (left out with METADATA_ONLY).
    public var input: String?
    /// The output, once succeeded (left out with METADATA_ONLY).
    public var output: String?
    /// The trace header, if any.
    public var traceHeader: String?
    /// The map run it belongs to, for a child execution.
    public var mapRunARN: String?
    /// The error, once failed.
    public var error: String?
    /// The cause, once failed.
    public var cause: String?
    /// The version started, if any.
    public var stateMachineVersionARN: String?
    /// The alias started, if any.
    public var stateMachineAliasARN: String?
    /// How often it was redriven.
    public var redriveCount: Int?
    /// When it was last redriven.
    public var redriveDate: Date?
    /// `REDRIVABLE`, `NOT_REDRIVABLE` or `REDRIVABLE_BY_MAP_RUN`.
    public var redriveStatus: String?
    /// Why it cannot be redriven.
    public var redriveStatusReason: String?

    /// Creates the output.
    ///
    /// - Parameters:
    ///   - executionARN: The execution.
    ///   - stateMachineARN: Its state machine.
    ///   - status: Its status.
    ///   - startDate: The start time.
    public init(executionARN: String, stateMachineARN: String, status: ExecutionStatus, startDate: Date) {
        self.executionARN = executionARN
        self.stateMachineARN = stateMachineARN
        self.status = status
        self.startDate = startDate
    }

    /// The response body.
    public var json: JSONValue {
        var object =
            JSONValue.awsObject([
                "executionArn": .string(executionARN), "stateMachineArn": .string(stateMachineARN), "name": name.json,
                "status": .string(status.rawValue), "startDate": .awsTimestamp(startDate),
                "stopDate": stopDate.awsTimestamp,
            ]).objectValue ?? [:]
        for (key, value) in executionMembers(
            input: input, output: output, error: error, cause: cause, traceHeader: traceHeader)
        {
            if let value { object[key] = value }
        }
        let more = JSONValue.awsObject([
            "mapRunArn": mapRunARN.json, "stateMachineVersionArn": stateMachineVersionARN.json,
            "stateMachineAliasArn": stateMachineAliasARN.json, "redriveCount": redriveCount.json,
            "redriveDate": redriveDate.awsTimestamp, "redriveStatus": redriveStatus.json,
            "redriveStatusReason": redriveStatusReason.json,
        ])
        for (key, value) in more.objectValue ?? [:] { object[key] = value }
        return .object(object)
    }
}

/// `ListExecutions`'s result.
public typealias ListExecutionsOutput = ListOutput<ExecutionListItem>

/// One execution of a ListExecutions page.
public struct ExecutionListItem: ListOutputItem {
    /// ``StepFunctionsAction/listExecutions``.
    public static let listAction = StepFunctionsAction.listExecutions
    /// `executions`.
    public static let listMember = "executions"
    /// The item's members (`ExecutionListItem`).
    public static let memberNames = [
        "executionArn", "stateMachineArn", "name", "status", "startDate", "stopDate", "mapRunArn", "itemCount",
        "stateMachineVersionArn", "stateMachineAliasArn", "redriveCount", "redriveDate",
    ]

    /// The execution.
    public var executionARN: String
    /// Its state machine.
    public var stateMachineARN: String
    /// Its name.
    public var name: String
    /// Its status.
    public var status: ExecutionStatus
    /// When it started.
    public var startDate: Date
    /// When it stopped, if it has.
    public var stopDate: Date?
    /// The map run, for a child execution.
    public var mapRunARN: String?
    /// The map run's item count, for a child execution.
    public var itemCount: Int?
    /// The version started, if any.
    public var stateMachineVersionARN: String?
    /// The alias started, if any.
    public var stateMachineAliasARN: String?
    /// How often it was redriven.
    public var redriveCount: Int?
    /// When it was last redriven.
    public var redriveDate: Date?

    /// Creates an item.
    ///
    /// - Parameters:
    ///   - executionARN: The execution.
    ///   - stateMachineARN: Its state machine.
    ///   - name: Its name.
    ///   - status: Its status.
    ///   - startDate: The start time.
    ///   - stopDate: The stop time.
    public init(
        executionARN: String, stateMachineARN: String, name: String, status: ExecutionStatus, startDate: Date,
        stopDate: Date? = nil
    ) {
        self.executionARN = executionARN
        self.stateMachineARN = stateMachineARN
        self.name = name
        self.status = status
        self.startDate = startDate
        self.stopDate = stopDate
    }

    /// The item as AWS encodes it.
    public var json: JSONValue {
        .awsObject([
            "executionArn": .string(executionARN), "stateMachineArn": .string(stateMachineARN),
            "name": .string(name), "status": .string(status.rawValue), "startDate": .awsTimestamp(startDate),
            "stopDate": stopDate.awsTimestamp, "mapRunArn": mapRunARN.json, "itemCount": itemCount.json,
            "stateMachineVersionArn": stateMachineVersionARN.json,
            "stateMachineAliasArn": stateMachineAliasARN.json, "redriveCount": redriveCount.json,
            "redriveDate": redriveDate.awsTimestamp,
        ])
    }
}

/// `StopExecution`'s result.
public struct StopExecutionOutput: StepFunctionsOutput {
    /// ``StepFunctionsAction/stopExecution``.
    public static let action = StepFunctionsAction.stopExecution
    /// The output members.
    public static let memberNames = ["stopDate"]

    /// When it stopped.
    public var stopDate: Date

    /// Creates the output.
    ///
    /// - Parameter stopDate: The stop time.
    public init(stopDate: Date) { self.stopDate = stopDate }

    /// The response body.
    public var json: JSONValue { ["stopDate": .awsTimestamp(stopDate)] }
}

/// `RedriveExecution`'s result.
public struct RedriveExecutionOutput: StepFunctionsOutput {
    /// ``StepFunctionsAction/redriveExecution``.
    public static let action = StepFunctionsAction.redriveExecution
    /// The output members.
    public static let memberNames = ["redriveDate"]

    /// When it was redriven.
    public var redriveDate: Date

    /// Creates the output.
    ///
    /// - Parameter redriveDate: The redrive time.
    public init(redriveDate: Date) { self.redriveDate = redriveDate }

    /// The response body.
    public var json: JSONValue { ["redriveDate": .awsTimestamp(redriveDate)] }
}

/// `GetExecutionHistory`'s result: one page of events.
public struct GetExecutionHistoryOutput: StepFunctionsOutput {
    /// ``StepFunctionsAction/getExecutionHistory``.
    public static let action = StepFunctionsAction.getExecutionHistory
    /// The output members.
    public static let memberNames = ["events", "nextToken"]

    /// The events, each already in AWS's `HistoryEvent` shape (`timestamp`, `type`, `id`, `previousEventId`,
    /// `…EventDetails`), as the engine's history records them.
    public var events: [JSONValue]
    /// The token of the next page, if there is one.
    public var nextToken: String?

    /// Creates the output.
    ///
    /// - Parameters:
    ///   - events: The page of events.
    ///   - nextToken: The next page's token.
    public init(events: [JSONValue], nextToken: String? = nil) {
        self.events = events
        self.nextToken = nextToken
    }

    /// The response body.
    public var json: JSONValue { .awsObject(["events": .array(events), "nextToken": nextToken.json]) }
}

/// `ListTagsForResource`'s result.
public struct ListTagsForResourceOutput: StepFunctionsOutput {
    /// ``StepFunctionsAction/listTagsForResource``.
    public static let action = StepFunctionsAction.listTagsForResource
    /// The output members.
    public static let memberNames = ["tags"]

    /// The tags.
    public var tags: [Tag]

    /// Creates the output.
    ///
    /// - Parameter tags: The tags.
    public init(tags: [Tag]) { self.tags = tags }

    /// The response body.
    public var json: JSONValue {
        ["tags": .array(tags.map { ["key": .string($0.key), "value": .string($0.value)] })]
    }
}
