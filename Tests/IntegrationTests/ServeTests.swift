import Foundation
import JSONValue
import Testing

/// The Python environment of scripts/install-botocore.sh, with boto3 and the AWS CLI.
enum AWSClients {
    /// `$FERRY_BOTOCORE_VENV`, else `/tmp/ferry-botocore-venv`, when it has boto3 and `aws`.
    static let venv: String? = {
        let folder = ProcessInfo.processInfo.environment["FERRY_BOTOCORE_VENV"] ?? "/tmp/ferry-botocore-venv"
        guard FileManager.default.isExecutableFile(atPath: folder + "/bin/aws"),
            let check = try? FerryProcess.runBlocking(
                ["-c", "import boto3"], program: URL(fileURLWithPath: folder + "/bin/python")),
            check.status == 0
        else { return nil }
        return folder
    }()

    static var isAvailable: Bool { venv != nil }
}

/// A running `ferry serve`, stopped with SIGTERM by ``stop()`` or SIGKILL by ``kill()``.
final class ServeProcess {
    let process = Process()
    let endpoint: String
    private let stdout = Pipe()
    private let stderr = Pipe()

    /// Starts `ferry serve` with `arguments` and waits for its first line: "listening on" (the endpoint), or
    /// "worker ... running" with `--worker` (no endpoint).
    init(_ arguments: [String], in directory: URL, environment: [String: String]) async throws {
        process.executableURL = FerryProcess.executable
        process.arguments = ["serve", "--listen", "127.0.0.1:0"] + arguments
        process.currentDirectoryURL = directory
        process.environment = ProcessInfo.processInfo.environment.merging(environment) { _, new in new }
        process.standardOutput = stdout
        process.standardError = stderr
        try process.run()
        let output = stdout.fileHandleForReading
        let seen = try await offCooperativePool {
            var seen = ""
            let deadline = Date().addingTimeInterval(60)
            while !seen.contains("\n"), Date() < deadline {
                let data = output.availableData
                if data.isEmpty { break }
                seen += String(decoding: data, as: UTF8.self)
            }
            return seen
        }
        if arguments.contains("--worker"), seen.contains(" running") {
            endpoint = ""
            return
        }
        guard let range = seen.range(of: "listening on ") else {
            process.terminate()
            process.waitUntilExit()
            let errors = String(decoding: stderr.fileHandleForReading.readDataToEndOfFile(), as: UTF8.self)
            throw ServeError(description: "ferry serve did not start: \(seen) \(errors)")
        }
        endpoint = String(seen[range.upperBound...].prefix { !$0.isNewline })
    }

    /// Sends SIGTERM, waits, and returns the exit status and stderr.
    func stop() -> (status: Int32, stderr: String) {
        process.terminate()
        let errors = stderr.fileHandleForReading.readDataToEndOfFile()
        process.waitUntilExit()
        return (process.terminationStatus, String(decoding: errors, as: UTF8.self))
    }

    /// Kills the process with SIGKILL (no chance to clean up) and waits for it.
    func kill() {
        _ = Foundation.kill(process.processIdentifier, SIGKILL)
        process.waitUntilExit()
    }

    struct ServeError: Error, CustomStringConvertible {
        var description: String
    }
}

@Suite(
    .serialized,
    .enabled(if: AWSClients.isAvailable, "boto3 and the AWS CLI are not installed (scripts/install-botocore.sh)"))
struct ServeTests {
    static let keyID = "AKIDFERRYSERVETEST"
    static let secret = "serve-test-secret-0123456789"

    /// A folder with a ferry.yaml whose access key's secret comes from the environment.
    static func folder() throws -> TemporaryDirectory {
        let folder = try TemporaryDirectory()
        _ = try folder.write(
            "ferry.yaml",
            """
            serve:
              access_keys:
                - id: \(keyID)
                  secret: ${FERRY_TEST_SERVE_SECRET}
            """)
        return folder
    }

    static func start(_ folder: TemporaryDirectory, _ extra: [String] = []) async throws -> ServeProcess {
        try await ServeProcess(
            ["--store", "sqlite://" + folder.url.appendingPathComponent("state.db").path] + extra, in: folder.url,
            environment: ["FERRY_TEST_SERVE_SECRET": secret])
    }

