import JSONValue
import Testing

@testable import StepFunctionsAPI

/// Every member of every action, broken each way its shape allows, is refused with the right error: missing
/// when required, the wrong JSON type, too short, too long, out of range, not in the enum.
@Suite struct MemberCoverageTests {
    static func validBody(_ action: StepFunctionsAction) throws -> JSONObject {
        let body = try #require(RequestDecodingTests.validBodies.first { $0.0 == action }?.1)
        return try #require(try JSONParser().parse(body).objectValue)
    }

    func expect(
        _ code: StepFunctionsError.Code, _ action: StepFunctionsAction, _ body: JSONObject, naming member: String,
        _ what: String
    ) {
        let error = decodingError(action.rawValue, JSONValue.object(body).serialized())
        #expect(error?.code == code, "\(action.rawValue).\(member) \(what): \(error?.description ?? "accepted")")
        if code == .validationException {
            #expect(error?.message.contains("at '\(member)") == true, "\(error?.message.prefix(300) ?? "")")
        }
    }

    @Test(arguments: StepFunctionsAction.allCases)
    func everyMemberIsChecked(action: StepFunctionsAction) throws {
        let valid = try Self.validBody(action)
        var checks = 0
        for member in action.inputType.members {
            var body = valid
            if member.isRequired {
                body[member.name] = nil
                expect(.validationException, action, body, naming: member.name, "missing")
                checks += 1
            }
            body = valid
            switch member.shape {
            case .string(let constraints):
                body[member.name] = .integer(1)
                expect(.serializationException, action, body, naming: member.name, "as a number")
                if let max = constraints.max {
                    body[member.name] = .string(String(repeating: "a", count: max + 1))
                    expect(.validationException, action, body, naming: member.name, "too long")
                }
                if let min = constraints.min, min > 0 {
                    body[member.name] = ""
                    expect(.validationException, action, body, naming: member.name, "empty")
                }
                if constraints.enumValues != nil {
                    body[member.name] = "NOT_A_VALUE"
                    expect(.validationException, action, body, naming: member.name, "not in the enum")
                }
            case .integer(let min, let max):
                body[member.name] = "1"
                expect(.serializationException, action, body, naming: member.name, "as a string")
                if let max {
                    body[member.name] = .integer(max + 1)
                    expect(.validationException, action, body, naming: member.name, "too large")
                }
                if let min {
                    body[member.name] = .integer(min - 1)
                    expect(.validationException, action, body, naming: member.name, "too small")
                }
            case .boolean, .structure, .list:
                body[member.name] = "x"
                expect(.serializationException, action, body, naming: member.name, "as a string")
            }
            checks += 1
        }
        #expect(checks >= action.inputType.members.count)
    }
}
