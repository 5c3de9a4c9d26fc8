import ArgumentParser
import DataPlane
import Foundation
import JSONValue
import Logging

extension Ferry {
    /// `ferry load --from OBJECT_URL --target URL --table NAME [--mode replace|truncate|append|merge --key COL,...] [--create]`
    struct Load: AsyncParsableCommand {
        static let configuration = CommandConfiguration(
            abstract: "Verify a CSV object against its manifest and load it into a table, atomically.",
            discussion: """
                Reads <object>.manifest.json (written by `ferry extract`) and refuses an object without one, or \
                whose size or SHA-256 differs from it. The object streams into a staging table \
                (<table>__ferry_staging_<random>, created like the target) while its checksum is computed; only \
                when the whole object matched, and the database loaded exactly the manifest's row count without \
                warnings, is the mode applied:

                  replace   swap the staging table in atomically (MySQL: one RENAME TABLE; PostgreSQL, SQLite: \
                renames in one transaction)
                  truncate  delete every row and insert the staged rows, in one transaction
                  append    insert the staged rows
                  merge     upsert on --key COL,... (the target needs a primary key or unique index on exactly \
                those columns)

                The staging table is dropped in every outcome, and any failure leaves the target as it was. With \
                --create, a missing target is created from the manifest's columns (for merge, with a unique index \
                on the key).

                Secrets: write ${NAME} in the --target URL, in single quotes, to take that part from the \
                environment variable NAME instead of the command line (e.g. \
                'postgres://app:${DB_PASSWORD}@db:5432/reports'; the value is percent-encoded; a whole-URL \
                reference '${DATABASE_URL}' is used as it is). Passwords never appear in output or errors.

                Prints {"table", "mode", "rows", "seconds", "created", "warnings"} on stdout.

                Exit status: 0 loaded; 1 the load failed or was refused (missing manifest, checksum mismatch, \
                malformed CSV, connection or storage errors; one line on stderr, target unchanged); 2 usage errors \
                (missing or malformed options).
                """
        )

        enum Mode: String, ExpressibleByArgument, CaseIterable {
            case replace, truncate, append, merge
        }

        @Option(help: ArgumentHelp("The object to load: file:///path/name.csv or s3://bucket/key.csv?endpoint=...",
                                   valueName: "object-url"))
        var from: String

        @Option(help: ArgumentHelp(
            "The target database: mysql://user:password@host:port/db, mariadb://..., sqlite:///path/file.db, "
                + "postgres://user:password@host:port/db. Write secrets as ${NAME} (in single quotes) to read them from "
                + "the environment.", valueName: "url"))
        var target: String

        @Option(help: ArgumentHelp("The target table (unqualified).", valueName: "name"))
        var table: String

        @Option(help: "How to apply the rows: replace, truncate, append or merge.")
        var mode: Mode = .replace

        @Option(help: ArgumentHelp("The key columns of a merge, comma-separated.", valueName: "col,..."))
        var key: String?

        @Flag(help: "Create the target table from the manifest's columns when it does not exist.")
        var create = false

        @Flag(name: .customLong("allow-warnings"),
              help: "Accept a load the database reported warnings for (values converted or truncated).")
        var allowWarnings = false

        @OptionGroup var global: GlobalOptions

        var keyColumns: [String] {
            (key ?? "").split(separator: ",", omittingEmptySubsequences: false).map {
                String($0).trimmingCharacters(in: .whitespaces)
            }
        }

        func validate() throws {
            if table.isEmpty { throw ValidationError("--table must not be empty") }
            if mode == .merge {
                guard key != nil else { throw ValidationError("--mode merge needs --key COL,... (the columns to match on)") }
                if keyColumns.contains(where: \.isEmpty) {
                    throw ValidationError("--key has an empty column name; write --key col1,col2")
                }
            } else if key != nil {
                throw ValidationError("--key applies only to --mode merge")
            }
            do {
                _ = try EnvironmentReferences.resolve(target, option: "--target")
            } catch {
                throw ValidationError(error.description)
            }
        }

        func run() async throws {
            global.bootstrapLogging()
            let start = ContinuousClock.now
            let writeMode: Transfer.WriteMode =
                switch mode {
                case .replace: .replace
                case .truncate: .truncate
                case .append: .append
                case .merge: .merge(key: keyColumns)
                }
            let target = try EnvironmentReferences.resolve(target, option: "--target")
            var objectName = "the object"  // until the URL parses: the raw text might hold credentials
            do {
                let object = try ObjectURL(from)
                objectName = object.description
                let result = try await TransferStores.withStore(object.store) { store in
                    try await Transfer.load(
                        from: store, key: object.key, into: table,
                        options: .init(mode: writeMode, createsTable: create, allowsWarnings: allowWarnings),
                        objectLabel: object.description, connect: { try await makeSQLConnection(url: target) },
                        logger: Logger(label: "ferry.load"))
                }
                for leftover in result.leftoverTables {
                    printError("warning: could not drop the previous table \"\(leftover)\"; drop it by hand")
                }
                let summary: JSONValue = .object([
                    "table": .string(result.table),
                    "mode": .string(result.mode.name),
                    "rows": .integer(result.rowCount),
                    "seconds": TransferStores.seconds(since: start),
                    "created": .bool(result.createdTable),
                    "warnings": .integer(result.warningCount),
                ])
                print(summary.serialized())
            } catch {
                printError(
                    "error: load of \(objectName) failed: \(TransferStores.oneLine(error)) (table \"\(table)\" was not changed)")
                throw ExitCode(1)
            }
        }
    }
}
