"""Bench mode p: the Python peer stack in one process, as bench/child.ts is for
the Node modes. Sets up telemetry (peer_telemetry.py), starts a research
worker and a client on one asyncio loop, then runs what the orchestrator asks,
one command at a time, and finally flushes and reports what it produced.

The commands and replies are those of bench/protocol.ts, one JSON object per
line: commands on stdin, replies on stdout (the Node children use an IPC
channel instead). The configuration is the JSON in BENCH_CHILD_CONFIG.

  python bench/python/peer_worker.py   (started by bench/child-runner.ts)
"""

import asyncio
import json
import os
import platform
import sys
import time
import traceback
from importlib import metadata
from typing import Any, TextIO

from temporalio.client import Client
from temporalio.openai_agents import OpenAIAgentsPlugin
from temporalio.worker import Worker

import peer_load
import web_search
from peer_telemetry import PeerTelemetry
from research_agents import MODEL_ACTIVITY_PARAMETERS
from research_workflow import ResearchWorkflow

PACKAGES = [
    "temporalio",
    "temporalio-openai-agents",
    "openai-agents",
    "openai",
    "openinference-instrumentation-openai-agents",
    "opentelemetry-sdk",
    "opentelemetry-exporter-otlp-proto-http",
]


def protocol_channel() -> TextIO:
    """The original stdout, for replies only. Anything else written to fd 1 (a
    library's print) goes to stderr from here on, so it cannot corrupt a reply."""
    channel = os.fdopen(os.dup(1), "w", encoding="utf-8")
    os.dup2(2, 1)
    return channel


class Replies:
    def __init__(self, channel: TextIO) -> None:
        self._channel = channel

    def send(self, message: dict[str, Any]) -> None:
        self._channel.write(json.dumps(message) + "\n")
        self._channel.flush()


async def stdin_lines():
    """Command lines from stdin, without blocking the event loop."""
    loop = asyncio.get_running_loop()
    reader = asyncio.StreamReader()
    await loop.connect_read_pipe(lambda: asyncio.StreamReaderProtocol(reader), sys.stdin)
    while line := await reader.readline():
        yield line


async def serve(replies: Replies) -> None:
    config = json.loads(os.environ["BENCH_CHILD_CONFIG"])
    t0 = time.perf_counter()
    web_search.load_corpus(config["searchCorpusPath"])
    # The plugin's model activity builds its OpenAI client from the environment.
    os.environ["OPENAI_API_KEY"] = "offline"
    os.environ["OPENAI_BASE_URL"] = config["modelUrl"]
    telemetry = PeerTelemetry(config["tracesUrl"], f"bench-{config['mode']}")
    plugin = OpenAIAgentsPlugin(model_params=MODEL_ACTIVITY_PARAMETERS, use_otel_instrumentation=True)
    client = await Client.connect(config["address"], namespace=config["namespace"], plugins=[plugin])
    task_queue = config["taskQueue"]
    worker = Worker(
        client,
        task_queue=task_queue,
        workflows=[ResearchWorkflow],
        activities=[web_search.webSearch],
    )
    running = asyncio.create_task(worker.run())
    stopping = False

    def worker_ended(task: asyncio.Task) -> None:
        # A worker that dies mid-run would leave the orchestrator waiting for workflows.
        if not stopping and not task.cancelled() and task.exception():
            replies.send({"type": "error", "message": f"worker stopped: {task.exception()!r}"})
            os._exit(1)

    running.add_done_callback(worker_ended)
    versions = {"python": platform.python_version(), **{p: metadata.version(p) for p in PACKAGES}}
    replies.send({"type": "ready", "startupMs": (time.perf_counter() - t0) * 1000, "versions": versions})

    async def probe_memory(park: int, id_prefix: str) -> dict[str, Any]:
        # Workflows a probe parks are tagged with phase -1, so no pass counts their spans.
        phase = telemetry.counter.phase
        telemetry.counter.phase = -1
        try:
            if park == 0:
                return peer_load.measure_after_gc(0)
            return await peer_load.measure_parked(client, task_queue, id_prefix, park)
        finally:
            telemetry.counter.phase = phase

    # Commands run one after the other, in the order they came.
    async for line in stdin_lines():
        cmd = json.loads(line)
        if cmd["type"] == "run":
            telemetry.counter.phase = cmd["phase"]
            start = peer_load.now_ms()
            records = await peer_load.run_load(
                client, task_queue, cmd["idPrefix"], cmd["count"], cmd["k"]
            )
            replies.send(
                {
                    "type": "ran",
                    **{key: cmd[key] for key in ("phase", "round", "k")},
                    "records": records,
                    "start": start,
                    "end": peer_load.now_ms(),
                }
            )
        elif cmd["type"] == "memory":
            replies.send({"type": "memory", **(await probe_memory(cmd["park"], cmd["idPrefix"]))})
        elif cmd["type"] == "stop":
            stopping = True
            await worker.shutdown()
            await running
            telemetry.shutdown()
            replies.send(
                {
                    "type": "done",
                    "produced": telemetry.produced(),
                    "exportStats": telemetry.export_stats(),
                    "workflowTraces": telemetry.workflow_traces(),
                }
            )
            return
        else:
            raise ValueError(f"unknown command {cmd['type']!r}")
    raise RuntimeError("stdin closed before the stop command")


def main() -> None:
    replies = Replies(protocol_channel())
    code = 0
    try:
        asyncio.run(serve(replies))
    except BaseException:
        replies.send({"type": "error", "message": traceback.format_exc()})
        code = 1
    # Replies are flushed. Skip interpreter finalization: Temporal's native runtime threads
    # can still be running, and Python 3.11 then sometimes aborts after a clean run.
    os._exit(code)


if __name__ == "__main__":
    main()
