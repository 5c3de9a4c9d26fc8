import JSONValue
import Server
import StatesLanguage
import Testing

/// Parses a definition for a layout test.
func machine(_ text: String, sourceLocation: SourceLocation = #_sourceLocation) throws -> StateMachine {
    try StateMachine.parse(try JSONValue(parsing: text))
}

/// Checks what every layout must satisfy: boxes of one graph do not overlap, nested graphs sit inside their group
/// box, every edge starts on its source's box and ends on its target's, and everything lies inside the frame.
func checkInvariants(_ layout: GraphLayout, sourceLocation: SourceLocation = #_sourceLocation) {
    let frames = layout.nodes.map(\.frame)
    for (i, a) in frames.enumerated() {
        for b in frames.dropFirst(i + 1) {
            let overlaps = a.x < b.maxX && b.x < a.maxX && a.y < b.maxY && b.y < a.maxY
            #expect(!overlaps, "boxes overlap: \(a) \(b)", sourceLocation: sourceLocation)
        }
    }
    for node in layout.nodes {
        #expect(node.frame.x >= layout.frame.x && node.frame.maxX <= layout.frame.maxX, sourceLocation: sourceLocation)
        #expect(node.frame.y >= layout.frame.y && node.frame.maxY <= layout.frame.maxY, sourceLocation: sourceLocation)
        for group in node.groups {
            #expect(group.frame.x >= node.frame.x - 0.01, "\(node.name)", sourceLocation: sourceLocation)
            #expect(group.frame.maxX <= node.frame.maxX + 0.01, "\(node.name)", sourceLocation: sourceLocation)
            #expect(group.frame.y >= node.frame.y, "\(node.name)", sourceLocation: sourceLocation)
            #expect(group.frame.maxY <= node.frame.maxY + 0.01, "\(node.name)", sourceLocation: sourceLocation)
            checkInvariants(group, sourceLocation: sourceLocation)
        }
    }
    for edge in layout.edges {
        guard let from = layout.nodes.first(where: { $0.name == edge.from }),
            let to = layout.nodes.first(where: { $0.name == edge.to }), let first = edge.points.first,
            let last = edge.points.last
        else {
            Issue.record("edge \(edge.from) → \(edge.to) has no boxes or points", sourceLocation: sourceLocation)
            continue
        }
        #expect(edge.points.count >= 2, sourceLocation: sourceLocation)
        #expect(onBorder(first, from.frame), "\(edge.from) → \(edge.to) starts off its box", sourceLocation: sourceLocation)
        #expect(onBorder(last, to.frame), "\(edge.from) → \(edge.to) ends off its box", sourceLocation: sourceLocation)
    }
}

func onBorder(_ point: GraphPoint, _ rect: GraphRect) -> Bool {
    let inside = point.x >= rect.x - 0.01 && point.x <= rect.maxX + 0.01 && point.y >= rect.y - 0.01
        && point.y <= rect.maxY + 0.01
    let onEdge = abs(point.x - rect.x) < 0.01 || abs(point.x - rect.maxX) < 0.01 || abs(point.y - rect.y) < 0.01
        || abs(point.y - rect.maxY) < 0.01
    return inside && onEdge
}

