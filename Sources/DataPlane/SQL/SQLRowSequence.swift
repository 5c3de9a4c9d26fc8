/// The rows of a running query, as an asynchronous sequence of ``SQLRowBatch``es, with the result's columns.
///
/// Rows are fetched on demand: the connector reads the next batch from the server only when the consumer asks
/// for it (back-pressure), so memory stays flat whatever the result size. A sequence is valid only inside the
/// `body` of ``SQLConnection/query(_:parameters:_:)`` and can be iterated once.
public struct SQLRowSequence: AsyncSequence, Sendable {
    /// The sequence's elements: batches of rows.
    public typealias Element = SQLRowBatch
    /// The failure type: ``SQLError``, `CancellationError`, or another connector error.
    public typealias Failure = any Error

    /// The result's columns, known before the first row.
    public let columns: [SQLColumn]
    private let fetch: @Sendable () async throws -> SQLRowBatch?

    /// Creates a row sequence from a batch source (for connector implementations).
    ///
    /// - Parameters:
    ///   - columns: The result's columns.
    ///   - fetch: Returns the next non-empty batch, or `nil` at the end of the result.
    public init(columns: [SQLColumn], fetch: @escaping @Sendable () async throws -> SQLRowBatch?) {
        self.columns = columns
        self.fetch = fetch
    }

    /// Iterates the batches.
    public struct AsyncIterator: AsyncIteratorProtocol {
        fileprivate let fetch: @Sendable () async throws -> SQLRowBatch?
        fileprivate var isDone = false

        /// Returns the next batch, or `nil` at the end of the result.
        ///
        /// - Throws: ``SQLError`` or `CancellationError`.
        public mutating func next() async throws -> SQLRowBatch? {
            if isDone { return nil }
            guard let batch = try await fetch() else {
                isDone = true
                return nil
            }
            return batch
        }
    }

    /// Creates the iterator.
    public func makeAsyncIterator() -> AsyncIterator { AsyncIterator(fetch: fetch) }

    /// Collects every row as typed values (see ``SQLRowBatch/value(row:column:)``). For tests and small results.
    ///
    /// - Returns: The rows, in order.
    /// - Throws: What iteration throws.
    public func collectRows() async throws -> [[SQLValue]] {
        var rows: [[SQLValue]] = []
        for try await batch in self {
            for row in 0..<batch.rowCount { rows.append(batch.row(row)) }
        }
        return rows
    }
}
