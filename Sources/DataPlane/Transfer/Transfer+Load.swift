public import Logging

extension Transfer {
    /// How a load changes the target table once the object is staged and verified.
    public struct WriteMode: Sendable, Hashable, CustomStringConvertible {
        enum Base: Sendable, Hashable {
            case replace, truncate, append, merge
        }

        let base: Base
        /// The key columns of a merge (empty for the other modes).
        public let keyColumns: [String]

        private init(_ base: Base, keyColumns: [String] = []) {
            self.base = base
            self.keyColumns = keyColumns
        }

        /// Swap the staging table in for the target atomically (MySQL: one `RENAME TABLE`; PostgreSQL and
        /// SQLite: renames in one transaction). Readers see the old table or the new one, never a mix. The new
        /// table keeps the target's index (and key constraint) names.
        public static let replace = WriteMode(.replace)
        /// Delete every row of the target and insert the staged rows, in one transaction.
        public static let truncate = WriteMode(.truncate)
        /// Insert the staged rows into the target (one statement).
        public static let append = WriteMode(.append)

        /// Upsert the staged rows on the key columns: insert new keys, update the other columns of existing keys
        /// (MySQL `INSERT … SELECT … ON DUPLICATE KEY UPDATE`; PostgreSQL/SQLite `INSERT … ON CONFLICT … DO
        /// UPDATE`). The target needs a primary key or unique index on exactly these columns.
        ///
        /// - Parameter key: The key columns (at least one).
        /// - Returns: The mode.
        public static func merge(key: [String]) -> WriteMode { WriteMode(.merge, keyColumns: key) }

        /// `replace`, `truncate`, `append` or `merge`.
        public var name: String {
            switch base {
            case .replace: "replace"
            case .truncate: "truncate"
            case .append: "append"
            case .merge: "merge"
            }
        }

        /// The mode's name, with the key columns for a merge (`merge(id,day)`).
        public var description: String {
            base == .merge ? "merge(\(keyColumns.joined(separator: ",")))" : name
        }
    }

    /// Settings for ``Transfer/load(from:key:into:options:objectLabel:connect:logger:)``.
    public struct LoadOptions: Sendable, Hashable {
        /// How to change the target (default ``WriteMode/replace``).
        public var mode: WriteMode
        /// Whether to create a missing target table from the manifest's columns (default `false`: a missing
        /// target is an error). The table is created by renaming the loaded staging table, so it appears complete.
        public var createsTable: Bool
        /// Whether to accept a load that the database reported warnings for (MySQL `LOAD DATA` converts bad values
        /// with warnings). Default `false`: any warning refuses the load and leaves the target unchanged.
        public var allowsWarnings: Bool

        /// Creates options.
        ///
        /// - Parameters:
        ///   - mode: The write mode (default replace).
        ///   - createsTable: Create a missing target (default `false`).
        ///   - allowsWarnings: Accept load warnings (default `false`).
        public init(mode: WriteMode = .replace, createsTable: Bool = false, allowsWarnings: Bool = false) {
            self.mode = mode
            self.createsTable = createsTable
            self.allowsWarnings = allowsWarnings
        }
    }

    /// What a load did.
    public struct LoadResult: Sendable, Hashable {
        /// The target table.
        public var table: String
        /// The write mode applied.
        public var mode: WriteMode
        /// The rows loaded from the object (the manifest's row count, confirmed by the database).
        public var rowCount: Int
        /// The warnings the database reported while loading the staging table.
        public var warningCount: Int
        /// Whether the target table was created by this load.
        public var createdTable: Bool
        /// Tables the load could not drop afterwards (the previous table of a replace); safe to drop by hand.
        public var leftoverTables: [String]
        /// The object's manifest (the first part's, for a load of several parts).
        public var manifest: TransferManifest
        /// Every part's manifest, in load order (one element for a single object).
        public var parts: [TransferManifest]

