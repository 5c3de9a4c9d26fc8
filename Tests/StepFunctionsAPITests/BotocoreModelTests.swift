import JSONValue
import Testing

@testable import StepFunctionsAPI

/// Cross-checks the request model against botocore's copy of AWS's service model (`stepfunctions/2016-11-23`).
@Suite(.enabled(if: Botocore.isAvailable, "botocore is not installed (scripts/install-botocore.sh)"))
struct BotocoreModelTests {
    /// Prints, for each operation named on stdin, its input shape (members, required, constraints, nested shapes)
    /// and its error shapes; `null` for an operation the model does not have.
    static let script = #"""
        import json, sys, botocore.loaders
        operations = json.load(sys.stdin)
        model = botocore.loaders.Loader().load_service_model('stepfunctions', 'service-2')
        shapes = model['shapes']
        def describe(name):
            shape = shapes[name]
            out = {'type': shape['type']}
            for key in ('min', 'max', 'pattern', 'enum'):
                if key in shape:
                    out[key] = shape[key]
            if shape.get('sensitive'):
                out['sensitive'] = True
            if shape['type'] == 'structure':
                required = set(shape.get('required', []))
                out['members'] = {k: dict(describe(v['shape']), required=(k in required)) for k, v in shape['members'].items()}
            if shape['type'] == 'list':
                out['member'] = describe(shape['member']['shape'])
            return out
        result = {'metadata': {k: model['metadata'].get(k) for k in ('protocol', 'jsonVersion', 'targetPrefix', 'signingName', 'endpointPrefix')}}
        for name in operations:
            operation = model['operations'].get(name)
            output = shapes[operation['output']['shape']] if operation and 'output' in operation else {'members': {}}
            result[name] = None if operation is None else {
                'input': describe(operation['input']['shape']),
                'errors': [e['shape'] for e in operation.get('errors', [])],
                'outputMembers': list(output['members']),
                'outputRequired': output.get('required', []),
            }
        for item in ('StateMachineListItem', 'ExecutionListItem'):
            result[item] = {'members': list(shapes[item]['members']), 'required': shapes[item].get('required', [])}
        print(json.dumps(result))
        """#

    static let model: JSONValue? = try? Botocore.runJSON(
        script, input: .array(StepFunctionsAction.allCases.map { .string($0.rawValue) }))

    /// Our shape in the script's notation.
    static func describe(_ shape: APIModel.Shape) -> JSONValue {
        switch shape {
        case .string(let c):
            var out: JSONObject = ["type": "string"]
            if let min = c.min { out["min"] = .integer(min) }
            if let max = c.max { out["max"] = .integer(max) }
            if let pattern = c.pattern { out["pattern"] = .string(pattern.rawValue) }
            if let values = c.enumValues { out["enum"] = .array(values.map(JSONValue.string)) }
            if c.isSensitive { out["sensitive"] = true }
            return .object(out)
        case .integer(let min, let max):
            var out: JSONObject = ["type": "integer"]
            if let min { out["min"] = .integer(min) }
            if let max { out["max"] = .integer(max) }
            return .object(out)
        case .boolean:
            return ["type": "boolean"]
        case .structure(let members):
            return ["type": "structure", "members": describe(members)]
        case .list(let element):
            return ["type": "list", "member": describe(element)]
        }
    }

    static func describe(_ members: [APIModel.Member]) -> JSONValue {
        var out: JSONObject = [:]
        for member in members {
            guard case .object(var shape) = describe(member.shape) else { continue }
            shape["required"] = .bool(member.isRequired)
            out[member.name] = .object(shape)
        }
        return .object(out)
    }

    @Test func protocolMetadataMatches() throws {
        let metadata = try #require(Self.model?["metadata"])
        #expect(metadata["protocol"] == "json")
        #expect(metadata["jsonVersion"] == "1.0")
        #expect(metadata["targetPrefix"]?.stringValue.map { $0 + "." } == StepFunctionsAction.targetPrefix)
        #expect(metadata["endpointPrefix"] == "states")
        #expect(SigV4Verifier.Configuration().service == "states")
    }

    @Test(arguments: StepFunctionsAction.allCases)
    func inputMembersMatchTheModel(action: StepFunctionsAction) throws {
        let operation = try #require(Self.model?[action.rawValue], "botocore has no \(action.rawValue)")
        let theirs = try #require(operation["input"]?["members"]?.objectValue)
        let ours = try #require(Self.describe(action.inputType.members).objectValue)
        #expect(Array(ours.keys).sorted() == Array(theirs.keys).sorted(), "member names of \(action.rawValue)")
        for (name, shape) in theirs {
            #expect(
                ours[name] == shape,
                "\(action.rawValue).\(name): ours \(ours[name]?.serialized() ?? "nil"), botocore \(shape.serialized())")
        }
    }

    @Test(arguments: sampleOutputs.indices)
    func outputMembersMatchTheModel(index: Int) throws {
        let output = type(of: sampleOutputs[index])
        let operation = try #require(Self.model?[output.action.rawValue])
        let theirs = (operation["outputMembers"]?.arrayValue ?? []).compactMap(\.stringValue)
        #expect(output.memberNames.sorted() == theirs.sorted(), "\(output.action.rawValue)")
        // The sample sets every member we can set; each member AWS requires must be there.
        let emitted = try #require(sampleOutputs[index].json.objectValue)
        for required in (operation["outputRequired"]?.arrayValue ?? []).compactMap(\.stringValue) {
            #expect(emitted[required] != nil, "\(output.action.rawValue) requires \(required)")
        }
    }

    @Test func listItemMembersMatchTheModel() throws {
        let machines = try #require(Self.model?["StateMachineListItem"]?["members"]?.arrayValue)
        #expect(StateMachineListItem.memberNames.sorted() == machines.compactMap(\.stringValue).sorted())
        let executions = try #require(Self.model?["ExecutionListItem"]?["members"]?.arrayValue)
        #expect(ExecutionListItem.memberNames.sorted() == executions.compactMap(\.stringValue).sorted())
    }

    @Test func everyActionWithOutputMembersHasAnOutputType() throws {
        let typed = Set(sampleOutputs.map { type(of: $0).action })
        for action in StepFunctionsAction.allCases where action != .validateStateMachineDefinition {
            let members = try #require(Self.model?[action.rawValue]?["outputMembers"]?.arrayValue)
            #expect(members.isEmpty != typed.contains(action), "\(action.rawValue)")
        }
    }

    @Test(arguments: StepFunctionsAction.allCases)
    func everyModelErrorHasACode(action: StepFunctionsAction) throws {
        let errors = try #require(Self.model?[action.rawValue]?["errors"]?.arrayValue)
        let known = Set(StepFunctionsError.Code.allKnown.map(\.rawValue))
        for error in errors.compactMap(\.stringValue) {
            #expect(known.contains(error), "\(action.rawValue) may return \(error)")
        }
    }
}
