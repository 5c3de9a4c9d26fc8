import ArgumentParser
import DataPlane
import Foundation
import JSONValue
import Pipelines

extension Ferry.CatalogCommand.CompanyCommand {
    /// `ferry catalog company onboard --company-id N --alias A [--look-back-days D] [--store URL] [--target URL --source URL]`.
    struct Onboard: AsyncParsableCommand {
        static let configuration = CommandConfiguration(
            abstract:
                "Onboard a company in one step: catalog row, configuration, object-store prefix, target database and tables.",
            discussion: """
                1. Adds the company (or keeps it, when the alias exists with the same --company-id) and sets its \
                look-back configuration.
                With --target-database, the company's database gets that name instead of the template's \
                (stored in ferry_company_settings).
                2. With --store, writes the marker object {alias}/_ferry_company.json, creating the company's prefix.
                3. With --target (and --source), creates the company's target database, named by the catalog's \
                target_database_template (default {project}_{alias}), and one table per active table entry: the \
                entry's SELECT runs on --source with LIMIT 0 and its column types are mapped to the target's. \
                MySQL/MariaDB: a database. PostgreSQL: a schema of that name in the --target URL's database (one \
                URL reaches every company, and no CREATE DATABASE privilege is needed). SQLite: the file \
                <name>.db next to the --target file. Existing tables are kept (IF NOT EXISTS); for merge and \
                incremental entries a new table gets a unique index on the key columns.

                Running it again is safe: every step is idempotent.

                Exit status: 0 onboarded; 1 a step failed (each failure is one line on stderr; the other tables \
                are still created); 2 usage errors.
                """)

        @OptionGroup var options: CatalogOptions

        @OptionGroup var identity: CompanyIdentity
        private var companyID: Int64 { identity.companyID }
        private var alias: String { identity.alias }
        private var lookBackDays: Int? { identity.lookBackDays }

        @Option(
            name: .customLong("target-database"),
            help: ArgumentHelp(
                "The company's target database name, instead of the catalog's template.", valueName: "name"))
        var targetDatabase: String?

        @Option(
            help: ArgumentHelp("The object store: file:///path or s3://bucket/prefix?endpoint=...", valueName: "url"))
        var store: String?

        @Option(
            help: ArgumentHelp(
                "The reporting database server (mysql://, postgres://, sqlite:///dir/any.db).", valueName: "url"))
        var target: String?

        @Option(help: ArgumentHelp("The production database, to read the SELECTs' column types.", valueName: "url"))
        var source: String?

        @Flag(help: "Print a JSON summary.")
        var json = false

        func validate() throws {
            if let targetDatabase, !CatalogNames.isSimpleName(targetDatabase, maximumLength: 64) {
                throw ValidationError(
                    "--target-database '\(targetDatabase.prefix(70))' must be 1-64 letters, digits, _ or -")
            }
            if target != nil && source == nil {
                throw ValidationError(
                    "--target needs --source: the target tables take their column types from the SELECTs")
            }
            do {
                if let target { _ = try EnvironmentReferences.resolve(target, option: "--target") }
                if let source { _ = try EnvironmentReferences.resolve(source, option: "--source") }
            } catch {
                throw ValidationError(error.description)
            }
        }

        func run() async throws {
            // 1. The catalog.
            let (company, configuration, tables) = try await options.withCatalog { catalog in
                try await catalog.requireCurrentSchema()
                var company: Pipelines.Company
                if let existing = try await catalog.companies().first(where: { $0.alias == alias }) {
                    guard CatalogNames.text(existing.companyID) == String(companyID) else {
                        throw CatalogError(
                            code: .duplicate, subject: "company \"\(alias)\"",
                            reason: "the alias belongs to company_id \(CatalogNames.text(existing.companyID)), not "
                                + "\(companyID); choose another alias")
                    }
                    company = existing
                    if let lookBackDays { try await catalog.setLookBack(alias: alias, days: lookBackDays) }
                } else {
                    company = try await catalog.addCompany(
                        companyID: companyID, alias: alias, lookBackDays: lookBackDays)
                }
                if let targetDatabase { try await catalog.setTargetDatabase(alias: alias, to: targetDatabase) }
                company = try await catalog.company(alias: alias)
                return (company, try await catalog.configuration(), try await catalog.tables().filter(\.isActive))
            }
            let database = configuration.targetDatabase(for: company)
            var failed = false

            // 2. The object-store prefix.
            var marker: String?
            if let store {
                do {
                    let url = try ObjectStoreURL(store)
                    let key = try ObjectKey(alias + "/_ferry_company.json")
                    let body: JSONValue = [
                        "alias": .string(alias), "companyId": .string(CatalogNames.text(company.companyID)),
                        "targetDatabase": .string(database),
                    ]
                    let bytes = Array(body.serialized(pretty: true).utf8) + [0x0A]
                    try await TransferStores.withStore(url) { store in
                        _ = try await store.put(key, from: ChunkList(chunks: [bytes]))
                    }
                    switch url {
                    case .s3(var location):
                        location.prefix += key.rawValue
                        marker = ObjectStoreURL.s3(location).description
                    case .file:
                        marker = ObjectURL(store: url, key: key).description
                    }
                } catch {
                    failed = true
                    printError("error: object store: \(TransferStores.oneLine(error))")
                }
            }

            // 3. The target database and tables.
            var outcomes: [TargetProvisioning.TableOutcome] = []
            if let target, let source {
                do {
                    outcomes = try await TargetProvisioning.provision(
                        company: company, configuration: configuration, tables: tables, database: database,
                        target: try EnvironmentReferences.resolve(target, option: "--target"),
                        source: try EnvironmentReferences.resolve(source, option: "--source"),
                        batchDate: CalendarDate.today())
                } catch {
                    failed = true
                    printError("error: target database \(database): \(TransferStores.oneLine(error))")
                }
                for outcome in outcomes {
                    guard let error = outcome.error else { continue }
                    failed = true
                    printError("error: table \(outcome.entry): \(TransferStores.oneLine(error))")
                }
            }

            if json {
                var object: JSONObject = [
                    "company": company.jsonValue, "targetDatabase": .string(database),
                    "marker": marker.map { .string($0) } ?? .null,
                ]
                object["tables"] = .array(
                    outcomes.map { outcome in
                        var item: JSONObject = [
                            "entry": .string(outcome.entry), "table": .string(outcome.table),
                            "status": .string(outcome.status.rawValue),
                        ]
                        if let error = outcome.error { item["error"] = .string(TransferStores.oneLine(error)) }
                        return .object(item)
                    })
                print(JSONValue.object(object).serialized())
            } else {
                print(
                    "company \(alias) (companies.id \(company.id), company_id \(CatalogNames.text(company.companyID))): in the catalog"
                )
                if let marker { print("object-store prefix: \(marker)") }
                if target != nil { print("target database: \(database)") }
                for outcome in outcomes { print("  \(outcome.entry) -> \(outcome.table): \(outcome.status)") }
            }
            if failed { throw ExitCode(1) }
        }
    }
}

/// A fixed list of byte chunks as an async sequence (the marker object's body).
struct ChunkList: AsyncSequence, Sendable {
    typealias Element = [UInt8]
    let chunks: [[UInt8]]

    struct AsyncIterator: AsyncIteratorProtocol {
        var remaining: [[UInt8]]
        mutating func next() async throws -> [UInt8]? { remaining.isEmpty ? nil : remaining.removeFirst() }
    }

    func makeAsyncIterator() -> AsyncIterator { AsyncIterator(remaining: chunks) }
}
