public import JSONValue

extension PayloadTemplate {
    /// Builds the payload: literal values are copied, `key.$` paths and intrinsic calls are replaced by their
    /// results, objects and arrays are built member by member in document order.
    ///
    /// A path that selects nothing fails as AWS reports it for the key that holds it:
    /// `The JSONPath '$.x' specified for the field 'value.$' could not be found in the input '{...}'`.
    ///
    /// - Parameters:
    ///   - context: The input, context object and variables that paths and intrinsic calls read.
    ///   - random: The source of randomness for `States.UUID` and `States.MathRandom`.
    /// - Returns: The payload.
    /// - Throws: ``StatesError`` `States.Runtime` or `States.IntrinsicFailure`.
    public func evaluate(in context: EvaluationContext, random: inout some RandomNumberGenerator)
        throws(StatesError) -> JSONValue
    {
        try evaluate(in: context, field: nil, random: &random)
    }

    /// Builds the payload with the system's random number generator.
    ///
    /// - Parameter context: The input, context object and variables that paths and intrinsic calls read.
    /// - Returns: The payload.
    /// - Throws: ``StatesError`` `States.Runtime` or `States.IntrinsicFailure`.
    public func evaluate(in context: EvaluationContext) throws(StatesError) -> JSONValue {
        var random = SystemRandomNumberGenerator()
        return try evaluate(in: context, field: nil, random: &random)
    }

    /// Evaluates a JSONPath `Assign` block: every variable's template against the same `context`, so that no
    /// assignment sees another's new value (AWS's rule).
    ///
    /// - Parameters:
    ///   - assignments: The variables and their templates (keys without `.$`), in document order.
    ///   - context: The input, context object and the variables as they were before this `Assign`.
    ///   - random: The source of randomness for intrinsic calls.
    /// - Returns: The new values, in document order; the caller merges them into its variable scope.
    /// - Throws: ``StatesError`` `States.Runtime` or `States.IntrinsicFailure`.
    public static func evaluateAssignments(
        _ assignments: OrderedDictionary<String, PayloadTemplate>, in context: EvaluationContext,
        random: inout some RandomNumberGenerator
    ) throws(StatesError) -> JSONObject {
        var values = JSONObject()
        values.reserveCapacity(assignments.count)
        for (name, template) in assignments {
            values[name] = try template.evaluate(in: context, field: name, random: &random)
        }
        return values
    }

    /// `field` is the key (without `.$`) that holds this template, when there is one.
    func evaluate(in context: EvaluationContext, field: String?, random: inout some RandomNumberGenerator)
        throws(StatesError) -> JSONValue
    {
        switch self {
        case .value(let value):
            return value
        case .path(let path):
            return try path.evaluate(in: context, field: (field ?? "") + ".$")
        case .intrinsic(let call):
            return try call.evaluate(in: context, field: (field ?? "") + ".$", random: &random)
        case .object(let members):
            var object = JSONObject()
            object.reserveCapacity(members.count)
            for (key, template) in members {
                object[key] = try template.evaluate(in: context, field: key, random: &random)
            }
            return .object(object)
        case .array(let elements):
            var array: [JSONValue] = []
            array.reserveCapacity(elements.count)
            for template in elements {
                array.append(try template.evaluate(in: context, field: field, random: &random))
            }
            return .array(array)
        }
    }
}
