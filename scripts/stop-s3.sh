#!/usr/bin/env bash
# Stops the server started by scripts/start-s3.sh and removes its data (set KEEP_S3_DATA=1 to keep it).
set -euo pipefail
cd "$(dirname "$0")/.."
port="${S3_PORT:-9100}"
state_dir="${S3_STATE_DIR:-/tmp/ferry-s3-$port}"
pid_file="$state_dir/s3.pid"
if [ -f "$pid_file" ]; then
  pid="$(cat "$pid_file")"
  if kill -0 "$pid" 2>/dev/null; then
    kill "$pid"
    for _ in $(seq 1 50); do kill -0 "$pid" 2>/dev/null || break; sleep 0.1; done
    kill -0 "$pid" 2>/dev/null && kill -9 "$pid"
    echo "stopped rclone serve s3 (pid $pid)"
  fi
  rm -f "$pid_file"
else
  echo "no rclone serve s3 started by start-s3.sh is running"
fi
if [ "${KEEP_S3_DATA:-0}" != 1 ] && [ -z "${S3_DATA_DIR:-}" ]; then
  rm -rf "$state_dir/s3"
fi
