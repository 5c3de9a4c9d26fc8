import DataPlane
import Foundation
import JSONValue
import Pipelines
import StatesEngine

/// `ferry.yaml`: where the pipeline reads and writes, and how task resources map to work.
///
/// ```yaml
/// connections:                      # optional: URLs by name
///   admin: sqlite:///srv/ferry/catalog.db
///   production: mysql://reader:${PROD_PASSWORD}@db:3306/shop
///   reporting: mysql://loader:${REPORT_PASSWORD}@reports:3306/
/// catalog: admin                    # a connection name or a URL
/// source: production                # the production database: every SELECT runs here
/// target: reporting                 # the reporting server: each company's database is named by the catalog
/// store: s3://reports/ferry?endpoint=http://127.0.0.1:9100&path_style=true    # or file:///srv/ferry/objects
/// gzip: false
/// concurrency: 4                    # items at once in ferry:export-all / ferry:load-all
/// resources:                        # an existing definition's ARNs, mapped to built-in tasks or commands
///   arn:aws:lambda:eu-west-1:123456789012:function:export: ferry:export-all
///   arn:aws:lambda:eu-west-1:123456789012:function:notify: {command: [python3, notify.py]}
/// state_store: sqlite:///srv/ferry/state.db   # executions of `ferry serve` (default: ferry-state.db beside this file)
/// serve:                            # `ferry serve`: who may call the API, and the ARNs it makes
///   listen: 127.0.0.1:8083
///   region: eu-west-1
///   account: "123456789012"
///   access_keys:
///     - {id: AKIAFERRYLOCAL, secret: "${FERRY_SERVE_SECRET}"}
/// ```
///
/// Every string may use `${NAME}` for an environment variable (secrets belong there, never in the file). A
/// relative `file://` or `sqlite://` path is taken from the file's folder.
struct FerryConfiguration {
    var path: String
    var catalog: String
    var source: String
    var target: String
    var store: String
    var gzip: Bool
    var concurrency: Int
    /// Resource → a built-in resource name or a process task.
    var resources: [(resource: String, mapping: Mapping)]
    /// The state store of `ferry serve` (a `sqlite:` or `postgres:` URL).
    var stateStore: String
    /// The `serve` section.
    var serve = Serve()

    /// The `serve` section: the API's access keys and defaults for `ferry serve`'s options.
    struct Serve {
        /// The access keys requests may be signed with (secrets resolved from the environment; never printed).
        var accessKeys: [AWSCredentials] = []
        /// `HOST:PORT` to listen on.
        var listen: String?
        /// The region in ARNs.
        var region: String?
        /// The account id in ARNs.
        var account: String?

        static let keys = ["listen", "region", "account", "access_keys"]
    }

    enum Mapping {
        case builtIn(String)
        case process(ProcessTaskHandler)
    }

    struct LoadError: Error, CustomStringConvertible {
        var description: String
    }

    static let keys = [
        "connections", "catalog", "source", "target", "store", "gzip", "concurrency", "resources", "state_store",
        "serve",
    ]

    /// The file to read: `--config`, else `$FERRY_CONFIG`, else `./ferry.yaml`.
    static func path(option: String?, environment: [String: String] = ProcessInfo.processInfo.environment) -> String {
        option ?? environment["FERRY_CONFIG"].flatMap { $0.isEmpty ? nil : $0 } ?? "ferry.yaml"
    }

