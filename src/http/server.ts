// The agent runs HTTP API on Fastify, traced by @fastify/otel: a request that
// starts a run is the root of the run's trace (or continues the caller's,
// from its `traceparent`); reads make no spans.
import { createHash, timingSafeEqual } from 'node:crypto';
import { FastifyOtelInstrumentation } from '@fastify/otel';
import { type Context, context } from '@opentelemetry/api';
import Fastify, { type FastifyInstance, type FastifyRequest } from 'fastify';
import type { AgentRunClient } from '../client/agent-run-client.js';
import { ConfigError } from '../config/errors.js';
import { isLoopback } from '../config/http-config.js';
import { loadLinksConfig, traceUiUrls } from '../config/links-config.js';
import { httpError } from './http-errors.js';
import { OPENAPI_PATH, openApiDocument } from './openapi.js';
import { agentRoutes, type RouteRequest, type RouteSpec } from './routes.js';
import type { TraceLinks } from './wire.js';

/** Options of {@link createAgentHttpServer}. */
export interface AgentHttpServerOptions {
  runs: AgentRunClient;
  /** Bearer token every `/api` request must carry (`AGENT_API_TOKEN`). */
  token?: string;
  /** Largest request body in bytes (default 256 KiB). */
  bodyLimit?: number;
  /** Agent ids the workers registered; execute refuses others with 404 (default: not checked). */
  knownAgents?: readonly string[];
  /** Trace UI links in responses (default: `TRACE_UI_URLS` from the environment). */
  traceLinks?: TraceLinks;
  /** Fastify's logger: `true` logs requests (never headers or bodies). Default off. */
  logger?: boolean;
  /** Version shown in the OpenAPI document. */
  version?: string;
}

/** A Fastify app serving the agent runs API; `listen()` it, or use {@link startAgentHttpServer}. */
export async function createAgentHttpServer(options: AgentHttpServerOptions): Promise<FastifyInstance> {
  const app = Fastify({
    logger: options.logger ?? false,
    bodyLimit: options.bodyLimit ?? 256 * 1024,
    // Unknown fields are refused by name rather than silently dropped.
    ajv: { customOptions: { removeAdditional: false, coerceTypes: 'array', useDefaults: true } },
  });
  app.removeContentTypeParser('text/plain');
  const otel = new FastifyOtelInstrumentation({
    instrumentHooks: false,
    instrumentHandler: false,
    requestHook: (span, req) => span.updateName(`${req.method} ${req.routeOptions.url ?? req.url}`),
  });
  await app.register(otel.plugin());

  const routes = agentRoutes({
    runs: options.runs,
    links: options.traceLinks ?? envTraceLinks(),
    knownAgents: options.knownAgents,
  });
  const document = openApiDocument(routes, options.version ?? '1');
  if (options.token) app.addHook('onRequest', bearerCheck(options.token));
  app.setErrorHandler((err, req, reply) => {
    const e = httpError(err);
    if (e.status >= 500) req.log.error({ err }, 'request failed');
    return reply.code(e.status).send(e.body);
  });
  app.setNotFoundHandler((req, reply) =>
    reply
      .code(404)
      .send({ error: { code: 'not_found', message: `no route ${req.method} ${req.url.split('?')[0]}` } }),
  );
  app.get(OPENAPI_PATH, { config: { otel: false } }, async () => document);
  app.get('/healthz', { config: { otel: false } }, async () => ({ ok: true }));
  for (const route of routes) register(app, route);
  return app;
}

/** Starts the API on `host:port`; refuses a non-loopback host without a token. */
export async function startAgentHttpServer(
  options: AgentHttpServerOptions & { host: string; port: number },
): Promise<{ url: string; app: FastifyInstance; close(): Promise<void> }> {
  if (!options.token && !isLoopback(options.host))
    throw new ConfigError(
      'AGENT_API_TOKEN',
      `is required to listen on ${options.host}, which is not a loopback address`,
    );
  const app = await createAgentHttpServer(options);
  await app.listen({ host: options.host, port: options.port });
  const address = app.server.address();
  const port = typeof address === 'object' && address ? address.port : options.port;
  const host = options.host.includes(':') ? `[${options.host}]` : options.host;
  return { url: `http://${host}:${port}`, app, close: () => app.close() };
}

/** Registers a route; its handler runs in the request span's context, so the run's trace hangs under it. */
function register(app: FastifyInstance, route: RouteSpec): void {
  const { response: _documented, ...validated } = route.schema;
  app.route({
    method: route.method,
    url: route.url,
    schema: validated,
    config: { otel: route.traced },
    handler: (req, reply) => {
      const request = req as RouteRequest & { opentelemetry?: () => { context?: Context } };
      const ctx = request.opentelemetry?.().context;
      return ctx ? context.with(ctx, () => route.handler(request, reply)) : route.handler(request, reply);
    },
  });
}

function bearerCheck(token: string) {
  const expected = createHash('sha256').update(token).digest();
  return async (req: FastifyRequest, reply: import('fastify').FastifyReply) => {
    if (!req.url.startsWith('/api/')) return;
    const header = req.headers.authorization ?? '';
    const given = header.startsWith('Bearer ') ? header.slice(7) : '';
    const digest = createHash('sha256').update(given).digest();
    if (!given || !timingSafeEqual(digest, expected)) {
      return reply
        .code(401)
        .header('www-authenticate', 'Bearer')
        .send({
          error: {
            code: 'unauthorized',
            message: 'a valid bearer token is required (Authorization: Bearer …)',
          },
        });
    }
  };
}

function envTraceLinks(): TraceLinks {
  const { traceUis } = loadLinksConfig();
  return (traceId) =>
    traceId && traceUis.length
      ? Object.fromEntries(traceUiUrls(traceUis, traceId).map((u) => [u.name, u.url]))
      : undefined;
}
