#!/usr/bin/env bash
# The Python peer stack the benchmark compares against (bench mode p): Temporal's
# Python SDK, the OpenAI Agents SDK with Temporal's OpenAIAgentsPlugin, and
# OpenInference's agents instrumentation exporting OTLP/HTTP protobuf; pinned,
# in a cached virtualenv (see setup-venv.sh). Prints the path of its `python`.
#
# temporalio 1.35 keeps `temporalio.contrib.openai_agents` only as a shim over
# the separately versioned temporalio-openai-agents package, whose 1.1.0 needs
# openai-agents >=0.22,<0.23: hence 0.22.3, not the newest openai-agents.
set -euo pipefail

TEMPORALIO_VERSION="1.35.0"
TEMPORALIO_OPENAI_AGENTS_VERSION="1.1.0"
OPENAI_AGENTS_VERSION="0.22.3"
OPENINFERENCE_VERSION="2.6.0"
OTEL_PYTHON_VERSION="1.45.2"

exec "$(dirname "$0")/setup-venv.sh" \
  "python-peer-$TEMPORALIO_VERSION-$TEMPORALIO_OPENAI_AGENTS_VERSION-$OPENAI_AGENTS_VERSION-$OPENINFERENCE_VERSION-$OTEL_PYTHON_VERSION" \
  python \
  "temporalio==$TEMPORALIO_VERSION" \
  "temporalio-openai-agents==$TEMPORALIO_OPENAI_AGENTS_VERSION" \
  "openai-agents==$OPENAI_AGENTS_VERSION" \
  "openinference-instrumentation-openai-agents==$OPENINFERENCE_VERSION" \
  "opentelemetry-api==$OTEL_PYTHON_VERSION" \
  "opentelemetry-sdk==$OTEL_PYTHON_VERSION" \
  "opentelemetry-exporter-otlp-proto-http==$OTEL_PYTHON_VERSION"
