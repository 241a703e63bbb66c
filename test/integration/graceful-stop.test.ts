// Issue 6: a worker process asked to stop (SIGTERM) right after a run
// completes must deliver every span it made before it exits, even when the
// collector is slow and spans are still queued or in flight.
//
// What examples/research/worker.ts does on SIGTERM: setupTelemetry (called
// first) installed a SIGTERM listener (src/telemetry/shutdown-hooks.ts); the
// Temporal Runtime, created by NativeConnection.connect, installed its own.
// With two listeners ours only starts a flush; the Runtime's begins a graceful
// worker shutdown, `worker.run()` resolves, main() closes the connection and
// awaits `telemetry.shutdown()`, which drains the retry buffer (up to its 10 s
// flush timeout) before the process ends on its own with code 0.
import type { ReadableSpan } from '@opentelemetry/sdk-trace-base';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { type OfflineModelServer, startOfflineModel } from '../../offline-model/index.js';
import { progressQuery, type ResearchReport } from '../../examples/research/shared.js';
import { assertResearchTrace } from '../support/contract.js';
import { bundleResearchWorkflows, workflowSpansOf } from '../support/crash-run.js';
import { type DelayProxy, startDelayProxy } from '../support/delay-proxy.js';
import { createHarness, type Harness } from '../support/harness.js';
import { type OtlpReceiver, startOtlpReceiver } from '../../devtools/otlp-receiver.js';
import { until } from '../support/poll.js';
import { activitiesOf, asReadableSpans, receivedDuplicates, serviceOf } from '../support/received-trace.js';
import { uniqueQueue } from '../support/research.js';
import { spawnResearchWorker, type WorkerProcess } from '../support/worker-process.js';

// The scenario can be varied from the environment to probe the drain budget,
// e.g. GRACEFUL_STOP_SLOW_FROM=start GRACEFUL_STOP_SLOW_MS=3000 (see the
// RetryingExporter notes in the test report); the defaults keep the run short.
/** How long the slow collector holds each export request. */
const SLOW_MS = Number(process.env.GRACEFUL_STOP_SLOW_MS ?? 2_000);
/** When the collector turns slow: from the start of the run, or once the writer runs (default). */
const SLOW_FROM = process.env.GRACEFUL_STOP_SLOW_FROM ?? 'writing';
/** Offline model latency per call. */
const MODEL_LATENCY_MS = Number(process.env.GRACEFUL_STOP_LATENCY_MS ?? 200);

let h: Harness;
let model: OfflineModelServer;
let receiver: OtlpReceiver;
let proxy: DelayProxy;
let worker: WorkerProcess | undefined;

beforeAll(async () => {
  [model, receiver] = await Promise.all([
    startOfflineModel({ latencyMs: MODEL_LATENCY_MS }),
    startOtlpReceiver(),
  ]);
  proxy = await startDelayProxy(receiver.url);
  h = await createHarness({ OTEL_SERVICE_NAME: 'graceful-stop-client' });
});
afterAll(async () => {
  await worker?.stop('SIGKILL');
  await h?.close();
  await Promise.all([model?.close(), proxy?.close(), receiver?.close()]);
});

describe('worker stopped with SIGTERM right after a run', () => {
  it('exits with code 0 after delivering every span it made, even through a slow collector', async () => {
    const taskQueue = uniqueQueue('graceful');
    worker = spawnResearchWorker({
      TEMPORAL_ADDRESS: h.address,
      TEMPORAL_TASK_QUEUE: taskQueue,
      OPENAI_BASE_URL: model.url,
      OPENAI_API_KEY: 'offline-test-key',
      OTEL_EXPORTER_OTLP_ENDPOINT: proxy.url,
      OTEL_EXPORTER_OTLP_PROTOCOL: 'http/json',
      OTEL_SERVICE_NAME: 'research-worker',
    });
    await worker.ready;

    const workflowId = `graceful-${taskQueue}`;
    const handle = await h.client.workflow.start('ResearchWorkflow', {
      taskQueue,
      workflowId,
      args: [{ query: 'Does a stopping worker keep its spans?' }],
    });
    if (SLOW_FROM === 'start') proxy.setDelay(SLOW_MS);
    else
      await until(
        'the writer stage',
        async () => (await handle.query(progressQuery))?.stage === 'writing',
        30_000,
        20,
      ).then(() => proxy.setDelay(SLOW_MS));
    const report = (await handle.result()) as ResearchReport;
    const exited = worker.stop('SIGTERM');
    const sigtermAt = Date.now();
    const receivedAtSigterm = receiver.spans().length;
    const inFlightAtSigterm = proxy.inFlight();

    const how = await exited;
    const stopMs = Date.now() - sigtermAt;
    process.stdout.write(
      `graceful-stop: at SIGTERM ${receivedAtSigterm} spans received, ${inFlightAtSigterm} request(s) in flight; ` +
        `exit after ${stopMs} ms; ${receiver.spans().length} spans received in all\n`,
    );
    expect(report.status).toBe('completed');
    expect(how, worker.output()).toBe('code 0');
    expect(worker.output()).not.toMatch(/undelivered|dropped|export to otlp failed/);

    // The scenario is real: spans were still on their way when the signal came.
    expect(inFlightAtSigterm + (receiver.spans().length - receivedAtSigterm)).toBeGreaterThan(0);
    expect(receiver.spans().length).toBeGreaterThan(receivedAtSigterm);

    // Everything the worker made: the whole contract trace, with the client's StartWorkflow span.
    const start = h.memory
      .getFinishedSpans()
      .find(
        (s) =>
          s.name === 'StartWorkflow:ResearchWorkflow' && s.attributes['temporal.workflow.id'] === workflowId,
      );
    expect(start).toBeDefined();
    const traceId = start!.spanContext().traceId;
    const fromWorker = receiver.spans().filter((s) => serviceOf(s) === 'research-worker');
    expect(fromWorker.filter((s) => s.traceId !== traceId).map((s) => s.name)).toEqual([]);
    expect(receivedDuplicates(fromWorker)).toEqual([]);
    const trace: ReadableSpan[] = [start!, ...asReadableSpans(fromWorker)];
    assertResearchTrace(trace, report.searches.length);

    // Every workflow span the history makes (replayed with deterministic ids) arrived.
    const oracle = await workflowSpansOf(handle, await bundleResearchWorkflows());
    const ids = new Set(fromWorker.map((s) => s.spanId));
    expect(oracle.length).toBeGreaterThan(10);
    expect(oracle.filter((s) => !ids.has(s.spanId)).map((s) => s.name)).toEqual([]);
    // And every activity attempt's host spans: one RunActivity each, one LLM span per model call.
    const attempts = activitiesOf(await handle.fetchHistory());
    for (const type of ['invokeModel', 'webSearch']) {
      const started = attempts.filter((a) => a.type === type).reduce((n, a) => n + a.attempts, 0);
      expect(
        fromWorker.filter((s) => s.name === `RunActivity:${type}`),
        type,
      ).toHaveLength(started);
    }
    const modelCalls = attempts.filter((a) => a.type === 'invokeModel').reduce((n, a) => n + a.attempts, 0);
    expect(fromWorker.filter((s) => s.attributes['openinference.span.kind'] === 'LLM')).toHaveLength(
      modelCalls,
    );
  });
});
