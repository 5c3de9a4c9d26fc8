public import StatesLanguage

extension GraphLayout {
    /// Lays out a state graph (see ``GraphLayout`` for the method), with the drawing's top-left corner at (0, 0).
    ///
    /// - Parameters:
    ///   - graph: The state machine's graph, a Parallel branch or a Map's item processor.
    ///   - metrics: Sizes and spacing.
    /// - Returns: The layout; nested graphs are laid out too, inside their group boxes.
    public static func make(for graph: StateGraph, metrics: Metrics = Metrics()) -> GraphLayout {
        var builder = LayoutBuilder(graph: graph, metrics: metrics)
        return builder.build()
    }
}

/// One transition before layout.
struct GraphEdgeSpec {
    var from: Int
    var to: Int
    var kind: GraphLayout.EdgeKind
    var label: String?
}

/// The working state of one ``GraphLayout/make(for:metrics:)`` call.
struct LayoutBuilder {
    let graph: StateGraph
    let metrics: GraphLayout.Metrics
    let states: [State]
    var index: [String: Int] = [:]
    var specs: [GraphEdgeSpec] = []
    var outgoing: [[Int]]

    init(graph: StateGraph, metrics: GraphLayout.Metrics) {
        self.graph = graph
        self.metrics = metrics
        states = graph.states.map(\.value)
        outgoing = Array(repeating: [], count: states.count)
        for (position, state) in states.enumerated() { index[state.name] = position }
        for (position, state) in states.enumerated() {
            for (target, kind, label) in Self.transitions(of: state, metrics: metrics) {
                guard let to = index[target] else { continue }
                outgoing[position].append(specs.count)
                specs.append(GraphEdgeSpec(from: position, to: to, kind: kind, label: label))
            }
        }
    }

    /// A state's transitions in drawing order: `Next`, Choice rules, `Default`, then `Catch`.
    static func transitions(of state: State, metrics: GraphLayout.Metrics)
        -> [(String, GraphLayout.EdgeKind, String?)]
    {
        var found: [(String, GraphLayout.EdgeKind, String?)] = []
        func next(_ transition: Transition) {
            if case .next(let name) = transition { found.append((name, .next, nil)) }
        }
        func catches(_ catchers: [Catcher]) {
            for catcher in catchers {
                found.append((catcher.next, .catch, shorten(catcher.errorEquals.joined(separator: ", "), metrics)))
            }
        }
        switch state.kind {
        case .pass(let pass): next(pass.transition)
        case .wait(let wait): next(wait.transition)
        case .task(let task):
            next(task.transition)
            catches(task.catch)
        case .parallel(let parallel):
            next(parallel.transition)
            catches(parallel.catch)
        case .map(let map):
            next(map.transition)
            catches(map.catch)
        case .choice(let choice):
            for rule in choice.choices {
                found.append((rule.next, .choice, shorten(ChoiceSummary.text(rule.condition), metrics)))
            }
            if let defaultNext = choice.defaultNext { found.append((defaultNext, .default, "Default")) }
        case .succeed, .fail: break
        }
        return found
    }

    static func shorten(_ text: String, _ metrics: GraphLayout.Metrics) -> String {
        guard text.count > metrics.maximumLabelLength else { return text }
        return String(text.prefix(max(1, metrics.maximumLabelLength - 1))) + "…"
    }

    // MARK: - Layout

