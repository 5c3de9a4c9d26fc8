/// Draws a ``GraphLayout`` as inline SVG for the console's pages.
///
/// Each state is a `<g class="state type-task status-succeeded" data-state="…">` holding its box, name and type
/// (the status class only when a trace is given); Parallel and Map states are rounded group boxes with their nested
/// graphs inside, each branch in a dashed frame. Edges are `<path class="edge edge-catch">` with an arrowhead;
/// Catch edges are dashed (by the page's CSS) and labelled with their error names, Choice rules with their condition.
/// A state with `Retry` carries a `↻ n` badge. All text is HTML-escaped.
enum GraphSVG {
    /// The SVG element for `layout`, coloured by `trace` when given.
    static func render(_ layout: GraphLayout, trace: ExecutionTrace?) -> String {
        var out = ""
        let width = HTML.number(layout.frame.width)
        let height = HTML.number(layout.frame.height)
        out += "<svg class=\"graph\" xmlns=\"http://www.w3.org/2000/svg\" width=\"\(width)\" height=\"\(height)\" "
        out += "viewBox=\"0 0 \(width) \(height)\" role=\"img\" aria-label=\"State machine graph\">"
        out += "<defs><marker id=\"arrow\" viewBox=\"0 0 10 10\" refX=\"9\" refY=\"5\" markerWidth=\"7\" "
        out += "markerHeight=\"7\" orient=\"auto-start-reverse\"><path d=\"M0,0 L10,5 L0,10 z\" class=\"arrowhead\"/>"
        out += "</marker></defs>"
        draw(layout, trace: trace, into: &out)
        out += "</svg>"
        return out
    }

    static func draw(_ layout: GraphLayout, trace: ExecutionTrace?, into out: inout String) {
        for edge in layout.edges {
            let d = edge.points.enumerated().map { offset, point in
                (offset == 0 ? "M" : "L") + HTML.number(point.x) + "," + HTML.number(point.y)
            }.joined(separator: " ")
            let classes = "edge edge-\(edge.kind.rawValue)" + (edge.isBackEdge ? " edge-back" : "")
            out += "<path class=\"\(classes)\" d=\"\(d)\" marker-end=\"url(#arrow)\" "
            out += "data-from=\"\(HTML.escape(edge.from))\" data-to=\"\(HTML.escape(edge.to))\"/>"
            if let label = edge.label, let at = edge.labelPosition {
                out += "<text class=\"edge-label edge-label-\(edge.kind.rawValue)\" x=\"\(HTML.number(at.x))\" "
                out += "y=\"\(HTML.number(at.y + 8))\">\(HTML.escape(label))</text>"
            }
        }
        for node in layout.nodes {
            let frame = node.frame
            var classes = "state type-\(node.type.lowercased())"
            var tooltip = "\(node.name) (\(node.type))"
            if let trace {
                let status = trace.status(of: node.name)
                classes += " status-\(status.rawValue)"
                tooltip += ": \(status.title)"
                if let entries = trace.entries[node.name], entries > 1 { tooltip += ", entered \(entries) times" }
                if let retries = trace.retries[node.name], retries > 0 { tooltip += ", \(retries) retries" }
            }
            if node.isStart { classes += " start" }
            if node.isEnd { classes += " end" }
            out += "<g class=\"\(classes)\" data-state=\"\(HTML.escape(node.name))\">"
            out += "<title>\(HTML.escape(tooltip))</title>"
            if node.isStart {
                out += "<circle class=\"start-dot\" cx=\"\(HTML.number(frame.midX))\" cy=\"\(HTML.number(frame.y - 13))\" "
                out += "r=\"5\"/><path class=\"edge\" d=\"M\(HTML.number(frame.midX)),\(HTML.number(frame.y - 8)) "
                out += "L\(HTML.number(frame.midX)),\(HTML.number(frame.y))\" marker-end=\"url(#arrow)\"/>"
            }
            let rect =
                "x=\"\(HTML.number(frame.x))\" y=\"\(HTML.number(frame.y))\" width=\"\(HTML.number(frame.width))\" "
                + "height=\"\(HTML.number(frame.height))\""
            if node.isGroup {
                out += "<rect class=\"box group\" \(rect) rx=\"14\"/>"
                out += "<text class=\"name\" x=\"\(HTML.number(frame.x + 12))\" y=\"\(HTML.number(frame.y + 20))\">"
                out += "\(HTML.escape(node.name)) <tspan class=\"type\">\(HTML.escape(node.type))</tspan></text>"
                for group in node.groups {
                    let branch = group.frame
                    out += "<rect class=\"branch\" x=\"\(HTML.number(branch.x))\" y=\"\(HTML.number(branch.y))\" "
                    out += "width=\"\(HTML.number(branch.width))\" height=\"\(HTML.number(branch.height))\" rx=\"8\"/>"
                    draw(group, trace: trace, into: &out)
                }
            } else {
                out += "<rect class=\"box\" \(rect) rx=\"7\"/>"
                out += "<text class=\"name\" x=\"\(HTML.number(frame.midX))\" y=\"\(HTML.number(frame.y + 20))\" "
                out += "text-anchor=\"middle\">\(HTML.escape(node.name))</text>"
                out += "<text class=\"type\" x=\"\(HTML.number(frame.midX))\" y=\"\(HTML.number(frame.y + 36))\" "
                out += "text-anchor=\"middle\">\(HTML.escape(node.type))</text>"
            }
            if node.retryAttempts > 0 {
                let x = frame.maxX - 40
                let y = frame.y - 9
                out += "<g class=\"retry-badge\"><title>Retry \(HTML.escape(node.retryErrors.joined(separator: ", "))): "
                out += "up to \(node.retryAttempts) attempts</title>"
                out += "<rect x=\"\(HTML.number(x))\" y=\"\(HTML.number(y))\" width=\"36\" height=\"18\" rx=\"9\"/>"
                out += "<text x=\"\(HTML.number(x + 18))\" y=\"\(HTML.number(y + 13))\" text-anchor=\"middle\">"
                out += "↻ \(node.retryAttempts)</text></g>"
            }
            out += "</g>"
        }
    }

    /// The legend of status colours, as HTML.
    static func legend() -> String {
        var out = "<ul class=\"legend\">"
        for status in StateRunStatus.allCases {
            out += "<li><span class=\"swatch status-\(status.rawValue)\"></span>\(HTML.escape(status.title))</li>"
        }
        out += "<li><span class=\"swatch-line catch\"></span>Catch</li>"
        out += "<li><span class=\"badge-sample\">↻ n</span>Retry (max attempts)</li>"
        out += "</ul>"
        return out
    }
}
