// How long a run waited in Temporal's task queues, as far as its history can
// tell: one definition for traces rebuilt from history and for the live
// RunWorkflow span, which reads its run's history when the run closes.
import type { ActivityRecord, RunRecord } from './run-record.js';

/**
 * An activity's queue wait (scheduled → started) when history knows it: its
 * only attempt started. History keeps the start of the last attempt only, and
 * local activities never wait in a queue.
 */
export function knownQueueWaitMs(act: ActivityRecord): number | undefined {
  if (act.local || act.startedMs === undefined || act.attempt !== 1) return undefined;
  return Math.max(0, act.startedMs - act.scheduledMs);
}

/** The run's known queue time: its workflow tasks' waits plus its activities' known waits. */
export function knownQueueTotalMs(run: RunRecord): number {
  return run.activities.reduce((sum, act) => sum + (knownQueueWaitMs(act) ?? 0), run.workflowTaskQueueMs);
}
