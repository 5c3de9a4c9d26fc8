import JSONValue

extension DefinitionParser {
    /// One state: its type, language, allowed fields, and the type-specific fields.
    func parseState(name: String, value: JSONValue, at pointer: JSONPointer, inherited: QueryLanguage,
                    scope: inout Scope) -> State?
    {
        guard case .object(let object) = value else {
            schema(pointer, "The state \"\(name)\" must be a JSON object, but it is \(article(value.typeName)) \(value.typeName)")
            return nil
        }
        guard let typeName = string(object, "Type", at: pointer) else {
            if object["Type"] == nil {
                schema(pointer, "The state \"\(name)\" is missing required field \"Type\" (one of \(StateType.allCases.map(\.rawValue).joined(separator: ", ")))")
            }
            return nil
        }
        guard let type = StateType(rawValue: typeName) else {
            schema(pointer.appending("Type"),
                   "\"\(typeName)\" is not a state type\(Suggestion.hint(for: typeName, in: StateType.allCases.map(\.rawValue))); use one of \(StateType.allCases.map(\.rawValue).joined(separator: ", "))")
            return nil
        }
        var language = inherited
        if object["QueryLanguage"] != nil, let own = enumeration(object, "QueryLanguage", at: pointer, as: QueryLanguage.self) {
            if own == .jsonPath && machineLanguage == .jsonata {
                schema(pointer.appending("QueryLanguage"),
                       "A state cannot use JSONPath when the state machine's QueryLanguage is JSONata; remove the top-level \"QueryLanguage\" or convert this state to JSONata")
            }
            language = own
        }
        let context = "A \(type.rawValue) state"
        checkUnknownFields(object, at: pointer, allowed: StateFields.allowed(type, language), context: context) { key in
            StateFields.explain(key, type: type, language: language)
        }
        let comment = string(object, "Comment", at: pointer)
        let fields = FieldContext(object: object, pointer: pointer, name: name, language: language)

        let kind: State.Kind?
        switch type {
        case .pass: kind = parsePass(fields, scope: &scope)
        case .task: kind = parseTask(fields, scope: &scope)
        case .choice: kind = parseChoice(fields, scope: &scope)
        case .wait: kind = parseWait(fields, scope: &scope)
        case .succeed: kind = .succeed(SucceedState(dataFlow: parseDataFlow(fields)))
        case .fail: kind = parseFail(fields)
        case .parallel: kind = parseParallel(fields, scope: &scope)
        case .map: kind = parseMap(fields, scope: &scope)
        }
        guard let kind else { return nil }
        return State(name: name, comment: comment, queryLanguage: language, kind: kind)
    }

    /// What the per-type parsers need to know about the state being parsed.
    struct FieldContext {
        var object: JSONObject
        var pointer: JSONPointer
        var name: String
        var language: QueryLanguage

        subscript(key: String) -> JSONValue? { object[key] }
        func at(_ key: String) -> JSONPointer { pointer.appending(key) }
    }

    /// `Next` or `End: true`, exactly one of them.
    func parseTransition(_ f: FieldContext, scope: inout Scope) -> Transition? {
        let next = string(f.object, "Next", at: f.pointer)
        let end = bool(f.object, "End", at: f.pointer)
        switch (next, end) {
        case (let next?, true?):
            schema(f.at("End"), "The state has both \"Next\" (\"\(next)\") and \"End\": true; a state either moves on or ends, so keep one")
            return nil
        case (let next?, _):
            scope.edges.append(Edge(from: f.name, target: next, at: f.at("Next"), field: "Next"))
            return .next(next)
        case (nil, true?):
            return .end
        case (nil, false?):
            schema(f.at("End"), "\"End\": false does not end the state and no \"Next\" is given; use \"End\": true or name the next state in \"Next\"")
            return nil
        case (nil, nil):
            if f["Next"] == nil && f["End"] == nil {
                schema(f.pointer, "The state \"\(f.name)\" has neither \"Next\" nor \"End\"; add \"Next\": \"<state name>\" or \"End\": true")
            }
            return nil
        }
    }

    func parsePass(_ f: FieldContext, scope: inout Scope) -> State.Kind? {
        let transition = parseTransition(f, scope: &scope)
        let dataFlow = parseDataFlow(f)
        guard let transition else { return nil }
        return .pass(PassState(transition: transition, dataFlow: dataFlow, result: f["Result"]))
    }

