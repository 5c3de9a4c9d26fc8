/// An error found while encoding or decoding CSV.
///
/// Every decoding error names the record (1-based; with a header row the header is record 1), the field
/// (1-based), and the byte offset in the uncompressed CSV stream (0-based), and says how to fix the input.
/// Messages never contain field contents, so they are safe to log.
public struct CSVError: Error, Sendable, Hashable, CustomStringConvertible {
    /// The kind of CSV failure, as an extensible set of values.
    public struct Code: Sendable, Hashable, CustomStringConvertible {
        private enum Base: Sendable, Hashable {
            case fieldCountMismatch
            case unterminatedQuote
            case quoteInUnquotedField
            case unexpectedCharacterAfterQuote
            case recordTooLarge
            case emptyRecord
            case compression
        }

        private let base: Base

        private init(_ base: Base) { self.base = base }

        /// A record has a different number of fields than the header (or the first record).
        public static let fieldCountMismatch = Code(.fieldCountMismatch)
        /// The input ended inside a quoted field.
        public static let unterminatedQuote = Code(.unterminatedQuote)
        /// A `"` appeared inside a field that did not start with a quote.
        public static let quoteInUnquotedField = Code(.quoteInUnquotedField)
        /// A closing quote was followed by something other than a comma, line break or another quote.
        public static let unexpectedCharacterAfterQuote = Code(.unexpectedCharacterAfterQuote)
        /// A single record exceeded the configured maximum size.
        public static let recordTooLarge = Code(.recordTooLarge)
        /// The encoder was asked to write a record with no fields, which CSV cannot represent.
        public static let emptyRecord = Code(.emptyRecord)
        /// The gzip layer failed; ``CSVError/underlying`` holds the ``GzipError``.
        public static let compression = Code(.compression)

        /// A short, stable name for the code, suitable for metric labels.
        public var description: String {
            switch base {
            case .fieldCountMismatch: "fieldCountMismatch"
            case .unterminatedQuote: "unterminatedQuote"
            case .quoteInUnquotedField: "quoteInUnquotedField"
            case .unexpectedCharacterAfterQuote: "unexpectedCharacterAfterQuote"
            case .recordTooLarge: "recordTooLarge"
            case .emptyRecord: "emptyRecord"
            case .compression: "compression"
            }
        }
    }

    /// What went wrong.
    public var code: Code
    /// The 1-based record number (the header, if any, is record 1).
    public var recordNumber: Int
    /// The 1-based field number within the record, when one applies.
    public var fieldNumber: Int?
    /// The 0-based offset in the uncompressed CSV byte stream where the problem was detected.
    public var byteOffset: Int?
    /// For ``Code/fieldCountMismatch``: the field count the header (or first record) established.
    public var expectedFieldCount: Int?
    /// For ``Code/fieldCountMismatch``: how many fields the record has (or has reached, for too many).
    public var actualFieldCount: Int?
    /// For ``Code/unexpectedCharacterAfterQuote``: the offending byte.
    public var offendingByte: UInt8?
    /// For ``Code/compression``: the gzip error.
    public var underlying: GzipError?

    /// Creates a CSV error.
    ///
    /// - Parameters:
    ///   - code: What went wrong.
    ///   - recordNumber: The 1-based record number.
    ///   - fieldNumber: The 1-based field number, if any.
    ///   - byteOffset: The 0-based offset in the uncompressed stream, if known.
    public init(code: Code, recordNumber: Int, fieldNumber: Int? = nil, byteOffset: Int? = nil) {
        self.code = code
        self.recordNumber = recordNumber
        self.fieldNumber = fieldNumber
        self.byteOffset = byteOffset
    }

    private var location: String {
        var parts = ["record \(recordNumber)"]
        if let fieldNumber { parts.append("field \(fieldNumber)") }
        if let byteOffset { parts.append("byte offset \(byteOffset)") }
        return parts.joined(separator: ", ")
    }

    /// A one-line message: what is wrong, where (record, field, byte offset), and how to fix it.
    public var description: String {
        switch code {
        case .fieldCountMismatch:
            let expected = expectedFieldCount ?? 0
            let actual = actualFieldCount ?? 0
            let count = actual > expected ? "more than \(expected) fields" : actual == 1 ? "1 field" : "\(actual) fields"
            var text = "CSV \(location): the record has \(count) but record 1 (the header) has \(expected); "
            if actual == 1 && expected > 1 {
                text += "a blank line is a record with one NULL field, so remove blank lines, or "
            }
            text += "quote fields that contain commas or line breaks, and give every record the same number of fields"
            return text
        case .unterminatedQuote:
            return "CSV \(location): a quoted field opened at this offset is never closed before the end of input; "
                + "close the field with \" and write every quote inside it as \"\" (RFC 4180), "
                + "or check whether the data was truncated"
        case .quoteInUnquotedField:
            return "CSV \(location): a \" appears inside a field that does not start with a quote; "
                + "enclose the whole field in quotes and double the inner quote (\"\"), as RFC 4180 requires"
        case .unexpectedCharacterAfterQuote:
            let byte = offendingByte.map { " (byte 0x\(String($0, radix: 16, uppercase: true)))" } ?? ""
            return "CSV \(location): a closing quote is followed by a character other than a comma or line break\(byte); "
                + "write a literal quote inside a quoted field as \"\" and keep text after a closing quote inside it"
        case .recordTooLarge:
            return "CSV \(location): the record exceeds the configured maximum record size; "
                + "this usually means an unbalanced quote swallowed the rest of the file: check the quoting, "
                + "or raise CSVDecoder.Configuration.maximumRecordSize"
        case .emptyRecord:
            return "CSV \(location): a record with no fields cannot be written in CSV; write at least one field "
                + "(a single NULL field is written as an empty line)"
        case .compression:
            return "CSV \(location): " + (underlying.map { String(describing: $0) } ?? "gzip failed")
        default:
            return "CSV \(location): error \(code)"
        }
    }
}
