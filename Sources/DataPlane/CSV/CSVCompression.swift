/// Whether a CSV stream is gzip-compressed.
///
/// Use ``none`` for plain CSV, ``gzip`` for gzip at zlib's default level, or ``gzip(level:)``.
public struct CSVCompression: Sendable, Hashable, CustomStringConvertible {
    /// The gzip level (1–9), or `nil` for no compression.
    public let gzipLevel: Int?

    private init(gzipLevel: Int?) { self.gzipLevel = gzipLevel }

    /// Plain, uncompressed CSV.
    public static let none = CSVCompression(gzipLevel: nil)

    /// gzip (RFC 1952) at zlib's default level 6.
    public static let gzip = CSVCompression(gzipLevel: 6)

    /// gzip at a chosen level.
    ///
    /// - Parameter level: 1 (fastest) to 9 (smallest). Decoding ignores the level.
    /// - Returns: The compression setting.
    public static func gzip(level: Int) -> CSVCompression {
        precondition((1...9).contains(level), "gzip level must be between 1 and 9, got \(level)")
        return CSVCompression(gzipLevel: level)
    }

    /// Whether this setting compresses.
    public var isCompressed: Bool { gzipLevel != nil }

    /// `none` or `gzip(level: N)`.
    public var description: String { gzipLevel.map { "gzip(level: \($0))" } ?? "none" }
}
