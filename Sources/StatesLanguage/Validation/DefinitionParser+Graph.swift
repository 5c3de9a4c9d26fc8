import JSONValue

extension DefinitionParser {
    static let machineFields: Set<String> = ["Comment", "StartAt", "States", "TimeoutSeconds", "Version", "QueryLanguage"]

    /// The top level: `StartAt`, `States` and the machine-wide fields.
    func parseMachine(_ definition: JSONValue) -> StateMachine? {
        guard case .object(let object) = definition else {
            schema(.root, "A state machine definition must be a JSON object, but this one is \(article(definition.typeName)) \(definition.typeName)")
            return nil
        }
        checkUnknownFields(object, at: .root, allowed: Self.machineFields, context: "A state machine")
        if object["QueryLanguage"] != nil {
            machineLanguage = enumeration(object, "QueryLanguage", at: .root, as: QueryLanguage.self) ?? .jsonPath
        }
        let comment = string(object, "Comment", at: .root)
        let version = string(object, "Version", at: .root)
        let timeout = integer(object, "TimeoutSeconds", at: .root, in: 1...99_999_999)
        requireFields(object, ["StartAt", "States"], at: .root, context: "The state machine")
        guard object["States"] != nil else { return nil }
        guard let graph = parseGraph(object, at: .root, label: "the state machine", language: machineLanguage) else {
            return nil
        }
        return StateMachine(graph: graph, comment: comment, version: version, timeoutSeconds: timeout,
                            queryLanguage: machineLanguage)
    }

    /// A `StartAt` + `States` object: the machine, a Parallel branch or a Map item processor.
    func parseGraph(_ object: JSONObject, at pointer: JSONPointer, label: String, language: QueryLanguage) -> StateGraph? {
        var scope = Scope(label: label, pointer: pointer)
        let startAt = string(object, "StartAt", at: pointer)
        scope.startAt = startAt
        var states = OrderedDictionary<String, State>()
        if let statesObject = jsonObject(object, "States", at: pointer) {
            if statesObject.isEmpty {
                schema(pointer.appending("States"), "\"States\" must define at least one state")
            }
            let statesPointer = pointer.appending("States")
            for (name, value) in statesObject {
                let statePointer = statesPointer.appending(name)
                checkStateName(name, at: statePointer, scope: label)
                scope.names[name] = statePointer
                scope.order.append(name)
                if let state = parseState(name: name, value: value, at: statePointer, inherited: language, scope: &scope) {
                    states[name] = state
                }
            }
        }
        scopes.append(scope)
        guard let startAt else { return nil }
        return StateGraph(startAt: startAt, states: states, comment: string(object, "Comment", at: pointer))
    }

    func checkStateName(_ name: String, at pointer: JSONPointer, scope: String) {
        if name.isEmpty {
            schema(pointer, "A state name must not be empty")
        } else if name.count > 80 {
            schema(pointer, "The state name \"\(name.prefix(20))...\" is \(name.count) characters long; state names are limited to 80")
        }
        if let existing = allStates[name] {
            report(.duplicateStateName, at: pointer,
                   "The state name \"\(name)\" is already used at \(existing.pointer); state names must be unique in the whole state machine, branches and item processors included")
        } else {
            allStates[name] = (pointer, scope)
        }
    }

    /// Checks every recorded transition against its scope, then reachability from `StartAt`.
    func resolveTransitions() {
        for scope in scopes {
            var reachable: Set<String> = []
            if let startAt = scope.startAt {
                if scope.names[startAt] != nil {
                    reachable.insert(startAt)
                } else {
                    report(.missingTransitionTarget, at: scope.pointer.appending("StartAt"),
                           "\"StartAt\" names \"\(startAt)\", which is not a state of \(scope.label); \(whatExists(startAt, in: scope))")
                }
            }
            for edge in scope.edges where scope.names[edge.target] == nil {
                report(.missingTransitionTarget, at: edge.at,
                       "\"\(edge.field)\" names \"\(edge.target)\", which is not a state of \(scope.label); \(whatExists(edge.target, in: scope))")
            }
            // Reachability only makes sense from a valid start.
            guard !reachable.isEmpty else { continue }
            var queue = Array(reachable)
            let edgesFrom = Dictionary(grouping: scope.edges, by: \.from)
            while let name = queue.popLast() {
                for edge in edgesFrom[name] ?? [] where scope.names[edge.target] != nil && !reachable.contains(edge.target) {
                    reachable.insert(edge.target)
                    queue.append(edge.target)
                }
            }
            for name in scope.order where !reachable.contains(name) {
                report(.unreachableState, at: scope.names[name]!,
                       "The state \"\(name)\" is unreachable: no StartAt, Next, Default or Catch of \(scope.label) leads to it; add a transition to it or remove it")
            }
        }
    }

    /// Explains where a missing transition target could have been meant to go.
    func whatExists(_ target: String, in scope: Scope) -> String {
        if let elsewhere = allStates[target], scope.names[target] == nil {
            return "a state of that name is defined in \(elsewhere.scope) (\(elsewhere.pointer)), but transitions cannot cross into or out of a Parallel branch or Map item processor"
        }
        if let close = Suggestion.closest(to: target, in: scope.order) {
            return "did you mean \"\(close)\"?"
        }
        if scope.order.isEmpty { return "it defines no states" }
        let listed = scope.order.prefix(8).map { "\"\($0)\"" }.joined(separator: ", ")
        let more = scope.order.count > 8 ? " and \(scope.order.count - 8) more" : ""
        return scope.order.count == 1 ? "its only state is \(listed)" : "its states are \(listed)\(more)"
    }
}
