// Issue 6: the collector goes down in the middle of a research run and stays
// down (at least 30 s) until the run has ended, then comes back. Tracing must
// cost the run nothing (no failed workflow or activity, and the run ends while
// its spans still wait for the collector: it never waited on an export), lose
// nothing (every span arrives after recovery, none dropped) and hide nothing
// (the failure and the recovery are reported on stderr). The test decides when
// the outage ends, so every check is a condition, not a wall-clock margin.
import type { ReadableSpan } from '@opentelemetry/sdk-trace-base';
import { afterAll, afterEach, beforeAll, describe, expect, it } from 'vitest';
import { progressQuery, type ResearchReport } from '../../examples/research/shared.js';
import { assertResearchTrace } from '../support/contract.js';
import { type OtlpReceiver, startOtlpReceiver } from '../../devtools/otlp-receiver.js';
import { until } from '../support/poll.js';
import { activitiesOf } from '../support/received-trace.js';
import { runTraceInMemory } from '../support/research.js';
import { useResearchSuite } from '../support/research-suite.js';
import { hasAll, inTrace, receivedShapesOf, shapesOf } from '../support/span-sets.js';

/** Per model call: four calls in sequence (planner, search ×2, writer) make a run of about 13 s. */
const MODEL_LATENCY_MS = 3_000;
/** The shortest outage: longer than the retry buffer's first few backoffs. */
const MIN_OUTAGE_MS = 30_000;

let receiver: OtlpReceiver;
beforeAll(async () => {
  receiver = await startOtlpReceiver();
});
afterAll(() => receiver?.close());
const suite = useResearchSuite('outage', {
  model: { latencyMs: MODEL_LATENCY_MS },
  env: () => ({
    OTEL_TRACES_EXPORTER: 'otlp',
    OTEL_EXPORTER_OTLP_ENDPOINT: receiver.url,
    OTEL_SERVICE_NAME: 'backend-outage',
  }),
});

// stderr of this process during the test, passed through.
let stderr = '';
const realWrite = process.stderr.write.bind(process.stderr);
afterEach(() => {
  process.stderr.write = realWrite;
});
function captureStderr(): void {
  process.stderr.write = ((chunk: string | Uint8Array, ...rest: never[]) => {
    stderr += typeof chunk === 'string' ? chunk : Buffer.from(chunk).toString('utf8');
    return realWrite(chunk, ...rest);
  }) as typeof process.stderr.write;
}

let seq = 0;
/** One run; `duringRun` is called once the planner is done and the searches run. */
async function timedRun(duringRun: () => void = () => {}) {
  const workflowId = `outage-${++seq}-${suite.taskQueue}`;
  const startedAt = Date.now();
  const handle = await suite.h.client.workflow.start('ResearchWorkflow', {
    taskQueue: suite.taskQueue,
    workflowId,
    args: [{ query: 'Does a collector outage slow durable agents down?' }],
  });
  await until(
    'searching stage',
    async () => (await handle.query(progressQuery))?.stage === 'searching',
    30_000,
    100,
  );
  duringRun();
  const report: ResearchReport = await handle.result();
  const endedAt = Date.now();
  const { traceId, spans } = await runTraceInMemory(suite.h, workflowId);
  return { report, handle, startedAt, endedAt, durationMs: endedAt - startedAt, traceId, spans };
}

const endMs = (s: ReadableSpan) => s.endTime[0] * 1000 + s.endTime[1] / 1e6;
const otlpStats = () => suite.h.telemetry.exportStats().find((s) => s.destination === 'otlp')!;

