public import ArgumentParser
import JSONValue
public import StatesLanguage

extension Ferry {
    /// `ferry validate FILE...`
    struct Validate: AsyncParsableCommand {
        static let configuration = CommandConfiguration(
            abstract: "Check state machine definitions as strictly as AWS Step Functions does.",
            discussion: """
                Reads each FILE (JSON, or YAML when it ends in .yaml/.yml or does not start with '{') and reports \
                every problem, not just the first: where (file:line:column and the JSON Pointer of the field) and \
                what to do about it. Warnings (deprecated fields, error names that never occur) do not make a \
                definition invalid.

                Exit status: 0 all definitions are valid; 1 at least one is invalid or unreadable; 2 usage errors \
                (unknown options, a missing file).
                """
        )

        enum OutputFormat: String, ExpressibleByArgument, CaseIterable {
            case text, json
        }

        @Argument(help: ArgumentHelp("State machine definition files.", valueName: "file"), completion: .file())
        var files: [String]

        @Option(help: "Output format: text (for people) or json (for scripts).")
        var format: OutputFormat = .text

        @Option(name: .long, help: ArgumentHelp("State machine type to validate for: STANDARD or EXPRESS.", valueName: "type"))
        var type: ValidationOptions.MachineType = .standard

        @OptionGroup var global: GlobalOptions

        func run() async throws {
            global.bootstrapLogging()
            var reports: [FileReport] = []
            var usageError = false
            for file in files {
                do {
                    let source = try DefinitionSource.load(path: file)
                    let result = StateMachine.validate(source.value, options: ValidationOptions(machineType: type))
                    let positions = source.positions(of: result.diagnostics.map(\.location))
                    reports.append(FileReport(file: file, loadError: nil, diagnostics: result.diagnostics, positions: positions,
                                              stateCount: result.machine.map(Self.countStates)))
                } catch {
                    usageError = usageError || error.isUsageError
                    reports.append(FileReport(file: file, loadError: error.description, diagnostics: [], positions: [:], stateCount: nil))
                }
            }
            switch format {
            case .text: printText(reports)
            case .json: print(Self.json(reports).serialized(pretty: true))
            }
            if usageError { throw ExitCode(2) }
            if reports.contains(where: { !$0.isValid }) { throw ExitCode(1) }
        }

        struct FileReport {
            var file: String
            var loadError: String?
            var diagnostics: [Diagnostic]
            var positions: [JSONPointer: SourcePosition]
            var stateCount: Int?

            var isValid: Bool { loadError == nil && !diagnostics.contains { $0.severity == .error } }
        }

        func printText(_ reports: [FileReport]) {
            for report in reports {
                if let loadError = report.loadError {
                    printError("error: \(loadError)")
                    continue
                }
                // In file order where positions are known, so the output reads top to bottom.
                let sorted = report.diagnostics.enumerated().sorted { a, b in
                    let pa = report.positions[a.element.location], pb = report.positions[b.element.location]
                    switch (pa, pb) {
                    case let (pa?, pb?) where pa != pb: return (pa.line, pa.column) < (pb.line, pb.column)
                    default: return a.offset < b.offset
                    }
                }.map(\.element)
                for d in sorted {
                    let place = report.positions[d.location].map { "\(report.file):\($0.line):\($0.column)" } ?? report.file
                    let severity = d.severity == .error ? "error" : "warning"
                    print("\(place): \(severity): \(d.message) [\(d.code) at \(d.location)]")
                }
                let errors = report.diagnostics.filter { $0.severity == .error }.count
                let warnings = report.diagnostics.count - errors
                if errors == 0 {
                    let states = report.stateCount.map { " (\($0) state\($0 == 1 ? "" : "s"))" } ?? ""
                    let warned = warnings > 0 ? ", \(warnings) warning\(warnings == 1 ? "" : "s")" : ""
                    print("\(report.file): valid\(states)\(warned)")
                } else {
                    print("\(report.file): invalid: \(errors) error\(errors == 1 ? "" : "s")\(warnings > 0 ? ", \(warnings) warning\(warnings == 1 ? "" : "s")" : "")")
                }
            }
        }

        static func json(_ reports: [FileReport]) -> JSONValue {
            var files: [JSONValue] = []
            for report in reports {
                var object: JSONObject = ["file": .string(report.file), "valid": .bool(report.isValid)]
                if let loadError = report.loadError {
                    object["error"] = .string(loadError)
                }
                object["diagnostics"] = .array(report.diagnostics.map { d in
                    var entry: JSONObject = [
                        "severity": .string(d.severity.rawValue), "code": .string(d.code.rawValue),
                        "location": .string(d.location.description), "message": .string(d.message),
                    ]
                    if let position = report.positions[d.location] {
                        entry["line"] = .integer(position.line)
                        entry["column"] = .integer(position.column)
                    }
                    return .object(entry)
                })
                files.append(.object(object))
            }
            return .object(["valid": .bool(reports.allSatisfy(\.isValid)), "files": .array(files)])
        }

        static func countStates(_ machine: StateMachine) -> Int {
            func count(_ graph: StateGraph) -> Int {
                graph.states.values.reduce(graph.states.count) { total, state in
                    switch state.kind {
                    case .parallel(let p): total + p.branches.map(count).reduce(0, +)
                    case .map(let m): total + count(m.itemProcessor)
                    default: total
                    }
                }
            }
            return count(machine.graph)
        }
    }
}

extension ValidationOptions.MachineType: ExpressibleByArgument {}
