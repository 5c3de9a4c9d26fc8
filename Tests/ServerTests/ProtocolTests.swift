import DataPlane
import Foundation
import HTTPTypes
import Hummingbird
import HummingbirdTesting
import JSONValue
import NIOCore
import Server
import StepFunctionsAPI
import Store
import Testing

@Suite(.timeLimit(.minutes(1)))
struct ProtocolTests {
    @Test func unknownOperationsMalformedBodiesAndOversizedPayloads() async throws {
        try await withHarness { h in
            let unknown = await h.service.handle(request("DoSomething", "{}"))
            #expect(unknown.status == 400)
            #expect(unknown.body["__type"] == "UnknownOperationException")
            #expect(
                unknown.headers.contains { $0.name == "x-amzn-ErrorType" && $0.value == "UnknownOperationException" })
            #expect(unknown.headers.contains { $0.name == "x-amzn-RequestId" })

            let malformed = await h.service.handle(request("ListStateMachines", "{not json"))
            #expect(malformed.status == 400)
            #expect(malformed.body["__type"] == "SerializationException")
            let wrongType = await h.service.handle(request("ListStateMachines", #"{"maxResults":"many"}"#))
            #expect(wrongType.body["__type"] == "SerializationException")

            let large = "{\"definition\":\"" + String(repeating: "x", count: 3 * 1_048_576) + "\"}"
            let tooLarge = await h.service.handle(request("ValidateStateMachineDefinition", large))
            #expect(tooLarge.status == 413)
            #expect(tooLarge.body["__type"] == "RequestEntityTooLarge")
            // Within the body limit but over the definition's 1 MiB: AWS's ValidationException.
            let big = "{\"definition\":\"" + String(repeating: "x", count: 1_100_000) + "\"}"
            let overField = await h.service.handle(request("ValidateStateMachineDefinition", big))
            #expect(overField.body["__type"] == "ValidationException")
        }
    }

    @Test func signaturesAreRequiredWhenAuthenticationIsOn() async throws {
        let key = AWSCredentials(accessKeyID: "AKIDFERRYTEST", secretAccessKey: "right-secret")
        let verifier = SigV4Verifier(store: [key.accessKeyID: key])
        try await withHarness(authentication: .sigV4(verifier)) { h in
            let signed = await h.service.handle(signedRequest("ListStateMachines", "{}", credentials: key))
            #expect(signed.status == 200, "\(signed)")

            let anonymous = await h.service.handle(request("ListStateMachines", "{}"))
            #expect(anonymous.body["__type"] == "MissingAuthenticationTokenException")

            let wrongSecret = AWSCredentials(accessKeyID: key.accessKeyID, secretAccessKey: "wrong-secret")
            let refused = await h.service.handle(signedRequest("ListStateMachines", "{}", credentials: wrongSecret))
            #expect(refused.status == 400)
            #expect(refused.body["__type"] == "InvalidSignatureException")

            let stranger = AWSCredentials(accessKeyID: "AKIDUNKNOWN", secretAccessKey: "right-secret")
            let unknown = await h.service.handle(signedRequest("ListStateMachines", "{}", credentials: stranger))
            #expect(unknown.body["__type"] == "UnrecognizedClientException")

            let old = await h.service.handle(
                signedRequest("ListStateMachines", "{}", credentials: key, date: Date().addingTimeInterval(-3600)))
            #expect(old.body["__type"] == "InvalidSignatureException")

            var tampered = signedRequest("ListStateMachines", #"{"maxResults":1}"#, credentials: key)
            tampered.body = Array(#"{"maxResults":2}"#.utf8)
            #expect(await h.service.handle(tampered).body["__type"] == "InvalidSignatureException")
        }
    }

    @Test func routesServeTheAPIAndHealth() async throws {
        try await withHarness { h in
            let server = FerryServer(service: h.service)
            let app = server.makeApplication()
            try await app.test(.router) { client in
                try await client.execute(uri: "/health", method: .get) { response in
                    #expect(response.status == .ok)
                    #expect(String(buffer: response.body) == "ok")
                }
                var headers = HTTPFields()
                headers[.contentType] = "application/x-amz-json-1.0"
                headers[HTTPField.Name("X-Amz-Target")!] = "AWSStepFunctions.ListStateMachines"
                try await client.execute(uri: "/", method: .post, headers: headers, body: ByteBuffer(string: "{}"))
                { response in
                    #expect(response.status == .ok)
                    #expect(response.headers[.contentType] == "application/x-amz-json-1.0")
                    #expect(String(buffer: response.body) == #"{"stateMachines":[]}"#)
                }
                headers[HTTPField.Name("X-Amz-Target")!] = "AWSStepFunctions.Nope"
                try await client.execute(uri: "/", method: .post, headers: headers, body: ByteBuffer(string: "{}"))
                { response in
                    #expect(response.status == .badRequest)
                    #expect(String(buffer: response.body).contains("UnknownOperationException"))
                }
                headers[HTTPField.Name("X-Amz-Target")!] = "AWSStepFunctions.ValidateStateMachineDefinition"
                let large = ByteBuffer(repeating: UInt8(ascii: "x"), count: 3 * 1_048_576)
                try await client.execute(uri: "/", method: .post, headers: headers, body: large) { response in
                    #expect(response.status == .contentTooLarge)
                    #expect(String(buffer: response.body).contains("RequestEntityTooLarge"))
                }
            }
        }
    }

    @Test func internalFailuresSayNothingAboutTheCause() async throws {
        try await withHarness { h in
            let response = await h.service.handle(request("ListStateMachines", "{}"))
            #expect(response.status == 200)
            // A store error AWS has no code for becomes InternalFailure, without the store's message.
            let error = StoreError(code: .leaseLost, message: "secret detail")
            let failure = StepFunctionsError(internal: error)
            #expect(failure.response.status == 500)
            #expect(!failure.message.contains("secret"))
        }
    }

    @Test(arguments: [
        ("PassStateEntered", "stateEnteredEventDetails"), ("MapStateExited", "stateExitedEventDetails"),
        ("TaskScheduled", "taskScheduledEventDetails"), ("ExecutionStarted", "executionStartedEventDetails"),
        ("MapIterationStarted", "mapIterationStartedEventDetails"),
        ("LambdaFunctionFailed", "lambdaFunctionFailedEventDetails"),
    ])
    func historyDetailsMembersAreNamedAsAWSNamesThem(type: String, member: String) {
        #expect(HistoryEvent.detailsMember(forType: type) == member)
        let event = HistoryEvent(id: 1, type: type, timestamp: Date(timeIntervalSince1970: 1), details: ["name": "S"])
        #expect(event.awsJSON()[member]?["name"] == "S")
        #expect(event.awsJSON()["timestamp"] == 1.0)
        let bare = HistoryEvent(id: 2, previousEventId: 1, type: type, timestamp: Date(timeIntervalSince1970: 1))
        #expect(bare.awsJSON().objectValue?.keys.sorted() == ["id", "previousEventId", "timestamp", "type"])
    }
}
