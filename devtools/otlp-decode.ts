// OTLP/HTTP trace requests decoded into plain spans: protobuf (with
// protobufjs, from the small schema below) and JSON alike. Shared by the test
// receiver and the benchmark's.
//
// @opentelemetry/otlp-transformer 0.223.x no longer ships a generated
// protobufjs root (it has a hand-written writer and only a response reader),
// so the schema here is the OTLP trace messages with their real field
// numbers, enough to read spans.
import protobuf from 'protobufjs';

/** One span as received, with hex ids and plain attribute values. */
export interface ReceivedSpan {
  traceId: string;
  spanId: string;
  /** Undefined for a root span. */
  parentSpanId?: string;
  name: string;
  kind: number;
  attributes: Record<string, unknown>;
  /** OTLP status code: 0 unset, 1 ok, 2 error. */
  status: { code: number; message: string };
  startTimeUnixNano: string;
  endTimeUnixNano: string;
  resource: Record<string, unknown>;
  scope: string;
  events: { name: string; timeUnixNano: string; attributes: Record<string, unknown> }[];
  links: { traceId: string; spanId: string }[];
}

const OTLP_TRACE_PROTO = `
syntax = "proto3";
package opentelemetry.proto.collector.trace.v1;
message AnyValue {
  oneof value {
    string string_value = 1; bool bool_value = 2; int64 int_value = 3; double double_value = 4;
    ArrayValue array_value = 5; KeyValueList kvlist_value = 6; bytes bytes_value = 7;
  }
}
message ArrayValue { repeated AnyValue values = 1; }
message KeyValueList { repeated KeyValue values = 1; }
message KeyValue { string key = 1; AnyValue value = 2; }
message Resource { repeated KeyValue attributes = 1; uint32 dropped_attributes_count = 2; }
message InstrumentationScope { string name = 1; string version = 2; repeated KeyValue attributes = 3; }
message Status { string message = 2; int32 code = 3; }
message Event { fixed64 time_unix_nano = 1; string name = 2; repeated KeyValue attributes = 3; }
message Link { bytes trace_id = 1; bytes span_id = 2; string trace_state = 3; repeated KeyValue attributes = 4; }
message Span {
  bytes trace_id = 1; bytes span_id = 2; string trace_state = 3; bytes parent_span_id = 4; string name = 5;
  int32 kind = 6; fixed64 start_time_unix_nano = 7; fixed64 end_time_unix_nano = 8; repeated KeyValue attributes = 9;
  repeated Event events = 11; repeated Link links = 13; Status status = 15; fixed32 flags = 16;
}
message ScopeSpans { InstrumentationScope scope = 1; repeated Span spans = 2; string schema_url = 3; }
message ResourceSpans { Resource resource = 1; repeated ScopeSpans scope_spans = 2; string schema_url = 3; }
message ExportTraceServiceRequest { repeated ResourceSpans resource_spans = 1; }
`;

const ExportTraceServiceRequest = protobuf
  .parse(OTLP_TRACE_PROTO)
  .root.lookupType('opentelemetry.proto.collector.trace.v1.ExportTraceServiceRequest');

type Json = Record<string, any>;

/** Decodes an OTLP/protobuf body into the same camelCase shape OTLP/JSON has (ids still as bytes). */
export function decodeProtobufRequest(body: Uint8Array): Json {
  const message = ExportTraceServiceRequest.decode(body);
  return ExportTraceServiceRequest.toObject(message, {
    longs: String,
    defaults: false,
    oneofs: false,
  }) as Json;
}

/** Hex of an id given as bytes (protobuf) or as hex or base64 text (OTLP/JSON). */
export function idToHex(id: unknown, bytes: number): string | undefined {
  if (id === undefined || id === null || id === '') return undefined;
  if (typeof id === 'string') {
    if (id.length === bytes * 2 && /^[0-9a-f]+$/i.test(id)) return id.toLowerCase();
    id = Buffer.from(id, 'base64');
  }
  const hex = Buffer.from(id as Uint8Array).toString('hex');
  return hex.length === 0 || /^0+$/.test(hex) ? undefined : hex;
}

function anyValue(v: Json | undefined): unknown {
  if (!v) return undefined;
  if ('stringValue' in v) return v.stringValue;
  if ('boolValue' in v) return v.boolValue;
  if ('intValue' in v) return Number(v.intValue);
  if ('doubleValue' in v) return Number(v.doubleValue);
  if ('arrayValue' in v) return ((v.arrayValue as Json)?.values ?? []).map(anyValue);
  if ('kvlistValue' in v) return keyValues((v.kvlistValue as Json)?.values);
  if ('bytesValue' in v) return Buffer.from(v.bytesValue as Uint8Array).toString('base64');
  return undefined;
}

function keyValues(list: Json[] | undefined): Record<string, unknown> {
  const out: Record<string, unknown> = {};
  for (const kv of list ?? []) out[kv.key as string] = anyValue(kv.value as Json | undefined);
  return out;
}

/** Flattens an ExportTraceServiceRequest (JSON form) into {@link ReceivedSpan}s. */
export function normalizeRequest(request: Json): ReceivedSpan[] {
  const spans: ReceivedSpan[] = [];
  for (const rs of (request.resourceSpans ?? []) as Json[]) {
    const resource = keyValues(rs.resource?.attributes);
    for (const ss of (rs.scopeSpans ?? []) as Json[]) {
      for (const s of (ss.spans ?? []) as Json[]) {
        spans.push({
          traceId: idToHex(s.traceId, 16) ?? '',
          spanId: idToHex(s.spanId, 8) ?? '',
          parentSpanId: idToHex(s.parentSpanId, 8),
          name: s.name ?? '',
          kind: Number(s.kind ?? 0),
          attributes: keyValues(s.attributes),
          status: { code: Number(s.status?.code ?? 0), message: String(s.status?.message ?? '') },
          startTimeUnixNano: String(s.startTimeUnixNano ?? '0'),
          endTimeUnixNano: String(s.endTimeUnixNano ?? '0'),
          resource,
          scope: String(ss.scope?.name ?? ''),
          events: ((s.events ?? []) as Json[]).map((e) => ({
            name: String(e.name ?? ''),
            timeUnixNano: String(e.timeUnixNano ?? '0'),
            attributes: keyValues(e.attributes),
          })),
          links: ((s.links ?? []) as Json[]).map((l) => ({
            traceId: idToHex(l.traceId, 16) ?? '',
            spanId: idToHex(l.spanId, 8) ?? '',
          })),
        });
      }
    }
  }
  return spans;
}

/** The spans of a request body by its content type; undefined for a type OTLP/HTTP does not use. */
export function decodeRequest(contentType: string, body: Buffer): ReceivedSpan[] | undefined {
  if (contentType === 'application/json') return normalizeRequest(JSON.parse(body.toString('utf8')) as Json);
  if (contentType === 'application/x-protobuf') return normalizeRequest(decodeProtobufRequest(body));
  return undefined;
}
