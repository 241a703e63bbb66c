// Encodes an OTLP ExportTraceServiceRequest (opentelemetry-proto, trace/v1 and
// common/v1) from finished spans: the same bytes as the serializer of
// `@opentelemetry/otlp-transformer`, field for field and in the same order
// (test/unit/otlp-trace-encoding checks it), at a fraction of its CPU on the
// long attribute values agent spans carry.
import type { Attributes, AttributeValue, HrTime, Link, SpanContext } from '@opentelemetry/api';
import type { ReadableSpan, TimedEvent } from '@opentelemetry/sdk-trace-base';
import { ProtoWriter, Wire } from './proto-writer.js';

/** `SpanFlags` bits (trace.proto): whether the parent's (or link's) remoteness is known, and whether it is remote. */
const HAS_IS_REMOTE = 0x100;
const IS_REMOTE = 0x200;
const INT64_MIN = -(2 ** 63);
const INT64_END = 2 ** 63;

const writer = new ProtoWriter();

/** The request's protobuf bytes. */
export function encodeTraceRequest(spans: readonly ReadableSpan[]): Uint8Array {
  writer.reset();
  for (const [resource, scopes] of groupByResourceAndScope(spans)) {
    writer.tag(1, Wire.LEN); // resource_spans
    const resourceSpans = writer.begin();
    writer.tag(1, Wire.LEN); // resource
    const res = writer.begin();
    attributes(1, resource.attributes);
    writer.tag(2, Wire.VARINT); // dropped_attributes_count
    writer.varint(0);
    writer.end(res);
    for (const scopeSpans of scopes.values()) {
      writer.tag(2, Wire.LEN); // scope_spans
      const at = writer.begin();
      const scope = scopeSpans[0].instrumentationScope;
      instrumentationScope(scope);
      for (const span of scopeSpans) {
        writer.tag(2, Wire.LEN);
        spanMessage(span);
      }
      if (scope.schemaUrl) {
        writer.tag(3, Wire.LEN);
        writer.string(scope.schemaUrl);
      }
      writer.end(at);
    }
    if (resource.schemaUrl) {
      writer.tag(3, Wire.LEN);
      writer.string(resource.schemaUrl);
    }
    writer.end(resourceSpans);
  }
  return writer.finish();
}

type Resource = ReadableSpan['resource'];
type Scope = ReadableSpan['instrumentationScope'];

/** Spans grouped by resource, then scope, by identity and in order of first appearance. */
function groupByResourceAndScope(spans: readonly ReadableSpan[]): Map<Resource, Map<Scope, ReadableSpan[]>> {
  const groups = new Map<Resource, Map<Scope, ReadableSpan[]>>();
  for (const span of spans) {
    let scopes = groups.get(span.resource);
    if (!scopes) groups.set(span.resource, (scopes = new Map()));
    let list = scopes.get(span.instrumentationScope);
    if (!list) scopes.set(span.instrumentationScope, (list = []));
    list.push(span);
  }
  return groups;
}

function instrumentationScope(
  scope: Scope & { attributes?: Attributes; droppedAttributesCount?: number },
): void {
  writer.tag(1, Wire.LEN);
  const at = writer.begin();
  writer.tag(1, Wire.LEN);
  writer.string(scope.name);
  if (scope.version) {
    writer.tag(2, Wire.LEN);
    writer.string(scope.version);
  }
  if (scope.attributes) attributes(3, scope.attributes);
  if (scope.droppedAttributesCount) {
    writer.tag(4, Wire.VARINT);
    writer.varint(scope.droppedAttributesCount);
  }
  writer.end(at);
}

function spanMessage(span: ReadableSpan): void {
  const at = writer.begin();
  const ctx = span.spanContext();
  writer.tag(1, Wire.LEN);
  writer.hexBytes(ctx.traceId);
  writer.tag(2, Wire.LEN);
  writer.hexBytes(ctx.spanId);
  traceState(3, ctx);
  const parent = span.parentSpanContext;
  if (parent?.spanId) {
    writer.tag(4, Wire.LEN);
    writer.hexBytes(parent.spanId);
  }
  writer.tag(5, Wire.LEN);
  writer.string(span.name);
  // SpanKind in OTLP counts from 1 (0 is unspecified).
  const kind = span.kind == null ? 0 : span.kind + 1;
  if (kind !== 0) {
    writer.tag(6, Wire.VARINT);
    writer.varint(kind);
  }
  writer.tag(7, Wire.FIXED64);
  hrTime(span.startTime);
  writer.tag(8, Wire.FIXED64);
  hrTime(span.endTime);
  if (span.attributes) attributes(9, span.attributes);
  writer.tag(10, Wire.VARINT);
  writer.varint(span.droppedAttributesCount);
  for (const event of span.events) {
    writer.tag(11, Wire.LEN);
    eventMessage(event);
  }
  writer.tag(12, Wire.VARINT);
  writer.varint(span.droppedEventsCount);
  for (const link of span.links) {
    writer.tag(13, Wire.LEN);
    linkMessage(link);
  }
  writer.tag(14, Wire.VARINT);
  writer.varint(span.droppedLinksCount);
  writer.tag(15, Wire.LEN);
  const status = writer.begin();
  if (span.status.message) {
    writer.tag(2, Wire.LEN);
    writer.string(span.status.message);
  }
  writer.tag(3, Wire.VARINT);
  writer.varint(span.status.code);
  writer.end(status);
  flags(16, ctx.traceFlags, parent?.isRemote);
  writer.end(at);
}

