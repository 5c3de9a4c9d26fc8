/// The console's one stylesheet, embedded in every page.
enum ConsoleStyle {
    static let css = """
        :root{--fg:#1d2330;--muted:#677084;--line:#d7dbe3;--bg:#f6f7f9;--card:#fff;--accent:#2457c5;
        --ok:#1f9d55;--ok-bg:#dcf3e5;--run:#2563eb;--run-bg:#dbe7ff;--fail:#c62828;--fail-bg:#fde0e0;
        --caught:#b45309;--caught-bg:#fdecc8;--retry:#0f766e;--retry-bg:#d5f2ee;--none:#a3a9b5;--none-bg:#f1f2f4}
        *{box-sizing:border-box}
        body{margin:0;font:14px/1.45 system-ui,-apple-system,"Segoe UI",Roboto,sans-serif;color:var(--fg);
        background:var(--bg)}
        header.top{display:flex;gap:12px;align-items:baseline;padding:10px 20px;background:#1d2330;color:#fff}
        header.top a{color:#fff;text-decoration:none;font-weight:600;font-size:16px}
        header.top span{color:#b8c0cf;font-size:12px}
        main{padding:16px 20px 40px;max-width:1800px}
        h1{font-size:20px;margin:6px 0 4px;word-break:break-all}
        h2{font-size:15px;margin:18px 0 8px}
        a{color:var(--accent)}
        .meta{color:var(--muted);font-size:12px;word-break:break-all}
        .meta code{font-size:12px}
        table{border-collapse:collapse;width:100%;background:var(--card);border:1px solid var(--line)}
        th,td{text-align:left;padding:6px 10px;border-bottom:1px solid var(--line);vertical-align:top}
        th{background:#eef0f4;font-weight:600;font-size:12px;color:#424a5b}
        td.num,th.num{text-align:right;font-variant-numeric:tabular-nums}
        td.zero{color:#c3c8d1}
        .pill{display:inline-block;padding:1px 8px;border-radius:10px;font-size:11px;font-weight:600;
        background:var(--none-bg);color:#424a5b}
        .pill.RUNNING{background:var(--run-bg);color:var(--run)}
        .pill.SUCCEEDED{background:var(--ok-bg);color:var(--ok)}
        .pill.FAILED,.pill.TIMED_OUT{background:var(--fail-bg);color:var(--fail)}
        .pill.ABORTED{background:var(--caught-bg);color:var(--caught)}
        nav.filters{display:flex;gap:6px;flex-wrap:wrap;margin:8px 0}
        nav.filters a{padding:3px 10px;border:1px solid var(--line);border-radius:14px;background:#fff;
        text-decoration:none;font-size:12px}
        nav.filters a.on{background:var(--accent);color:#fff;border-color:var(--accent)}
        .pager{margin:10px 0;display:flex;gap:14px}
        .split{display:flex;gap:18px;align-items:flex-start}
        .split>.graph-pane{flex:0 1 auto;min-width:320px;max-width:48%}
        .split>.history-pane{flex:1 1 520px;min-width:0;overflow-x:auto}
        table.history td:nth-child(3){white-space:nowrap;font-size:12px;color:#424a5b}
        .graph-box{background:#fff;border:1px solid var(--line);border-radius:8px;padding:8px;overflow:auto;
        max-height:80vh}
        pre{margin:4px 0;white-space:pre-wrap;word-break:break-all;font-size:12px;background:#f3f4f7;
        padding:6px;border-radius:4px;max-height:300px;overflow:auto}
        details summary{cursor:pointer;color:#424a5b;font-family:ui-monospace,monospace;font-size:12px;
        word-break:break-all}
        td.details{min-width:260px;max-width:560px}
        .error{background:var(--fail-bg);border:1px solid #f4b4b4;padding:8px 12px;border-radius:6px;margin:8px 0;
        word-break:break-word}
        .empty{color:var(--muted);padding:12px 0}
        ul.legend{list-style:none;display:flex;flex-wrap:wrap;gap:12px;padding:0;margin:8px 0;font-size:12px}
        ul.legend li{display:flex;gap:5px;align-items:center}
        .swatch{display:inline-block;width:16px;height:14px;border-radius:3px;border-width:2px;border-style:solid}
        .swatch-line{display:inline-block;width:22px;border-top:2px dashed var(--caught)}
        .badge-sample{background:#0f766e;color:#fff;border-radius:8px;padding:0 6px;font-size:11px}
        svg.graph{display:block;font-family:system-ui,-apple-system,"Segoe UI",Roboto,sans-serif}
        svg.graph .box{fill:#fff;stroke:#8a93a6;stroke-width:1.5}
        svg.graph .box.group{fill:#f7f8fb;stroke:#7c869b;stroke-width:1.5}
        svg.graph .branch{fill:none;stroke:#b9c0cd;stroke-dasharray:4 3}
        svg.graph g.end>rect.box{stroke-width:3}
        svg.graph .name{font-size:13px;font-weight:600;fill:#1d2330}
        svg.graph .type{font-size:11px;fill:#677084;font-weight:400}
        svg.graph .edge{fill:none;stroke:#7c869b;stroke-width:1.4}
        svg.graph .edge-catch{stroke:var(--caught);stroke-dasharray:6 4}
        svg.graph .edge-back{stroke:#6b5fb5}
        svg.graph .arrowhead{fill:#7c869b}
        svg.graph .edge-label{font-size:11px;fill:#424a5b;paint-order:stroke;stroke:#fff;stroke-width:3px}
        svg.graph .edge-label-catch{fill:var(--caught)}
        svg.graph .start-dot{fill:#1d2330}
        svg.graph .retry-badge rect{fill:#0f766e}
        svg.graph .retry-badge text{fill:#fff;font-size:11px;font-weight:600}
        .status-not-reached,svg.graph g.status-not-reached>rect.box{fill:var(--none-bg);stroke:var(--none);
        border-color:var(--none);background:var(--none-bg)}
        svg.graph g.status-not-reached>text{opacity:.55}
        .status-entered,svg.graph g.status-entered>rect.box{fill:var(--run-bg);stroke:var(--run);
        border-color:var(--run);background:var(--run-bg)}
        svg.graph g.status-entered>rect.box{stroke-width:2.5}
        .status-succeeded,svg.graph g.status-succeeded>rect.box{fill:var(--ok-bg);stroke:var(--ok);
        border-color:var(--ok);background:var(--ok-bg)}
        .status-retried,svg.graph g.status-retried>rect.box{fill:var(--retry-bg);stroke:var(--retry);
        border-color:var(--retry);background:var(--retry-bg)}
        .status-caught,svg.graph g.status-caught>rect.box{fill:var(--caught-bg);stroke:var(--caught);
        border-color:var(--caught);background:var(--caught-bg)}
        .status-failed,svg.graph g.status-failed>rect.box{fill:var(--fail-bg);stroke:var(--fail);
        border-color:var(--fail);background:var(--fail-bg)}
        """
}
