@testable import DataPlane
import Testing

@Suite struct PostgreSQLConfigurationTests {
    @Test func buildsFromAURL() throws {
        let url = try SQLConnectionURL("postgres://ferry:p%40ss%3Aw0rd@db.example:5433/app?sslmode=verify-full&connect_timeout=3")
        let configuration = try PostgreSQLConnection.Configuration(url: url)
        #expect(configuration.host == "db.example")
        #expect(configuration.port == 5433)
        #expect(configuration.user == "ferry")
        #expect(configuration.password == "p@ss:w0rd")
        #expect(configuration.database == "app")
        #expect(configuration.tls == .verifyFull)
        #expect(configuration.connectTimeout == 3)
        #expect(configuration.description == "postgres://ferry@db.example:5433/app")
        #expect(!configuration.description.contains("w0rd"))
    }

    @Test func defaultsAndModes() throws {
        let plain = try PostgreSQLConnection.Configuration(url: SQLConnectionURL("postgresql://h"))
        #expect(plain.port == 5432 && plain.user == "postgres" && plain.database == nil && plain.tls == .disable)
        #expect(plain.connectTimeout == 10)
        for (mode, expected) in [
            ("disable", PostgreSQLConnection.Configuration.TLSMode.disable), ("require", .require),
            ("verify-ca", .verifyCA), ("VERIFY-FULL", .verifyFull),
        ] {
            #expect(try PostgreSQLConnection.Configuration(url: SQLConnectionURL("postgres://h/d?sslmode=\(mode)")).tls == expected)
        }
    }

    @Test(arguments: [
        "postgres://u:topsecret@h/d?sslmode=prefer", "postgres://u:topsecret@h/d?sslmode=",
        "postgres://u:topsecret@h/d?connect_timeout=0", "postgres://u:topsecret@h/d?connect_timeout=x",
    ])
    func refusesBadOptionsWithoutThePassword(_ text: String) throws {
        let url = try SQLConnectionURL(text)
        do {
            _ = try PostgreSQLConnection.Configuration(url: url)
            Issue.record("expected an error")
        } catch {
            #expect(error.code == .invalidURL)
            #expect(!error.description.contains("topsecret"))
        }
    }

    @Test func refusesAnotherDialect() throws {
        #expect(throws: SQLError.self) { try PostgreSQLConnection.Configuration(url: SQLConnectionURL("mysql://h/d")) }
    }

}

