/// The eight `Type` values.
enum StateType: String, CaseIterable {
    case pass = "Pass", task = "Task", choice = "Choice", wait = "Wait", succeed = "Succeed", fail = "Fail"
    case parallel = "Parallel", map = "Map"

    /// Whether the state ends its graph by itself (no `Next` or `End`).
    var isTerminalByType: Bool { self == .choice || self == .succeed || self == .fail }
}

/// Which fields each state type accepts in each query language.
enum StateFields {
    static let common: Set<String> = ["Type", "Comment", "QueryLanguage"]

    static let jsonPath: [StateType: Set<String>] = [
        .pass: ["Next", "End", "InputPath", "OutputPath", "Parameters", "ResultPath", "Result", "Assign"],
        .task: ["Next", "End", "InputPath", "OutputPath", "Parameters", "ResultSelector", "ResultPath", "Retry", "Catch",
                "Resource", "TimeoutSeconds", "TimeoutSecondsPath", "HeartbeatSeconds", "HeartbeatSecondsPath",
                "Credentials", "Assign"],
        .choice: ["Choices", "Default", "InputPath", "OutputPath", "Assign"],
        .wait: ["Next", "End", "InputPath", "OutputPath", "Seconds", "Timestamp", "SecondsPath", "TimestampPath", "Assign"],
        .succeed: ["InputPath", "OutputPath"],
        .fail: ["Error", "ErrorPath", "Cause", "CausePath"],
        .parallel: ["Branches", "Next", "End", "InputPath", "OutputPath", "Parameters", "ResultSelector", "ResultPath",
                    "Retry", "Catch", "Assign"],
        .map: ["ItemProcessor", "Iterator", "ItemsPath", "ItemSelector", "Parameters", "MaxConcurrency",
               "MaxConcurrencyPath", "ToleratedFailureCount", "ToleratedFailureCountPath", "ToleratedFailurePercentage",
               "ToleratedFailurePercentagePath", "ItemReader", "ItemBatcher", "ResultWriter", "Label", "Next", "End",
               "InputPath", "OutputPath", "ResultSelector", "ResultPath", "Retry", "Catch", "Assign"],
    ]

    static let jsonata: [StateType: Set<String>] = [
        .pass: ["Next", "End", "Output", "Assign"],
        .task: ["Next", "End", "Arguments", "Output", "Assign", "Retry", "Catch", "Resource", "TimeoutSeconds",
                "HeartbeatSeconds", "Credentials"],
        .choice: ["Choices", "Default", "Output", "Assign"],
        .wait: ["Next", "End", "Seconds", "Timestamp", "Output", "Assign"],
        .succeed: ["Output"],
        .fail: ["Error", "Cause"],
        .parallel: ["Branches", "Next", "End", "Arguments", "Output", "Assign", "Retry", "Catch"],
        .map: ["ItemProcessor", "Iterator", "Items", "ItemSelector", "MaxConcurrency", "ToleratedFailureCount",
               "ToleratedFailurePercentage", "ItemReader", "ItemBatcher", "ResultWriter", "Label", "Next", "End",
               "Output", "Assign", "Retry", "Catch"],
    ]

    /// Every field a state of each type may have, per language (computed once).
    private static let allowedByLanguage: [QueryLanguage: [StateType: Set<String>]] = [
        .jsonPath: jsonPath.mapValues { common.union($0) },
        .jsonata: jsonata.mapValues { common.union($0) },
    ]

    static func allowed(_ type: StateType, _ language: QueryLanguage) -> Set<String> {
        allowedByLanguage[language]![type]!
    }

    /// Why `key` is not allowed in a state of `type` and `language`, when there is more to say than "unknown".
    static func explain(_ key: String, type: StateType, language: QueryLanguage) -> String? {
        let other: QueryLanguage = language == .jsonPath ? .jsonata : .jsonPath
        if allowed(type, other).contains(key) {
            return language == .jsonata
                ? "\"\(key)\" is a JSONPath field and cannot be used in a JSONata state; JSONata states use \"Arguments\" and \"Output\" with {% %} expressions"
                : "\"\(key)\" is a JSONata field and cannot be used in a JSONPath state; set \"QueryLanguage\": \"JSONata\" on the state or the machine to use it"
        }
        if (key == "Next" || key == "End") && type.isTerminalByType {
            return type == .choice
                ? "A Choice state cannot have \"\(key)\": its rules' \"Next\" and its \"Default\" choose where to go"
                : "A \(type.rawValue) state ends its branch by itself and cannot have \"\(key)\""
        }
        let owners = StateType.allCases.filter { $0 != type && allowed($0, language).contains(key) }
        if !owners.isEmpty {
            let names = owners.map(\.rawValue).joined(separator: ", ")
            return "\"\(key)\" is not a field of a \(type.rawValue) state (it belongs to \(names))"
        }
        return nil
    }
}
