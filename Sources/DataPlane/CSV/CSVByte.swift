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

@inline(__always)
func memchrQuote(_ start: UnsafePointer<UInt8>, _ count: Int) -> UnsafePointer<UInt8>? {
    guard let found = memchr(start, Int32(CSVByte.quote), count) else { return nil }
    return UnsafePointer(found.assumingMemoryBound(to: UInt8.self))
}
