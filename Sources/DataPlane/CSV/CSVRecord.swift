/// One CSV record: an ordered list of fields, each either `nil` (SQL NULL) or a byte string.
///
/// Fields are bytes, not `String`s, so invalid UTF-8 and binary data survive a round trip unchanged. Use
/// ``string(at:)`` or ``strings`` for text. All fields share one contiguous byte buffer, so a record costs two
/// allocations however many fields it has.
///
/// ```swift
/// let record = CSVRecord(strings: ["42", nil, ""])   // 42, NULL, empty string
/// record[1] == nil          // true: NULL
/// record[2] == []           // true: empty string
/// ```
public struct CSVRecord: Sendable, Hashable, RandomAccessCollection, CustomStringConvertible {
    /// The field bytes, concatenated.
    @usableFromInline var bytes: [UInt8]
    /// The end offset of each field in `bytes`; a NULL field stores `~end` (a negative number).
    @usableFromInline var ends: [Int]

    @usableFromInline init(bytes: [UInt8], ends: [Int]) {
        self.bytes = bytes
        self.ends = ends
    }

    /// Creates an empty record with no fields.
    public init() {
        self.bytes = []
        self.ends = []
    }

    /// Creates a record from byte fields; `nil` is SQL NULL.
    ///
    /// - Parameter fields: The fields, in order.
    public init(_ fields: [[UInt8]?]) {
        self.init()
        ends.reserveCapacity(fields.count)
        for field in fields { append(field) }
    }

    /// Creates a record from text fields, stored as their UTF-8 bytes; `nil` is SQL NULL.
    ///
    /// - Parameter strings: The fields, in order.
    public init(strings: [String?]) {
        self.init()
        ends.reserveCapacity(strings.count)
        for field in strings { append(field.map { Array($0.utf8) }) }
    }

    /// Appends a field; `nil` appends SQL NULL.
    ///
    /// - Parameter field: The field bytes, or `nil` for NULL.
    public mutating func append(_ field: [UInt8]?) {
        if let field {
            bytes.append(contentsOf: field)
            ends.append(bytes.count)
        } else {
            ends.append(~bytes.count)
        }
    }

    /// The position of the first field (always 0).
    public var startIndex: Int { 0 }

    /// One past the position of the last field: the number of fields.
    public var endIndex: Int { ends.count }

    @inline(__always)
    @usableFromInline func bounds(_ index: Int) -> (start: Int, end: Int, isNull: Bool) {
        let raw = ends[index]
        let start: Int
        if index == 0 {
            start = 0
        } else {
            let previous = ends[index - 1]
            start = previous < 0 ? ~previous : previous
        }
        return raw < 0 ? (start, ~raw, true) : (start, raw, false)
    }

    /// The field at `index`: its bytes, or `nil` for SQL NULL.
    ///
    /// - Parameter index: A field position, `0..<count`.
    public subscript(index: Int) -> [UInt8]? {
        let (start, end, isNull) = bounds(index)
        return isNull ? nil : Array(bytes[start..<end])
    }

    /// Whether the field at `index` is SQL NULL.
    ///
    /// - Parameter index: A field position, `0..<count`.
    /// - Returns: `true` for NULL, `false` for any byte string, including the empty one.
    public func isNull(at index: Int) -> Bool { ends[index] < 0 }

    /// Calls `body` with the bytes of the field at `index` without copying them, or with `nil` for NULL.
    ///
    /// - Parameters:
    ///   - index: A field position, `0..<count`.
    ///   - body: Receives the field bytes; the buffer is valid only during the call.
    /// - Returns: What `body` returns.
    public func withFieldBytes<R, E: Error>(
        at index: Int, _ body: (UnsafeRawBufferPointer?) throws(E) -> R
    ) throws(E) -> R {
        let (start, end, isNull) = bounds(index)
        if isNull { return try body(nil) }
        var result: Result<R, E>?
        bytes.withUnsafeBytes { all in
            result = Result { () throws(E) -> R in try body(UnsafeRawBufferPointer(rebasing: all[start..<end])) }
        }
        return try result!.get()
    }

    /// The field at `index` decoded as UTF-8, or `nil` for SQL NULL.
    ///
    /// Invalid UTF-8 sequences are replaced with U+FFFD; use the byte subscript when the bytes must be exact.
    ///
    /// - Parameter index: A field position, `0..<count`.
    /// - Returns: The text, or `nil` for NULL.
    public func string(at index: Int) -> String? {
        let (start, end, isNull) = bounds(index)
        return isNull ? nil : String(decoding: bytes[start..<end], as: UTF8.self)
    }

    /// All fields decoded as UTF-8 (invalid sequences replaced with U+FFFD); `nil` for SQL NULL.
    public var strings: [String?] { indices.map { string(at: $0) } }

    /// All fields as byte arrays; `nil` for SQL NULL.
    public var fields: [[UInt8]?] { indices.map { self[$0] } }

    /// The total number of field bytes in the record (excluding separators and quoting).
    public var byteCount: Int { bytes.count }

    /// A debugging rendering: fields as text, NULL shown as `NULL`.
    ///
    /// > Important: this prints field contents; do not log it above trace level for user data.
    public var description: String {
        "[" + strings.map { $0.map { "\"\($0)\"" } ?? "NULL" }.joined(separator: ", ") + "]"
    }
}
