// Our OTLP/protobuf trace encoder must write exactly the bytes the
// OpenTelemetry serializer writes, for every span shape and value a pipeline
// can carry: rebuilt agent traces, spans of the real SDK, and edge cases.
import { readFileSync } from 'node:fs';
import { createServer, type IncomingHttpHeaders } from 'node:http';
import type { AddressInfo } from 'node:net';
import { gunzipSync } from 'node:zlib';
import { ExportResultCode, type ExportResult } from '@opentelemetry/core';
import { describe, expect, it } from 'vitest';
import { SpanKind, SpanStatusCode, TraceFlags, type Attributes } from '@opentelemetry/api';
import { TraceState } from '@opentelemetry/core';
import { OTLPTraceExporter as StockProtoExporter } from '@opentelemetry/exporter-trace-otlp-proto';
import { ProtobufTraceSerializer } from '@opentelemetry/otlp-transformer';
import { resourceFromAttributes } from '@opentelemetry/resources';
import {
  BasicTracerProvider,
  InMemorySpanExporter,
  type ReadableSpan,
  SimpleSpanProcessor,
} from '@opentelemetry/sdk-trace-base';
import { historyFromJSON } from '@temporalio/common/lib/proto-utils.js';
import { encodeTraceRequest } from '../../src/telemetry/otlp-trace-encoding.js';
import { FinishedSpan } from '../../src/telemetry/finished-span.js';
import { buildRunTrace } from '../../src/history/build-trace.js';
import { KNOWN_MODEL_ACTIVITIES } from '../../src/history/known-model-activities.js';
import { readPayloadValues } from '../../src/history/payload-values.js';
import { readRunHistory } from '../../src/history/read-events.js';
import { historyTraceId } from '../../src/history/span-ids.js';
import { toFinishedSpan } from '../../src/worker/workflow-span-receiver.js';
import { buildOtlpExporter } from '../../src/telemetry/exporters.js';

const theirs = (spans: ReadableSpan[]) => Buffer.from(ProtobufTraceSerializer.serializeRequest(spans)!);
const ours = (spans: ReadableSpan[]) => Buffer.from(encodeTraceRequest(spans));

const resource = resourceFromAttributes({ 'service.name': 'encoding-test', 'deployment.environment': 'ci' });
const scope = { name: 'temporal-agents-otel/workflow' };
const TRACE = '0af7651916cd43dd8448eb211c80319c';

function span(attributes: Attributes, extra: Partial<ConstructorParameters<typeof FinishedSpan>[0]> = {}) {
  return new FinishedSpan(
    {
      name: 'edge',
      spanContext: { traceId: TRACE, spanId: 'b7ad6b7169203331', traceFlags: TraceFlags.SAMPLED },
      startTimeMs: 1_764_000_000_123.456,
      endTimeMs: 1_764_000_001_999.999,
      status: { code: SpanStatusCode.UNSET },
      attributes,
      ...extra,
    },
    resource,
    scope,
  );
}

