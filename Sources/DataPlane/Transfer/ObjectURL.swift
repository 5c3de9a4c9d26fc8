/// A URL naming one object: `file:///path/to/orders.csv` or
/// `s3://bucket/path/to/orders.csv?endpoint=...&region=...&path_style=true`.
///
/// It splits into the store that holds the object (``store``: a local folder, or a bucket) and the object's
/// ``key`` in it. Parsing is as strict as ``ObjectStoreURL``'s, and the key follows ``ObjectKey``'s rules, so
/// `..` segments, control characters and credentials in the URL are refused with a message saying what to fix.
///
/// ```swift
/// let url = try ObjectURL("file:///var/exports/2024/orders.csv")
/// // url.store == .file(path: "/var/exports/2024"), url.key == "orders.csv"
/// ```
public struct ObjectURL: Sendable, Hashable, CustomStringConvertible {
    /// The store holding the object: the object's folder, or its bucket (with an empty prefix).
    public var store: ObjectStoreURL
    /// The object's key in ``store``: the file name, or the full key inside the bucket.
    public var key: ObjectKey

    /// Parses an object URL.
    ///
    /// - Parameter string: `file:///absolute/path/name` or `s3://bucket/key[?endpoint=URL&region=NAME&path_style=true]`.
    /// - Throws: ``ObjectStoreError`` (``ObjectStoreError/Code/invalidURL`` or ``ObjectStoreError/Code/invalidKey``)
    ///   for a malformed URL or key, or ``TransferError`` with ``TransferError/Code/invalidObjectURL`` when the URL
    ///   names a folder or bucket rather than an object.
    public init(_ string: String) throws {
        let parsed = try ObjectStoreURL(string)
        let pathPart = string.split(separator: "?", maxSplits: 1, omittingEmptySubsequences: false).first ?? ""
        func folderError() -> TransferError {
            TransferError(
                code: .invalidObjectURL, subject: parsed.description,
                reason: "the URL names a folder, not an object; end it with the object's name, such as .../orders.csv")
        }
        if pathPart.hasSuffix("/") { throw folderError() }
        switch parsed {
        case .file(let path):
            guard let slash = path.lastIndex(of: "/"), path.index(after: slash) < path.endIndex else {
                throw folderError()
            }
            let folder = slash == path.startIndex ? "/" : String(path[..<slash])
            store = .file(path: folder)
            key = try ObjectKey(String(path[path.index(after: slash)...]))
        case .s3(var location):
            guard location.prefix.hasSuffix("/") else { throw folderError() }
            let full = String(location.prefix.dropLast())
            location.prefix = ""
            store = .s3(location)
            key = try ObjectKey(full)
        }
    }

    /// Creates an object URL from its parts.
    ///
    /// - Parameters:
    ///   - store: The store holding the object.
    ///   - key: The object's key in it.
    public init(store: ObjectStoreURL, key: ObjectKey) {
        self.store = store
        self.key = key
    }

    /// The URL of the object's manifest (`<object>.manifest.json`).
    ///
    /// - Throws: ``ObjectStoreError`` when the manifest's key would be too long.
    public func manifestURL() throws(ObjectStoreError) -> ObjectURL {
        ObjectURL(store: store, key: try TransferManifest.key(for: key))
    }

    /// The URL in canonical form, without credentials (object URLs never hold any).
    public var description: String {
        switch store {
        case .file:
            let folder = store.description
            return folder + (folder.hasSuffix("/") ? "" : "/") + Self.encode(key.rawValue)
        case .s3(let location):
            var withKey = location
            withKey.prefix = key.rawValue
            let text = withKey.description
            // S3Location prints the prefix as given; keys are already validated, so no escaping is needed beyond
            // what ObjectStoreURL's own printer does.
            return text
        }
    }

    private static func encode(_ name: String) -> String {
        var out = ""
        for byte in name.utf8 {
            let isPlain =
                (0x30...0x39).contains(byte) || (0x41...0x5A).contains(byte) || (0x61...0x7A).contains(byte)
                || "/-._~".utf8.contains(byte)
            if isPlain {
                out.unicodeScalars.append(Unicode.Scalar(byte))
            } else {
                out += "%" + String(byte >> 4, radix: 16, uppercase: true) + String(byte & 0xF, radix: 16, uppercase: true)
            }
        }
        return out
    }
}
