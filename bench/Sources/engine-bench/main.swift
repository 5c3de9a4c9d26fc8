// Runs one state machine in-process with Ferry's engine (history recorded, no real waiting) and prints
// {"transitions", "seconds", "maxrss_mb"} as JSON. Driven by bench/engine.py.
//
//   engine-bench DEFINITION.json INPUT.json
import Foundation
import JSONValue
import StatesEngine
import StatesLanguage

let arguments = CommandLine.arguments
guard arguments.count == 3 else {
    FileHandle.standardError.write(Data("usage: engine-bench DEFINITION.json INPUT.json\n".utf8))
    exit(2)
}
let definition = try JSONParser().parse(Array(FileManager.default.contents(atPath: arguments[1])!))
let input = try JSONParser().parse(Array(FileManager.default.contents(atPath: arguments[2])!))
let machine = try StateMachine.parse(definition)
let configuration = ExecutionConfiguration(clock: VirtualExecutionClock(), recordsHistory: true)

let clock = ContinuousClock()
var result: ExecutionResult?
// The execution runs FERRY_BENCH_REPEAT times (3 by default) in this process; the fastest run is reported, so
// the figure is the warm, steady-state cost rather than first-call set-up.
let repeats = max(1, Int(ProcessInfo.processInfo.environment["FERRY_BENCH_REPEAT"] ?? "3") ?? 3)
var elapsed = Duration.seconds(1_000_000)
for _ in 0..<repeats {
    let run = await clock.measure {
        result = await Executor.run(machine, input: input, configuration: configuration)
    }
    elapsed = min(elapsed, run)
}
guard let result, result.status == .succeeded else {
    FileHandle.standardError.write(Data("run failed: \(String(describing: result?.json()))\n".utf8))
    exit(1)
}
let transitions = result.events.filter { $0.type.hasSuffix("StateEntered") }.count
var usage = rusage()
getrusage(RUSAGE_SELF.rawValue, &usage)
let seconds = Double(elapsed.components.seconds) + Double(elapsed.components.attoseconds) / 1e18
let report: JSONValue = [
    "transitions": .integer(transitions), "seconds": .double(seconds),
    "maxrss_mb": .double(Double(usage.ru_maxrss) / 1024), "events": .integer(result.events.count),
]
print(report.serialized())