    @Test func boto3DrivesTheServer() async throws {
        let folder = try Self.folder()
        let server = try await Self.start(folder)
        let script = """
            import json, sys, time
            import boto3
            from botocore.exceptions import ClientError
            endpoint, key, secret = sys.argv[1:4]
            def client(k, s):
                return boto3.client("stepfunctions", endpoint_url=endpoint, region_name="us-east-1",
                                    aws_access_key_id=k, aws_secret_access_key=s)
            def code(call):
                try:
                    call()
                    return None
                except ClientError as error:
                    return error.response["Error"]["Code"]
            sfn = client(key, secret)
            role = "arn:aws:iam::123456789012:role/ferry"
            out = {}
            definition = json.dumps({"StartAt": "P", "States": {"P": {"Type": "Pass", "Result": {"ok": True},
                                     "ResultPath": "$.r", "End": True}}})
            machine = sfn.create_state_machine(name="boto", definition=definition, roleArn=role,
                                               tags=[{"key": "team", "value": "bi"}])["stateMachineArn"]
            out["machine"] = machine
            execution = sfn.start_execution(stateMachineArn=machine, name="first", input='{"a": 1}')["executionArn"]
            for _ in range(400):
                described = sfn.describe_execution(executionArn=execution)
                if described["status"] != "RUNNING":
                    break
                time.sleep(0.05)
            out["status"] = described["status"]
            out["output"] = json.loads(described["output"])
            history = sfn.get_execution_history(executionArn=execution)["events"]
            out["events"] = [event["type"] for event in history]
            out["detailsInput"] = history[0]["executionStartedEventDetails"]["input"]
            out["listed"] = [item["name"] for item in sfn.list_executions(stateMachineArn=machine)["executions"]]
            slow = sfn.create_state_machine(name="slow", roleArn=role, definition=json.dumps(
                {"StartAt": "W", "States": {"W": {"Type": "Wait", "Seconds": 3600, "End": True}}}))["stateMachineArn"]
            waiting = sfn.start_execution(stateMachineArn=slow)["executionArn"]
            time.sleep(0.3)
            out["beforeStop"] = sfn.describe_execution(executionArn=waiting)["status"]
            sfn.stop_execution(executionArn=waiting, error="Manual", cause="stopped by boto3")
            stopped = sfn.describe_execution(executionArn=waiting)
            out["stopped"] = [stopped["status"], stopped.get("error"), stopped.get("cause")]
            sfn.tag_resource(resourceArn=machine, tags=[{"key": "env", "value": "test"}])
            out["tags"] = sfn.list_tags_for_resource(resourceArn=machine)["tags"]
            sfn.untag_resource(resourceArn=machine, tagKeys=["team"])
            out["tagsAfter"] = sfn.list_tags_for_resource(resourceArn=machine)["tags"]
            out["missing"] = code(lambda: sfn.describe_state_machine(stateMachineArn=machine + "x"))
            out["invalid"] = code(lambda: sfn.create_state_machine(name="bad", definition="{}", roleArn=role))
            out["duplicate"] = code(lambda: sfn.start_execution(stateMachineArn=machine, name="first", input="{}"))
            out["wrongSecret"] = code(lambda: client(key, "not-the-secret").list_state_machines())
            out["unknownKey"] = code(lambda: client("AKIDNOBODY", secret).list_state_machines())
            print(json.dumps(out))
            """
        let result = try await FerryProcess.run(
            ["-c", script, server.endpoint, Self.keyID, Self.secret],
            program: URL(fileURLWithPath: AWSClients.venv! + "/bin/python"))
        let stopped = server.stop()
        #expect(result.status == 0, "\(result.stderr)")
        #expect(stopped.status == 0, "\(stopped.stderr)")
        let out = try JSONValue(parsing: result.stdout)
        #expect(out["machine"]?.stringValue == "arn:aws:states:us-east-1:123456789012:stateMachine:boto")
        #expect(out["status"] == "SUCCEEDED")
        #expect(out["output"] == ["a": 1, "r": ["ok": true]])
        #expect(out["events"] == ["ExecutionStarted", "PassStateEntered", "PassStateExited", "ExecutionSucceeded"])
        #expect(out["detailsInput"]?.stringValue == #"{"a":1}"#)
        #expect(out["listed"] == ["first"])
        #expect(out["beforeStop"] == "RUNNING")
        #expect(out["stopped"] == ["ABORTED", "Manual", "stopped by boto3"])
        #expect(out["tags"] == [["key": "env", "value": "test"], ["key": "team", "value": "bi"]])
        #expect(out["tagsAfter"] == [["key": "env", "value": "test"]])
        #expect(out["missing"] == "StateMachineDoesNotExist")
        #expect(out["invalid"] == "InvalidDefinition")
        #expect(out["duplicate"] == "ExecutionAlreadyExists")
        #expect(out["wrongSecret"] == "InvalidSignatureException")
        #expect(out["unknownKey"] == "UnrecognizedClientException")
    }