function eventMessage(event: TimedEvent): void {
  const at = writer.begin();
  writer.tag(1, Wire.FIXED64);
  hrTime(event.time);
  writer.tag(2, Wire.LEN);
  writer.string(event.name);
  if (event.attributes) attributes(3, event.attributes);
  writer.tag(4, Wire.VARINT);
  writer.varint(event.droppedAttributesCount || 0);
  writer.end(at);
}

function linkMessage(link: Link & { droppedAttributesCount?: number }): void {
  const at = writer.begin();
  const ctx = link.context;
  writer.tag(1, Wire.LEN);
  writer.hexBytes(ctx.traceId);
  writer.tag(2, Wire.LEN);
  writer.hexBytes(ctx.spanId);
  traceState(3, ctx);
  if (link.attributes) attributes(4, link.attributes);
  writer.tag(5, Wire.VARINT);
  writer.varint(link.droppedAttributesCount || 0);
  flags(6, ctx.traceFlags, ctx.isRemote);
  writer.end(at);
}

function traceState(field: number, ctx: SpanContext): void {
  const state = ctx.traceState?.serialize();
  if (state) {
    writer.tag(field, Wire.LEN);
    writer.string(state);
  }
}

function flags(field: number, traceFlags: number, isRemote: boolean | undefined): void {
  writer.tag(field, Wire.FIXED32);
  writer.fixed32((traceFlags & 0xff) | HAS_IS_REMOTE | (isRemote ? IS_REMOTE : 0));
}

/** Nanoseconds since the epoch as fixed64, exact beyond 2^53. */
function hrTime([seconds, nanos]: HrTime): void {
  // seconds * 1e9 overflows a double's integers; split seconds at 16 bits so each product stays exact.
  const lowPart = (seconds & 0xffff) * 1e9;
  const highPart = ((seconds / 0x10000) >>> 0) * 1e9;
  const low = (lowPart >>> 0) + (((highPart & 0xffff) * 0x10000) >>> 0) + nanos;
  const high =
    Math.floor(lowPart / 0x100000000) + ((highPart / 0x10000) >>> 0) + Math.floor(low / 0x100000000);
  writer.fixed64(low >>> 0, high >>> 0);
}

/** Attributes as repeated KeyValue in `field`. */
function attributes(field: number, attrs: Attributes): void {
  for (const key in attrs) {
    if (!Object.hasOwn(attrs, key)) continue;
    writer.tag(field, Wire.LEN);
    keyValue(key, attrs[key]);
  }
}

/** Encoded `key` fields by key: a few dozen keys make up nearly every attribute a span carries. */
const keyFields = new Map<string, Uint8Array>();
/** Keys made up at run time (indexed message keys, say) are encoded each time beyond this many. */
const KEY_FIELDS_MAX = 2_048;

function keyValue(key: string, value: unknown): void {
  const at = writer.begin();
  const field = keyFields.get(key);
  if (field) writer.raw(field);
  else {
    const start = writer.pos;
    writer.tag(1, Wire.LEN);
    writer.string(key);
    if (keyFields.size < KEY_FIELDS_MAX) keyFields.set(key, writer.copyFrom(start));
  }
  writer.tag(2, Wire.LEN);
  const v = writer.begin();
  anyValue(value as AttributeValue);
  writer.end(v);
  writer.end(at);
}

function anyValue(value: unknown): void {
  switch (typeof value) {
    case 'string':
      writer.tag(1, Wire.LEN);
      writer.string(value);
      return;
    case 'boolean':
      writer.tag(2, Wire.VARINT);
      writer.varint(value ? 1 : 0);
      return;
    case 'number':
      // int_value for integers int64 can hold (powers of two past 2^53 too), else double_value.
      if (Number.isInteger(value) && value >= INT64_MIN && value < INT64_END) {
        writer.tag(3, Wire.VARINT);
        writer.varint(value);
      } else {
        writer.tag(4, Wire.FIXED64);
        writer.double(value);
      }
      return;
  }
  if (value instanceof Uint8Array) {
    writer.tag(7, Wire.LEN);
    writer.bytes(value);
  } else if (Array.isArray(value)) {
    writer.tag(5, Wire.LEN);
    const at = writer.begin();
    for (const item of value) {
      writer.tag(1, Wire.LEN);
      const one = writer.begin();
      anyValue(item);
      writer.end(one);
    }
    writer.end(at);
  } else if (typeof value === 'object' && value !== null) {
    writer.tag(6, Wire.LEN);
    const at = writer.begin();
    const obj = value as Record<string, unknown>;
    for (const k in obj) {
      if (!Object.hasOwn(obj, k)) continue;
      writer.tag(1, Wire.LEN);
      keyValue(k, obj[k]);
    }
    writer.end(at);
  }
  // Anything else (undefined, null, functions) is an empty AnyValue, as in the SDK's serializer.
}
