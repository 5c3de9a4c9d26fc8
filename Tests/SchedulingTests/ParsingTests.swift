import Foundation
import Scheduling
import Testing

@Suite struct ParsingTests {
    @Test(arguments: [
        ("rate(1 minute)", "rate(1 minute)"),
        ("rate(5 minutes)", "rate(5 minutes)"),
        ("rate(1 hour)", "rate(1 hour)"),
        ("rate(12 hours)", "rate(12 hours)"),
        ("rate(1 day)", "rate(1 day)"),
        ("  rate(7 days) ", "rate(7 days)"),
        ("cron(0 3 * * ? *)", "cron(0 3 * * ? *)"),
        ("cron(0/15  *  *  *  ?  *)", "cron(0/15 * * * ? *)"),
        ("cron(1/10 8-17 ? * MON-FRI *)", "cron(1/10 8-17 ? * MON-FRI *)"),
        ("cron(5,35 14 * * ? *)", "cron(5,35 14 * * ? *)"),
        ("cron(0 12 L * ? *)", "cron(0 12 L * ? *)"),
        ("cron(0 12 LW * ? *)", "cron(0 12 LW * ? *)"),
        ("cron(0 12 15W * ? *)", "cron(0 12 15W * ? *)"),
        ("cron(0 12 1,L * ? *)", "cron(0 12 1,L * ? *)"),
        ("cron(0 12 ? * 6L *)", "cron(0 12 ? * 6L *)"),
        ("cron(0 12 ? * FRIL *)", "cron(0 12 ? * FRIL *)"),
        ("cron(0 12 ? * L *)", "cron(0 12 ? * L *)"),
        ("cron(0 12 ? * 3#2 *)", "cron(0 12 ? * 3#2 *)"),
        ("cron(0 12 ? * TUE#2 *)", "cron(0 12 ? * TUE#2 *)"),
        ("cron(0 8 1 JAN,APR,JUL,OCT ? 2026-2030)", "cron(0 8 1 JAN,APR,JUL,OCT ? 2026-2030)"),
        ("cron(0 0 1-31/2 */3 ? 2026/2)", "cron(0 0 1-31/2 */3 ? 2026/2)"),
        ("cron(0 9 ? * sun,sat *)", "cron(0 9 ? * sun,sat *)"),
        ("at(2026-12-24T18:00:00)", "at(2026-12-24T18:00:00)"),
        ("at(2028-02-29T00:00:00)", "at(2028-02-29T00:00:00)"),
    ])
    func validExpressionsParse(text: String, canonical: String) throws {
        let expression = try ScheduleExpression(parsing: text)
        #expect(expression.description == canonical)
    }

    @Test func rateExposesItsInterval() throws {
        let expression = try ScheduleExpression(parsing: "rate(2 hours)")
        guard case .rate(let rate) = expression else {
            Issue.record("not a rate")
            return
        }
        #expect(rate.value == 2)
        #expect(rate.unit == .hour)
        #expect(rate.interval == .seconds(7200))
        #expect(expression.isRecurring)
        #expect(try !ScheduleExpression(parsing: "at(2026-12-24T18:00:00)").isRecurring)
    }

