public import Foundation

/// A schedule expression together with the time zone it is read in and an optional start and end.
///
/// This mirrors EventBridge Scheduler's `ScheduleExpression`, `ScheduleExpressionTimezone`, `StartDate` and
/// `EndDate`. It is a plain value; ``nextFireTimes(after:count:)`` is a pure function of it.
///
/// ## Fire times
/// - `cron`: the whole minutes the fields match in ``timeZone``. A local time skipped by a daylight-saving change
///   does not fire; a repeated one fires once, at its first occurrence (EventBridge Scheduler's behaviour).
/// - `rate`: every ``RateExpression/interval`` of elapsed time from ``startDate``; time zones and daylight saving
///   do not matter. Without a start date the grid is anchored at the `after` argument, on its whole minute, and
///   the first fire time is one interval later.
/// - `at`: its one instant, if it lies after `after`.
///
/// ``startDate`` and ``endDate`` bound every kind: no fire time is earlier than the start or later than the end.
public struct Schedule: Sendable, Hashable {
    /// When the schedule fires.
    public var expression: ScheduleExpression
    /// The time zone `cron` and `at` expressions are read in; UTC unless given.
    public var timeZone: TimeZone
    /// The first instant the schedule may fire; for `rate`, also where its grid starts (a fire time itself).
    public var startDate: Date?
    /// The last instant the schedule may fire.
    public var endDate: Date?

    /// Creates a schedule.
    ///
    /// - Parameters:
    ///   - expression: When it fires.
    ///   - timeZone: The time zone to read `cron` and `at` in (default UTC).
    ///   - startDate: No fire time before this; a `rate` grid starts here.
    ///   - endDate: No fire time after this.
    public init(
        expression: ScheduleExpression,
        timeZone: TimeZone = TimeZone(identifier: "UTC")!,
        startDate: Date? = nil,
        endDate: Date? = nil
    ) {
        self.expression = expression
        self.timeZone = timeZone
        self.startDate = startDate
        self.endDate = endDate
    }

    /// Parses `expression` and creates a schedule.
    ///
    /// - Throws: ``ScheduleExpressionError``.
    public init(
        parsing expression: String,
        timeZone: TimeZone = TimeZone(identifier: "UTC")!,
        startDate: Date? = nil,
        endDate: Date? = nil
    ) throws(ScheduleExpressionError) {
        self.init(
            expression: try ScheduleExpression(parsing: expression),
            timeZone: timeZone,
            startDate: startDate,
            endDate: endDate
        )
    }

    /// The next `count` fire times strictly after `date`, in ascending order.
    ///
    /// - Parameters:
    ///   - date: Only fire times later than this instant are returned.
    ///   - count: At most this many; fewer when the schedule ends (an `at` schedule, an ``endDate``, a `cron`
    ///     year field that stops, or the year 2199).
    /// - Returns: The fire times, earliest first.
    public func nextFireTimes(after date: Date, count: Int) -> [Date] {
        guard count > 0 else { return [] }
        var after = date
        if let startDate, startDate > after {
            // The start itself may fire, so look from just before it.
            after = startDate.addingTimeInterval(-0.001)
        }
        var result: [Date]
        switch expression {
        case .cron(let cron):
            result = cron.nextFireTimes(after: after, in: timeZone, count: count)
        case .rate(let rate):
            let interval = Double(rate.intervalSeconds)
            let anchor: Double
            var firstIndex: Double
            if let startDate {
                anchor = startDate.timeIntervalSince1970
                firstIndex = max(0, ((after.timeIntervalSince1970 - anchor) / interval).rounded(.down))
            } else {
                anchor = (after.timeIntervalSince1970 / 60).rounded(.down) * 60
                firstIndex = 0
            }
            result = []
            while result.count < count {
                let time = anchor + firstIndex * interval
                firstIndex += 1
                if time > after.timeIntervalSince1970 { result.append(Date(timeIntervalSince1970: time)) }
            }
        case .at(let at):
            let time = at.fireTime(in: timeZone)
            result = time > after ? [time] : []
        }
        if let endDate { result.removeAll { $0 > endDate } }
        return result
    }

    /// The first fire time strictly after `date`, or `nil` when the schedule has ended.
    public func nextFireTime(after date: Date) -> Date? {
        nextFireTimes(after: date, count: 1).first
    }

    /// The latest `limit` fire times in `(after, through]`, ascending. Looks back in growing windows from
    /// `through`, so a long gap costs little for dense schedules.
    func latestFireTimes(after: Date, through: Date, limit: Int) -> [Date] {
        guard limit > 0, through > after else { return [] }
        if case .rate = expression, startDate == nil {
            // Keep the rate's grid where `after` put it, whatever window is searched.
            var anchored = self
            anchored.startDate = after
            return anchored.latestFireTimes(after: after, through: through, limit: limit)
        }
        let windows: [TimeInterval] = [3600, 86_400, 8 * 86_400, 32 * 86_400, 400 * 86_400, 4000 * 86_400]
        for window in windows + [.infinity] {
            let start = window.isInfinite ? after : max(after, through.addingTimeInterval(-window))
            var found: [Date] = []
            var cursor = start
            while true {
                let batch = nextFireTimes(after: cursor, count: 64)
                var done = batch.count < 64
                for time in batch {
                    if time > through {
                        done = true
                        break
                    }
                    found.append(time)
                    if found.count > limit { found.removeFirst(found.count - limit) }
                }
                guard !done, let last = batch.last else { break }
                cursor = last
            }
            if found.count >= limit || start == after { return found }
        }
        return []
    }
}
