import { fileURLToPath } from 'node:url';
import type { ReadableSpan } from '@opentelemetry/sdk-trace-base';
import OpenAI from 'openai';
import { createResearchActivities } from '../../examples/research/activities.js';
import type { Harness } from './harness.js';
import { uniqueQueue } from './harness.js';
import { until } from './poll.js';
import { spansOfTrace } from './spans.js';

export const researchWorkflowsPath = fileURLToPath(
  new URL('../../examples/research/workflow.ts', import.meta.url),
);

/** Research activities talking to the offline model at `baseURL`. */
export function offlineResearchActivities(baseURL: string) {
  return createResearchActivities({ openai: new OpenAI({ baseURL, apiKey: 'offline-test-key' }) });
}

/** The spans of the trace that starts with the StartWorkflow span of `workflowId`. */
export async function traceOf(h: Harness, workflowId: string): Promise<ReadableSpan[]> {
  const all = await h.spans();
  const start = all.find(
    (s) => s.name.startsWith('StartWorkflow:') && s.attributes['temporal.workflow.id'] === workflowId,
  );
  if (!start) throw new Error(`no StartWorkflow span for ${workflowId}`);
  return spansOfTrace(all, start.spanContext().traceId);
}

/**
 * The finished spans in memory of the trace of `workflowId`, once its
 * RunWorkflow span (the last the run ends) is there. No forceFlush: with a
 * failing destination it would wait; the memory exporter is synchronous.
 */
export async function runTraceInMemory(
  h: Harness,
  workflowId: string,
): Promise<{ traceId: string; spans: ReadableSpan[] }> {
  const run = await until('RunWorkflow span in memory', () =>
    h.memory
      .getFinishedSpans()
      .find((s) => s.name.startsWith('RunWorkflow:') && s.attributes['temporal.workflow.id'] === workflowId),
  );
  const traceId = run.spanContext().traceId;
  return { traceId, spans: spansOfTrace(h.memory.getFinishedSpans(), traceId) };
}

export { uniqueQueue };
