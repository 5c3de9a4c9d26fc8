import Foundation
import JSONValue
import JSONata

// A typical `{% %}` transform: filter, map and aggregate over 1,000 objects. The same expression and data are in
// jsonata_python_bench.py, so both implementations can be timed in one run (see README.md).
let expression = """
    {
      "count": $count(orders[status = 'shipped']),
      "revenue": $round($sum(orders[status = 'shipped'].(price * quantity)), 2),
      "customers": $distinct(orders[price > 50].customer) ~> $count(),
      "top": (orders^(>price))[[0..2]].{ "id": id, "total": price * quantity }
    }
    """

func makeData(count: Int) -> JSONValue {
    var orders: [JSONValue] = []
    let statuses = ["shipped", "pending", "cancelled"]
    for i in 0..<count {
        orders.append([
            "id": .integer(i),
            "customer": .string("c\(i % 97)"),
            "status": .string(statuses[i % 3]),
            "price": .double(Double(i % 100) + 0.5),
            "quantity": .integer(i % 7 + 1),
        ])
    }
    return ["orders": .array(orders)]
}

let iterations = CommandLine.arguments.count > 1 ? Int(CommandLine.arguments[1]) ?? 2000 : 2000
let data = makeData(count: 1000)
if CommandLine.arguments.contains("--dump-data") {
    print(data.serialized())
    exit(0)
}
let compiled = try CompiledJSONata(compiling: expression)
let first = try compiled.evaluate(input: data)
for _ in 0..<50 { _ = try compiled.evaluate(input: data) }  // warm-up
let clock = ContinuousClock()
let elapsed = try clock.measure {
    for _ in 0..<iterations { _ = try compiled.evaluate(input: data) }
}
let seconds = Double(elapsed.components.seconds) + Double(elapsed.components.attoseconds) / 1e18
print("result: \(first?.serialized() ?? "undefined")")
print(
    String(
        format: "ferry-jsonata: %d evaluations in %.3f s = %.0f evaluations/s", iterations, seconds,
        Double(iterations) / seconds))
