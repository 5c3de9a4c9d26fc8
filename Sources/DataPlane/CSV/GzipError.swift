/// An error from the gzip compressor or decompressor.
///
/// The message says what failed and how to fix it; it never contains payload bytes.
public struct GzipError: Error, Sendable, Hashable, CustomStringConvertible {
    /// The kind of gzip failure, as an extensible set of values.
    public struct Code: Sendable, Hashable, CustomStringConvertible {
        private enum Base: Sendable, Hashable {
            case corruptData
            case truncatedStream
            case emptyStream
            case internalFailure
        }

        private let base: Base

        private init(_ base: Base) { self.base = base }

        /// The input is not a valid gzip stream (bad header, bad checksum or bad deflate data).
        public static let corruptData = Code(.corruptData)
        /// The input ended in the middle of a gzip member.
        public static let truncatedStream = Code(.truncatedStream)
        /// The input contained no bytes at all; even an empty gzip file has a header and trailer.
        public static let emptyStream = Code(.emptyStream)
        /// zlib failed for a reason unrelated to the input (for example, out of memory).
        public static let internalFailure = Code(.internalFailure)

        /// A short, stable name for the code, suitable for metric labels.
        public var description: String {
            switch base {
            case .corruptData: "corruptData"
            case .truncatedStream: "truncatedStream"
            case .emptyStream: "emptyStream"
            case .internalFailure: "internalFailure"
            }
        }
    }

    /// What went wrong.
    public var code: Code
    /// The number of compressed input bytes consumed before the failure was detected.
    public var compressedByteOffset: Int
    /// zlib's own message or return code, when it gave one.
    public var zlibMessage: String?

    /// Creates a gzip error.
    ///
    /// - Parameters:
    ///   - code: What went wrong.
    ///   - compressedByteOffset: Compressed input bytes consumed before the failure.
    ///   - zlibMessage: zlib's message, if any.
    public init(code: Code, compressedByteOffset: Int, zlibMessage: String? = nil) {
        self.code = code
        self.compressedByteOffset = compressedByteOffset
        self.zlibMessage = zlibMessage
    }

    /// A one-line message naming the failure, where it happened and what to do.
    public var description: String {
        let zlib = zlibMessage.map { " (zlib: \($0))" } ?? ""
        switch code {
        case .corruptData:
            return "gzip data is corrupt at or before compressed byte \(compressedByteOffset)\(zlib); "
                + "check that the object really is gzip-compressed, or read it without gzip"
        case .truncatedStream:
            return "gzip stream ends in the middle of a member after \(compressedByteOffset) compressed bytes\(zlib); "
                + "the object was probably cut short: re-upload or re-export it"
        case .emptyStream:
            return "gzip stream is empty (0 bytes); a gzip file always has a header and trailer: "
                + "check the object, or read it without gzip"
        default:
            return "zlib failed after \(compressedByteOffset) compressed bytes\(zlib); retry, and report it if it persists"
        }
    }
}
