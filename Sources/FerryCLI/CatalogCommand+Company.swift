import ArgumentParser
import DataPlane
import Foundation
import JSONValue
import Pipelines

extension Ferry.CatalogCommand {
    /// `ferry catalog company add|onboard|list|enable|disable`.
    struct CompanyCommand: AsyncParsableCommand {
        static let configuration = CommandConfiguration(
            commandName: "company",
            abstract: "Add, onboard, list, enable and disable companies.",
            subcommands: [Add.self, Onboard.self, List.self, Enable.self, Disable.self]
        )
    }
}

extension Pipelines.Company {
    var jsonValue: JSONValue {
        var object: JSONObject = [
            "id": .integer(Int(id)), "companyId": .string(CatalogNames.text(companyID)), "alias": .string(alias),
            "status": .integer(Int(status)), "active": .bool(isActive),
        ]
        object["lookBackDays"] = lookBackDays.map { .integer($0) } ?? .null
        if let lookBackValue, lookBackDays == nil { object["lookBackValue"] = .string(lookBackValue) }
        return .object(object)
    }
}

extension Ferry.CatalogCommand.CompanyCommand {
    /// `ferry catalog company add --company-id N --alias A [--look-back-days D]`.
    struct Add: AsyncParsableCommand {
        static let configuration = CommandConfiguration(
            abstract: "Add an active company (and its look-back configuration).",
            discussion: """
                Inserts a companies row (status 1) and, with --look-back-days, its "date Y-M-D" configuration \
                value (the configuration name is the catalog's look_back_configuration setting). The alias names \
                the company's object-store prefix and, through target_database_template, its target database.
                """)

        @OptionGroup var options: CatalogOptions

        @OptionGroup var identity: CompanyIdentity
        private var companyID: Int64 { identity.companyID }
        private var alias: String { identity.alias }
        private var lookBackDays: Int? { identity.lookBackDays }

        @Flag(help: "Print the company as JSON.")
        var json = false

        func run() async throws {
            let company = try await options.withCatalog {
                try await $0.addCompany(companyID: companyID, alias: alias, lookBackDays: lookBackDays)
            }
            print(json ? company.jsonValue.serialized() : "added company \(company.alias) (companies.id \(company.id))")
        }
    }

    /// `ferry catalog company list`.
    struct List: AsyncParsableCommand {
        static let configuration = CommandConfiguration(abstract: "List the companies.")

        @OptionGroup var options: CatalogOptions

        @Flag(help: "Print a JSON array.")
        var json = false

        func run() async throws {
            let (companies, configuration) = try await options.withCatalog {
                (try await $0.companies(), try await $0.configuration())
            }
            if json {
                print(
                    JSONValue.array(
                        companies.map { company in
                            var value = company.jsonValue
                            if case .object(var object) = value {
                                object["targetDatabase"] = .string(configuration.targetDatabase(for: company))
                                value = .object(object)
                            }
                            return value
                        }
                    ).serialized())
            } else {
                print(
                    renderTable(
                        ["id", "company_id", "alias", "status", "look_back", "target_database"],
                        companies.map { company in
                            [
                                String(company.id), CatalogNames.text(company.companyID), company.alias,
                                company.isActive ? "active" : "disabled",
                                company.lookBackDays.map { "\($0) days" } ?? company.lookBackValue.map {
                                    "invalid: \($0)"
                                } ?? "none",
                                configuration.targetDatabase(for: company),
                            ]
                        }))
            }
        }
    }

    /// `ferry catalog company enable ALIAS`.
    struct Enable: AsyncParsableCommand {
        static let configuration = CommandConfiguration(abstract: "Activate a company (status = 1).")

        @OptionGroup var options: CatalogOptions

        @Argument(help: ArgumentHelp("The company's alias.", valueName: "alias"))
        var alias: String

        func run() async throws {
            try await options.withCatalog { try await $0.setCompany(alias: alias, isActive: true) }
            print("company \(alias) enabled")
        }
    }

    /// `ferry catalog company disable ALIAS`.
    struct Disable: AsyncParsableCommand {
        static let configuration = CommandConfiguration(
            abstract: "Deactivate a company (status = 0); its work is skipped.")

        @OptionGroup var options: CatalogOptions

        @Argument(help: ArgumentHelp("The company's alias.", valueName: "alias"))
        var alias: String

        func run() async throws {
            try await options.withCatalog { try await $0.setCompany(alias: alias, isActive: false) }
            print("company \(alias) disabled")
        }
    }
}
