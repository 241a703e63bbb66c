/**
 * The agent runs HTTP API (needs the optional peers `fastify` and
 * `@fastify/otel`): execute, status, progress and its event stream, approve,
 * cancel, result, list and history, with an OpenAPI document at
 * `/openapi.json`, bearer-token auth and traced run-changing requests.
 */
export { createAgentHttpServer, startAgentHttpServer, type AgentHttpServerOptions } from './http/server.js';
export { openApiDocument, OPENAPI_PATH } from './http/openapi.js';
export { agentRoutes, type RouteSpec } from './http/routes.js';
export { loadHttpApiConfig, type HttpApiConfig } from './config/http-config.js';
