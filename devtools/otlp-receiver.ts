// A local OTLP/HTTP traces receiver: what a collector would see. Tests keep
// every span it decodes; the benchmark only tallies them (onSpans, keepSpans
// false), one sink per URL path prefix (`/<sink>/v1/traces`).
import { createServer, type IncomingHttpHeaders, type IncomingMessage, type ServerResponse } from 'node:http';
import type { AddressInfo } from 'node:net';
import { gunzipSync } from 'node:zlib';
import { decodeRequest, type ReceivedSpan } from './otlp-decode.js';
import { countProtobufSpans } from './otlp-span-count.js';

export type { ReceivedSpan } from './otlp-decode.js';

/** One HTTP request the receiver answered. */
export interface ReceivedRequest {
  method: string;
  path: string;
  headers: IncomingHttpHeaders;
  contentType: string;
  contentEncoding: string;
  /** Body length as sent (compressed when gzip). */
  byteLength: number;
  /** Body length after decompression (the OTLP message itself). */
  decodedLength: number;
  /** The path's prefix before `/v1/traces` without its slashes ('' for `/v1/traces`). */
  sink: string;
  /** Status the receiver answered with. */
  answered: number;
  spanCount: number;
}

export interface OtlpReceiver {
  /** Base URL for OTEL_EXPORTER_OTLP_ENDPOINT (exporters append /v1/traces). */
  url: string;
  /** Full traces URL, for OTEL_EXPORTER_OTLP_TRACES_ENDPOINT. */
  tracesUrl: string;
  /** Traces URL of a sink: `${url}/${sink}/v1/traces`. */
  sinkUrl(sink: string): string;
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

function readRaw(req: IncomingMessage): Promise<Buffer> {
  return new Promise((resolve, reject) => {
    const chunks: Buffer[] = [];
    req.on('data', (c: Buffer) => chunks.push(c));
    req.on('end', () => resolve(Buffer.concat(chunks)));
    req.on('error', reject);
  });
}

/** Options of {@link startOtlpReceiver}. */
export interface OtlpReceiverOptions {
  /** Keep every request and span for `spans()`/`requests()` (default true). */
  keep?: boolean;
  /**
   * Protobuf bodies are only counted (`spanCount`), not decoded, and
   * `onRequest` gets no spans; for a benchmark's stand-in backend, whose CPU
   * shares the machine with what is measured. Implies `keep: false`.
   */
  countOnly?: boolean;
  /** Called for each request once answered, with its spans when it was answered 200 (and decoded). */
  onRequest?: (request: ReceivedRequest, spans?: ReceivedSpan[]) => void;
}

const TRACES_PATH = /^(?:\/([^/]+))?\/v1\/traces$/;

/** Starts the receiver on a free 127.0.0.1 port. */
export async function startOtlpReceiver(options: OtlpReceiverOptions = {}): Promise<OtlpReceiver> {
  const keep = !options.countOnly && (options.keep ?? true);
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
    const sink = TRACES_PATH.exec(path);
    const record: ReceivedRequest = {
      method: req.method ?? '',
      path,
      headers: req.headers,
      contentType,
      contentEncoding,
      byteLength: raw.length,
      decodedLength: 0,
      sink: sink?.[1] ?? '',
      answered: 200,
      spanCount: 0,
    };
    if (keep) requests.push(record);
    const failStatus = failing ?? (Date.now() < failUntil ? failUntilStatus : undefined);
    const reply = (status: number, spans?: ReceivedSpan[]) => {
      record.answered = status;
      options.onRequest?.(record, spans);
      if (contentType === 'application/x-protobuf') answer(res, status, contentType, Buffer.alloc(0));
      else
        answer(
          res,
          status,
          'application/json',
          status === 200 ? '{}' : JSON.stringify({ code: status, message: 'test receiver' }),
        );
    };
    if (req.method !== 'POST' || !sink) return reply(404);
    if (failStatus !== undefined) return reply(failStatus);
    let body: Buffer;
    try {
      body = contentEncoding === 'gzip' ? gunzipSync(raw) : raw;
    } catch {
      return reply(400);
    }
    if (options.countOnly && contentType === 'application/x-protobuf') {
      try {
        record.spanCount = countProtobufSpans(body);
      } catch {
        return reply(400);
      }
      record.decodedLength = body.length;
      return reply(200);
    }
    let spans: ReceivedSpan[] | undefined;
    try {
      spans = decodeRequest(contentType, body);
    } catch {
      return reply(400);
    }
    if (!spans) return reply(415);
    record.decodedLength = body.length;
    record.spanCount = spans.length;
    if (keep) received.push(...spans);
    reply(200, spans);
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
    sinkUrl: (name) => `${url}/${name}/v1/traces`,
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
