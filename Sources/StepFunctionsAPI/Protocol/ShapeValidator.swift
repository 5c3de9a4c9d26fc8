internal import JSONValue

/// Checks a request body against the input's members, the way AWS's front end does.
///
/// A value of the wrong JSON type stops decoding with a SerializationException at once; constraint violations
/// (missing required members, lengths, ranges, enum values, patterns) are all collected and reported together
/// as one ValidationException: `2 validation errors detected: Value null at 'stateMachineArn' failed to satisfy
/// constraint: Member must not be null; Value '2000' at 'maxResults' failed to satisfy constraint: Member must
/// have value less than or equal to 1000`. JSON `null` counts as absent; unknown members are ignored.
struct ShapeValidator {
    private(set) var violations: [String] = []

    /// Checks `object` against `members`.
    static func check(_ object: JSONObject, against members: [APIModel.Member]) throws(StepFunctionsError) {
        var validator = ShapeValidator()
        try validator.check(object, members: members, path: "")
        guard !validator.violations.isEmpty else { return }
        let count = validator.violations.count
        let header = count == 1 ? "1 validation error detected: " : "\(count) validation errors detected: "
        throw StepFunctionsError(.validationException, header + validator.violations.joined(separator: "; "))
    }

    private mutating func check(_ object: JSONObject, members: [APIModel.Member], path: String)
        throws(StepFunctionsError)
    {
        for member in members {
            let memberPath = path.isEmpty ? member.name : "\(path).\(member.name)"
            let value = object[member.name] ?? .null
            if case .null = value {
                if member.isRequired {
                    violations.append(
                        "Value null at '\(memberPath)' failed to satisfy constraint: Member must not be null")
                }
                continue
            }
            try check(value, shape: member.shape, path: memberPath)
        }
    }

    private mutating func check(_ value: JSONValue, shape: APIModel.Shape, path: String) throws(StepFunctionsError) {
        switch shape {
        case .string(let constraints):
            guard case .string(let text) = value else { throw Self.mismatch(value, expected: "a String") }
            check(text, constraints, path: path)
        case .integer(let min, let max):
            guard case .integer(let number) = value else {
                if case .double(let d) = value, d.rounded() == d, let exact = Int(exactly: d) {
                    return check(exact, min: min, max: max, path: path)
                }
                throw Self.mismatch(value, expected: "an Integer")
            }
            check(number, min: min, max: max, path: path)
        case .boolean:
            guard case .bool = value else { throw Self.mismatch(value, expected: "a Boolean") }
        case .structure(let members):
            guard case .object(let object) = value else { throw Self.mismatch(value, expected: "a Structure") }
            try check(object, members: members, path: path)
        case .list(let element):
            guard case .array(let items) = value else { throw Self.mismatch(value, expected: "a List") }
            for (index, item) in items.enumerated() {
                let itemPath = "\(path).\(index + 1).member"
                if case .null = item {
                    violations.append(
                        "Value null at '\(itemPath)' failed to satisfy constraint: Member must not be null")
                    continue
                }
                try check(item, shape: element, path: itemPath)
            }
        }
    }

    private mutating func check(_ text: String, _ constraints: APIModel.StringConstraints, path: String) {
        let quoted = constraints.isSensitive ? "Value at '\(path)'" : "Value '\(text)' at '\(path)'"
        func fail(_ rule: String) { violations.append("\(quoted) failed to satisfy constraint: \(rule)") }
        if let values = constraints.enumValues, !values.contains(text) {
            fail("Member must satisfy enum value set: [\(values.joined(separator: ", "))]")
            return
        }
        let length = constraints.length(of: text)
        if let min = constraints.min, length < min {
            fail("Member must have length greater than or equal to \(min)")
        }
        if let max = constraints.max, length > max {
            fail("Member must have length less than or equal to \(max)")
        }
        if let pattern = constraints.pattern, !pattern.matches(text) {
            fail("Member must satisfy regular expression pattern: \(pattern.rawValue)")
        }
    }

    private mutating func check(_ number: Int, min: Int?, max: Int?, path: String) {
        let prefix = "Value '\(number)' at '\(path)' failed to satisfy constraint: Member must have value"
        if let min, number < min { violations.append("\(prefix) greater than or equal to \(min)") }
        if let max, number > max { violations.append("\(prefix) less than or equal to \(max)") }
    }

    /// The SerializationException for a value of the wrong JSON type, in Coral's words.
    static func mismatch(_ value: JSONValue, expected: String) -> StepFunctionsError {
        let message =
            switch value {
            case .object: "Start of structure or map found where not expected."
            case .array: "Start of list found where not expected."
            case .string: "STRING_VALUE can not be converted to \(expected)"
            case .bool: "BOOLEAN_VALUE can not be converted to \(expected)"
            case .integer, .double: "NUMBER_VALUE can not be converted to \(expected)"
            case .null: "NULL_VALUE can not be converted to \(expected)"
            }
        return StepFunctionsError(.serializationException, message)
    }
}

extension JSONObject {
    /// A string member of a validated body (absent or `null` → `nil`).
    func string(_ name: String) -> String? { self[name]?.stringValue }
    /// An integer member of a validated body.
    func int(_ name: String) -> Int? { self[name]?.intValue }
    /// A boolean member of a validated body.
    func bool(_ name: String) -> Bool? { self[name]?.boolValue }
    /// An object member of a validated body.
    func object(_ name: String) -> JSONObject? { self[name]?.objectValue }
    /// An array member of a validated body, `null` items dropped.
    func array(_ name: String) -> [JSONValue]? {
        self[name]?.arrayValue?.filter { if case .null = $0 { false } else { true } }
    }
    /// A required ARN member of a validated body, parsed as one of `types`.
    func arn(_ name: String, as types: Set<StepFunctionsARN.ResourceType>) throws(StepFunctionsError)
        -> StepFunctionsARN
    {
        try StepFunctionsARN(parsing: string(name) ?? "", as: types)
    }
    /// An enum member of a validated body.
    func enumeration<T: RawRepresentable>(_ name: String, as type: T.Type) -> T? where T.RawValue == String {
        string(name).flatMap(T.init(rawValue:))
    }
}