@Suite struct PostgreSQLProtocolTests {
    /// The SCRAM-SHA-256 exchange of RFC 7677, section 3.
    @Test func scramMatchesTheRFCExample() throws {
        var scram = PostgreSQLSCRAM(password: "pencil", user: "user", clientNonce: "rOprNGfwEbeRWgbNEkqO")
        #expect(scram.clientFirstMessage == "n,,n=user,r=rOprNGfwEbeRWgbNEkqO")
        let final = try scram.clientFinalMessage(
            serverFirst: "r=rOprNGfwEbeRWgbNEkqO%hvYDpWUa2RaTCAfuxFIlj)hNlF$k0,s=W22ZaJ0SNY7soEsUEjb6gQ==,i=4096")
        #expect(
            final == "c=biws,r=rOprNGfwEbeRWgbNEkqO%hvYDpWUa2RaTCAfuxFIlj)hNlF$k0,"
                + "p=dHzbZapWIk4jUhN+Ute9ytag9zjfMHgsqmmiz7AndVQ=")
        try scram.verify(serverFinal: "v=6rriTRBi23WpRR/wtup+mMhUZUn/dB5nLTJRsjl95G4=")
        #expect(throws: PostgreSQLSCRAM.Failure.self) {
            try scram.verify(serverFinal: "v=7rriTRBi23WpRR/wtup+mMhUZUn/dB5nLTJRsjl95G4=")
        }
        #expect(throws: PostgreSQLSCRAM.Failure.self) { try scram.verify(serverFinal: "e=invalid-proof") }
    }

    /// RFC 4013's examples, and PostgreSQL's fall-back to the password as given where SASLprep fails. U+200B is in
    /// both table C.1.2 and B.1: PostgreSQL (and so this) maps it to a space.
    @Test(arguments: [
        ("I\u{00AD}X", "IX"), ("user", "user"), ("USER", "USER"), ("\u{00AA}", "a"), ("\u{2168}", "IX"),
        ("a\u{00A0}b\u{3000}c", "a b c"), ("\u{FB01}x\u{200B}", "fix "), ("\u{05D0}\u{05D1}", "\u{05D0}\u{05D1}"),
        // ASCII is used as it is, control characters included.
        ("\u{0007}", "\u{0007}"), ("tab\there", "tab\there"),
        // Prohibited (private use, a control character), unassigned in Unicode 3.2 (an emoji), or against the
        // bidirectional rule: the password as given.
        ("\u{E000}\u{00A0}", "\u{E000}\u{00A0}"), ("\u{0085}\u{2168}", "\u{0085}\u{2168}"),
        ("\u{1F511}\u{2168}", "\u{1F511}\u{2168}"), ("\u{0627}1", "\u{0627}1"), ("\u{05D0}a\u{05D1}", "\u{05D0}a\u{05D1}"),
        ("\u{00AD}", "\u{00AD}"),
    ])
    func saslprep(input: String, expected: String) {
        #expect(Array(SASLprep.prepare(input).unicodeScalars) == Array(expected.unicodeScalars))
    }

    @Test func scramRefusesAServerNonceThatDoesNotExtendTheClients() {
        var scram = PostgreSQLSCRAM(password: "pencil", clientNonce: "abc")
        #expect(throws: PostgreSQLSCRAM.Failure.self) { try scram.clientFinalMessage(serverFirst: "r=xyz123,s=QUJD,i=4096") }
        #expect(throws: PostgreSQLSCRAM.Failure.self) { try scram.clientFinalMessage(serverFirst: "r=abc123,s=QUJD,i=0") }
    }

    /// Expected value from Python's hashlib: md5(md5(password + user).hexdigest() + salt).
    @Test func md5PasswordAnswer() {
        #expect(postgreSQLMD5Password(user: "ferry", password: "ferry", salt: [1, 2, 3, 4]) == "md5c9620d23aae6bd9f6fa5ec22b7f58811")
    }

    @Test func rowCountsFromCommandTags() {
        #expect(PostgreSQLSession.rowCount(fromTag: "INSERT 0 5") == 5)
        #expect(PostgreSQLSession.rowCount(fromTag: "UPDATE 3") == 3)
        #expect(PostgreSQLSession.rowCount(fromTag: "COPY 1000000") == 1_000_000)
        #expect(PostgreSQLSession.rowCount(fromTag: "CREATE TABLE") == 0)
        #expect(PostgreSQLSession.rowCount(fromTag: "BEGIN") == 0)
    }

    @Test func framesMessages() {
        var writer = PostgreSQLMessageWriter()
        writer.message("Q") { $0.cString("SELECT 1") }
        #expect(writer.bytes == [UInt8(ascii: "Q"), 0, 0, 0, 13] + Array("SELECT 1".utf8) + [0])
        writer.reset()
        writer.startup([("user", "u")])
        #expect(writer.bytes == [0, 0, 0, 16, 0, 3, 0, 0] + Array("user".utf8) + [0, UInt8(ascii: "u"), 0, 0])
        writer.reset()
        writer.untyped([80_877_103])
        #expect(writer.bytes == [0, 0, 0, 8, 4, 210, 22, 47])
    }

    @Test func readsErrorResponseFields() {
        let fields: [UInt8] =
            [UInt8(ascii: "S")] + Array("ERROR".utf8) + [0] + [UInt8(ascii: "C")] + Array("23505".utf8) + [0]
            + [UInt8(ascii: "M")] + Array("duplicate key".utf8) + [0] + [UInt8(ascii: "D")] + Array("Key (v)=(1)".utf8)
            + [0, 0]
        let error = fields.withUnsafeBytes { PostgreSQLServerError($0) }
        #expect(error.sqlState == "23505")
        #expect(error.message == "duplicate key")
        #expect(error.detail == "Key (v)=(1)")
        #expect(error.context == nil)
    }
}

