#!/usr/bin/env python3
"""Ferry's JSONata against jsonata-python (PyPI), in one run, on the same expression and data.

    python3 bench/jsonata.py [--iterations 2000] [--python-iterations 20]

Builds bench/jsonata (a small release package whose targets are symlinks to Ferry's JSONValue, CivilCalendar
and JSONata sources, so none of the database dependencies build), dumps its 1,000-order document, installs
jsonata-python into a throwaway virtualenv if it is not importable, checks that both print the same result, and
prints evaluations per second for each and their ratio. The expression (filter + map + aggregate + sort) is in
bench/jsonata/Sources/JSONataBenchmark/main.swift and bench/jsonata/jsonata_python_bench.py.
"""

import argparse
import os
import re
import subprocess
import sys
import tempfile

HERE = os.path.dirname(os.path.abspath(__file__))
PACKAGE = os.path.join(HERE, "jsonata")
VENV = "/tmp/ferry-jsonata-bench-venv"


def python_with_jsonata():
    try:
        import jsonata  # noqa: F401
        return sys.executable
    except ImportError:
        python = os.path.join(VENV, "bin", "python3")
        if not os.path.exists(python):
            subprocess.run([sys.executable, "-m", "venv", VENV], check=True)
            subprocess.run([python, "-m", "pip", "install", "-q", "jsonata-python"], check=True)
        return python


def rate(output, name):
    match = re.search(rf"{name}: (\d+) evaluations in ([\d.]+) s", output)
    if not match:
        sys.exit(f"could not read {name}'s timing from:\n{output}")
    return int(match.group(1)) / float(match.group(2))


def result(output):
    return next(line for line in output.splitlines() if line.startswith("result: "))


def main():
    parser = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    parser.add_argument("--iterations", type=int, default=2000)
    parser.add_argument("--python-iterations", type=int, default=20)
    arguments = parser.parse_args()

    subprocess.run(["swift", "build", "-c", "release", "--package-path", PACKAGE], check=True)
    binary = os.path.join(PACKAGE, ".build", "release", "JSONataBenchmark")
    with tempfile.NamedTemporaryFile("w", suffix=".json", delete=False) as data:
        subprocess.run([binary, "1", "--dump-data"], stdout=data, check=True)
    ferry = subprocess.run([binary, str(arguments.iterations)], capture_output=True, text=True, check=True).stdout
    python = subprocess.run(
        [python_with_jsonata(), os.path.join(PACKAGE, "jsonata_python_bench.py"), data.name,
         str(arguments.python_iterations)],
        capture_output=True, text=True, check=True).stdout
    os.unlink(data.name)
    if result(ferry) != result(python):
        sys.exit(f"the results differ:\n  ferry:          {result(ferry)}\n  jsonata-python: {result(python)}")
    ferry_rate, python_rate = rate(ferry, "ferry-jsonata"), rate(python, "jsonata-python")
    print(f"same result: {result(ferry)[8:]}")
    print(f"| implementation | evaluations/s |\n|---|---|")
    print(f"| Ferry JSONata (release) | {ferry_rate:,.0f} |")
    print(f"| jsonata-python | {python_rate:,.1f} |")
    print(f"ratio: {ferry_rate / python_rate:,.0f}x")


if __name__ == "__main__":
    main()
