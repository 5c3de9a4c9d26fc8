import DataPlane
import Pipelines
import Testing

@Suite struct PipelineLogicTests {
    /// Every key in low...high falls in exactly one part, parts are non-empty ranges, and the count is about
    /// rows / size.
    @Test(arguments: [
        (Int64(1), Int64(600), Int64(600), 70, 9),
        (0, 9, 10, 1, 10),
        (0, 9, 10, 3, 4),
        (-50, 49, 100, 10, 10),
        (1, 1_000_000, 50, 10, 5),
        (5, 5, 1000, 10, 1),
        (1, 100, 100, 100, 1),
        (1, 100, 100, 1000, 1),
    ])
    func splitsKeyRanges(low: Int64, high: Int64, rows: Int64, size: Int, parts: Int) {
        let chunks = ExportChunk.split(low: low, high: high, rows: rows, size: size)
        #expect(chunks.count == parts)
        #expect(chunks.first?.lower == nil && chunks.last?.upper == nil)
        for (index, chunk) in chunks.enumerated() {
            #expect(chunk.part == index && chunk.count == parts)
            if index > 0 { #expect(chunk.lower == chunks[index - 1].upper, "contiguous") }
            if let lower = chunk.lower, let upper = chunk.upper { #expect(lower < upper) }
            if let lower = chunk.lower { #expect(lower <= high, "no empty tail part") }
        }
        for key in stride(from: low, through: high, by: Int(max(1, (high - low) / 997))) {
            let owners = chunks.filter { ($0.lower ?? .min) <= key && key < ($0.upper ?? .max) }
            #expect(owners.count == 1, "key \(key)")
        }
    }

    @Test func extremeKeysDoNotOverflow() {
        #expect(ExportChunk.split(low: .min, high: .max, rows: 1_000_000, size: 10) == [.whole])
        let chunks = ExportChunk.split(low: .min / 2, high: .max / 2, rows: 1_000_000, size: 100_000)
        #expect(chunks.count == 10)
    }

    @Test(arguments: ["2026-12-04", "batch-1", "3f2a9c1e-4b5d-4e6f-8a7b-9c0d1e2f3a4b", "a:b.c_d"])
    func acceptsSafeBatchIDs(id: String) throws {
        try Pipeline.checkBatchID(id)
    }

    @Test(arguments: ["", "../x", "a/b", ".hidden", "a b", "naïve", String(repeating: "x", count: 81), "a\u{0}b"])
    func refusesBatchIDsThatCouldEscapeTheirFolder(id: String) {
        #expect(throws: PipelineError.self) { try Pipeline.checkBatchID(id) }
    }
}
