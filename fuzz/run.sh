#!/usr/bin/env bash
# Builds the libFuzzer targets (release, address sanitizer) and runs each for SECONDS (default 600).
#   fuzz/run.sh [SECONDS] [TARGET...]     targets: FuzzJSON FuzzJSONPath FuzzIntrinsic FuzzValidator FuzzCSV FuzzS3XML
# Crashes, hangs (> 10 s on one input) and sanitizer reports stop a target and leave the input in
# fuzz/artifacts/; the exit status is non-zero if any target failed.
set -euo pipefail
cd "$(dirname "$0")"
. ../scripts/env.sh
seconds="${1:-600}"
shift || true
targets=("$@")
[ ${#targets[@]} -gt 0 ] || targets=(FuzzJSON FuzzJSONPath FuzzIntrinsic FuzzValidator FuzzCSV FuzzS3XML)

# -Xswiftc instruments the Ferry modules too (SwiftPM applies --sanitize to the root package only).
swift build -c release --sanitize=fuzzer --sanitize=address -Xswiftc -sanitize=fuzzer,address --scratch-path .build-fuzz
bin=.build-fuzz/release
python3 seed.py

failed=0
for target in "${targets[@]}"; do
  mkdir -p "corpus/$target" "artifacts/$target"
  echo "== $target: ${seconds}s"
  if ! "$bin/$target" "corpus/$target" -max_total_time="$seconds" -timeout=10 -rss_limit_mb=4096 \
      -artifact_prefix="artifacts/$target/" -print_final_stats=1 2>"artifacts/$target.log"; then
    echo "!! $target failed; see fuzz/artifacts/$target.log and fuzz/artifacts/$target/"
    failed=1
  fi
  grep -E '^stat::number_of_executed_units|^stat::peak_rss_mb|^#[0-9]+.*DONE' "artifacts/$target.log" || tail -3 "artifacts/$target.log"
done
exit $failed
