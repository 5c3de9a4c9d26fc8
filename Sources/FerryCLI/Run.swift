import ArgumentParser
import DataPlane
import Foundation
import JSONValue
import Logging
import Pipelines
import StatesEngine
import StatesLanguage
import Synchronization

extension Ferry {
    /// `ferry run DEFINITION [--config FILE] [--input FILE | --input-json JSON] [--name NAME] [--json] [--history] [--quiet]`
    struct Run: AsyncParsableCommand {
        static let configuration = CommandConfiguration(
            abstract: "Run a pipeline state machine with ferry.yaml's catalog, databases and object store.",
            discussion: """
                The built-in tasks (ferry:plan, ferry:export, ferry:load, ferry:detect, ferry:swap, \
                ferry:export-all, ferry:load-all) work on the catalog, source, target and store that ferry.yaml \
                names; its "resources" map an existing definition's ARNs to them or to commands. The batch id is \
                the execution name (--name; a UUID by default): running again with the same name redoes that \
                batch, idempotently.

                Progress goes to stderr, one line per exported part, loaded table or failed item; then a summary. \
                With --json, stdout is one JSON object: {"status", "output"} or {"status", "error", "cause"} \
                (plus "events" with --history), as `ferry execute` prints.

                Exit status: 0 the execution succeeded and no item failed; 1 it failed, timed out or was aborted; \
                2 usage errors, an unreadable ferry.yaml or an invalid definition; 3 it succeeded but its output \
                lists failed items (the fan-out machine's "failed").
                """)

        @Argument(help: ArgumentHelp("The state machine definition (JSON or YAML).", valueName: "definition-file"),
                  completion: .file())
        var definition: String

        @Option(help: ArgumentHelp("The configuration file (default: $FERRY_CONFIG, else ./ferry.yaml).", valueName: "file"),
                completion: .file())
        var config: String?

        @OptionGroup var input: ExecutionInputOptions

        @Flag(help: "Print the result as one JSON object on stdout.")
        var json = false

        @Flag(help: "Include the execution history (AWS GetExecutionHistory events) in the JSON output.")
        var history = false

        @Flag(help: "No progress lines on stderr.")
        var quiet = false

        @OptionGroup var global: GlobalOptions

        func run() async throws {
            global.bootstrapLogging()
            let path = FerryConfiguration.path(option: config)
            let settings: FerryConfiguration
            do {
                settings = try FerryConfiguration.load(path: path)
            } catch {
                printError("error: \(error)")
                throw ExitCode(2)
            }
            let machine = try loadStateMachine(path: definition)
            let executionInput = try input.read()
            let outcome = try await PipelineRunner.run(
                machine, name: input.executionName, machineName: Execute.machineName(definition),
                input: executionInput, settings: settings, history: history, progress: !quiet)
            if json {
                print(outcome.result.json(includingHistory: history).serialized())
            } else {
                print(outcome.summary)
            }
            throw ExitCode(outcome.exitCode)
        }
    }
}

/// Runs a definition with a configuration's built-in tasks, reporting progress; shared by `run` and `quickstart`.
enum PipelineRunner {
    struct Outcome {
        var result: ExecutionResult
        var tally: Tally
        var seconds: Double

        /// 0 succeeded, 1 failed/timed out/aborted, 3 succeeded with failed items in the output.
        var exitCode: Int32 {
            guard result.status == .succeeded else { return 1 }
            if case .array(let failed)? = result.output?["failed"], !failed.isEmpty { return 3 }
            return 0
        }

        /// Lines for people: how it ended, what moved, what failed.
        var summary: String {
            var lines = ["\(result.status.rawValue) in \(String(format: "%.1f", seconds)) s: "
                + "\(tally.exportedRows) rows exported in \(tally.parts) object(s) (\(Self.size(tally.bytes))), "
                + "\(tally.loadedRows) rows loaded into \(tally.loads) table(s)"]
            if let error = result.error { lines.append("error: \(error): \(result.cause ?? "")") }
            if case .array(let failed)? = result.output?["failed"] {
                for item in failed {
                    lines.append("failed: \(item["error"]?.stringValue ?? ""): \(item["cause"]?.stringValue ?? "")")
                }
            }
            if tally.failedAttempts > 0 { lines.append("\(tally.failedAttempts) attempt(s) failed, retries included") }
            if let output = result.output { lines.append("output: " + output.serialized()) }
            return lines.joined(separator: "\n")
        }