    func parseTask(_ f: FieldContext, scope: inout Scope) -> State.Kind? {
        let transition = parseTransition(f, scope: &scope)
        let dataFlow = parseDataFlow(f)
        requireFields(f.object, ["Resource"], at: f.pointer, context: "The Task state \"\(f.name)\"")
        let resource = string(f.object, "Resource", at: f.pointer)
        if let resource { checkResource(resource, at: f.at("Resource")) }
        let timeout = dynamicInteger(f, "TimeoutSeconds", in: 1...99_999_999)
        let heartbeat = dynamicInteger(f, "HeartbeatSeconds", in: 1...99_999_999)
        if case .value(let t)? = timeout, case .value(let h)? = heartbeat, h >= t {
            schema(f.at("HeartbeatSeconds"), "\"HeartbeatSeconds\" (\(h)) must be smaller than \"TimeoutSeconds\" (\(t)), or the heartbeat can never fire")
        }
        if let credentials = f["Credentials"], credentials.objectValue == nil {
            typeMismatch("Credentials", at: f.at("Credentials"), expected: "an object", got: credentials)
        }
        let retry = parseRetry(f)
        let catchers = parseCatch(f, scope: &scope)
        guard let transition, let resource else { return nil }
        return .task(TaskState(transition: transition, dataFlow: dataFlow, resource: resource, timeoutSeconds: timeout,
                               heartbeatSeconds: heartbeat, credentials: f["Credentials"], retry: retry, catch: catchers))
    }

    /// Resources are ARNs (`arn:partition:service:region:account:resource`) or Ferry task URIs (`ferry:name`).
    func checkResource(_ resource: String, at pointer: JSONPointer) {
        if resource.hasPrefix("ferry:") {
            if resource.count == "ferry:".count {
                schema(pointer, "\"ferry:\" needs a task name, such as \"ferry:export\"")
            }
            return
        }
        let parts = resource.split(separator: ":", omittingEmptySubsequences: false)
        guard parts.count >= 6, parts[0] == "arn", !parts[1].isEmpty, !parts[2].isEmpty, !parts[5...].joined().isEmpty else {
            schema(pointer, "\"\(resource)\" is not a valid resource: use an ARN such as \"arn:aws:states:::lambda:invoke\" or \"arn:aws:lambda:us-east-1:123456789012:function:name\", or a Ferry task such as \"ferry:export\"")
            return
        }
        if options.machineType == .express {
            for suffix in [".waitForTaskToken", ".sync"] where resource.hasSuffix(suffix) || resource.contains(suffix + ":") {
                schema(pointer, "Express state machine does not support '\(suffix)' service integration; use a STANDARD state machine or the request-response form of the resource")
            }
        }
    }

    /// `Key` as a literal integer, `KeyPath` as a reference path, or (JSONata) a `{% %}` expression.
    func dynamicInteger(_ f: FieldContext, _ key: String, in range: ClosedRange<Int>) -> Dynamic<Int>? {
        let pathKey = key + "Path"
        exclusive(f.object, [key, pathKey], at: f.pointer)
        if let raw = f[key] {
            if f.language == .jsonata, case .string(let s) = raw {
                return jsonataExpression(s, at: f.at(key)).map { .expression($0) }
            }
            return integer(f.object, key, at: f.pointer, in: range).map { .value($0) }
        }
        if f[pathKey] != nil {
            return referencePath(f.object, pathKey, at: f.pointer).map { .path($0) }
        }
        return nil
    }

    func dynamicNumber(_ f: FieldContext, _ key: String, in range: ClosedRange<Double>) -> Dynamic<Double>? {
        let pathKey = key + "Path"
        exclusive(f.object, [key, pathKey], at: f.pointer)
        if let raw = f[key] {
            if f.language == .jsonata, case .string(let s) = raw {
                return jsonataExpression(s, at: f.at(key)).map { .expression($0) }
            }
            return number(f.object, key, at: f.pointer, in: range).map { .value($0) }
        }
        if f[pathKey] != nil {
            return referencePath(f.object, pathKey, at: f.pointer).map { .path($0) }
        }
        return nil
    }

