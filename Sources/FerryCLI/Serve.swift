import ArgumentParser
import DataPlane
import Foundation
import Logging
import Pipelines
import Server
import ServiceLifecycle
import UnixSignals
import StatesEngine
import StepFunctionsAPI
import Store

extension Ferry {
    /// `ferry serve [--listen HOST:PORT] [--store URL] [--config FILE] [--no-auth] [--no-console] [--worker]
    /// [--lease-seconds N] [--max-executions N] [--region R] [--account N]`
    struct Serve: AsyncParsableCommand {
        static let configuration = CommandConfiguration(
            abstract: "Serve the AWS Step Functions API over HTTP, so the AWS CLI and SDKs can drive Ferry.",
            discussion: """
                Answers the Step Functions JSON protocol on POST / (point the AWS CLI at it with \
                --endpoint-url http://127.0.0.1:8083) and GET /health with "ok". State machines, executions and \
                their history are kept in the state store: --store, else ferry.yaml's state_store, else \
                ferry-state.db beside ferry.yaml (or in the current folder without one); sqlite:///path or \
                postgres://user:password@host:port/database.

                Requests must be signed (SigV4) with one of ferry.yaml's serve.access_keys, each an id and a \
                secret given as ${ENV_VAR}. --no-auth serves without authentication: anyone who reaches the \
                port can run anything, so keep it on loopback.

                A read-only web console answers GET / in a browser: the state machines, their executions by \
                status, and each execution's graph coloured by how its states fared, beside its event history. \
                The console is NOT authenticated, even when the API is: anyone who reaches the port can read \
                definitions, inputs and outputs (a warning says so when listening beyond loopback). Keep the port on \
                loopback, or pass --no-console.

                Executions are durable: each step is committed to the state store before the next starts, with \
                ferry.yaml's built-in tasks and resource map (when there is a ferry.yaml). A server that stops \
                (SIGINT, SIGTERM) leaves its running executions where they are; one that is killed leaves them \
                leased for --lease-seconds. Either way the next server (or another worker) resumes them from their \
                last committed step: finished steps are not run again, the step in flight is. Schedules in the \
                store (ferry schedule add) fire here, one execution per fire time however many servers run.

                --worker runs executions and schedules without the HTTP API. Several servers and workers can share \
                one PostgreSQL state store: each claims executions with a lease, and the executions of one that \
                dies are resumed by another once its leases expire.

                Prints "ferry serve: listening on http://HOST:PORT" on stdout once it listens; stops on SIGINT or \
                SIGTERM. Exit status: 0 stopped by a signal; 1 the server failed (the port is in use, the store \
                cannot be opened); 2 usage errors, an unreadable ferry.yaml, or no access keys without --no-auth.
                """)

        @Option(help: ArgumentHelp("The address to listen on (port 0 picks a free one).", valueName: "host:port"))
        var listen: String?

        @Flag(name: .customLong("no-auth"), help: "Serve without authentication (prints a warning).")
        var noAuth = false

        @Flag(
            name: .customLong("no-console"),
            help: "Do not serve the read-only web console (GET /); it is not authenticated even when the API is.")
        var noConsole = false

        @Flag(help: "Run executions and schedules only, without the HTTP API (a worker sharing the state store).")
        var worker = false

        @Option(
            name: .customLong("lease-seconds"),
            help: ArgumentHelp(
                "How long a claimed execution stays with this process without renewal (default 30).",
                valueName: "seconds"))
        var leaseSeconds: Int = 30

        @Option(
            name: .customLong("max-executions"),
            help: ArgumentHelp("At most this many executions run in this process at once (default 256).", valueName: "n"))
        var maxExecutions: Int = 256

        @OptionGroup var stateStore: StateStoreOptions

        @OptionGroup var global: GlobalOptions

        func validate() throws {
            guard (1...100_000).contains(maxExecutions) else {
                throw ValidationError("--max-executions \(maxExecutions): give 1 to 100000")
            }
            guard (2...3600).contains(leaseSeconds) else {
                throw ValidationError("--lease-seconds \(leaseSeconds): give 2 to 3600 seconds")
            }
            if let listen, Self.address(listen) == nil {
                throw ValidationError("--listen \(listen): give HOST:PORT, such as 127.0.0.1:8083")
            }
        }

        /// `(host, port)` of `HOST:PORT` or `[IPv6]:PORT`.
        static func address(_ text: String) -> (host: String, port: Int)? {
            guard let colon = text.lastIndex(of: ":"), let port = Int(text[text.index(after: colon)...]),
                (0...65535).contains(port)
            else { return nil }
            var host = String(text[..<colon])
            if host.hasPrefix("["), host.hasSuffix("]") { host = String(host.dropFirst().dropLast()) }
            return host.isEmpty ? nil : (host, port)
        }

