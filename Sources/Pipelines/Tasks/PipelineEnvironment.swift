public import DataPlane
public import Logging

/// What the pipeline reports while it works: one event per finished part, load, or failure (for progress lines).
public enum PipelineEvent: Sendable, Hashable {
    /// A part of an item was written to the object store.
    case exported(company: String, table: String, part: Int, parts: Int, rows: Int, bytes: Int64, seconds: Double)
    /// An item was loaded into its target table.
    case loaded(company: String, table: String, rows: Int, mode: String, seconds: Double)
    /// A step of an item failed.
    case failed(company: String, table: String, step: String, message: String)
}

/// Where the built-in tasks read and write: the catalog, the production database, the reporting server and the
/// object store, with the settings that shape the objects.
public struct PipelineEnvironment: Sendable {
    /// The catalog (admin database) URL.
    public var catalogURL: String
    /// The production database URL: every SELECT runs here.
    public var sourceURL: String
    /// The reporting server URL; each company's database on it is named by the catalog (see ``TargetDatabase``).
    public var targetURL: String
    /// The object store the CSV objects go through.
    public var store: any ObjectStore
    /// Whether objects are gzip-compressed.
    public var compression: CSVCompression
    /// How many items `ferry:export-all` and `ferry:load-all` run at once.
    public var concurrency: Int
    /// Where the tasks log (never secrets: URLs are logged redacted).
    public var logger: Logger
    /// Receives progress events; called concurrently from the tasks.
    public var observe: @Sendable (PipelineEvent) -> Void
    /// Today's date, for a batch that names none.
    public var today: @Sendable () -> CalendarDate

    /// Creates an environment.
    ///
    /// - Parameters:
    ///   - catalogURL: The catalog URL.
    ///   - sourceURL: The production database URL.
    ///   - targetURL: The reporting server URL.
    ///   - store: The object store.
    ///   - compression: Object compression (default none).
    ///   - concurrency: Items at once in the `-all` tasks (default 4).
    ///   - logger: The logger (default: none).
    ///   - observe: Progress events (default: ignored).
    ///   - today: Today's date (default: the UTC date).
    public init(
        catalogURL: String, sourceURL: String, targetURL: String, store: any ObjectStore,
        compression: CSVCompression = .none, concurrency: Int = 4, logger: Logger = Transfer.silentLogger,
        observe: @escaping @Sendable (PipelineEvent) -> Void = { _ in },
        today: @escaping @Sendable () -> CalendarDate = { CalendarDate.today() }
    ) {
        self.catalogURL = catalogURL
        self.sourceURL = sourceURL
        self.targetURL = targetURL
        self.store = store
        self.compression = compression
        self.concurrency = max(1, concurrency)
        self.logger = logger
        self.observe = observe
        self.today = today
    }
}
