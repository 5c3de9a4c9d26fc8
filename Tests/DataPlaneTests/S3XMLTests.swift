import Foundation
import Testing

@testable import DataPlane

@Suite struct S3XMLTests {
    @Test func awsSignatureErrorKeepsOnlyCodeMessageAndRequestID() throws {
        let body = """
            <?xml version="1.0" encoding="UTF-8"?>
            <Error><Code>SignatureDoesNotMatch</Code><Message>The request signature we calculated does not match the \
            signature you provided. Check your key and signing method.</Message><AWSAccessKeyId>AKIDEXAMPLE\
            </AWSAccessKeyId><StringToSign>AWS4-HMAC-SHA256
            20240501T125130Z
            20240501/us-east-1/s3/aws4_request
            abc</StringToSign><SignatureProvided>deadbeef</SignatureProvided><StringToSignBytes>41 57</StringToSignBytes>\
            <CanonicalRequest>GET
            /ferry-test/x
            </CanonicalRequest><RequestId>4442587FB7D0A2F9</RequestId><HostId>host/id+=</HostId></Error>
            """
        let error = try #require(S3ErrorResponse.decode(Array(body.utf8)))
        #expect(error.code == "SignatureDoesNotMatch")
        #expect(error.message?.hasPrefix("The request signature we calculated") == true)
        #expect(error.requestID == "4442587FB7D0A2F9")
    }

    @Test func notAnErrorDocument() {
        #expect(S3ErrorResponse.decode([]) == nil)
        #expect(S3ErrorResponse.decode(Array("<html><body>Bad Gateway</body></html>".utf8)) == nil)
        #expect(S3ErrorResponse.decode(Array("Bad Gateway".utf8)) == nil)
    }

    @Test func truncatedListingWithEntitiesAndNamespace() throws {
        let body = """
            <?xml version="1.0" encoding="UTF-8"?>
            <ListBucketResult xmlns="http://s3.amazonaws.com/doc/2006-03-01/">
              <Name>ferry-test</Name><Prefix>runs/1/</Prefix><KeyCount>2</KeyCount><MaxKeys>2</MaxKeys>
              <IsTruncated>true</IsTruncated>
              <ContinuationToken>1ueGcxLPRx1Tr/XYExHnhbYLgveDs2J/wm36Hy4vbOwM=</ContinuationToken>
              <NextContinuationToken>1w41l63U0xa8q7smH50vCxyTQqdxo69O3EmK28Bi5PcROI4wI/EyIJg==</NextContinuationToken>
              <Contents>
                <Key>runs/1/a &amp; b&#x20;&lt;c&gt;.csv</Key>
                <LastModified>2024-05-01T12:34:56.789Z</LastModified>
                <ETag>&quot;d41d8cd98f00b204e9800998ecf8427e&quot;</ETag>
                <Size>1234567890123</Size>
                <StorageClass>STANDARD</StorageClass>
              </Contents>
              <Contents>
                <Key>runs/1/d&#233;j&#xE0;-vu.csv</Key>
                <LastModified>2024-05-01T12:34:57Z</LastModified>
                <ETag>"x"</ETag><Size>0</Size><StorageClass>STANDARD</StorageClass>
              </Contents>
            </ListBucketResult>
            """
        let page = try S3ListPage.decode(Array(body.utf8))
        #expect(page.isTruncated)
        #expect(page.nextContinuationToken == "1w41l63U0xa8q7smH50vCxyTQqdxo69O3EmK28Bi5PcROI4wI/EyIJg==")
        #expect(page.entries.map(\.key) == ["runs/1/a & b <c>.csv", "runs/1/déjà-vu.csv"])
        #expect(page.entries.map(\.size) == [1_234_567_890_123, 0])
        #expect(page.entries[0].lastModified.timeIntervalSince1970 == 1_714_566_896.789)
    }

    @Test func lastListingPageAndEmptyListing() throws {
        let last = try S3ListPage.decode(Array(
            "<ListBucketResult><IsTruncated>false</IsTruncated><Contents><Key>k</Key><Size>1</Size><LastModified>2024-01-01T00:00:00.000Z</LastModified></Contents></ListBucketResult>".utf8))
        #expect(!last.isTruncated && last.nextContinuationToken == nil && last.entries.count == 1)
        let empty = try S3ListPage.decode(Array("<ListBucketResult><KeyCount>0</KeyCount></ListBucketResult>".utf8))
        #expect(empty.entries.isEmpty && !empty.isTruncated)
    }

    @Test func urlEncodedListingKeysAreDecoded() throws {
        let body = """
            <ListBucketResult><IsTruncated>false</IsTruncated><EncodingType>url</EncodingType>\
            <Contents><Key>runs/1/a+b%2Bc%3D%C3%A9.csv</Key><Size>1</Size>\
            <LastModified>2026-11-29T02:54:25.1Z</LastModified></Contents></ListBucketResult>
            """
        let page = try S3ListPage.decode(Array(body.utf8))
        #expect(page.entries.map(\.key) == ["runs/1/a b+c=é.csv"])
        #expect(page.entries[0].lastModified.timeIntervalSince1970 == 1_795_920_865.1)
        let bad = body.replacingOccurrences(of: "%C3%A9", with: "%C3%")
        #expect(throws: S3DecodingError.self) { try S3ListPage.decode(Array(bad.utf8)) }
    }

