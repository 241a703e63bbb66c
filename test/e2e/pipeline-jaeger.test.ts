import type { ReadableSpan } from '@opentelemetry/sdk-trace-base';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { ResearchReport } from '../../examples/research/shared.js';
import { type CollectorServer, startCollector } from '../../devtools/collector.js';
import {
  getJaegerTrace,
  type JaegerSpan,
  jaegerParentId,
  jaegerTag,
  type JaegerServer,
  startJaeger,
} from '../../devtools/jaeger.js';
import { type OfflineModelServer, startOfflineModel } from '../../offline-model/index.js';
import { assertResearchTrace } from '../support/contract.js';
import { createHarness, type Harness } from '../support/harness.js';
import { type IngestReceiver, startIngestReceiver } from '../support/ingest-receiver.js';
import { until } from '../support/poll.js';
import {
  offlineResearchActivities,
  researchWorkflowsPath,
  traceOf,
  uniqueQueue,
} from '../support/research.js';
import { ingestSpans, inTrace, receivedShapesOf, shapesOf, type SpanShape } from '../support/span-sets.js';

// The research pipeline through the docker-compose topology, natively:
// telemetry → collector (memory_limiter → batch) → Jaeger and the ingest.
// The trace contract is asserted on what Jaeger's query API returns.

let jaeger: JaegerServer;
let collector: CollectorServer;
let ingest: IngestReceiver;
let model: OfflineModelServer;
let h: Harness;

beforeAll(async () => {
  try {
    jaeger = await startJaeger();
    ingest = await startIngestReceiver();
    collector = await startCollector({
      jaegerOtlpEndpoint: jaeger.otlpGrpcEndpoint,
      ingestEndpoint: ingest.url,
      ingestAuth: { publicKey: 'pk-e2e', secretKey: 'sk-e2e' },
    });
  } catch (err) {
    throw new Error(
      `Jaeger or the collector could not be started natively (scripts/setup-binaries.sh jaeger): ${(err as Error).message}`,
    );
  }
  model = await startOfflineModel();
  h = await createHarness({
    OTEL_TRACES_EXPORTER: 'otlp',
    OTEL_EXPORTER_OTLP_ENDPOINT: collector.otlpHttpUrl,
    OTEL_SERVICE_NAME: 'pipeline-e2e',
  });
});
afterAll(async () => {
  await h?.close();
  await model?.close();
  await collector?.close();
  await ingest?.close();
  await jaeger?.close();
});

/** A read-only ReadableSpan view of a Jaeger span, so the contract checks run on it unchanged. */
function fromJaeger(span: JaegerSpan): ReadableSpan {
  const attributes = Object.fromEntries(span.tags.map((t) => [t.key, t.value]));
  const parentId = jaegerParentId(span);
  const error = jaegerTag(span, 'otel.status_code') === 'ERROR' || jaegerTag(span, 'error') === true;
  return {
    name: span.operationName,
    attributes,
    status: { code: error ? 2 : 1 },
    spanContext: () => ({ traceId: span.traceID, spanId: span.spanID, traceFlags: 1 }),
    parentSpanContext: parentId ? { traceId: span.traceID, spanId: parentId, traceFlags: 1 } : undefined,
  } as unknown as ReadableSpan;
}

const shapesFromJaeger = (spans: JaegerSpan[]): SpanShape[] =>
  shapesOf(spans.map(fromJaeger)).map((s) => ({ ...s, traceId: s.traceId.padStart(32, '0') }));

describe('research pipeline → collector → Jaeger and ingest', () => {
  it('Jaeger returns the whole trace: every span, every parent link, the key attributes', async () => {
    const taskQueue = uniqueQueue('pipeline-jaeger');
    const worker = await h.worker({
      taskQueue,
      workflowsPath: researchWorkflowsPath,
      activities: offlineResearchActivities(model.url),
    });
    const workflowId = `pipeline-jaeger-${taskQueue}`;
    const report: ResearchReport = await worker.runUntil(
      h.client.workflow.execute('ResearchWorkflow', {
        taskQueue,
        workflowId,
        args: [{ query: 'What makes agent traces useful?' }],
      }),
    );
    const exported = await traceOf(h, workflowId);
    const traceId = exported[0].spanContext().traceId;

    const trace = await getJaegerTrace(jaeger.queryUrl, traceId, {
      minSpans: exported.length,
      timeoutMs: 60_000,
    });
    expect(trace.spans).toHaveLength(exported.length);
    expect(shapesFromJaeger(trace.spans)).toEqual(shapesOf(exported));
    expect(Object.values(trace.processes).map((p) => p.serviceName)).toContain('pipeline-e2e');

    const seen = trace.spans.map(fromJaeger);
    assertResearchTrace(seen, report.searches.length);
    const byId = new Map(seen.map((s) => [s.spanContext().spanId, s]));
    for (const span of exported) {
      const there = byId.get(span.spanContext().spanId)!;
      for (const key of [
        'openinference.span.kind',
        'temporal.workflow.id',
        'temporal.activity.attempt',
        'llm.token_count.total',
        'rollup.llm.calls',
      ]) {
        if (span.attributes[key] !== undefined)
          expect(there.attributes[key], `${span.name} ${key}`).toBe(span.attributes[key]);
      }
      if (span.attributes['llm.cost.total'] !== undefined) {
        expect(there.attributes['llm.cost.total'] as number).toBeCloseTo(
          span.attributes['llm.cost.total'] as number,
          12,
        );
      }
    }

    // The collector's other exporter: the ingest gets the same span set, gzip protobuf with Basic auth.
    await until(
      'the ingest has every span',
      () => inTrace(ingestSpans(ingest.requests), traceId).length >= exported.length,
      30_000,
    );
    expect(receivedShapesOf(inTrace(ingestSpans(ingest.requests), traceId))).toEqual(shapesOf(exported));
    expect(
      ingest.requests.every(
        (r) => r.headers.authorization === 'Basic ' + Buffer.from('pk-e2e:sk-e2e').toString('base64'),
      ),
    ).toBe(true);
  });
});
