import ArgumentParser
import DataPlane
import Foundation
import JSONValue
import Logging

extension Ferry {
    /// `ferry extract --source URL --query SQL [--param NAME[:TYPE]=VALUE ...] --to OBJECT_URL [--gzip]`
    struct Extract: AsyncParsableCommand {
        static let configuration = CommandConfiguration(
            abstract: "Stream a query's rows into a CSV object plus a manifest, and print a JSON summary.",
            discussion: """
                Runs the query on the source database with a server-side cursor and streams its rows, as CSV with \
                a header row, into the object (a local file or an S3 object), with no temporary files. Then it \
                writes <object>.manifest.json next to it: the columns and their types, the row and byte counts, \
                the SHA-256 of the stored bytes, the compression, the time, the source (without password) and the \
                SHA-256 of the query text. The manifest is written last, so its presence means a complete object; \
                `ferry load` refuses objects without one.

                Parameters: write :name in the query for each value and pass --param name=VALUE. Values are bound \
                by the database, never spliced into the SQL. A value is text unless typed: name:int=42, \
                name:float=0.5, name:bool=true, name:hex=00ff (binary), name:null. Every placeholder needs a \
                value and every value must be used. A bare ? is refused.

                Object URLs: file:///absolute/path/name.csv, or \
                s3://bucket/key.csv?endpoint=http://host:port&region=us-east-1&path_style=true with credentials \
                from AWS_ACCESS_KEY_ID and AWS_SECRET_ACCESS_KEY. Keys with .. segments are refused.

                Secrets: write ${NAME} in a database URL, in single quotes, to take that part from the \
                environment variable NAME instead of the command line (e.g. \
                'mysql://app:${DB_PASSWORD}@db:3306/sales'; the value is percent-encoded; a whole-URL reference \
                '${DATABASE_URL}' is used as it is). Passwords never appear in output or errors.

                Prints {"object", "manifest", "rows", "bytes", "sha256", "seconds"} on stdout.

                Exit status: 0 the object and its manifest were written; 1 the extract failed (connection, \
                query, storage; one line on stderr, and no manifest is left behind); 2 usage errors (missing or \
                malformed options or parameters).
                """
        )

        @Option(help: ArgumentHelp(
            "The source database: mysql://user:password@host:port/db, mariadb://..., sqlite:///path/file.db, "
                + "postgres://user:password@host:port/db. Write secrets as ${NAME} (in single quotes) to read them from "
                + "the environment.", valueName: "url"))
        var source: String

        @Option(help: ArgumentHelp("The query; name its parameters :name.", valueName: "sql"))
        var query: String

        @Option(name: .customLong("param"), help: ArgumentHelp(
            "A query parameter NAME[:TYPE]=VALUE (TYPE: text (default), int, float, bool, hex, null); repeatable.",
            valueName: "name=value"))
        var parameters: [String] = []

        @Option(help: ArgumentHelp("The object to write: file:///path/name.csv or s3://bucket/key.csv?endpoint=...",
                                   valueName: "object-url"))
        var to: String

        @Flag(help: "Compress the object with gzip (the manifest records it; load decompresses).")
        var gzip = false

        @OptionGroup var global: GlobalOptions

        func validate() throws {
            let values = try Self.parseParameters(parameters)
            let source: String
            do {
                source = try EnvironmentReferences.resolve(self.source, option: "--source")
            } catch {
                throw ValidationError(error.description)
            }
            // When the source URL parses, check the placeholders now, so a typo is a usage error.
            if let url = try? SQLConnectionURL(source) {
                do {
                    _ = try NamedQuery(query, parameters: values).positional(for: url.dialect)
                } catch {
                    throw ValidationError(error.reason)
                }
            }
        }

        static func parseParameters(_ arguments: [String]) throws -> [String: SQLValue] {
            var values: [String: SQLValue] = [:]
            for argument in arguments {
                let parsed: (name: String, value: SQLValue)
                do {
                    parsed = try NamedQuery.parseParameter(argument)
                } catch {
                    throw ValidationError(error.description)
                }
                guard values.updateValue(parsed.value, forKey: parsed.name) == nil else {
                    throw ValidationError("the parameter \(parsed.name) is given twice; keep one --param \(parsed.name)=...")
                }
            }
            return values
        }

        func run() async throws {
            global.bootstrapLogging()
            let start = ContinuousClock.now
            var objectName = "the object"  // until the URL parses: the raw text might hold credentials
            do {
                let values = try Self.parseParameters(parameters)
                let source = try EnvironmentReferences.resolve(source, option: "--source")
                let object = try ObjectURL(to)
                objectName = object.description
                let manifestURL = try object.manifestURL()
                let result = try await TransferStores.withStore(object.store) { store in
                    try await withSQLConnection(url: source) { connection in
                        try await Transfer.extract(
                            query: NamedQuery(query, parameters: values), from: connection, to: store, key: object.key,
                            compression: gzip ? .gzip : .none, logger: Logger(label: "ferry.extract"))
                    }
                }
                let summary: JSONValue = .object([
                    "object": .string(object.description),
                    "manifest": .string(manifestURL.description),
                    "rows": .integer(result.manifest.rowCount),
                    "bytes": .integer(Int(result.manifest.byteCount)),
                    "sha256": .string(result.manifest.sha256),
                    "seconds": TransferStores.seconds(since: start),
                ])
                print(summary.serialized())
            } catch {
                printError("error: extract to \(objectName) failed: \(TransferStores.oneLine(error))")
                throw ExitCode(1)
            }
        }
    }
}
