import Foundation
import JSONValue
import Testing

#if canImport(Glibc)
import Glibc
#elseif canImport(Darwin)
import Darwin
#endif

/// `ferry execute` end to end: the output contract, the options, and bad input of every kind.
@Suite struct ExecuteCommandTests {
    // MARK: - Helpers

    /// Runs `ferry execute` on `definition` (written into `dir`) with `arguments`.
    static func execute(_ definition: String, _ arguments: [String] = [], in dir: TemporaryDirectory) async throws
        -> (result: FerryProcess.Result, json: JSONValue?)
    {
        let file = try dir.write("machine-\(UUID().uuidString.prefix(8)).asl.json", definition)
        let result = try await ferry(["execute", file] + arguments)
        return (result, try? JSONValue(parsing: result.stdout))
    }

    /// How long one `ferry` run may take before it counts as hung.
    static let hangLimit: TimeInterval = 8

    /// Runs `ferry` like `FerryProcess.run`, but bounded: a run that hangs is killed and fails the test instead of
    /// hanging the suite, and one that dies of SIGPIPE is reported as such.
    static func ferry(_ arguments: [String]) async throws -> FerryProcess.Result {
        guard let result = try await bounded(arguments) else {
            Issue.record("ferry \(arguments.joined(separator: " ")) hung; killed after \(hangLimit) s")
            return FerryProcess.Result(status: -1, stdout: "", stderr: "")
        }
        if result.diedOfSIGPIPE {
            Issue.record("ferry \(arguments.joined(separator: " ")) was killed by SIGPIPE")
        }
        return result
    }

    /// One run of `ferry`, or nil when it did not finish within `limit` (it is then killed). The waiting happens on
    /// a dispatch thread, so it never blocks Swift's cooperative pool (which the engine's unit tests share).
    static func bounded(_ arguments: [String], limit: TimeInterval = hangLimit) async throws -> FerryProcess.Result? {
        try await offCooperativePool { try boundedBlocking(arguments, limit: limit) }
    }

    static func boundedBlocking(_ arguments: [String], limit: TimeInterval) throws -> FerryProcess.Result? {
        let process = Process()
        process.executableURL = FerryProcess.executable
        process.arguments = arguments
        let out = Pipe(), err = Pipe()
        process.standardOutput = out
        process.standardError = err
        try process.run()
        let collected = Collected()
        let group = DispatchGroup()
        for (pipe, isOut) in [(out, true), (err, false)] {
            group.enter()
            DispatchQueue.global().async {
                let data = pipe.fileHandleForReading.readDataToEndOfFile()
                collected.set(data, stdout: isOut)
                group.leave()
            }
        }
        let deadline = Date().addingTimeInterval(limit)
        while process.isRunning, Date() < deadline { usleep(20_000) }
        if process.isRunning {
            kill(process.processIdentifier, SIGKILL)
            process.waitUntilExit()
            _ = group.wait(timeout: .now() + 5)
            return nil
        }
        process.waitUntilExit()
        _ = group.wait(timeout: .now() + 5)
        if process.terminationReason == .uncaughtSignal, process.terminationStatus == SIGPIPE {
            return FerryProcess.Result(status: 128 + SIGPIPE, stdout: "", stderr: "killed by SIGPIPE")
        }
        return FerryProcess.Result(status: process.terminationStatus, stdout: String(decoding: collected.stdout, as: UTF8.self),
                                   stderr: String(decoding: collected.stderr, as: UTF8.self))
    }

    final class Collected: @unchecked Sendable {
        private let lock = NSLock()
        private var out = Data(), err = Data()
        func set(_ data: Data, stdout: Bool) { lock.withLock { if stdout { out = data } else { err = data } } }
        var stdout: Data { lock.withLock { out } }
        var stderr: Data { lock.withLock { err } }
    }

    /// A one-Task machine on `resource`.
    static func task(_ resource: String, _ fields: String = "") -> String {
        #"{"StartAt": "T", "States": {"T": {"Type": "Task", "Resource": "\#(resource)", \#(fields) "End": true}}}"#
    }

    static let resource = "arn:aws:states:::ferry:test"