@Suite struct PostgreSQLPlaceholderTests {
    @Test(arguments: [
        ("SELECT ?", "SELECT $1", 1),
        ("SELECT ?, ? FROM t WHERE a = ?", "SELECT $1, $2 FROM t WHERE a = $3", 3),
        ("SELECT '?', ?", "SELECT '?', $1", 1),
        ("SELECT 'it''s ?', ?", "SELECT 'it''s ?', $1", 1),
        ("SELECT E'\\' ?', ?", "SELECT E'\\' ?', $1", 1),
        ("SELECT \"a?\"\"b\" FROM t WHERE x = ?", "SELECT \"a?\"\"b\" FROM t WHERE x = $1", 1),
        ("SELECT ? -- what?\n, ?", "SELECT $1 -- what?\n, $2", 2),
        ("SELECT /* a /* nested? */ ? */ ?", "SELECT /* a /* nested? */ ? */ $1", 1),
        ("SELECT $$ ? $$, $tag$ ?$$ ? $tag$, ?", "SELECT $$ ? $$, $tag$ ?$$ ? $tag$, $1", 1),
        ("SELECT $1::int, $2", "SELECT $1::int, $2", 2),
        ("SELECT data ? 'key' FROM t WHERE id = $1", "SELECT data ? 'key' FROM t WHERE id = $1", 1),
        ("SELECT a$b FROM t", "SELECT a$b FROM t", 0),
        ("SELECT 1", "SELECT 1", 0),
        ("SELECT 'unterminated ?", "SELECT 'unterminated ?", 0),
    ])
    func translates(_ input: String, _ expected: String, _ count: Int) {
        let (sql, n) = PostgreSQLPlaceholders.translate(input)
        #expect(sql == expected)
        #expect(n == count)
    }

    @Test func numbersManyPlaceholders() {
        let (sql, n) = PostgreSQLPlaceholders.translate(Array(repeating: "?", count: 12).joined(separator: ","))
        #expect(n == 12)
        #expect(sql.hasSuffix("$11,$12"))
    }
}

@Suite struct PostgreSQLCopyEncoderTests {
    private func encode(_ csv: String, types: [SQLType]) throws -> String {
        var decoder = CSVDecoder(configuration: .init(hasHeader: true))
        var records = try decoder.feed(Array(csv.utf8))
        records += try decoder.finish()
        let columns = types.enumerated().map { SQLColumn(name: "c\($0.offset)", type: $0.element) }
        var encoder = PostgreSQLCopyEncoder(columns: columns, connection: "postgres://u@h:5432/d")
        for (index, record) in records.enumerated() { try encoder.append(record, number: index + 1) }
        return String(decoding: encoder.take(), as: UTF8.self)
    }

    @Test func escapesBackslashTabNewlineAndCarriageReturn() throws {
        let text = try encode("a\n\"x\\y\tz\nw\r\nv\"\n", types: [.text])
        #expect(text == "x\\\\y\\tz\\nw\\r\\nv\n")
    }

    @Test func keepsNullAndTheEmptyStringApart() throws {
        #expect(try encode("a,b\n,\"\"\n\"\",\n", types: [.text, .text]) == "\\N\t\n\t\\N\n")
    }

    @Test func passesUTF8QuotesAndCommasThrough() throws {
        #expect(try encode("a\n\"héllo, \"\"wörld\"\" ✓ 𝄞\"\n", types: [.text]) == "héllo, \"wörld\" ✓ 𝄞\n")
    }

    @Test func binaryStaysHexWithItsBackslashEscaped() throws {
        #expect(try encode("b\n\\x00ff\n\\x\n", types: [.blob]) == "\\\\x00ff\n\\\\x\n")
    }

    @Test func malformedBinaryNamesRecordAndColumn() throws {
        do {
            _ = try encode("c0\n\\x00\nzz\n", types: [.blob])
            Issue.record("expected an error")
        } catch let error as SQLError {
            #expect(error.code == .invalidData)
            #expect(error.description.contains("record 3") && error.description.contains("\"c0\""))
        }
        #expect(throws: SQLError.self) { try encode("c0\n\\x0\n", types: [.blob]) }
        #expect(throws: SQLError.self) { try encode("c0\n\\xgg\n", types: [.blob]) }
    }

    @Test func booleansBecomeDigitsForIntegerColumnsOnly() throws {
        let text = try encode(
            "i,b,t\ntrue,true,true\nfalse,false,false\n1,1,1\n",
            types: [.integer(bits: 8, isSigned: true), .boolean, .text])
        #expect(text == "1\ttrue\ttrue\n0\tfalse\tfalse\n1\t1\t1\n")
    }

    @Test func timestampsFloatsAndDecimalsPassThrough() throws {
        let text = try encode(
            "t,f,d\n2024-02-29T23:59:59.123456Z,-Infinity,-1234567890123456789012345678.1234567890\n",
            types: [.timestamp(precision: 6, hasTimeZone: true), .double, .decimal(precision: 38, scale: 10)])
        #expect(text == "2024-02-29T23:59:59.123456Z\t-Infinity\t-1234567890123456789012345678.1234567890\n")
    }

