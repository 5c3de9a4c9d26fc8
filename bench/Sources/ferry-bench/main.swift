// Ferry's benchmarks. Each prints its figures and, where a native path exists, the ratio against it
// measured in the same run.
import Foundation
import JSONValue
import StatesLanguage

/// Runs `body` `iterations` times after a warm-up and returns the sorted durations in milliseconds.
func measure(iterations: Int, _ body: () throws -> Void) rethrows -> [Double] {
    for _ in 0..<3 { try body() }
    var samples: [Double] = []
    let clock = ContinuousClock()
    for _ in 0..<iterations {
        let elapsed = try clock.measure(body)
        samples.append(Double(elapsed.components.attoseconds) / 1e15 + Double(elapsed.components.seconds) * 1e3)
    }
    return samples.sorted()
}

func percentile(_ sorted: [Double], _ p: Double) -> Double {
    sorted[min(sorted.count - 1, Int(Double(sorted.count) * p))]
}

func format(_ ms: Double) -> String { String(format: "%.3f ms", ms) }

/// A realistic 1,000-state definition: Task chains with Retry/Catch and payload templates, Choice states, a
/// Parallel state and a Map state, all reachable.
func makeDefinition(states count: Int) -> String {
    var states: [String] = []
    for i in 0..<count {
        let next = i + 1 < count ? "\"Next\": \"S\(i + 1)\"" : "\"End\": true"
        switch i % 5 {
        case 0:
            states.append("""
                "S\(i)": {"Type": "Task", "Resource": "ferry:export", "Parameters": {"company.$": "$.company", \
                "table.$": "$.tables[0].name", "batch.$": "$$.Execution.Name", "label.$": "States.Format('part-{}', $.n)"}, \
                "ResultSelector": {"rows.$": "$.rows"}, "ResultPath": "$.result", "TimeoutSeconds": 300, "HeartbeatSeconds": 60, \
                "Retry": [{"ErrorEquals": ["States.Timeout"], "IntervalSeconds": 1, "MaxAttempts": 3, "BackoffRate": 2}, \
                {"ErrorEquals": ["States.ALL"], "IntervalSeconds": 2, "MaxAttempts": 2, "BackoffRate": 1.5, "JitterStrategy": "FULL"}], \
                "Catch": [{"ErrorEquals": ["States.ALL"], "ResultPath": "$.error", \(next.replacingOccurrences(of: "\"End\": true", with: "\"Next\": \"S\(i)\""))}], \(next)}
                """)
        case 1:
            states.append("""
                "S\(i)": {"Type": "Choice", "Choices": [{"And": [{"Variable": "$.rows", "NumericGreaterThan": 0}, \
                {"Variable": "$.status", "StringMatches": "ok*"}], "Next": "\(i + 1 < count ? "S\(i + 1)" : "S0")"}, \
                {"Not": {"Variable": "$.flag", "IsPresent": true}, "Next": "\(i + 1 < count ? "S\(i + 1)" : "S0")"}], \
                "Default": "\(i + 1 < count ? "S\(i + 1)" : "S0")"}
                """)
        case 2:
            states.append("""
                "S\(i)": {"Type": "Pass", "Parameters": {"a.$": "$.x", "b": [1, 2, {"c.$": "$.y"}]}, "ResultPath": "$.p", \
                "Assign": {"counter.$": "States.MathAdd($.n, 1)"}, \(next)}
                """)
        case 3:
            states.append("""
                "S\(i)": {"Type": "Wait", "SecondsPath": "$.delay", \(next)}
                """)
        default:
            states.append("""
                "S\(i)": {"Type": "Map", "ItemsPath": "$.items", "MaxConcurrency": 4, "ItemSelector": {"v.$": "$$.Map.Item.Value"}, \
                "ItemProcessor": {"StartAt": "M\(i)", "States": {"M\(i)": {"Type": "Pass", "End": true}}}, "ResultPath": "$.m", \(next)}
                """)
        }
    }
    return "{\"Comment\": \"benchmark\", \"StartAt\": \"S0\", \"States\": {\(states.joined(separator: ", "))}}"
}

let definition = makeDefinition(states: 1_000)
let bytes = Array(definition.utf8)
let data = Data(bytes)
print("Definition: 1,000 states (plus Map processors), \(bytes.count) bytes")

// Parse + validate, as `ferry validate` does.
var stateCount = 0
let validate = try measure(iterations: 50) {
    let value = try JSONParser().parse(bytes)
    let result = StateMachine.validate(value)
    precondition(result.errors.isEmpty, "benchmark definition must be valid: \(result.errors.prefix(3))")
    stateCount = result.machine!.graph.states.count
}
precondition(stateCount == 1_000)
print("validate (parse JSON + validate + build model): median \(format(percentile(validate, 0.5))), p90 \(format(percentile(validate, 0.9)))  [target: well under 50 ms]")

// FERRY_BENCH_ONLY=validate stops here (for profilers).
if ProcessInfo.processInfo.environment["FERRY_BENCH_ONLY"] == "validate" { exit(0) }

// The JSON parser against Foundation's JSONSerialization on the same bytes.
let ours = try measure(iterations: 50) { _ = try JSONParser().parse(bytes) }
let foundation = try measure(iterations: 50) { _ = try JSONSerialization.jsonObject(with: data) }
let mb = Double(bytes.count) / 1_048_576
print(String(format: "JSON parse: Ferry %.1f MB/s, Foundation JSONSerialization %.1f MB/s (ratio %.2fx)",
             mb / (percentile(ours, 0.5) / 1000), mb / (percentile(foundation, 0.5) / 1000),
             percentile(foundation, 0.5) / percentile(ours, 0.5)))

let value = try JSONParser().parse(bytes)
let serialize = measure(iterations: 50) { _ = value.serialized() }
let foundationOut = try measure(iterations: 50) { _ = try JSONSerialization.data(withJSONObject: JSONSerialization.jsonObject(with: data)) }
print(String(format: "JSON serialize: Ferry %.1f MB/s (Foundation parse+serialize round trip %.1f MB/s)",
             mb / (percentile(serialize, 0.5) / 1000), mb / (percentile(foundationOut, 0.5) / 1000)))
