public import JSONValue
public import Store
import StepFunctionsAPI

/// The store's history event, named apart from the engine's `HistoryEvent` for files that import both modules.
typealias StoredHistoryEvent = HistoryEvent

extension HistoryEvent {
    /// The name of the `…EventDetails` member AWS gives an event type.
    ///
    /// Types ending in `StateEntered` share `stateEnteredEventDetails`, types ending in `StateExited` share
    /// `stateExitedEventDetails`; every other type has its own member, its name in lower camel case followed by
    /// `EventDetails` (`TaskScheduled` → `taskScheduledEventDetails`).
    ///
    /// - Parameter type: AWS's event type, such as `PassStateEntered`.
    /// - Returns: The member name.
    public static func detailsMember(forType type: String) -> String {
        if type.hasSuffix("StateEntered") { return "stateEnteredEventDetails" }
        if type.hasSuffix("StateExited") { return "stateExitedEventDetails" }
        guard let first = type.first else { return "eventDetails" }
        return first.lowercased() + type.dropFirst() + "EventDetails"
    }

    /// The event as GetExecutionHistory returns it: `timestamp` (seconds since 1970), `type`, `id`,
    /// `previousEventId` and, when the event has details, its `…EventDetails` member.
    ///
    /// - Parameter includeExecutionData: When `false`, the details' `input` and `output` are left out, as AWS does
    ///   for `includeExecutionData: false`.
    /// - Returns: AWS's `HistoryEvent` structure.
    public func awsJSON(includeExecutionData: Bool = true) -> JSONValue {
        var object: JSONObject = [
            "timestamp": .awsTimestamp(timestamp), "type": .string(type), "id": .integer(id),
            "previousEventId": .integer(previousEventId ?? 0),
        ]
        if case .object(var details) = details {
            if !includeExecutionData {
                details["input"] = nil
                details["output"] = nil
            }
            object[Self.detailsMember(forType: type)] = .object(details)
        }
        return .object(object)
    }
}