    mutating func build() -> GraphLayout {
        let count = states.count
        guard count > 0 else {
            return GraphLayout(frame: GraphRect(x: 0, y: 0, width: 0, height: 0), nodes: [], edges: [])
        }
        let (discovery, backEdges, topological) = walk()
        let layerOf = layers(topological: topological, backEdges: backEdges)

        // Sizes, with nested graphs laid out first.
        var nested: [[GraphLayout]] = []
        var sizes: [(width: Double, height: Double)] = []
        for state in states {
            let groups = nestedGraphs(of: state).map { GraphLayout.make(for: $0, metrics: metrics) }
            nested.append(groups)
            var width = max(
                metrics.minimumNodeWidth, Double(state.name.count) * metrics.characterWidth + 28,
                Double(state.typeName.count + 4) * metrics.characterWidth + 28)
            if retry(of: state).attempts > 0 { width += 36 }
            var height = metrics.nodeHeight
            if !groups.isEmpty {
                let inner = groups.reduce(0) { $0 + $1.frame.width } + metrics.groupPadding * Double(groups.count - 1)
                width = max(
                    width, inner + 2 * metrics.groupPadding,
                    Double(state.name.count + state.typeName.count + 2) * metrics.characterWidth + 24)
                height = metrics.groupHeader + (groups.map(\.frame.height).max() ?? 0) + metrics.groupPadding
            }
            sizes.append((width, height))
        }

        // Slots: the states, then one dummy per layer crossed by a long forward edge.
        var slotLayer = layerOf
        var slotWidth = sizes.map(\.width)
        var chains: [Int: [Int]] = [:]  // edge → its slots from source to target
        for (edgeIndex, spec) in specs.enumerated() where !backEdges.contains(edgeIndex) {
            var chain = [spec.from]
            if layerOf[spec.to] - layerOf[spec.from] > 1 {
                for layer in (layerOf[spec.from] + 1)..<layerOf[spec.to] {
                    chain.append(slotLayer.count)
                    slotLayer.append(layer)
                    slotWidth.append(12)
                }
            }
            chain.append(spec.to)
            chains[edgeIndex] = chain
        }
        let slotCount = slotLayer.count
        var above = Array(repeating: [Int](), count: slotCount)
        var below = Array(repeating: [Int](), count: slotCount)
        for edgeIndex in chains.keys.sorted() {
            let chain = chains[edgeIndex]!
            for (upper, lower) in zip(chain, chain.dropFirst()) {
                below[upper].append(lower)
                above[lower].append(upper)
            }
        }

        // Initial order: discovery order of the state (a dummy follows its edge's source).
        let layerCount = (slotLayer.max() ?? 0) + 1
        var rank = Array(repeating: 0.0, count: slotCount)
        for slot in 0..<count { rank[slot] = Double(discovery[slot]) }
        for edgeIndex in chains.keys.sorted() {
            for (offset, slot) in chains[edgeIndex]!.dropFirst().dropLast().enumerated() {
                rank[slot] = Double(discovery[specs[edgeIndex].from]) + 0.5 + Double(edgeIndex) * 0.001
                    + Double(offset) * 0.0001
            }
        }
        var rows = Array(repeating: [Int](), count: layerCount)
        for slot in 0..<slotCount { rows[slotLayer[slot]].append(slot) }
        for layer in rows.indices { rows[layer].sort { (rank[$0], $0) < (rank[$1], $1) } }

        // Barycenter sweeps, down then up, twice.
        var position = Array(repeating: 0.0, count: slotCount)
        func record() {
            for row in rows { for (offset, slot) in row.enumerated() { position[slot] = Double(offset) } }
        }
        record()
        func reorder(_ layer: Int, by neighbours: [[Int]]) {
            let keyed = rows[layer].map { slot -> (Double, Double, Int) in
                let around = neighbours[slot]
                let center = around.isEmpty ? position[slot] : around.map { position[$0] }.reduce(0, +) / Double(around.count)
                return (center, position[slot], slot)
            }
            rows[layer] = keyed.sorted { ($0.0, $0.1, $0.2) < ($1.0, $1.1, $1.2) }.map(\.2)
            for (offset, slot) in rows[layer].enumerated() { position[slot] = Double(offset) }
        }
        for _ in 0..<2 {
            if layerCount > 1 {
                for layer in 1..<layerCount { reorder(layer, by: above) }
                for layer in stride(from: layerCount - 2, through: 0, by: -1) { reorder(layer, by: below) }
            }
        }

        // Coordinates: layers top to bottom, each centred on the widest.
        let slotHeight = (0..<slotCount).map { $0 < count ? sizes[$0].height : 0 }
        let layerHeight = rows.map { row in row.map { slotHeight[$0] }.max() ?? 0 }
        let layerWidth = rows.map { row in
            row.map { slotWidth[$0] }.reduce(0, +) + metrics.horizontalGap * Double(max(0, row.count - 1))
        }
        let contentWidth = layerWidth.max() ?? 0
        var slotFrame = Array(repeating: GraphRect(x: 0, y: 0, width: 0, height: 0), count: slotCount)
        var top = metrics.margin + 14  // room for the start marker
        for layer in 0..<layerCount {
            var left = metrics.margin + (contentWidth - layerWidth[layer]) / 2
            for slot in rows[layer] {
                let height = slot < count ? slotHeight[slot] : layerHeight[layer]
                slotFrame[slot] = GraphRect(
                    x: left, y: top + (layerHeight[layer] - height) / 2, width: slotWidth[slot], height: height)
                left += slotWidth[slot] + metrics.horizontalGap
            }
            top += layerHeight[layer] + metrics.verticalGap
        }

        // Nodes, with their nested graphs moved into place.
        var nodes: [GraphLayout.Node] = []
        for (position, state) in states.enumerated() {
            let frame = slotFrame[position]
            var groups = nested[position]
            if !groups.isEmpty {
                let inner =
                    groups.reduce(0) { $0 + $1.frame.width } + metrics.groupPadding * Double(groups.count - 1)
                var left = frame.x + (frame.width - inner) / 2
                for index in groups.indices {
                    groups[index] = groups[index].offsetBy(
                        dx: left - groups[index].frame.x, dy: frame.y + metrics.groupHeader - groups[index].frame.y)
                    left += groups[index].frame.width + metrics.groupPadding
                }
            }
            let retries = retry(of: state)
            nodes.append(
                GraphLayout.Node(
                    name: state.name, type: state.typeName, frame: frame, isStart: state.name == graph.startAt,
                    isEnd: isEnd(state), retryAttempts: retries.attempts, retryErrors: retries.errors, groups: groups))
        }

        // Edges: forward ones through their dummies, spread over the boxes' bottom and top sides.
        var points = Array(repeating: [GraphPoint](), count: specs.count)
        var exits: [Int: [(Double, Int)]] = [:]
        var entries: [Int: [(Double, Int)]] = [:]
        for edgeIndex in chains.keys.sorted() {
            let chain = chains[edgeIndex]!
            exits[chain[0], default: []].append((slotFrame[chain[1]].midX, edgeIndex))
            entries[chain[chain.count - 1], default: []].append((slotFrame[chain[chain.count - 2]].midX, edgeIndex))
        }
        var exitX: [Int: Double] = [:]
        var entryX: [Int: Double] = [:]
        for (slot, list) in exits {
            for (offset, item) in list.sorted(by: { ($0.0, $0.1) < ($1.0, $1.1) }).enumerated() {
                exitX[item.1] = slotFrame[slot].x + slotFrame[slot].width * Double(offset + 1) / Double(list.count + 1)
            }
        }
        for (slot, list) in entries {
            for (offset, item) in list.sorted(by: { ($0.0, $0.1) < ($1.0, $1.1) }).enumerated() {
                entryX[item.1] = slotFrame[slot].x + slotFrame[slot].width * Double(offset + 1) / Double(list.count + 1)
            }
        }
        for edgeIndex in chains.keys.sorted() {
            let chain = chains[edgeIndex]!
            var line = [GraphPoint(x: exitX[edgeIndex]!, y: slotFrame[chain[0]].maxY)]
            for slot in chain.dropFirst().dropLast() {
                line.append(GraphPoint(x: slotFrame[slot].midX, y: slotFrame[slot].y))
                line.append(GraphPoint(x: slotFrame[slot].midX, y: slotFrame[slot].maxY))
            }
            line.append(GraphPoint(x: entryX[edgeIndex]!, y: slotFrame[chain[chain.count - 1]].y))
            points[edgeIndex] = line
        }
        // Back edges: out of the right side, up a lane of their own, into the right side of their target.
        let contentRight = metrics.margin + contentWidth
        for (lane, edgeIndex) in backEdges.sorted().enumerated() {
            let spec = specs[edgeIndex]
            let source = slotFrame[spec.from]
            let target = slotFrame[spec.to]
            let laneX = contentRight + metrics.laneGap * Double(lane + 1)
            let sourceY = source.midY + 6
            let targetY = target.midY - 6
            points[edgeIndex] = [
                GraphPoint(x: source.maxX, y: sourceY), GraphPoint(x: laneX, y: sourceY),
                GraphPoint(x: laneX, y: targetY), GraphPoint(x: target.maxX, y: targetY),
            ]
        }

        var edges: [GraphLayout.Edge] = []
        for (edgeIndex, spec) in specs.enumerated() {
            let line = points[edgeIndex]
            var labelPosition: GraphPoint?
            if spec.label != nil, line.count >= 2 {
                if backEdges.contains(edgeIndex) {
                    labelPosition = GraphPoint(x: line[1].x + 4, y: (line[1].y + line[2].y) / 2)
                } else {
                    // Along the first segment, a third of the way down, just right of the line.
                    let first = line[0]
                    let second = line[1]
                    labelPosition = GraphPoint(
                        x: first.x + (second.x - first.x) * 0.4 + 4, y: first.y + (second.y - first.y) * 0.4 + 4)
                }
            }
            edges.append(
                GraphLayout.Edge(
                    from: states[spec.from].name, to: states[spec.to].name, kind: spec.kind, label: spec.label,
                    points: line, labelPosition: labelPosition, isBackEdge: backEdges.contains(edgeIndex)))
        }

        // Bounds: everything drawn, plus the margin.
        var maxX = contentRight
        var maxY = top - metrics.verticalGap
        for node in nodes {
            maxX = max(maxX, node.frame.maxX)
            maxY = max(maxY, node.frame.maxY)
        }
        for edge in edges {
            for point in edge.points {
                maxX = max(maxX, point.x)
                maxY = max(maxY, point.y)
            }
            if let label = edge.label, let at = edge.labelPosition {
                maxX = max(maxX, at.x + Double(label.count) * metrics.labelCharacterWidth)
            }
        }
        return GraphLayout(
            frame: GraphRect(x: 0, y: 0, width: maxX + metrics.margin, height: maxY + metrics.margin), nodes: nodes,
            edges: edges)
    }