    @Test func boto3AnswersCallbackTasks() async throws {
        let folder = try TemporaryDirectory()
        // The integration behind the callback task is a command: it writes the token it gets to the given file.
        _ = try folder.write(
            "notify.py",
            """
            import json, sys
            task = json.load(sys.stdin)
            with open(task["file"] + ".tmp", "w") as out:
                out.write(task["token"])
            import os
            os.rename(task["file"] + ".tmp", task["file"])
            print(json.dumps({"MessageId": "m-" + os.path.basename(task["file"])}))
            """)
        _ = try folder.write(
            "ferry.yaml",
            """
            resources:
              arn:aws:states:::sqs:sendMessage: {command: [python3, "{dir}/notify.py"]}
            serve:
              access_keys:
                - id: \(Self.keyID)
                  secret: ${FERRY_TEST_SERVE_SECRET}
            """)
        let server = try await Self.start(folder)
        let script = """
            import json, os, sys, time
            import boto3
            from botocore.exceptions import ClientError
            endpoint, key, secret, folder = sys.argv[1:5]
            sfn = boto3.client("stepfunctions", endpoint_url=endpoint, region_name="us-east-1",
                               aws_access_key_id=key, aws_secret_access_key=secret)
            def code(call):
                try:
                    call()
                    return None
                except ClientError as error:
                    return error.response["Error"]["Code"]
            def token(name):
                path = os.path.join(folder, name)
                for _ in range(600):
                    if os.path.exists(path):
                        return open(path).read()
                    time.sleep(0.05)
                raise SystemExit("no token for " + name)
            def finished(execution):
                for _ in range(600):
                    described = sfn.describe_execution(executionArn=execution)
                    if described["status"] != "RUNNING":
                        return described
                    time.sleep(0.05)
                return described
            definition = json.dumps({"StartAt": "Ask", "States": {
                "Ask": {"Type": "Task", "Resource": "arn:aws:states:::sqs:sendMessage.waitForTaskToken",
                        "Parameters": {"token.$": "$$.Task.Token", "file.$": "$.file"},
                        "HeartbeatSeconds": 3, "End": True}}})
            machine = sfn.create_state_machine(name="callback", definition=definition,
                                               roleArn="arn:aws:iam::123456789012:role/ferry")["stateMachineArn"]
            out = {}
            def start(name):
                return sfn.start_execution(stateMachineArn=machine, name=name,
                                           input=json.dumps({"file": os.path.join(folder, name)}))["executionArn"]
            approved = start("approved")
            first = token("approved")
            out["running"] = sfn.describe_execution(executionArn=approved)["status"]
            sfn.send_task_heartbeat(taskToken=first)
            for _ in range(4):  # 4 s in all: longer than HeartbeatSeconds, kept alive by heartbeats
                time.sleep(1)
                sfn.send_task_heartbeat(taskToken=first)
            sfn.send_task_success(taskToken=first, output=json.dumps({"approved": True}))
            described = finished(approved)
            out["approved"] = [described["status"], json.loads(described["output"])]
            history = sfn.get_execution_history(executionArn=approved)["events"]
            out["events"] = [event["type"] for event in history]
            out["submitted"] = json.loads(next(e for e in history if e["type"] == "TaskSubmitted")
                                          ["taskSubmittedEventDetails"]["output"])
            out["again"] = code(lambda: sfn.send_task_success(taskToken=first, output="{}"))
            out["heartbeatAfter"] = code(lambda: sfn.send_task_heartbeat(taskToken=first))
            out["unknown"] = code(lambda: sfn.send_task_success(taskToken="no-such-token", output="{}"))
            rejected = start("rejected")
            sfn.send_task_failure(taskToken=token("rejected"), error="Rejected", cause="not approved")
            described = finished(rejected)
            out["rejected"] = [described["status"], described.get("error"), described.get("cause")]
            silent = start("silent")
            token("silent")
            described = finished(silent)
            out["silent"] = [described["status"], described.get("error")]
            print(json.dumps(out))
            """
        let result = try await FerryProcess.run(
            ["-c", script, server.endpoint, Self.keyID, Self.secret, folder.url.path],
            program: URL(fileURLWithPath: AWSClients.venv! + "/bin/python"))
        let stopped = server.stop()
        #expect(result.status == 0, "\(result.stderr)")
        #expect(stopped.status == 0, "\(stopped.stderr)")
        let out = try JSONValue(parsing: result.stdout)
        #expect(out["running"] == "RUNNING")
        #expect(out["approved"] == ["SUCCEEDED", ["approved": true]])
        #expect(out["events"] == [
            "ExecutionStarted", "TaskStateEntered", "TaskScheduled", "TaskStarted", "TaskSubmitted", "TaskSucceeded",
            "TaskStateExited", "ExecutionSucceeded",
        ])
        #expect(out["submitted"] == ["MessageId": "m-approved"])
        #expect(out["again"] == "TaskTimedOut")
        #expect(out["heartbeatAfter"] == "TaskTimedOut")
        #expect(out["unknown"] == "TaskDoesNotExist")
        #expect(out["rejected"] == ["FAILED", "Rejected", "not approved"])
        #expect(out["silent"] == ["FAILED", "States.HeartbeatTimeout"])
    }

    @Test func theAWSCLIDrivesTheServer() async throws {
        let folder = try Self.folder()
        let server = try await Self.start(folder)
        defer { _ = server.stop() }
        let aws = URL(fileURLWithPath: AWSClients.venv! + "/bin/aws")
        let environment = [
            "AWS_ACCESS_KEY_ID": Self.keyID, "AWS_SECRET_ACCESS_KEY": Self.secret, "AWS_DEFAULT_REGION": "us-east-1",
            "AWS_CONFIG_FILE": "/dev/null", "AWS_SHARED_CREDENTIALS_FILE": "/dev/null", "AWS_PAGER": "",
        ]
        func cli(_ arguments: [String], environment extra: [String: String] = [:]) async throws -> FerryProcess.Result {
            try await FerryProcess.run(
                ["stepfunctions", "--endpoint-url", server.endpoint, "--output", "json"] + arguments,
                environment: environment.merging(extra) { _, new in new }, program: aws)
        }
        let definition = #"{"StartAt":"P","States":{"P":{"Type":"Pass","End":true}}}"#
        let created = try await cli([
            "create-state-machine", "--name", "cli", "--definition", definition, "--role-arn",
            "arn:aws:iam::123456789012:role/ferry",
        ])
        #expect(created.status == 0, "\(created.stderr)")
        let machine = try #require(try JSONValue(parsing: created.stdout)["stateMachineArn"]?.stringValue)
        let started = try await cli(["start-execution", "--state-machine-arn", machine, "--input", #"{"k":"v"}"#])
        #expect(started.status == 0, "\(started.stderr)")
        let execution = try #require(try JSONValue(parsing: started.stdout)["executionArn"]?.stringValue)
        var status = "RUNNING"
        for _ in 0..<100 where status == "RUNNING" {
            let described = try await cli(["describe-execution", "--execution-arn", execution])
            status = try JSONValue(parsing: described.stdout)["status"]?.stringValue ?? "?"
            if status == "RUNNING" { try await Task.sleep(for: .milliseconds(50)) }
        }
        #expect(status == "SUCCEEDED")
        let history = try await cli(["get-execution-history", "--execution-arn", execution])
        #expect(try JSONValue(parsing: history.stdout)["events"]?.arrayValue?.count == 4)
        let listed = try await cli(["list-executions", "--state-machine-arn", machine])
        #expect(try JSONValue(parsing: listed.stdout)["executions"]?.arrayValue?.count == 1)
        let machines = try await cli(["list-state-machines"])
        #expect(machines.stdout.contains(machine))

        let wrong = try await cli(["list-state-machines"], environment: ["AWS_SECRET_ACCESS_KEY": "not-the-secret"])
        #expect(wrong.status != 0)
        #expect(wrong.stderr.contains("InvalidSignatureException"))
        let unknown = try await cli(["list-state-machines"], environment: ["AWS_ACCESS_KEY_ID": "AKIDNOBODY"])
        #expect(unknown.status != 0)
        #expect(unknown.stderr.contains("UnrecognizedClientException"))
    }

    @Test func noAuthWarnsAndServesUnsignedRequests() async throws {
        let folder = try TemporaryDirectory()
        let server = try await ServeProcess(
            ["--no-auth", "--store", "sqlite://" + folder.url.appendingPathComponent("state.db").path],
            in: folder.url, environment: [:])
        let aws = URL(fileURLWithPath: AWSClients.venv! + "/bin/aws")
        let listed = try await FerryProcess.run(
            ["stepfunctions", "--endpoint-url", server.endpoint, "--no-sign-request", "list-state-machines"],
            environment: ["AWS_DEFAULT_REGION": "us-east-1", "AWS_CONFIG_FILE": "/dev/null"], program: aws)
        let stopped = server.stop()
        #expect(listed.status == 0, "\(listed.stderr)")
        #expect(stopped.stderr.contains("WARNING: --no-auth"))
        #expect(stopped.status == 0)
    }

    @Test func aStoppedServerLeavesRunningExecutionsForTheNextToFinish() async throws {
        let folder = try TemporaryDirectory()
        let arguments = ["--no-auth", "--store", "sqlite://" + folder.url.appendingPathComponent("state.db").path]
        let aws = URL(fileURLWithPath: AWSClients.venv! + "/bin/aws")
        func cli(_ server: ServeProcess, _ arguments: [String]) async throws -> JSONValue {
            let result = try await FerryProcess.run(
                ["stepfunctions", "--endpoint-url", server.endpoint, "--no-sign-request", "--output", "json"]
                    + arguments,
                environment: ["AWS_DEFAULT_REGION": "us-east-1", "AWS_CONFIG_FILE": "/dev/null"], program: aws)
            #expect(result.status == 0, "\(result.stderr)")
            return try JSONValue(parsing: result.stdout)
        }
        let first = try await ServeProcess(arguments, in: folder.url, environment: [:])
        let machine = try await cli(first, [
            "create-state-machine", "--name", "slow", "--role-arn", "arn:aws:iam::123456789012:role/ferry",
            "--definition",
            #"{"StartAt":"W","States":{"W":{"Type":"Wait","Seconds":2,"Next":"P"},"P":{"Type":"Pass","End":true}}}"#,
        ])["stateMachineArn"]?.stringValue
        let execution = try await cli(first, [
            "start-execution", "--state-machine-arn", machine ?? "", "--input", #"{"kept":true}"#,
        ])["executionArn"]?.stringValue
        try await Task.sleep(for: .milliseconds(300))
        #expect(first.stop().status == 0)
        let second = try await ServeProcess(arguments, in: folder.url, environment: [:])
        defer { _ = second.stop() }
        var described = try await cli(second, ["describe-execution", "--execution-arn", execution ?? ""])
        let deadline = Date().addingTimeInterval(30)
        while described["status"] == "RUNNING", Date() < deadline {
            try await Task.sleep(for: .milliseconds(200))
            described = try await cli(second, ["describe-execution", "--execution-arn", execution ?? ""])
        }
        #expect(described["status"] == "SUCCEEDED")
        #expect(described["output"] == #"{"kept":true}"#)
    }

    @Test func serveRefusesToStartWithoutAccessKeys() async throws {
        let folder = try TemporaryDirectory()
        let result = try await FerryProcess.run(["serve", "--listen", "127.0.0.1:0"], in: folder.url)
        #expect(result.status == 2)
        #expect(result.stderr.contains("no access keys"))
    }
}
