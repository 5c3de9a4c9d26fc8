#!/usr/bin/env python3
"""Copy the definitions of the AWS-recorded conformance cases into a validator test fixture.

    scripts/import-conformance.py [CASES_DIR]   (default: ../shared/conformance/cases)

Writes Tests/StatesLanguageTests/Fixtures/conformance-definitions.json: a list of
{"id", "category", "definition"}. AWS rejected every definition of category "validation"
and accepted all others; the validator tests hold Ferry to the same verdicts.
"""
import glob
import json
import os
import sys

root = os.path.dirname(os.path.dirname(os.path.abspath(__file__)))
cases_dir = sys.argv[1] if len(sys.argv) > 1 else os.path.join(root, "..", "shared", "conformance", "cases")
cases = []
for path in sorted(glob.glob(os.path.join(cases_dir, "*.json"))):
    with open(path) as f:
        case = json.load(f)
    cases.append({"id": os.path.basename(path)[:-5], "category": case["category"], "definition": case["definition"]})
out = os.path.join(root, "Tests", "StatesLanguageTests", "Fixtures", "conformance-definitions.json")
with open(out, "w") as f:
    json.dump(cases, f, indent=None, separators=(",", ":"), ensure_ascii=False)
    f.write("\n")
print(f"{len(cases)} definitions -> {os.path.relpath(out, root)}")
