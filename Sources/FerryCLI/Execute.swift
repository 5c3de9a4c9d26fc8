import ArgumentParser
import Foundation
import JSONValue
import StatesEngine
import StatesLanguage

extension Ferry {
    /// `ferry execute DEFINITION [--input FILE | --input-json JSON] [--task-map FILE] [--history] [--name NAME] [--fast-time]`
    struct Execute: AsyncParsableCommand {
        static let configuration = CommandConfiguration(
            abstract: "Run a state machine to completion and print how it ended, as one JSON object.",
            discussion: """
                Prints {"status": "SUCCEEDED", "output": ...} or {"status": "FAILED" | "TIMED_OUT" | "ABORTED", \
                "error": ..., "cause": ...}; with --history, also "events", shaped like AWS GetExecutionHistory.

                Task resources run through the task map: a JSON object mapping a resource (exact, or with * \
                globs) to {"command": [argv...], "env": {...}}, where {dir} in an argument stands for the task \
                map's folder. The task's input is written to the command's stdin as JSON and \
                its stdout is the result; a non-zero exit with {"error", "cause"} on stdout is a task failure \
                with that error name. Lambda ARNs and arn:aws:states:::lambda:invoke resolve through the same map.

                Exit status: 0 the execution reached a terminal state, whatever its status; 2 usage errors, an \
                invalid definition (printed as {"status": "FAILED", "error": "InvalidDefinition", ...} with the \
                diagnostics on stderr), input that is not JSON, or an unreadable task map.
                """
        )

        @Argument(help: ArgumentHelp("The state machine definition (JSON or YAML).", valueName: "definition-file"),
                  completion: .file())
        var definition: String

        @OptionGroup var input: ExecutionInputOptions

        @Option(name: .customLong("task-map"), help: ArgumentHelp("A JSON file mapping task resources to commands.", valueName: "file"),
                completion: .file())
        var taskMap: String?

        @Flag(help: "Include the execution history (AWS GetExecutionHistory events) in the output.")
        var history = false

        @Flag(name: .customLong("fast-time"), help: "Skip real waiting (Wait states, retry intervals): a dry run.")
        var fastTime = false

        @OptionGroup var global: GlobalOptions

        func run() async throws {
            global.bootstrapLogging()
            let machine = try loadStateMachine(path: definition)
            let executionInput = try input.read()
            let tasks = try readTaskMap()
            let configuration = ExecutionConfiguration(
                executionName: input.executionName,
                stateMachineName: Self.machineName(definition),
                tasks: tasks,
                clock: fastTime ? VirtualExecutionClock() : SystemExecutionClock(),
                recordsHistory: history
            )
            let result = await Executor.run(machine, input: executionInput, configuration: configuration)
            print(result.json(includingHistory: history).serialized())
        }

        func readTaskMap() throws -> TaskRegistry {
            guard let taskMap else { return TaskRegistry() }
            do {
                return try TaskMapFile.load(path: taskMap)
            } catch {
                printError("error: \(error)")
                throw ExitCode(2)
            }
        }

        /// The state machine name: the definition file's name without extensions.
        static func machineName(_ path: String) -> String {
            let file = URL(fileURLWithPath: path).lastPathComponent
            return file.split(separator: ".").first.map(String.init) ?? "ferry"
        }
    }
}

/// `--input FILE | --input-json JSON` and `--name NAME`: what an execution starts with.
struct ExecutionInputOptions: ParsableArguments {
    @Option(help: ArgumentHelp("A file holding the execution input (JSON).", valueName: "file"), completion: .file())
    var input: String?

    @Option(name: .customLong("input-json"), help: ArgumentHelp("The execution input as a JSON text.", valueName: "json"))
    var inputJSON: String?

    @Option(help: ArgumentHelp("The execution name ($$.Execution.Name); a UUID by default.", valueName: "name"))
    var name: String?

    func validate() throws {
        if input != nil && inputJSON != nil {
            throw ValidationError("Give the input with --input or --input-json, not both.")
        }
    }

    /// The execution name: --name, else a new UUID.
    var executionName: String { name ?? UUID().uuidString.lowercased() }

    /// The input, or `{}` when none is given. Input that is not JSON is AWS's InvalidExecutionInput (printed as the
    /// execution's result; exit status 2).
    func read() throws -> JSONValue {
        let text: String
        if let inputJSON {
            text = inputJSON
        } else if let input {
            guard let data = FileManager.default.contents(atPath: input) else {
                printError("error: \(input): no such file")
                throw ExitCode(2)
            }
            text = String(decoding: data, as: UTF8.self)
        } else {
            return .object([:])
        }
        do {
            return try JSONParser().parse(text)
        } catch {
            let origin = input ?? "--input-json"
            print(JSONValue.object(["status": "FAILED", "error": "InvalidExecutionInput",
                                    "cause": .string("Invalid execution input: \(origin):\(error)")]).serialized())
            printError("error: \(origin):\(error.position.line):\(error.position.column): the input is not JSON: \(error.message)")
            throw ExitCode(2)
        }
    }
}

/// Reads and validates a definition; an unreadable or invalid one prints `{"status": "FAILED", "error":
/// "InvalidDefinition", ...}` on stdout and the diagnostics (file:line:column) on stderr, and exits 2.
func loadStateMachine(path: String) throws -> StateMachine {
    let source: DefinitionSource
    do {
        source = try DefinitionSource.load(path: path)
    } catch {
        printError("error: \(error)")
        throw ExitCode(2)
    }
    let validation = StateMachine.validate(source.value)
    guard let machine = validation.machine else {
        let failure = InvalidDefinitionError(diagnostics: validation.diagnostics)
        print(JSONValue.object(["status": "FAILED", "error": "InvalidDefinition", "cause": .string(failure.description)]).serialized())
        let positions = source.positions(of: validation.errors.map(\.location))
        for d in validation.errors {
            let place = positions[d.location].map { "\(path):\($0.line):\($0.column)" } ?? path
            printError("\(place): error: \(d.message) [\(d.code) at \(d.location)]")
        }
        throw ExitCode(2)
    }
    return machine
}
