// Metrics next to traces, through the real collector's metrics pipeline to its
// Prometheus endpoint: after one research run, the GenAI token and cost series
// equal the trace's rollups, and Temporal's own SDK metrics are there too.
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { type CollectorServer, startCollector } from '../../devtools/collector.js';
import { type JaegerServer, startJaeger } from '../../devtools/jaeger.js';
import { type OfflineModelServer, startOfflineModel } from '../../offline-model/index.js';
import { temporalRuntimeTelemetry } from '../../src/index.js';
import { createHarness, type Harness } from '../support/harness.js';
import { type IngestReceiver, startIngestReceiver } from '../support/ingest-receiver.js';
import { until } from '../support/poll.js';
import {
  offlineResearchActivities,
  researchWorkflowsPath,
  runTraceInMemory,
  uniqueQueue,
} from '../support/research.js';

let jaeger: JaegerServer;
let ingest: IngestReceiver;
let collector: CollectorServer;
let model: OfflineModelServer;
let h: Harness;

beforeAll(async () => {
  jaeger = await startJaeger();
  ingest = await startIngestReceiver();
  collector = await startCollector({
    jaegerOtlpEndpoint: jaeger.otlpGrpcEndpoint,
    ingestEndpoint: ingest.url,
    ingestAuth: { publicKey: 'pk-metrics', secretKey: 'sk-metrics' },
  });
  model = await startOfflineModel();
  const metricsEnv = {
    OTEL_METRICS_EXPORTER: 'otlp',
    OTEL_EXPORTER_OTLP_METRICS_ENDPOINT: `${collector.otlpHttpUrl}/v1/metrics`,
    OTEL_METRIC_EXPORT_INTERVAL: '1000',
  };
  h = await createHarness(metricsEnv, { runtimeTelemetry: temporalRuntimeTelemetry(metricsEnv) });
}, 120_000);

afterAll(async () => {
  await h?.close();
  await model?.close();
  await collector?.close();
  await ingest?.close();
  await jaeger?.close();
});

/** Prometheus text format → samples (name, labels, value). */
function parse(text: string) {
  return text
    .split('\n')
    .filter((line) => line && !line.startsWith('#'))
    .map((line) => {
      const m = /^([a-zA-Z_:][a-zA-Z0-9_:]*)(?:\{(.*)\})? (\S+)/.exec(line)!;
      const labels = Object.fromEntries(
        [...(m[2] ?? '').matchAll(/(\w+)="((?:[^"\\]|\\.)*)"/g)].map((l) => [l[1], l[2]]),
      );
      return { name: m[1], labels, value: Number(m[3]) };
    });
}

describe('GenAI and Temporal metrics through the collector to Prometheus', () => {
  it('token and cost series equal the trace rollups of a research run; Temporal SDK metrics arrive too', async () => {
    const taskQueue = uniqueQueue('metrics');
    const worker = await h.worker({
      taskQueue,
      workflowsPath: researchWorkflowsPath,
      activities: offlineResearchActivities(model.url),
    });
    const workflowId = `metrics-${taskQueue}`;
    await worker.runUntil(
      h.client.workflow.execute('ResearchWorkflow', {
        taskQueue,
        workflowId,
        args: [{ query: 'How do durable agents stay observable?' }],
      }),
    );
    const run = (await runTraceInMemory(h, workflowId)).spans.find(
      (s) => s.name === 'RunWorkflow:ResearchWorkflow',
    )!;
    const want = {
      input: run.attributes['rollup.llm.token_count.prompt'] as number,
      output: run.attributes['rollup.llm.token_count.completion'] as number,
      cost: run.attributes['rollup.llm.cost.total'] as number,
      calls: run.attributes['rollup.llm.calls'] as number,
    };
    expect(want.calls).toBeGreaterThanOrEqual(12);
    await h.telemetry.forceFlush(); // spans and metrics

    const research = (s: { labels: Record<string, string> }) =>
      s.labels.temporal_workflow_type === 'ResearchWorkflow';
    const samples = await until(
      'the run’s token and cost series in Prometheus',
      async () => {
        const all = parse(await (await fetch(collector.prometheusUrl)).text());
        const count = all.filter(
          (s) =>
            s.name === 'gen_ai_client_token_usage_count' &&
            research(s) &&
            s.labels.gen_ai_token_type === 'input',
        );
        const calls = count.reduce((sum, s) => sum + s.value, 0);
        const temporal = all.some((s) => s.name.startsWith('temporal_activity_schedule_to_start_latency'));
        return calls === want.calls && temporal ? all : undefined;
      },
      30_000,
    );
    const sum = (name: string, match: (s: (typeof samples)[number]) => boolean) =>
      samples
        .filter((s) => s.name === name && research(s) && match(s))
        .reduce((total, s) => total + s.value, 0);
    expect(sum('gen_ai_client_token_usage_sum', (s) => s.labels.gen_ai_token_type === 'input')).toBe(
      want.input,
    );
    expect(sum('gen_ai_client_token_usage_sum', (s) => s.labels.gen_ai_token_type === 'output')).toBe(
      want.output,
    );
    expect(sum('gen_ai_client_cost_total', () => true)).toBeCloseTo(want.cost, 9);
    expect(sum('gen_ai_client_operation_duration_seconds_count', () => true)).toBe(want.calls);
    // Broken down by agent: the planner made one call.
    expect(
      samples
        .filter(
          (s) =>
            s.name === 'gen_ai_client_token_usage_count' &&
            s.labels.gen_ai_agent_name === 'PlannerAgent' &&
            s.labels.gen_ai_token_type === 'input',
        )
        .reduce((t, s) => t + s.value, 0),
    ).toBe(1);
    // Temporal's SDK metrics, from its core, through the same collector.
    expect(samples.filter((s) => s.name.startsWith('temporal_')).map((s) => s.name)).toEqual(
      expect.arrayContaining([expect.stringMatching(/^temporal_activity_schedule_to_start_latency/)]),
    );
  });
});
