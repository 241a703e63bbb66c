// Exact Temporal timings for a live RunWorkflow span, read from the run's
// history by the worker that closes it. Workflow code is shown neither when
// its workflow tasks were scheduled nor when its activities started, so the
// sandbox cannot sum the run's queue waits; its history has both, on the
// server's clock. One history read per closed run: opt-in.
import type { Attributes } from '@opentelemetry/api';
import { WorkflowClient } from '@temporalio/client';
import type { NativeConnection } from '@temporalio/worker';
import { TemporalAttr, TimeTotalAttr } from '../common/semconv.js';
import { knownQueueTotalMs } from '../history/queue-waits.js';
import { readRunHistory } from '../history/read-events.js';

/** Reads the timing attributes of one run that is closing. */
export type RunTimingsReader = (workflowId: string, runId: string) => Promise<Attributes>;

/** A reader over the worker's own connection to Temporal. */
export function historyTimingsReader(connection: NativeConnection, namespace: string): RunTimingsReader {
  // The SDK's own history read (all pages), over the worker's connection; untraced.
  const client = new WorkflowClient({ connection, namespace });
  return async (workflowId, runId) => {
    const history = await client.getHandle(workflowId, runId).fetchHistory();
    // The closing workflow task has started, so every task's wait is in history already.
    const run = readRunHistory(history, namespace, runId);
    return {
      [TemporalAttr.WORKFLOW_TASK_QUEUE_WAIT_MS]: run.workflowTaskQueueMs,
      [TimeTotalAttr.QUEUE_MS]: knownQueueTotalMs(run),
    };
  };
}
