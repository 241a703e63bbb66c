// Temporal's errors about a run, as the run client's typed errors.
import { type Client, QueryNotRegisteredError, type WorkflowFailedError } from '@temporalio/client';
import { ApplicationFailure, WorkflowNotFoundError } from '@temporalio/common';
import { AGENT_RUN_TIMED_OUT } from '../common/agent-run-wire.js';
import {
  AgentRunFailedError,
  NotAnAgentRunError,
  RunClosedError,
  RunNotFoundError,
} from './agent-run-errors.js';
import { type AgentRunSummary, summarize } from './agent-run-status.js';

/** Runs `fn`, turning Temporal's not-found errors into ours (a closed run's into `RunClosedError`). */
export async function mapRunErrors<T>(client: Client, workflowId: string, fn: () => Promise<T>): Promise<T> {
  try {
    return await fn();
  } catch (err) {
    const handle = client.workflow.getHandle(workflowId);
    if (err instanceof QueryNotRegisteredError)
      throw new NotAnAgentRunError(workflowId, (await handle.describe()).type);
    if (!(err instanceof WorkflowNotFoundError)) throw err;
    let closed: AgentRunSummary;
    try {
      closed = summarize(await handle.describe());
    } catch {
      throw new RunNotFoundError(workflowId, { cause: err });
    }
    throw new RunClosedError(workflowId, closed.status, { cause: err });
  }
}

/** The error for a run that closed without completing, as its status says. */
export function failureOf(
  workflowId: string,
  err: WorkflowFailedError,
  run: AgentRunSummary,
): AgentRunFailedError {
  const cause = err.cause;
  const type = cause instanceof ApplicationFailure ? (cause.type ?? undefined) : undefined;
  const status =
    type === AGENT_RUN_TIMED_OUT || run.status === 'timed_out'
      ? 'timed_out'
      : run.status === 'cancelled'
        ? 'cancelled'
        : 'failed';
  return new AgentRunFailedError(workflowId, status, cause?.message ?? err.message, type, { cause: err });
}
