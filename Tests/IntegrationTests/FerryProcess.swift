import Foundation

/// Runs the built `ferry` binary as a child process and captures what it prints.
struct FerryProcess {
    struct Result {
        var status: Int32
        var stdout: String
        var stderr: String
    }

    /// The `ferry` executable next to the test bundle (SwiftPM builds both into the same folder), or `$FERRY_BIN`.
    static var executable: URL {
        if let path = ProcessInfo.processInfo.environment["FERRY_BIN"] { return URL(fileURLWithPath: path) }
        var folder = URL(fileURLWithPath: CommandLine.arguments[0]).deletingLastPathComponent()
        // On macOS the runner is inside an .xctest bundle; on Linux it sits in the build folder itself.
        while !FileManager.default.fileExists(atPath: folder.appendingPathComponent("ferry").path), folder.path != "/" {
            folder.deleteLastPathComponent()
        }
        return folder.appendingPathComponent("ferry")
    }

    /// Runs `ferry` (or another `program`) with `arguments`; `environment` entries are added to (or replace) the
    /// test's environment.
    ///
    /// The wait happens on a thread of its own: blocking one of the few cooperative threads (two on a 2-core machine)
    /// for a whole child process would stall every other test in the process.
    static func run(
        _ arguments: [String], in directory: URL? = nil, environment: [String: String] = [:],
        program: URL = executable
    ) async throws -> Result {
        try await offCooperativePool { try runBlocking(arguments, in: directory, environment: environment, program: program) }
    }

    /// ``run(_:in:environment:program:)`` on the calling thread, for synchronous contexts.
    static func runBlocking(
        _ arguments: [String], in directory: URL? = nil, environment: [String: String] = [:],
        program: URL = executable
    ) throws -> Result {
        let process = Process()
        process.executableURL = program
        process.arguments = arguments
        if let directory { process.currentDirectoryURL = directory }
        if !environment.isEmpty {
            process.environment = ProcessInfo.processInfo.environment.merging(environment) { _, new in new }
        }
        let out = Pipe()
        let err = Pipe()
        process.standardOutput = out
        process.standardError = err
        try process.run()
        // Read before waiting, so a large output cannot fill the pipe and block the child.
        let stdout = out.fileHandleForReading.readDataToEndOfFile()
        let stderr = err.fileHandleForReading.readDataToEndOfFile()
        process.waitUntilExit()
        return Result(status: process.terminationStatus, stdout: String(decoding: stdout, as: UTF8.self),
                      stderr: String(decoding: stderr, as: UTF8.self))
    }
}

/// Runs blocking `work` on a Dispatch thread instead of Swift's cooperative pool.
func offCooperativePool<T: Sendable>(_ work: @escaping @Sendable () throws -> T) async throws -> T {
    try await withCheckedThrowingContinuation { continuation in
        DispatchQueue.global().async { continuation.resume(with: Swift.Result { try work() }) }
    }
}

/// A temporary folder removed when the value goes away.
final class TemporaryDirectory {
    let url: URL

    init() throws {
        url = FileManager.default.temporaryDirectory.appendingPathComponent("ferry-test-\(UUID().uuidString)")
        try FileManager.default.createDirectory(at: url, withIntermediateDirectories: true)
    }

    deinit {
        try? FileManager.default.removeItem(at: url)
    }

    /// Writes `contents` to `name` inside the folder and returns its path.
    func write(_ name: String, _ contents: String) throws -> String {
        let file = url.appendingPathComponent(name)
        try Data(contents.utf8).write(to: file)
        return file.path
    }

    func write(_ name: String, bytes: [UInt8]) throws -> String {
        let file = url.appendingPathComponent(name)
        try Data(bytes).write(to: file)
        return file.path
    }
}

/// The repository root (for the examples), found from this source file's location.
let repositoryRoot = URL(fileURLWithPath: #filePath).deletingLastPathComponent().deletingLastPathComponent()
    .deletingLastPathComponent()