    @Test func aRecordWithTheWrongFieldCountIsRefused() throws {
        var decoder = CSVDecoder(configuration: .init(hasHeader: false))
        let records = try decoder.feed(Array("1,2,3\n".utf8)) + decoder.finish()
        var encoder = PostgreSQLCopyEncoder(
            columns: [SQLColumn(name: "a", type: .text), SQLColumn(name: "b", type: .text)], connection: "x")
        #expect(throws: SQLError.self) { try encoder.append(records[0], number: 1) }
    }
}

@Suite struct PostgreSQLValueDecoderTests {
    private func decode(_ bytes: [UInt8], oid: UInt32, typeModifier: Int32 = -1) -> String? {
        let (kind, type) = PostgreSQLValueDecoder.column(oid: oid, typeModifier: typeModifier)
        var builder = SQLRowBatchBuilder(columns: [SQLColumn(name: "v", type: type)])
        let ok = bytes.withUnsafeBytes { PostgreSQLValueDecoder.append($0, kind: kind, to: &builder) }
        guard ok else { return nil }
        builder.endRow()
        let batch = builder.take()
        return batch.withFieldBytes(row: 0, column: 0) { $0.map { String(decoding: $0, as: UTF8.self) } }
    }

    private func bigEndian<T: FixedWidthInteger>(_ value: T) -> [UInt8] {
        withUnsafeBytes(of: value.bigEndian) { Array($0) }
    }

    @Test func integers() {
        #expect(decode(bigEndian(Int16.min), oid: 21) == "-32768")
        #expect(decode(bigEndian(Int32.max), oid: 23) == "2147483647")
        #expect(decode(bigEndian(Int64.min), oid: 20) == "-9223372036854775808")
        #expect(decode(bigEndian(UInt32.max), oid: 26) == "4294967295")
        #expect(decode([0, 1], oid: 23) == nil)
    }

    @Test func floatsRoundTrip() {
        #expect(decode(bigEndian(Float(0.1).bitPattern), oid: 700) == "0.1")
        #expect(decode(bigEndian((0.1 + 0.2).bitPattern), oid: 701) == "0.30000000000000004")
        #expect(decode(bigEndian((-0.0).bitPattern), oid: 701) == "-0.0")
        #expect(decode(bigEndian(Double.infinity.bitPattern), oid: 701) == "Infinity")
        #expect(decode(bigEndian(Float.nan.bitPattern), oid: 700) == "NaN")
    }

    /// numeric's binary form: ndigits, weight, sign, dscale, then base-10000 digits.
    private func numeric(_ digits: [Int16], weight: Int16, sign: UInt16 = 0, dscale: Int16) -> [UInt8] {
        bigEndian(Int16(digits.count)) + bigEndian(weight) + bigEndian(sign) + bigEndian(dscale)
            + digits.flatMap { bigEndian($0) }
    }

    @Test func numericIsExact() {
        #expect(decode(numeric([], weight: 0, dscale: 0), oid: 1700) == "0")
        #expect(decode(numeric([], weight: 0, dscale: 2), oid: 1700) == "0.00")
        #expect(decode(numeric([12, 3456, 7800], weight: 1, dscale: 3), oid: 1700) == "123456.780")
        #expect(decode(numeric([1, 0, 0], weight: 2, dscale: 0), oid: 1700) == "100000000")
        #expect(decode(numeric([100], weight: -3, dscale: 10), oid: 1700) == "0.0000000001")
        #expect(decode(numeric([5000], weight: -1, sign: 0x4000, dscale: 1), oid: 1700) == "-0.5")
        #expect(decode(numeric([], weight: 0, sign: 0xC000, dscale: 0), oid: 1700) == "NaN")
        #expect(decode(numeric([], weight: 0, sign: 0xF000, dscale: 0), oid: 1700) == "-Infinity")
        // numeric(38,10): typmod = ((38 << 16) | 10) + 4
        #expect(PostgreSQLValueDecoder.column(oid: 1700, typeModifier: (38 << 16 | 10) + 4).type == .decimal(precision: 38, scale: 10))
        #expect(PostgreSQLValueDecoder.column(oid: 1700, typeModifier: -1).type == .decimal(precision: 65, scale: 30))
    }

