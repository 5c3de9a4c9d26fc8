@testable import DataPlane
import Testing

@Suite struct TransferNamedQueryTests {
    @Test func rewritesNamedPlaceholdersInOrder() throws {
        let query = NamedQuery(
            "SELECT * FROM t WHERE a = :a AND b > :b_2 OR a = :a", parameters: ["a": .integer(1), "b_2": .text("x")])
        let (sql, values) = try query.positional(for: .mysql)
        #expect(sql == "SELECT * FROM t WHERE a = ? AND b > ? OR a = ?")
        #expect(values == [.integer(1), .text("x"), .integer(1)])
    }

    @Test(arguments: [
        (SQLDialect.mysql, "SELECT ':x', \":y\", `:z`, 'it\\'s :q' -- :c\n, :real # :hash\n/* :block */", ["real"]),
        (.sqlite, "SELECT ':x', \":y\", [:z], `:w` -- :c\n, :real /* :b */", ["real"]),
        (.postgres, "SELECT x::int, ':s', $$ :d $$, $tag$ :t $tag$, :real, '\\' , :after", ["real", "after"]),
        (.mysql, "SELECT @v := 1, :a, TIME '10:20:30'", ["a"]),
    ])
    func skipsLiteralsCommentsAndCasts(dialect: SQLDialect, text: String, names: [String]) {
        #expect(NamedQuery.placeholderNames(in: text, dialect: dialect) == names)
    }

    @Test func refusesMissingUnusedAndBarePlaceholders() {
        let missing = #expect(throws: TransferError.self) {
            try NamedQuery("SELECT :a, :b", parameters: ["a": .null]).positional(for: .sqlite)
        }
        #expect(missing?.description.contains("no value for :b; pass --param b=VALUE") == true)
        let unused = #expect(throws: TransferError.self) {
            try NamedQuery("SELECT 1", parameters: ["zz": .null]).positional(for: .sqlite)
        }
        #expect(unused?.description.contains("zz are not used") == true)
        let bare = #expect(throws: TransferError.self) { try NamedQuery("SELECT ?").positional(for: .mysql) }
        #expect(bare?.description.contains("bare ?") == true)
        #expect(throws: Never.self) { try NamedQuery("SELECT '?'").positional(for: .mysql) }
    }

    @Test func parsesTypedParameters() throws {
        let cases: [(String, String, SQLValue)] = [
            ("day=2024-05-01", "day", .text("2024-05-01")),
            ("s=", "s", .text("")),
            ("eq=a=b", "eq", .text("a=b")),
            ("n:int=-42", "n", .integer(-42)),
            ("big:int=18446744073709551615", "big", .unsignedInteger(.max)),
            ("f:float=0.5", "f", .double(0.5)),
            ("f:float=-inf", "f", .double(-.infinity)),
            ("b:bool=true", "b", .boolean(true)),
            ("b:bool=0", "b", .boolean(false)),
            ("x:hex=00FFa0", "x", .binary([0, 255, 160])),
            ("z:null", "z", .null),
            ("t:text=:raw", "t", .text(":raw")),
        ]
        for (argument, name, value) in cases {
            let parsed = try NamedQuery.parseParameter(argument)
            #expect(parsed.name == name && parsed.value == value, "\(argument)")
        }
        for bad in ["noequals", "1x=2", "=v", "n:int=1.5", "f:float=abc", "b:bool=maybe", "x:hex=abc", "x:hex=zz",
                    "z:null=1", "q:date=2024-01-01", "a-b=1"] {
            #expect(throws: TransferError.self, "\(bad)") { try NamedQuery.parseParameter(bad) }
        }
    }
}

@Suite struct TransferObjectURLTests {
    @Test func splitsFileURLsIntoFolderAndName() throws {
        let url = try ObjectURL("file:///var/exports/2024/orders%20q1.csv")
        #expect(url.store == .file(path: "/var/exports/2024"))
        #expect(url.key.rawValue == "orders q1.csv")
        #expect(url.description == "file:///var/exports/2024/orders%20q1.csv")
        #expect(try url.manifestURL().description == "file:///var/exports/2024/orders%20q1.csv.manifest.json")
        #expect(try ObjectURL("file:///top.csv").store == .file(path: "/"))
    }

