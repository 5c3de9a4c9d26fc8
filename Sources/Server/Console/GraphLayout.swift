/// A point of the console's state machine drawing, in SVG user units (CSS pixels).
public struct GraphPoint: Sendable, Hashable {
    /// The horizontal coordinate, growing to the right.
    public var x: Double
    /// The vertical coordinate, growing downwards.
    public var y: Double

    /// Creates a point.
    ///
    /// - Parameters:
    ///   - x: The horizontal coordinate.
    ///   - y: The vertical coordinate.
    public init(x: Double, y: Double) {
        self.x = x
        self.y = y
    }
}

/// An axis-aligned rectangle of the console's state machine drawing.
public struct GraphRect: Sendable, Hashable {
    /// The left edge.
    public var x: Double
    /// The top edge.
    public var y: Double
    /// The width.
    public var width: Double
    /// The height.
    public var height: Double

    /// Creates a rectangle.
    ///
    /// - Parameters:
    ///   - x: The left edge.
    ///   - y: The top edge.
    ///   - width: The width.
    ///   - height: The height.
    public init(x: Double, y: Double, width: Double, height: Double) {
        self.x = x
        self.y = y
        self.width = width
        self.height = height
    }

    /// The right edge.
    public var maxX: Double { x + width }
    /// The bottom edge.
    public var maxY: Double { y + height }
    /// The horizontal centre.
    public var midX: Double { x + width / 2 }
    /// The vertical centre.
    public var midY: Double { y + height / 2 }
}

/// The drawing of one state graph (a whole state machine, a Parallel branch or a Map's item processor): where each
/// state's box goes and the path of each transition, computed by ``make(for:metrics:)``.
///
/// The layout is a small layered (Sugiyama-style) drawing, top to bottom:
///
/// 1. **Layers.** A depth-first walk from `StartAt` over each state's transitions (`Next`, the Choice rules,
///    `Default`, then `Catch`) finds the back edges (those closing a loop); over the remaining edges every state
///    goes one layer below the deepest state leading to it (longest path).
/// 2. **Order.** Edges spanning several layers get a dummy point in each layer they cross; two down-and-up
///    barycenter sweeps order each layer by the average position of its neighbours, which removes most crossings.
/// 3. **Boxes.** A state's box is sized to its name; a Parallel or Map state is a group box holding its branches'
///    (or item processor's) layouts side by side, laid out recursively.
/// 4. **Edges.** Forward edges are polylines from the bottom of one box through their dummy points to the top of the
///    next; back edges run up a lane on the right of the drawing. Catch edges are labelled with their error names,
///    Choice rules with a short form of their condition.
///
/// The result depends only on the graph (names and document order), so the same definition always gives the same
/// drawing.
public struct GraphLayout: Sendable, Hashable {
    /// One state's box.
    public struct Node: Sendable, Hashable {
        /// The state's name.
        public var name: String
        /// The state's `Type` (`Task`, `Choice`, …).
        public var type: String
        /// Where the box is.
        public var frame: GraphRect
        /// Whether the graph starts with this state (`StartAt`).
        public var isStart: Bool
        /// Whether the state ends its graph (`End: true`, `Succeed` or `Fail`).
        public var isEnd: Bool
        /// The retries its `Retry` rules allow in all (the sum of their `MaxAttempts`); 0 without `Retry`.
        public var retryAttempts: Int
        /// The error names its `Retry` rules match, in order, without repeats.
        public var retryErrors: [String]
        /// The nested graphs drawn inside the box: one per Parallel branch, or a Map's item processor.
        public var groups: [GraphLayout]

        /// Whether the state is drawn as a group (a Parallel or Map state).
        public var isGroup: Bool { !groups.isEmpty }
    }

    /// What a transition is.
    public enum EdgeKind: String, Sendable, Hashable, CaseIterable {
        /// `Next`.
        case next
        /// A Choice rule's `Next`.
        case choice
        /// A Choice state's `Default`.
        case `default`
        /// A `Catch` rule's `Next`.
        case `catch`
    }

