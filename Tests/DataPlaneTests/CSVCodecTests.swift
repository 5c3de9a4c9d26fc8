import DataPlane
import Testing

@Suite struct CSVCodecTests {
    @Test func encodesNullAsUnquotedEmptyAndEmptyStringAsQuotes() throws {
        var encoder = CSVEncoder()
        try encoder.writeHeader(["a", "b", "c", "d"])
        try encoder.writeRecord([nil, [], Array("x".utf8), nil])
        let output = try encoder.finish()
        #expect(String(decoding: output, as: UTF8.self) == "a,b,c,d\r\n,\"\",x,\r\n")
    }

    @Test func decodesNullAndEmptyStringExactly() throws {
        let (header, records) = try decodeAll(Array("h1,h2,h3,h4\n,\"\",x,\n\"\",,\"\",\"\"\n".utf8))
        #expect(header?.strings == ["h1", "h2", "h3", "h4"])
        #expect(records.count == 2)
        #expect(records[0].fields == [nil, [], Array("x".utf8), nil])
        #expect(records[1].fields == [[], nil, [], []])
        #expect(records[0].isNull(at: 0) && !records[0].isNull(at: 1))
    }

    @Test func quotesOnlyWhatNeedsQuoting() throws {
        var encoder = CSVEncoder(configuration: .init(lineTerminator: .lf))
        try encoder.writeRecord(strings: ["plain", "tab\there", "com,ma", "quo\"te", "line\nfeed", "car\rriage", " sp "])
        let text = String(decoding: try encoder.finish(), as: UTF8.self)
        #expect(text == "plain,tab\there,\"com,ma\",\"quo\"\"te\",\"line\nfeed\",\"car\rriage\", sp \n")
    }

    @Test func passesInvalidUTF8AndBinaryThroughByteExactly() throws {
        let weird: [UInt8] = [0xFF, 0xFE, 0x00, 0xC3, 0x28, 0x22, 0x2C, 0x0D, 0x0A, 0xED, 0xA0, 0x80, 0xF4, 0x90]
        let records = [CSVRecord([weird, [0x80], Array("日本語 – ünïcödé 🚀".utf8)])]
        let encoded = try encodeAll(header: ["x", "y", "z"], records: records)
        let (_, decoded) = try decodeAll(encoded)
        #expect(decoded == records)
        #expect(decoded[0][0] == weird)
    }

    @Test func acceptsLFCRLFAndLoneCRAsRecordTerminators() throws {
        let (header, records) = try decodeAll(Array("a,b\r\n1,2\n3,4\r5,6".utf8))
        #expect(header?.strings == ["a", "b"])
        #expect(records.map(\.strings) == [["1", "2"], ["3", "4"], ["5", "6"]])
    }

    @Test func keepsCRAndLFInsideQuotedFields() throws {
        let (_, records) = try decodeAll(Array("a,b\r\n\"x\r\ny\",\"\r\"\r\n".utf8))
        #expect(records.count == 1)
        #expect(records[0][0] == Array("x\r\ny".utf8))
        #expect(records[0][1] == [0x0D])
    }

    @Test func blankLineIsOneNullFieldForOneColumn() throws {
        var encoder = CSVEncoder(configuration: .init(lineTerminator: .lf))
        try encoder.writeHeader(["only"])
        try encoder.writeRecord([nil])
        try encoder.writeRecord([[]])
        try encoder.writeRecord([nil])
        let bytes = try encoder.finish()
        #expect(String(decoding: bytes, as: UTF8.self) == "only\n\n\"\"\n\n")
        let (_, records) = try decodeAll(bytes)
        #expect(records.map(\.fields) == [[nil], [[]], [nil]])
    }

    @Test func headerlessDecodingReturnsFirstRecord() throws {
        let (header, records) = try decodeAll(Array("1,2\n3,4\n".utf8), configuration: .init(hasHeader: false))
        #expect(header == nil)
        #expect(records.map(\.strings) == [["1", "2"], ["3", "4"]])
    }

