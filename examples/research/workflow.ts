// The durable research pipeline as its own workflow type, with a plan review
// through the `reviewPlan` update.
import { condition, setHandler } from '@temporalio/workflow';
import { runUsage, waitForHuman } from '../../src/workflow.js';
import { researchPipeline } from './pipeline.js';
import {
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
  let stage: ResearchStage = 'planning';
  let plan: PlannedSearch[] = [];
  let searchesDone = 0;
  let decision: PlanDecision | undefined;

  setHandler(progressQuery, () => {
    const u = runUsage().snapshot();
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

  return researchPipeline(input, {
    onStage: (s) => (stage = s),
    onPlan: (p) => (plan = p),
    onSearchDone: () => searchesDone++,
    review: async (planned) => {
      await waitForHuman('plan review', () => condition(() => decision !== undefined), {
        attributes: { 'review.searches_planned': planned.length },
        decided: () => ({
          decision: decision!.action,
          decider: decision!.reviewer,
          reason: decision!.action === 'reject' ? decision!.reason : undefined,
        }),
      });
      return decision!;
    },
  });
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
