import Foundation
import JSONValue
import JSONata
import Testing

@Suite("Date and time functions")
struct DateTimeFunctionTests {
    static let cases: [Case] = [
        Case("$fromMillis(1510067557121)", #""2017-11-07T15:12:37.121Z""#),
        Case("$fromMillis(0)", #""1970-01-01T00:00:00.000Z""#),
        Case("$fromMillis(-1)", #""1969-12-31T23:59:59.999Z""#),
        Case("$fromMillis(951782400000)", #""2000-02-29T00:00:00.000Z""#),
        Case("$fromMillis(1510067557121, '[M01]/[D01]/[Y0001] [h#1]:[m01][P]')", #""11/07/2017 3:12pm""#),
        Case("$fromMillis(1510067557121, '[H01]:[m01]:[s01] [z]', '-0500')", #""10:12:37 GMT-05:00""#),
        Case("$fromMillis(1521801216617, '[D1o] [MNn] [Y]')", #""23rd March 2018""#),
        Case("$fromMillis(1521801216617, '[FNn], [D1o] [MNn] [Y]')", #""Friday, 23rd March 2018""#),
        Case("$fromMillis(1521801216617, '[Y0001]-[M01]-[D01]')", #""2018-03-23""#),
        Case("$fromMillis(1521801216617, '[[[Y0001]-[M01]-[D01]]]')", #""[2018-03-23]""#),
        Case("$fromMillis(1521801216617, '[D#1,2]/[M1,2]/[Y,2]')", #""23/03/18""#),
        Case("$fromMillis(1521801216617, '[D1] [MNn,3-3] [Y]')", #""23 Mar 2018""#),
        Case("$fromMillis(1521801216617, '[MN]')", #""MARCH""#),
        Case("$fromMillis(1521801216617, '[Fn]')", #""friday""#),
        Case("$fromMillis(1521801216617, '[H]:[m]:[s].[f001]')", #""10:33:36.617""#),
        Case("$fromMillis(1521801216617, '[Y]-[d]')", #""2018-82""#),
        Case("$fromMillis(1521801216617, '[Y0001]-W[W01]-[F1]')", #""2018-W12-5""#),
        Case("$fromMillis(1521801216617, '[Z]', '+0530')", #""+05:30""#),
        Case("$fromMillis(1521801216617, '[Z0101]', '-0800')", #""-0800""#),
        Case("$fromMillis(1521801216617, '[Z01:01t]')", #""Z""#),
        Case("$fromMillis(1521801216617, '[H01]:[m01]', '+0530')", #""16:03""#),
        Case("$fromMillis(1521801216617, '[Y,2]')", #""18""#),
        Case("$fromMillis(1521801216617, '[YI]')", #""MMXVIII""#),
        Case("$fromMillis(1521801216617, '[Dw]')", #""twenty-three""#),
        Case("$fromMillis(1521801216617, '[h]:[m01] [PN]')", #""10:33 AM""#),
        Case("$fromMillis(1521801216617, '[C] [E]')", #""ISO ISO""#),
        Case("$fromMillis(1521801216617, 'Day [D] of [MNn]')", #""Day 23 of March""#),
        Case("$fromMillis(nothing)", nil),
        Case("$toMillis('2017-11-07T15:07:54.972Z')", "1510067274972"),
        Case("$toMillis('1970-01-01T00:00:00.001Z')", "1"),
        Case("$toMillis('2018-03-23')", "1521763200000"),
        Case("$toMillis('2018')", "1514764800000"),
        Case("$toMillis('2017-11-07T15:07:54+01:00')", "1510063674000"),
        Case("$toMillis('2017-11-07T15:07:54.5-0130')", "1510072674500"),
        Case("$toMillis('13/09/2018', '[D]/[M]/[Y]')", "1536796800000"),
        Case("$toMillis('2018-03-23 10:33', '[Y0001]-[M01]-[D01] [H01]:[m01]')", "1521801180000"),
        Case("$toMillis('23 March 2018', '[D] [MNn] [Y]')", "1521763200000"),
        Case("$toMillis('3:12pm 11/07/2017', '[h]:[m01][P] [M]/[D]/[Y]')", "1510067520000"),
        Case("$toMillis('20180323', '[Y0001][M01][D01]')", "1521763200000"),
        Case("$toMillis('not a date', '[Y]')", nil),
        Case("$toMillis(nothing)", nil),
        Case("$toMillis($fromMillis(1521801216617))", "1521801216617"),
        Case("$toMillis($fromMillis(1521801216617, '[Y0001]-[M01]-[D01]T[H01]:[m01]:[s01].[f001][Z]', '+0200'))", "1521801216617"),
    ]

    @Test(arguments: cases)
    func function(_ c: Case) throws {
        try check(c)
    }

    static let errors: [ErrorCase] = [
        ErrorCase("$toMillis('not a date')", "D3110"),
        ErrorCase("$toMillis('2018-13-45')", "D3110"),
        ErrorCase("$fromMillis(0, '[Q]')", "D3132"),
        ErrorCase("$fromMillis(0, '[Y')", "D3135"),
        ErrorCase("$fromMillis(0, '[YN]')", "D3133"),
        ErrorCase("$toMillis('pm', '[P]')", "D3136"),
        ErrorCase("$fromMillis(true)", "T0410"),
    ]

    @Test(arguments: errors)
    func error(_ c: ErrorCase) {
        checkError(c)
    }

    @Test func nowComesFromTheEnvironment() throws {
        let expr = try CompiledJSONata(compiling: "[$now(), $millis()]")
        let env = JSONataEnvironment(currentTime: { Date(timeIntervalSince1970: 86_400) })
        #expect(try expr.evaluate(input: nil, environment: env) == ["1970-01-02T00:00:00.000Z", 86_400_000])
    }
}
