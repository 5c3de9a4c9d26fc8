#if canImport(FoundationEssentials)
public import FoundationEssentials
#else
public import Foundation
#endif
public import JSONValue
internal import CivilCalendar

/// The description of a CSV object that ``Transfer/extract(query:from:to:key:compression:now:logger:)`` writes next
/// to it as `<object>.manifest.json`, and that ``Transfer/load(from:key:into:options:connect:logger:)`` checks before
/// loading.
///
/// The manifest is written only after the object is complete, so its presence means a complete object; its byte
/// count and SHA-256 (of the object as stored, i.e. of the gzip bytes when compressed) let a load refuse an object
/// that was truncated, altered or replaced.
///
/// The JSON form is deterministic: members in a fixed order, two-space indentation, a trailing newline.
///
/// ```json
/// {
///   "format": "ferry.csv-manifest",
///   "version": 1,
///   "object": "orders.csv",
///   "compression": "none",
///   "rows": 2,
///   "bytes": 31,
///   "sha256": "5f0e…",
///   "columns": [
///     {"name": "id", "type": "int32", "nullable": false},
///     {"name": "note", "type": "varchar(100)", "nullable": true}
///   ],
///   "created": "2026-11-29T10:15:00.123Z",
///   "source": "mysql://ferry@127.0.0.1:3307/app",
///   "query_sha256": "9a1c…"
/// }
/// ```
///
/// Column types are written as `boolean`, `int8`…`int64` (`int24` too), `uint8`…`uint64`, `decimal(P,S)`,
/// `float`, `double`, `char(N)`, `varchar(N)`, `text`, `binary(N)`, `varbinary(N)`, `blob`, `date`, `time(P)`,
/// `timestamp(P)`, `timestamptz(P)` and `json` (see ``typeName(_:)``).
public struct TransferManifest: Sendable, Hashable {
    /// The `format` member's value, which identifies a Ferry manifest.
    public static let format = "ferry.csv-manifest"
    /// The format version this build writes and reads.
    public static let currentVersion = 1
    /// The suffix appended to an object's key to name its manifest.
    public static let keySuffix = ".manifest.json"
    /// The largest manifest accepted when reading (16 MiB), so a wrong object cannot exhaust memory.
    public static let maximumSize = 16 << 20

    /// The format version.
    public var version: Int
    /// The object's name (the last segment of its key), for people reading the manifest.
    public var objectName: String
    /// Whether the object is gzip-compressed.
    public var compression: CSVCompression
    /// The number of data rows (the header row is not counted).
    public var rowCount: Int
    /// The object's size in bytes, as stored.
    public var byteCount: Int64
    /// The SHA-256 of the object's bytes as stored, as 64 lowercase hexadecimal digits.
    public var sha256: String
    /// The CSV columns, in header order, with the source's types and nullability.
    public var columns: [SQLColumn]
    /// When the extract finished writing the object.
    public var created: Date
    /// The source connection, redacted (never a password), such as `mysql://ferry@db:3306/app`.
    public var source: String
    /// The SHA-256 of the query text as given (UTF-8), as lowercase hex.
    public var querySHA256: String

    /// Creates a manifest.
    ///
    /// - Parameters:
    ///   - version: The format version (default ``currentVersion``).
    ///   - objectName: The object's name.
    ///   - compression: The object's compression.
    ///   - rowCount: The number of data rows.
    ///   - byteCount: The object's size as stored.
    ///   - sha256: The SHA-256 of the stored bytes, lowercase hex.
    ///   - columns: The CSV columns in header order.
    ///   - created: When the object was written.
    ///   - source: The redacted source connection.
    ///   - querySHA256: The SHA-256 of the query text, lowercase hex.
    public init(
        version: Int = TransferManifest.currentVersion, objectName: String, compression: CSVCompression,
        rowCount: Int, byteCount: Int64, sha256: String, columns: [SQLColumn], created: Date, source: String,
        querySHA256: String
    ) {
        self.version = version
        self.objectName = objectName
        self.compression = compression
        self.rowCount = rowCount
        self.byteCount = byteCount
        self.sha256 = sha256
        self.columns = columns
        self.created = created
        self.source = source
        self.querySHA256 = querySHA256
    }

