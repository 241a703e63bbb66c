#!/usr/bin/env bash
# Obtains the native servers the tests and the demo need, building each once
# and caching it by version outside the repo. Prints the path of each binary.
#
#   scripts/setup-binaries.sh temporal   -> path of the temporal CLI
#   scripts/setup-binaries.sh jaeger     -> path of the jaeger v2 binary
#   scripts/setup-binaries.sh collector  -> path of an OpenTelemetry Collector
#                                           able to run collector/native-collector.yaml
#
# Order for each: explicit path variable, then PATH (temporal only), then the
# cache, then a build from the Go module proxy into the cache.
set -euo pipefail

TEMPORAL_CLI_VERSION="v1.5.1"
# Jaeger v2 lives in module github.com/jaegertracing/jaeger (no /v2 suffix).
# The proxy serves only some v1.x tags of it and refuses untagged commits, and
# every v1.x tag has a `replace`, so `go install` refuses them. Each v1.x tag
# carries the matching v2 release; v1.76.0 is Jaeger v2.13.0, whose cmd/jaeger
# is the collector-based v2 binary. It is built as the main module instead,
# where the replace (github.com/Shopify/sarama, Kafka only) is honoured.
JAEGER_MODULE="github.com/jaegertracing/jaeger"
JAEGER_MODULE_VERSION="v1.76.0"
JAEGER_VERSION="v2.13.0"

CACHE_ROOT="${TAO_CACHE_DIR:-${XDG_CACHE_HOME:-$HOME/.cache}/temporal-agents-otel}"

log() { printf '[setup] %s\n' "$*" >&2; }
die() { printf '[setup] error: %s\n' "$*" >&2; exit 1; }

need_go() { # name bin
  command -v go >/dev/null || die "$1 is not cached at $2 and Go (>= 1.24) is not installed to build it"
}

go_build() { # name version module@ref
  local name=$1 version=$2 target=$3
  local dir="$CACHE_ROOT/bin/$name-$version"
  local bin="$dir/$name"
  if [[ -x "$bin" ]]; then echo "$bin"; return; fi
  need_go "$name" "$bin"
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

# Downloads a module version through the proxy (checksum-verified against
# sum.golang.org) and builds one of its packages as the main module, so that
# its replace directives apply. About 480 modules and 6-7 minutes on 2 cores cold.
go_build_main_module() { # name version module module-version package ldflags
  local name=$1 version=$2 module=$3 modversion=$4 pkg=$5 ldflags=$6
  local dir="$CACHE_ROOT/bin/$name-$version"
  local bin="$dir/$name"
  if [[ -x "$bin" ]]; then echo "$bin"; return; fi
  need_go "$name" "$bin"
  mkdir -p "$dir"
  local tmp; tmp=$(mktemp -d "$dir/.build.XXXX")
  # Run outside any Go module so the download is not tied to a go.mod.
  local json src err
  json=$(cd "$tmp" && GOTOOLCHAIN=local GOFLAGS= go mod download -json "$module@$modversion" 2>&1) || true
  src=$(printf '%s\n' "$json" | sed -n 's/^[[:space:]]*"Dir": "\(.*\)",$/\1/p')
  if [[ -z "$src" || ! -d "$src" ]]; then
    err=$(printf '%s\n' "$json" | sed -n 's/^[[:space:]]*"Error": "\(.*\)",\{0,1\}$/\1/p' | head -n 1)
    rm -rf "$tmp"
    die "cannot download $module@$modversion from the Go module proxy ($(go env GOPROXY)): ${err:-$json}"
  fi
  # The module cache is read-only; the build writes nothing, but copy anyway
  # so a stray go.sum update never touches the shared cache.
  cp -R "$src" "$tmp/src" && chmod -R u+w "$tmp/src"
  log "building $name $version from $module@$modversion (cold builds take 6-7 minutes; cached afterwards in $dir)"
  if ! (cd "$tmp/src" && GOTOOLCHAIN=local CGO_ENABLED=0 GOFLAGS=-mod=readonly \
        go build -buildvcs=false -trimpath -ldflags "$ldflags" -o "$tmp/$name" "$pkg" >&2); then
    rm -rf "$tmp"; die "go build of $pkg in $module@$modversion failed (see output above)"
  fi
  mv "$tmp/$name" "$bin"; rm -rf "$tmp"
  log "built $bin"
  echo "$bin"
}

jaeger_binary() {
  if [[ -n "${JAEGER_BINARY_PATH:-}" ]]; then
    [[ -x "$JAEGER_BINARY_PATH" ]] || die "JAEGER_BINARY_PATH=$JAEGER_BINARY_PATH is not an executable file"
    echo "$JAEGER_BINARY_PATH"; return
  fi
  go_build_main_module jaeger "$JAEGER_VERSION" "$JAEGER_MODULE" "$JAEGER_MODULE_VERSION" ./cmd/jaeger \
    "-s -w -X $JAEGER_MODULE/internal/version.latestVersion=$JAEGER_VERSION"
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
  jaeger) jaeger_binary ;;
  collector)
    # Any collector with the otlp receiver, memory_limiter and batch processors,
    # otlp and otlphttp exporters, basicauth and healthcheckv2 extensions will
    # do (otelcol-contrib has them all). By default the Jaeger v2 binary, which
    # is such a collector build: one cold build serves both roles.
    if [[ -n "${OTELCOL_BINARY_PATH:-}" ]]; then
      [[ -x "$OTELCOL_BINARY_PATH" ]] || die "OTELCOL_BINARY_PATH=$OTELCOL_BINARY_PATH is not an executable file"
      echo "$OTELCOL_BINARY_PATH"; exit 0
    fi
    jaeger_binary
    ;;
  *) die "usage: $0 temporal|jaeger|collector" ;;
esac
