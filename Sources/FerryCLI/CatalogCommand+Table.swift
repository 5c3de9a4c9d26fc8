public import ArgumentParser
import DataPlane
import Foundation
import JSONValue
public import Pipelines

extension WriteMode: ExpressibleByArgument {}

extension Ferry.CatalogCommand {
    /// `ferry catalog table add|list|enable|disable`.
    struct TableCommand: AsyncParsableCommand {
        static let configuration = CommandConfiguration(
            commandName: "table",
            abstract: "Add, list, enable and disable table entries.",
            subcommands: [Add.self, List.self, Enable.self, Disable.self]
        )
    }
}

extension Ferry.CatalogCommand.TableCommand {
    /// `ferry catalog table add --name N --select SQL [--params P] [--insert Q] [--insert-params P] [--mode M] [--key K]`.
    struct Add: AsyncParsableCommand {
        static let configuration = CommandConfiguration(
            abstract: "Add an active table entry (checked: an entry Ferry cannot translate is refused).",
            discussion: """
                New style: --select with named parameters :company_id, :since (the batch date minus the \
                company's look-back days), :alias, :batch_id, :batch_date; --insert the target table (default: \
                --name); --insert-params a plain column list (default: the SELECT's columns).

                Legacy style (as the original stored it): --select with %s placeholders, --params \
                "(company[1], date)", --insert "REPLACE INTO users(id, username) VALUES ", --insert-params \
                "'(' + row[0] + ',\\"' + row[1] + '\\")'". Nothing is ever evaluated; see the README for the shapes.

                Modes: replace (full refresh, the default for new-style entries), truncate, append (default for \
                a legacy INSERT), merge (default for a legacy REPLACE or INSERT IGNORE; --key, else the first \
                insert column), incremental (--key and --watermark).
                """)

        @OptionGroup var options: CatalogOptions

        @Option(help: ArgumentHelp("The entry's name (tables.name).", valueName: "name"))
        var name: String

        @Option(help: ArgumentHelp("The SELECT run on the production database.", valueName: "sql"))
        var select: String

        @Option(help: ArgumentHelp("Legacy params_select, e.g. \"(company[1], date)\".", valueName: "expr"))
        var params: String?

        @Option(
            help: ArgumentHelp(
                "query_insert: a target table, or a legacy INSERT/REPLACE INTO t(cols) VALUES.", valueName: "sql"))
        var insert: String?

        @Option(
            name: .customLong("insert-params"),
            help: ArgumentHelp("params_insert: a column list, or a legacy row expression.", valueName: "expr"))
        var insertParams: String?

        @Option(help: "The write mode: replace, truncate, append, merge or incremental.")
        var mode: WriteMode?

        @Option(help: ArgumentHelp("The primary key columns, comma-separated.", valueName: "col,..."))
        var key: String?

        @Option(help: ArgumentHelp("The watermark column (incremental).", valueName: "col"))
        var watermark: String?

        @Option(
            name: .customLong("chunk-column"), help: ArgumentHelp("The column to split exports on.", valueName: "col"))
        var chunkColumn: String?

        @Option(name: .customLong("chunk-size"), help: ArgumentHelp("Rows per chunk.", valueName: "n"))
        var chunkSize: Int?

        @Option(name: .customLong("target-table"), help: ArgumentHelp("The target table's name.", valueName: "name"))
        var targetTable: String?

        @Flag(help: "Print the entry as JSON.")
        var json = false

        var keyColumns: [String] {
            (key ?? "").split(separator: ",").map { $0.trimmingCharacters(in: .whitespaces) }.filter { !$0.isEmpty }
        }

        func validate() throws {
            if name.isEmpty { throw ValidationError("--name must not be empty") }
            if mode == .incremental && (keyColumns.isEmpty || watermark == nil) {
                throw ValidationError("--mode incremental needs --key COL,... and --watermark COL")
            }
            if let chunkSize, chunkSize < 1 { throw ValidationError("--chunk-size must be at least 1") }
            if chunkSize != nil && chunkColumn == nil { throw ValidationError("--chunk-size needs --chunk-column") }
        }

