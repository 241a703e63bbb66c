"""The Python side of the mixed-fleet tests, on Temporal's Python SDK with its
OpenTelemetry TracingInterceptor (the interop a Python team has today).

  python interop.py worker ADDRESS TASK_QUEUE
      runs an activity worker whose python_echo_baggage returns the W3C baggage
      its context carries; prints "python worker ready".
  python interop.py start ADDRESS TS_TASK_QUEUE PY_TASK_QUEUE WORKFLOW_ID KEY=VALUE
      starts baggageWorkflow with the given baggage in the current context,
      waits for it, and prints its result and the client span's trace id as JSON.
"""

import asyncio
import json
import os
import sys

from opentelemetry import baggage, context, trace
from opentelemetry.sdk.trace import TracerProvider
from temporalio import activity
from temporalio.client import Client
from temporalio.contrib.opentelemetry import TracingInterceptor
from temporalio.worker import Worker

trace.set_tracer_provider(TracerProvider())


@activity.defn
async def python_echo_baggage() -> dict:
    return {key: str(value) for key, value in baggage.get_all().items()}


async def connect(address: str) -> Client:
    return await Client.connect(address, interceptors=[TracingInterceptor()])


async def worker(address: str, task_queue: str) -> None:
    client = await connect(address)
    async with Worker(client, task_queue=task_queue, activities=[python_echo_baggage]):
        print("python worker ready", flush=True)
        await asyncio.Event().wait()


async def start(address: str, ts_queue: str, py_queue: str, workflow_id: str, entry: str) -> None:
    client = await connect(address)
    key, value = entry.split("=", 1)
    token = context.attach(baggage.set_baggage(key, value))
    try:
        with trace.get_tracer("interop-test").start_as_current_span("python caller") as span:
            result = await client.execute_workflow(
                "baggageWorkflow", py_queue, id=workflow_id, task_queue=ts_queue
            )
            trace_id = format(span.get_span_context().trace_id, "032x")
    finally:
        context.detach(token)
    print(json.dumps({"result": result, "traceId": trace_id}), flush=True)


if __name__ == "__main__":
    command, *args = sys.argv[1:]
    asyncio.run(worker(*args) if command == "worker" else start(*args))
    # The result is printed and flushed. Skip interpreter finalization: the SDK's
    # native runtime threads can still be running then, and Python 3.11 then
    # sometimes aborts ("PyGILState_Release ... finalizing") after a clean run.
    os._exit(0)
