import Foundation
public import JSONValue
import StatesLanguage
import Yams

/// A state machine definition read from a file (JSON, or YAML as SAM and Workflow Studio write it), with what is
/// needed to point at places in it.
public struct DefinitionSource: Sendable {
    /// The file format.
    public enum Format: String, Sendable {
        case json = "JSON"
        case yaml = "YAML"
    }

    /// Why a file could not be read as a definition. `description` is one line naming the file.
    public struct LoadError: Error, CustomStringConvertible, Sendable {
        /// Whether the problem is with how Ferry was called (a missing file) rather than with the file's content.
        public var isUsageError: Bool
        public var description: String
    }

    public var path: String
    public var format: Format
    public var bytes: [UInt8]
    public var value: JSONValue
    /// Where YAML values begin (filled while converting); JSON positions are computed on demand.
    var yamlPositions: [JSONPointer: SourcePosition]

    /// Reads and parses `path`. The format follows the extension (`.yaml`/`.yml`); otherwise a document whose first
    /// non-blank character is `{` or `[` is JSON and anything else YAML.
    /// - Throws: ``LoadError`` with a one-line message.
    public static func load(path: String) throws(LoadError) -> DefinitionSource {
        var isDirectory: ObjCBool = false
        guard FileManager.default.fileExists(atPath: path, isDirectory: &isDirectory) else {
            throw LoadError(isUsageError: true, description: "\(path): no such file")
        }
        guard !isDirectory.boolValue else {
            throw LoadError(isUsageError: true, description: "\(path): is a directory, not a definition file")
        }
        guard let data = FileManager.default.contents(atPath: path) else {
            throw LoadError(isUsageError: true, description: "\(path): cannot be read (check its permissions)")
        }
        return try parse(bytes: Array(data), path: path)
    }

    /// Parses definition text that was read elsewhere; `path` is only used in messages and to pick the format.
    /// - Throws: ``LoadError`` with a one-line message.
    public static func parse(bytes: [UInt8], path: String) throws(LoadError) -> DefinitionSource {
        if bytes.count > StateMachine.maximumDefinitionSize {
            throw LoadError(isUsageError: false, description: "\(path): the definition is \(bytes.count) bytes; AWS Step Functions accepts at most \(StateMachine.maximumDefinitionSize) bytes (1 MiB), so split it (for example into nested state machines) or move large constants into the input")
        }
        guard let firstNonBlank = bytes.first(where: { ![0x20, 0x09, 0x0A, 0x0D].contains($0) }) else {
            throw LoadError(isUsageError: false, description: "\(path): the file is empty; a definition is a JSON object with \"StartAt\" and \"States\"")
        }
        let lower = path.lowercased()
        let isYAML = lower.hasSuffix(".yaml") || lower.hasSuffix(".yml")
            || (!lower.hasSuffix(".json") && firstNonBlank != UInt8(ascii: "{") && firstNonBlank != UInt8(ascii: "["))
        if isYAML {
            return try parseYAML(bytes: bytes, path: path)
        }
        do {
            let value = try JSONParser(options: .init(duplicateKeys: .reject)).parse(bytes)
            return DefinitionSource(path: path, format: .json, bytes: bytes, value: value, yamlPositions: [:])
        } catch {
            throw LoadError(isUsageError: false, description: "\(path):\(error.position.line):\(error.position.column): invalid JSON: \(error.message)")
        }
    }

    /// Line and column of the value a pointer names, or of its nearest existing ancestor.
    public func position(of pointer: JSONPointer) -> SourcePosition? {
        let positions: [JSONPointer: SourcePosition]
        if format == .yaml {
            positions = yamlPositions
        } else {
            positions = (try? JSONParser(options: .init(duplicateKeys: .reject)).positions(in: bytes)) ?? [:]
        }
        var current: JSONPointer? = pointer
        while let p = current {
            if let position = positions[p] { return position }
            current = p.parent
        }
        return nil
    }

    /// All positions for a batch of lookups (JSON positions are computed once).
    public func positions(of pointers: [JSONPointer]) -> [JSONPointer: SourcePosition] {
        let all: [JSONPointer: SourcePosition] = format == .yaml
            ? yamlPositions
            : ((try? JSONParser(options: .init(duplicateKeys: .reject)).positions(in: bytes)) ?? [:])
        var result: [JSONPointer: SourcePosition] = [:]
        for pointer in pointers {
            var current: JSONPointer? = pointer
            while let p = current {
                if let position = all[p] {
                    result[pointer] = position
                    break
                }
                current = p.parent
            }
        }
        return result
    }

    // MARK: - YAML

    private static func parseYAML(bytes: [UInt8], path: String) throws(LoadError) -> DefinitionSource {
        guard let text = String(validating: bytes, as: UTF8.self) else {
            throw LoadError(isUsageError: false, description: "\(path): the file is not valid UTF-8")
        }
        let root: Node?
        do {
            root = try Yams.compose(yaml: text)
        } catch {
            let message = "\(error)".split(separator: "\n").first.map(String.init) ?? "\(error)"
            throw LoadError(isUsageError: false, description: "\(path): invalid YAML: \(message)")
        }
        guard let root else {
            throw LoadError(isUsageError: false, description: "\(path): the file is empty; a definition is a mapping with StartAt and States")
        }
        var positions: [JSONPointer: SourcePosition] = [:]
        let value = try convert(root, at: .root, positions: &positions, path: path)
        return DefinitionSource(path: path, format: .yaml, bytes: bytes, value: value, yamlPositions: positions)
    }

    private static func convert(_ node: Node, at pointer: JSONPointer, positions: inout [JSONPointer: SourcePosition],
                                path: String) throws(LoadError) -> JSONValue
    {
        if let mark = node.mark { positions[pointer] = SourcePosition(line: mark.line, column: mark.column) }
        let location = node.mark.map { "\(path):\($0.line):\($0.column)" } ?? path
        switch node {
        case .scalar(let scalar):
            switch node.tag.description {
            case Tag.Name.null.rawValue: return .null
            case Tag.Name.bool.rawValue: if let b = node.bool { return .bool(b) }
            case Tag.Name.int.rawValue: if let i = node.int { return .integer(i) }
            case Tag.Name.float.rawValue: if let d = node.float, d.isFinite { return .double(d) }
            default: break  // Strings, and timestamps, which ASL keeps as strings.
            }
            return .string(scalar.string)
        case .sequence(let sequence):
            var elements: [JSONValue] = []
            for (i, element) in sequence.enumerated() {
                elements.append(try convert(element, at: pointer.appending(i), positions: &positions, path: path))
            }
            return .array(elements)
        case .mapping(let mapping):
            var object = JSONObject()
            for (key, value) in mapping {
                guard case .scalar(let keyScalar) = key else {
                    throw LoadError(isUsageError: false, description: "\(location): invalid YAML for a definition: mapping keys must be plain strings")
                }
                let name = keyScalar.string
                if object[name] != nil {
                    throw LoadError(isUsageError: false, description: "\(location): invalid YAML: the key \"\(name)\" appears twice in the same mapping")
                }
                object[name] = try convert(value, at: pointer.appending(name), positions: &positions, path: path)
            }
            return .object(object)
        case .alias:
            throw LoadError(isUsageError: false, description: "\(location): YAML aliases are not supported in definitions; write the value out")
        }
    }
}
