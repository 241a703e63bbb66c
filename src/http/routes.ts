// The HTTP API's routes: one table that the server registers and the OpenAPI
// document describes, so the two cannot drift apart.
import type { FastifyReply, FastifyRequest } from 'fastify';
import type { AgentRunClient } from '../client/agent-run-client.js';
import { AgentResultTimeoutError, AgentRunFailedError } from '../client/agent-run-errors.js';
import type { AgentRunStatus } from '../common/agent-run-wire.js';
import { streamProgress } from './progress-stream.js';
import * as S from './schemas.js';
import { historyJson, progressJson, resultJson, startedJson, statusJson, type TraceLinks } from './wire.js';

/** One route of the API. */
export interface RouteSpec {
  method: 'GET' | 'POST';
  /** Fastify's form: `/api/v1/status/:id`. */
  url: string;
  summary: string;
  /**
   * Whether the request gets a span: requests that change a run do; reads
   * (status, progress, result, lists) do not, so polling makes no traces.
   */
  traced: boolean;
  schema: {
    params?: object;
    querystring?: object;
    body?: object;
    response: Record<number, object>;
  };
  /** Content type of the 200 response when it is not JSON. */
  produces?: string;
  handler: (request: RouteRequest, reply: FastifyReply) => Promise<unknown>;
}

/** What the routes need. */
export interface RouteDeps {
  runs: AgentRunClient;
  links: TraceLinks;
  /** Agent ids workers have registered; an execute naming another is a 404 (default: not checked). */
  knownAgents?: readonly string[];
}

/** A request as the routes read it, after validation against their schemas. */
export type RouteRequest = FastifyRequest & { body: any; params: { id: string }; query: any };
const CLOSED = new Set<AgentRunStatus>(['completed', 'failed', 'cancelled', 'timed_out']);
const errors = { 400: S.errorResponse, 401: S.errorResponse, 404: S.errorResponse, 409: S.errorResponse };
/** Errors of routes that take a body: too large, or not JSON. */
const bodyErrors = { ...errors, 413: S.errorResponse, 415: S.errorResponse };

