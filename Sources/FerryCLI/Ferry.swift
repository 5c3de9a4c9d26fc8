public import ArgumentParser
import Foundation
import Logging
import Synchronization

/// The `ferry` command: replicate business data between databases through object storage, driven by Amazon
/// States Language state machines.
public struct Ferry: AsyncParsableCommand {
    public static let configuration = CommandConfiguration(
        commandName: "ferry",
        abstract: "Replicate business data between databases through object storage, driven by AWS Step Functions state machines.",
        discussion: """
            Ferry runs Amazon States Language (ASL) state machines and moves data between MySQL/MariaDB, \
            PostgreSQL and SQLite through CSV objects in a local directory or S3.

            Exit status: 0 success; 1 the input was processed and found wanting (for `validate`, an invalid \
            definition; for `extract` and `load`, a failed or refused transfer); 2 usage errors (unknown options, \
            missing files).
            """,
        version: "0.1.0",
        subcommands: [
            Quickstart.self, Validate.self, Execute.self, Run.self, Serve.self, Extract.self, Load.self, ScheduleCommand.self,
            CatalogCommand.self,
        ]
    )

    public init() {}

    /// Runs the command line; usage errors exit with status 2, as the commands document.
    public static func main() async {
        do {
            var command = try parseAsRoot()
            if var asyncCommand = command as? any AsyncParsableCommand {
                try await asyncCommand.run()
            } else {
                try command.run()
            }
        } catch {
            let code = exitCode(for: error)
            if code == .validationFailure {
                FileHandle.standardError.write(Data((fullMessage(for: error) + "\n").utf8))
                Foundation.exit(2)
            }
            exit(withError: error)
        }
    }
}

/// Flags every subcommand shares.
struct GlobalOptions: ParsableArguments {
    @Option(name: .long, help: ArgumentHelp("Log level on stderr: trace, debug, info, notice, warning, error, critical.", valueName: "level"))
    var logLevel: Logger.Level = .warning

    /// Sends swift-log output to stderr at the chosen level, once per process.
    func bootstrapLogging() {
        let level = logLevel
        LoggingBootstrap.once {
            LoggingSystem.bootstrap { label in
                var handler = StreamLogHandler.standardError(label: label)
                handler.logLevel = level
                return handler
            }
        }
    }
}

extension Logger.Level: @retroactive ExpressibleByArgument {}

/// Guards the process-wide logging bootstrap, which may run only once.
enum LoggingBootstrap {
    private static let done = Mutex(false)

    static func once(_ body: () -> Void) {
        let first = done.withLock { done in
            defer { done = true }
            return !done
        }
        if first { body() }
    }
}

/// Writes a line to stderr.
func printError(_ message: String) {
    FileHandle.standardError.write(Data((message + "\n").utf8))
}
