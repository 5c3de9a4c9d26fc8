import ArgumentParser
import DataPlane
import Foundation
import JSONValue
import Logging
import Pipelines

extension Ferry {
    /// `ferry catalog init|company|table|config|items`: the admin database.
    struct CatalogCommand: AsyncParsableCommand {
        static let configuration = CommandConfiguration(
            commandName: "catalog",
            abstract: "Manage the catalog (admin database): companies, table entries, configuration.",
            discussion: """
                The catalog is the original design's admin database — companies, tables, configurations, \
                companies_configurations — plus Ferry's own settings, added by versioned, additive migrations \
                (`ferry catalog init`). An existing admin database is read as it is.

                --catalog URL (or the FERRY_CATALOG environment variable) names it: \
                sqlite:///path/catalog.db, mysql://user:${PW}@host:3306/admin or postgres://...; the default is \
                sqlite:///<current directory>/ferry-catalog.db. Write secrets as ${NAME}, in single quotes.

                Exit status: 0 success; 1 the command failed (one line on stderr saying what, where and how to \
                fix it); 2 usage errors.
                """,
            subcommands: [Init.self, CompanyCommand.self, TableCommand.self, ConfigCommand.self, Items.self]
        )
    }
}

/// The `--catalog` option every `ferry catalog` command takes.
struct CatalogOptions: ParsableArguments {
    @Option(
        name: .customLong("catalog"),
        help: ArgumentHelp(
            "The catalog database URL (default: $FERRY_CATALOG, else sqlite:///<cwd>/ferry-catalog.db). Write "
                + "secrets as ${NAME}.", valueName: "url"))
    var catalog: String?

    @OptionGroup var global: GlobalOptions

    /// The URL to open: --catalog, else FERRY_CATALOG, else the SQLite file in the current directory.
    func resolvedURL(environment: [String: String] = ProcessInfo.processInfo.environment) throws -> String {
        let raw =
            catalog ?? environment["FERRY_CATALOG"].flatMap { $0.isEmpty ? nil : $0 }
            ?? "sqlite://" + FileManager.default.currentDirectoryPath + "/ferry-catalog.db"
        do {
            return try EnvironmentReferences.resolve(
                raw, option: catalog == nil ? "FERRY_CATALOG" : "--catalog",
                environment: environment)
        } catch {
            throw ValidationError(error.description)
        }
    }

    func validate() throws { _ = try resolvedURL() }

    /// Opens the catalog, runs `body`, closes it; a failure prints `error: …` on stderr and exits 1.
    func withCatalog<R>(_ body: (Pipelines.Catalog) async throws -> R) async throws -> R {
        global.bootstrapLogging()
        let url = try resolvedURL()
        do {
            return try await withSQLConnection(url: url) { connection in
                try await body(Pipelines.Catalog(connection: connection, logger: Logger(label: "ferry.catalog")))
            }
        } catch let error as ExitCode {
            throw error
        } catch {
            printError("error: \(TransferStores.oneLine(error))")
            throw ExitCode(1)
        }
    }
}

/// A plain text table for people: a header row, then the rows, columns padded to their widest cell.
func renderTable(_ header: [String], _ rows: [[String]]) -> String {
    var widths = header.map(\.count)
    for row in rows {
        for (index, cell) in row.enumerated() where index < widths.count {
            widths[index] = max(widths[index], cell.count)
        }
    }
    func line(_ cells: [String]) -> String {
        var text = ""
        for (index, cell) in cells.enumerated() {
            let isLast = index == cells.count - 1
            text += isLast ? cell : cell + String(repeating: " ", count: widths[index] - cell.count + 2)
        }
        return text
    }
    return ([line(header)] + rows.map(line)).joined(separator: "\n")
}

extension Ferry.CatalogCommand {
    /// `ferry catalog init`: create or migrate the catalog.
    struct Init: AsyncParsableCommand {
        static let configuration = CommandConfiguration(
            abstract: "Create the catalog, or migrate it to this Ferry's schema version (idempotent).",
            discussion: """
                Creates the original tables if they are absent and adds Ferry's settings tables; records each \
                applied migration in ferry_schema_migrations. Existing tables and rows are never changed, so \
                running it again, or on an existing admin database, is safe.
                """)