    /// The key of an object's manifest: the object's key with ``keySuffix`` appended.
    ///
    /// - Parameter object: The object's key.
    /// - Returns: The manifest's key.
    /// - Throws: ``ObjectStoreError`` when the longer key breaks the key rules (for example, the length limit).
    public static func key(for object: ObjectKey) throws(ObjectStoreError) -> ObjectKey {
        try ObjectKey(object.rawValue + keySuffix)
    }

    // MARK: Encoding

    /// The manifest as a JSON value, members in the documented order.
    public var json: JSONValue {
        let columnValues: [JSONValue] = columns.map { column in
            .object([
                "name": .string(column.name), "type": .string(Self.typeName(column.type)),
                "nullable": .bool(column.isNullable),
            ])
        }
        return .object([
            "format": .string(Self.format),
            "version": .integer(version),
            "object": .string(objectName),
            "compression": .string(compression.isCompressed ? "gzip" : "none"),
            "rows": .integer(rowCount),
            "bytes": .integer(Int(byteCount)),
            "sha256": .string(sha256),
            "columns": .array(columnValues),
            "created": .string(Self.timestampText(created)),
            "source": .string(source),
            "query_sha256": .string(querySHA256),
        ])
    }

    /// The manifest file's bytes: pretty-printed JSON (see ``json``) and a trailing newline.
    ///
    /// - Returns: UTF-8 JSON text.
    public func encoded() -> [UInt8] {
        Array((json.serialized(pretty: true) + "\n").utf8)
    }

    // MARK: Decoding

    /// Reads a manifest from its file's bytes, strictly.
    ///
    /// - Parameters:
    ///   - bytes: The manifest file's contents.
    ///   - subject: What to name in errors, such as the manifest's redacted URL.
    /// - Throws: ``TransferError`` with ``TransferError/Code/invalidManifest`` naming the member at fault.
    public init(decoding bytes: [UInt8], subject: String) throws(TransferError) {
        func fail(_ reason: String) -> TransferError {
            TransferError(code: .invalidManifest, subject: subject, reason: reason)
        }
        guard let text = String(validating: bytes, as: UTF8.self) else {
            throw fail("the manifest is not UTF-8 text; re-run the extract to rewrite it")
        }
        let value: JSONValue
        do {
            value = try JSONParser(options: .init(duplicateKeys: .reject)).parse(text)
        } catch {
            throw fail("the manifest is not valid JSON (\(error)); re-run the extract to rewrite it")
        }
        guard let object = value.objectValue else { throw fail("the manifest is not a JSON object") }
        func member(_ name: String) throws(TransferError) -> JSONValue {
            guard let value = object[name] else { throw fail("the member \"\(name)\" is missing") }
            return value
        }
        func string(_ name: String) throws(TransferError) -> String {
            guard let text = try member(name).stringValue else { throw fail("\"\(name)\" must be a string") }
            return text
        }
        func count(_ name: String) throws(TransferError) -> Int {
            guard case .integer(let number) = try member(name), number >= 0 else {
                throw fail("\"\(name)\" must be a non-negative integer")
            }
            return number
        }
        guard try string("format") == Self.format else {
            throw fail("\"format\" is not \"\(Self.format)\"; this is not a Ferry manifest")
        }
        let version = try count("version")
        guard version == Self.currentVersion else {
            throw fail(
                "format version \(version) is not supported (this Ferry reads version \(Self.currentVersion)); "
                    + "use a matching Ferry or re-run the extract")
        }
        self.version = version
        objectName = try string("object")
        switch try string("compression") {
        case "none": compression = .none
        case "gzip": compression = .gzip
        case let other: throw fail("\"compression\" is \"\(other)\"; expected \"none\" or \"gzip\"")
        }
        rowCount = try count("rows")
        byteCount = Int64(try count("bytes"))
        let digest = try string("sha256")
        guard Self.isSHA256Hex(digest) else { throw fail("\"sha256\" must be 64 lowercase hexadecimal digits") }
        sha256 = digest
        guard let columnValues = try member("columns").arrayValue, !columnValues.isEmpty else {
            throw fail("\"columns\" must be a non-empty array")
        }
        var columns: [SQLColumn] = []
        for (index, entry) in columnValues.enumerated() {
            guard let name = entry["name"]?.stringValue, !name.isEmpty, !name.utf8.contains(0) else {
                throw fail("columns[\(index)].name must be a non-empty string without NUL")
            }
            guard let typeText = entry["type"]?.stringValue else { throw fail("columns[\(index)].type must be a string") }
            guard let type = Self.type(named: typeText) else {
                throw fail("columns[\(index)].type \"\(typeText)\" is not a known type")
            }
            guard let nullable = entry["nullable"]?.boolValue else {
                throw fail("columns[\(index)].nullable must be true or false")
            }
            columns.append(SQLColumn(name: name, type: type, isNullable: nullable))
        }
        self.columns = columns
        let createdText = try string("created")
        guard let created = Self.parseTimestamp(createdText) else {
            throw fail("\"created\" must be a UTC time such as 2026-11-29T10:15:00.123Z")
        }
        self.created = created
        source = try string("source")
        let queryDigest = try string("query_sha256")
        guard Self.isSHA256Hex(queryDigest) else {
            throw fail("\"query_sha256\" must be 64 lowercase hexadecimal digits")
        }
        querySHA256 = queryDigest
    }

