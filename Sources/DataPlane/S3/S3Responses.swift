#if canImport(FoundationEssentials)
internal import FoundationEssentials
#else
internal import Foundation
#endif

/// The `<Error>` document S3 returns with a failed request (and, for CompleteMultipartUpload, sometimes with 200).
struct S3ErrorResponse: Sendable, Hashable {
    var code: String?
    var message: String?
    var requestID: String?

    /// Decodes an error body; returns `nil` when the bytes are not an S3 `<Error>` document.
    static func decode(_ bytes: [UInt8]) -> S3ErrorResponse? {
        guard !bytes.isEmpty, let root = try? S3XML.parse(bytes), root.name == "Error" else { return nil }
        return S3ErrorResponse(code: root.text(of: "Code"), message: root.text(of: "Message"),
            requestID: root.text(of: "RequestId"))
    }
}

/// Why a successful-looking response body could not be decoded.
struct S3DecodingError: Error, Sendable, Hashable, CustomStringConvertible {
    var reason: String
    var description: String { reason }
}

/// One page of a ListObjectsV2 answer.
struct S3ListPage: Sendable, Hashable {
    struct Entry: Sendable, Hashable {
        var key: String
        var size: Int64
        var lastModified: Date
    }

    var entries: [Entry]
    var isTruncated: Bool
    var nextContinuationToken: String?

    static func decode(_ bytes: [UInt8]) throws(S3DecodingError) -> S3ListPage {
        let root = try parseRoot(bytes, expecting: "ListBucketResult", operation: "ListObjectsV2")
        // Keys are percent-encoded when the answer says EncodingType=url (some servers send it unasked).
        let isURLEncoded = root.text(of: "EncodingType")?.trimmingASCIIWhitespace().lowercased() == "url"
        var entries: [Entry] = []
        for item in root.children("Contents") {
            guard var key = item.text(of: "Key"), !key.isEmpty else {
                throw S3DecodingError(reason: "a ListObjectsV2 entry has no Key")
            }
            if isURLEncoded {
                guard let decoded = percentDecoded(key) else {
                    throw S3DecodingError(reason: "the URL-encoded ListObjectsV2 key \"\(key)\" is malformed")
                }
                key = decoded
            }
            if key.isEmpty {
                throw S3DecodingError(reason: "a ListObjectsV2 entry has no Key")
            }
            guard let sizeText = item.text(of: "Size"), let size = Int64(sizeText), size >= 0 else {
                throw S3DecodingError(reason: "the ListObjectsV2 entry \"\(key)\" has no valid Size")
            }
            guard let dateText = item.text(of: "LastModified"), let date = S3Date.parseISO8601(dateText) else {
                throw S3DecodingError(reason: "the ListObjectsV2 entry \"\(key)\" has no valid LastModified")
            }
            entries.append(Entry(key: key, size: size, lastModified: date))
        }
        let truncated = try parseBool(root.text(of: "IsTruncated"), field: "IsTruncated")
        let token = root.text(of: "NextContinuationToken").flatMap { $0.isEmpty ? nil : $0 }
        return S3ListPage(entries: entries, isTruncated: truncated, nextContinuationToken: token)
    }
}

/// The answer to CreateMultipartUpload.
struct S3InitiateMultipartUploadResult: Sendable, Hashable {
    var uploadID: String

    static func decode(_ bytes: [UInt8]) throws(S3DecodingError) -> S3InitiateMultipartUploadResult {
        // AWS answers <InitiateMultipartUploadResult>; rclone (gofakes3) answers <InitiateMultipartUpload>.
        let root = try parseRoot(
            bytes, expecting: ["InitiateMultipartUploadResult", "InitiateMultipartUpload"], operation: "CreateMultipartUpload")
        guard let id = root.text(of: "UploadId"), !id.isEmpty else {
            throw S3DecodingError(reason: "the CreateMultipartUpload answer has no UploadId")
        }
        return S3InitiateMultipartUploadResult(uploadID: id)
    }
}

/// The answer to CompleteMultipartUpload: a result, or an `<Error>` sent with status 200.
enum S3CompleteMultipartUploadResult: Sendable, Hashable {
    case completed(eTag: String?)
    case failed(S3ErrorResponse)

