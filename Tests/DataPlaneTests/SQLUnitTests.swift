import DataPlane
import Testing

@Suite struct SQLConnectionURLTests {
    @Test func parsesMySQLURL() throws {
        let url = try SQLConnectionURL("mysql://ferry:p%40ss%3Aword@db.example:3307/app?tls=required&read_timeout=30")
        #expect(url.dialect == .mysql)
        #expect(url.host == "db.example")
        #expect(url.port == 3307)
        #expect(url.user == "ferry")
        #expect(url.password == "p@ss:word")
        #expect(url.database == "app")
        #expect(url.option("tls") == "required")
        #expect(url.description == "mysql://ferry@db.example:3307/app")
        #expect(!url.description.contains("word"))
    }

    @Test func mariadbSchemeDefaultsAndIPv6() throws {
        let url = try SQLConnectionURL("mariadb://root@[::1]/x")
        #expect(url.dialect == .mysql)
        #expect(url.host == "::1")
        #expect(url.effectivePort == 3306)
        #expect(url.description == "mariadb://root@[::1]:3306/x")
    }

    @Test func parsesSQLiteURLs() throws {
        #expect(try SQLConnectionURL("sqlite:///tmp/a%20b.db").path == "/tmp/a b.db")
        #expect(try SQLConnectionURL("sqlite:data/x.db").path == "data/x.db")
        #expect(throws: SQLError.self) { try SQLConnectionURL("sqlite://host/x.db") }
    }

    @Test func parsesPostgresURLs() throws {
        let url = try SQLConnectionURL("postgres://u:secretpw@localhost/db")
        #expect(url.dialect == .postgres)
        #expect(url.effectivePort == 5432)
        #expect(url.description == "postgres://u@localhost:5432/db")
        #expect(try SQLConnectionURL("postgresql://u@h:5433/d?sslmode=verify-full&connect_timeout=3").dialect == .postgres)
    }

    @Test(arguments: [
        "oracle://x", "mysql://", "mysql://h:99999/db", "mysql://h/db?tsl=required", "nocolon",
        "postgres://h/db?tls=required", "postgres://h/db?ssl_mode=require", "postgres://:5432/db",
    ])
    func rejectsBadURLs(_ text: String) {
        #expect(throws: SQLError.self) { try SQLConnectionURL(text) }
    }

    @Test func errorsNeverShowThePassword() {
        do {
            _ = try SQLConnectionURL("mysql://u:hunter22@h:0/db")
        } catch {
            #expect(!error.description.contains("hunter22"))
            #expect(error.description.contains("***"))
        }
    }
}

@Suite struct SQLIdentifierQuotingTests {
    @Test func mysqlUsesBackticksAndDoublesThem() {
        #expect(SQLDialect.mysql.quoteIdentifier("order") == "`order`")
        #expect(SQLDialect.mysql.quoteIdentifier("we`ird") == "`we``ird`")
        #expect(SQLDialect.mysql.quoteIdentifier("a\"b") == "`a\"b`")
    }

    @Test func sqliteAndPostgresUseDoubleQuotes() {
        #expect(SQLDialect.sqlite.quoteIdentifier("x\"y") == "\"x\"\"y\"")
        #expect(SQLDialect.postgres.quoteIdentifier("Mixed Case") == "\"Mixed Case\"")
        #expect(SQLDialect.postgres.quoteQualified(["s", "t"]) == "\"s\".\"t\"")
    }
}

@Suite struct SQLTypeMapTests {
    static let all: [SQLType] = [
        .boolean, .integer(bits: 8, isSigned: true), .integer(bits: 8, isSigned: false),
        .integer(bits: 16, isSigned: true), .integer(bits: 24, isSigned: false), .integer(bits: 32, isSigned: true),
        .integer(bits: 32, isSigned: false), .integer(bits: 64, isSigned: true), .integer(bits: 64, isSigned: false),
        .decimal(precision: 38, scale: 10), .float, .double, .char(length: 3), .varchar(length: 200), .text,
        .binary(length: 16), .varbinary(length: 300), .blob, .date, .time(precision: 3),
        .timestamp(precision: 6, hasTimeZone: false), .timestamp(precision: 6, hasTimeZone: true), .json,
    ]

