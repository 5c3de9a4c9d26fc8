#!/usr/bin/env bash
# Installs the Debian packages Ferry's build and tests need, skipping those already present.
# Needs root (or sudo) only when something is missing.
set -euo pipefail

packages=(
  # What the Swift toolchain and Foundation need on Debian 12.
  binutils git gcc libc6-dev libstdc++-12-dev libcurl4-openssl-dev libxml2-dev libedit-dev libsqlite3-dev
  libncurses-dev libpython3-dev pkg-config tzdata uuid-dev zlib1g-dev
  # MySQL/MariaDB client library (the server for the tests is installed by scripts/start-mariadb.sh).
  libmariadb-dev
  # PostgreSQL needs no client library (Ferry speaks the protocol itself), only OpenSSL for its TLS connections;
  # scripts/start-postgres.sh installs postgresql-15 for the test server when it is missing, and runs it through
  # runuser (util-linux); openssl makes the test server's self-signed certificate.
  libssl-dev openssl util-linux
  # The conformance runner, test helpers, and the private environment scripts/start-s3.sh installs rclone into.
  python3 python3-venv curl
  # The web console's browser test (Tests/IntegrationTests/ConsoleTests.swift) renders pages in headless Chromium,
  # with a font for the screenshot's text.
  chromium fonts-dejavu-core
)

missing=()
for p in "${packages[@]}"; do
  dpkg-query -W -f='${Status}' "$p" 2>/dev/null | grep -q "install ok installed" || missing+=("$p")
done
if [ ${#missing[@]} -eq 0 ]; then
  exit 0
fi
echo "Installing Debian packages: ${missing[*]}" >&2
sudo=""
[ "$(id -u)" -eq 0 ] || sudo="sudo"
$sudo apt-get update -qq
DEBIAN_FRONTEND=noninteractive $sudo apt-get install -y -qq --no-install-recommends "${missing[@]}" >/dev/null
