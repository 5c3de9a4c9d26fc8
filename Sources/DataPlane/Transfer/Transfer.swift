internal import Crypto
internal import Synchronization
#if canImport(FoundationEssentials)
public import FoundationEssentials
#else
public import Foundation
#endif
public import Logging

/// Ad-hoc data moves between a database and a CSV object: ``extract(query:from:to:key:compression:now:logger:)``
/// writes a query's rows to an object plus its manifest, and ``load(from:key:into:options:objectLabel:connect:logger:)``
/// verifies an object against its manifest and loads it into a table through a staging table.
///
/// Both are connector-agnostic: they work through ``SQLConnection`` and ``ObjectStore`` only, so any database and
/// store Ferry supports can be on either side (MySQL/MariaDB, SQLite, and PostgreSQL when its connector exists;
/// a local folder or S3).
///
/// ```swift
/// let store = try LocalObjectStore(root: "/var/exports")
/// let key = try ObjectKey("orders.csv")
/// try await withSQLConnection(url: "mysql://ferry:pw@db/app") { source in
///     _ = try await Transfer.extract(query: NamedQuery("SELECT * FROM orders"), from: source, to: store, key: key)
/// }
/// _ = try await Transfer.load(
///     from: store, key: key, into: "orders", options: .init(mode: .replace),
///     connect: { try await makeSQLConnection(url: "sqlite:///var/reports.db") })
/// ```
///
/// Memory stays flat: rows stream from the server-side cursor through the CSV encoder into the store's streaming
/// put, and back from the store's streaming get into the database's bulk path, with no temporary files.
///
/// Logging: both operations log at debug level only, with constant messages and `transfer.*` metadata (object
/// key, table, mode, row count). Row data and secrets are never logged.
public enum Transfer {
    /// A logger that discards everything, the default for both operations.
    public static let silentLogger = Logger(label: "ferry.transfer", factory: { _ in SwiftLogNoOpLogHandler() })

    /// What an extract wrote.
    public struct ExtractResult: Sendable, Hashable {
        /// The object's key.
        public var key: ObjectKey
        /// The manifest's key (`<key>.manifest.json`).
        public var manifestKey: ObjectKey
        /// The manifest that was written.
        public var manifest: TransferManifest

        /// Creates a result.
        ///
        /// - Parameters:
        ///   - key: The object's key.
        ///   - manifestKey: The manifest's key.
        ///   - manifest: The manifest written.
        public init(key: ObjectKey, manifestKey: ObjectKey, manifest: TransferManifest) {
            self.key = key
            self.manifestKey = manifestKey
            self.manifest = manifest
        }
    }

    /// Streams a query's rows into a CSV object with a header row, then writes the object's manifest.
    ///
    /// Order of writes: any existing manifest for the key is deleted first, then the object is written (atomically,
    /// by the store), then the manifest. A manifest therefore always describes a complete object; an extract that
    /// fails leaves no manifest (and the store's put leaves no partial object).
    ///
    /// - Parameters:
    ///   - query: The query and its named parameters (see ``NamedQuery``).
    ///   - connection: The source connection; it streams the rows (server-side cursor).
    ///   - store: Where to write the object.
    ///   - key: The object's key.
    ///   - compression: ``CSVCompression/none`` (default) or gzip; the manifest records it.
    ///   - columnNames: New names for result columns by zero-based position, for the header and the manifest
    ///     (default: none; the query's own names).
    ///   - now: The clock for the manifest's `created` time.
    ///   - logger: Debug logging (default: none).
    /// - Returns: The keys and the manifest written.
    /// - Throws: ``TransferError`` (parameters, duplicate column names), ``SQLError``, ``CSVError``,
    ///   ``ObjectStoreError``, ``S3Error`` or `CancellationError`.
    public static func extract(
        query: NamedQuery, from connection: any SQLConnection, to store: any ObjectStore, key: ObjectKey,
        compression: CSVCompression = .none, columnNames: [Int: String] = [:], now: @Sendable () -> Date = { Date() },
        logger: Logger = Transfer.silentLogger
    ) async throws -> ExtractResult {
        let (sql, values) = try query.positional(for: connection.dialect)
        let manifestKey = try TransferManifest.key(for: key)
        var logger = logger
        logger[metadataKey: "transfer.object.key"] = "\(key)"
        logger.debug("transfer.extract.start")
        try await store.delete(manifestKey)
        let counter = RowCounter()
        let (put, columns) = try await connection.query(sql, parameters: values) { rows in
            let columns = try headerColumns(rows.columns, renamedBy: columnNames)
            let chunks = ExtractChunks(
                rows: rows, columns: columns, configuration: CSVEncoder.Configuration(compression: compression),
                counter: counter)
            return (try await store.put(key, from: chunks), columns)
        }
        let manifest = TransferManifest(
            objectName: key.segments.last.map(String.init) ?? key.rawValue, compression: compression,
            rowCount: counter.value, byteCount: put.size, sha256: put.sha256, columns: columns, created: now(),
            source: connection.redactedURL, querySHA256: sha256Hex(Array(query.text.utf8)))
        _ = try await store.put(manifestKey, from: OneChunk(bytes: manifest.encoded()))
        logger.debug(
            "transfer.extract.done",
            metadata: ["transfer.rows": "\(manifest.rowCount)", "transfer.bytes": "\(manifest.byteCount)"])
        return ExtractResult(key: key, manifestKey: manifestKey, manifest: manifest)
    }

