import Foundation
import JSONValue
import Testing

@testable import StepFunctionsAPI

let machineARN = "arn:aws:states:us-east-1:123456789012:stateMachine:Nightly"
let executionARN = "arn:aws:states:us-east-1:123456789012:execution:Nightly:run-1"
let roleARN = "arn:aws:iam::123456789012:role/ferry"
let passDefinition = #"{"StartAt":"A","States":{"A":{"Type":"Pass","End":true}}}"#

func httpRequest(
    _ action: String, _ body: String, method: String = "POST", target: String = "/",
    contentType: String? = "application/x-amz-json-1.0"
) -> StepFunctionsHTTPRequest {
    var headers: [(name: String, value: String)] = [("X-Amz-Target", "AWSStepFunctions.\(action)")]
    if let contentType { headers.append(("Content-Type", contentType)) }
    return StepFunctionsHTTPRequest(method: method, target: target, headers: headers, body: Array(body.utf8))
}

func decode(_ action: String, _ body: String) throws(StepFunctionsError) -> StepFunctionsRequest {
    try StepFunctionsRequest.decode(httpRequest(action, body))
}

/// Decodes and returns the error, failing the test when decoding succeeds.
func decodingError(_ action: String, _ body: String) -> StepFunctionsError? {
    do {
        let request = try decode(action, body)
        Issue.record("expected an error, decoded \(request)")
        return nil
    } catch {
        return error
    }
}

func quoted(_ text: String) -> String { JSONValue.string(text).serialized() }

/// Expects decoding to fail with `code` (HTTP 400) and a message containing `message`.
func expectRefusal(
    _ code: StepFunctionsError.Code, _ action: String, _ body: String, containing message: String,
    sourceLocation: SourceLocation = #_sourceLocation
) {
    let error = decodingError(action, body)
    #expect(error?.code == code, sourceLocation: sourceLocation)
    #expect(error?.message.contains(message) == true, "\(error?.message ?? "")", sourceLocation: sourceLocation)
    #expect(error?.httpStatus == 400, sourceLocation: sourceLocation)
}

