#!/usr/bin/env bash
# Installs botocore, boto3 and the AWS CLI from PyPI into a private virtual environment: botocore for the
# StepFunctionsAPI oracle tests (the service model cross-check and the SigV4 signatures), boto3 and the AWS CLI for
# the `ferry serve` integration tests. Idempotent. The tests find the environment at $FERRY_BOTOCORE_VENV (default
# /tmp/ferry-botocore-venv) and skip the tests that need it when it is missing.
set -euo pipefail

venv="${FERRY_BOTOCORE_VENV:-/tmp/ferry-botocore-venv}"
if [ -x "$venv/bin/python" ] && "$venv/bin/python" -c 'import botocore, boto3' 2>/dev/null && [ -x "$venv/bin/aws" ]; then
  exit 0
fi
# A private environment, so a system Python that refuses pip installs (Debian's PEP 668 marker) is never touched.
echo "installing botocore, boto3 and awscli from PyPI into $venv" >&2
[ -x "$venv/bin/python" ] || python3 -m venv "$venv" >&2
"$venv/bin/pip" install --quiet botocore boto3 awscli >&2
"$venv/bin/python" -c 'import botocore, boto3' >&2
"$venv/bin/aws" --version >&2
