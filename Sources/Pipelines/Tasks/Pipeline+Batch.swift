import DataPlane
public import JSONValue
public import StatesLanguage

extension Pipeline {
    /// What the original design's export Lambda did: export every item of the batch (every part), up to
    /// ``PipelineEnvironment/concurrency`` at once. One item's failure does not stop the others.
    ///
    /// - Parameters:
    ///   - batchID: The batch id.
    ///   - batchDate: The batch date.
    ///   - tables: Only these table entries (default: all).
    /// - Returns: `{"batchId", "batchDate", "items", "rows", "bytes", "results": [...]}`.
    /// - Throws: `Ferry.ItemsFailed` naming every failed item once all have run, or the plan's error.
    public func exportAll(
        batchID: String, batchDate: CalendarDate, tables: Set<String>? = nil
    ) async throws(StatesError) -> JSONValue {
        var plan = try await Self.mapped("plan") { try await self.plan(batchID: batchID, batchDate: batchDate) }
        if let tables { plan.items.removeAll { !tables.contains($0.item.table.name) } }
        let work = plan.items.flatMap { planned in planned.chunks.map { (planned.item, $0) } }
        let outcomes = await Self.forEach(work, concurrency: environment.concurrency) { item, chunk in
            await Self.attempt(ItemReference(item, batchDate: batchDate), step: "export", observe: environment.observe) {
                try await self.export(item, batchDate: batchDate, chunk: chunk)
            }
        }
        return try Self.batchSummary(plan: plan, outcomes: outcomes, step: "export")
    }

    /// What the original design's load Lambda did: load every item of the batch, up to
    /// ``PipelineEnvironment/concurrency`` at once. One item's failure does not stop the others.
    ///
    /// - Parameters:
    ///   - batchID: The batch id.
    ///   - batchDate: The batch date.
    ///   - tables: Only these table entries (default: all).
    /// - Returns: `{"batchId", "batchDate", "items", "rows", "results": [...]}`.
    /// - Throws: `Ferry.ItemsFailed` naming every failed item once all have run, or the plan's error.
    public func loadAll(
        batchID: String, batchDate: CalendarDate, tables: Set<String>? = nil
    ) async throws(StatesError) -> JSONValue {
        var plan = try await Self.mapped("plan") {
            try await self.withCatalog { try await $0.workItems(batchDate: batchDate, batchID: batchID) }
        }
        if let tables { plan.items.removeAll { !tables.contains($0.table.name) } }
        let outcomes = await Self.forEach(plan.items, concurrency: environment.concurrency) { item in
            await Self.attempt(ItemReference(item, batchDate: batchDate), step: "load", observe: environment.observe) {
                try await self.load(item, batchDate: batchDate, deferSwap: false)
            }
        }
        let planned = Plan(
            batchID: batchID, batchDate: batchDate, items: plan.items.map { PlannedItem(item: $0, chunks: [.whole]) },
            problems: plan.problems)
        return try Self.batchSummary(plan: planned, outcomes: outcomes, step: "load")
    }

    /// Runs one step of one item, turning a failure into its StatesError (and a progress event).
    static func attempt(
        _ reference: ItemReference, step: String, observe: @Sendable (PipelineEvent) -> Void,
        _ body: () async throws -> JSONValue
    ) async -> Result<JSONValue, StatesError> {
        do {
            return .success(try await body())
        } catch {
            let failure = statesError(error, context: "\(reference.label): \(step)")
            observe(.failed(company: reference.company, table: reference.table, step: step, message: failure.cause))
            return .failure(failure)
        }
    }

    /// Runs `body`, mapping its error to a StatesError.
    static func mapped<R>(_ step: String, _ body: () async throws -> R) async throws(StatesError) -> R {
        do {
            return try await body()
        } catch {
            throw statesError(error, context: step)
        }
    }

    /// The output of an `-all` task, or `Ferry.ItemsFailed` when any item failed.
    static func batchSummary(
        plan: Plan, outcomes: [Result<JSONValue, StatesError>], step: String
    ) throws(StatesError) -> JSONValue {
        var results: [JSONValue] = []
        var failures: [String] = []
        var rows = 0
        var bytes = 0
        for outcome in outcomes {
            switch outcome {
            case .success(let value):
                results.append(value)
                rows += value["rows"]?.intValue ?? 0
                bytes += value["bytes"]?.intValue ?? 0
            case .failure(let error):
                failures.append(error.cause)
            }
        }
        if !failures.isEmpty {
            throw StatesError(
                error: "Ferry.ItemsFailed",
                cause: "\(failures.count) of \(outcomes.count) \(step)s failed: " + failures.joined(separator: "; "))
        }
        var summary = plan.jsonValue.objectValue ?? [:]
        summary["items"] = .integer(plan.items.count)
        summary["rows"] = .integer(rows)
        if step == "export" { summary["bytes"] = .integer(bytes) }
        summary["results"] = .array(results)
        return .object(summary)
    }

    /// Runs `body` over `elements` with at most `concurrency` at once; results in `elements`' order.
    static func forEach<T: Sendable, R: Sendable>(
        _ elements: [T], concurrency: Int, _ body: @escaping @Sendable (T) async -> R
    ) async -> [R] {
        await withTaskGroup(of: (Int, R).self) { group in
            var results = [R?](repeating: nil, count: elements.count)
            var next = 0
            for _ in 0..<min(concurrency, elements.count) {
                let index = next
                group.addTask { (index, await body(elements[index])) }
                next += 1
            }
            while let (index, result) = await group.next() {
                results[index] = result
                if next < elements.count {
                    let index = next
                    group.addTask { (index, await body(elements[index])) }
                    next += 1
                }
            }
            return results.map { $0! }
        }
    }

    /// The Step Functions error for a failure: `Ferry.<Kind>` with a one-line cause prefixed by `context`.
    ///
    /// Lost or refused database connections, deadlocks and serialization failures are `Ferry.TransientError`:
    /// worth a Retry. Object-store failures are
    /// `Ferry.ObjectStoreError`, raised after the store's own retries with back-off (S3: 5 attempts), so a Retry on
    /// them mostly waits longer. The others (`Ferry.CatalogError`, `Ferry.SQLError`, `Ferry.TransferError`,
    /// `Ferry.CSVError`, `Ferry.InvalidInput`) fail again the same way. Note that in a Retry or Catch,
    /// `States.TaskFailed` matches every one of them.
    public static func statesError(_ error: any Error, context: String) -> StatesError {
        if let error = error as? StatesError { return error }
        let name: String
        switch error {
        case let error as SQLError:
            let transient =
                [.connectionFailed, .connectionLost, .closed].contains(error.code)
                || error.sqlState == "40001" || error.sqlState == "40P01"
            name = transient ? "Ferry.TransientError" : "Ferry.SQLError"
        case is ObjectStoreError, is S3Error: name = "Ferry.ObjectStoreError"
        case is CatalogError: name = "Ferry.CatalogError"
        case is TransferError: name = "Ferry.TransferError"
        case is CSVError: name = "Ferry.CSVError"
        case is PipelineError: name = "Ferry.InvalidInput"
        case is CancellationError: name = "Ferry.Cancelled"
        default: name = "States.TaskFailed"
        }
        let text = String(String(describing: error).map { $0 == "\n" || $0 == "\r" ? " " : $0 })
        return StatesError(error: name, cause: context + ": " + text)
    }
}
