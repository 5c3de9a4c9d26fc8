import DataPlane
import Testing

@Suite struct CSVErrorTests {
    @Test func tooManyFieldsNamesRecordFieldAndOffset() throws {
        let input = Array("a,b\n1,2\n3,4,5\n".utf8)
        let error = try #require(captureCSVError { _ = try decodeAll(input) })
        #expect(error.code == .fieldCountMismatch)
        #expect(error.recordNumber == 3)
        #expect(error.fieldNumber == 3)
        #expect(error.byteOffset == 11)  // the comma that starts the third field
        #expect(error.expectedFieldCount == 2)
        #expect(error.description.contains("record 3"))
        #expect(error.description.contains("field 3"))
        #expect(error.description.contains("byte offset 11"))
        #expect(error.description.contains("quote fields"))
    }

    @Test func tooFewFieldsNamesRecordAndMissingField() throws {
        let error = try #require(captureCSVError { _ = try decodeAll(Array("a,b,c\n1,2,3\n4,5\n".utf8)) })
        #expect(error.code == .fieldCountMismatch)
        #expect(error.recordNumber == 3)
        #expect(error.fieldNumber == 3)
        #expect(error.actualFieldCount == 2)
        #expect(error.byteOffset == 15)
    }

    @Test func blankLineInMultiColumnFileSuggestsRemovingIt() throws {
        let error = try #require(captureCSVError { _ = try decodeAll(Array("a,b\n1,2\n\n3,4\n".utf8)) })
        #expect(error.code == .fieldCountMismatch)
        #expect(error.recordNumber == 3)
        #expect(error.description.contains("blank line"))
    }

    @Test func unterminatedQuoteAtEndOfInput() throws {
        let error = try #require(captureCSVError { _ = try decodeAll(Array("a,b\n1,\"open\nstill open".utf8)) })
        #expect(error.code == .unterminatedQuote)
        #expect(error.recordNumber == 2)
        #expect(error.fieldNumber == 2)
        #expect(error.byteOffset == 6)  // where the quote opened
        #expect(error.description.contains("never closed"))
    }

    @Test func quoteInsideUnquotedField() throws {
        let error = try #require(captureCSVError { _ = try decodeAll(Array("a,b\nab\"c,d\n".utf8)) })
        #expect(error.code == .quoteInUnquotedField)
        #expect(error.recordNumber == 2)
        #expect(error.fieldNumber == 1)
        #expect(error.byteOffset == 6)
        #expect(error.description.contains("double the inner quote"))
    }

    @Test func characterAfterClosingQuote() throws {
        let error = try #require(captureCSVError { _ = try decodeAll(Array("a,b\n1,\"x\"y\n".utf8)) })
        #expect(error.code == .unexpectedCharacterAfterQuote)
        #expect(error.recordNumber == 2)
        #expect(error.fieldNumber == 2)
        #expect(error.byteOffset == 9)
        #expect(error.offendingByte == UInt8(ascii: "y"))
    }

    @Test func recordTooLarge() throws {
        let config = CSVDecoder.Configuration(hasHeader: false, maximumRecordSize: 16)
        let error = try #require(
            captureCSVError {
                _ = try decodeAll(Array(("ok\n\"" + String(repeating: "x", count: 100)).utf8), configuration: config)
            })
        #expect(error.code == .recordTooLarge)
        #expect(error.recordNumber == 2)
    }

    @Test func decoderStaysFailedAfterAnError() throws {
        var decoder = CSVDecoder()
        let first = captureCSVError { _ = try decoder.feed(Array("a\nb\"\n".utf8)) }
        #expect(first?.code == .quoteInUnquotedField)
        let second = captureCSVError { _ = try decoder.feed(Array("c\n".utf8)) }
        #expect(second == first)
    }

    @Test func errorLocationIsExactAcrossChunks() throws {
        let input = Array("h1,h2\n\"a\"\"b\",c\n1,2,3\n".utf8)
        for size in 1...input.count {
            let error = try #require(captureCSVError { _ = try decodeAll(input, chunkSizes: [size]) })
            #expect(error.code == .fieldCountMismatch)
            #expect(error.recordNumber == 3)
            #expect(error.byteOffset == 18)
        }
    }

    @Test func encoderRefusesFieldCountMismatchAndEmptyRecords() throws {
        var encoder = CSVEncoder()
        try encoder.writeHeader(["a", "b"])
        let mismatch = captureCSVError { try encoder.writeRecord(strings: ["1", "2", "3"]) }
        #expect(mismatch?.code == .fieldCountMismatch)
        #expect(mismatch?.recordNumber == 2)
        #expect(mismatch?.fieldNumber == 3)

        var empty = CSVEncoder()
        let error = captureCSVError { try empty.endRecord() }
        #expect(error?.code == .emptyRecord)
        #expect(error?.recordNumber == 1)
    }

    @Test func errorMessagesNeverContainFieldContents() throws {
        let secret = "s3cr3t-password"
        let error = try #require(captureCSVError { _ = try decodeAll(Array("a,b\n\(secret),x,y\n".utf8)) })
        #expect(!error.description.contains(secret))
    }
}
