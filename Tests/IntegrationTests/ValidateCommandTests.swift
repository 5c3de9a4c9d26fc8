import Foundation
import JSONValue
import Testing

/// `ferry validate` end to end: exit codes, messages on the right stream, formats, bad input.
@Suite struct ValidateCommandTests {
    let examples = repositoryRoot.appendingPathComponent("examples")

    @Test func validExamplesPass() async throws {
        let shipped = [
            "fan-out.asl.json": 7, "incremental.asl.json": 10, "original.asl.json": 2, "parallel-load.asl.yaml": 4,
        ]
        let listed = try FileManager.default.contentsOfDirectory(atPath: examples.path).filter { $0.contains(".asl.") }
        #expect(Set(listed) == Set(shipped.keys), "every shipped definition is checked here")
        let files = shipped.keys.sorted().map { examples.appendingPathComponent($0).path }
        let result = try await FerryProcess.run(["validate"] + files)
        #expect(result.status == 0, "\(result.stdout)\(result.stderr)")
        for (file, states) in shipped {
            #expect(result.stdout.contains("\(file): valid (\(states) states)"), "\(result.stdout)")
        }
        #expect(result.stderr.isEmpty)
    }

    @Test func originalParallelMachineIsRejectedWithOneMessageNamingBothStates() async throws {
        let file = examples.appendingPathComponent("invalid/original-parallel.asl.json").path
        let result = try await FerryProcess.run(["validate", file])
        #expect(result.status == 1)
        let errors = result.stdout.split(separator: "\n").filter { $0.contains(": error: ") }
        #expect(errors.count == 1, "\(result.stdout)")
        let line = try #require(errors.first)
        #expect(line.contains("InsertLeadsMysql") && line.contains("InsertInfoOrderMysql"))
        #expect(line.contains("original-parallel.asl.json:9:22:"))
        #expect(line.contains("/States/Parallel/Branches/0/StartAt"))
    }

    @Test func everyProblemIsReportedWithItsPlace() async throws {
        let dir = try TemporaryDirectory()
        let file = try dir.write("bad.json", """
            {
              "StartAt": "A",
              "States": {
                "A": {"Type": "Task", "Resource": "ferry:export", "Next": "B",
                      "Retry": [{"ErrorEquals": ["States.ALL"], "BackoffRate": 0.5, "IntervalSeconds": 0}]},
                "B": {"Type": "Wait", "Seconds": 1, "Timestamp": "2026-01-01T00:00:00Z", "End": true}
              }
            }
            """)
        let result = try await FerryProcess.run(["validate", file])
        #expect(result.status == 1)
        #expect(result.stdout.contains("bad.json:5:92: error:"), "\(result.stdout)")  // IntervalSeconds
        #expect(result.stdout.contains("/States/A/Retry/0/BackoffRate"))
        #expect(result.stdout.contains("/States/A/Retry/0/IntervalSeconds"))
        #expect(result.stdout.contains("/States/B/Timestamp"))
        #expect(result.stdout.contains("invalid: 3 errors"))
    }

    @Test func jsonFormatIsMachineReadable() async throws {
        let file = examples.appendingPathComponent("invalid/original-parallel.asl.json").path
        let result = try await FerryProcess.run(["validate", "--format", "json", file])
        #expect(result.status == 1)
        let report = try JSONValue(parsing: result.stdout)
        #expect(report["valid"] == false)
        let diagnostic = try #require(report["files"]?.arrayValue?.first?["diagnostics"]?.arrayValue?.first)
        #expect(diagnostic["code"] == "MISSING_TRANSITION_TARGET")
        #expect(diagnostic["location"] == "/States/Parallel/Branches/0/StartAt")
        #expect(diagnostic["severity"] == "ERROR")
        #expect(diagnostic["line"] == 9)
        #expect(diagnostic["column"] == 22)
    }

    @Test func missingFileIsAUsageError() async throws {
        let result = try await FerryProcess.run(["validate", "/nonexistent/machine.json"])
        #expect(result.status == 2)
        #expect(result.stderr == "error: /nonexistent/machine.json: no such file\n")
        #expect(result.stdout.isEmpty)
    }

