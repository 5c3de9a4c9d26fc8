import DataPlane
import Foundation
import Testing

/// A cheap source: the same pre-generated 1 MiB chunk, `count` times (so the source costs nothing measurable).
private struct RepeatedChunks: AsyncSequence, Sendable {
    var chunk: [UInt8]
    var count: Int

    struct AsyncIterator: AsyncIteratorProtocol {
        var chunk: [UInt8]
        var remaining: Int
        mutating func next() async throws -> [UInt8]? {
            guard remaining > 0 else { return nil }
            remaining -= 1
            return chunk
        }
    }

    func makeAsyncIterator() -> AsyncIterator { AsyncIterator(chunk: chunk, remaining: count) }
}

/// Upload/download throughput against the local rclone, printed to stderr. Not a pass/fail test: run with
/// `S3_BENCH=1 swift test --filter S3ThroughputTests`. Figures from a debug build say little about release.
@Suite(.enabled(if: ProcessInfo.processInfo.environment["S3_BENCH"] == "1"), .serialized)
struct S3ThroughputTests {
    @Test(arguments: [
        (8 << 20, 1, S3ObjectStore.PayloadSigning.sha256), (8 << 20, 4, .sha256), (8 << 20, 4, .unsigned),
        (16 << 20, 4, .sha256), (5 << 20, 8, .sha256),
    ])
    func multipartThroughput(partSize: Int, concurrency: Int, signing: S3ObjectStore.PayloadSigning) async throws {
        let megabytes = Int(ProcessInfo.processInfo.environment["S3_BENCH_MIB"] ?? "128") ?? 128
        var generator = SystemRandomNumberGenerator()
        let chunk = (0..<(1 << 20)).map { _ in UInt8.random(in: 0...255, using: &generator) }
        try await S3TestServer.withStore("bench", partSize: partSize, concurrency: concurrency, signing: signing) { store in
            let key = try ObjectKey("bench.bin")
            let start = ContinuousClock.now
            let put = try await store.put(key, from: RepeatedChunks(chunk: chunk, count: megabytes))
            let putTime = ContinuousClock.now - start
            let readStart = ContinuousClock.now
            var read = 0
            for try await piece in try await store.get(key) { read += piece.count }
            let getTime = ContinuousClock.now - readStart
            #expect(put.size == Int64(megabytes << 20) && read == megabytes << 20)
            func rate(_ duration: Duration) -> Double {
                Double(megabytes << 20) / 1e6
                    / (Double(duration.components.seconds) + Double(duration.components.attoseconds) / 1e18)
            }
            let status = (try? String(contentsOfFile: "/proc/self/status", encoding: .utf8)) ?? ""
            let peak = status.split(separator: "\n").first { $0.hasPrefix("VmHWM:") }.map(String.init) ?? "VmHWM: ?"
            let line = String(
                format: "[S3 bench, debug build] %d MiB, part %d MiB, %d in flight, payload %@: put %.1f MB/s, "
                    + "get %.1f MB/s; process peak RSS so far %@\n",
                megabytes, partSize >> 20, concurrency, signing.description, rate(putTime), rate(getTime),
                peak.replacingOccurrences(of: "  ", with: ""))
            FileHandle.standardError.write(Data(line.utf8))
        }
    }
}
