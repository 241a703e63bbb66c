// An evaluation run: each case of a dataset runs as its own agent run (a child
// workflow in its own trace), at most `concurrency` at once; its scores go on
// its trace as EVALUATOR spans and to the configured backends. Finished cases
// are in history, so a worker crash re-runs none. Sandbox-safe.
import {
  type ActivityOptions,
  ApplicationFailure,
  defineQuery,
  isCancellation,
  proxyActivities,
  setHandler,
  startChild,
  workflowInfo,
} from '@temporalio/workflow';
import { AGENT_RUN_WORKFLOW, type AgentRunOutput, type AgentRunRequest } from '../common/agent-run-wire.js';
import { averageScore, caseScore, scorerStats } from '../common/eval-stats.js';
import { scorerName } from '../common/eval-scorers.js';
import {
  type CaseResult,
  type EvalCase,
  type EvalProgress,
  type EvalResults,
  type EvalRunInput,
  EvalRunMessage,
  PUSH_SCORES_ACTIVITY,
  type PushScoresInput,
} from '../common/eval-wire.js';
import { EvalAttr, OpenInferenceAttr } from '../common/semconv.js';
import { scoreCase } from './eval-scoring.js';
import { rootSpanOf, withOwnTraces } from './own-trace.js';
import { runUsage } from './usage.js';
import { startSpan, withSpan } from './scope.js';

export const evalProgressQuery = defineQuery<EvalProgress>(EvalRunMessage.PROGRESS_QUERY);
export const evalResultsQuery = defineQuery<EvalResults | undefined>(EvalRunMessage.RESULTS_QUERY);

/** Pushes are best effort: a few tries, then the eval goes on and counts the failure. */
const PUSH_OPTIONS: ActivityOptions = {
  startToCloseTimeout: '30 seconds',
  retry: { initialInterval: '1 second', backoffCoefficient: 2, maximumAttempts: 4 },
};

/** Runs `input.cases` through the agent and scores them. */
export async function evalRunWorkflow(input: EvalRunInput): Promise<EvalResults> {
  check(input);
  const started = Date.now();
  const { workflowId } = workflowInfo();
  const cases: CaseResult[] = input.cases.map((c, i) => {
    const id = c.id ?? `case-${i + 1}`;
    return { id, status: 'pending', workflowId: `${workflowId}-${id}`, scores: [] };
  });
  const finished: { results?: EvalResults } = {};
  let pushFailures = 0;
  setHandler(evalProgressQuery, () => progressOf(cases));
  setHandler(evalResultsQuery, () => finished.results);

  const runOne = async (result: CaseResult, c: EvalCase) => {
    await withSpan(`eval case ${result.id}`, { [OpenInferenceAttr.SPAN_KIND]: 'CHAIN' }, async () => {
      await runCase(result, c, input);
      if (result.runId && input.pushScores !== false && result.scores.length > 0) {
        try {
          await pushScores(result, workflowId);
        } catch (err) {
          if (isCancellation(err)) throw err;
          pushFailures++;
        }
      }
    });
  };
  await inPool(input.concurrency ?? 4, cases.length, (i) => runOne(cases[i]!, input.cases[i]!));

  const judging = runUsage().snapshot();
  const sum = (f: (c: CaseResult) => number | undefined) => cases.reduce((a, c) => a + (f(c) ?? 0), 0);
  const results: EvalResults = {
    datasetName: input.datasetName,
    overallScore: averageScore(cases) ?? 0,
    passed: cases.filter((c) => c.status === 'passed').length,
    failed: cases.filter((c) => c.status === 'failed').length,
    total: cases.length,
    durationMs: Date.now() - started,
    scorers: scorerStats(cases, input.scorers.map(scorerName)),
    cases,
    usage: {
      cases: {
        llmCalls: sum((c) => c.llmCalls),
        totalTokens: sum((c) => c.tokens),
        costUsd: sum((c) => c.costUsd),
      },
      judging: { llmCalls: judging.calls, totalTokens: judging.totalTokens, costUsd: judging.cost.total },
    },
    pushFailures,
  };
  finished.results = results;
  return results;
}

