import AsyncHTTPClient
import Crypto
import Foundation
import Synchronization
import Testing

@testable import DataPlane

private func sha256Hex(_ bytes: [UInt8]) -> String {
    SHA256.hash(data: bytes).map { String(format: "%02x", $0) }.joined()
}

private func collect(_ stream: AsyncThrowingStream<[UInt8], any Error>) async throws -> [UInt8] {
    var out: [UInt8] = []
    for try await chunk in stream { out += chunk }
    return out
}

private let MiB = 1 << 20

@Suite(.timeLimit(.minutes(1))) struct S3ObjectStoreTests {
    // MARK: - Puts

    @Test func smallObjectGoesInOnePutUnderThePrefix() async throws {
        let fake = FakeS3()
        let store = try makeFakeStore(fake)
        let bytes = TestSource.bytes(10_000)
        let result = try await store.put(try ObjectKey("a b/c+d=é.csv"), from: TestSource(count: 10_000, chunk: 999))
        #expect(result.size == 10_000)
        #expect(result.sha256 == sha256Hex(bytes))
        #expect(result.key.rawValue == "a b/c+d=é.csv")
        #expect(fake.operations() == ["PutObject"])
        #expect(fake.objects["runs/1/a b/c+d=é.csv"] == bytes)
        let put = try #require(fake.requests.first)
        #expect(put.headers.first { $0.name == "x-amz-content-sha256" }?.value == sha256Hex(bytes))
    }

    @Test func unsignedPayloadMode() async throws {
        let fake = FakeS3()
        var configuration = S3ObjectStore.Configuration(location: makeLocation(), credentials: fakeCredentials)
        configuration.payloadSigning = .unsigned
        let store = try S3ObjectStore(
            configuration: configuration, transport: fake, logger: S3ObjectStore.silentLogger, sleep: { _ in },
            now: { Date() })
        _ = try await store.put(try ObjectKey("x"), from: TestSource(count: 10, chunk: 10))
        #expect(fake.requests.first?.headers.first { $0.name == "x-amz-content-sha256" }?.value == "UNSIGNED-PAYLOAD")
    }

    @Test func emptyObject() async throws {
        let fake = FakeS3()
        let store = try makeFakeStore(fake)
        let result = try await store.put(try ObjectKey("empty"), from: TestSource(count: 0, chunk: 1))
        #expect(result.size == 0 && result.sha256 == sha256Hex([]))
        #expect(fake.operations() == ["PutObject"])
        #expect(fake.objects["runs/1/empty"] == [])
    }

    @Test func objectOfExactlyOnePartIsASinglePut() async throws {
        let fake = FakeS3()
        let store = try makeFakeStore(fake)
        _ = try await store.put(try ObjectKey("five"), from: TestSource(count: 5 * MiB, chunk: 100_000))
        #expect(fake.operations() == ["PutObject"])
        #expect(fake.objects["runs/1/five"]?.count == 5 * MiB)
    }

    @Test(arguments: [(12 * MiB + 123, 65_536), (26 * MiB, 1_000_003), (11 * MiB, 11 * MiB), (5 * MiB + 1, 7)])
    func largeObjectUsesBoundedParallelMultipart(size: Int, chunk: Int) async throws {
        let fake = FakeS3()
        let store = try makeFakeStore(fake, concurrency: 3)
        let result = try await store.put(try ObjectKey("big.bin"), from: TestSource(count: size, chunk: chunk))
        let expected = TestSource.bytes(size)
        #expect(result.size == Int64(size) && result.sha256 == sha256Hex(expected))
        let partCount = (size + 5 * MiB - 1) / (5 * MiB)
        let operations = fake.operations()
        #expect(operations.first == "CreateMultipartUpload")
        #expect(operations.last == "CompleteMultipartUpload")
        #expect(operations.filter { $0 == "UploadPart" }.count == partCount)
        let partSizes = fake.requests.filter { $0.operation == "UploadPart" }
            .sorted { Int($0.query["partNumber"]!)! < Int($1.query["partNumber"]!)! }.map(\.bodySize)
        #expect(partSizes.dropLast().allSatisfy { $0 == 5 * MiB })
        #expect(partSizes.reduce(0, +) == size)
        #expect(fake.maximumInFlightParts <= 3)
        #expect(fake.objects["runs/1/big.bin"] == expected)
        #expect(fake.pendingUploads == 0)
    }

    @Test func sourceFailureMidUploadAbortsAndLeavesNothing() async throws {
        let fake = FakeS3()
        let store = try makeFakeStore(fake)
        await #expect(throws: TestSource.SourceError.self) {
            _ = try await store.put(try ObjectKey("broken"), from: TestSource(count: 40 * MiB, chunk: MiB, failAfter: 17 * MiB))
        }
        #expect(fake.operations().contains("AbortMultipartUpload"))
        #expect(!fake.operations().contains("CompleteMultipartUpload"))
        #expect(fake.pendingUploads == 0)
        #expect(fake.objects.isEmpty)
    }

    @Test func sourceFailureBeforeTheFirstPartSendsNothing() async throws {
        let fake = FakeS3()
        let store = try makeFakeStore(fake)
        await #expect(throws: TestSource.SourceError.self) {
            _ = try await store.put(try ObjectKey("broken"), from: TestSource(count: 4 * MiB, chunk: MiB, failAfter: 2 * MiB))
        }
        #expect(fake.requests.isEmpty)
    }

    @Test func cancellationMidUploadStillAborts() async throws {
        let fake = FakeS3()
        let store = try makeFakeStore(fake)
        /// A source that cancels its own task after 12 MiB, then keeps producing.
        struct CancellingSource: AsyncSequence, Sendable {
            struct AsyncIterator: AsyncIteratorProtocol {
                var sent = 0
                mutating func next() async throws -> [UInt8]? {
                    if sent == 12 * MiB { withUnsafeCurrentTask { $0?.cancel() } }
                    guard sent < 40 * MiB else { return nil }
                    sent += MiB
                    return [UInt8](repeating: 7, count: MiB)
                }
            }
            func makeAsyncIterator() -> AsyncIterator { AsyncIterator() }
        }
        await #expect(throws: CancellationError.self) {
            _ = try await store.put(try ObjectKey("cancelled"), from: CancellingSource())
        }
        #expect(fake.operations().last == "AbortMultipartUpload")
        #expect(fake.pendingUploads == 0)
        #expect(fake.objects.isEmpty)
    }

    @Test func refusedPartAbortsWithAClearError() async throws {
        let fake = FakeS3()
        fake.inject(.init(matches: { $0.operation == "UploadPart" && $0.query["partNumber"] == "2" }, status: 403, code: "AccessDenied"))
        let store = try makeFakeStore(fake)
        let error = await #expect(throws: S3Error.self) {
            _ = try await store.put(try ObjectKey("big"), from: TestSource(count: 12 * MiB, chunk: MiB))
        }
        #expect(error?.code == .accessDenied)
        #expect(error?.operation == "UploadPart")
        #expect(error?.attempts == 1)
        #expect(fake.operations().contains("AbortMultipartUpload"))
        #expect(fake.pendingUploads == 0 && fake.objects.isEmpty)
    }

    @Test func completeAnswering200WithInternalErrorIsRetried() async throws {
        let fake = FakeS3()
        fake.inject(.init(matches: { $0.operation == "CompleteMultipartUpload" }, status: 200, code: "InternalError"))
        let sleeper = SleepRecorder()
        let store = try makeFakeStore(fake, sleeper: sleeper)
        _ = try await store.put(try ObjectKey("big"), from: TestSource(count: 11 * MiB, chunk: MiB))
        #expect(fake.operations().filter { $0 == "CompleteMultipartUpload" }.count == 2)
        #expect(sleeper.recorded.count == 1)
        #expect(fake.objects["runs/1/big"]?.count == 11 * MiB)
    }

    // MARK: - Retries

    @Test func serverErrorsAndThrottlingAreRetriedWithBackOff() async throws {
        let fake = FakeS3()
        fake.inject(.init(matches: { $0.operation == "UploadPart" && $0.query["partNumber"] == "1" }, status: 500, code: "InternalError"))
        fake.inject(.init(matches: { $0.operation == "UploadPart" && $0.query["partNumber"] == "2" }, status: 503, code: "SlowDown"))
        fake.inject(.init(matches: { $0.operation == "CreateMultipartUpload" }, status: 429, code: "TooManyRequests", retryAfter: "2"))
        let sleeper = SleepRecorder()
        let store = try makeFakeStore(fake, sleeper: sleeper)
        _ = try await store.put(try ObjectKey("big"), from: TestSource(count: 11 * MiB, chunk: MiB))
        #expect(fake.objects["runs/1/big"] == TestSource.bytes(11 * MiB))
        #expect(sleeper.recorded.count == 3)
        #expect(sleeper.recorded.contains { $0 >= .seconds(2) })  // Retry-After honoured
        #expect(sleeper.recorded.allSatisfy { $0 <= .seconds(10) })
    }

    @Test func connectionFailuresAreRetried() async throws {
        let fake = FakeS3()
        fake.inject(.init(matches: { $0.operation == "PutObject" }, status: 0, code: "", times: 2,
            transportError: HTTPClientError.remoteConnectionClosed))
        let store = try makeFakeStore(fake)
        _ = try await store.put(try ObjectKey("x"), from: TestSource(count: 100, chunk: 100))
        #expect(fake.operations() == ["PutObject", "PutObject", "PutObject"])
        #expect(fake.objects["runs/1/x"]?.count == 100)
    }

    @Test func persistentServerErrorGivesUpAfterMaximumAttempts() async throws {
        let fake = FakeS3()
        fake.inject(.init(matches: { _ in true }, status: 500, code: "InternalError", times: 100))
        let sleeper = SleepRecorder()
        let store = try makeFakeStore(fake, retry: S3RetryPolicy(maximumAttempts: 4), sleeper: sleeper)
        let error = await #expect(throws: S3Error.self) {
            _ = try await store.put(try ObjectKey("x"), from: TestSource(count: 100, chunk: 100))
        }
        #expect(error?.code == .serverError && error?.attempts == 4 && error?.httpStatus == 500)
        #expect(error?.description.contains("after 4 attempts") == true)
        #expect(fake.requests.count == 4 && sleeper.recorded.count == 3)
    }

    @Test(arguments: [(403, "SignatureDoesNotMatch"), (403, "AccessDenied"), (400, "InvalidArgument"), (400, "RequestTimeout"), (409, "Conflict")])
    func clientErrorsAreNotRetried(status: Int, code: String) async throws {
        let fake = FakeS3()
        fake.inject(.init(matches: { _ in true }, status: status, code: code, times: 100))
        let sleeper = SleepRecorder()
        let store = try makeFakeStore(fake, sleeper: sleeper)
        let error = await #expect(throws: S3Error.self) {
            _ = try await store.put(try ObjectKey("dir/x.csv"), from: TestSource(count: 100, chunk: 100))
        }
        #expect(fake.requests.count == 1 && sleeper.recorded.isEmpty)
        #expect(error?.httpStatus == status && error?.s3Code == code && error?.attempts == 1)
        let text = String(describing: error)
        #expect(text.contains("PutObject") && text.contains("s3://ferry-test/runs/1/dir/x.csv") && text.contains(code))
        #expect(!text.contains(fakeSecret))
    }

    @Test func wrongSecretErrorNamesTheFixNotTheSecret() async throws {
        let fake = FakeS3()
        fake.inject(.init(matches: { _ in true }, status: 403, code: "SignatureDoesNotMatch"))
        let store = try makeFakeStore(fake)
        let error = await #expect(throws: S3Error.self) { _ = try await store.head(try ObjectKey("x")) }
        #expect(error?.code == .accessDenied)
        #expect(error?.description.contains("AWS_SECRET_ACCESS_KEY") == true)
        for text in [error?.description ?? "", String(reflecting: error as Any), error?.shortDescription ?? ""] {
            #expect(!text.contains(fakeSecret))
        }
    }

    // MARK: - Reads, listings, deletes

    @Test func getStreamsTheObject() async throws {
        let fake = FakeS3()
        let store = try makeFakeStore(fake)
        _ = try await store.put(try ObjectKey("k"), from: TestSource(count: 12_345, chunk: 4096))
        #expect(try await collect(try await store.get(try ObjectKey("k"))) == TestSource.bytes(12_345))
    }

    @Test func missingObjectIsNotFoundAndMissingBucketIsNamed() async throws {
        let fake = FakeS3()
        let store = try makeFakeStore(fake)
        let error = await #expect(throws: ObjectStoreError.self) { _ = try await store.get(try ObjectKey("nope")) }
        #expect(error?.code == .notFound && error?.subject == "nope")
        #expect(try await store.head(try ObjectKey("nope")) == nil)

        var configuration = store.configuration
        configuration.location.bucket = "other-bucket"
        let elsewhere = try S3ObjectStore(
            configuration: configuration, transport: fake, logger: S3ObjectStore.silentLogger, sleep: { _ in },
            now: { Date() })
        let bucketError = await #expect(throws: S3Error.self) { _ = try await elsewhere.get(try ObjectKey("nope")) }
        #expect(bucketError?.code == .noSuchBucket)
        await #expect(throws: S3Error.self) { try await elsewhere.delete(try ObjectKey("nope")) }
    }

    @Test func headAndIdempotentDelete() async throws {
        let fake = FakeS3()
        let store = try makeFakeStore(fake)
        _ = try await store.put(try ObjectKey("h"), from: TestSource(count: 77, chunk: 10))
        let info = try #require(try await store.head(try ObjectKey("h")))
        #expect(info.size == 77 && info.key.rawValue == "h")
        #expect(info.lastModified.timeIntervalSince1970 == 1_714_566_896)
        try await store.delete(try ObjectKey("h"))
        try await store.delete(try ObjectKey("h"))
        #expect(try await store.head(try ObjectKey("h")) == nil)
    }

    @Test func listingFollowsContinuationTokensAndStripsThePrefix() async throws {
        let fake = FakeS3()
        let store = try makeFakeStore(fake, listPageSize: 2)
        let names = ["b/2", "a", "b/1", "b/10", "c é", "b+=/x", "d"]
        for name in names { _ = try await store.put(try ObjectKey(name), from: TestSource(count: 3, chunk: 3)) }
        fake.state.withLock { $0.objects["outside/prefix"] = [1]; $0.objects["runs/10/x"] = [1] }
        let all = try await store.list(prefix: "")
        #expect(all.map(\.key.rawValue) == names.sorted { $0.utf8.lexicographicallyPrecedes($1.utf8) })
        #expect(all.allSatisfy { $0.size == 3 })
        #expect(fake.operations().filter { $0 == "ListObjectsV2" }.count == 4)
        #expect(try await store.list(prefix: "b/").map(\.key.rawValue) == ["b/1", "b/10", "b/2"])
        #expect(try await store.list(prefix: "b/1").map(\.key.rawValue) == ["b/1", "b/10"])
        #expect(try await store.list(prefix: "zzz").isEmpty)
    }

    @Test func keysCannotEscapeThePrefix() async throws {
        let fake = FakeS3()
        let store = try makeFakeStore(fake)
        for bad in ["../x", "/abs", "a//b", "a/./b", "nul\u{0}x"] {
            #expect(throws: ObjectStoreError.self) { try ObjectKey(bad) }
        }
        await #expect(throws: ObjectStoreError.self) { _ = try await store.list(prefix: "../") }
        await #expect(throws: ObjectStoreError.self) { _ = try await store.list(prefix: "/") }
        // A key that is too long once the prefix is added is refused before any request.
        let long = try ObjectKey(String(repeating: "k", count: ObjectKey.maximumLength))
        await #expect(throws: ObjectStoreError.self) { try await store.delete(long) }
        #expect(fake.requests.isEmpty)
    }

    @Test func pendingUploadsCanBeListedAndAborted() async throws {
        let fake = FakeS3()
        let store = try makeFakeStore(fake)
        fake.state.withLock { $0.uploads["u-1"] = ("runs/1/left/behind", [:]); $0.uploads["u-2"] = ("elsewhere", [:]) }
        let uploads = try await store.listMultipartUploads(prefix: "left/")
        #expect(uploads == [S3ObjectStore.MultipartUpload(key: try ObjectKey("left/behind"), uploadID: "u-1")])
        try await store.abortMultipartUpload(uploads[0])
        try await store.abortMultipartUpload(uploads[0])  // already gone: fine
        #expect(fake.pendingUploads == 1)
    }

    // MARK: - Configuration and secrets

    @Test func configurationIsValidated() {
        let location = makeLocation()
        for configuration in [
            S3ObjectStore.Configuration(location: location, credentials: fakeCredentials, partSize: 1 << 20),
            S3ObjectStore.Configuration(location: location, credentials: fakeCredentials, uploadConcurrency: 0),
            S3ObjectStore.Configuration(location: location, credentials: fakeCredentials, listPageSize: 5000),
            S3ObjectStore.Configuration(location: location, credentials: AWSCredentials(accessKeyID: "", secretAccessKey: "")),
        ] {
            let error = #expect(throws: S3Error.self) { _ = try S3ObjectStore(configuration: configuration) }
            #expect(error?.code == .invalidConfiguration)
        }
    }

    @Test func noDescriptionContainsTheSecretOrToken() throws {
        let credentials = AWSCredentials(accessKeyID: "AKIDEXAMPLE", secretAccessKey: fakeSecret, sessionToken: "TOKEN-SECRET-123")
        let configuration = S3ObjectStore.Configuration(location: makeLocation(), credentials: credentials)
        let store = try S3ObjectStore(
            configuration: configuration, transport: FakeS3(), logger: S3ObjectStore.silentLogger, sleep: { _ in },
            now: { Date() })
        let environment = AWSEnvironment(credentials: credentials, region: "eu-west-1")
        var dumped = ""
        dump(configuration, to: &dumped)
        dump(store, to: &dumped)
        dump(environment, to: &dumped)
        let texts = [
            store.description, String(reflecting: store), configuration.description, String(reflecting: configuration),
            environment.description, String(reflecting: environment), dumped,
        ]
        for text in texts {
            #expect(!text.contains(fakeSecret) && !text.contains("TOKEN-SECRET-123"), "\(text)")
        }
        #expect(store.description.contains("AKIDEXAMPLE"))
    }
}

