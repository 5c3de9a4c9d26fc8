internal import CMariaDB
#if canImport(Glibc)
internal import Glibc
#elseif canImport(Musl)
internal import Musl
#elseif canImport(Darwin)
internal import Darwin
#endif

/// Connector/C local-infile callbacks that feed `LOAD DATA LOCAL INFILE` from memory instead of a file.
///
/// The callbacks run on the session's thread, inside `mysql_real_query`. A handle always has these callbacks
/// installed: with no context (outside ``MySQLSession/loadData(_:from:)``) they refuse, so a server can never make
/// the client read a local file.
enum MySQLLocalInfile {
    /// The state of one load. Used only on the session thread while `mysql_real_query` runs.
    final class Context {
        let source: HandoffChannel<[UInt8]>
        let socket: Int32
        var chunk: [UInt8] = []
        var offset = 0
        var failure: (any Error)?

        init(source: HandoffChannel<[UInt8]>, socket: Int32) {
            self.source = source
            self.socket = socket
        }

        func read(into buffer: UnsafeMutablePointer<CChar>, capacity: Int) -> Int32 {
            while offset >= chunk.count {
                do {
                    guard let next = try source.receiveBlocking() else { return 0 }
                    chunk = next
                    offset = 0
                } catch {
                    failure = error
                    // Make the library's end-of-file packet fail: the server then aborts the statement (rolling
                    // it back) instead of committing the rows received so far.
                    _ = shutdown(socket, Int32(SHUT_RDWR))
                    return -1
                }
            }
            let n = min(capacity, chunk.count - offset)
            chunk.withUnsafeBytes { raw in
                UnsafeMutableRawPointer(buffer).copyMemory(from: raw.baseAddress! + offset, byteCount: n)
            }
            offset += n
            return Int32(n)
        }
    }

    static func install(on mysql: UnsafeMutablePointer<MYSQL>, context: UnsafeMutableRawPointer?) {
        mysql_set_local_infile_handler(mysql, initCallback, readCallback, endCallback, errorCallback, context)
    }

    private static let initCallback: @convention(c) (
        UnsafeMutablePointer<UnsafeMutableRawPointer?>?, UnsafePointer<CChar>?, UnsafeMutableRawPointer?
    ) -> Int32 = { pointer, _, userData in
        pointer?.pointee = userData
        return userData == nil ? 1 : 0
    }

    private static let readCallback: @convention(c) (UnsafeMutableRawPointer?, UnsafeMutablePointer<CChar>?, UInt32)
        -> Int32 = { pointer, buffer, length in
            guard let pointer, let buffer else { return -1 }
            let context = Unmanaged<Context>.fromOpaque(pointer).takeUnretainedValue()
            return context.read(into: buffer, capacity: Int(length))
        }

    private static let endCallback: @convention(c) (UnsafeMutableRawPointer?) -> Void = { _ in }

    private static let errorCallback: @convention(c) (UnsafeMutableRawPointer?, UnsafeMutablePointer<CChar>?, UInt32)
        -> Int32 = { pointer, buffer, length in
            let message =
                pointer == nil
                ? "LOAD DATA LOCAL INFILE refused: Ferry only sends data from its own bulk loads"
                : "the bulk-load input failed"
            if let buffer, length > 0 {
                let bytes = Array(message.utf8.prefix(Int(length) - 1)) + [0]
                bytes.withUnsafeBytes { UnsafeMutableRawPointer(buffer).copyMemory(from: $0.baseAddress!, byteCount: bytes.count) }
            }
            return 2000
        }
}
