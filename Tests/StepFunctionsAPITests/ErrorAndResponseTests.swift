import Foundation
import JSONValue
import StatesLanguage
import Testing

@testable import StepFunctionsAPI

@Suite struct ErrorAndResponseTests {
    /// The codes issue #6 names, spelled as in the service model and Coral's common errors.
    static let issueCodes = [
        "StateMachineDoesNotExist", "ExecutionDoesNotExist", "InvalidDefinition", "ExecutionAlreadyExists",
        "ValidationException", "InvalidArn", "InvalidName", "InvalidExecutionInput", "TaskDoesNotExist",
        "InvalidToken", "StateMachineAlreadyExists", "ExecutionNotRedrivable", "UnrecognizedClientException",
        "InvalidSignatureException", "MissingAuthenticationTokenException", "RequestEntityTooLarge",
        "SerializationException", "UnknownOperationException", "InternalFailure",
    ]

    @Test func everyIssueCodeIsKnown() {
        let known = Set(StepFunctionsError.Code.allKnown.map(\.rawValue))
        for code in Self.issueCodes { #expect(known.contains(code), "\(code)") }
        #expect(known.count == StepFunctionsError.Code.allKnown.count, "duplicate codes")
    }

    @Test(arguments: StepFunctionsError.Code.allKnown)
    func errorBodyHasAWSShape(code: StepFunctionsError.Code) throws {
        let error = StepFunctionsError(code, "something about 'x'")
        let response = error.response
        let body = try JSONParser().parse(response.bodyBytes)
        #expect(body == ["__type": .string(code.rawValue), "message": "something about 'x'"])
        #expect(response.status == code.httpStatus)
        #expect(response.headers.contains { $0.name == "Content-Type" && $0.value == "application/x-amz-json-1.0" })
        #expect(response.headers.contains { $0.name == "x-amzn-ErrorType" && $0.value == code.rawValue })
        switch code {
        case .internalFailure: #expect(response.status == 500)
        case .serviceUnavailable: #expect(response.status == 503)
        case .requestEntityTooLarge: #expect(response.status == 413)
        default: #expect(response.status == 400)
        }
    }

    @Test func validationReasonIsAMember() throws {
        let error = StepFunctionsError(.validationException, "m", reason: "MISSING_REQUIRED_PARAMETER")
        #expect(error.body["reason"] == "MISSING_REQUIRED_PARAMETER")
    }

    @Test func internalErrorsHideTheirDetails() {
        struct Secretive: Error, CustomStringConvertible { var description: String { "password=hunter2 at line 42" } }
        let error = StepFunctionsError(internal: Secretive())
        #expect(error.code == .internalFailure)
        #expect(error.httpStatus == 500)
        #expect(!error.message.contains("hunter2"))
        #expect(!error.response.body.serialized().contains("hunter2"))
        // A StepFunctionsError passes through unchanged.
        let known = StepFunctionsError(.invalidArn, "Invalid Arn: 'x'")
        #expect(StepFunctionsError(internal: known) == known)
    }

    @Test func timestampsAreEpochSecondsWithMilliseconds() {
        let date = Date(timeIntervalSince1970: 1_733_270_400.123_4)
        #expect(JSONValue.awsTimestamp(date) == .double(1_733_270_400.123))
        #expect(JSONValue.awsTimestamp(date).serialized() == "1.733270400123E9")
        let whole = JSONValue.awsTimestamp(Date(timeIntervalSince1970: 1_733_270_400))
        #expect(whole.doubleValue == 1_733_270_400)
    }

    @Test func objectsLeaveOutAbsentMembers() {
        let value = JSONValue.awsObject(["a": .string("x"), "b": nil, "c": .integer(1)])
        #expect(value.serialized() == #"{"a":"x","c":1}"#)
        #expect(StepFunctionsResponse().bodyBytes == Array("{}".utf8))
        #expect(StepFunctionsResponse().status == 200)
    }

    @Test func arnsRoundTrip() throws {
        let arn = StepFunctionsARN.execution(
            "run-1", stateMachine: "Nightly", region: "eu-west-1", accountID: "123456789012")
        #expect(arn.description == "arn:aws:states:eu-west-1:123456789012:execution:Nightly:run-1")
        #expect(try StepFunctionsARN(parsing: arn.description) == arn)
        let alias = StepFunctionsARN.stateMachine(
            "Nightly", qualifier: "prod", region: "eu-west-1", accountID: "123456789012")
        #expect(try StepFunctionsARN(parsing: alias.description).qualifier == "prod")
        let express = try StepFunctionsARN(parsing: "arn:aws:states:us-east-1:123456789012:express:M:e:1f0c")
        #expect(express.resourceName == "e")
        #expect(express.stateMachineName == "M")
        let mapRun = try StepFunctionsARN(parsing: "arn:aws:states:us-east-1:123456789012:mapRun:M/Items:9")
        #expect(mapRun.stateMachineName == "M")
    }
}

@Suite struct DefinitionTests {
    @Test func createAcceptsAValidDefinition() throws {
        let machine = try StepFunctionsDefinition.check(passDefinition)
        #expect(machine.graph.startAt == "A")
    }

