// The agent runs HTTP API driven by a real HTTP client (fetch) against a real
// Temporal server and worker: every response checked against the OpenAPI
// document the server serves, the trace starting at the request (or at the
// caller's traceparent), auth, and hostile bodies.
import { Ajv } from 'ajv';
import OpenAI from 'openai';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createServiceActivities } from '../../examples/service/activities.js';
import { SERVICE_WORKFLOWS_PATH } from '../../examples/service/worker.js';
import { loadHttpApiConfig, startAgentHttpServer } from '../../src/http.js';
import { AgentRunClient } from '../../src/runs.js';
import { assertResearchTrace } from '../support/contract.js';
import { until } from '../support/poll.js';
import { runTraceInMemory } from '../support/research.js';
import { useResearchSuite } from '../support/research-suite.js';
import { one, parentOf } from '../support/spans.js';

const suite = useResearchSuite('agent-http', {
  workflowsPath: SERVICE_WORKFLOWS_PATH,
  activities: (url) =>
    createServiceActivities({ openai: new OpenAI({ baseURL: url, apiKey: 'offline-test-key' }) }),
});
const TOKEN = 'test-token-0123456789abcdef';
let base = '';
let close: () => Promise<void>;
let doc: any;
const ajv = new Ajv({
  strict: false,
  formats: { 'date-time': (s: string) => /T/.test(s) && !Number.isNaN(Date.parse(s)) },
});

beforeAll(async () => {
  const runs = new AgentRunClient({ client: suite.h.client, taskQueue: suite.taskQueue });
  const server = await startAgentHttpServer({
    runs,
    host: '127.0.0.1',
    port: 0,
    token: TOKEN,
    bodyLimit: 8 * 1024,
    knownAgents: ['research', 'support'],
    traceLinks: (id) => (id ? { jaeger: `http://jaeger.test/trace/${id}` } : undefined),
  });
  base = server.url;
  close = server.close;
  doc = await (await fetch(`${base}/openapi.json`)).json();
});
afterAll(() => close?.());

/** Calls the API and checks the answer against the OpenAPI document's schema for that operation and status. */
async function call(
  method: 'GET' | 'POST',
  path: string,
  body?: unknown,
  headers: Record<string, string> = {},
) {
  const res = await fetch(`${base}${path}`, {
    method,
    headers: {
      authorization: `Bearer ${TOKEN}`,
      ...(body !== undefined ? { 'content-type': 'application/json' } : {}),
      ...headers,
    },
    body: body === undefined ? undefined : typeof body === 'string' ? body : JSON.stringify(body),
  });
  const json = (await res.json()) as any;
  const template = Object.keys(doc.paths).find((p) =>
    new RegExp(`^${p.replace(/\{[^}]+\}/g, '[^/]+')}$`).test(path.split('?')[0]!),
  );
  expect(template, `${method} ${path} is documented`).toBeDefined();
  const operation = doc.paths[template!][method.toLowerCase()];
  expect(operation, `${method} ${template} is documented`).toBeDefined();
  const schema = operation.responses[String(res.status)]?.content?.['application/json']?.schema;
  expect(schema, `${method} ${template} documents status ${res.status}`).toBeDefined();
  const valid = ajv.validate(schema, json);
  expect(valid, `${method} ${path} ${res.status}: ${ajv.errorsText()}`).toBe(true);
  return { status: res.status, json };
}

const support = { project_id: 'http-shop', agent_id: 'support', input: 'Refund order 77, it is broken.' };
const awaitingApproval = (id: string) =>
  until('awaiting approval over HTTP', async () => {
    const r = await call('GET', `/api/v1/progress/${id}`);
    return r.json.pending_approvals.length > 0 ? r.json : undefined;
  });

