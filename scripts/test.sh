#!/usr/bin/env bash
# Installs what the tests need, builds Ferry and its tests (debug), and runs every test:
# unit tests and the integration tests that drive the built `ferry` binary.
set -euo pipefail
cd "$(dirname "$0")/.."
. scripts/env.sh
scripts/install-deps.sh
swift build --build-tests
swift test --skip-build
