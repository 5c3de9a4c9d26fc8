import JSONValue

extension DefinitionParser {
    func parseMap(_ f: FieldContext, scope: inout Scope) -> State.Kind? {
        let transition = parseTransition(f, scope: &scope)
        let dataFlow = parseDataFlow(f, hasParameters: false)
        var valid = true

        // The item processor, under its current or its deprecated name.
        let processorKeys = exclusive(f.object, ["ItemProcessor", "Iterator"], at: f.pointer)
        var processor: StateGraph?
        var mode = MapState.Mode.inline
        var executionType: String?
        if processorKeys.isEmpty {
            schema(f.pointer, "The Map state \"\(f.name)\" is missing required field \"ItemProcessor\": the states that process each item")
            valid = false
        } else if let object = jsonObject(f.object, processorKeys[0], at: f.pointer) {
            let key = processorKeys[0]
            let p = f.at(key)
            if key == "Iterator" {
                warn(p, "\"Iterator\" is deprecated; rename it \"ItemProcessor\"")
            }
            checkUnknownFields(object, at: p, allowed: ["StartAt", "States", "Comment", "ProcessorConfig"],
                               context: "An item processor")
            if let config = jsonObject(object, "ProcessorConfig", at: p) {
                let cp = p.appending("ProcessorConfig")
                checkUnknownFields(config, at: cp, allowed: ["Mode", "ExecutionType"], context: "A ProcessorConfig")
                mode = enumeration(config, "Mode", at: cp, as: MapState.Mode.self) ?? .inline
                executionType = string(config, "ExecutionType", at: cp)
                if let t = executionType, t != "STANDARD", t != "EXPRESS" {
                    schema(cp.appending("ExecutionType"), "\"ExecutionType\" must be \"STANDARD\" or \"EXPRESS\", but it is \"\(t)\"")
                }
                if mode == .distributed, executionType == nil, config["ExecutionType"] == nil {
                    schema(cp, "A DISTRIBUTED Map needs \"ExecutionType\" (\"STANDARD\" or \"EXPRESS\") in its ProcessorConfig")
                }
            }
            requireFields(object, ["StartAt", "States"], at: p, context: "The item processor")
            processor = parseGraph(object, at: p, label: "the item processor of the Map state \"\(f.name)\"", language: f.language)
            if processor == nil { valid = false }
        } else {
            valid = false
        }

        var map = MapState(transition: .end, dataFlow: DataFlow(), itemProcessor: StateGraph(startAt: "", states: [:]),
                           mode: mode, executionType: executionType, retry: [], catch: [])
        if f.language == .jsonPath {
            if let text = string(f.object, "ItemsPath", at: f.pointer) {
                map.itemsPath = path(text, at: f.at("ItemsPath"), field: "ItemsPath", reference: true)
            }
            let selectors = exclusive(f.object, ["ItemSelector", "Parameters"], at: f.pointer)
            if let key = selectors.first, let value = f[key] {
                if key == "Parameters" { warn(f.at(key), "\"Parameters\" in a Map state is deprecated; rename it \"ItemSelector\"") }
                map.itemSelector = payloadTemplateObject(value, at: f.at(key), field: key)
            }
        } else {
            if let value = f["Items"] {
                switch value {
                case .array, .string: map.items = jsonataTemplate(value, at: f.at("Items"))
                default: typeMismatch("Items", at: f.at("Items"), expected: "an array or a {% %} expression", got: value)
                }
            }
            if let value = f["ItemSelector"] {
                if case .object = value {
                    map.jsonataItemSelector = jsonataTemplate(value, at: f.at("ItemSelector"))
                } else if case .string(let s) = value, s.hasPrefix("{%") {
                    map.jsonataItemSelector = jsonataTemplate(value, at: f.at("ItemSelector"))
                } else {
                    typeMismatch("ItemSelector", at: f.at("ItemSelector"), expected: "an object or a {% %} expression", got: value)
                }
            }
        }
        map.maxConcurrency = dynamicInteger(f, "MaxConcurrency", in: 0...Int.max)
        map.toleratedFailureCount = dynamicInteger(f, "ToleratedFailureCount", in: 0...Int.max)
        map.toleratedFailurePercentage = dynamicNumber(f, "ToleratedFailurePercentage", in: 0...100)
        map.itemReader = f["ItemReader"].flatMap { itemReader($0, at: f.at("ItemReader"), language: f.language) }
        map.itemBatcher = f["ItemBatcher"].flatMap { itemBatcher($0, at: f.at("ItemBatcher"), language: f.language) }
        map.resultWriter = f["ResultWriter"].flatMap { resultWriter($0, at: f.at("ResultWriter"), language: f.language) }
        if let label = string(f.object, "Label", at: f.pointer) {
            checkLabel(label, at: f.at("Label"))
            map.label = label
        }
        map.retry = parseRetry(f)
        map.catch = parseCatch(f, scope: &scope)
        guard let transition, let processor, valid else { return nil }
        map.transition = transition
        map.dataFlow = dataFlow
        map.itemProcessor = processor
        return .map(map)
    }

