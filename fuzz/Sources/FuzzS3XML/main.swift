import DataPlane

/// Any bytes as an S3 response body: every parser fails cleanly or returns a value.
@_cdecl("LLVMFuzzerTestOneInput")
public func fuzzS3XML(_ start: UnsafeRawPointer, _ count: Int) -> CInt {
    _S3ResponseFuzzing.parseAll(Array(UnsafeRawBufferPointer(start: start, count: count)))
    return 0
}
