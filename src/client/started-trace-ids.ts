// Hands the trace id of a run being started from the client interceptor (which
// makes the StartWorkflow span) to the code that asked for the start, without a
// describe call afterwards. Only workflow ids someone waits for are kept.
const waiting = new Map<string, string | undefined>();

/** Call before starting `workflowId`; then {@link takeStartedTraceId}. */
export function expectStartedTraceId(workflowId: string): void {
  waiting.set(workflowId, undefined);
}

/** The interceptor's side: the trace id the run's start carried. */
export function noteStartedTraceId(workflowId: string, traceId: string): void {
  if (waiting.has(workflowId)) waiting.set(workflowId, traceId);
}

/** The trace id noted since {@link expectStartedTraceId} (undefined when untraced or unsampled); forgets it. */
export function takeStartedTraceId(workflowId: string): string | undefined {
  const traceId = waiting.get(workflowId);
  waiting.delete(workflowId);
  return traceId;
}
