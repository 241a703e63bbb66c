"""The Python research pipeline with no tracing at all, for the history-export
tests: Temporal's Python SDK with its OpenAI Agents plugin (from PyPI, the
versions bench mode p pins), the same workflow, agents and search tool as the
benchmark's Python peer (bench/python), no OpenInference, no TracingInterceptor,
the agents SDK's own tracing off. It runs the workflows one after the other and
prints one JSON line per finished run, then {"done": true}.

  python test/python/untraced_research.py ADDRESS TASK_QUEUE MODEL_URL CORPUS_JSON ID_PREFIX COUNT
"""

import asyncio
import json
import os
import sys

sys.path.insert(0, os.path.join(os.path.dirname(os.path.abspath(__file__)), "..", "..", "bench", "python"))
# The agents SDK would otherwise try to send its traces to OpenAI's platform.
os.environ["OPENAI_AGENTS_DISABLE_TRACING"] = "1"

from temporalio.client import Client  # noqa: E402
from temporalio.openai_agents import OpenAIAgentsPlugin  # noqa: E402
from temporalio.worker import Worker  # noqa: E402

import web_search  # noqa: E402
from research_agents import MODEL_ACTIVITY_PARAMETERS, ResearchInput  # noqa: E402
from research_workflow import ResearchWorkflow  # noqa: E402


async def main(address: str, task_queue: str, model_url: str, corpus: str, prefix: str, count: int) -> None:
    web_search.load_corpus(corpus)
    # The plugin's model activity builds its OpenAI client from the environment.
    os.environ["OPENAI_API_KEY"] = "offline"
    os.environ["OPENAI_BASE_URL"] = model_url
    client = await Client.connect(address, plugins=[OpenAIAgentsPlugin(model_params=MODEL_ACTIVITY_PARAMETERS)])
    async with Worker(client, task_queue=task_queue, workflows=[ResearchWorkflow], activities=[web_search.webSearch]):
        for i in range(count):
            workflow_id = f"{prefix}-{i}"
            handle = await client.start_workflow(
                ResearchWorkflow.run,
                ResearchInput(query="How do durable agents stay observable?"),
                id=workflow_id,
                task_queue=task_queue,
            )
            await handle.result()
            print(json.dumps({"workflowId": workflow_id, "runId": handle.result_run_id}), flush=True)
    print(json.dumps({"done": True}), flush=True)


if __name__ == "__main__":
    address, task_queue, model_url, corpus, prefix, count = sys.argv[1:7]
    asyncio.run(main(address, task_queue, model_url, corpus, prefix, int(count)))
    # Temporal's native threads can outlive a clean run; skip interpreter finalization.
    os._exit(0)
