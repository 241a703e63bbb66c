import { createServer, type IncomingHttpHeaders } from 'node:http';
import type { AddressInfo } from 'node:net';

/** One request as the ingest receiver saw it. */
export interface IngestRequest {
  method: string;
  path: string;
  headers: IncomingHttpHeaders;
  contentType: string | undefined;
  contentEncoding: string | undefined;
  bodyLength: number;
  /** Raw body, still compressed if it was sent compressed. */
  body: Buffer;
  /** Status this receiver answered with. */
  status: number;
}

/** A local stand-in for a Langfuse-compatible OTLP ingest. */
export interface IngestReceiver {
  /** Base URL, as INTERACTIVEAI_HOST. */
  url: string;
  requests: IngestRequest[];
  /** Polls until a recorded request matches, or throws after `timeoutMs` listing what arrived. */
  waitFor(match: (req: IngestRequest) => boolean, timeoutMs?: number): Promise<IngestRequest>;
  close(): Promise<void>;
}

/**
 * Starts an HTTP server on 127.0.0.1 that records every request and answers
 * like an OTLP/HTTP endpoint (200 with an empty protobuf response). The first
 * `failFirst` requests get 503, so tests can prove the collector retries.
 */
export async function startIngestReceiver(options: { failFirst?: number } = {}): Promise<IngestReceiver> {
  const requests: IngestRequest[] = [];
  let toFail = options.failFirst ?? 0;
  const server = createServer((req, res) => {
    const chunks: Buffer[] = [];
    req.on('data', (c: Buffer) => chunks.push(c));
    req.on('end', () => {
      const body = Buffer.concat(chunks);
      const status = toFail > 0 ? 503 : 200;
      if (toFail > 0) toFail--;
      requests.push({
        method: req.method ?? '',
        path: req.url ?? '',
        headers: req.headers,
        contentType: req.headers['content-type'],
        contentEncoding: req.headers['content-encoding'],
        bodyLength: body.length,
        body,
        status,
      });
      // An empty ExportTraceServiceResponse is a zero-length protobuf message.
      res.writeHead(status, { 'content-type': 'application/x-protobuf', 'content-length': '0' }).end();
    });
  });
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  const { port } = server.address() as AddressInfo;
  return {
    url: `http://127.0.0.1:${port}`,
    requests,
    async waitFor(match, timeoutMs = 30_000) {
      const deadline = Date.now() + timeoutMs;
      while (Date.now() < deadline) {
        const found = requests.find(match);
        if (found) return found;
        await new Promise((r) => setTimeout(r, 100));
      }
      const seen = requests.map((r) => `${r.method} ${r.path} -> ${r.status} (${r.bodyLength} B)`).join('; ');
      throw new Error(`no matching ingest request after ${timeoutMs} ms; received: ${seen || 'nothing'}`);
    },
    close: () =>
      new Promise<void>((resolve) => {
        server.closeAllConnections();
        server.close(() => resolve());
      }),
  };
}
