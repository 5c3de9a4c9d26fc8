import HTTPTypes
public import Hummingbird
public import Logging
import NIOCore
public import ServiceLifecycle
import StepFunctionsAPI
import Store

/// The HTTP server of `ferry serve`: a Hummingbird application that answers the AWS Step Functions API with a
/// ``StepFunctionsService``.
///
/// Routes:
///
/// | route | answer |
/// |---|---|
/// | `POST /` | the Step Functions JSON 1.0 API (`X-Amz-Target: AWSStepFunctions.<Action>`) |
/// | `GET /health` | `200 ok`, for load balancers and scripts |
/// | `GET /`, `GET /state-machines/<name>`, `GET /executions/<ARN>` | the read-only web console (``FerryConsole``), unless ``Configuration/isConsoleEnabled`` is `false` |
///
/// > Important: The console is not authenticated, even when the API requires signatures: anyone who reaches the
/// > port can read definitions, inputs and outputs. Bind to loopback or turn it off.
///
/// A request body is read as it arrives and refused with AWS's RequestEntityTooLarge (HTTP 413) as soon as it is
/// larger than the service's limit (``StepFunctionsService/Configuration/requestLimits``), or at once when its
/// `Content-Length` says so, so a large body is never held in memory.
///
/// ```swift
/// let server = FerryServer(service: service, configuration: .init(host: "127.0.0.1", port: 8083))
/// try await server.runService(alongside: [launcher]) { address in print("listening on \(address)") }
/// ```
///
/// ``runService(alongside:onServerRunning:)`` runs the server and the given services (the launcher) in one service
/// group until SIGINT or SIGTERM, then shuts them down gracefully.
public struct FerryServer: Sendable {
    /// Where the server listens.
    public struct Configuration: Sendable {
        /// The host or address to bind. Default `127.0.0.1` (this machine only).
        public var host: String
        /// The port; 0 picks a free one (the address passed to `onServerRunning` tells which). Default 8083.
        public var port: Int
        /// Whether `GET` requests are answered by the read-only web console (``FerryConsole``). Default `true`.
        public var isConsoleEnabled: Bool

        /// Creates a configuration.
        ///
        /// - Parameters:
        ///   - host: The address to bind.
        ///   - port: The port.
        ///   - isConsoleEnabled: Whether to serve the web console.
        public init(host: String = "127.0.0.1", port: Int = 8083, isConsoleEnabled: Bool = true) {
            self.host = host
            self.port = port
            self.isConsoleEnabled = isConsoleEnabled
        }
    }

    /// The API.
    public let service: StepFunctionsService
    /// Where the server listens.
    public let configuration: Configuration
    /// What `GET /metrics` reports.
    public let metrics: FerryMetrics
    let logger: Logger

    /// Creates a server.
    ///
    /// - Parameters:
    ///   - service: The API.
    ///   - configuration: Where to listen.
    ///   - metrics: What `GET /metrics` reports (give the runner and schedule service the same instance).
    ///   - logger: The server's logger (Hummingbird logs requests at debug, with `hb.request.id`).
    public init(
        service: StepFunctionsService, configuration: Configuration = Configuration(),
        metrics: FerryMetrics = FerryMetrics(),
        logger: Logger = Logger(label: "ferry.server", factory: { _ in SwiftLogNoOpLogHandler() })
    ) {
        self.service = service
        self.configuration = configuration
        self.metrics = metrics
        self.logger = logger
    }

