import JSONValue
import Server
import StepFunctionsAPI
import Store
import Testing

@Suite(.timeLimit(.minutes(1)))
struct StateMachineActionTests {
    @Test func createDescribeListUpdateAndDelete() async throws {
        try await withHarness { h in
            let created = await h.create("Nightly", Definitions.pass)
            #expect(created["stateMachineArn"]?.stringValue == h.arn("Nightly"))
            #expect(created["creationDate"]?.doubleValue != nil)

            let described = await h.ok("DescribeStateMachine", ["stateMachineArn": .string(h.arn("Nightly"))])
            #expect(described["name"] == "Nightly")
            #expect(described["definition"]?.stringValue == Definitions.pass)
            #expect(described["roleArn"]?.stringValue == role)
            #expect(described["type"] == "STANDARD")
            #expect(described["status"] == "ACTIVE")
            #expect(described["loggingConfiguration"] == ["level": "OFF", "includeExecutionData": false])
            #expect(described["tracingConfiguration"] == ["enabled": false])

            await h.create("Another", Definitions.passTwice)
            let page = await h.ok("ListStateMachines", ["maxResults": 1])
            #expect(page["stateMachines"]?[0]?["name"] == "Another")
            let token = try #require(page["nextToken"]?.stringValue)
            let next = await h.ok("ListStateMachines", ["maxResults": 1, "nextToken": .string(token)])
            #expect(next["stateMachines"]?[0]?["name"] == "Nightly")
            #expect(!next.has("nextToken"))

            let updated = await h.ok(
                "UpdateStateMachine",
                [
                    "stateMachineArn": .string(h.arn("Nightly")), "definition": .string(Definitions.passTwice),
                    "publish": true,
                ])
            #expect(updated["revisionId"] == "2")
            #expect(updated["stateMachineVersionArn"]?.stringValue == h.arn("Nightly") + ":2")
            let again = await h.ok("DescribeStateMachine", ["stateMachineArn": .string(h.arn("Nightly"))])
            #expect(again["definition"]?.stringValue == Definitions.passTwice)
            let first = await h.ok("DescribeStateMachine", ["stateMachineArn": .string(h.arn("Nightly") + ":1")])
            #expect(first["definition"]?.stringValue == Definitions.pass)

            await h.ok("DeleteStateMachine", ["stateMachineArn": .string(h.arn("Nightly"))])
            #expect(
                await h.errorType("DescribeStateMachine", ["stateMachineArn": .string(h.arn("Nightly"))])
                    == "StateMachineDoesNotExist")
            // Deleting again answers 200, as AWS does.
            await h.ok("DeleteStateMachine", ["stateMachineArn": .string(h.arn("Nightly"))])
        }
    }

    @Test func createIsIdempotentAndRefusesADifferentDefinition() async throws {
        try await withHarness { h in
            let first = await h.create("Same", Definitions.pass)
            let second = await h.create("Same", Definitions.pass)
            #expect(first["stateMachineArn"] == second["stateMachineArn"])
            let (status, body) = await h.call(
                "CreateStateMachine",
                ["name": "Same", "definition": .string(Definitions.passTwice), "roleArn": .string(role)])
            #expect(status == 400)
            #expect(body["__type"] == "StateMachineAlreadyExists")
            #expect(body["message"]?.stringValue == "State Machine Already Exists: '\(h.arn("Same"))'")
        }
    }

    @Test func invalidDefinitionsAreRefusedWithAWSMessages() async throws {
        try await withHarness { h in
            let (status, body) = await h.call(
                "CreateStateMachine",
                ["name": "Bad", "definition": #"{"StartAt":"Missing","States":{}}"#, "roleArn": .string(role)])
            #expect(status == 400)
            #expect(body["__type"] == "InvalidDefinition")
            #expect(body["message"]?.stringValue?.hasPrefix("Invalid State Machine Definition: '") == true)
            #expect(
                await h.errorType(
                    "CreateStateMachine", ["name": "Bad", "definition": "not json", "roleArn": .string(role)])
                    == "InvalidDefinition")
            await h.create("Good", Definitions.pass)
            #expect(
                await h.errorType(
                    "UpdateStateMachine", ["stateMachineArn": .string(h.arn("Good")), "definition": "{}"])
                    == "InvalidDefinition")
        }
    }

    @Test func unknownStateMachinesAndBadArns() async throws {
        try await withHarness { h in
            let (status, body) = await h.call("DescribeStateMachine", ["stateMachineArn": .string(h.arn("Nope"))])
            #expect(status == 400)
            #expect(body["__type"] == "StateMachineDoesNotExist")
            #expect(body["message"]?.stringValue == "State Machine Does Not Exist: '\(h.arn("Nope"))'")
            #expect(
                await h.errorType(
                    "UpdateStateMachine",
                    ["stateMachineArn": .string(h.arn("Nope")), "definition": .string(Definitions.pass)])
                    == "StateMachineDoesNotExist")
            #expect(await h.errorType("DescribeStateMachine", ["stateMachineArn": "arn:aws:nope"]) == "InvalidArn")
            #expect(await h.errorType("DescribeStateMachine", [:]) == "ValidationException")
            #expect(
                await h.errorType(
                    "CreateStateMachine",
                    ["name": "a b", "definition": .string(Definitions.pass), "roleArn": .string(role)])
                    == "InvalidName")
        }
    }

    @Test func validateStateMachineDefinition() async throws {
        try await withHarness { h in
            let good = await h.ok("ValidateStateMachineDefinition", ["definition": .string(Definitions.pass)])
            #expect(good["result"] == "OK")
            #expect(good["diagnostics"] == [])
            let bad = await h.ok("ValidateStateMachineDefinition", ["definition": #"{"StartAt":"X","States":{}}"#])
            #expect(bad["result"] == "FAIL")
            #expect(bad["diagnostics"]?.arrayValue?.isEmpty == false)
        }
    }

    @Test func tagsAreAddedListedAndRemoved() async throws {
        try await withHarness { h in
            await h.ok(
                "CreateStateMachine",
                [
                    "name": "Tagged", "definition": .string(Definitions.pass), "roleArn": .string(role),
                    "tags": [["key": "team", "value": "bi"]],
                ])
            let arn = JSONValue.string(h.arn("Tagged"))
            await h.ok("TagResource", ["resourceArn": arn, "tags": [["key": "env", "value": "prod"]]])
            let listed = await h.ok("ListTagsForResource", ["resourceArn": arn])
            #expect(listed["tags"] == [["key": "env", "value": "prod"], ["key": "team", "value": "bi"]])
            await h.ok("UntagResource", ["resourceArn": arn, "tagKeys": ["team"]])
            let remaining = await h.ok("ListTagsForResource", ["resourceArn": arn])
            #expect(remaining["tags"] == [["key": "env", "value": "prod"]])
            #expect(
                await h.errorType("ListTagsForResource", ["resourceArn": .string(h.arn("Nope"))]) == "ResourceNotFound")
            let many = JSONValue.array((0..<51).map { ["key": .string("k\($0)"), "value": "v"] })
            #expect(await h.errorType("TagResource", ["resourceArn": arn, "tags": many]) == "TooManyTags")
        }
    }
}