    func parseWait(_ f: FieldContext, scope: inout Scope) -> State.Kind? {
        let transition = parseTransition(f, scope: &scope)
        let dataFlow = parseDataFlow(f)
        let keys = f.language == .jsonPath ? ["Seconds", "Timestamp", "SecondsPath", "TimestampPath"] : ["Seconds", "Timestamp"]
        let present = keys.filter { f[$0] != nil }
        guard present.count == 1 else {
            let list = keys.map { "\"\($0)\"" }.joined(separator: ", ")
            if present.isEmpty {
                schema(f.pointer, "A Wait state needs exactly one of \(list); it has none")
            } else {
                schema(f.at(present[1]), "A Wait state needs exactly one of \(list); it has \(present.map { "\"\($0)\"" }.joined(separator: " and "))")
            }
            return nil
        }
        var duration: WaitDuration?
        switch present[0] {
        case "Seconds", "SecondsPath":
            duration = dynamicInteger(f, "Seconds", in: 0...99_999_999).map { .seconds($0) }
        default:
            if case .string(let s)? = f["Timestamp"] {
                if f.language == .jsonata, s.hasPrefix("{%") {
                    duration = jsonataExpression(s, at: f.at("Timestamp")).map { .timestamp(.expression($0)) }
                } else if Timestamp.isValid(s) {
                    duration = .timestamp(.value(s))
                } else {
                    schema(f.at("Timestamp"), "\"\(s)\" is not an RFC 3339 timestamp; write it like \"2026-03-14T01:59:00Z\" (uppercase T and Z, or an offset such as +01:00)")
                }
            } else if let value = f["Timestamp"] {
                typeMismatch("Timestamp", at: f.at("Timestamp"), expected: "a string", got: value)
            } else if let path = referencePath(f.object, "TimestampPath", at: f.pointer) {
                duration = .timestamp(.path(path))
            }
        }
        guard let transition, let duration else { return nil }
        return .wait(WaitState(transition: transition, dataFlow: dataFlow, duration: duration))
    }

    func parseFail(_ f: FieldContext) -> State.Kind? {
        var valid = true
        func field(_ key: String) -> FailField? {
            let pathKey = key + "Path"
            if exclusive(f.object, [key, pathKey], at: f.pointer).count > 1 { valid = false }
            if let s = string(f.object, key, at: f.pointer) {
                if f.language == .jsonata, s.hasPrefix("{%") {
                    guard let e = jsonataExpression(s, at: f.at(key)) else { valid = false; return nil }
                    return .expression(e)
                }
                return .value(s)
            }
            if f[key] != nil { valid = false }
            guard let text = string(f.object, pathKey, at: f.pointer) else {
                if f[pathKey] != nil { valid = false }
                return nil
            }
            if IntrinsicCall.looksLikeCall(text) {
                guard let call = intrinsic(text, at: f.at(pathKey)) else { valid = false; return nil }
                return .intrinsic(call)
            }
            guard let path = path(text, at: f.at(pathKey), field: pathKey, reference: true) else { valid = false; return nil }
            return .path(path)
        }
        let error = field("Error")
        let cause = field("Cause")
        guard valid else { return nil }
        return .fail(FailState(error: error, cause: cause))
    }

    func parseParallel(_ f: FieldContext, scope: inout Scope) -> State.Kind? {
        let transition = parseTransition(f, scope: &scope)
        let dataFlow = parseDataFlow(f)
        requireFields(f.object, ["Branches"], at: f.pointer, context: "The Parallel state \"\(f.name)\"")
        var branches: [StateGraph] = []
        var valid = true
        if let array = jsonArray(f.object, "Branches", at: f.pointer) {
            if array.isEmpty { schema(f.at("Branches"), "\"Branches\" must hold at least one branch") }
            for (i, value) in array.enumerated() {
                let p = f.at("Branches").appending(i)
                guard case .object(let branch) = value else {
                    schema(p, "Each branch must be an object with \"StartAt\" and \"States\", but branch \(i + 1) is \(article(value.typeName)) \(value.typeName)")
                    valid = false
                    continue
                }
                let label = "branch \(i + 1) of the Parallel state \"\(f.name)\""
                checkUnknownFields(branch, at: p, allowed: ["StartAt", "States", "Comment"], context: "A Parallel branch")
                requireFields(branch, ["StartAt", "States"], at: p, context: "Branch \(i + 1)")
                if let graph = parseGraph(branch, at: p, label: label, language: f.language) {
                    branches.append(graph)
                } else {
                    valid = false
                }
            }
        }
        let retry = parseRetry(f)
        let catchers = parseCatch(f, scope: &scope)
        guard let transition, valid, !branches.isEmpty else { return nil }
        return .parallel(ParallelState(transition: transition, dataFlow: dataFlow, branches: branches, retry: retry,
                                       catch: catchers))
    }
}
