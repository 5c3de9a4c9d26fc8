import HTTPTypes
public import Hummingbird
public import Logging
import NIOCore
public import Store

/// The read-only web console of `ferry serve`: server-rendered HTML pages over the ``Store``, with no JavaScript.
///
/// Routes (all `GET`):
///
/// | route | page |
/// |---|---|
/// | `/` | the state machines, with their executions counted by status (`?next=` pages on) |
/// | `/state-machines/<name>` | the definition drawn as a graph, and its executions, newest first (`?status=RUNNING`, `SUCCEEDED`, `FAILED`, `TIMED_OUT` or `ABORTED` filters; `?next=` pages on) |
/// | `/executions/<ARN, percent-encoded>` | the graph coloured by each state's status in this execution (``ExecutionTrace``), beside the event history; refreshes every 2 seconds while the execution runs |
///
/// Anything else under `GET` is a 404 page. Every value taken from the store is HTML-escaped, so names, inputs,
/// outputs and error messages cannot inject markup.
///
/// > Important: The console is not authenticated, even when the API requires SigV4 signatures: anyone who reaches
/// > the port can read state machine definitions, execution inputs and outputs. It only reads. Bind to loopback, or
/// > turn it off (``FerryServer/Configuration/isConsoleEnabled``, `ferry serve --no-console`).
///
/// Concurrency: a value with no mutable state; the routes may serve any number of requests at once.
public struct FerryConsole: Sendable {
    /// The store the pages read.
    public let store: Store
    /// Executions per page of a state machine's list. Default 25.
    public var pageSize: Int
    /// The most history events an execution page reads (and shows). Default 5000.
    public var maximumEvents: Int
    let logger: Logger

    /// Creates a console.
    ///
    /// - Parameters:
    ///   - store: The store to read.
    ///   - pageSize: Executions per page.
    ///   - maximumEvents: The most history events an execution page reads.
    ///   - logger: Where failures to read the store are logged (at debug; the page says only that it failed).
    public init(
        store: Store, pageSize: Int = 25, maximumEvents: Int = 5000,
        logger: Logger = Logger(label: "ferry.console", factory: { _ in SwiftLogNoOpLogHandler() })
    ) {
        self.store = store
        self.pageSize = pageSize
        self.maximumEvents = maximumEvents
        self.logger = logger
    }

    /// Adds the console's `GET` routes to a router (see ``FerryConsole`` for the list), including a catch-all
    /// 404 page for other `GET` paths.
    ///
    /// - Parameter router: The router; its other routes (`POST /`, `GET /health`) keep precedence.
    public func addRoutes(to router: Router<BasicRequestContext>) {
        let console = self
        router.get("/") { request, _ -> Response in
            await console.respond { try await console.homePage(nextToken: request.uri.queryParameters["next"]) }
        }
        router.get("/state-machines/:name") { request, context -> Response in
            await console.respond {
                guard let raw = context.parameters.get("name"), let name = HTML.percentDecoded(raw) else {
                    return (.badRequest, ConsolePages.notFound("The state machine name is not valid."))
                }
                let query = request.uri.queryParameters
                return try await console.stateMachinePage(
                    name: name, status: query["status"].map(String.init), nextToken: query["next"].map(String.init))
            }
        }
        router.get("/executions/:arn") { _, context -> Response in
            await console.respond {
                guard let raw = context.parameters.get("arn"), let arn = HTML.percentDecoded(raw) else {
                    return (.badRequest, ConsolePages.notFound("The execution ARN is not valid."))
                }
                return try await console.executionPage(arn: arn)
            }
        }
        router.get("/**") { request, _ -> Response in
            Self.html(.notFound, ConsolePages.notFound("Nothing is at \(request.uri.path)."))
        }
    }

    // MARK: - Pages

