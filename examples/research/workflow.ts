// The durable research pipeline: plan, (review), search in parallel, write.
import { ApplicationFailure, condition, setHandler } from '@temporalio/workflow';
import { runAgent, runUsage, waitForHuman } from '../../src/workflow.js';
import { researchAgents } from './agents.js';
import {
  DEFAULT_RESEARCH_MODEL,
  MAX_SEARCHES,
  MIN_SEARCHES,
  type PlanDecision,
  type PlannedSearch,
  planQuery,
  progressQuery,
  type ResearchInput,
  type ResearchReport,
  type ResearchStage,
  reviewPlanUpdate,
} from './shared.js';

/** Plans searches for a query, runs them in parallel and writes a report. */
export async function ResearchWorkflow(input: ResearchInput): Promise<ResearchReport> {
  const agents = researchAgents(input.model ?? DEFAULT_RESEARCH_MODEL);
  let stage: ResearchStage = 'planning';
  let plan: PlannedSearch[] = [];
  let searchesDone = 0;
  let decision: PlanDecision | undefined;
  const usage = () => runUsage().snapshot();

  setHandler(progressQuery, () => {
    const u = usage();
    return {
      stage,
      searchesPlanned: plan.length,
      searchesDone,
      llmCalls: u.calls,
      totalTokens: u.totalTokens,
      costUsd: u.cost.total,
    };
  });
  setHandler(planQuery, () => plan);
  setHandler(
    reviewPlanUpdate,
    (d) => {
      decision = d;
      return { accepted: true as const, searches: d.action === 'edit' ? d.searches.length : plan.length };
    },
    { validator: (d) => validateDecision(d, stage) },
  );

  const planned = await runAgent(agents.planner, `Query: ${input.query}`);
  plan = (planned.finalOutput?.searches ?? []).slice(0, MAX_SEARCHES);

  if (input.review) {
    stage = 'awaiting_review';
    await waitForHuman('plan review', () => condition(() => decision !== undefined), {
      attributes: { 'review.searches_planned': plan.length },
      decided: () => ({
        decision: decision!.action,
        decider: decision!.reviewer,
        reason: decision!.action === 'reject' ? decision!.reason : undefined,
      }),
    });
    if (decision!.action === 'reject') {
      stage = 'rejected';
      return {
        status: 'rejected',
        rejectionReason: decision!.reason,
        shortSummary: '',
        markdownReport: '',
        followUpQuestions: [],
        searches: plan,
        usage: usage(),
      };
    }
    if (decision!.action === 'edit') plan = decision!.searches;
  }

  stage = 'searching';
  const summaries = await Promise.all(
    plan.map(async (search) => {
      const result = await runAgent(
        agents.searcher,
        `Search term: ${search.query}\nReason for searching: ${search.reason}`,
      );
      searchesDone++;
      return String(result.finalOutput ?? '');
    }),
  );

  stage = 'writing';
  const written = await runAgent(
    agents.writer,
    `Original query: ${input.query}\nSummarized search results:\n${summaries.map((s, i) => `${i + 1}. ${s}`).join('\n')}`,
  );
  const report = written.finalOutput;
  if (!report) throw ApplicationFailure.nonRetryable('the writer agent returned no report', 'EmptyReport');
  stage = 'done';
  return {
    status: 'completed',
    shortSummary: report.short_summary,
    markdownReport: report.markdown_report,
    followUpQuestions: report.follow_up_questions,
    searches: plan,
    usage: usage(),
  };
}

function validateDecision(d: PlanDecision, stage: ResearchStage): void {
  if (stage !== 'awaiting_review') throw new Error(`no plan is awaiting review (stage: ${stage})`);
  if (d.action === 'reject' && !d.reason?.trim()) throw new Error('a rejection needs a reason');
  if (d.action === 'edit' && (d.searches.length < 1 || d.searches.length > MAX_SEARCHES)) {
    throw new Error(
      `an edited plan needs 1 to ${MAX_SEARCHES} searches (planner minimum is ${MIN_SEARCHES})`,
    );
  }
}