        static func size(_ bytes: Int64) -> String {
            bytes >= 1 << 20 ? String(format: "%.1f MiB", Double(bytes) / 1_048_576) : String(format: "%.1f KiB", Double(bytes) / 1024)
        }
    }

    /// Totals of the progress events.
    struct Tally: Sendable {
        var parts = 0
        var exportedRows = 0
        var bytes: Int64 = 0
        var loads = 0
        var loadedRows = 0
        var failedAttempts = 0

        mutating func add(_ event: PipelineEvent) {
            switch event {
            case .exported(_, _, _, _, let rows, let size, _):
                parts += 1
                exportedRows += rows
                bytes += size
            case .loaded(_, _, let rows, _, _):
                loads += 1
                loadedRows += rows
            case .failed:
                failedAttempts += 1
            }
        }

        /// One progress line.
        static func line(_ event: PipelineEvent) -> String {
            switch event {
            case .exported(let company, let table, let part, let parts, let rows, let bytes, let seconds):
                let piece = parts > 1 ? " part \(part + 1)/\(parts)" : ""
                return "\(company)/\(table): exported\(piece) \(rows) rows, \(Outcome.size(bytes)) in "
                    + String(format: "%.2f s", seconds)
            case .loaded(let company, let table, let rows, let mode, let seconds):
                return "\(company)/\(table): loaded \(rows) rows (\(mode)) in " + String(format: "%.2f s", seconds)
            case .failed(_, _, _, let message):
                return "attempt failed: \(message)"
            }
        }
    }

    /// Opens the object store `storeURL` and runs `body` with the task registry of `settings`: the built-in
    /// ferry:* tasks on its catalog, source, target and that store, then its resource map. Shared by `run`,
    /// `quickstart` and `serve`.
    static func withTaskRegistry<R>(
        _ storeURL: ObjectStoreURL, settings: FerryConfiguration,
        observe: @escaping @Sendable (PipelineEvent) -> Void, body: (TaskRegistry) async throws -> R
    ) async throws -> R {
        try await TransferStores.withStore(storeURL) { store in
            let environment = PipelineEnvironment(
                catalogURL: settings.catalog, sourceURL: settings.source, targetURL: settings.target, store: store,
                compression: settings.gzip ? .gzip : .none, concurrency: settings.concurrency,
                logger: Logger(label: "ferry.pipeline"), observe: observe)
            return try await body(settings.registry(pipeline: Pipeline(environment: environment)))
        }
    }

    static func run(
        _ machine: StateMachine, name: String, machineName: String, input: JSONValue, settings: FerryConfiguration,
        history: Bool, progress: Bool
    ) async throws -> Outcome {
        let started = ContinuousClock.now
        let tally = Mutex(Tally())
        let storeURL: ObjectStoreURL
        do {
            storeURL = try ObjectStoreURL(settings.store)
        } catch {
            printError("error: \(settings.path): store: \(TransferStores.oneLine(error))")
            throw ExitCode(2)
        }
        let result: ExecutionResult
        do {
            result = try await withTaskRegistry(storeURL, settings: settings) { event in
                tally.withLock { $0.add(event) }
                if progress { printError(Tally.line(event)) }
            } body: { tasks in
                let configuration = ExecutionConfiguration(
                    executionName: name, stateMachineName: machineName, tasks: tasks,
                    clock: SystemExecutionClock(), recordsHistory: history)
                return await Executor.run(machine, input: input, configuration: configuration)
            }
        } catch {
            printError("error: object store: \(TransferStores.oneLine(error))")
            throw ExitCode(1)
        }
        let elapsed = ContinuousClock.now - started
        return Outcome(
            result: result, tally: tally.withLock { $0 },
            seconds: Double(elapsed.components.seconds) + Double(elapsed.components.attoseconds) / 1e18)
    }
}
