import JSONValue
import JSONata
import Testing

@Suite("Sharing compiled expressions", .timeLimit(.minutes(1)))
struct ConcurrencyTests {
    @Test func oneExpressionEvaluatedFromManyTasks() async throws {
        let expr = try CompiledJSONata(
            compiling:
                "items[$contains(name, /a/i)].{ 'n': $uppercase(name), 'v': v * 2 } ^(>v) ~> $map(function($x){ $x.v })"
        )
        let input: JSONValue = ["items": .array((0..<50).map { ["name": .string("name\($0)"), "v": .integer($0)] })]
        let expected = try expr.evaluate(input: input)
        try await withThrowingTaskGroup(of: JSONValue?.self) { group in
            for _ in 0..<16 {
                group.addTask { try expr.evaluate(input: input) }
            }
            for try await result in group {
                #expect(result == expected)
            }
        }
    }
}
