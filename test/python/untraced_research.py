"""The Python research pipeline with no LLM tracing, for the history-export
tests: Temporal's Python SDK with its OpenAI Agents plugin (from PyPI, the
versions bench mode p pins), the same workflow, agents and search tool as the
benchmark's Python peer (bench/python, imported from there, not copied), no
OpenInference, no TracingInterceptor, the plugin's use_otel_instrumentation
off and the agents SDK's own tracing off. It runs the workflows one after the
other (so a forced fault lands in the run asked for), prints one JSON line per
finished run, then {"done": true}, and exits 0.

  python test/python/untraced_research.py run --address HOST:PORT [--namespace default]
      --task-queue Q --model-url http://127.0.0.1:PORT/v1 --corpus CORPUS_JSON
      --id-prefix P --count N [--fail-run K] [--history-dir DIR] [--query TEXT]
      [--otlp-traces-url URL]

  # the positional form test/integration/history-export-python.test.ts uses:
  python test/python/untraced_research.py ADDRESS TASK_QUEUE MODEL_URL CORPUS_JSON ID_PREFIX COUNT

Workflow ids are P-0 .. P-(N-1). --fail-run K asks the offline model, through
its admin endpoint (POST <origin>/__offline/faults), to answer the next
/responses request with HTTP 500 once, just before run P-K starts: that run's
first model call (the planner's) fails, and since the plugin's OpenAI client
does not retry, Temporal retries that one invoke_model_activity once (attempt
2). The run's line then says "forcedModelFailure": true and how many activity
attempts beyond the first its history holds ("retries"). --history-dir writes
each run's history as Temporal's proto3 JSON (<workflowId>.json), as
`temporal workflow show --output json` would.

--otlp-traces-url traces the runs the way a fleet with Temporal's own
OpenTelemetry interceptor does (temporalio.contrib.opentelemetry's
TracingInterceptor on the client and worker, OTLP/HTTP protobuf to URL): Temporal
spans only, no LLM spans, which is what `--worker-traced-runs enrich` adds to.

The corpus file is what bench/peer-corpus.ts writes (writePeerCorpus), e.g.
  npx tsx -e "import('./bench/peer-corpus.ts').then(m => m.writePeerCorpus('/tmp/x')).then(console.log)"
"""

import argparse
import asyncio
import json
import os
import sys
import traceback
import urllib.parse
import urllib.request

sys.path.insert(0, os.path.join(os.path.dirname(os.path.abspath(__file__)), "..", "..", "bench", "python"))
# The agents SDK would otherwise try to send its traces to OpenAI's platform.
os.environ["OPENAI_AGENTS_DISABLE_TRACING"] = "1"

from temporalio.api.enums.v1 import EventType  # noqa: E402
from temporalio.client import Client  # noqa: E402
from temporalio.openai_agents import OpenAIAgentsPlugin  # noqa: E402
from temporalio.worker import Worker  # noqa: E402

import web_search  # noqa: E402
from research_agents import MODEL_ACTIVITY_PARAMETERS, ResearchInput  # noqa: E402
from research_workflow import ResearchWorkflow  # noqa: E402

DEFAULT_QUERY = "How do durable agents stay observable?"


def _offline_admin(model_url: str, path: str, body: object | None = None) -> dict:
    """Calls the offline model's admin endpoint (offline-model/server.ts) at the URL's origin."""
    parts = urllib.parse.urlsplit(model_url)
    url = f"{parts.scheme}://{parts.netloc}/__offline/{path}"
    data = None if body is None else json.dumps(body).encode()
    request = urllib.request.Request(url, data=data, method="GET" if body is None else "POST")
    request.add_header("content-type", "application/json")
    with urllib.request.urlopen(request, timeout=10) as response:
        return json.loads(response.read())


def _short(output: object) -> object:
    if not isinstance(output, dict):
        return str(output)[:120]
    return {
        "status": output.get("status"),
        "shortSummary": str(output.get("shortSummary", ""))[:120],
        "searches": len(output.get("searches") or []),
        "usage": output.get("usage"),
    }


