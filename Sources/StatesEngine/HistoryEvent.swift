public import Foundation
public import JSONValue
import Synchronization

/// One event of an execution's history, shaped like AWS's GetExecutionHistory events.
public struct HistoryEvent: Sendable {
    /// 1-based, in the order events happened.
    public var id: Int
    /// The event this one follows in its thread of control (0 for the first).
    public var previousEventId: Int
    public var timestamp: Date
    /// AWS's event type, such as `PassStateEntered` or `TaskSucceeded`.
    public var type: String
    /// The details member's name (`stateEnteredEventDetails`, ...) and content, when the type has details.
    public var details: (key: String, value: JSONObject)?

    /// The event as AWS's JSON: `input`, `output`, `parameters` and `assignedVariables` values are JSON text.
    public func json() -> JSONValue {
        var object: JSONObject = [
            "id": .integer(id), "previousEventId": .integer(previousEventId),
            "timestamp": .string(HistoryEvent.format(timestamp)), "type": .string(type),
        ]
        if let details {
            var rendered = JSONObject()
            for (key, value) in details.value {
                switch key {
                case "input", "output", "parameters": rendered[key] = .string(value.serialized())
                case "assignedVariables":
                    rendered[key] = .object(JSONObject(uniqueKeysWithValues: (value.objectValue ?? [:]).map { ($0.key, .string($0.value.serialized())) }))
                default: rendered[key] = value
                }
            }
            object[details.key] = .object(rendered)
        }
        return .object(object)
    }

    /// ISO 8601 with milliseconds, UTC.
    static func format(_ date: Date) -> String {
        let millis = Int64((date.timeIntervalSince1970 * 1000).rounded(.down))
        let seconds = millis / 1000
        let days = Int(seconds / 86400)
        let rest = Int(seconds % 86400)
        let (y, m, d) = civil(fromDays: days)
        func pad(_ v: Int, _ n: Int) -> String { String(repeating: "0", count: max(0, n - String(v).count)) + String(v) }
        return "\(pad(y, 4))-\(pad(m, 2))-\(pad(d, 2))T\(pad(rest / 3600, 2)):\(pad(rest % 3600 / 60, 2)):\(pad(rest % 60, 2)).\(pad(Int(millis % 1000), 3))Z"
    }

    /// Year, month, day of a day count since 1970-01-01 (Howard Hinnant's algorithm).
    static func civil(fromDays z0: Int) -> (Int, Int, Int) {
        let z = z0 + 719468
        let era = (z >= 0 ? z : z - 146096) / 146097
        let doe = z - era * 146097
        let yoe = (doe - doe / 1460 + doe / 36524 - doe / 146096) / 365
        let y = yoe + era * 400
        let doy = doe - (365 * yoe + yoe / 4 - yoe / 100)
        let mp = (5 * doy + 2) / 153
        let d = doy - (153 * mp + 2) / 5 + 1
        let m = mp < 10 ? mp + 3 : mp - 9
        return (m <= 2 ? y + 1 : y, m, d)
    }
}

/// Collects history events from every thread of control of one execution.
///
/// Thread-safe: Parallel branches and Map iterations record concurrently; ids follow the order of recording.
final class HistoryRecorder: Sendable {
    private let events = Mutex<[HistoryEvent]>([])
    private let clock: any ExecutionClock
    /// When false, nothing is kept (ids are still counted so `previousEventId`s stay meaningful).
    let isEnabled: Bool
    private let counter = Mutex(0)

    init(clock: any ExecutionClock, isEnabled: Bool) {
        self.clock = clock
        self.isEnabled = isEnabled
    }

    /// Records an event after `previous` and returns its id.
    @discardableResult
    func record(_ type: String, after previous: Int, _ detailsKey: String? = nil, _ details: JSONObject = [:]) -> Int {
        guard isEnabled else {
            return counter.withLock { $0 += 1; return $0 }
        }
        let timestamp = clock.now()
        return events.withLock { events in
            let id = events.count + 1
            events.append(HistoryEvent(id: id, previousEventId: previous, timestamp: timestamp, type: type,
                                       details: detailsKey.map { ($0, details) }))
            return id
        }
    }

    var all: [HistoryEvent] { events.withLock { $0 } }

    /// The id of the most recent event.
    var lastID: Int {
        isEnabled ? events.withLock { $0.count } : counter.withLock { $0 }
    }
}
