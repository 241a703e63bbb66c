import { createServer, type IncomingHttpHeaders, type Server } from 'node:http';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { authCheck } from '../../src/ingest/index.js';

let server: Server;
let host: string;
const seen: { path?: string; headers?: IncomingHttpHeaders }[] = [];

beforeAll(async () => {
  server = createServer((req, res) => {
    seen.push({ path: req.url, headers: req.headers });
    const ok = req.headers.authorization === 'Basic ' + Buffer.from('pk-good:sk-good-123').toString('base64');
    res
      .writeHead(ok ? 200 : 401, { 'content-type': 'application/json' })
      .end(ok ? '{"data":[]}' : '{"message":"Unauthorized"}');
  });
  await new Promise<void>((r) => server.listen(0, '127.0.0.1', r));
  host = `http://127.0.0.1:${(server.address() as { port: number }).port}`;
});
afterAll(() => new Promise<void>((r) => server.close(() => r())));

const creds = (secretKey: string) => ({
  name: 'interactiveai',
  host,
  publicKey: 'pk-good',
  secretKey,
  extraHeaders: {},
});

describe('authCheck', () => {
  it('accepts good keys with GET /api/public/projects and Basic auth', async () => {
    const result = await authCheck(creds('sk-good-123'));
    expect(result).toMatchObject({ ok: true, status: 200, destination: 'interactiveai' });
    expect(seen.at(-1)?.path).toBe('/api/public/projects');
  });

  it('explains a rejected key pair without echoing it', async () => {
    const result = await authCheck(creds('sk-WRONG-secret'));
    expect(result.ok).toBe(false);
    expect(result.status).toBe(401);
    expect(result.message).toMatch(/key pair was rejected/);
    expect(JSON.stringify(result)).not.toContain('sk-WRONG-secret');
  });

  it('reports an unreachable host in one line', async () => {
    const result = await authCheck({ ...creds('x'), host: 'http://127.0.0.1:1' });
    expect(result.ok).toBe(false);
    expect(result.message).toMatch(/^cannot reach http:\/\/127\.0\.0\.1:1: /);
    expect(result.message).not.toContain('\n');
  });
});
