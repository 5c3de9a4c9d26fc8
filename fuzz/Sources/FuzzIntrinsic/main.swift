import StatesLanguage

/// Any UTF-8 text as an intrinsic function call: parsing fails cleanly or yields a call.
@_cdecl("LLVMFuzzerTestOneInput")
public func fuzzIntrinsic(_ start: UnsafeRawPointer, _ count: Int) -> CInt {
    let bytes = UnsafeRawBufferPointer(start: start, count: count)
    guard let text = String(validating: bytes, as: UTF8.self) else { return 0 }
    if let call = try? IntrinsicCall.parse(text) {
        _ = call.description
    }
    return 0
}