        /// Creates a result.
        ///
        /// - Parameters:
        ///   - table: The target table.
        ///   - mode: The write mode applied.
        ///   - rowCount: Rows loaded.
        ///   - warningCount: Load warnings.
        ///   - createdTable: Whether the table was created.
        ///   - leftoverTables: Tables left behind.
        ///   - manifest: The object's manifest.
        ///   - parts: Every part's manifest (default: just `manifest`).
        public init(
            table: String, mode: WriteMode, rowCount: Int, warningCount: Int, createdTable: Bool,
            leftoverTables: [String], manifest: TransferManifest, parts: [TransferManifest]? = nil
        ) {
            self.table = table
            self.mode = mode
            self.rowCount = rowCount
            self.warningCount = warningCount
            self.createdTable = createdTable
            self.leftoverTables = leftoverTables
            self.manifest = manifest
            self.parts = parts ?? [manifest]
        }
    }

    /// Reads and parses an object's manifest.
    ///
    /// - Parameters:
    ///   - store: The store holding the object.
    ///   - key: The object's key (not the manifest's).
    ///   - objectLabel: How to name the object in errors (default: its key).
    /// - Returns: The manifest.
    /// - Throws: ``TransferError`` (``TransferError/Code/manifestMissing``, ``TransferError/Code/invalidManifest``),
    ///   ``ObjectStoreError`` or ``S3Error``.
    public static func readManifest(
        from store: any ObjectStore, key: ObjectKey, objectLabel: String? = nil
    ) async throws -> TransferManifest {
        let label = objectLabel ?? key.rawValue
        let manifestKey = try TransferManifest.key(for: key)
        var bytes: [UInt8] = []
        do {
            for try await chunk in try await store.get(manifestKey) {
                bytes += chunk
                if bytes.count > TransferManifest.maximumSize {
                    throw TransferError(
                        code: .invalidManifest, subject: label + TransferManifest.keySuffix,
                        reason: "the manifest is larger than \(TransferManifest.maximumSize >> 20) MiB; it is not a "
                            + "Ferry manifest")
                }
            }
        } catch let error as ObjectStoreError where error.code == .notFound {
            let objectExists = (try? await store.head(key)) != nil
            throw TransferError(
                code: .manifestMissing, subject: label,
                reason: objectExists
                    ? "the object has no manifest (\(key.segments.last ?? "")\(TransferManifest.keySuffix) next to "
                        + "it), so it cannot be verified; refused. Write objects with ferry extract, which adds one"
                    : "no such object (and no manifest); check the URL, or run ferry extract first")
        }
        return try TransferManifest(decoding: bytes, subject: label + TransferManifest.keySuffix)
    }

    /// Verifies an object against its manifest and loads it into a table through a staging table.
    ///
    /// Steps:
    /// 1. Read the manifest (``readManifest(from:key:objectLabel:)``) and compare the object's size with it.
    /// 2. Take the server lock that marks this load's scratch tables as in use, drop the ones earlier loads into
    ///    the table left behind when they were killed (see ``LoadScratch``), and create a uniquely named staging
    ///    table (`<table>__ferry_staging_<random>`) like the target (MySQL
    ///    `CREATE TABLE … LIKE`, PostgreSQL `LIKE … INCLUDING ALL`, SQLite the target's own `CREATE TABLE` text),
    ///    or from the manifest's columns with ``SQLTypeMap`` when the target is missing and
    ///    ``LoadOptions/createsTable`` is set.
    /// 3. Bulk-load the object into it, checking size and SHA-256 while streaming (gzip is decompressed on the
    ///    way); a mismatch fails the bulk load itself. Then check the database's row count against the manifest
    ///    and refuse warnings unless ``LoadOptions/allowsWarnings``.
    /// 4. Only then apply the ``WriteMode``.
    /// 5. Drop the staging table, whatever happened (on a fresh connection if the old one broke).
    ///
    /// Any failure before step 4 leaves the target untouched; step 4 is one atomic statement or one transaction, so
    /// a failure there leaves it as it was too.
    ///
    /// - Parameters:
    ///   - store: The store holding the object.
    ///   - key: The object's key.
    ///   - table: The target table's name (unqualified; it is quoted for you).
    ///   - options: Write mode and settings.
    ///   - objectLabel: How to name the object in errors, such as its redacted URL (default: its key).
    ///   - connect: Opens a connection to the target database; called once, and again only to clean up after a
    ///     connection broke. Connections it returns are closed by the load.
    ///   - logger: Debug logging, and a warning per dropped leftover staging table (default: none).
    /// - Returns: What was loaded.
    /// - Throws: ``TransferError``, ``SQLError``, ``CSVError``, ``ObjectStoreError``, ``S3Error`` or
    ///   `CancellationError`.
    public static func load(
        from store: any ObjectStore, key: ObjectKey, into table: String, options: LoadOptions = LoadOptions(),
        objectLabel: String? = nil, connect: @escaping @Sendable () async throws -> any SQLConnection,
        logger: Logger = Transfer.silentLogger
    ) async throws -> LoadResult {
        try await load(
            from: store, parts: [key], into: table, options: options, objectLabels: objectLabel.map { [$0] },
            connect: connect, logger: logger)
    }

