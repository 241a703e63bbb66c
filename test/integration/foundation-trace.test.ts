import { fileURLToPath } from 'node:url';
import type { ReadableSpan } from '@opentelemetry/sdk-trace-base';
import { Worker } from '@temporalio/worker';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { type OfflineModelServer, startOfflineModel } from '../../offline-model/index.js';
import { createHarness, type Harness, uniqueQueue } from '../support/harness.js';
import { duplicateIds, one, orphans, parentOf, spansOfTrace } from '../support/spans.js';
import * as activities from '../fixtures/llm-activities.js';

const workflowsPath = fileURLToPath(new URL('../fixtures/llm-workflows.ts', import.meta.url));

let h: Harness;
let model: OfflineModelServer;

beforeAll(async () => {
  model = await startOfflineModel();
  process.env.TEST_OPENAI_BASE_URL = model.url;
  h = await createHarness();
});
afterAll(async () => {
  await h?.close();
  await model?.close();
});

/** Runs llmWorkflow (or another workflow of the fixture) to completion on a fresh worker and returns its trace. */
async function runTraced(workerOptions: { maxCachedWorkflows?: number } = {}, workflowType = 'llmWorkflow') {
  const taskQueue = uniqueQueue('foundation');
  const worker = await h.worker({ taskQueue, workflowsPath, activities, ...workerOptions });
  const workflowId = `llm-${taskQueue}`;
  const result = await worker.runUntil(
    h.client.workflow.execute(workflowType, {
      taskQueue,
      workflowId,
      args: ['What is durable execution?'],
      memo: { note: 'MEMO-MUST-NOT-LEAK' },
    }),
  );
  const all = await h.spans();
  const start = all.find(
    (s) => s.name === `StartWorkflow:${workflowType}` && s.attributes['temporal.workflow.id'] === workflowId,
  );
  expect(start, 'StartWorkflow span').toBeDefined();
  return { result, workflowId, taskQueue, spans: spansOfTrace(all, start!.spanContext().traceId) };
}

function assertContract(spans: ReadableSpan[], workflowId: string, workflowType = 'llmWorkflow') {
  const names = spans.map((s) => s.name).sort();
  expect(names).toEqual(
    [
      'OpenAI Responses',
      'OpenAI Responses',
      'RunActivity:askModel',
      'RunActivity:askModel',
      `RunWorkflow:${workflowType}`,
      'StartActivity:askModel',
      'StartActivity:askModel',
      `StartWorkflow:${workflowType}`,
    ].sort(),
  );
  expect(orphans(spans).map((s) => s.name)).toEqual([]);
  expect(duplicateIds(spans)).toEqual([]);

  const start = one(spans, `StartWorkflow:${workflowType}`);
  expect(start.parentSpanContext).toBeUndefined();
  const run = one(spans, `RunWorkflow:${workflowType}`);
  expect(parentOf(spans, run)).toBe(start);
  for (const startActivity of spans.filter((s) => s.name === 'StartActivity:askModel')) {
    expect(parentOf(spans, startActivity)).toBe(run);
  }
  for (const runActivity of spans.filter((s) => s.name === 'RunActivity:askModel')) {
    expect(parentOf(spans, runActivity)?.name).toBe('StartActivity:askModel');
    expect(runActivity.attributes['temporal.activity.attempt']).toBe(1);
    expect(runActivity.attributes['temporal.activity.type']).toBe('askModel');
    expect(runActivity.attributes['temporal.workflow.id']).toBe(workflowId);
  }
  for (const llm of spans.filter((s) => s.name === 'OpenAI Responses')) {
    expect(parentOf(spans, llm)?.name).toBe('RunActivity:askModel');
    expect(llm.attributes['openinference.span.kind']).toBe('LLM');
    expect(llm.attributes['llm.token_count.prompt']).toBeGreaterThan(0);
    expect(llm.attributes['llm.token_count.completion']).toBeGreaterThan(0);
    expect(llm.attributes['llm.cost.total']).toBeGreaterThan(0);
  }

  expect(run.attributes).toMatchObject({
    'openinference.span.kind': 'CHAIN',
    'temporal.workflow.id': workflowId,
    'temporal.workflow.type': workflowType,
    'temporal.namespace': 'default',
  });
  expect(run.attributes['temporal.run.id']).toMatch(/^[0-9a-f-]{36}$/);
  expect(typeof run.attributes['temporal.task_queue']).toBe('string');
  // Nothing of WorkflowInfo beyond the normalized identity, and no memo contents anywhere.
  for (const span of spans) {
    for (const key of Object.keys(span.attributes)) {
      // The three un-namespaced keys are the ids Temporal's Python and Go interceptors use (FleetAttr).
      expect(key, `${span.name} has un-namespaced attribute ${key}`).toMatch(
        /^((temporal|openinference|input|output|llm|gen_ai|cost|rollup|tool|agent|exception)\.|temporal(Workflow|Run|Activity)ID$)/,
      );
    }
    expect(JSON.stringify(span.attributes)).not.toContain('MEMO-MUST-NOT-LEAK');
  }
}

describe('one trace from client to LLM call on a real Temporal server', () => {
  it('links StartWorkflow → RunWorkflow → StartActivity → RunActivity → LLM span', async () => {
    const { spans, workflowId, result } = await runTraced();
    expect(result).toContain('[offline model]');
    assertContract(spans, workflowId);
  });

  it('exports no extra span under forced replay (maxCachedWorkflows: 0)', async () => {
    const { spans, workflowId } = await runTraced({ maxCachedWorkflows: 0 });
    assertContract(spans, workflowId);
  });

  it('sends the spans of a failed workflow task once, when Temporal retries the task', async () => {
    const { spans, workflowId } = await runTraced({}, 'flakyTaskWorkflow');
    const history = await h.client.workflow.getHandle(workflowId).fetchHistory();
    const failures = history.events!.filter((e) => e.workflowTaskFailedEventAttributes);
    // The scenario happened: one task failed (and the run still completed).
    expect(failures).toHaveLength(1);
    expect(failures[0].workflowTaskFailedEventAttributes?.failure?.message).toContain(
      'deliberate workflow task failure',
    );
    assertContract(spans, workflowId, 'flakyTaskWorkflow');
  });

  it('exports nothing when the recorded history is replayed', async () => {
    const { workflowId, spans } = await runTraced();
    const before = (await h.spans()).length;
    const history = await h.client.workflow.getHandle(workflowId).fetchHistory();
    await Worker.runReplayHistory({ workflowsPath, plugins: [h.plugin] }, history, workflowId);
    const after = await h.spans();
    expect(after.length).toBe(before);
    expect(spans.length).toBe(8);
  });

  it('marks a failed workflow run as an error span', async () => {
    const taskQueue = uniqueQueue('failing');
    const worker = await h.worker({ taskQueue, workflowsPath, activities });
    await expect(
      worker.runUntil(
        h.client.workflow.execute('failingWorkflow', { taskQueue, workflowId: `fail-${taskQueue}` }),
      ),
    ).rejects.toThrow();
    const run = (await h.spans()).find(
      (s) =>
        s.name === 'RunWorkflow:failingWorkflow' &&
        s.attributes['temporal.workflow.id'] === `fail-${taskQueue}`,
    );
    expect(run?.status.code).toBe(2);
    expect(run?.status.message).toContain('deliberate failure');
  });
});
