import JSONValue

extension DefinitionParser {
    /// The error names Step Functions itself raises.
    static let predefinedErrors: Set<String> = [
        "States.ALL", "States.DataLimitExceeded", "States.ExceedToleratedFailureThreshold", "States.HeartbeatTimeout",
        "States.Http.Socket", "States.IntrinsicFailure", "States.ItemReaderFailed", "States.NoChoiceMatched",
        "States.ParameterPathFailure", "States.Permissions", "States.ResultPathMatchFailure",
        "States.ResultWriterFailed", "States.Runtime", "States.TaskFailed", "States.Timeout", "States.BranchFailed",
        "States.QueryEvaluationError",
    ]

    static let retrierFields: Set<String> = ["ErrorEquals", "IntervalSeconds", "MaxAttempts", "BackoffRate",
                                             "MaxDelaySeconds", "JitterStrategy", "Comment"]
    static let jsonPathCatcherFields: Set<String> = ["ErrorEquals", "Next", "ResultPath", "Comment", "Assign"]
    static let jsonataCatcherFields: Set<String> = ["ErrorEquals", "Next", "Output", "Comment", "Assign"]

    func parseRetry(_ f: FieldContext) -> [Retrier] {
        guard let array = jsonArray(f.object, "Retry", at: f.pointer) else { return [] }
        var retriers: [Retrier] = []
        for (i, value) in array.enumerated() {
            let p = f.at("Retry").appending(i)
            guard case .object(let object) = value else {
                schema(p, "A retrier must be an object, but it is \(article(value.typeName)) \(value.typeName)")
                continue
            }
            checkUnknownFields(object, at: p, allowed: Self.retrierFields, context: "A retrier")
            _ = string(object, "Comment", at: p)
            let errors = errorEquals(object, at: p, isLast: i == array.count - 1, kind: "retrier")
            var retrier = Retrier(errorEquals: errors ?? [])
            if let v = integer(object, "IntervalSeconds", at: p, in: 1...99_999_999) { retrier.intervalSeconds = v }
            if let v = integer(object, "MaxAttempts", at: p, in: 0...99_999_999) { retrier.maxAttempts = v }
            if let v = number(object, "BackoffRate", at: p, in: 1.0...Double.greatestFiniteMagnitude) { retrier.backoffRate = v }
            retrier.maxDelaySeconds = integer(object, "MaxDelaySeconds", at: p, in: 1...31_622_400)
            if let v = enumeration(object, "JitterStrategy", at: p, as: JitterStrategy.self) { retrier.jitterStrategy = v }
            if let max = retrier.maxDelaySeconds, object["IntervalSeconds"] != nil, max < retrier.intervalSeconds {
                warn(p.appending("MaxDelaySeconds"), "\"MaxDelaySeconds\" (\(max)) is below \"IntervalSeconds\" (\(retrier.intervalSeconds)), so every retry waits \(max) seconds")
            }
            if errors != nil { retriers.append(retrier) }
        }
        return retriers
    }

    func parseCatch(_ f: FieldContext, scope: inout Scope) -> [Catcher] {
        guard let array = jsonArray(f.object, "Catch", at: f.pointer) else { return [] }
        var catchers: [Catcher] = []
        let allowed = f.language == .jsonPath ? Self.jsonPathCatcherFields : Self.jsonataCatcherFields
        for (i, value) in array.enumerated() {
            let p = f.at("Catch").appending(i)
            guard case .object(let object) = value else {
                schema(p, "A catcher must be an object, but it is \(article(value.typeName)) \(value.typeName)")
                continue
            }
            checkUnknownFields(object, at: p, allowed: allowed, context: "A catcher") { key in
                key == "ResultPath" ? "\"ResultPath\" is a JSONPath field; a JSONata catcher shapes its output with \"Output\" and $states.errorOutput"
                    : key == "Output" ? "\"Output\" is a JSONata field; a JSONPath catcher places the error with \"ResultPath\"" : nil
            }
            _ = string(object, "Comment", at: p)
            let errors = errorEquals(object, at: p, isLast: i == array.count - 1, kind: "catcher")
            let next = string(object, "Next", at: p)
            if object["Next"] == nil { schema(p, "A catcher needs \"Next\": the state to go to when it catches an error") }
            if let next { scope.edges.append(Edge(from: f.name, target: next, at: p.appending("Next"), field: "Catch.Next")) }
            var resultPath: NullablePath?
            if let value = object["ResultPath"], f.language == .jsonPath {
                switch value {
                case .null: resultPath = .null
                case .string(let text): resultPath = path(text, at: p.appending("ResultPath"), field: "ResultPath", reference: true, inputOnly: true).map { .path($0) }
                default: typeMismatch("ResultPath", at: p.appending("ResultPath"), expected: "a path string or null", got: value)
                }
            }
            let output = f.language == .jsonata ? object["Output"].flatMap { jsonataTemplate($0, at: p.appending("Output")) } : nil
            let assign = object["Assign"].flatMap { assignment($0, at: p.appending("Assign"), language: f.language) }
            if let errors, let next {
                catchers.append(Catcher(errorEquals: errors, next: next, resultPath: resultPath, output: output, assign: assign))
            }
        }
        return catchers
    }

    /// `ErrorEquals`: a non-empty array of error names; `States.ALL` alone and only in the last rule.
    func errorEquals(_ object: JSONObject, at pointer: JSONPointer, isLast: Bool, kind: String) -> [String]? {
        guard object["ErrorEquals"] != nil else {
            schema(pointer, "A \(kind) needs \"ErrorEquals\": the error names it handles, such as [\"States.ALL\"]")
            return nil
        }
        guard let array = jsonArray(object, "ErrorEquals", at: pointer) else { return nil }
        let p = pointer.appending("ErrorEquals")
        guard !array.isEmpty else {
            schema(p, "\"ErrorEquals\" must name at least one error, such as \"States.ALL\" or \"States.Timeout\"")
            return nil
        }
        var names: [String] = []
        for (i, value) in array.enumerated() {
            guard case .string(let name) = value else {
                schema(p.appending(i), "Error names must be strings, but this one is \(article(value.typeName)) \(value.typeName)")
                return nil
            }
            if name.isEmpty { schema(p.appending(i), "An error name must not be empty") }
            if name.hasPrefix("States."), !Self.predefinedErrors.contains(name) {
                warn(p.appending(i), "\"\(name)\" is not an error Step Functions raises\(Suggestion.hint(for: name, in: Self.predefinedErrors)), so this \(kind) never matches it")
            }
            names.append(name)
        }
        if names.contains("States.ALL") {
            if names.count > 1 {
                schema(p, "\"States.ALL\" must appear alone in \"ErrorEquals\"; it already matches every error")
            }
            if !isLast {
                schema(p, "The \(kind) with \"States.ALL\" must be the last one, or the \(kind)s after it can never match")
            }
        }
        return names
    }
}
