// The package as users get it: `npm pack`, installed into a fresh directory
// next to the app's own NodeSDK (with getNodeAutoInstrumentations), then the
// research pipeline run through it on the real dev server. The app exports to
// an OTLP receiver; the trace must meet the contract of shared/DESIGN.md.
import { execFileSync } from 'node:child_process';
import { cpSync, mkdtempSync, readFileSync, readdirSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { SpanKind } from '@opentelemetry/api';
import { afterAll, beforeAll, describe, expect, inject, it } from 'vitest';
import { startOfflineModel, type OfflineModelServer } from '../../offline-model/index.js';
import { assertResearchTrace } from '../support/contract.js';
import { type OtlpReceiver, type ReceivedSpan, startOtlpReceiver } from '../../devtools/otlp-receiver.js';
import { asReadableSpans } from '../support/received-trace.js';
import { uniqueQueue } from '../support/harness.js';
import { spawnCaptured, waitForOutput } from '../support/child.js';

const ROOT = fileURLToPath(new URL('../..', import.meta.url));
const FIXTURE = fileURLToPath(new URL('../packed-app', import.meta.url));
const RESEARCH = join(ROOT, 'examples/research');

/** The app's own dependencies: what a team on OpenTelemetry JS SDK 2.x and Temporal 1.24 has. */
const APP_DEPENDENCIES = {
  '@opentelemetry/api': '^1.9.0',
  '@opentelemetry/sdk-node': '0.223.0',
  '@opentelemetry/auto-instrumentations-node': '0.81.0',
  '@opentelemetry/exporter-trace-otlp-proto': '0.223.0',
  '@opentelemetry/sdk-trace-base': '2.12.0',
  '@temporalio/client': '1.24.0',
  '@temporalio/worker': '1.24.0',
  '@temporalio/workflow': '1.24.0',
  '@temporalio/activity': '1.24.0',
  '@temporalio/common': '1.24.0',
  '@temporalio/envconfig': '1.24.0',
  '@openai/agents-core': '0.20.0',
  '@openai/agents-openai': '0.20.0',
  openai: '7.57.0',
  zod: '4.1.12',
  fastify: '5.12.8',
  '@anthropic-ai/sdk': '1.14.0',
  '@fastify/otel': '0.21.2',
};

let app: string;
let receiver: OtlpReceiver;
let model: OfflineModelServer;

function run(cmd: string, args: string[], cwd: string): string {
  return execFileSync(cmd, args, { cwd, encoding: 'utf8', stdio: ['ignore', 'pipe', 'pipe'] });
}

/** The research workflow's own files, importing the package instead of the repo's sources. */
function copyResearchWorkflow(to: string): void {
  for (const file of ['workflow.ts', 'pipeline.ts', 'agents.ts', 'shared.ts']) {
    const text = readFileSync(join(RESEARCH, file), 'utf8').replace(
      /'\.\.\/\.\.\/src\/(workflow|common\/rollup)\.js'/g,
      "'temporal-agents-otel/workflow'",
    );
    writeFileSync(join(to, file), text);
  }
}

beforeAll(async () => {
  app = mkdtempSync(join(tmpdir(), 'tao-packed-app-'));
  run('npm', ['pack', '--silent', '--pack-destination', app], ROOT);
  const tarball = readdirSync(app).find((f) => f.endsWith('.tgz'));
  if (!tarball) throw new Error('npm pack produced no tarball');
  cpSync(FIXTURE, app, { recursive: true });
  copyResearchWorkflow(app);
  writeFileSync(
    join(app, 'package.json'),
    JSON.stringify({
      name: 'packed-app',
      private: true,
      type: 'module',
      dependencies: { ...APP_DEPENDENCIES, 'temporal-agents-otel': `file:./${tarball}` },
    }),
  );
  run('npm', ['install', '--no-audit', '--no-fund', '--loglevel=error'], app);
  receiver = await startOtlpReceiver();
  model = await startOfflineModel({ port: 0 });
}, 600_000);

afterAll(async () => {
  await receiver?.close();
  await model?.close();
  if (app) rmSync(app, { recursive: true, force: true });
});

/** Every path at which `name` is installed in the app. */
function copiesOf(name: string): string[] {
  let out = '';
  try {
    out = run('npm', ['ls', '--all', '--parseable', name], app);
  } catch (err) {
    out = String((err as { stdout?: string }).stdout ?? '');
  }
  return [...new Set(out.split('\n').filter((l) => l.endsWith(join('node_modules', name))))];
}

/** Runs one of the app's scripts with a minimal environment of its own, as a fresh app would have. */
function node(script: string, env: Record<string, string>) {
  return spawnCaptured(process.execPath, [script], {
    cwd: app,
    env: { PATH: process.env.PATH, HOME: process.env.HOME, OPENAI_AGENTS_DISABLE_TRACING: '1', ...env },
  });
}

/** The package's command as the app has it installed (`npx temporal-agents-otel …`). */
function cli(args: string[], env: Record<string, string>) {
  return spawnCaptured(join(app, 'node_modules/.bin/temporal-agents-otel'), args, {
    cwd: app,
    env: { PATH: process.env.PATH, HOME: process.env.HOME, ...env },
  });
}

describe('the packed package in a fresh app with its own NodeSDK', () => {
  it('installs one copy of each Temporal and OpenTelemetry API package', () => {
    for (const name of [
      '@opentelemetry/api',
      '@temporalio/common',
      '@temporalio/workflow',
      '@openai/agents-core',
      'openai',
      'fastify',
    ])
      expect(copiesOf(name), name).toHaveLength(1);
    // The published files are the library: no sources, tests, offline model or dev servers.
    const installed = join(app, 'node_modules/temporal-agents-otel');
    expect(readdirSync(installed).sort()).toEqual(['LICENSE', 'README.md', 'dist', 'package.json']);
    expect(readdirSync(join(installed, 'dist'))).not.toContain('offline-model');
  });

  it('gives the whole research trace through the app SDK, with cost, and no stray query traces', async () => {
    const env = {
      TEMPORAL_ADDRESS: inject('temporalAddress'),
      TASK_QUEUE: uniqueQueue('packed'),
      OPENAI_BASE_URL: model.url,
      OTEL_EXPORTER_OTLP_ENDPOINT: receiver.url,
      OTEL_BSP_SCHEDULE_DELAY: '200',
    };
    const worker = node('worker.mjs', env);
    try {
      await waitForOutput(worker, 'worker ready', 120_000);
      const client = node('client.mjs', env);
      expect(await client.exited, client.output()).toBe(0);
      const { workflowId } = JSON.parse(client.output().trim().split('\n').pop()!);
      // A graceful stop flushes the app's batch processor.
      worker.child.kill('SIGTERM');
      expect(await worker.exited, worker.output()).toBe(0);

      const spans = await receiver.waitFor((all) =>
        all.some(
          (s) =>
            s.name === 'RunWorkflow:ResearchWorkflow' && s.attributes['temporal.workflow.id'] === workflowId,
        ),
      );
      const start = spans.find(
        (s) =>
          s.name === 'StartWorkflow:ResearchWorkflow' && s.attributes['temporal.workflow.id'] === workflowId,
      );
      expect(start, 'StartWorkflow from the client').toBeDefined();
      const trace = spans.filter((s) => s.traceId === start!.traceId);
      const searches = trace.filter((s) => s.name === 'agent SearchAgent').length;
      expect(searches).toBeGreaterThanOrEqual(5);
      const { llms } = assertResearchTrace(asReadableSpans(trace), searches);
      for (const llm of llms) expect(llm.attributes['llm.cost.total']).toBeGreaterThan(0);

      const byName = (name: string) => trace.filter((s) => s.name === name);
      expect(byName('RunWorkflow:ResearchWorkflow')[0].kind).toBe(otlpKind(SpanKind.SERVER));
      expect(byName('RunActivity:invokeModel').every((s) => s.kind === otlpKind(SpanKind.SERVER))).toBe(true);
      expect(byName('StartActivity:invokeModel').every((s) => s.kind === otlpKind(SpanKind.CLIENT))).toBe(
        true,
      );
      // Workflow spans carry the app's resource, found in its SDK.
      expect(byName('RunWorkflow:ResearchWorkflow')[0].resource['service.name']).toBe('packed-app-worker');
      expect(spans.filter((s) => s.name.startsWith('QueryWorkflow:')).map(label)).toEqual([]);
      expect(new Set(spans.map((s) => s.traceId)).size, 'one trace in all').toBe(1);

      // The installed command: it finds the run's live trace, and a history export leaves the run alone.
      const links = cli(['links', '--workflow-id', workflowId], env);
      expect(await links.exited, links.output()).toBe(0);
      expect(links.output()).toContain(`trace: ${start!.traceId}`);
      const exported = cli(['export', '--workflow-id', workflowId], env);
      expect(await exported.exited, exported.output()).toBe(0);
      expect(exported.output()).toContain('skipped 1 (1 traced live by its worker)');
    } finally {
      worker.child.kill('SIGKILL');
    }
  });

  it("runs an agent by id over the HTTP API, with approval, in the caller's trace", async () => {
    const token = 'packed-app-token-0123456789';
    const env = {
      TEMPORAL_ADDRESS: inject('temporalAddress'),
      TASK_QUEUE: uniqueQueue('packed-api'),
      OPENAI_BASE_URL: model.url,
      OTEL_EXPORTER_OTLP_ENDPOINT: receiver.url,
      OTEL_BSP_SCHEDULE_DELAY: '200',
      API_TOKEN: token,
      // The helper agent runs on Claude: the optional Anthropic peer, loaded by the packed activity.
      ANTHROPIC_API_KEY: 'offline-anthropic-key',
      ANTHROPIC_BASE_URL: model.url.replace(/\/v1$/, ''),
    };
    const worker = node('worker.mjs', env);
    const api = node('service.mjs', env);
    try {
      await waitForOutput(worker, 'worker ready', 120_000);
      await waitForOutput(api, 'api ready', 60_000);
      const base = /api ready (\S+)/.exec(api.output())![1];
      const call = async (
        method: string,
        path: string,
        body?: unknown,
        headers: Record<string, string> = {},
      ) => {
        const res = await fetch(`${base}${path}`, {
          method,
          headers: { authorization: `Bearer ${token}`, 'content-type': 'application/json', ...headers },
          body: body === undefined ? undefined : JSON.stringify(body),
        });
        return { status: res.status, json: (await res.json()) as any };
      };
      const callerTrace = 'a1b2c3d4e5f60718293a4b5c6d7e8f90';
      const started = await call(
        'POST',
        '/api/v1/execute',
        { project_id: 'packed', agent_id: 'helper', input: 'What is durable execution?' },
        { traceparent: `00-${callerTrace}-1122334455667788-01` },
      );
      expect(started.status, JSON.stringify(started.json)).toBe(201);
      expect(started.json.trace_id).toBe(callerTrace);
      const id = started.json.id;
      for (let i = 0; i < 200; i++) {
        if ((await call('GET', `/api/v1/progress/${id}`)).json.pending_approvals?.length) break;
        await new Promise((r) => setTimeout(r, 100));
      }
      expect(
        (await call('POST', `/api/v1/approve/${id}`, { approved: true, approver: 'packed' })).status,
      ).toBe(200);
      const result = await call('GET', `/api/v1/result/${id}?wait_seconds=60`);
      expect(result.json).toMatchObject({ status: 'completed', steps: 2 });
      worker.child.kill('SIGTERM');
      api.child.kill('SIGTERM');
      expect(await worker.exited, worker.output()).toBe(0);
      expect(await api.exited, api.output()).toBe(0);

      const spans = await receiver.waitFor((all) =>
        all.some(
          (s) => s.name === 'RunWorkflow:agentRunWorkflow' && s.attributes['temporal.workflow.id'] === id,
        ),
      );
      const trace = spans.filter((s) => s.traceId === callerTrace);
      const names = trace.map((s) => s.name);
      for (const name of [
        'StartWorkflow:agentRunWorkflow',
        'RunWorkflow:agentRunWorkflow',
        'agent HelperAgent',
        'HumanWait:approval',
        'tool webSearch',
      ])
        expect(names, name).toContain(name);
      // The request's span (the app's HTTP instrumentation, with @fastify/otel's beneath) is the caller's child.
      const roots = trace.filter((s) => !trace.some((p) => p.spanId === s.parentSpanId));
      expect(roots.map((s) => s.parentSpanId)).toEqual(['1122334455667788']);
      const llms = trace.filter((s) => s.name === 'Anthropic Messages');
      expect(llms).toHaveLength(2);
      for (const llm of llms) {
        expect(llm.attributes['llm.provider']).toBe('anthropic');
        expect(llm.attributes['llm.cost.total']).toBeGreaterThan(0);
      }
      // The Anthropic SDK's own call spans are off: one LLM span per call.
      expect(trace.filter((s) => s.name.startsWith('anthropic.'))).toEqual([]);
    } finally {
      worker.child.kill('SIGKILL');
      api.child.kill('SIGKILL');
    }
  });
});

/** OTLP's span kind numbers are the API's plus one. */
const otlpKind = (kind: SpanKind) => kind + 1;
const label = (s: ReceivedSpan) => `${s.name} ${s.traceId}`;
