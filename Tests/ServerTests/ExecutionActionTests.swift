import JSONValue
import Server
import StepFunctionsAPI
import Store
import Testing

@Suite(.timeLimit(.minutes(1)))
struct ExecutionActionTests {
    @Test func startDescribeHistoryAndList() async throws {
        try await withHarness(engine: true) { h in
            await h.create("Flow", Definitions.pass)
            let started = await h.ok(
                "StartExecution", ["stateMachineArn": .string(h.arn("Flow")), "name": "run-1", "input": #"{"a":1}"#])
            let arn = try #require(started["executionArn"]?.stringValue)
            #expect(arn == h.executionArn("Flow", "run-1"))
            #expect(started["startDate"]?.doubleValue != nil)

            let finished = try await h.waitUntilFinished(arn)
            #expect(finished["status"] == "SUCCEEDED")
            #expect(finished["name"] == "run-1")
            #expect(finished["input"]?.stringValue == #"{"a":1}"#)
            #expect(finished["output"]?.stringValue == #"{"a":1,"r":{"done":true}}"#)
            #expect(finished["stopDate"]?.doubleValue != nil)
            #expect(finished["redriveStatus"] == "NOT_REDRIVABLE")
            let metadata = await h.ok(
                "DescribeExecution", ["executionArn": .string(arn), "includedData": "METADATA_ONLY"])
            #expect(!metadata.has("input") && !metadata.has("output"))

            let history = await h.ok("GetExecutionHistory", ["executionArn": .string(arn)])
            let events = try #require(history["events"]?.arrayValue)
            #expect(
                events.map { $0["type"]?.stringValue ?? "" } == [
                    "ExecutionStarted", "PassStateEntered", "PassStateExited", "ExecutionSucceeded",
                ])
            #expect(events[0]["id"] == 1)
            #expect(events[0]["previousEventId"] == 0)
            #expect(events[0]["timestamp"]?.doubleValue != nil)
            #expect(events[0]["executionStartedEventDetails"]?["input"]?.stringValue == #"{"a":1}"#)
            #expect(events[1]["stateEnteredEventDetails"]?["name"] == "P")
            #expect(events[2]["stateExitedEventDetails"]?["output"]?.stringValue == #"{"a":1,"r":{"done":true}}"#)
            #expect(events[3]["executionSucceededEventDetails"]?["output"] != nil)

            // Pagination through the store's tokens, and reverse order.
            let page = await h.ok("GetExecutionHistory", ["executionArn": .string(arn), "maxResults": 3])
            #expect(page["events"]?.arrayValue?.count == 3)
            let token = try #require(page["nextToken"]?.stringValue)
            let rest = await h.ok(
                "GetExecutionHistory", ["executionArn": .string(arn), "maxResults": 3, "nextToken": .string(token)])
            #expect(rest["events"]?[0]?["type"] == "ExecutionSucceeded")
            let reversed = await h.ok("GetExecutionHistory", ["executionArn": .string(arn), "reverseOrder": true])
            #expect(reversed["events"]?[0]?["type"] == "ExecutionSucceeded")
            let noData = await h.ok(
                "GetExecutionHistory", ["executionArn": .string(arn), "includeExecutionData": false])
            #expect(noData["events"]?[0]?["executionStartedEventDetails"]?.has("input") == false)
            #expect(
                await h.errorType("GetExecutionHistory", ["executionArn": .string(arn), "nextToken": "bogus"])
                    == "InvalidToken")

            let listed = await h.ok("ListExecutions", ["stateMachineArn": .string(h.arn("Flow"))])
            #expect(listed["executions"]?[0]?["executionArn"]?.stringValue == arn)
            #expect(listed["executions"]?[0]?["status"] == "SUCCEEDED")
            let running = await h.ok(
                "ListExecutions", ["stateMachineArn": .string(h.arn("Flow")), "statusFilter": "RUNNING"])
            #expect(running["executions"] == [])
            #expect(
                await h.errorType("ListExecutions", ["stateMachineArn": .string(h.arn("Nope"))])
                    == "StateMachineDoesNotExist")
            #expect(await h.errorType("ListExecutions", [:]) == "ValidationException")
        }
    }

    @Test func startExecutionIsIdempotentOnNameAndInput() async throws {
        try await withHarness { h in
            await h.create("Flow", Definitions.wait)
            let body: JSONValue = ["stateMachineArn": .string(h.arn("Flow")), "name": "once", "input": #"{"x":1}"#]
            let first = await h.ok("StartExecution", body)
            let second = await h.ok("StartExecution", body)
            #expect(first == second)
            #expect(h.recorder?.log == ["launch once"])
            let (status, answer) = await h.call(
                "StartExecution", ["stateMachineArn": .string(h.arn("Flow")), "name": "once", "input": #"{"x":2}"#])
            #expect(status == 400)
            #expect(answer["__type"] == "ExecutionAlreadyExists")
            #expect(answer["message"]?.stringValue == "Execution Already Exists: '\(h.executionArn("Flow", "once"))'")
            #expect(
                await h.errorType("StartExecution", ["stateMachineArn": .string(h.arn("Nope"))])
                    == "StateMachineDoesNotExist")
            #expect(
                await h.errorType("StartExecution", ["stateMachineArn": .string(h.arn("Flow")), "input": "{"])
                    == "InvalidExecutionInput")
            #expect(
                await h.errorType("StartExecution", ["stateMachineArn": .string(h.executionArn("Flow", "once"))])
                    == "InvalidArn")
        }
    }

    @Test func unknownExecutions() async throws {
        try await withHarness { h in
            let arn = h.executionArn("Flow", "nope")
            let (status, body) = await h.call("DescribeExecution", ["executionArn": .string(arn)])
            #expect(status == 400)
            #expect(body["__type"] == "ExecutionDoesNotExist")
            #expect(body["message"]?.stringValue == "Execution Does Not Exist: '\(arn)'")
            #expect(await h.errorType("StopExecution", ["executionArn": .string(arn)]) == "ExecutionDoesNotExist")
            #expect(await h.errorType("GetExecutionHistory", ["executionArn": .string(arn)]) == "ExecutionDoesNotExist")
            #expect(await h.errorType("RedriveExecution", ["executionArn": .string(arn)]) == "ExecutionDoesNotExist")
        }
    }

    @Test func stopExecutionAbortsARunningExecution() async throws {
        try await withHarness(engine: true) { h in
            await h.create("Slow", Definitions.wait)
            let started = await h.ok("StartExecution", ["stateMachineArn": .string(h.arn("Slow")), "name": "long"])
            let arn = try #require(started["executionArn"]?.stringValue)
            // Let the engine reach the Wait state.
            try await Task.sleep(for: .milliseconds(100))
            let stopped = await h.ok(
                "StopExecution", ["executionArn": .string(arn), "error": "Manual", "cause": "stopped by a test"])
            #expect(stopped["stopDate"]?.doubleValue != nil)
            let described = await h.ok("DescribeExecution", ["executionArn": .string(arn)])
            #expect(described["status"] == "ABORTED")
            #expect(described["error"] == "Manual")
            #expect(described["cause"] == "stopped by a test")
            #expect(described["redriveStatus"] == "REDRIVABLE")
            let events = await h.ok("GetExecutionHistory", ["executionArn": .string(arn), "reverseOrder": true])
            #expect(events["events"]?[0]?["type"] == "ExecutionAborted")
            // A closed execution cannot be stopped again.
            #expect(await h.errorType("StopExecution", ["executionArn": .string(arn)]) == "ValidationException")
        }
    }

    @Test func stopExecutionClosesAnExecutionNoLauncherRuns() async throws {
        try await withHarness { h in
            await h.create("Orphan", Definitions.wait)
            let started = await h.ok("StartExecution", ["stateMachineArn": .string(h.arn("Orphan")), "name": "o"])
            let arn = try #require(started["executionArn"]?.stringValue)
            await h.ok("StopExecution", ["executionArn": .string(arn)])
            #expect(h.recorder?.log == ["launch o", "stop \(arn)"])
        }
    }

    @Test func redriveRunsAFailedExecutionAgain() async throws {
        try await withHarness(engine: true) { h in
            await h.create("Failing", Definitions.fail)
            let started = await h.ok("StartExecution", ["stateMachineArn": .string(h.arn("Failing")), "name": "f"])
            let arn = try #require(started["executionArn"]?.stringValue)
            let failed = try await h.waitUntilFinished(arn)
            #expect(failed["status"] == "FAILED")
            #expect(failed["error"] == "Boom")
            #expect(failed["cause"] == "on purpose")
            let redriven = await h.ok("RedriveExecution", ["executionArn": .string(arn)])
            #expect(redriven["redriveDate"]?.doubleValue != nil)
            let again = try await h.waitUntilFinished(arn)
            #expect(again["status"] == "FAILED")
            #expect(again["redriveCount"] == 1)
            let history = await h.ok("GetExecutionHistory", ["executionArn": .string(arn)])
            let types = history["events"]?.arrayValue?.map { $0["type"]?.stringValue ?? "" } ?? []
            #expect(types.filter { $0 == "ExecutionFailed" }.count == 2)
            #expect(types.contains("ExecutionRedriven"))
            let ids = history["events"]?.arrayValue?.map { $0["id"]?.intValue ?? 0 } ?? []
            #expect(ids == Array(1..<(ids.count + 1)))

            await h.create("Fine", Definitions.pass)
            let ok = await h.ok("StartExecution", ["stateMachineArn": .string(h.arn("Fine"))])
            let okArn = try #require(ok["executionArn"]?.stringValue)
            _ = try await h.waitUntilFinished(okArn)
            #expect(
                await h.errorType("RedriveExecution", ["executionArn": .string(okArn)]) == "ExecutionNotRedrivable")
        }
    }

    @Test func startSyncExecutionRunsExpressMachinesToTheEnd() async throws {
        try await withHarness(engine: true) { h in
            await h.create("Fast", Definitions.pass, type: "EXPRESS")
            let answer = await h.ok(
                "StartSyncExecution", ["stateMachineArn": .string(h.arn("Fast")), "input": #"{"n":2}"#])
            #expect(answer["status"] == "SUCCEEDED")
            #expect(answer["output"]?.stringValue == #"{"n":2,"r":{"done":true}}"#)
            #expect(answer["stateMachineArn"]?.stringValue == h.arn("Fast"))
            await h.create("Standard", Definitions.pass)
            #expect(
                await h.errorType("StartSyncExecution", ["stateMachineArn": .string(h.arn("Standard"))])
                    == "StateMachineTypeNotSupported")
            await h.create("FastFail", Definitions.fail, type: "EXPRESS")
            let failed = await h.ok("StartSyncExecution", ["stateMachineArn": .string(h.arn("FastFail"))])
            #expect(failed["status"] == "FAILED")
            #expect(failed["error"] == "Boom")
        }
    }

    @Test func taskTokensAreAnsweredOnce() async throws {
        try await withHarness { h in
            await h.create("Callback", Definitions.wait)
            let started = await h.ok("StartExecution", ["stateMachineArn": .string(h.arn("Callback"))])
            let arn = try #require(started["executionArn"]?.stringValue)
            let token = try await h.store.createTaskToken(executionArn: arn, stateName: "W", eventId: 2)
            await h.ok("SendTaskHeartbeat", ["taskToken": .string(token)])
            await h.ok("SendTaskSuccess", ["taskToken": .string(token), "output": #"{"ok":true}"#])
            #expect(try await h.store.taskToken(token).output == ["ok": true])
            #expect(
                await h.errorType("SendTaskFailure", ["taskToken": .string(token), "error": "E"]) == "TaskTimedOut")
            #expect(await h.errorType("SendTaskHeartbeat", ["taskToken": .string(token)]) == "TaskTimedOut")
            let other = try await h.store.createTaskToken(executionArn: arn, stateName: "W", eventId: 3)
            await h.ok("SendTaskFailure", ["taskToken": .string(other), "error": "E", "cause": "C"])
            #expect(try await h.store.taskToken(other).status == .failed)
            let unknown = String(repeating: "A", count: 43)
            let code = await h.errorType("SendTaskSuccess", ["taskToken": .string(unknown), "output": "{}"])
            #expect(code == "TaskDoesNotExist" || code == "InvalidToken")
            #expect(
                await h.errorType("SendTaskSuccess", ["taskToken": .string(other), "output": "not json"])
                    == "InvalidOutput")
        }
    }
}
