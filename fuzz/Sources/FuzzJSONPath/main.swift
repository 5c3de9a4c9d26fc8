import StatesLanguage

/// Any UTF-8 text as a path: parsing fails cleanly or yields a path that keeps its text.
@_cdecl("LLVMFuzzerTestOneInput")
public func fuzzJSONPath(_ start: UnsafeRawPointer, _ count: Int) -> CInt {
    let bytes = UnsafeRawBufferPointer(start: start, count: count)
    guard let text = String(validating: bytes, as: UTF8.self) else { return 0 }
    if let path = try? JSONPath.parse(text) {
        precondition(path.description == text)
        _ = path.isReferencePath
    }
    return 0
}