    /// Verifies several objects (the parts of one extract, such as key-range chunks) against their manifests and
    /// loads them all into one staging table, then applies the write mode once: the target sees every part or none.
    ///
    /// The steps are those of ``load(from:key:into:options:objectLabel:connect:logger:)``, with step 1 done for
    /// every part before anything is created, and step 3 repeated per part. The parts must have the same columns.
    ///
    /// - Parameters:
    ///   - store: The store holding the objects.
    ///   - parts: The objects' keys (at least one), loaded in this order.
    ///   - table: The target table's name (unqualified; it is quoted for you).
    ///   - options: Write mode and settings.
    ///   - objectLabels: How to name each object in errors (default: its key).
    ///   - connect: Opens a connection to the target database (see the single-object load).
    ///   - logger: Debug logging, and a warning per dropped leftover staging table (default: none).
    /// - Returns: What was loaded; ``LoadResult/parts`` lists each part's manifest.
    /// - Throws: ``TransferError``, ``SQLError``, ``CSVError``, ``ObjectStoreError``, ``S3Error`` or
    ///   `CancellationError`.
    public static func load(
        from store: any ObjectStore, parts: [ObjectKey], into table: String, options: LoadOptions = LoadOptions(),
        objectLabels: [String]? = nil, connect: @escaping @Sendable () async throws -> any SQLConnection,
        logger: Logger = Transfer.silentLogger
    ) async throws -> LoadResult {
        guard let firstKey = parts.first else {
            throw TransferError(code: .invalidTarget, subject: "load", reason: "no objects to load")
        }
        let labels = objectLabels ?? parts.map(\.rawValue)
        precondition(labels.count == parts.count, "Transfer.load: one label per part")
        var logger = logger
        logger[metadataKey: "transfer.object.key"] = "\(firstKey)"
        logger[metadataKey: "db.table"] = "\(table)"
        logger[metadataKey: "transfer.mode"] = "\(options.mode)"
        guard !table.isEmpty, !table.utf8.contains(0) else {
            throw TransferError(code: .invalidTarget, subject: "table", reason: "the table name is empty or contains NUL")
        }
        var manifests: [TransferManifest] = []
        for (key, label) in zip(parts, labels) {
            let manifest = try await readManifest(from: store, key: key, objectLabel: label)
            guard let info = try await store.head(key) else {
                throw TransferError(
                    code: .manifestMissing, subject: label,
                    reason: "the manifest exists but the object does not; re-run the extract")
            }
            if info.size != manifest.byteCount {
                throw TransferError(
                    code: .sizeMismatch, subject: label,
                    reason: "the object has \(info.size) bytes but its manifest lists \(manifest.byteCount); it was "
                        + "changed after the extract. Refused; re-run the extract")
            }
            if let first = manifests.first, first.columns.map(\.name) != manifest.columns.map(\.name) {
                throw TransferError(
                    code: .invalidManifest, subject: label,
                    reason: "its columns (\(manifest.columns.map(\.name).joined(separator: ", "))) differ from those of "
                        + "\(labels[0]) (\(first.columns.map(\.name).joined(separator: ", "))); the parts of one "
                        + "load must come from one query. Re-run the extract")
            }
            manifests.append(manifest)
        }
        let manifest = manifests[0]
        let label = labels[0]
        if options.mode.base == .merge && options.mode.keyColumns.isEmpty {
            throw TransferError(
                code: .invalidTarget, subject: "merge", reason: "a merge needs key columns (--key COL,...)")
        }
        let manifestColumns = manifest.columns.map(\.name)
        for keyColumn in options.mode.keyColumns where !manifestColumns.contains(where: { $0.lowercased() == keyColumn.lowercased() }) {
            throw TransferError(
                code: .invalidTarget, subject: "--key \(keyColumn)",
                reason: "the object has no column \"\(keyColumn)\" (its columns: \(manifestColumns.joined(separator: ", ")))")
        }
        logger.debug("transfer.load.start", metadata: ["transfer.rows": "\(manifests.reduce(0) { $0 + $1.rowCount })"])

        var session = LoadSession(connection: try await connect(), connect: connect, logger: logger)
        let dialect = session.connection.dialect
        let scratch = LoadScratch(table: table)
        let staging = scratch.staging
        var stagingCreated = false
        do {
            let result = try await performLoad(
                session: &session, store: store, parts: parts.indices.map { (parts[$0], labels[$0], manifests[$0]) }, table: table,
                scratch: scratch, options: options, dialect: dialect, stagingCreated: &stagingCreated, logger: logger)
            if stagingCreated { await session.dropQuietly(staging) }
            await session.close()
            logger.debug("transfer.load.done", metadata: ["transfer.rows": "\(result.rowCount)"])
            return result
        } catch {
            logger.debug("transfer.load.failed", metadata: ["transfer.error": "\(String(describing: type(of: error)))"])
            if stagingCreated { await session.dropQuietly(staging) }
            await session.close()
            logger.debug("transfer.load.cleaned")
            throw error
        }
    }