    func homePage(nextToken: Substring?) async throws -> (HTTPResponse.Status, String) {
        let page = try await store.listStateMachines(maxResults: 100, nextToken: nextToken.map(String.init))
        let counts = try await store.executionCounts()
        return (.ok, ConsolePages.home(stateMachines: page.items, counts: counts, nextToken: page.nextToken))
    }

    func stateMachinePage(name: String, status: String?, nextToken: String?) async throws
        -> (HTTPResponse.Status, String)
    {
        var filter: ExecutionStatus?
        if let status, !status.isEmpty {
            guard let parsed = ExecutionStatus(rawValue: status), ConsolePages.filterStatuses.contains(parsed) else {
                let names = ConsolePages.filterStatuses.map(\.rawValue).joined(separator: ", ")
                return (.badRequest, ConsolePages.notFound("Unknown status \(status): filter by \(names)."))
            }
            filter = parsed
        }
        let machine = try await store.describeStateMachine(arn: store.stateMachineArn(name: name))
        let executions = try await store.listExecutions(
            stateMachineArn: machine.arn, statusFilter: filter, maxResults: pageSize, nextToken: nextToken)
        let counts = try await store.executionCounts(stateMachineArn: machine.arn)[machine.arn] ?? [:]
        return (
            .ok,
            ConsolePages.stateMachine(
                machine, executions: executions.items, counts: counts, filter: filter,
                nextToken: executions.nextToken)
        )
    }

    func executionPage(arn: String) async throws -> (HTTPResponse.Status, String) {
        let execution = try await store.describeExecution(arn: arn)
        var events: [HistoryEvent] = []
        var token: String?
        repeat {
            let page = try await store.history(executionArn: arn, maxResults: 1000, nextToken: token)
            events += page.items
            token = page.nextToken
        } while token != nil && events.count < maximumEvents
        let isTruncated = token != nil || events.count > maximumEvents
        if events.count > maximumEvents { events.removeLast(events.count - maximumEvents) }
        // arn:aws:states:<region>:<account>:stateMachine:<name>
        let parts = execution.stateMachineArn.split(separator: ":", omittingEmptySubsequences: false)
        let machineName = parts.count >= 7 && parts[5] == "stateMachine" ? parts[6...].joined(separator: ":") : nil
        return (
            .ok,
            ConsolePages.execution(
                execution, stateMachineName: machineName, events: events, isHistoryTruncated: isTruncated)
        )
    }

    // MARK: - Responses

    /// Runs a page builder and turns its outcome, or its error, into an HTML response.
    func respond(_ build: () async throws -> (HTTPResponse.Status, String)) async -> Response {
        do {
            let (status, text) = try await build()
            return Self.html(status, text)
        } catch let error as StoreError {
            switch error.code {
            case .stateMachineDoesNotExist:
                return Self.html(.notFound, ConsolePages.notFound("There is no state machine with that name."))
            case .executionDoesNotExist:
                return Self.html(.notFound, ConsolePages.notFound("There is no execution with that ARN."))
            case .invalidToken, .invalidArn, .invalidName, .invalidValue:
                return Self.html(.badRequest, ConsolePages.notFound("The request is not valid: \(error.message)"))
            default:
                return failed(error)
            }
        } catch {
            return failed(error)
        }
    }

    func failed(_ error: any Error) -> Response {
        logger.debug("console page failed", metadata: ["error": "\(String(describing: error))"])
        return Self.html(
            .internalServerError,
            ConsolePages.page(title: "Error", body: "<h1>Error</h1><p>The store could not be read.</p>"))
    }

    static func html(_ status: HTTPResponse.Status, _ text: String) -> Response {
        var headers = HTTPFields()
        headers[.contentType] = "text/html; charset=utf-8"
        headers[.cacheControl] = "no-store"
        headers[HTTPField.Name("Content-Security-Policy")!] = "default-src 'none'; style-src 'unsafe-inline'; img-src 'self'"
        return Response(status: status, headers: headers, body: ResponseBody(byteBuffer: ByteBuffer(string: text)))
    }
}