async def run(
    address: str,
    namespace: str,
    task_queue: str,
    model_url: str,
    corpus: str,
    prefix: str,
    count: int,
    fail_run: int | None = None,
    history_dir: str | None = None,
    query: str = DEFAULT_QUERY,
    otlp_traces_url: str | None = None,
) -> None:
    web_search.load_corpus(corpus)
    # The plugin's model activity builds its OpenAI client from the environment.
    os.environ["OPENAI_API_KEY"] = "offline"
    os.environ["OPENAI_BASE_URL"] = model_url
    # Defaults: add_temporal_spans (inert with no agents trace processor), use_otel_instrumentation=False.
    plugin = OpenAIAgentsPlugin(model_params=MODEL_ACTIVITY_PARAMETERS, use_otel_instrumentation=False)
    provider, interceptors = _tracing_interceptor(otlp_traces_url) if otlp_traces_url else (None, [])
    client = await Client.connect(address, namespace=namespace, plugins=[plugin], interceptors=interceptors)
    if history_dir:
        os.makedirs(history_dir, exist_ok=True)
    async with Worker(client, task_queue=task_queue, workflows=[ResearchWorkflow], activities=[web_search.webSearch]):
        for i in range(count):
            workflow_id = f"{prefix}-{i}"
            forced = fail_run == i
            if forced:
                injected_before = _offline_admin(model_url, "stats")["faultsInjected"]
                _offline_admin(model_url, "faults", [{"kind": "status", "status": 500, "times": 1, "path": "/responses"}])
            handle = await client.start_workflow(
                ResearchWorkflow.run, ResearchInput(query=query), id=workflow_id, task_queue=task_queue
            )
            output = await handle.result()
            line: dict = {"workflowId": workflow_id, "runId": handle.result_run_id, "output": _short(output)}
            if forced or history_dir:
                history = await client.get_workflow_handle(workflow_id, run_id=handle.result_run_id).fetch_history()
                retries = sum(
                    e.activity_task_started_event_attributes.attempt - 1
                    for e in history.events
                    if e.event_type == EventType.EVENT_TYPE_ACTIVITY_TASK_STARTED
                )
                if forced:
                    fired = _offline_admin(model_url, "stats")["faultsInjected"] - injected_before
                    _offline_admin(model_url, "faults", [])
                    if fired != 1 or retries != 1:
                        raise RuntimeError(f"{workflow_id}: forced 500 fired {fired} times, {retries} retries in history")
                    line["forcedModelFailure"] = True
                    line["retries"] = retries
                if history_dir:
                    path = os.path.join(history_dir, f"{workflow_id}.json")
                    with open(path, "w", encoding="utf-8") as f:
                        f.write(history.to_json() + "\n")
                    line["history"] = path
            print(json.dumps(line), flush=True)
    if provider:
        provider.shutdown()  # flushes the batch processor
    print(json.dumps({"done": True}), flush=True)


def _tracing_interceptor(url: str):
    """Temporal's TracingInterceptor with its own provider exporting OTLP/HTTP protobuf to `url`."""
    from opentelemetry.exporter.otlp.proto.http.trace_exporter import OTLPSpanExporter
    from opentelemetry.sdk.resources import Resource
    from opentelemetry.sdk.trace import TracerProvider
    from opentelemetry.sdk.trace.export import BatchSpanProcessor
    from temporalio.contrib.opentelemetry import TracingInterceptor

    provider = TracerProvider(resource=Resource.create({"service.name": "python-tracing-interceptor"}))
    provider.add_span_processor(BatchSpanProcessor(OTLPSpanExporter(endpoint=url)))
    return provider, [TracingInterceptor(provider.get_tracer("temporal-python"))]


def main(argv: list[str]) -> None:
    if argv and argv[0] != "run" and not argv[0].startswith("-"):
        # The positional form: ADDRESS TASK_QUEUE MODEL_URL CORPUS_JSON ID_PREFIX COUNT.
        if len(argv) != 6:
            sys.exit(__doc__)
        address, task_queue, model_url, corpus, prefix, count = argv
        asyncio.run(run(address, "default", task_queue, model_url, corpus, prefix, int(count)))
        return
    parser = argparse.ArgumentParser(description="The research pipeline on Python, untraced.")
    sub = parser.add_subparsers(dest="command", required=True)
    p = sub.add_parser("run", help="start a worker, run N ResearchWorkflows one after the other, print their ids")
    p.add_argument("--address", required=True, help="Temporal frontend, host:port")
    p.add_argument("--namespace", default="default")
    p.add_argument("--task-queue", required=True)
    p.add_argument("--model-url", required=True, help="offline model base URL, ending in /v1")
    p.add_argument("--corpus", required=True, help="search corpus JSON (bench/peer-corpus.ts writePeerCorpus)")
    p.add_argument("--id-prefix", required=True, help="workflow ids are PREFIX-0 .. PREFIX-(N-1)")
    p.add_argument("--count", type=int, default=1)
    p.add_argument("--fail-run", type=int, help="index K: run PREFIX-K's first model call gets one HTTP 500")
    p.add_argument("--history-dir", help="write each run's history JSON here")
    p.add_argument("--query", default=DEFAULT_QUERY)
    p.add_argument("--otlp-traces-url", help="trace with Temporal's TracingInterceptor, OTLP/HTTP to this URL")
    args = parser.parse_args(argv)
    if args.fail_run is not None and not 0 <= args.fail_run < args.count:
        parser.error("--fail-run must be between 0 and --count - 1")
    asyncio.run(
        run(
            args.address,
            args.namespace,
            args.task_queue,
            args.model_url,
            args.corpus,
            args.id_prefix,
            args.count,
            args.fail_run,
            args.history_dir,
            args.query,
            args.otlp_traces_url,
        )
    )


if __name__ == "__main__":
    try:
        main(sys.argv[1:])
    except SystemExit:
        raise
    except BaseException:
        traceback.print_exc()
        sys.stderr.flush()
        os._exit(1)
    # Temporal's native threads can outlive a clean run; skip interpreter finalization.
    os._exit(0)