    @Test func datesTimesAndTimestamps() {
        #expect(decode(bigEndian(Int32(0)), oid: 1082) == "2000-01-01")
        #expect(decode(bigEndian(Int32(-10957)), oid: 1082) == "1970-01-01")
        #expect(decode(bigEndian(Int32.max), oid: 1082) == "infinity")
        #expect(decode(bigEndian(Int64(45_296_789_000)), oid: 1083, typeModifier: 3) == "12:34:56.789")
        #expect(decode(bigEndian(Int64(86_400_000_000)), oid: 1083, typeModifier: 0) == "24:00:00")
        #expect(decode(bigEndian(Int64(45_296_000_001)), oid: 1083) == "12:34:56.000001")
        // timetz: 04:05:06 at UTC+02 (stored as 7200 seconds *west* = -7200).
        #expect(decode(bigEndian(Int64(14_706_000_000)) + bigEndian(Int32(-7200)), oid: 1266, typeModifier: 0) == "04:05:06+02:00")
        #expect(decode(bigEndian(Int64(14_706_000_000)) + bigEndian(Int32(0)), oid: 1266, typeModifier: 0) == "04:05:06Z")
        #expect(decode(bigEndian(Int64(14_706_000_000)) + bigEndian(Int32(19800 + 30)), oid: 1266, typeModifier: 0) == "04:05:06-05:30:30")
        // 2024-02-29 23:59:59.123456 is 762_566_399_123_456 µs after 2000-01-01.
        #expect(decode(bigEndian(Int64(762_566_399_123_456)), oid: 1184) == "2024-02-29T23:59:59.123456Z")
        #expect(decode(bigEndian(Int64(762_566_399_123_456)), oid: 1114, typeModifier: 2) == "2024-02-29T23:59:59.12")
        #expect(decode(bigEndian(Int64(-1)), oid: 1114, typeModifier: 0) == "1999-12-31T23:59:59")
        #expect(decode(bigEndian(Int64.min), oid: 1184) == "-infinity")
        // Before year 1, as PostgreSQL prints them (day and microsecond numbers from the server itself).
        #expect(decode(bigEndian(Int32(-746_117)), oid: 1082) == "0044-03-15 BC")
        #expect(decode(bigEndian(Int64(-64_464_465_600_000_000)), oid: 1114, typeModifier: 0) == "0044-03-15T12:00:00 BC")
    }

    @Test func textJSONBytesBooleansAndUUIDs() {
        #expect(decode(Array("héllo\t\"x\"".utf8), oid: 25) == "héllo\t\"x\"")
        #expect(decode([], oid: 1043) == "")
        #expect(decode([1] + Array("{\"a\": 1}".utf8), oid: 3802) == "{\"a\": 1}")
        #expect(decode([2, 0x7B, 0x7D], oid: 3802) == nil)
        #expect(decode([1], oid: 16) == "true" && decode([0], oid: 16) == "false")
        #expect(decode(Array(0..<16), oid: 2950) == "00010203-0405-0607-0809-0a0b0c0d0e0f")
        #expect(PostgreSQLValueDecoder.column(oid: 1042, typeModifier: 9).type == .char(length: 5))
        #expect(PostgreSQLValueDecoder.column(oid: 1043, typeModifier: -1).type == .text)
        #expect(PostgreSQLValueDecoder.column(oid: 17, typeModifier: -1).type == .blob)
    }

    @Test func intervalsInPostgresStyle() {
        #expect(PostgreSQLValueDecoder.intervalText(micros: 0, days: 0, months: 0) == "00:00:00")
        #expect(PostgreSQLValueDecoder.intervalText(micros: 14_706_500_000, days: 3, months: 14) == "1 year 2 mons 3 days 04:05:06.5")
        #expect(PostgreSQLValueDecoder.intervalText(micros: 7_200_000_000, days: -1, months: 0) == "-1 days +02:00:00")
        #expect(PostgreSQLValueDecoder.intervalText(micros: -1, days: 0, months: 1) == "1 mon -00:00:00.000001")
        #expect(PostgreSQLValueDecoder.intervalText(micros: 0, days: 1, months: -12) == "-1 years +1 day")
    }

    /// Types without a binary decoder are requested in text instead (see `PostgreSQLSession.openQuery`).
    @Test func typesWithoutABinaryDecoderAreMarkedUnsupported() {
        let (kind, _) = PostgreSQLValueDecoder.column(oid: 1007, typeModifier: -1)  // int4[]
        #expect(kind == .unsupported(oid: 1007))
        #expect(decode([0, 0, 0, 0], oid: 1007) == nil)
    }
}
