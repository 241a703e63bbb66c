// Evaluation runs on a real Temporal server with the offline model: cases as
// child agent runs in their own traces, at most `concurrency` at once (read
// from history), statistics equal to a hand computation, scores on the case
// traces and pushed to a Langfuse-compatible ingest with Basic auth, a failing
// case counted as failed, cancellation.
import type { ReadableSpan } from '@opentelemetry/sdk-trace-base';
import OpenAI from 'openai';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createServiceActivities } from '../../examples/service/activities.js';
import { SERVICE_WORKFLOWS_PATH } from '../../examples/service/worker.js';
import { AgentRunClient, type ScorerSpec } from '../../src/runs.js';
import { type IngestReceiver, startIngestReceiver } from '../support/ingest-receiver.js';
import { until } from '../support/poll.js';
import { useResearchSuite } from '../support/research-suite.js';
import { parentOf } from '../support/spans.js';

const SECRET = 'sk-eval-secret-0123456789';
let ingest: IngestReceiver;
beforeAll(async () => {
  ingest = await startIngestReceiver();
});
afterAll(() => ingest?.close());

const suite = useResearchSuite('evals', {
  workflowsPath: SERVICE_WORKFLOWS_PATH,
  activities: (url) =>
    createServiceActivities({
      openai: new OpenAI({ baseURL: url, apiKey: 'offline-test-key' }),
      env: {
        INTERACTIVEAI_PUBLIC_KEY: 'pk-eval',
        INTERACTIVEAI_SECRET_KEY: SECRET,
        INTERACTIVEAI_HOST: ingest.url,
      },
    }),
});
const runs = () => new AgentRunClient({ client: suite.h.client, taskQueue: suite.taskQueue });

const SCORERS: ScorerSpec[] = [
  { type: 'contains', value: 'tool results' },
  { type: 'contains', name: 'mentions_order', threshold: 1 },
  { type: 'latency', maxMs: 60_000 },
  { type: 'cost', maxUsd: 0.00001 },
  { type: 'llm_judge', criteria: 'The answer says what happened to the order.' },
];
const cases = (n: number) =>
  Array.from({ length: n }, (_, i) => ({
    id: `order-${i + 1}`,
    input: `Look up order ${i + 1}.`,
    expected: `order-${i + 1}`,
  }));

/** The most case runs in flight at once, from the eval's history. */
async function maxInFlight(evalId: string): Promise<number> {
  const history = await suite.h.client.workflow.getHandle(evalId).fetchHistory();
  let now = 0;
  let max = 0;
  for (const e of history.events ?? []) {
    if (e.startChildWorkflowExecutionInitiatedEventAttributes) max = Math.max(max, ++now);
    if (
      e.childWorkflowExecutionCompletedEventAttributes ||
      e.childWorkflowExecutionFailedEventAttributes ||
      e.childWorkflowExecutionCanceledEventAttributes ||
      e.childWorkflowExecutionTimedOutEventAttributes ||
      e.childWorkflowExecutionTerminatedEventAttributes ||
      e.startChildWorkflowExecutionFailedEventAttributes
    )
      now--;
  }
  return max;
}

