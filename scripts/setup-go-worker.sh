#!/usr/bin/env bash
# Builds the Go agent worker of the history exporter's tests (test/go/llm-worker:
# Temporal's Go SDK and openai-go, from the Go module proxy) once, caches it
# outside the repo under a hash of its sources, and prints the binary's path.
# Progress goes to stderr; a failure ends with one `[setup-go-worker] error:` line.
#
#   scripts/setup-go-worker.sh   -> ~/.cache/temporal-agents-otel/bin/go-llm-worker-<hash>/go-llm-worker
#
# Override the cache root with TAO_CACHE_DIR.
set -euo pipefail

SRC="$(cd "$(dirname "$0")/../test/go/llm-worker" && pwd)"
CACHE_ROOT="${TAO_CACHE_DIR:-${XDG_CACHE_HOME:-$HOME/.cache}/temporal-agents-otel}"

log() { printf '[setup-go-worker] %s\n' "$*" >&2; }
die() { printf '[setup-go-worker] error: %s\n' "$*" >&2; exit 1; }

# A change to the program or its pins is a new binary; an old one stays until the cache is cleared.
HASH=$(cat "$SRC/go.mod" "$SRC/go.sum" "$SRC/main.go" | sha256sum | cut -c1-12)
DIR="$CACHE_ROOT/bin/go-llm-worker-$HASH"
BIN="$DIR/go-llm-worker"
if [[ -x "$BIN" ]]; then echo "$BIN"; exit 0; fi

command -v go >/dev/null || die "the Go worker is not built at $BIN and Go (>= 1.26) is not installed to build it"
mkdir -p "$DIR"
# One builder at a time; a second caller waits, then finds the binary.
exec 9>"$DIR.lock"
command -v flock >/dev/null && flock 9
if [[ -x "$BIN" ]]; then echo "$BIN"; exit 0; fi

log "building the Go agent worker (Temporal Go SDK + openai-go; about a minute cold, cached afterwards in $DIR)"
TMP=$(mktemp "$DIR/.build.XXXX")
if ! (cd "$SRC" && GOTOOLCHAIN=local CGO_ENABLED=0 GOFLAGS=-mod=mod go build -o "$TMP" . >&2); then
  rm -f "$TMP"
  die "go build in $SRC failed (see output above)"
fi
mv "$TMP" "$BIN"
log "built $BIN"
echo "$BIN"