    private static func performLoad(
        session: inout LoadSession, store: any ObjectStore, parts: [(ObjectKey, String, TransferManifest)],
        table: String, scratch: LoadScratch, options: LoadOptions, dialect: SQLDialect,
        stagingCreated: inout Bool, logger: Logger
    ) async throws -> LoadResult {
        let connection = session.connection
        let manifest = parts[0].2
        let q = dialect.quoteIdentifier
        let staging = scratch.staging
        guard try await scratch.claim(on: connection) else {
            throw TransferError(
                code: .invalidTarget, subject: "table \"\(table)\" on \(connection.redactedURL)",
                reason: "another load holds the lock of staging table \"\(staging)\"; run the load again")
        }
        do {
            for name in try await LoadScratch.dropAbandoned(of: table, on: connection) {
                logger.warning("dropped the staging table \"\(name)\" that an interrupted load left behind")
            }
        } catch {
            logger.warning("could not look for staging tables left by interrupted loads: \(error)")
        }
        let targetExists = try await connection.tableExists(table)
        var insertColumns: [String] = []
        if targetExists {
            let targetColumns = try await connection.columns(ofTable: table)
            insertColumns = try matchColumns(manifest.columns.map(\.name), to: targetColumns.map(\.name), table: table)
            if options.mode.base == .merge {
                let keys = try matchColumns(options.mode.keyColumns, to: targetColumns.map(\.name), table: table)
                if dialect == .mysql { try await TransferSQL.requireUniqueKey(keys, table: table, on: connection) }
            }
            let create = try await TransferSQL.createLikeSQL(staging: staging, target: table, on: connection)
            stagingCreated = true
            try await connection.execute(create)
        } else {
            guard options.createsTable else {
                throw TransferError(
                    code: .targetMissing, subject: "table \"\(table)\" on \(connection.redactedURL)",
                    reason: "the table does not exist; create it, or pass --create to create it from the manifest's "
                        + "columns")
            }
            insertColumns = manifest.columns.map(\.name)
            stagingCreated = true
            try await connection.execute(SQLTypeMap.createTableSQL(table: staging, for: manifest.columns, dialect: dialect))
        }

        // Load and verify, part by part.
        var rowCount = 0
        var warningCount = 0
        for (key, label, partManifest) in parts {
            let verification = VerifiedObjectChunks.Verification()
            let chunks = VerifiedObjectChunks(
                source: try await store.get(key), manifest: partManifest, subject: label, verification: verification)
            let loaded: SQLBulkLoadResult
            do {
                loaded = try await connection.bulkLoad(into: staging, csv: chunks)
            } catch {
                if let mismatch = verification.failure { throw mismatch }
                throw error
            }
            guard verification.isVerified else {
                throw verification.failure
                    ?? TransferError(
                        code: .checksumMismatch, subject: label,
                        reason: "the load ended before the whole object was read and verified; refused")
            }
            if loaded.rowCount != partManifest.rowCount {
                throw TransferError(
                    code: .rowCountMismatch, subject: "table \"\(table)\" on \(connection.redactedURL)",
                    reason: "the database loaded \(loaded.rowCount) rows of \(label) but its manifest lists "
                        + "\(partManifest.rowCount) (duplicate keys or rejected rows); the target was not changed")
            }
            if loaded.warningCount > 0 && !options.allowsWarnings {
                throw TransferError(
                    code: .loadWarnings, subject: "table \"\(table)\" on \(connection.redactedURL)",
                    reason: "the database reported \(loaded.warningCount) warning(s) while loading (values converted "
                        + "or truncated); the target was not changed. Check the column types, or pass --allow-warnings")
            }
            rowCount += loaded.rowCount
            warningCount += loaded.warningCount
        }

        // Apply.
        var leftovers: [String] = []
        let created = !targetExists
        if created {
            if options.mode.base == .merge {
                let index = TransferSQL.scratchName(for: table, tag: "key")
                try await connection.execute(
                    "CREATE UNIQUE INDEX \(q(index)) ON \(q(staging)) ("
                        + options.mode.keyColumns.map(q).joined(separator: ", ") + ")")
            }
            try await TransferSQL.rename(staging, to: table, on: connection)
            stagingCreated = false
        } else {
            switch options.mode.base {
            case .replace:
                let old = scratch.old
                try await TransferSQL.swap(staging: staging, target: table, old: old, on: connection)
                stagingCreated = false
                if dialect == .mysql {
                    do {
                        try await connection.execute("DROP TABLE \(q(old))")
                    } catch {
                        leftovers.append(old)
                    }
                }
            case .truncate, .append, .merge:
                let statement = TransferSQL.insertSQL(
                    mode: options.mode, target: table, staging: staging, columns: insertColumns,
                    keyColumns: try matchColumns(options.mode.keyColumns, to: insertColumns, table: table),
                    dialect: dialect)
                try await connection.withTransaction {
                    if options.mode.base == .truncate { try await connection.execute("DELETE FROM \(q(table))") }
                    try await connection.execute(statement)
                }
            }
        }
        return LoadResult(
            table: table, mode: options.mode, rowCount: rowCount, warningCount: warningCount,
            createdTable: created, leftoverTables: leftovers, manifest: manifest, parts: parts.map(\.2))
    }

