import Foundation
@testable import Server
import Testing

@Suite struct FerryMetricsTests {
    @Test func rendersPrometheusTextWithCountersAndCumulativeHistograms() {
        let metrics = FerryMetrics()
        metrics.recordStateTransitions(3)
        metrics.recordTask(seconds: 0.02)
        metrics.recordTask(seconds: 3)
        metrics.recordRows(10, step: "export", bytes: 512)
        metrics.recordRows(10, step: "load")
        metrics.recordScheduleLag(seconds: 0.3)
        let text = metrics.render(executions: ["RUNNING": 2, "SUCCEEDED": 5])
        let lines = Set(text.split(separator: "\n").map(String.init))
        for expected in [
            "# TYPE ferry_executions gauge", #"ferry_executions{status="RUNNING"} 2"#,
            #"ferry_executions{status="SUCCEEDED"} 5"#, #"ferry_executions{status="FAILED"} 0"#,
            "ferry_state_transitions_total 3", "# TYPE ferry_task_duration_seconds histogram",
            #"ferry_task_duration_seconds_bucket{le="0.01"} 0"#, #"ferry_task_duration_seconds_bucket{le="0.025"} 1"#,
            #"ferry_task_duration_seconds_bucket{le="2.5"} 1"#, #"ferry_task_duration_seconds_bucket{le="5"} 2"#,
            #"ferry_task_duration_seconds_bucket{le="+Inf"} 2"#, "ferry_task_duration_seconds_count 2",
            "ferry_task_duration_seconds_sum 3.02", #"ferry_rows_total{step="export"} 10"#,
            #"ferry_rows_total{step="load"} 10"#, "ferry_bytes_exported_total 512",
            #"ferry_schedule_lag_seconds_bucket{le="0.5"} 1"#, "ferry_schedule_lag_seconds_count 1",
        ] {
            #expect(lines.contains(expected), "missing: \(expected)")
        }
        #expect(text.hasSuffix("\n"))
    }

    @Test func taskLatencyFollowsScheduledStartedAndTheEndThroughPreviousEventIds() {
        var tracker = TaskLatencyTracker()
        let t0 = Date(timeIntervalSince1970: 1000)
        #expect(tracker.observe(id: 3, previous: 2, type: "TaskScheduled", at: t0) == nil)
        // Another thread's MapIterationStarted is not this task's start.
        #expect(tracker.observe(id: 4, previous: 1, type: "MapIterationStarted", at: t0) == nil)
        #expect(tracker.observe(id: 5, previous: 3, type: "TaskStarted", at: t0.addingTimeInterval(0.1)) == nil)
        #expect(tracker.observe(id: 6, previous: 5, type: "TaskSucceeded", at: t0.addingTimeInterval(1.5)) == 1.5)
        #expect(tracker.observe(id: 7, previous: 6, type: "LambdaFunctionScheduled", at: t0) == nil)
        // A task that could not be scheduled ended at once; the execution's end is no task's.
        #expect(tracker.observe(id: 8, previous: 7, type: "LambdaFunctionScheduleFailed", at: t0) == 0)
        #expect(tracker.observe(id: 9, previous: 8, type: "ExecutionFailed", at: t0) == nil)
    }
}
