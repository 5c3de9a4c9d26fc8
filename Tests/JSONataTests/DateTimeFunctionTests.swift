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
        // pictures as the XPath picture-string rules define them
        Case(#"$fromMillis(1521801216617, 'Hello')"#, #""Hello""#),
        Case(#"$fromMillis(1521801216617, 'Year: <[Y9,999,*]>')"#, #""Year: <2,018>""#),
        Case(#"$fromMillis(1521801216617, '[[Year: <[Y0001]>')"#, #""[Year: <2018>""#),
        Case(#"$fromMillis(1521801216617, 'Year]]: <[Y0001]>')"#, #""Year]: <2018>""#),
        Case(#"$fromMillis(1521801216617, '[[Year]]: [[[Y0001]]]')"#, #""[Year]: [2018]""#),
        Case(#"$fromMillis(1521801216617, '[D#1]/[M#1]/[Y0001]')"#, #""23/3/2018""#),
        Case(#"$fromMillis(1522616700000, '[F0] [FNn]')"#, #""7 Sunday""#),
        Case(#"$fromMillis(1522703100000, '[F0] [FNn]')"#, #""1 Monday""#),
        Case(
            #"$fromMillis(1521801216617, '[Y]-[M01]-[D01]T[H01]:[m]:[s].[f001][Z01:01t]')"#,
            #""2018-03-23T10:33:36.617Z""#),
        Case(
            #"$fromMillis(1521801216617, '[Y]-[M01]-[D01]T[H01]:[m]:[s].[f001][Z0101t]', '+0100')"#,
            #""2018-03-23T11:33:36.617+0100""#),
        Case(#"$fromMillis(1531310400000, '[Y]-[M01]-[D01]T[H01]:[m]:[s][Z01:01]')"#, #""2018-07-11T12:00:00+00:00""#),
        Case(#"$fromMillis(1531310400000, '[Y]-[M01]-[D01]T[H01]:[m]:[s][Z01:01t]')"#, #""2018-07-11T12:00:00Z""#),
        Case(
            #"$fromMillis(1531310400000, '[Y]-[M01]-[D01]T[H01]:[m]:[s][Z]', '-0500')"#, #""2018-07-11T07:00:00-05:00""#
        ),
        Case(#"$fromMillis(1531310400000, '[Y]-[M01]-[D01]T[H01]:[m]:[s][Z0]', '-0500')"#, #""2018-07-11T07:00:00-5""#),
        Case(
            #"$fromMillis(1531310400000, '[Y]-[M01]-[D01]T[H01]:[m]:[s][Z]', '+1000')"#, #""2018-07-11T22:00:00+10:00""#
        ),
        Case(
            #"$fromMillis(1531310400000, '[Y]-[M01]-[D01]T[H01]:[m]:[s][Z0]', '+1000')"#, #""2018-07-11T22:00:00+10""#),
        Case(
            #"$fromMillis(1531310400000, '[Y]-[M01]-[D01]T[H01]:[m]:[s][Z0]', '+0530')"#, #""2018-07-11T17:30:00+5:30""#
        ),
        Case(
            #"$fromMillis(1531310400000, '[Y]-[M01]-[D01]T[H01]:[m]:[s][z]', '-0500')"#,
            #""2018-07-11T07:00:00GMT-05:00""#),
        Case(
            #"$fromMillis(1204405500000, '[Y]-[M01]-[D01]T[H01]:[m]:[s].[f001][Z0101t]', '+0530')"#,
            #""2008-03-02T02:35:00.000+0530""#),
        Case(
            #"$fromMillis(1230757500000, '[Y]-[M01]-[D01]T[H01]:[m]:[s].[f001][Z0101t]', '+0530')"#,
            #""2009-01-01T02:35:00.000+0530""#),
        Case(#"$fromMillis(1521801216617, '[D#1,2]/[M1,2]/[Y,2]')"#, #""23/03/18""#),
        Case(#"$fromMillis(1521801216617, '[D#1,2]/[M1,2]/[Y0001,2]')"#, #""23/03/2018""#),
        Case(#"$fromMillis(1521801216617, '[D#1,2]/[M1,2]/[Y##01,2-2]')"#, #""23/03/18""#),
        Case(#"$fromMillis(1521801216617, '[D#1,2]/[M1,2]/[Y0001,2-2]')"#, #""23/03/18""#),
        Case(#"$fromMillis(1521801216617, '[D1] [M01] [YI]')"#, #""23 03 MMXVIII""#),
        Case(#"$fromMillis(1521801216617, '[Da] [MA] [Yi]')"#, #""w C mmxviii""#),
        Case(#"$fromMillis(1521801216617, '[Yw]')"#, #""two thousand and eighteen""#),
        Case(#"$fromMillis(1521801216617, '[Dwo] [M01] [Y]')"#, #""twenty-third 03 2018""#),
        Case(
            #"$fromMillis(1521801216617, '[FNn], the [Dwo] of [MNn] [Y] [E]')"#,
            #""Friday, the twenty-third of March 2018 ISO""#),
        Case(#"$fromMillis(1521801216617, '[FNn,3-3], [D1o] [MNn,3-3] [Y] [C]')"#, #""Fri, 23rd Mar 2018 ISO""#),
        Case(#"$fromMillis(1521801216617, '[F], [D]/[M]/[Y] [h]:[m]:[s] [P]')"#, #""friday, 23/3/2018 10:33:36 am""#),
        Case(#"$fromMillis(1204405500000, '[F], [D]/[M]/[Y] [h]:[m]:[s] [P]')"#, #""saturday, 1/3/2008 9:05:00 pm""#),
        Case(#"$fromMillis(1199664000000, '[F], [D]/[M]/[Y] [h]:[m]:[s] [P]')"#, #""monday, 7/1/2008 12:00:00 am""#),
        Case(#"$fromMillis(1514808000000, '[dwo] day of the year')"#, #""first day of the year""#),
        Case(#"$fromMillis(1546257600000, '[d] days in [Y0001]')"#, #""365 days in 2018""#),
        Case(#"$fromMillis(1483185600000, '[d] days in [Y0001]')"#, #""366 days in 2016""#),
        Case(#"$fromMillis(1514808000000, 'Week: [W]')"#, #""Week: 1""#),
        Case(#"$fromMillis(1515326400000, 'Week: [W]')"#, #""Week: 1""#),
        Case(#"$fromMillis(1545739200000, 'Week: [W]')"#, #""Week: 52""#),
        Case(#"$fromMillis(1388577600000, 'Week: [W]')"#, #""Week: 1""#),
        Case(#"$fromMillis(1419854400000, 'Week: [W]')"#, #""Week: 1""#),
        Case(#"$fromMillis(1419768000000, 'Week: [W]')"#, #""Week: 52""#),
        Case(#"$fromMillis(1420459200000, 'Week: [W]')"#, #""Week: 2""#),
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
        // parsing with pictures
        Case(#"$toMillis('Hello', 'Hello')"#, nil),
        Case(#"$toMillis('2018', '[Y1]')"#, #"1514764800000"#),
        Case(#"$toMillis('2018-03-27', '[Y1]-[M01]-[D01]')"#, #"1522108800000"#),
        Case(
            #"$toMillis('2018-03-27T14:03:00.123Z', '[Y0001]-[M01]-[D01]T[H01]:[m01]:[s01].[f001]Z')"#,
            #"1522159380123"#),
        Case(#"$toMillis('27th 3 1976', '[D1o] [M#1] [Y0001]')"#, #"196732800000"#),
        Case(#"$toMillis('21st 12 1881', '[D1o] [M01] [Y0001]')"#, #"-2777932800000"#),
        Case(#"$toMillis('2nd 12 2012', '[D1o] [M01] [Y0001]')"#, #"1354406400000"#),
        Case(#"$toMillis('MCMLXXXIV', '[YI]')"#, #"441763200000"#),
        Case(#"$toMillis('27 03 MMXVIII', '[D1] [M01] [YI]')"#, #"1522108800000"#),
        Case(#"$toMillis('27 iii MMXVIII', '[D1] [Mi] [YI]')"#, #"1522108800000"#),
        Case(#"$toMillis('w C mmxviii', '[Da] [MA] [Yi]')"#, #"1521763200000"#),
        Case(#"$toMillis('ae C mmxviii', '[Da] [MA] [Yi]')"#, #"1522454400000"#),
        Case(#"$toMillis('27th April 2008', '[D1o] [MNn] [Y0001]')"#, #"1209254400000"#),
        Case(#"$toMillis('21 August 2017', '[D1] [MNn] [Y0001]')"#, #"1503273600000"#),
        Case(#"$toMillis('2 Feb 2012', '[D1] [MNn,3-3] [Y0001]')"#, #"1328140800000"#),
        Case(#"$toMillis('one thousand, nine hundred and eighty-four', '[Yw]')"#, #"441763200000"#),
        Case(#"$toMillis('nineteen hundred and eighty-four', '[Yw]')"#, #"441763200000"#),
        Case(#"$toMillis('twenty-seven April 2008', '[Dw] [MNn] [Y0001]')"#, #"1209254400000"#),
        Case(#"$toMillis('twenty-seventh April 2008', '[Dw] [MNn] [Y0001]')"#, #"1209254400000"#),
        Case(#"$toMillis('twenty-first August two thousand and seventeen', '[Dw] [MNn] [Yw]')"#, #"1503273600000"#),
        Case(#"$toMillis('TWENTY-SECOND August two thousand and seventeen', '[DW] [MNn] [Yw]')"#, #"1503360000000"#),
        Case(
            #"$toMillis('Twentieth of August, two thousand and seventeen', '[DW] of [MNn], [Yw]')"#, #"1503187200000"#),
        Case(#"$toMillis('4/4/2018 12:06 am', '[D1]/[M1]/[Y0001] [h]:[m] [P]')"#, #"1522800360000"#),
        Case(#"$toMillis('4/4/2018 06:30 am', '[D1]/[M1]/[Y0001] [h]:[m] [P]')"#, #"1522823400000"#),
        Case(#"$toMillis('4/4/2018 12:06 pm', '[D1]/[M1]/[Y0001] [h]:[m] [P]')"#, #"1522843560000"#),
        Case(#"$toMillis('4/4/2018 11:30 pm', '[D1]/[M1]/[Y0001] [h]:[m] [P]')"#, #"1522884600000"#),
        Case(#"$toMillis('2018-094', '[Y0001]-[d001]')"#, #"1522800000000"#),
        Case(
            #"$toMillis('13:45', '[H]:[m]') ~> $fromMillis() ~> $substringBefore('T') = $substringBefore($now(), 'T')"#,
            #"true"#),
        Case(#"$toMillis('13:45', '[H]:[m]') ~> $fromMillis() ~> $substringAfter('T')"#, #""13:45:00.000Z""#),
        Case(
            #"$toMillis('Wednesday, 14th November 2018', '[FNn], [D1o] [MNn] [Y]') ~> $fromMillis()"#,
            #""2018-11-14T00:00:00.000Z""#),
        Case(
            #"$toMillis('Mon, Twelfth November 2018', '[FNn,*-3], [DWwo] [MNn] [Y]') ~> $fromMillis()"#,
            #""2018-11-12T00:00:00.000Z""#),
        Case(#"$toMillis('2018--180', '[Y]--[d]') ~> $fromMillis()"#, #""2018-06-29T00:00:00.000Z""#),
        Case(
            #"$toMillis('three hundred and sixty-fifth day of 2018', '[dwo] day of [Y]') ~> $fromMillis()"#,
            #""2018-12-31T00:00:00.000Z""#),
        Case(#"$toMillis('irrelevent string', '[Y]-[M]-[D]')"#, nil),
        Case("$toMillis($fromMillis(1521801216617))", "1521801216617"),
        Case(
            "$toMillis($fromMillis(1521801216617, '[Y0001]-[M01]-[D01]T[H01]:[m01]:[s01].[f001][Z]', '+0200'))",
            "1521801216617"),
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
        ErrorCase("$fromMillis(true)", "T0410"),
        ErrorCase(#"$toMillis('2018-05-22', '[Y]-[M]-[q]')"#, "D3132"),
        ErrorCase(#"$toMillis('2018-05-22', '[YN]-[M]-[D]')"#, "D3133"),
        ErrorCase(#"$toMillis('2018-22', '[Y]-[D]')"#, "D3136"),
        ErrorCase(#"$toMillis('5-22 23:59', '[M]-[D] [m]:[s]')"#, "D3136"),
        ErrorCase(#"$toMillis('2018-3-2-5', '[Y]-[x]-[w]-[F1]')"#, "D3136"),
        ErrorCase(#"$toMillis('2018-32-5', '[X]-[W]-[F1]')"#, "D3136"),
        ErrorCase("$fromMillis(0, '[Z010101]')", "D3134"),
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