    static func decode(_ bytes: [UInt8]) throws(S3DecodingError) -> S3CompleteMultipartUploadResult {
        let root: S3XMLElement
        do {
            root = try S3XML.parse(bytes)
        } catch {
            throw S3DecodingError(reason: "the CompleteMultipartUpload answer is not valid XML: \(error)")
        }
        switch root.name {
        case "CompleteMultipartUploadResult": return .completed(eTag: root.text(of: "ETag"))
        case "Error":
            return .failed(S3ErrorResponse(
                code: root.text(of: "Code"), message: root.text(of: "Message"), requestID: root.text(of: "RequestId")))
        default:
            throw S3DecodingError(reason: "the CompleteMultipartUpload answer is a <\(root.name)> document")
        }
    }

    /// The request body listing the parts, in part-number order.
    static func requestBody(parts: [(number: Int, eTag: String)]) -> String {
        var body = "<CompleteMultipartUpload xmlns=\"http://s3.amazonaws.com/doc/2006-03-01/\">"
        for part in parts.sorted(by: { $0.number < $1.number }) {
            body += "<Part><PartNumber>\(part.number)</PartNumber><ETag>\(S3XML.escape(part.eTag))</ETag></Part>"
        }
        return body + "</CompleteMultipartUpload>"
    }
}

/// One page of a ListMultipartUploads answer.
struct S3MultipartUploadsPage: Sendable, Hashable {
    struct Upload: Sendable, Hashable {
        var key: String
        var uploadID: String
    }

    var uploads: [Upload]
    var isTruncated: Bool
    var nextKeyMarker: String?
    var nextUploadIDMarker: String?

    static func decode(_ bytes: [UInt8]) throws(S3DecodingError) -> S3MultipartUploadsPage {
        let root = try parseRoot(bytes, expecting: "ListMultipartUploadsResult", operation: "ListMultipartUploads")
        var uploads: [Upload] = []
        for item in root.children("Upload") {
            guard let key = item.text(of: "Key"), let id = item.text(of: "UploadId"), !id.isEmpty else {
                throw S3DecodingError(reason: "a ListMultipartUploads entry has no Key or UploadId")
            }
            uploads.append(Upload(key: key, uploadID: id))
        }
        return S3MultipartUploadsPage(
            uploads: uploads, isTruncated: try parseBool(root.text(of: "IsTruncated"), field: "IsTruncated"),
            nextKeyMarker: root.text(of: "NextKeyMarker").flatMap { $0.isEmpty ? nil : $0 },
            nextUploadIDMarker: root.text(of: "NextUploadIdMarker").flatMap { $0.isEmpty ? nil : $0 })
    }
}

private func parseRoot(_ bytes: [UInt8], expecting name: String, operation: String) throws(S3DecodingError)
    -> S3XMLElement
{
    try parseRoot(bytes, expecting: [name], operation: operation)
}

private func parseRoot(_ bytes: [UInt8], expecting names: [String], operation: String) throws(S3DecodingError)
    -> S3XMLElement
{
    let root: S3XMLElement
    do {
        root = try S3XML.parse(bytes)
    } catch {
        throw S3DecodingError(reason: "the \(operation) answer is not valid XML: \(error)")
    }
    guard names.contains(root.name) else {
        throw S3DecodingError(reason: "the \(operation) answer is a <\(root.name)> document, not <\(names[0])>")
    }
    return root
}

private func parseBool(_ text: String?, field: String) throws(S3DecodingError) -> Bool {
    switch text?.trimmingASCIIWhitespace().lowercased() {
    case nil, "false": return false
    case "true": return true
    default: throw S3DecodingError(reason: "\(field) is neither true nor false")
    }
}

/// Decodes `%XX` escapes (and `+` as a space, as S3's URL encoding type and query strings do); `nil` when malformed
/// or not UTF-8. Package-visible: the Step Functions API decodes received request targets with it.
package func percentDecoded(_ text: String) -> String? {
    var bytes: [UInt8] = []
    var iterator = text.utf8.makeIterator()
    func digit(_ byte: UInt8?) -> UInt8? {
        switch byte {
        case (0x30...0x39)?: byte! - 0x30
        case (0x41...0x46)?: byte! - 0x41 + 10
        case (0x61...0x66)?: byte! - 0x61 + 10
        default: nil
        }
    }
    while let byte = iterator.next() {
        switch byte {
        case UInt8(ascii: "%"):
            guard let high = digit(iterator.next()), let low = digit(iterator.next()) else { return nil }
            bytes.append(high << 4 | low)
        case UInt8(ascii: "+"):
            bytes.append(UInt8(ascii: " "))
        default:
            bytes.append(byte)
        }
    }
    return String(validating: bytes, as: UTF8.self)
}