    /// rclone (gofakes3) names the CreateMultipartUpload root <InitiateMultipartUpload>, without xmlns.
    @Test func rcloneInitiateAnswer() throws {
        let body = """
            <?xml version="1.0" encoding="UTF-8"?>
            <InitiateMultipartUpload>
              <Bucket>ferry-test</Bucket>
              <Key>mp/y</Key>
              <UploadId>421268c1-441a-47fd-9c98-392afb9bd92f</UploadId>
            </InitiateMultipartUpload>
            """
        #expect(try S3InitiateMultipartUploadResult.decode(Array(body.utf8)).uploadID == "421268c1-441a-47fd-9c98-392afb9bd92f")
        let etag = "<CompleteMultipartUploadResult><ETag>&#34;af5d-1&#34;</ETag></CompleteMultipartUploadResult>"
        #expect(try S3CompleteMultipartUploadResult.decode(Array(etag.utf8)) == .completed(eTag: "\"af5d-1\""))
    }

    @Test func listingEntriesMustBeComplete() {
        let noSize = "<ListBucketResult><Contents><Key>k</Key><LastModified>2024-01-01T00:00:00Z</LastModified></Contents></ListBucketResult>"
        #expect(throws: S3DecodingError.self) { try S3ListPage.decode(Array(noSize.utf8)) }
        let badDate = "<ListBucketResult><Contents><Key>k</Key><Size>1</Size><LastModified>yesterday</LastModified></Contents></ListBucketResult>"
        #expect(throws: S3DecodingError.self) { try S3ListPage.decode(Array(badDate.utf8)) }
        let wrongRoot = "<Error><Code>AccessDenied</Code></Error>"
        #expect(throws: S3DecodingError.self) { try S3ListPage.decode(Array(wrongRoot.utf8)) }
    }

