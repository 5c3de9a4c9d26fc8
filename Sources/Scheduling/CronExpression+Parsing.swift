import Foundation

/// The fields of a cron expression, with their ranges and names.
enum CronField: Sendable {
    case minutes, hours, dayOfMonth, month, dayOfWeek, year

    var name: String {
        switch self {
        case .minutes: "minutes"
        case .hours: "hours"
        case .dayOfMonth: "day-of-month"
        case .month: "month"
        case .dayOfWeek: "day-of-week"
        case .year: "year"
        }
    }

    var range: ClosedRange<Int> {
        switch self {
        case .minutes: 0...59
        case .hours: 0...23
        case .dayOfMonth: 1...31
        case .month: 1...12
        case .dayOfWeek: 1...7
        case .year: 1970...2199
        }
    }

    /// Names accepted in place of numbers, upper case.
    var names: [String: Int] {
        switch self {
        case .month:
            [
                "JAN": 1, "FEB": 2, "MAR": 3, "APR": 4, "MAY": 5, "JUN": 6,
                "JUL": 7, "AUG": 8, "SEP": 9, "OCT": 10, "NOV": 11, "DEC": 12,
            ]
        case .dayOfWeek: ["SUN": 1, "MON": 2, "TUE": 3, "WED": 4, "THU": 5, "FRI": 6, "SAT": 7]
        default: [:]
        }
    }

    /// The values as people write them, for error messages.
    var allowed: String {
        switch self {
        case .month: "1-12 or JAN-DEC"
        case .dayOfWeek: "1-7 or SUN-SAT (1 = SUN)"
        default: "\(range.lowerBound)-\(range.upperBound)"
        }
    }

    /// The wildcards AWS documents for the field.
    var wildcards: String {
        switch self {
        case .minutes, .hours, .month, .year: ", - * /"
        case .dayOfMonth: ", - * ? / L W"
        case .dayOfWeek: ", - * ? L #"
        }
    }

    var allowsStep: Bool { self != .dayOfWeek }
}

/// Parses cron fields, turning every problem into a ``ScheduleExpressionError`` that names the field.
struct FieldParser {
    var expression: String

    func fail(_ field: CronField, _ reason: String, fix: String? = nil) -> ScheduleExpressionError {
        ScheduleExpressionError(
            code: .invalidCron,
            expression: expression,
            field: field.name,
            reason: reason,
            fix: fix ?? "use \(field.allowed) with the wildcards \(field.wildcards)"
        )
    }

    /// A number or (in month and day-of-week) a name, checked against the field's range.
    func value(_ text: Substring, _ field: CronField) throws(ScheduleExpressionError) -> Int {
        let number: Int
        if !text.isEmpty, text.allSatisfy(\.isASCIIDigit), let parsed = Int(text) {
            number = parsed
        } else if let named = field.names[text.uppercased()] {
            return named
        } else if text.isEmpty {
            throw fail(field, "a value is missing")
        } else {
            throw fail(field, "'\(text)' is not a value this field accepts")
        }
        guard field.range.contains(number) else {
            throw fail(field, "\(number) is out of range")
        }
        return number
    }

    /// A field made of `*`, values, ranges `a-b`, steps `a/n`, `*/n`, `a-b/n`, and lists of these.
    func parseNumeric(_ text: String, field: CronField) throws(ScheduleExpressionError) -> [Int] {
        var result = Set<Int>()
        for item in text.split(separator: ",", omittingEmptySubsequences: false) {
            result.formUnion(try parseItem(item, field: field))
        }
        return result.sorted()
    }

