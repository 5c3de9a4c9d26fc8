public import Foundation

/// The scheduler's decisions as a pure state machine: given schedules, when each last fired, how many of its runs
/// are in flight, and the current time, it says which runs to start. It starts nothing, sleeps nowhere and does
/// no I/O; its owner (``Scheduler``, or a test) performs the ``Action``s it returns.
///
/// Feed it three events:
/// - ``tick(now:)`` whenever ``nextWakeUp`` has passed (earlier ticks do no harm);
/// - ``runFinished(scheduleID:)`` when a run it started ends, however it ended;
/// - ``add(_:now:)`` and ``remove(scheduleID:)`` when the set of schedules changes.
///
/// ## Policies
/// - Overlap: a fire time that comes due while a run of the schedule is in flight is handled by the
///   ``OverlapPolicy``; by default it is skipped, so runs of one schedule never overlap.
/// - Catch-up: fire times noticed more than ``Configuration/missedRunTolerance`` late (the scheduler was down, or
///   the machine slept) are *missed* and handled by the ``CatchUpPolicy``; by default a schedule that missed any
///   number of fire times runs once, for the most recent.
/// - Flexible time windows: an entry with a ``Entry/flexibleTimeWindow`` starts each run at a fixed offset inside
///   the window after the fire time, the same offset every time, derived from the schedule id, so that schedules
///   with the same expression spread out. EventBridge Scheduler promises only "within the window", which this
///   honours.
///
/// ## Persisting
/// ``status(of:)`` reports, per schedule, ``Status/lastFireTime``: the latest fire time the machine has dealt with
/// (started, buffered or skipped). Store it and pass it back in ``Entry/lastFireTime`` after a restart; fire times
/// between it and the restart then count as missed. Buffered runs are not part of that state and are lost on a
/// restart.
public struct SchedulerStateMachine: Sendable {
    /// Defaults for every schedule; an ``Entry`` may override the policies.
    public struct Configuration: Sendable, Hashable {
        /// What to do with a fire time that comes due while a run is in flight; default ``OverlapPolicy/skip``.
        public var overlapPolicy: OverlapPolicy
        /// What to do with missed fire times; default ``CatchUpPolicy/once``.
        public var catchUpPolicy: CatchUpPolicy
        /// How late a fire time may be noticed and still count as on time; default 60 seconds, EventBridge
        /// Scheduler's precision.
        public var missedRunTolerance: Duration

        /// Creates a configuration.
        public init(
            overlapPolicy: OverlapPolicy = .skip,
            catchUpPolicy: CatchUpPolicy = .once,
            missedRunTolerance: Duration = .seconds(60)
        ) {
            self.overlapPolicy = overlapPolicy
            self.catchUpPolicy = catchUpPolicy
            self.missedRunTolerance = missedRunTolerance
        }
    }

    /// One schedule as the machine receives it: what it is, and what the caller knows of its past.
    public struct Entry: Sendable, Hashable {
        /// A unique name for the schedule; runs and actions carry it.
        public var id: String
        /// When it fires.
        public var schedule: Schedule
        /// The latest fire time already dealt with (from ``Status/lastFireTime``), or `nil` for a new schedule,
        /// which then fires from the time it is added on (a `rate` schedule without a start date fires at once,
        /// as on EventBridge Scheduler).
        public var lastFireTime: Date?
        /// When a new schedule (no ``lastFireTime``) was created, if the caller knows: it fires from then on
        /// instead of from the time it is added, so every scheduler that reads it from a shared store computes the
        /// same fire times. A time in the future counts as now.
        public var createdAt: Date?
        /// How many runs of this schedule are in flight right now (after a restart: runs still going).
        public var runsInFlight: Int
        /// Overrides ``Configuration/overlapPolicy`` for this schedule.
        public var overlapPolicy: OverlapPolicy?
        /// Overrides ``Configuration/catchUpPolicy`` for this schedule.
        public var catchUpPolicy: CatchUpPolicy?
        /// A flexible time window (EventBridge Scheduler's `FlexibleTimeWindow`, 1 to 1440 minutes there); `nil`
        /// or zero starts runs at their fire time.
        public var flexibleTimeWindow: Duration?