    /// Depth-first walk from `StartAt`, then from any state not reached, in document order.
    ///
    /// - Returns: Each state's discovery number, the edges that close a loop, and a topological order of the
    ///   remaining (forward) edges.
    func walk() -> (discovery: [Int], backEdges: Set<Int>, topological: [Int]) {
        let count = states.count
        var mark = Array(repeating: 0, count: count)  // 0 new, 1 on the path, 2 done
        var discovery = Array(repeating: 0, count: count)
        var next = 0
        var backEdges: Set<Int> = []
        var finished: [Int] = []
        // An explicit stack: (state, index of the next outgoing edge to follow).
        var roots: [Int] = []
        if let start = index[graph.startAt] { roots.append(start) }
        roots += Array(0..<count)
        for root in roots where mark[root] == 0 {
            var stack: [(Int, Int)] = [(root, 0)]
            mark[root] = 1
            discovery[root] = next
            next += 1
            while let (state, edge) = stack.last {
                if edge < outgoing[state].count {
                    stack[stack.count - 1].1 += 1
                    let edgeIndex = outgoing[state][edge]
                    let target = specs[edgeIndex].to
                    switch mark[target] {
                    case 0:
                        mark[target] = 1
                        discovery[target] = next
                        next += 1
                        stack.append((target, 0))
                    case 1: backEdges.insert(edgeIndex)
                    default: break
                    }
                } else {
                    mark[state] = 2
                    finished.append(state)
                    stack.removeLast()
                }
            }
        }
        return (discovery, backEdges, finished.reversed())
    }

