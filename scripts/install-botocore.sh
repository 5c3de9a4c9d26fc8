#!/usr/bin/env bash
# Installs botocore from PyPI into a private virtual environment for the StepFunctionsAPI oracle tests (the
# service model cross-check and the SigV4 signatures). Idempotent. The tests find the environment at
# $FERRY_BOTOCORE_VENV (default /tmp/ferry-botocore-venv) and skip the oracle tests when it is missing.
set -euo pipefail

venv="${FERRY_BOTOCORE_VENV:-/tmp/ferry-botocore-venv}"
if [ -x "$venv/bin/python" ] && "$venv/bin/python" -c 'import botocore' 2>/dev/null; then
  exit 0
fi
# A private environment, so a system Python that refuses pip installs (Debian's PEP 668 marker) is never touched.
echo "installing botocore from PyPI into $venv" >&2
python3 -m venv "$venv" >&2
"$venv/bin/pip" install --quiet botocore >&2
"$venv/bin/python" -c 'import botocore' >&2
