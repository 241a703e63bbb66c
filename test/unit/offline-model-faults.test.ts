import OpenAI, { APIConnectionTimeoutError, InternalServerError, RateLimitError } from 'openai';
import { afterAll, afterEach, beforeAll, describe, expect, it } from 'vitest';
import { parseFaults, startOfflineModel } from '../../offline-model/index.js';
import type { OfflineModelServer } from '../../offline-model/index.js';
import { until } from '../support/poll.js';

describe('parseFaults', () => {
  it('parses every item kind', () => {
    expect(parseFaults('429x2@1, 500x1,malformedx1,latency=250,latency=50x3,hangx1,holdx2')).toEqual([
      { kind: 'status', status: 429, times: 2, retryAfterSeconds: 1 },
      { kind: 'status', status: 500, times: 1 },
      { kind: 'malformed', times: 1 },
      { kind: 'latency', ms: 250 },
      { kind: 'latency', ms: 50, times: 3 },
      { kind: 'hang', times: 1 },
      { kind: 'hold', times: 2 },
    ]);
    expect(parseFaults('')).toEqual([]);
  });

  it.each(['429', 'x2', '200x1', 'latency=fast', 'boom'])('rejects %s with a one-line message', (item) => {
    expect(() => parseFaults(`500x1,${item}`)).toThrow(
      `OFFLINE_MODEL_FAULTS: cannot parse "${item}": expected e.g. 429x2@1, 500x1, malformedx1, latency=250, hangx1, holdx1`,
    );
  });
});

