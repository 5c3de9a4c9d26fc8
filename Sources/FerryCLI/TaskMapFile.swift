import Foundation
import JSONValue
import StatesEngine

/// Reads a task map: `{"<resource or * glob>": {"command": ["program", "arg", ...], "env": {"NAME": "value"}}}`.
///
/// `{dir}` in a command argument stands for the folder the task map file is in, so a map can name scripts next to
/// it whatever the working directory.
enum TaskMapFile {
    struct LoadError: Error, CustomStringConvertible {
        var description: String
    }

    static func load(path: String) throws(LoadError) -> TaskRegistry {
        guard let data = FileManager.default.contents(atPath: path) else {
            throw LoadError(description: "\(path): no such task map file")
        }
        let value: JSONValue
        do {
            value = try JSONParser(options: .init(duplicateKeys: .reject)).parse(Array(data))
        } catch {
            throw LoadError(description: "\(path):\(error.position.line):\(error.position.column): the task map is not valid JSON: \(error.message)")
        }
        guard case .object(let entries) = value else {
            throw LoadError(description: "\(path): a task map is a JSON object mapping resources to {\"command\": [...]}")
        }
        var registry = TaskRegistry()
        let folder = URL(fileURLWithPath: path).deletingLastPathComponent().path
        for (resource, entry) in entries {
            registry.register(resource, try handler(resource: resource, entry: entry, folder: folder, origin: path))
        }
        return registry
    }

    /// The process task of one entry, `{"command": [...], "env": {...}}`; `origin` names the file in messages.
    static func handler(
        resource: String, entry: JSONValue, folder: String, origin: String
    ) throws(LoadError) -> ProcessTaskHandler {
        let path = origin
        guard case .array(let parts)? = entry["command"], !parts.isEmpty,
            let command = Optional(parts.compactMap { $0.stringValue?.replacingOccurrences(of: "{dir}", with: folder) }),
            command.count == parts.count
        else {
            throw LoadError(description: "\(path): the entry for \"\(resource)\" needs \"command\": a non-empty array of strings, such as [\"python3\", \"task.py\"]")
        }
        if let unknown = entry.objectValue?.keys.first(where: { $0 != "command" && $0 != "env" }) {
            throw LoadError(description: "\(path): the entry for \"\(resource)\" has an unknown field \"\(unknown)\" (allowed: command, env)")
        }
        var environment: [String: String] = [:]
        if let env = entry["env"] {
            guard case .object(let variables) = env, variables.values.allSatisfy({ $0.stringValue != nil }) else {
                throw LoadError(description: "\(path): \"env\" of \"\(resource)\" must map names to strings")
            }
            for (key, value) in variables { environment[key] = value.stringValue }
        }
        if command[0].contains("/"), !FileManager.default.isExecutableFile(atPath: command[0]) {
            throw LoadError(description: "\(path): the command for \"\(resource)\" names \(command[0]), which is not an executable file")
        }
        return ProcessTaskHandler(command: command, environment: environment)
    }
}
