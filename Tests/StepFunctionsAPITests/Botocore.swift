import Foundation
import JSONValue

/// Runs Python with botocore (from scripts/install-botocore.sh) for the oracle tests.
enum Botocore {
    /// The interpreter: `$FERRY_BOTOCORE_VENV/bin/python`, else `/tmp/ferry-botocore-venv/bin/python`, else
    /// `python3` from PATH; `nil` when none of them imports botocore.
    static let python: String? = {
        var candidates: [String] = []
        if let venv = ProcessInfo.processInfo.environment["FERRY_BOTOCORE_VENV"] {
            candidates.append(venv + "/bin/python")
        }
        candidates.append("/tmp/ferry-botocore-venv/bin/python")
        candidates.append("/usr/bin/python3")
        for candidate in candidates where FileManager.default.isExecutableFile(atPath: candidate) {
            if (try? run(candidate, script: "import botocore", input: [])) != nil { return candidate }
        }
        return nil
    }()

    /// Whether the oracle tests can run.
    static var isAvailable: Bool { python != nil }

    /// Runs `script` with `input` on stdin and parses its stdout as JSON.
    static func runJSON(_ script: String, input: JSONValue) throws -> JSONValue {
        guard let python else {
            throw OracleError(message: "botocore is not installed; run scripts/install-botocore.sh")
        }
        var bytes: [UInt8] = []
        input.write(to: &bytes)
        let output = try run(python, script: script, input: bytes)
        return try JSONParser().parse(output)
    }

    private static func run(_ executable: String, script: String, input: [UInt8]) throws -> [UInt8] {
        let process = Process()
        process.executableURL = URL(fileURLWithPath: executable)
        process.arguments = ["-c", script]
        let stdin = Pipe()
        let stdout = Pipe()
        let stderr = Pipe()
        process.standardInput = stdin
        process.standardOutput = stdout
        process.standardError = stderr
        try process.run()
        stdin.fileHandleForWriting.write(Data(input))
        try stdin.fileHandleForWriting.close()
        let output = stdout.fileHandleForReading.readDataToEndOfFile()
        let errors = stderr.fileHandleForReading.readDataToEndOfFile()
        process.waitUntilExit()
        guard process.terminationStatus == 0 else {
            throw OracleError(message: "python failed: " + String(decoding: errors, as: UTF8.self))
        }
        return Array(output)
    }

    struct OracleError: Error, CustomStringConvertible {
        var message: String
        var description: String { message }
    }
}
