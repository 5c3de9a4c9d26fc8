public import JSONValue

extension JSONPath {
    /// The condition inside `[?( ... )]`.
    ///
    /// Precedence follows Jayway: `!` binds tightest, then `&&`, then `||`; parentheses group.
    public indirect enum FilterExpression: Sendable, Hashable {
        /// `a || b`.
        case or(FilterExpression, FilterExpression)
        /// `a && b`.
        case and(FilterExpression, FilterExpression)
        /// `!a`.
        case not(FilterExpression)
        /// `left operator right`, for example `@.price < 10` or `@.tags contains 'x'`.
        case comparison(FilterOperand, ComparisonOperator, FilterOperand)
        /// A path on its own, for example `@.isbn`: true when the path matches something.
        case exists(JSONPath)
    }

    /// A value in a filter comparison.
    public enum FilterOperand: Sendable, Hashable {
        /// A path: relative to the item (`@.price`) or to the document (`$.limit`).
        case path(JSONPath)
        /// A literal: a number, a quoted string, `true`, `false`, `null`, or a JSON array or object.
        case literal(JSONValue)
        /// A regular expression literal `/pattern/flags`, the right operand of `=~`.
        ///
        /// `flags` holds Java pattern flags (`i`, `m`, `s`, `x`, `u`, `d`, `U`); the pattern uses Java syntax
        /// and is not checked here.
        case regex(pattern: String, flags: String)
    }

    /// A Jayway relational operator.
    ///
    /// Word operators are case-insensitive in the source; ``rawValue`` is the canonical spelling.
    public enum ComparisonOperator: String, Sendable, Hashable, CaseIterable {
        /// `==`: equal (numbers compare by value, `1 == '1'` is false).
        case equal = "=="
        /// `===`: equal with the same JSON type.
        case strictlyEqual = "==="
        /// `!=`: not equal.
        case notEqual = "!="
        /// `!==`: not equal, or of another JSON type.
        case strictlyNotEqual = "!=="
        /// `<`.
        case less = "<"
        /// `<=`.
        case lessOrEqual = "<="
        /// `>`.
        case greater = ">"
        /// `>=`.
        case greaterOrEqual = ">="
        /// `=~`: the left string matches the regular expression on the right.
        case matchesRegex = "=~"
        /// `in`: the left value is one of the right array's elements.
        case `in` = "in"
        /// `nin`: the left value is none of the right array's elements.
        case notIn = "nin"
        /// `contains`: the left array contains the right value, or the left string contains the right string.
        case contains = "contains"
        /// `all`: the left array contains every element of the right array.
        case all = "all"
        /// `subsetof`: every element of the left array is in the right array.
        case subsetOf = "subsetof"
        /// `anyof`: the arrays share at least one element.
        case anyOf = "anyof"
        /// `noneof`: the arrays share no element.
        case noneOf = "noneof"
        /// `size`: the left array or string has the length on the right.
        case size = "size"
        /// `empty`: the left array or string is empty when the right side is `true`, non-empty when `false`.
        case empty = "empty"
        /// `exists`: the left path matches something when the right side is `true`, nothing when `false`.
        case exists = "exists"
    }
}