describe('collector down from the middle of a run until at least 30 s after', () => {
  it('the run neither fails nor waits on the collector, every span arrives after recovery, failures are reported', async () => {
    captureStderr();
    const baseline = await timedRun();
    expect(baseline.report.status).toBe('completed');
    await receiver.waitFor((got) => hasAll(got, baseline.spans));
    await until('the baseline acknowledged', () => otlpStats().pendingSpans === 0, 5_000);
    expect(otlpStats()).toMatchObject({ failedSpans: 0, droppedSpans: 0, pendingSpans: 0 });
    expect(stderr).not.toMatch(/\[telemetry\]/);

    let outageStart = 0;
    const outage = await timedRun(() => {
      outageStart = Date.now();
      receiver.setFailing(503);
    });
    // Read at once: the run has ended and the collector is still down.
    const pendingAtRunEnd = otlpStats().pendingSpans;
    const throughAtRunEnd = new Set(receiver.spans().map((s) => s.spanId));
    process.stdout.write(
      `backend-outage: baseline run ${baseline.durationMs} ms, run during the outage ${outage.durationMs} ms\n`,
    );

    // The outage began after the run started and while it ran; spans ended during it.
    expect(outageStart).toBeGreaterThan(outage.startedAt);
    expect(outageStart).toBeLessThan(outage.endedAt);
    const endedDuringOutage = outage.spans.filter((s) => endMs(s) >= outageStart);
    expect(endedDuringOutage.length).toBeGreaterThan(10);

    // Nothing failed, and the run did not wait for the collector: it ended with its spans still buffered.
    expect(outage.report.status).toBe('completed');
    assertResearchTrace(outage.spans, outage.report.searches.length);
    expect(outage.spans.filter((s) => s.status.code === 2).map((s) => s.name)).toEqual([]);
    const attempts = outage.spans
      .filter((s) => s.name.startsWith('RunActivity:'))
      .map((s) => s.attributes['temporal.activity.attempt']);
    expect(attempts.length).toBeGreaterThan(0);
    expect(attempts.filter((a) => a !== 1)).toEqual([]);
    const calls = activitiesOf(await outage.handle.fetchHistory());
    expect(calls.filter((c) => c.attempts !== 1 || c.completions !== 1)).toEqual([]);
    expect(pendingAtRunEnd).toBeGreaterThan(0);

    // While the collector is down nothing that ended after it went down gets through.
    expect(
      endedDuringOutage.filter((s) => throughAtRunEnd.has(s.spanContext().spanId)).map((s) => s.name),
    ).toEqual([]);
    await until(
      'a refused export and the shortest outage',
      () => receiver.requests().some((r) => r.answered === 503) && Date.now() >= outageStart + MIN_OUTAGE_MS,
      MIN_OUTAGE_MS + 10_000,
      200,
    );
    // Still down: everything that ended during the outage waits in the buffer.
    expect(otlpStats().pendingSpans).toBeGreaterThanOrEqual(endedDuringOutage.length);
    expect(
      endedDuringOutage.filter((s) => receiver.spans().some((r) => r.spanId === s.spanContext().spanId)),
    ).toEqual([]);
    expect(otlpStats().failedSpans).toBeGreaterThan(0);
    receiver.setFailing(undefined);

    // After recovery every span arrives, without anyone flushing, exactly once; nothing dropped.
    await receiver.waitFor((got) => hasAll(got, outage.spans), 30_000);
    await until('the backlog acknowledged', () => otlpStats().pendingSpans === 0, 5_000);
    expect(receivedShapesOf(inTrace(receiver.spans(), outage.traceId))).toEqual(shapesOf(outage.spans));
    expect(receivedShapesOf(inTrace(receiver.spans(), baseline.traceId))).toEqual(shapesOf(baseline.spans));
    expect(otlpStats()).toMatchObject({ droppedSpans: 0, pendingSpans: 0 });

    // The failure and the recovery were reported on stderr, and no loss.
    expect(stderr).toMatch(/\[telemetry\] export to otlp failed \(/);
    expect(stderr).toMatch(/\[telemetry\] export to otlp recovered/);
    expect(stderr.indexOf('export to otlp failed')).toBeLessThan(stderr.indexOf('export to otlp recovered'));
    expect(stderr).not.toMatch(/dropped|undelivered/);
  });
});
