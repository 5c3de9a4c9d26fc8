internal import Crypto
internal import Foundation

/// The client side of SCRAM-SHA-256 (RFC 5802, RFC 7677), as PostgreSQL uses it: no channel binding (`n,,`), and
/// the user name left empty in the messages (the server takes it from the startup message).
///
/// The password goes through ``SASLprep`` first, as in libpq.
struct PostgreSQLSCRAM {
    /// What went wrong in the exchange.
    struct Failure: Error {
        let message: String
    }

    private let password: String
    private let clientNonce: String
    private let user: String
    private var expectedServerSignature: [UInt8]?

    /// - Parameters:
    ///   - password: The password.
    ///   - user: The SCRAM user name (PostgreSQL: empty).
    ///   - clientNonce: The client's nonce; random printable characters when omitted.
    init(password: String, user: String = "", clientNonce: String? = nil) {
        self.password = password
        self.user = user
        self.clientNonce = clientNonce ?? Data((0..<18).map { _ in UInt8.random(in: 0...255) }).base64EncodedString()
    }

    private var clientFirstBare: String { "n=\(user),r=\(clientNonce)" }

    /// The `client-first-message`.
    var clientFirstMessage: String { "n,," + clientFirstBare }

    /// Answers the `server-first-message` with the `client-final-message` (the proof).
    mutating func clientFinalMessage(serverFirst: String) throws(Failure) -> String {
        var attributes: [Character: String] = [:]
        for part in serverFirst.split(separator: ",") {
            guard let key = part.first, part.dropFirst().first == "=" else { continue }
            attributes[key] = String(part.dropFirst(2))
        }
        guard let nonce = attributes["r"], nonce.hasPrefix(clientNonce), nonce.count > clientNonce.count,
            let saltText = attributes["s"], let salt = Data(base64Encoded: saltText),
            let iterationText = attributes["i"], let iterations = Int(iterationText), iterations > 0
        else { throw Failure(message: "the server's SCRAM challenge is malformed") }
        let salted = Self.pbkdf2SHA256(
            password: Array(SASLprep.prepare(password).utf8), salt: Array(salt), iterations: iterations)
        let clientKey = Self.hmac(salted, "Client Key")
        let storedKey = Array(SHA256.hash(data: clientKey))
        let serverKey = Self.hmac(salted, "Server Key")
        let finalWithoutProof = "c=biws,r=\(nonce)"
        let authMessage = clientFirstBare + "," + serverFirst + "," + finalWithoutProof
        let clientSignature = Self.hmac(storedKey, authMessage)
        let proof = zip(clientKey, clientSignature).map { $0 ^ $1 }
        expectedServerSignature = Self.hmac(serverKey, authMessage)
        return finalWithoutProof + ",p=" + Data(proof).base64EncodedString()
    }

    /// Checks the `server-final-message`: the server proves it knew the password too.
    func verify(serverFinal: String) throws(Failure) {
        if serverFinal.hasPrefix("e=") { throw Failure(message: "the server refused the SCRAM proof: \(serverFinal.dropFirst(2))") }
        guard serverFinal.hasPrefix("v="), let signature = Data(base64Encoded: String(serverFinal.dropFirst(2))),
            let expectedServerSignature, Array(signature) == expectedServerSignature
        else { throw Failure(message: "the server's SCRAM signature does not match (not the server it claims to be)") }
    }

    private static func hmac(_ key: [UInt8], _ message: String) -> [UInt8] {
        hmac(key, Array(message.utf8))
    }

    private static func hmac(_ key: [UInt8], _ message: [UInt8]) -> [UInt8] {
        Array(HMAC<SHA256>.authenticationCode(for: message, using: SymmetricKey(data: key)))
    }

    /// PBKDF2-HMAC-SHA-256 with a 32-byte output (one block).
    static func pbkdf2SHA256(password: [UInt8], salt: [UInt8], iterations: Int) -> [UInt8] {
        // Keyed once; each iteration starts from a copy of the keyed state.
        let keyed = HMAC<SHA256>(key: SymmetricKey(data: password))
        func mac(_ message: [UInt8]) -> [UInt8] {
            var hmac = keyed
            hmac.update(data: message)
            return Array(hmac.finalize())
        }
        var block = mac(salt + [0, 0, 0, 1])
        var result = block
        for _ in 1..<iterations {
            block = mac(block)
            for index in 0..<result.count { result[index] ^= block[index] }
        }
        return result
    }
}

/// PostgreSQL's `md5` password answer: `"md5" + md5hex(md5hex(password + user) + salt)`.
func postgreSQLMD5Password(user: String, password: String, salt: [UInt8]) -> String {
    func hex(_ bytes: some Sequence<UInt8>) -> String { bytes.map { String(format: "%02x", $0) }.joined() }
    let inner = hex(Insecure.MD5.hash(data: Array((password + user).utf8)))
    return "md5" + hex(Insecure.MD5.hash(data: Array(inner.utf8) + salt))
}
