/// What a scheduler does with a fire time that comes due while a run of the same schedule is still in flight.
///
/// The default, ``skip``, means runs of one schedule never overlap. The names follow the overlap policies of
/// Temporal schedules.
public struct OverlapPolicy: Sendable, Hashable, CustomStringConvertible {
    private enum Base: String, Sendable, Hashable, CaseIterable {
        case skip, bufferOne, bufferAll, allowAll
    }

    private let base: Base
    private init(_ base: Base) { self.base = base }

    /// Drop the fire time (the default): runs of one schedule never overlap.
    public static let skip = OverlapPolicy(.skip)
    /// Keep the most recent such fire time and start it as soon as the run in flight finishes; older waiting
    /// ones are dropped.
    public static let bufferOne = OverlapPolicy(.bufferOne)
    /// Keep every such fire time and start them one after another as runs finish.
    public static let bufferAll = OverlapPolicy(.bufferAll)
    /// Start the run anyway, next to the one in flight.
    public static let allowAll = OverlapPolicy(.allowAll)

    /// The policy's name, such as `skip`.
    public var description: String { base.rawValue }

    /// The policy named `name` (``description``: `skip`, `bufferOne`, `bufferAll` or `allowAll`), or `nil`.
    public init?(name: String) {
        guard let base = Base(rawValue: name) else { return nil }
        self.base = base
    }

    /// Every policy's name, for help texts and error messages.
    public static let names = Base.allCases.map(\.rawValue)

    var isSkip: Bool { base == .skip }
    var isBufferOne: Bool { base == .bufferOne }
    var allowsOverlap: Bool { base == .allowAll }
}

/// What a scheduler does with fire times it missed, for example while it was not running.
///
/// A fire time is *missed* when the scheduler notices it later than
/// ``SchedulerStateMachine/Configuration/missedRunTolerance`` after it was due. The default, ``once``, runs a
/// missed schedule once after downtime, not once per missed fire time.
public struct CatchUpPolicy: Sendable, Hashable, CustomStringConvertible {
    enum Base: Sendable, Hashable {
        case skip
        case once
        case all(limit: Int)
    }

    let base: Base
    private init(_ base: Base) { self.base = base }

    /// Run none of the missed fire times; wait for the next one that is on time.
    public static let skip = CatchUpPolicy(.skip)
    /// Run once for all of them (the default), for the most recent fire time that came due.
    public static let once = CatchUpPolicy(.once)

    /// Run each missed fire time, but at most `limit` of them: the most recent ones, oldest first.
    ///
    /// The runs still pass through the ``OverlapPolicy``: with ``OverlapPolicy/skip`` only the first of them
    /// starts and the others are dropped as overlapping; use ``OverlapPolicy/bufferAll`` to run them one after
    /// another, or ``OverlapPolicy/allowAll`` to run them side by side.
    /// - Parameter limit: The most runs one catch-up starts; at least 1.
    public static func all(limit: Int) -> CatchUpPolicy {
        precondition(limit >= 1, "a catch-up limit must be at least 1")
        return CatchUpPolicy(.all(limit: limit))
    }

    /// The policy's name, such as `once` or `all(limit: 10)`.
    public var description: String {
        switch base {
        case .skip: "skip"
        case .once: "once"
        case .all(let limit): "all(limit: \(limit))"
        }
    }
}
