import JSONValue
import StatesLanguage
import Testing

private let lambda = "arn:aws:lambda:us-east-1:123456789012:function:f"

@Suite struct ValidatorStructureTests {
    static let invalid: [RuleCase] = [
        RuleCase("definition is not an object", "[]", at: "/", "must be a JSON object"),
        RuleCase("missing StartAt", #"{"States": {"A": {"Type": "Succeed"}}}"#, at: "/", "\"StartAt\""),
        RuleCase("missing States", #"{"Comment": "BASE_INVALID_DER", "StartAt": "State_1"}"#, at: "/", "\"States\""),
        RuleCase("missing both names both", "{}", at: "/", "\"StartAt\", \"States\""),
        RuleCase("States is empty", #"{"StartAt": "A", "States": {}}"#, at: "/States", "at least one state"),
        RuleCase("States is an array", #"{"StartAt": "A", "States": []}"#, at: "/States", "an object", "an array"),
        RuleCase("StartAt is a number", #"{"StartAt": 1, "States": {"A": {"Type": "Succeed"}}}"#, at: "/StartAt", "a string"),
        RuleCase("StartAt names no state", #"{"StartAt": "Nope", "States": {"A": {"Type": "Succeed"}}}"#,
                 .missingTransitionTarget, at: "/StartAt", "\"Nope\"", "\"A\""),
        RuleCase("StartAt typo gets a suggestion", #"{"StartAt": "Frist", "States": {"First": {"Type": "Succeed"}}}"#,
                 .missingTransitionTarget, at: "/StartAt", "did you mean \"First\""),
        RuleCase("machine TimeoutSeconds zero", #"{"TimeoutSeconds": 0, "StartAt": "A", "States": {"A": {"Type": "Succeed"}}}"#,
                 at: "/TimeoutSeconds", "between 1 and"),
        RuleCase("machine TimeoutSeconds string", #"{"TimeoutSeconds": "60", "StartAt": "A", "States": {"A": {"Type": "Succeed"}}}"#,
                 at: "/TimeoutSeconds"),
        RuleCase("Version is a number", #"{"Version": 1.0, "StartAt": "A", "States": {"A": {"Type": "Succeed"}}}"#,
                 at: "/Version", "a string"),
        RuleCase("Comment is a number", #"{"Comment": 1, "StartAt": "A", "States": {"A": {"Type": "Succeed"}}}"#,
                 at: "/Comment"),
        RuleCase("unknown top-level field", #"{"Comments": "x", "StartAt": "A", "States": {"A": {"Type": "Succeed"}}}"#,
                 at: "/Comments", "did you mean \"Comment\""),
        RuleCase("state is not an object", #"{"StartAt": "A", "States": {"A": "Pass"}}"#, at: "/States/A", "JSON object"),
        RuleCase("state without Type", #"{"StartAt": "A", "States": {"A": {"End": true}}}"#, at: "/States/A", "\"Type\""),
        RuleCase("unknown Type gets a suggestion", #"{"StartAt": "A", "States": {"A": {"Type": "Passs", "End": true}}}"#,
                 at: "/States/A/Type", "did you mean \"Pass\""),
        RuleCase("Type is lowercase", #"{"StartAt": "A", "States": {"A": {"Type": "pass", "End": true}}}"#,
                 at: "/States/A/Type", "\"pass\""),
        RuleCase("Comment on a state is not a string", machine(state: #"{"Type": "Succeed", "Comment": []}"#),
                 at: "/States/S/Comment"),
        RuleCase("pointer escapes / and ~ in state names",
                 #"{"StartAt": "a/b~c", "States": {"a/b~c": {"Type": "Pass", "End": true, "Bogus": 1}}}"#,
                 at: "/States/a~1b~0c/Bogus"),
    ]

    @Test(arguments: invalid)
    func rejects(_ c: RuleCase) throws { try c.check() }

    static let valid: [ValidCase] = [
        ValidCase("minimal", #"{"StartAt": "A", "States": {"A": {"Type": "Succeed"}}}"#),
        ValidCase("all top-level fields",
                  #"{"Comment": "c", "Version": "1.0", "TimeoutSeconds": 60, "QueryLanguage": "JSONPath", "StartAt": "A", "States": {"A": {"Type": "Succeed", "Comment": "s"}}}"#),
        ValidCase("names with / and ~", #"{"StartAt": "a/b~c", "States": {"a/b~c": {"Type": "Pass", "End": true}}}"#),
        ValidCase("every state type", """
            {"StartAt": "Pass", "States": {
              "Pass": {"Type": "Pass", "Next": "Task"},
              "Task": {"Type": "Task", "Resource": "\(lambda)", "Next": "Wait"},
              "Wait": {"Type": "Wait", "Seconds": 1, "Next": "Choice"},
              "Choice": {"Type": "Choice", "Choices": [{"Variable": "$.x", "IsPresent": true, "Next": "Parallel"}], "Default": "Fail"},
              "Parallel": {"Type": "Parallel", "Branches": [{"StartAt": "B", "States": {"B": {"Type": "Pass", "End": true}}}], "Next": "Map"},
              "Map": {"Type": "Map", "ItemProcessor": {"StartAt": "M", "States": {"M": {"Type": "Pass", "End": true}}}, "Next": "Succeed"},
              "Succeed": {"Type": "Succeed"},
              "Fail": {"Type": "Fail", "Error": "E", "Cause": "C"}}}
            """),
    ]

    @Test(arguments: valid)
    func accepts(_ c: ValidCase) throws { try c.check() }

    @Test func theOriginalParallelMachineGetsOneMessageNamingBothStates() throws {
        let result = try validate("""
            {"Comment": "parallel", "StartAt": "Parallel", "States": {
              "Parallel": {"Type": "Parallel", "End": true, "Branches": [
                {"StartAt": "InsertLeadsMysql", "States": {
                  "InsertInfoOrderMysql": {"Type": "Task", "Resource": "\(lambda)", "End": true}}},
                {"StartAt": "InsertOther", "States": {"InsertOther": {"Type": "Pass", "End": true}}}]}}}
            """)
        let diagnostic = expectError(result, .missingTransitionTarget, at: "/States/Parallel/Branches/0/StartAt",
                                     "InsertLeadsMysql", "InsertInfoOrderMysql")
        #expect(diagnostic?.message.contains("branch 1") == true, "\(diagnostic?.message ?? "")")
        #expect(result.errors.count == 1, "\(describe(result.diagnostics))")
        #expect(!result.diagnostics.contains { $0.code == .unreachableState })
    }

    @Test func reportsEveryIndependentProblem() throws {
        let longName = String(repeating: "n", count: 81)
        let result = try validate("""
            {"StartAt": "A", "Bogus": true, "States": {
              "A": {"Type": "Task", "Resource": "\(lambda)", "Next": "B",
                    "Retry": [{"ErrorEquals": ["States.ALL"], "BackoffRate": 0.5, "MaxAttempts": -1}]},
              "B": {"Type": "Wait", "Seconds": 1, "SecondsPath": "$.s", "Next": "Nowhere"},
              "\(longName)": {"Type": "Pass", "Nxt": "A", "End": true},
              "F": {"Type": "Fail", "Error": "E", "ErrorPath": "$.e"}}}
            """)
        expectError(result, .schemaValidationFailed, at: "/Bogus")
        expectError(result, .schemaValidationFailed, at: "/States/A/Retry/0/BackoffRate", "1.0")
        expectError(result, .schemaValidationFailed, at: "/States/A/Retry/0/MaxAttempts")
        expectError(result, .schemaValidationFailed, at: "/States/B/SecondsPath")
        expectError(result, .missingTransitionTarget, at: "/States/B/Next", "Nowhere")
        expectError(result, .schemaValidationFailed, at: "/States/\(longName)", "80")
        expectError(result, .schemaValidationFailed, at: "/States/\(longName)/Nxt", "did you mean \"Next\"")
        expectError(result, .schemaValidationFailed, at: "/States/F/ErrorPath")
        expectError(result, .unreachableState, at: "/States/\(longName)")
        expectError(result, .unreachableState, at: "/States/F")
        #expect(result.errors.count == 10, "\(describe(result.diagnostics))")
        #expect(result.machine == nil)
    }

    @Test func fieldChecksAreListedBeforeTransitionChecks() throws {
        // ValidationResult.diagnostics: field checks state by state, then transitions and reachability.
        let text = """
            {"StartAt": "A", "States": {
              "A": {"Type": "Pass", "Next": "Missing"},
              "B": {"Type": "Pass", "End": true, "Bogus": 1}}}
            """
        let result = try validate(text)
        #expect(result.errors.map(\.location.description) == ["/States/B/Bogus", "/States/A/Next", "/States/B"],
                "\(describe(result.diagnostics))")
    }

    @Test func parseThrowsWithEveryDiagnostic() throws {
        let definition = try JSONValue(parsing: machine(state: #"{"Type": "Pass"}"#, top: #""Bogus": 1,"#))
        #expect(throws: InvalidDefinitionError.self) { try StateMachine.parse(definition) }
        do {
            _ = try StateMachine.parse(definition)
        } catch {
            #expect(error.diagnostics.count == 2)
            #expect(error.description.hasPrefix("Invalid State Machine Definition: "))
            #expect(error.description.contains("SCHEMA_VALIDATION_FAILED"))
            #expect(error.description.contains("at /Bogus"))
        }
        let valid = try JSONValue(parsing: machine(state: #"{"Type": "Succeed"}"#))
        #expect(throws: Never.self) { try StateMachine.parse(valid) }
    }
}

@Suite struct ValidatorTransitionTests {
    static let invalid: [RuleCase] = [
        RuleCase("neither Next nor End", machine(state: #"{"Type": "Pass"}"#), at: "/States/S", "neither \"Next\" nor \"End\""),
        RuleCase("both Next and End",
                 #"{"StartAt": "S", "States": {"S": {"Type": "Pass", "Next": "T", "End": true}, "T": {"Type": "Succeed"}}}"#,
                 at: "/States/S/End", "both"),
        RuleCase("End false without Next", machine(state: #"{"Type": "Pass", "End": false}"#), at: "/States/S/End"),
        RuleCase("End is a string", machine(state: #"{"Type": "Pass", "End": "true"}"#), at: "/States/S/End"),
        RuleCase("Next is a number", machine(state: #"{"Type": "Pass", "Next": 1}"#), at: "/States/S/Next"),
        RuleCase("Next names no state", machine(state: #"{"Type": "Pass", "Next": "Missing"}"#),
                 .missingTransitionTarget, at: "/States/S/Next", "\"Missing\""),
        RuleCase("Next typo gets a suggestion",
                 #"{"StartAt": "S", "States": {"S": {"Type": "Pass", "Next": "Fnish"}, "Finish": {"Type": "Succeed"}}}"#,
                 .missingTransitionTarget, at: "/States/S/Next", "did you mean \"Finish\""),
        RuleCase("Default names no state",
                 machine(state: #"{"Type": "Choice", "Choices": [{"Variable": "$.a", "IsNull": true, "Next": "S"}], "Default": "Gone"}"#),
                 .missingTransitionTarget, at: "/States/S/Default", "\"Gone\""),
        RuleCase("Choice rule Next names no state",
                 machine(state: #"{"Type": "Choice", "Choices": [{"Variable": "$.a", "IsNull": true, "Next": "Gone"}], "Default": "S"}"#),
                 .missingTransitionTarget, at: "/States/S/Choices/0/Next", "\"Gone\""),
        RuleCase("Catch Next names no state",
                 machine(state: task(#""Catch": [{"ErrorEquals": ["States.ALL"], "Next": "Gone"}],"#)),
                 .missingTransitionTarget, at: "/States/S/Catch/0/Next", "\"Gone\""),
        RuleCase("Succeed with Next",
                 #"{"StartAt": "S", "States": {"S": {"Type": "Succeed", "Next": "T"}, "T": {"Type": "Succeed"}}}"#,
                 at: "/States/S/Next", "ends its branch by itself"),
        RuleCase("Fail with End", machine(state: #"{"Type": "Fail", "End": true}"#), at: "/States/S/End", "ends its branch"),
        RuleCase("Choice with End",
                 machine(state: #"{"Type": "Choice", "Choices": [{"Variable": "$.a", "IsNull": true, "Next": "S"}], "End": true}"#),
                 at: "/States/S/End", "Choice state cannot have \"End\""),
    ]

    @Test(arguments: invalid)
    func rejects(_ c: RuleCase) throws { try c.check() }

    static let valid: [ValidCase] = [
        ValidCase("chain", #"{"StartAt": "A", "States": {"A": {"Type": "Pass", "Next": "B"}, "B": {"Type": "Pass", "Next": "C"}, "C": {"Type": "Pass", "End": true}}}"#),
        ValidCase("loop with an exit",
                  #"{"StartAt": "A", "States": {"A": {"Type": "Pass", "Next": "B"}, "B": {"Type": "Choice", "Choices": [{"Variable": "$.done", "BooleanEquals": false, "Next": "A"}], "Default": "C"}, "C": {"Type": "Succeed"}}}"#),
        ValidCase("state reached only through Catch",
                  #"{"StartAt": "T", "States": {"T": \#(task(#""Catch": [{"ErrorEquals": ["States.ALL"], "Next": "H"}],"#)), "H": {"Type": "Fail"}}}"#),
        ValidCase("state reached only through Default",
                  #"{"StartAt": "C", "States": {"C": {"Type": "Choice", "Choices": [{"Variable": "$.a", "IsNull": true, "Next": "C2"}], "Default": "D"}, "C2": {"Type": "Succeed"}, "D": {"Type": "Succeed"}}}"#),
        ValidCase("End true", machine(state: #"{"Type": "Pass", "End": true}"#)),
    ]

    @Test(arguments: valid)
    func accepts(_ c: ValidCase) throws { try c.check() }

    @Test func transitionsAreTyped() throws {
        let result = try validate(#"{"StartAt": "A", "States": {"A": {"Type": "Pass", "Next": "B"}, "B": {"Type": "Pass", "End": true}}}"#)
        let machine = try #require(expectValid(result))
        #expect(machine.graph.startAt == "A")
        #expect(Array(machine.graph.states.keys) == ["A", "B"])
        guard case .pass(let a)? = machine.graph.states["A"]?.kind, case .pass(let b)? = machine.graph.states["B"]?.kind else {
            Issue.record("expected Pass states")
            return
        }
        #expect(a.transition == .next("B"))
        #expect(b.transition == .end)
    }
}

@Suite struct ValidatorScopeTests {
    /// A machine with a Parallel state P (two branches: B1→End, B2→End), a Map state M (item processor I→End),
    /// and a final state Done. `patch` rewrites one state's transition.
    static func scopes(b1: String = #""End": true"#, b2: String = #""End": true"#, i: String = #""End": true"#,
                       p: String = #""Next": "M""#, m: String = #""Next": "Done""#) -> String
    {
        """
        {"StartAt": "P", "States": {
          "P": {"Type": "Parallel", \(p), "Branches": [
            {"StartAt": "B1", "States": {"B1": {"Type": "Pass", \(b1)}}},
            {"StartAt": "B2", "States": {"B2": {"Type": "Pass", \(b2)}}}]},
          "M": {"Type": "Map", \(m), "ItemProcessor": {"StartAt": "I", "States": {"I": {"Type": "Pass", \(i)}}}},
          "Done": {"Type": "Succeed"}}}
        """
    }

    static let invalid: [RuleCase] = [
        RuleCase("branch to top level", scopes(b1: #""Next": "Done""#), .missingTransitionTarget,
                 at: "/States/P/Branches/0/States/B1/Next", "\"Done\"", "the state machine", "/States/Done", "cannot cross"),
        RuleCase("branch to another branch", scopes(b2: #""Next": "B1""#), .missingTransitionTarget,
                 at: "/States/P/Branches/1/States/B2/Next", "branch 1 of the Parallel state \"P\""),
        RuleCase("top level into a branch", scopes(p: #""Next": "B1""#), .missingTransitionTarget,
                 at: "/States/P/Next", "branch 1 of the Parallel state \"P\"", "/States/P/Branches/0/States/B1"),
        RuleCase("item processor to top level", scopes(i: #""Next": "Done""#), .missingTransitionTarget,
                 at: "/States/M/ItemProcessor/States/I/Next", "the state machine", "cannot cross"),
        RuleCase("top level into an item processor", scopes(m: #""Next": "I""#), .missingTransitionTarget,
                 at: "/States/M/Next", "item processor of the Map state \"M\""),
        RuleCase("item processor into a branch", scopes(i: #""Next": "B2""#), .missingTransitionTarget,
                 at: "/States/M/ItemProcessor/States/I/Next", "branch 2 of the Parallel state \"P\""),
        RuleCase("branch StartAt names a top-level state",
                 #"{"StartAt": "P", "States": {"P": {"Type": "Parallel", "End": true, "Branches": [{"StartAt": "P", "States": {"B": {"Type": "Succeed"}}}]}}}"#,
                 .missingTransitionTarget, at: "/States/P/Branches/0/StartAt", "the state machine"),
        RuleCase("Catch out of a branch",
                 #"{"StartAt": "P", "States": {"P": {"Type": "Parallel", "Next": "H", "Branches": [{"StartAt": "T", "States": {"T": \#(task(#""Catch": [{"ErrorEquals": ["States.ALL"], "Next": "H"}],"#))}}]}, "H": {"Type": "Succeed"}}}"#,
                 .missingTransitionTarget, at: "/States/P/Branches/0/States/T/Catch/0/Next", "the state machine"),
    ]

    @Test(arguments: invalid)
    func rejectsTransitionsAcrossBoundaries(_ c: RuleCase) throws { try c.check() }

    @Test func theNestedGraphsAreValidOnTheirOwn() throws {
        let machine = try #require(expectValid(try validate(Self.scopes())))
        guard case .parallel(let p)? = machine.graph.states["P"]?.kind, case .map(let m)? = machine.graph.states["M"]?.kind else {
            Issue.record("expected Parallel and Map")
            return
        }
        #expect(p.branches.map(\.startAt) == ["B1", "B2"])
        #expect(p.branches.map { Array($0.states.keys) } == [["B1"], ["B2"]])
        #expect(p.transition == .next("M"))
        #expect(m.itemProcessor.startAt == "I")
        #expect(Array(machine.graph.states.keys) == ["P", "M", "Done"])
    }
}

@Suite struct ValidatorReachabilityTests {
    @Test func orphanStatesAreUnreachable() throws {
        let result = try validate("""
            {"StartAt": "A", "States": {
              "A": {"Type": "Pass", "End": true},
              "B": {"Type": "Pass", "Next": "C"},
              "C": {"Type": "Pass", "Next": "B"}}}
            """)
        expectError(result, .unreachableState, at: "/States/B", "\"B\"", "unreachable")
        expectError(result, .unreachableState, at: "/States/C", "\"C\"")
        #expect(result.errors.count == 2, "\(describe(result.diagnostics))")
    }

    @Test func unreachableInsideABranchAndAProcessor() throws {
        let result = try validate("""
            {"StartAt": "P", "States": {
              "P": {"Type": "Parallel", "Next": "M", "Branches": [{"StartAt": "B1", "States": {
                "B1": {"Type": "Succeed"}, "B1x": {"Type": "Succeed"}}}]},
              "M": {"Type": "Map", "End": true, "ItemProcessor": {"StartAt": "I", "States": {
                "I": {"Type": "Succeed"}, "Ix": {"Type": "Succeed"}}}}}}
            """)
        expectError(result, .unreachableState, at: "/States/P/Branches/0/States/B1x", "branch 1 of the Parallel state \"P\"")
        expectError(result, .unreachableState, at: "/States/M/ItemProcessor/States/Ix", "item processor of the Map state \"M\"")
        #expect(result.errors.count == 2, "\(describe(result.diagnostics))")
    }

    @Test func everyStateReachableMeansNoReport() throws {
        expectClean(try validate("""
            {"StartAt": "A", "States": {
              "A": {"Type": "Choice", "Choices": [{"Variable": "$.x", "IsPresent": true, "Next": "B"}], "Default": "C"},
              "B": \(task(#""Catch": [{"ErrorEquals": ["States.ALL"], "Next": "D"}],"#, end: #""Next": "C""#)),
              "C": {"Type": "Succeed"},
              "D": {"Type": "Fail"}}}
            """))
    }
}

@Suite struct ValidatorStateNameTests {
    @Test func eightyCharactersIsTheLimit() throws {
        let ok = String(repeating: "é", count: 80)  // characters, not bytes
        expectValid(try validate(#"{"StartAt": "\#(ok)", "States": {"\#(ok)": {"Type": "Succeed"}}}"#))
        let long = String(repeating: "x", count: 81)
        let result = try validate(#"{"StartAt": "\#(long)", "States": {"\#(long)": {"Type": "Succeed"}}}"#)
        expectError(result, .schemaValidationFailed, at: "/States/\(long)", "81", "80")
    }

    @Test func longNamesInsideBranchesToo() throws {
        let long = String(repeating: "y", count: 100)
        let result = try validate("""
            {"StartAt": "P", "States": {"P": {"Type": "Parallel", "End": true, "Branches": [
              {"StartAt": "\(long)", "States": {"\(long)": {"Type": "Succeed"}}}]}}}
            """)
        expectError(result, .schemaValidationFailed, at: "/States/P/Branches/0/States/\(long)", "80")
    }

    @Test func emptyNameIsRejected() throws {
        let result = try validate(#"{"StartAt": "", "States": {"": {"Type": "Succeed"}}}"#)
        #expect(result.errors.contains { $0.location == JSONPointer(tokens: ["States", ""]) && $0.message.contains("empty") },
                "\(describe(result.diagnostics))")
    }

    @Test func duplicateNamesAcrossBranches() throws {
        let result = try validate("""
            {"StartAt": "P", "States": {"P": {"Type": "Parallel", "End": true, "Branches": [
              {"StartAt": "X", "States": {"X": {"Type": "Succeed"}}},
              {"StartAt": "X", "States": {"X": {"Type": "Succeed"}}}]}}}
            """)
        expectError(result, .duplicateStateName, at: "/States/P/Branches/1/States/X", "\"X\"", "/States/P/Branches/0/States/X")
        #expect(result.errors.count == 1, "\(describe(result.diagnostics))")
    }

    @Test func duplicateNamesBetweenTopLevelAndItemProcessor() throws {
        let result = try validate("""
            {"StartAt": "M", "States": {
              "M": {"Type": "Map", "Next": "Done", "ItemProcessor": {"StartAt": "Done", "States": {"Done": {"Type": "Succeed"}}}},
              "Done": {"Type": "Succeed"}}}
            """)
        expectError(result, .duplicateStateName, at: "/States/Done", "/States/M/ItemProcessor/States/Done")
    }

    @Test func sameNameInDifferentMachinesIsFine() throws {
        expectValid(try validate("""
            {"StartAt": "P", "States": {"P": {"Type": "Parallel", "End": true, "Branches": [
              {"StartAt": "X", "States": {"X": {"Type": "Succeed"}}},
              {"StartAt": "Y", "States": {"Y": {"Type": "Succeed"}}}]}}}
            """))
    }
}

@Suite struct ValidatorUnknownFieldTests {
    static let invalid: [RuleCase] = [
        RuleCase("typo in a Pass field", machine(state: #"{"Type": "Pass", "End": true, "Commnet": "x"}"#),
                 at: "/States/S/Commnet", "did you mean \"Comment\""),
        RuleCase("typo in Resource", machine(state: #"{"Type": "Task", "Resorce": "\#(lambda)", "End": true}"#),
                 at: "/States/S/Resorce", "did you mean \"Resource\""),
        RuleCase("typo in TimeoutSeconds", machine(state: task(#""TimeoutSecond": 5,"#)),
                 at: "/States/S/TimeoutSecond", "did you mean \"TimeoutSeconds\""),
        RuleCase("field of another state type", machine(state: #"{"Type": "Pass", "End": true, "Resource": "\#(lambda)"}"#),
                 at: "/States/S/Resource", "belongs to Task"),
        RuleCase("Retry on a Pass state", machine(state: #"{"Type": "Pass", "End": true, "Retry": []}"#),
                 at: "/States/S/Retry", "Task"),
        RuleCase("typo in a retrier", machine(state: task(#""Retry": [{"ErrorEquals": ["States.ALL"], "MaxAttempt": 2}],"#)),
                 at: "/States/S/Retry/0/MaxAttempt", "did you mean \"MaxAttempts\""),
        RuleCase("typo in a catcher", machine(state: task(#""Catch": [{"ErrorEquals": ["States.ALL"], "Next": "S", "ResultPth": "$.e"}],"#)),
                 at: "/States/S/Catch/0/ResultPth", "did you mean \"ResultPath\""),
        RuleCase("unknown field in a Parallel branch",
                 machine(state: #"{"Type": "Parallel", "End": true, "Branches": [{"StartAt": "B", "Statess": {}, "States": {"B": {"Type": "Succeed"}}}]}"#),
                 at: "/States/S/Branches/0/Statess", "did you mean \"States\""),
    ]

    @Test(arguments: invalid)
    func rejects(_ c: RuleCase) throws { try c.check() }

    @Test func noSuggestionWhenNothingIsClose() throws {
        let result = try validateState(#"{"Type": "Pass", "End": true, "Zyzzyva": 1}"#)
        let diagnostic = expectError(result, .schemaValidationFailed, at: "/States/S/Zyzzyva", "Zyzzyva")
        #expect(diagnostic?.message.contains("did you mean") == false)
    }
}

@Suite struct ValidatorQueryLanguageTests {
    static let invalid: [RuleCase] = [
        RuleCase("JSONPath state in a JSONata machine",
                 machine(state: #"{"Type": "Pass", "QueryLanguage": "JSONPath", "End": true}"#, top: #""QueryLanguage": "JSONata","#),
                 at: "/States/S/QueryLanguage", "JSONata"),
        RuleCase("unknown machine QueryLanguage", machine(state: #"{"Type": "Succeed"}"#, top: #""QueryLanguage": "JSONATA","#),
                 at: "/QueryLanguage", "\"JSONPath\"", "\"JSONata\""),
        RuleCase("unknown state QueryLanguage", machine(state: #"{"Type": "Succeed", "QueryLanguage": "XPath"}"#),
                 at: "/States/S/QueryLanguage", "\"XPath\""),
        RuleCase("QueryLanguage not a string", machine(state: #"{"Type": "Succeed", "QueryLanguage": 1}"#),
                 at: "/States/S/QueryLanguage"),
    ]

    @Test(arguments: invalid)
    func rejects(_ c: RuleCase) throws { try c.check() }

    static let valid: [ValidCase] = [
        ValidCase("JSONata state in a JSONPath machine",
                  machine(state: #"{"Type": "Pass", "QueryLanguage": "JSONata", "Output": "{% $states.input %}", "End": true}"#)),
        ValidCase("JSONata state in a JSONata machine",
                  machine(state: #"{"Type": "Pass", "QueryLanguage": "JSONata", "End": true}"#, top: #""QueryLanguage": "JSONata","#)),
        ValidCase("JSONPath state in a JSONPath machine",
                  machine(state: #"{"Type": "Pass", "QueryLanguage": "JSONPath", "End": true}"#, top: #""QueryLanguage": "JSONPath","#)),
    ]

    @Test(arguments: valid)
    func accepts(_ c: ValidCase) throws { try c.check() }

    /// JSONPath-only fields in JSONata states.
    static let jsonPathFieldsInJSONata: [RuleCase] = [
        ("Pass", #""Parameters": {}"#, "Parameters"), ("Pass", #""InputPath": "$""#, "InputPath"),
        ("Pass", #""OutputPath": "$""#, "OutputPath"), ("Pass", #""ResultPath": "$""#, "ResultPath"),
        ("Pass", #""Result": 1"#, "Result"), ("Task", #""ResultSelector": {}"#, "ResultSelector"),
        ("Task", #""TimeoutSecondsPath": "$.t""#, "TimeoutSecondsPath"),
        ("Task", #""HeartbeatSecondsPath": "$.h""#, "HeartbeatSecondsPath"),
        ("Map", #""ItemsPath": "$.items""#, "ItemsPath"), ("Map", #""MaxConcurrencyPath": "$.m""#, "MaxConcurrencyPath"),
        ("Wait", #""SecondsPath": "$.s""#, "SecondsPath"), ("Fail", #""ErrorPath": "$.e""#, "ErrorPath"),
        ("Fail", #""CausePath": "$.c""#, "CausePath"), ("Succeed", #""InputPath": "$""#, "InputPath"),
    ].map { type, field, key in
        RuleCase("\(key) in a JSONata \(type)", machine(state: Self.jsonataState(type, field), top: #""QueryLanguage": "JSONata","#),
                 at: "/States/S/\(key)", "JSONPath field", "JSONata state")
    }

    /// JSONata-only fields in JSONPath states.
    static let jsonataFieldsInJSONPath: [RuleCase] = [
        ("Pass", #""Output": {}"#, "Output"), ("Task", #""Arguments": {}"#, "Arguments"),
        ("Map", #""Items": [1]"#, "Items"), ("Succeed", #""Output": 1"#, "Output"),
        ("Parallel", #""Arguments": {}"#, "Arguments"),
    ].map { type, field, key in
        RuleCase("\(key) in a JSONPath \(type)", machine(state: Self.jsonataState(type, field)),
                 at: "/States/S/\(key)", "JSONata field", "QueryLanguage")
    }

    /// A state of `type` with its required fields plus `field`, valid in either language.
    static func jsonataState(_ type: String, _ field: String) -> String {
        switch type {
        case "Task": #"{"Type": "Task", "Resource": "\#(lambda)", \#(field), "End": true}"#
        case "Map": #"{"Type": "Map", \#(field), "ItemProcessor": {"StartAt": "I", "States": {"I": {"Type": "Succeed"}}}, "End": true}"#
        case "Wait": #"{"Type": "Wait", "Seconds": 1, \#(field), "End": true}"#
        case "Fail", "Succeed": #"{"Type": "\#(type)", \#(field)}"#
        case "Parallel": #"{"Type": "Parallel", \#(field), "Branches": [{"StartAt": "B", "States": {"B": {"Type": "Succeed"}}}], "End": true}"#
        default: #"{"Type": "\#(type)", \#(field), "End": true}"#
        }
    }

    @Test(arguments: jsonPathFieldsInJSONata + jsonataFieldsInJSONPath)
    func fieldsOfTheOtherLanguageAreRejected(_ c: RuleCase) throws { try c.check() }

    @Test func stateLanguageOverridesTheMachine() throws {
        let result = try validate("""
            {"StartAt": "A", "States": {
              "A": {"Type": "Pass", "QueryLanguage": "JSONata", "Output": {"x": "{% 1 + 1 %}"}, "Next": "B"},
              "B": {"Type": "Pass", "Parameters": {"y.$": "$.x"}, "End": true}}}
            """)
        let machine = try #require(expectValid(result))
        #expect(machine.queryLanguage == .jsonPath)
        #expect(machine.graph.states["A"]?.queryLanguage == .jsonata)
        #expect(machine.graph.states["B"]?.queryLanguage == .jsonPath)
        guard case .pass(let a)? = machine.graph.states["A"]?.kind else { return }
        #expect(a.dataFlow.output == .object(["x": .expression(JSONataExpression(source: "1 + 1"))]))
    }

    @Test func machineLanguageIsInheritedByNestedGraphs() throws {
        let result = try validate("""
            {"QueryLanguage": "JSONata", "StartAt": "P", "States": {
              "P": {"Type": "Parallel", "End": true, "Branches": [{"StartAt": "B", "States": {
                "B": {"Type": "Pass", "Parameters": {}, "End": true}}}]}}}
            """)
        expectError(result, .schemaValidationFailed, at: "/States/P/Branches/0/States/B/Parameters", "JSONPath field")
    }

    static let invalidJSONata: [RuleCase] = [
        RuleCase("empty expression", machine(state: #"{"Type": "Pass", "Output": "{%  %}", "End": true}"#, top: #""QueryLanguage": "JSONata","#),
                 .invalidJSONata, at: "/States/S/Output", "empty"),
        RuleCase("unclosed expression",
                 machine(state: #"{"Type": "Pass", "Output": {"a": ["{% $x "]}, "End": true}"#, top: #""QueryLanguage": "JSONata","#),
                 .invalidJSONata, at: "/States/S/Output/a/0"),
        RuleCase(".$ keys in JSONata Assign",
                 machine(state: #"{"Type": "Pass", "Assign": {"x.$": "$.a"}, "End": true}"#, top: #""QueryLanguage": "JSONata","#),
                 at: "/States/S/Assign/x.$", "\".$\""),
        RuleCase("Arguments is a number",
                 machine(state: #"{"Type": "Task", "Resource": "\#(lambda)", "Arguments": 3, "End": true}"#, top: #""QueryLanguage": "JSONata","#),
                 at: "/States/S/Arguments"),
        RuleCase("JSONata TimeoutSeconds not an expression",
                 machine(state: #"{"Type": "Task", "Resource": "\#(lambda)", "TimeoutSeconds": "10", "End": true}"#, top: #""QueryLanguage": "JSONata","#),
                 .invalidJSONata, at: "/States/S/TimeoutSeconds"),
    ]

    @Test(arguments: invalidJSONata)
    func rejectsMalformedJSONata(_ c: RuleCase) throws { try c.check() }

    @Test func aFullJSONataMachineIsAccepted() throws {
        let result = try validate("""
            {"QueryLanguage": "JSONata", "StartAt": "T", "States": {
              "T": {"Type": "Task", "Resource": "arn:aws:states:::lambda:invoke",
                    "Arguments": {"FunctionName": "f", "Payload": "{% $states.input %}"},
                    "Output": "{% $states.result.Payload %}", "Assign": {"total": "{% $states.result.n %}", "fixed": 3},
                    "TimeoutSeconds": "{% $timeout %}", "HeartbeatSeconds": 5,
                    "Retry": [{"ErrorEquals": ["States.ALL"]}],
                    "Catch": [{"ErrorEquals": ["States.ALL"], "Next": "Failed", "Output": "{% $states.errorOutput %}", "Assign": {"err": "{% $states.errorOutput %}"}}],
                    "Next": "C"},
              "C": {"Type": "Choice", "Choices": [{"Condition": "{% $total > 1 %}", "Next": "M", "Output": {"big": true}, "Assign": {"a": 1}},
                                                   {"Condition": false, "Next": "W"}], "Default": "W"},
              "M": {"Type": "Map", "Items": "{% $states.input.items %}", "ItemSelector": {"v": "{% $states.context.Map.Item.Value %}"},
                    "MaxConcurrency": "{% $n %}", "ToleratedFailurePercentage": 10,
                    "ItemProcessor": {"StartAt": "I", "States": {"I": {"Type": "Pass", "End": true}}}, "Next": "W"},
              "W": {"Type": "Wait", "Seconds": "{% $wait %}", "Next": "Done"},
              "Done": {"Type": "Succeed", "Output": {"ok": true}},
              "Failed": {"Type": "Fail", "Error": "{% $err.Error %}", "Cause": "literal cause"}}}
            """)
        let machine = try #require(expectValid(result))
        #expect(machine.queryLanguage == .jsonata)
        #expect(machine.graph.states.values.allSatisfy { $0.queryLanguage == .jsonata })
        guard case .task(let t)? = machine.graph.states["T"]?.kind else {
            Issue.record("T should be a Task")
            return
        }
        #expect(t.timeoutSeconds == .expression(JSONataExpression(source: "$timeout")))
        #expect(t.heartbeatSeconds == .value(5))
        #expect(t.dataFlow.output == .expression(JSONataExpression(source: "$states.result.Payload")))
        guard case .jsonata(let variables)? = t.dataFlow.assign else {
            Issue.record("expected a JSONata Assign")
            return
        }
        #expect(Array(variables.keys) == ["total", "fixed"])
        #expect(variables["fixed"] == .value(3))
        guard case .choice(let c)? = machine.graph.states["C"]?.kind else { return }
        #expect(c.choices.map(\.condition) == [.expression(JSONataExpression(source: "$total > 1")), .literal(false)])
        guard case .fail(let f)? = machine.graph.states["Failed"]?.kind else { return }
        #expect(f.error == .expression(JSONataExpression(source: "$err.Error")))
        #expect(f.cause == .value("literal cause"))
    }
}
