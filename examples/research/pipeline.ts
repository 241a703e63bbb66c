// The research pipeline itself: plan, (review), search in parallel, write.
// Shared by ResearchWorkflow and the generic agent workflow's "research" agent.
import type { RunResult } from '@openai/agents-core';
import { ApplicationFailure } from '@temporalio/workflow';
import { runAgent, runUsage } from '../../src/workflow.js';
import { researchAgents } from './agents.js';
import {
  DEFAULT_RESEARCH_MODEL,
  MAX_SEARCHES,
  type PlanDecision,
  type PlannedSearch,
  type ResearchInput,
  type ResearchReport,
  type ResearchStage,
} from './shared.js';

/** What the pipeline needs from the workflow that runs it. */
export interface PipelineHooks {
  /** Runs one agent (default: `runAgent`). */
  runAgent?: (agent: Parameters<typeof runAgent>[0], input: string) => Promise<RunResult<any, any>>;
  /** Asks a person about the plan; called only when `input.review` is set. */
  review: (plan: PlannedSearch[]) => Promise<PlanDecision>;
  /** Told of every stage change, the plan and each finished search. */
  onStage?: (stage: ResearchStage) => void;
  onPlan?: (plan: PlannedSearch[]) => void;
  onSearchDone?: () => void;
}

/** Plans searches for a query, runs them in parallel and writes a report. */
export async function researchPipeline(input: ResearchInput, hooks: PipelineHooks): Promise<ResearchReport> {
  const agents = researchAgents(input.model ?? DEFAULT_RESEARCH_MODEL, input.models);
  const run = hooks.runAgent ?? ((agent, text) => runAgent(agent, text));
  const stage = (s: ResearchStage) => hooks.onStage?.(s);
  const usage = () => runUsage().snapshot();

  stage('planning');
  const planned = await run(agents.planner, `Query: ${input.query}`);
  let plan: PlannedSearch[] = (planned.finalOutput?.searches ?? []).slice(0, MAX_SEARCHES);
  hooks.onPlan?.(plan);

  if (input.review) {
    stage('awaiting_review');
    const decision = await hooks.review(plan);
    if (decision.action === 'reject') {
      stage('rejected');
      return {
        status: 'rejected',
        rejectionReason: decision.reason,
        shortSummary: '',
        markdownReport: '',
        followUpQuestions: [],
        searches: plan,
        usage: usage(),
      };
    }
    if (decision.action === 'edit') plan = decision.searches;
    hooks.onPlan?.(plan);
  }

  stage('searching');
  const summaries = await Promise.all(
    plan.map(async (search) => {
      const result = await run(
        agents.searcher,
        `Search term: ${search.query}\nReason for searching: ${search.reason}`,
      );
      hooks.onSearchDone?.();
      return String(result.finalOutput ?? '');
    }),
  );

  stage('writing');
  const written = await run(
    agents.writer,
    `Original query: ${input.query}\nSummarized search results:\n${summaries.map((s, i) => `${i + 1}. ${s}`).join('\n')}`,
  );
  const report = written.finalOutput;
  if (!report) throw ApplicationFailure.nonRetryable('the writer agent returned no report', 'EmptyReport');
  stage('done');
  return {
    status: 'completed',
    shortSummary: report.short_summary,
    markdownReport: report.markdown_report,
    followUpQuestions: report.follow_up_questions,
    searches: plan,
    usage: usage(),
  };
}
