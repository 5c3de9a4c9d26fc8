import Foundation
import JSONValue
import StatesLanguage
import Testing

/// One definition from `Fixtures/conformance-definitions.json` (drawn from `../shared/conformance/cases`).
struct ConformanceCase: Sendable, CustomTestStringConvertible {
    var id: String
    var category: String
    var definition: JSONValue

    var testDescription: String { id }

    /// The one validation case AWS rejects only for EXPRESS state machines.
    var needsExpress: Bool { id.contains("test_illegal_callbacks") }

    /// Loads every case; on failure returns none, which ``ConformanceDefinitionTests/fixtureLoads()`` reports.
    static func load() -> [ConformanceCase] {
        (try? loadOrThrow()) ?? []
    }

    static func loadOrThrow() throws -> [ConformanceCase] {
        guard let url = Bundle.module.url(forResource: "conformance-definitions", withExtension: "json", subdirectory: "Fixtures")
        else {
            throw CocoaError(.fileNoSuchFile)
        }
        let document = try JSONParser().parse(try Data(contentsOf: url))
        guard let entries = document.arrayValue else { throw CocoaError(.fileReadCorruptFile) }
        return try entries.map { entry in
            guard let id = entry["id"]?.stringValue, let category = entry["category"]?.stringValue,
                let definition = entry["definition"]
            else { throw CocoaError(.fileReadCorruptFile) }
            return ConformanceCase(id: id, category: category, definition: definition)
        }
    }

    static let all = load()
}

@Suite struct ConformanceDefinitionTests {
    @Test func fixtureLoads() throws {
        let cases = try ConformanceCase.loadOrThrow()
        #expect(cases.count == 517)
        #expect(cases.filter { $0.category == "validation" }.count == 47)
        #expect(cases.filter(\.needsExpress).count == 1)
        #expect(Set(cases.map(\.id)).count == cases.count, "case ids must be unique")
    }

    @Test(arguments: ConformanceCase.all.filter { $0.category == "validation" })
    func awsRejectedIt(_ c: ConformanceCase) {
        if c.needsExpress {
            let express = StateMachine.validate(c.definition, options: ValidationOptions(machineType: .express))
            #expect(!express.errors.isEmpty, "EXPRESS must reject \(c.id)")
            #expect(express.machine == nil)
            let standard = StateMachine.validate(c.definition, options: ValidationOptions(machineType: .standard))
            #expect(standard.errors.isEmpty, "STANDARD accepts it:\n\(describe(standard.diagnostics))")
        } else {
            let result = StateMachine.validate(c.definition)
            #expect(!result.errors.isEmpty, "AWS rejected \(c.id)")
            #expect(result.machine == nil)
        }
    }

    @Test(arguments: ConformanceCase.all.filter { $0.category != "validation" })
    func awsAcceptedIt(_ c: ConformanceCase) {
        let result = StateMachine.validate(c.definition)
        #expect(result.errors.isEmpty, "AWS accepted \(c.id) (\(c.category)):\n\(describe(result.diagnostics))")
        #expect(result.machine != nil)
    }
}
