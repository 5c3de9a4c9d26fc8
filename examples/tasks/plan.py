#!/usr/bin/env python3
"""Stand-in for ferry:plan until the pipeline lands: the (company, table) work items of a small sample catalog."""
import json
import sys

json.load(sys.stdin)
companies = [{"company_id": 101, "alias": "acme", "look_back_days": 60}, {"company_id": 102, "alias": "globex", "look_back_days": 30}]
tables = ["users", "orders", "info_order"]
items = [{"company": c, "table": t} for c in companies for t in tables]
print(json.dumps({"items": items, "count": len(items)}))