/** The API's routes, prefix `/api/v1`. */
export function agentRoutes({ runs, links, knownAgents }: RouteDeps): RouteSpec[] {
  return [
    {
      method: 'POST',
      url: '/api/v1/execute',
      summary: 'Start an agent run; the request is the root of the run’s trace.',
      traced: true,
      schema: {
        body: S.executeBody,
        response: { 200: S.executeResponse, 201: S.executeResponse, ...bodyErrors },
      },
      async handler(req: RouteRequest, reply) {
        const b = req.body;
        if (knownAgents && !knownAgents.includes(b.agent_id)) {
          return reply.code(404).send({
            error: {
              code: 'unknown_agent',
              message: `no agent ${b.agent_id} (known: ${knownAgents.join(', ')})`,
              field: 'agent_id',
            },
          });
        }
        const started = await runs.startAgentRun(
          {
            projectId: b.project_id,
            agentId: b.agent_id,
            agentVersion: b.agent_version,
            input: b.input,
            tools: b.tools,
            approvalRequired: b.approval_required,
            maxIterations: b.max_iterations,
            timeoutSeconds: b.timeout_seconds,
            metadata: b.metadata,
            workflowId: b.task_id !== undefined ? `agent-${b.agent_id}-task-${b.task_id}` : undefined,
          },
          { idempotent: b.task_id !== undefined },
        );
        return reply.code(started.created ? 201 : 200).send(startedJson(started, links));
      },
    },
    {
      method: 'GET',
      url: '/api/v1/status/:id',
      summary: 'Where a run is: pending, running, awaiting_approval or how it ended.',
      traced: false,
      schema: { params: S.idParams, response: { 200: S.runStatus, ...errors } },
      handler: async (req: RouteRequest) => statusJson(await runs.getAgentStatus(req.params.id), links),
    },
    {
      method: 'GET',
      url: '/api/v1/progress/:id',
      summary: 'Current step, action, pending approvals, messages, tokens and cost.',
      traced: false,
      schema: { params: S.idParams, response: { 200: S.progressResponse, ...errors } },
      handler: async (req: RouteRequest) => progressJson(await runs.getAgentProgress(req.params.id)),
    },
    {
      method: 'GET',
      url: '/api/v1/progress/:id/stream',
      summary: 'Server-sent events: `progress` on every change, then one `status` when the run closes.',
      traced: false,
      produces: 'text/event-stream',
      schema: { params: S.idParams, response: { 200: { type: 'string' }, ...errors } },
      handler: async (req: RouteRequest, reply) => streamProgress(runs, req.params.id, req, reply, links),
    },
    {
      method: 'POST',
      url: '/api/v1/approve/:id',
      summary: 'Approve or reject the pending tool calls (all, or the one tool_call_id names).',
      traced: true,
      schema: {
        params: S.idParams,
        body: S.approveBody,
        response: { 200: S.approveResponse, ...bodyErrors },
      },
      async handler(req: RouteRequest) {
        const { approved, reason, approver, tool_call_id } = req.body;
        const outcome = await runs.approveAgent(req.params.id, {
          approved,
          reason,
          approver,
          toolCallId: tool_call_id,
        });
        return { id: req.params.id, decided: outcome.decided };
      },
    },
    {
      method: 'POST',
      url: '/api/v1/cancel/:id',
      summary: 'Cancel a run; the reason is recorded in its progress and trace.',
      traced: true,
      schema: { params: S.idParams, body: S.cancelBody, response: { 202: S.cancelResponse, ...bodyErrors } },
      async handler(req: RouteRequest, reply) {
        await runs.cancelAgentRun(req.params.id, req.body?.reason, { by: req.body?.by });
        return reply.code(202).send({ id: req.params.id, status: 'cancelling' });
      },
    },
    {
      method: 'GET',
      url: '/api/v1/result/:id',
      summary: 'The run’s result, waiting up to wait_seconds for it; 202 while it still runs.',
      traced: false,
      schema: {
        params: S.idParams,
        querystring: S.resultQuery,
        response: { 200: S.resultResponse, 202: S.resultResponse, ...errors },
      },
      async handler(req: RouteRequest, reply) {
        const id = req.params.id;
        const status = await runs.getAgentStatus(id);
        if (!CLOSED.has(status.status) && req.query.wait_seconds === 0)
          return reply.code(202).send({ id, run_id: status.runId, status: status.status });
        try {
          return resultJson(
            await runs.waitForAgentResult(id, { timeoutSeconds: req.query.wait_seconds || 10 }),
            links,
          );
        } catch (err) {
          if (err instanceof AgentResultTimeoutError) {
            const now = await runs.getAgentStatus(id);
            return reply.code(202).send({ id, run_id: now.runId, status: now.status });
          }
          if (!(err instanceof AgentRunFailedError)) throw err;
          const closed = await runs.getAgentStatus(id);
          return {
            ...statusJson(closed, links),
            status: err.status,
            error: { message: err.message, type: err.failureType },
          };
        }
      },
    },
    {
      method: 'GET',
      url: '/api/v1/runs',
      summary: 'Runs by project, agent, version and status, newest first.',
      traced: false,
      schema: { querystring: S.listQuery, response: { 200: S.listResponse, ...errors } },
      async handler(req: RouteRequest) {
        const q = req.query;
        const list = await runs.listAgentRuns({
          projectId: q.project_id,
          agentId: q.agent_id,
          agentVersion: q.agent_version,
          status: q.status,
          limit: q.limit,
        });
        return { runs: list.map((r) => statusJson(r, links)) };
      },
    },
    {
      method: 'GET',
      url: '/api/v1/history/:id',
      summary: 'The run’s Temporal event history, event by event.',
      traced: false,
      schema: { params: S.idParams, response: { 200: S.historyResponse, ...errors } },
      handler: async (req: RouteRequest) => historyJson(await runs.getRunHistory(req.params.id)),
    },
  ];
}
