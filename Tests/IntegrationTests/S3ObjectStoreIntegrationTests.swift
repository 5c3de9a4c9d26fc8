import AsyncHTTPClient
import Crypto
import DataPlane
import Foundation
import Testing

private func hexSHA256(_ digest: SHA256.Digest) -> String { digest.map { String(format: "%02x", $0) }.joined() }

private func readAll(_ store: S3ObjectStore, _ key: ObjectKey) async throws -> [UInt8] {
    var out: [UInt8] = []
    for try await chunk in try await store.get(key) { out += chunk }
    return out
}

private func report(_ line: String) {
    FileHandle.standardError.write(Data("[S3 integration] \(line)\n".utf8))
}

/// Against `rclone serve s3` (scripts/start-s3.sh), which verifies SigV4 signatures.
@Suite(.timeLimit(.minutes(5))) struct S3ObjectStoreIntegrationTests {
    @Test func putGetHeadListDeleteRoundTrip() async throws {
        try await S3TestServer.withStore("roundtrip") { store in
            let source = PatternSource(count: 100_000, chunk: 7_777)
            let bytes = try await source.bytes()
            let key = try ObjectKey("data/orders.csv")
            let put = try await store.put(key, from: source)
            #expect(put.size == 100_000 && put.sha256 == hexSHA256(SHA256.hash(data: bytes)))
            let info = try #require(try await store.head(key))
            #expect(info.size == 100_000 && info.key == key)
            #expect(abs(info.lastModified.timeIntervalSinceNow) < 600)
            #expect(try await readAll(store, key) == bytes)
            let listed = try await store.list(prefix: "")
            #expect(listed.map(\.key) == [key] && listed.first?.size == 100_000)
            // Overwrite replaces the whole object.
            _ = try await store.put(key, from: PatternSource(count: 10, seed: 9))
            #expect(try await readAll(store, key) == (try await PatternSource(count: 10, seed: 9).bytes()))
            try await store.delete(key)
            try await store.delete(key)  // idempotent
            #expect(try await store.head(key) == nil)
            #expect(try await store.list(prefix: "").isEmpty)
            // Empty object.
            let empty = try ObjectKey("empty")
            _ = try await store.put(empty, from: PatternSource(count: 0))
            #expect(try await store.head(empty)?.size == 0)
            #expect(try await readAll(store, empty).isEmpty)
        }
    }

    @Test func awkwardKeysRoundTrip() async throws {
        let names = [
            "with space.csv", "unicode/données-é-日本語-😀.csv", "plus+sign.csv", "equals=sign&amp.csv",
            "percent%20literal.csv", "tilde~apostrophe'paren(1).csv", "semi;colon,comma@at$dollar.csv",
            "question?mark.csv", "hash#mark.csv", "brackets[1]{2}.csv", "star*.csv", "quote\"d.csv",
        ]
        try await S3TestServer.withStore("keys") { store in
            for (index, name) in names.enumerated() {
                let key = try ObjectKey(name)
                let source = PatternSource(count: 1000 + index, seed: UInt64(index + 1))
                _ = try await store.put(key, from: source)
                #expect(try await readAll(store, key) == (try await source.bytes()), "\(name)")
                #expect(try await store.head(key)?.size == Int64(1000 + index), "\(name)")
            }
            let listed = try await store.list(prefix: "").map(\.key.rawValue)
            #expect(listed == names.sorted { $0.utf8.lexicographicallyPrecedes($1.utf8) })
            #expect(try await store.list(prefix: "unicode/données").map(\.key.rawValue) == ["unicode/données-é-日本語-😀.csv"])
            for name in names { try await store.delete(try ObjectKey(name)) }
            #expect(try await store.list(prefix: "").isEmpty)
        }
    }

    @Test func multipartUploadOf40MBVerifiesOnReadBack() async throws {
        try await S3TestServer.withStore("multipart", partSize: 5 << 20, concurrency: 4) { store in
            let size = 40_000_000
            let key = try ObjectKey("big/payload.bin")
            let start = ContinuousClock.now
            let put = try await store.put(key, from: PatternSource(count: size, chunk: 64 << 10, seed: 42))
            let upload = ContinuousClock.now - start
            #expect(put.size == Int64(size))
            #expect(try await store.head(key)?.size == Int64(size))
            let readStart = ContinuousClock.now
            var hasher = SHA256()
            var read = 0
            for try await chunk in try await store.get(key) {
                hasher.update(data: chunk)
                read += chunk.count
            }
            let download = ContinuousClock.now - readStart
            #expect(read == size)
            #expect(hexSHA256(hasher.finalize()) == put.sha256)
            let sourceStart = ContinuousClock.now
            var expected = SHA256()
            for try await chunk in PatternSource(count: size, chunk: 64 << 10, seed: 42) { expected.update(data: chunk) }
            let sourceOnly = ContinuousClock.now - sourceStart
            #expect(put.sha256 == hexSHA256(expected.finalize()))
            #expect(try await store.listMultipartUploads().isEmpty)
            let seconds = { (d: Duration) in Double(d.components.seconds) + Double(d.components.attoseconds) / 1e18 }
            report(String(
                format: "debug build: 40 MB multipart put (5 MiB parts, 4 in flight) %.2f s = %.1f MB/s "
                    + "(of which generating+hashing the test source alone takes %.2f s); get+SHA-256 %.2f s = %.1f MB/s",
                seconds(upload), Double(size) / 1e6 / seconds(upload), seconds(sourceOnly), seconds(download),
                Double(size) / 1e6 / seconds(download)))
        }
    }

    @Test func sourceFailingMidwayLeavesNoObjectAndNoPendingUpload() async throws {
        try await S3TestServer.withStore("abort") { store in
            let key = try ObjectKey("broken.bin")
            await #expect(throws: PatternSource.SourceError.self) {
                _ = try await store.put(key, from: PatternSource(count: 40_000_000, failAfter: 17_000_000))
            }
            #expect(try await store.listMultipartUploads().isEmpty)
            #expect(try await store.head(key) == nil)
            #expect(try await store.list(prefix: "").isEmpty)

            // A failing replacement leaves the old object intact.
            _ = try await store.put(key, from: PatternSource(count: 1000, seed: 3))
            await #expect(throws: PatternSource.SourceError.self) {
                _ = try await store.put(key, from: PatternSource(count: 20_000_000, failAfter: 12_000_000))
            }
            #expect(try await readAll(store, key) == (try await PatternSource(count: 1000, seed: 3).bytes()))
            #expect(try await store.listMultipartUploads().isEmpty)
        }
    }

    @Test func wrongSecretIsAClear403WithoutTheSecret() async throws {
        let wrong = "wrong-secret-\(UUID().uuidString)"
        try await S3TestServer.withStore("denied", secret: wrong) { store in
            let error = await #expect(throws: S3Error.self) {
                _ = try await store.put(try ObjectKey("x.csv"), from: PatternSource(count: 10))
            }
            #expect(error?.code == .accessDenied && error?.httpStatus == 403 && error?.attempts == 1)
            let text = String(describing: error)
            report("wrong secret → \(text)")
            #expect(text.contains("PutObject") && text.contains("403"))
            #expect(!text.contains(wrong) && !text.contains(S3TestServer.secretKey))
            let listError = await #expect(throws: S3Error.self) { _ = try await store.list(prefix: "") }
            #expect(listError?.code == .accessDenied)
            let headError = await #expect(throws: S3Error.self) { _ = try await store.head(try ObjectKey("x")) }
            #expect(headError?.httpStatus == 403)
        }
    }

    @Test func listingPaginatesWithSmallPages() async throws {
        try await S3TestServer.withStore("paging", listPageSize: 2) { store in
            let names = (0..<7).map { "p/\($0)" } + ["q/a", "q/b", "top"]
            for name in names { _ = try await store.put(try ObjectKey(name), from: PatternSource(count: 5)) }
            #expect(try await store.list(prefix: "").map(\.key.rawValue) == names.sorted())
            #expect(try await store.list(prefix: "p/").count == 7)
            #expect(try await store.list(prefix: "q/").map(\.key.rawValue) == ["q/a", "q/b"])
            #expect(try await store.list(prefix: "nothing/").isEmpty)
        }
    }

    @Test func missingObjectAndMissingBucket() async throws {
        try await S3TestServer.withStore("missing") { store in
            let error = await #expect(throws: ObjectStoreError.self) { _ = try await store.get(try ObjectKey("absent")) }
            #expect(error?.code == .notFound)
            let head = try await store.head(try ObjectKey("absent"))
            #expect(head == nil)
        }
        try await S3TestServer.withStore("nobucket", bucket: "ferry-no-such-bucket") { store in
            let error = await #expect(throws: S3Error.self) { _ = try await store.get(try ObjectKey("absent")) }
            #expect(error?.code == .noSuchBucket)
            report("missing bucket → \(String(describing: error))")
        }
    }

    @Test func unreachableEndpointIsRetriedThenReported() async throws {
        let retry = S3RetryPolicy(maximumAttempts: 3, baseDelay: .milliseconds(10), maximumDelay: .milliseconds(50))
        try await S3TestServer.withStore(
            "down", retry: retry, endpoint: "http://127.0.0.1:1", connectTimeout: .milliseconds(500)
        ) { store in
            let error = await #expect(throws: S3Error.self) { _ = try await store.head(try ObjectKey("x")) }
            #expect(error?.code == .transport && error?.attempts == 3)
            report("unreachable endpoint → \(String(describing: error))")
        }
    }

    @Test func concurrentPutsOfManySmallObjects() async throws {
        try await S3TestServer.withStore("concurrent") { store in
            try await withThrowingTaskGroup(of: Void.self) { group in
                for index in 0..<32 {
                    group.addTask { _ = try await store.put(try ObjectKey("c/\(index)"), from: PatternSource(count: 10_000 + index)) }
                }
                try await group.waitForAll()
            }
            let listed = try await store.list(prefix: "c/")
            #expect(listed.count == 32)
            #expect(Set(listed.map(\.size)) == Set((0..<32).map { Int64(10_000 + $0) }))
        }
    }
}
