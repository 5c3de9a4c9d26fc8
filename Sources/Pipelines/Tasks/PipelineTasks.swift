import JSONValue
public import StatesEngine
import StatesLanguage

/// The built-in `ferry:*` task resources, as Task state handlers.
///
/// | resource | input | does |
/// |---|---|---|
/// | `ferry:plan` | `{"batchId"?, "batchDate"?}` | lists the batch's items with their chunks (``Pipeline/plan(batchID:batchDate:)``) |
/// | `ferry:export` | an item (`company`, `table`, `batchId`, `batchDate`), `chunk`? | ``Pipeline/export(_:chunk:)`` |
/// | `ferry:load` | an item, `deferSwap`? | ``Pipeline/load(_:deferSwap:)`` |
/// | `ferry:detect` | an item | ``Pipeline/detect(_:)`` |
/// | `ferry:swap` | an item, `rollback`? | ``Pipeline/swap(_:rollback:)`` |
/// | `ferry:export-all` | `{"batchId"?, "batchDate"?, "tables"?}` | ``Pipeline/exportAll(batchID:batchDate:)`` |
/// | `ferry:load-all` | `{"batchId"?, "batchDate"?, "tables"?}` | ``Pipeline/loadAll(batchID:batchDate:)`` |
///
/// An item's fields may sit at the top of the input or under `"item"`. The batch id defaults to the execution's
/// name (`$$.Execution.Name`) and the batch date to today (UTC), so a state without `Parameters` works, and a
/// retried or resumed task re-runs the same batch.
public enum PipelineTasks {
    /// The built-in resources.
    public static let resources = [
        "ferry:plan", "ferry:export", "ferry:load", "ferry:detect", "ferry:swap", "ferry:export-all", "ferry:load-all",
    ]

    /// Registers every built-in resource.
    ///
    /// - Parameters:
    ///   - registry: The registry to add to.
    ///   - pipeline: The pipeline the tasks run on.
    public static func register(into registry: inout TaskRegistry, pipeline: Pipeline) {
        for resource in resources { registry.register(resource, BuiltInTask(resource: resource, pipeline: pipeline)) }
    }

    /// The handler for a built-in resource, or nil when `resource` is not one.
    ///
    /// - Parameters:
    ///   - resource: A resource such as `ferry:export`.
    ///   - pipeline: The pipeline the task runs on.
    /// - Returns: The handler.
    public static func handler(for resource: String, pipeline: Pipeline) -> (any TaskHandler)? {
        resources.contains(resource) ? BuiltInTask(resource: resource, pipeline: pipeline) : nil
    }
}

/// One built-in resource bound to a pipeline.
struct BuiltInTask: TaskHandler {
    let resource: String
    let pipeline: Pipeline

    func invoke(_ request: TaskRequest) async throws(StatesError) -> JSONValue {
        let input = request.input
        let batchID = try Self.string(input, "batchId") ?? request.context["Execution"]?["Name"]?.stringValue ?? "batch"
        let batchDate = try Self.date(input) ?? pipeline.environment.today()
        do {
            try Pipeline.checkBatchID(batchID)
        } catch {
            throw StatesError(error: "Ferry.InvalidInput", cause: "\(resource): \(error)")
        }
        switch resource {
        case "ferry:plan":
            return try await Pipeline.mapped(resource) {
                try await pipeline.plan(batchID: batchID, batchDate: batchDate).jsonValue
            }
        case "ferry:export-all":
            return try await pipeline.exportAll(batchID: batchID, batchDate: batchDate, tables: try Self.tables(input))
        case "ferry:load-all":
            return try await pipeline.loadAll(batchID: batchID, batchDate: batchDate, tables: try Self.tables(input))
        default:
            break
        }
        guard let company = try Self.string(input, "company"), let table = try Self.string(input, "table") else {
            throw StatesError(
                error: "Ferry.InvalidInput",
                cause: "\(resource) needs an item: {\"company\": alias, \"table\": name} (an element of ferry:plan's "
                    + "\"items\"), at the top of the input or under \"item\"")
        }
        let reference = ItemReference(company: company, table: table, batchID: batchID, batchDate: batchDate)
        let step = String(resource.dropFirst("ferry:".count))
        let result = await Pipeline.attempt(reference, step: step, observe: pipeline.environment.observe) {
            switch resource {
            case "ferry:export": try await pipeline.export(reference, chunk: try Self.chunk(input))
            case "ferry:load": try await pipeline.load(reference, deferSwap: Self.field(input, "deferSwap")?.boolValue ?? false)
            case "ferry:swap": try await pipeline.swap(reference, rollback: Self.field(input, "rollback")?.boolValue ?? false)
            default: try await pipeline.detect(reference)
            }
        }
        return try result.get()
    }

    /// A field of the input, or of its `"item"` object.
    static func field(_ input: JSONValue, _ name: String) -> JSONValue? {
        input[name] ?? input["item"]?[name]
    }

    static func string(_ input: JSONValue, _ name: String) throws(StatesError) -> String? {
        guard let value = field(input, name) else { return nil }
        guard let text = value.stringValue else {
            throw StatesError(error: "Ferry.InvalidInput", cause: "\"\(name)\" must be a string, not \(value.serialized())")
        }
        return text
    }

    static func date(_ input: JSONValue) throws(StatesError) -> CalendarDate? {
        guard let text = try string(input, "batchDate") else { return nil }
        guard let date = CalendarDate(text) else {
            throw StatesError(error: "Ferry.InvalidInput", cause: "\"batchDate\" must be YYYY-MM-DD, not \"\(text.prefix(40))\"")
        }
        return date
    }

    /// `"tables": [name, ...]`, or nil for every table.
    static func tables(_ input: JSONValue) throws(StatesError) -> Set<String>? {
        guard let value = input["tables"], value != .null else { return nil }
        guard case .array(let names) = value, let list = Optional(names.compactMap(\.stringValue)), list.count == names.count
        else {
            throw StatesError(error: "Ferry.InvalidInput", cause: "\"tables\" must be an array of table entry names")
        }
        return Set(list)
    }

    /// `"chunk": {"part", "of", "from"?, "to"?}`, or the whole table.
    static func chunk(_ input: JSONValue) throws -> ExportChunk {
        guard let value = input["chunk"], value != .null else { return .whole }
        guard let part = value["part"]?.intValue, let count = value["of"]?.intValue, (0..<count).contains(part) else {
            throw PipelineError("\"chunk\" must be {\"part\": N, \"of\": M, \"from\"?, \"to\"?} with 0 <= N < M, as ferry:plan lists it")
        }
        return ExportChunk(
            part: part, count: count, lower: value["from"]?.intValue.map(Int64.init),
            upper: value["to"]?.intValue.map(Int64.init))
    }
}