    /// Writes a shell script and a task map sending `resource` to it; returns the task map's path.
    /// The script first reads all its input (as real tasks do) unless `readsInput` is false, so that the SIGPIPE
    /// bug (see `taskThatIgnoresLargeInputDoesNotKillFerry`) does not disturb the other tests.
    static func taskMap(_ script: String, in dir: TemporaryDirectory, resource: String = resource, readsInput: Bool = true) throws -> String {
        let path = try dir.write("task-\(UUID().uuidString.prefix(8)).sh", readsInput ? "cat > /dev/null\n" + script : script)
        return try dir.write("tasks-\(UUID().uuidString.prefix(8)).json", #"{"\#(resource)": {"command": ["sh", "\#(path)"]}}"#)
    }

    /// Whether `pid` is a live process (a zombie counts as gone).
    static func isAlive(_ pid: Int32) -> Bool {
        guard let stat = try? String(contentsOfFile: "/proc/\(pid)/stat", encoding: .utf8) else { return kill(pid, 0) == 0 }
        guard let close = stat.lastIndex(of: ")") else { return true }
        let state = stat[stat.index(close, offsetBy: 2)]
        return state != "Z" && state != "X"
    }

    /// Waits up to `seconds` for `pid` to be gone.
    static func waitUntilGone(_ pid: Int32, seconds: Double = 3) async -> Bool {
        let deadline = Date().addingTimeInterval(seconds)
        while Date() < deadline {
            if !isAlive(pid) { return true }
            try? await Task.sleep(for: .milliseconds(50))
        }
        return !isAlive(pid)
    }

    static func readPID(_ path: String) throws -> Int32 {
        let text = try String(contentsOfFile: path, encoding: .utf8).trimmingCharacters(in: .whitespacesAndNewlines)
        return try #require(Int32(text))
    }

    // MARK: - The output contract

    @Test(.timeLimit(.minutes(1))) func successPrintsOneJSONObjectAndExitsZero() async throws {
        let dir = try TemporaryDirectory()
        let (result, json) = try await Self.execute(#"{"StartAt": "P", "States": {"P": {"Type": "Pass", "Result": {"a": [1, "x"]}, "End": true}}}"#,
                                              in: dir)
        #expect(result.status == 0, "\(result.stderr)")
        #expect(result.stdout.split(separator: "\n").count == 1, "\(result.stdout)")
        #expect(json == ["status": "SUCCEEDED", "output": ["a": [1, "x"]]])
        #expect(json?["events"] == nil)
    }

    @Test(.timeLimit(.minutes(1))) func failedExecutionStillExitsZero() async throws {
        let dir = try TemporaryDirectory()
        let (result, json) = try await Self.execute(#"{"StartAt": "F", "States": {"F": {"Type": "Fail", "Error": "E", "Cause": "c"}}}"#, in: dir)
        #expect(result.status == 0)
        #expect(json == ["status": "FAILED", "error": "E", "cause": "c"])
    }

    @Test(.timeLimit(.minutes(1))) func timedOutExecutionExitsZero() async throws {
        let dir = try TemporaryDirectory()
        let (result, json) = try await Self.execute(
            #"{"StartAt": "W", "TimeoutSeconds": 1, "States": {"W": {"Type": "Wait", "Seconds": 30, "End": true}}}"#, in: dir)
        #expect(result.status == 0)
        #expect(json?["status"] == "TIMED_OUT")
        #expect(json?["error"] == "States.Timeout")
    }

    @Test(.timeLimit(.minutes(1))) func historyAddsAWSShapedEvents() async throws {
        let dir = try TemporaryDirectory()
        let (result, json) = try await Self.execute(#"{"StartAt": "P", "States": {"P": {"Type": "Pass", "End": true}}}"#,
                                              ["--history", "--input-json", #"{"k": 1}"#], in: dir)
        #expect(result.status == 0)
        #expect(json?["status"] == "SUCCEEDED")
        let events = try #require(json?["events"]?.arrayValue)
        #expect(events.compactMap { $0["type"]?.stringValue } == ["ExecutionStarted", "PassStateEntered", "PassStateExited", "ExecutionSucceeded"])
        #expect(events.compactMap { $0["id"]?.intValue } == [1, 2, 3, 4])
        #expect(events.compactMap { $0["previousEventId"]?.intValue } == [0, 1, 2, 3])
        #expect(events[1]["stateEnteredEventDetails"]?["name"] == "P")
        #expect(events[1]["stateEnteredEventDetails"]?["input"] == #"{"k":1}"#)
        for event in events { #expect(event["timestamp"]?.stringValue?.hasSuffix("Z") == true) }
    }

    @Test(.timeLimit(.minutes(1))) func inputFromFileOrFromTheCommandLine() async throws {
        let dir = try TemporaryDirectory()
        let definition = #"{"StartAt": "P", "States": {"P": {"Type": "Pass", "Parameters": {"got.$": "$.v"}, "End": true}}}"#
        let inputFile = try dir.write("input.json", #"{"v": [1, 2]}"#)
        let (fromFile, fileJSON) = try await Self.execute(definition, ["--input", inputFile], in: dir)
        #expect(fromFile.status == 0)
        #expect(fileJSON?["output"] == ["got": [1, 2]])
        let (inline, inlineJSON) = try await Self.execute(definition, ["--input-json", #"{"v": "s"}"#], in: dir)
        #expect(inline.status == 0)
        #expect(inlineJSON?["output"] == ["got": "s"])
        // No input at all is {}.
        let (none, noneJSON) = try await Self.execute(#"{"StartAt": "P", "States": {"P": {"Type": "Pass", "End": true}}}"#, in: dir)
        #expect(none.status == 0)
        #expect(noneJSON?["output"] == [:])
    }

    @Test(.timeLimit(.minutes(1))) func bothInputOptionsIsAUsageError() async throws {
        let dir = try TemporaryDirectory()
        let inputFile = try dir.write("input.json", "{}")
        let (result, _) = try await Self.execute(#"{"StartAt": "P", "States": {"P": {"Type": "Pass", "End": true}}}"#,
                                           ["--input", inputFile, "--input-json", "{}"], in: dir)
        #expect(result.status == 2)
        #expect(result.stderr.contains("--input"))
    }

    @Test(.timeLimit(.minutes(1))) func nameSetsTheExecutionName() async throws {
        let dir = try TemporaryDirectory()
        let (result, json) = try await Self.execute(
            #"{"StartAt": "P", "States": {"P": {"Type": "Pass", "Parameters": {"name.$": "$$.Execution.Name", "id.$": "$$.Execution.Id"}, "End": true}}}"#,
            ["--name", "nightly-42"], in: dir)
        #expect(result.status == 0)
        #expect(json?["output"]?["name"] == "nightly-42")
        #expect(json?["output"]?["id"]?.stringValue?.hasSuffix(":nightly-42") == true)
    }

    @Test(.timeLimit(.minutes(5))) func fastTimeSkipsAThousandSecondWait() async throws {
        let dir = try TemporaryDirectory()
        let started = Date()
        let (result, json) = try await Self.execute(
            #"{"StartAt": "W", "States": {"W": {"Type": "Wait", "Seconds": 1000, "Next": "P"}, "P": {"Type": "Pass", "Parameters": {"t.$": "$$.State.EnteredTime"}, "End": true}}}"#,
            ["--fast-time", "--history"], in: dir)
        #expect(Date().timeIntervalSince(started) < 180)  // waiting for real would take 1000 s
        #expect(result.status == 0)
        #expect(json?["status"] == "SUCCEEDED")
        // The virtual clock moved 1000 s: the Wait's exit is stamped 1000 s after its entry.
        let events = try #require(json?["events"]?.arrayValue)
        let stamps = events.filter { $0["type"] == "WaitStateEntered" || $0["type"] == "WaitStateExited" }.compactMap { $0["timestamp"]?.stringValue }
        #expect(stamps.count == 2)
        let formatter = ISO8601DateFormatter()
        formatter.formatOptions = [.withInternetDateTime, .withFractionalSeconds]
        if stamps.count == 2, let a = formatter.date(from: stamps[0]), let b = formatter.date(from: stamps[1]) {
            #expect(abs(b.timeIntervalSince(a) - 1000) < 0.01)
        }
    }

    @Test(.timeLimit(.minutes(1))) func fastTimeSkipsRetryIntervals() async throws {
        let dir = try TemporaryDirectory()
        let map = try Self.taskMap(#"echo '{"error": "Flaky", "cause": "again"}'; exit 1"#, in: dir)
        // Two 60 s intervals (60 + 120 s); every run is killed after `hangLimit` (8 s), so finishing proves no real wait.
        let (result, json) = try await Self.execute(
            Self.task(Self.resource, #""Retry": [{"ErrorEquals": ["Flaky"], "IntervalSeconds": 60, "MaxAttempts": 2}],"#),
            ["--task-map", map, "--fast-time"], in: dir)
        #expect(result.status == 0, "\(result.stderr)")
        #expect(json?["error"] == "Flaky")
        #expect(json?["cause"] == "again")
    }

    // MARK: - Bad input: the execution input and the definition

    @Test(.timeLimit(.minutes(1)), arguments: ["{not json", "", "[1,", "{\"a\": 1} trailing"])
    func inputThatIsNotJSONIsInvalidExecutionInput(text: String) async throws {
        let dir = try TemporaryDirectory()
        let definition = #"{"StartAt": "P", "States": {"P": {"Type": "Pass", "End": true}}}"#
        let (inline, inlineJSON) = try await Self.execute(definition, ["--input-json", text], in: dir)
        #expect(inline.status == 2)
        #expect(inlineJSON?["status"] == "FAILED")
        #expect(inlineJSON?["error"] == "InvalidExecutionInput")
        #expect(inline.stderr.split(separator: "\n").count == 1, "\(inline.stderr)")
        let file = try dir.write("bad-input.json", text)
        let (fromFile, fileJSON) = try await Self.execute(definition, ["--input", file], in: dir)
        #expect(fromFile.status == 2)
        #expect(fileJSON?["error"] == "InvalidExecutionInput")
        #expect(fromFile.stderr.contains("bad-input.json"))
    }

    @Test(.timeLimit(.minutes(1))) func missingInputFileIsAUsageError() async throws {
        let dir = try TemporaryDirectory()
        let (result, _) = try await Self.execute(#"{"StartAt": "P", "States": {"P": {"Type": "Pass", "End": true}}}"#,
                                           ["--input", "/nonexistent/input.json"], in: dir)
        #expect(result.status == 2)
        #expect(result.stderr.contains("/nonexistent/input.json"))
    }

    @Test(.timeLimit(.minutes(1))) func invalidDefinitionPrintsInvalidDefinitionAndDiagnostics() async throws {
        let dir = try TemporaryDirectory()
        let (result, json) = try await Self.execute(#"{"StartAt": "Missing", "States": {"P": {"Type": "Pass", "Nxt": "Q", "End": true}}}"#, in: dir)
        #expect(result.status == 2)
        #expect(result.stdout.split(separator: "\n").count == 1)
        #expect(json?["status"] == "FAILED")
        #expect(json?["error"] == "InvalidDefinition")
        let cause = try #require(json?["cause"]?.stringValue)
        #expect(cause.contains("Missing"))
        #expect(result.stderr.contains(": error: "), "\(result.stderr)")
        #expect(result.stderr.contains("/StartAt"))
    }

    @Test(.timeLimit(.minutes(1))) func definitionThatIsNotJSONOrMissingIsAUsageError() async throws {
        let dir = try TemporaryDirectory()
        let (broken, _) = try await Self.execute("{\"StartAt\": ", in: dir)
        #expect(broken.status == 2)
        #expect(!broken.stderr.isEmpty)
        let missing = try await Self.ferry(["execute", "/nonexistent/machine.json"])
        #expect(missing.status == 2)
        #expect(missing.stderr.contains("/nonexistent/machine.json"))
    }

    // MARK: - Bad input: the task map

    @Test(.timeLimit(.minutes(1)), arguments: [
        ("{\"x\": ", "not valid JSON"),
        ("[]", "a task map is a JSON object"),
        (#"{"arn:aws:states:::ferry:test": {"command": "echo hi"}}"#, "needs \"command\""),
        (#"{"arn:aws:states:::ferry:test": {"command": []}}"#, "needs \"command\""),
        (#"{"arn:aws:states:::ferry:test": {"command": ["echo", 1]}}"#, "needs \"command\""),
        (#"{"arn:aws:states:::ferry:test": {"cmd": ["echo"]}}"#, "needs \"command\""),
        (#"{"arn:aws:states:::ferry:test": {"command": ["echo"], "timeout": 3}}"#, "unknown field \"timeout\""),
        (#"{"arn:aws:states:::ferry:test": {"command": ["echo"], "env": {"A": 1}}}"#, "\"env\""),
        (#"{"arn:aws:states:::ferry:test": {"command": ["/nonexistent/bin/task"]}}"#, "not an executable file"),
        (#"{"a": {"command": ["echo"]}, "a": {"command": ["cat"]}}"#, "task map"),
    ])
    func badTaskMapIsAOneLineUsageError(text: String, expected: String) async throws {
        let dir = try TemporaryDirectory()
        let map = try dir.write("tasks.json", text)
        let (result, _) = try await Self.execute(Self.task(Self.resource), ["--task-map", map], in: dir)
        #expect(result.status == 2)
        #expect(result.stdout.isEmpty, "\(result.stdout)")
        let lines = result.stderr.split(separator: "\n")
        #expect(lines.count == 1, "\(result.stderr)")
        #expect(result.stderr.hasPrefix("error: "))
        #expect(result.stderr.contains("tasks.json"))
        #expect(result.stderr.contains(expected), "\(result.stderr)")
    }

    @Test(.timeLimit(.minutes(1))) func missingTaskMapFileIsAUsageError() async throws {
        let dir = try TemporaryDirectory()
        let (result, _) = try await Self.execute(Self.task(Self.resource), ["--task-map", "/nonexistent/tasks.json"], in: dir)
        #expect(result.status == 2)
        #expect(result.stderr.contains("/nonexistent/tasks.json"))
        #expect(result.stderr.split(separator: "\n").count == 1)
    }

    /// A bare command name is looked up on PATH when the task runs; one that is not there is a task failure that
    /// says so, and the execution still ends normally.
    @Test(.timeLimit(.minutes(1))) func commandNotFoundAtRunTimeIsATaskFailure() async throws {
        let dir = try TemporaryDirectory()
        let map = try dir.write("tasks.json", #"{"\#(Self.resource)": {"command": ["ferry-no-such-command-xyz", "--flag"]}}"#)
        let file = try dir.write("machine.json", Self.task(Self.resource))
        let run = try await Self.bounded(["execute", file, "--task-map", map])
        let result = try #require(run, "ferry did not finish within \(Self.hangLimit) s")
        let json = try JSONValue(parsing: result.stdout)
        #expect(result.status == 0, "\(result.stderr)")
        #expect(json["status"] == "FAILED")
        #expect(json["error"] == "States.TaskFailed")
        #expect(json["cause"]?.stringValue?.contains("ferry-no-such-command-xyz") == true)

    }

    // MARK: - Process tasks

    @Test(.timeLimit(.minutes(1))) func processTaskGetsInputOnStdinAndItsStdoutIsTheResult() async throws {
        let dir = try TemporaryDirectory()
        let map = try Self.taskMap(#"read -r line; printf '{"received": %s, "env": "%s"}' "$line" "$GREETING""#, in: dir, readsInput: false)
        // Add an env entry to the same task map.
        let withEnv = try String(contentsOfFile: map, encoding: .utf8)
            .replacingOccurrences(of: "]}}", with: #"], "env": {"GREETING": "hello"}}}"#)
        let envMap = try dir.write("env-tasks.json", withEnv)
        let (result, json) = try await Self.execute(Self.task(Self.resource, #""Parameters": {"n.$": "$.n"},"#),
                                              ["--task-map", envMap, "--input-json", #"{"n": 3}"#], in: dir)
        #expect(result.status == 0, "\(result.stderr)")
        #expect(json?["output"] == ["received": ["n": 3], "env": "hello"])
    }

    @Test(.timeLimit(.minutes(1))) func globEntriesMatchResources() async throws {
        let dir = try TemporaryDirectory()
        let map = try Self.taskMap(#"echo '"glob"'"#, in: dir, resource: "arn:aws:states:::ferry:*")
        let (result, json) = try await Self.execute(Self.task("arn:aws:states:::ferry:anything"), ["--task-map", map], in: dir)
        #expect(result.status == 0)
        #expect(json?["output"] == "glob")
    }

    @Test(.timeLimit(.minutes(1))) func nonZeroExitWithErrorObjectIsThatError() async throws {
        let dir = try TemporaryDirectory()
        let map = try Self.taskMap(#"echo '{"error": "Inventory.OutOfStock", "cause": "no widgets left"}'; exit 3"#, in: dir)
        let (result, json) = try await Self.execute(Self.task(Self.resource), ["--task-map", map], in: dir)
        #expect(result.status == 0)
        #expect(json == ["status": "FAILED", "error": "Inventory.OutOfStock", "cause": "no widgets left"])
    }

    @Test(.timeLimit(.minutes(1))) func nonZeroExitWithGarbageIsTaskFailedWithStderrTail() async throws {
        let dir = try TemporaryDirectory()
        let map = try Self.taskMap(#"""
            echo 'not json at all'
            i=0; while [ $i -lt 500 ]; do echo "noise line $i" >&2; i=$((i+1)); done
            echo 'Traceback: the real reason' >&2
            exit 1
            """#, in: dir)
        let (result, json) = try await Self.execute(Self.task(Self.resource), ["--task-map", map], in: dir)
        #expect(result.status == 0)
        #expect(json?["error"] == "States.TaskFailed")
        let cause = try #require(json?["cause"]?.stringValue)
        #expect(cause.hasSuffix("Traceback: the real reason"), "\(cause.suffix(100))")
        #expect(!cause.contains("noise line 0\n"), "the cause is the tail, not all of stderr")
        #expect(cause.utf8.count <= 4096)
    }

    @Test(.timeLimit(.minutes(1))) func nonZeroExitWithNothingNamesTheCommandAndStatus() async throws {
        let dir = try TemporaryDirectory()
        let map = try Self.taskMap("exit 7", in: dir)
        let (result, json) = try await Self.execute(Self.task(Self.resource), ["--task-map", map], in: dir)
        #expect(result.status == 0)
        #expect(json?["error"] == "States.TaskFailed")
        #expect(json?["cause"]?.stringValue?.contains("7") == true)
    }

    @Test(.timeLimit(.minutes(1))) func stdoutThatIsNotJSONIsRuntimeError() async throws {
        let dir = try TemporaryDirectory()
        let map = try Self.taskMap("echo 'hello, not json'", in: dir)
        let (result, json) = try await Self.execute(Self.task(Self.resource), ["--task-map", map], in: dir)
        #expect(result.status == 0)
        #expect(json?["error"] == "States.Runtime")
        #expect(json?["cause"]?.stringValue?.contains("hello, not json") == true)
    }

    @Test(.timeLimit(.minutes(1))) func errorsFromProcessesAreCatchable() async throws {
        let dir = try TemporaryDirectory()
        let map = try Self.taskMap(#"echo '{"error": "Custom", "cause": "c"}'; exit 1"#, in: dir)
        let definition = #"""
            {"StartAt": "T", "States": {
              "T": {"Type": "Task", "Resource": "\#(Self.resource)",
                    "Catch": [{"ErrorEquals": ["States.TaskFailed"], "ResultPath": "$.err", "Next": "C"}], "End": true},
              "C": {"Type": "Pass", "End": true}}}
            """#
        let (result, json) = try await Self.execute(definition, ["--task-map", map, "--input-json", #"{"x": 1}"#], in: dir)
        #expect(result.status == 0)
        #expect(json?["output"] == ["x": 1, "err": ["Error": "Custom", "Cause": "c"]])
    }

    @Test(.timeLimit(.minutes(5))) func hangingTaskTimesOutAndTheProcessIsGone() async throws {
        let dir = try TemporaryDirectory()
        let pidFile = dir.url.appendingPathComponent("pid").path
        let map = try Self.taskMap("echo $$ > '\(pidFile)'; exec sleep 600", in: dir)
        let started = Date()
        let (result, json) = try await Self.execute(Self.task(Self.resource, #""TimeoutSeconds": 1,"#), ["--task-map", map], in: dir)
        // Not a speed check: not stopping the task would take its 600 s; the margin absorbs a very busy machine.
        #expect(Date().timeIntervalSince(started) < 180)
        #expect(result.status == 0)
        #expect(json?["status"] == "FAILED")
        #expect(json?["error"] == "States.Timeout")
        let pid = try Self.readPID(pidFile)
        defer { kill(pid, SIGKILL) }
        #expect(await Self.waitUntilGone(pid), "the timed-out task process \(pid) is still running")
    }

    /// A task that ignores SIGTERM: `ferry` escalates to SIGKILL two seconds later, but only if it is still running.
    @Test(.timeLimit(.minutes(1))) func hangingTaskThatIgnoresSIGTERMIsGoneToo() async throws {
        let dir = try TemporaryDirectory()
        let pidFile = dir.url.appendingPathComponent("pid").path
        let map = try Self.taskMap("trap '' TERM; echo $$ > '\(pidFile)'; while :; do sleep 0.2; done", in: dir)
        let (result, json) = try await Self.execute(Self.task(Self.resource, #""TimeoutSeconds": 1,"#), ["--task-map", map], in: dir)
        #expect(result.status == 0)
        #expect(json?["error"] == "States.Timeout")
        let pid = try Self.readPID(pidFile)
        defer { kill(pid, SIGKILL) }
        #expect(await Self.waitUntilGone(pid), "task process \(pid) survived ferry")
    }

    /// A task's own children (a shell script's `sleep`) should not outlive the timeout either.
    @Test(.timeLimit(.minutes(5))) func hangingTasksChildrenAreGoneToo() async throws {
        let dir = try TemporaryDirectory()
        let pidFile = dir.url.appendingPathComponent("child-pid").path
        let map = try Self.taskMap("sleep 600 & echo $! > '\(pidFile)'; wait", in: dir)
        let file = try dir.write("machine.json", Self.task(Self.resource, #""TimeoutSeconds": 1,"#))
        let started = Date()
        let run = try await Self.bounded(["execute", file, "--task-map", map], limit: 170)
        let took = Date().timeIntervalSince(started)
        let pid = try Self.readPID(pidFile)
        let gone = await Self.waitUntilGone(pid, seconds: 1)
        kill(pid, SIGKILL)
        let result = try #require(run, "ferry did not finish within \(Self.hangLimit) s")
        #expect(try JSONValue(parsing: result.stdout)["error"] == "States.Timeout")
        // Not a speed check: waiting for the child would take its 600 s; the margin absorbs a very busy machine.
        #expect(took < 180)
        #expect(gone, "the task's child \(pid) survived")
    }

    /// Memory stays bounded by construction: the task runner keeps at most the 256 KiB limit plus one 64 KiB read
    /// of a task's stdout before it stops the task (a peak-RSS check here would see every other test's children).
    @Test(.timeLimit(.minutes(1)), arguments: [
        "exec head -c 10000000 /dev/zero",  // 10 MB, then exit
        "exec python3 -c \"import sys; sys.stdout.write('\\\"' + 'x' * 10000000 + '\\\"')\"",  // 10 MB of JSON string
        "exec yes xxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxx",  // never stops
    ])
    func hugeOutputIsDataLimitExceededQuickly(script: String) async throws {
        let dir = try TemporaryDirectory()
        let map = try Self.taskMap(script, in: dir)
        let started = Date()
        let (result, json) = try await Self.execute(Self.task(Self.resource), ["--task-map", map], in: dir)
        #expect(Date().timeIntervalSince(started) < 30)  // `yes` never stops on its own
        #expect(result.status == 0, "\(result.stderr)")
        #expect(json?["status"] == "FAILED")
        #expect(json?["error"] == "States.DataLimitExceeded")
        #expect(result.stdout.utf8.count < 10_000)
    }

    /// The same flood from a child of the task's shell: the shell is killed at the limit, but its child keeps the
    /// pipes open.
    @Test(.timeLimit(.minutes(1))) func hugeOutputFromATasksChildEndsToo() async throws {
        let dir = try TemporaryDirectory()
        let pidFile = dir.url.appendingPathComponent("child-pid").path
        let map = try Self.taskMap("sh -c 'echo $$ > \(pidFile); exec yes xxxxxxxxxxxxxxxx'; :", in: dir)
        let file = try dir.write("machine.json", Self.task(Self.resource))
        let run = try await Self.bounded(["execute", file, "--task-map", map], limit: 10)
        if let pid = try? Self.readPID(pidFile) { kill(pid, SIGKILL) }
        let result = try #require(run, "ferry did not finish within 10 s")
        #expect(try JSONValue(parsing: result.stdout)["error"] == "States.DataLimitExceeded")

    }

    /// A task that never reads its (large) input: writing the input must not kill ferry.
    @Test(.timeLimit(.minutes(1))) func taskThatIgnoresLargeInputDoesNotKillFerry() async throws {
        let dir = try TemporaryDirectory()
        let map = try Self.taskMap(#"echo '"ignored the input"'"#, in: dir, readsInput: false)
        let input = try dir.write("input.json", #"{"big": "\#(String(repeating: "x", count: 300_000))"}"#)
        let file = try dir.write("machine.json", Self.task(Self.resource))
        let run = try await Self.bounded(["execute", file, "--task-map", map, "--input", input])
        let result = try #require(run, "ferry did not finish within \(Self.hangLimit) s")
        #expect(!result.diedOfSIGPIPE, "ferry was killed by SIGPIPE")
        #expect(try JSONValue(parsing: result.stdout)["output"] == "ignored the input")

    }

    /// Runs a trivial process task repeatedly; each run must finish.
    @Test(.timeLimit(.minutes(1))) func processTasksNeverHang() async throws {
        let dir = try TemporaryDirectory()
        // The task reads all its input first (taskMap), so SIGPIPE plays no part.
        let map = try Self.taskMap(#"echo '{"ok": true}'"#, in: dir)
        let file = try dir.write("machine.json", Self.task(Self.resource))
        var hung = 0
        for _ in 0..<8 {
            if let result = try await Self.bounded(["execute", file, "--task-map", map], limit: 4) {
                #expect(try JSONValue(parsing: result.stdout) == ["status": "SUCCEEDED", "output": ["ok": true]])
            } else {
                hung += 1
            }
        }
        #expect(hung == 0, "\(hung) of 8 runs of a trivial task hung")

    }

    @Test(.timeLimit(.minutes(1))) func lambdaWithoutTaskMapEntryIsResourceNotFound() async throws {
        let dir = try TemporaryDirectory()
        let map = try Self.taskMap("cat", in: dir, readsInput: false)
        let arn = "arn:aws:lambda:us-east-1:123456789012:function:missing"
        let (result, json) = try await Self.execute(Self.task(arn), ["--task-map", map], in: dir)
        #expect(result.status == 0)
        #expect(json?["error"] == "Lambda.ResourceNotFoundException")
        #expect(json?["cause"]?.stringValue?.contains(arn) == true)
        // Without any task map.
        let (bare, bareJSON) = try await Self.execute(Self.task(arn), in: dir)
        #expect(bare.status == 0)
        #expect(bareJSON?["error"] == "Lambda.ResourceNotFoundException")
    }

    @Test(.timeLimit(.minutes(1))) func lambdaThroughTheTaskMap() async throws {
        let dir = try TemporaryDirectory()
        let arn = "arn:aws:lambda:us-east-1:123456789012:function:echo"
        let map = try Self.taskMap("cat", in: dir, resource: arn, readsInput: false)
        let (plain, plainJSON) = try await Self.execute(Self.task(arn), ["--task-map", map, "--input-json", #"{"a": 1}"#], in: dir)
        #expect(plain.status == 0)
        #expect(plainJSON?["output"] == ["a": 1])
        let (invoke, invokeJSON) = try await Self.execute(
            Self.task("arn:aws:states:::lambda:invoke", #""Parameters": {"FunctionName": "echo", "Payload": {"p.$": "$.a"}},"#),
            ["--task-map", map, "--input-json", #"{"a": 1}"#], in: dir)
        #expect(invoke.status == 0)
        #expect(invokeJSON?["output"]?["Payload"] == ["p": 1])
        #expect(invokeJSON?["output"]?["StatusCode"] == 200)
    }

    @Test(.timeLimit(.minutes(1))) func unmappedNonLambdaResourceFailsClearly() async throws {
        let dir = try TemporaryDirectory()
        let (result, json) = try await Self.execute(Self.task("arn:aws:states:::sqs:sendMessage"), in: dir)
        #expect(result.status == 0)
        #expect(json?["status"] == "FAILED")
        #expect(json?["cause"]?.stringValue?.contains("arn:aws:states:::sqs:sendMessage") == true)
    }
}

extension FerryProcess.Result {
    /// `bounded` reports a death by SIGPIPE as status 128 + SIGPIPE.
    var diedOfSIGPIPE: Bool { status == 128 + SIGPIPE && stderr == "killed by SIGPIPE" }
}