    @Test func emptyFileGetsOneLine() async throws {
        let dir = try TemporaryDirectory()
        let file = try dir.write("empty.json", "  \n")
        let result = try await FerryProcess.run(["validate", file])
        #expect(result.status == 1)
        #expect(result.stderr.split(separator: "\n").count == 1)
        #expect(result.stderr.contains("the file is empty"))
    }

    @Test func oversizedDefinitionIsRefusedBeforeParsing() async throws {
        let dir = try TemporaryDirectory()
        let padding = String(repeating: "x", count: 2 * 1024 * 1024)
        let file = try dir.write("big.json", #"{"Comment": "\#(padding)", "StartAt": "A", "States": {"A": {"Type": "Succeed"}}}"#)
        let result = try await FerryProcess.run(["validate", file])
        #expect(result.status == 1)
        #expect(result.stderr.split(separator: "\n").count == 1)
        #expect(result.stderr.contains("at most 1048576 bytes"))
    }

    @Test(arguments: [
        (#"{"StartAt": "A", "States": {"A": {"Type": "Succeed",}}}"#, "1:53", "trailing comma"),
        ("{\"StartAt\": \"A\",\n \"States\": {\"A\": {\"Type\": \"Succeed\"}}\n", "3:1", "expected ',' or '}'"),
        (#"{"StartAt": 'A'}"#, "1:13", "expected a JSON value"),
        (#"{"StartAt": "A", "StartAt": "B", "States": {}}"#, "1:18", "appears twice"),
    ])
    func malformedJSONNamesLineAndColumn(text: String, place: String, expected: String) async throws {
        let dir = try TemporaryDirectory()
        let file = try dir.write("broken.json", text)
        let result = try await FerryProcess.run(["validate", file])
        #expect(result.status == 1)
        #expect(result.stderr.split(separator: "\n").count == 1)
        #expect(result.stderr.contains("broken.json:\(place): invalid JSON:"), "\(result.stderr)")
        #expect(result.stderr.contains(expected), "\(result.stderr)")
    }

    @Test func yamlErrorsPointIntoTheYAML() async throws {
        let dir = try TemporaryDirectory()
        let file = try dir.write("machine.yaml", """
            StartAt: Hello
            States:
              Hello:
                Type: Pass
                Nxt: World
              World:
                Type: Succeed
            """)
        let result = try await FerryProcess.run(["validate", file])
        #expect(result.status == 1)
        #expect(result.stdout.contains("machine.yaml:5:10: error:"), "\(result.stdout)")
        #expect(result.stdout.contains("did you mean \"Next\"?"))
    }

    @Test func usageErrorsExitWithTwo() async throws {
        let result = try await FerryProcess.run(["validate", "--format", "xml", "x.json"])
        #expect(result.status == 2)
        #expect(!result.stderr.isEmpty)
        #expect(try await FerryProcess.run(["validate"]).status == 2)
        #expect(try await FerryProcess.run(["no-such-command"]).status == 2)
    }

    @Test func helpDocumentsTheExitStatus() async throws {
        let result = try await FerryProcess.run(["validate", "--help"])
        #expect(result.status == 0)
        #expect(result.stdout.contains("USAGE: ferry validate"))
        #expect(result.stdout.contains("Exit status: 0 all definitions are valid; 1"))
        #expect(result.stdout.contains("--format <format>"))
    }

    @Test func expressTypeRejectsCallbacks() async throws {
        let dir = try TemporaryDirectory()
        let file = try dir.write("callback.json", #"""
            {"StartAt": "Publish", "States": {"Publish": {"Type": "Task",
             "Resource": "arn:aws:states:::sns:publish.waitForTaskToken", "End": true}}}
            """#)
        #expect(try await FerryProcess.run(["validate", file]).status == 0)
        let express = try await FerryProcess.run(["validate", "--type", "EXPRESS", file])
        #expect(express.status == 1)
        #expect(express.stdout.contains("Express state machine does not support '.waitForTaskToken'"))
    }
}
