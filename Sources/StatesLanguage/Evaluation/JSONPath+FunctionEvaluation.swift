import JSONValue

extension JSONPath.Function {
    /// Applies the function as Jayway does to the value the path before it selected.
    ///
    /// Aggregations (`min`, `max`, `avg`, `stddev`, `sum`) read the numbers of an array and return a double;
    /// `length`/`size` count an array's elements or an object's members (and give `null` for anything else);
    /// `keys` lists an object's member names.
    func apply(to value: JSONValue, document: JSONValue, context: EvaluationContext) throws(PathFailure) -> JSONValue {
        switch name {
        case .length, .size:
            switch value {
            case .array(let a): return .integer(a.count)
            case .object(let o): return .integer(o.count)
            default: return .null
            }
        case .min, .max, .avg, .stddev, .sum:
            var numbers: [Double] = []
            if case .array(let a) = value {
                numbers = a.compactMap(\.doubleValue)
            }
            for argument in try argumentValues(document: document, context: context) {
                if let d = argument.doubleValue { numbers.append(d) }
            }
            guard !numbers.isEmpty else {
                throw PathFailure(message: "Aggregation function attempted to calculate value using empty array")
            }
            switch name {
            case .min: return .double(numbers.min()!)
            case .max: return .double(numbers.max()!)
            case .sum: return .double(numbers.reduce(0, +))
            case .avg: return .double(numbers.reduce(0, +) / Double(numbers.count))
            default:
                // Jayway's population standard deviation.
                let n = Double(numbers.count)
                let sum = numbers.reduce(0, +)
                let sumOfSquares = numbers.reduce(0) { $0 + $1 * $1 }
                return .double((sumOfSquares / n - sum * sum / n / n).squareRoot())
            }
        case .keys:
            guard case .object(let o) = value else { return .null }
            return .array(o.keys.map { .string($0) })
        case .first, .last, .index:
            guard case .array(let a) = value, !a.isEmpty else {
                throw PathFailure(message: "Aggregation function attempted to calculate value using empty array")
            }
            switch name {
            case .first: return a[0]
            case .last: return a[a.count - 1]
            default:
                guard let requested = try argumentValues(document: document, context: context).first?.intValue else {
                    throw PathFailure(message: "Aggregation function attempted to calculate value using empty array")
                }
                let index = requested < 0 ? a.count + requested : requested
                guard a.indices.contains(index) else {
                    throw PathFailure(message: "Aggregation function attempted to calculate value using empty array")
                }
                return a[index]
            }
        case .concat:
            var out = ""
            if case .array(let a) = value {
                for case .string(let s) in a { out += s }
            }
            for argument in try argumentValues(document: document, context: context) {
                if case .string(let s) = argument { out += s } else { out += argument.serialized() }
            }
            return .string(out)
        case .append:
            guard case .array(var a) = value else { return value }
            a.append(contentsOf: try argumentValues(document: document, context: context))
            return .array(a)
        }
    }

    private func argumentValues(document: JSONValue, context: EvaluationContext) throws(PathFailure) -> [JSONValue] {
        var values: [JSONValue] = []
        for argument in arguments {
            switch argument {
            case .literal(let v): values.append(v)
            case .path(let path):
                let start: JSONValue? =
                    switch path.root {
                    case .input, .current: document
                    case .context: context.context
                    case .variable(let name): context.variables[name]
                    }
                guard let start else { continue }
                if case .success(let v) = path.query(on: start, document: document, context: context) {
                    values.append(v)
                }
            }
        }
        return values
    }
}
