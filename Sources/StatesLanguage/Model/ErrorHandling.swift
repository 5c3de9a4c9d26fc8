/// `JitterStrategy` of a retrier.
public enum JitterStrategy: String, Sendable, Hashable, CaseIterable {
    case none = "NONE"
    case full = "FULL"
}

/// One `Retry` rule.
public struct Retrier: Sendable, Hashable {
    /// `ErrorEquals`: error names this rule matches (`States.ALL` matches any).
    public var errorEquals: [String]
    /// `IntervalSeconds` (default 1).
    public var intervalSeconds: Int
    /// `MaxAttempts` (default 3; 0 never retries).
    public var maxAttempts: Int
    /// `BackoffRate` (default 2.0).
    public var backoffRate: Double
    /// `MaxDelaySeconds`.
    public var maxDelaySeconds: Int?
    /// `JitterStrategy` (default NONE).
    public var jitterStrategy: JitterStrategy

    public init(errorEquals: [String], intervalSeconds: Int = 1, maxAttempts: Int = 3, backoffRate: Double = 2.0,
                maxDelaySeconds: Int? = nil, jitterStrategy: JitterStrategy = .none) {
        self.errorEquals = errorEquals
        self.intervalSeconds = intervalSeconds
        self.maxAttempts = maxAttempts
        self.backoffRate = backoffRate
        self.maxDelaySeconds = maxDelaySeconds
        self.jitterStrategy = jitterStrategy
    }
}

/// One `Catch` rule.
public struct Catcher: Sendable {
    /// `ErrorEquals`.
    public var errorEquals: [String]
    /// `Next`.
    public var next: String
    /// `ResultPath` for the `{Error, Cause}` object (JSONPath; default `$`).
    public var resultPath: NullablePath?
    /// `Output` (JSONata).
    public var output: JSONataTemplate?
    /// `Assign`.
    public var assign: Assignment?
}
