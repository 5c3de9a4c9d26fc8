internal import CFerryOpenSSL
#if canImport(Glibc)
internal import Glibc
#elseif canImport(Musl)
internal import Musl
#elseif canImport(Darwin)
internal import Darwin
#endif

/// A blocking byte stream to a PostgreSQL server: a TCP socket, optionally upgraded to TLS (OpenSSL) after the
/// protocol's `SSLRequest`.
///
/// Only ever used from one thread at a time (a ``PostgreSQLSession``'s own thread, or a short-lived cancel
/// request).
final class PostgreSQLSocket {
    /// A failure of the transport, before any protocol meaning is attached.
    struct Failure: Error {
        let message: String
    }

    private var descriptor: Int32
    private var tls: OpaquePointer?
    private var context: OpaquePointer?

    private init(descriptor: Int32) {
        self.descriptor = descriptor
    }

    deinit { close() }

    /// Opens a TCP connection to `host`:`port`, trying each address the name resolves to, each within `timeout`
    /// seconds.
    static func connect(host: String, port: Int, timeout: Int) throws(Failure) -> PostgreSQLSocket {
        var hints = addrinfo()
        hints.ai_family = AF_UNSPEC
        #if canImport(Glibc)
        hints.ai_socktype = Int32(SOCK_STREAM.rawValue)
        #else
        hints.ai_socktype = SOCK_STREAM
        #endif
        hints.ai_protocol = Int32(IPPROTO_TCP)
        var list: UnsafeMutablePointer<addrinfo>?
        let rc = getaddrinfo(host, String(port), &hints, &list)
        guard rc == 0, let first = list else {
            throw Failure(message: "cannot resolve host \"\(host)\": \(String(cString: gai_strerror(rc)))")
        }
        defer { freeaddrinfo(list) }
        var lastError = "no address"
        var entry: UnsafeMutablePointer<addrinfo>? = first
        while let address = entry {
            entry = address.pointee.ai_next
            let fd = socket(address.pointee.ai_family, address.pointee.ai_socktype, address.pointee.ai_protocol)
            if fd < 0 {
                lastError = errorText(errno)
                continue
            }
            if let failure = connect(fd, address.pointee.ai_addr, address.pointee.ai_addrlen, timeout: timeout) {
                lastError = failure
                _ = closeDescriptor(fd)
                continue
            }
            var one: Int32 = 1
            setsockopt(fd, Int32(IPPROTO_TCP), TCP_NODELAY, &one, socklen_t(MemoryLayout<Int32>.size))
            setsockopt(fd, SOL_SOCKET, SO_KEEPALIVE, &one, socklen_t(MemoryLayout<Int32>.size))
            return PostgreSQLSocket(descriptor: fd)
        }
        throw Failure(message: lastError)
    }

    /// A non-blocking connect bounded by `timeout` seconds; the socket is blocking again afterwards.
    private static func connect(
        _ fd: Int32, _ address: UnsafeMutablePointer<sockaddr>?, _ length: socklen_t, timeout: Int
    ) -> String? {
        let flags = fcntl(fd, F_GETFL, 0)
        _ = fcntl(fd, F_SETFL, flags | O_NONBLOCK)
        defer { _ = fcntl(fd, F_SETFL, flags) }
        if connectDescriptor(fd, address, length) == 0 { return nil }
        guard errno == EINPROGRESS else { return errorText(errno) }
        var poller = pollfd(fd: fd, events: Int16(POLLOUT), revents: 0)
        let deadline = ContinuousClock.now + .seconds(timeout)
        while true {
            let left = deadline - ContinuousClock.now
            let milliseconds = max(0, Int32(left.components.seconds * 1000 + left.components.attoseconds / 1_000_000_000_000_000))
            let ready = poll(&poller, 1, milliseconds)
            if ready > 0 { break }
            if ready == 0 { return "connect timed out after \(timeout) s" }
            if errno != EINTR { return errorText(errno) }
        }
        var failure: Int32 = 0
        var size = socklen_t(MemoryLayout<Int32>.size)
        getsockopt(fd, SOL_SOCKET, SO_ERROR, &failure, &size)
        return failure == 0 ? nil : errorText(failure)
    }

