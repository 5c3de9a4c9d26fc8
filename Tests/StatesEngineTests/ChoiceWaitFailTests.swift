import Foundation
import JSONValue
import StatesEngine
import StatesLanguage
import Testing

/// Choice, Wait and Fail.
@Suite struct ChoiceWaitFailTests {
    static let choiceCases: [(JSONValue, JSONValue)] = [
        (["n": 11], "big"),
        (["n": 10, "s": "abcz"], "pattern"),
        (["n": 11, "s": "abcz"], "big"),  // first matching rule wins
        (["n": 1, "s": "abc"], "default"),
        (["n": 1], "default"),
    ]

    static let waitCases: [(String, JSONValue, Double)] = [
        (#""Seconds": 100"#, [:], 100.0),
        (#""SecondsPath": "$.s""#, ["s": 42], 42.0),
        (#""Timestamp": "2023-11-14T22:15:00Z""#, [:], 100.0),
        (#""TimestampPath": "$.t""#, ["t": "2023-11-14T23:13:20.000Z"], 3600.0),
        (#""Timestamp": "2020-01-01T00:00:00Z""#, [:], 0.0),  // in the past: no wait
        (#""Seconds": 0"#, [:], 0.0),
    ]

    static let badWaitCases: [(String, JSONValue)] = [
        (#""SecondsPath": "$.s""#, ["s": -1]),
        (#""SecondsPath": "$.s""#, ["s": "ten"]),
        (#""SecondsPath": "$.missing""#, ["s": 1]),
        (#""TimestampPath": "$.t""#, ["t": "yesterday"]),
    ]

    static let badFailCases: [(JSONValue, String)] = [
        (["c": "x"], "ErrorPath"),  // $.e missing
        (["e": 1, "c": "x"], "ErrorPath"),  // not a string
        (["e": "E", "c": ["not": "string"]], "CausePath"),
    ]

    static let choiceMachine = chain(#"""
        "C": {"Type": "Choice",
              "Choices": [
                {"Variable": "$.n", "NumericGreaterThan": 10, "Next": "Big"},
                {"And": [{"Variable": "$.s", "IsPresent": true}, {"Variable": "$.s", "StringMatches": "a*z"}], "Next": "Pattern"}
              ],
              "Default": "Other"},
        "Big": {"Type": "Pass", "Result": "big", "End": true},
        "Pattern": {"Type": "Pass", "Result": "pattern", "End": true},
        "Other": {"Type": "Pass", "Result": "default", "End": true}
        """#, startAt: "C")

    @Test(.timeLimit(.minutes(1)), arguments: choiceCases)
    func choicePicksFirstMatchingRuleElseDefault(input: JSONValue, expected: JSONValue) async throws {
        let result = try await execute(Self.choiceMachine, input: input)
        #expect(result.status == .succeeded)
        #expect(result.output == expected)
    }

    @Test(.timeLimit(.minutes(1))) func choicePassesItsInputOnThroughInputAndOutputPath() async throws {
        let result = try await execute(chain(#"""
            "C": {"Type": "Choice", "InputPath": "$.a", "OutputPath": "$.b",
                  "Choices": [{"Variable": "$.flag", "BooleanEquals": true, "Next": "End"}]},
            "End": {"Type": "Succeed"}
            """#, startAt: "C"), input: ["a": ["flag": true, "b": ["c": 3]], "x": 0])
        #expect(result.output == ["c": 3])
    }

    @Test(.timeLimit(.minutes(1))) func choiceWithoutMatchOrDefaultFailsWithNoChoiceMatched() async throws {
        let result = try await execute(chain(#"""
            "C": {"Type": "Choice", "Choices": [{"Variable": "$.n", "NumericEquals": 1, "Next": "End"}]},
            "End": {"Type": "Succeed"}
            """#, startAt: "C"), input: ["n": 2])
        #expect(result.status == .failed)
        #expect(result.error == "States.NoChoiceMatched")
    }

    @Test(.timeLimit(.minutes(1))) func noChoiceMatchedCanBeCaughtByAnEnclosingParallel() async throws {
        let result = try await execute(chain(#"""
            "P": {"Type": "Parallel", "Branches": [{"StartAt": "C", "States": {
                    "C": {"Type": "Choice", "Choices": [{"Variable": "$.n", "NumericEquals": 1, "Next": "E"}]},
                    "E": {"Type": "Succeed"}}}],
                  "Catch": [{"ErrorEquals": ["States.NoChoiceMatched"], "ResultPath": "$.err", "Next": "Done"}], "End": true},
            "Done": {"Type": "Pass", "End": true}
            """#, startAt: "P"), input: ["n": 2])
        #expect(result.status == .succeeded)
        #expect(result.output?["err"]?["Error"] == "States.NoChoiceMatched")
        #expect(result.output?["n"] == 2)
    }

    @Test(.timeLimit(.minutes(1))) func choiceLoopTerminates() async throws {
        let result = try await execute(chain(#"""
            "Init": {"Type": "Pass", "Result": 0, "ResultPath": "$.i", "Next": "Check"},
            "Check": {"Type": "Choice", "Choices": [{"Variable": "$.i", "NumericGreaterThanEquals": 50, "Next": "Done"}], "Default": "Inc"},
            "Inc": {"Type": "Pass", "Parameters": {"i.$": "States.MathAdd($.i, 1)"}, "Next": "Check"},
            "Done": {"Type": "Succeed"}
            """#, startAt: "Init"))
        #expect(result.output == ["i": 50])
    }

    // MARK: - Wait

    @Test(.timeLimit(.minutes(1)), arguments: waitCases)
    func waitAdvancesVirtualTimeOnly(field: String, input: JSONValue, seconds: Double) async throws {
        let clock = VirtualExecutionClock(start: epoch)
        let started = ContinuousClock.now
        let result = try await execute(chain(#""W": {"Type": "Wait", \#(field), "End": true}"#, startAt: "W"), input: input,
                                       clock: clock)
        #expect(result.status == .succeeded)
        #expect(result.output == input)
        #expect(abs(elapsed(clock) - seconds) < 0.001, "virtual time moved \(elapsed(clock)) s")
        #expect(ContinuousClock.now - started < .seconds(30))  // real waiting would take 42 s or more
    }

    @Test(.timeLimit(.minutes(1)), arguments: badWaitCases)
    func waitWithBadPathValueIsRuntimeError(field: String, input: JSONValue) async throws {
        let result = try await execute(chain(#""W": {"Type": "Wait", \#(field), "End": true}"#, startAt: "W"), input: input)
        #expect(result.status == .failed)
        #expect(result.error == "States.Runtime")
        #expect(result.cause?.contains("'W'") == true)
    }

    // MARK: - Fail

    @Test(.timeLimit(.minutes(1))) func failReportsErrorAndCause() async throws {
        let result = try await execute(chain(#""F": {"Type": "Fail", "Error": "MyError", "Cause": "my cause"}"#, startAt: "F"))
        #expect(result.status == .failed)
        #expect(result.error == "MyError")
        #expect(result.cause == "my cause")
        #expect(result.output == nil)
        #expect(result.json() == ["status": "FAILED", "error": "MyError", "cause": "my cause"])
    }

    @Test(.timeLimit(.minutes(1))) func failWithoutErrorOrCause() async throws {
        let result = try await execute(chain(#""F": {"Type": "Fail"}"#, startAt: "F"))
        #expect(result.status == .failed)
        #expect(result.error == nil)
        #expect(result.cause == nil)
        #expect(result.json() == ["status": "FAILED", "error": nil, "cause": nil])
    }

    @Test(.timeLimit(.minutes(1))) func failTakesErrorAndCauseFromPathsAndIntrinsics() async throws {
        let result = try await execute(chain(#"""
            "F": {"Type": "Fail", "ErrorPath": "$.e", "CausePath": "States.Format('item {} failed', $.id)"}
            """#, startAt: "F"), input: ["e": "Custom.Error", "id": 7])
        #expect(result.error == "Custom.Error")
        #expect(result.cause == "item 7 failed")
    }

    @Test(.timeLimit(.minutes(1)), arguments: badFailCases)
    func failPathProblemsAreRuntimeErrors(input: JSONValue, field: String) async throws {
        let result = try await execute(chain(#""F": {"Type": "Fail", "ErrorPath": "$.e", "CausePath": "$.c"}"#, startAt: "F"),
                                       input: input)
        #expect(result.status == .failed)
        #expect(result.error == "States.Runtime")
        #expect(result.cause?.contains(field) == true, "\(result.cause ?? "nil")")
    }
}
