import Foundation
import JSONValue
import Testing

/// Headless Chromium (Debian's `chromium`, installed by scripts/install-deps.sh), or `$FERRY_CHROMIUM`.
enum Chromium {
    static let executable: URL? = {
        var candidates = ["/usr/bin/chromium", "/usr/bin/chromium-browser", "/usr/bin/google-chrome"]
        if let path = ProcessInfo.processInfo.environment["FERRY_CHROMIUM"] { candidates.insert(path, at: 0) }
        return candidates.first { FileManager.default.isExecutableFile(atPath: $0) }.map(URL.init(fileURLWithPath:))
    }()

    static var isAvailable: Bool { executable != nil }

    /// Runs headless Chromium with `arguments` and a throwaway profile in `profile`.
    static func run(_ arguments: [String], profile: URL) async throws -> FerryProcess.Result {
        try await FerryProcess.run(
            ["--headless", "--no-sandbox", "--disable-gpu", "--no-first-run", "--disable-dev-shm-usage",
             "--user-data-dir=" + profile.path] + arguments,
            environment: ["HOME": profile.path], program: executable!)
    }
}

/// The web console in a real browser: `ferry serve --no-auth` runs an execution through a Choice, a Parallel (whose
/// failing branch is retried, then caught) and a Map; headless Chromium loads the execution's page, and the test
/// checks the DOM it built and keeps a screenshot at `.build/test-artifacts/console.png`.
///
/// Runs with `swift test --filter ConsoleTests` (with the unit tests of the ConsoleTests target).
@Suite(
    .serialized,
    .enabled(
        if: Chromium.isAvailable,
        "headless Chromium is not installed (Debian package chromium; scripts/install-deps.sh installs it)"))
