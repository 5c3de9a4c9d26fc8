#!/usr/bin/env python3
"""Stand-in for ferry:load: reports the table one exported object would be loaded into."""
import json
import sys

request = json.load(sys.stdin)
item = request.get("item") or {"company": {"alias": "example"}, "table": request.get("table", "unknown")}
print(json.dumps({"table": f"reports_{item['company']['alias']}.{item['table']}", "rows": request.get("rows", 0), "mode": "replace"}))
