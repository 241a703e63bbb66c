// The benchmark's OTLP/HTTP traces receiver, run by the orchestrator. Each
// mode exports to its own path (`/<sink>/v1/traces`), so one server keeps the
// modes apart. Per sink it keeps: spans per trace id, the arrival time of the
// last span of each trace, which trace belongs to which workflow id, and
// duplicates (a span id received twice).
import { createServer, type IncomingMessage, type ServerResponse } from 'node:http';
import type { AddressInfo } from 'node:net';
import { gunzipSync } from 'node:zlib';
import { readExportRequest } from './otlp-wire.js';

/** What one sink (one mode run) received. */
export interface SinkTally {
  spans: number;
  requests: number;
  bytes: number;
  duplicates: number;
  decodeErrors: number;
  /** Spans per trace id. */
  perTrace: Map<string, number>;
  /** Wall-clock ms at which the latest span of each trace arrived. */
  lastArrival: Map<string, number>;
  /** Workflow id → trace id, from the spans that carry a workflow id. */
  traceOfWorkflow: Map<string, string>;
  /** Every span id received (for duplicate detection). */
  spanIds: Set<string>;
  /** Spans per name prefix (`RunWorkflow`, `agent`, `OpenAI`, …), for the doc. */
  byKind: Map<string, number>;
}

export interface BenchReceiver {
  /** Base URL; a sink's traces URL is `${url}/${sink}/v1/traces`. */
  url: string;
  tracesUrl(sink: string): string;
  tally(sink: string): SinkTally;
  close(): Promise<void>;
}

function emptyTally(): SinkTally {
  return {
    spans: 0,
    requests: 0,
    bytes: 0,
    duplicates: 0,
    decodeErrors: 0,
    perTrace: new Map(),
    lastArrival: new Map(),
    traceOfWorkflow: new Map(),
    spanIds: new Set(),
    byKind: new Map(),
  };
}

function kindOf(name: string): string {
  const cut = name.search(/[: ]/);
  return cut > 0 ? name.slice(0, cut) : name;
}

/** Starts the receiver on a free loopback port. */
export async function startBenchReceiver(): Promise<BenchReceiver> {
  const sinks = new Map<string, SinkTally>();
  const tally = (sink: string): SinkTally => {
    let t = sinks.get(sink);
    if (!t) sinks.set(sink, (t = emptyTally()));
    return t;
  };

  const record = (sink: string, body: Buffer): void => {
    const now = Date.now();
    const t = tally(sink);
    t.requests++;
    t.bytes += body.length;
    let spans;
    try {
      spans = readExportRequest(body);
    } catch {
      t.decodeErrors++;
      return;
    }
    for (const span of spans) {
      const key = `${span.traceId}/${span.spanId}`;
      if (t.spanIds.has(key)) {
        t.duplicates++;
        continue;
      }
      t.spanIds.add(key);
      t.spans++;
      t.perTrace.set(span.traceId, (t.perTrace.get(span.traceId) ?? 0) + 1);
      t.lastArrival.set(span.traceId, now);
      const kind = kindOf(span.name);
      t.byKind.set(kind, (t.byKind.get(kind) ?? 0) + 1);
      if (span.workflowId && !t.traceOfWorkflow.has(span.workflowId))
        t.traceOfWorkflow.set(span.workflowId, span.traceId);
    }
  };

  const handle = (req: IncomingMessage, res: ServerResponse): void => {
    const match = /^\/([^/]+)\/v1\/traces$/.exec(req.url ?? '');
    const chunks: Buffer[] = [];
    req.on('data', (c: Buffer) => chunks.push(c));
    req.on('end', () => {
      if (req.method !== 'POST' || !match) {
        res.writeHead(404).end();
        return;
      }
      let body = Buffer.concat(chunks);
      if (req.headers['content-encoding'] === 'gzip') body = gunzipSync(body);
      record(match[1], body);
      // An empty ExportTraceServiceResponse: full success.
      res.writeHead(200, { 'content-type': 'application/x-protobuf' }).end();
    });
  };

  const server = createServer(handle);
  server.keepAliveTimeout = 60_000;
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  const url = `http://127.0.0.1:${(server.address() as AddressInfo).port}`;
  return {
    url,
    tracesUrl: (sink) => `${url}/${sink}/v1/traces`,
    tally,
    close: () =>
      new Promise<void>((resolve) => {
        server.closeAllConnections();
        server.close(() => resolve());
      }),
  };
}
