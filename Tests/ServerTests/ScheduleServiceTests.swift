import Foundation
import JSONValue
import Logging
import Server
import StatesEngine
import Store
import Testing

@Suite(.timeLimit(.minutes(1))) struct ScheduleServiceTests {
    @Test func twoServicesOnOneStoreStartOneExecutionPerFireTime() async throws {
        let definition = #"{"StartAt": "P", "States": {"P": {"Type": "Pass", "End": true}}}"#
        try await withRunnerStore(definition: definition) { store, machine in
            try await store.putSchedule(
                name: "every-minute", expression: "rate(1 minute)", stateMachineArn: machine.arn,
                input: ["from": "schedule"])
            let runner = runner(store, TaskRegistry())
            func service() -> ScheduleService {
                ScheduleService(
                    store: store, launcher: runner, refreshInterval: .milliseconds(100),
                    pollInterval: .milliseconds(20), logger: Logger(label: "test.schedules"))
            }
            let (first, second) = (service(), service())
            let executions = try await whileRunning(runner) {
                try await withThrowingTaskGroup(of: Void.self) { group in
                    group.addTask { await first.run() }
                    group.addTask { await second.run() }
                    defer { group.cancelAll() }
                    // A rate schedule without a start date fires at once; wait for its run, then a little longer.
                    var listed: [ExecutionRecord] = []
                    let deadline = Date().addingTimeInterval(20)
                    while Date() < deadline {
                        listed = try await store.listExecutions(stateMachineArn: machine.arn).items
                        if listed.contains(where: { $0.status == .succeeded }) { break }
                        try await Task.sleep(for: .milliseconds(20))
                    }
                    try await Task.sleep(for: .milliseconds(500))
                    return try await store.listExecutions(stateMachineArn: machine.arn).items
                }
            }
            #expect(executions.count == 1)
            let execution = try #require(executions.first)
            #expect(execution.status == .succeeded)
            #expect(execution.output == ["from": "schedule"])
            #expect(execution.name.hasPrefix("every-minute-"))
            #expect(execution.name.hasSuffix("Z") && execution.name.count == "every-minute-".count + 16)
            #expect(try await store.schedule(named: "every-minute").lastFired != nil)
        }
    }
}
