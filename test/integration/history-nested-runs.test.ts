// Child runs exported from history on the real dev server: a child that
// continued as new (three runs), and one the server terminated after its
// parent was terminated (the parent close policy). Listed with their parent
// by one query, each run is exported once, into the parent's trace.
import type { ReadableSpan } from '@opentelemetry/sdk-trace-base';
import { Client } from '@temporalio/client';
import { Worker } from '@temporalio/worker';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { HistoryExporter } from '../../src/history/history-exporter.js';
import { adjustWebpackConfig } from '../../src/worker/bundler-config.js';
import { resolveSpanTarget } from '../../src/worker/span-target.js';
import * as pathsActivities from '../fixtures/interop-activities.js';
import { createHarness, type Harness, uniqueQueue } from '../support/harness.js';
import { until } from '../support/poll.js';
import { duplicateIds, orphans, parentOf } from '../support/spans.js';
import { visible } from '../support/visibility.js';

const queue = uniqueQueue('history-nested');
let h: Harness;
let plain: Client;
let worker: Worker;
let running: Promise<void>;

beforeAll(async () => {
  h = await createHarness();
  plain = new Client({ connection: h.client.connection });
  // Telemetry off: no plugin, as on a worker whose runs are exported from history.
  worker = await Worker.create({
    connection: h.nativeConnection,
    taskQueue: queue,
    workflowsPath: new URL('../fixtures/paths-workflows.ts', import.meta.url).pathname,
    activities: pathsActivities,
    bundlerOptions: { webpackConfigHook: (config) => adjustWebpackConfig(config) },
  });
  running = worker.run();
});

afterAll(async () => {
  worker?.shutdown();
  await running;
  await h?.close();
});

describe('child runs exported from history (real dev server)', () => {
  it('a child that continued as new and one terminated after its parent are each exported once, under it', async () => {
    const workflowId = `nesting-${queue}`;
    const parent = await plain.workflow.start('nestingWorkflow', { taskQueue: queue, workflowId });
    const waiting = plain.workflow.getHandle(`${workflowId}-waiting`);
    const status = async () => (await waiting.describe().catch(() => undefined))?.status.name;
    await until('the waiting child to run', async () => (await status()) === 'RUNNING');
    await parent.terminate('the test leaves the waiting child to the parent close policy');
    await until(
      'the parent close policy to terminate the child',
      async () => (await status()) === 'TERMINATED',
    );
    const query = `TaskQueue = '${queue}'`;
    await visible(plain, `${query} AND ExecutionStatus != 'Running'`, 5);

    const summary = await new HistoryExporter({
      client: plain,
      target: resolveSpanTarget({ telemetry: h.telemetry }),
    }).exportQuery(query);
    expect(summary.failed).toEqual([]);
    expect(summary.exported).toBe(5);
    // Each child run is reached twice, from the listing and from the parent's export.
    expect(Object.values(summary.skipped).reduce((a, b) => a + b, 0)).toBe(4);

    const traceId = summary.traces[`${workflowId}/${parent.firstExecutionRunId}`];
    const spans = (await h.spans()).filter((s) => s.spanContext().traceId === traceId);
    expect(duplicateIds(spans)).toEqual([]);
    expect(orphans(spans)).toEqual([]);
    const under = (name: string) => spans.filter((s) => parentOf(spans, s)?.name === name);
    const chain = under('StartChildWorkflow:continuingWorkflow');
    expect(chain.map((s) => [s.name, s.attributes['temporal.outcome']])).toEqual(
      expect.arrayContaining([
        ['RunWorkflow:continuingWorkflow', 'continued_as_new'],
        ['RunWorkflow:continuingWorkflow', 'continued_as_new'],
        ['RunWorkflow:continuingWorkflow', 'completed'],
      ]),
    );
    expect(chain).toHaveLength(3);
    const terminated: ReadableSpan[] = under('StartChildWorkflow:cancellableWorkflow');
    expect(terminated.map((s) => [s.name, s.attributes['temporal.outcome']])).toEqual([
      ['RunWorkflow:cancellableWorkflow', 'terminated'],
    ]);
    const root = spans.find((s) => s.name === 'RunWorkflow:nestingWorkflow')!;
    expect(root.attributes['temporal.outcome']).toBe('terminated');
    expect(root.parentSpanContext).toBeUndefined();
  });
});
