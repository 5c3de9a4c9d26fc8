import DataPlane
import Foundation
import JSONValue
import Testing

@Suite(.serialized, .timeLimit(.minutes(5))) struct CatalogCommandTests {
    func ferry(_ arguments: [String], in directory: URL) async throws -> FerryProcess.Result {
        try await FerryProcess.run(["catalog"] + arguments, in: directory)
    }

    func json(_ text: String) throws -> JSONValue { try JSONValue(parsing: text) }

    @Test func managesACatalogThroughTheBinary() async throws {
        let folder = try TemporaryDirectory()
        let dir = folder.url
        var result = try await ferry(["init"], in: dir)
        #expect(result.status == 0, "\(result.stderr)")
        #expect(result.stdout.contains("migrated to schema version 2"))
        #expect(FileManager.default.fileExists(atPath: dir.appendingPathComponent("ferry-catalog.db").path))
        result = try await ferry(["init"], in: dir)
        #expect(result.status == 0 && result.stdout.contains("up to date"))

        result = try await ferry(
            ["company", "add", "--company-id", "42", "--alias", "acme", "--look-back-days", "60"], in: dir)
        #expect(result.status == 0, "\(result.stderr)")
        result = try await ferry(["company", "add", "--company-id", "43", "--alias", "beta"], in: dir)
        #expect(result.status == 0, "\(result.stderr)")
        result = try await ferry(["company", "add", "--company-id", "44", "--alias", "acme"], in: dir)
        #expect(result.status == 1 && result.stderr.contains("alias is taken"))
        result = try await ferry(["company", "add", "--company-id", "44", "--alias", "no/slash"], in: dir)
        #expect(result.status == 2)

        result = try await ferry(
            [
                "table", "add", "--name", "users",
                "--select", "SELECT id, username FROM users WHERE company_id = %s AND created_at >= %s",
                "--params", "(company[1], date)", "--insert", "REPLACE INTO users(id, username) VALUES ",
                "--insert-params", #"'(' + row[0] + ',"' + row[1] + '")'"#,
            ], in: dir)
        #expect(result.status == 0, "\(result.stderr)")
        result = try await ferry(
            ["table", "add", "--name", "evil", "--select", "SELECT 1", "--params", "__import__('os')"], in: dir)
        #expect(result.status == 1)
        #expect(result.stderr.contains("params_select") && result.stderr.contains("__import__"))

        result = try await ferry(["company", "list", "--json"], in: dir)
        let companies = try json(result.stdout)
        #expect(companies.arrayValue?.count == 2)
        #expect(companies.arrayValue?.first?.objectValue?["lookBackDays"] == .integer(60))
        #expect(companies.arrayValue?.first?.objectValue?["targetDatabase"] == .string("ferry_acme"))

        result = try await ferry(["items", "--date", "2026-12-04", "--json"], in: dir)
        #expect(result.status == 0, "\(result.stderr)")
        let plan = try json(result.stdout).objectValue
        let items = try #require(plan?["items"]?.arrayValue)
        #expect(items.count == 1)
        #expect(items.first?.objectValue?["since"] == .string("2026-10-05"))
        #expect(items.first?.objectValue?["parameters"] == ["ferry_p1": 42, "ferry_p2": "2026-10-05"])
        #expect(plan?["problems"]?.arrayValue?.first?.objectValue?["kind"] == .string("missingLookBack"))

        result = try await ferry(["config", "set", "default_look_back_days", "30"], in: dir)
        #expect(result.status == 0, "\(result.stderr)")
        result = try await ferry(["config", "get", "default_look_back_days"], in: dir)
        #expect(result.stdout == "30\n")
        result = try await ferry(["config", "set", "bogus", "1"], in: dir)
        #expect(result.status == 2)
        result = try await ferry(["config", "set", "default_look_back_days", "many"], in: dir)
        #expect(result.status == 2)

        result = try await ferry(["company", "disable", "acme"], in: dir)
        #expect(result.status == 0)
        result = try await ferry(["items", "--date", "2026-12-04"], in: dir)
        #expect(result.stdout.contains("beta") && !result.stdout.contains("acme"))
        #expect(result.stdout.contains("2026-11-04"))
        #expect(result.stderr.contains("note: company \"beta\""))
        result = try await ferry(["table", "disable", "users"], in: dir)
        #expect(result.status == 0)
        result = try await ferry(["table", "list"], in: dir)
        #expect(
            result.stdout.contains("users") && result.stdout.contains("disabled") && result.stdout.contains("merge"))
        result = try await ferry(["company", "enable", "nobody"], in: dir)
        #expect(result.status == 1 && result.stderr.contains("no company has this alias"))

        // A catalog that was never initialised: a clear error.
        let empty = "sqlite://" + dir.appendingPathComponent("empty.db").path
        result = try await ferry(["company", "add", "--company-id", "1", "--alias", "x", "--catalog", empty], in: dir)
        #expect(result.status == 1 && result.stderr.contains("ferry catalog init"))
        result = try await ferry(["company", "list", "--catalog", empty], in: dir)
        #expect(result.status == 1 && result.stderr.contains("it has no companies table"))
    }

    /// Creates a source database with a `users` table like the original production one.
    func makeSource(at path: String) async throws {
        try await withSQLConnection(url: "sqlite://" + path) { source in
            try await source.execute(
                "CREATE TABLE users (id INTEGER NOT NULL, username VARCHAR(100), company_id INT, created_at DATETIME)")
        }
    }

    func onboardingFolder() async throws -> (TemporaryDirectory, String, String) {
        let folder = try TemporaryDirectory()
        let catalog = "sqlite://" + folder.url.appendingPathComponent("catalog.db").path
        let source = folder.url.appendingPathComponent("source.db").path
        try await makeSource(at: source)
        for arguments in [
            ["init"],
            [
                "table", "add", "--name", "users",
                "--select", "SELECT id, username FROM users WHERE company_id = %s AND created_at >= %s",
                "--params", "(company[1], date)", "--insert", "REPLACE INTO users(id, username) VALUES ",
                "--insert-params", #"'(' + row[0] + ',"' + row[1] + '")'"#,
            ],
        ] {
            let result = try await ferry(arguments + ["--catalog", catalog], in: folder.url)
            #expect(result.status == 0, "\(result.stderr)")
        }
        return (folder, catalog, "sqlite://" + source)
    }

    @Test func onboardsACompanyIntoSQLite() async throws {
        let (folder, catalog, source) = try await onboardingFolder()
        let arguments = [
            "company", "onboard", "--company-id", "44", "--alias", "gamma", "--look-back-days", "10",
            "--store", "file://" + folder.url.appendingPathComponent("objects").path,
            "--target", "sqlite://" + folder.url.appendingPathComponent("reports/any.db").path,
            "--source", source, "--catalog", catalog, "--json",
        ]
        var result = try await ferry(arguments, in: folder.url)
        #expect(result.status == 0, "\(result.stderr)")
        let summary = try json(result.stdout).objectValue
        #expect(summary?["targetDatabase"] == .string("ferry_gamma"))
        #expect(summary?["tables"]?.arrayValue?.first?.objectValue?["status"] == .string("created"))
        #expect(
            FileManager.default.fileExists(
                atPath: folder.url.appendingPathComponent("objects/gamma/_ferry_company.json").path))
        let database = "sqlite://" + folder.url.appendingPathComponent("reports/ferry_gamma.db").path
        let columns = try await withSQLConnection(url: database) { try await $0.columns(ofTable: "users") }
        #expect(columns.map(\.name) == ["id", "username"])

        result = try await ferry(arguments, in: folder.url)
        #expect(result.status == 0, "\(result.stderr)")
        #expect(
            try json(result.stdout).objectValue?["tables"]?.arrayValue?.first?.objectValue?["status"]
                == .string("exists"))
        result = try await ferry(["company", "list", "--catalog", catalog], in: folder.url)
        #expect(result.stdout.contains("gamma") && result.stdout.contains("10 days"))
    }

    @Test func onboardsACompanyIntoAnS3Store() async throws {
        let (folder, catalog, _) = try await onboardingFolder()
        try await S3TestServer.withStore("onboard") { store in
            let url = S3TestServer.url(prefix: store.configuration.location.prefix)
            let result = try await FerryProcess.run(
                [
                    "catalog", "company", "onboard", "--company-id", "46", "--alias", "delta", "--store", url,
                    "--catalog", catalog,
                ],
                in: folder.url,
                environment: [
                    "AWS_ACCESS_KEY_ID": S3TestServer.accessKey, "AWS_SECRET_ACCESS_KEY": S3TestServer.secretKey,
                ])
            #expect(result.status == 0, "\(result.stderr)")
            #expect(
                result.stdout.contains(
                    "object-store prefix: s3://\(S3TestServer.bucket)/\(store.configuration.location.prefix)delta/_ferry_company.json?"
                ))
            #expect(try await store.head(ObjectKey("delta/_ferry_company.json")) != nil)
        }
    }

    @Test func onboardsACompanyIntoMariaDBAndPostgreSQL() async throws {
        let (folder, catalog, source) = try await onboardingFolder()
        let alias = "t" + UUID().uuidString.replacingOccurrences(of: "-", with: "").prefix(10).lowercased()
        let database = "ferry_" + alias
        func dropTargets() async throws {
            try await withSQLConnection(url: MariaDB.url()) {
                try await $0.execute("DROP DATABASE IF EXISTS `\(database)`")
            }
            try await withSQLConnection(url: Postgres.url()) {
                try await $0.execute("DROP SCHEMA IF EXISTS \"\(database)\" CASCADE")
            }
        }
        do {
            for target in [MariaDB.url(), Postgres.url()] {
                let result = try await ferry(
                    [
                        "company", "onboard", "--company-id", "45", "--alias", alias, "--look-back-days", "60",
                        "--target", target, "--source", source, "--catalog", catalog,
                    ], in: folder.url)
                #expect(result.status == 0, "\(result.stderr)")
                #expect(result.stdout.contains("users -> users: created"))
            }
            let mysqlColumns = try await withSQLConnection(url: MariaDB.url(database: database)) {
                try await $0.columns(ofTable: "users")
            }
            #expect(mysqlColumns.map(\.name) == ["id", "username"])
            let postgresColumns = try await withSQLConnection(url: Postgres.url()) { connection in
                try await connection.query(
                    "SELECT column_name FROM information_schema.columns WHERE table_schema = ? AND table_name = 'users' "
                        + "ORDER BY ordinal_position", parameters: [.text(database)]
                ) { try await $0.collectRows() }
            }
            #expect(postgresColumns == [[.text("id")], [.text("username")]])
            try await dropTargets()
        } catch {
            try? await dropTargets()
            throw error
        }
    }
}