describe('evaluation runs', () => {
  it('runs cases two at a time as their own traced agent runs, with statistics equal to a hand computation', async () => {
    const client = runs();
    const { workflowId: evalId, traceId: evalTrace } = await client.startEvalRun({
      projectId: 'evals',
      agentId: 'support',
      tools: ['lookupOrder'],
      dataset: { name: 'orders', cases: cases(5) },
      scorers: SCORERS,
      concurrency: 2,
    });
    const seen = await until(
      'the eval to finish',
      async () => {
        const p = await client.getEvalProgress(evalId).catch(() => undefined);
        return p && p.completed === p.total ? p : undefined;
      },
      60_000,
    );
    expect(seen.total).toBe(5);
    const results = await client.getEvalResults(evalId, { timeoutSeconds: 30 });
    expect(await maxInFlight(evalId)).toBe(2);

    // Statistics, by hand from the case scores.
    expect(results).toMatchObject({ datasetName: 'orders', total: 5, passed: 0, failed: 5 }); // the cost bound is too tight
    for (const stats of results.scorers) {
      const scores = results.cases.map((c) => c.scores.find((s) => s.name === stats.name)!.score);
      expect(stats.average).toBeCloseTo(scores.reduce((a, b) => a + b, 0) / scores.length, 12);
      expect(stats.min).toBe(Math.min(...scores));
      expect(stats.max).toBe(Math.max(...scores));
      expect(stats.count).toBe(5);
    }
    const byName = Object.fromEntries(results.scorers.map((s) => [s.name, s]));
    expect(byName.contains!.average).toBe(1);
    expect(byName.mentions_order!.passed).toBe(5);
    expect(byName.cost!.average).toBe(0);
    const caseMeans = results.cases.map((c) => c.scores.reduce((a, s) => a + s.score, 0) / c.scores.length);
    expect(results.overallScore).toBeCloseTo(caseMeans.reduce((a, b) => a + b, 0) / 5, 12);
    expect(results.usage.cases.costUsd).toBeCloseTo(
      results.cases.reduce((a, c) => a + (c.costUsd ?? 0), 0),
      12,
    );

    // Traces: the eval's own (with the judging LLM calls), and one per case, linked, with its scores.
    const spans = await suite.h.spans();
    const evalSpans = spans.filter((s) => s.spanContext().traceId === evalTrace);
    const judgeLlms = evalSpans.filter((s) => s.attributes['openinference.span.kind'] === 'LLM');
    expect(judgeLlms).toHaveLength(5);
    const judged = judgeLlms.reduce((a, s) => a + Number(s.attributes['llm.cost.total']), 0);
    expect(results.usage.judging.costUsd).toBeCloseTo(judged, 12);
    expect(results.usage.judging.llmCalls).toBe(5);
    for (const c of results.cases) {
      const run = spans.find(
        (s) =>
          s.name === 'RunWorkflow:agentRunWorkflow' && s.attributes['temporal.workflow.id'] === c.workflowId,
      )!;
      expect(run, c.id).toBeDefined();
      const caseTrace = run.spanContext().traceId;
      expect(caseTrace).not.toBe(evalTrace);
      const starter = evalSpans.find(
        (s) =>
          s.name === 'StartChildWorkflow:agentRunWorkflow' &&
          s.attributes['temporal.child_workflow.id'] === c.workflowId,
      )!;
      expect(run.links.map((l) => l.context.spanId)).toEqual([starter.spanContext().spanId]);
      const evaluations = spans.filter(
        (s) =>
          s.spanContext().traceId === caseTrace && s.attributes['openinference.span.kind'] === 'EVALUATOR',
      );
      expect(evaluations.map((s) => s.attributes['eval.name']).sort()).toEqual(
        SCORERS.map((s) => s.name ?? s.type).sort(),
      );
      for (const e of evaluations) expect(parentOf(spans, e)).toBe(run);
      expect(
        spans.filter((s) => s.spanContext().traceId === caseTrace && s.name === 'agent EvalJudge'),
      ).toEqual([]);
      expect(run.attributes['rollup.llm.cost.total']).toBeCloseTo(c.costUsd!, 12);
    }

    // Scores at the ingest: one per case and scorer, Basic auth, ids that make a retry replace.
    const pushed = await until('all scores pushed', () => {
      const got = ingest.requests.filter((r) => r.path === '/api/public/scores');
      return got.length >= 25 ? got : undefined;
    });
    expect(pushed).toHaveLength(25);
    const bodies = pushed.map(
      (r) => JSON.parse(r.body.toString()) as { id: string; traceId: string; name: string; value: number },
    );
    expect(new Set(bodies.map((b) => b.id)).size).toBe(25);
    for (const r of pushed)
      expect(r.headers.authorization).toBe(`Basic ${Buffer.from(`pk-eval:${SECRET}`).toString('base64')}`);
    const first = results.cases[0]!;
    const firstRun = spans.find(
      (s) =>
        s.name === 'RunWorkflow:agentRunWorkflow' &&
        s.attributes['temporal.workflow.id'] === first.workflowId,
    )!;
    const firstScores = bodies.filter((b) => b.traceId === firstRun.spanContext().traceId);
    expect(firstScores.map((b) => [b.name, b.value]).sort()).toEqual(
      first.scores.map((s) => [s.name, s.score]).sort(),
    );
  });

  it('counts a case whose run fails as a failed case, not a failed eval', async () => {
    suite.model.setFaults([{ kind: 'status', status: 400, times: 1 }]);
    const client = runs();
    const { workflowId } = await client.startEvalRun({
      projectId: 'evals',
      agentId: 'support',
      tools: ['lookupOrder'],
      dataset: cases(3),
      scorers: [{ type: 'contains', value: 'order' }],
      concurrency: 1,
      pushScores: false,
    });
    const results = await client.getEvalResults(workflowId, { timeoutSeconds: 60 });
    expect(results.total).toBe(3);
    const failedRun = results.cases.filter((c) => c.error);
    expect(failedRun).toHaveLength(1);
    expect(failedRun[0]).toMatchObject({ status: 'failed', score: 0, scores: [] });
    expect(failedRun[0]!.error).toMatch(/400/);
    expect(results.passed).toBe(2);
    expect(results.overallScore).toBeCloseTo(2 / 3, 12);
  });

  it('retries a failed score push and never fails the eval for it: a dead backend is counted, not thrown', async () => {
    const taskQueue = `${suite.taskQueue}-dead-backend`;
    const worker = await suite.h.worker({
      taskQueue,
      workflowsPath: SERVICE_WORKFLOWS_PATH,
      activities: createServiceActivities({
        openai: new OpenAI({ baseURL: suite.model.url, apiKey: 'offline-test-key' }),
        // Nothing listens on port 1: every push fails, after its retries.
        env: {
          INTERACTIVEAI_PUBLIC_KEY: 'pk',
          INTERACTIVEAI_SECRET_KEY: SECRET,
          INTERACTIVEAI_HOST: 'http://127.0.0.1:1',
        },
      }),
    });
    const client = new AgentRunClient({ client: suite.h.client, taskQueue });
    const results = await worker.runUntil(async () => {
      const { workflowId } = await client.startEvalRun({
        projectId: 'evals',
        agentId: 'support',
        tools: ['lookupOrder'],
        dataset: cases(2),
        scorers: [{ type: 'contains', value: 'order' }],
        concurrency: 2,
      });
      return client.getEvalResults(workflowId, { timeoutSeconds: 60 });
    });
    expect(results).toMatchObject({ total: 2, passed: 2, pushFailures: 2 });
    const history = await suite.h.client.workflow
      .getHandle(results.cases[0]!.workflowId.replace(/-order-1$/, ''))
      .fetchHistory();
    // History keeps the last attempt of each push: the fourth, then the failure.
    const events = history.events ?? [];
    expect(events.filter((e) => e.activityTaskFailedEventAttributes)).toHaveLength(2);
    expect(
      events
        .filter((e) => e.activityTaskStartedEventAttributes)
        .map((e) => e.activityTaskStartedEventAttributes!.attempt)
        .slice(-2),
    ).toEqual([4, 4]);
  });

  it('refuses a bad eval request naming the field, and cancels a running eval with its case runs', async () => {
    const client = runs();
    const bad = (o: object) =>
      client
        .startEvalRun({
          projectId: 'p',
          agentId: 'support',
          dataset: cases(1),
          scorers: SCORERS,
          ...o,
        } as never)
        .catch((e: unknown) => e);
    expect(await bad({ dataset: [] })).toMatchObject({ field: 'dataset' });
    expect(await bad({ scorers: [{ type: 'vibes' }] })).toMatchObject({ field: 'scorers[0].type' });
    expect(await bad({ scorers: [{ type: 'latency', maxMs: 0 }] })).toMatchObject({
      field: 'scorers[0].maxMs',
    });
    expect(await bad({ concurrency: 0 })).toMatchObject({ field: 'concurrency' });

    suite.model.setFaults([{ kind: 'hold', times: 2 }]);
    const { workflowId } = await client.startEvalRun({
      projectId: 'evals',
      agentId: 'support',
      tools: ['lookupOrder'],
      dataset: cases(4),
      scorers: SCORERS,
      concurrency: 2,
    });
    await until('two case runs in flight', () => suite.model.stats().held >= 2);
    await client.cancelEvalRun(workflowId);
    const outcome = await client.getEvalResults(workflowId, { timeoutSeconds: 30 }).catch((e: unknown) => e);
    expect(String(outcome)).toMatch(/cancel/i);
    const children = await until('case runs cancelled', async () => {
      const list = [];
      for await (const w of suite.h.client.workflow.list({
        query: `WorkflowId STARTS_WITH '${workflowId}-'`,
      }))
        list.push(w.status.name);
      return list.length === 2 && list.every((s) => s === 'CANCELLED') ? list : undefined;
    });
    expect(children).toEqual(['CANCELLED', 'CANCELLED']);
  });
});

export type { ReadableSpan };
