#!/usr/bin/env bash
# Installs Arize Phoenix (PyPI `arize-phoenix`, pinned) once into a cached
# virtualenv (see setup-venv.sh) and prints the path of its `phoenix`
# executable. PHOENIX_BINARY_PATH uses that executable instead and installs
# nothing; PHOENIX_PYTHON picks the interpreter. A cold install downloads ~150
# packages from PyPI and takes a few minutes; later calls return at once.
set -euo pipefail

PHOENIX_VERSION="20.26.1"

if [[ -n "${PHOENIX_BINARY_PATH:-}" ]]; then
  [[ -x "$PHOENIX_BINARY_PATH" ]] || { echo "[setup-phoenix] error: PHOENIX_BINARY_PATH=$PHOENIX_BINARY_PATH is not an executable file" >&2; exit 1; }
  echo "$PHOENIX_BINARY_PATH"; exit 0
fi
VENV_PYTHON="${PHOENIX_PYTHON:-${VENV_PYTHON:-python3}}" \
  exec "$(dirname "$0")/setup-venv.sh" "phoenix-$PHOENIX_VERSION" phoenix "arize-phoenix==$PHOENIX_VERSION"
