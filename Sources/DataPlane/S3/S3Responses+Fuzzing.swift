/// Not API: the entry point of the `FuzzS3XML` target in `fuzz/`, which feeds hostile bytes to the S3 response
/// parsers. The underscore marks it as outside the module's supported interface.
public enum _S3ResponseFuzzing {
    /// Parses `bytes` as every S3 response body Ferry reads; failures are expected, crashes and hangs are bugs.
    public static func parseAll(_ bytes: [UInt8]) {
        _ = try? S3XML.parse(bytes)
        _ = S3ErrorResponse.decode(bytes)
        _ = try? S3ListPage.decode(bytes)
        _ = try? S3InitiateMultipartUploadResult.decode(bytes)
        _ = try? S3CompleteMultipartUploadResult.decode(bytes)
        _ = try? S3MultipartUploadsPage.decode(bytes)
    }
}
