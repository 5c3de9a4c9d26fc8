import Crypto
@testable import DataPlane
import Foundation
import JSONValue
import Testing

private func sha256Hex(_ bytes: [UInt8]) -> String {
    SHA256.hash(data: bytes).map { String(format: "%02x", $0) }.joined()
}

private let allTypes: [SQLType] = [
    .boolean, .integer(bits: 8, isSigned: true), .integer(bits: 16, isSigned: false),
    .integer(bits: 24, isSigned: true), .integer(bits: 32, isSigned: false), .integer(bits: 64, isSigned: true),
    .integer(bits: 64, isSigned: false), .decimal(precision: 38, scale: 10), .float, .double, .char(length: 5),
    .varchar(length: 100), .text, .binary(length: 4), .varbinary(length: 50), .blob, .date, .time(precision: 3),
    .timestamp(precision: 6, hasTimeZone: false), .timestamp(precision: 0, hasTimeZone: true), .json,
]

private func sampleManifest(compression: CSVCompression = .none) -> TransferManifest {
    TransferManifest(
        objectName: "orders.csv", compression: compression, rowCount: 3, byteCount: 42,
        sha256: String(repeating: "ab", count: 32),
        columns: allTypes.enumerated().map { SQLColumn(name: "c\($0.offset) ✓", type: $0.element, isNullable: $0.offset % 2 == 0) },
        created: Date(timeIntervalSince1970: 1_764_411_300.123), source: "mysql://ferry@127.0.0.1:3307/app",
        querySHA256: String(repeating: "0f", count: 32))
}

@Suite struct ManifestEncodingTests {
    @Test func roundTripsEveryField() throws {
        for compression in [CSVCompression.none, .gzip] {
            let manifest = sampleManifest(compression: compression)
            let decoded = try TransferManifest(decoding: manifest.encoded(), subject: "m")
            #expect(decoded == manifest)
        }
    }

    @Test func encodingIsDeterministicAndOrdered() throws {
        let bytes = sampleManifest().encoded()
        #expect(bytes == sampleManifest().encoded())
        let text = String(decoding: bytes, as: UTF8.self)
        #expect(text.hasSuffix("}\n"))
        let order = ["\"format\"", "\"version\"", "\"object\"", "\"compression\"", "\"rows\"", "\"bytes\"", "\"sha256\"",
                     "\"columns\"", "\"created\"", "\"source\"", "\"query_sha256\""]
        let positions = order.map { text.range(of: $0)!.lowerBound }
        #expect(positions == positions.sorted())
        #expect(text.contains("\"created\": \"2025-11-29T10:15:00.123Z\""))
        #expect(text.contains("\"type\": \"uint64\""))
        #expect(text.contains("\"format\": \"ferry.csv-manifest\""))
    }

    @Test func everyTypeNameReadsBack() {
        for type in allTypes {
            let name = TransferManifest.typeName(type)
            #expect(TransferManifest.type(named: name) == type, "\(name)")
        }
        for bad in ["int", "int12", "decimal(1)", "decimal(1,2,3)", "varchar", "varchar()", "varchar(-1)", "text(3)",
                    "time", "timestamp(x)", "JSON", "blob(1)", "char(01)", "boolean()"] {
            #expect(TransferManifest.type(named: bad) == nil, "\(bad)")
        }
    }

    @Test func timestampsFormatAndParseInUTC() {
        let cases: [(Double, String)] = [
            (0, "1970-01-01T00:00:00.000Z"), (951_782_400.5, "2000-02-29T00:00:00.500Z"),
            (-1, "1969-12-31T23:59:59.000Z"), (253_402_300_799.999, "9999-12-31T23:59:59.999Z"),
        ]
        for (seconds, text) in cases {
            #expect(TransferManifest.timestampText(Date(timeIntervalSince1970: seconds)) == text)
            let parsed = TransferManifest.parseTimestamp(text)
            #expect(parsed.map { abs($0.timeIntervalSince1970 - seconds) < 0.001 } == true, "\(text)")
        }
        #expect(TransferManifest.parseTimestamp("2024-05-01T10:00:00Z") == Date(timeIntervalSince1970: 1_714_557_600))
        for bad in ["2024-05-01", "2024-05-01T10:00:00", "2024-13-01T10:00:00Z", "2024-05-01 10:00:00Z", "x"] {
            #expect(TransferManifest.parseTimestamp(bad) == nil, "\(bad)")
        }
    }

    @Test(arguments: [
        ("{}", "\"format\" is missing"),
        ("[1]", "not a JSON object"),
        ("not json", "not valid JSON"),
        ("{\"format\": 1, \"format\": 2}", "not valid JSON"),
    ])
    func refusesMalformedManifests(text: String, expected: String) {
        let error = #expect(throws: TransferError.self) {
            _ = try TransferManifest(decoding: Array(text.utf8), subject: "file:///x/o.csv.manifest.json")
        }
        #expect(error?.code == .invalidManifest)
        #expect(error?.description.hasPrefix("file:///x/o.csv.manifest.json: ") == true)
        #expect(error?.description.contains(expected) == true, "\(String(describing: error))")
    }

    @Test func refusesWrongMembers() throws {
        let good = sampleManifest().json.objectValue!
        let edits: [(String, JSONValue?, String)] = [
            ("format", .string("other"), "not a Ferry manifest"),
            ("version", .integer(2), "version 2 is not supported"),
            ("rows", .integer(-1), "\"rows\" must be a non-negative integer"),
            ("bytes", .string("12"), "\"bytes\" must be a non-negative integer"),
            ("sha256", .string("ABC"), "\"sha256\" must be 64 lowercase"),
            ("compression", .string("zstd"), "expected \"none\" or \"gzip\""),
            ("columns", .array([]), "non-empty array"),
            ("columns", .array([.object(["name": "a", "type": "int33", "nullable": true])]), "not a known type"),
            ("columns", .array([.object(["name": "", "type": "text", "nullable": true])]), "name must be"),
            ("created", .string("yesterday"), "\"created\""),
            ("query_sha256", nil, "\"query_sha256\" is missing"),
        ]
        for (member, value, expected) in edits {
            var object = good
            object[member] = value
            let error = #expect(throws: TransferError.self, "\(member)") {
                _ = try TransferManifest(decoding: Array(JSONValue.object(object).serialized().utf8), subject: "m")
            }
            #expect(error?.code == .invalidManifest)
            #expect(error?.description.contains(expected) == true, "\(member): \(String(describing: error))")
        }
    }

    @Test func manifestKeySitsNextToTheObject() throws {
        #expect(try TransferManifest.key(for: ObjectKey("a/b/orders.csv")).rawValue == "a/b/orders.csv.manifest.json")
        #expect(throws: ObjectStoreError.self) {
            try TransferManifest.key(for: ObjectKey(String(repeating: "k", count: 1020)))
        }
    }
}

