import DataPlane
import Foundation

/// An environment variable, or `defaultValue` (the defaults match scripts/start-mariadb.sh and
/// scripts/start-postgres.sh).
func env(_ name: String, _ defaultValue: String) -> String {
    ProcessInfo.processInfo.environment[name] ?? defaultValue
}

enum MariaDB {
    static var host: String { env("MARIADB_HOST", "127.0.0.1") }
    static var port: Int { Int(env("MARIADB_PORT", "3307")) ?? 3307 }
    static var user: String { env("MARIADB_USER", "ferry") }
    static var password: String { env("MARIADB_PASSWORD", "ferry") }

    static func url(database: String? = nil, password: String? = nil, query: String = "") -> String {
        let pw = (password ?? self.password).addingPercentEncoding(withAllowedCharacters: .alphanumerics) ?? ""
        return "mysql://\(user):\(pw)@\(host):\(port)/\(database ?? "")" + (query.isEmpty ? "" : "?" + query)
    }

    /// Creates a uniquely named database, runs `body` with a connection to it, then drops it.
    static func withDatabase<R>(_ body: (any SQLConnection, String) async throws -> R) async throws -> R {
        let name = "ferry_test_" + UUID().uuidString.replacingOccurrences(of: "-", with: "").prefix(12).lowercased()
        try await withSQLConnection(url: url()) { admin in
            try await admin.execute("CREATE DATABASE `\(name)` CHARACTER SET utf8mb4 COLLATE utf8mb4_bin")
        }
        do {
            let result = try await withSQLConnection(url: url(database: name)) { try await body($0, name) }
            try await dropDatabase(name)
            return result
        } catch {
            try? await dropDatabase(name)
            throw error
        }
    }

    static func dropDatabase(_ name: String) async throws {
        try await withSQLConnection(url: url()) { admin in try await admin.execute("DROP DATABASE IF EXISTS `\(name)`") }
    }
}

enum Postgres {
    static var host: String { env("POSTGRES_HOSTNAME", "127.0.0.1") }
    static var port: Int { Int(env("POSTGRES_PORT", "5433")) ?? 5433 }
    static var user: String { env("POSTGRES_USER", "ferry") }
    static var password: String { env("POSTGRES_PASSWORD", "ferry") }
    static var database: String { env("POSTGRES_DB", "ferry") }
    /// scripts/start-postgres.sh's directory (its TLS certificate is `server.crt` there).
    static var directory: String { env("POSTGRES_DIR", "/tmp/ferry-postgres-\(port)") }

    static func url(database: String? = nil, password: String? = nil, query: String = "") -> String {
        let pw = (password ?? self.password).addingPercentEncoding(withAllowedCharacters: .alphanumerics) ?? ""
        return "postgres://\(user):\(pw)@\(host):\(port)/\(database ?? self.database)" + (query.isEmpty ? "" : "?" + query)
    }

    /// Creates a uniquely named database, runs `body` with a connection to it, then drops it.
    static func withDatabase<R>(_ body: (any SQLConnection, String) async throws -> R) async throws -> R {
        let name = "ferry_test_" + UUID().uuidString.replacingOccurrences(of: "-", with: "").prefix(12).lowercased()
        try await withSQLConnection(url: url()) { admin in
            try await admin.execute("CREATE DATABASE \(admin.quoteIdentifier(name)) ENCODING 'UTF8' TEMPLATE template0")
        }
        do {
            let result = try await withSQLConnection(url: url(database: name)) { try await body($0, name) }
            try await dropDatabase(name)
            return result
        } catch {
            try? await dropDatabase(name)
            throw error
        }
    }

    static func dropDatabase(_ name: String) async throws {
        try await withSQLConnection(url: url()) { admin in
            try await admin.execute("DROP DATABASE IF EXISTS \(admin.quoteIdentifier(name)) WITH (FORCE)")
        }
    }
}

/// A TCP listener on 127.0.0.1 that answers one connection's first message with `N`: what a PostgreSQL server
/// without TLS answers to `SSLRequest`.
final class PlainPostgresListener: Sendable {
    let port: Int
    private let descriptor: Int32

    init() throws {
        let listener = socket(AF_INET, Int32(SOCK_STREAM.rawValue), 0)
        descriptor = listener
        var address = sockaddr_in()
        address.sin_family = sa_family_t(AF_INET)
        address.sin_addr.s_addr = inet_addr("127.0.0.1")
        var length = socklen_t(MemoryLayout<sockaddr_in>.size)
        let bound = withUnsafeMutablePointer(to: &address) { pointer in
            pointer.withMemoryRebound(to: sockaddr.self, capacity: 1) { raw in
                bind(listener, raw, length) == 0 && listen(listener, 1) == 0 && getsockname(listener, raw, &length) == 0
            }
        }
        guard bound else { throw POSIXError(.EADDRNOTAVAIL) }
        port = Int(UInt16(bigEndian: address.sin_port))
        Thread.detachNewThread {
            let client = accept(listener, nil, nil)
            guard client >= 0 else { return }
            var request = [UInt8](repeating: 0, count: 8)
            _ = recv(client, &request, 8, Int32(MSG_WAITALL))
            _ = send(client, [UInt8(ascii: "N")], 1, Int32(MSG_NOSIGNAL))
            var rest = [UInt8](repeating: 0, count: 64)
            _ = recv(client, &rest, 64, 0)
            close(client)
        }
    }

