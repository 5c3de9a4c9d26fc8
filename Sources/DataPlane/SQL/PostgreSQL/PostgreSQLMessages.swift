/// Frontend messages of the PostgreSQL wire protocol (version 3.0), appended to one output buffer that is sent
/// with a single write.
struct PostgreSQLMessageWriter {
    private(set) var bytes: [UInt8] = []

    /// The `StartupMessage`: protocol 3.0 and the session parameters.
    mutating func startup(_ parameters: [(String, String)]) {
        let start = bytes.count
        int32(0)
        int32(196_608)
        for (name, value) in parameters {
            cString(name)
            cString(value)
        }
        bytes.append(0)
        patchLength(at: start)
    }

    /// A message without a type byte (`SSLRequest`, `CancelRequest`): its length, then `words`.
    mutating func untyped(_ words: [Int32]) {
        int32(Int32(4 + 4 * words.count))
        for word in words { int32(word) }
    }

    /// A typed message: the type byte, its length, then what `body` appends.
    mutating func message(_ type: Character, _ body: (inout PostgreSQLMessageWriter) -> Void = { _ in }) {
        bytes.append(type.asciiValue!)
        let start = bytes.count
        int32(0)
        body(&self)
        patchLength(at: start)
    }

    mutating func int16(_ value: Int16) {
        bytes.append(UInt8(truncatingIfNeeded: value >> 8))
        bytes.append(UInt8(truncatingIfNeeded: value))
    }

    mutating func int32(_ value: Int32) {
        for shift in stride(from: 24, through: 0, by: -8) { bytes.append(UInt8(truncatingIfNeeded: value >> Int32(shift))) }
    }

    mutating func cString(_ text: String) {
        bytes.append(contentsOf: text.utf8)
        bytes.append(0)
    }

    mutating func append(_ raw: some Sequence<UInt8>) { bytes.append(contentsOf: raw) }

    private mutating func patchLength(at start: Int) {
        let length = UInt32(bytes.count - start)
        for index in 0..<4 { bytes[start + index] = UInt8(truncatingIfNeeded: length >> UInt32(24 - 8 * index)) }
    }

    /// Empties the buffer, keeping its capacity.
    mutating func reset() { bytes.removeAll(keepingCapacity: true) }
}

/// Reads backend messages from a ``PostgreSQLSocket`` through one growable buffer.
///
/// Owned by one ``PostgreSQLSession`` and used on its thread only. A message's body stays valid until the next call
/// to ``next(from:)``.
final class PostgreSQLMessageReader {
    private var storage: UnsafeMutableRawBufferPointer
    private var start = 0
    private var end = 0

    init(capacity: Int = 256 * 1024) {
        storage = .allocate(byteCount: capacity, alignment: 8)
    }

    deinit { storage.deallocate() }

    /// Whether a whole message is already buffered (reading it will not wait for the server).
    var hasBufferedMessage: Bool {
        guard end - start >= 5 else { return false }
        return end - start >= 1 + Int(bodyLength(at: start + 1)) + 4
    }

    private func bodyLength(at offset: Int) -> Int32 {
        var value: UInt32 = 0
        for index in 0..<4 { value = value << 8 | UInt32(storage[offset + index]) }
        return Int32(bitPattern: value) - 4
    }

    /// The next message's type and body.
    ///
    /// - Throws: ``PostgreSQLSocket/Failure`` when the connection breaks or the server closes it.
    func next(from socket: PostgreSQLSocket) throws(PostgreSQLSocket.Failure) -> (type: UInt8, body: UnsafeRawBufferPointer) {
        try fill(5, from: socket)
        let length = Int(bodyLength(at: start + 1))
        guard length >= 0 else { throw PostgreSQLSocket.Failure(message: "the server sent a malformed message") }
        try fill(5 + length, from: socket)
        let type = storage[start]
        let body = UnsafeRawBufferPointer(rebasing: storage[(start + 5)..<(start + 5 + length)])
        start += 5 + length
        return (type, body)
    }