    func parseItem(_ item: Substring, field: CronField) throws(ScheduleExpressionError) -> [Int] {
        if item.isEmpty {
            throw fail(field, "a list has an empty item", fix: "separate values with single commas, e.g. 1,15")
        }
        if item == "?" {
            throw fail(
                field,
                "'?' must be the whole field",
                fix: field == .dayOfMonth || field == .dayOfWeek
                    ? "write just '?'" : "'?' is only for day-of-month or day-of-week; use '*' for every value"
            )
        }
        var base = item
        var step = 1
        if let slash = item.firstIndex(of: "/") {
            guard field.allowsStep else {
                throw fail(
                    field,
                    "'/' steps are not allowed in day-of-week",
                    fix: "list the days instead, e.g. MON,WED,FRI"
                )
            }
            base = item[..<slash]
            let stepText = item[item.index(after: slash)...]
            guard !stepText.isEmpty, stepText.allSatisfy(\.isASCIIDigit), let parsed = Int(stepText), parsed >= 1,
                parsed <= field.range.upperBound
            else {
                throw fail(
                    field,
                    "the step in '\(item)' must be a whole number from 1 to \(field.range.upperBound)",
                    fix: "write start/step, e.g. 0/15"
                )
            }
            step = parsed
        }
        var lower = field.range.lowerBound
        var upper = field.range.upperBound
        if base == "*" {
            // Every value (with a step: from the first one).
        } else if let dash = base.firstIndex(of: "-") {
            lower = try value(base[..<dash], field)
            upper = try value(base[base.index(after: dash)...], field)
            guard lower <= upper else {
                throw fail(
                    field,
                    "the range '\(base)' runs backwards",
                    fix: "write the smaller value first, or a list of two ranges (e.g. 22-23,0-2 in hours)"
                )
            }
        } else {
            lower = try value(base, field)
            // `5/15` runs from 5 to the end of the range; a plain value is itself.
            if step == 1 && !item.contains("/") { upper = lower }
        }
        return Array(stride(from: lower, through: upper, by: step))
    }

    /// Day-of-month: numeric items plus `L` (last day), `LW` (last weekday) and `nW` (weekday nearest day n).
    func parseDayOfMonth(_ text: String) throws(ScheduleExpressionError) -> CronExpression.DayOfMonth {
        var rule = CronExpression.DayOfMonth()
        for item in text.split(separator: ",", omittingEmptySubsequences: false) {
            let upper = item.uppercased()
            if upper == "L" {
                rule.lastDay = true
            } else if upper == "LW" {
                rule.lastWeekday = true
            } else if upper.hasSuffix("W") {
                let dayText = item.dropLast()
                guard !dayText.isEmpty, dayText.allSatisfy(\.isASCIIDigit), let day = Int(dayText),
                    (1...31).contains(day)
                else {
                    throw fail(
                        .dayOfMonth,
                        "'\(item)' is not a weekday rule",
                        fix: "write nW with one day from 1 to 31 (e.g. 15W, the weekday nearest the 15th) or LW"
                    )
                }
                rule.nearestWeekdays.insert(day)
            } else if upper.hasPrefix("L") {
                throw fail(
                    .dayOfMonth,
                    "'\(item)' is not supported",
                    fix: "write L for the last day of the month, or LW for its last weekday"
                )
            } else {
                rule.days.formUnion(try parseItem(item, field: .dayOfMonth))
            }
        }
        return rule
    }

    /// Day-of-week: numeric items and names plus `L` (Saturday), `nL` (last such weekday of the month) and
    /// `n#k` (the k-th such weekday of the month; then it must be the only item, as AWS requires).
    func parseDayOfWeek(_ text: String) throws(ScheduleExpressionError) -> CronExpression.DayOfWeek {
        var rule = CronExpression.DayOfWeek()
        let items = text.split(separator: ",", omittingEmptySubsequences: false)
        if items.count > 1, items.contains(where: { $0.contains("#") }) {
            throw fail(
                .dayOfWeek,
                "'#' must be the only expression in the field",
                fix: "use one n#k (e.g. 3#2, the second Tuesday); for several, create several schedules"
            )
        }
        for item in items {
            let upper = item.uppercased()
            if upper == "L" {
                rule.weekdays.insert(7)
            } else if upper.count > 1, upper.hasSuffix("L") {
                rule.lastOfMonth.insert(try value(item.dropLast(), .dayOfWeek))
            } else if let hash = item.firstIndex(of: "#") {
                let weekday = try value(item[..<hash], .dayOfWeek)
                let occurrenceText = item[item.index(after: hash)...]
                guard occurrenceText.count == 1, let occurrence = Int(occurrenceText), (1...5).contains(occurrence)
                else {
                    throw fail(
                        .dayOfWeek,
                        "in '\(item)' the occurrence after '#' must be 1 to 5",
                        fix: "write weekday#n, e.g. 3#2 for the second Tuesday of the month"
                    )
                }
                rule.nth.append(.init(weekday: weekday, occurrence: occurrence))
            } else {
                rule.weekdays.formUnion(try parseItem(item, field: .dayOfWeek))
            }
        }
        return rule
    }
}

extension Character {
    var isASCIIDigit: Bool { isASCII && isNumber }
}