    deinit {
        shutdown(descriptor, Int32(SHUT_RDWR))
        close(descriptor)
    }
}

enum SQLiteFiles {
    /// Runs `body` with a connection to a fresh SQLite file in a unique temporary directory, removed afterwards.
    static func withDatabase<R>(_ body: (any SQLConnection, String) async throws -> R) async throws -> R {
        let directory = FileManager.default.temporaryDirectory.appendingPathComponent("ferry-sqlite-" + UUID().uuidString)
        try FileManager.default.createDirectory(at: directory, withIntermediateDirectories: true)
        defer { try? FileManager.default.removeItem(at: directory) }
        let path = directory.appendingPathComponent("test.db").path
        return try await withSQLConnection(url: "sqlite://" + path) { try await body($0, path) }
    }
}

/// A byte-chunk async sequence over an array of chunks.
struct ChunkSequence: AsyncSequence, Sendable {
    typealias Element = [UInt8]
    let chunks: [[UInt8]]
    struct AsyncIterator: AsyncIteratorProtocol {
        var index = 0
        let chunks: [[UInt8]]
        mutating func next() async throws -> [UInt8]? {
            guard index < chunks.count else { return nil }
            defer { index += 1 }
            return chunks[index]
        }
    }
    func makeAsyncIterator() -> AsyncIterator { AsyncIterator(chunks: chunks) }
}

/// Generates `count` CSV rows lazily (flat memory), in chunks of about 256 KiB; fails after `failAfter` rows.
struct GeneratedCSV: AsyncSequence, Sendable {
    typealias Element = [UInt8]
    let count: Int
    var failAfter: Int? = nil
    struct InjectedFailure: Error {}
    struct AsyncIterator: AsyncIteratorProtocol {
        let count: Int
        let failAfter: Int?
        var next = 0
        var headerDone = false
        mutating func next() async throws -> [UInt8]? {
            var out: [UInt8] = []
            if !headerDone {
                headerDone = true
                out += Array("id,name,amount,payload\n".utf8)
            }
            if next >= count && out.isEmpty { return nil }
            while next < count && out.count < 256 * 1024 {
                if let failAfter, next >= failAfter { throw InjectedFailure() }
                let i = next
                out += Array("\(i),\"name \(i), with comma\",\(i).25,\\x\(String(i, radix: 16, uppercase: false).count % 2 == 0 ? String(i, radix: 16) : "0" + String(i, radix: 16))\n".utf8)
                next += 1
            }
            return out
        }
    }
    func makeAsyncIterator() -> AsyncIterator { AsyncIterator(count: count, failAfter: failAfter) }
}

/// Tables whose names mark them as Ferry's scratch tables (staging or previous tables).
func scratchTables(on connection: any SQLConnection) async throws -> [String] {
    let sql = switch connection.dialect {
    case .sqlite: "SELECT name FROM sqlite_master WHERE type = 'table'"
    case .postgres: "SELECT table_name::text FROM information_schema.tables WHERE table_schema = current_schema()"
    default: "SELECT TABLE_NAME FROM information_schema.TABLES WHERE TABLE_SCHEMA = DATABASE()"
    }
    let rows = try await connection.query(sql) { try await $0.collectRows() }
    return rows.compactMap { row -> String? in
        guard case .text(let name)? = row.first, name.contains("__ferry_") else { return nil }
        return name
    }
}

/// Cancels 40 short statements at about the moment each finishes on its own, and after each one runs `next`
/// (which must fail or record an issue if a late cancel interrupted it). Returns how many were reported cancelled.
func cancelStatementsAsTheyFinish(
    on connection: any SQLConnection, statement: String, then next: () async throws -> Void
) async throws -> Int {
    var interrupted = 0
    for attempt in 0..<40 {
        let task = Task { try await connection.execute(statement) }
        try await Task.sleep(for: .milliseconds(5 + attempt % 10))
        task.cancel()
        if case .failure = await task.result { interrupted += 1 }
        try await next()
    }
    return interrupted
}

/// The process's resident set size in bytes (Linux).
func residentSetSize() -> Int {
    guard let text = try? String(contentsOfFile: "/proc/self/statm", encoding: .utf8),
        let pages = text.split(separator: " ").dropFirst().first.flatMap({ Int($0) })
    else { return 0 }
    return pages * Int(sysconf(Int32(_SC_PAGESIZE)))
}
