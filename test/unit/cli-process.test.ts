// The package's CLI as an operator runs it: a process, its output and exit code.
import { createServer, type Server } from 'node:http';
import type { AddressInfo } from 'node:net';
import { fileURLToPath } from 'node:url';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { childEnv, spawnCaptured } from '../support/child.js';

const ROOT = fileURLToPath(new URL('../..', import.meta.url));
const PK = 'pk-cli-PLANTED-1234';
const SK = 'sk-cli-PLANTED-5678';

async function cli(args: string[], env: Record<string, string>) {
  const proc = spawnCaptured(process.execPath, ['--import', 'tsx', 'src/cli.ts', ...args], {
    cwd: ROOT,
    env: childEnv(env),
  });
  const code = await proc.exited;
  return { code, stdout: proc.stdout(), stderr: proc.stderr() };
}

let ingest: Server;
let host: string;
beforeAll(async () => {
  const good = `Basic ${Buffer.from(`${PK}:${SK}`).toString('base64')}`;
  ingest = createServer((req, res) => {
    const ok = req.url === '/api/public/projects' && req.headers.authorization === good;
    res
      .writeHead(ok ? 200 : 401, { 'content-type': 'application/json' })
      .end(ok ? '{"data":[]}' : '{"message":"no"}');
  });
  await new Promise<void>((r) => ingest.listen(0, '127.0.0.1', r));
  host = `http://127.0.0.1:${(ingest.address() as AddressInfo).port}`;
});
afterAll(() => new Promise<void>((r) => ingest.close(() => r())));

describe('temporal-agents-otel CLI', () => {
  it('check-config prints where spans would go', async () => {
    const out = await cli(['check-config'], {
      OTEL_EXPORTER_OTLP_ENDPOINT: 'http://127.0.0.1:4318',
      OTEL_SERVICE_NAME: 'svc',
    });
    expect(out.code).toBe(0);
    expect(out.stdout).toContain('service: svc; sampler: parentbased_always_on');
    expect(out.stdout).toContain('otlp → http://127.0.0.1:4318/v1/traces (http/protobuf)');
  });

  it('check-config stops at a wrong value with one line naming the variable', async () => {
    const out = await cli(['check-config'], { OPENINFERENCE_HIDE_INPUTS: '1' });
    expect(out.code).toBe(1);
    expect(out.stderr.trim()).toBe('configuration error: OPENINFERENCE_HIDE_INPUTS: expected true or false');
  });

  it('auth-check accepts good ingest credentials and fails on bad ones, never printing them', async () => {
    const good = await cli(['auth-check'], {
      INTERACTIVEAI_PUBLIC_KEY: PK,
      INTERACTIVEAI_SECRET_KEY: SK,
      INTERACTIVEAI_HOST: host,
    });
    expect(good.code, good.stdout + good.stderr).toBe(0);
    expect(good.stdout).toMatch(/^ok {3}interactiveai at .*: credentials accepted/m);
    const bad = await cli(['auth-check'], {
      INTERACTIVEAI_PUBLIC_KEY: PK,
      INTERACTIVEAI_SECRET_KEY: 'sk-wrong-PLANTED-0000',
      INTERACTIVEAI_HOST: host,
    });
    expect(bad.code).toBe(1);
    expect(bad.stdout).toMatch(/^FAIL interactiveai at .*: HTTP 401/m);
    for (const out of [good, bad]) expect(out.stdout + out.stderr).not.toMatch(/PLANTED/);
  });

  it('auth-check with no ingest configured says what to set, and fails', async () => {
    const out = await cli(['auth-check'], {});
    expect(out.code).toBe(1);
    expect(out.stdout).toContain('no ingest configured');
  });
});
