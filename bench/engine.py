#!/usr/bin/env python3
"""The interpreter benchmark: Ferry's engine against the LocalStack interpreter shipped in moto, same run.

    python3 bench/engine.py            (builds engine-bench in release first)

Each workload runs in a fresh process: Ferry at full size, the peer at a size it finishes in about a
minute or less (its cost grows faster than linearly). Both record history and skip real waiting. Prints
transitions per second for each and the ratio, and Ferry's peak RSS.
"""
import json
import os
import resource
import subprocess
import sys
import tempfile
import time

HERE = os.path.dirname(os.path.abspath(__file__))
sys.path.insert(0, HERE)
import workloads  # noqa: E402

PEER = os.path.join(HERE, "..", "..", "shared", "conformance")
FERRY_SIZES = {"pass-chain": 1000, "map": 10000, "choice-loop": 100000, "parallel": 50}
PEER_SIZES = {"pass-chain": 1000, "map": 200, "choice-loop": 500, "parallel": 50}

PEER_SCRIPT = r"""
import json, sys, time
sys.path.insert(0, sys.argv[1])
import peer_execute
definition = open(sys.argv[2]).read()
inp = json.load(open(sys.argv[3]))
real = sys.stdout; sys.stdout = sys.stderr
start = time.perf_counter()
res = peer_execute.execute(definition, inp, {})
elapsed = time.perf_counter() - start
sys.stdout = real
print(json.dumps({"status": res["status"], "seconds": elapsed}))
import os; os._exit(0)
"""


def main():
    subprocess.run(["swift", "build", "-c", "release", "--package-path", HERE, "--product", "engine-bench"],
                   check=True, stdout=subprocess.DEVNULL)
    binary = os.path.join(HERE, ".build", "release", "engine-bench")
    rows = []
    with tempfile.TemporaryDirectory() as tmp:
        for name in FERRY_SIZES:
            base, transitions = workloads.write(name, FERRY_SIZES[name], tmp)
            best = None
            for _ in range(3):
                out = subprocess.run([binary, base + ".json", base + ".input.json"], check=True,
                                     capture_output=True, text=True).stdout
                run = json.loads(out)
                assert run["transitions"] == transitions, (name, run, transitions)
                if best is None or run["seconds"] < best["seconds"]:
                    best = run
            ferry_rate = transitions / best["seconds"]

            pbase, ptransitions = workloads.write(name, PEER_SIZES[name], tmp)
            out = subprocess.run([sys.executable, "-c", PEER_SCRIPT, PEER, pbase + ".json", pbase + ".input.json"],
                                 check=True, capture_output=True, text=True, timeout=600).stdout
            peer = json.loads(out.strip().splitlines()[-1])
            assert peer["status"] == "SUCCEEDED", peer
            peer_rate = ptransitions / peer["seconds"]
            rows.append((name, FERRY_SIZES[name], transitions, best["seconds"], ferry_rate, best["maxrss_mb"],
                         PEER_SIZES[name], ptransitions, peer["seconds"], peer_rate, ferry_rate / peer_rate))

    print(f"{'workload':<12} {'ferry size':>10} {'transitions':>11} {'seconds':>9} {'trans/s':>11} {'RSS MB':>7} | "
          f"{'peer size':>9} {'transitions':>11} {'seconds':>8} {'trans/s':>9} | {'ratio':>8}")
    for r in rows:
        print(f"{r[0]:<12} {r[1]:>10} {r[2]:>11} {r[3]:>9.3f} {r[4]:>11,.0f} {r[5]:>7.1f} | "
              f"{r[6]:>9} {r[7]:>11} {r[8]:>8.2f} {r[9]:>9,.0f} | {r[10]:>7,.0f}x")


if __name__ == "__main__":
    main()
