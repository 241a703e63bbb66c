// Tokens, cost and the InteractiveAI-style ingest: one research run exported
// to two destinations at once, the ingest (OTLP/protobuf + gzip + Basic auth
// at /api/public/otel/v1/traces) and an OTLP collector (OTLP/JSON). Each must
// receive exactly the spans the process exported, attributes intact; an
// outage of one must neither hold up nor lose spans for the other.
import type { ReadableSpan } from '@opentelemetry/sdk-trace-base';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { progressQuery, type ResearchReport, reviewPlanUpdate } from '../../examples/research/shared.js';
import { parseFaults } from '../../offline-model/index.js';
import { assertResearchTrace } from '../support/contract.js';
import { type IngestReceiver, startIngestReceiver } from '../support/ingest-receiver.js';
import { type OtlpReceiver, type ReceivedSpan, startOtlpReceiver } from '../../devtools/otlp-receiver.js';
import { until } from '../support/poll.js';
import { asReadableSpans } from '../support/received-trace.js';
import { runTraceInMemory } from '../support/research.js';
import { useResearchSuite } from '../support/research-suite.js';
import {
  hasAll,
  hrToNanos,
  inTrace,
  ingestSpans,
  plainAttributes,
  receivedShapesOf,
  shapesOf,
} from '../support/span-sets.js';

const PUBLIC_KEY = 'pk-lf-ingest-contract-0001';
const SECRET_KEY = 'sk-lf-ingest-contract-0002';
const SERVICE = 'ingest-contract';

let ingest: IngestReceiver;
let otlp: OtlpReceiver;
beforeAll(async () => {
  [ingest, otlp] = await Promise.all([startIngestReceiver(), startOtlpReceiver()]);
});
afterAll(async () => {
  await Promise.all([ingest?.close(), otlp?.close()]);
});
const suite = useResearchSuite('ingest', {
  env: () => ({
    OTEL_TRACES_EXPORTER: 'otlp',
    OTEL_EXPORTER_OTLP_ENDPOINT: otlp.url,
    OTEL_EXPORTER_OTLP_PROTOCOL: 'http/json',
    OTEL_SERVICE_NAME: SERVICE,
    INTERACTIVEAI_PUBLIC_KEY: PUBLIC_KEY,
    INTERACTIVEAI_SECRET_KEY: SECRET_KEY,
    INTERACTIVEAI_HOST: ingest.url,
  }),
});

let seq = 0;
/**
 * Runs the pipeline with a plan review (so the trace holds a span with a link: the update
 * handler's, to the client's update span) and returns the run's trace as the in-memory
 * exporter saw it (no flush). With `modelFaults`, the offline model misbehaves as planned and
 * the research contract (one attempt per activity, tokens on every LLM span) is not checked.
 */
async function runPipeline(modelFaults?: string) {
  if (modelFaults) suite.model.setFaults(parseFaults(modelFaults));
  const workflowId = `ingest-${++seq}-${suite.taskQueue}`;
  const handle = await suite.h.client.workflow.start('ResearchWorkflow', {
    taskQueue: suite.taskQueue,
    workflowId,
    args: [{ query: 'What do tokens and cost look like in an LLM ingest?', review: true }],
  });
  await until(
    'the plan awaiting review',
    async () => (await handle.query(progressQuery)).stage === 'awaiting_review',
  );
  await handle.executeUpdate(reviewPlanUpdate, { args: [{ action: 'approve' }] });
  const report: ResearchReport = await handle.result();
  const { traceId, spans } = await runTraceInMemory(suite.h, workflowId);
  expect(spans.filter((s) => s.links.length > 0).map((s) => s.name)).toEqual(['HandleUpdate:reviewPlan']);
  if (!modelFaults) assertResearchTrace(spans, report.searches.length);
  return { report, traceId, spans };
}

const kind = (s: { attributes: Record<string, unknown> }) => s.attributes['openinference.span.kind'];

/**
 * The received trace equals the exported one: ids, names, parents, kind, times, every
 * attribute, status with its message, events, links and the whole resource.
 */
