internal import AsyncHTTPClient
internal import NIOCore
internal import NIOHTTP1
internal import Synchronization

/// An answer from the service: status, headers, and a body read on demand.
struct S3HTTPResponse: Sendable {
    var status: Int
    var headers: HTTPHeaders
    var body: AsyncThrowingStream<ByteBuffer, any Error>

    /// Reads the whole body, refusing more than `limit` bytes.
    func collect(upTo limit: Int) async throws -> [UInt8] {
        var bytes: [UInt8] = []
        for try await buffer in body {
            guard bytes.count + buffer.readableBytes <= limit else {
                throw S3DecodingError(reason: "the answer is larger than \(limit) bytes")
            }
            bytes += buffer.readableBytesView
        }
        return bytes
    }
}

/// Sends prepared requests. The production implementation is ``AsyncHTTPClientTransport``; unit tests script
/// answers with a fake, so retries, multipart uploads and aborts are tested without sockets.
protocol S3Transport: Sendable {
    /// Sends a request and returns once the answer's head has arrived; the body is read from the response.
    ///
    /// - Parameters:
    ///   - request: The signed request.
    ///   - timeout: The time allowed until the answer's head has arrived (the body is streamed afterwards).
    func execute(_ request: S3PreparedRequest, timeout: Duration) async throws -> S3HTTPResponse
}

/// Sends requests with AsyncHTTPClient.
///
/// The client's logger is not used: AsyncHTTPClient's trace logs could include request details, and a session token
/// travels in a header.
struct AsyncHTTPClientTransport: S3Transport {
    let client: HTTPClient

    func execute(_ request: S3PreparedRequest, timeout: Duration) async throws -> S3HTTPResponse {
        var outgoing = HTTPClientRequest(url: request.url)
        outgoing.method = HTTPMethod(rawValue: request.method)
        for (name, value) in request.headers { outgoing.headers.add(name: name, value: value) }
        if let body = request.body { outgoing.body = .bytes(body) }
        let response = try await client.execute(outgoing, timeout: .nanoseconds(timeout.nanoseconds))
        let box = IteratorBox(response.body.makeAsyncIterator())
        return S3HTTPResponse(
            status: Int(response.status.code), headers: response.headers,
            body: AsyncThrowingStream(unfolding: { try await box.next() }))
    }
}

/// Holds an async iterator for `AsyncThrowingStream(unfolding:)`, whose closure must be `@Sendable`.
///
/// `@unchecked Sendable`: the iterator is only touched inside ``next()``, and the atomic `isBusy` flag makes an
/// overlapping call (two tasks iterating one stream, which `AsyncThrowingStream` does not support anyway) throw
/// instead of touching it, so the iterator is never accessed from two tasks at once.
final class IteratorBox<Iterator: AsyncIteratorProtocol>: @unchecked Sendable {
    private var iterator: Iterator
    private let isBusy = Atomic<Bool>(false)

    init(_ iterator: Iterator) { self.iterator = iterator }

    func next() async throws -> Iterator.Element? {
        guard isBusy.compareExchange(expected: false, desired: true, ordering: .acquiring).exchanged else {
            throw S3DecodingError(reason: "an object stream was iterated from two tasks at once")
        }
        defer { isBusy.store(false, ordering: .releasing) }
        var current = iterator
        let element = try await current.next(isolation: #isolation)
        iterator = current
        return element
    }
}
