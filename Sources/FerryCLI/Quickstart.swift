import ArgumentParser
import DataPlane
import Foundation
import JSONValue
import Logging
import Pipelines
import StatesEngine
import StatesLanguage

extension Ferry {
    /// `ferry quickstart [--dir DIR] [--json]`: Ferry's main job on embedded defaults.
    struct Quickstart: AsyncParsableCommand {
        static let configuration = CommandConfiguration(
            abstract: "Run Ferry's main job on sample data: SQLite databases and a local object store, no setup.",
            discussion: """
                In --dir (default ./ferry-quickstart) it creates: production.db, an SQLite production database \
                with four companies' users, products and orders (100,000 rows over the last 120 days; \
                deterministic); catalog.db, a catalog configured like the original admin database (a legacy \
                users entry with a 60-day look-back, orders merged on id, products fully refreshed, one company \
                disabled); reporting/, one SQLite reporting database per company; objects/, the object store; \
                ferry.yaml and fan-out.asl.json. Then it runs the fan-out state machine (`ferry run`) and prints \
                what it did and where to look.

                Running it again rebuilds the sample production data, keeps the catalog and the reporting \
                databases, and replicates a new batch.

                Exit status: 0 the pipeline succeeded; 1 it failed (the summary says which item and why); 2 \
                usage errors.
                """)

        @Option(help: ArgumentHelp("The folder to work in (created if missing).", valueName: "dir"), completion: .directory)
        var dir = "ferry-quickstart"

        @Flag(help: "Print the execution result as one JSON object instead of the summary.")
        var json = false

        @Flag(help: "No progress lines on stderr.")
        var quiet = false

        @OptionGroup var global: GlobalOptions

        func run() async throws {
            global.bootstrapLogging()
            let folder = URL(fileURLWithPath: dir).standardizedFileURL
            let paths = QuickstartPaths(folder: folder)
            let today = CalendarDate.today()
            do {
                try FileManager.default.createDirectory(at: folder, withIntermediateDirectories: true)
                let data = try await SampleData.makeProductionDatabase(at: paths.production.path, today: today)
                if !quiet {
                    printError("production database: \(paths.production.path) (\(data.totalRows) rows)")
                }
                try await withSQLConnection(url: paths.catalogURL) { connection in
                    let catalog = Pipelines.Catalog(connection: connection, logger: Logger(label: "ferry.catalog"))
                    _ = try await catalog.migrate()
                    _ = try await SampleData.seed(catalog)
                    let configuration = try await catalog.configuration()
                    let tables = try await catalog.tables().filter(\.isActive)
                    for company in try await catalog.companies() where company.isActive {
                        let outcomes = try await TargetProvisioning.provision(
                            company: company, configuration: configuration, tables: tables,
                            database: configuration.targetDatabase(for: company), target: paths.reportingURL,
                            source: paths.productionURL, batchDate: today)
                        if let failed = outcomes.first(where: { $0.error != nil }) {
                            throw PipelineError(
                                "reporting table \(failed.table) for \(company.alias): \(String(describing: failed.error!))")
                        }
                    }
                }
                try Data(Self.ferryYAML(paths).utf8).write(to: paths.configuration)
                try Data(Self.fanOutDefinition.utf8).write(to: paths.definition)
            } catch {
                printError("error: quickstart setup in \(folder.path): \(TransferStores.oneLine(error))")
                throw ExitCode(1)
            }
            let settings: FerryConfiguration
            do {
                settings = try FerryConfiguration.load(path: paths.configuration.path)
            } catch {
                printError("error: \(error)")
                throw ExitCode(1)
            }
            let machine = try loadStateMachine(path: paths.definition.path)
            let batch = "quickstart-" + Self.timestamp()
            let outcome = try await PipelineRunner.run(
                machine, name: batch, machineName: "fan-out", input: .object([:]), settings: settings,
                history: false, progress: !quiet)
            if json {
                print(outcome.result.json().serialized())
            } else {
                print(outcome.summary)
                print(Self.guide(paths, batch: batch))
            }
            throw ExitCode(outcome.exitCode == 0 ? 0 : 1)
        }

        /// `ferry.yaml` for the quickstart folder.
        static func ferryYAML(_ paths: QuickstartPaths) -> String {
            """
            # Written by `ferry quickstart`: the embedded defaults (SQLite and a local object store).
            # Point source/target at MySQL/MariaDB or PostgreSQL and store at S3 to run the same pipeline for real.
            catalog: \(paths.catalogURL)
            source: \(paths.productionURL)
            target: \(paths.reportingURL)
            store: file://\(paths.objects.path)
            gzip: false
            concurrency: 4

            """
        }

        /// Where to look, and what to try next.
        static func guide(_ paths: QuickstartPaths, batch: String) -> String {
            let reporting = paths.folder.appendingPathComponent("reporting").path
            return """

                Where to look:
                  objects:    \(paths.objects.path)/<company>/exports/\(batch)/<table>/part-00000.csv (+ .manifest.json)
                  reporting:  \(reporting)/ferry_<company>.db (tables users, orders, products; ferry_loads)
                  catalog:    ferry catalog company list --catalog \(paths.catalogURL)
                              ferry catalog table list --catalog \(paths.catalogURL)
                Run it again:  ferry run \(paths.definition.path) --config \(paths.configuration.path)
                """
        }

        static func timestamp(_ date: Date = Date()) -> String {
            let seconds = Int(date.timeIntervalSince1970)
            let day = CalendarDate(daysSinceEpoch: seconds / 86400)
            let rest = seconds % 86400
            func pad(_ n: Int) -> String { n < 10 ? "0\(n)" : "\(n)" }
            return day.description.replacingOccurrences(of: "-", with: "")
                + "-" + pad(rest / 3600) + pad(rest / 60 % 60) + pad(rest % 60)
        }
    }
}

/// The files of a quickstart folder.
struct QuickstartPaths {
    let folder: URL

    var production: URL { folder.appendingPathComponent("production.db") }
    var objects: URL { folder.appendingPathComponent("objects") }
    var configuration: URL { folder.appendingPathComponent("ferry.yaml") }
    var definition: URL { folder.appendingPathComponent("fan-out.asl.json") }
    var productionURL: String { "sqlite://" + production.path }
    var catalogURL: String { "sqlite://" + folder.appendingPathComponent("catalog.db").path }
    /// Any file in the reporting folder: each company's database is `<name>.db` next to it.
    var reportingURL: String { "sqlite://" + folder.appendingPathComponent("reporting/reporting.db").path }
}
