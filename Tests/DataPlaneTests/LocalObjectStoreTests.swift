import Crypto
import DataPlane
import Foundation
import Synchronization
import Testing

/// A temporary folder removed when the test ends.
final class TemporaryFolder {
    let path: String

    init() throws {
        let base = FileManager.default.temporaryDirectory.path
        path = base + "/dataplane-tests-" + UUID().uuidString
        try FileManager.default.createDirectory(atPath: path, withIntermediateDirectories: true)
    }

    deinit { try? FileManager.default.removeItem(atPath: path) }

    /// Every file and folder below the root, hidden ones included, as relative paths.
    func allEntries(under sub: String = "") -> [String] {
        let root = sub.isEmpty ? path : path + "/" + sub
        return (FileManager.default.subpaths(atPath: root) ?? []).sorted()
    }
}

struct SourceFailure: Error, Equatable {}

private func chunks(_ parts: [[UInt8]]) -> AsyncStream<[UInt8]> {
    AsyncStream { continuation in
        for part in parts { continuation.yield(part) }
        continuation.finish()
    }
}

private func collect(_ stream: AsyncThrowingStream<[UInt8], any Error>) async throws -> [UInt8] {
    var bytes: [UInt8] = []
    for try await chunk in stream { bytes += chunk }
    return bytes
}

private func storeError(_ body: () async throws -> Void) async -> ObjectStoreError? {
    do {
        try await body()
        return nil
    } catch let error as ObjectStoreError {
        return error
    } catch {
        return nil
    }
}

