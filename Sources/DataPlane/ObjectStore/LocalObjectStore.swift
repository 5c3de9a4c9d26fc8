internal import Crypto
internal import Synchronization
public import NIOPosix

/// An ``ObjectStore`` in a local folder (`file:///path`): each object is a file, each `/` in a key a sub-folder.
///
/// ## Guarantees
/// - **Atomic puts.** Bytes go to a temporary file (`.ferry-tmp-…`) in the object's folder, which is `fsync`ed and
///   then `rename`d over the final name; the folder is `fsync`ed too. Readers see the old object or the new one,
///   never part of one. A put whose source throws, that fails, or whose task is cancelled removes its temporary
///   file and leaves any existing object unchanged.
/// - **Keys stay inside the root.** ``ObjectKey`` refuses `..`, absolute keys, empty segments and control
///   characters; on top of that, paths are resolved one segment at a time with `O_NOFOLLOW`, so a symbolic link
///   inside the root is refused rather than followed.
///
/// ## Threading
/// Blocking file I/O runs on a `NIOThreadPool` (by default `NIOThreadPool.singleton`, shared with NIO's own file
/// I/O), never on Swift's cooperative pool. A dedicated pool can be passed for isolation; it must be started and
/// outlive the store. SHA-256 hashing runs on the caller's executor, chunk by chunk.
///
/// ## Limits
/// - A key cannot be both an object and a folder prefix of another key (`a` and `a/b`); S3 allows it, a file
///   system does not. Such a put fails with ``ObjectStoreError/Code/keyConflict``.
/// - Key segments beginning with `.ferry-tmp-` are reserved; segments are limited to 255 UTF-8 bytes.
/// - Empty folders left behind by deletes are not removed (removing them would race with concurrent puts).
public struct LocalObjectStore: ObjectStore {
    /// Settings for a local store.
    public struct Configuration: Sendable, Hashable {
        /// The absolute path of the store's root folder.
        public var root: String
        /// Whether a put creates the root folder when it is missing (default `true`).
        public var createsRoot: Bool
        /// How many bytes a put buffers before each write system call (default 1 MiB).
        public var writeBufferSize: Int
        /// The size of the chunks ``LocalObjectStore/get(_:)`` yields (default 256 KiB).
        public var readChunkSize: Int

        /// Creates a configuration.
        ///
        /// - Parameters:
        ///   - root: The absolute path of the root folder.
        ///   - createsRoot: Whether puts create a missing root (default `true`).
        ///   - writeBufferSize: Bytes buffered per write (default 1 MiB).
        ///   - readChunkSize: Bytes per chunk when reading (default 256 KiB).
        public init(
            root: String, createsRoot: Bool = true, writeBufferSize: Int = 1 << 20, readChunkSize: Int = 256 << 10
        ) {
            self.root = root
            self.createsRoot = createsRoot
            self.writeBufferSize = writeBufferSize
            self.readChunkSize = readChunkSize
        }
    }

    /// The store's settings.
    public let configuration: Configuration
    private let threadPool: NIOThreadPool

    /// Creates a store rooted at an absolute folder path.
    ///
    /// No I/O happens here; the root is opened (and, for puts, created) by each operation.
    ///
    /// - Parameters:
    ///   - configuration: The root folder and buffer sizes.
    ///   - threadPool: A started thread pool for blocking file I/O (default `NIOThreadPool.singleton`).
    /// - Throws: ``ObjectStoreError`` with ``ObjectStoreError/Code/invalidURL`` when the root is not an absolute
    ///   path or contains NUL.
    public init(configuration: Configuration, threadPool: NIOThreadPool = .singleton) throws(ObjectStoreError) {
        let root = configuration.root
        guard root.hasPrefix("/"), !root.utf8.contains(0) else {
            throw ObjectStoreError(
                code: .invalidURL, subject: root,
                reason: "the local store's root must be an absolute path without NUL, such as /var/lib/ferry/objects")
        }
        var normalized = configuration
        while normalized.root.count > 1 && normalized.root.hasSuffix("/") { normalized.root.removeLast() }
        normalized.writeBufferSize = Swift.max(4096, configuration.writeBufferSize)
        normalized.readChunkSize = Swift.max(4096, configuration.readChunkSize)
        self.configuration = normalized
        self.threadPool = threadPool
    }

