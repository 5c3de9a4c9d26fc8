public import Foundation
public import JSONValue
internal import CivilCalendar
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
    /// The event's details, when its type has any.
    public var details: Details?

    /// An event's details member. The frequent kinds are stored compactly and rendered as AWS's JSON on demand.
    public enum Details: Sendable {
        /// `stateEnteredEventDetails {name, input}`.
        case stateEntered(name: String, input: JSONValue)
        /// `stateExitedEventDetails {name, output, assignedVariables?}`.
        case stateExited(name: String, output: JSONValue, assigned: [String: JSONValue]?)
        /// `mapIteration...EventDetails {name, index}`, under `key`.
        case mapIteration(key: String, name: String, index: Int)
        /// Any other details member, under `key`.
        case other(key: String, JSONObject)

        /// The member name and its content.
        public var member: (key: String, value: JSONObject) {
            switch self {
            case .stateEntered(let name, let input):
                return ("stateEnteredEventDetails", ["name": .string(name), "input": input, "inputDetails": ["truncated": false]])
            case .stateExited(let name, let output, let assigned):
                var object: JSONObject = ["name": .string(name), "output": output, "outputDetails": ["truncated": false]]
                if let assigned, !assigned.isEmpty {
                    object["assignedVariables"] = .object(JSONObject(uniqueKeysWithValues: assigned.sorted { $0.key < $1.key }.map { ($0.key, $0.value) }))
                    object["assignedVariablesDetails"] = ["truncated": false]
                }
                return ("stateExitedEventDetails", object)
            case .mapIteration(let key, let name, let index):
                return (key, ["name": .string(name), "index": .integer(index)])
            case .other(let key, let object):
                return (key, object)
            }
        }
    }

    /// The event as AWS's JSON: `input`, `output`, `parameters` and `assignedVariables` values are JSON text.
    public func json() -> JSONValue {
        var object: JSONObject = [
            "id": .integer(id), "previousEventId": .integer(previousEventId),
            "timestamp": .string(HistoryEvent.format(timestamp)), "type": .string(type),
        ]
        if let details = details?.member {
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

    /// ISO 8601 with milliseconds, UTC (`2026-11-29T02:05:06.123Z`). On the hot path of every context object.
    static func format(_ date: Date) -> String {
        let millis = Int64((date.timeIntervalSince1970 * 1000).rounded(.down))
        let seconds = millis >= 0 ? millis / 1000 : (millis - 999) / 1000
        let days = Int(seconds >= 0 ? seconds / 86400 : (seconds - 86399) / 86400)
        let rest = Int(seconds - Int64(days) * 86400)
        let civil = CivilDate(daysSinceEpoch: days)
        let (y, m, d) = (civil.year, civil.month, civil.day)
        return String(unsafeUninitializedCapacity: 24) { buffer in
            func put(_ value: Int, _ width: Int, at offset: Int) {
                var v = value
                for i in stride(from: offset + width - 1, through: offset, by: -1) {
                    buffer[i] = UInt8(ascii: "0") + UInt8(v % 10)
                    v /= 10
                }
            }
            put(min(max(y, 0), 9999), 4, at: 0)
            buffer[4] = UInt8(ascii: "-")
            put(m, 2, at: 5)
            buffer[7] = UInt8(ascii: "-")
            put(d, 2, at: 8)
            buffer[10] = UInt8(ascii: "T")
            put(rest / 3600, 2, at: 11)
            buffer[13] = UInt8(ascii: ":")
            put(rest % 3600 / 60, 2, at: 14)
            buffer[16] = UInt8(ascii: ":")
            put(rest % 60, 2, at: 17)
            buffer[19] = UInt8(ascii: ".")
            put(Int(millis - seconds * 1000), 3, at: 20)
            buffer[23] = UInt8(ascii: "Z")
            return 24
        }
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
    /// For durable runs, where the events go instead (ids continuing a resumption, events pending for the journal).
    private let durable: DurableRun?

    init(clock: any ExecutionClock, isEnabled: Bool, durable: DurableRun? = nil) {
        self.clock = clock
        self.isEnabled = isEnabled
        self.durable = durable
    }

    /// Records an event after `previous` and returns its id.
    @discardableResult
    func record(_ type: String, after previous: Int, _ details: HistoryEvent.Details? = nil) -> Int {
        if let durable {
            return durable.record(type, after: previous, timestamp: clock.now(), details)
        }
        guard isEnabled else {
            return counter.withLock { $0 += 1; return $0 }
        }
        let timestamp = clock.now()
        return events.withLock { events in
            let id = events.count + 1
            events.append(HistoryEvent(id: id, previousEventId: previous, timestamp: timestamp, type: type, details: details))
            return id
        }
    }

    /// Records an event whose details member is `key` with `details`.
    @discardableResult
    func record(_ type: String, after previous: Int, _ key: String, _ details: JSONObject) -> Int {
        record(type, after: previous, .other(key: key, details))
    }

    var all: [HistoryEvent] {
        if let durable { return durable.events }
        return events.withLock { $0 }
    }

    /// The id of the most recent event.
    var lastID: Int {
        if let durable { return durable.lastID }
        return isEnabled ? events.withLock { $0.count } : counter.withLock { $0 }
    }
}