describe('OTLP trace encoding', () => {
  it('writes the bytes of the OpenTelemetry serializer for a rebuilt research trace', async () => {
    const json = JSON.parse(readFileSync('test/history_files/research-0.1.0.json', 'utf8'));
    const run = readRunHistory(historyFromJSON(json), 'default', 'run-1');
    const built = buildRunTrace(run, {
      traceId: historyTraceId('default', run),
      values: await readPayloadValues(run, { read: true }),
      modelReaderFor: (type) => KNOWN_MODEL_ACTIVITIES[type],
      isToolActivity: () => false,
    });
    const spans = built.spans.map((s) =>
      toFinishedSpan(s, { resource, attributeValueLengthLimit: Infinity }),
    );
    expect(spans.length).toBeGreaterThan(40);
    const bytes = ours(spans);
    expect(bytes.length).toBeGreaterThan(50_000); // long prompts and payloads, the case this encoder is for
    expect(bytes.equals(theirs(spans))).toBe(true);
  });

  it('writes the same bytes for spans of the real SDK: events, links, remote parents, trace state, scopes', () => {
    const exporter = new InMemorySpanExporter();
    const provider = new BasicTracerProvider({
      resource,
      spanProcessors: [new SimpleSpanProcessor(exporter)],
    });
    const tracer = provider.getTracer('scope-a', '1.2.3', {
      schemaUrl: 'https://opentelemetry.io/schemas/1.30.0',
    });
    const other = provider.getTracer('scope-b');
    const remote = {
      traceId: TRACE,
      spanId: '00f067aa0ba902b7',
      traceFlags: TraceFlags.SAMPLED,
      isRemote: true,
      traceState: new TraceState('vendor=a1,other=b2'),
    };
    for (const kind of [
      SpanKind.INTERNAL,
      SpanKind.SERVER,
      SpanKind.CLIENT,
      SpanKind.PRODUCER,
      SpanKind.CONSUMER,
    ]) {
      const s = tracer.startSpan(`kind-${kind}`, {
        kind,
        attributes: { 'a.string': 'x', 'a.int': kind, 'a.list': ['p', 'q'] },
        links: [{ context: remote, attributes: { 'link.why': 'continued' } }, { context: remote }],
      });
      s.addEvent('note', { 'event.n': 3, 'event.ok': true });
      s.addEvent('bare');
      s.setStatus({ code: SpanStatusCode.ERROR, message: 'it failed: ünïcode' });
      s.end();
    }
    other.startSpan('other-scope').end();
    const spans = exporter.getFinishedSpans();
    expect(spans).toHaveLength(6);
    expect(ours(spans).equals(theirs(spans))).toBe(true);
  });

  it('writes the same bytes for edge-case values', () => {
    const long = (n: number, c = 'a') => c.repeat(n);
    const values: Attributes = {
      empty: '',
      short: 'abc',
      at47: long(47),
      at48: long(48),
      at127: long(127),
      at128: long(128),
      at16384: long(16_384),
      accents: 'Grüße, café, naïve',
      cjkAndEmoji: '研究 🔎🧪 done',
      shortNonAscii: 'é',
      loneSurrogate: 'a\ud800b',
      trailingSurrogate: 'end\udc00',
      longNonAscii: long(300, 'ß'),
      zero: 0,
      negativeZero: -0,
      minusOne: -1,
      int32Min: -(2 ** 31),
      uint32Max: 2 ** 32 - 1,
      past32: 2 ** 32 + 5,
      past53: 2 ** 53 + 2,
      int64MinValue: -(2 ** 63),
      int64Limit: 2 ** 63,
      fraction: 1.5,
      negativeFraction: -0.000123,
      nan: NaN,
      infinity: Infinity,
      yes: true,
      no: false,
      strings: ['a', '', long(200)],
      numbers: [1, 2.5, -3],
      withHoles: ['x', null as unknown as string, undefined as unknown as string],
      emptyList: [],
    };
    const spans = [
      span(values),
      span(
        {},
        {
          kind: SpanKind.SERVER,
          parentSpanContext: { traceId: TRACE, spanId: '1111111111111111', traceFlags: 1 },
        },
      ),
      span(
        { bytes: new Uint8Array([0, 1, 255]) as unknown as string },
        {
          status: { code: SpanStatusCode.ERROR, message: long(500) },
          events: [
            { name: 'exception', timeMs: 4_102_444_800_000.5, attributes: { 'exception.message': 'boom' } },
          ],
          parentSpanContext: { traceId: TRACE, spanId: '2222222222222222', traceFlags: 1, isRemote: true },
        },
      ),
      span({ late: 'far future' }, { startTimeMs: 32_503_680_000_000, endTimeMs: 32_503_680_000_001.5 }),
    ];
    // A second resource and a scope with attributes, in the same request.
    const elsewhere = new FinishedSpan(
      {
        name: 'elsewhere',
        spanContext: span({}).spanContext(),
        startTimeMs: 1,
        endTimeMs: 2,
        status: { code: SpanStatusCode.OK },
        attributes: { k: 'v' },
      },
      resourceFromAttributes({ 'service.name': 'other' }),
      { name: 'scoped', version: '9', schemaUrl: 'https://x', attributes: { 'scope.k': 1 } } as never,
    );
    spans.push(elsewhere);
    expect(ours(spans).equals(theirs(spans))).toBe(true);
  });

  it('returns a buffer of its own each time', () => {
    const first = encodeTraceRequest([span({ n: 1 })]);
    const copy = Buffer.from(first);
    encodeTraceRequest([span({ n: 2, other: 'x'.repeat(1000) })]);
    expect(Buffer.from(first).equals(copy)).toBe(true);
  });

  it("is what setupTelemetry's http/protobuf exporter sends, with the destination's headers and gzip", async () => {
    const bodies: Buffer[] = [];
    const headers: IncomingHttpHeaders[] = [];
    const server = createServer((req, res) => {
      const chunks: Buffer[] = [];
      req.on('data', (c: Buffer) => chunks.push(c));
      req.on('end', () => {
        bodies.push(Buffer.concat(chunks));
        headers.push(req.headers);
        res.writeHead(200, { 'content-type': 'application/x-protobuf' });
        res.end(); // an empty ExportTraceServiceResponse: everything accepted
      });
    });
    await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
    try {
      const exporter = buildOtlpExporter({
        name: 'collector',
        url: `http://127.0.0.1:${(server.address() as AddressInfo).port}/v1/traces`,
        protocol: 'http/protobuf',
        compression: 'gzip',
        headers: { 'x-tenant': 'acme' },
        timeoutMillis: 5_000,
      });
      expect(exporter).not.toBeInstanceOf(StockProtoExporter); // the fallback, for OpenTelemetry releases we cannot build on
      const spans = [span({ prompt: 'p'.repeat(5_000) }), span({ n: 2 })];
      const result = await new Promise<ExportResult>((resolve) => exporter.export(spans, resolve));
      await exporter.shutdown();
      expect(result.code).toBe(ExportResultCode.SUCCESS);
      expect(headers[0]).toMatchObject({
        'content-type': 'application/x-protobuf',
        'content-encoding': 'gzip',
        'x-tenant': 'acme',
      });
      expect(gunzipSync(bodies[0]).equals(ours(spans))).toBe(true);
    } finally {
      server.close();
    }
  });
});