    @Test func mysqlNames() {
        let m = { SQLTypeMap.columnType(for: $0, dialect: .mysql) }
        #expect(m(.integer(bits: 64, isSigned: false)) == "BIGINT UNSIGNED")
        #expect(m(.integer(bits: 24, isSigned: true)) == "MEDIUMINT")
        #expect(m(.decimal(precision: 38, scale: 10)) == "DECIMAL(38,10)")
        #expect(m(.timestamp(precision: 6, hasTimeZone: false)) == "DATETIME(6)")
        #expect(m(.varbinary(length: 300)) == "VARBINARY(300)")
        #expect(m(.boolean) == "BOOLEAN")
        #expect(m(.json) == "JSON")
    }

    @Test func postgresNames() {
        let p = { SQLTypeMap.columnType(for: $0, dialect: .postgres) }
        #expect(p(.integer(bits: 64, isSigned: false)) == "numeric(20,0)")
        #expect(p(.integer(bits: 32, isSigned: false)) == "bigint")
        #expect(p(.integer(bits: 8, isSigned: true)) == "smallint")
        #expect(p(.blob) == "bytea")
        #expect(p(.timestamp(precision: 6, hasTimeZone: true)) == "timestamp(6) with time zone")
        #expect(p(.double) == "double precision")
        #expect(p(.json) == "jsonb")
    }

    @Test(arguments: all)
    func sqliteDeclaredTypesRoundTrip(_ type: SQLType) {
        let declared = SQLTypeMap.columnType(for: type, dialect: .sqlite)
        #expect(SQLTypeMap.sqliteType(declared: declared) == type, "\(declared)")
    }

    @Test func sqliteAffinityIsSafeForExactTypes() {
        // SQLite picks INTEGER affinity for any declared type containing "INT", NUMERIC for DECIMAL: neither may
        // apply to decimals, JSON or unsigned 64-bit integers, whose text must be kept as is.
        for type in [SQLType.decimal(precision: 38, scale: 10), .json, .integer(bits: 64, isSigned: false)] {
            let declared = SQLTypeMap.columnType(for: type, dialect: .sqlite)
            #expect(declared.contains("TEXT") && !declared.contains("INT"), "\(declared)")
        }
    }

    @Test func createTableQuotesAndKeepsNotNull() {
        let columns = [
            SQLColumn(name: "id", type: .integer(bits: 64, isSigned: true), isNullable: false),
            SQLColumn(name: "we`ird", type: .varchar(length: 10)),
        ]
        #expect(
            SQLTypeMap.createTableSQL(table: "t", for: columns, dialect: .mysql)
                == "CREATE TABLE `t` (`id` BIGINT NOT NULL, `we``ird` VARCHAR(10)) ENGINE=InnoDB DEFAULT CHARSET=utf8mb4 COLLATE=utf8mb4_bin")
        #expect(
            SQLTypeMap.createTableSQL(table: "t", for: columns, dialect: .postgres)
                == "CREATE TABLE \"t\" (\"id\" bigint NOT NULL, \"we`ird\" character varying(10))")
        #expect(
            SQLTypeMap.createTableSQL(table: "t", for: columns, dialect: .sqlite, ifNotExists: true)
                == "CREATE TABLE IF NOT EXISTS \"t\" (\"id\" BIGINT NOT NULL, \"we`ird\" VARCHAR(10))")
    }

    @Test func everyTypeHasANameInEveryDialect() {
        for type in Self.all {
            for dialect in SQLDialect.allCases { #expect(!SQLTypeMap.columnType(for: type, dialect: dialect).isEmpty) }
        }
    }
}

