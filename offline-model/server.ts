/**
 * The offline model's HTTP server: routing, the fault plan, latency, stats
 * and a prompt shutdown even with keep-alive or hung connections.
 */
import { createServer } from 'node:http';
import type { IncomingMessage, ServerResponse } from 'node:http';
import type { AddressInfo } from 'node:net';
import { setTimeout as sleep } from 'node:timers/promises';
import { handleChatCompletions } from './chat-completions-api.js';
import { FaultPlan, validateFaultRules } from './faults.js';
import type { FaultRule } from './faults.js';
import { FIXED_CREATED_AT, hashBody, readBody, sendError, sendJson } from './http-util.js';
import { handleResponses } from './responses-api.js';
import { createMessagesHandler, sendAnthropicError } from './messages-api.js';
import { startSse } from './sse.js';

/** Options for {@link startOfflineModel}. */
export interface OfflineModelOptions {
  /** Interface to bind; default 127.0.0.1. */
  host?: string;
  /** Port to bind; default 0 picks a free port. */
  port?: number;
  /** Delay added to every API request before it is answered. */
  latencyMs?: number;
  /** Initial fault plan. */
  faults?: FaultRule[];
  /** Receives one line per request, e.g. for a CLI's verbose mode. */
  log?: (line: string) => void;
}

/** Request counters; admin endpoints are not counted. */
export interface OfflineModelStats {
  requests: number;
  byPath: Record<string, number>;
  faultsInjected: number;
  /** Requests held by a `hold` fault right now. */
  held: number;
}

/** A running offline model. */
export interface OfflineModelServer {
  /** Base URL ending in `/v1`, ready for an OpenAI client's `baseURL`. */
  url: string;
  port: number;
  /** Replaces the fault plan; throws on an invalid rule. */
  setFaults(rules: FaultRule[]): void;
  stats(): OfflineModelStats;
  /** Lets every request held by a `hold` fault go on to its answer. */
  release(): void;
  /** Stops listening and drops every connection, including hung ones. */
  close(): Promise<void>;
}

const ADMIN_PREFIX = '/__offline/';
const MODELS = ['gpt-4.1', 'gpt-4.1-mini', 'gpt-4o', 'gpt-4o-mini', 'gpt-5', 'gpt-5-mini', 'o4-mini'];

type Json = Record<string, unknown>;
type ParsedBody = { ok: true; value: unknown } | { ok: false };

/** Starts an OpenAI-compatible server that answers with synthetic, deterministic content. */
export async function startOfflineModel(opts: OfflineModelOptions = {}): Promise<OfflineModelServer> {
  const host = opts.host ?? '127.0.0.1';
  const plan = new FaultPlan(opts.faults ?? []);
  const counts = { requests: 0, byPath: {} as Record<string, number> };
  // Aborted on close so pending latency timers do not keep the process alive.
  const closing = new AbortController();
  const log = opts.log ?? (() => undefined);
  const held = new Set<() => void>();
  // Prompt prefixes "cached" by Messages requests, so a repeat reads what the first wrote.
  const handleMessages = createMessagesHandler(new Set());
  const release = (): void => {
    for (const go of held) go();
    held.clear();
  };
  closing.signal.addEventListener('abort', release);

  const wait = async (ms: number): Promise<void> => {
    if (ms > 0) await sleep(ms, undefined, { signal: closing.signal }).catch(() => undefined);
  };

  const handle = async (req: IncomingMessage, res: ServerResponse): Promise<void> => {
    res.setHeader('x-offline-model', '1');
    const path = new URL(req.url ?? '/', 'http://offline').pathname.replace(/\/+$/, '') || '/';
    const method = req.method ?? 'GET';
    const raw = await readBody(req);
    if (path.startsWith(ADMIN_PREFIX)) return handleAdmin(method, path, parse(raw), res);

    counts.requests += 1;
    counts.byPath[path] = (counts.byPath[path] ?? 0) + 1;
    const body = parse(raw);
    await wait(opts.latencyMs ?? 0);
    for (const fault of plan.take(path)) {
      if (fault.kind === 'latency') {
        await wait(fault.ms);
        continue;
      }
      if (closing.signal.aborted) return;
      log(`${method} ${path} fault ${describeFault(fault)}`);
      if (fault.kind === 'hold') {
        await new Promise<void>((go) => held.add(go));
        continue;
      }
      if (fault.kind === 'hang') return;
      if (fault.kind === 'malformed')
        return sendMalformed(res, body.ok && (body.value as Json)?.stream === true);
      if (path === '/v1/messages') return sendAnthropicError(res, fault.status, fault.retryAfterSeconds);
      return sendStatusFault(res, fault.status, fault.retryAfterSeconds, req.headers.authorization);
    }
    if (closing.signal.aborted || res.destroyed) return;
    const outcome = route(method, path, body, raw, res, handleMessages);
    log(`${method} ${path} ${res.statusCode} ${outcome}`);
  };

  const handleAdmin = (method: string, path: string, body: ParsedBody, res: ServerResponse): void => {
    if (method === 'GET' && path === '/__offline/stats') return sendJson(res, 200, stats());
    if (method === 'POST' && path === '/__offline/release') {
      release();
      return sendJson(res, 200, { ok: true });
    }
    if (method === 'POST' && path === '/__offline/faults') {
      if (!body.ok) return sendError(res, 400, 'fault plan body is not valid JSON', { code: 'invalid_json' });
      try {
        const rules = validateFaultRules(body.value);
        plan.replace(rules);
        log(`fault plan replaced: ${rules.map(describeFault).join(', ') || 'none'}`);
        return sendJson(res, 200, { ok: true, faults: rules.length });
      } catch (error) {
        return sendError(res, 400, (error as Error).message, { code: 'invalid_fault_plan' });
      }
    }
    return notFound(res, method, path);
  };

  const stats = (): OfflineModelStats => ({
    requests: counts.requests,
    byPath: { ...counts.byPath },
    faultsInjected: plan.faultsInjected,
    held: held.size,
  });

  const server = createServer((req, res) => {
    // A client that hangs up mid-write must not crash the server.
    res.on('error', () => undefined);
    handle(req, res).catch((error: unknown) => {
      if (!res.headersSent) sendError(res, 500, `offline model internal error: ${(error as Error).message}`);
      else res.destroy();
    });
  });
  await new Promise<void>((resolve, reject) => {
    server.once('error', reject);
    server.listen(opts.port ?? 0, host, () => {
      server.off('error', reject);
      resolve();
    });
  });
  const port = (server.address() as AddressInfo).port;
  const urlHost = host.includes(':') ? `[${host}]` : host;

  let closed: Promise<void> | undefined;
  return {
    url: `http://${urlHost}:${port}/v1`,
    port,
    setFaults: (rules) => plan.replace(validateFaultRules(rules)),
    stats,
    release,
    close: () => {
      closed ??= new Promise<void>((resolve) => {
        closing.abort();
        server.close(() => resolve());
        server.closeAllConnections();
      });
      return closed;
    },
  };
}

