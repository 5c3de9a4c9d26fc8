import JSONValue

/// Any bytes: the parser either fails cleanly or yields a value whose serialization parses back to it.
@_cdecl("LLVMFuzzerTestOneInput")
public func fuzzJSON(_ start: UnsafeRawPointer, _ count: Int) -> CInt {
    let bytes = UnsafeRawBufferPointer(start: start, count: count)
    guard let value = try? JSONParser(options: .init(maxDepth: 128)).parse(bytes) else { return 0 }
    let text = value.serialized()
    guard let again = try? JSONParser(options: .init(maxDepth: 128)).parse(text) else {
        fatalError("serialized output does not parse: \(text.prefix(200))")
    }
    precondition(again == value, "round trip changed the value")
    _ = value.serialized(pretty: true)
    _ = try? JSONParser().positions(in: bytes)
    return 0
}