@Suite struct GraphLayoutTests {
    @Test func aChainIsOneColumnTopToBottom() throws {
        let definition = try machine(
            #"""
            {"StartAt":"First","States":{
              "First":{"Type":"Pass","Next":"Second"},
              "Second":{"Type":"Wait","Seconds":1,"Next":"A rather longer third name"},
              "A rather longer third name":{"Type":"Succeed"}}}
            """#)
        let layout = GraphLayout.make(for: definition.graph)
        checkInvariants(layout)
        let names = layout.nodes.map(\.name)
        #expect(names == ["First", "Second", "A rather longer third name"])
        let frames = layout.nodes.map(\.frame)
        #expect(frames[0].maxY < frames[1].y && frames[1].maxY < frames[2].y)
        #expect(abs(frames[0].midX - frames[1].midX) < 0.01 && abs(frames[1].midX - frames[2].midX) < 0.01)
        #expect(frames[2].width > frames[0].width, "the box is sized to the name")
        #expect(layout.nodes[0].isStart && !layout.nodes[1].isStart)
        #expect(layout.nodes[2].isEnd && !layout.nodes[0].isEnd)
        #expect(layout.edges.map { "\($0.from)→\($0.to):\($0.kind.rawValue)" }
            == ["First→Second:next", "Second→A rather longer third name:next"])
        #expect(layout.edges.allSatisfy { !$0.isBackEdge && $0.label == nil })
        #expect(layout.nodes.map(\.type) == ["Pass", "Wait", "Succeed"])
    }

    @Test func aChoiceWithALoopBackDrawsTheLoopUpALane() throws {
        let definition = try machine(
            #"""
            {"StartAt":"Check","States":{
              "Check":{"Type":"Choice","Choices":[
                 {"Variable":"$.done","BooleanEquals":true,"Next":"Done"},
                 {"And":[{"Variable":"$.n","NumericGreaterThan":10},{"Variable":"$.kind","StringEquals":"x"}],
                  "Next":"Give up"}],
               "Default":"Work"},
              "Work":{"Type":"Pass","Next":"Check"},
              "Give up":{"Type":"Fail","Error":"TooMany"},
              "Done":{"Type":"Succeed"}}}
            """#)
        let layout = GraphLayout.make(for: definition.graph)
        checkInvariants(layout)
        let check = try #require(layout.node(named: "Check"))
        let work = try #require(layout.node(named: "Work"))
        let done = try #require(layout.node(named: "Done"))
        let giveUp = try #require(layout.node(named: "Give up"))
        #expect(work.frame.y == done.frame.y && done.frame.y == giveUp.frame.y, "one layer below the Choice")
        #expect(check.frame.maxY < work.frame.y)

        let loop = try #require(layout.edges.first { $0.from == "Work" && $0.to == "Check" })
        #expect(loop.isBackEdge)
        #expect(layout.edges.filter(\.isBackEdge).count == 1)
        let right = layout.nodes.map(\.frame.maxX).max() ?? 0
        #expect(loop.points.contains { $0.x > right }, "the loop runs up a lane right of every box")

        let labels = layout.edges.filter { $0.from == "Check" }.map { "\($0.kind.rawValue) \($0.label ?? "")" }
        #expect(labels == ["choice $.done == true", "choice $.n > 10 && $.kind == \"x\"", "default Default"])
        #expect(layout.edges.allSatisfy { $0.label == nil || $0.labelPosition != nil })
    }

    @Test func parallelBranchesAndMapProcessorsAreNestedGroups() throws {
        let definition = try machine(
            #"""
            {"StartAt":"Fan out","States":{
              "Fan out":{"Type":"Parallel","Next":"After","Branches":[
                {"StartAt":"Left","States":{"Left":{"Type":"Pass","Next":"Left 2"},"Left 2":{"Type":"Pass","End":true}}},
                {"StartAt":"Each","States":{"Each":{"Type":"Map","End":true,"ItemProcessor":{
                   "StartAt":"Inner","States":{"Inner":{"Type":"Pass","Next":"Inner end"},
                                               "Inner end":{"Type":"Succeed"}}}}}}]},
              "After":{"Type":"Succeed"}}}
            """#)
        let layout = GraphLayout.make(for: definition.graph)
        checkInvariants(layout)
        let fan = try #require(layout.node(named: "Fan out"))
        #expect(fan.isGroup && fan.type == "Parallel")
        #expect(fan.groups.count == 2)
        #expect(fan.groups[0].nodes.map(\.name) == ["Left", "Left 2"])
        #expect(fan.groups[0].frame.maxX <= fan.groups[1].frame.x, "branches side by side")
        let each = try #require(fan.groups[1].nodes.first)
        #expect(each.name == "Each" && each.type == "Map" && each.groups.count == 1)
        #expect(each.groups[0].nodes.map(\.name) == ["Inner", "Inner end"])
        #expect(each.groups[0].edges.map(\.to) == ["Inner end"])
        #expect(layout.node(named: "Inner end")?.isEnd == true)
        #expect(layout.allNodes.map(\.name) == ["Fan out", "Left", "Left 2", "Each", "Inner", "Inner end", "After"])
        #expect(layout.allEdges.count == 3)
        let after = try #require(layout.node(named: "After"))
        #expect(after.frame.y > fan.frame.maxY)
        #expect(!after.isGroup)
    }

    @Test func catchEdgesAreLabelledAndRetriesCounted() throws {
        let definition = try machine(
            #"""
            {"StartAt":"Load","States":{
              "Load":{"Type":"Task","Resource":"arn:aws:states:::lambda:invoke","Parameters":{"FunctionName":"f"},
                "Retry":[{"ErrorEquals":["States.Timeout"],"MaxAttempts":3},
                         {"ErrorEquals":["States.ALL"],"MaxAttempts":2}],
                "Catch":[{"ErrorEquals":["Custom.A","Custom.B"],"Next":"Recover"},
                         {"ErrorEquals":["States.ALL"],"Next":"Give up"}],
                "Next":"Done"},
              "Recover":{"Type":"Pass","Next":"Done"},
              "Give up":{"Type":"Fail"},
              "Done":{"Type":"Succeed"}}}
            """#)
        let layout = GraphLayout.make(for: definition.graph)
        checkInvariants(layout)
        let load = try #require(layout.node(named: "Load"))
        #expect(load.retryAttempts == 5)
        #expect(load.retryErrors == ["States.Timeout", "States.ALL"])
        #expect(layout.node(named: "Recover")?.retryAttempts == 0)
        let catches = layout.edges.filter { $0.kind == .catch }
        #expect(catches.map(\.to) == ["Recover", "Give up"])
        #expect(catches.map(\.label) == ["Custom.A, Custom.B", "States.ALL"])
        // Done is below Recover (longest path), so Load → Done crosses Recover's layer through a dummy point.
        let done = try #require(layout.node(named: "Done"))
        let recover = try #require(layout.node(named: "Recover"))
        #expect(done.frame.y > recover.frame.maxY)
        let long = try #require(layout.edges.first { $0.from == "Load" && $0.to == "Done" })
        #expect(long.points.count == 4)
    }

    @Test func barycenterOrderingUncrossesEdges() throws {
        // A and B each lead to the other's column; the sweeps put X under B and Y under A.
        let definition = try machine(
            #"""
            {"StartAt":"Start","States":{
              "Start":{"Type":"Choice","Choices":[{"Variable":"$.a","IsPresent":true,"Next":"A"}],"Default":"B"},
              "A":{"Type":"Pass","Next":"Y"},
              "B":{"Type":"Pass","Next":"X"},
              "X":{"Type":"Succeed"},
              "Y":{"Type":"Succeed"}}}
            """#)
        let layout = GraphLayout.make(for: definition.graph)
        checkInvariants(layout)
        let a = try #require(layout.node(named: "A"))
        let b = try #require(layout.node(named: "B"))
        let x = try #require(layout.node(named: "X"))
        let y = try #require(layout.node(named: "Y"))
        #expect((a.frame.x < b.frame.x) == (y.frame.x < x.frame.x))
    }

    @Test func layoutIsDeterministic() throws {
        let text = #"""
            {"StartAt":"S","States":{
              "S":{"Type":"Choice","Choices":[{"Variable":"$.x","NumericLessThan":1,"Next":"P"}],"Default":"M"},
              "P":{"Type":"Parallel","Branches":[{"StartAt":"P1","States":{"P1":{"Type":"Pass","End":true}}},
                {"StartAt":"P2","States":{"P2":{"Type":"Pass","End":true}}}],"Next":"M"},
              "M":{"Type":"Map","ItemProcessor":{"StartAt":"I","States":{"I":{"Type":"Pass","End":true}}},"Next":"S2"},
              "S2":{"Type":"Choice","Choices":[{"Variable":"$.y","IsNull":false,"Next":"S"}],"Default":"E"},
              "E":{"Type":"Succeed"}}}
            """#
        let first = GraphLayout.make(for: try machine(text).graph)
        let second = GraphLayout.make(for: try machine(text).graph)
        #expect(first == second)
        checkInvariants(first)
        #expect(first.edges.filter(\.isBackEdge).map { "\($0.from)→\($0.to)" } == ["S2→S"])
    }
}