    /// Map run labels: at most 40 characters, none of the characters AWS forbids in names.
    func checkLabel(_ label: String, at pointer: JSONPointer) {
        if label.isEmpty {
            schema(pointer, "\"Label\" must not be empty")
            return
        }
        if label.count > 40 {
            schema(pointer, "\"Label\" is \(label.count) characters long; labels are limited to 40")
        }
        let forbidden: Set<Unicode.Scalar> = [" ", "<", ">", "{", "}", "[", "]", "?", "*", "\"", "#", "%", "\\", "^", "|",
                                               "~", "`", "$", "&", ",", ";", ":", "/"]
        for scalar in label.unicodeScalars {
            let isControl = scalar.value < 0x20 || (0x7F...0x9F).contains(scalar.value)
            if isControl || forbidden.contains(scalar) || scalar.properties.isWhitespace {
                let shown = isControl ? String(format4: scalar.value) : "'\(scalar)'"
                schema(pointer, "\"Label\" contains the invalid character \(shown); labels cannot contain whitespace, brackets < > { } [ ], wildcards ? *, the characters \" # % \\ ^ | ~ ` $ & , ; : / or control characters")
                return
            }
        }
    }

    func itemReader(_ value: JSONValue, at p: JSONPointer, language: QueryLanguage) -> JSONValue? {
        guard case .object(let object) = value else {
            typeMismatch("ItemReader", at: p, expected: "an object", got: value)
            return nil
        }
        let parameters = language == .jsonPath ? "Parameters" : "Arguments"
        checkUnknownFields(object, at: p, allowed: ["Resource", "ReaderConfig", parameters], context: "An ItemReader")
        requireFields(object, ["Resource"], at: p, context: "The ItemReader")
        if let resource = string(object, "Resource", at: p) { checkResource(resource, at: p.appending("Resource")) }
        if let config = jsonObject(object, "ReaderConfig", at: p) {
            let cp = p.appending("ReaderConfig")
            checkUnknownFields(config, at: cp, allowed: ["InputType", "CSVHeaderLocation", "CSVHeaders", "CSVDelimiter",
                                                         "MaxItems", "MaxItemsPath", "ManifestType"],
                               context: "A ReaderConfig")
            oneOf(config, "InputType", ["CSV", "JSON", "JSONL", "MANIFEST", "PARQUET"], at: cp)
            oneOf(config, "CSVHeaderLocation", ["FIRST_ROW", "GIVEN"], at: cp)
            oneOf(config, "CSVDelimiter", ["COMMA", "PIPE", "SEMICOLON", "SPACE", "TAB"], at: cp)
            oneOf(config, "ManifestType", ["ATHENA_DATA", "S3_INVENTORY"], at: cp)
            if let headers = jsonArray(config, "CSVHeaders", at: cp), headers.contains(where: { $0.stringValue == nil }) {
                schema(cp.appending("CSVHeaders"), "\"CSVHeaders\" must be an array of strings")
            }
            if config["CSVHeaderLocation"]?.stringValue == "GIVEN", config["CSVHeaders"] == nil {
                schema(cp, "\"CSVHeaderLocation\": \"GIVEN\" needs \"CSVHeaders\", the column names")
            }
            exclusive(config, ["MaxItems", "MaxItemsPath"], at: cp)
            _ = integer(config, "MaxItems", at: cp, in: 0...100_000_000)
            _ = referencePath(config, "MaxItemsPath", at: cp)
        }
        templateField(object, parameters, at: p, language: language)
        return value
    }