    /// Reads a configuration file.
    ///
    /// - Parameters:
    ///   - path: The file.
    ///   - environment: Where `${NAME}` references are looked up.
    ///   - requiresDatabases: Whether `source` and `target` must be given (`ferry serve` runs without them).
    static func load(
        path: String, environment: [String: String] = ProcessInfo.processInfo.environment,
        requiresDatabases: Bool = true
    ) throws(LoadError) -> FerryConfiguration {
        guard let data = FileManager.default.contents(atPath: path) else {
            throw LoadError(
                description: "\(path): no such configuration file; write one (see the README's \"ferry.yaml\"), pass "
                    + "--config FILE, or run `ferry quickstart` for a working example")
        }
        let value: JSONValue
        do {
            value = try DefinitionSource.parse(bytes: Array(data), path: path).value
        } catch {
            throw LoadError(description: error.description)
        }
        guard case .object(let object) = value else {
            throw LoadError(description: "\(path): the configuration must be a mapping (catalog:, source:, target:, store:, ...)")
        }
        for key in object.keys where !keys.contains(key) {
            throw LoadError(description: "\(path): unknown setting \"\(key)\" (known: \(keys.joined(separator: ", ")))")
        }
        let folder = URL(fileURLWithPath: path).deletingLastPathComponent().path

        func text(_ value: JSONValue, _ key: String) throws(LoadError) -> String {
            guard let raw = value.stringValue else {
                throw LoadError(description: "\(path): \"\(key)\" must be a string, not \(value.serialized())")
            }
            do {
                return try EnvironmentReferences.resolve(raw, option: "\(path): \(key)", environment: environment)
            } catch {
                throw LoadError(description: error.description)
            }
        }
        var connections: [String: String] = [:]
        if let named = object["connections"] {
            guard case .object(let entries) = named else {
                throw LoadError(description: "\(path): \"connections\" must map names to URLs")
            }
            for (name, url) in entries { connections[name] = try text(url, "connections.\(name)") }
        }
        func connection(_ key: String, default fallback: String?) throws(LoadError) -> String {
            guard let value = object[key] else {
                guard let fallback else {
                    throw LoadError(description: "\(path): \"\(key)\" is missing: give a database URL or a name under connections")
                }
                return fallback
            }
            let reference = try text(value, key)
            if let url = connections[reference] { return absolute(url, folder: folder) }
            guard reference.contains(":") else {
                throw LoadError(
                    description: "\(path): \"\(key)\" is \"\(reference)\", which is neither a URL nor a name under "
                        + "connections (\(connections.keys.sorted().joined(separator: ", ")))")
            }
            return absolute(reference, folder: folder)
        }
        var configuration = FerryConfiguration(
            path: path,
            catalog: try connection("catalog", default: "sqlite://" + folder + "/ferry-catalog.db"),
            source: try connection("source", default: requiresDatabases ? nil : ""),
            target: try connection("target", default: requiresDatabases ? nil : ""),
            store: try connection("store", default: "file://" + folder + "/objects"),
            gzip: false, concurrency: 4, resources: [],
            stateStore: try connection("state_store", default: "sqlite://" + folder + "/ferry-state.db"))
        if let serve = object["serve"] {
            configuration.serve = try Self.serve(serve, path: path, text: text)
        }
        if let gzip = object["gzip"] {
            guard let flag = gzip.boolValue else { throw LoadError(description: "\(path): \"gzip\" must be true or false") }
            configuration.gzip = flag
        }
        if let concurrency = object["concurrency"] {
            guard let count = concurrency.intValue, (1...64).contains(count) else {
                throw LoadError(description: "\(path): \"concurrency\" must be a whole number from 1 to 64")
            }
            configuration.concurrency = count
        }
        if let resources = object["resources"] {
            guard case .object(let entries) = resources else {
                throw LoadError(description: "\(path): \"resources\" must map resources (ARNs) to ferry:* tasks or {command: [...]}")
            }
            for (resource, entry) in entries {
                if let name = entry.stringValue {
                    guard PipelineTasks.resources.contains(name) else {
                        throw LoadError(
                            description: "\(path): resources.\(resource) is \"\(name)\"; a built-in task is one of "
                                + PipelineTasks.resources.joined(separator: ", ") + ", or give {command: [...]}")
                    }
                    configuration.resources.append((resource, .builtIn(name)))
                } else {
                    do {
                        let handler = try TaskMapFile.handler(resource: resource, entry: entry, folder: folder, origin: path)
                        configuration.resources.append((resource, .process(handler)))
                    } catch {
                        throw LoadError(description: error.description)
                    }
                }
            }
        }
        return configuration
    }

    /// Reads the `serve` section.
    static func serve(
        _ value: JSONValue, path: String, text: (JSONValue, String) throws(LoadError) -> String
    ) throws(LoadError) -> Serve {
        guard case .object(let entries) = value else {
            throw LoadError(
                description: "\(path): \"serve\" must be a mapping (listen:, region:, account:, access_keys:)")
        }
        for key in entries.keys where !Serve.keys.contains(key) {
            throw LoadError(
                description: "\(path): unknown setting \"serve.\(key)\" (known: \(Serve.keys.joined(separator: ", ")))")
        }
        var serve = Serve()
        if let listen = entries["listen"] { serve.listen = try text(listen, "serve.listen") }
        if let region = entries["region"] { serve.region = try text(region, "serve.region") }
        if let account = entries["account"] {
            if let number = account.intValue {
                serve.account = String(number)
            } else {
                serve.account = try text(account, "serve.account")
            }
        }
        if let keys = entries["access_keys"] {
            guard case .array(let items) = keys else {
                throw LoadError(description: "\(path): \"serve.access_keys\" must be a list of {id: ..., secret: ...}")
            }
            for (index, item) in items.enumerated() {
                guard let id = item["id"], let secret = item["secret"] else {
                    throw LoadError(
                        description: "\(path): serve.access_keys[\(index)] needs an id and a secret "
                            + "(secret: \"${ENV_VAR}\", never the secret itself)")
                }
                let credentials = AWSCredentials(
                    accessKeyID: try text(id, "serve.access_keys[\(index)].id"),
                    secretAccessKey: try text(secret, "serve.access_keys[\(index)].secret"))
                guard !credentials.accessKeyID.isEmpty, !credentials.secretAccessKey.isEmpty else {
                    throw LoadError(
                        description: "\(path): serve.access_keys[\(index)]: the id and the secret must not be empty")
                }
                serve.accessKeys.append(credentials)
            }
        }
        return serve
    }

    /// A `file:` or `sqlite:` URL with a relative path made absolute against `folder`; other URLs as they are.
    static func absolute(_ url: String, folder: String) -> String {
        for scheme in ["file://", "sqlite://"] where url.hasPrefix(scheme) {
            let rest = url.dropFirst(scheme.count)
            if !rest.hasPrefix("/") { return scheme + folder + "/" + rest }
        }
        return url
    }

    /// The task registry for a pipeline: the built-in tasks, then the resource map.
    func registry(pipeline: Pipeline) -> TaskRegistry {
        var registry = TaskRegistry()
        PipelineTasks.register(into: &registry, pipeline: pipeline)
        for (resource, mapping) in resources {
            switch mapping {
            case .builtIn(let name): registry.register(resource, PipelineTasks.handler(for: name, pipeline: pipeline)!)
            case .process(let handler): registry.register(resource, handler)
            }
        }
        return registry
    }
}
