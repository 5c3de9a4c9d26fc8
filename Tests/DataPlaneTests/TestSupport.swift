import DataPlane

/// A small deterministic random number generator (SplitMix64), so property-style tests are reproducible.
struct SeededGenerator: RandomNumberGenerator {
    var state: UInt64

    init(seed: UInt64) { self.state = seed }

    mutating func next() -> UInt64 {
        state &+= 0x9E37_79B9_7F4A_7C15
        var z = state
        z = (z ^ (z >> 30)) &* 0xBF58_476D_1CE4_E5B9
        z = (z ^ (z >> 27)) &* 0x94D0_49BB_1331_11EB
        return z ^ (z >> 31)
    }
}

/// Runs `body` and returns the CSVError it throws, or nil.
func captureCSVError(_ body: () throws -> Void) -> CSVError? {
    do {
        try body()
        return nil
    } catch {
        return error as? CSVError
    }
}

/// Decodes `input` fed in the given chunk sizes (cycled), returning the header and data records.
func decodeAll(
    _ input: [UInt8], chunkSizes: [Int] = [Int.max], configuration: CSVDecoder.Configuration = .init()
) throws(CSVError) -> (header: CSVRecord?, records: [CSVRecord]) {
    var decoder = CSVDecoder(configuration: configuration)
    var records: [CSVRecord] = []
    var offset = 0
    var turn = 0
    while offset < input.count {
        let size = Swift.max(1, Swift.min(chunkSizes[turn % chunkSizes.count], input.count - offset))
        records += try decoder.feed(input[offset..<(offset + size)])
        offset += size
        turn += 1
    }
    records += try decoder.finish()
    return (decoder.header, records)
}

/// Encodes a header and records into one byte array.
func encodeAll(
    header: [String]?, records: [CSVRecord], configuration: CSVEncoder.Configuration = .init(), takeEvery: Int = 7
) throws(CSVError) -> [UInt8] {
    var encoder = CSVEncoder(configuration: configuration)
    var output: [UInt8] = []
    if let header { try encoder.writeHeader(header) }
    for (index, record) in records.enumerated() {
        try encoder.writeRecord(record)
        if index % takeEvery == 0 { output += encoder.takeOutput() }
    }
    output += try encoder.finish()
    return output
}
