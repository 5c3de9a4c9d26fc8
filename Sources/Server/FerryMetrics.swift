import Foundation
import Synchronization

/// What `ferry serve` counts, rendered in the Prometheus text format on `GET /metrics`.
///
/// Counters and histograms live in this process (they start at zero when it starts, as Prometheus expects);
/// executions by status are read from the state store at each scrape, so they cover every process sharing it.
public final class FerryMetrics: Sendable {
    /// A cumulative histogram with fixed upper bounds.
    struct Histogram {
        let bounds: [Double]
        var counts: [Int]
        var sum = 0.0
        var count = 0

        init(bounds: [Double]) {
            self.bounds = bounds
            counts = Array(repeating: 0, count: bounds.count)
        }

        mutating func observe(_ value: Double) {
            for (index, bound) in bounds.enumerated() where value <= bound { counts[index] += 1 }
            sum += value
            count += 1
        }
    }

    private struct State {
        var stateTransitions = 0
        var taskSeconds = Histogram(bounds: [0.005, 0.01, 0.025, 0.05, 0.1, 0.25, 0.5, 1, 2.5, 5, 10, 30, 60, 300])
        var rows: [String: Int] = [:]
        var bytesExported: Int64 = 0
        var scheduleLagSeconds = Histogram(bounds: [0.1, 0.5, 1, 5, 15, 60, 300, 3600])
    }

    private let state = Mutex(State())

    /// Creates an empty set of metrics.
    public init() {}

    /// Counts states entered (`…StateEntered` history events).
    func recordStateTransitions(_ count: Int) {
        guard count > 0 else { return }
        state.withLock { $0.stateTransitions += count }
    }

    /// Records how long a task took, from its `…Scheduled` event to its end.
    func recordTask(seconds: Double) {
        state.withLock { $0.taskSeconds.observe(max(0, seconds)) }
    }

    /// Records how late a schedule fired.
    func recordScheduleLag(seconds: Double) {
        state.withLock { $0.scheduleLagSeconds.observe(max(0, seconds)) }
    }

    /// Counts rows moved by the built-in tasks.
    ///
    /// - Parameters:
    ///   - rows: How many rows.
    ///   - step: `export` or `load`.
    ///   - bytes: The bytes written to the object store (exports).
    public func recordRows(_ rows: Int, step: String, bytes: Int64 = 0) {
        state.withLock { state in
            state.rows[step, default: 0] += rows
            state.bytesExported += bytes
        }
    }

    /// The Prometheus text exposition of the metrics, with `executions` (by status) read from the store.
    ///
    /// - Parameter executions: How many executions the store holds per status (`RUNNING`, …).
    /// - Returns: The text for `GET /metrics` (`text/plain; version=0.0.4`).
    public func render(executions: [String: Int]) -> String {
        let state = self.state.withLock { $0 }
        var out = ""
        func header(_ name: String, _ type: String, _ help: String) {
            out += "# HELP \(name) \(help)\n# TYPE \(name) \(type)\n"
        }
        func histogram(_ name: String, _ histogram: Histogram) {
            for (bound, count) in zip(histogram.bounds, histogram.counts) {
                out += "\(name)_bucket{le=\"\(Self.number(bound))\"} \(count)\n"
            }
            out += "\(name)_bucket{le=\"+Inf\"} \(histogram.count)\n"
            out += "\(name)_sum \(Self.number(histogram.sum))\n\(name)_count \(histogram.count)\n"
        }
        header("ferry_executions", "gauge", "Executions in the state store, by status.")
        for status in ["RUNNING", "SUCCEEDED", "FAILED", "TIMED_OUT", "ABORTED"] {
            out += "ferry_executions{status=\"\(status)\"} \(executions[status] ?? 0)\n"
        }
        header("ferry_state_transitions_total", "counter", "States entered by executions run in this process.")
        out += "ferry_state_transitions_total \(state.stateTransitions)\n"
        header("ferry_task_duration_seconds", "histogram", "Task states' time from scheduled to finished.")
        histogram("ferry_task_duration_seconds", state.taskSeconds)
        header("ferry_rows_total", "counter", "Rows moved by the built-in tasks, by step (export, load).")
        for step in ["export", "load"] { out += "ferry_rows_total{step=\"\(step)\"} \(state.rows[step] ?? 0)\n" }
        header("ferry_bytes_exported_total", "counter", "Bytes of CSV objects written by ferry:export.")
        out += "ferry_bytes_exported_total \(state.bytesExported)\n"
        header("ferry_schedule_lag_seconds", "histogram", "How late schedules fired after their fire time.")
        histogram("ferry_schedule_lag_seconds", state.scheduleLagSeconds)
        return out
    }

    /// A number as Prometheus writes it (`0.005`, `1`, `2.5`).
    static func number(_ value: Double) -> String {
        value == value.rounded() && abs(value) < 1e15 ? String(Int64(value)) : String(value)
    }
}

/// Turns a stream of committed history events into task latencies: a `…Scheduled` event, its `…Started` event and
/// the `…Succeeded`, `…Failed` or `…TimedOut` event after it, linked by `previousEventId`.
struct TaskLatencyTracker: Sendable {
    private var scheduled: [Int: Date] = [:]
    private var started: [Int: Date] = [:]

    /// Feeds one event; returns the task's duration when the event ends one.
    mutating func observe(id: Int, previous: Int, type: String, at time: Date) -> Double? {
        if type.hasSuffix("Scheduled") {
            scheduled[id] = time
        } else if type.hasSuffix("Started"), let start = scheduled.removeValue(forKey: previous) {
            started[id] = start
        } else if type.hasSuffix("Succeeded") || type.hasSuffix("Failed") || type.hasSuffix("TimedOut") {
            if let start = started.removeValue(forKey: previous) ?? scheduled.removeValue(forKey: previous) {
                return time.timeIntervalSince(start)
            }
        }
        return nil
    }
}
