// An eval's scores where Phoenix users look: the case runs exported over OTLP
// to a real Arize Phoenix, the scores pushed as span annotations, and read
// back through Phoenix's REST API on the right spans.
import OpenAI from 'openai';
import { afterAll, beforeAll, expect, it } from 'vitest';
import { getPhoenixSpans, type PhoenixServer, startPhoenix } from '../../devtools/phoenix.js';
import { type OfflineModelServer, startOfflineModel } from '../../offline-model/index.js';
import { createServiceActivities } from '../../examples/service/activities.js';
import { SERVICE_WORKFLOWS_PATH } from '../../examples/service/worker.js';
import { AgentRunClient } from '../../src/runs.js';
import { createHarness, type Harness } from '../support/harness.js';
import { until } from '../support/poll.js';
import { uniqueQueue } from '../support/research.js';

const SERVICE = 'evals-phoenix-e2e';
let phoenix: PhoenixServer;
let model: OfflineModelServer;
let h: Harness;

beforeAll(async () => {
  // Never skipped: a Phoenix that cannot be had fails this file with the reason.
  phoenix = await startPhoenix();
  model = await startOfflineModel();
  h = await createHarness({
    OTEL_TRACES_EXPORTER: 'otlp',
    OTEL_EXPORTER_OTLP_TRACES_ENDPOINT: phoenix.otlpHttpUrl,
    OTEL_EXPORTER_OTLP_TRACES_PROTOCOL: 'http/protobuf',
    OTEL_SERVICE_NAME: SERVICE,
  });
}, 1_200_000);

afterAll(async () => {
  await h?.close();
  await model?.close();
  await phoenix?.close();
});

it('pushes each case’s scores to Phoenix as annotations on the case run’s root span', async () => {
  const taskQueue = uniqueQueue('evals-phoenix');
  const worker = await h.worker({
    taskQueue,
    workflowsPath: SERVICE_WORKFLOWS_PATH,
    activities: createServiceActivities({
      openai: new OpenAI({ baseURL: model.url, apiKey: 'offline-test-key' }),
      env: { PHOENIX_COLLECTOR_ENDPOINT: phoenix.baseUrl },
    }),
  });
  const runs = new AgentRunClient({ client: h.client, taskQueue });
  const results = await worker.runUntil(async () => {
    const { workflowId } = await runs.startEvalRun({
      projectId: 'evals',
      agentId: 'support',
      tools: ['lookupOrder'],
      dataset: [
        { id: 'a', input: 'Look up order 1.', expected: 'order-1' },
        { id: 'b', input: 'Look up order 2.', expected: 'order-9' },
      ],
      scorers: [
        { type: 'contains', name: 'mentions_order' },
        { type: 'latency', maxMs: 60_000 },
      ],
      concurrency: 2,
    });
    return runs.getEvalResults(workflowId, { timeoutSeconds: 120 });
  });
  expect(results.pushFailures).toBe(0);
  await h.telemetry.forceFlush();

  const spans = await h.spans();
  for (const c of results.cases) {
    const run = spans.find(
      (s) =>
        s.name === 'RunWorkflow:agentRunWorkflow' && s.attributes['temporal.workflow.id'] === c.workflowId,
    )!;
    const spanId = run.spanContext().spanId;
    await getPhoenixSpans(phoenix.baseUrl, SERVICE, run.spanContext().traceId, {
      minSpans: 1,
      timeoutMs: 60_000,
    });
    const annotations = await until(
      `annotations of case ${c.id}`,
      async () => {
        const url = new URL(`/v1/projects/${SERVICE}/span_annotations`, phoenix.baseUrl);
        url.searchParams.set('span_ids', spanId);
        const res = await fetch(url);
        if (!res.ok) return undefined;
        const body = (await res.json()) as {
          data: {
            span_id: string;
            name: string;
            annotator_kind: string;
            result: { score: number; label: string; explanation: string };
          }[];
        };
        return body.data.length >= 2 ? body.data : undefined;
      },
      60_000,
    );
    expect(annotations.map((a) => a.span_id)).toEqual([spanId, spanId]);
    const byName = Object.fromEntries(annotations.map((a) => [a.name, a]));
    for (const score of c.scores) {
      expect(byName[score.name]!.result).toMatchObject({
        score: score.score,
        label: score.passed ? 'pass' : 'fail',
      });
      expect(byName[score.name]!.annotator_kind).toBe('CODE');
    }
  }
  expect(results.cases.map((c) => c.scores.find((s) => s.name === 'mentions_order')!.score)).toEqual([1, 0]);
});
