import DataPlane
import Pipelines
import Testing

@Suite struct LegacyTranslatorTests {
    typealias P = LegacyTranslator.SelectParameter

    @Test(arguments: [
        ("(company[1], date)", [P.companyField(1), .lookBackDate]),
        ("[company[1], date]", [P.companyField(1), .lookBackDate]),
        ("company[1]", [P.companyField(1)]),
        ("(company[1])", [P.companyField(1)]),
        ("(company[1],)", [P.companyField(1)]),
        ("  ( company [ 3 ] ,date , company[0], )  ", [P.companyField(3), .lookBackDate, .companyField(0)]),
        ("date", [P.lookBackDate]),
        ("company[1], date", [P.companyField(1), .lookBackDate]),
        ("(date, date)", [P.lookBackDate, .lookBackDate]),
        ("", []),
        ("   ", []),
        ("None", []),
        ("()", []),
        ("[]", []),
    ])
    func translatesSelectParameterShapes(text: String, expected: [P]) throws {
        #expect(try LegacyTranslator.selectParameters(text, subject: "t") == expected)
    }

    @Test(arguments: [
        "__import__('os')",
        "__import__('os').system('rm -rf /')",
        "company[1]; drop",
        "company[1]; DROP TABLE users",
        "(company[1], date) or exec('x')",
        "company[1] + 1",
        "company[-1]",
        "company[1][0]",
        "company",
        "company.alias",
        "company[1].strip()",
        "str(company[1])",
        "date.today()",
        "datetime.now()",
        "(company[1], date",
        "(company[1], date]",
        "'2024-01-01'",
        "os.system('id')",
        "lambda: 1",
        "company[99999]",
        "(company[1] date)",
        "{company[1]}",
        "company[1]\n__import__('os')",
        "company[0x1]",
        "eval('company[1]')",
        "None, company[1]",
        "(None)",
    ])
    func refusesEverythingElse(text: String) throws {
        let error = #expect(throws: CatalogError.self) {
            try LegacyTranslator.selectParameters(text, subject: "table row 7 (\"users\") params_select")
        }
        #expect(error?.code == .untranslatable)
        #expect(error?.description.hasPrefix("table row 7 (\"users\") params_select: ") == true)
    }

    @Test func refusalNamesTheFragment() throws {
        let error = #expect(throws: CatalogError.self) {
            try LegacyTranslator.selectParameters(
                "company[1]; drop table x", subject: "table row 1 (\"users\") params_select")
        }
        #expect(error?.description.contains("\"; drop table x\"") == true)
        let other = #expect(throws: CatalogError.self) {
            try LegacyTranslator.selectParameters("__import__('os')", subject: "s")
        }
        #expect(other?.description.contains("__import__") == true)
    }

    @Test func rewritesPercentPlaceholders() throws {
        let sql = "SELECT id, username FROM users WHERE company_id = %s AND created_at >= %s"
        #expect(
            try LegacyTranslator.namedSelect(sql, parameterCount: 2, subject: "s")
                == "SELECT id, username FROM users WHERE company_id = :ferry_p1 AND created_at >= :ferry_p2")
        #expect(
            try LegacyTranslator.namedSelect(
                "SELECT * FROM t WHERE a = ? AND b LIKE 'x?'", parameterCount: 1, subject: "s")
                == "SELECT * FROM t WHERE a = :ferry_p1 AND b LIKE 'x?'")
        #expect(
            try LegacyTranslator.namedSelect("SELECT 100 %% 7 FROM t WHERE a = %s", parameterCount: 1, subject: "s")
                == "SELECT 100 % 7 FROM t WHERE a = :ferry_p1")
        #expect(
            try LegacyTranslator.namedSelect("SELECT * FROM t WHERE a LIKE 'x%'", parameterCount: 0, subject: "s")
                == "SELECT * FROM t WHERE a LIKE 'x%'")
    }

    @Test(arguments: [
        ("SELECT * FROM t WHERE a = %s", 2),
        ("SELECT * FROM t WHERE a = %s AND b = %s", 1),
        ("SELECT * FROM t WHERE a = '%s'", 1),
        ("SELECT * FROM t WHERE a = %d", 1),
        ("SELECT * FROM t WHERE a = %s AND b = ?", 2),
        ("SELECT * FROM t WHERE a LIKE 'x%' AND b = %s", 1),
        ("SELECT * FROM t WHERE a = %", 1),
    ])
    func refusesMismatchedPlaceholders(sql: String, count: Int) throws {
        #expect(throws: CatalogError.self) {
            try LegacyTranslator.namedSelect(sql, parameterCount: count, subject: "s")
        }
    }

    @Test func parsesInsertStatements() throws {
        let replace = try LegacyTranslator.insertStatement("REPLACE INTO users(id, username) VALUES ", subject: "s")
        #expect(replace.verb == .replace && replace.table == "users" && replace.columns == ["id", "username"])
        let insert = try LegacyTranslator.insertStatement(
            "insert into `order items` (`id`,`total`) values;", subject: "s")
        #expect(insert.verb == .insert && insert.table == "order items" && insert.columns == ["id", "total"])
        let ignore = try LegacyTranslator.insertStatement("INSERT IGNORE INTO t VALUES", subject: "s")
        #expect(ignore.verb == .insertIgnore && ignore.table == "t" && ignore.columns.isEmpty)
    }

    @Test(arguments: [
        "REPLACE INTO users(id, username) VALUES (1, 2)",
        "REPLACE INTO users(id, username) VALUES ; DROP TABLE users",
        "DELETE FROM users",
        "REPLACE users(id) VALUES",
        "REPLACE INTO other.users(id) VALUES",
        "REPLACE INTO users(id, id) VALUES",
        "REPLACE INTO users(id, username VALUES",
        "REPLACE INTO users(id, `user",
        "REPLACE INTO users SELECT * FROM x",
    ])
    func refusesOtherInsertStatements(text: String) throws {
        #expect(throws: CatalogError.self) { try LegacyTranslator.insertStatement(text, subject: "s") }
    }

    @Test(arguments: [
        (#"'(' + row[0] + ',"' + row[1] + '")'"#, [0, 1]),
        (#""(" + row[0] + ",'" + row[1] + "')""#, [0, 1]),
        (#"'(' + str(row[0]) + ', ' + row[2] + ')'"#, [0, 2]),
        (#"'("' + row[1] + '", "' + row[0] + '", ' + row[3] + ')'"#, [1, 0, 3]),
        (#"'(' + row[0] + ')'"#, [0]),
        (#"'(' + row[0] + ',' + row[1] + ',' + row[2] + ')'"#, [0, 1, 2]),
        (#"'(\'' + row[0] + '\')'"#, [0]),
    ])
    func translatesInsertExpressions(text: String, expected: [Int]) throws {
        #expect(try LegacyTranslator.insertColumns(text, subject: "s") == expected)
    }

    @Test(arguments: [
        #"'(' + row[0] + ',"' + row[1] + '")'; import os"#,
        #"'(' + row[0] + ');DROP TABLE users;--'"#,
        #"'(' + row[0] + ', NOW())'"#,
        #"'(' + row[0] + ', 1)'"#,
        #"'(' + row[0] + ',"' + row[1] + ')'"#,
        #"'(' + row[0] + ',"' + row[1] + "')""#,
        #"'(' + row[0].replace('"', '') + ')'"#,
        #"'(' + __import__('os').getcwd() + ')'"#,
        #"'(' + row[0] + ')' + '(' + row[1] + ')'"#,
        #"'(' + row[0] + ', ' + company[1] + ')'"#,
        #"'(' + row[0] * 2 + ')'"#,
        #"'(' + row + ')'"#,
        #"'(' + str(1) + ')'"#,
        #"f'({row[0]})'"#,
        #"'(' + row[0] + '"#,
        #"'(' + row[0] + '\n)'"#,
        #"'(' + row[0] + ', "' + row[1] + '")' if True else ''"#,
        #"row[0]"#,
        "",
    ])
    func refusesOtherInsertExpressions(text: String) throws {
        let error = #expect(throws: CatalogError.self) { try LegacyTranslator.insertColumns(text, subject: "s") }
        #expect(error?.code == .untranslatable)
    }

    @Test func parsesColumnLists() throws {
        #expect(try LegacyTranslator.columnList("id, username", subject: "s") == ["id", "username"])
        #expect(try LegacyTranslator.columnList("", subject: "s") == [])
        #expect(try LegacyTranslator.columnList("`odd name`", subject: "s") == ["odd name"])
        #expect(throws: CatalogError.self) { try LegacyTranslator.columnList("id; drop", subject: "s") }
    }
}
