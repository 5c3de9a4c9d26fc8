import Foundation
import NIOCore
import Testing

@testable import DataPlane

@Suite struct S3RequestBuilderTests {
    let date = Date(timeIntervalSince1970: 1_714_567_890)  // 2024-05-01T12:51:30Z

    @Test func pathStyleObjectURLEncodesEachByteOnce() {
        let builder = S3RequestBuilder(location: makeLocation(), credentials: fakeCredentials)
        let request = builder.makeRequest(method: "GET", key: "runs/1/a b+c=é.csv", payload: .empty, date: date)
        #expect(request.url == "http://127.0.0.1:9100/ferry-test/runs/1/a%20b%2Bc%3D%C3%A9.csv")
        #expect(request.header("host") == "127.0.0.1:9100")
        #expect(request.header("x-amz-date") == "20240501T125130Z")
        #expect(request.header("x-amz-content-sha256") == SigV4Payload.empty.value)
        #expect(request.header("authorization")?.hasPrefix(
            "AWS4-HMAC-SHA256 Credential=AKIDEXAMPLE/20240501/us-east-1/s3/aws4_request") == true)
        #expect(request.header("x-amz-security-token") == nil)
    }

    /// The Authorization header equals botocore's S3SigV4Auth on the same request (computed offline with botocore).
    @Test func uploadPartSignatureMatchesBotocore() {
        let builder = S3RequestBuilder(location: makeLocation(), credentials: fakeCredentials)
        let body = ByteBuffer(string: "hello part")
        let request = builder.makeRequest(
            method: "PUT", key: "runs/1/a b+c=é.csv", query: [("partNumber", "3"), ("uploadId", "abc/def")],
            body: body, payload: .bytes(Array("hello part".utf8)), date: date)
        #expect(request.url == "http://127.0.0.1:9100/ferry-test/runs/1/a%20b%2Bc%3D%C3%A9.csv?partNumber=3&uploadId=abc%2Fdef")
        #expect(
            request.header("authorization")
                == "AWS4-HMAC-SHA256 Credential=AKIDEXAMPLE/20240501/us-east-1/s3/aws4_request, "
                + "SignedHeaders=host;x-amz-content-sha256;x-amz-date, "
                + "Signature=f42d7e88667a21aa2e628283b50a83b148725b9cc66711334817bbeaeb717166")
        #expect(request.body?.readableBytes == 10)
    }

    @Test func virtualHostedOnAWSMatchesBotocore() {
        let location = makeLocation(endpoint: nil, region: "eu-west-1", pathStyle: false)
        let builder = S3RequestBuilder(location: location, credentials: fakeCredentials)
        let request = builder.makeRequest(
            method: "GET", key: nil, query: [("list-type", "2"), ("prefix", "runs/1/"), ("max-keys", "2")],
            payload: .empty, date: date)
        #expect(request.url == "https://ferry-test.s3.eu-west-1.amazonaws.com/?list-type=2&max-keys=2&prefix=runs%2F1%2F")
        #expect(request.header("host") == "ferry-test.s3.eu-west-1.amazonaws.com")
        #expect(
            request.header("authorization")
                == "AWS4-HMAC-SHA256 Credential=AKIDEXAMPLE/20240501/eu-west-1/s3/aws4_request, "
                + "SignedHeaders=host;x-amz-content-sha256;x-amz-date, "
                + "Signature=aff0db91ba83cad641ad1e85a6d96b26c7023c3af27bc3d56d2f195226dd0800")
    }

    @Test func virtualHostedOnCustomEndpointKeepsThePort() {
        let location = makeLocation(endpoint: .init(usesTLS: true, host: "s3.example.net", port: 8443), pathStyle: false)
        let builder = S3RequestBuilder(location: location, credentials: fakeCredentials)
        let request = builder.makeRequest(method: "HEAD", key: "runs/1/x.csv", payload: .empty, date: date)
        #expect(request.url == "https://ferry-test.s3.example.net:8443/runs/1/x.csv")
        #expect(request.header("host") == "ferry-test.s3.example.net:8443")
    }

    @Test func pathStyleBucketRequestAndValuelessQuery() {
        let builder = S3RequestBuilder(location: makeLocation(), credentials: fakeCredentials)
        let list = builder.makeRequest(method: "GET", key: nil, query: [("uploads", nil)], payload: .empty, date: date)
        #expect(list.url == "http://127.0.0.1:9100/ferry-test?uploads=")
        let initiate = builder.makeRequest(
            method: "POST", key: "runs/1/big.csv", query: [("uploads", nil)], payload: .empty, date: date)
        #expect(initiate.url == "http://127.0.0.1:9100/ferry-test/runs/1/big.csv?uploads=")
    }

    @Test func sessionTokenIsSentAndSigned() {
        let credentials = AWSCredentials(accessKeyID: "AKID", secretAccessKey: fakeSecret, sessionToken: "TOKEN/+=")
        let builder = S3RequestBuilder(location: makeLocation(), credentials: credentials)
        let request = builder.makeRequest(method: "GET", key: "runs/1/x", payload: .empty, date: date)
        #expect(request.header("x-amz-security-token") == "TOKEN/+=")
        #expect(request.header("authorization")?.contains("x-amz-security-token") == true)
    }

    @Test func extraHeadersAreSentAndSigned() {
        let builder = S3RequestBuilder(location: makeLocation(), credentials: fakeCredentials)
        let request = builder.makeRequest(
            method: "POST", key: "runs/1/x", headers: [("content-type", "application/xml")], payload: .unsigned,
            date: date)
        #expect(request.header("content-type") == "application/xml")
        #expect(request.header("x-amz-content-sha256") == "UNSIGNED-PAYLOAD")
        #expect(request.header("authorization")?.contains("SignedHeaders=content-type;host;") == true)
    }
}
