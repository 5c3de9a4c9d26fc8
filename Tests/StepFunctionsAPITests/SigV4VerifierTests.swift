import DataPlane
import Foundation
import JSONValue
import Testing

@testable import StepFunctionsAPI

/// Verifies and returns the error, failing the test when the request is accepted.
func refusal(_ verifier: SigV4Verifier, _ request: StepFunctionsHTTPRequest, now: Date = Date()) -> StepFunctionsError?
{
    do {
        _ = try verifier.verify(request, now: now)
        Issue.record("the request was accepted")
        return nil
    } catch {
        return error
    }
}

/// Requests signed by botocore (`SigV4Auth` for service `states`, as boto3 and the AWS CLI sign them) must verify;
/// any change to what was signed, and any wrong key, secret or time, must be refused with AWS's error.
@Suite(.enabled(if: Botocore.isAvailable, "botocore is not installed (scripts/install-botocore.sh)"))
struct SigV4OracleTests {
    static let script = #"""
        import json, sys
        from botocore.auth import SigV4Auth
        from botocore.awsrequest import AWSRequest
        from botocore.credentials import Credentials
        out = []
        for r in json.load(sys.stdin):
            headers = {'Content-Type': 'application/x-amz-json-1.0', 'X-Amz-Target': 'AWSStepFunctions.' + r['action'],
                       'User-Agent': 'Boto3/1.0 test'}
            headers.update(r.get('headers', {}))
            request = AWSRequest(method='POST', url=r['url'], data=r['body'].encode('utf-8'), headers=headers)
            SigV4Auth(Credentials(r['key'], r['secret'], r.get('token')), 'states', r['region']).add_auth(request)
            out.append([[k, v] for k, v in request.headers.items()])
        print(json.dumps(out))
        """#

    static let keyID = "AKIDFERRYTEST"
    static let secret = "wJalrXUtnFEMI/K7MDENG/bPxRfiCYEXAMPLEKEY"
    static let token = "FwoGZXIvYXdzEBYaDH+session/token=="

    struct Signed: Sendable, CustomTestStringConvertible {
        var name: String
        var request: StepFunctionsHTTPRequest
        var token: String?
        var testDescription: String { name }
    }

    /// Signs a few requests with botocore, now.
    static func signAll() throws -> [Signed] {
        let cases: [(name: String, action: String, body: String, url: String, region: String, token: String?)] = [
            ("list", "ListStateMachines", "{}", "http://127.0.0.1:8080/", "us-east-1", nil),
            (
                "start", "StartExecution",
                #"{"stateMachineArn":"\#(machineARN)","input":"{\"é\":\"ünïcode ✓\"}"}"#, "http://127.0.0.1:8080/",
                "eu-west-1", nil
            ),
            (
                "session", "DescribeExecution", #"{"executionArn":"\#(executionARN)"}"#, "http://localhost:4599/",
                "us-east-1", token
            ),
            ("query", "ListStateMachines", "{}", "http://127.0.0.1:8080/?b=2&a=x%20y", "us-east-1", nil),
            ("empty", "ListStateMachines", "", "http://127.0.0.1:8080/", "us-east-1", nil),
        ]
        let input = JSONValue.array(
            cases.map { item in
                .awsObject([
                    "action": .string(item.action), "body": .string(item.body), "url": .string(item.url),
                    "region": .string(item.region), "key": .string(keyID), "secret": .string(secret),
                    "token": item.token.map(JSONValue.string),
                ])
            })
        guard let signed = try Botocore.runJSON(script, input: input).arrayValue else {
            throw Botocore.OracleError(message: "the signing script printed no array")
        }
        return zip(cases, signed).map { item, headers in
            var pairs: [(name: String, value: String)] = (headers.arrayValue ?? []).compactMap { pair in
                guard let name = pair.arrayValue?.first?.stringValue, let value = pair.arrayValue?.last?.stringValue
                else { return nil }
                return (name: name, value: value)
            }
            // The HTTP client adds Host from the URL; botocore signs it the same way.
            let authority = item.url.dropFirst("http://".count).prefix { $0 != "/" }
            pairs.append((name: "Host", value: String(authority)))
            let target = String(item.url.dropFirst("http://".count + authority.count))
            return Signed(
                name: item.name,
                request: StepFunctionsHTTPRequest(
                    method: "POST", target: target, headers: pairs, body: Array(item.body.utf8)),
                token: item.token)
        }
    }

    static let signed: [Signed] = (try? signAll()) ?? []

    func verifier(secret: String = Self.secret, token: String? = nil, keyID: String = Self.keyID, region: String? = nil)
        -> SigV4Verifier
    {
        let store = [keyID: AWSCredentials(accessKeyID: keyID, secretAccessKey: secret, sessionToken: token)]
        return SigV4Verifier(store: store, configuration: .init(region: region))
    }

    static let mismatch = "The request signature we calculated does not match the signature you provided."

    @Test func botocoreSignedEveryCase() {
        #expect(Self.signed.count == 5)
    }

    @Test(arguments: signed)
    func botocoreSignaturesVerify(_ signed: Signed) throws {
        let identity = try verifier(token: signed.token).verify(signed.request, now: Date())
        #expect(identity.accessKeyID == Self.keyID)
        #expect(abs(identity.date.timeIntervalSinceNow) < 300)
        // The body decodes too: the layers compose.
        if !signed.request.body.isEmpty {
            #expect(throws: Never.self) { try StepFunctionsRequest.decode(signed.request) }
        }
    }

    @Test(arguments: signed)
    func aFlippedBodyByteIsRefused(_ signed: Signed) {
        var request = signed.request
        if request.body.isEmpty {
            request.body = Array("{}".utf8)
        } else {
            request.body[request.body.count / 2] ^= 0x01
        }
        let error = refusal(verifier(token: signed.token), request)
        #expect(error?.code == .invalidSignatureException)
        #expect(error?.message.hasPrefix(Self.mismatch) == true)
    }

    @Test(arguments: signed)
    func aChangedSignedHeaderIsRefused(_ signed: Signed) throws {
        for header in ["X-Amz-Target", "Host", "Content-Type", "X-Amz-Date"] {
            var request = signed.request
            let index = try #require(request.headers.firstIndex { $0.name.lowercased() == header.lowercased() })
            var value = Array(request.headers[index].value.utf8)
            value[value.count - 2] = value[value.count - 2] == UInt8(ascii: "1") ? UInt8(ascii: "2") : UInt8(ascii: "1")
            request.headers[index].value = String(decoding: value, as: UTF8.self)
            let error = refusal(verifier(token: signed.token), request)
            #expect(error?.code == .invalidSignatureException, "\(header): \(error?.description ?? "")")
        }
        // An unsigned header (User-Agent) may change.
        var request = signed.request
        if let index = request.headers.firstIndex(where: { $0.name == "User-Agent" }) {
            request.headers[index].value = "something else"
        }
        _ = try verifier(token: signed.token).verify(request, now: Date())
    }

    @Test(arguments: signed)
    func aFlippedSignatureIsRefused(_ signed: Signed) throws {
        var request = signed.request
        let index = try #require(request.headers.firstIndex { $0.name == "Authorization" })
        var value = request.headers[index].value
        let last = value.removeLast()
        value.append(last == "0" ? "1" : "0")
        request.headers[index].value = value
        let error = refusal(verifier(token: signed.token), request)
        #expect(error?.code == .invalidSignatureException)
        #expect(error?.message.hasPrefix(Self.mismatch) == true)
    }

    @Test(arguments: signed)
    func aWrongSecretIsRefused(_ signed: Signed) {
        let error = refusal(verifier(secret: Self.secret + "x", token: signed.token), signed.request)
        #expect(error?.code == .invalidSignatureException)
        #expect(error?.httpStatus == 400)
    }

    @Test(arguments: signed)
    func anUnknownKeyIsRefused(_ signed: Signed) {
        let error = refusal(verifier(token: signed.token, keyID: "AKIDSOMEONEELSE"), signed.request)
        #expect(error?.code == .unrecognizedClientException)
        #expect(error?.message == "The security token included in the request is invalid.")
    }

    @Test(arguments: signed)
    func anExpiredOrFutureDateIsRefused(_ signed: Signed) throws {
        let later = refusal(verifier(token: signed.token), signed.request, now: Date().addingTimeInterval(16 * 60))
        #expect(later?.code == .invalidSignatureException)
        #expect(later?.message.hasPrefix("Signature expired: ") == true, "\(later?.message ?? "")")
        #expect(later?.message.hasSuffix(" - 15 min.)") == true)
        let earlier = refusal(verifier(token: signed.token), signed.request, now: Date().addingTimeInterval(-16 * 60))
        #expect(earlier?.code == .invalidSignatureException)
        #expect(earlier?.message.hasPrefix("Signature not yet current: ") == true)
        // Within the limit, either way, it verifies.
        _ = try verifier(token: signed.token).verify(signed.request, now: Date().addingTimeInterval(14 * 60))
        _ = try verifier(token: signed.token).verify(signed.request, now: Date().addingTimeInterval(-14 * 60))
    }

    @Test func sessionTokensMustMatch() throws {
        let session = try #require(Self.signed.first { $0.token != nil })
        let plain = try #require(Self.signed.first { $0.token == nil })
        // The store expects no token, the request has one; and the other way round.
        #expect(refusal(verifier(token: nil), session.request)?.code == .unrecognizedClientException)
        #expect(refusal(verifier(token: Self.token), plain.request)?.code == .unrecognizedClientException)
        #expect(refusal(verifier(token: Self.token + "x"), session.request)?.code == .unrecognizedClientException)
    }

    @Test func aWrongScopeIsRefused() throws {
        let signed = try #require(Self.signed.first)
        let error = refusal(verifier(region: "ap-south-1"), signed.request)
        #expect(error?.code == .invalidSignatureException)
        #expect(error?.message.hasPrefix("Credential should be scoped to a valid region") == true)
        var s3 = SigV4Verifier(store: [
            Self.keyID: AWSCredentials(accessKeyID: Self.keyID, secretAccessKey: Self.secret)
        ])
        s3.configuration.service = "s3"
        #expect(
            refusal(s3, signed.request)?.message.hasPrefix("Credential should be scoped to correct service") == true)
    }
}

/// Checks that need no oracle.
@Suite struct SigV4VerifierTests {
    let verifier = SigV4Verifier(store: ["AKID": AWSCredentials(accessKeyID: "AKID", secretAccessKey: "secret")])

    func refusal(_ headers: [(name: String, value: String)]) -> StepFunctionsError? {
        StepFunctionsAPITests.refusal(verifier, StepFunctionsHTTPRequest(method: "POST", headers: headers, body: []))
    }

    @Test func aMissingHeaderIsAMissingToken() {
        let error = refusal([("Host", "localhost")])
        #expect(error?.code == .missingAuthenticationTokenException)
        #expect(error?.message == "Missing Authentication Token")
    }

    @Test func incompleteHeadersAreRefused() {
        let error = refusal([
            ("Authorization", "AWS4-HMAC-SHA256 Credential=AKID/20240101/us-east-1/states/aws4_request")
        ])
        #expect(error?.code == .incompleteSignatureException)
        #expect(error?.message.contains("requires 'Signature' parameter") == true)
        #expect(error?.message.contains("requires 'SignedHeaders' parameter") == true)
        #expect(refusal([("Authorization", "AWS3 foo")])?.code == .incompleteSignatureException)
        let noDate = refusal([
            (
                "Authorization",
                "AWS4-HMAC-SHA256 Credential=AKID/20240101/us-east-1/states/aws4_request, SignedHeaders=host, Signature=00"
            )
        ])
        #expect(noDate?.code == .incompleteSignatureException)
    }

    @Test func theSignersOwnSignatureVerifies() throws {
        // Signed by Ferry's signer with the service `states` (x-amz-content-sha256 included), verified here.
        let signer = SigV4Signer(
            credentials: AWSCredentials(accessKeyID: "AKID", secretAccessKey: "secret"), region: "us-east-1",
            service: "states")
        let body = Array(#"{"maxResults":5}"#.utf8)
        let request = SigV4Request(
            method: "POST", host: "127.0.0.1:9999", path: "/",
            headers: [
                ("X-Amz-Target", "AWSStepFunctions.ListStateMachines"), ("Content-Type", "application/x-amz-json-1.0"),
            ])
        let now = Date()
        let signed = signer.sign(request, payload: .bytes(body), date: now)
        var headers = request.headers + [("Host", "127.0.0.1:9999")]
        for (name, value) in signed.headers { headers.append((name, value)) }
        let http = StepFunctionsHTTPRequest(method: "POST", headers: headers, body: body)
        #expect(try verifier.verify(http, now: now).accessKeyID == "AKID")
        // The declared payload hash must be the body's.
        var tampered = http
        tampered.body = Array(#"{"maxResults":6}"#.utf8)
        #expect(throws: StepFunctionsError.self) { try verifier.verify(tampered, now: now) }
    }

    @Test func timestampsParseAndFormat() {
        let date = SigV4Signer.date(fromTimestamp: "20240229T235959Z")
        #expect(date?.timeIntervalSince1970 == 1_709_251_199)
        #expect(date.map(SigV4Signer.timestamp) == "20240229T235959Z")
        #expect(SigV4Signer.date(fromTimestamp: "20230229T000000Z") == nil)
        #expect(SigV4Signer.date(fromTimestamp: "2024-02-29T00:00:00Z") == nil)
        #expect(SigV4Signer.date(fromTimestamp: "19691231T235959Z")?.timeIntervalSince1970 == -1)
        #expect(SigV4Verifier.constantTimeEqual("abc", "abc"))
        #expect(!SigV4Verifier.constantTimeEqual("abc", "abd"))
        #expect(!SigV4Verifier.constantTimeEqual("abc", "abcd"))
    }
}