function expectSameTrace(received: ReceivedSpan[], expected: ReadableSpan[], destination: string) {
  expect(receivedShapesOf(received), `${destination}: span set`).toEqual(shapesOf(expected));
  const byId = new Map(received.map((s) => [s.spanId, s]));
  for (const span of expected) {
    const got = byId.get(span.spanContext().spanId)!;
    const what = `${destination}: ${span.name}`;
    expect(got.attributes, `${what} attributes`).toEqual(plainAttributes(span.attributes));
    expect(got.status.code, `${what} status`).toBe(span.status.code);
    expect(got.status.message, `${what} status message`).toBe(span.status.message ?? '');
    expect(got.kind, `${what} kind (OTLP numbers kinds from 1)`).toBe(span.kind + 1);
    expect(got.events, `${what} events`).toEqual(
      span.events.map((e) => ({
        name: e.name,
        timeUnixNano: hrToNanos(e.time),
        attributes: plainAttributes(e.attributes ?? {}),
      })),
    );
    expect(got.links, `${what} links`).toEqual(
      span.links.map((l) => ({ traceId: l.context.traceId, spanId: l.context.spanId })),
    );
    expect(got.resource, `${what} resource`).toEqual(plainAttributes(span.resource.attributes));
    expect(got.startTimeUnixNano, `${what} start`).toBe(hrToNanos(span.startTime));
    expect(got.endTimeUnixNano, `${what} end`).toBe(hrToNanos(span.endTime));
    expect(got.resource['service.name'], `${what} service.name`).toBe(SERVICE);
  }
}

/** The attributes LLM backends build their views from are on the received spans. */
function expectKeyAttributes(received: ReceivedSpan[], searches: number) {
  assertResearchTrace(asReadableSpans(received), searches);
  const runWorkflow = received.find((s) => s.name === 'RunWorkflow:ResearchWorkflow')!;
  expect(kind(runWorkflow)).toBe('CHAIN');
  for (const key of ['workflow.id', 'run.id', 'workflow.type', 'task_queue', 'namespace'])
    expect(runWorkflow.attributes[`temporal.${key}`], `RunWorkflow temporal.${key}`).toEqual(
      expect.any(String),
    );
  const activities = received.filter((s) => s.name.startsWith('RunActivity:'));
  expect(activities.length).toBeGreaterThanOrEqual(2 + 3 * searches);
  for (const a of activities) {
    expect(a.attributes['temporal.activity.id'], a.name).toEqual(expect.any(String));
    expect(a.attributes['temporal.activity.type'], a.name).toBe(a.name.slice('RunActivity:'.length));
    expect(a.attributes['temporal.activity.attempt'], a.name).toBe(1);
    expect(a.attributes['temporal.workflow.id'], a.name).toBe(runWorkflow.attributes['temporal.workflow.id']);
  }
  const llms = received.filter((s) => kind(s) === 'LLM');
  expect(llms).toHaveLength(2 + 2 * searches);
  let tokens = 0;
  let cost = 0;
  for (const llm of llms) {
    const a = llm.attributes;
    expect(a['llm.token_count.prompt'], 'prompt tokens').toBeGreaterThan(0);
    expect(a['llm.token_count.completion'], 'completion tokens').toBeGreaterThan(0);
    expect(a['llm.token_count.total']).toBe(
      Number(a['llm.token_count.prompt']) + Number(a['llm.token_count.completion']),
    );
    expect(a['llm.cost.total'], 'LLM cost').toBeGreaterThan(0);
    tokens += Number(a['llm.token_count.total']);
    cost += Number(a['llm.cost.total']);
  }
  for (const span of [runWorkflow, ...received.filter((s) => kind(s) === 'AGENT')]) {
    expect(span.attributes['rollup.llm.token_count.total'], `${span.name} rolled-up tokens`).toBeGreaterThan(
      0,
    );
    expect(span.attributes['rollup.llm.cost.total'], `${span.name} rolled-up cost`).toBeGreaterThan(0);
  }
  expect(runWorkflow.attributes['rollup.llm.calls']).toBe(llms.length);
  expect(runWorkflow.attributes['rollup.llm.token_count.total']).toBe(tokens);
  expect(runWorkflow.attributes['rollup.llm.cost.total'] as number).toBeCloseTo(cost, 9);
}

/** The run's spans once all of them have reached the ingest and the collector. */
async function atBothDestinations(traceId: string, spans: ReadableSpan[]) {
  const ingested = inTrace(
    await until('the run at the ingest', () => {
      const got = ingestSpans(ingest.requests);
      return hasAll(got, spans) && got;
    }),
    traceId,
  );
  const collected = inTrace(await otlp.waitFor((got) => hasAll(got, spans)), traceId);
  return { ingested, collected };
}

const statsOf = (name: string) => suite.h.telemetry.exportStats().find((s) => s.destination === name)!;