    /// Maps names to the target's column names (exact match first, then case-insensitive, as bulk loads do).
    private static func matchColumns(_ names: [String], to columns: [String], table: String) throws(TransferError)
        -> [String]
    {
        var result: [String] = []
        var missing: [String] = []
        for name in names {
            if let exact = columns.first(where: { $0 == name }) {
                result.append(exact)
            } else if let loose = columns.first(where: { $0.lowercased() == name.lowercased() }) {
                result.append(loose)
            } else {
                missing.append(name)
            }
        }
        if !missing.isEmpty {
            throw TransferError(
                code: .invalidTarget, subject: "table \"\(table)\"",
                reason: "it has no column(s) " + missing.map { "\"\($0)\"" }.joined(separator: ", ")
                    + " (its columns: \(columns.joined(separator: ", "))); add them, or load into another table")
        }
        return result
    }
}

/// The target connection of a load, reopened for clean-up when a failed bulk load broke it.
struct LoadSession {
    var connection: any SQLConnection
    let connect: @Sendable () async throws -> any SQLConnection
    let logger: Logger

    init(
        connection: any SQLConnection, connect: @escaping @Sendable () async throws -> any SQLConnection, logger: Logger
    ) {
        self.connection = connection
        self.connect = connect
        self.logger = logger
    }

    /// Drops a scratch table, ignoring failures; retries once on a new connection when the old one broke.
    mutating func dropQuietly(_ table: String) async {
        let sql = "DROP TABLE IF EXISTS " + connection.quoteIdentifier(table)
        logger.debug("transfer.staging.drop")
        do {
            try await connection.execute(sql)
            return
        } catch {}
        logger.debug("transfer.staging.reconnect")
        await connection.close()
        guard let fresh = try? await connect() else {
            logger.debug("transfer.staging.reconnect.failed")
            return
        }
        connection = fresh
        do {
            try await fresh.execute(sql)
            logger.debug("transfer.staging.dropped")
        } catch {
            logger.debug("transfer.staging.drop.failed")
        }
    }

    func close() async { await connection.close() }
}