    private static func errorText(_ code: Int32) -> String { String(cString: strerror(code)) }

    /// Upgrades the connection to TLS (the server has just accepted the `SSLRequest`).
    ///
    /// - Parameters:
    ///   - verifyChain: Whether the certificate chain must verify against `rootCertificateFile` (or the system's
    ///     trust store).
    ///   - verifyHost: Whether the certificate must also name `host`.
    func startTLS(host: String, verifyChain: Bool, verifyHost: Bool, rootCertificateFile: String?) throws(Failure) {
        // A write to a connection the server closed raises SIGPIPE inside OpenSSL (plain sockets use MSG_NOSIGNAL);
        // the default action would end the process.
        _ = Self.ignoreBrokenPipes
        guard let context = SSL_CTX_new(TLS_client_method()) else { throw Failure(message: Self.tlsErrorText("SSL_CTX_new")) }
        self.context = context
        _ = ferry_SSL_CTX_set_min_proto_version(context, TLS1_2_VERSION)
        if verifyChain {
            let loaded =
                if let rootCertificateFile {
                    SSL_CTX_load_verify_locations(context, rootCertificateFile, nil)
                } else {
                    SSL_CTX_set_default_verify_paths(context)
                }
            guard loaded == 1 else {
                throw Failure(message: Self.tlsErrorText("cannot load the trusted certificates \(rootCertificateFile ?? "(system)")"))
            }
            SSL_CTX_set_verify(context, SSL_VERIFY_PEER, nil)
        } else {
            SSL_CTX_set_verify(context, SSL_VERIFY_NONE, nil)
        }
        guard let tls = SSL_new(context) else { throw Failure(message: Self.tlsErrorText("SSL_new")) }
        self.tls = tls
        SSL_set_fd(tls, descriptor)
        if Self.isHostName(host) { _ = ferry_SSL_set_tlsext_host_name(tls, host) }
        if verifyHost {
            let parameters = SSL_get0_param(tls)
            let set =
                Self.isHostName(host)
                ? X509_VERIFY_PARAM_set1_host(parameters, host, 0) : X509_VERIFY_PARAM_set1_ip_asc(parameters, host)
            guard set == 1 else { throw Failure(message: Self.tlsErrorText("cannot verify the host name \(host)")) }
        }
        ERR_clear_error()
        if SSL_connect(tls) != 1 {
            let verify = SSL_get_verify_result(tls)
            if verify != X509_V_OK {
                throw Failure(message: "TLS handshake failed: " + String(cString: X509_verify_cert_error_string(verify)))
            }
            throw Failure(message: Self.tlsErrorText("TLS handshake failed"))
        }
    }

    private static let ignoreBrokenPipes: Void = { _ = signal(SIGPIPE, SIG_IGN) }()

    private static func isHostName(_ host: String) -> Bool {
        var v4 = in_addr()
        var v6 = in6_addr()
        return inet_pton(AF_INET, host, &v4) != 1 && inet_pton(AF_INET6, host, &v6) != 1
    }

    private static func tlsErrorText(_ what: String) -> String {
        let code = ERR_get_error()
        ERR_clear_error()
        guard code != 0 else { return what }
        var buffer = [CChar](repeating: 0, count: 256)
        ERR_error_string_n(code, &buffer, buffer.count)
        return what + ": " + buffer.withUnsafeBufferPointer { String(cString: $0.baseAddress!) }
    }

    /// Bounds each wait for the server to `seconds` (0: wait indefinitely); used while connecting.
    func setReceiveTimeout(seconds: Int) {
        var limit = timeval(tv_sec: seconds, tv_usec: 0)
        setsockopt(descriptor, SOL_SOCKET, SO_RCVTIMEO, &limit, socklen_t(MemoryLayout<timeval>.size))
    }

    /// Whether the connection is encrypted.
    var isTLS: Bool { tls != nil }

