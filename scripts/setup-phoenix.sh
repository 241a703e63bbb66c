#!/usr/bin/env bash
# Installs Arize Phoenix (PyPI `arize-phoenix`, pinned) once into a virtualenv
# cached outside the repo, reuses it afterwards, and prints the path of its
# `phoenix` executable on stdout. Progress goes to stderr; a failure is one
# `[setup-phoenix] error: ...` line (the full pip log stays in the cache).
#
#   scripts/setup-phoenix.sh            -> /root/.cache/temporal-agents-otel/phoenix-<v>/bin/phoenix
#
# Overrides: PHOENIX_BINARY_PATH (use this executable, install nothing),
# PHOENIX_PYTHON (interpreter for the virtualenv, default python3),
# TAO_CACHE_DIR (cache root). A cold install downloads ~150 packages from PyPI
# and takes a few minutes; later calls return at once.
set -euo pipefail

PHOENIX_VERSION="20.26.1"

CACHE_ROOT="${TAO_CACHE_DIR:-${XDG_CACHE_HOME:-$HOME/.cache}/temporal-agents-otel}"
VENV="$CACHE_ROOT/phoenix-$PHOENIX_VERSION"
BIN="$VENV/bin/phoenix"
MARKER="$VENV/.installed"
LOG="$CACHE_ROOT/phoenix-$PHOENIX_VERSION.install.log"

log() { printf '[setup-phoenix] %s\n' "$*" >&2; }
die() { printf '[setup-phoenix] error: %s\n' "$*" >&2; exit 1; }

if [[ -n "${PHOENIX_BINARY_PATH:-}" ]]; then
  [[ -x "$PHOENIX_BINARY_PATH" ]] || die "PHOENIX_BINARY_PATH=$PHOENIX_BINARY_PATH is not an executable file"
  echo "$PHOENIX_BINARY_PATH"; exit 0
fi

# Fast path: a finished install (the marker is written last).
if [[ -f "$MARKER" && -x "$BIN" ]]; then echo "$BIN"; exit 0; fi

PYTHON="${PHOENIX_PYTHON:-python3}"
command -v "$PYTHON" >/dev/null || die "arize-phoenix $PHOENIX_VERSION is not installed at $VENV and '$PYTHON' (Python 3.10-3.13) is not on PATH to install it"
"$PYTHON" -c 'import sys; sys.exit(0 if (3, 10) <= sys.version_info[:2] <= (3, 13) else 1)' \
  || die "arize-phoenix $PHOENIX_VERSION needs Python 3.10-3.13; $PYTHON is $("$PYTHON" -V 2>&1)"
"$PYTHON" -c 'import venv, ensurepip' 2>/dev/null \
  || die "$PYTHON cannot create virtualenvs (install the python3-venv package)"

mkdir -p "$CACHE_ROOT"
# One installer at a time; a second caller waits, then takes the fast path.
exec 9>"$CACHE_ROOT/phoenix-$PHOENIX_VERSION.lock"
if command -v flock >/dev/null; then
  flock 9
  if [[ -f "$MARKER" && -x "$BIN" ]]; then echo "$BIN"; exit 0; fi
fi

# A virtualenv is not relocatable (its scripts name their interpreter by
# absolute path), so it is built in place and marked complete only at the end;
# a half-built one from an interrupted run is removed first.
rm -rf "$VENV"
start=$(date +%s)
log "installing arize-phoenix $PHOENIX_VERSION into $VENV (cold installs take a few minutes; log: $LOG)"
fail() { # what
  local reason
  reason=$(grep -E '^(ERROR|error):' "$LOG" | tail -n 1 || true)
  rm -rf "$VENV"
  die "$1 failed: ${reason:-see $LOG}"
}
"$PYTHON" -m venv "$VENV" >"$LOG" 2>&1 || fail "creating the virtualenv with $PYTHON"
"$VENV/bin/python" -m pip install --disable-pip-version-check --no-input --progress-bar off \
  "arize-phoenix==$PHOENIX_VERSION" >>"$LOG" 2>&1 || fail "pip install arize-phoenix==$PHOENIX_VERSION"
[[ -x "$BIN" ]] || fail "the install (no $BIN afterwards)"
"$BIN" --help >/dev/null 2>>"$LOG" || fail "running '$BIN --help'"
touch "$MARKER"
log "installed arize-phoenix $PHOENIX_VERSION in $(( $(date +%s) - start )) s"
echo "$BIN"
