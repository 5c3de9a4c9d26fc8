import CivilCalendar
import Foundation
import Testing

@Suite struct CivilDateTests {
    @Test(arguments: [
        (0, 1970, 1, 1), (-1, 1969, 12, 31), (59, 1970, 3, 1), (11_016, 2000, 2, 29), (11_017, 2000, 3, 1),
        (19_722, 2023, 12, 31), (-719_468, 0, 3, 1), (2_932_896, 9999, 12, 31), (-25_567, 1900, 1, 1),
    ])
    func knownDays(days: Int, year: Int, month: Int, day: Int) {
        let date = CivilDate(year: year, month: month, day: day)
        #expect(date.daysSinceEpoch == days)
        #expect(CivilDate(daysSinceEpoch: days) == date)
    }

    /// Every day from 1600 to 2400 against Foundation's Gregorian calendar in UTC.
    @Test func agreesWithFoundationForEightCenturies() throws {
        var calendar = Calendar(identifier: .gregorian)
        calendar.timeZone = try #require(TimeZone(identifier: "UTC"))
        let first = CivilDate(year: 1600, month: 1, day: 1).daysSinceEpoch
        let last = CivilDate(year: 2400, month: 12, day: 31).daysSinceEpoch
        var mismatches = 0
        for days in stride(from: first, through: last, by: 1) {
            let date = CivilDate(daysSinceEpoch: days)
            let parts = calendar.dateComponents(
                [.year, .month, .day, .weekday], from: Date(timeIntervalSince1970: Double(days) * 86_400))
            if parts.year != date.year || parts.month != date.month || parts.day != date.day
                || parts.weekday != date.weekday + 1 || date.daysSinceEpoch != days
            {
                mismatches += 1
            }
        }
        #expect(mismatches == 0)
    }

    @Test func monthLengths() {
        #expect(CivilDate.daysInMonth(year: 2024, month: 2) == 29)
        #expect(CivilDate.daysInMonth(year: 1900, month: 2) == 28)
        #expect(CivilDate.daysInMonth(year: 2000, month: 2) == 29)
        #expect(CivilDate.daysInMonth(year: 2023, month: 4) == 30)
        #expect(CivilDate.daysInMonth(year: 2023, month: 12) == 31)
        #expect(!CivilDate.isLeapYear(2100) && CivilDate.isLeapYear(2400))
    }
}
