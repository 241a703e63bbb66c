#!/usr/bin/env bash
# The Python side of the mixed-fleet tests: Temporal's Python SDK with its
# OpenTelemetry extra (TracingInterceptor), pinned, in a cached virtualenv (see
# setup-venv.sh). Prints the path of its `python`.
set -euo pipefail

TEMPORALIO_VERSION="1.35.0"
OTEL_PYTHON_VERSION="1.45.2"

exec "$(dirname "$0")/setup-venv.sh" "python-workers-$TEMPORALIO_VERSION-$OTEL_PYTHON_VERSION" python \
  "temporalio==$TEMPORALIO_VERSION" "opentelemetry-api==$OTEL_PYTHON_VERSION" "opentelemetry-sdk==$OTEL_PYTHON_VERSION"
