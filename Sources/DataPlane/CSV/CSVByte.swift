#if canImport(Glibc)
internal import Glibc
#elseif canImport(Musl)
internal import Musl
#elseif canImport(Darwin)
internal import Darwin
#endif

/// Byte constants shared by the CSV encoder and decoder.
enum CSVByte {
    static let comma: UInt8 = 0x2C
    static let quote: UInt8 = 0x22
    static let cr: UInt8 = 0x0D
    static let lf: UInt8 = 0x0A

    /// Whether `byte` is one of `,` `"` CR LF. All four are <= 0x2C, which makes the common case one compare.
    @inline(__always)
    static func isSpecial(_ byte: UInt8) -> Bool {
        byte <= comma && (byte == comma || byte == quote || byte == lf || byte == cr)
    }
}

extension CSVByte {
    /// The index of the first byte among `count` at `start` that ``isSpecial(_:)``, or `count` when none is:
    /// eight bytes at a time (a word holds one of the four bytes when XOR with that byte repeated has a zero byte).
    @inline(__always)
    static func firstSpecial(_ start: UnsafePointer<UInt8>, _ count: Int) -> Int {
        let ones: UInt64 = 0x0101_0101_0101_0101
        let highs: UInt64 = 0x8080_8080_8080_8080
        @inline(__always) func hasZeroByte(_ word: UInt64) -> Bool { (word &- ones) & ~word & highs != 0 }
        var i = 0
        let raw = UnsafeRawPointer(start)
        while i + 8 <= count {
            let word = raw.loadUnaligned(fromByteOffset: i, as: UInt64.self)
            if hasZeroByte(word ^ (ones &* UInt64(comma))) || hasZeroByte(word ^ (ones &* UInt64(quote)))
                || hasZeroByte(word ^ (ones &* UInt64(lf))) || hasZeroByte(word ^ (ones &* UInt64(cr)))
            {
                break
            }
            i += 8
        }
        while i < count && !isSpecial(start[i]) { i += 1 }
        return i
    }
}

@inline(__always)
func memchrQuote(_ start: UnsafePointer<UInt8>, _ count: Int) -> UnsafePointer<UInt8>? {
    guard let found = memchr(start, Int32(CSVByte.quote), count) else { return nil }
    return UnsafePointer(found.assumingMemoryBound(to: UInt8.self))
}
