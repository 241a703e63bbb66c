"""Telemetry of the Python peer (bench mode p), wired as the plugin's README
says for OpenTelemetry export: Temporal's replay-safe tracer provider set
globally, a default BatchSpanProcessor in front of the OTLP/HTTP protobuf
exporter (to this mode's sink at the orchestrator's receiver), and
OpenAIAgentsPlugin(use_otel_instrumentation=True), which installs OpenInference's
agents instrumentation on that provider.

The bench adds what bench/counting-processor.ts and mode-stock.ts add on the
Node side: spans produced per trace, tagged with the load phase, in front of
the batch processor, and the exporter's delivered/failed counts.
"""

import threading
from collections.abc import Sequence

from agents import set_trace_processors
from opentelemetry import trace
from opentelemetry.context import Context
from opentelemetry.exporter.otlp.proto.http.trace_exporter import OTLPSpanExporter
from opentelemetry.sdk.resources import Resource
from opentelemetry.sdk.trace import ReadableSpan, Span, SpanProcessor
from opentelemetry.sdk.trace.export import BatchSpanProcessor, SpanExporter, SpanExportResult
from temporalio import activity, workflow
from temporalio.contrib.opentelemetry import create_tracer_provider


class CountingExporter(SpanExporter):
    """Counts what the exporter delivered or failed to deliver."""

    def __init__(self, inner: SpanExporter) -> None:
        self._inner = inner
        self.exported = 0
        self.failed = 0

    def export(self, spans: Sequence[ReadableSpan]) -> SpanExportResult:
        result = self._inner.export(spans)
        if result == SpanExportResult.SUCCESS:
            self.exported += len(spans)
        else:
            self.failed += len(spans)
        return result

    def shutdown(self) -> None:
        self._inner.shutdown()

    def force_flush(self, timeout_millis: int = 30_000) -> bool:
        return self._inner.force_flush(timeout_millis)


class SpanCounter(SpanProcessor):
    """Counts every ended span per trace id, then hands it to `inner`.

    A trace is tagged with `phase` as it was when the trace's first span ended
    (as SpanCounter in counting-processor.ts). It also notes which workflow
    each trace belongs to: OpenInference's spans carry no workflow id
    attribute, which is how the receiver matches the other modes' traces to
    workflows. Spans end on the event loop and on workflow task threads, hence
    the lock.
    """

    def __init__(self, inner: SpanProcessor) -> None:
        self._inner = inner
        self._lock = threading.Lock()
        self.phase = 0
        self.total = 0
        self.per_trace: dict[str, list[int]] = {}  # trace id -> [spans, phase]
        self.workflow_of: dict[str, str] = {}  # trace id -> workflow id

    def on_start(self, span: Span, parent_context: Context | None = None) -> None:
        self._inner.on_start(span, parent_context)

    def on_end(self, span: ReadableSpan) -> None:
        trace_id = format(span.context.trace_id, "032x")
        with self._lock:
            self.total += 1
            entry = self.per_trace.get(trace_id)
            if entry:
                entry[0] += 1
            else:
                self.per_trace[trace_id] = [1, self.phase]
            if trace_id not in self.workflow_of and (workflow_id := _current_workflow_id()):
                self.workflow_of[trace_id] = workflow_id
        self._inner.on_end(span)

    def shutdown(self) -> None:
        self._inner.shutdown()

    def force_flush(self, timeout_millis: int = 30_000) -> bool:
        return self._inner.force_flush(timeout_millis)


def _current_workflow_id() -> str | None:
    """The workflow a span ended in: in workflow code, or in one of its activities."""
    if workflow.in_workflow():
        return workflow.info().workflow_id
    if activity.in_activity():
        return activity.info().workflow_id
    return None


class PeerTelemetry:
    """The global tracer provider and what the bench counts around its export."""

    def __init__(self, traces_url: str, service_name: str) -> None:
        # The agents SDK's default trace processor exports to OpenAI's tracing
        # backend, which this machine cannot reach (and the comparison is about
        # OTLP export): only OpenInference's processor stays, added by the plugin.
        set_trace_processors([])
        self.exporter = CountingExporter(OTLPSpanExporter(endpoint=traces_url))
        # Default BatchSpanProcessor settings, as a user would start with.
        self.counter = SpanCounter(BatchSpanProcessor(self.exporter))
        self.provider = create_tracer_provider(resource=Resource.create({"service.name": service_name}))
        self.provider.add_span_processor(self.counter)
        trace.set_tracer_provider(self.provider)

    def shutdown(self) -> None:
        """Flushes and stops export (blocking, at the end of the run)."""
        self.provider.force_flush()
        self.provider.shutdown()

    def produced(self) -> dict:
        with self.counter._lock:
            return {
                "total": self.counter.total,
                "perTrace": [[tid, n, phase] for tid, (n, phase) in self.counter.per_trace.items()],
            }

    def workflow_traces(self) -> list[list[str]]:
        with self.counter._lock:
            return [[wid, tid] for tid, wid in self.counter.workflow_of.items()]

    def export_stats(self) -> dict[str, int]:
        return {"exported": self.exporter.exported, "failed": self.exporter.failed}