    @Test func multipartDocuments() throws {
        let initiate = """
            <?xml version="1.0" encoding="UTF-8"?>
            <InitiateMultipartUploadResult xmlns="http://s3.amazonaws.com/doc/2006-03-01/"><Bucket>ferry-test</Bucket>\
            <Key>runs/1/big.csv</Key><UploadId>VXBsb2FkIElEIGZvciA2aWWpbmcncyBteS1tb3ZpZS5tMnRzIHVwbG9hZA</UploadId>\
            </InitiateMultipartUploadResult>
            """
        #expect(try S3InitiateMultipartUploadResult.decode(Array(initiate.utf8)).uploadID
            == "VXBsb2FkIElEIGZvciA2aWWpbmcncyBteS1tb3ZpZS5tMnRzIHVwbG9hZA")
        #expect(throws: S3DecodingError.self) {
            try S3InitiateMultipartUploadResult.decode(Array("<InitiateMultipartUploadResult/>".utf8))
        }
        let done = "<CompleteMultipartUploadResult><Location>x</Location><ETag>\"3858f62230ac3c915f300c664312c11f-9\"</ETag></CompleteMultipartUploadResult>"
        #expect(try S3CompleteMultipartUploadResult.decode(Array(done.utf8)) == .completed(eTag: "\"3858f62230ac3c915f300c664312c11f-9\""))
        let failed = "<?xml version=\"1.0\"?>\n\n<Error><Code>InternalError</Code><Message>We encountered an internal error. Please try again.</Message><RequestId>656c76696e6727732072657175657374</RequestId></Error>"
        guard case .failed(let error) = try S3CompleteMultipartUploadResult.decode(Array(failed.utf8)) else {
            Issue.record("a 200 answer with <Error> must decode as a failure")
            return
        }
        #expect(error.code == "InternalError")
        let uploads = """
            <ListMultipartUploadsResult xmlns="http://s3.amazonaws.com/doc/2006-03-01/"><Bucket>b</Bucket>\
            <IsTruncated>true</IsTruncated><NextKeyMarker>k2</NextKeyMarker><NextUploadIdMarker>u2</NextUploadIdMarker>\
            <Upload><Key>k1</Key><UploadId>u1</UploadId><Initiated>2024-05-01T00:00:00.000Z</Initiated></Upload>\
            <Upload><Key>k2</Key><UploadId>u2</UploadId></Upload></ListMultipartUploadsResult>
            """
        let page = try S3MultipartUploadsPage.decode(Array(uploads.utf8))
        #expect(page.uploads.map(\.uploadID) == ["u1", "u2"])
        #expect(page.isTruncated && page.nextKeyMarker == "k2" && page.nextUploadIDMarker == "u2")
    }

    @Test func completeRequestBodyListsPartsInOrderEscaped() {
        let body = S3CompleteMultipartUploadResult.requestBody(parts: [(2, "\"b\""), (1, "\"a&<\"")])
        #expect(
            body == "<CompleteMultipartUpload xmlns=\"http://s3.amazonaws.com/doc/2006-03-01/\">"
                + "<Part><PartNumber>1</PartNumber><ETag>&quot;a&amp;&lt;&quot;</ETag></Part>"
                + "<Part><PartNumber>2</PartNumber><ETag>&quot;b&quot;</ETag></Part></CompleteMultipartUpload>")
        let parsed = try? S3XML.parse(Array(body.utf8))
        #expect(parsed?.children("Part").first?.text(of: "ETag") == "\"a&<\"")
    }

    @Test func cdataCommentsAndProcessingInstructions() throws {
        let root = try S3XML.parse(Array(
            "\u{FEFF}<?xml version='1.0'?><!-- c --><a x='1' y=\"2\"><b><![CDATA[<not & markup>]]></b><!-- -- --><?pi x?><c/></a>\n".utf8))
        #expect(root.name == "a")
        #expect(root.text(of: "b") == "<not & markup>")
        #expect(root.child("c")?.text == "")
    }

    @Test(arguments: [
        ("", "empty"),
        ("<a>", "unterminated"),
        ("<a></b>", "mismatched"),
        ("<a><b></a></b>", "crossed"),
        ("<a/><b/>", "two roots"),
        ("<a>&unknown;</a>", "unknown entity"),
        ("<a>&#0;</a>", "NUL reference"),
        ("<a>&#xD800;</a>", "surrogate reference"),
        ("<a>& b</a>", "bare ampersand"),
        ("<a x=1/>", "unquoted attribute"),
        ("<a x='1' x='2'/>", "duplicate attribute"),
        ("<!DOCTYPE a [<!ENTITY x \"xx\">]><a>&x;</a>", "DTD"),
        ("<!DOCTYPE lolz [<!ENTITY lol \"lol\"><!ENTITY lol2 \"&lol;&lol;\">]><lolz>&lol2;</lolz>", "billion laughs"),
        ("<a><!DOCTYPE x></a>", "declaration inside"),
        ("<a><![CDATA[x</a>", "unterminated CDATA"),
        ("<a><!-- x</a>", "unterminated comment"),
        ("text", "no root"),
        ("<1a/>", "bad name"),
    ])
    func malformedDocumentsAreRefused(document: String, label: String) {
        #expect(throws: S3XMLError.self, "\(label)") { try S3XML.parse(Array(document.utf8)) }
    }

    @Test func invalidUTF8AndLimitsAreRefused() {
        #expect(throws: S3XMLError.self) { try S3XML.parse([0x3C, 0x61, 0x3E, 0xFF, 0xFE, 0x3C, 0x2F, 0x61, 0x3E]) }
        let deep = String(repeating: "<a>", count: 100_000) + String(repeating: "</a>", count: 100_000)
        #expect(throws: S3XMLError.self) { try S3XML.parse(Array(deep.utf8)) }
        let big = Array("<a>\(String(repeating: "x", count: 2000))</a>".utf8)
        #expect(throws: S3XMLError.self) { try S3XML.parse(big, limits: .init(maximumBytes: 1000)) }
        #expect((try? S3XML.parse(big)) != nil)
    }

    @Test func isoDates() {
        #expect(S3Date.parseISO8601("2024-05-01T12:51:30.000Z")?.timeIntervalSince1970 == 1_714_567_890)
        #expect(S3Date.parseISO8601("2024-05-01T12:51:30Z")?.timeIntervalSince1970 == 1_714_567_890)
        #expect(S3Date.parseISO8601("2024-05-01T14:51:30+02:00")?.timeIntervalSince1970 == 1_714_567_890)
        #expect(S3Date.parseISO8601("1970-01-01T00:00:00Z")?.timeIntervalSince1970 == 0)
        #expect(S3Date.parseISO8601("2024-02-29T23:59:59.5Z")?.timeIntervalSince1970 == 1_709_251_199.5)
        for bad in ["", "2024-05-01", "2024-13-01T00:00:00Z", "2024-05-01T12:51:30", "2024-05-01T12:51:30.Z", "x"] {
            #expect(S3Date.parseISO8601(bad) == nil, "\(bad)")
        }
    }

    @Test func httpDates() {
        #expect(S3Date.parseHTTPDate("Wed, 01 May 2024 12:51:30 GMT")?.timeIntervalSince1970 == 1_714_567_890)
        #expect(S3Date.parseHTTPDate("Thu, 01 Jan 1970 00:00:00 GMT")?.timeIntervalSince1970 == 0)
        #expect(S3Date.parseHTTPDate("Wed, 01 Foo 2024 12:51:30 GMT") == nil)
        #expect(S3Date.parseHTTPDate("2024-05-01") == nil)
    }
}