        func run() async throws {
            global.bootstrapLogging()
            let path = stateStore.configPath
            let settings = try stateStore.settings()
            let keys = settings?.serve.accessKeys ?? []
            if worker {
                // No HTTP API, nothing to authenticate.
            } else if noAuth {
                printError(
                    "WARNING: --no-auth: requests are NOT authenticated; anyone who can reach the port can create, "
                        + "run and delete state machines")
            } else if keys.isEmpty {
                printError(
                    "error: no access keys: add serve.access_keys to \(path) ({id: ..., secret: \"${ENV_VAR}\"}), "
                        + "or pass --no-auth to serve without authentication")
                throw ExitCode(2)
            }
            let listenText = listen ?? settings?.serve.listen ?? "127.0.0.1:8083"
            guard let address = Self.address(listenText) else {
                printError("error: \(path): serve.listen \(listenText): give HOST:PORT")
                throw ExitCode(2)
            }
            let isLoopback =
                address.host == "localhost" || address.host == "::1" || address.host.hasPrefix("127.")
            if !worker, !noConsole, !isLoopback {
                printError(
                    "WARNING: the web console (GET /) is read-only but NOT authenticated: anyone who can reach "
                        + "\(address.host):\(address.port) can read definitions, inputs and outputs; pass --no-console "
                        + "to turn it off")
            }
            let storeURL = stateStore.storeURL(settings)
            let storeConfiguration = stateStore.storeConfiguration(settings)
            let authentication: StepFunctionsService.Authentication =
                noAuth
                ? .disabled
                : .sigV4(
                    SigV4Verifier(
                        store: Dictionary(keys.map { ($0.accessKeyID, $0) }, uniquingKeysWith: { $1 })))
            do {
                let metrics = FerryMetrics()
                try await Store.withStore(url: storeURL, configuration: storeConfiguration) { store in
                    try await Self.withTasks(settings, metrics: metrics) { tasks in
                        let runner = DurableRunner(
                            store: store, tasks: tasks,
                            configuration: .init(
                                leaseDuration: .seconds(leaseSeconds), maxConcurrentExecutions: maxExecutions),
                            logger: Logger(label: "ferry.runner"), metrics: metrics)
                        let schedules = ScheduleService(
                            store: store, launcher: runner, logger: Logger(label: "ferry.schedules"), metrics: metrics)
                        if worker {
                            let group = ServiceGroup(
                                services: [runner, schedules], gracefulShutdownSignals: [.sigterm, .sigint],
                                logger: Logger(label: "ferry.worker"))
                            FileHandle.standardOutput.write(Data("ferry serve: worker \(runner.configuration.worker) running\n".utf8))
                            try await group.run()
                            return
                        }
                        let service = StepFunctionsService(
                            store: store, launcher: runner,
                            configuration: .init(authentication: authentication), logger: Logger(label: "ferry.server"))
                        let server = FerryServer(
                            service: service,
                            configuration: .init(
                                host: address.host, port: address.port, isConsoleEnabled: !noConsole),
                            metrics: metrics, logger: Logger(label: "ferry.server"))
                        try await server.runService(alongside: [runner, schedules]) { address in
                            FileHandle.standardOutput.write(Data("ferry serve: listening on http://\(address)\n".utf8))
                        }
                    }
                }
            } catch let error as ExitCode {
                throw error
            } catch {
                printError("error: \(error)")
                throw ExitCode(1)
            }
        }

        /// Runs `body` with the task registry: ferry.yaml's built-in tasks and resource map (as `ferry run` builds
        /// it), or no tasks without a ferry.yaml.
        static func withTasks(
            _ settings: FerryConfiguration?, metrics: FerryMetrics, _ body: (TaskRegistry) async throws -> Void
        ) async throws {
            guard let settings else { return try await body(TaskRegistry()) }
            let objects: ObjectStoreURL
            do {
                objects = try ObjectStoreURL(settings.store)
            } catch {
                printError("error: \(settings.path): store: \(TransferStores.oneLine(error))")
                throw ExitCode(2)
            }
            try await PipelineRunner.withTaskRegistry(
                objects, settings: settings,
                observe: { event in
                    switch event {
                    case .exported(_, _, _, _, let rows, let bytes, _): metrics.recordRows(rows, step: "export", bytes: bytes)
                    case .loaded(_, _, let rows, _, _): metrics.recordRows(rows, step: "load")
                    case .failed: break
                    }
                }, body: body)
        }
    }
}
