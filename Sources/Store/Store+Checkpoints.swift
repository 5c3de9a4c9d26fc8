import DataPlane
public import JSONValue

/// A completed step of an execution, as the engine's journal records it: where the step happened, its output, the
/// next state, the thread's variables after it, and its last history event. The store keeps it for resuming the
/// execution after a crash and for `RedriveExecution`; it does not interpret it.
public struct StepCheckpoint: Sendable, Hashable {
    /// Where the step happened (the engine's key, such as `Process#1[3]/Load#1`).
    public var key: String
    /// The step's output.
    public var output: JSONValue
    /// The next state's name, or `nil` when the step ended its graph.
    public var next: String?
    /// The thread's workflow variables after the step, as a JSON object.
    public var variables: JSONValue
    /// The id of the step's last history event.
    public var lastEventId: Int

    /// Creates a checkpoint.
    ///
    /// - Parameters:
    ///   - key: Where the step happened.
    ///   - output: Its output.
    ///   - next: The next state, if any.
    ///   - variables: The variables after it (a JSON object).
    ///   - lastEventId: Its last history event.
    public init(key: String, output: JSONValue, next: String?, variables: JSONValue = [:], lastEventId: Int) {
        self.key = key
        self.output = output
        self.next = next
        self.variables = variables
        self.lastEventId = lastEventId
    }
}

extension Store {
    /// An execution's checkpoints, in the order they were stored.
    ///
    /// - Parameter executionArn: The execution's ARN.
    /// - Returns: Its checkpoints (empty for a new execution).
    /// - Throws: ``StoreError`` (``StoreError/Code/executionDoesNotExist``) or `SQLError`.
    public func checkpoints(executionArn: String) async throws -> [StepCheckpoint] {
        try await serialized {
            guard try await executionRow(arn: executionArn) != nil else { throw Self.noExecution(executionArn) }
            return try await rows(
                "SELECT step_key, output, next_state, variables, last_event_id FROM \(q(StoreSchema.checkpoints)) "
                    + "WHERE execution_arn = ? ORDER BY last_event_id", [.text(executionArn)]
            ).map { row in
                StepCheckpoint(
                    key: Self.text(row[0]) ?? "", output: try Self.json(row[1]) ?? .null, next: Self.text(row[2]),
                    variables: try Self.json(row[3]) ?? [:], lastEventId: Int(Self.int(row[4]) ?? 0))
            }
        }
    }

    /// Inserts checkpoints; the caller runs this inside the transaction that appends their events.
    func insertCheckpoints(_ checkpoints: [StepCheckpoint], executionArn: String) async throws {
        try await insertRows(
            into: StoreSchema.checkpoints,
            columns: ["execution_arn", "step_key", "output", "next_state", "variables", "last_event_id"],
            checkpoints.map { checkpoint in
                [
                    .text(executionArn), .text(checkpoint.key), .text(checkpoint.output.serialized()),
                    Self.optional(checkpoint.next), .text(checkpoint.variables.serialized()),
                    .integer(Int64(checkpoint.lastEventId)),
                ]
            })
    }
}