/** Runs one case's agent run and scores it; a failed run is a failed case, not a failed eval. */
async function runCase(result: CaseResult, c: EvalCase, input: EvalRunInput): Promise<void> {
  result.status = 'running';
  const request: AgentRunRequest = {
    projectId: input.projectId,
    agentId: input.agentId,
    agentVersion: input.agentVersion,
    input: c.input,
    tools: input.tools,
    maxIterations: input.maxIterations,
    timeoutSeconds: input.caseTimeoutSeconds ?? 600,
  };
  const begun = Date.now();
  let output: AgentRunOutput;
  try {
    const handle = await withOwnTraces(() =>
      startChild(AGENT_RUN_WORKFLOW, { workflowId: result.workflowId, args: [request] }),
    );
    result.runId = handle.firstExecutionRunId;
    output = (await handle.result()) as AgentRunOutput;
  } catch (err) {
    if (isCancellation(err)) throw err;
    result.status = 'failed';
    result.score = 0;
    result.error = messageOf(err);
    return;
  }
  result.durationMs = Date.now() - begun;
  result.tokens = output.usage.totalTokens;
  result.costUsd = output.usage.costUsd;
  result.llmCalls = output.usage.llmCalls;
  result.scores = await scoreCase(input.scorers, {
    input: c.input,
    expected: c.expected,
    output: output.output,
    durationMs: result.durationMs,
    costUsd: output.usage.costUsd,
    totalTokens: output.usage.totalTokens,
  });
  result.score = caseScore(result);
  result.status = result.scores.every((s) => s.passed) ? 'passed' : 'failed';
  // The scores, on the case's own trace, beneath its RunWorkflow span.
  for (const s of result.scores) {
    startSpan(
      `eval ${s.name}`,
      {
        [OpenInferenceAttr.SPAN_KIND]: 'EVALUATOR',
        [EvalAttr.NAME]: s.name,
        [EvalAttr.SCORE]: s.score,
        [EvalAttr.LABEL]: s.passed ? 'pass' : 'fail',
        [EvalAttr.EXPLANATION]: s.explanation,
        [EvalAttr.EVAL_RUN]: workflowInfo().workflowId,
      },
      { remoteParent: rootSpanOf(result.runId!) },
    ).end();
  }
}

function pushScores(result: CaseResult, evalId: string): Promise<void> {
  const root = rootSpanOf(result.runId!);
  const push = proxyActivities<{ [PUSH_SCORES_ACTIVITY]: (i: PushScoresInput) => Promise<void> }>(
    PUSH_OPTIONS,
  );
  return push[PUSH_SCORES_ACTIVITY]({
    traceId: root.traceId,
    spanId: root.spanId,
    idPrefix: `${evalId}-${result.id}`,
    scores: result.scores,
  });
}

/** Runs `count` jobs, at most `limit` at a time, in order of index. */
async function inPool(limit: number, count: number, job: (i: number) => Promise<void>): Promise<void> {
  let next = 0;
  const lane = async () => {
    while (next < count) await job(next++);
  };
  await Promise.all(Array.from({ length: Math.min(limit, count) }, lane));
}

function progressOf(cases: readonly CaseResult[]): EvalProgress {
  const done = cases.filter((c) => c.status === 'passed' || c.status === 'failed');
  return {
    total: cases.length,
    completed: done.length,
    passed: cases.filter((c) => c.status === 'passed').length,
    failed: cases.filter((c) => c.status === 'failed').length,
    running: cases.filter((c) => c.status === 'running').length,
    averageScore: averageScore(cases),
    cases: cases.map((c) => ({ ...c, scores: [...c.scores] })),
  };
}

function check(input: EvalRunInput): void {
  const fail = (message: string) => ApplicationFailure.nonRetryable(message, 'InvalidEvalRequest');
  if (!Array.isArray(input.cases) || input.cases.length === 0) throw fail('the dataset has no cases');
  if (!Array.isArray(input.scorers) || input.scorers.length === 0) throw fail('the eval has no scorers');
  const c = input.concurrency ?? 4;
  if (!Number.isInteger(c) || c < 1 || c > 100)
    throw fail('concurrency must be a whole number from 1 to 100');
  const ids = input.cases.map((x, i) => x.id ?? `case-${i + 1}`);
  if (new Set(ids).size !== ids.length) throw fail('case ids must be unique');
}

function messageOf(err: unknown): string {
  for (let e: unknown = err; e instanceof Error; e = e.cause) if (!e.cause) return e.message;
  return String(err);
}
