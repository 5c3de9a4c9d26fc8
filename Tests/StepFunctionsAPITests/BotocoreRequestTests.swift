import JSONValue
import Testing

@testable import StepFunctionsAPI

/// Requests as botocore (boto3, the AWS CLI) serialises them decode to what their parameters say.
@Suite(.enabled(if: Botocore.isAvailable, "botocore is not installed (scripts/install-botocore.sh)"))
struct BotocoreRequestTests {
    /// Serialises each `{"operation", "params"}` on stdin with botocore's JSON serializer (with its client-side
    /// parameter validation); prints method, path, headers and body.
    static let script = #"""
        import json, sys, botocore.session
        from botocore.serialize import create_serializer
        model = botocore.session.get_session().get_service_model('stepfunctions')
        serializer = create_serializer('json', include_validation=True)
        out = []
        for r in json.load(sys.stdin):
            request = serializer.serialize_to_request(r['params'], model.operation_model(r['operation']))
            out.append({'method': request['method'], 'path': request['url_path'],
                        'headers': [[k, v] for k, v in request['headers'].items()],
                        'body': request['body'].decode('utf-8')})
        print(json.dumps(out))
        """#

    @Test func botocoreRequestsDecodeLikeTheirParameters() throws {
        let cases = RequestDecodingTests.validBodies
        let input = JSONValue.array(
            try cases.map { action, body in
                ["operation": .string(action.rawValue), "params": try JSONParser().parse(body)]
            })
        let serialized = try #require(try Botocore.runJSON(Self.script, input: input).arrayValue)
        try #require(serialized.count == cases.count)
        for ((action, body), wire) in zip(cases, serialized) {
            let headers: [(name: String, value: String)] = (wire["headers"]?.arrayValue ?? []).compactMap { pair in
                guard let name = pair.arrayValue?.first?.stringValue, let value = pair.arrayValue?.last?.stringValue
                else { return nil }
                return (name: name, value: value)
            }
            let request = StepFunctionsHTTPRequest(
                method: wire["method"]?.stringValue ?? "", target: wire["path"]?.stringValue ?? "",
                headers: headers, body: Array((wire["body"]?.stringValue ?? "").utf8))
            let decoded = try StepFunctionsRequest.decode(request)
            #expect(decoded.action == action)
            #expect(decoded == (try decode(action.rawValue, body)), "\(action.rawValue)")
        }
    }
}

/// What botocore's own client-side validation refuses, Ferry refuses too (botocore checks required members, JSON
/// types, minimum lengths and ranges; Ferry also checks maximums, enums and patterns, as the service does).
@Suite(.enabled(if: Botocore.isAvailable, "botocore is not installed (scripts/install-botocore.sh)"))
struct BotocoreValidationTests {
    /// Prints, for each `{"operation", "params"}` on stdin, whether botocore's ParamValidator refuses the params.
    static let script = #"""
        import json, sys, botocore.session
        from botocore.validate import ParamValidator
        model = botocore.session.get_session().get_service_model('stepfunctions')
        out = []
        for r in json.load(sys.stdin):
            report = ParamValidator().validate(r['params'], model.operation_model(r['operation']).input_shape)
            out.append(report.has_errors())
        print(json.dumps(out))
        """#

    @Test func whatBotocoreRefusesFerryRefuses() throws {
        let tables = RequestDecodingTests.validationCases + RequestDecodingTests.serializationCases
        // Only bodies that are JSON objects can be botocore parameters.
        let cases: [(String, String, JSONValue)] = tables.compactMap { action, body, _ in
            guard let params = try? JSONParser().parse(body), case .object = params else { return nil }
            return (action, body, params)
        }
        let input = JSONValue.array(cases.map { ["operation": .string($0.0), "params": $0.2] })
        let refused = try #require(try Botocore.runJSON(Self.script, input: input).arrayValue)
        try #require(refused.count == cases.count)
        var botocoreRefusals = 0
        for ((action, body, _), verdict) in zip(cases, refused) where verdict == true {
            botocoreRefusals += 1
            let error = decodingError(action, body)
            #expect(error != nil, "botocore refuses \(action) \(body.prefix(200))")
        }
        // The tables hold cases botocore catches (missing members, short strings, wrong types).
        #expect(botocoreRefusals >= 10)
    }
}