describe('agent runs HTTP API', () => {
  it('runs the research agent from a request: the trace starts at the request and keeps the contract', async () => {
    const started = await call('POST', '/api/v1/execute', {
      project_id: 'http-research',
      agent_id: 'research',
      input: { query: 'How do durable agents stay observable?' },
    });
    expect(started.status).toBe(201);
    expect(started.json.trace_links).toEqual({ jaeger: `http://jaeger.test/trace/${started.json.trace_id}` });
    const result = await call('GET', `/api/v1/result/${started.json.id}?wait_seconds=60`);
    expect(result.json.status).toBe('completed');
    const searches = result.json.output.searches.length;
    const { traceId, spans } = await runTraceInMemory(suite.h, started.json.id);
    expect(traceId).toBe(started.json.trace_id);
    assertResearchTrace(spans, searches, { workflowType: 'agentRunWorkflow', root: 'POST /api/v1/execute' });
    const start = one(spans, 'StartWorkflow:agentRunWorkflow');
    expect(parentOf(spans, start)?.name).toBe('POST /api/v1/execute');
    expect(result.json.usage.total_tokens).toBe(
      one(spans, 'RunWorkflow:agentRunWorkflow').attributes['rollup.llm.token_count.total'],
    );
  });

  it("continues the caller's trace from its traceparent; the approval request is linked from the run", async () => {
    const callerTrace = '4bf92f3577b34da6a3ce929d0e0e4736';
    const callerSpan = '00f067aa0ba902b7';
    const started = await call('POST', '/api/v1/execute', support, {
      traceparent: `00-${callerTrace}-${callerSpan}-01`,
    });
    expect(started.json.trace_id).toBe(callerTrace);
    await awaitingApproval(started.json.id);
    const approved = await call('POST', `/api/v1/approve/${started.json.id}`, {
      approved: true,
      approver: 'lee',
    });
    expect(approved.json.decided).toHaveLength(1);
    expect((await call('GET', `/api/v1/result/${started.json.id}?wait_seconds=60`)).json.status).toBe(
      'completed',
    );

    const { spans } = await runTraceInMemory(suite.h, started.json.id);
    const request = one(spans, 'POST /api/v1/execute');
    expect(request.parentSpanContext?.spanId).toBe(callerSpan);
    expect(request.spanContext().traceId).toBe(callerTrace);
    expect(one(spans, 'HumanWait:approval').attributes['human.decider']).toBe('lee');
    const all = await suite.h.spans();
    const approveRequest = all.find(
      (s) => s.name === 'POST /api/v1/approve/:id' && s.spanContext().traceId !== callerTrace,
    )!;
    expect(approveRequest).toBeDefined();
    const handler = one(spans, 'HandleUpdate:approveAgent');
    expect(handler.links.map((l) => l.context.traceId)).toEqual([approveRequest.spanContext().traceId]);
  });

  it('status, progress, result, list and history reads make no spans', async () => {
    const started = await call('POST', '/api/v1/execute', { ...support, tools: ['lookupOrder'] });
    const id = started.json.id;
    await call('GET', `/api/v1/result/${id}?wait_seconds=60`);
    await runTraceInMemory(suite.h, id);
    const before = (await suite.h.spans()).length;
    for (let i = 0; i < 3; i++) {
      expect((await call('GET', `/api/v1/status/${id}`)).json).toMatchObject({
        status: 'completed',
        project_id: 'http-shop',
      });
      expect((await call('GET', `/api/v1/progress/${id}`)).json.step).toBe(2);
      expect((await call('GET', `/api/v1/result/${id}`)).json.status).toBe('completed');
      expect((await call('GET', `/api/v1/history/${id}`)).json.events[0].type).toBe(
        'WorkflowExecutionStarted',
      );
    }
    await call('GET', '/api/v1/runs?project_id=http-shop');
    expect((await suite.h.spans()).length).toBe(before);
  });

  it('lists runs by project and status', async () => {
    const project = `list-${suite.taskQueue}`;
    const done = await call('POST', '/api/v1/execute', {
      ...support,
      project_id: project,
      tools: ['lookupOrder'],
    });
    const waiting = await call('POST', '/api/v1/execute', { ...support, project_id: project });
    await call('GET', `/api/v1/result/${done.json.id}?wait_seconds=60`);
    await awaitingApproval(waiting.json.id);
    const ids = (q: string) =>
      until(`runs for ${q}`, async () => {
        const r = await call('GET', `/api/v1/runs?${q}`);
        return r.json.runs.length > 0 ? r.json.runs.map((x: { id: string }) => x.id).sort() : undefined;
      });
    expect(await ids(`project_id=${project}&status=completed`)).toEqual([done.json.id]);
    expect(await ids(`project_id=${project}&status=awaiting_approval`)).toEqual([waiting.json.id]);
    await until('both listed', async () => (await ids(`project_id=${project}`)).length === 2);
    await call('POST', `/api/v1/cancel/${waiting.json.id}`, { reason: 'test over' });
  });

  it('cancels, then refuses an approval as closed; unknown ids are 404; idempotent execute by task_id', async () => {
    const started = await call('POST', '/api/v1/execute', support);
    const id = started.json.id;
    await awaitingApproval(id);
    expect(
      (await call('POST', `/api/v1/cancel/${id}`, { reason: 'duplicate ticket', by: 'ops' })).status,
    ).toBe(202);
    const result = await call('GET', `/api/v1/result/${id}?wait_seconds=30`);
    expect(result.json).toMatchObject({
      status: 'cancelled',
      error: { message: expect.stringContaining('cancel') },
    });
    const late = await call('POST', `/api/v1/approve/${id}`, { approved: true });
    expect(late).toMatchObject({ status: 409, json: { error: { code: 'run_closed' } } });
    expect((await call('GET', '/api/v1/status/nope')).status).toBe(404);
    expect((await call('POST', '/api/v1/approve/nope', { approved: true })).status).toBe(404);

    const task = { ...support, tools: ['lookupOrder'], task_id: `t-${suite.taskQueue}` };
    const first = await call('POST', '/api/v1/execute', task);
    const second = await call('POST', '/api/v1/execute', task);
    expect([first.status, second.status]).toEqual([201, 200]);
    expect(second.json).toMatchObject({ id: first.json.id, run_id: first.json.run_id, created: false });
    const lookup = await call('POST', '/api/v1/execute', { ...support, tools: ['lookupOrder'] });
    expect(
      (await call('POST', `/api/v1/approve/${lookup.json.id}`, { approved: true })).json.error?.code ?? 'ok',
    ).toMatch(/approval_not_pending|run_closed/);
  });

  it('streams progress as server-sent events until the run closes', async () => {
    const started = await call('POST', '/api/v1/execute', support);
    const res = await fetch(`${base}/api/v1/progress/${started.json.id}/stream`, {
      headers: { authorization: `Bearer ${TOKEN}` },
    });
    expect(res.headers.get('content-type')).toBe('text/event-stream');
    const reader = res.body!.getReader();
    const events: { event: string; data: any }[] = [];
    let buffer = '';
    let approved = false;
    for (;;) {
      const { value, done } = await reader.read();
      if (done) break;
      buffer += Buffer.from(value).toString();
      let end: number;
      while ((end = buffer.indexOf('\n\n')) >= 0) {
        const block = buffer.slice(0, end);
        buffer = buffer.slice(end + 2);
        const event = /^event: (.*)$/m.exec(block)?.[1];
        const data = /^data: (.*)$/m.exec(block)?.[1];
        if (event && data) events.push({ event, data: JSON.parse(data) });
        if (!approved && event === 'progress' && JSON.parse(data!).pending_approvals.length > 0) {
          approved = true;
          await call('POST', `/api/v1/approve/${started.json.id}`, { approved: true });
        }
      }
    }
    const kinds = events.map((e) => e.event);
    expect(kinds.at(-1)).toBe('status');
    expect(events.at(-1)!.data.status).toBe('completed');
    expect(approved, 'a progress event showed the pending approval').toBe(true);
    const progressSchema =
      doc.paths['/api/v1/progress/{id}'].get.responses['200'].content['application/json'].schema;
    for (const e of events.filter((x) => x.event === 'progress'))
      expect(ajv.validate(progressSchema, e.data), ajv.errorsText()).toBe(true);
  });

  it('refuses missing or wrong tokens, and hostile or oversized bodies, naming what is wrong', async () => {
    const noToken = await fetch(`${base}/api/v1/status/x`);
    expect(noToken.status).toBe(401);
    expect(
      (await call('GET', '/api/v1/status/x', undefined, { authorization: 'Bearer wrong-token-000000000' }))
        .status,
    ).toBe(401);
    expect((await fetch(`${base}/openapi.json`)).status).toBe(200);

    const bad = async (body: unknown, headers: Record<string, string> = {}) =>
      (await call('POST', '/api/v1/execute', body, headers)).json.error;
    expect(await bad({ ...support, agent_id: undefined })).toMatchObject({
      field: 'agent_id',
      message: 'body.agent_id is required',
    });
    expect(await bad({ ...support, shell: 'rm -rf /' })).toMatchObject({
      field: 'shell',
      message: 'body.shell is not a known field',
    });
    expect(await bad({ ...support, max_iterations: 'lots' })).toMatchObject({ field: 'max_iterations' });
    expect(await bad({ ...support, agent_id: 'x'.repeat(500) })).toMatchObject({ field: 'agent_id' });
    expect(await bad({ ...support, tools: ['a b'] })).toMatchObject({ field: 'tools.0' });
    expect(await bad('{"project_id": "p", ')).toMatchObject({ code: 'invalid_request' });
    expect(
      await bad('{"project_id":"p","agent_id":"support","input":"x","__proto__":{"admin":true}}'),
    ).toMatchObject({
      code: 'invalid_request',
    });
    expect(await bad({ ...support, agent_id: 'ghost' })).toMatchObject({
      code: 'unknown_agent',
      field: 'agent_id',
    });
    const huge = await call('POST', '/api/v1/execute', { ...support, input: 'x'.repeat(20_000) });
    expect(huge).toMatchObject({ status: 413, json: { error: { code: 'payload_too_large' } } });
    const text = await call('POST', '/api/v1/execute', 'hello', { 'content-type': 'text/plain' });
    expect(text).toMatchObject({ status: 415, json: { error: { code: 'unsupported_media_type' } } });
    expect((await call('POST', '/api/v1/approve/x', { approved: 'yes' })).json.error.field).toBe('approved');
  });

  it('refuses to listen beyond loopback without a token', async () => {
    expect(() => loadHttpApiConfig({ AGENT_API_HOST: '0.0.0.0' })).toThrow(
      /^AGENT_API_TOKEN: is required when AGENT_API_HOST is not a loopback address/,
    );
    expect(loadHttpApiConfig({ AGENT_API_HOST: '0.0.0.0', AGENT_API_TOKEN: TOKEN }).token).toBe(TOKEN);
    await expect(
      startAgentHttpServer({ runs: {} as AgentRunClient, host: '0.0.0.0', port: 0 }),
    ).rejects.toThrow(/AGENT_API_TOKEN/);
  });
});
