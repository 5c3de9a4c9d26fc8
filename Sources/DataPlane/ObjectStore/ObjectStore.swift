#if canImport(FoundationEssentials)
public import FoundationEssentials
#else
public import Foundation
#endif

/// A store of immutable byte objects addressed by ``ObjectKey``: a local directory or an S3 bucket prefix.
///
/// Objects move as streams of byte chunks, so memory stays flat whatever their size. All stores follow S3's
/// semantics: a put replaces the whole object atomically (readers see the old or the new object, never a mix),
/// delete is idempotent, and listing is by key prefix in UTF-8 byte order.
///
/// Concurrency: every method may be called from any task, concurrently. Methods run their blocking work off
/// Swift's cooperative pool. Cancelling the calling task stops a put between chunks and leaves nothing behind.
public protocol ObjectStore: Sendable {
    /// Writes an object from a stream of byte chunks, replacing any existing object with that key.
    ///
    /// The object becomes visible only when the stream has ended and all bytes are durable. If `chunks` throws,
    /// or the task is cancelled, nothing is written and any existing object is left unchanged.
    ///
    /// - Parameters:
    ///   - key: The object's key.
    ///   - chunks: The object's bytes, in order, as chunks of any size.
    /// - Returns: The object's size and SHA-256.
    /// - Throws: The error `chunks` threw, `CancellationError`, or ``ObjectStoreError``.
    func put<Chunks: AsyncSequence>(_ key: ObjectKey, from chunks: Chunks) async throws -> ObjectPutResult
    where Chunks.Element == [UInt8]

    /// Opens an object for reading and returns its bytes as a stream of chunks.
    ///
    /// The stream reads on demand (back-pressure): nothing is read ahead of the consumer beyond one chunk.
    ///
    /// - Parameter key: The object's key.
    /// - Returns: The object's bytes as a stream of chunks.
    /// - Throws: ``ObjectStoreError`` with code ``ObjectStoreError/Code/notFound`` when there is no such object.
    func get(_ key: ObjectKey) async throws -> AsyncThrowingStream<[UInt8], any Error>

    /// Lists the objects whose keys start with `prefix`, in UTF-8 byte order of their keys.
    ///
    /// - Parameter prefix: A key prefix, validated with ``ObjectKey/validatePrefix(_:)``; `""` lists everything.
    /// - Returns: Each object's key, size and modification date.
    /// - Throws: ``ObjectStoreError``.
    func list(prefix: String) async throws -> [ObjectInfo]

    /// Returns an object's size and modification date, or `nil` when it does not exist.
    ///
    /// - Parameter key: The object's key.
    /// - Returns: The object's metadata, or `nil`.
    /// - Throws: ``ObjectStoreError`` for failures other than absence.
    func head(_ key: ObjectKey) async throws -> ObjectInfo?

    /// Deletes an object. Deleting an object that does not exist succeeds, as on S3.
    ///
    /// - Parameter key: The object's key.
    /// - Throws: ``ObjectStoreError``.
    func delete(_ key: ObjectKey) async throws
}

/// Metadata of a stored object.
public struct ObjectInfo: Sendable, Hashable {
    /// The object's key.
    public var key: ObjectKey
    /// The object's size in bytes.
    public var size: Int64
    /// When the object was last written.
    public var lastModified: Date

    /// Creates object metadata.
    ///
    /// - Parameters:
    ///   - key: The object's key.
    ///   - size: The size in bytes.
    ///   - lastModified: The last write time.
    public init(key: ObjectKey, size: Int64, lastModified: Date) {
        self.key = key
        self.size = size
        self.lastModified = lastModified
    }
}

/// What a successful ``ObjectStore/put(_:from:)`` wrote.
public struct ObjectPutResult: Sendable, Hashable {
    /// The object's key.
    public var key: ObjectKey
    /// The number of bytes written.
    public var size: Int64
    /// The SHA-256 of the bytes written, as 64 lowercase hexadecimal digits.
    public var sha256: String

    /// Creates a put result.
    ///
    /// - Parameters:
    ///   - key: The object's key.
    ///   - size: The number of bytes written.
    ///   - sha256: The SHA-256 as lowercase hex.
    public init(key: ObjectKey, size: Int64, sha256: String) {
        self.key = key
        self.size = size
        self.sha256 = sha256
    }
}
