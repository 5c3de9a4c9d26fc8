#!/usr/bin/env bash
# Installs what the tests need, starts the servers the integration tests use (MariaDB, PostgreSQL 15 and an
# S3-protocol server on 127.0.0.1),
# builds Ferry and its tests (debug), and runs every test: unit tests and integration tests.
set -euo pipefail
cd "$(dirname "$0")/.."
. scripts/env.sh
scripts/install-deps.sh
scripts/start-mariadb.sh
scripts/start-postgres.sh
scripts/start-s3.sh
swift build --build-tests
swift test --skip-build