    /// Computes what ``extract(query:from:to:key:compression:columnNames:now:logger:)`` would write, without
    /// writing it: the row count and the SHA-256 of the object's bytes. Comparing it with a manifest's `sha256`
    /// tells whether the source changed since that extract (gzip output is deterministic for equal input).
    ///
    /// - Parameters:
    ///   - query: The query and its named parameters.
    ///   - connection: The source connection.
    ///   - compression: As for the extract being compared with.
    ///   - columnNames: As for the extract being compared with.
    /// - Returns: The row count and the lower-case hex SHA-256.
    /// - Throws: As ``extract(query:from:to:key:compression:columnNames:now:logger:)`` does, minus the store's errors.
    public static func fingerprint(
        query: NamedQuery, from connection: any SQLConnection, compression: CSVCompression = .none,
        columnNames: [Int: String] = [:]
    ) async throws -> (rowCount: Int, sha256: String) {
        let (sql, values) = try query.positional(for: connection.dialect)
        let counter = RowCounter()
        let digest = try await connection.query(sql, parameters: values) { rows in
            let chunks = ExtractChunks(
                rows: rows, columns: try headerColumns(rows.columns, renamedBy: columnNames),
                configuration: CSVEncoder.Configuration(compression: compression), counter: counter)
            var hasher = SHA256()
            for try await chunk in chunks { hasher.update(data: chunk) }
            return hasher.finalize()
        }
        return (counter.value, hex(digest))
    }

    /// The result's columns as the CSV header names them: renamed by position, then checked (non-empty, unique).
    private static func headerColumns(
        _ columns: [SQLColumn], renamedBy columnNames: [Int: String]
    ) throws(TransferError) -> [SQLColumn] {
        var columns = columns
        for (index, name) in columnNames.sorted(by: { $0.key < $1.key }) {
            guard columns.indices.contains(index) else {
                throw TransferError(
                    code: .invalidParameter, subject: "query",
                    reason: "column \(index + 1) is to be named \"\(name)\", but the query returns \(columns.count) "
                        + "column(s)")
            }
            columns[index].name = name
        }
        try checkColumnNames(columns)
        return columns
    }

    private static func checkColumnNames(_ columns: [SQLColumn]) throws(TransferError) {
        var seen: Set<String> = []
        for column in columns {
            if column.name.isEmpty || column.name.utf8.contains(0) {
                throw TransferError(
                    code: .invalidParameter, subject: "query",
                    reason: "a result column has an empty name; give every expression an alias (AS name)")
            }
            if !seen.insert(column.name.lowercased()).inserted {
                throw TransferError(
                    code: .invalidParameter, subject: "query",
                    reason: "the result has two columns named \"\(column.name)\"; alias them (AS name) so the CSV "
                        + "header names each column once")
            }
        }
    }

    static func sha256Hex(_ bytes: [UInt8]) -> String { hex(SHA256.hash(data: bytes)) }

    /// Bytes as lower-case hex.
    static func hex(_ bytes: some Sequence<UInt8>) -> String {
        bytes.map { byte in
            let text = String(byte, radix: 16)
            return byte < 16 ? "0" + text : text
        }.joined()
    }
}

/// Counts the rows an extract wrote; read after the put has consumed the stream.
final class RowCounter: Sendable {
    private let count = Mutex(0)
    var value: Int { count.withLock { $0 } }
    func set(_ value: Int) { count.withLock { $0 = value } }
}

/// A query's rows as CSV chunks of about 1 MiB, recording the row count when the stream ends.
struct ExtractChunks: AsyncSequence {
    typealias Element = [UInt8]
    typealias Failure = any Error

    let rows: SQLRowSequence
    /// The columns as the header names them (the result's, possibly renamed).
    let columns: [SQLColumn]
    let configuration: CSVEncoder.Configuration
    let counter: RowCounter
    var chunkSize = 1 << 20

    struct AsyncIterator: AsyncIteratorProtocol {
        var batches: SQLRowSequence.AsyncIterator
        var writer: SQLCSVWriter
        let counter: RowCounter
        let chunkSize: Int
        var state = 0  // 0: header not written, 1: streaming, 2: finished

        mutating func next() async throws -> [UInt8]? {
            if state == 2 { return nil }
            if state == 0 {
                try writer.writeHeader()
                state = 1
            }
            while writer.bufferedByteCount < chunkSize {
                guard let batch = try await batches.next() else {
                    state = 2
                    let tail = try writer.finish()
                    counter.set(writer.rowCount)
                    return tail
                }
                try writer.write(batch)
            }
            return writer.takeOutput()
        }
    }

    func makeAsyncIterator() -> AsyncIterator {
        AsyncIterator(
            batches: rows.makeAsyncIterator(), writer: SQLCSVWriter(columns: columns, configuration: configuration),
            counter: counter, chunkSize: chunkSize)
    }
}

/// A byte array as a one-chunk async sequence.
struct OneChunk: AsyncSequence, Sendable {
    typealias Element = [UInt8]
    typealias Failure = Never
    let bytes: [UInt8]

    struct AsyncIterator: AsyncIteratorProtocol {
        var bytes: [UInt8]?
        mutating func next() async -> [UInt8]? {
            defer { bytes = nil }
            return bytes
        }
    }

    func makeAsyncIterator() -> AsyncIterator { AsyncIterator(bytes: bytes) }
}