@Suite struct ManifestVerificationTests {
    private func verify(_ bytes: [UInt8], against manifest: TransferManifest, chunk: Int = 7) async throws
        -> ([UInt8], VerifiedObjectChunks.Verification)
    {
        let chunks = stride(from: 0, to: bytes.count, by: chunk).map { Array(bytes[$0..<min($0 + chunk, bytes.count)]) }
        let stream = AsyncThrowingStream<[UInt8], any Error> { continuation in
            for piece in chunks { continuation.yield(piece) }
            continuation.finish()
        }
        let verification = VerifiedObjectChunks.Verification()
        var out: [UInt8] = []
        for try await piece in VerifiedObjectChunks(source: stream, manifest: manifest, subject: "obj", verification: verification) {
            out += piece
        }
        return (out, verification)
    }

    private func manifest(for stored: [UInt8], compression: CSVCompression = .none) -> TransferManifest {
        var manifest = sampleManifest(compression: compression)
        manifest.byteCount = Int64(stored.count)
        manifest.sha256 = sha256Hex(stored)
        return manifest
    }

    @Test func passesMatchingBytesThrough() async throws {
        let csv = Array("id,name\r\n1,\"a,b\"\r\n2,\r\n".utf8)
        let (out, verification) = try await verify(csv, against: manifest(for: csv))
        #expect(out == csv)
        #expect(verification.isVerified && verification.failure == nil)
    }

    @Test func decompressesGzipAndHashesTheStoredBytes() async throws {
        let csv = Array(String(repeating: "id,name\r\n1,x\r\n", count: 500).utf8)
        var compressor = GzipCompressor()
        let stored = compressor.compress(csv) + compressor.finish()
        let (out, verification) = try await verify(stored, against: manifest(for: stored, compression: .gzip), chunk: 13)
        #expect(out == csv)
        #expect(verification.isVerified)
    }

    @Test func refusesAChangedByte() async throws {
        let csv = Array("id,name\r\n1,abc\r\n".utf8)
        var changed = csv
        changed[12] = UInt8(ascii: "X")
        let error = await #expect(throws: TransferError.self) { _ = try await verify(changed, against: manifest(for: csv)) }
        #expect(error?.code == .checksumMismatch)
        #expect(error?.description.contains("obj: the object's SHA-256 is") == true)
    }

    @Test func refusesExtraAndMissingBytes() async throws {
        let csv = Array("id,name\r\n1,abc\r\n".utf8)
        let longer = await #expect(throws: TransferError.self) { _ = try await verify(csv + [0x41], against: manifest(for: csv)) }
        #expect(longer?.code == .sizeMismatch)
        let shorter = await #expect(throws: TransferError.self) { _ = try await verify(Array(csv.dropLast()), against: manifest(for: csv)) }
        #expect(shorter?.code == .sizeMismatch)
        #expect(shorter?.description.contains("has \(csv.count - 1) bytes but its manifest lists \(csv.count)") == true)
    }

    @Test func corruptGzipIsReportedAsAChecksumMismatch() async throws {
        let csv = Array(String(repeating: "id,name\r\n1,x\r\n", count: 50).utf8)
        var compressor = GzipCompressor()
        let stored = compressor.compress(csv) + compressor.finish()
        var corrupt = stored
        corrupt[12] ^= 0xFF
        let error = await #expect(throws: TransferError.self) {
            _ = try await verify(corrupt, against: manifest(for: stored, compression: .gzip))
        }
        #expect(error?.code == .checksumMismatch)
    }

    @Test func readManifestTellsAMissingManifestFromAMissingObject() async throws {
        let folder = try TemporaryFolder()
        let store = try LocalObjectStore(root: folder.path)
        let key = try ObjectKey("orders.csv")
        let absent = await #expect(throws: TransferError.self) { _ = try await Transfer.readManifest(from: store, key: key) }
        #expect(absent?.code == .manifestMissing && absent?.description.contains("no such object") == true)
        _ = try await store.put(key, from: OneChunk(bytes: Array("a\r\n1\r\n".utf8)))
        let bare = await #expect(throws: TransferError.self) { _ = try await Transfer.readManifest(from: store, key: key) }
        #expect(bare?.code == .manifestMissing && bare?.description.contains("has no manifest") == true)
        let manifest = sampleManifest()
        _ = try await store.put(try TransferManifest.key(for: key), from: OneChunk(bytes: manifest.encoded()))
        #expect(try await Transfer.readManifest(from: store, key: key) == manifest)
    }
}