@Suite struct S3EnvironmentTests {
    @Test func readsTheStandardVariables() throws {
        let environment = try AWSEnvironment([
            "AWS_ACCESS_KEY_ID": "AKID", "AWS_SECRET_ACCESS_KEY": fakeSecret, "AWS_SESSION_TOKEN": "tok",
            "AWS_REGION": "eu-west-3", "AWS_DEFAULT_REGION": "us-west-2", "HOME": "/root",
        ])
        #expect(environment.credentials == AWSCredentials(accessKeyID: "AKID", secretAccessKey: fakeSecret, sessionToken: "tok"))
        #expect(environment.region == "eu-west-3")
        let fallback = try AWSEnvironment(["AWS_DEFAULT_REGION": "us-west-2"])
        #expect(fallback.credentials == nil && fallback.region == "us-west-2")
        let none = try AWSEnvironment(["AWS_ACCESS_KEY_ID": "", "AWS_SECRET_ACCESS_KEY": "  "])
        #expect(none.credentials == nil && none.region == nil)
    }

    @Test(arguments: [
        (["AWS_ACCESS_KEY_ID": "AKID"], "AWS_SECRET_ACCESS_KEY"),
        (["AWS_SECRET_ACCESS_KEY": fakeSecret], "AWS_ACCESS_KEY_ID"),
        (["AWS_SESSION_TOKEN": fakeSecret], "AWS_SESSION_TOKEN"),
    ])
    func incompleteCredentialsAreRefusedWithoutValues(variables: [String: String], named: String) {
        let error = #expect(throws: S3Error.self) { _ = try AWSEnvironment(variables) }
        #expect(error?.code == .invalidConfiguration)
        #expect(error?.description.contains(named) == true)
        #expect(error?.description.contains(fakeSecret) == false)
    }
}
