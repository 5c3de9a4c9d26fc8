"""Times jsonata-python (PyPI: jsonata-python) on the benchmark's expression and data.

Usage: swift run -c release JSONataBenchmark 1 --dump-data > /tmp/data.json
       python3 jsonata_python_bench.py /tmp/data.json [iterations]
"""
import json
import sys
import time

import jsonata

EXPRESSION = """
{
  "count": $count(orders[status = 'shipped']),
  "revenue": $round($sum(orders[status = 'shipped'].(price * quantity)), 2),
  "customers": $distinct(orders[price > 50].customer) ~> $count(),
  "top": (orders^(>price))[[0..2]].{ "id": id, "total": price * quantity }
}
"""

data = json.load(open(sys.argv[1]))
iterations = int(sys.argv[2]) if len(sys.argv) > 2 else 20
expr = jsonata.Jsonata(EXPRESSION)
print("result:", json.dumps(expr.evaluate(data), separators=(",", ":")))
start = time.perf_counter()
for _ in range(iterations):
    expr.evaluate(data)
elapsed = time.perf_counter() - start
print(f"jsonata-python: {iterations} evaluations in {elapsed:.3f} s = {iterations / elapsed:.0f} evaluations/s")