    /// The router: `POST /` for the API, `GET /health`, `GET /metrics` (Prometheus text format), and the web
    /// console's `GET` routes when enabled.
    ///
    /// - Returns: A router for Hummingbird's basic request context.
    public func makeRouter() -> Router<BasicRequestContext> {
        let router = Router()
        let service = self.service
        router.post("/") { request, _ -> Response in
            await Self.respond(to: request, with: service)
        }
        router.get("/health") { _, _ -> String in "ok" }
        let metrics = self.metrics
        router.get("/metrics") { _, _ -> Response in
            do {
                var totals: [String: Int] = [:]
                for (_, counts) in try await service.store.executionCounts() {
                    for (status, count) in counts { totals[status.rawValue, default: 0] += count }
                }
                let text = metrics.render(executions: totals)
                return Response(
                    status: .ok, headers: [.contentType: "text/plain; version=0.0.4; charset=utf-8"],
                    body: ResponseBody(byteBuffer: ByteBuffer(string: text)))
            } catch {
                return Response(
                    status: .serviceUnavailable, headers: [.contentType: "text/plain; charset=utf-8"],
                    body: ResponseBody(byteBuffer: ByteBuffer(string: "the state store cannot be read\n")))
            }
        }
        if configuration.isConsoleEnabled {
            FerryConsole(store: service.store, logger: logger).addRoutes(to: router)
        }
        return router
    }

    /// The application, ready to run.
    ///
    /// - Parameters:
    ///   - services: Services to run in the application's service group (the launcher).
    ///   - onServerRunning: Called once the server listens, with its address as `host:port`.
    /// - Returns: The application.
    public func makeApplication(
        services: [any Service] = [], onServerRunning: @escaping @Sendable (String) async -> Void = { _ in }
    ) -> some ApplicationProtocol {
        Application(
            router: makeRouter(),
            configuration: ApplicationConfiguration(
                address: .hostname(configuration.host, port: configuration.port), serverName: "ferry"),
            services: services,
            onServerRunning: { channel in
                let address = channel.localAddress
                let host = address?.ipAddress ?? "?"
                let text = host.contains(":") ? "[\(host)]" : host
                await onServerRunning("\(text):\(address?.port ?? 0)")
            },
            logger: logger)
    }

    /// Runs the server and `services` until SIGINT or SIGTERM, then shuts them down gracefully.
    ///
    /// - Parameters:
    ///   - services: Services to run beside the server (the launcher).
    ///   - onServerRunning: Called once the server listens, with its address as `host:port`.
    /// - Throws: When the server cannot bind, or a service fails.
    public func runService(
        alongside services: [any Service] = [], onServerRunning: @escaping @Sendable (String) async -> Void = { _ in }
    ) async throws {
        try await makeApplication(services: services, onServerRunning: onServerRunning).runService()
    }

    /// Reads a request's body within the limit, hands it to the service and turns its answer into a response.
    static func respond(to request: Request, with service: StepFunctionsService) async -> Response {
        let limit = service.configuration.requestLimits.maximumBodySize
        var body: [UInt8] = []
        do {
            if let length = request.headers[.contentLength].flatMap(Int.init), length > limit {
                return response(StepFunctionsService.tooLarge(limit: limit).response)
            }
            for try await buffer in request.body {
                guard body.count + buffer.readableBytes <= limit else {
                    return response(StepFunctionsService.tooLarge(limit: limit).response)
                }
                body.append(contentsOf: buffer.readableBytesView)
            }
        } catch {
            return response(
                StepFunctionsError(.serializationException, "The request body could not be read").response)
        }
        var headers: [(name: String, value: String)] = []
        if let authority = request.head.authority { headers.append((name: "host", value: authority)) }
        for field in request.headers { headers.append((name: field.name.canonicalName, value: field.value)) }
        let answer = await service.handle(
            StepFunctionsHTTPRequest(
                method: request.method.rawValue, target: request.head.path ?? "/", headers: headers, body: body))
        return response(answer)
    }

    /// A Hummingbird response for the service's answer.
    static func response(_ answer: StepFunctionsResponse) -> Response {
        var fields = HTTPFields()
        for (name, value) in answer.headers {
            if let field = HTTPField.Name(name) { fields.append(HTTPField(name: field, value: value)) }
        }
        return Response(
            status: HTTPResponse.Status(code: answer.status), headers: fields,
            body: ResponseBody(byteBuffer: ByteBuffer(bytes: answer.bodyBytes)))
    }
}
