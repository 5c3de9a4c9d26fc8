/// A JSON Pointer (RFC 6901) naming a place in a document, such as `/States/Load/Retry/0/BackoffRate`.
public struct JSONPointer: Sendable, Hashable, CustomStringConvertible {
    /// The reference tokens, unescaped.
    public private(set) var tokens: [String]

    /// The pointer to the whole document (`/` when printed, as AWS prints it).
    public static let root = JSONPointer(tokens: [])

    /// Creates a pointer from unescaped reference tokens.
    public init(tokens: [String]) {
        self.tokens = tokens
    }

    /// The pointer one member further down.
    public func appending(_ key: String) -> JSONPointer {
        var copy = self
        copy.tokens.append(key)
        return copy
    }

    /// The pointer one array element further down.
    public func appending(_ index: Int) -> JSONPointer {
        appending(String(index))
    }

    /// The parent pointer, or nil at the root.
    public var parent: JSONPointer? {
        tokens.isEmpty ? nil : JSONPointer(tokens: Array(tokens.dropLast()))
    }

    /// The escaped form; the root prints as `/`.
    public var description: String {
        if tokens.isEmpty { return "/" }
        var out = ""
        for token in tokens {
            out.append("/")
            for ch in token {
                switch ch {
                case "~": out.append("~0")
                case "/": out.append("~1")
                default: out.append(ch)
                }
            }
        }
        return out
    }
}

extension JSONValue {
    /// The value a pointer names, or nil when the document has nothing there.
    public subscript(pointer: JSONPointer) -> JSONValue? {
        var current = self
        for token in pointer.tokens {
            switch current {
            case .object(let o):
                guard let next = o[token] else { return nil }
                current = next
            case .array(let a):
                // RFC 6901 array indexes: "0", or digits without a leading zero.
                guard token.utf8.allSatisfy({ $0 >= 48 && $0 <= 57 }), token == "0" || !token.hasPrefix("0"),
                    let i = Int(token), a.indices.contains(i)
                else { return nil }
                current = a[i]
            default:
                return nil
            }
        }
        return current
    }
}
