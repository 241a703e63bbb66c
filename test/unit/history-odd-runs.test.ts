// Histories a fleet produces that our recorded runs do not: a burst of
// signals after a long wait, an activity retried thousands of times with no
// retry policy in its history, a child that could not start, binary payloads.
// Each must still become a trace that reads right.
import type { ReadableSpan } from '@opentelemetry/sdk-trace-base';
import { describe, expect, it } from 'vitest';
import { HistoryExporter } from '../../src/history/history-exporter.js';
import { HistoryJson, keepingTarget, servingClient } from '../support/history-json.js';

async function exported(run: HistoryJson): Promise<ReadableSpan[]> {
  const { spans, target } = keepingTarget();
  const exporter = new HistoryExporter({ client: servingClient([run]), target, temporalUiUrl: '' });
  const summary = await exporter.exportRun({ workflowId: run.workflowId, runId: run.runId });
  expect(summary.failed).toEqual([]);
  return spans;
}

const named = (spans: ReadableSpan[], prefix: string) => spans.filter((s) => s.name.startsWith(prefix));
const ms = (s: ReadableSpan) => s.duration[0] * 1000 + s.duration[1] / 1e6;

describe('a run exported from history', () => {
  it('counts a wait for people once, however many messages end it', async () => {
    const run = new HistoryJson('W', 'w1', 'Waiting');
    run.task(0);
    for (let i = 0; i < 5; i++) run.add(3600 + i * 0.2, 'workflowExecutionSignaled', { signalName: 'nudge' });
    run.task(3601);
    run.add(3601, 'workflowExecutionCompleted');
    const spans = await exported(run);
    const waits = named(spans, 'HumanWait:');
    expect(waits.map(ms)).toEqual([3_600_000, 200, 200, 200, 200]);
    const root = spans.find((s) => s.name === 'RunWorkflow:Waiting')!;
    expect(root.attributes['temporal.time.human_ms']).toBe(3_600_800);
  });

  it('shows the first and last ten attempts of an activity retried 3,000 times, and says how many it left out', async () => {
    const run = new HistoryJson('R', 'r1', 'Retrying');
    run.task(0);
    const scheduled = run.add(0, 'activityTaskScheduled', {
      activityId: '1',
      activityType: { name: 'flaky' },
      taskQueue: { name: 'q' },
    });
    run.add(500_000, 'activityTaskStarted', { scheduledEventId: String(scheduled), attempt: 3000 });
    run.add(500_001, 'activityTaskCompleted', { scheduledEventId: String(scheduled) });
    run.task(500_001);
    run.add(500_001, 'workflowExecutionCompleted');
    const spans = await exported(run);
    const attempts = named(spans, 'RunActivity:flaky').map((s) => s.attributes['temporal.activity.attempt']);
    expect(attempts).toEqual([1, 2, 3, 4, 5, 6, 7, 8, 9, 10, ...range(2990, 2999), 3000]);
    const start = spans.find((s) => s.name === 'StartActivity:flaky')!;
    expect(start.attributes['temporal.activity.attempts_omitted']).toBe(2979);
    for (const s of spans) expect(Number.isFinite(ms(s)), s.name).toBe(true);
  });

  it('says in words why a child did not start', async () => {
    const run = new HistoryJson('S', 's1', 'Starter');
    run.task(0);
    const initiated = run.startChild(0, { workflowId: 'taken', type: 'Child' });
    run.add(1, 'startChildWorkflowExecutionFailed', {
      initiatedEventId: String(initiated),
      workflowId: 'taken',
      cause: 'START_CHILD_WORKFLOW_EXECUTION_FAILED_CAUSE_WORKFLOW_ALREADY_EXISTS',
    });
    run.task(1);
    run.add(1, 'workflowExecutionCompleted');
    const spans = await exported(run);
    expect(spans.find((s) => s.name === 'StartChildWorkflow:Child')?.status.message).toBe(
      'child did not start: workflow already exists',
    );
  });

  it('writes a binary payload as its size, not as one member per byte', async () => {
    const run = new HistoryJson('B', 'b1', 'Bytes');
    run.task(0);
    const bytes = Buffer.alloc(1_000_000, 7).toString('base64');
    const payload = { metadata: { encoding: Buffer.from('binary/plain').toString('base64') }, data: bytes };
    const scheduled = run.add(0, 'activityTaskScheduled', {
      activityId: '1',
      activityType: { name: 'store' },
      taskQueue: { name: 'q' },
      input: { payloads: [payload] },
    });
    run.add(1, 'activityTaskStarted', { scheduledEventId: String(scheduled), attempt: 1 });
    run.add(2, 'activityTaskCompleted', {
      scheduledEventId: String(scheduled),
      result: { payloads: [payload] },
    });
    run.task(2);
    run.add(2, 'workflowExecutionCompleted');
    const spans = await exported(run);
    const attempt = spans.find((s) => s.name === 'RunActivity:store')!;
    expect(attempt.attributes['input.value']).toBe('["[binary: 1000000 bytes]"]');
    expect(attempt.attributes['output.value']).toBe('"[binary: 1000000 bytes]"');
  });
});

describe('HistoryExporter', () => {
  it('refuses a namespace other than its client’s, which it reads histories from', () => {
    const client = servingClient([]);
    expect(() => new HistoryExporter({ client, namespace: 'other', temporalUiUrl: '' })).toThrow(
      "HistoryExporter: namespace 'other' is not the client's ('default')",
    );
    expect(() => new HistoryExporter({ client, namespace: 'default', temporalUiUrl: '' })).not.toThrow();
  });
});

function range(from: number, to: number): number[] {
  return Array.from({ length: to - from + 1 }, (_, i) => from + i);
}
