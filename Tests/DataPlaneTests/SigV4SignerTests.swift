import DataPlane
import Foundation
import Testing

struct SigV4Vector: Decodable, CustomTestStringConvertible, Sendable {
    struct Expected: Decodable, Sendable {
        var canonical_request: String
        var string_to_sign: String
        var authorization: String?
        var url: String?
        var signature: String?
    }

    var name: String
    var method: String
    var scheme: String
    var host: String
    var path: String
    var query: [[String?]]
    var headers: [[String]]
    var body_sha256: String
    var unsigned_payload: Bool
    var access_key_id: String
    var secret_access_key: String
    var session_token: String?
    var region: String
    var epoch_seconds: Int
    var presign_expires: Int?
    var published_signature: String?
    var expected: Expected

    var testDescription: String { name }

    static func load() throws -> [SigV4Vector] {
        struct File: Decodable { var vectors: [SigV4Vector] }
        let url = try #require(Bundle.module.url(forResource: "sigv4_vectors", withExtension: "json", subdirectory: "Fixtures"))
        return try JSONDecoder().decode(File.self, from: Data(contentsOf: url)).vectors
    }

    var signer: SigV4Signer {
        SigV4Signer(
            credentials: AWSCredentials(
                accessKeyID: access_key_id, secretAccessKey: secret_access_key, sessionToken: session_token),
            region: region)
    }

    var request: SigV4Request {
        SigV4Request(
            method: method, host: host, path: path, query: query.map { (name: $0[0]!, value: $0[1]) },
            headers: headers.map { (name: $0[0], value: $0[1]) })
    }

    var date: Date { Date(timeIntervalSince1970: TimeInterval(epoch_seconds)) }
}

/// Splits a URL's query into a sorted list of name=value strings.
private func queryItems(_ url: String) -> [String] {
    guard let mark = url.firstIndex(of: "?") else { return [] }
    return url[url.index(after: mark)...].split(separator: "&").map(String.init).sorted()
}

@Suite struct SigV4SignerTests {
    static let vectors: [SigV4Vector] = (try? SigV4Vector.load()) ?? []

    @Test func fixtureHasEnoughVectors() {
        #expect(Self.vectors.count >= 15)
        #expect(Self.vectors.contains { $0.published_signature != nil })
        #expect(Self.vectors.contains { $0.presign_expires != nil })
    }

    @Test(arguments: vectors.filter { $0.presign_expires == nil })
    func headerSigningMatchesBotocore(vector: SigV4Vector) throws {
        let payload: SigV4Payload = vector.unsigned_payload ? .unsigned : .sha256(hex: vector.body_sha256)
        let signed = vector.signer.sign(vector.request, payload: payload, date: vector.date)
        #expect(signed.canonicalRequest == vector.expected.canonical_request)
        #expect(signed.stringToSign == vector.expected.string_to_sign)
        #expect(signed.authorization == vector.expected.authorization)
        #expect(signed.headers["authorization"] == vector.expected.authorization)
        #expect(signed.headers["x-amz-security-token"] == vector.session_token)
        if let published = vector.published_signature { #expect(signed.signature == published) }
    }

    @Test(arguments: vectors.filter { $0.presign_expires != nil })
    func presignedURLsMatchBotocore(vector: SigV4Vector) throws {
        let presigned = vector.signer.presign(
            vector.request, scheme: vector.scheme, expires: vector.presign_expires!, date: vector.date)
        #expect(presigned.canonicalRequest == vector.expected.canonical_request)
        #expect(presigned.stringToSign == vector.expected.string_to_sign)
        #expect(presigned.signature == vector.expected.signature)
        let expectedURL = try #require(vector.expected.url)
        #expect(presigned.url.prefix(while: { $0 != "?" }) == expectedURL.prefix(while: { $0 != "?" }))
        #expect(queryItems(presigned.url) == queryItems(expectedURL))
        if let published = vector.published_signature { #expect(presigned.signature == published) }
    }

    @Test func encodesEachPathSegmentOnceAndKeepsSlashes() {
        let request = SigV4Request(
            method: "GET", host: "h", path: "/b/100%/a b+c=d~e/ü", query: [(name: "x y", value: "1/2"), (name: "a", value: nil)])
        #expect(request.encodedPath == "/b/100%25/a%20b%2Bc%3Dd~e/%C3%BC")
        #expect(request.encodedQuery == "a=&x%20y=1%2F2")
    }

    @Test func credentialsNeverPrintTheSecretOrToken() {
        let credentials = AWSCredentials(
            accessKeyID: "AKIDEXAMPLE", secretAccessKey: "very-secret-key", sessionToken: "session-token-value")
        let renderings = [
            credentials.description, credentials.debugDescription, String(describing: credentials),
            String(reflecting: credentials), "\(credentials)",
            { var text = ""; dump(credentials, to: &text); return text }(),
            SigV4Signer(credentials: credentials, region: "us-east-1").description,
        ]
        for text in renderings {
            #expect(text.contains("AKIDEXAMPLE"))
            #expect(!text.contains("very-secret-key"), "\(text)")
            #expect(!text.contains("session-token-value"), "\(text)")
        }
    }

    @Test func timestampsAreUTCAndTruncated() {
        let signer = SigV4Signer(credentials: .init(accessKeyID: "A", secretAccessKey: "S"), region: "us-east-1")
        let request = SigV4Request(method: "GET", host: "h", path: "/")
        let leapDay = signer.sign(request, payload: .empty, date: Date(timeIntervalSince1970: 1_709_251_199.999))
        #expect(leapDay.headers["x-amz-date"] == "20240229T235959Z")
        let y2k = signer.sign(request, payload: .empty, date: Date(timeIntervalSince1970: 946_684_800))
        #expect(y2k.headers["x-amz-date"] == "20000101T000000Z")
    }
}