        /// Creates an entry.
        public init(
            id: String,
            schedule: Schedule,
            lastFireTime: Date? = nil,
            createdAt: Date? = nil,
            runsInFlight: Int = 0,
            overlapPolicy: OverlapPolicy? = nil,
            catchUpPolicy: CatchUpPolicy? = nil,
            flexibleTimeWindow: Duration? = nil
        ) {
            self.id = id
            self.schedule = schedule
            self.lastFireTime = lastFireTime
            self.createdAt = createdAt
            self.runsInFlight = runsInFlight
            self.overlapPolicy = overlapPolicy
            self.catchUpPolicy = catchUpPolicy
            self.flexibleTimeWindow = flexibleTimeWindow
        }
    }

    /// A run to start: which schedule, and the fire time it stands for.
    public struct Run: Sendable, Hashable {
        /// The schedule's ``Entry/id``.
        public var scheduleID: String
        /// The fire time the run is for (not when it starts: that can be later, by the flexible time window, an
        /// overlap buffer or a catch-up).
        public var scheduledTime: Date
        /// Whether the fire time was missed and this run catches up on it.
        public var isCatchUp: Bool

        /// Creates a run description.
        public init(scheduleID: String, scheduledTime: Date, isCatchUp: Bool = false) {
            self.scheduleID = scheduleID
            self.scheduledTime = scheduledTime
            self.isCatchUp = isCatchUp
        }
    }

    /// Why a fire time was not run.
    public struct SkipReason: Sendable, Hashable, CustomStringConvertible {
        private let name: String
        private init(_ name: String) { self.name = name }

        /// A run of the schedule was in flight and the overlap policy is ``OverlapPolicy/skip``.
        public static let overlap = SkipReason("overlap")
        /// It waited in a ``OverlapPolicy/bufferOne`` buffer and a later fire time took its place.
        public static let replaced = SkipReason("replaced")

        /// The reason's name, such as `overlap`.
        public var description: String { name }
    }

    /// What the owner must do.
    public enum Action: Sendable, Hashable {
        /// Start this run now, and call ``SchedulerStateMachine/runFinished(scheduleID:)`` when it ends.
        case start(Run)
        /// This fire time is not run; for logs and metrics.
        case skip(Run, reason: SkipReason)
        /// The fire times of this schedule from `earliest` through `latest` were missed and the catch-up policy
        /// does not run them; one action stands for all of them, so a long outage does not flood the log.
        case missed(scheduleID: String, earliest: Date, latest: Date)
    }

    /// What the machine knows about one schedule.
    public struct Status: Sendable, Hashable {
        /// The latest fire time dealt with (started, buffered or skipped); persist it.
        public var lastFireTime: Date?
        /// The next fire time, or `nil` when the schedule has ended.
        public var nextFireTime: Date?
        /// When the next run is due: ``nextFireTime`` plus the flexible-window offset.
        public var nextDueTime: Date?
        /// Runs started and not yet reported finished.
        public var runsInFlight: Int
        /// Fire times waiting in an overlap buffer.
        public var bufferedRuns: [Run]
    }

    struct State: Sendable {
        var entry: Entry
        /// Fire times up to this one have been dealt with.
        var reference: Date
        var lastFireTime: Date?
        var nextFireTime: Date?
        var offset: TimeInterval
        var inFlight: Int
        var buffer: [Run] = []
    }

    /// The configuration the machine was created with.
    public let configuration: Configuration
    private var states: [String: State] = [:]
    private var order: [String] = []