    /// Creates a store rooted at an absolute folder path, with default settings.
    ///
    /// - Parameters:
    ///   - root: The absolute path of the root folder.
    ///   - threadPool: A started thread pool for blocking file I/O (default `NIOThreadPool.singleton`).
    /// - Throws: ``ObjectStoreError`` when `root` is not an absolute path.
    public init(root: String, threadPool: NIOThreadPool = .singleton) throws(ObjectStoreError) {
        try self.init(configuration: Configuration(root: root), threadPool: threadPool)
    }

    /// The root folder's absolute path.
    public var root: String { configuration.root }

    /// Splits a key into its folders and file name, refusing names the local store reserves or cannot store.
    private func location(of key: ObjectKey) throws(ObjectStoreError) -> (folders: [String], name: String) {
        var segments = key.segments.map(String.init)
        for segment in segments {
            if segment.hasPrefix(LocalFileIO.temporaryPrefix) {
                throw ObjectStoreError(
                    code: .invalidKey, subject: key.rawValue,
                    reason: "segments starting with \"\(LocalFileIO.temporaryPrefix)\" are reserved for the local "
                        + "store's temporary files; rename the object")
            }
            if segment.utf8.count > 255 {
                throw ObjectStoreError(
                    code: .invalidKey, subject: key.rawValue,
                    reason: "a segment is \(segment.utf8.count) bytes long; a local store allows at most 255 bytes "
                        + "between slashes")
            }
        }
        let name = segments.removeLast()
        return (segments, name)
    }

    /// Writes an object atomically from a stream of chunks; see ``ObjectStore/put(_:from:)``.
    ///
    /// - Parameters:
    ///   - key: The object's key.
    ///   - chunks: The object's bytes.
    /// - Returns: The size and SHA-256 written.
    /// - Throws: The source's error, `CancellationError`, or ``ObjectStoreError``; in every case nothing is left.
    public func put<Chunks: AsyncSequence>(_ key: ObjectKey, from chunks: Chunks) async throws -> ObjectPutResult
    where Chunks.Element == [UInt8] {
        let (folders, name) = try location(of: key)
        let root = configuration.root
        let createsRoot = configuration.createsRoot
        let bufferSize = configuration.writeBufferSize
        if !createsRoot {
            let exists = try await threadPool.runIfActive { () throws(ObjectStoreError) -> Bool in
                guard let fd = try LocalFileIO.openRoot(root, create: false) else { return false }
                LocalFileIO.closeDescriptor(fd)
                return true
            }
            guard exists else {
                throw ObjectStoreError(
                    code: .notFound, subject: root,
                    reason: "the store's root folder does not exist; create it or enable createsRoot")
            }
        }
        let pending = try await threadPool.runIfActive {
            try LocalPendingPut.begin(root: root, key: key, folders: folders, name: name)
        }
        // One write is in flight on the thread pool while the next chunk is produced; it also hashes what it
        // writes (in order: writes never overlap), so neither the hashing nor the write holds up the producer.
        let hasher = RunningDigest()
        var size: Int64 = 0
        var buffer: [UInt8] = []
        buffer.reserveCapacity(bufferSize)
        do {
            try await withThrowingTaskGroup(of: Void.self) { writes in
                var isWriting = false
                func write(_ bytes: [UInt8]) async throws {
                    if isWriting { try await writes.next() }
                    writes.addTask {
                        hasher.update(bytes)
                        try await threadPool.runIfActive { try pending.write(bytes) }
                    }
                    isWriting = true
                }
                for try await chunk in chunks {
                    try Task.checkCancellation()
                    size += Int64(chunk.count)
                    if buffer.isEmpty && chunk.count >= bufferSize {
                        try await write(chunk)
                        continue
                    }
                    buffer.append(contentsOf: chunk)
                    if buffer.count >= bufferSize {
                        let full = buffer
                        buffer = []
                        buffer.reserveCapacity(bufferSize)
                        try await write(full)
                    }
                }
                try Task.checkCancellation()
                try await write(buffer)
                try await writes.waitForAll()
            }
            try await threadPool.runIfActive { try pending.commit() }
        } catch {
            // Clean up even when the task is cancelled: `submit` runs regardless of task cancellation.
            await withCheckedContinuation { (continuation: CheckedContinuation<Void, Never>) in
                threadPool.submit { _ in
                    pending.abort()
                    continuation.resume()
                }
            }
            throw error
        }
        let digest = hasher.finalize()
        return ObjectPutResult(key: key, size: size, sha256: hex(digest))
    }

