import { fileURLToPath } from 'node:url';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { type OfflineModelServer, startOfflineModel } from '../../offline-model/index.js';
import * as activities from '../fixtures/llm-activities.js';
import { createHarness, type Harness, uniqueQueue } from '../support/harness.js';

const workflowsPath = fileURLToPath(new URL('../fixtures/llm-workflows.ts', import.meta.url));
let h: Harness;
let model: OfflineModelServer;

beforeAll(async () => {
  model = await startOfflineModel();
  process.env.TEST_OPENAI_BASE_URL = model.url;
  // Root spans are never sampled; parent-based sampling must carry that decision
  // through the header into the workflow, its activities and the LLM call.
  h = await createHarness({ OTEL_TRACES_SAMPLER: 'parentbased_always_off' });
});
afterAll(async () => {
  await h?.close();
  await model?.close();
});

describe('sampling decisions cross the Temporal boundary', () => {
  it('a run sampled out at the client exports no span anywhere', async () => {
    const taskQueue = uniqueQueue('sampling');
    const worker = await h.worker({ taskQueue, workflowsPath, activities });
    const result = await worker.runUntil(
      h.client.workflow.execute('llmWorkflow', {
        taskQueue,
        workflowId: `sampled-out-${taskQueue}`,
        args: ['hello'],
      }),
    );
    expect(result).toContain('[offline model]');
    expect(model.stats().requests).toBeGreaterThanOrEqual(2);
    expect((await h.spans()).map((s) => s.name)).toEqual([]);
  });
});
