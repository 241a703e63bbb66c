// Comparing what a destination received with what the process exported to
// memory, and decoding the raw requests an ingest receiver recorded.
import { gunzipSync } from 'node:zlib';
import type { ReadableSpan } from '@opentelemetry/sdk-trace-base';
import type { IngestRequest } from './ingest-receiver.js';
import { decodeProtobufRequest, normalizeRequest, type ReceivedSpan } from '../../devtools/otlp-decode.js';

/** The body of a recorded request, gunzipped when it was sent gzip-encoded. */
export function decodedBody(req: IngestRequest): Buffer {
  return String(req.contentEncoding ?? '').toLowerCase() === 'gzip' ? gunzipSync(req.body) : req.body;
}

/** The spans of every OTLP/protobuf request an ingest receiver answered with 200. */
export function ingestSpans(requests: readonly IngestRequest[]): ReceivedSpan[] {
  return requests
    .filter((r) => r.status === 200 && r.bodyLength > 0)
    .flatMap((r) => normalizeRequest(decodeProtobufRequest(decodedBody(r))));
}

/** Identity of a span as any backend sees it: trace, id, name, parent. */
export interface SpanShape {
  traceId: string;
  spanId: string;
  name: string;
  parentSpanId?: string;
}

const byKey = (a: SpanShape, b: SpanShape) => (a.traceId + a.spanId).localeCompare(b.traceId + b.spanId);

/** Shapes of in-memory spans, sorted. */
export function shapesOf(spans: readonly ReadableSpan[]): SpanShape[] {
  return spans
    .map((s) => ({
      traceId: s.spanContext().traceId,
      spanId: s.spanContext().spanId,
      name: s.name,
      parentSpanId: s.parentSpanContext?.spanId,
    }))
    .sort(byKey);
}

/** Shapes of received spans, sorted. */
export function receivedShapesOf(spans: readonly ReceivedSpan[]): SpanShape[] {
  return spans
    .map((s) => ({ traceId: s.traceId, spanId: s.spanId, name: s.name, parentSpanId: s.parentSpanId }))
    .sort(byKey);
}

/** True when `received` holds every span of `expected` (by trace and span id). */
export function hasAll(received: readonly ReceivedSpan[], expected: readonly ReadableSpan[]): boolean {
  const ids = new Set(received.map((s) => `${s.traceId}/${s.spanId}`));
  return expected.every((s) => ids.has(`${s.spanContext().traceId}/${s.spanContext().spanId}`));
}

/** Received spans of one trace. */
export const inTrace = (spans: readonly ReceivedSpan[], traceId: string) =>
  spans.filter((s) => s.traceId === traceId);

/** Nanoseconds since the epoch of an HrTime, as the decimal string OTLP/protobuf carries. */
export function hrToNanos([seconds, nanos]: [number, number]): string {
  return (BigInt(seconds) * 1_000_000_000n + BigInt(nanos)).toString();
}

/** Attribute values as they come back from OTLP (arrays become plain arrays). */
export function plainAttributes(attributes: ReadableSpan['attributes']): Record<string, unknown> {
  return Object.fromEntries(
    Object.entries(attributes)
      .filter(([, v]) => v !== undefined)
      .map(([k, v]) => [k, Array.isArray(v) ? [...v] : v]),
  );
}
