public import JSONValue

/// A JSONPath payload template (`Parameters`, `ResultSelector`, `ItemSelector`, `Assign` values), parsed.
///
/// Keys ending in `.$` are stored without the suffix, their values parsed into a path or an intrinsic call.
public indirect enum PayloadTemplate: Sendable, Hashable {
    /// A value copied as written.
    case value(JSONValue)
    /// A path whose result replaces the key's value.
    case path(JSONPath)
    /// An intrinsic function call whose result replaces the key's value.
    case intrinsic(IntrinsicCall)
    /// An object whose members are templates (keys already without `.$`).
    case object(OrderedDictionary<String, PayloadTemplate>)
    /// An array whose elements are templates.
    case array([PayloadTemplate])
}

/// A JSONata-language field value: JSON in which strings of the form `{% ... %}` are expressions.
public indirect enum JSONataTemplate: Sendable, Hashable {
    case value(JSONValue)
    case expression(JSONataExpression)
    case object(OrderedDictionary<String, JSONataTemplate>)
    case array([JSONataTemplate])
}
