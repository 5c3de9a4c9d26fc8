#!/usr/bin/env python3
"""Load on `ferry serve`: N executions of a 20-state machine started concurrently through the API.

    swift build -c release --product ferry --scratch-path .build-release
    python3 bench/serve_load.py --ferry .build-release/release/ferry [--executions 1000] [--store URL] [--json]

Starts `ferry serve --no-auth` on a free loopback port with a fresh SQLite state store (or `--store`, e.g. a
PostgreSQL URL for a shared store), creates a STANDARD state machine of 20 states (Pass states with Parameters,
ResultPath and intrinsic functions, a Choice, a JSONata Pass, a Succeed: every step journaled to the store), then
starts `--executions` executions from `--clients` concurrent HTTP clients (StartExecution, unsigned), waits until
none is RUNNING, and reads each execution's startDate and stopDate (DescribeExecution).

Prints: executions per second (executions / (last stopDate - first startDate)), start-to-finish latency p50, p99
and max (stopDate - startDate, as the server records them), state transitions per second, the client-side
StartExecution latency p50/p99, and the server's peak RSS (VmHWM). Nothing else of this script runs meanwhile.
"""

import argparse
import concurrent.futures
import http.client
import json
import os
import shutil
import subprocess
import sys
import tempfile
import time

ROOT = os.path.dirname(os.path.dirname(os.path.abspath(__file__)))


def definition(states):
    """A chain of `states` states: Pass states, one Choice, one JSONata Pass, a Succeed."""
    body = {}
    passes = states - 3
    for i in range(passes):
        body[f"P{i}"] = {
            "Type": "Pass",
            "Parameters": {"step": i, "id.$": "$.id", "tag.$": "States.Format('s{}', $.id)"},
            "ResultPath": f"$.r{i % 4}",
            "Next": f"P{i + 1}" if i + 1 < passes else "Check",
        }
    body["Check"] = {
        "Type": "Choice",
        "Choices": [{"Variable": "$.id", "NumericGreaterThanEquals": 0, "Next": "Shape"}],
        "Default": "Done",
    }
    body["Shape"] = {"Type": "Pass", "QueryLanguage": "JSONata",
                     "Output": "{% {'id': $states.input.id, 'steps': " + str(passes) + "} %}", "Next": "Done"}
    body["Done"] = {"Type": "Succeed"}
    return json.dumps({"Comment": f"{states} states", "StartAt": "P0", "States": body})


class Client:
    def __init__(self, host, port):
        self.host, self.port = host, port

    def call(self, action, body):
        connection = http.client.HTTPConnection(self.host, self.port, timeout=120)
        try:
            connection.request("POST", "/", json.dumps(body), {
                "Content-Type": "application/x-amz-json-1.0", "X-Amz-Target": "AWSStepFunctions." + action})
            response = connection.getresponse()
            data = json.loads(response.read() or b"{}")
            if response.status != 200:
                raise RuntimeError(f"{action}: {response.status} {data}")
            return data
        finally:
            connection.close()


def percentile(values, p):
    ordered = sorted(values)
    return ordered[min(len(ordered) - 1, int(round(p / 100 * (len(ordered) - 1))))]


def peak_rss_mb(pid):
    with open(f"/proc/{pid}/status") as status:
        for line in status:
            if line.startswith("VmHWM:"):
                return int(line.split()[1]) / 1024
    return 0.0


def main():
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--ferry", default=os.path.join(ROOT, ".build-release/release/ferry"), type=os.path.abspath)
    parser.add_argument("--executions", type=int, default=1000)
    parser.add_argument("--states", type=int, default=20)
    parser.add_argument("--clients", type=int, default=32, help="concurrent HTTP clients starting executions")
    parser.add_argument("--store", help="state store URL (default: a fresh SQLite file)")
    parser.add_argument("--json", action="store_true")
    args = parser.parse_args()

    work = tempfile.mkdtemp(prefix="ferry-serve-load-")
    store = args.store or f"sqlite://{work}/state.db"
    server = subprocess.Popen(
        [args.ferry, "serve", "--no-auth", "--listen", "127.0.0.1:0", "--store", store],
        cwd=work, stdout=subprocess.PIPE, stderr=subprocess.DEVNULL, text=True)
    try:
        line = server.stdout.readline()
        if "listening on http://" not in line:
            sys.exit(f"ferry serve did not start: {line!r}")
        host, port = line.strip().rsplit("http://", 1)[1].rsplit(":", 1)
        client = Client(host, int(port))
        machine = client.call("CreateStateMachine", {
            "name": f"load-{int(time.time())}", "definition": definition(args.states),
            "roleArn": "arn:aws:iam::123456789012:role/ferry"})["stateMachineArn"]

        def start(i):
            began = time.perf_counter()
            arn = client.call("StartExecution", {
                "stateMachineArn": machine, "name": f"e{i}", "input": json.dumps({"id": i})})["executionArn"]
            return arn, time.perf_counter() - began

        began = time.perf_counter()
        with concurrent.futures.ThreadPoolExecutor(args.clients) as pool:
            started = list(pool.map(start, range(args.executions)))
        while True:
            running = client.call("ListExecutions", {
                "stateMachineArn": machine, "statusFilter": "RUNNING", "maxResults": 1})["executions"]
            if not running:
                break
            time.sleep(0.05)
        wall = time.perf_counter() - began
        with concurrent.futures.ThreadPoolExecutor(8) as pool:
            described = list(pool.map(lambda s: client.call("DescribeExecution", {"executionArn": s[0]}), started))
        rss = peak_rss_mb(server.pid)
    finally:
        server.terminate()
        server.wait()
        shutil.rmtree(work, ignore_errors=True)

    failed = [d for d in described if d["status"] != "SUCCEEDED"]
    if failed:
        sys.exit(f"{len(failed)} executions did not succeed, e.g. {failed[0]}")
    starts = [d["startDate"] for d in described]
    stops = [d["stopDate"] for d in described]
    latencies = [stop - start for start, stop in zip(starts, stops)]
    span = max(stops) - min(starts)
    result = {
        "executions": args.executions, "states": args.states, "clients": args.clients,
        "store": "sqlite" if not args.store else args.store.split(":")[0],
        "executions_per_second": args.executions / span, "span_s": span, "wall_s": wall,
        "transitions_per_second": args.executions * (args.states - 1) / span,
        "latency_p50_s": percentile(latencies, 50), "latency_p99_s": percentile(latencies, 99),
        "latency_max_s": max(latencies),
        "start_call_p50_ms": percentile([s[1] for s in started], 50) * 1000,
        "start_call_p99_ms": percentile([s[1] for s in started], 99) * 1000,
        "peak_rss_mb": rss,
    }
    if args.json:
        print(json.dumps(result))
        return
    print(f"{args.executions} executions of a {args.states}-state machine, {args.clients} concurrent clients, "
          f"{result['store']} state store\n")
    print("| executions/s | transitions/s | latency p50 | latency p99 | latency max | StartExecution p50 | p99 | peak RSS |")
    print("|---|---|---|---|---|---|---|---|")
    print(f"| {result['executions_per_second']:.1f} | {result['transitions_per_second']:,.0f} | "
          f"{result['latency_p50_s']:.2f} s | {result['latency_p99_s']:.2f} s | {result['latency_max_s']:.2f} s | "
          f"{result['start_call_p50_ms']:.1f} ms | {result['start_call_p99_ms']:.1f} ms | {rss:.0f} MB |")


if __name__ == "__main__":
    main()