    /// Reads up to `buffer.count` bytes, waiting for at least one.
    ///
    /// - Returns: The number of bytes read; 0 when the server closed the connection.
    func read(into buffer: UnsafeMutableRawBufferPointer) throws(Failure) -> Int {
        while true {
            if let tls {
                ERR_clear_error()
                let count = SSL_read(tls, buffer.baseAddress, Int32(min(buffer.count, Int(Int32.max))))
                if count > 0 { return Int(count) }
                let reason = SSL_get_error(tls, count)
                if reason == SSL_ERROR_ZERO_RETURN { return 0 }
                if reason == SSL_ERROR_SYSCALL && errno == EINTR { continue }
                if reason == SSL_ERROR_SYSCALL && (count == 0 || errno == ECONNRESET) { return 0 }
                throw Failure(message: Self.tlsErrorText("TLS read failed"))
            }
            let count = recv(descriptor, buffer.baseAddress, buffer.count, 0)
            if count >= 0 { return count }
            if errno == EINTR { continue }
            if errno == ECONNRESET { return 0 }
            if errno == EAGAIN || errno == EWOULDBLOCK { throw Failure(message: "the server did not answer in time") }
            throw Failure(message: Self.errorText(errno))
        }
    }

    /// Writes all of `bytes`.
    func write(_ bytes: UnsafeRawBufferPointer) throws(Failure) {
        var offset = 0
        while offset < bytes.count {
            let rest = UnsafeRawBufferPointer(rebasing: bytes[offset...])
            if let tls {
                ERR_clear_error()
                let count = SSL_write(tls, rest.baseAddress, Int32(min(rest.count, Int(Int32.max))))
                if count > 0 {
                    offset += Int(count)
                    continue
                }
                if SSL_get_error(tls, count) == SSL_ERROR_SYSCALL && errno == EINTR { continue }
                throw Failure(message: Self.tlsErrorText("TLS write failed"))
            }
            let count = send(descriptor, rest.baseAddress, rest.count, Int32(MSG_NOSIGNAL))
            if count >= 0 {
                offset += count
            } else if errno == EPIPE || errno == ECONNRESET {
                throw Failure(message: "the server closed the connection")
            } else if errno != EINTR {
                throw Failure(message: Self.errorText(errno))
            }
        }
    }

    /// Whether bytes from the server are waiting, so that a read will not block.
    ///
    /// Over TLS a readable socket may hold only part of a record, or a record without data in it (a session
    /// ticket): OpenSSL processes what arrived without blocking, and only decrypted data counts. A closed or broken
    /// connection counts as input, so that the read which follows reports it.
    var hasPendingInput: Bool {
        var poller = pollfd(fd: descriptor, events: Int16(POLLIN), revents: 0)
        guard let tls else { return poll(&poller, 1, 0) > 0 }
        if SSL_pending(tls) > 0 { return true }
        guard poll(&poller, 1, 0) > 0 else { return false }
        let flags = fcntl(descriptor, F_GETFL)
        _ = fcntl(descriptor, F_SETFL, flags | O_NONBLOCK)
        defer { _ = fcntl(descriptor, F_SETFL, flags) }
        ERR_clear_error()
        var byte: UInt8 = 0
        let count = SSL_peek(tls, &byte, 1)
        if count > 0 { return true }
        let reason = SSL_get_error(tls, count)
        ERR_clear_error()
        return reason != SSL_ERROR_WANT_READ && reason != SSL_ERROR_WANT_WRITE
    }

    /// Closes the socket (idempotent).
    func close() {
        if let tls { SSL_free(tls) }
        tls = nil
        if let context { SSL_CTX_free(context) }
        context = nil
        if descriptor >= 0 { _ = closeDescriptor(descriptor) }
        descriptor = -1
    }
}

// The C functions, under names the methods above do not shadow.
private func closeDescriptor(_ fd: Int32) -> Int32 { close(fd) }
private func connectDescriptor(_ fd: Int32, _ address: UnsafePointer<sockaddr>?, _ length: socklen_t) -> Int32 {
    connect(fd, address, length)
}