    static func isSHA256Hex(_ text: String) -> Bool {
        text.utf8.count == 64 && text.utf8.allSatisfy { (0x30...0x39).contains($0) || (0x61...0x66).contains($0) }
    }

    // MARK: Types

    /// The manifest's name for a column type, such as `uint32`, `decimal(38,10)` or `timestamptz(6)`.
    ///
    /// - Parameter type: The type.
    /// - Returns: Its name; ``type(named:)`` reads it back.
    public static func typeName(_ type: SQLType) -> String {
        switch type {
        case .boolean: "boolean"
        case .integer(let bits, let isSigned): (isSigned ? "int" : "uint") + String(bits)
        case .decimal(let p, let s): "decimal(\(p),\(s))"
        case .float: "float"
        case .double: "double"
        case .char(let n): "char(\(n))"
        case .varchar(let n): "varchar(\(n))"
        case .text: "text"
        case .binary(let n): "binary(\(n))"
        case .varbinary(let n): "varbinary(\(n))"
        case .blob: "blob"
        case .date: "date"
        case .time(let p): "time(\(p))"
        case .timestamp(let p, let tz): (tz ? "timestamptz" : "timestamp") + "(\(p))"
        case .json: "json"
        }
    }

    /// Reads a type name written by ``typeName(_:)``.
    ///
    /// - Parameter name: The name.
    /// - Returns: The type, or `nil` when the name is not one ``typeName(_:)`` writes.
    public static func type(named name: String) -> SQLType? {
        var base = Substring(name)
        var arguments: [Int] = []
        if let open = name.firstIndex(of: "(") {
            guard name.hasSuffix(")") else { return nil }
            base = name[..<open]
            let inside = name[name.index(after: open)..<name.index(before: name.endIndex)]
            for part in inside.split(separator: ",", omittingEmptySubsequences: false) {
                guard let number = Int(part), number >= 0, String(number) == part else { return nil }
                arguments.append(number)
            }
        }
        func one(_ make: (Int) -> SQLType) -> SQLType? { arguments.count == 1 ? make(arguments[0]) : nil }
        func none(_ type: SQLType) -> SQLType? { arguments.isEmpty && !name.contains("(") ? type : nil }
        switch base {
        case "boolean": return none(.boolean)
        case "int8", "int16", "int24", "int32", "int64":
            return none(.integer(bits: Int(base.dropFirst(3))!, isSigned: true))
        case "uint8", "uint16", "uint24", "uint32", "uint64":
            return none(.integer(bits: Int(base.dropFirst(4))!, isSigned: false))
        case "decimal":
            return arguments.count == 2 ? .decimal(precision: arguments[0], scale: arguments[1]) : nil
        case "float": return none(.float)
        case "double": return none(.double)
        case "char": return one { .char(length: $0) }
        case "varchar": return one { .varchar(length: $0) }
        case "text": return none(.text)
        case "binary": return one { .binary(length: $0) }
        case "varbinary": return one { .varbinary(length: $0) }
        case "blob": return none(.blob)
        case "date": return none(.date)
        case "time": return one { .time(precision: $0) }
        case "timestamp": return one { .timestamp(precision: $0, hasTimeZone: false) }
        case "timestamptz": return one { .timestamp(precision: $0, hasTimeZone: true) }
        case "json": return none(.json)
        default: return nil
        }
    }

