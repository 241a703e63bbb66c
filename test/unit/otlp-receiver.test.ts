import { ROOT_CONTEXT, SpanStatusCode, trace } from '@opentelemetry/api';
import { OTLPTraceExporter as JsonExporter } from '@opentelemetry/exporter-trace-otlp-http';
import { OTLPTraceExporter as ProtoExporter } from '@opentelemetry/exporter-trace-otlp-proto';
import { CompressionAlgorithm } from '@opentelemetry/otlp-exporter-base';
import { resourceFromAttributes } from '@opentelemetry/resources';
import {
  BasicTracerProvider,
  InMemorySpanExporter,
  type ReadableSpan,
  SimpleSpanProcessor,
  type SpanExporter,
} from '@opentelemetry/sdk-trace-base';
import { afterAll, beforeAll, beforeEach, describe, expect, it } from 'vitest';
import { type OtlpReceiver, startOtlpReceiver } from '../../devtools/otlp-receiver.js';

let receiver: OtlpReceiver;
beforeAll(async () => {
  receiver = await startOtlpReceiver();
});
afterAll(() => receiver?.close());
beforeEach(() => receiver.setFailing(undefined));

/** Two spans (parent and child) made by a real SDK, as an exporter would get them. */
function makeSpans(): ReadableSpan[] {
  const memory = new InMemorySpanExporter();
  const provider = new BasicTracerProvider({
    resource: resourceFromAttributes({ 'service.name': 'receiver-test' }),
    spanProcessors: [new SimpleSpanProcessor(memory)],
  });
  const tracer = provider.getTracer('receiver-test');
  const parent = tracer.startSpan('parent');
  const attributes = { 'a.string': 'x', 'a.int': 7, 'a.double': 1.5, 'a.bool': true, 'a.list': ['p', 'q'] };
  const child = tracer.startSpan('child', { attributes }, trace.setSpan(ROOT_CONTEXT, parent));
  child.setStatus({ code: SpanStatusCode.ERROR, message: 'boom' });
  child.end();
  parent.end();
  return memory.getFinishedSpans();
}

function exportWith(exporter: SpanExporter, spans: ReadableSpan[]): Promise<number> {
  return new Promise((resolve) => exporter.export(spans, (r) => resolve(r.code)));
}

const cases = [
  {
    name: 'json',
    make: (gzip: boolean) =>
      new JsonExporter({
        url: receiver.tracesUrl,
        compression: gzip ? CompressionAlgorithm.GZIP : CompressionAlgorithm.NONE,
      }),
    type: 'application/json',
  },
  {
    name: 'protobuf',
    make: (gzip: boolean) =>
      new ProtoExporter({
        url: receiver.tracesUrl,
        compression: gzip ? CompressionAlgorithm.GZIP : CompressionAlgorithm.NONE,
      }),
    type: 'application/x-protobuf',
  },
];