    /// One transition's path.
    public struct Edge: Sendable, Hashable {
        /// The state it leaves.
        public var from: String
        /// The state it enters.
        public var to: String
        /// What kind of transition it is.
        public var kind: EdgeKind
        /// The label: a Choice rule's condition, `Default`, or a catcher's error names.
        public var label: String?
        /// The polyline, from the source box to the target box (the arrowhead goes at the last point).
        public var points: [GraphPoint]
        /// Where the label's text starts (its baseline), when there is a label.
        public var labelPosition: GraphPoint?
        /// Whether the edge closes a loop (drawn up a lane on the right).
        public var isBackEdge: Bool
    }

    /// Sizes and spacing of a layout.
    public struct Metrics: Sendable, Hashable {
        /// The assumed width of one character of a state name, for sizing boxes.
        public var characterWidth: Double = 7.4
        /// The assumed width of one character of an edge label.
        public var labelCharacterWidth: Double = 6.2
        /// The height of a state's box.
        public var nodeHeight: Double = 46
        /// The smallest width of a state's box.
        public var minimumNodeWidth: Double = 110
        /// Horizontal space between boxes of one layer.
        public var horizontalGap: Double = 36
        /// Vertical space between layers.
        public var verticalGap: Double = 64
        /// Space around a graph.
        public var margin: Double = 18
        /// Height of a group box's title.
        public var groupHeader: Double = 30
        /// Space between a group box and its nested graphs, and between those graphs.
        public var groupPadding: Double = 10
        /// Distance between the lanes of back edges.
        public var laneGap: Double = 18
        /// The longest label, in characters, before it is shortened with "…".
        public var maximumLabelLength: Int = 34

        /// Creates the default metrics.
        public init() {}
    }

    /// The bounds of the drawing: every box, edge and label lies inside.
    public var frame: GraphRect
    /// The states' boxes, in document order.
    public var nodes: [Node]
    /// The transitions, in the order the states list them.
    public var edges: [Edge]

    /// The box of the named state, searched in nested graphs too.
    ///
    /// - Parameter name: A state name.
    /// - Returns: Its box, or `nil` when no state of the drawing has that name.
    public func node(named name: String) -> Node? {
        for node in nodes {
            if node.name == name { return node }
            for group in node.groups {
                if let found = group.node(named: name) { return found }
            }
        }
        return nil
    }

    /// Every box of the drawing, nested graphs' included, parents before their children.
    public var allNodes: [Node] {
        nodes.flatMap { node in [node] + node.groups.flatMap(\.allNodes) }
    }

    /// Every edge of the drawing, nested graphs' included.
    public var allEdges: [Edge] {
        edges + nodes.flatMap { $0.groups.flatMap(\.allEdges) }
    }

    /// The drawing moved by `dx`, `dy`, nested graphs included.
    ///
    /// - Parameters:
    ///   - dx: The horizontal offset.
    ///   - dy: The vertical offset.
    /// - Returns: The moved layout.
    public func offsetBy(dx: Double, dy: Double) -> GraphLayout {
        var moved = self
        moved.frame.x += dx
        moved.frame.y += dy
        for index in moved.nodes.indices {
            moved.nodes[index].frame.x += dx
            moved.nodes[index].frame.y += dy
            moved.nodes[index].groups = moved.nodes[index].groups.map { $0.offsetBy(dx: dx, dy: dy) }
        }
        for index in moved.edges.indices {
            moved.edges[index].points = moved.edges[index].points.map { GraphPoint(x: $0.x + dx, y: $0.y + dy) }
            moved.edges[index].labelPosition = moved.edges[index].labelPosition.map {
                GraphPoint(x: $0.x + dx, y: $0.y + dy)
            }
        }
        return moved
    }
}
