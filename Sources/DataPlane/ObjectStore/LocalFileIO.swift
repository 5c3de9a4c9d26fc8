#if canImport(FoundationEssentials)
internal import FoundationEssentials
#else
internal import Foundation
#endif
internal import Synchronization

#if canImport(Glibc)
internal import Glibc
#elseif canImport(Musl)
internal import Musl
#elseif canImport(Darwin)
internal import Darwin
#endif

/// Blocking POSIX file operations for ``LocalObjectStore``. Every function here blocks and must run on a
/// thread-pool thread, never on Swift's cooperative pool or an event loop.
///
/// Paths below the root are resolved one segment at a time with `openat(..., O_NOFOLLOW)`, so neither `..` (already
/// refused by ``ObjectKey``) nor a symbolic link planted inside the root can lead outside it.
enum LocalFileIO {
    static let temporaryPrefix = ".ferry-tmp-"

    private static let modeMask: UInt32 = 0o170000
    private static let modeDirectory: UInt32 = 0o040000
    private static let modeRegular: UInt32 = 0o100000
    private static let modeSymbolicLink: UInt32 = 0o120000

    static func currentErrno() -> Int32 { errno }

    static func describe(_ code: Int32) -> String {
        guard let text = strerror(code) else { return "errno \(code)" }
        return "\(String(cString: text)) (errno \(code))"
    }

    static func ioError(_ operation: String, subject: String, code: Int32, hint: String) -> ObjectStoreError {
        ObjectStoreError(
            code: .ioFailure, subject: subject, reason: "\(operation) failed: \(describe(code)); \(hint)", errno: code)
    }

    /// Creates `path` and its missing parents, like `mkdir -p`.
    static func makeDirectories(_ path: String) throws(ObjectStoreError) {
        var current = ""
        for part in path.split(separator: "/", omittingEmptySubsequences: true) {
            current += "/" + part
            if mkdir(current, 0o755) != 0 {
                let code = errno
                if code != EEXIST {
                    throw ioError(
                        "creating the store's root folder \(current)", subject: path, code: code,
                        hint: "check that the path is writable, or create it yourself")
                }
            }
        }
    }

    /// Opens the root folder; returns `nil` when it does not exist and `create` is false.
    static func openRoot(_ root: String, create: Bool) throws(ObjectStoreError) -> Int32? {
        var fd = open(root, O_RDONLY | O_DIRECTORY | O_CLOEXEC)
        if fd < 0 && errno == ENOENT {
            guard create else { return nil }
            try makeDirectories(root)
            fd = open(root, O_RDONLY | O_DIRECTORY | O_CLOEXEC)
        }
        if fd < 0 {
            throw ioError(
                "opening the store's root folder", subject: root, code: errno,
                hint: "check that the folder exists, is a folder, and is readable")
        }
        return fd
    }

    /// Opens the folder that holds an object, walking `segments` below the root without following links.
    ///
    /// - Returns: A directory descriptor, or `nil` when a folder is missing and `create` is false.
    static func openFolder(
        root: String, segments: [String], create: Bool, key: String
    ) throws(ObjectStoreError) -> Int32? {
        guard var fd = try openRoot(root, create: create) else { return nil }
        for (index, segment) in segments.enumerated() {
            var next = openat(fd, segment, O_RDONLY | O_DIRECTORY | O_NOFOLLOW | O_CLOEXEC)
            if next < 0 && errno == ENOENT && create {
                if mkdirat(fd, segment, 0o755) != 0 && errno != EEXIST {
                    let code = errno
                    close(fd)
                    throw ioError(
                        "creating folder \(segments[...index].joined(separator: "/"))", subject: key, code: code,
                        hint: "check that the store's root is writable")
                }
                fsync(fd)  // make the new folder entry durable
                next = openat(fd, segment, O_RDONLY | O_DIRECTORY | O_NOFOLLOW | O_CLOEXEC)
            }
            if next < 0 {
                let code = errno
                let folder = segments[...index].joined(separator: "/")
                switch code {
                case ENOENT:
                    close(fd)
                    return nil
                case ENOTDIR where isSymbolicLink(in: fd, segment), ELOOP:
                    close(fd)
                    throw ObjectStoreError(
                        code: .keyConflict, subject: key,
                        reason: "\"\(folder)\" is a symbolic link; the local store never follows links, "
                            + "so keys cannot lead outside its root: remove the link")
                case ENOTDIR:
                    close(fd)
                    throw ObjectStoreError(
                        code: .keyConflict, subject: key,
                        reason: "\"\(folder)\" is an object, so it cannot also be a folder in a local store; "
                            + "choose a key that does not extend an existing object's key")
                default:
                    close(fd)
                    throw ioError(
                        "opening folder \(folder)", subject: key, code: code,
                        hint: "check the permissions of the store's folders")
                }
            }
            close(fd)
            fd = next
        }
        return fd
    }