    /// Creates a machine for `entries`.
    ///
    /// - Parameters:
    ///   - entries: The schedules; ids must be unique (a later duplicate replaces an earlier one).
    ///   - configuration: Policy defaults.
    ///   - now: The current time; new schedules (no ``Entry/lastFireTime``) fire from here on.
    public init(entries: [Entry] = [], configuration: Configuration = Configuration(), now: Date) {
        self.configuration = configuration
        for entry in entries { add(entry, now: now) }
    }

    /// Adds a schedule, or replaces the one with the same id (keeping its runs in flight and buffer).
    ///
    /// - Parameters:
    ///   - entry: The schedule.
    ///   - now: The current time; a new schedule fires from here on (or from its ``Entry/createdAt``).
    public mutating func add(_ entry: Entry, now: Date) {
        var entry = entry
        var reference: Date
        if let last = entry.lastFireTime {
            reference = last
            if case .rate = entry.schedule.expression, entry.schedule.startDate == nil {
                entry.schedule.startDate = last
            }
        } else {
            let added = min(entry.createdAt ?? now, now)
            reference = added
            if case .rate = entry.schedule.expression, entry.schedule.startDate == nil {
                // EventBridge Scheduler starts a rate schedule without a start date at once.
                let start = Date(timeIntervalSince1970: (added.timeIntervalSince1970 / 60).rounded(.down) * 60)
                entry.schedule.startDate = start
                reference = start.addingTimeInterval(-0.001)
            }
        }
        let previous = states[entry.id]
        var state = State(
            entry: entry,
            reference: reference,
            lastFireTime: entry.lastFireTime,
            nextFireTime: entry.schedule.nextFireTime(after: reference),
            offset: Self.offset(id: entry.id, window: entry.flexibleTimeWindow),
            inFlight: max(entry.runsInFlight, previous?.inFlight ?? 0)
        )
        state.buffer = previous?.buffer ?? []
        if previous == nil { order.append(entry.id) }
        states[entry.id] = state
    }

    /// Removes a schedule; its buffered runs are dropped, and finishing runs of it are ignored.
    public mutating func remove(scheduleID: String) {
        states[scheduleID] = nil
        order.removeAll { $0 == scheduleID }
    }

    /// The schedules' ids, in the order they were added.
    public var scheduleIDs: [String] { order }

    /// What the machine knows about a schedule, or `nil` for an unknown id.
    public func status(of scheduleID: String) -> Status? {
        guard let state = states[scheduleID] else { return nil }
        return Status(
            lastFireTime: state.lastFireTime,
            nextFireTime: state.nextFireTime,
            nextDueTime: state.nextFireTime?.addingTimeInterval(state.offset),
            runsInFlight: state.inFlight,
            bufferedRuns: state.buffer
        )
    }

    /// The earliest time at which ``tick(now:)`` has something to do, or `nil` when every schedule has ended.
    /// Runs waiting in a buffer do not count: they start on ``runFinished(scheduleID:)``.
    public var nextWakeUp: Date? {
        states.values.compactMap { state in state.nextFireTime?.addingTimeInterval(state.offset) }.min()
    }

    /// Deals with every fire time that has come due by `now`.
    ///
    /// - Parameter now: The current time.
    /// - Returns: The actions, schedule by schedule in the order they were added, oldest fire time first.
    public mutating func tick(now: Date) -> [Action] {
        var actions: [Action] = []
        for id in order {
            guard var state = states[id] else { continue }
            actions += Self.tick(&state, now: now, configuration: configuration)
            states[id] = state
        }
        return actions
    }

    /// Records that a run of a schedule ended, and starts a buffered one if there is one.
    ///
    /// - Parameter scheduleID: The run's ``Run/scheduleID``; unknown ids are ignored.
    /// - Returns: At most one ``Action/start(_:)``.
    public mutating func runFinished(scheduleID: String) -> [Action] {
        guard var state = states[scheduleID] else { return [] }
        state.inFlight = max(0, state.inFlight - 1)
        var actions: [Action] = []
        let policy = state.entry.overlapPolicy ?? configuration.overlapPolicy
        if !state.buffer.isEmpty, state.inFlight == 0 || policy.allowsOverlap {
            state.inFlight += 1
            actions.append(.start(state.buffer.removeFirst()))
        }
        states[scheduleID] = state
        return actions
    }