        @OptionGroup var options: CatalogOptions

        @Flag(help: "Print JSON instead of a sentence.")
        var json = false

        func run() async throws {
            let (applied, version, name) = try await options.withCatalog { catalog in
                let applied = try await catalog.migrate()
                return (applied, try await catalog.schemaVersion(), catalog.connection.redactedURL)
            }
            if json {
                print(
                    JSONValue.object([
                        "catalog": .string(name), "version": .integer(version),
                        "applied": .array(applied.map { .integer($0) }),
                    ]).serialized())
            } else if applied.isEmpty {
                print("catalog \(name) is up to date (schema version \(version))")
            } else {
                print(
                    "catalog \(name) migrated to schema version \(version) (applied \(applied.map(String.init).joined(separator: ", ")))"
                )
            }
        }
    }

    /// `ferry catalog items`: the work items of a batch.
    struct Items: AsyncParsableCommand {
        static let configuration = CommandConfiguration(
            abstract: "List the work items of a batch (active companies × active tables) and what is skipped.",
            discussion: """
                Each item is one company and one table entry: its SELECT with the parameters bound (legacy \
                entries translated, never evaluated), the target database and table, the write mode and the \
                object prefix. Problems — a company without a look-back configuration, an entry Ferry cannot \
                translate — are listed separately (on stderr, or under "problems" with --json).

                Exit status: 0 listed (even with problems); 1 the catalog could not be read.
                """)

        @OptionGroup var options: CatalogOptions

        @Option(help: ArgumentHelp("The batch date YYYY-MM-DD (default: today, UTC).", valueName: "date"))
        var date: String?

        @Option(help: ArgumentHelp("The batch id (default: the batch date).", valueName: "id"))
        var batch: String?

        @Flag(help: "Print JSON: {\"items\": [...], \"problems\": [...]}.")
        var json = false

        func validate() throws {
            if let date, CalendarDate(date) == nil {
                throw ValidationError("--date '\(date)' is not a YYYY-MM-DD date")
            }
        }

        func run() async throws {
            let batchDate = date.flatMap(CalendarDate.init) ?? CalendarDate.today()
            let plan = try await options.withCatalog { try await $0.workItems(batchDate: batchDate, batchID: batch) }
            if json {
                let problems: [JSONValue] = plan.problems.map { problem in
                    var object: JSONObject = [
                        "kind": .string(problem.kind.rawValue), "message": .string(problem.message),
                    ]
                    if let company = problem.company { object["company"] = .string(company) }
                    if let table = problem.table { object["table"] = .string(table) }
                    object["skipped"] = .bool(problem.skipsWork)
                    return .object(object)
                }
                print(
                    JSONValue.object(["items": .array(plan.items.map(\.jsonValue)), "problems": .array(problems)])
                        .serialized())
            } else {
                print(
                    renderTable(
                        ["company", "table", "since", "target", "mode", "prefix"],
                        plan.items.map { item in
                            [
                                item.company.alias, item.table.name, item.since?.description ?? "-",
                                item.targetDatabase + "." + item.targetTable, item.mode.rawValue, item.objectPrefix,
                            ]
                        }))
                for problem in plan.problems {
                    printError((problem.skipsWork ? "skipped: " : "note: ") + problem.message)
                }
            }
        }
    }
}

/// The options that name a company: `--company-id`, `--alias`, `--look-back-days` (company `add` and `onboard`).
struct CompanyIdentity: ParsableArguments {
    @Option(
        name: .customLong("company-id"),
        help: ArgumentHelp("The company's id in the production database.", valueName: "n"))
    var companyID: Int64

    @Option(help: ArgumentHelp("The alias: 1-40 letters, digits, _ or -.", valueName: "alias"))
    var alias: String

    @Option(
        name: .customLong("look-back-days"), help: ArgumentHelp("Export the last D days (0-36500).", valueName: "d")
    )
    var lookBackDays: Int?

    func validate() throws {
        guard CatalogNames.isSimpleName(alias) else {
            throw ValidationError("--alias '\(alias.prefix(60))' must be 1-40 letters, digits, _ or -")
        }
        if let lookBackDays, !(0...36500).contains(lookBackDays) {
            throw ValidationError("--look-back-days must be from 0 to 36500")
        }
    }
}
