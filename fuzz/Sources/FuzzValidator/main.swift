import JSONValue
import StatesLanguage

/// Any JSON document as a definition: validation reports diagnostics or yields a machine, never both.
@_cdecl("LLVMFuzzerTestOneInput")
public func fuzzValidator(_ start: UnsafeRawPointer, _ count: Int) -> CInt {
    let bytes = UnsafeRawBufferPointer(start: start, count: count)
    guard let value = try? JSONParser(options: .init(maxDepth: 128)).parse(bytes) else { return 0 }
    let result = StateMachine.validate(value)
    precondition((result.machine == nil) == !result.errors.isEmpty, "a machine must exist exactly when there are no errors")
    for diagnostic in result.diagnostics {
        precondition(!diagnostic.message.isEmpty)
        _ = value[diagnostic.location]
    }
    return 0
}