    /// Reads one byte outside the message framing (the answer to `SSLRequest`).
    func nextByte(from socket: PostgreSQLSocket) throws(PostgreSQLSocket.Failure) -> UInt8 {
        try fill(1, from: socket)
        defer { start += 1 }
        return storage[start]
    }

    /// Makes at least `count` bytes available from `start`, compacting or growing the buffer as needed.
    private func fill(_ count: Int, from socket: PostgreSQLSocket) throws(PostgreSQLSocket.Failure) {
        if end - start >= count { return }
        if start + count > storage.count {
            if count > storage.count {
                let grown = UnsafeMutableRawBufferPointer.allocate(byteCount: max(count, storage.count * 2), alignment: 8)
                grown.copyMemory(from: UnsafeRawBufferPointer(rebasing: storage[start..<end]))
                storage.deallocate()
                storage = grown
            } else {
                storage.copyMemory(from: UnsafeRawBufferPointer(rebasing: storage[start..<end]))
            }
            end -= start
            start = 0
        }
        while end - start < count {
            let read = try socket.read(into: UnsafeMutableRawBufferPointer(rebasing: storage[end...]))
            if read == 0 { throw PostgreSQLSocket.Failure(message: "the server closed the connection") }
            end += read
        }
    }

    /// Gives back the memory of a buffer that a huge message grew, once nothing is buffered.
    func shrinkIfIdle() {
        guard start == end, storage.count > 1 << 20 else { return }
        start = 0
        end = 0
        storage.deallocate()
        storage = .allocate(byteCount: 256 * 1024, alignment: 8)
    }
}

/// A cursor over a message body.
struct PostgreSQLMessageBody {
    let raw: UnsafeRawBufferPointer
    private(set) var offset = 0

    init(_ raw: UnsafeRawBufferPointer) { self.raw = raw }

    var isAtEnd: Bool { offset >= raw.count }

    mutating func int16() -> Int16 {
        guard offset + 2 <= raw.count else { offset = raw.count; return 0 }
        defer { offset += 2 }
        return Int16(bitPattern: UInt16(raw[offset]) << 8 | UInt16(raw[offset + 1]))
    }

    mutating func int32() -> Int32 {
        guard offset + 4 <= raw.count else { offset = raw.count; return 0 }
        var value: UInt32 = 0
        for index in 0..<4 { value = value << 8 | UInt32(raw[offset + index]) }
        offset += 4
        return Int32(bitPattern: value)
    }

    mutating func byte() -> UInt8 {
        guard offset < raw.count else { return 0 }
        defer { offset += 1 }
        return raw[offset]
    }

    /// A NUL-terminated string.
    mutating func cString() -> String {
        let rest = raw[offset...]
        let end = rest.firstIndex(of: 0) ?? raw.count
        defer { offset = min(end + 1, raw.count) }
        return String(decoding: raw[offset..<end], as: UTF8.self)
    }

    /// The rest of the body.
    mutating func rest() -> UnsafeRawBufferPointer {
        defer { offset = raw.count }
        return UnsafeRawBufferPointer(rebasing: raw[min(offset, raw.count)...])
    }
}

/// The fields of an `ErrorResponse` or `NoticeResponse`.
struct PostgreSQLServerError: Error {
    let sqlState: String
    let message: String
    let detail: String?
    let context: String?

    /// An error Ferry itself reports in the server's terms.
    init(sqlState: String, message: String) {
        self.sqlState = sqlState
        self.message = message
        detail = nil
        context = nil
    }

    init(_ raw: UnsafeRawBufferPointer) {
        var body = PostgreSQLMessageBody(raw)
        var fields: [UInt8: String] = [:]
        while !body.isAtEnd {
            let code = body.byte()
            if code == 0 { break }
            fields[code] = body.cString()
        }
        sqlState = fields[UInt8(ascii: "C")] ?? ""
        message = fields[UInt8(ascii: "M")] ?? "the server reported an error"
        detail = fields[UInt8(ascii: "D")]
        context = fields[UInt8(ascii: "W")]
    }
}