    @Test func lastRecordWithoutTerminatorAndTrailingEmptyField() throws {
        let (_, records) = try decodeAll(Array("a,b\n1,\n2,\"\"".utf8))
        #expect(records.map(\.fields) == [[Array("1".utf8), nil], [Array("2".utf8), []]])
    }

    /// A tricky input decoded with a split at every position, and byte by byte, gives the same records.
    @Test func everyChunkBoundaryGivesTheSameRecords() throws {
        let tricky = Array(
            ("id,\"na,me\",note\r\n1,\"a \"\"quoted\"\" word\",\"line1\r\nline2\"\r\n2,,\"\"\r\n3,\t tab,\"\"\"\"\r\n"
                + "4,ünï,\"\r\"\n5,x,\"end\"").utf8)
        let expected = try decodeAll(tricky)
        #expect(expected.records.count == 5)
        #expect(expected.records[0][1] == Array("a \"quoted\" word".utf8))
        #expect(expected.records[1].fields == [Array("2".utf8), nil, []])
        #expect(expected.records[2][2] == Array("\"".utf8))
        for split in 0...tricky.count {
            var decoder = CSVDecoder()
            var records = try decoder.feed(tricky[..<split])
            records += try decoder.feed(tricky[split...])
            records += try decoder.finish()
            #expect(records == expected.records, "split at \(split)")
            #expect(decoder.header == expected.header)
        }
        let byteByByte = try decodeAll(tricky, chunkSizes: [1])
        #expect(byteByByte.records == expected.records)
    }

    /// Property-style: random records of random bytes (NULL, empty, specials, invalid UTF-8) round-trip exactly
    /// through both line terminators and random chunkings.
    @Test(arguments: [1, 2, 3, 4, 5, 6, 7, 8])
    func randomRecordsRoundTrip(seed: UInt64) throws {
        var rng = SeededGenerator(seed: seed)
        let alphabet: [UInt8] = [0x2C, 0x22, 0x0D, 0x0A, 0x09, 0x20, 0x00, 0xFF, 0xC3, 0xA9, 0x80, 0x61, 0x62, 0x31]
        for _ in 0..<40 {
            let columns = Int.random(in: 1...6, using: &rng)
            let records = (0..<Int.random(in: 0...30, using: &rng)).map { _ in
                CSVRecord(
                    (0..<columns).map { _ -> [UInt8]? in
                        switch Int.random(in: 0..<8, using: &rng) {
                        case 0: return nil
                        case 1: return []
                        default:
                            return (0..<Int.random(in: 1...12, using: &rng)).map { _ in
                                Bool.random(using: &rng)
                                    ? alphabet.randomElement(using: &rng)! : UInt8.random(in: 0...255, using: &rng)
                            }
                        }
                    })
            }
            let header = (0..<columns).map { "c\($0)" }
            let terminator: CSVEncoder.Configuration.LineTerminator = Bool.random(using: &rng) ? .crlf : .lf
            let encoded = try encodeAll(header: header, records: records, configuration: .init(lineTerminator: terminator))
            let sizes = (0..<5).map { _ in Int.random(in: 1...64, using: &rng) }
            let decoded = try decodeAll(encoded, chunkSizes: sizes)
            #expect(decoded.header?.strings == header)
            #expect(decoded.records == records)
        }
    }

    @Test func stringConveniencesAndFieldAccess() throws {
        var encoder = CSVEncoder()
        encoder.appendField("1")
        encoder.appendNull()
        encoder.appendField(Array("x".utf8) as [UInt8]?)
        try encoder.endRecord()
        #expect(encoder.recordCount == 1)
        let bytes = try encoder.finish()
        #expect(encoder.uncompressedByteCount == bytes.count)
        let (_, records) = try decodeAll(bytes, configuration: .init(hasHeader: false))
        let record = try #require(records.first)
        #expect(record.strings == ["1", nil, "x"])
        #expect(record.string(at: 1) == nil)
        let length = record.withFieldBytes(at: 2) { $0?.count }
        #expect(length == 1)
        #expect(record.withFieldBytes(at: 1) { $0 == nil })
    }
}