    static func isSymbolicLink(in dir: Int32, _ name: String) -> Bool {
        var st = stat()
        return fstatat(dir, name, &st, AT_SYMLINK_NOFOLLOW) == 0 && UInt32(st.st_mode) & modeMask == modeSymbolicLink
    }

    static func info(key: ObjectKey, stat st: stat) -> ObjectInfo {
        #if canImport(Darwin)
        let seconds = Double(st.st_mtimespec.tv_sec) + Double(st.st_mtimespec.tv_nsec) / 1e9
        #else
        let seconds = Double(st.st_mtim.tv_sec) + Double(st.st_mtim.tv_nsec) / 1e9
        #endif
        return ObjectInfo(key: key, size: Int64(st.st_size), lastModified: Date(timeIntervalSince1970: seconds))
    }

    static func isRegular(_ st: stat) -> Bool { UInt32(st.st_mode) & modeMask == modeRegular }
    static func isDirectory(_ st: stat) -> Bool { UInt32(st.st_mode) & modeMask == modeDirectory }

    /// Returns metadata for an object, or `nil` if there is no regular file at the key.
    static func head(root: String, key: ObjectKey, folders: [String], name: String) throws(ObjectStoreError)
        -> ObjectInfo?
    {
        guard let dir = try openFolder(root: root, segments: folders, create: false, key: key.rawValue) else {
            return nil
        }
        defer { close(dir) }
        var st = stat()
        if fstatat(dir, name, &st, AT_SYMLINK_NOFOLLOW) != 0 {
            let code = errno
            if code == ENOENT { return nil }
            throw ioError("reading metadata", subject: key.rawValue, code: code, hint: "check file permissions")
        }
        return isRegular(st) ? info(key: key, stat: st) : nil
    }

    /// Deletes an object's file; succeeds when it does not exist.
    static func delete(root: String, key: ObjectKey, folders: [String], name: String) throws(ObjectStoreError) {
        guard let dir = try openFolder(root: root, segments: folders, create: false, key: key.rawValue) else {
            return
        }
        defer { close(dir) }
        var st = stat()
        if fstatat(dir, name, &st, AT_SYMLINK_NOFOLLOW) != 0 {
            if errno == ENOENT { return }
        } else if isDirectory(st) {
            throw ObjectStoreError(
                code: .keyConflict, subject: key.rawValue,
                reason: "it is a folder of other objects, not an object; delete those objects instead")
        }
        if unlinkat(dir, name, 0) != 0 {
            let code = errno
            if code == ENOENT { return }
            throw ioError("deleting", subject: key.rawValue, code: code, hint: "check the folder's permissions")
        }
        fsync(dir)
    }

    /// Lists objects below the root whose keys start with `prefix`.
    static func list(root: String, prefix: String) throws(ObjectStoreError) -> [ObjectInfo] {
        var parts = prefix.split(separator: "/", omittingEmptySubsequences: false).map(String.init)
        let partial = parts.popLast() ?? ""
        guard let dir = try openFolder(root: root, segments: parts, create: false, key: prefix) else { return [] }
        var results: [ObjectInfo] = []
        let base = parts.isEmpty ? "" : parts.joined(separator: "/") + "/"
        try walk(dir, keyPrefix: base, namePrefix: partial, into: &results)
        results.sort { $0.key < $1.key }
        return results
    }

