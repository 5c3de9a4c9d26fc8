import Foundation
import JSONValue
import Testing

@testable import StepFunctionsAPI

/// Every output with every optional member set, for the cross-checks.
let sampleOutputs: [any StepFunctionsOutput] = {
    let date = Date(timeIntervalSince1970: 1_733_270_400.5)
    var describeMachine = DescribeStateMachineOutput(
        stateMachineARN: machineARN, name: "Nightly", definition: passDefinition, roleARN: roleARN, type: .standard,
        creationDate: date)
    describeMachine.loggingConfiguration = LoggingConfiguration(
        level: .all, includeExecutionData: true, logGroupARNs: ["arn:aws:logs:us-east-1:123456789012:log-group:x:*"])
    describeMachine.tracingConfiguration = TracingConfiguration(isEnabled: true)
    describeMachine.encryptionConfiguration = EncryptionConfiguration(
        type: .customerManagedKMSKey, kmsKeyID: "key", kmsDataKeyReusePeriodSeconds: 300)
    describeMachine.revisionID = "r1"
    describeMachine.description = "v1"
    var sync = StartSyncExecutionOutput(executionARN: executionARN, startDate: date, stopDate: date, status: .failed)
    sync.stateMachineARN = machineARN
    sync.name = "run-1"
    sync.error = "Boom"
    sync.cause = "why"
    sync.input = "{}"
    sync.output = "{}"
    sync.traceHeader = "Root=1"
    var describe = DescribeExecutionOutput(
        executionARN: executionARN, stateMachineARN: machineARN, status: .failed, startDate: date)
    describe.name = "run-1"
    describe.stopDate = date
    describe.input = "{}"
    describe.output = "{}"
    describe.traceHeader = "Root=1"
    describe.mapRunARN = "arn:aws:states:us-east-1:123456789012:mapRun:Nightly/Map:1"
    describe.error = "Boom"
    describe.cause = "why"
    describe.stateMachineVersionARN = machineARN + ":1"
    describe.stateMachineAliasARN = machineARN + ":prod"
    describe.redriveCount = 1
    describe.redriveDate = date
    describe.redriveStatus = "REDRIVABLE"
    describe.redriveStatusReason = "because"
    var item = ExecutionListItem(
        executionARN: executionARN, stateMachineARN: machineARN, name: "run-1", status: .succeeded, startDate: date,
        stopDate: date)
    item.mapRunARN = "arn:aws:states:us-east-1:123456789012:mapRun:Nightly/Map:1"
    item.itemCount = 3
    item.stateMachineVersionARN = machineARN + ":1"
    item.stateMachineAliasARN = machineARN + ":prod"
    item.redriveCount = 0
    item.redriveDate = date
    return [
        CreateStateMachineOutput(
            stateMachineARN: machineARN, creationDate: date, stateMachineVersionARN: machineARN + ":1"),
        UpdateStateMachineOutput(updateDate: date, revisionID: "r2", stateMachineVersionARN: machineARN + ":2"),
        describeMachine,
        ListStateMachinesOutput(
            items: [.init(stateMachineARN: machineARN, name: "Nightly", type: .express, creationDate: date)],
            nextToken: "next"),
        StartExecutionOutput(executionARN: executionARN, startDate: date),
        sync,
        describe,
        ListExecutionsOutput(items: [item], nextToken: "next"),
        StopExecutionOutput(stopDate: date),
        GetExecutionHistoryOutput(
            events: [["timestamp": .awsTimestamp(date), "type": "ExecutionStarted", "id": 1, "previousEventId": 0]],
            nextToken: "next"),
        RedriveExecutionOutput(redriveDate: date),
        ListTagsForResourceOutput(tags: [Tag(key: "k", value: "v")]),
    ]
}()

@Suite struct OutputTests {
    @Test func outputsLeaveOutAbsentMembers() {
        let minimal = DescribeExecutionOutput(
            executionARN: executionARN, stateMachineARN: machineARN, status: .running,
            startDate: Date(timeIntervalSince1970: 1))
        #expect(
            minimal.json.serialized()
                == #"{"executionArn":"\#(executionARN)","stateMachineArn":"\#(machineARN)","status":"RUNNING","startDate":1.0}"#
        )
        #expect(minimal.response.status == 200)
    }

    @Test(arguments: sampleOutputs.indices)
    func outputsEmitOnlyTheirMembers(index: Int) throws {
        let output = sampleOutputs[index]
        let keys = try #require(output.json.objectValue).keys
        let declared = Set(type(of: output).memberNames)
        for key in keys { #expect(declared.contains(key), "\(type(of: output)).\(key)") }
    }

    @Test func inputAndOutputDetailsSayIncluded() {
        let json = sampleOutputs[6].json
        #expect(json["inputDetails"] == ["included": true])
        #expect(json["outputDetails"] == ["included": true])
    }
}
