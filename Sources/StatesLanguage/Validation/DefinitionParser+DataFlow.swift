import JSONValue
import JSONata

extension DefinitionParser {
    /// The JSONPath or JSONata data-flow fields the state has (unknown ones were already reported).
    ///
    /// A Map state passes `hasParameters: false`: its `Parameters` is the deprecated name of `ItemSelector`.
    func parseDataFlow(_ f: FieldContext, hasParameters: Bool = true) -> DataFlow {
        var flow = DataFlow()
        if f.language == .jsonPath {
            flow.inputPath = nullablePath(f, "InputPath", reference: false)
            flow.outputPath = nullablePath(f, "OutputPath", reference: false)
            flow.resultPath = nullablePath(f, "ResultPath", reference: true)
            if hasParameters, let value = f["Parameters"] { flow.parameters = payloadTemplateObject(value, at: f.at("Parameters"), field: "Parameters") }
            if let value = f["ResultSelector"] {
                flow.resultSelector = payloadTemplateObject(value, at: f.at("ResultSelector"), field: "ResultSelector")
            }
        } else {
            if let value = f["Arguments"] { flow.arguments = argumentsTemplate(value, at: f.at("Arguments")) }
            if let value = f["Output"] { flow.output = jsonataTemplate(value, at: f.at("Output")) }
        }
        if let value = f["Assign"] { flow.assign = assignment(value, at: f.at("Assign"), language: f.language) }
        return flow
    }

    /// `InputPath`, `OutputPath`, `ResultPath`: a path or null.
    func nullablePath(_ f: FieldContext, _ key: String, reference: Bool) -> NullablePath? {
        guard let value = f[key] else { return nil }
        switch value {
        case .null: return .null
        case .string(let text):
            return path(text, at: f.at(key), field: key, reference: reference, inputOnly: key == "ResultPath").map { .path($0) }
        default:
            typeMismatch(key, at: f.at(key), expected: "a path string or null", got: value)
            return nil
        }
    }

    /// A `...Path` field that must be a reference path.
    func referencePath(_ object: JSONObject, _ key: String, at pointer: JSONPointer) -> JSONPath? {
        guard let text = string(object, key, at: pointer) else { return nil }
        return path(text, at: pointer.appending(key), field: key, reference: true)
    }

    /// Parses a path, reporting syntax errors and (where required) paths that are not reference paths.
    func path(_ text: String, at pointer: JSONPointer, field: String, reference: Bool, inputOnly: Bool = false) -> JSONPath? {
        let parsed: JSONPath
        do {
            parsed = try JSONPath.parse(text)
        } catch {
            report(.invalidJSONPath, at: pointer, "\"\(field)\" is not a valid path: \(error.message)")
            return nil
        }
        if inputOnly, parsed.root != .input {
            report(.invalidJSONPath, at: pointer, "\"\(field)\" must start with \"$\" and point into the state's data; \"\(text)\" refers to \(parsed.root == .context ? "the context object" : "a variable"), which cannot be written")
            return nil
        }
        if reference, !parsed.isReferencePath {
            report(.invalidJSONPath, at: pointer, "\"\(field)\" must be a reference path (only .name, ['name'] and [index] steps), but \"\(text)\" can select several values")
            return nil
        }
        return parsed
    }

    func intrinsic(_ text: String, at pointer: JSONPointer) -> IntrinsicCall? {
        do {
            return try IntrinsicCall.parse(text)
        } catch {
            report(.invalidIntrinsicFunction, at: pointer, error.description)
            return nil
        }
    }

    /// `Parameters`, `ResultSelector`, `ItemSelector`: a JSON object template.
    func payloadTemplateObject(_ value: JSONValue, at pointer: JSONPointer, field: String) -> PayloadTemplate? {
        guard case .object = value else {
            typeMismatch(field, at: pointer, expected: "an object", got: value)
            return nil
        }
        return payloadTemplate(value, at: pointer)
    }