        func run() async throws {
            let entry = CatalogTable(
                id: 0, name: name, querySelect: select, paramsSelect: params ?? "", queryInsert: insert ?? "",
                paramsInsert: insertParams ?? "",
                settings: TableSettings(
                    mode: mode, keyColumns: keyColumns, watermarkColumn: watermark, chunkColumn: chunkColumn,
                    chunkSize: chunkSize, targetTable: targetTable))
            let stored = try await options.withCatalog { try await $0.addTable(entry) }
            print(json ? stored.jsonValue.serialized() : "added table \(stored.name) (tables.id \(stored.id))")
        }
    }

    /// `ferry catalog table list`.
    struct List: AsyncParsableCommand {
        static let configuration = CommandConfiguration(
            abstract: "List the table entries, with how each translates.")

        @OptionGroup var options: CatalogOptions

        @Flag(help: "Print a JSON array.")
        var json = false

        func run() async throws {
            let tables = try await options.withCatalog { try await $0.tables() }
            if json {
                print(JSONValue.array(tables.map(\.jsonValue)).serialized())
            } else {
                print(
                    renderTable(
                        ["id", "name", "status", "style", "mode", "target", "translation"],
                        tables.map { table in
                            let recipe = Result { () throws(CatalogError) -> TableRecipe in
                                try TableRecipe(translating: table)
                            }
                            return [
                                String(table.id), table.name, table.isActive ? "active" : "disabled",
                                table.paramsSelect.isEmpty && !LegacyTranslator.isLegacyInsert(table.queryInsert)
                                    ? "named" : "legacy",
                                (try? recipe.get().mode.rawValue) ?? "-", (try? recipe.get().insert.table) ?? "-",
                                recipe.error?.reason ?? "ok",
                            ]
                        }))
            }
        }
    }

    /// `ferry catalog table enable NAME`.
    struct Enable: AsyncParsableCommand {
        static let configuration = CommandConfiguration(abstract: "Activate a table entry (status = 1).")

        @OptionGroup var options: CatalogOptions

        @Argument(help: ArgumentHelp("The entry's name.", valueName: "name"))
        var name: String

        func run() async throws {
            try await options.withCatalog { try await $0.setTable(named: name, isActive: true) }
            print("table \(name) enabled")
        }
    }

    /// `ferry catalog table disable NAME`.
    struct Disable: AsyncParsableCommand {
        static let configuration = CommandConfiguration(
            abstract: "Deactivate a table entry (status = 0); it is skipped.")

        @OptionGroup var options: CatalogOptions

        @Argument(help: ArgumentHelp("The entry's name.", valueName: "name"))
        var name: String

        func run() async throws {
            try await options.withCatalog { try await $0.setTable(named: name, isActive: false) }
            print("table \(name) disabled")
        }
    }
}

extension Result {
    var error: Failure? {
        if case .failure(let error) = self { return error }
        return nil
    }
}

extension CatalogTable {
    var jsonValue: JSONValue {
        var object: JSONObject = [
            "id": .integer(Int(id)), "name": .string(name), "status": .integer(Int(status)), "active": .bool(isActive),
            "querySelect": .string(querySelect), "paramsSelect": .string(paramsSelect),
            "queryInsert": .string(queryInsert), "paramsInsert": .string(paramsInsert),
        ]
        do {
            let recipe = try TableRecipe(translating: self)
            object["mode"] = .string(recipe.mode.rawValue)
            object["targetTable"] = .string(recipe.insert.table)
            object["translation"] = .string("ok")
        } catch {
            object["translation"] = .string(error.description)
        }
        if !settings.keyColumns.isEmpty { object["keyColumns"] = .array(settings.keyColumns.map { .string($0) }) }
        if let column = settings.watermarkColumn { object["watermarkColumn"] = .string(column) }
        if let column = settings.chunkColumn { object["chunkColumn"] = .string(column) }
        if let size = settings.chunkSize { object["chunkSize"] = .integer(size) }
        return .object(object)
    }
}
