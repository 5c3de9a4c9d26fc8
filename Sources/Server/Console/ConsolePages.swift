import JSONValue
import StatesLanguage
import Store

#if canImport(FoundationEssentials)
    import FoundationEssentials
#else
    import Foundation
#endif

/// The console's pages as HTML text, built from store records; no I/O, so tests can render them directly.
enum ConsolePages {
    /// The statuses the executions filter offers, in AWS's order.
    static let filterStatuses: [ExecutionStatus] = [.running, .succeeded, .failed, .timedOut, .aborted]

    /// A whole page around `body`.
    static func page(title: String, body: String, refreshSeconds: Int? = nil) -> String {
        var out = "<!doctype html><html lang=\"en\"><head><meta charset=\"utf-8\">"
        out += "<meta name=\"viewport\" content=\"width=device-width, initial-scale=1\">"
        if let refreshSeconds { out += "<meta http-equiv=\"refresh\" content=\"\(refreshSeconds)\">" }
        out += "<title>\(HTML.escape(title)) · Ferry</title><style>\(ConsoleStyle.css)</style></head><body>"
        out += "<header class=\"top\"><a href=\"/\">Ferry</a><span>console · read-only</span></header>"
        out += "<main>\(body)</main></body></html>"
        return out
    }

    /// `GET /`: the state machines with their executions counted by status.
    static func home(
        stateMachines: [StateMachineRecord], counts: [String: [ExecutionStatus: Int]], nextToken: String?
    ) -> String {
        var body = "<h1>State machines</h1>"
        if stateMachines.isEmpty {
            body += "<p class=\"empty\">No state machines yet. Create one with the Step Functions API "
            body += "(<code>aws stepfunctions create-state-machine --endpoint-url …</code>).</p>"
        } else {
            body += "<table class=\"state-machines\"><thead><tr><th>Name</th><th>Type</th><th class=\"num\">Revision</th>"
            body += "<th>Updated</th>"
            for status in filterStatuses { body += "<th class=\"num\">\(status.rawValue)</th>" }
            body += "</tr></thead><tbody>"
            for machine in stateMachines {
                let link = "/state-machines/" + HTML.pathComponent(machine.name)
                body += "<tr><td><a href=\"\(link)\">\(HTML.escape(machine.name))</a></td>"
                body += "<td>\(HTML.escape(machine.type))</td><td class=\"num\">\(machine.version)</td>"
                body += "<td>\(timestamp(machine.updateDate))</td>"
                for status in filterStatuses {
                    let count = counts[machine.arn]?[status] ?? 0
                    if count == 0 {
                        body += "<td class=\"num zero\">0</td>"
                    } else {
                        body += "<td class=\"num\"><a href=\"\(link)?status=\(status.rawValue)\">\(count)</a></td>"
                    }
                }
                body += "</tr>"
            }
            body += "</tbody></table>"
        }
        if let nextToken {
            body += "<div class=\"pager\"><a href=\"/\">First page</a>"
            body += "<a href=\"/?next=\(HTML.queryValue(nextToken))\">Next page →</a></div>"
        }
        return page(title: "State machines", body: body)
    }

