"""The research pipeline on the Python peer stack (bench mode p): plan, (review),
search in parallel, write. A line-by-line mirror of
examples/research/workflow.ts: the same agents, inputs, outputs, query,
update and stages, run by Temporal's OpenAIAgentsPlugin (model calls as
activities, webSearch through workflow.activity_as_tool).

What makes the two stacks unequal, so the numbers are read for what they are
(measured on one run of the offline model's pipeline: 5 searches, 12 model calls):
- Trace shape. The whole run is one agents-SDK trace opened in the workflow,
  as Temporal's own research sample does; OpenInference turns it into OTel
  spans: 78 per run here (a root, an "Agent workflow" span and an agent span
  per agent run, and per model call a "turn", the plugin's
  temporal:startActivity / temporal:executeActivity and the LLM "response"
  span; per webSearch call a tool span and the two temporal ones). Ours: 60
  (client StartWorkflow, RunWorkflow, an agent span per agent run, and
  StartActivity / RunActivity / LLM per model call, tool / StartActivity /
  RunActivity per search). The report prints spans and bytes per run for both.
- Content per span. Python puts content on its LLM and tool spans only (the
  whole request and response as input.value / output.value plus flattened
  llm.input_messages / llm.output_messages; tool input, output and
  parameters); its other spans carry just their span kind: no workflow id,
  run id or activity identity anywhere (the bench maps traces to workflows in
  the process, peer_telemetry.py). Ours also records Temporal identity on
  every Temporal span, input and output on agent and RunWorkflow spans, the
  webSearch input and output again on its activity span, gen_ai.* mirrors of
  the LLM attributes, and a larger resource (process and host attributes).
- Cost. Ours computes llm.cost.* on every LLM span and token and cost
  rollups per agent and per run (progress costUsd); Python records token
  counts only (costUsd is 0 here).
- No client span. Nothing is traced on the Python client (the plugin's client
  spans need an agents trace open around the call); the trace starts in the
  workflow, so workflow start and queue time are not in it.
- Export. Python's BatchSpanProcessor waits up to 5 s (its default) before
  sending a batch, so its export latency is seconds; ours exports sooner.
- Runtimes. Python runs each workflow in a sandbox that re-imports this
  module, workflows and activities under one GIL; Node runs workflows in one
  reusable V8 context on a thread of their own. The plugin's OTel path uses a
  replay-safe tracer provider (deterministic ids in workflows).
- Small ones: the plugin's OpenAI client does not retry (Temporal does; the
  offline model never fails here); webSearch takes the query as a string, ours
  `{query}`; token counts differ slightly (the offline model counts request
  JSON, and the SDKs' schemas differ in details such as pydantic titles). The
  reports, plans and summaries are identical for the same query.
"""

import asyncio
from typing import Any

from temporalio import workflow
from temporalio.exceptions import ApplicationError

with workflow.unsafe.imports_passed_through():
    from agents import Agent, RunResult, Runner, custom_span, trace

    from research_agents import (
        DEFAULT_RESEARCH_MODEL,
        MAX_SEARCHES,
        MIN_SEARCHES,
        PlannedSearch,
        ResearchInput,
        research_agents,
    )


@workflow.defn(name="ResearchWorkflow")
class ResearchWorkflow:
    """Plans searches for a query, runs them in parallel and writes a report."""

    def __init__(self) -> None:
        self._stage = "planning"
        self._plan: list[PlannedSearch] = []
        self._searches_done = 0
        self._decision: dict[str, Any] | None = None
        self._llm_calls = 0
        self._total_tokens = 0

    @workflow.run
    async def run(self, input: ResearchInput) -> dict[str, Any]:
        planner, searcher, writer = research_agents(input.model or DEFAULT_RESEARCH_MODEL)
        with trace("Research trace"):
            planned = await self._run_agent(planner, f"Query: {input.query}")
            self._plan = list(planned.final_output.searches if planned.final_output else [])
            self._plan = self._plan[:MAX_SEARCHES]

            if input.review:
                self._stage = "awaiting_review"
                with custom_span("plan review", {"review.searches_planned": len(self._plan)}):
                    await workflow.wait_condition(lambda: self._decision is not None)
                decision = self._decision or {}
                if decision["action"] == "reject":
                    self._stage = "rejected"
                    return self._report("rejected", None, decision.get("reason"))
                if decision["action"] == "edit":
                    self._plan = [PlannedSearch(**s) for s in decision["searches"]]

            self._stage = "searching"
            summaries = await asyncio.gather(*(self._search(searcher, s) for s in self._plan))

            self._stage = "writing"
            numbered = "\n".join(f"{i + 1}. {s}" for i, s in enumerate(summaries))
            written = await self._run_agent(
                writer, f"Original query: {input.query}\nSummarized search results:\n{numbered}"
            )
            if written.final_output is None:
                raise ApplicationError(
                    "the writer agent returned no report", type="EmptyReport", non_retryable=True
                )
            self._stage = "done"
            return self._report("completed", written.final_output, None)

    async def _search(self, searcher: Agent, search: PlannedSearch) -> str:
        result = await self._run_agent(
            searcher, f"Search term: {search.query}\nReason for searching: {search.reason}"
        )
        self._searches_done += 1
        return str(result.final_output or "")

    async def _run_agent(self, agent: Agent, input: str) -> RunResult:
        result = await Runner.run(agent, input)
        usage = result.context_wrapper.usage
        self._llm_calls += usage.requests
        self._total_tokens += usage.total_tokens
        return result

    def _report(self, status: str, report: Any, rejection: str | None) -> dict[str, Any]:
        return {
            "status": status,
            "shortSummary": report.short_summary if report else "",
            "markdownReport": report.markdown_report if report else "",
            "followUpQuestions": list(report.follow_up_questions) if report else [],
            "searches": [s.model_dump() for s in self._plan],
            **({"rejectionReason": rejection} if rejection is not None else {}),
            "usage": {"calls": self._llm_calls, "totalTokens": self._total_tokens},
        }

    @workflow.query(name="progress")
    def progress(self) -> dict[str, Any]:
        return {
            "stage": self._stage,
            "searchesPlanned": len(self._plan),
            "searchesDone": self._searches_done,
            "llmCalls": self._llm_calls,
            "totalTokens": self._total_tokens,
            # No pricing in this stack.
            "costUsd": 0.0,
        }

    @workflow.query(name="plan")
    def plan(self) -> list[dict[str, Any]]:
        return [s.model_dump() for s in self._plan]

    @workflow.update(name="reviewPlan")
    def review_plan(self, decision: dict[str, Any]) -> dict[str, Any]:
        self._decision = decision
        edited = decision["action"] == "edit"
        return {"accepted": True, "searches": len(decision["searches"]) if edited else len(self._plan)}

    @review_plan.validator
    def _validate_decision(self, decision: dict[str, Any]) -> None:
        if self._stage != "awaiting_review":
            raise ValueError(f"no plan is awaiting review (stage: {self._stage})")
        action = decision.get("action")
        if action == "reject" and not str(decision.get("reason") or "").strip():
            raise ValueError("a rejection needs a reason")
        if action == "edit" and not 1 <= len(decision.get("searches") or []) <= MAX_SEARCHES:
            raise ValueError(
                f"an edited plan needs 1 to {MAX_SEARCHES} searches "
                f"(planner minimum is {MIN_SEARCHES})"
            )