    /// A payload template: keys ending in `.$` take a path or an intrinsic call; all else is copied.
    func payloadTemplate(_ value: JSONValue, at pointer: JSONPointer) -> PayloadTemplate? {
        switch value {
        case .object(let object):
            var members = OrderedDictionary<String, PayloadTemplate>()
            var valid = true
            for (key, member) in object {
                let p = pointer.appending(key)
                if key.hasSuffix(".$") {
                    let name = String(key.dropLast(2))
                    guard case .string(let text) = member else {
                        schema(p, "The value of \"\(key)\" must be a string holding a path or an intrinsic function call (keys ending in \".$\" are evaluated), but it is \(article(member.typeName)) \(member.typeName)")
                        valid = false
                        continue
                    }
                    if members[name] != nil {
                        schema(p, "\"\(key)\" and \"\(name)\" both set the field \"\(name)\"; keep one")
                    }
                    guard let evaluated = dynamicValue(text, at: p, field: key) else { valid = false; continue }
                    members[name] = evaluated
                } else {
                    guard let template = payloadTemplate(member, at: p) else { valid = false; continue }
                    if members[key] != nil {
                        schema(p, "\"\(key).$\" and \"\(key)\" both set the field \"\(key)\"; keep one")
                    }
                    members[key] = template
                }
            }
            return valid ? .object(members) : nil
        case .array(let array):
            var elements: [PayloadTemplate] = []
            var valid = true
            for (i, element) in array.enumerated() {
                if let t = payloadTemplate(element, at: pointer.appending(i)) { elements.append(t) } else { valid = false }
            }
            return valid ? .array(elements) : nil
        default:
            return .value(value)
        }
    }

    /// The value of a `.$` key: an intrinsic function call or a path (input, context or variable).
    func dynamicValue(_ text: String, at pointer: JSONPointer, field: String) -> PayloadTemplate? {
        if IntrinsicCall.looksLikeCall(text) {
            return intrinsic(text, at: pointer).map { .intrinsic($0) }
        }
        guard text.hasPrefix("$") else {
            report(.invalidJSONPath, at: pointer, "The value of \"\(field)\" must be a path starting with \"$\" or an intrinsic function such as States.Format(...), but it is \"\(text)\"; to use it as plain text, drop \".$\" from the key")
            return nil
        }
        return path(text, at: pointer, field: field, reference: false).map { .path($0) }
    }

    /// `Assign`: variable names mapped to values (JSONPath templates or JSONata templates).
    func assignment(_ value: JSONValue, at pointer: JSONPointer, language: QueryLanguage) -> Assignment? {
        guard case .object(let object) = value else {
            typeMismatch("Assign", at: pointer, expected: "an object", got: value)
            return nil
        }
        var valid = true
        if language == .jsonPath {
            var variables = OrderedDictionary<String, PayloadTemplate>()
            for (key, member) in object {
                let p = pointer.appending(key)
                let evaluated = key.hasSuffix(".$")
                let name = evaluated ? String(key.dropLast(2)) : key
                guard checkVariableName(name, at: p) else { valid = false; continue }
                if variables[name] != nil {
                    schema(p, "The variable \"\(name)\" is assigned twice in the same Assign")
                    valid = false
                }
                if evaluated {
                    guard case .string(let text) = member else {
                        schema(p, "The value of \"\(key)\" must be a string holding a path or an intrinsic function call, but it is \(article(member.typeName)) \(member.typeName)")
                        valid = false
                        continue
                    }
                    guard let t = dynamicValue(text, at: p, field: key) else { valid = false; continue }
                    variables[name] = t
                } else {
                    guard let t = payloadTemplate(member, at: p) else { valid = false; continue }
                    variables[name] = t
                }
            }
            return valid ? .jsonPath(variables) : nil
        }
        var variables = OrderedDictionary<String, JSONataTemplate>()
        for (key, member) in object {
            let p = pointer.appending(key)
            if key.hasSuffix(".$") {
                schema(p, "JSONata states do not use \".$\" keys; write \"\(key.dropLast(2))\": \"{% expression %}\" instead")
                valid = false
                continue
            }
            guard checkVariableName(key, at: p) else { valid = false; continue }
            guard let t = jsonataTemplate(member, at: p) else { valid = false; continue }
            variables[key] = t
        }
        return valid ? .jsonata(variables) : nil
    }

