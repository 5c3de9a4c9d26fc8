public import ArgumentParser
import Foundation
import JSONValue
public import Pipelines

extension CatalogSetting: ExpressibleByArgument {}

extension Ferry.CatalogCommand {
    /// `ferry catalog config set|get`.
    struct ConfigCommand: AsyncParsableCommand {
        static let configuration = CommandConfiguration(
            commandName: "config",
            abstract: "Set and read catalog-level settings.",
            discussion: """
                Keys: project (default ferry), target_database_template (default {project}_{alias}; also \
                {company_id}), default_look_back_days (default none: a company without a look-back configuration \
                is reported and skipped), look_back_configuration (default "date Y-M-D"), object_prefix (default \
                exports: objects go to {alias}/{object_prefix}/{batch}/{table}/).
                """,
            subcommands: [SetValue.self, GetValue.self]
        )
    }
}

extension Ferry.CatalogCommand.ConfigCommand {
    /// `ferry catalog config set KEY VALUE`.
    struct SetValue: AsyncParsableCommand {
        static let configuration = CommandConfiguration(commandName: "set", abstract: "Store a setting.")

        @OptionGroup var options: CatalogOptions

        @Argument(
            help: ArgumentHelp(
                "The key: " + CatalogSetting.allCases.map(\.rawValue).joined(separator: ", ") + ".", valueName: "key"))
        var key: CatalogSetting

        @Argument(help: ArgumentHelp("The value.", valueName: "value"))
        var value: String

        func validate() throws {
            do {
                try key.validate(value)
            } catch {
                throw ValidationError(error.description)
            }
        }

        func run() async throws {
            try await options.withCatalog { try await $0.set(key, to: value) }
            print("\(key.rawValue) = \(value)")
        }
    }

    /// `ferry catalog config get [KEY]`.
    struct GetValue: AsyncParsableCommand {
        static let configuration = CommandConfiguration(
            commandName: "get", abstract: "Print one setting, or all of them.")

        @OptionGroup var options: CatalogOptions

        @Argument(help: ArgumentHelp("The key (default: every key).", valueName: "key"))
        var key: CatalogSetting?

        @Flag(help: "Print a JSON object {key: value or null}.")
        var json = false

        func run() async throws {
            let configuration = try await options.withCatalog { try await $0.configuration() }
            let keys = key.map { [$0] } ?? CatalogSetting.allCases
            if json {
                var object: JSONObject = [:]
                for key in keys { object[key.rawValue] = configuration[key].map { .string($0) } ?? .null }
                print(JSONValue.object(object).serialized())
            } else if let key {
                print(configuration[key] ?? "")
            } else {
                print(
                    renderTable(
                        ["key", "value", "source"],
                        keys.map { key in
                            [
                                key.rawValue, configuration[key] ?? "(none)",
                                configuration.values[key.rawValue] != nil ? "catalog" : "default",
                            ]
                        }))
            }
        }
    }
}
