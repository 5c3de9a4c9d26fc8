import FerryCLI
import JSONValue
import Testing

@Suite struct DefinitionSourceTests {
    @Test func yamlScalarsBecomeJSONTypes() throws {
        let yaml = """
            Comment: machine
            StartAt: A
            TimeoutSeconds: 60
            States:
              A:
                Type: Wait
                Timestamp: 2026-03-14T01:59:00Z
                Result: {ratio: 1.5, on: true, none: null, list: [1, two]}
                End: true
            """
        let source = try DefinitionSource.parse(bytes: Array(yaml.utf8), path: "m.yaml")
        #expect(source.format == .yaml)
        #expect(source.value["TimeoutSeconds"] == .integer(60))
        let a = try #require(source.value["States"]?["A"])
        // Timestamps stay strings, as ASL expects.
        #expect(a["Timestamp"] == .string("2026-03-14T01:59:00Z"))
        #expect(a["Result"] == ["ratio": 1.5, "on": true, "none": nil, "list": [1, "two"]])
        #expect(a["End"] == true)
        // Member order is kept.
        #expect(source.value.objectValue?.keys.elementsEqual(["Comment", "StartAt", "TimeoutSeconds", "States"]) == true)
    }

    @Test func positionsPointIntoTheSource() throws {
        let json = "{\n  \"StartAt\": \"A\",\n  \"States\": {\"A\": {\"Type\": \"Succeed\"}}\n}"
        let source = try DefinitionSource.parse(bytes: Array(json.utf8), path: "m.json")
        let typePointer = JSONPointer(tokens: ["States", "A", "Type"])
        #expect(source.position(of: typePointer) == SourcePosition(line: 3, column: 28))
        // A pointer to something absent resolves to its nearest existing ancestor.
        #expect(source.position(of: JSONPointer(tokens: ["States", "A", "Next"])) == SourcePosition(line: 3, column: 19))

        let yaml = "StartAt: A\nStates:\n  A:\n    Type: Succeed\n"
        let yamlSource = try DefinitionSource.parse(bytes: Array(yaml.utf8), path: "m.yml")
        #expect(yamlSource.position(of: typePointer) == SourcePosition(line: 4, column: 11))
    }

    @Test func formatIsSniffedWithoutAnExtension() throws {
        #expect(try DefinitionSource.parse(bytes: Array(" {\"a\": 1}".utf8), path: "def").format == .json)
        #expect(try DefinitionSource.parse(bytes: Array("a: 1".utf8), path: "def").format == .yaml)
    }

    @Test(arguments: [
        ("a: [1, 2", "m.yaml", "invalid YAML"),
        ("a: 1\na: 2\n", "m.yaml", "duplicated key(s): 'a'"),
        ("{\"a\": }", "m.json", "m.json:1:7: invalid JSON"),
        ("\n\n", "m.json", "the file is empty"),
    ])
    func badInputGetsOneLine(text: String, path: String, fragment: String) {
        #expect {
            try DefinitionSource.parse(bytes: Array(text.utf8), path: path)
        } throws: { error in
            let message = "\(error)"
            return message.contains(fragment) && !message.contains("\n")
        }
    }

    @Test func yamlAliasesAreResolved() throws {
        let source = try DefinitionSource.parse(bytes: Array("a: &x {k: 1}\nb: *x\n".utf8), path: "m.yaml")
        #expect(source.value["b"] == ["k": 1])
    }

    @Test func invalidUTF8IsRefused() {
        #expect(throws: DefinitionSource.LoadError.self) {
            try DefinitionSource.parse(bytes: [0x61, 0x3A, 0x20, 0xFF, 0xFE], path: "m.yaml")
        }
        #expect(throws: DefinitionSource.LoadError.self) {
            try DefinitionSource.parse(bytes: [0x22, 0xFF, 0x22], path: "m.json")
        }
    }
}
