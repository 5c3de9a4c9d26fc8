import Foundation
import JSONValue
import Testing

@testable import StepFunctionsAPI

/// Responses as botocore (boto3, the AWS CLI) reads them: errors by `__type` and `message`, timestamps, and
/// ValidateStateMachineDefinition's diagnostics.
@Suite(.enabled(if: Botocore.isAvailable, "botocore is not installed (scripts/install-botocore.sh)"))
struct BotocoreResponseTests {
    /// Parses each response on stdin with botocore's JSON protocol parser against the operation's output shape;
    /// prints the results with timestamps as seconds since 1970.
    static let script = #"""
        import json, sys, datetime, botocore.session
        from botocore.parsers import create_parser
        model = botocore.session.get_session().get_service_model('stepfunctions')
        parser = create_parser('json')
        out = []
        for r in json.load(sys.stdin):
            shape = model.operation_model(r['operation']).output_shape
            parsed = parser.parse({'status_code': r['status'], 'headers': dict(r['headers']), 'body': r['body'].encode('utf-8')}, shape)
            parsed.pop('ResponseMetadata', None)
            out.append(parsed)
        print(json.dumps(out, default=lambda v: v.timestamp() if isinstance(v, datetime.datetime) else str(v)))
        """#

    static func parse(_ responses: [(operation: StepFunctionsAction, response: StepFunctionsResponse)]) throws
        -> [JSONValue]
    {
        let input = JSONValue.array(
            responses.map { item in
                [
                    "operation": .string(item.operation.rawValue), "status": .integer(item.response.status),
                    "headers": .array(item.response.headers.map { [.string($0.name), .string($0.value)] }),
                    "body": .string(String(decoding: item.response.bodyBytes, as: UTF8.self)),
                ]
            })
        let parsed = try #require(try Botocore.runJSON(script, input: input).arrayValue)
        try #require(parsed.count == responses.count)
        return parsed
    }

    @Test func botocoreReadsEveryErrorCode() throws {
        let codes = StepFunctionsError.Code.allKnown
        let message = "Invalid Arn: 'arn:aws:states:us-east-1:123456789012:stateMachine:Nightly' \"quoted\" ✓"
        let parsed = try Self.parse(
            codes.map { (operation: .startExecution, response: StepFunctionsError($0, message).response) })
        for (code, result) in zip(codes, parsed) {
            #expect(result["Error"]?["Code"] == .string(code.rawValue))
            #expect(result["Error"]?["Message"] == .string(message))
        }
    }

    @Test func botocoreReadsTimestampsWithMilliseconds() throws {
        let date = Date(timeIntervalSince1970: 1_733_270_400.123_4)
        let body = JSONValue.awsObject([
            "executionArn": .string(executionARN), "startDate": .awsTimestamp(date),
        ])
        let parsed = try Self.parse([(operation: .startExecution, response: StepFunctionsResponse(body: body))])
        #expect(parsed[0]["executionArn"] == .string(executionARN))
        let seconds = try #require(parsed[0]["startDate"]?.doubleValue)
        #expect(abs(seconds - 1_733_270_400.123) < 0.000_5)
    }

    @Test func botocoreReadsEveryOutput() throws {
        let parsed = try Self.parse(sampleOutputs.map { (operation: type(of: $0).action, response: $0.response) })
        for (output, result) in zip(sampleOutputs, parsed) {
            let emitted = try #require(output.json.objectValue)
            // botocore drops members it does not know; every member we send must come back.
            #expect(Set(try #require(result.objectValue).keys) == Set(emitted.keys), "\(type(of: output).action)")
        }
        let describe = try #require(parsed.first { $0["redriveStatus"] != nil })
        #expect(describe["startDate"]?.doubleValue == 1_733_270_400.5)
        #expect(describe["inputDetails"] == ["included": true])
    }

    @Test func botocoreReadsValidationDiagnostics() throws {
        let bad = #"{"StartAt":"Nope","States":{"A":{"Type":"Pass","End":true}}}"#
        let input = try ValidateStateMachineDefinitionInput.decode(["definition": .string(bad)])
        let body = StepFunctionsDefinition.validate(input)
        let parsed = try Self.parse([
            (operation: .validateStateMachineDefinition, response: StepFunctionsResponse(body: body))
        ])
        #expect(parsed[0]["result"] == "FAIL")
        let first = try #require(parsed[0]["diagnostics"]?.arrayValue?.first)
        #expect(first["severity"] == "ERROR")
        #expect(first["code"]?.stringValue?.isEmpty == false)
        #expect(parsed[0]["truncated"] == false)
    }
}
