// An HTTP proxy that holds each request for a settable delay before passing
// it on: a slow backend in front of a test receiver, so spans are still in
// flight when something happens to the sender.
import { createServer, request } from 'node:http';
import type { AddressInfo } from 'node:net';

export interface DelayProxy {
  /** Base URL to send to instead of the target. */
  url: string;
  /** Delay applied to requests that arrive from now on. */
  setDelay(ms: number): void;
  /** Requests received but not yet answered. */
  inFlight(): number;
  /** Requests received so far. */
  received(): number;
  close(): Promise<void>;
}

/** Starts a proxy on 127.0.0.1 forwarding to `target` (a base URL) after `delayMs`. */
export async function startDelayProxy(target: string, delayMs = 0): Promise<DelayProxy> {
  let delay = delayMs;
  let pending = 0;
  let count = 0;
  const to = new URL(target);
  const server = createServer((req, res) => {
    pending++;
    count++;
    const held = delay;
    const chunks: Buffer[] = [];
    req.on('data', (c: Buffer) => chunks.push(c));
    req.on('end', () => {
      setTimeout(() => {
        const upstream = request(
          { host: to.hostname, port: to.port, path: req.url, method: req.method, headers: req.headers },
          (answer) => {
            res.writeHead(answer.statusCode ?? 502, answer.headers);
            answer.pipe(res);
            answer.on('end', () => pending--);
          },
        );
        upstream.on('error', () => {
          pending--;
          if (!res.headersSent) res.writeHead(502).end();
        });
        upstream.end(Buffer.concat(chunks));
      }, held);
    });
  });
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  return {
    url: `http://127.0.0.1:${(server.address() as AddressInfo).port}`,
    setDelay: (ms) => void (delay = ms),
    inFlight: () => pending,
    received: () => count,
    close: () =>
      new Promise<void>((resolve) => {
        server.close(() => resolve());
        server.closeAllConnections();
      }),
  };
}