    @Test func createRefusesInvalidDefinitions() {
        let missing = #"{"StartAt":"Nope","States":{"A":{"Type":"Pass","End":true}}}"#
        let error = try? #require(throws: StepFunctionsError.self) { try StepFunctionsDefinition.check(missing) }
        #expect(error?.code == .invalidDefinition)
        #expect(error?.message.hasPrefix("Invalid State Machine Definition: '") == true)
        #expect(error?.message.contains("MISSING_TRANSITION_TARGET") == true, "\(error?.message ?? "")")

        let notJSON = try? #require(throws: StepFunctionsError.self) { try StepFunctionsDefinition.check("{") }
        #expect(notJSON?.code == .invalidDefinition)
        #expect(notJSON?.message.contains("INVALID_JSON_DESCRIPTION") == true)
    }

    @Test func validateReportsOK() throws {
        let input = try ValidateStateMachineDefinitionInput.decode(["definition": .string(passDefinition)])
        let result = StepFunctionsDefinition.validate(input)
        #expect(result["result"] == "OK")
        #expect(result["diagnostics"] == [])
        #expect(result["truncated"] == false)
    }

    @Test func validateReportsDiagnostics() throws {
        let bad = #"{"StartAt":"Nope","States":{"A":{"Type":"Pass","End":true,"Bogus":1},"B":{"Type":"Wait"}}}"#
        let input = try ValidateStateMachineDefinitionInput.decode(["definition": .string(bad)])
        let result = StepFunctionsDefinition.validate(input)
        #expect(result["result"] == "FAIL")
        let diagnostics = try #require(result["diagnostics"]?.arrayValue)
        #expect(diagnostics.count >= 2)
        for diagnostic in diagnostics {
            #expect(diagnostic["severity"] == "ERROR")
            #expect(diagnostic["code"]?.stringValue?.isEmpty == false)
            #expect(diagnostic["message"]?.stringValue?.isEmpty == false)
            #expect(diagnostic["location"]?.stringValue?.hasPrefix("/") == true)
        }

        let one = try ValidateStateMachineDefinitionInput.decode(["definition": .string(bad), "maxResults": 1])
        let truncated = StepFunctionsDefinition.validate(one)
        #expect(truncated["diagnostics"]?.arrayValue?.count == 1)
        #expect(truncated["truncated"] == true)

        let notJSON = try ValidateStateMachineDefinitionInput.decode(["definition": "{"])
        let parsed = StepFunctionsDefinition.validate(notJSON)
        #expect(parsed["result"] == "FAIL")
        #expect(parsed["diagnostics"]?.arrayValue?.first?["code"] == "INVALID_JSON_DESCRIPTION")
    }
}
