public import Store

/// Runs the executions that the HTTP API records.
///
/// ``StepFunctionsService`` writes every new execution to the ``Store`` first (so StartExecution is durable before
/// it answers) and then hands the record to a launcher. The launcher decides where and how the execution runs: in
/// this process or on a fleet of workers that claim executions from a shared store (``DurableRunner`` does both).
///
/// Concurrency: the service calls the launcher from the task that handles the HTTP request. ``launch(_:)`` and
/// ``stopRequested(executionArn:)`` should return promptly; ``runSync(_:)`` runs for as long as the execution does,
/// and cancelling the calling task (the client went away) may abort the execution.
public protocol ExecutionLauncher: Sendable {
    /// A new or redriven RUNNING execution was recorded; run it in the background.
    ///
    /// The record is RUNNING with no lease; for a redriven execution ``ExecutionRecord/redriveCount`` is above 0
    /// and its earlier history stays in the store.
    ///
    /// - Parameter execution: The execution as stored.
    func launch(_ execution: ExecutionRecord) async

    /// Runs an execution to completion for StartSyncExecution and returns it finished.
    ///
    /// - Parameter execution: The execution as stored (RUNNING).
    /// - Returns: The finished execution as stored (SUCCEEDED, FAILED, TIMED_OUT or ABORTED).
    /// - Throws: A store error when the result cannot be recorded; the service answers InternalFailure.
    func runSync(_ execution: ExecutionRecord) async throws -> ExecutionRecord

    /// StopExecution was recorded (``ExecutionRecord/isStopRequested`` is set); stop the execution.
    ///
    /// The launcher that runs it finishes it as ABORTED. The service reads the execution back after this returns,
    /// so a launcher that can stop it at once should return only once the stop is recorded.
    ///
    /// - Parameter executionArn: The execution.
    func stopRequested(executionArn: String) async

    /// A task token was answered: SendTaskSuccess or SendTaskFailure was stored for it. A launcher whose execution
    /// waits for that token may stop waiting at once rather than at its next look at the store.
    ///
    /// The default does nothing.
    ///
    /// - Parameter token: The answered token.
    func taskTokenAnswered(_ token: String) async
}

extension ExecutionLauncher {
    /// Does nothing: executions waiting for the token see the answer when they next look at the store.
    ///
    /// - Parameter token: The answered token.
    public func taskTokenAnswered(_ token: String) async {}
}