    /// Walks a folder recursively; takes ownership of `dir` and closes it.
    private static func walk(
        _ dir: Int32, keyPrefix: String, namePrefix: String, into results: inout [ObjectInfo]
    ) throws(ObjectStoreError) {
        guard let stream = fdopendir(dir) else {
            let code = errno
            close(dir)
            throw ioError("listing folder \(keyPrefix)", subject: keyPrefix, code: code, hint: "check permissions")
        }
        defer { closedir(stream) }
        while let entry = readdir(stream) {
            let name: String? = withUnsafeBytes(of: entry.pointee.d_name) { raw in
                let bytes = raw.prefix { $0 != 0 }
                return String(validating: bytes, as: UTF8.self)
            }
            // Skip names that are not valid UTF-8: they cannot be keys.
            guard let name, name != ".", name != "..", !name.hasPrefix(temporaryPrefix) else { continue }
            if !namePrefix.isEmpty && !name.utf8.starts(with: namePrefix.utf8) { continue }
            var st = stat()
            guard fstatat(dir, name, &st, AT_SYMLINK_NOFOLLOW) == 0 else { continue }
            if isDirectory(st) {
                let child = openat(dir, name, O_RDONLY | O_DIRECTORY | O_NOFOLLOW | O_CLOEXEC)
                guard child >= 0 else { continue }
                try walk(child, keyPrefix: keyPrefix + name + "/", namePrefix: "", into: &results)
            } else if isRegular(st), let key = try? ObjectKey(keyPrefix + name) {
                results.append(info(key: key, stat: st))
            }
            // Symbolic links and special files are not objects: skipped.
        }
    }
}

/// An object file open for reading. The descriptor is closed at end of file, on error, or when the handle is
/// released (for example, when a consumer stops iterating early).
final class LocalReadHandle: Sendable {
    // The descriptor, or -1 once closed. The mutex serialises reads and close; reads happen on pool threads.
    private let descriptor: Mutex<Int32>
    let key: String

    init(descriptor: Int32, key: String) {
        self.descriptor = Mutex(descriptor)
        self.key = key
    }

    /// Opens a regular file for reading.
    static func open(root: String, key: ObjectKey, folders: [String], name: String) throws(ObjectStoreError)
        -> LocalReadHandle
    {
        let notFound = ObjectStoreError(
            code: .notFound, subject: key.rawValue, reason: "there is no object with this key in \(root); "
                + "check the key and the store URL, or list the prefix to see what exists")
        guard let dir = try LocalFileIO.openFolder(root: root, segments: folders, create: false, key: key.rawValue)
        else { throw notFound }
        defer { close(dir) }
        let fd = openat(dir, name, O_RDONLY | O_NOFOLLOW | O_CLOEXEC)
        if fd < 0 {
            let code = errno
            if code == ENOENT { throw notFound }
            if code == ELOOP {
                throw ObjectStoreError(
                    code: .keyConflict, subject: key.rawValue,
                    reason: "it is a symbolic link; the local store never follows links: remove the link")
            }
            throw LocalFileIO.ioError("opening", subject: key.rawValue, code: code, hint: "check file permissions")
        }
        var st = stat()
        if fstat(fd, &st) != 0 || !LocalFileIO.isRegular(st) {
            close(fd)
            throw notFound
        }
        return LocalReadHandle(descriptor: fd, key: key.rawValue)
    }

    /// Reads up to `maximum` bytes; returns `nil` at end of file (and closes the file).
    func read(maximum: Int) throws(ObjectStoreError) -> [UInt8]? {
        let result: Result<[UInt8]?, ObjectStoreError> = descriptor.withLock { fd in
            guard fd >= 0 else { return .success(nil) }
            var failure: Int32 = 0
            let chunk = [UInt8](unsafeUninitializedCapacity: maximum) { buffer, initialized in
                while true {
                    let n = posixRead(fd, buffer.baseAddress!, maximum)
                    if n >= 0 {
                        initialized = n
                        return
                    }
                    if errno != EINTR {
                        failure = errno
                        initialized = 0
                        return
                    }
                }
            }
            if failure != 0 {
                close(fd)
                fd = -1
                return .failure(
                    LocalFileIO.ioError("reading", subject: key, code: failure, hint: "check the disk and retry"))
            }
            if chunk.isEmpty {
                close(fd)
                fd = -1
                return .success(nil)
            }
            return .success(chunk)
        }
        return try result.get()
    }

    deinit {
        descriptor.withLock { fd in
            if fd >= 0 { close(fd) }
            fd = -1
        }
    }
}

/// A put in progress: a temporary file in the object's folder, renamed over the final name on commit.
final class LocalPendingPut: Sendable {
    private struct State {
        var folder: Int32
        var file: Int32
        var isDone = false
    }

    // Owned descriptors; the mutex makes the handle Sendable. Operations on it are sequential in practice.
    private let state: Mutex<State>
    let temporaryName: String
    let name: String
    let key: String