    @Test func keepsTheWholeS3KeyWithAnEmptyPrefix() throws {
        let url = try ObjectURL("s3://ferry-test/a/b/orders.csv?endpoint=http://127.0.0.1:9100&region=us-east-1&path_style=true")
        guard case .s3(let location) = url.store else { Issue.record("not s3"); return }
        #expect(location.prefix == "" && location.bucket == "ferry-test" && location.usesPathStyle)
        #expect(url.key.rawValue == "a/b/orders.csv")
        #expect(url.description.hasPrefix("s3://ferry-test/a/b/orders.csv?endpoint=http://127.0.0.1:9100"))
    }

    @Test(arguments: [
        "file:///tmp/x/../etc/passwd", "file:///tmp/%2E%2E/x.csv", "s3://ferry-test/a/../b.csv?region=us-east-1",
        "s3://ferry-test/a/%2e%2e/b.csv",
    ])
    func refusesDotDot(url: String) {
        #expect(throws: ObjectStoreError.self) { try ObjectURL(url) }
        do { _ = try ObjectURL(url) } catch { #expect("\(error)".contains("..")) }
    }

    @Test(arguments: ["file:///tmp/folder/", "s3://ferry-test/", "s3://ferry-test", "s3://ferry-test/a/?region=us-east-1"])
    func refusesFolders(url: String) {
        #expect(throws: (any Error).self) { try ObjectURL(url) }
    }
}

@Suite struct TransferSQLTests {
    @Test func scratchNamesAreUniqueAndFitEveryDatabase() {
        #expect(TransferSQL.scratchName(for: "orders", tag: "staging", random: 0xAB) == "orders__ferry_staging_000000ab")
        let long = String(repeating: "é", count: 60)
        let name = TransferSQL.scratchName(for: long, tag: "staging", random: 1)
        #expect(name.utf8.count <= 63 && name.hasSuffix("__ferry_staging_00000001") && name.hasPrefix("éé"))
    }

    @Test func renamesSQLiteCreateTableText() {
        let cases: [(String, String)] = [
            ("CREATE TABLE t (a INT)", "CREATE TABLE \"s\" (a INT)"),
            ("CREATE TABLE \"we\"\"ird (x\" (a INT, PRIMARY KEY (a))", "CREATE TABLE \"s\" (a INT, PRIMARY KEY (a))"),
            ("CREATE TABLE [b r](a)", "CREATE TABLE \"s\" (a)"),
            ("CREATE TABLE `t`\n(a)", "CREATE TABLE \"s\" \n(a)"),
            ("create table t(a)", "CREATE TABLE \"s\" (a)"),
        ]
        for (input, expected) in cases {
            #expect(TransferSQL.renameCreateTable(input, to: "\"s\"") == expected, "\(input)")
        }
        #expect(TransferSQL.renameCreateTable("CREATE VIEW v AS SELECT 1", to: "\"s\"") == nil)
    }

    @Test func buildsTheInsertOfEachMode() {
        let columns = ["id", "na`me"]
        #expect(
            TransferSQL.insertSQL(mode: .append, target: "t", staging: "s", columns: columns, keyColumns: [], dialect: .mysql)
                == "INSERT INTO `t` (`id`, `na``me`) SELECT `id`, `na``me` FROM `s`")
        #expect(
            TransferSQL.insertSQL(
                mode: .merge(key: ["id"]), target: "t", staging: "s", columns: columns, keyColumns: ["id"], dialect: .mysql)
                == "INSERT INTO `t` (`id`, `na``me`) SELECT ferry_staged.`id`, ferry_staged.`na``me` FROM `s` AS ferry_staged "
                + "ON DUPLICATE KEY UPDATE `t`.`na``me` = ferry_staged.`na``me`")
        #expect(
            TransferSQL.insertSQL(
                mode: .merge(key: ["id"]), target: "t", staging: "s", columns: columns, keyColumns: ["id"], dialect: .sqlite)
                == "INSERT INTO \"t\" (\"id\", \"na`me\") SELECT \"id\", \"na`me\" FROM \"s\" WHERE true "
                + "ON CONFLICT (\"id\") DO UPDATE SET \"na`me\" = excluded.\"na`me\"")
        #expect(
            TransferSQL.insertSQL(
                mode: .merge(key: ["id"]), target: "t", staging: "s", columns: ["id"], keyColumns: ["id"], dialect: .postgres)
                .hasSuffix("ON CONFLICT (\"id\") DO NOTHING"))
    }

    @Test func writeModesNameThemselves() {
        #expect(Transfer.WriteMode.replace.description == "replace")
        #expect(Transfer.WriteMode.merge(key: ["a", "b"]).description == "merge(a,b)")
        #expect(Transfer.WriteMode.merge(key: ["a"]).name == "merge")
    }
}