@Suite struct SQLValueCSVEncodingTests {
    /// Encodes one row of `fields` (canonical bytes, nil = NULL) for `columns` and returns the CSV data line.
    func csvLine(_ columns: [SQLColumn], _ fields: [[UInt8]?]) throws -> String {
        let batch = SQLRowBatch.make(columns: columns, rows: [fields])
        var writer = SQLCSVWriter(columns: columns, configuration: .init(lineTerminator: .lf))
        try writer.write(batch)
        let text = String(decoding: try writer.finish(), as: UTF8.self)
        return String(text.dropLast())
    }

    @Test func nullIsUnquotedEmptyAndEmptyStringIsQuoted() throws {
        let columns = [SQLColumn(name: "a", type: .text), SQLColumn(name: "b", type: .text)]
        #expect(try csvLine(columns, [nil, []]) == ",\"\"")
    }

    @Test func textNeedingQuotesIsQuoted() throws {
        let columns = [SQLColumn(name: "a", type: .text)]
        #expect(try csvLine(columns, [Array("a,\"b\"\r\nc\td".utf8)]) == "\"a,\"\"b\"\"\r\nc\td\"")
        #expect(try csvLine(columns, [Array("héllo ✓".utf8)]) == "héllo ✓")
    }

    @Test func binaryIsBackslashXHex() throws {
        let columns = [SQLColumn(name: "b", type: .blob), SQLColumn(name: "e", type: .varbinary(length: 4))]
        #expect(try csvLine(columns, [[0x00, 0xFF, 0x2C, 0x22], []]) == "\\x00ff2c22,\\x")
    }

    @Test func numbersAndTemporalsAreCopiedInCanonicalForm() throws {
        let columns: [SQLColumn] = [
            .init(name: "i", type: .integer(bits: 64, isSigned: true)), .init(name: "d", type: .decimal(precision: 38, scale: 10)),
            .init(name: "f", type: .double), .init(name: "t", type: .timestamp(precision: 6, hasTimeZone: true)),
            .init(name: "b", type: .boolean),
        ]
        let fields: [[UInt8]?] = [
            Array("-9223372036854775808".utf8), Array("-1234567890123456789012345678.1234567890".utf8),
            Array("-0.0".utf8), Array("2024-02-29T23:59:59.123456Z".utf8), Array("true".utf8),
        ]
        #expect(
            try csvLine(columns, fields)
                == "-9223372036854775808,-1234567890123456789012345678.1234567890,-0.0,2024-02-29T23:59:59.123456Z,true")
    }

    @Test func batchValuesAreTyped() {
        let columns: [SQLColumn] = [
            .init(name: "u", type: .integer(bits: 64, isSigned: false)), .init(name: "f", type: .double),
            .init(name: "b", type: .blob), .init(name: "n", type: .text), .init(name: "x", type: .boolean),
        ]
        let batch = SQLRowBatch.make(
            columns: columns,
            rows: [[Array("18446744073709551615".utf8), Array("NaN".utf8), [1, 2], nil, Array("false".utf8)]])
        let row = batch.row(0)
        #expect(row[0] == .unsignedInteger(.max))
        if case .double(let v) = row[1] { #expect(v.isNaN) } else { Issue.record("not a double") }
        #expect(row[2] == .binary([1, 2]))
        #expect(row[3] == .null)
        #expect(row[4] == .boolean(false))
    }
}

@Suite struct SQLValueFormatTests {
    @Test func doublesRoundTrip() {
        for value in [0.1, -0.0, 1e-300, .pi, 123456789.125, -Double.greatestFiniteMagnitude, .leastNonzeroMagnitude] {
            let text = SQLValue.double(value).description
            #expect(Double(text)?.bitPattern == value.bitPattern, "\(text)")
        }
        #expect(SQLValue.double(.infinity).description == "Infinity")
        #expect(SQLValue.double(-.infinity).description == "-Infinity")
    }

    @Test func binaryValuesPrintAsHex() {
        #expect(SQLValue.binary([0xDE, 0xAD]).description == "\\xdead")
    }
}
