// Runs traced live by Temporal's own OpenTelemetry interceptors
// (@temporalio/interceptors-opentelemetry's OpenTelemetryPlugin, on the
// OpenTelemetry JS 1.x SDK it is built for, exporting OTLP to a receiver):
// their traces hold Temporal's spans only. `workerTracedRuns: 'enrich'` adds
// the LLM spans of the model calls into those traces, under each call's
// StartActivity span; by default such runs are skipped, and runs this plugin
// traced are skipped either way.
import { OpenTelemetryPlugin } from '@temporalio/interceptors-opentelemetry';
import { Client } from '@temporalio/client';
import { Worker } from '@temporalio/worker';
import { OTLPTraceExporter } from 'otel1-exporter-trace-otlp-proto';
import { Resource } from 'otel1-resources';
import { BasicTracerProvider, SimpleSpanProcessor } from 'otel1-sdk-trace-base';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { type OtlpReceiver, startOtlpReceiver } from '../../devtools/otlp-receiver.js';
import { type OfflineModelServer, startOfflineModel } from '../../offline-model/index.js';
import { HistoryExporter, type HistoryExporterOptions } from '../../src/history/history-exporter.js';
import { adjustWebpackConfig } from '../../src/worker/bundler-config.js';
import { resolveSpanTarget } from '../../src/worker/span-target.js';
import { createHarness, type Harness } from '../support/harness.js';
import { offlineResearchActivities, researchWorkflowsPath, uniqueQueue } from '../support/research.js';

let h: Harness;
let model: OfflineModelServer;
let receiver: OtlpReceiver;
let provider: BasicTracerProvider;
let plain: Client;
const stockQueue = uniqueQueue('history-stock-otel');
const pluginQueue = uniqueQueue('history-plugin');
const workers: { worker: Worker; running: Promise<void> }[] = [];

beforeAll(async () => {
  model = await startOfflineModel();
  receiver = await startOtlpReceiver();
  // No OpenAI instrumentation: the stock worker's model calls must leave no LLM span of their own.
  h = await createHarness({}, { instrumentOpenAI: false });
  plain = new Client({ connection: h.client.connection });
  // Temporal's interceptors as their docs wire them, with a provider of their own (not registered).
  const resource = new Resource({ 'service.name': 'stock-interceptors' });
  const processor = new SimpleSpanProcessor(new OTLPTraceExporter({ url: receiver.tracesUrl }));
  provider = new BasicTracerProvider({ resource, spanProcessors: [processor] });
  type PluginOptions = ConstructorParameters<typeof OpenTelemetryPlugin>[0];
  const plugin = new OpenTelemetryPlugin({
    resource: resource as unknown as PluginOptions['resource'],
    spanProcessor: processor as unknown as PluginOptions['spanProcessor'],
    tracer: provider.getTracer('stock-interceptors') as unknown as PluginOptions['tracer'],
  });
  for (const worker of [
    await Worker.create({
      connection: h.nativeConnection,
      taskQueue: stockQueue,
      workflowsPath: researchWorkflowsPath,
      activities: offlineResearchActivities(model.url) as object,
      plugins: [plugin],
      // The research workflow's own span sink, unused without this package's plugin.
      sinks: { agentTracing: { exportSpans: { fn: () => undefined, callDuringReplay: false } } },
      bundlerOptions: { webpackConfigHook: (config) => adjustWebpackConfig(config) },
    }),
    await h.worker({
      taskQueue: pluginQueue,
      workflowsPath: researchWorkflowsPath,
      activities: offlineResearchActivities(model.url),
    }),
  ])
    workers.push({ worker, running: worker.run() });
});

afterAll(async () => {
  for (const { worker } of workers) worker.shutdown();
  await Promise.all(workers.map((w) => w.running));
  await provider?.shutdown();
  await h?.close();
  await model?.close();
  await receiver?.close();
});

const exporter = (options: Partial<HistoryExporterOptions> = {}) =>
  new HistoryExporter({ client: plain, target: resolveSpanTarget({ telemetry: h.telemetry }), ...options });
const run = (taskQueue: string, workflowId: string) =>
  plain.workflow.execute('ResearchWorkflow', {
    taskQueue,
    workflowId,
    args: [{ query: 'How do durable agents stay observable?' }],
  });

describe('runs traced live by Temporal’s own OpenTelemetry interceptors', () => {
  it('are skipped by default; with enrich, their model calls become LLM spans under the live StartActivity spans', async () => {
    const workflowId = `stock-otel-${stockQueue}`;
    await run(stockQueue, workflowId);
    await provider.forceFlush();
    const live = receiver.spans().filter((s) => s.attributes['temporalWorkflowId'] === workflowId);
    const starts = receiver
      .spans()
      .filter((s) => s.name === 'StartActivity:invokeModel' && live.some((l) => l.traceId === s.traceId));
    expect(starts).toHaveLength(12);
    const traceId = starts[0].traceId;
    expect(receiver.spans().filter((s) => s.traceId === traceId && /LLM|Responses/.test(s.name))).toEqual([]);

    expect((await exporter().exportRun({ workflowId })).skipped).toEqual({ 'traced live by its worker': 1 });

    const summary = await exporter({ workerTracedRuns: 'enrich' }).exportRun({ workflowId });
    expect(summary).toMatchObject({ exported: 1, llmCalls: 12, failed: [], skipped: {} });
    expect(Object.values(summary.traces)).toEqual([traceId]);
    const added = (await h.spans()).filter((s) => s.spanContext().traceId === traceId);
    // Only LLM spans: Temporal's spans are in the trace already.
    expect(new Set(added.map((s) => s.name))).toEqual(new Set(['OpenAI Responses']));
    expect(added).toHaveLength(12);
    for (const llm of added) {
      expect(llm.attributes['openinference.span.kind']).toBe('LLM');
      expect(llm.attributes['llm.token_count.total']).toBeGreaterThan(0);
      expect(llm.attributes['llm.cost.total']).toBeGreaterThan(0);
      expect(llm.parentSpanContext?.isRemote).toBe(true);
    }
    // One under each live StartActivity:invokeModel span.
    expect(added.map((s) => s.parentSpanContext?.spanId).sort()).toEqual(starts.map((s) => s.spanId).sort());
    expect(summary.tokens).toBe(added.reduce((n, s) => n + Number(s.attributes['llm.token_count.total']), 0));

    // Again: the same ids, so a backend keeps one of each.
    const again = await exporter({ workerTracedRuns: 'enrich' }).exportRun({ workflowId });
    expect(again.exported).toBe(1);
    const ids = (await h.spans())
      .filter((s) => s.spanContext().traceId === traceId)
      .map((s) => s.spanContext().spanId);
    expect(new Set(ids).size).toBe(12);
  });

  it('a run this package’s plugin traced is skipped even with enrich: its trace is complete', async () => {
    const workflowId = `plugin-${pluginQueue}`;
    await run(pluginQueue, workflowId);
    const summary = await exporter({ workerTracedRuns: 'enrich' }).exportRun({ workflowId });
    expect(summary).toMatchObject({ exported: 0, skipped: { 'traced live by its worker': 1 } });
  });
});
