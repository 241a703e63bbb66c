"""The load and the memory probes of the Python peer (bench mode p), as
bench/load.ts and bench/memory-probe.ts do them for the Node modes."""

import asyncio
import gc
import time
import tracemalloc
from typing import Any

from temporalio.client import Client, WorkflowHandle

from research_agents import ResearchInput
from research_workflow import ResearchWorkflow

# The same five queries as load.ts, in the same order.
QUERIES = [
    "How do durable execution engines recover from worker crashes?",
    "What drives the cost of large language model inference?",
    "Compare tracing backends for LLM observability.",
    "How does OpenTelemetry propagate context across processes?",
    "What are the trade-offs of batching span exports?",
]
PARK_QUERY = QUERIES[0]
PARK_TIMEOUT_S = 5 * 60
MB = 1024 * 1024


def now_ms() -> float:
    """Wall clock, ms since the epoch (the orchestrator's clock for segments)."""
    return time.time() * 1000


async def run_load(
    client: Client, task_queue: str, id_prefix: str, count: int, concurrency: int
) -> list[dict[str, Any]]:
    """`count` workflows, `concurrency` of them in flight at all times (a closed loop).

    One record per workflow, in completion order, timed from the start call to the result.
    """
    records: list[dict[str, Any]] = []
    next_index = 0

    async def lane() -> None:
        nonlocal next_index
        while next_index < count:
            i = next_index
            next_index += 1
            workflow_id = f"{id_prefix}-{i}"
            t0 = time.perf_counter()
            record: dict[str, Any] = {"workflowId": workflow_id}
            try:
                handle = await client.start_workflow(
                    ResearchWorkflow.run,
                    ResearchInput(query=QUERIES[i % len(QUERIES)]),
                    id=workflow_id,
                    task_queue=task_queue,
                )
                await handle.result()
                record["ok"] = True
            except Exception as err:  # a failed workflow is a record, not the end of the run
                record["ok"] = False
                record["error"] = str(err)[:300]
            record["latencyMs"] = (time.perf_counter() - t0) * 1000
            record["completedAt"] = now_ms()
            records.append(record)

    await asyncio.gather(*(lane() for _ in range(min(concurrency, count))))
    return records


def rss_mb() -> float:
    """Resident set size of this process, MB (VmRSS, as the orchestrator's sampler reads it)."""
    with open("/proc/self/status", encoding="ascii") as f:
        for line in f:
            if line.startswith("VmRSS:"):
                return int(line.split()[1]) / 1024
    raise RuntimeError("no VmRSS in /proc/self/status")


def measure_after_gc(parked: int) -> dict[str, Any]:
    """Full collection, then RSS. No V8 heap fields: the report prints '–' for them."""
    gc.collect()
    return {"parked": parked, "rssMb": rss_mb()}


async def measure_parked(client: Client, task_queue: str, id_prefix: str, count: int) -> dict[str, Any]:
    """Parks `count` research workflows at the plan review, measures, then approves them.

    Besides RSS, `heldMb` is what Python's allocator holds for the parked runs:
    tracemalloc runs from before they start until they are parked, and after a
    full collection the bytes it still traces are the ones the runs keep (the
    analogue of the V8 heap difference the Node modes report). Tracing slows
    the parking, not the measured rounds.

    Should anything fail on the way, the workflows still running are terminated,
    so that none lingers into the next pass.
    """
    gc.collect()
    tracemalloc.start()
    handles: list[WorkflowHandle] = await asyncio.gather(
        *(
            client.start_workflow(
                ResearchWorkflow.run,
                ResearchInput(query=PARK_QUERY, review=True),
                id=f"{id_prefix}-{i}",
                task_queue=task_queue,
            )
            for i in range(count)
        )
    )
    try:
        # One query at a time, oldest first (as memory-probe.ts): by the time the first is
        # parked most others are too, and polling all at once would swamp the dev server.
        deadline = time.monotonic() + PARK_TIMEOUT_S
        for handle in handles:
            while True:
                stage = (await handle.query("progress"))["stage"]
                if stage == "awaiting_review":
                    break
                if stage in ("done", "rejected"):
                    raise RuntimeError(
                        f"memory probe: {handle.id} ended ({stage}) without waiting for review"
                    )
                if time.monotonic() > deadline:
                    raise RuntimeError(f"memory probe: {handle.id} never reached the review")
                await asyncio.sleep(0.25)
        probe = measure_after_gc(count)
        probe["heldMb"] = tracemalloc.get_traced_memory()[0] / MB
        tracemalloc.stop()
        await asyncio.gather(*(h.execute_update("reviewPlan", {"action": "approve"}) for h in handles))
        await asyncio.gather(*(h.result() for h in handles))
        return probe
    except BaseException:
        tracemalloc.stop()
        await asyncio.gather(
            *(h.terminate("memory probe failed") for h in handles), return_exceptions=True
        )
        raise
