# Sourced by the other scripts: puts the Swift toolchain on PATH.
# Ferry needs Swift 6.2 or later; this machine kind ships it in /opt/swift.
if ! command -v swift >/dev/null 2>&1; then
  for candidate in /opt/swift/usr/bin /usr/share/swift/usr/bin; do
    if [ -x "$candidate/swift" ]; then PATH="$candidate:$PATH"; export PATH; break; fi
  done
fi
if ! command -v swift >/dev/null 2>&1; then
  echo "error: no Swift toolchain found; install Swift 6.2 or later (https://www.swift.org/install/linux/) into /opt/swift" >&2
  exit 2
fi
