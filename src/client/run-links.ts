// From a workflow id to where its trace is: the trace id a traced client
// recorded (memo), the one in the start request's trace header, the one a
// traced worker put on the calls it made, or the one a history export gives
// the run; then the configured UIs' links.
import type { Client } from '@temporalio/client';
import { parseTraceparent } from '../common/trace-context.js';
import { type LinksConfig, temporalRunUrl, traceUiUrls } from '../config/links-config.js';
import { traceIdInMemo } from './agent-run-status.js';
import { readRunHistory } from '../history/read-events.js';
import { historyTraceId } from '../history/span-ids.js';

/** A run's trace id and the links to it. */
export interface RunLinks {
  workflowId: string;
  runId: string;
  traceId: string;
  /** Where the trace id came from. */
  source: 'memo' | 'start header' | 'worker headers' | 'history export';
  temporalUi?: string;
  traceUis: { name: string; url: string }[];
}

/** Finds the run (the latest of the workflow id unless `runId`) and its links. */
export async function findRunLinks(
  client: Client,
  ref: { workflowId: string; runId?: string },
  config: LinksConfig,
): Promise<RunLinks> {
  const handle = client.workflow.getHandle(ref.workflowId, ref.runId);
  const description = await handle.describe();
  const runId = description.runId;
  const namespace = client.options.namespace;
  let traceId: string | undefined = traceIdInMemo(description.memo);
  let source: RunLinks['source'] = 'memo';
  if (!traceId) {
    const history = await client.workflow.getHandle(ref.workflowId, runId).fetchHistory();
    const run = readRunHistory(history, namespace, runId);
    traceId = parseTraceparent(run.startTraceparent)?.traceId;
    source = 'start header';
    if (!traceId) {
      // A worker that traced the run put its trace context on the calls it made.
      traceId = parseTraceparent(run.workerTraceparent)?.traceId;
      source = 'worker headers';
    }
  }
  if (!traceId) {
    traceId = historyTraceId(namespace, { workflowId: ref.workflowId, runId });
    source = 'history export';
  }
  return {
    workflowId: ref.workflowId,
    runId,
    traceId,
    source,
    temporalUi: config.temporalUiUrl
      ? temporalRunUrl(config.temporalUiUrl, namespace, ref.workflowId, runId)
      : undefined,
    traceUis: traceUiUrls(config.traceUis, traceId),
  };
}
