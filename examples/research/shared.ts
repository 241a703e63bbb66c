// Types, queries and updates shared by the research workflow and its clients. Sandbox-safe.
import { defineQuery, defineUpdate } from '@temporalio/workflow';
import type { RollupSnapshot } from '../../src/common/rollup.js';

/** Input of {@link ResearchWorkflow}. */
export interface ResearchInput {
  query: string;
  /** Wait for a human to approve the search plan. */
  review?: boolean;
  /** Model for all three agents (default gpt-4o-mini), e.g. `anthropic/claude-haiku-4-5`. */
  model?: string;
  /** A model per agent, over `model`: mix providers, a strong planner with cheap searchers. */
  models?: ResearchModels;
}

/** Models of the research pipeline's agents. */
export interface ResearchModels {
  planner?: string;
  searcher?: string;
  writer?: string;
}

export interface PlannedSearch {
  reason: string;
  query: string;
}

export interface ResearchReport {
  status: 'completed' | 'rejected';
  shortSummary: string;
  markdownReport: string;
  followUpQuestions: string[];
  searches: PlannedSearch[];
  rejectionReason?: string;
  usage: RollupSnapshot;
}

export type ResearchStage = 'planning' | 'awaiting_review' | 'searching' | 'writing' | 'done' | 'rejected';

export interface ResearchProgress {
  stage: ResearchStage;
  searchesPlanned: number;
  searchesDone: number;
  llmCalls: number;
  totalTokens: number;
  costUsd: number;
}

/** A reviewer's answer to the search plan. */
export type PlanDecision = (
  | { action: 'approve' }
  | { action: 'reject'; reason: string }
  | { action: 'edit'; searches: PlannedSearch[] }
) & {
  /** Who decided, for the trace's HumanWait span. */
  reviewer?: string;
};

export const progressQuery = defineQuery<ResearchProgress>('progress');
export const planQuery = defineQuery<PlannedSearch[]>('plan');
export const reviewPlanUpdate = defineUpdate<{ accepted: true; searches: number }, [PlanDecision]>(
  'reviewPlan',
);

export const DEFAULT_RESEARCH_MODEL = 'gpt-4o-mini';
export const MIN_SEARCHES = 5;
export const MAX_SEARCHES = 20;