    func itemBatcher(_ value: JSONValue, at p: JSONPointer, language: QueryLanguage) -> ItemBatcher? {
        guard case .object(let object) = value else {
            typeMismatch("ItemBatcher", at: p, expected: "an object", got: value)
            return nil
        }
        let allowed: Set<String> = language == .jsonPath
            ? ["MaxItemsPerBatch", "MaxItemsPerBatchPath", "MaxInputBytesPerBatch", "MaxInputBytesPerBatchPath", "BatchInput"]
            : ["MaxItemsPerBatch", "MaxInputBytesPerBatch", "BatchInput"]
        checkUnknownFields(object, at: p, allowed: allowed, context: "An ItemBatcher")
        let f = FieldContext(object: object, pointer: p, name: "", language: language)
        let items = dynamicInteger(f, "MaxItemsPerBatch", in: 1...100_000_000)
        let bytes = dynamicInteger(f, "MaxInputBytesPerBatch", in: 1...262_144)
        if items == nil, bytes == nil, object.keys.allSatisfy({ !$0.hasPrefix("Max") }) {
            schema(p, "An ItemBatcher needs \"MaxItemsPerBatch\" or \"MaxInputBytesPerBatch\" (or their Path forms)")
        }
        var batcher = ItemBatcher(maxItemsPerBatch: items, maxInputBytesPerBatch: bytes)
        if let batchInput = object["BatchInput"] {
            if language == .jsonPath {
                batcher.batchInput = payloadTemplateObject(batchInput, at: p.appending("BatchInput"), field: "BatchInput")
            } else {
                batcher.jsonataBatchInput = jsonataTemplate(batchInput, at: p.appending("BatchInput"))
            }
        }
        return batcher
    }

    func resultWriter(_ value: JSONValue, at p: JSONPointer, language: QueryLanguage) -> JSONValue? {
        guard case .object(let object) = value else {
            typeMismatch("ResultWriter", at: p, expected: "an object", got: value)
            return nil
        }
        let parameters = language == .jsonPath ? "Parameters" : "Arguments"
        checkUnknownFields(object, at: p, allowed: ["Resource", "WriterConfig", parameters], context: "A ResultWriter")
        if object["Resource"] == nil, object["WriterConfig"] == nil {
            schema(p, "A ResultWriter needs \"Resource\" (where to write) or \"WriterConfig\"")
        }
        if let resource = string(object, "Resource", at: p) { checkResource(resource, at: p.appending("Resource")) }
        if let config = jsonObject(object, "WriterConfig", at: p) {
            let cp = p.appending("WriterConfig")
            checkUnknownFields(config, at: cp, allowed: ["OutputType", "Transformation"], context: "A WriterConfig")
            oneOf(config, "OutputType", ["JSON", "JSONL"], at: cp)
            oneOf(config, "Transformation", ["NONE", "COMPACT", "FLATTEN"], at: cp)
        }
        templateField(object, parameters, at: p, language: language)
        return value
    }

    func oneOf(_ object: JSONObject, _ key: String, _ values: [String], at p: JSONPointer) {
        guard let s = string(object, key, at: p), !values.contains(s) else { return }
        schema(p.appending(key), "\"\(key)\" must be one of \(values.map { "\"\($0)\"" }.joined(separator: ", ")), but it is \"\(s)\"")
    }

    /// `Parameters` (JSONPath) or `Arguments` (JSONata) inside ItemReader/ResultWriter.
    func templateField(_ object: JSONObject, _ key: String, at p: JSONPointer, language: QueryLanguage) {
        guard let value = object[key] else { return }
        if language == .jsonPath {
            _ = payloadTemplateObject(value, at: p.appending(key), field: key)
        } else {
            _ = argumentsTemplate(value, at: p.appending(key))
        }
    }
}

extension String {
    /// `\x1f`-style rendering of a control character, as AWS prints it.
    init(format4 value: UInt32) {
        let hex = String(value, radix: 16)
        self = "'\\x" + (hex.count < 2 ? "0" + hex : hex) + "'"
    }
}