describe('fault injection with the openai client', () => {
  let server: OfflineModelServer;
  let client: OpenAI;
  const ask = () => client.responses.create({ model: 'gpt-4o', input: 'hi' });

  beforeAll(async () => {
    server = await startOfflineModel();
    client = new OpenAI({ baseURL: server.url, apiKey: 'offline', maxRetries: 0 });
  });
  afterEach(() => server.setFaults([]));
  afterAll(() => server.close());

  it('returns 429 with retry-after headers, then recovers once the rule is spent', async () => {
    server.setFaults([{ kind: 'status', status: 429, times: 1, retryAfterSeconds: 2 }]);
    const before = server.stats().faultsInjected;
    const error = await ask().catch((e: unknown) => e);
    expect(error).toBeInstanceOf(RateLimitError);
    const rateLimit = error as RateLimitError;
    expect(rateLimit.headers?.get('retry-after')).toBe('2');
    expect(rateLimit.headers?.get('retry-after-ms')).toBe('2000');
    expect(rateLimit.headers?.get('x-offline-model')).toBe('1');
    expect(rateLimit.code).toBe('rate_limit_exceeded');
    expect((await ask()).output_text).toContain('[offline model]');
    expect(server.stats().faultsInjected).toBe(before + 1);
  });

  it('returns a 500 as InternalServerError', async () => {
    server.setFaults([{ kind: 'status', status: 500, times: 1 }]);
    await expect(ask()).rejects.toBeInstanceOf(InternalServerError);
  });

  it('lets the client retry through a fault that fires twice', async () => {
    // retry-after 0 makes the client retry at once instead of backing off.
    server.setFaults(parseFaults('503x2@0'));
    const retrying = new OpenAI({ baseURL: server.url, apiKey: 'offline', maxRetries: 2 });
    const before = server.stats().byPath['/v1/responses'] ?? 0;
    const response = await retrying.responses.create({ model: 'gpt-4o', input: 'retry me' });
    expect(response.output_text).toContain('retry me');
    expect((server.stats().byPath['/v1/responses'] ?? 0) - before).toBe(3);
  });

  it('makes the client throw on a malformed body, streaming or not', async () => {
    server.setFaults([{ kind: 'malformed', times: 2 }]);
    await expect(ask()).rejects.toThrow(SyntaxError);
    // logLevel off: the client would print the broken chunk to stderr.
    const quiet = new OpenAI({ baseURL: server.url, apiKey: 'offline', maxRetries: 0, logLevel: 'off' });
    const consume = async () => {
      const stream = await quiet.responses.create({ model: 'gpt-4o', input: 'hi', stream: true });
      for await (const _event of stream) {
        // draining is enough: the first event is broken
      }
    };
    await expect(consume()).rejects.toThrow(/malformed|JSON/);
    expect((await ask()).status).toBe('completed');
  });

  it('delays requests with a latency rule and only on the matching path', async () => {
    server.setFaults([{ kind: 'latency', ms: 150, path: '/responses' }]);
    let started = Date.now();
    await client.models.list();
    expect(Date.now() - started).toBeLessThan(150);
    started = Date.now();
    await ask();
    expect(Date.now() - started).toBeGreaterThanOrEqual(140);
  });

  it('hangs until the client gives up', async () => {
    server.setFaults([{ kind: 'hang', times: 1 }]);
    const impatient = new OpenAI({ baseURL: server.url, apiKey: 'offline', maxRetries: 0, timeout: 200 });
    await expect(impatient.responses.create({ model: 'gpt-4o', input: 'hi' })).rejects.toBeInstanceOf(
      APIConnectionTimeoutError,
    );
    expect((await ask()).status).toBe('completed');
  });

  it('holds a request until released, in code or over the admin endpoint, then answers it', async () => {
    server.setFaults([{ kind: 'hold', times: 2 }]);
    let answered = 0;
    const first = ask().then((r) => (answered++, r));
    await until('one request held', () => server.stats().held === 1 || undefined);
    expect(answered).toBe(0);
    server.release();
    expect((await first).status).toBe('completed');

    const second = ask();
    await until('another request held', () => server.stats().held === 1 || undefined);
    await fetch(`${server.url.replace(/\/v1$/, '')}/__offline/release`, { method: 'POST' });
    expect((await second).status).toBe('completed');
    expect(server.stats().held).toBe(0);
  });

  it('accepts a fault plan and reports stats over the admin endpoints', async () => {
    const base = server.url.replace(/\/v1$/, '');
    const before = server.stats();
    const set = await fetch(`${base}/__offline/faults`, {
      method: 'POST',
      body: JSON.stringify([{ kind: 'status', status: 502, times: 1 }]),
    });
    expect(await set.json()).toEqual({ ok: true, faults: 1 });
    await expect(ask()).rejects.toMatchObject({ status: 502 });
    await ask();

    const stats = (await (await fetch(`${base}/__offline/stats`)).json()) as ReturnType<
      OfflineModelServer['stats']
    >;
    expect(stats.requests).toBe(before.requests + 2);
    expect(stats.byPath['/v1/responses']).toBe((before.byPath['/v1/responses'] ?? 0) + 2);
    expect(stats.faultsInjected).toBe(before.faultsInjected + 1);

    const rejected = await fetch(`${base}/__offline/faults`, {
      method: 'POST',
      body: JSON.stringify([{ kind: 'explode' }]),
    });
    expect(rejected.status).toBe(400);
    expect(((await rejected.json()) as { error: { message: string } }).error.message).toContain(
      'kind must be one of',
    );
  });
});

describe('close()', () => {
  it('resolves promptly with keep-alive and hung connections open', async () => {
    const server = await startOfflineModel({ faults: [{ kind: 'hang', times: 1, path: '/responses' }] });
    const client = new OpenAI({ baseURL: server.url, apiKey: 'offline', maxRetries: 0 });
    const hung = client.responses
      .create({ model: 'gpt-4o', input: 'never answered' })
      .catch((e: unknown) => e);
    await fetch(`${server.url}/models`); // leaves a keep-alive socket behind
    while (server.stats().faultsInjected === 0) await new Promise((resolve) => setTimeout(resolve, 10));
    const started = Date.now();
    await server.close();
    expect(Date.now() - started).toBeLessThan(1_000);
    expect(await hung).toBeInstanceOf(Error);
  });
});
