import Foundation
import JSONValue
import StatesEngine
import StatesLanguage
import Testing

/// Retry back-off measured on the virtual clock, and Catch.
@Suite struct RetryCatchTests {
    static let resource = "arn:aws:states:::test:task"

    static func errors(_ names: String...) -> [StatesError] { names.map { StatesError(error: $0, cause: "cause of \($0)") } }

    /// Runs a Task with `retry` (a JSON array) against a scripted task; returns the result, the log and the clock.
    static func run(retry: String, failures: [StatesError], catch catchers: String = "[]")
        async throws -> (ExecutionResult, CallLog, VirtualExecutionClock)
    {
        let log = CallLog()
        let clock = VirtualExecutionClock(start: epoch)
        let task = ScriptedTask(log: log, clock: clock, failures: failures)
        // "Caught" must stay reachable for the validator.
        let catchers = catchers == "[]" ? #"[{"ErrorEquals": ["Never.Thrown"], "Next": "Caught"}]"# : catchers
        let result = try await execute(chain(#"""
            "T": {"Type": "Task", "Resource": "\#(resource)", "Retry": \#(retry), "Catch": \#(catchers), "End": true},
            "Caught": {"Type": "Pass", "End": true}
            """#, startAt: "T"), input: ["in": 1], tasks: [resource: task], clock: clock)
        return (result, log, clock)
    }

    struct BackoffCase: Sendable, CustomTestStringConvertible {
        var retrier: String
        var failures: Int
        var expectedGaps: [Double]
        var succeeds: Bool
        var testDescription: String { retrier }
    }

    @Test(.timeLimit(.minutes(1)), arguments: [
        // Defaults: IntervalSeconds 1, MaxAttempts 3, BackoffRate 2.
        BackoffCase(retrier: #"{"ErrorEquals": ["E"]}"#, failures: 3, expectedGaps: [1, 2, 4], succeeds: true),
        BackoffCase(retrier: #"{"ErrorEquals": ["E"]}"#, failures: 4, expectedGaps: [1, 2, 4], succeeds: false),
        BackoffCase(retrier: #"{"ErrorEquals": ["E"], "IntervalSeconds": 3, "MaxAttempts": 4, "BackoffRate": 1.5}"#,
                    failures: 4, expectedGaps: [3, 4.5, 6.75, 10.125], succeeds: true),
        BackoffCase(retrier: #"{"ErrorEquals": ["E"], "IntervalSeconds": 2, "MaxAttempts": 3, "BackoffRate": 1}"#,
                    failures: 2, expectedGaps: [2, 2], succeeds: true),
        // MaxDelaySeconds caps every delay.
        BackoffCase(retrier: #"{"ErrorEquals": ["E"], "IntervalSeconds": 1, "MaxAttempts": 5, "BackoffRate": 10, "MaxDelaySeconds": 50}"#,
                    failures: 5, expectedGaps: [1, 10, 50, 50, 50], succeeds: true),
        // MaxAttempts 0: never retried.
        BackoffCase(retrier: #"{"ErrorEquals": ["E"], "MaxAttempts": 0}"#, failures: 1, expectedGaps: [], succeeds: false),
    ])
    func backoffFollowsIntervalTimesRateToTheN(_ c: BackoffCase) async throws {
        let started = ContinuousClock.now
        let (result, log, clock) = try await Self.run(retry: "[\(c.retrier)]", failures: Array(repeating: StatesError(error: "E", cause: "c"), count: c.failures))
        let attempts = c.succeeds ? c.failures + 1 : c.expectedGaps.count + 1
        #expect(log.count == attempts)
        #expect(log.gaps.count == c.expectedGaps.count)
        for (gap, expected) in zip(log.gaps, c.expectedGaps) {
            #expect(abs(gap - expected) < 0.001, "waited \(gap) s, expected \(expected) s")
        }
        #expect(abs(elapsed(clock) - c.expectedGaps.reduce(0, +)) < 0.01)
        #expect(result.status == (c.succeeds ? .succeeded : .failed))
        if !c.succeeds { #expect(result.error == "E") }
        // Sleeping for real would take the whole back-off (161 s for the MaxDelaySeconds case); the bound leaves a
        // loaded machine plenty of room without letting that through.
        let backoff = c.expectedGaps.reduce(0, +)
        #expect(ContinuousClock.now - started < .seconds(max(30, backoff / 2)), "retry back-off took real time")
    }

    @Test(.timeLimit(.minutes(1))) func attemptsAreCountedPerRetrier() async throws {
        let retry = #"""
            [{"ErrorEquals": ["A"], "IntervalSeconds": 1, "MaxAttempts": 2, "BackoffRate": 2},
             {"ErrorEquals": ["B"], "IntervalSeconds": 10, "MaxAttempts": 2, "BackoffRate": 3}]
            """#
        let (result, log, _) = try await Self.run(retry: retry, failures: Self.errors("A", "B", "A", "B", "A"))
        #expect(log.count == 5)
        let gaps = log.gaps
        #expect(gaps.count == 4)
        for (gap, expected) in zip(gaps, [1.0, 10, 2, 30]) { #expect(abs(gap - expected) < 0.001, "\(gaps)") }
        #expect(result.status == .failed)
        #expect(result.error == "A")
        #expect(result.cause == "cause of A")
    }

    @Test(.timeLimit(.minutes(1))) func firstMatchingRetrierWinsEvenWithZeroAttempts() async throws {
        let retry = #"""
            [{"ErrorEquals": ["Other"], "MaxAttempts": 5},
             {"ErrorEquals": ["E"], "MaxAttempts": 0},
             {"ErrorEquals": ["States.ALL"], "MaxAttempts": 5}]
            """#
        let (result, log, clock) = try await Self.run(retry: retry, failures: Self.errors("E", "E"))
        #expect(log.count == 1)
        #expect(elapsed(clock) == 0)
        #expect(result.error == "E")
    }

    @Test(.timeLimit(.minutes(1))) func firstMatchingRetrierIntervalIsUsed() async throws {
        let retry = #"""
            [{"ErrorEquals": ["E", "F"], "IntervalSeconds": 7, "MaxAttempts": 1},
             {"ErrorEquals": ["States.ALL"], "IntervalSeconds": 100, "MaxAttempts": 3}]
            """#
        let (result, log, _) = try await Self.run(retry: retry, failures: Self.errors("F", "G"))
        #expect(result.status == .succeeded)
        #expect(log.count == 3)
        for (gap, expected) in zip(log.gaps, [7.0, 100]) { #expect(abs(gap - expected) < 0.001, "\(log.gaps)") }
    }

    @Test(.timeLimit(.minutes(1)), arguments: 1...8)
    func fullJitterStaysWithinBounds(run: Int) async throws {
        let retry = #"[{"ErrorEquals": ["E"], "IntervalSeconds": 10, "MaxAttempts": 4, "BackoffRate": 2, "MaxDelaySeconds": 35, "JitterStrategy": "FULL"}]"#
        let (result, log, _) = try await Self.run(retry: retry, failures: Self.errors("E", "E", "E", "E"))
        #expect(result.status == .succeeded)
        let gaps = log.gaps
        #expect(gaps.count == 4)
        for (gap, ceiling) in zip(gaps, [10.0, 20, 35, 35]) {
            #expect(gap >= 0 && gap <= ceiling + 0.001, "jittered delay \(gap) outside 0...\(ceiling)")
        }
        #expect(gaps != [10, 20, 35, 35], "no jitter applied")
    }

    // MARK: - Catch

    @Test(.timeLimit(.minutes(1))) func catchWithResultPathMergesErrorIntoInputAndFollowsNext() async throws {
        let (result, log, _) = try await Self.run(
            retry: "[]", failures: Self.errors("E"),
            catch: #"[{"ErrorEquals": ["E"], "ResultPath": "$.error", "Next": "Caught"}]"#)
        #expect(log.count == 1)
        #expect(result.status == .succeeded)
        #expect(result.output == ["in": 1, "error": ["Error": "E", "Cause": "cause of E"]])
    }

    @Test(.timeLimit(.minutes(1))) func catchWithoutResultPathOutputsTheErrorAndNullKeepsInput() async throws {
        let (plain, _, _) = try await Self.run(retry: "[]", failures: Self.errors("E"),
                                               catch: #"[{"ErrorEquals": ["E"], "Next": "Caught"}]"#)
        #expect(plain.output == ["Error": "E", "Cause": "cause of E"])
        let (kept, _, _) = try await Self.run(retry: "[]", failures: Self.errors("E"),
                                              catch: #"[{"ErrorEquals": ["E"], "ResultPath": null, "Next": "Caught"}]"#)
        #expect(kept.output == ["in": 1])
    }

    @Test(.timeLimit(.minutes(1))) func retriesAreExhaustedBeforeCatch() async throws {
        let (result, log, clock) = try await Self.run(
            retry: #"[{"ErrorEquals": ["E"], "MaxAttempts": 2, "IntervalSeconds": 1}]"#, failures: Self.errors("E", "E", "E", "E"),
            catch: #"[{"ErrorEquals": ["States.ALL"], "ResultPath": "$.e", "Next": "Caught"}]"#)
        #expect(log.count == 3)
        #expect(abs(elapsed(clock) - 3) < 0.001)
        #expect(result.output?["e"]?["Error"] == "E")
    }

    struct MatchCase: Sendable, CustomTestStringConvertible {
        var errorEquals: String
        var error: String
        var caught: Bool
        var testDescription: String { "\(errorEquals) vs \(error)" }
    }

    @Test(.timeLimit(.minutes(1)), arguments: [
        MatchCase(errorEquals: "States.ALL", error: "Custom", caught: true),
        MatchCase(errorEquals: "States.ALL", error: "States.TaskFailed", caught: true),
        MatchCase(errorEquals: "States.ALL", error: "States.Timeout", caught: true),
        MatchCase(errorEquals: "States.TaskFailed", error: "Custom", caught: true),
        MatchCase(errorEquals: "States.TaskFailed", error: "Lambda.Unknown", caught: true),
        MatchCase(errorEquals: "States.TaskFailed", error: "States.TaskFailed", caught: true),
        MatchCase(errorEquals: "States.TaskFailed", error: "States.Timeout", caught: false),
        MatchCase(errorEquals: "Custom", error: "Custom", caught: true),
        MatchCase(errorEquals: "Custom", error: "custom", caught: false),
        MatchCase(errorEquals: "Custom", error: "Custom.Sub", caught: false),
        MatchCase(errorEquals: "States.Timeout", error: "States.TaskFailed", caught: false),
    ])
    func errorEqualsMatching(_ c: MatchCase) async throws {
        let (result, _, _) = try await Self.run(retry: "[]", failures: [StatesError(error: c.error, cause: "x")],
                                                catch: #"[{"ErrorEquals": ["\#(c.errorEquals)"], "Next": "Caught"}]"#)
        #expect(result.status == (c.caught ? .succeeded : .failed))
        #expect(c.caught ? result.output?["Error"] == .string(c.error) : result.error == c.error)
    }

    @Test(.timeLimit(.minutes(1)), arguments: [#"["States.ALL"]"#, #"["States.Runtime"]"#, #"["States.TaskFailed"]"#])
    func runtimeErrorsAreNeitherRetriedNorCaught(errorEquals: String) async throws {
        let (result, log, _) = try await Self.run(
            retry: #"[{"ErrorEquals": \#(errorEquals), "MaxAttempts": 3}]"#, failures: Self.errors("States.Runtime"),
            catch: #"[{"ErrorEquals": \#(errorEquals), "Next": "Caught"}]"#)
        #expect(log.count == 1)
        #expect(result.status == .failed)
        #expect(result.error == "States.Runtime")
    }

    @Test(.timeLimit(.minutes(1))) func pathErrorInsideTheStateIsNotCaughtByStatesALL() async throws {
        let result = try await execute(chain(#"""
            "T": {"Type": "Task", "Resource": "\#(Self.resource)", "ResultSelector": {"v.$": "$.missing"},
                  "Retry": [{"ErrorEquals": ["States.ALL"]}],
                  "Catch": [{"ErrorEquals": ["States.ALL"], "Next": "Caught"}], "End": true},
            "Caught": {"Type": "Pass", "End": true}
            """#, startAt: "T"), tasks: [Self.resource: FakeTask(returning: ["a": 1])])
        #expect(result.status == .failed)
        #expect(result.error == "States.Runtime")
    }

    @Test(.timeLimit(.minutes(1))) func firstMatchingCatcherWins() async throws {
        let result = try await execute(chain(#"""
            "T": {"Type": "Task", "Resource": "\#(Self.resource)",
                  "Catch": [{"ErrorEquals": ["Nope"], "Next": "A"},
                            {"ErrorEquals": ["E"], "ResultPath": "$.by", "Next": "B"},
                            {"ErrorEquals": ["States.ALL"], "Next": "A"}], "End": true},
            "A": {"Type": "Pass", "Result": "A", "End": true},
            "B": {"Type": "Pass", "Parameters": {"handler": "B", "error.$": "$.by.Error"}, "End": true}
            """#, startAt: "T"), tasks: [Self.resource: FakeTask(failing: "E")])
        #expect(result.output == ["handler": "B", "error": "E"])
    }

    @Test(.timeLimit(.minutes(1))) func catchOnParallelAndMapCatchesInnerFailures() async throws {
        for state in [
            #""X": {"Type": "Parallel", "Branches": [{"StartAt": "F", "States": {"F": {"Type": "Fail", "Error": "Inner", "Cause": "c"}}}],"#,
            #""X": {"Type": "Map", "ItemsPath": "$.items", "ItemProcessor": {"StartAt": "F", "States": {"F": {"Type": "Fail", "Error": "Inner", "Cause": "c"}}},"#,
        ] {
            let result = try await execute(chain(#"""
                \#(state) "Catch": [{"ErrorEquals": ["Inner"], "ResultPath": "$.err", "Next": "Done"}], "End": true},
                "Done": {"Type": "Pass", "End": true}
                """#, startAt: "X"), input: ["items": [1]])
            #expect(result.status == .succeeded)
            #expect(result.output == ["items": [1], "err": ["Error": "Inner", "Cause": "c"]])
        }
    }
}
