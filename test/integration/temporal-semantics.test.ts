// Temporal's own meaning of failures and logs, as its stock interceptors keep
// it: a BENIGN application failure is not an error, and workflow and activity
// logs carry the trace and span ids of where they were written.
import { fileURLToPath } from 'node:url';
import { DefaultLogger, type LogEntry } from '@temporalio/worker';
import { describe, expect, it } from 'vitest';
import * as activities from '../fixtures/interop-activities.js';
import { useFixtureSuite } from '../support/fixture-suite.js';
import { until } from '../support/poll.js';
import { spansOfTrace } from '../support/spans.js';

const workflowsPath = fileURLToPath(new URL('../fixtures/interop-workflows.ts', import.meta.url));
const logs: LogEntry[] = [];
const suite = useFixtureSuite(
  'semantics',
  { workflowsPath, activities },
  { logger: new DefaultLogger('INFO', (entry) => void logs.push(entry)) },
);

async function runSpans(workflowId: string) {
  const { h } = suite;
  const run = await until('RunWorkflow span', async () =>
    (await h.spans()).find(
      (s) => s.name.startsWith('RunWorkflow:') && s.attributes['temporal.workflow.id'] === workflowId,
    ),
  );
  return { run, spans: spansOfTrace(await h.spans(), run.spanContext().traceId) };
}

describe('Temporal semantics', () => {
  it('a BENIGN application failure leaves the status unset, with the exception recorded', async () => {
    const { h, taskQueue } = suite;
    const workflowId = `${taskQueue}-benign`;
    await expect(
      h.client.workflow.execute('benignFailureWorkflow', { taskQueue, workflowId }),
    ).rejects.toThrow();
    const { run, spans } = await runSpans(workflowId);
    const activity = spans.filter((s) => s.name.endsWith(':failBenign'));
    expect(activity.map((s) => s.name).sort()).toEqual([
      'RunActivity:failBenign',
      'StartActivity:failBenign',
    ]);
    for (const span of [run, ...activity]) {
      expect(span.status.code, span.name).toBe(0);
      expect(span.attributes['temporal.outcome'], span.name).toBe('benign_failure');
      expect(
        span.events.map((e) => e.name),
        span.name,
      ).toContain('exception');
    }
  });

  it('an activity that completes asynchronously has not failed: status unset, no exception', async () => {
    const { h, taskQueue } = suite;
    const workflowId = `${taskQueue}-async`;
    const handle = await h.client.workflow.start('asyncCompletionWorkflow', { taskQueue, workflowId });
    const token = await until('task token', () => activities.pendingTokens.shift());
    await h.client.activity.complete(Buffer.from(token, 'base64'), 'done later');
    expect(await handle.result()).toBe('done later');
    const { spans } = await runSpans(workflowId);
    const attempt = spans.find((s) => s.name === 'RunActivity:completeLater')!;
    expect(attempt.status.code).toBe(0);
    expect(attempt.attributes['temporal.outcome']).toBe('completing_async');
    expect(attempt.events.map((e) => e.name)).not.toContain('exception');
    expect(spans.find((s) => s.name === 'StartActivity:completeLater')?.status.code).toBe(1);
  });

  it('workflow and activity logs carry the trace id and the id of the span they were written in', async () => {
    const { h, taskQueue } = suite;
    const workflowId = `${taskQueue}-logs`;
    await h.client.workflow.execute('loggingWorkflow', { taskQueue, workflowId });
    const { run, spans } = await runSpans(workflowId);
    const traceId = run.spanContext().traceId;
    const wfLog = logs.find(
      (l) => l.message === 'logging workflow started' && l.meta?.workflowId === workflowId,
    );
    expect(wfLog?.meta).toMatchObject({ trace_id: traceId, span_id: run.spanContext().spanId });
    const runActivity = spans.find((s) => s.name === 'RunActivity:echoBaggage')!;
    const actLog = logs.find((l) => l.message === 'echoing baggage' && l.meta?.workflowId === workflowId);
    expect(actLog?.meta).toMatchObject({ trace_id: traceId, span_id: runActivity.spanContext().spanId });
  });
});
