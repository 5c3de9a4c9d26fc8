#if canImport(Glibc)
    import Glibc
#elseif canImport(Musl)
    import Musl
#elseif canImport(Darwin)
    import Darwin
#endif

#if os(Linux)
    // Declared here because the Glibc module map does not export these GNU extensions; both have C linkage and take
    // only pointers and integers.
    @_silgen_name("pthread_getattr_np")
    private func ferry_pthread_getattr_np(_ thread: pthread_t, _ attr: UnsafeMutableRawPointer) -> Int32
    @_silgen_name("pthread_attr_getstack")
    private func ferry_pthread_attr_getstack(
        _ attr: UnsafeMutableRawPointer, _ address: UnsafeMutablePointer<UnsafeMutableRawPointer?>,
        _ size: UnsafeMutablePointer<Int>
    ) -> Int32
    @_silgen_name("pthread_attr_destroy")
    private func ferry_pthread_attr_destroy(_ attr: UnsafeMutableRawPointer) -> Int32
#endif

/// Knows how much of the current thread's stack is left, so deep recursion fails with `U1001` instead of
/// crashing the process.
struct StackGuard {
    /// The lowest address evaluation may reach (stacks grow down), or 0 when unknown.
    let limit: UInt

    init(reserve: UInt = 256 * 1024) {
        var low: UInt = 0
        #if canImport(Darwin)
            let top = UInt(bitPattern: pthread_get_stackaddr_np(pthread_self()))
            let size = UInt(pthread_get_stacksize_np(pthread_self()))
            low = top - size
        #elseif os(Linux)
            let attr = UnsafeMutableRawPointer.allocate(byteCount: 256, alignment: 16)
            defer { attr.deallocate() }
            if ferry_pthread_getattr_np(pthread_self(), attr) == 0 {
                var address: UnsafeMutableRawPointer? = nil
                var size = 0
                if ferry_pthread_attr_getstack(attr, &address, &size) == 0, let address {
                    low = UInt(bitPattern: address)
                }
                _ = ferry_pthread_attr_destroy(attr)
            }
        #endif
        limit = low == 0 ? 0 : low + reserve
    }

    /// Whether the stack still has room.
    func hasRoom() -> Bool {
        guard limit != 0 else { return true }
        var marker: UInt8 = 0
        return withUnsafeMutablePointer(to: &marker) { UInt(bitPattern: $0) > limit }
    }
}