    /// `GET /state-machines/<name>`: the definition's graph and the executions, filtered and paginated.
    static func stateMachine(
        _ machine: StateMachineRecord, executions: [ExecutionRecord], counts: [ExecutionStatus: Int],
        filter: ExecutionStatus?, nextToken: String?
    ) -> String {
        let link = "/state-machines/" + HTML.pathComponent(machine.name)
        var body = "<h1>\(HTML.escape(machine.name))</h1>"
        body += "<p class=\"meta\"><code>\(HTML.escape(machine.arn))</code> · \(HTML.escape(machine.type)) · "
        body += "revision \(machine.version) · updated \(timestamp(machine.updateDate))</p>"
        body += "<div class=\"split\"><section class=\"graph-pane\"><h2>Definition</h2>"
        body += graph(definition: machine.definition, trace: nil)
        body += "</section><section class=\"history-pane\"><h2>Executions</h2><nav class=\"filters\">"
        let total = counts.values.reduce(0, +)
        body += "<a href=\"\(link)\"\(filter == nil ? " class=\"on\"" : "")>All (\(total))</a>"
        for status in filterStatuses {
            body += "<a href=\"\(link)?status=\(status.rawValue)\"\(filter == status ? " class=\"on\"" : "")>"
            body += "\(status.rawValue) (\(counts[status] ?? 0))</a>"
        }
        body += "</nav>"
        if executions.isEmpty {
            body += "<p class=\"empty\">No executions\(filter.map { " with status " + $0.rawValue } ?? "").</p>"
        } else {
            body += "<table class=\"executions\"><thead><tr><th>Name</th><th>Status</th><th>Started</th>"
            body += "<th>Stopped</th></tr></thead><tbody>"
            for execution in executions {
                body += "<tr><td><a href=\"/executions/\(HTML.pathComponent(execution.arn))\">"
                body += "\(HTML.escape(execution.name))</a></td><td>\(pill(execution.status))</td>"
                body += "<td>\(timestamp(execution.startDate))</td>"
                body += "<td>\(execution.stopDate.map(timestamp) ?? "")</td></tr>"
            }
            body += "</tbody></table>"
        }
        let filterQuery = filter.map { "status=\($0.rawValue)&" } ?? ""
        if let nextToken {
            body += "<div class=\"pager\"><a href=\"\(link)\(filter.map { "?status=" + $0.rawValue } ?? "")\">"
            body += "First page</a><a href=\"\(link)?\(filterQuery)next=\(HTML.queryValue(nextToken))\">"
            body += "Next page →</a></div>"
        }
        body += "</section></div>"
        return page(title: machine.name, body: body)
    }

    /// `GET /executions/<ARN>`: the graph coloured by the execution's history, beside that history.
    ///
    /// - Parameter isHistoryTruncated: Whether `events` stop short of the whole history (the page says so).
    static func execution(
        _ execution: ExecutionRecord, stateMachineName: String?, events: [HistoryEvent], isHistoryTruncated: Bool
    ) -> String {
        let isRunning = execution.status == .running
        let trace = ExecutionTrace(events: events, status: execution.status)
        var body = "<h1>\(HTML.escape(execution.name)) \(pill(execution.status))</h1><p class=\"meta\">"
        if let stateMachineName {
            body += "State machine <a href=\"/state-machines/\(HTML.pathComponent(stateMachineName))\">"
            body += "\(HTML.escape(stateMachineName))</a> · "
        }
        body += "<code>\(HTML.escape(execution.arn))</code><br>started \(timestamp(execution.startDate))"
        if let stop = execution.stopDate { body += " · stopped \(timestamp(stop))" }
        if execution.redriveCount > 0 { body += " · redriven \(execution.redriveCount)×" }
        if isRunning { body += " · <span class=\"refreshing\">refreshing every 2 s</span>" }
        body += "</p>"
        if execution.error != nil || execution.cause != nil {
            body += "<div class=\"error\"><strong>\(HTML.escape(execution.error ?? "Error"))</strong>"
            if let cause = execution.cause { body += "<br>\(HTML.escape(cause))" }
            body += "</div>"
        }
        body += "<details><summary>Input</summary><pre>\(HTML.escape(execution.input.serialized(pretty: true)))"
        body += "</pre></details>"
        if let output = execution.output {
            body += "<details><summary>Output</summary><pre>\(HTML.escape(output.serialized(pretty: true)))</pre>"
            body += "</details>"
        }
        body += "<div class=\"split\"><section class=\"graph-pane\"><h2>Graph</h2>"
        body += GraphSVG.legend()
        body += graph(definition: execution.definition, trace: trace)
        body += "</section><section class=\"history-pane\"><h2>Events (\(events.count))</h2>"
        if isHistoryTruncated { body += "<p class=\"meta\">Showing the first \(events.count) events.</p>" }
        body += history(events, trace: trace)
        body += "</section></div>"
        return page(title: execution.name, body: body, refreshSeconds: isRunning ? 2 : nil)
    }

    /// The history table: id, type, timestamp, state, and the details (shortened, expandable).
    static func history(_ events: [HistoryEvent], trace: ExecutionTrace) -> String {
        guard !events.isEmpty else { return "<p class=\"empty\">No events yet.</p>" }
        var out = "<table class=\"history\"><thead><tr><th class=\"num\">ID</th><th>Type</th><th>Timestamp</th>"
        out += "<th>State</th><th>Details</th></tr></thead><tbody>"
        for event in events {
            out += "<tr id=\"event-\(event.id)\"><td class=\"num\">\(event.id)</td><td>\(HTML.escape(event.type))</td>"
            out += "<td>\(timestamp(event.timestamp))</td>"
            out += "<td>\(HTML.escape(trace.stateOfEvent[event.id] ?? ""))</td><td class=\"details\">"
            if event.details != .null {
                let compact = event.details.serialized()
                let summary = compact.count > 72 ? String(compact.prefix(71)) + "…" : compact
                out += "<details><summary>\(HTML.escape(summary))</summary>"
                out += "<pre>\(HTML.escape(event.details.serialized(pretty: true)))</pre></details>"
            }
            out += "</td></tr>"
        }
        out += "</tbody></table>"
        return out
    }

    /// The SVG of a definition, or a note when it cannot be parsed.
    static func graph(definition: String, trace: ExecutionTrace?) -> String {
        let machine: StateMachine
        do {
            machine = try StateMachine.parse(try JSONValue(parsing: definition))
        } catch {
            return "<p class=\"error\">The definition cannot be drawn: it does not parse.</p>"
                + "<pre>\(HTML.escape(definition))</pre>"
        }
        let layout = GraphLayout.make(for: machine.graph)
        return "<div class=\"graph-box\">" + GraphSVG.render(layout, trace: trace) + "</div>"
    }

    /// `404`: what was not found.
    static func notFound(_ what: String) -> String {
        page(
            title: "Not found",
            body: "<h1>Not found</h1><p>\(HTML.escape(what))</p><p><a href=\"/\">Back to the state machines</a></p>")
    }

    static func pill(_ status: ExecutionStatus) -> String {
        "<span class=\"pill \(status.rawValue)\">\(status.rawValue)</span>"
    }

    static func timestamp(_ date: Date) -> String {
        date.formatted(Date.ISO8601FormatStyle(includingFractionalSeconds: true))
    }
}
