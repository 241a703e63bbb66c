#!/usr/bin/env bash
# Installs pinned PyPI packages once into a virtualenv cached outside the repo,
# reuses it afterwards, and prints the path of one of its executables on stdout.
# Progress goes to stderr; a failure is one `[setup-venv] error: ...` line (the
# full pip log stays in the cache).
#
#   scripts/setup-venv.sh NAME EXECUTABLE REQUIREMENT...
#   scripts/setup-venv.sh phoenix-20.26.1 phoenix arize-phoenix==20.26.1
#     -> ~/.cache/temporal-agents-otel/phoenix-20.26.1/bin/phoenix
#
# NAME should carry the pinned versions, so a new pin gets a new virtualenv.
# Overrides: VENV_PYTHON (interpreter, default python3), TAO_CACHE_DIR (cache root).
set -euo pipefail

[[ $# -ge 3 ]] || { echo "usage: $0 NAME EXECUTABLE REQUIREMENT..." >&2; exit 2; }
NAME=$1; EXE=$2; shift 2

CACHE_ROOT="${TAO_CACHE_DIR:-${XDG_CACHE_HOME:-$HOME/.cache}/temporal-agents-otel}"
VENV="$CACHE_ROOT/$NAME"
BIN="$VENV/bin/$EXE"
MARKER="$VENV/.installed"
LOG="$CACHE_ROOT/$NAME.install.log"

log() { printf '[setup-venv] %s\n' "$*" >&2; }
die() { printf '[setup-venv] error: %s\n' "$*" >&2; exit 1; }

# Fast path: a finished install (the marker is written last).
if [[ -f "$MARKER" && -x "$BIN" ]]; then echo "$BIN"; exit 0; fi

PYTHON="${VENV_PYTHON:-python3}"
command -v "$PYTHON" >/dev/null || die "$NAME is not installed at $VENV and '$PYTHON' (Python 3.10-3.13) is not on PATH to install it"
"$PYTHON" -c 'import sys; sys.exit(0 if (3, 10) <= sys.version_info[:2] <= (3, 13) else 1)' \
  || die "$NAME needs Python 3.10-3.13; $PYTHON is $("$PYTHON" -V 2>&1)"
"$PYTHON" -c 'import venv, ensurepip' 2>/dev/null \
  || die "$PYTHON cannot create virtualenvs (install the python3-venv package)"

mkdir -p "$CACHE_ROOT"
# One installer at a time; a second caller waits, then takes the fast path.
exec 9>"$CACHE_ROOT/$NAME.lock"
if command -v flock >/dev/null; then
  flock 9
  if [[ -f "$MARKER" && -x "$BIN" ]]; then echo "$BIN"; exit 0; fi
fi

# A virtualenv is not relocatable (its scripts name their interpreter by
# absolute path), so it is built in place and marked complete only at the end;
# a half-built one from an interrupted run is removed first.
rm -rf "$VENV"
start=$(date +%s)
log "installing $* into $VENV (cold installs take a few minutes; log: $LOG)"
fail() { # what
  local reason
  reason=$(grep -E '^(ERROR|error):' "$LOG" | tail -n 1 || true)
  rm -rf "$VENV"
  die "$1 failed: ${reason:-see $LOG}"
}
"$PYTHON" -m venv "$VENV" >"$LOG" 2>&1 || fail "creating the virtualenv with $PYTHON"
"$VENV/bin/python" -m pip install --disable-pip-version-check --no-input --progress-bar off "$@" >>"$LOG" 2>&1 \
  || fail "pip install $*"
[[ -x "$BIN" ]] || fail "the install (no $BIN afterwards)"
"$BIN" --help >/dev/null 2>>"$LOG" || fail "running '$BIN --help'"
touch "$MARKER"
log "installed $* in $(( $(date +%s) - start )) s"
echo "$BIN"