struct ConsoleTests {
    static let definition = #"""
        {"Comment":"Console browser test","StartAt":"Route","States":{
          "Route":{"Type":"Choice","Choices":[{"Variable":"$.mode","StringEquals":"full","Next":"Fan out"}],
                   "Default":"Skip"},
          "Skip":{"Type":"Succeed"},
          "Fan out":{"Type":"Parallel","Next":"Each item",
            "Branches":[
              {"StartAt":"Left","States":{"Left":{"Type":"Pass","End":true}}},
              {"StartAt":"Right","States":{"Right":{"Type":"Fail","Error":"Custom.Boom","Cause":"the right branch failed"}}}],
            "Retry":[{"ErrorEquals":["Custom.Boom"],"MaxAttempts":1,"IntervalSeconds":1}],
            "Catch":[{"ErrorEquals":["States.ALL"],"ResultPath":"$.error","Next":"Each item"}]},
          "Each item":{"Type":"Map","ItemsPath":"$.items","ResultPath":"$.doubled","Next":"Done",
            "ItemProcessor":{"StartAt":"Double","States":{"Double":{"Type":"Pass","End":true}}}},
          "Done":{"Type":"Succeed"}}}
        """#

    static let stateNames = ["Route", "Skip", "Fan out", "Left", "Right", "Each item", "Double", "Done"]

    /// Sends one Step Functions action to the unauthenticated server with curl and returns the JSON answer.
    static func call(_ endpoint: String, _ action: String, _ body: JSONValue) async throws -> JSONValue {
        let result = try await FerryProcess.run(
            ["-sS", "-X", "POST", endpoint + "/", "-H", "Content-Type: application/x-amz-json-1.0",
             "-H", "X-Amz-Target: AWSStepFunctions.\(action)", "--data-binary", body.serialized()],
            program: URL(fileURLWithPath: "/usr/bin/curl"))
        #expect(result.status == 0, "curl: \(result.stderr)")
        return try JSONValue(parsing: result.stdout)
    }

    @Test(.timeLimit(.minutes(3)))
    func theExecutionPageRendersInChromium() async throws {
        let folder = try TemporaryDirectory()
        let server = try await ServeProcess(
            ["--no-auth", "--store", "sqlite://" + folder.url.appendingPathComponent("state.db").path],
            in: folder.url, environment: [:])
        defer { _ = server.stop() }
        let endpoint = server.endpoint  // http://127.0.0.1:<port>

        let created = try await Self.call(
            endpoint, "CreateStateMachine",
            ["name": "console-demo", "definition": .string(Self.definition),
             "roleArn": "arn:aws:iam::123456789012:role/ferry"])
        let machineArn = try #require(created["stateMachineArn"]?.stringValue, "\(created.serialized())")
        let started = try await Self.call(
            endpoint, "StartExecution",
            ["stateMachineArn": .string(machineArn), "name": "first-run",
             "input": .string(#"{"mode":"full","items":[1,2,3]}"#)])
        let executionArn = try #require(started["executionArn"]?.stringValue, "\(started.serialized())")
        var status = "RUNNING"
        let deadline = Date().addingTimeInterval(60)
        while status == "RUNNING", Date() < deadline {
            try await Task.sleep(for: .seconds(0.2))
            status = try await Self.call(endpoint, "DescribeExecution", ["executionArn": .string(executionArn)])["status"]?
                .stringValue ?? "?"
        }
        #expect(status == "SUCCEEDED")

        let encodedArn =
            executionArn.addingPercentEncoding(
                withAllowedCharacters: .alphanumerics.union(CharacterSet(charactersIn: "-._~"))) ?? executionArn
        let pageURL = endpoint + "/executions/" + encodedArn
        let profile = folder.url.appendingPathComponent("chromium-profile")
        try FileManager.default.createDirectory(at: profile, withIntermediateDirectories: true)

        // The DOM as Chromium built it.
        let dump = try await Chromium.run(["--dump-dom", pageURL], profile: profile)
        #expect(dump.status == 0, "chromium --dump-dom: \(dump.stderr)")
        let dom = dump.stdout
        #expect(dom.contains("<svg class=\"graph\""), "no graph in: \(dom.prefix(2000))")
        for name in Self.stateNames {
            #expect(dom.contains("data-state=\"\(name)\""), "state \(name) is not drawn")
        }
        #expect(dom.contains("type-choice status-succeeded"))
        #expect(dom.contains("type-parallel status-caught"))
        #expect(dom.contains("type-fail status-failed"))
        #expect(dom.contains("type-map status-succeeded"))
        #expect(dom.contains("type-succeed status-not-reached"), "Skip was not reached")
        #expect(dom.contains("class=\"edge edge-catch\""))
        #expect(dom.contains("↻ 1"))
        #expect(dom.contains("ParallelStateFailed") && dom.contains("MapIterationStarted"))

        // The state machine list and the state machine's page render too.
        let home = try await Chromium.run(["--dump-dom", endpoint + "/"], profile: profile)
        #expect(home.stdout.contains("console-demo"))
        let machinePage = try await Chromium.run(
            ["--dump-dom", endpoint + "/state-machines/console-demo?status=SUCCEEDED"], profile: profile)
        #expect(machinePage.stdout.contains("first-run"))
        #expect(machinePage.stdout.contains("data-state=\"Each item\""))

        // The screenshot, kept as a test artifact.
        let shot = folder.url.appendingPathComponent("console.png")
        let screenshot = try await Chromium.run(
            ["--screenshot=" + shot.path, "--window-size=1400,1000", "--hide-scrollbars", pageURL], profile: profile)
        #expect(screenshot.status == 0, "chromium --screenshot: \(screenshot.stderr)")
        let png = try Data(contentsOf: shot)
        #expect(png.count > 10_000)
        #expect(Array(png.prefix(4)) == [0x89, 0x50, 0x4E, 0x47], "not a PNG")
        let artifacts = repositoryRoot.appendingPathComponent(".build/test-artifacts")
        try FileManager.default.createDirectory(at: artifacts, withIntermediateDirectories: true)
        let kept = artifacts.appendingPathComponent("console.png")
        try? FileManager.default.removeItem(at: kept)
        try FileManager.default.copyItem(at: shot, to: kept)
    }
}
