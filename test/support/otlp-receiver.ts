// A local OTLP/HTTP traces receiver for tests: what a collector would see.
//
// @opentelemetry/otlp-transformer 0.223.x no longer ships a generated
// protobufjs root (it has a hand-written writer and only a response reader),
// so requests are decoded with protobufjs from the small schema below: the
// OTLP trace messages with their real field numbers, enough to read spans.
import { createServer, type IncomingHttpHeaders, type IncomingMessage, type ServerResponse } from 'node:http';
import type { AddressInfo } from 'node:net';
import { gunzipSync } from 'node:zlib';
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

/** One HTTP request the receiver answered. */
export interface ReceivedRequest {
  method: string;
  path: string;
  headers: IncomingHttpHeaders;
  contentType: string;
  contentEncoding: string;
  /** Body length as sent (compressed when gzip). */
  byteLength: number;
  /** Status the receiver answered with. */
  answered: number;
  spanCount: number;
}

export interface OtlpReceiver {
  /** Base URL for OTEL_EXPORTER_OTLP_ENDPOINT (exporters append /v1/traces). */
  url: string;
  /** Full traces URL, for OTEL_EXPORTER_OTLP_TRACES_ENDPOINT. */
  tracesUrl: string;
  spans(): ReceivedSpan[];
  requests(): ReceivedRequest[];
  /** Answers `status` to every request for the next `forMs` milliseconds. */
  failWith(status: number, forMs: number): void;
  /** Answers `status` to every request until called with undefined. */
  setFailing(status: number | undefined): void;
  /** Resolves once `predicate` holds for the spans received, or rejects after `timeoutMs`. */
  waitFor(predicate: (spans: ReceivedSpan[]) => boolean, timeoutMs?: number): Promise<ReceivedSpan[]>;
  close(): Promise<void>;
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

function readRaw(req: IncomingMessage): Promise<Buffer> {
  return new Promise((resolve, reject) => {
    const chunks: Buffer[] = [];
    req.on('data', (c: Buffer) => chunks.push(c));
    req.on('end', () => resolve(Buffer.concat(chunks)));
    req.on('error', reject);
  });
}

/** Starts the receiver on a free 127.0.0.1 port. */
export async function startOtlpReceiver(): Promise<OtlpReceiver> {
  const received: ReceivedSpan[] = [];
  const requests: ReceivedRequest[] = [];
  let failing: number | undefined;
  let failUntil = 0;
  let failUntilStatus = 503;

  const answer = (res: ServerResponse, status: number, contentType: string, body: string | Buffer) => {
    res.writeHead(status, { 'content-type': contentType });
    res.end(body);
  };

  const handle = async (req: IncomingMessage, res: ServerResponse) => {
    const raw = await readRaw(req);
    const contentType = String(req.headers['content-type'] ?? '')
      .split(';')[0]
      .trim()
      .toLowerCase();
    const contentEncoding = String(req.headers['content-encoding'] ?? 'identity').toLowerCase();
    const path = new URL(req.url ?? '/', 'http://receiver').pathname;
    const record: ReceivedRequest = {
      method: req.method ?? '',
      path,
      headers: req.headers,
      contentType,
      contentEncoding,
      byteLength: raw.length,
      answered: 200,
      spanCount: 0,
    };
    requests.push(record);
    const failStatus = failing ?? (Date.now() < failUntil ? failUntilStatus : undefined);
    const reply = (status: number, text = '') => {
      record.answered = status;
      if (contentType === 'application/x-protobuf') answer(res, status, contentType, Buffer.alloc(0));
      else
        answer(
          res,
          status,
          'application/json',
          text || (status === 200 ? '{}' : JSON.stringify({ code: status, message: 'test receiver' })),
        );
    };
    if (req.method !== 'POST' || path !== '/v1/traces') return reply(404);
    if (failStatus !== undefined) return reply(failStatus);
    let body: Buffer;
    try {
      body = contentEncoding === 'gzip' ? gunzipSync(raw) : raw;
    } catch {
      return reply(400);
    }
    let spans: ReceivedSpan[];
    if (contentType === 'application/json')
      spans = normalizeRequest(JSON.parse(body.toString('utf8')) as Json);
    else if (contentType === 'application/x-protobuf') spans = normalizeRequest(decodeProtobufRequest(body));
    else return reply(415);
    record.spanCount = spans.length;
    received.push(...spans);
    reply(200);
  };

  const server = createServer((req, res) => {
    handle(req, res).catch(() => {
      if (!res.headersSent) answer(res, 400, 'application/json', '{"message":"undecodable body"}');
    });
  });
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  const url = `http://127.0.0.1:${(server.address() as AddressInfo).port}`;

  return {
    url,
    tracesUrl: `${url}/v1/traces`,
    spans: () => [...received],
    requests: () => [...requests],
    failWith(status, forMs) {
      failUntilStatus = status;
      failUntil = Date.now() + forMs;
    },
    setFailing(status) {
      failing = status;
    },
    async waitFor(predicate, timeoutMs = 15_000) {
      const deadline = Date.now() + timeoutMs;
      while (!predicate([...received])) {
        if (Date.now() > deadline)
          throw new Error(
            `OTLP receiver: condition not met within ${timeoutMs} ms (${received.length} spans)`,
          );
        await new Promise((r) => setTimeout(r, 50));
      }
      return [...received];
    },
    close: () =>
      new Promise<void>((resolve) => {
        server.close(() => resolve());
        server.closeAllConnections();
      }),
  };
}