@Suite(.timeLimit(.minutes(1))) struct LocalObjectStoreTests {
    @Test func putThenGetRoundTripsBytesSizeAndSHA256() async throws {
        let folder = try TemporaryFolder()
        let store = try LocalObjectStore(
            configuration: .init(root: folder.path + "/objects", writeBufferSize: 4096, readChunkSize: 4096))
        var rng = SeededGenerator(seed: 7)
        let parts = (0..<20).map { _ in (0..<Int.random(in: 0...3000, using: &rng)).map { _ in UInt8.random(in: 0...255, using: &rng) } }
        let all = parts.flatMap { $0 }
        let key = try ObjectKey("exports/2024-05-01/orders.csv")
        let result = try await store.put(key, from: chunks(parts))
        #expect(result.size == Int64(all.count))
        #expect(result.sha256 == SHA256.hash(data: all).map { String(format: "%02x", $0) }.joined())
        #expect(try await collect(store.get(key)) == all)
        let info = try #require(try await store.head(key))
        #expect(info.size == Int64(all.count))
        #expect(abs(info.lastModified.timeIntervalSinceNow) < 600)
        #expect(folder.allEntries(under: "objects").filter { $0.contains(".ferry-tmp-") }.isEmpty)
    }

    @Test func emptyObjectAndReplacement() async throws {
        let folder = try TemporaryFolder()
        let store = try LocalObjectStore(root: folder.path)
        let key = try ObjectKey("a.csv")
        _ = try await store.put(key, from: chunks([Array("old contents".utf8)]))
        let empty = try await store.put(key, from: chunks([]))
        #expect(empty.size == 0)
        #expect(empty.sha256 == "e3b0c44298fc1c149afbf4c8996fb92427ae41e4649b934ca495991b7852b855")
        #expect(try await collect(store.get(key)).isEmpty)
        #expect(folder.allEntries() == ["a.csv"])
    }

    @Test func failingSourceLeavesNothingAndKeepsTheOldObject() async throws {
        let folder = try TemporaryFolder()
        let store = try LocalObjectStore(configuration: .init(root: folder.path, writeBufferSize: 4096))
        let key = try ObjectKey("dir/data.csv")
        _ = try await store.put(key, from: chunks([Array("version 1".utf8)]))
        let failing = AsyncThrowingStream<[UInt8], any Error> { continuation in
            continuation.yield(Array(repeating: 1, count: 10_000))  // more than the write buffer: bytes hit the disk
            continuation.finish(throwing: SourceFailure())
        }
        await #expect(throws: SourceFailure.self) { try await store.put(key, from: failing) }
        #expect(try await collect(store.get(key)) == Array("version 1".utf8))
        #expect(folder.allEntries() == ["dir", "dir/data.csv"])

        let newKey = try ObjectKey("dir/new.csv")
        let failingAgain = AsyncThrowingStream<[UInt8], any Error> { continuation in
            continuation.yield([1, 2, 3])
            continuation.finish(throwing: SourceFailure())
        }
        await #expect(throws: SourceFailure.self) { try await store.put(newKey, from: failingAgain) }
        #expect(try await store.head(newKey) == nil)
        #expect(folder.allEntries() == ["dir", "dir/data.csv"])
    }

    /// While a put is in progress, readers see the previous object, never a partial new one.
    @Test func partialWritesAreNeverVisible() async throws {
        let folder = try TemporaryFolder()
        let store = try LocalObjectStore(configuration: .init(root: folder.path, writeBufferSize: 4096))
        let key = try ObjectKey("report.csv")
        _ = try await store.put(key, from: chunks([Array("version 1".utf8)]))
        let observed = Mutex<[[UInt8]]>([])
        let counter = Mutex(0)
        let source = AsyncThrowingStream<[UInt8], any Error>(unfolding: {
            let turn = counter.withLock { value -> Int in
                value += 1
                return value
            }
            if turn > 5 { return nil }
            if turn > 2 {
                // Several write buffers' worth of version 2 are on disk by now.
                let seen = try await collect(store.get(key))
                observed.withLock { $0.append(seen) }
            }
            return Array(repeating: UInt8(ascii: "2"), count: 10_000)
        })
        let result = try await store.put(key, from: source)
        #expect(result.size == 50_000)
        #expect(observed.withLock { $0 } == Array(repeating: Array("version 1".utf8), count: 3))
        #expect(try await collect(store.get(key)) == Array(repeating: UInt8(ascii: "2"), count: 50_000))
        #expect(folder.allEntries() == ["report.csv"])
    }

    @Test func cancelledPutLeavesNothing() async throws {
        let folder = try TemporaryFolder()
        let store = try LocalObjectStore(root: folder.path)
        let key = try ObjectKey("cancelled.csv")
        let (stream, continuation) = AsyncStream<[UInt8]>.makeStream()
        continuation.yield(Array(repeating: 7, count: 1000))  // the source never finishes on its own
        let task = Task { try await store.put(key, from: stream) }
        task.cancel()
        let outcome = await task.result
        #expect(throws: CancellationError.self) { try outcome.get() }
        continuation.finish()
        #expect(try await store.head(key) == nil)
        #expect(folder.allEntries().isEmpty)
    }

    @Test func listByPrefixInByteOrderSkippingTemporaryFiles() async throws {
        let folder = try TemporaryFolder()
        let store = try LocalObjectStore(root: folder.path)
        for name in ["b.csv", "a/2.csv", "a/1.csv", "a/sub/x.csv", "ab.csv", "é.csv"] {
            _ = try await store.put(try ObjectKey(name), from: chunks([Array(name.utf8)]))
        }
        _ = FileManager.default.createFile(atPath: folder.path + "/a/.ferry-tmp-123", contents: Data([1]))
        let all = try await store.list(prefix: "").map(\.key.rawValue)
        #expect(all == ["a/1.csv", "a/2.csv", "a/sub/x.csv", "ab.csv", "b.csv", "é.csv"])
        #expect(try await store.list(prefix: "a/").map(\.key.rawValue) == ["a/1.csv", "a/2.csv", "a/sub/x.csv"])
        #expect(try await store.list(prefix: "a").map(\.key.rawValue) == ["a/1.csv", "a/2.csv", "a/sub/x.csv", "ab.csv"])
        #expect(try await store.list(prefix: "a/s").map(\.key.rawValue) == ["a/sub/x.csv"])
        #expect(try await store.list(prefix: "missing/").isEmpty)
        let sizes = try await store.list(prefix: "b").map(\.size)
        #expect(sizes == [5])
        let error = await storeError { _ = try await store.list(prefix: "../") }
        #expect(error?.code == .invalidKey)
    }

    @Test func headGetAndDeleteOfMissingObjects() async throws {
        let folder = try TemporaryFolder()
        let store = try LocalObjectStore(root: folder.path + "/not-yet-created")
        let key = try ObjectKey("nothing/here.csv")
        #expect(try await store.head(key) == nil)
        let error = await storeError { _ = try await store.get(key) }
        #expect(error?.code == .notFound)
        #expect(error?.description.contains("nothing/here.csv") == true)
        try await store.delete(key)  // idempotent
        _ = try await store.put(key, from: chunks([[1]]))
        try await store.delete(key)
        #expect(try await store.head(key) == nil)
        try await store.delete(key)
    }

    @Test(arguments: [
        "../escape.csv", "a/../../b", "/etc/passwd", "a//b", "a/./b", "./a", "a/", "", "a\\b", "nul\u{0}byte",
        "line\nbreak", "tab\there", "del\u{7F}", "..",
    ])
    func invalidKeysAreRefusedWithTheKeyNamed(key: String) throws {
        do {
            _ = try ObjectKey(key)
            Issue.record("key \(key.debugDescription) was accepted")
        } catch {
            #expect(error.code == .invalidKey)
            #expect(error.description.hasPrefix("invalid object key"))
            if !key.isEmpty && !key.contains(where: { $0.asciiValue.map { $0 < 0x20 || $0 == 0x7F } ?? false }) {
                #expect(error.description.contains(key.replacingOccurrences(of: "\\", with: "\\\\")))
            }
        }
    }

    @Test func validKeysAreAcceptedAndCompareByBytes() throws {
        for key in ["a", "a/b/c.csv", "with space/ünï 日本.csv", "a..b/c.d", ".hidden", "x=y+z~%20"] {
            #expect(throws: Never.self) { try ObjectKey(key) }
        }
        let composed = try ObjectKey("\u{E9}.csv")
        let decomposed = try ObjectKey("e\u{301}.csv")
        #expect(composed != decomposed)  // Swift String == would call these equal
    }

    @Test func symbolicLinksInsideTheRootAreNotFollowed() async throws {
        let folder = try TemporaryFolder()
        let outside = try TemporaryFolder()
        try FileManager.default.createDirectory(atPath: folder.path + "/root", withIntermediateDirectories: true)
        _ = FileManager.default.createFile(atPath: outside.path + "/secret.txt", contents: Data("secret".utf8))
        try FileManager.default.createSymbolicLink(atPath: folder.path + "/root/link", withDestinationPath: outside.path)
        let store = try LocalObjectStore(root: folder.path + "/root")
        let putError = await storeError { _ = try await store.put(try ObjectKey("link/new.csv"), from: chunks([[1]])) }
        #expect(putError?.code == .keyConflict)
        #expect(putError?.description.contains("symbolic link") == true)
        #expect(outside.allEntries() == ["secret.txt"])
        let getError = await storeError { _ = try await store.get(try ObjectKey("link/secret.txt")) }
        #expect(getError != nil)
        #expect(try await store.list(prefix: "").isEmpty)
    }

    @Test func objectAndFolderWithTheSameNameConflict() async throws {
        let folder = try TemporaryFolder()
        let store = try LocalObjectStore(root: folder.path)
        _ = try await store.put(try ObjectKey("a"), from: chunks([[1]]))
        let error = await storeError { _ = try await store.put(try ObjectKey("a/b"), from: chunks([[2]])) }
        #expect(error?.code == .keyConflict)
        _ = try await store.put(try ObjectKey("c/d"), from: chunks([[3]]))
        let reverse = await storeError { _ = try await store.put(try ObjectKey("c"), from: chunks([[4]])) }
        #expect(reverse?.code == .keyConflict)
        #expect(folder.allEntries() == ["a", "c", "c/d"])
    }

    @Test func reservedTemporaryNamesAndRelativeRootsAreRefused() async throws {
        let folder = try TemporaryFolder()
        let store = try LocalObjectStore(root: folder.path)
        let error = await storeError { _ = try await store.put(try ObjectKey("x/.ferry-tmp-1"), from: chunks([])) }
        #expect(error?.code == .invalidKey)
        #expect(throws: ObjectStoreError.self) { try LocalObjectStore(root: "relative/path") }
    }
}
