public import JSONValue
public import StatesEngine

extension HistoryEvent {
    /// The event's details object as the ``Store`` keeps it: the content of AWS's `…EventDetails` member (with
    /// `input`, `output` and `parameters` as JSON text, as ``HistoryEvent/json()`` renders them) without the member
    /// name, or `null` for an event without details.
    public var storedDetails: JSONValue {
        guard let key = details?.member.key else { return .null }
        return json()[key] ?? .null
    }
}
