import Foundation
public import JSONValue
public import StatesLanguage
import Synchronization

/// Runs a command for each task: the task's input as JSON on stdin, its result as JSON on stdout.
///
/// - Exit 0: stdout must be one JSON value, the result (otherwise `States.Runtime`).
/// - Non-zero exit with `{"error": "...", "cause": "..."}` on stdout: a task failure with that error name.
/// - Any other failure: `States.TaskFailed`, with the end of stderr as the cause.
/// - A result larger than AWS's 256 KiB payload limit: `States.DataLimitExceeded`; the process is stopped as soon
///   as it passes the limit, so a runaway task cannot exhaust memory.
///
/// Cancellation (a timeout, a failed sibling) terminates the process (SIGTERM, then SIGKILL after 2 s).
public struct ProcessTaskHandler: TaskHandler {
    /// The program and its arguments.
    public var command: [String]
    /// Extra environment variables for the process.
    public var environment: [String: String]

    /// AWS's limit on a task result, in bytes.
    public static let maximumResultSize = 262_144

    public init(command: [String], environment: [String: String] = [:]) {
        self.command = command
        self.environment = environment
    }

    public func invoke(_ request: TaskRequest) async throws(StatesError) -> JSONValue {
        let output: ProcessOutput
        do {
            output = try await ProcessRunner.run(command: command, environment: environment,
                                                 stdin: Array(request.input.serialized().utf8),
                                                 stdoutLimit: Self.maximumResultSize)
        } catch let error as StatesError {
            throw error
        } catch is CancellationError {
            throw StatesError(error: "States.TaskFailed", cause: "The task was cancelled")
        } catch {
            throw StatesError(error: "States.TaskFailed", cause: "Could not start \(command.first ?? "the command"): \(error)")
        }
        if output.stdoutOverflowed {
            throw StatesError(error: "States.DataLimitExceeded",
                              cause: "The task result is larger than \(Self.maximumResultSize) bytes, the maximum payload size")
        }
        let text = String(decoding: output.stdout, as: UTF8.self)
        if output.status != 0 {
            if let reported = try? JSONValue(parsing: text), case .string(let name)? = reported["error"] {
                let cause = reported["cause"].map { $0.stringValue ?? $0.serialized() } ?? ""
                throw StatesError(error: name, cause: cause)
            }
            let tail = String(decoding: output.stderrTail, as: UTF8.self).trimmingCharacters(in: .whitespacesAndNewlines)
            throw StatesError(error: "States.TaskFailed",
                              cause: tail.isEmpty ? "\(command.joined(separator: " ")) exited with status \(output.status)" : tail)
        }
        do {
            return try JSONValue(parsing: text)
        } catch {
            throw StatesError(error: "States.Runtime",
                              cause: "The task's output is not JSON (\(error.description)): \(text.prefix(200))")
        }
    }
}

/// What a finished child process produced.
struct ProcessOutput: Sendable {
    var status: Int32
    var stdout: [UInt8]
    var stdoutOverflowed: Bool
    var stderrTail: [UInt8]
}

/// Runs child processes without blocking Swift's cooperative pool: waiting and pipe I/O use Foundation's
/// callbacks and a dispatch queue.
enum ProcessRunner {
    static func run(command: [String], environment: [String: String], stdin input: [UInt8], stdoutLimit: Int)
        async throws -> ProcessOutput
    {
        guard let program = command.first else {
            throw StatesError(error: "States.TaskFailed", cause: "The task command is empty")
        }
        let process = Process()
        if program.contains("/") {
            process.executableURL = URL(fileURLWithPath: program)
            process.arguments = Array(command.dropFirst())
        } else {
            process.executableURL = URL(fileURLWithPath: "/usr/bin/env")
            process.arguments = command
        }
        if !environment.isEmpty {
            process.environment = ProcessInfo.processInfo.environment.merging(environment) { $1 }
        }
        let stdinPipe = Pipe(), stdoutPipe = Pipe(), stderrPipe = Pipe()
        process.standardInput = stdinPipe
        process.standardOutput = stdoutPipe
        process.standardError = stderrPipe

        let state = CollectedBox()
        let tailLimit = 4096
        stdoutPipe.fileHandleForReading.readabilityHandler = { handle in
            let data = handle.availableData
            let overflow = state.value.withLock { s -> Bool in
                if data.isEmpty { s.stdoutClosed = true; return false }
                if s.stdout.count + data.count > stdoutLimit {
                    s.overflowed = true
                    return true
                }
                s.stdout.append(contentsOf: data)
                return false
            }
            if data.isEmpty || overflow { handle.readabilityHandler = nil }
            if overflow { kill(process.processIdentifier, SIGKILL) }
            Self.resumeIfDone(state)
        }
        stderrPipe.fileHandleForReading.readabilityHandler = { handle in
            let data = handle.availableData
            state.value.withLock { s in
                if data.isEmpty { s.stderrClosed = true; return }
                s.stderr.append(contentsOf: data)
                if s.stderr.count > tailLimit { s.stderr.removeFirst(s.stderr.count - tailLimit) }
            }
            if data.isEmpty { handle.readabilityHandler = nil }
            Self.resumeIfDone(state)
        }
        process.terminationHandler = { p in
            state.value.withLock { $0.status = p.terminationStatus; $0.exited = true }
            Self.resumeIfDone(state)
        }

        return try await withTaskCancellationHandler {
            try await withCheckedThrowingContinuation { (continuation: CheckedContinuation<ProcessOutput, any Error>) in
                state.value.withLock { $0.continuation = continuation }
                do {
                    try process.run()
                } catch {
                    state.value.withLock { $0.continuation = nil }
                    continuation.resume(throwing: error)
                    return
                }
                // Feed stdin off the cooperative pool; a child that never reads must not block us.
                DispatchQueue.global().async {
                    let handle = stdinPipe.fileHandleForWriting
                    try? handle.write(contentsOf: input)
                    try? handle.close()
                }
            }
        } onCancel: {
            guard process.isRunning else { return }
            process.terminate()
            let pid = process.processIdentifier
            DispatchQueue.global().asyncAfter(deadline: .now() + 2) { kill(pid, SIGKILL) }
        }
    }

    struct Collected: Sendable {
        var stdout: [UInt8] = []
        var stderr: [UInt8] = []
        var overflowed = false
        var stdoutClosed = false
        var stderrClosed = false
        var exited = false
        var status: Int32 = 0
        var continuation: CheckedContinuation<ProcessOutput, any Error>?
    }

    /// Shares the collected output between Foundation's callbacks (which run on its threads) and the waiter.
    final class CollectedBox: Sendable {
        let value = Mutex(Collected())
    }

    /// Resumes the waiting task once the process has exited and both pipes are drained.
    static func resumeIfDone(_ state: CollectedBox) {
        let ready: (CheckedContinuation<ProcessOutput, any Error>, ProcessOutput)? = state.value.withLock { s in
            guard s.exited, s.stdoutClosed || s.overflowed, s.stderrClosed, let c = s.continuation else { return nil }
            s.continuation = nil
            return (c, ProcessOutput(status: s.status, stdout: s.stdout, stdoutOverflowed: s.overflowed, stderrTail: s.stderr))
        }
        if let (continuation, output) = ready { continuation.resume(returning: output) }
    }
}
