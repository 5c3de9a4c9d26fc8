import JSONValue
public import Logging
public import StepFunctionsAPI
public import Store

#if canImport(FoundationEssentials)
    public import FoundationEssentials
#else
    public import Foundation
#endif

/// The AWS Step Functions JSON 1.0 API over a ``Store``, independent of any HTTP server.
///
/// A server hands it each request as received (method, target, headers, body bytes) and sends back the response it
/// returns. ``handle(_:)`` authenticates the request (SigV4, unless authentication is off), decodes it with
/// StepFunctionsAPI, runs the action against the store, hands new, redriven and stopped executions to the
/// ``ExecutionLauncher``, and answers in AWS's shapes:
///
/// ```swift
/// let keys = ["AKID": AWSCredentials(accessKeyID: "AKID", secretAccessKey: secret)]
/// let service = StepFunctionsService(
///     store: store, launcher: launcher, configuration: .init(authentication: .sigV4(SigV4Verifier(store: keys))))
/// let response = await service.handle(StepFunctionsHTTPRequest(method: "POST", headers: headers, body: body))
/// // response.status, response.headers, response.bodyBytes
/// ```
///
/// Every failure is an AWS error response: a client error is a 4xx with AWS's `__type` (StateMachineDoesNotExist,
/// ValidationException, InvalidSignatureException, …); anything unexpected (a database failure) is a 500
/// `InternalFailure` whose message says nothing about the cause, which is logged instead.
///
/// Concurrency: the service is a value with no mutable state; call ``handle(_:)`` from any number of tasks at once.
public struct StepFunctionsService: Sendable {
    /// How requests are authenticated.
    public enum Authentication: Sendable {
        /// Every request must carry a valid SigV4 signature from one of the verifier's access keys.
        case sigV4(SigV4Verifier)
        /// Requests are not authenticated: anyone who reaches the port can do anything.
        case disabled
    }

    /// Settings of a service.
    public struct Configuration: Sendable {
        /// How requests are authenticated. Default: ``Authentication/disabled``; servers should pass
        /// ``Authentication/sigV4(_:)``.
        public var authentication: Authentication
        /// The limits applied before a body is parsed (the largest body: 2 MiB by default).
        public var requestLimits: StepFunctionsRequest.Configuration
        /// The clock for signature dates and stop dates. Default: the system clock.
        public var now: @Sendable () -> Date

        /// Creates a configuration.
        ///
        /// - Parameters:
        ///   - authentication: How requests are authenticated.
        ///   - requestLimits: The request limits.
        ///   - now: The clock.
        public init(
            authentication: Authentication = .disabled,
            requestLimits: StepFunctionsRequest.Configuration = StepFunctionsRequest.Configuration(),
            now: @escaping @Sendable () -> Date = { Date() }
        ) {
            self.authentication = authentication
            self.requestLimits = requestLimits
            self.now = now
        }
    }

    /// The store every action reads and writes.
    public let store: Store
    /// Where recorded executions run.
    public let launcher: any ExecutionLauncher
    /// The settings.
    public let configuration: Configuration
    let logger: Logger

    /// Creates a service.
    ///
    /// - Parameters:
    ///   - store: The store (migrated).
    ///   - launcher: Where recorded executions run.
    ///   - configuration: The settings.
    ///   - logger: Where internal failures are logged (with the request id; never a secret or an execution's data).
    public init(
        store: Store, launcher: any ExecutionLauncher, configuration: Configuration = Configuration(),
        logger: Logger = Logger(label: "ferry.server", factory: { _ in SwiftLogNoOpLogHandler() })
    ) {
        self.store = store
        self.launcher = launcher
        self.configuration = configuration
        self.logger = logger
    }

    /// Answers one request.
    ///
    /// Checks, in order: the body size, the signature (``Configuration/authentication``), the protocol and the
    /// input (``StepFunctionsRequest/decode(_:configuration:)``); then runs the action. The response carries an
    /// `x-amzn-RequestId` header.
    ///
    /// - Parameter request: The request as received.
    /// - Returns: The response to send: 200 with the action's output, or AWS's error shape. Never throws.
    public func handle(_ request: StepFunctionsHTTPRequest) async -> StepFunctionsResponse {
        let requestID = UUID().uuidString.lowercased()
        var response: StepFunctionsResponse
        do {
            guard request.body.count <= configuration.requestLimits.maximumBodySize else {
                throw Self.tooLarge(limit: configuration.requestLimits.maximumBodySize)
            }
            if case .sigV4(let verifier) = configuration.authentication {
                _ = try verifier.verify(request, now: configuration.now())
            }
            let decoded = try StepFunctionsRequest.decode(request, configuration: configuration.requestLimits)
            response = try await respond(to: decoded)
        } catch {
            response = answer(error, requestID: requestID)
        }
        response.headers.append((name: "x-amzn-RequestId", value: requestID))
        return response
    }

    /// The error a body over the limit gets: RequestEntityTooLarge (HTTP 413).
    ///
    /// - Parameter limit: The largest body accepted, in bytes.
    /// - Returns: The error.
    public static func tooLarge(limit: Int) -> StepFunctionsError {
        StepFunctionsError(
            .requestEntityTooLarge, "Request entity too large: the body is larger than the limit of \(limit) bytes")
    }

    /// The response for an error: itself when it is a ``StepFunctionsError``, AWS's error for a ``StoreError``,
    /// and an InternalFailure for anything else (logged, never sent).
    func answer(_ error: any Error, requestID: String) -> StepFunctionsResponse {
        if let error = error as? StepFunctionsError { return error.response }
        if let error = error as? StoreError, let mapped = Self.awsError(error, subject: "") { return mapped.response }
        logger.error(
            "internal failure",
            metadata: ["sfn.request.id": "\(requestID)", "error": "\(String(describing: error))"])
        return StepFunctionsError(internal: error).response
    }
}