describe('InteractiveAI-style ingest beside an OTLP collector', () => {
  it('both destinations receive exactly the exported spans; the ingest request has the ingest wire format', async () => {
    const { report, traceId, spans } = await runPipeline();
    const { ingested, collected } = await atBothDestinations(traceId, spans);

    expect(ingest.requests.length).toBeGreaterThan(0);
    const basic = 'Basic ' + Buffer.from(`${PUBLIC_KEY}:${SECRET_KEY}`).toString('base64');
    for (const req of ingest.requests) {
      expect(req.method).toBe('POST');
      expect(req.path).toBe('/api/public/otel/v1/traces');
      expect(req.headers.authorization).toBe(basic);
      expect(req.contentType).toBe('application/x-protobuf');
      expect(req.contentEncoding).toBe('gzip');
    }
    expectSameTrace(ingested, spans, 'ingest');
    expectKeyAttributes(ingested, report.searches.length);
    expect(ingested[0].resource['service.name']).toBe(SERVICE);

    for (const req of otlp.requests())
      expect([req.path, req.contentType]).toEqual(['/v1/traces', 'application/json']);
    for (const req of otlp.requests())
      expect(req.headers.authorization, 'collector gets no ingest credentials').toBeUndefined();
    expectSameTrace(collected, spans, 'otlp');

    // The ingest got exactly what the process exported, nothing more: the same set as memory.
    expect(receivedShapesOf(ingestSpans(ingest.requests))).toEqual(shapesOf(await suite.h.spans()));
    for (const name of ['otlp', 'interactiveai'])
      expect(statsOf(name), name).toMatchObject({ failedSpans: 0, pendingSpans: 0, droppedSpans: 0 });
  });

  it('the collector answering 503 during the run: the ingest gets everything meanwhile, the collector after recovery', async () => {
    otlp.setFailing(503);
    const failedBefore = statsOf('otlp').failedSpans;
    let recovered = false;
    try {
      const { traceId, spans } = await runPipeline();
      // The ingest is not held up by the failing collector: everything arrives while it still fails.
      const ingested = await until(
        'the run at the ingest during the outage',
        () => {
          const got = inTrace(ingestSpans(ingest.requests), traceId);
          return hasAll(got, spans) && got;
        },
        60_000,
      );
      expect(receivedShapesOf(ingested)).toEqual(shapesOf(spans));
      // The OTLP exporter retries a 503 itself for up to its 10 s timeout before it reports a failure;
      // the outage lasts until that failure is counted.
      await until(
        'the collector failure to be counted',
        () => statsOf('otlp').failedSpans > failedBefore,
        60_000,
      );
      expect(inTrace(otlp.spans(), traceId), 'nothing reached the failing collector').toEqual([]);
      expect(otlp.requests().filter((r) => r.answered === 503).length).toBeGreaterThan(0);
      expect(statsOf('otlp').pendingSpans).toBeGreaterThanOrEqual(spans.length);

      otlp.setFailing(undefined);
      recovered = true;
      await suite.h.telemetry.forceFlush();
      const collected = inTrace(await otlp.waitFor((got) => hasAll(got, spans), 60_000), traceId);
      expectSameTrace(collected, spans, 'otlp after recovery');
      expect(statsOf('otlp')).toMatchObject({ pendingSpans: 0, droppedSpans: 0 });
      expect(statsOf('otlp').failedSpans).toBeGreaterThan(0);
      expect(statsOf('interactiveai')).toMatchObject({ failedSpans: 0, pendingSpans: 0, droppedSpans: 0 });
      // Re-sent in order, each span once.
      expect(new Set(otlp.spans().map((s) => s.spanId)).size).toBe(otlp.spans().length);
    } finally {
      if (!recovered) otlp.setFailing(undefined);
    }
  });

  it('a failed model attempt reaches both destinations with its status, message and exception event', async () => {
    // One 500 from the model: the first invokeModel attempt fails and is retried.
    const { traceId, spans } = await runPipeline('500x1');
    const withEvents = spans.filter((s) => s.events.some((e) => e.name === 'exception'));
    expect(
      withEvents.map((s) => s.name),
      'the failed attempt recorded its exception',
    ).toContain('RunActivity:invokeModel');
    const { ingested, collected } = await atBothDestinations(traceId, spans);
    expectSameTrace(ingested, spans, 'ingest');
    expectSameTrace(collected, spans, 'otlp');
  });
});