    // MARK: Time

    /// `YYYY-MM-DDTHH:MM:SS.mmmZ` in UTC, computed without locale or calendar settings.
    static func timestampText(_ date: Date) -> String {
        let milliseconds = Int64((date.timeIntervalSince1970 * 1000).rounded())
        let (days, inDay) = milliseconds.quotientAndRemainder(dividingBy: 86_400_000)
        let dayNumber = inDay < 0 ? days - 1 : days
        let msOfDay = inDay < 0 ? inDay + 86_400_000 : inDay
        let civil = CivilDate(daysSinceEpoch: Int(dayNumber))
        let (year, month, day) = (Int64(civil.year), Int64(civil.month), Int64(civil.day))
        func pad(_ value: Int64, _ width: Int) -> String {
            let digits = String(value)
            return String(repeating: "0", count: max(0, width - digits.count)) + digits
        }
        return "\(pad(year, 4))-\(pad(month, 2))-\(pad(day, 2))T\(pad(msOfDay / 3_600_000, 2)):"
            + "\(pad(msOfDay / 60_000 % 60, 2)):\(pad(msOfDay / 1000 % 60, 2)).\(pad(msOfDay % 1000, 3))Z"
    }

    /// Parses `YYYY-MM-DDTHH:MM:SS[.fff]Z`.
    static func parseTimestamp(_ text: String) -> Date? {
        let bytes = Array(text.utf8)
        guard bytes.count >= 20, bytes.last == UInt8(ascii: "Z") else { return nil }
        func number(_ range: Range<Int>) -> Int64? {
            guard range.upperBound <= bytes.count else { return nil }
            var value: Int64 = 0
            for byte in bytes[range] {
                guard (0x30...0x39).contains(byte) else { return nil }
                value = value * 10 + Int64(byte - 0x30)
            }
            return value
        }
        guard bytes[4] == UInt8(ascii: "-"), bytes[7] == UInt8(ascii: "-"), bytes[10] == UInt8(ascii: "T"),
            bytes[13] == UInt8(ascii: ":"), bytes[16] == UInt8(ascii: ":"),
            let year = number(0..<4), let month = number(5..<7), let day = number(8..<10),
            let hour = number(11..<13), let minute = number(14..<16), let second = number(17..<19),
            (1...12).contains(month), (1...31).contains(day), hour < 24, minute < 60, second < 61
        else { return nil }
        var milliseconds: Int64 = 0
        if bytes.count > 20 {
            guard bytes[19] == UInt8(ascii: "."), bytes.count > 21, let fraction = number(20..<(bytes.count - 1))
            else { return nil }
            let digits = bytes.count - 21
            milliseconds = digits >= 3 ? fraction / pow10(digits - 3) : fraction * pow10(3 - digits)
        } else if bytes.count != 20 {
            return nil
        }
        let days = Int64(CivilDate(year: Int(year), month: Int(month), day: Int(day)).daysSinceEpoch)
        let total = ((days * 24 + hour) * 60 + minute) * 60 + second
        return Date(timeIntervalSince1970: Double(total * 1000 + milliseconds) / 1000)
    }

    private static func pow10(_ exponent: Int) -> Int64 {
        var value: Int64 = 1
        for _ in 0..<min(exponent, 18) { value *= 10 }
        return value
    }

}
