// CSV codec benchmark: encodes ~100 MB of realistic rows, decodes them again, and compares both with a plain
// memchr + memcpy pass over the same bytes (the "native" floor: no parsing, just touching every byte once).
//
// Run: swift run -c release --package-path bench csv-bench [megabytes]

import DataPlane

#if canImport(Glibc)
import Glibc
#elseif canImport(Darwin)
import Darwin
#endif

let targetMegabytes = CommandLine.arguments.dropFirst().first.flatMap { Int($0) } ?? 100
let targetBytes = targetMegabytes * 1_000_000

/// Deterministic pseudo-random numbers (SplitMix64).
struct Generator: RandomNumberGenerator {
    var state: UInt64
    mutating func next() -> UInt64 {
        state &+= 0x9E37_79B9_7F4A_7C15
        var z = state
        z = (z ^ (z >> 30)) &* 0xBF58_476D_1CE4_E5B9
        z = (z ^ (z >> 27)) &* 0x94D0_49BB_1331_11EB
        return z ^ (z >> 31)
    }
}

/// A pool of realistic rows: id, amount (decimal text), created_at (timestamp), name (quotes/commas/newlines
/// sometimes), note (NULL 30%), tag (empty string 20%), unicode text.
func makeRows(count: Int) -> [[[UInt8]?]] {
    var rng = Generator(state: 2024)
    let words = ["alpha", "beta", "gamma", "Müller", "O'Brien", "naïve", "日本", "data", "order", "ferry", "🚢"]
    return (0..<count).map { index in
        let id = Array(String(1_000_000 + index).utf8)
        let cents = Int.random(in: 0..<10_000_000, using: &rng)
        let amount = Array("\(cents / 100).\(String(cents % 100).count == 1 ? "0" : "")\(cents % 100)".utf8)
        let second = Int.random(in: 0..<86_400, using: &rng)
        let timestamp = Array(
            "2024-05-\(10 + index % 18) \(10 + second / 3600 % 14):\(10 + second / 60 % 50):\(10 + second % 50).\(100_000 + index % 899_999)"
                .utf8)
        var name = (0..<Int.random(in: 1...4, using: &rng)).map { _ in words.randomElement(using: &rng)! }
            .joined(separator: " ")
        switch Int.random(in: 0..<10, using: &rng) {
        case 0: name += ", Inc."
        case 1: name = "\"\(name)\" quoted"
        case 2: name += "\nsecond line\r\nthird"
        default: break
        }
        let note: [UInt8]? = Int.random(in: 0..<10, using: &rng) < 3 ? nil : Array("note \(index % 97)".utf8)
        let tag: [UInt8]? = Int.random(in: 0..<10, using: &rng) < 2 ? [] : Array(words.randomElement(using: &rng)!.utf8)
        let text = Array(String(repeating: "lorem ipsum ", count: Int.random(in: 0...3, using: &rng)).utf8)
        return [id, amount, timestamp, Array(name.utf8), note, tag, text]
    }
}

func seconds(_ duration: Duration) -> Double {
    Double(duration.components.seconds) + Double(duration.components.attoseconds) / 1e18
}

func run() throws {
    let header = ["id", "amount", "created_at", "name", "note", "tag", "text"]
    let pool = makeRows(count: 10_000)
    let clock = ContinuousClock()
    let flushSize = 1 << 20

    // Encode.
    var chunks: [[UInt8]] = []
    var rows = 0
    var encodedBytes = 0
    var encoder = CSVEncoder(configuration: .init(lineTerminator: .lf))
    let encodeTime = try clock.measure {
        try encoder.writeHeader(header)
        while encodedBytes < targetBytes {
            for row in pool {
                for field in row { encoder.appendField(field) }
                try encoder.endRecord()
                if encoder.bufferedByteCount >= flushSize {
                    let chunk = encoder.takeOutput()
                    encodedBytes += chunk.count
                    chunks.append(chunk)
                }
            }
            rows += pool.count
        }
        let last = try encoder.finish()
        encodedBytes += last.count
        chunks.append(last)
    }

    // Decode.
    var decoded = 0
    var decodedFieldBytes = 0
    var decoder = CSVDecoder()
    let decodeTime = try clock.measure {
        for chunk in chunks {
            for record in try decoder.feed(chunk) {
                decoded += 1
                decodedFieldBytes &+= record.byteCount
            }
        }
        decoded += try decoder.finish().count
    }
    precondition(decoded == rows, "decoded \(decoded) rows, encoded \(rows)")
    precondition(decoder.headerNames == header)

    // Native reference: find every newline with memchr and copy every byte once.
    var newlines = 0
    let scratch = UnsafeMutableRawPointer.allocate(byteCount: flushSize * 2, alignment: 64)
    defer { scratch.deallocate() }
    let referenceTime = clock.measure {
        for chunk in chunks {
            chunk.withUnsafeBytes { raw in
                memcpy(scratch, raw.baseAddress!, raw.count)
                var cursor = raw.baseAddress!
                let end = cursor + raw.count
                while cursor < end, let found = memchr(cursor, 0x0A, end - cursor) {
                    newlines += 1
                    cursor = UnsafeRawPointer(found) + 1
                }
            }
        }
    }

    // gzip, on the first ~20 MB (zlib dominates; this shows its cost relative to the codec).
    let gzipSlice = Array(chunks.prefix(20))
    let gzipInput = gzipSlice.reduce(0) { $0 + $1.count }
    var compressed: [[UInt8]] = []
    var compressor = GzipCompressor(level: 6)
    let gzipTime = clock.measure {
        for chunk in gzipSlice { compressed.append(compressor.compress(chunk)) }
        compressed.append(compressor.finish())
    }
    var decompressor = GzipDecompressor()
    var gunzipped = 0
    let gunzipTime = try clock.measure {
        for chunk in compressed { gunzipped += try decompressor.decompress(chunk).count }
        try decompressor.finish()
    }
    precondition(gunzipped == gzipInput)

    let megabytes = Double(encodedBytes) / 1e6
    let encodeRate = megabytes / seconds(encodeTime)
    let decodeRate = megabytes / seconds(decodeTime)
    let referenceRate = megabytes / seconds(referenceTime)
    func format(_ value: Double) -> String {
        let tenths = Int((value * 10).rounded())
        return "\(tenths / 10).\(tenths % 10)"
    }
    print("rows: \(rows), CSV bytes: \(encodedBytes) (\(format(megabytes)) MB), newlines seen by memchr: \(newlines)")
    print("encode:            \(format(encodeRate)) MB/s  (\(format(seconds(encodeTime))) s, \(format(Double(rows) / seconds(encodeTime) / 1e6)) M rows/s)")
    print("decode:            \(format(decodeRate)) MB/s  (\(format(seconds(decodeTime))) s, \(format(Double(rows) / seconds(decodeTime) / 1e6)) M rows/s)")
    print("memchr+memcpy ref: \(format(referenceRate)) MB/s  (\(format(seconds(referenceTime))) s)")
    print("ratio encode/ref:  1 : \(format(referenceRate / encodeRate))   decode/ref: 1 : \(format(referenceRate / decodeRate))")
    print("gzip level 6:      \(format(Double(gzipInput) / 1e6 / seconds(gzipTime))) MB/s in, gunzip: \(format(Double(gzipInput) / 1e6 / seconds(gunzipTime))) MB/s out (\(format(Double(gzipInput) / 1e6)) MB sample, ratio \(format(Double(gzipInput) / Double(compressed.reduce(0) { $0 + $1.count })))x)")
}

try run()
