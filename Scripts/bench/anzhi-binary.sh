# Sourced by the bench scripts: sets ANZHI to the anzhi binary to time, building it first when needed.
#   ANZHI_BIN=PATH  time this binary (a path, or a name on PATH); nothing is built
#   SKIP_BUILD=1    time .build/release/anzhi as it is
# otherwise `swift build -c release --product anzhi`, under the shared build lock when there is one (two Swift
# builds at once on a 2-core machine only slow each other). Needs ROOT (the repository) set.
if [ -n "${ANZHI_BIN:-}" ]; then
  if [[ $ANZHI_BIN == */* ]]; then ANZHI=$(realpath -m "$ANZHI_BIN"); else ANZHI=$(command -v "$ANZHI_BIN" || echo "$ANZHI_BIN"); fi
else
  ANZHI=$ROOT/.build/release/anzhi
  if [ "${SKIP_BUILD:-0}" != 1 ]; then
    command -v swift >/dev/null || { echo "bench: swift not found; build anzhi elsewhere and rerun with SKIP_BUILD=1 or ANZHI_BIN=PATH" >&2; exit 1; }
    echo "== swift build -c release --product anzhi" >&2
    lock=(); [ -e /tmp/anzhi-swift.lock ] && lock=(flock /tmp/anzhi-swift.lock)
    (cd "$ROOT" && "${lock[@]}" swift build -c release --product anzhi >&2) || { echo "bench: release build failed" >&2; exit 1; }
  fi
fi
[ -x "$ANZHI" ] || { echo "bench: anzhi binary not found at $ANZHI: build first (make build-release), or set ANZHI_BIN" >&2; exit 1; }