    @Test(
        arguments: [
            // Not an expression at all.
            ("every 5 minutes", ScheduleExpressionError.Code.unknownType, nil, "not a schedule expression"),
            // rate
            ("rate(0 minutes)", .invalidRate, "value", "'0' is not a positive whole number"),
            ("rate(-5 minutes)", .invalidRate, "value", "not a positive whole number"),
            ("rate(1.5 hours)", .invalidRate, "value", "not a positive whole number"),
            ("rate(1 minutes)", .invalidRate, "unit", "write rate(1 minute)"),
            ("rate(5 minute)", .invalidRate, "unit", "write rate(5 minutes)"),
            ("rate(2 weeks)", .invalidRate, "unit", "'weeks' is not a unit"),
            ("rate(5)", .invalidRate, nil, "a value and a unit"),
            ("rate(5 minutes", .invalidRate, nil, "not a rate expression"),
            // cron: shape and the day pair
            ("cron(0 3 * * *)", .invalidCron, nil, "has 5 fields, a cron expression has six"),
            ("cron(0 3 * * ? * *)", .invalidCron, nil, "has 7 fields"),
            (
                "cron(0 3 * * * *)", .invalidCron, "day-of-month and day-of-week",
                "write '?' for day-of-week: cron(0 3 * * ? *)"
            ),
            ("cron(0 3 1 * MON *)", .invalidCron, "day-of-month and day-of-week", "AWS requires '?' in one of the two"),
            ("cron(0 3 ? * ? *)", .invalidCron, "day-of-month and day-of-week", "both are '?'"),
            // cron: ranges
            ("cron(60 3 * * ? *)", .invalidCron, "minutes", "60 is out of range; use 0-59"),
            ("cron(0 24 * * ? *)", .invalidCron, "hours", "24 is out of range; use 0-23"),
            ("cron(0 3 32 * ? *)", .invalidCron, "day-of-month", "32 is out of range"),
            ("cron(0 3 0 * ? *)", .invalidCron, "day-of-month", "0 is out of range"),
            ("cron(0 3 * 13 ? *)", .invalidCron, "month", "13 is out of range; use 1-12 or JAN-DEC"),
            ("cron(0 3 * FOO ? *)", .invalidCron, "month", "'FOO' is not a value this field accepts"),
            ("cron(0 3 ? * 0 *)", .invalidCron, "day-of-week", "0 is out of range; use 1-7 or SUN-SAT (1 = SUN)"),
            ("cron(0 3 ? * 8 *)", .invalidCron, "day-of-week", "8 is out of range"),
            ("cron(0 3 * * ? 1969)", .invalidCron, "year", "1969 is out of range; use 1970-2199"),
            ("cron(0 3 * * ? 2200)", .invalidCron, "year", "2200 is out of range"),
            ("cron(0 20-2 * * ? *)", .invalidCron, "hours", "the range '20-2' runs backwards"),
            // cron: wildcards in the wrong place
            ("cron(? 3 * * ? *)", .invalidCron, "minutes", "'?' is only for day-of-month or day-of-week"),
            ("cron(0 3 1,? * ? *)", .invalidCron, "day-of-month", "'?' must be the whole field"),
            ("cron(0 L * * ? *)", .invalidCron, "hours", "'L' is not a value this field accepts"),
            ("cron(0 3 * * ? L)", .invalidCron, "year", "'L' is not a value"),
            ("cron(0 3 ? * MON/2 *)", .invalidCron, "day-of-week", "'/' steps are not allowed in day-of-week"),
            ("cron(0 3 ? * 2W *)", .invalidCron, "day-of-week", "'2W' is not a value"),
            ("cron(0 3 2#1 * ? *)", .invalidCron, "day-of-month", "'2#1' is not a value"),
            // cron: steps and lists
            ("cron(*/0 * * * ? *)", .invalidCron, "minutes", "the step in '*/0' must be a whole number from 1 to 59"),
            ("cron(0/x * * * ? *)", .invalidCron, "minutes", "the step in '0/x'"),
            ("cron(0,,5 3 * * ? *)", .invalidCron, "minutes", "a list has an empty item"),
            ("cron(0- 3 * * ? *)", .invalidCron, "minutes", "a value is missing"),
            // cron: L, W, #
            ("cron(0 3 32W * ? *)", .invalidCron, "day-of-month", "'32W' is not a weekday rule"),
            ("cron(0 3 W * ? *)", .invalidCron, "day-of-month", "'W' is not a weekday rule"),
            ("cron(0 3 1-5W * ? *)", .invalidCron, "day-of-month", "'1-5W' is not a weekday rule"),
            ("cron(0 3 L-2 * ? *)", .invalidCron, "day-of-month", "'L-2' is not supported"),
            ("cron(0 3 ? * 8L *)", .invalidCron, "day-of-week", "8 is out of range"),
            ("cron(0 3 ? * 2#6 *)", .invalidCron, "day-of-week", "the occurrence after '#' must be 1 to 5"),
            ("cron(0 3 ? * 2#0 *)", .invalidCron, "day-of-week", "the occurrence after '#' must be 1 to 5"),
            ("cron(0 3 ? * 9#1 *)", .invalidCron, "day-of-week", "9 is out of range"),
            ("cron(0 3 ? * 2#1,4#3 *)", .invalidCron, "day-of-week", "'#' must be the only expression in the field"),
            ("cron(0 3 ? * MON,2#1 *)", .invalidCron, "day-of-week", "'#' must be the only expression"),
            // at
            ("at(2026-02-29T00:00:00)", .invalidAt, "date", "2026-2-29 is not a date"),
            ("at(2026-13-01T00:00:00)", .invalidAt, "date", "is not a date"),
            ("at(2026-12-24T24:00:00)", .invalidAt, "date", "the time is out of range"),
            ("at(2026-12-24 18:00:00)", .invalidAt, "date", "is not in the form yyyy-mm-ddThh:mm:ss"),
            ("at(2026-12-24T18:00)", .invalidAt, "date", "is not in the form"),
            ("at(2026-12-24T18:00:00Z)", .invalidAt, "date", "is not in the form"),
        ] as [(String, ScheduleExpressionError.Code, String?, String)]
    )
    func invalidExpressionsAreRefusedWithTheFieldAndAFix(
        text: String,
        code: ScheduleExpressionError.Code,
        field: String?,
        message: String
    ) {
        #expect {
            _ = try ScheduleExpression(parsing: text)
        } throws: { error in
            guard let error = error as? ScheduleExpressionError else { return false }
            #expect(error.code == code)
            #expect(error.field == field)
            #expect(error.description.contains(message), "\(error.description)")
            #expect(error.description.hasPrefix(text + ": "))
            #expect(!error.fix.isEmpty)
            return true
        }
    }

    @Test func errorDescriptionReadsAsOneLine() {
        #expect {
            _ = try ScheduleExpression(parsing: "cron(0 3 ? * 8 *)")
        } throws: { error in
            (error as? ScheduleExpressionError)?.description
                == "cron(0 3 ? * 8 *): day-of-week: 8 is out of range; use 1-7 or SUN-SAT (1 = SUN) with the wildcards , - * ? L #"
        }
    }
}
