/// `encodeURIComponent`, `encodeURI` and their inverses, as JavaScript defines them.
enum URLCoding {
    static let componentSafe: Set<UInt8> = Set(
        Array("ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz0123456789-_.!~*'()".utf8))
    static let uriSafe: Set<UInt8> = componentSafe.union(Array(";,/?:@&=+$#".utf8))
    static let reservedForDecodeURI: Set<UInt8> = Set(Array(";/?:@&=+$,#".utf8))

    static func encode(_ s: String, unescaped: Set<UInt8>, name: String) throws -> String {
        var out = ""
        let hex = Array("0123456789ABCDEF")
        for byte in s.utf8 {
            if unescaped.contains(byte) {
                out.unicodeScalars.append(Unicode.Scalar(byte))
            } else {
                out.append("%")
                out.append(hex[Int(byte >> 4)])
                out.append(hex[Int(byte & 15)])
            }
        }
        return out
    }

    static func decode(_ s: String, reserved: Set<UInt8>, name: String) throws -> String {
        let bytes = Array(s.utf8)
        var out: [UInt8] = []
        out.reserveCapacity(bytes.count)
        var i = 0
        func malformed() -> JSONataError {
            JSONataError("D3140", value: .string(s), extra: ["functionName": name])
        }
        while i < bytes.count {
            if bytes[i] == UInt8(ascii: "%") {
                guard i + 2 < bytes.count, let hi = hexValue(bytes[i + 1]), let lo = hexValue(bytes[i + 2]) else {
                    throw malformed()
                }
                let b = hi << 4 | lo
                if b < 0x80 && reserved.contains(b) {
                    out.append(contentsOf: bytes[i...(i + 2)])
                } else {
                    out.append(b)
                }
                i += 3
            } else {
                out.append(bytes[i])
                i += 1
            }
        }
        guard let text = String(validating: out, as: UTF8.self) else { throw malformed() }
        return text
    }

    private static func hexValue(_ b: UInt8) -> UInt8? {
        switch b {
        case UInt8(ascii: "0")...UInt8(ascii: "9"): b - UInt8(ascii: "0")
        case UInt8(ascii: "a")...UInt8(ascii: "f"): b - UInt8(ascii: "a") + 10
        case UInt8(ascii: "A")...UInt8(ascii: "F"): b - UInt8(ascii: "A") + 10
        default: nil
        }
    }
}