    /// Longest-path layers over the forward edges.
    func layers(topological: [Int], backEdges: Set<Int>) -> [Int] {
        var layer = Array(repeating: 0, count: states.count)
        for state in topological {
            for edgeIndex in outgoing[state] where !backEdges.contains(edgeIndex) {
                let target = specs[edgeIndex].to
                layer[target] = max(layer[target], layer[state] + 1)
            }
        }
        return layer
    }

    func nestedGraphs(of state: State) -> [StateGraph] {
        switch state.kind {
        case .parallel(let parallel): parallel.branches
        case .map(let map): [map.itemProcessor]
        default: []
        }
    }

    func retry(of state: State) -> (attempts: Int, errors: [String]) {
        let retriers: [Retrier]
        switch state.kind {
        case .task(let task): retriers = task.retry
        case .parallel(let parallel): retriers = parallel.retry
        case .map(let map): retriers = map.retry
        default: retriers = []
        }
        var errors: [String] = []
        for name in retriers.flatMap(\.errorEquals) where !errors.contains(name) { errors.append(name) }
        return (retriers.reduce(0) { $0 + $1.maxAttempts }, errors)
    }

    func isEnd(_ state: State) -> Bool {
        let transition: Transition
        switch state.kind {
        case .succeed, .fail: return true
        case .choice: return false
        case .pass(let pass): transition = pass.transition
        case .wait(let wait): transition = wait.transition
        case .task(let task): transition = task.transition
        case .parallel(let parallel): transition = parallel.transition
        case .map(let map): transition = map.transition
        }
        return transition == .end
    }
}
