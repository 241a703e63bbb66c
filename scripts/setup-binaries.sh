#!/usr/bin/env bash
# Obtains the native servers the tests and the demo need, building each once
# and caching it by version outside the repo. Prints the path of each binary.
#
#   scripts/setup-binaries.sh temporal   -> path of the temporal CLI
#   scripts/setup-binaries.sh jaeger     -> path of the jaeger v2 binary
#
# Order for each: explicit path variable, then PATH (temporal only), then the
# cache, then a `go install` into the cache.
set -euo pipefail

TEMPORAL_CLI_VERSION="v1.5.1"
# Jaeger v2.20.0 has no go-installable tag (see docs/decisions.md); pin the commit.
JAEGER_VERSION="v2.20.0"
JAEGER_COMMIT="798e4b0fcf22609e381df764a01461affd813e1e"

CACHE_ROOT="${TAO_CACHE_DIR:-${XDG_CACHE_HOME:-$HOME/.cache}/temporal-agents-otel}"

log() { printf '[setup] %s\n' "$*" >&2; }
die() { printf '[setup] error: %s\n' "$*" >&2; exit 1; }

go_build() { # name version module@ref
  local name=$1 version=$2 target=$3
  local dir="$CACHE_ROOT/bin/$name-$version"
  local bin="$dir/$name"
  if [[ -x "$bin" ]]; then echo "$bin"; return; fi
  command -v go >/dev/null || die "$name is not cached at $bin and Go is not installed to build it"
  mkdir -p "$dir"
  log "building $name $version with go install (cold builds take several minutes; cached afterwards in $dir)"
  local tmp; tmp=$(mktemp -d "$dir/.build.XXXX")
  if ! GOTOOLCHAIN=local CGO_ENABLED=0 GOBIN="$tmp" GOFLAGS=-mod=mod go install "$target" >&2; then
    rm -rf "$tmp"; die "go install $target failed (see output above)"
  fi
  mv "$tmp/$name" "$bin"; rm -rf "$tmp"
  log "built $bin"
  echo "$bin"
}

case "${1:-}" in
  temporal)
    if [[ -n "${TEMPORAL_CLI_PATH:-}" ]]; then
      [[ -x "$TEMPORAL_CLI_PATH" ]] || die "TEMPORAL_CLI_PATH=$TEMPORAL_CLI_PATH is not an executable file"
      echo "$TEMPORAL_CLI_PATH"; exit 0
    fi
    if command -v temporal >/dev/null; then command -v temporal; exit 0; fi
    go_build temporal "$TEMPORAL_CLI_VERSION" "github.com/temporalio/cli/cmd/temporal@$TEMPORAL_CLI_VERSION"
    ;;
  jaeger)
    if [[ -n "${JAEGER_BINARY_PATH:-}" ]]; then
      [[ -x "$JAEGER_BINARY_PATH" ]] || die "JAEGER_BINARY_PATH=$JAEGER_BINARY_PATH is not an executable file"
      echo "$JAEGER_BINARY_PATH"; exit 0
    fi
    go_build jaeger "$JAEGER_VERSION" "github.com/jaegertracing/jaeger/cmd/jaeger@$JAEGER_COMMIT"
    ;;
  *) die "usage: $0 temporal|jaeger" ;;
esac
