// Temporal ↔ trace, both ways, on the dev server (which registers the TraceId
// search attribute): the trace id in the run's memo and search attribute, the
// Temporal UI link on RunWorkflow (live and rebuilt), and the `links` command.
import { Client } from '@temporalio/client';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { childEnv, spawnCaptured } from '../support/child.js';
import { useResearchSuite } from '../support/research-suite.js';
import { runTraceInMemory } from '../support/research.js';
import { visible } from '../support/visibility.js';
import { until } from '../support/poll.js';

const UI = 'http://127.0.0.1:8233';
const saved = { ...process.env };
// The plugin reads these when the suite's client and worker are made.
beforeAll(() => {
  process.env.TEMPORAL_UI_URL = UI;
  process.env.TEMPORAL_TRACE_ID_SEARCH_ATTRIBUTE = 'TraceId';
});
const suite = useResearchSuite('links');
afterAll(() => {
  for (const key of ['TEMPORAL_UI_URL', 'TEMPORAL_TRACE_ID_SEARCH_ATTRIBUTE'])
    if (saved[key] === undefined) delete process.env[key];
});

const QUERY = 'How do durable agents stay observable?';
const uiOf = (workflowId: string, runId: string) =>
  `${UI}/namespaces/default/workflows/${workflowId}/${runId}/history`;

async function links(workflowId: string) {
  const proc = spawnCaptured(
    process.execPath,
    ['--import', 'tsx', 'src/cli.ts', 'links', '--workflow-id', workflowId],
    {
      cwd: new URL('../..', import.meta.url).pathname,
      env: childEnv({
        TEMPORAL_ADDRESS: suite.h.address,
        TEMPORAL_UI_URL: UI,
        TRACE_UI_URLS:
          'jaeger=http://127.0.0.1:16686/trace/{traceId},phoenix=http://127.0.0.1:6006/projects/UHJvamVjdDox/traces/{traceId}',
      }),
    },
  );
  expect(await proc.exited, proc.stderr()).toBe(0);
  return proc.stdout();
}

describe('Temporal and the trace, both ways', () => {
  it('a traced client records the trace id in the memo and the TraceId search attribute; RunWorkflow links the Temporal UI', async () => {
    const { h, taskQueue } = suite;
    const workflowId = `links-${taskQueue}`;
    const handle = await h.client.workflow.start('ResearchWorkflow', {
      taskQueue,
      workflowId,
      args: [{ query: QUERY }],
    });
    await handle.result();
    const { spans } = await runTraceInMemory(h, workflowId);
    const traceId = spans[0].spanContext().traceId;
    const description = await handle.describe();
    expect(description.memo).toEqual({ traceId });
    await visible(h.client, `TraceId = '${traceId}'`, 1);
    const found = [];
    for await (const run of h.client.workflow.list({ query: `TraceId = '${traceId}'` }))
      found.push(run.workflowId);
    expect(found).toEqual([workflowId]);
    const run = spans.find((s) => s.name === 'RunWorkflow:ResearchWorkflow')!;
    expect(run.attributes['temporal.ui.url']).toBe(uiOf(workflowId, handle.firstExecutionRunId));

    expect(await links(workflowId)).toBe(
      [
        `run: ${workflowId}/${handle.firstExecutionRunId}`,
        `trace: ${traceId} (from the memo)`,
        `temporal: ${uiOf(workflowId, handle.firstExecutionRunId)}`,
        `jaeger: http://127.0.0.1:16686/trace/${traceId}`,
        `phoenix: http://127.0.0.1:6006/projects/UHJvamVjdDox/traces/${traceId}`,
        '',
      ].join('\n'),
    );
  });

  it('a run no traced client started, traced by its worker, links through the trace headers of the calls its worker made', async () => {
    const { h, taskQueue } = suite;
    const workflowId = `links-plain-${taskQueue}`;
    const plain = new Client({ connection: h.client.connection });
    const handle = await plain.workflow.start('ResearchWorkflow', {
      taskQueue,
      workflowId,
      args: [{ query: QUERY }],
    });
    await handle.result();
    expect((await handle.describe()).memo ?? {}).toEqual({});
    const run = await until('the run’s RunWorkflow span', async () =>
      (await h.spans()).find(
        (s) =>
          s.name === 'RunWorkflow:ResearchWorkflow' && s.attributes['temporal.workflow.id'] === workflowId,
      ),
    );
    const out = await links(workflowId);
    expect(out).toContain(`trace: ${run.spanContext().traceId} (from the worker headers)`);
  });
});