@Suite struct RequestDecodingTests {
    /// One valid body per action.
    static let validBodies: [(StepFunctionsAction, String)] = [
        (
            .createStateMachine,
            #"{"name":"Nightly","definition":\#(quoted(passDefinition)),"roleArn":"\#(roleARN)","type":"EXPRESS","#
                + #""tags":[{"key":"team","value":"bi"}],"publish":true,"loggingConfiguration":{"level":"ERROR","#
                + #""includeExecutionData":true,"destinations":[{"cloudWatchLogsLogGroup":{"logGroupArn":"arn:aws:logs:us-east-1:123456789012:log-group:x:*"}}]},"#
                + #""tracingConfiguration":{"enabled":false},"encryptionConfiguration":{"type":"AWS_OWNED_KEY"}}"#
        ),
        (.updateStateMachine, #"{"stateMachineArn":"\#(machineARN)","definition":\#(quoted(passDefinition))}"#),
        (.describeStateMachine, #"{"stateMachineArn":"\#(machineARN):3","includedData":"METADATA_ONLY"}"#),
        (.listStateMachines, #"{"maxResults":1000,"nextToken":"abc"}"#),
        (.deleteStateMachine, #"{"stateMachineArn":"\#(machineARN)"}"#),
        (
            .validateStateMachineDefinition,
            #"{"definition":\#(quoted(passDefinition)),"severity":"WARNING","maxResults":5}"#
        ),
        (
            .startExecution,
            #"{"stateMachineArn":"\#(machineARN)","name":"run-1","input":"{\"a\":1}","traceHeader":"Root=1"}"#
        ),
        (.startSyncExecution, #"{"stateMachineArn":"\#(machineARN)","includedData":"ALL_DATA"}"#),
        (.describeExecution, #"{"executionArn":"\#(executionARN)"}"#),
        (
            .listExecutions,
            #"{"stateMachineArn":"\#(machineARN)","statusFilter":"FAILED","maxResults":0,"redriveFilter":"REDRIVEN"}"#
        ),
        (.stopExecution, #"{"executionArn":"\#(executionARN)","error":"Stopped","cause":"by hand"}"#),
        (
            .getExecutionHistory,
            #"{"executionArn":"\#(executionARN)","maxResults":10,"reverseOrder":true,"includeExecutionData":false}"#
        ),
        (.redriveExecution, #"{"executionArn":"\#(executionARN)","clientToken":"token-1"}"#),
        (.sendTaskSuccess, #"{"taskToken":"tok","output":"[1,2]"}"#),
        (.sendTaskFailure, #"{"taskToken":"tok","error":"Boom","cause":"because"}"#),
        (.sendTaskHeartbeat, #"{"taskToken":"tok"}"#),
        (.tagResource, #"{"resourceArn":"\#(machineARN)","tags":[{"key":"k","value":"v"}]}"#),
        (.untagResource, #"{"resourceArn":"\#(machineARN)","tagKeys":["k"]}"#),
        (.listTagsForResource, #"{"resourceArn":"arn:aws:states:us-east-1:123456789012:activity:Approve"}"#),
    ]

    static let validationCases: [(String, String, String)] = [
        (
            "CreateStateMachine", #"{"definition":"{}","roleArn":"\#(roleARN)"}"#,
            "1 validation error detected: Value null at 'name' failed to satisfy constraint: Member must not be null"
        ),
        (
            "DescribeExecution", "{}",
            "1 validation error detected: Value null at 'executionArn' failed to satisfy constraint: Member must not be null"
        ),
        (
            "SendTaskSuccess", #"{"taskToken":"t"}"#,
            "Value null at 'output' failed to satisfy constraint: Member must not be null"
        ),
        (
            "TagResource", #"{"resourceArn":"\#(machineARN)"}"#,
            "Value null at 'tags' failed to satisfy constraint: Member must not be null"
        ),
        (
            "StartExecution", #"{"stateMachineArn":"\#(machineARN)","name":"\#(String(repeating: "n", count: 81))"}"#,
            "at 'name' failed to satisfy constraint: Member must have length less than or equal to 80"
        ),
        (
            "StartExecution", #"{"stateMachineArn":"\#(machineARN)","name":""}"#,
            "Value '' at 'name' failed to satisfy constraint: Member must have length greater than or equal to 1"
        ),
        (
            "ListStateMachines", #"{"maxResults":1001}"#,
            "Value '1001' at 'maxResults' failed to satisfy constraint: Member must have value less than or equal to 1000"
        ),
        (
            "ListExecutions", #"{"stateMachineArn":"\#(machineARN)","maxResults":-1}"#,
            "Value '-1' at 'maxResults' failed to satisfy constraint: Member must have value greater than or equal to 0"
        ),
        (
            "ValidateStateMachineDefinition", #"{"definition":"{}","maxResults":101}"#,
            "Member must have value less than or equal to 100"
        ),
        (
            "StopExecution", #"{"executionArn":"\#(executionARN)","error":"\#(String(repeating: "e", count: 257))"}"#,
            "Value at 'error' failed to satisfy constraint: Member must have length less than or equal to 256"
        ),
        (
            "SendTaskFailure", #"{"taskToken":"t","cause":"\#(String(repeating: "c", count: 32_769))"}"#,
            "Value at 'cause' failed to satisfy constraint: Member must have length less than or equal to 32768"
        ),
        (
            "CreateStateMachine", #"{"name":"a","definition":"{}","roleArn":"\#(roleARN)","type":"BATCH"}"#,
            "Value 'BATCH' at 'type' failed to satisfy constraint: Member must satisfy enum value set: [STANDARD, EXPRESS]"
        ),
        (
            "ListExecutions", #"{"stateMachineArn":"\#(machineARN)","statusFilter":"DONE"}"#,
            "Member must satisfy enum value set: [RUNNING, SUCCEEDED, FAILED, TIMED_OUT, ABORTED, PENDING_REDRIVE]"
        ),
        (
            "RedriveExecution", #"{"executionArn":"\#(executionARN)","clientToken":"has space"}"#,
            "Value 'has space' at 'clientToken' failed to satisfy constraint: Member must satisfy regular expression pattern: [!-~]+"
        ),
        (
            "StartExecution", #"{"stateMachineArn":"\#(machineARN)","traceHeader":"é"}"#,
            "Member must satisfy regular expression pattern: \\p{ASCII}*"
        ),
        (
            "TagResource", #"{"resourceArn":"\#(machineARN)","tags":[{"key":"","value":"v"}]}"#,
            "Value '' at 'tags.1.member.key' failed to satisfy constraint: Member must have length greater than or equal to 1"
        ),
        (
            "CreateStateMachine",
            #"{"name":"a","definition":"{}","roleArn":"\#(roleARN)","encryptionConfiguration":{}}"#,
            "Value null at 'encryptionConfiguration.type' failed to satisfy constraint: Member must not be null"
        ),
        ("SendTaskHeartbeat", #"{"taskToken":""}"#, "Value at 'taskToken' failed to satisfy constraint"),
    ]

    static let serializationCases: [(String, String, String)] = [
        ("ListStateMachines", "{", "Malformed JSON body"),
        ("ListStateMachines", #"{"maxResults":10,}"#, "Malformed JSON body"),
        ("ListStateMachines", "[1]", "Start of list found where not expected."),
        ("ListStateMachines", #""text""#, "STRING_VALUE can not be converted to a Structure"),
        ("ListStateMachines", #"{"maxResults":"10"}"#, "STRING_VALUE can not be converted to an Integer"),
        ("ListStateMachines", #"{"maxResults":1.5}"#, "NUMBER_VALUE can not be converted to an Integer"),
        ("DescribeExecution", #"{"executionArn":42}"#, "NUMBER_VALUE can not be converted to a String"),
        (
            "GetExecutionHistory", #"{"executionArn":"\#(executionARN)","reverseOrder":"yes"}"#,
            "STRING_VALUE can not be converted to a Boolean"
        ),
        (
            "TagResource", #"{"resourceArn":"\#(machineARN)","tags":{"k":"v"}}"#,
            "Start of structure or map found where not expected."
        ),
        (
            "UntagResource", #"{"resourceArn":"\#(machineARN)","tagKeys":"k"}"#,
            "STRING_VALUE can not be converted to a List"
        ),
    ]

    @Test func everyActionHasAValidCase() {
        #expect(Set(Self.validBodies.map(\.0)) == Set(StepFunctionsAction.allCases))
    }

    @Test(arguments: validBodies)
    func decodesValidBody(action: StepFunctionsAction, body: String) throws {
        let request = try decode(action.rawValue, body)
        #expect(request.action == action)
    }

    @Test func readsFieldsWithAWSDefaults() throws {
        guard case .createStateMachine(let create) = try decode("CreateStateMachine", Self.validBodies[0].1) else {
            Issue.record("wrong case")
            return
        }
        #expect(create.name == "Nightly")
        #expect(create.type == .express)
        #expect(create.tags == [Tag(key: "team", value: "bi")])
        #expect(create.publish)
        #expect(create.loggingConfiguration?.level == .error)
        #expect(create.loggingConfiguration?.logGroupARNs.count == 1)
        #expect(create.tracingConfiguration?.isEnabled == false)
        #expect(create.encryptionConfiguration?.type == .awsOwnedKey)

        guard case .startExecution(let start) = try decode("StartExecution", #"{"stateMachineArn":"\#(machineARN)"}"#)
        else {
            Issue.record("wrong case")
            return
        }
        #expect(start.input == "{}")
        #expect(start.name == nil)
        #expect(start.stateMachineARN.stateMachineName == "Nightly")

        guard case .describeStateMachine(let describe) = try decode("DescribeStateMachine", Self.validBodies[2].1)
        else {
            Issue.record("wrong case")
            return
        }
        #expect(describe.stateMachineARN.qualifier == "3")
        #expect(describe.includedData == .metadataOnly)

        guard
            case .getExecutionHistory(let history) = try decode(
                "GetExecutionHistory", #"{"executionArn":"\#(executionARN)"}"#)
        else {
            Issue.record("wrong case")
            return
        }
        #expect(history.includeExecutionData)
        #expect(!history.reverseOrder)
        #expect(history.executionARN.resourceName == "run-1")
    }

    @Test func emptyBodyReadsAsEmptyObject() throws {
        #expect(try decode("ListStateMachines", "").action == .listStateMachines)
        #expect(decodingError("ListStateMachines", "null")?.code == .serializationException)
    }

    // MARK: Validation (ValidationException)

    @Test(arguments: validationCases)
    func refusesWithValidationException(action: String, body: String, message: String) {
        expectRefusal(.validationException, action, body, containing: message)
    }

    @Test func countsEveryViolation() {
        let error = decodingError("CreateStateMachine", #"{"name":"","type":"X"}"#)
        #expect(error?.code == .validationException)
        #expect(error?.message.hasPrefix("4 validation errors detected: ") == true, "\(error?.message ?? "")")
        #expect(error?.message.components(separatedBy: "; ").count == 4)
    }

    @Test func payloadLimitsCountUTF8Bytes() {
        // 256 KiB of input is accepted; one byte more is refused, and a multi-byte character counts its bytes.
        let limit = 262_144
        let fits = "\"" + String(repeating: "x", count: limit - 2) + "\""
        #expect(throws: Never.self) {
            try decode("StartExecution", #"{"stateMachineArn":"\#(machineARN)","input":\#(quoted(fits))}"#)
        }
        let tooBig = "\"" + String(repeating: "é", count: limit / 2) + "\""
        let error = decodingError("StartExecution", #"{"stateMachineArn":"\#(machineARN)","input":\#(quoted(tooBig))}"#)
        #expect(error?.code == .validationException)
        #expect(
            error?.message
                == "1 validation error detected: Value at 'input' failed to satisfy constraint: Member must have length less than or equal to 262144"
        )

        let definition = #"{"Comment":"\#(String(repeating: "c", count: 1_048_576))"}"#
        let big = decodingError(
            "CreateStateMachine", #"{"name":"a","definition":\#(quoted(definition)),"roleArn":"\#(roleARN)"}"#)
        #expect(
            big?.message.contains(
                "Value at 'definition' failed to satisfy constraint: Member must have length less than or equal to 1048576"
            ) == true)
        // Sensitive values are never quoted back.
        #expect(big?.message.contains("cccc") == false)
    }

    // MARK: Semantic checks

    @Test(arguments: ["a b", "a/b", "x:y", "tab\tname", "star*", "ctl\u{7}", "brace{", "pct%", "nbsp\u{A0}"])
    func refusesInvalidNames(name: String) {
        let error = decodingError("StartExecution", #"{"stateMachineArn":"\#(machineARN)","name":\#(quoted(name))}"#)
        #expect(error?.code == .invalidName)
        #expect(error?.message == "Invalid Name: '\(name)'")
        let create = decodingError(
            "CreateStateMachine", #"{"name":\#(quoted(name)),"definition":"{}","roleArn":"\#(roleARN)"}"#)
        #expect(create?.code == .invalidName)
    }

    @Test(arguments: ["run-1", "Nightly_2024.06.01", "émoji✓", "a"])
    func acceptsValidNames(name: String) throws {
        _ = try decode("StartExecution", #"{"stateMachineArn":"\#(machineARN)","name":\#(quoted(name))}"#)
    }

    @Test(arguments: [
        ("DescribeStateMachine", "stateMachineArn", "not-an-arn", "Invalid Arn: 'Invalid ARN prefix: not-an-arn'"),
        (
            "DescribeStateMachine", "stateMachineArn", executionARN,
            "Invalid Arn: 'Resource type not valid in this context: execution'"
        ),
        (
            "DescribeExecution", "executionArn", machineARN,
            "Invalid Arn: 'Resource type not valid in this context: stateMachine'"
        ),
        (
            "StartExecution", "stateMachineArn", "arn:aws:lambda:us-east-1:123456789012:function:f",
            "Invalid Arn: 'Invalid ARN prefix: arn:aws:lambda:us-east-1:123456789012:function:f'"
        ),
        (
            "DeleteStateMachine", "stateMachineArn", "arn:aws:states:us-east-1:12345:stateMachine:x",
            "Invalid Arn: 'Invalid ARN prefix: arn:aws:states:us-east-1:12345:stateMachine:x'"
        ),
        (
            "StopExecution", "executionArn", "arn:aws:states:us-east-1:123456789012:execution:OnlyMachine",
            "Invalid Arn: 'Invalid ARN: arn:aws:states:us-east-1:123456789012:execution:OnlyMachine'"
        ),
        (
            "ListTagsForResource", "resourceArn", executionARN,
            "Invalid Arn: 'Resource type not valid in this context: execution'"
        ),
        (
            "RedriveExecution", "executionArn", "arn:aws:states:us-east-1:123456789012:express:M:e:id",
            "Invalid Arn: 'Resource type not valid in this context: express'"
        ),
    ])
    func refusesInvalidARNs(action: String, member: String, arn: String, message: String) {
        let error = decodingError(action, #"{"\#(member)":\#(quoted(arn))}"#)
        #expect(error?.code == .invalidArn)
        #expect(error?.message == message)
    }

    @Test func refusesABadRoleARN() {
        let error = decodingError("CreateStateMachine", #"{"name":"a","definition":"{}","roleArn":"role"}"#)
        #expect(error?.code == .invalidArn)
    }

    @Test func refusesInputThatIsNotJSON() {
        let error = decodingError("StartExecution", #"{"stateMachineArn":"\#(machineARN)","input":"{\"a\":"}"#)
        #expect(error?.code == .invalidExecutionInput)
        #expect(error?.message.hasPrefix("Invalid State Machine Execution Input: '") == true)
        let output = decodingError("SendTaskSuccess", #"{"taskToken":"t","output":"nope"}"#)
        #expect(output?.code == .invalidOutput)
    }

    @Test func listExecutionsNeedsExactlyOneParent() {
        #expect(decodingError("ListExecutions", "{}")?.code == .validationException)
        let both =
            #"{"stateMachineArn":"\#(machineARN)","mapRunArn":"arn:aws:states:us-east-1:123456789012:mapRun:Nightly/Map:1"}"#
        #expect(decodingError("ListExecutions", both)?.code == .validationException)
        let mapRun = #"{"mapRunArn":"arn:aws:states:us-east-1:123456789012:mapRun:Nightly/Map:1"}"#
        #expect(throws: Never.self) { try decode("ListExecutions", mapRun) }
    }

    @Test func loggingNeedsExactlyOneDestination() {
        let noDestination =
            #"{"name":"a","definition":"{}","roleArn":"\#(roleARN)","loggingConfiguration":{"level":"ALL"}}"#
        #expect(decodingError("CreateStateMachine", noDestination)?.code == .invalidLoggingConfiguration)
        let off = #"{"stateMachineArn":"\#(machineARN)","loggingConfiguration":{"level":"OFF"}}"#
        #expect(throws: Never.self) { try decode("UpdateStateMachine", off) }
    }

    @Test func updateNeedsSomethingToUpdate() {
        let error = decodingError("UpdateStateMachine", #"{"stateMachineArn":"\#(machineARN)"}"#)
        #expect(error?.code == .missingRequiredParameter)
    }

    // MARK: Serialization and protocol errors

    @Test(arguments: serializationCases)
    func refusesWithSerializationException(action: String, body: String, message: String) {
        expectRefusal(.serializationException, action, body, containing: message)
    }

    @Test func refusesUnknownActionsAndTargets() {
        for target in ["AWSStepFunctions.CreateActivityX", "AWSStepFunctions.", "DynamoDB_20120810.ListTables"] {
            var request = httpRequest("x", "{}")
            request.headers[0].value = target
            #expect(throws: StepFunctionsError(.unknownOperationException, "Unknown operation: \(target)")) {
                try StepFunctionsRequest.decode(request)
            }
        }
        var missing = httpRequest("x", "{}")
        missing.headers.removeFirst()
        #expect(throws: StepFunctionsError.self) { try StepFunctionsRequest.decode(missing) }
        let error = try? #require(throws: StepFunctionsError.self) { try StepFunctionsRequest.decode(missing) }
        #expect(error?.code == .unknownOperationException)
    }

    @Test(arguments: [
        httpRequest("ListStateMachines", "{}", method: "GET"),
        httpRequest("ListStateMachines", "{}", target: "/other"),
        httpRequest("ListStateMachines", "{}", contentType: "application/json"),
        httpRequest("ListStateMachines", "{}", contentType: "text/plain"),
        httpRequest("ListStateMachines", "{}", contentType: nil),
    ])
    func refusesWrongMethodPathOrContentType(request: StepFunctionsHTTPRequest) {
        let error = try? #require(throws: StepFunctionsError.self) { try StepFunctionsRequest.decode(request) }
        #expect(error?.code == .unknownOperationException)
        #expect(error?.httpStatus == 400)
    }

    @Test func acceptsContentTypeParametersAndHeaderCase() throws {
        let request = StepFunctionsHTTPRequest(
            method: "post", target: "/",
            headers: [
                ("x-amz-target", "AWSStepFunctions.ListStateMachines"),
                ("content-type", "application/x-amz-json-1.0; charset=utf-8"),
            ],
            body: Array("{}".utf8))
        #expect(try StepFunctionsRequest.decode(request).action == .listStateMachines)
    }

    @Test func refusesOversizedBodiesWith413() {
        let request = httpRequest("ListStateMachines", "{" + String(repeating: " ", count: 100) + "}")
        let error = try? #require(throws: StepFunctionsError.self) {
            try StepFunctionsRequest.decode(request, configuration: .init(maximumBodySize: 64))
        }
        #expect(error?.code == .requestEntityTooLarge)
        #expect(error?.httpStatus == 413)
    }
}
