import OpenAI from 'openai';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createResearchActivities } from '../../examples/research/activities.js';
import type { ResearchReport } from '../../examples/research/shared.js';
import { type OfflineModelServer, startOfflineModel } from '../../offline-model/index.js';
import { assertResearchTrace } from '../support/contract.js';
import { createHarness, type Harness } from '../support/harness.js';
import { researchWorkflowsPath, traceOf, uniqueQueue } from '../support/research.js';

const LIMIT = 4_096;
let h: Harness;
let model: OfflineModelServer;

beforeAll(async () => {
  model = await startOfflineModel();
  h = await createHarness({ OTEL_ATTRIBUTE_VALUE_LENGTH_LIMIT: String(LIMIT) });
});
afterAll(async () => {
  await h?.close();
  await model?.close();
});

/** Control characters, a lone surrogate, NULs, bidi overrides and raw bytes decoded as latin1. */
function hostile(size: number): string {
  const nasty =
    '\u0000\u0007\u001b[31m\r\n\t\u202e\ud800' + Buffer.from([0xff, 0xfe, 0x00, 0x80]).toString('latin1');
  return (nasty + 'durable agents observability ').repeat(Math.ceil(size / 40)).slice(0, size);
}

describe('hostile input', () => {
  it('a 100 kB query and 500 kB tool results full of control characters: the run completes within limits', async () => {
    const taskQueue = uniqueQueue('hostile');
    const activities = createResearchActivities({
      openai: new OpenAI({ baseURL: model.url, apiKey: 'offline-test-key' }),
      search: {
        search: async () => [
          { title: hostile(200), url: 'https://example.org/x', snippet: hostile(500_000) },
        ],
      },
      resultsPerSearch: 1,
    });
    const worker = await h.worker({ taskQueue, workflowsPath: researchWorkflowsPath, activities });
    const workflowId = `hostile-${taskQueue}`;
    const report: ResearchReport = await worker.runUntil(
      h.client.workflow.execute('ResearchWorkflow', {
        taskQueue,
        workflowId,
        args: [{ query: hostile(100_000) }],
      }),
    );
    expect(report.status).toBe('completed');

    const spans = await traceOf(h, workflowId);
    assertResearchTrace(spans, report.searches.length);
    for (const span of spans) {
      for (const [key, value] of Object.entries(span.attributes)) {
        if (typeof value === 'string') expect(value.length, `${span.name} ${key}`).toBeLessThanOrEqual(LIMIT);
      }
    }
  });
});
