// Making agent-loop errors behave like workflow errors. Sandbox-safe.
import { AgentsError } from '@openai/agents-core';
import { ApplicationFailure, TemporalFailure } from '@temporalio/common';

/**
 * The agents SDK wraps errors thrown by tools (ToolCallError.error) and may
 * wrap others in `cause`. A Temporal failure inside (an activity failure, a
 * cancellation) is what the workflow must see, so it is unwrapped. Other
 * agents errors (max turns, model behaviour) are deterministic on replay, so
 * they fail the workflow with a clear message instead of retrying the task.
 */
export function toWorkflowError(err: unknown): unknown {
  for (let e: unknown = err, depth = 0; e && depth < 8; depth++) {
    if (e instanceof TemporalFailure) return e;
    e = (e as { error?: unknown }).error ?? (e as { cause?: unknown }).cause;
  }
  if (err instanceof AgentsError) {
    return ApplicationFailure.nonRetryable(`${err.name}: ${err.message}`, err.name);
  }
  return err;
}
