#!/usr/bin/env python3
"""Stand-in for ferry:export: reports the CSV object one work item would be exported to."""
import json
import sys

request = json.load(sys.stdin)
item, batch = request["item"], request["batch"]
key = f"{item['company']['alias']}/exports/{batch}/{item['table']}/part-00000.csv"
print(json.dumps({"item": item, "batch": batch, "object": key, "rows": 0}))
