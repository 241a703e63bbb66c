// Starting evaluation runs and reading their progress and results.
import type { Client } from '@temporalio/client';
import { EVAL_RUN_WORKFLOW, type EvalCase, type EvalRunInput, type ScorerSpec } from '../common/eval-wire.js';
import { InvalidAgentRunRequestError } from './agent-run-errors.js';
import { checkId, defaultWorkflowId } from './agent-run-request.js';
import { expectStartedTraceId, takeStartedTraceId } from './started-trace-ids.js';

/** Options of `startEvalRun`. */
export interface StartEvalRunOptions extends Omit<EvalRunInput, 'cases' | 'datasetName'> {
  /** The eval's id (its workflow id; default `eval-<agentId>-<time>-<random>`). */
  runId?: string;
  dataset: EvalCase[] | { name?: string; cases: EvalCase[] };
}

/** What `startEvalRun` returns. */
export interface StartedEvalRun {
  workflowId: string;
  runId: string;
  traceId?: string;
}

const SCORER_TYPES = ['contains', 'exact', 'json_schema', 'latency', 'cost', 'llm_judge', 'custom'];

/** Starts an eval run on `taskQueue`; a bad option is an error naming its field. */
export async function startEvalRun(
  client: Client,
  taskQueue: string,
  options: StartEvalRunOptions,
): Promise<StartedEvalRun> {
  const input = evalRunInput(options);
  const workflowId = options.runId ?? defaultWorkflowId(options.agentId).replace(/^agent-/, 'eval-');
  checkId('runId', workflowId);
  expectStartedTraceId(workflowId);
  try {
    const handle = await client.workflow.start(EVAL_RUN_WORKFLOW, { taskQueue, workflowId, args: [input] });
    return { workflowId, runId: handle.firstExecutionRunId, traceId: takeStartedTraceId(workflowId) };
  } finally {
    takeStartedTraceId(workflowId); // forgets it when the start failed
  }
}

/** The workflow input for `options`, checked field by field. */
export function evalRunInput(options: StartEvalRunOptions): EvalRunInput {
  const { runId: _runId, dataset, ...rest } = options;
  checkId('projectId', rest.projectId);
  checkId('agentId', rest.agentId);
  if (rest.agentVersion !== undefined) checkId('agentVersion', rest.agentVersion);
  const cases = Array.isArray(dataset) ? dataset : dataset?.cases;
  if (!Array.isArray(cases) || cases.length === 0)
    throw new InvalidAgentRunRequestError('dataset', 'needs at least one case');
  cases.forEach((c, i) => {
    if (!c || typeof c !== 'object' || c.input === undefined)
      throw new InvalidAgentRunRequestError(`dataset[${i}].input`, 'is required');
  });
  const ids = cases.map((c, i) => c.id ?? `case-${i + 1}`);
  const dup = ids.find((id, i) => ids.indexOf(id) !== i);
  if (dup) throw new InvalidAgentRunRequestError('dataset', `has two cases with id ${dup}`);
  if (!Array.isArray(rest.scorers) || rest.scorers.length === 0)
    throw new InvalidAgentRunRequestError('scorers', 'needs at least one scorer');
  rest.scorers.forEach((s, i) => checkScorer(s, `scorers[${i}]`));
  const c = rest.concurrency ?? 4;
  if (!Number.isInteger(c) || c < 1 || c > 100)
    throw new InvalidAgentRunRequestError('concurrency', 'must be a whole number from 1 to 100');
  return { ...rest, cases, datasetName: Array.isArray(dataset) ? undefined : dataset.name };
}

function checkScorer(s: ScorerSpec, field: string): void {
  if (!s || !SCORER_TYPES.includes(s.type))
    throw new InvalidAgentRunRequestError(`${field}.type`, `must be one of ${SCORER_TYPES.join(', ')}`);
  if (s.threshold !== undefined && !(s.threshold >= 0 && s.threshold <= 1))
    throw new InvalidAgentRunRequestError(`${field}.threshold`, 'must be a number from 0 to 1');
  if (s.type === 'latency' && !(s.maxMs > 0))
    throw new InvalidAgentRunRequestError(`${field}.maxMs`, 'must be above 0');
  if (s.type === 'cost' && !(s.maxUsd >= 0))
    throw new InvalidAgentRunRequestError(`${field}.maxUsd`, 'must be 0 or more');
  if (s.type === 'json_schema' && (typeof s.schema !== 'object' || s.schema === null))
    throw new InvalidAgentRunRequestError(`${field}.schema`, 'must be a JSON Schema object');
  if (s.type === 'llm_judge' && !s.criteria?.trim())
    throw new InvalidAgentRunRequestError(`${field}.criteria`, 'must say what the judge looks for');
  if (s.type === 'custom' && !s.scorer?.trim())
    throw new InvalidAgentRunRequestError(`${field}.scorer`, 'must name a registered scorer');
}
