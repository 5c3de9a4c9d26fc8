extension JSONPath {
    /// One step of a path.
    ///
    /// Applied to a list of matched nodes, each segment produces the next list; see each case for what it selects.
    public indirect enum Segment: Sendable, Hashable {
        /// `.name` or `['name']`: the member called `name` of each object.
        case child(String)
        /// `['a','b']`: the named members of each object, in the order written.
        case children([String])
        /// `[n]`: the element at index `n` of each array; a negative index counts from the end (`-1` is the last).
        case index(Int)
        /// `[0,2]`: the elements at these indexes of each array, in the order written.
        case indexes([Int])
        /// `[start:end]` or `[start:end:step]`: a slice of each array; `end` is exclusive, negative bounds count
        /// from the end, and a missing bound means the start or end of the array.
        ///
        /// > Note: Jayway ignores `step`. It is kept here so that the evaluator can decide.
        case slice(start: Int?, end: Int?, step: Int?)
        /// `.*` or `[*]`: every member value of each object, or every element of each array.
        case wildcard
        /// `..` followed by a segment: applies the segment to each node and to all of its descendants
        /// (`..name`, `..*`, `..['a']`, `..[0]`, `..[?(...)]`).
        case descendant(Segment)
        /// `[?(expression)]`: the elements (or member values) for which the expression holds.
        case filter(FilterExpression)
        /// A trailing function call such as `.length()`; always the last segment.
        case function(Function)
    }
}
