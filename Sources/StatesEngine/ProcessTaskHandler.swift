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
///
/// Heartbeats: every write the process makes to stderr counts as a sign of life for `HeartbeatSeconds`, so a
/// long task keeps itself alive by logging progress.
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
            let heartbeat = request.heartbeat
            output = try await ProcessRunner.run(command: command, environment: environment,
                                                 stdin: Array(request.input.serialized().utf8),
                                                 stdoutLimit: Self.maximumResultSize, onStderr: { heartbeat.beat() })
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

/// Runs child processes without blocking Swift's cooperative pool: stdin is fed, and stdout and stderr are read,
/// by blocking `read`/`write` calls on threads of their own; Foundation reports the exit.
///
/// Each task runs in a process group of its own (Foundation starts children that way: the group id is the
/// task's pid), and the whole group is stopped when the task ends, times out, is cancelled or passes the output
/// limit, so a task's own children never outlive it or keep
/// its pipes open. `SIGPIPE` is ignored process-wide (once), so a task that exits without reading its input cannot
/// take Ferry down with it.
enum ProcessRunner {
    /// Ignores SIGPIPE once: writes to a closed pipe then fail with EPIPE instead of killing the process.
    private static let ignoreSIGPIPE: Void = { signal(SIGPIPE, SIG_IGN) }()

    static func run(command: [String], environment: [String: String], stdin input: [UInt8], stdoutLimit: Int,
                    onStderr: @escaping @Sendable () -> Void = {}) async throws -> ProcessOutput
    {
        guard !command.isEmpty else {
            throw StatesError(error: "States.TaskFailed", cause: "The task command is empty")
        }
        _ = ignoreSIGPIPE
        let process = Process()
        if command[0].contains("/") {
            process.executableURL = URL(fileURLWithPath: command[0])
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

        let collected = CollectedBox()
        let group = DispatchGroup()
        group.enter()
        process.terminationHandler = { finished in
            // The task is over: whatever it started in its group goes too, and with it any hold on the pipes.
            kill(-finished.processIdentifier, SIGKILL)
            group.leave()
        }
        try process.run()

        let pid = process.processIdentifier
        let stdoutFD = stdoutPipe.fileHandleForReading.fileDescriptor
        let stderrFD = stderrPipe.fileHandleForReading.fileDescriptor
        let stdinFD = stdinPipe.fileHandleForWriting.fileDescriptor
        Thread.detachNewThread {
            // A child that exits without reading its input makes write fail (EPIPE): that is fine.
            input.withUnsafeBytes { bytes in
                var offset = 0
                while offset < bytes.count {
                    let n = write(stdinFD, bytes.baseAddress! + offset, bytes.count - offset)
                    if n <= 0 { break }
                    offset += n
                }
            }
            try? stdinPipe.fileHandleForWriting.close()
        }
        group.enter()
        Thread.detachNewThread {
            var buffer = [UInt8](repeating: 0, count: 65_536)
            var output: [UInt8] = []
            var overflowed = false
            while true {
                let n = buffer.withUnsafeMutableBytes { read(stdoutFD, $0.baseAddress!, $0.count) }
                if n < 0, errno == EINTR { continue }
                if n <= 0 { break }
                if output.count + n > stdoutLimit {
                    // Past the payload limit: stop the task (all of it) rather than buffer what it would still print.
                    overflowed = true
                    kill(-pid, SIGKILL)
                    break
                }
                output.append(contentsOf: buffer[0..<n])
            }
            collected.value.withLock { $0.stdout = output; $0.overflowed = overflowed }
            group.leave()
        }
        group.enter()
        Thread.detachNewThread {
            let tailLimit = 4096
            var buffer = [UInt8](repeating: 0, count: 16_384)
            var tail: [UInt8] = []
            while true {
                let n = buffer.withUnsafeMutableBytes { read(stderrFD, $0.baseAddress!, $0.count) }
                if n < 0, errno == EINTR { continue }
                if n <= 0 { break }
                onStderr()
                tail.append(contentsOf: buffer[0..<n])
                if tail.count > tailLimit { tail.removeFirst(tail.count - tailLimit) }
            }
            collected.value.withLock { $0.stderr = tail }
            group.leave()
        }

        return await withTaskCancellationHandler {
            await withCheckedContinuation { (continuation: CheckedContinuation<ProcessOutput, Never>) in
                group.notify(queue: .global()) {
                    let output = collected.value.withLock {
                        ProcessOutput(status: process.terminationStatus, stdout: $0.stdout, stdoutOverflowed: $0.overflowed,
                                      stderrTail: $0.stderr)
                    }
                    continuation.resume(returning: output)
                }
            }
        } onCancel: {
            kill(-pid, SIGTERM)
            DispatchQueue.global().asyncAfter(deadline: .now() + 2) { kill(-pid, SIGKILL) }
        }
    }

    struct Collected: Sendable {
        var stdout: [UInt8] = []
        var stderr: [UInt8] = []
        var overflowed = false
    }

    /// Shares what the reader threads collected with the waiting task.
    final class CollectedBox: Sendable {
        let value = Mutex(Collected())
    }
}