describe('OTLP test receiver', () => {
  for (const c of cases) {
    for (const gzip of [false, true]) {
      it(`decodes ${c.name}${gzip ? ' + gzip' : ''} into hex ids, attributes, status and resource`, async () => {
        const sent = makeSpans();
        const before = receiver.requests().length;
        expect(await exportWith(c.make(gzip), sent)).toBe(0);
        const request = receiver.requests()[before];
        expect(request).toMatchObject({
          path: '/v1/traces',
          contentType: c.type,
          contentEncoding: gzip ? 'gzip' : 'identity',
          answered: 200,
          spanCount: 2,
        });
        expect(request.byteLength).toBeGreaterThan(0);

        const got = receiver.spans().filter((s) => s.traceId === sent[0].spanContext().traceId);
        const parent = got.find((s) => s.name === 'parent')!;
        const child = got.find((s) => s.name === 'child')!;
        expect(parent.spanId).toBe(sent.find((s) => s.name === 'parent')!.spanContext().spanId);
        expect(parent.parentSpanId).toBeUndefined();
        expect(child.parentSpanId).toBe(parent.spanId);
        expect(child.traceId).toMatch(/^[0-9a-f]{32}$/);
        expect(child.attributes).toEqual({
          'a.string': 'x',
          'a.int': 7,
          'a.double': 1.5,
          'a.bool': true,
          'a.list': ['p', 'q'],
        });
        expect(child.status).toEqual({ code: 2, message: 'boom' });
        expect(child.resource['service.name']).toBe('receiver-test');
        expect(BigInt(child.startTimeUnixNano)).toBeGreaterThan(BigInt(Date.now() - 60_000) * 1_000_000n);
      });
    }
  }

  it('answers the failure status while failing, and records the refused requests', async () => {
    receiver.setFailing(503);
    const before = receiver.spans().length;
    const exporter = new JsonExporter({ url: receiver.tracesUrl, timeoutMillis: 1_000 });
    expect(await exportWith(exporter, makeSpans())).toBe(1); // ExportResultCode.FAILED after the exporter's retries
    expect(receiver.spans().length).toBe(before);
    expect(receiver.requests().at(-1)?.answered).toBe(503);
    receiver.setFailing(undefined);
    expect(await exportWith(exporter, makeSpans())).toBe(0);
    expect(receiver.spans().length).toBe(before + 2);
  });

  it('fails for a while with failWith, then accepts the retried export', async () => {
    receiver.failWith(503, 300);
    const before = receiver.requests().length;
    const exporter = new JsonExporter({ url: receiver.tracesUrl, timeoutMillis: 10_000 });
    expect(await exportWith(exporter, makeSpans())).toBe(0);
    const answered = receiver
      .requests()
      .slice(before)
      .map((r) => r.answered);
    expect(answered[0]).toBe(503);
    expect(answered.at(-1)).toBe(200);
  });

  it('sinks by path prefix; without keeping, hands each request to onRequest (the bench’s way)', async () => {
    const seen: { sink: string; answered: number; spans?: string[]; decoded: number }[] = [];
    const tallying = await startOtlpReceiver({
      keep: false,
      onRequest: (r, spans) =>
        seen.push({
          sink: r.sink,
          answered: r.answered,
          spans: spans?.map((s) => s.name),
          decoded: r.decodedLength,
        }),
    });
    try {
      const gzipped = new ProtoExporter({
        url: tallying.sinkUrl('c-1'),
        compression: CompressionAlgorithm.GZIP,
      });
      expect(await exportWith(gzipped, makeSpans())).toBe(0);
      const garbage = await fetch(tallying.sinkUrl('p-1'), {
        method: 'POST',
        headers: { 'content-type': 'application/x-protobuf' },
        body: new Uint8Array([0x0a, 0xff, 0xff]),
      });
      expect(garbage.status).toBe(400);
      expect(seen).toEqual([
        { sink: 'c-1', answered: 200, spans: ['child', 'parent'], decoded: expect.any(Number) },
        { sink: 'p-1', answered: 400, spans: undefined, decoded: 0 },
      ]);
      expect(seen[0].decoded, 'the decompressed message size').toBeGreaterThan(0);
      expect(tallying.spans()).toEqual([]);
      expect(tallying.requests()).toEqual([]);
    } finally {
      await tallying.close();
    }
  });

  it('counts spans without decoding them when countOnly, and refuses broken framing', async () => {
    const counts: number[] = [];
    const counting = await startOtlpReceiver({ countOnly: true, onRequest: (r) => counts.push(r.spanCount) });
    try {
      const spans = [...makeSpans(), ...makeSpans(), ...makeSpans()];
      // Two resources in one request: each ResourceSpans's spans count.
      const memory = new InMemorySpanExporter();
      const other = new BasicTracerProvider({
        resource: resourceFromAttributes({ 'service.name': 'second' }),
        spanProcessors: [new SimpleSpanProcessor(memory)],
      });
      other.getTracer('t').startSpan('elsewhere').end();
      spans.push(...memory.getFinishedSpans());
      expect(await exportWith(new ProtoExporter({ url: counting.tracesUrl }), spans)).toBe(0);
      const cut = await fetch(counting.tracesUrl, {
        method: 'POST',
        headers: { 'content-type': 'application/x-protobuf' },
        body: new Uint8Array([0x0a, 0x05, 0x12, 0x03, 0x12]), // a span that runs past its message
      });
      expect(cut.status).toBe(400);
      expect(counts).toEqual([7, 0]);
      expect(counting.spans()).toEqual([]);
    } finally {
      await counting.close();
    }
  });
});