function parse(raw: string): ParsedBody {
  if (raw.trim() === '') return { ok: true, value: undefined };
  try {
    return { ok: true, value: JSON.parse(raw) as unknown };
  } catch {
    return { ok: false };
  }
}

type Handler = (body: Json, res: ServerResponse, seed: string) => string;

function route(
  method: string,
  path: string,
  body: ParsedBody,
  raw: string,
  res: ServerResponse,
  handleMessages: Handler,
): string {
  if (method === 'GET' && path === '/v1/models') {
    sendJson(res, 200, { object: 'list', data: MODELS.map(modelObject) });
    return 'models';
  }
  if (method === 'GET' && path.startsWith('/v1/models/')) {
    sendJson(res, 200, modelObject(decodeURIComponent(path.slice('/v1/models/'.length))));
    return 'model';
  }
  // Azure OpenAI's deployment paths: the deployment is the model.
  const azure = /^\/openai\/deployments\/([^/]+)\/chat\/completions$/.exec(path);
  if (method === 'POST' && azure && body.ok && typeof body.value === 'object' && body.value !== null) {
    const value = { model: decodeURIComponent(azure[1]!), ...(body.value as Json) };
    return handleChatCompletions(value, res, hashBody(raw));
  }
  const handler =
    method === 'POST' && path === '/v1/responses'
      ? handleResponses
      : method === 'POST' && path === '/v1/chat/completions'
        ? handleChatCompletions
        : method === 'POST' && path === '/v1/messages'
          ? handleMessages
          : undefined;
  if (!handler) {
    notFound(res, method, path);
    return 'not found';
  }
  if (!body.ok) {
    sendError(res, 400, 'We could not parse the JSON body of your request. (offline model)', {
      code: 'invalid_json',
    });
    return 'invalid json';
  }
  const value = body.value;
  if (typeof value !== 'object' || value === null || Array.isArray(value)) {
    sendError(res, 400, 'The request body must be a JSON object. (offline model)', {
      code: 'invalid_request',
    });
    return 'invalid body';
  }
  return handler(value as Json, res, hashBody(raw));
}

function modelObject(id: string): Json {
  return { id, object: 'model', created: FIXED_CREATED_AT, owned_by: 'offline-model' };
}

function notFound(res: ServerResponse, method: string, path: string): void {
  sendError(
    res,
    404,
    `Unknown request URL: ${method} ${path}. The offline model serves /v1/responses, /v1/chat/completions, /v1/messages and /v1/models.`,
    {
      code: 'unknown_url',
    },
  );
}

function sendStatusFault(
  res: ServerResponse,
  status: number,
  retryAfterSeconds: number | undefined,
  authorization: string | undefined,
): void {
  const headers: Record<string, string> =
    retryAfterSeconds === undefined
      ? {}
      : {
          'retry-after': String(Math.ceil(retryAfterSeconds)),
          'retry-after-ms': String(Math.round(retryAfterSeconds * 1000)),
        };
  // A 401 quotes the key it was given, whole: the worst case, as some
  // OpenAI-compatible servers and proxies do, so tests can see that it is
  // scrubbed from everything that leaves the process.
  const key = authorization?.replace(/^Bearer\s+/i, '');
  const detail = status === 401 && key ? `: incorrect API key provided: ${key}` : '';
  sendError(res, status, `offline model: injected fault (HTTP ${status})${detail}`, { headers });
}

/** Sends a 200 whose payload is cut off mid-JSON, as a broken proxy might. */
function sendMalformed(res: ServerResponse, stream: boolean): void {
  const truncated =
    '{"id":"resp_offline_malformed","object":"response","output":[{"type":"message","content":[{"type":"output_te';
  if (stream) {
    startSse(res);
    res.end(`event: response.created\ndata: ${truncated}\n\n`);
    return;
  }
  res.writeHead(200, { 'content-type': 'application/json' });
  res.end(truncated);
}

function describeFault(rule: FaultRule): string {
  switch (rule.kind) {
    case 'status':
      return `status ${rule.status}${rule.retryAfterSeconds === undefined ? '' : ` retry-after ${rule.retryAfterSeconds}s`}`;
    case 'latency':
      return `latency ${rule.ms}ms`;
    default:
      return rule.kind;
  }
}
