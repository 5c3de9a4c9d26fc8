import DataPlane
import Testing

@Suite struct GzipTests {
    private func sampleRecords(count: Int, seed: UInt64) -> [CSVRecord] {
        var rng = SeededGenerator(seed: seed)
        return (0..<count).map { index in
            CSVRecord([
                Array(String(index).utf8), Bool.random(using: &rng) ? nil : [],
                (0..<Int.random(in: 0...40, using: &rng)).map { _ in UInt8.random(in: 0...255, using: &rng) },
                Array("text with \"quotes\", commas\nand lines".utf8),
            ])
        }
    }

    @Test func csvRoundTripsThroughGzipInRandomChunks() throws {
        let records = sampleRecords(count: 3000, seed: 42)
        let compressed = try encodeAll(
            header: ["id", "maybe", "blob", "text"], records: records, configuration: .init(compression: .gzip),
            takeEvery: 97)
        #expect(compressed.starts(with: [0x1F, 0x8B]))  // gzip magic
        let plain = try encodeAll(header: ["id", "maybe", "blob", "text"], records: records)
        #expect(compressed.count < plain.count)
        let decoded = try decodeAll(compressed, chunkSizes: [1, 7, 500, 3, 4096], configuration: .init(compression: .gzip))
        #expect(decoded.records == records)
        #expect(decoded.header?.strings == ["id", "maybe", "blob", "text"])
    }

    @Test func decompressorReadsConcatenatedMembers() throws {
        var first = GzipCompressor()
        var part1 = first.compress(Array("hello, ".utf8))
        part1 += first.finish()
        var second = GzipCompressor(level: 1)
        var part2 = second.compress(Array("world".utf8))
        part2 += second.finish()
        var decompressor = GzipDecompressor()
        var output: [UInt8] = []
        for byte in part1 + part2 { output += try decompressor.decompress([byte]) }
        try decompressor.finish()
        #expect(String(decoding: output, as: UTF8.self) == "hello, world")
    }

    @Test func truncatedGzipIsReportedAtFinish() throws {
        var compressor = GzipCompressor()
        var data = compressor.compress(Array(repeating: UInt8(ascii: "a"), count: 10_000))
        data += compressor.finish()
        var decoder = CSVDecoder(configuration: .init(hasHeader: false, compression: .gzip))
        _ = try decoder.feed(data.dropLast(6))
        let error = captureCSVError { _ = try decoder.finish() }
        #expect(error?.code == .compression)
        #expect(error?.underlying?.code == .truncatedStream)
        #expect(error?.description.contains("cut short") == true)
    }

    @Test func corruptGzipIsReported() throws {
        var decoder = CSVDecoder(configuration: .init(compression: .gzip))
        let error = captureCSVError { _ = try decoder.feed(Array("a,b\n1,2\n".utf8)) }
        #expect(error?.code == .compression)
        #expect(error?.underlying?.code == .corruptData)
    }

    @Test func emptyInputIsNotAGzipStream() throws {
        var decoder = CSVDecoder(configuration: .init(compression: .gzip))
        let error = captureCSVError { _ = try decoder.finish() }
        #expect(error?.underlying?.code == .emptyStream)
    }

    /// Copies of a compressor are independent (copy-on-write through deflateCopy).
    @Test func compressorCopiesAreIndependent() throws {
        var original = GzipCompressor()
        var prefix = original.compress(Array("shared prefix ".utf8))
        var copy = original
        var a = prefix + original.compress(Array("branch A".utf8))
        a += original.finish()
        prefix += copy.compress(Array("branch B, longer".utf8))
        prefix += copy.finish()
        var inflateA = GzipDecompressor()
        var inflateB = GzipDecompressor()
        let textA = try inflateA.decompress(a)
        let textB = try inflateB.decompress(prefix)
        try inflateA.finish()
        try inflateB.finish()
        #expect(String(decoding: textA, as: UTF8.self) == "shared prefix branch A")
        #expect(String(decoding: textB, as: UTF8.self) == "shared prefix branch B, longer")
    }
}
