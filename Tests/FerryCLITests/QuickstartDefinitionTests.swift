import Foundation
import Testing

@testable import FerryCLI

@Suite struct QuickstartDefinitionTests {
    @Test func theEmbeddedFanOutMachineIsTheShippedExample() throws {
        let example = URL(fileURLWithPath: #filePath).deletingLastPathComponent().deletingLastPathComponent()
            .deletingLastPathComponent().appendingPathComponent("examples/fan-out.asl.json")
        let shipped = try String(contentsOf: example, encoding: .utf8)
        #expect(Ferry.Quickstart.fanOutDefinition == shipped, "regenerate Quickstart+Definition.swift from the example")
    }
}