    // MARK: Internals

    private static func tick(_ state: inout State, now: Date, configuration: Configuration) -> [Action] {
        guard let next = state.nextFireTime, next.addingTimeInterval(state.offset) <= now else { return [] }
        let schedule = state.entry.schedule
        let effectiveNow = now.addingTimeInterval(-state.offset)
        let tolerance =
            Double(configuration.missedRunTolerance.components.seconds)
            + Double(configuration.missedRunTolerance.components.attoseconds) / 1e18
        let onTimeFrom = effectiveNow.addingTimeInterval(-tolerance)
        let after = state.reference
        var actions: [Action] = []
        var runTimes: [Date]
        var latestDue: Date
        var missedLatest: Date?
        switch (state.entry.catchUpPolicy ?? configuration.catchUpPolicy).base {
        case .skip:
            runTimes =
                next >= onTimeFrom
                ? schedule.latestFireTimes(after: after, through: effectiveNow, limit: .max)
                : schedule.latestFireTimes(
                    after: max(after, onTimeFrom.addingTimeInterval(-0.001)),
                    through: effectiveNow,
                    limit: .max
                )
            if next < onTimeFrom {
                missedLatest =
                    schedule.latestFireTimes(
                        after: after,
                        through: onTimeFrom.addingTimeInterval(-0.001),
                        limit: 1
                    ).last
            }
            latestDue = runTimes.last ?? missedLatest ?? next
        case .once, .all:
            var limit = 1
            if case .all(let cap) = (state.entry.catchUpPolicy ?? configuration.catchUpPolicy).base { limit = cap }
            var latest = schedule.latestFireTimes(after: after, through: effectiveNow, limit: limit + 1)
            if latest.count == limit + 1 {
                missedLatest = latest.removeFirst()
            }
            runTimes = latest
            latestDue = latest.last ?? next
        }
        if let missedLatest {
            actions.append(.missed(scheduleID: state.entry.id, earliest: next, latest: missedLatest))
        }
        for time in runTimes {
            let run = Run(scheduleID: state.entry.id, scheduledTime: time, isCatchUp: time < onTimeFrom)
            actions += admit(run, into: &state, configuration: configuration)
        }
        state.reference = latestDue
        state.lastFireTime = latestDue
        state.nextFireTime = schedule.nextFireTime(after: latestDue)
        return actions
    }

    private static func admit(_ run: Run, into state: inout State, configuration: Configuration) -> [Action] {
        let policy = state.entry.overlapPolicy ?? configuration.overlapPolicy
        if policy.allowsOverlap || (state.inFlight == 0 && state.buffer.isEmpty) {
            state.inFlight += 1
            return [.start(run)]
        }
        if policy.isSkip { return [.skip(run, reason: .overlap)] }
        if policy.isBufferOne {
            let replaced = state.buffer.map { Action.skip($0, reason: .replaced) }
            state.buffer = [run]
            return replaced
        }
        state.buffer.append(run)
        return []
    }

    /// A fixed offset inside the flexible time window, from an FNV-1a hash of the id (stable across processes,
    /// unlike `Hasher`), in whole seconds.
    static func offset(id: String, window: Duration?) -> TimeInterval {
        guard let window, window.components.seconds > 0 else { return 0 }
        var hash: UInt64 = 0xcbf2_9ce4_8422_2325
        for byte in id.utf8 {
            hash ^= UInt64(byte)
            hash = hash &* 0x100_0000_01b3
        }
        return TimeInterval(hash % UInt64(window.components.seconds))
    }
}