    /// Variable names: a letter or underscore, then letters, digits and underscores; at most 80 characters.
    func checkVariableName(_ name: String, at pointer: JSONPointer) -> Bool {
        let problem: String?
        if name.isEmpty {
            problem = "a variable name must not be empty"
        } else if name.count > 80 {
            problem = "the variable name \"\(name.prefix(20))...\" is longer than 80 characters"
        } else if name == "states" {
            problem = "\"states\" is reserved for the $states variable of JSONata; choose another name"
        } else if let first = name.unicodeScalars.first, !(first == "_" || first.properties.isAlphabetic) {
            problem = "the variable name \"\(name)\" must start with a letter or an underscore"
        } else if let bad = name.unicodeScalars.first(where: { !($0 == "_" || $0.properties.isAlphabetic || $0.properties.numericType != nil) }) {
            problem = "the variable name \"\(name)\" contains \"\(bad)\"; use only letters, digits and underscores"
        } else {
            problem = nil
        }
        if let problem { report(.invalidVariable, at: pointer, problem.prefix(1).uppercased() + problem.dropFirst()) }
        return problem == nil
    }

    // MARK: - JSONata

    /// `{% ... %}` text as an expression; reports malformed wrappers and empty expressions.
    func jsonataExpression(_ text: String, at pointer: JSONPointer) -> JSONataExpression? {
        guard let expression = JSONataExpression(wrapped: text) else {
            report(.invalidJSONata, at: pointer, "\"\(text.prefix(40))\" is not a JSONata expression: write it as \"{% expression %}\", with both delimiters")
            return nil
        }
        if expression.source.isEmpty {
            report(.invalidJSONata, at: pointer, "The JSONata expression is empty: put an expression between {% and %}")
            return nil
        }
        do {
            _ = try CompiledJSONata(compiling: expression.source)
        } catch {
            let place = error.position.map { " at character \($0)" } ?? ""
            report(.invalidJSONata, at: pointer,
                   "The JSONata expression '\(expression.source)' is not valid\(place): \(error.code): \(error.message)")
            return nil
        }
        return expression
    }

    /// `Arguments`: an object or a single expression.
    func argumentsTemplate(_ value: JSONValue, at pointer: JSONPointer) -> JSONataTemplate? {
        switch value {
        case .object: return jsonataTemplate(value, at: pointer)
        case .string(let s) where s.hasPrefix("{%"): return jsonataTemplate(value, at: pointer)
        default:
            typeMismatch("Arguments", at: pointer, expected: "an object or a {% %} expression", got: value)
            return nil
        }
    }

    /// JSON where strings of the form `{% ... %}` are expressions.
    func jsonataTemplate(_ value: JSONValue, at pointer: JSONPointer) -> JSONataTemplate? {
        switch value {
        case .string(let s) where s.hasPrefix("{%"):
            return jsonataExpression(s, at: pointer).map { .expression($0) }
        case .object(let object):
            var members = OrderedDictionary<String, JSONataTemplate>()
            var valid = true
            // A key ending in ".$" is an ordinary key here: AWS copies it as written.
            for (key, member) in object {
                if let t = jsonataTemplate(member, at: pointer.appending(key)) { members[key] = t } else { valid = false }
            }
            return valid ? .object(members) : nil
        case .array(let array):
            var elements: [JSONataTemplate] = []
            var valid = true
            for (i, element) in array.enumerated() {
                if let t = jsonataTemplate(element, at: pointer.appending(i)) { elements.append(t) } else { valid = false }
            }
            return valid ? .array(elements) : nil
        default:
            return .value(value)
        }
    }
}
