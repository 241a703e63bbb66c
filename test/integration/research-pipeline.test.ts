import type { ReadableSpan } from '@opentelemetry/sdk-trace-base';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { type OfflineModelServer, startOfflineModel } from '../../offline-model/index.js';
import { progressQuery, type ResearchReport } from '../../examples/research/shared.js';
import { createHarness, type Harness } from '../support/harness.js';
import { assertResearchTrace } from '../support/contract.js';
import {
  offlineResearchActivities,
  researchWorkflowsPath,
  traceOf,
  uniqueQueue,
} from '../support/research.js';

let h: Harness;
let model: OfflineModelServer;

beforeAll(async () => {
  model = await startOfflineModel();
  h = await createHarness();
});
afterAll(async () => {
  await h?.close();
  await model?.close();
});

async function runPipeline(workerOptions: { maxCachedWorkflows?: number } = {}) {
  const taskQueue = uniqueQueue('research');
  const worker = await h.worker({
    taskQueue,
    workflowsPath: researchWorkflowsPath,
    activities: offlineResearchActivities(model.url),
    ...workerOptions,
  });
  const workflowId = `research-${taskQueue}`;
  const { report, progress } = await worker.runUntil(async () => {
    const report: ResearchReport = await h.client.workflow.execute('ResearchWorkflow', {
      taskQueue,
      workflowId,
      args: [{ query: 'How do durable AI agents stay observable?' }],
    });
    // Rollups are readable from the workflow itself through its progress query.
    return { report, progress: await h.client.workflow.getHandle(workflowId).query(progressQuery) };
  });
  return { report, progress, spans: await traceOf(h, workflowId) };
}

describe('research pipeline on a real Temporal server', () => {
  it('produces the trace of the contract with rollups equal to the LLM spans', async () => {
    const { report, progress, spans } = await runPipeline();
    expect(report.status).toBe('completed');
    expect(report.searches.length).toBeGreaterThanOrEqual(5);
    expect(report.markdownReport.length).toBeGreaterThan(0);
    const { run, agents, llms } = assertResearchTrace(spans, report.searches.length);

    const sum = (xs: typeof llms, key: string) => xs.reduce((t, s) => t + Number(s.attributes[key] ?? 0), 0);
    expect(run.attributes['rollup.llm.calls']).toBe(llms.length);
    expect(run.attributes['rollup.llm.token_count.total']).toBe(sum(llms, 'llm.token_count.total'));
    expect(run.attributes['rollup.llm.cost.total'] as number).toBeCloseTo(sum(llms, 'llm.cost.total'), 9);
    expect(report.usage.calls).toBe(llms.length);
    expect(progress).toMatchObject({
      stage: 'done',
      llmCalls: llms.length,
      totalTokens: sum(llms, 'llm.token_count.total'),
    });
    expect(progress.costUsd).toBeCloseTo(sum(llms, 'llm.cost.total'), 9);
    for (const agent of agents) {
      const own = llms.filter((l) => {
        for (
          let s: typeof l | undefined = l;
          s;
          s = spans.find((p) => p.spanContext().spanId === s!.parentSpanContext?.spanId)
        )
          if (s === agent) return true;
        return false;
      });
      expect(agent.attributes['rollup.llm.token_count.total']).toBe(sum(own, 'llm.token_count.total'));
    }
  });

  it('keeps the same trace under forced replay (maxCachedWorkflows: 0) as in a normal run', async () => {
    const normal = await runPipeline();
    const replayed = await runPipeline({ maxCachedWorkflows: 0 });
    assertResearchTrace(replayed.spans, replayed.report.searches.length);
    // Same query, deterministic model: the same tree, span for span, with the same tokens and rollups.
    expect(treeSignature(replayed.spans)).toEqual(treeSignature(normal.spans));
    expect(treeSignature(normal.spans).length).toBeGreaterThan(40);
  });
});

/** Each span as `parent > name [kind] tokens rollup`, sorted: the tree without ids, times or order. */
function treeSignature(spans: readonly ReadableSpan[]): string[] {
  const byId = new Map(spans.map((s) => [s.spanContext().spanId, s]));
  return spans
    .map((s) => {
      const a = s.attributes;
      const parent = s.parentSpanContext ? (byId.get(s.parentSpanContext.spanId)?.name ?? '?') : '-';
      return `${parent} > ${s.name} [${a['openinference.span.kind']}] ${a['llm.token_count.total'] ?? ''} ${a['rollup.llm.token_count.total'] ?? ''}`;
    })
    .sort();
}
