// The run client's pure parts: request checks, default ids, status mapping,
// the visibility query, and the OpenAPI document against the route table.
import { describe, expect, it } from 'vitest';
import { agentRunRequest, defaultWorkflowId } from '../../src/client/agent-run-request.js';
import { agentStatus, attributesNeeded, listQuery } from '../../src/client/agent-run-status.js';
import { InvalidAgentRunRequestError, RunClosedError } from '../../src/client/agent-run-errors.js';
import { httpError } from '../../src/http/http-errors.js';
import { openApiDocument } from '../../src/http/openapi.js';
import { agentRoutes } from '../../src/http/routes.js';
import type { AgentRunClient } from '../../src/client/agent-run-client.js';
import { packagesLoadedBy } from '../support/import-graph.js';

const ok = { projectId: 'p1', agentId: 'support', input: 'hi' };

describe('agent run requests', () => {
  it('names the first bad field in one line', () => {
    const field = (o: object) => {
      try {
        agentRunRequest({ ...ok, ...o } as never);
      } catch (err) {
        expect(err).toBeInstanceOf(InvalidAgentRunRequestError);
        expect((err as Error).message).not.toContain('\n');
        return (err as InvalidAgentRunRequestError).field;
      }
      return undefined;
    };
    expect(field({})).toBeUndefined();
    expect(field({ projectId: '' })).toBe('projectId');
    expect(field({ agentId: "a'; DROP" })).toBe('agentId');
    expect(field({ input: undefined })).toBe('input');
    expect(field({ input: 'x'.repeat(300_000) })).toBe('input');
    expect(field({ tools: 'webSearch' })).toBe('tools');
    expect(field({ maxIterations: 1.5 })).toBe('maxIterations');
    expect(field({ timeoutSeconds: 0 })).toBe('timeoutSeconds');
    expect(field({ metadata: { n: 1 } })).toBe('metadata.n');
    expect(field({ workflowId: 'has space' })).toBe('workflowId');
  });

  it('keeps metadata out of the workflow input (it goes to the memo, never to spans)', () => {
    expect(agentRunRequest({ ...ok, metadata: { ticket: 'T-1' } })).not.toHaveProperty('metadata');
  });

  it('makes readable, sortable default ids', () => {
    const id = defaultWorkflowId('my agent/v2', new Date('2026-11-27T01:02:03.456Z'));
    expect(id).toMatch(/^agent-my_agent_v2-20261127T010203Z-[a-z0-9]{6}$/);
    expect(defaultWorkflowId('a')).not.toBe(defaultWorkflowId('a'));
  });
});

describe('agent run status', () => {
  it("follows Temporal's status once closed, the published one while running", () => {
    expect(agentStatus('RUNNING', undefined)).toBe('pending');
    expect(agentStatus('RUNNING', 'pending')).toBe('pending');
    expect(agentStatus('RUNNING', 'awaiting_approval')).toBe('awaiting_approval');
    expect(agentStatus('COMPLETED', 'running')).toBe('completed');
    expect(agentStatus('FAILED', 'timed_out')).toBe('timed_out');
    expect(agentStatus('FAILED', 'failed')).toBe('failed');
    expect(agentStatus('TERMINATED', 'running')).toBe('cancelled');
    expect(agentStatus('TIMED_OUT', 'running')).toBe('timed_out');
  });

  it('quotes every value of the visibility query and says which search attributes a filter needs', () => {
    const q = listQuery({ projectId: "o'brien", agentId: 'a\\b', status: 'awaiting_approval' });
    expect(q).toBe(
      "WorkflowType = 'agentRunWorkflow' AND AgentProjectId = 'o\\'brien' AND AgentId = 'a\\\\b' AND " +
        "ExecutionStatus = 'Running' AND AgentStatus = 'awaiting_approval'",
    );
    expect(attributesNeeded({})).toEqual([]);
    expect(attributesNeeded({ status: 'completed' })).toEqual([]);
    expect(attributesNeeded({ projectId: 'p', status: 'running' })).toEqual([
      'AgentProjectId',
      'AgentStatus',
    ]);
  });
});

describe('HTTP API', () => {
  const routes = agentRoutes({ runs: {} as AgentRunClient, links: () => undefined });

  it('documents every route of the table, with its parameters and body', () => {
    const doc = openApiDocument(routes, '1') as { paths: Record<string, Record<string, any>> };
    const documented = Object.entries(doc.paths).flatMap(([path, ops]) =>
      Object.keys(ops).map((m) => `${m.toUpperCase()} ${path}`),
    );
    expect(documented.sort()).toEqual(
      routes.map((r) => `${r.method} ${r.url.replace(/:(\w+)/g, '{$1}')}`).sort(),
    );
    const approve = doc.paths['/api/v1/approve/{id}']!.post;
    expect(approve.parameters).toEqual([expect.objectContaining({ name: 'id', in: 'path', required: true })]);
    expect(approve.requestBody.content['application/json'].schema.required).toEqual(['approved']);
  });

  it('maps errors to statuses and never echoes an internal error', () => {
    expect(httpError(new RunClosedError('w', 'cancelled'))).toMatchObject({
      status: 409,
      body: { error: { code: 'run_closed' } },
    });
    expect(httpError(new InvalidAgentRunRequestError('input', 'is required')).body.error).toEqual({
      code: 'invalid_request',
      message: 'input is required',
      field: 'input',
    });
    const internal = httpError(new Error('connect ECONNREFUSED secret-host:7233'));
    expect(internal.status).toBe(500);
    expect(JSON.stringify(internal.body)).not.toContain('secret-host');
  });

  it('the runs entry loads no HTTP framework and no model client; the http entry loads Fastify', () => {
    expect([...packagesLoadedBy('runs.ts')].filter((p) => /fastify|^openai|@openai\//.test(p))).toEqual([]);
    expect([...packagesLoadedBy('http.ts')]).toContain('fastify');
  });
});