    private init(folder: Int32, file: Int32, temporaryName: String, name: String, key: String) {
        self.state = Mutex(State(folder: folder, file: file))
        self.temporaryName = temporaryName
        self.name = name
        self.key = key
    }

    /// Creates the object's folder (if needed) and an exclusive temporary file in it.
    static func begin(root: String, key: ObjectKey, folders: [String], name: String) throws(ObjectStoreError)
        -> LocalPendingPut
    {
        guard let dir = try LocalFileIO.openFolder(root: root, segments: folders, create: true, key: key.rawValue)
        else {
            throw LocalFileIO.ioError(
                "creating the object's folder", subject: key.rawValue, code: ENOENT, hint: "check the store's root")
        }
        for _ in 0..<16 {
            let temporaryName = LocalFileIO.temporaryPrefix + String(UInt64.random(in: .min ... .max), radix: 16)
            let fd = openat(dir, temporaryName, O_WRONLY | O_CREAT | O_EXCL | O_NOFOLLOW | O_CLOEXEC, 0o644)
            if fd >= 0 {
                return LocalPendingPut(folder: dir, file: fd, temporaryName: temporaryName, name: name, key: key.rawValue)
            }
            let code = errno
            if code != EEXIST {
                close(dir)
                throw LocalFileIO.ioError(
                    "creating a temporary file", subject: key.rawValue, code: code,
                    hint: "check that the store's folder is writable and the disk is not full")
            }
        }
        close(dir)
        throw LocalFileIO.ioError(
            "creating a temporary file", subject: key.rawValue, code: EEXIST, hint: "retry the put")
    }

    /// Appends bytes to the temporary file.
    func write(_ bytes: [UInt8]) throws(ObjectStoreError) {
        let fd = state.withLock { $0.file }
        var failure: Int32 = 0
        bytes.withUnsafeBytes { raw in
            var offset = 0
            while offset < raw.count {
                let n = posixWrite(fd, raw.baseAddress! + offset, raw.count - offset)
                if n < 0 {
                    if errno == EINTR { continue }
                    failure = errno
                    return
                }
                offset += n
            }
        }
        if failure != 0 {
            throw LocalFileIO.ioError(
                "writing", subject: key, code: failure, hint: "check free disk space and the folder's permissions")
        }
    }

    /// Makes the data durable and atomically replaces the object: fsync, rename, fsync the folder.
    func commit() throws(ObjectStoreError) {
        try state.withLock { (state) throws(ObjectStoreError) in
            precondition(!state.isDone, "commit after commit or abort")
            if fsync(state.file) != 0 {
                throw LocalFileIO.ioError("syncing", subject: key, code: errno, hint: "check the disk")
            }
            close(state.file)
            state.file = -1
            if renameat(state.folder, temporaryName, state.folder, name) != 0 {
                let code = errno
                if code == EISDIR || code == ENOTEMPTY || code == EEXIST {
                    throw ObjectStoreError(
                        code: .keyConflict, subject: key,
                        reason: "a folder of other objects already has this name; choose another key")
                }
                throw LocalFileIO.ioError("renaming the temporary file", subject: key, code: code, hint: "retry")
            }
            state.isDone = true
            fsync(state.folder)
            close(state.folder)
            state.folder = -1
        }
    }

    /// Removes the temporary file and releases the descriptors; safe to call after a failed commit.
    func abort() {
        state.withLock { state in
            if state.file >= 0 { close(state.file) }
            state.file = -1
            if state.folder >= 0 {
                if !state.isDone { unlinkat(state.folder, temporaryName, 0) }
                close(state.folder)
            }
            state.folder = -1
            state.isDone = true
        }
    }

    deinit {
        // A put that was never committed or aborted (should not happen) still leaves nothing behind.
        abort()
    }
}

// `read` and `write` are shadowed by methods inside the classes above; these reach the C functions.
@inline(__always)
private func posixRead(_ fd: Int32, _ buffer: UnsafeMutableRawPointer, _ count: Int) -> Int {
    read(fd, buffer, count)
}

@inline(__always)
private func posixWrite(_ fd: Int32, _ buffer: UnsafeRawPointer, _ count: Int) -> Int {
    write(fd, buffer, count)
}

extension LocalFileIO {
    static func closeDescriptor(_ fd: Int32) { close(fd) }
}