    /// Opens an object and streams its bytes on demand; see ``ObjectStore/get(_:)``.
    ///
    /// - Parameter key: The object's key.
    /// - Returns: The bytes as chunks of up to ``Configuration/readChunkSize``.
    /// - Throws: ``ObjectStoreError`` (``ObjectStoreError/Code/notFound`` when absent).
    public func get(_ key: ObjectKey) async throws -> AsyncThrowingStream<[UInt8], any Error> {
        let (folders, name) = try location(of: key)
        let root = configuration.root
        let handle = try await threadPool.runIfActive {
            try LocalReadHandle.open(root: root, key: key, folders: folders, name: name)
        }
        let pool = threadPool
        let chunkSize = configuration.readChunkSize
        return AsyncThrowingStream(unfolding: {
            try await pool.runIfActive { try handle.read(maximum: chunkSize) }
        })
    }

    /// Lists objects by key prefix; see ``ObjectStore/list(prefix:)``.
    ///
    /// Temporary files of puts in progress, symbolic links and names that are not valid keys are not listed.
    ///
    /// - Parameter prefix: The key prefix (`""` for all).
    /// - Returns: The matching objects in UTF-8 key order.
    /// - Throws: ``ObjectStoreError``.
    public func list(prefix: String) async throws -> [ObjectInfo] {
        try ObjectKey.validatePrefix(prefix)
        let root = configuration.root
        return try await threadPool.runIfActive { try LocalFileIO.list(root: root, prefix: prefix) }
    }

    /// Returns an object's metadata, or `nil`; see ``ObjectStore/head(_:)``.
    ///
    /// - Parameter key: The object's key.
    /// - Returns: Size and modification date, or `nil` when absent.
    /// - Throws: ``ObjectStoreError``.
    public func head(_ key: ObjectKey) async throws -> ObjectInfo? {
        let (folders, name) = try location(of: key)
        let root = configuration.root
        return try await threadPool.runIfActive {
            try LocalFileIO.head(root: root, key: key, folders: folders, name: name)
        }
    }

    /// Deletes an object (idempotent); see ``ObjectStore/delete(_:)``.
    ///
    /// - Parameter key: The object's key.
    /// - Throws: ``ObjectStoreError``.
    public func delete(_ key: ObjectKey) async throws {
        let (folders, name) = try location(of: key)
        let root = configuration.root
        try await threadPool.runIfActive {
            try LocalFileIO.delete(root: root, key: key, folders: folders, name: name)
        }
    }
}

/// A SHA-256 fed from one task at a time (the put's write tasks, which never overlap), shareable between them.
private final class RunningDigest: Sendable {
    private let hasher = Mutex(SHA256())

    func update(_ bytes: [UInt8]) {
        bytes.withUnsafeBytes { raw in hasher.withLock { $0.update(bufferPointer: raw) } }
    }

    func finalize() -> SHA256.Digest { hasher.withLock { $0.finalize() } }
}
