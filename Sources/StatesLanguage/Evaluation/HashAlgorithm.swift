internal import Crypto

/// The digests `States.Hash` offers, by the names AWS accepts.
enum HashAlgorithm: String, CaseIterable {
    case md5 = "MD5"
    case sha1 = "SHA-1"
    case sha256 = "SHA-256"
    case sha384 = "SHA-384"
    case sha512 = "SHA-512"

    /// The lowercase hexadecimal digest of `bytes`.
    func hexDigest(of bytes: [UInt8]) -> String {
        switch self {
        case .md5: Self.hex(Insecure.MD5.hash(data: bytes))
        case .sha1: Self.hex(Insecure.SHA1.hash(data: bytes))
        case .sha256: Self.hex(SHA256.hash(data: bytes))
        case .sha384: Self.hex(SHA384.hash(data: bytes))
        case .sha512: Self.hex(SHA512.hash(data: bytes))
        }
    }

    private static func hex(_ digest: some Sequence<UInt8>) -> String {
        let digits = Array("0123456789abcdef".utf8)
        var out: [UInt8] = []
        for byte in digest {
            out.append(digits[Int(byte >> 4)])
            out.append(digits[Int(byte & 0x0F)])
        }
        return String(decoding: out, as: UTF8.self)
    }
}
