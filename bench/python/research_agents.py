"""The three agents of the research pipeline and its input and output types, for
the Python peer (bench mode p): examples/research/agents.ts and shared.ts
mirrored (same agent names, instructions, output schemas, model and tool).

The workflow imports this module with imports passed through the sandbox, so
it is loaded once per process and not again for every workflow run.
"""

from dataclasses import dataclass
from datetime import timedelta

from agents import Agent
from pydantic import BaseModel, Field
from temporalio.common import RetryPolicy
from temporalio.openai_agents import ModelActivityParameters
from temporalio.openai_agents.workflow import activity_as_tool

from web_search import webSearch

DEFAULT_RESEARCH_MODEL = "gpt-4o-mini"
MIN_SEARCHES = 5
MAX_SEARCHES = 20


@dataclass
class ResearchInput:
    """Input of ResearchWorkflow (ResearchInput in shared.ts)."""

    query: str
    # Wait for a human to approve the search plan.
    review: bool = False
    model: str | None = None


class PlannedSearch(BaseModel):
    reason: str = Field(description="Why this search helps answer the query.")
    query: str


class SearchPlan(BaseModel):
    searches: list[PlannedSearch] = Field(min_length=MIN_SEARCHES, max_length=MAX_SEARCHES)


class Report(BaseModel):
    short_summary: str = Field(description="A 2-3 sentence summary of the findings.")
    markdown_report: str = Field(description="The full report in markdown.")
    follow_up_questions: list[str] = Field(description="Suggested topics to research further.")


# Activity options as our defaults (src/workflow/activity-model.ts and
# activity-tool.ts), which follow the Python plugin's practice.
MODEL_ACTIVITY_PARAMETERS = ModelActivityParameters(
    start_to_close_timeout=timedelta(seconds=60),
    retry_policy=RetryPolicy(
        initial_interval=timedelta(seconds=1),
        backoff_coefficient=2,
        maximum_interval=timedelta(seconds=30),
        maximum_attempts=6,
    ),
)

# Built once per process: activity_as_tool derives a pydantic model for the
# arguments, which is not free. (TypeScript builds its tool per workflow, but
# that is a plain object around a zod schema made once at module load.)
WEB_SEARCH_TOOL = activity_as_tool(
    webSearch,
    start_to_close_timeout=timedelta(seconds=30),
    retry_policy=RetryPolicy(
        initial_interval=timedelta(milliseconds=500), backoff_coefficient=2, maximum_attempts=4
    ),
)


def research_agents(model: str) -> tuple[Agent, Agent, Agent]:
    """The planner, search and writer agents for one model (researchAgents in agents.ts)."""
    planner = Agent(
        name="PlannerAgent",
        model=model,
        instructions=(
            f"You are a research planner. Given a query, list between {MIN_SEARCHES} and "
            f"{MAX_SEARCHES} web searches that together answer it, each with the reason it helps."
        ),
        output_type=SearchPlan,
    )
    searcher = Agent(
        name="SearchAgent",
        model=model,
        instructions=(
            "You are a research assistant. Search for the given term with the webSearch tool, "
            "then write a concise summary (2-3 paragraphs, under 300 words) of what the results "
            "say. Capture the main points only."
        ),
        tools=[WEB_SEARCH_TOOL],
    )
    writer = Agent(
        name="WriterAgent",
        model=model,
        instructions=(
            "You are a senior researcher. Given a query and summaries of searches about it, write "
            "a cohesive report: a short summary, a detailed markdown report, and follow-up "
            "questions."
        ),
        output_type=Report,
    )
    return planner, searcher, writer
