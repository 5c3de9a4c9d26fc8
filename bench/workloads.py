#!/usr/bin/env python3
"""The interpreter benchmark's workloads, as ASL definitions both engines run unchanged.

    workloads.py NAME SIZE OUT_DIR   -> writes OUT_DIR/NAME-SIZE.json (definition) and .input.json,
                                        prints the number of state transitions the run makes
"""
import json
import os
import sys


def pass_chain(n):
    states = {f"S{i}": {"Type": "Pass", "Result": {"i": i}, "ResultPath": "$.last",
                        **({"Next": f"S{i + 1}"} if i + 1 < n else {"End": True})} for i in range(n)}
    return {"StartAt": "S0", "States": states}, {}, n


def map_items(n):
    processor = {
        "StartAt": "A",
        "States": {
            "A": {"Type": "Pass", "Parameters": {"v.$": "$.v", "i.$": "$$.Map.Item.Index"}, "Next": "B"},
            "B": {"Type": "Pass", "Parameters": {"sum.$": "States.MathAdd($.v, $.i)"}, "Next": "C"},
            "C": {"Type": "Pass", "OutputPath": "$.sum", "End": True},
        },
    }
    definition = {"StartAt": "M", "States": {"M": {
        "Type": "Map", "ItemsPath": "$.items", "MaxConcurrency": 0,
        "ItemSelector": {"v.$": "$$.Map.Item.Value"}, "ItemProcessor": processor, "End": True}}}
    return definition, {"items": list(range(n))}, 1 + 3 * n


def choice_loop(n):
    definition = {"StartAt": "Check", "States": {
        "Check": {"Type": "Choice", "Choices": [{"Variable": "$.i", "NumericLessThan": n, "Next": "Inc"}], "Default": "Done"},
        "Inc": {"Type": "Pass", "Parameters": {"i.$": "States.MathAdd($.i, 1)"}, "Next": "Check"},
        "Done": {"Type": "Succeed"},
    }}
    return definition, {"i": 0}, 2 * n + 2


def parallel_branches(n):
    branches = [{"StartAt": f"B{i}", "States": {f"B{i}": {"Type": "Pass", "Result": i, "End": True}}} for i in range(n)]
    return {"StartAt": "P", "States": {"P": {"Type": "Parallel", "Branches": branches, "End": True}}}, {}, 1 + n


WORKLOADS = {"pass-chain": pass_chain, "map": map_items, "choice-loop": choice_loop, "parallel": parallel_branches}


def write(name, size, out_dir):
    definition, inp, transitions = WORKLOADS[name](size)
    base = os.path.join(out_dir, f"{name}-{size}")
    with open(base + ".json", "w") as f:
        json.dump(definition, f)
    with open(base + ".input.json", "w") as f:
        json.dump(inp, f)
    return base, transitions


if __name__ == "__main__":
    base, transitions = write(sys.argv[1], int(sys.argv[2]), sys.argv[3])
    print(transitions)
