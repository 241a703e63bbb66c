// What the eval workflow and its clients exchange. Sandbox-safe: types and constants only.

/** Workflow type of an evaluation run. */
export const EVAL_RUN_WORKFLOW = 'evalRunWorkflow';

/** Query names of {@link EVAL_RUN_WORKFLOW}. */
export const EvalRunMessage = {
  PROGRESS_QUERY: 'evalProgress',
  RESULTS_QUERY: 'evalResults',
} as const;

/** One case of a dataset. */
export interface EvalCase {
  /** Stable id (default: its position, `case-1`, …). */
  id?: string;
  input: unknown;
  expected?: unknown;
}

/** A scorer and its settings. Scores are in [0, 1]; a case passes a scorer at `threshold` (default 1, or 0.5 for llm_judge). */
export type ScorerSpec = { name?: string; threshold?: number } & (
  | {
      type: 'contains';
      /** Text the output must contain (default: the case's `expected`). */ value?: string;
      caseSensitive?: boolean;
    }
  | { type: 'exact' }
  | { type: 'json_schema'; schema: Record<string, unknown> }
  | { type: 'latency'; maxMs: number }
  | { type: 'cost'; maxUsd: number }
  | { type: 'llm_judge'; criteria: string; model?: string }
  | { type: 'custom'; /** A scorer registered with `registerScorer`. */ scorer: string; options?: unknown }
);

/** Input of the eval workflow. */
export interface EvalRunInput {
  projectId: string;
  agentId: string;
  agentVersion?: string;
  datasetName?: string;
  cases: EvalCase[];
  scorers: ScorerSpec[];
  /** Most case runs in flight at once (default 4). */
  concurrency?: number;
  /** Tools the agent may use in each case run (default: all). */
  tools?: string[];
  maxIterations?: number;
  /** Each case run's timeout (default 600). */
  caseTimeoutSeconds?: number;
  /** Where scores are pushed besides the traces (default: the worker's configured backends). */
  pushScores?: boolean;
}

/** One scorer's verdict on one case. */
export interface CaseScore {
  name: string;
  score: number;
  passed: boolean;
  explanation: string;
  /** Who scored: a model (`llm_judge`) or code (every other scorer). */
  annotator: 'LLM' | 'CODE';
}

/** A case as the eval sees it. */
export interface CaseResult {
  id: string;
  status: 'pending' | 'running' | 'passed' | 'failed';
  /** The case's agent run. */
  workflowId: string;
  runId?: string;
  /** Mean of its scores. */
  score?: number;
  scores: CaseScore[];
  durationMs?: number;
  llmCalls?: number;
  tokens?: number;
  costUsd?: number;
  /** Why the case's run failed, when it did. */
  error?: string;
}

/** What the progress query answers. */
export interface EvalProgress {
  total: number;
  completed: number;
  passed: number;
  failed: number;
  running: number;
  averageScore?: number;
  cases: CaseResult[];
}

/** Statistics of one scorer over the cases. */
export interface ScorerStats {
  name: string;
  average: number;
  min: number;
  max: number;
  passed: number;
  count: number;
}

/** What the eval workflow returns. */
export interface EvalResults {
  datasetName?: string;
  overallScore: number;
  passed: number;
  failed: number;
  total: number;
  durationMs: number;
  scorers: ScorerStats[];
  cases: CaseResult[];
  usage: {
    cases: { llmCalls: number; totalTokens: number; costUsd: number };
    judging: { llmCalls: number; totalTokens: number; costUsd: number };
  };
  /** Score pushes to backends that failed after their retries (the scores are still on the traces). */
  pushFailures: number;
}

/** Activity that pushes one case's scores to the configured backends. */
export const PUSH_SCORES_ACTIVITY = 'pushEvalScores';

/** Input of {@link PUSH_SCORES_ACTIVITY}. */
export interface PushScoresInput {
  /** The case run's trace and its root (RunWorkflow) span, which the scores judge. */
  traceId: string;
  spanId: string;
  /** Stable per case and scorer, so a retried push replaces instead of adding. */
  idPrefix: string;
  scores: CaseScore[];
}
