// Traces rebuilt from history on the real dev server: our research pipeline
// run with telemetry off, compared span by span with a live trace of the same
// run; forced retries; runs a traced client started; encrypted payloads read
// through a codec server; the CLI as a process.
import { createCipheriv, createDecipheriv, randomBytes } from 'node:crypto';
import { createServer, type Server } from 'node:http';
import type { AddressInfo } from 'node:net';
import { context, trace, TraceFlags } from '@opentelemetry/api';
import type { ReadableSpan } from '@opentelemetry/sdk-trace-base';
import { Client } from '@temporalio/client';
import type { Payload, PayloadCodec } from '@temporalio/common';
import { JSONToPayload, payloadToJSON } from '@temporalio/common/lib/proto-utils.js';
import { Worker } from '@temporalio/worker';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { type OfflineModelServer, startOfflineModel } from '../../offline-model/index.js';
import { HistoryExporter, type HistoryExporterOptions } from '../../src/history/history-exporter.js';
import { AgentTracingPlugin } from '../../src/index.js';
import { parseTraceparent } from '../../src/common/trace-context.js';
import { readRunHistory } from '../../src/history/read-events.js';
import { adjustWebpackConfig } from '../../src/worker/bundler-config.js';
import { resolveSpanTarget } from '../../src/worker/span-target.js';
import { createHarness, type Harness } from '../support/harness.js';
import {
  offlineResearchActivities,
  researchWorkflowsPath,
  runTraceInMemory,
  uniqueQueue,
} from '../support/research.js';
import { duplicateIds, orphans, parentOf } from '../support/spans.js';
import * as pathsActivities from '../fixtures/interop-activities.js';
import { pokeSignal, setUpdate } from '../fixtures/paths-workflows.js';
import { childEnv, spawnCaptured } from '../support/child.js';
import { until } from '../support/poll.js';
import { visible } from '../support/visibility.js';
import { startOtlpReceiver } from '../../devtools/otlp-receiver.js';
import { createHistoryExportWorker, startContinuousExport } from '../../src/history/export-worker.js';
import {
  HISTORY_EXPORT_PROGRESS_QUERY,
  type HistoryExportProgress,
} from '../../src/common/history-export-wire.js';

const pathsWorkflowsPath = new URL('../fixtures/paths-workflows.ts', import.meta.url).pathname;
let h: Harness;
let model: OfflineModelServer;
let plain: Client;
const untracedQueue = uniqueQueue('history-untraced');
const tracedQueue = uniqueQueue('history-traced');
const unsampledQueue = uniqueQueue('history-unsampled');
const codecQueue = uniqueQueue('history-codec');
const pathsQueue = uniqueQueue('history-paths');
const workers: { worker: Worker; running: Promise<void> }[] = [];

/** A codec that encrypts every payload (AES-256-GCM), as teams with sensitive prompts do. */
class EncryptingCodec implements PayloadCodec {
  constructor(private readonly key: Buffer) {}
  async encode(payloads: Payload[]): Promise<Payload[]> {
    return payloads.map((p) => {
      const iv = randomBytes(12);
      const cipher = createCipheriv('aes-256-gcm', this.key, iv);
      const plainBytes = Buffer.from(JSON.stringify(payloadToJSON(p)));
      const data = Buffer.concat([iv, cipher.update(plainBytes), cipher.final(), cipher.getAuthTag()]);
      return { metadata: { encoding: Buffer.from('binary/encrypted') }, data };
    });
  }
  async decode(payloads: Payload[]): Promise<Payload[]> {
    return payloads.map((p) => {
      if (Buffer.from(p.metadata?.encoding ?? []).toString() !== 'binary/encrypted') return p;
      const bytes = Buffer.from(p.data!);
      const decipher = createDecipheriv('aes-256-gcm', this.key, bytes.subarray(0, 12));
      decipher.setAuthTag(bytes.subarray(bytes.length - 16));
      const text = Buffer.concat([decipher.update(bytes.subarray(12, bytes.length - 16)), decipher.final()]);
      return JSONToPayload(JSON.parse(text.toString()));
    });
  }
}
const codec = new EncryptingCodec(randomBytes(32));
const CODEC_TOKEN = 'Bearer codec-test-token';
let codecServer: Server;
let codecUrl: string;
const codecRequests: { namespace?: string; authorized: boolean }[] = [];

beforeAll(async () => {
  model = await startOfflineModel();
  h = await createHarness();
  plain = new Client({ connection: h.client.connection });
  const untraced = (taskQueue: string, extra: object = {}) =>
    Worker.create({
      connection: h.nativeConnection,
      taskQueue,
      workflowsPath: researchWorkflowsPath,
      activities: offlineResearchActivities(model.url) as object,
      // Telemetry off: no plugin; a no-op sink for the spans workflow code would send.
      sinks: { agentTracing: { exportSpans: { fn: () => undefined, callDuringReplay: false } } },
      bundlerOptions: { webpackConfigHook: (config) => adjustWebpackConfig(config) },
      ...extra,
    });
  for (const worker of [
    await untraced(untracedQueue),
    await untraced(codecQueue, { dataConverter: { payloadCodecs: [codec] } }),
    await untraced(pathsQueue, { workflowsPath: pathsWorkflowsPath, activities: pathsActivities }),
    await h.worker({
      taskQueue: tracedQueue,
      workflowsPath: researchWorkflowsPath,
      activities: offlineResearchActivities(model.url),
    }),
    // The plugin, but a sampler that keeps no run started without a trace context.
    await Worker.create({
      connection: h.nativeConnection,
      taskQueue: unsampledQueue,
      workflowsPath: researchWorkflowsPath,
      activities: offlineResearchActivities(model.url) as object,
      plugins: [new AgentTracingPlugin({ rootSampleRatio: 0 })],
    }),
  ])
    workers.push({ worker, running: worker.run() });

  codecServer = createServer((req, res) => {
    const chunks: Buffer[] = [];
    req.on('data', (c: Buffer) => chunks.push(c));
    req.on('end', async () => {
      const authorized = req.headers.authorization === CODEC_TOKEN;
      codecRequests.push({ namespace: req.headers['x-namespace'] as string | undefined, authorized });
      if (req.method !== 'POST' || req.url !== '/default/decode' || !authorized) {
        res.writeHead(req.url?.endsWith('/decode') ? 401 : 404).end();
        return;
      }
      const body = JSON.parse(Buffer.concat(chunks).toString()) as { payloads: any[] };
      const decoded = await codec.decode(body.payloads.map(JSONToPayload));
      res.writeHead(200, { 'content-type': 'application/json' });
      res.end(JSON.stringify({ payloads: decoded.map(payloadToJSON) }));
    });
  });
  await new Promise<void>((resolve) => codecServer.listen(0, '127.0.0.1', resolve));
  codecUrl = `http://127.0.0.1:${(codecServer.address() as AddressInfo).port}/{namespace}`;
});

afterAll(async () => {
  for (const { worker } of workers) worker.shutdown();
  await Promise.all(workers.map((w) => w.running));
  codecServer?.close();
  await h?.close();
  await model?.close();
});

const QUERY = 'How do durable agents stay observable?';
const kind = (s: ReadableSpan) => s.attributes['openinference.span.kind'];

/** The package's CLI (`src/cli.ts`) against the test server, with `env` added to the child's environment. */
const cli = (args: string[], env: Record<string, string> = {}) =>
  spawnCaptured(process.execPath, ['--import', 'tsx', 'src/cli.ts', ...args], {
    cwd: new URL('../..', import.meta.url).pathname,
    env: childEnv({ TEMPORAL_ADDRESS: h.address, ...env }),
  });

function exporter(options: Partial<HistoryExporterOptions> = {}) {
  return new HistoryExporter({
    client: plain,
    target: resolveSpanTarget({ telemetry: h.telemetry }),
    ...options,
  });
}

async function exportedTrace(workflowId: string, options: Partial<HistoryExporterOptions> = {}) {
  const summary = await exporter(options).exportRun({ workflowId });
  const traceId = Object.entries(summary.traces).find(([run]) => run.startsWith(`${workflowId}/`))?.[1];
  expect(summary.failed, 'failed runs').toEqual([]);
  expect(traceId, `trace of ${workflowId}`).toBeDefined();
  const spans = (await h.spans()).filter((s) => s.spanContext().traceId === traceId);
  // Spans of earlier exports of the same run come back with the same ids: keep one of each.
  const unique = new Map(spans.map((s) => [s.spanContext().spanId, s]));
  return { summary, traceId: traceId!, spans: [...unique.values()] };
}

/** Spans as comparable rows: name, parent's name, kind, tokens. */
function shape(spans: ReadableSpan[]): string[] {
  return spans
    .filter((s) => !s.name.startsWith('StartWorkflow:'))
    .map((s) => {
      const parent = parentOf(spans, s);
      const tokens = s.attributes['llm.token_count.total'] ?? '';
      return `${s.name} < ${parent && !parent.name.startsWith('StartWorkflow:') ? parent.name : '-'} [${kind(s)}] ${tokens}`;
    })
    .sort();
}

const rollups = (run: ReadableSpan) =>
  Object.fromEntries(Object.entries(run.attributes).filter(([k]) => k.startsWith('rollup.llm.')));

describe('traces from Temporal history (real dev server)', () => {
  it('an untraced run of our pipeline rebuilds into the live trace of the same run: shape, tokens, cost', async () => {
    const liveId = `history-live-${tracedQueue}`;
    const offId = `history-off-${untracedQueue}`;
    await h.client.workflow.execute('ResearchWorkflow', {
      taskQueue: tracedQueue,
      workflowId: liveId,
      args: [{ query: QUERY }],
    });
    await plain.workflow.execute('ResearchWorkflow', {
      taskQueue: untracedQueue,
      workflowId: offId,
      args: [{ query: QUERY }],
    });
    const live = (await runTraceInMemory(h, liveId)).spans;
    const { spans: rebuilt, traceId: rebuiltId } = await exportedTrace(offId);
    // `links` finds the same trace for a run nothing traced: the one its export gets.
    const linksProc = cli(['links', '--workflow-id', offId]);
    expect(await linksProc.exited).toBe(0);
    expect(linksProc.stdout()).toContain(`trace: ${rebuiltId} (from the history export)`);

    expect(orphans(rebuilt)).toEqual([]);
    expect(duplicateIds(rebuilt)).toEqual([]);
    expect(shape(rebuilt)).toEqual(shape(live));
    const runOf = (spans: ReadableSpan[]) => spans.find((s) => s.name === 'RunWorkflow:ResearchWorkflow')!;
    expect(rollups(runOf(rebuilt))).toEqual(rollups(runOf(live)));
    const costs = (spans: ReadableSpan[]) =>
      spans
        .filter((s) => kind(s) === 'LLM')
        .map((s) => s.attributes['llm.cost.total'])
        .sort();
    expect(costs(rebuilt)).toEqual(costs(live));
    expect(costs(rebuilt).every((c) => typeof c === 'number' && c > 0)).toBe(true);
    // Each call's chat messages, as OpenInference's instrumentation recorded them live.
    const chats = (spans: ReadableSpan[]) =>
      spans
        .filter((s) => kind(s) === 'LLM')
        .map((s) =>
          JSON.stringify(
            Object.entries(s.attributes)
              .filter(([k]) => /^llm\.(input|output)_messages\./.test(k))
              .sort(([a], [b]) => a.localeCompare(b)),
          ),
        )
        .sort();
    expect(chats(live).every((c) => c.includes('llm.output_messages.0.message.role'))).toBe(true);
    expect(chats(rebuilt)).toEqual(chats(live));
    // And the tools each call offered, as the Responses API was sent them.
    const tools = (spans: ReadableSpan[]) =>
      spans
        .filter((s) => kind(s) === 'LLM')
        .map((s) => Object.entries(s.attributes).filter(([k]) => k.startsWith('llm.tools.')))
        .map((entries) => JSON.stringify(entries.sort(([a], [b]) => a.localeCompare(b))))
        .sort();
    expect(tools(live).filter((t) => t.includes('webSearch'))).toHaveLength(10);
    expect(tools(rebuilt)).toEqual(tools(live));

    // The live trace's queue wait per attempt, as the worker saw it, against the history's
    // scheduled → started: never less, and late only by the hop from the server to the worker
    // (milliseconds on a quiet machine; under load the worker's busy event loop adds to it).
    const history = readRunHistory(await plain.workflow.getHandle(liveId).fetchHistory(), 'default');
    const attempts = live.filter((s) => s.name.startsWith('RunActivity:'));
    expect(attempts).toHaveLength(history.activities.length);
    for (const attempt of attempts) {
      const act = history.activities.find(
        (a) => a.activityId === attempt.attributes['temporal.activity.id'],
      )!;
      const recorded = act.startedMs! - act.scheduledMs;
      const seen = attempt.attributes['temporal.activity.queue_wait_ms'] as number;
      expect(seen).toBeGreaterThanOrEqual(recorded - 1);
      expect(seen - recorded).toBeLessThan(1000);
    }
  });

  it('exporting a run twice sends the same trace and span ids', async () => {
    const workflowId = `history-twice-${untracedQueue}`;
    await plain.workflow.execute('ResearchWorkflow', {
      taskQueue: untracedQueue,
      workflowId,
      args: [{ query: QUERY }],
    });
    const before = (await h.spans()).length;
    const first = await exportedTrace(workflowId);
    const afterFirst = (await h.spans()).length;
    const second = await exporter().exportRun({ workflowId });
    const all = await h.spans();
    const again = all
      .slice(afterFirst)
      .map((s) => `${s.spanContext().traceId}/${s.spanContext().spanId}`)
      .sort();
    const once = all
      .slice(before, afterFirst)
      .map((s) => `${s.spanContext().traceId}/${s.spanContext().spanId}`)
      .sort();
    expect(second.traces).toEqual(first.summary.traces);
    expect(again).toEqual(once);
    expect(once.length).toBe(first.spans.length);
  });

  it('a model call that failed once shows both attempts, the first failed, and a positive queue wait', async () => {
    const workflowId = `history-retry-${untracedQueue}`;
    model.setFaults([{ kind: 'status', status: 500, times: 1 }]);
    await plain.workflow.execute('ResearchWorkflow', {
      taskQueue: untracedQueue,
      workflowId,
      args: [{ query: QUERY }],
    });
    model.setFaults([]);
    const { spans } = await exportedTrace(workflowId);
    const planner = spans.find((s) => s.name === 'agent PlannerAgent')!;
    const start = spans.find(
      (s) => parentOf(spans, s) === planner && s.name === 'StartActivity:invokeModel',
    )!;
    const attempts = spans
      .filter((s) => parentOf(spans, s) === start)
      .map((s) => [s.attributes['temporal.activity.attempt'], s.status.code]);
    expect(attempts.sort()).toEqual([
      [1, 2],
      [2, 0],
    ]);
    const waits = spans
      .map((s) => s.attributes['temporal.activity.queue_wait_ms'])
      .filter((w) => w !== undefined);
    expect(waits.length).toBeGreaterThan(10);
    expect(Math.max(...(waits as number[]))).toBeGreaterThan(0);
  });

  it('the wait for a person becomes a HumanWait span, with the decision the update carried', async () => {
    const workflowId = `history-review-${untracedQueue}`;
    const handle = await plain.workflow.start('ResearchWorkflow', {
      taskQueue: untracedQueue,
      workflowId,
      args: [{ query: QUERY, review: true }],
    });
    await until(
      'awaiting review',
      async () =>
        (await handle.query<{ stage: string }>('progress').catch(() => undefined))?.stage ===
        'awaiting_review',
    );
    await new Promise((r) => setTimeout(r, 400));
    await handle.executeUpdate('reviewPlan', { args: [{ action: 'approve', reviewer: 'ana' }] });
    await handle.result();
    const { spans } = await exportedTrace(workflowId);
    const run = spans.find((s) => s.name === 'RunWorkflow:ResearchWorkflow')!;
    const wait = spans.find((s) => s.name === 'HumanWait:reviewPlan')!;
    expect(wait, 'a HumanWait span').toBeDefined();
    expect(parentOf(spans, wait)).toBe(run);
    expect(wait.attributes).toMatchObject({
      'human.decision': 'approve',
      'human.decider': 'ana',
      'human.subject': 'reviewPlan',
    });
    const ms = (t: [number, number]) => t[0] * 1000 + t[1] / 1e6;
    const waited = ms(wait.endTime) - ms(wait.startTime);
    expect(waited).toBeGreaterThanOrEqual(350);
    expect(run.attributes['temporal.time.human_ms']).toBe(Math.round(waited));
    const handler = spans.find((s) => s.name === 'HandleUpdate:reviewPlan')!;
    expect(ms(handler.startTime)).toBeCloseTo(ms(wait.endTime), 0);
  });

  it('a run a traced client started joins the client’s trace; a run its worker traced is skipped', async () => {
    const joinedId = `history-join-${untracedQueue}`;
    await h.client.workflow.execute('ResearchWorkflow', {
      taskQueue: untracedQueue,
      workflowId: joinedId,
      args: [{ query: QUERY }],
    });
    const client = (await h.spans()).find(
      (s) => s.name === 'StartWorkflow:ResearchWorkflow' && s.attributes['temporal.workflow.id'] === joinedId,
    )!;
    const { spans, traceId } = await exportedTrace(joinedId);
    expect(traceId).toBe(client.spanContext().traceId);
    const run = spans.find((s) => s.name === 'RunWorkflow:ResearchWorkflow')!;
    expect(run.parentSpanContext?.spanId).toBe(client.spanContext().spanId);
    expect(orphans([...spans, client])).toEqual([]);

    const skipped = await exporter({ tracedRuns: 'skip' }).exportRun({ workflowId: joinedId });
    expect(skipped.skipped).toEqual({ 'started by a traced client': 1 });

    const liveId = `history-live2-${tracedQueue}`;
    await h.client.workflow.execute('ResearchWorkflow', {
      taskQueue: tracedQueue,
      workflowId: liveId,
      args: [{ query: QUERY }],
    });
    const live = await exporter().exportRun({ workflowId: liveId });
    expect(live.skipped).toEqual({ 'traced live by its worker': 1 });
    expect(live.exported).toBe(0);
  });

  it('a run its worker did not sample is exported into the trace its calls name, or skipped when asked', async () => {
    const workflowId = `history-unsampled-${unsampledQueue}`;
    await plain.workflow.execute('ResearchWorkflow', {
      taskQueue: unsampledQueue,
      workflowId,
      args: [{ query: QUERY }],
    });
    const handle = plain.workflow.getHandle(workflowId);
    const run = readRunHistory(await handle.fetchHistory(), 'default', (await handle.describe()).runId);
    const header = parseTraceparent(run.workerTraceparent);
    expect(header, 'the worker put a trace context on its calls').toBeDefined();
    expect(header!.traceFlags & 1, 'marked not sampled').toBe(0);
    const live = (await h.spans()).filter((s) => s.spanContext().traceId === header!.traceId);
    expect(live, 'nothing was recorded live').toEqual([]);

    const { spans, traceId } = await exportedTrace(workflowId);
    expect(traceId).toBe(header!.traceId);
    expect(spans.filter((s) => s.name === 'RunWorkflow:ResearchWorkflow')).toHaveLength(1);
    expect(spans.filter((s) => kind(s) === 'LLM').length).toBeGreaterThan(0);
    expect(orphans(spans)).toEqual([]);

    const skipped = await exporter({ unsampledRuns: 'skip' }).exportRun({ workflowId });
    expect(skipped.skipped).toEqual({ 'not sampled live': 1 });
    expect(skipped.exported).toBe(0);

    // Started by a traced client inside a trace its sampler dropped: that trace, as a root.
    const clientTraceId = randomBytes(16).toString('hex');
    const fromClient = `history-unsampled-client-${untracedQueue}`;
    const dropped = trace.setSpanContext(context.active(), {
      traceId: clientTraceId,
      spanId: randomBytes(8).toString('hex'),
      traceFlags: TraceFlags.NONE,
      isRemote: true,
    });
    await context.with(dropped, () =>
      h.client.workflow.execute('ResearchWorkflow', {
        taskQueue: untracedQueue,
        workflowId: fromClient,
        args: [{ query: QUERY }],
      }),
    );
    expect((await h.spans()).filter((s) => s.spanContext().traceId === clientTraceId)).toEqual([]);
    const exported = await exportedTrace(fromClient);
    expect(exported.traceId).toBe(clientTraceId);
    const root = exported.spans.find((s) => s.name === 'RunWorkflow:ResearchWorkflow')!;
    expect(root.parentSpanContext?.spanId, 'no parent that nothing recorded').toBeUndefined();
    expect(orphans(exported.spans)).toEqual([]);
  });

  it('encrypted payloads are read through a codec server; without it the run still exports, without content', async () => {
    const workflowId = `history-codec-${codecQueue}`;
    const encrypted = new Client({
      connection: h.client.connection,
      dataConverter: { payloadCodecs: [codec] },
    });
    await encrypted.workflow.execute('ResearchWorkflow', {
      taskQueue: codecQueue,
      workflowId,
      args: [{ query: QUERY }],
    });

    const { spans } = await exportedTrace(workflowId, {
      payloads: { read: true, codec: { endpoint: codecUrl, authorization: CODEC_TOKEN } },
    });
    const llms = spans.filter((s) => kind(s) === 'LLM');
    expect(llms.length).toBeGreaterThanOrEqual(12);
    expect(llms.every((s) => Number(s.attributes['llm.token_count.prompt']) > 0)).toBe(true);
    expect(codecRequests.at(-1)).toEqual({ namespace: 'default', authorized: true });

    const blind = await exporter().exportRun({ workflowId });
    expect(blind.exported).toBe(1);
    expect(blind.llmCalls).toBe(0);
    const wrongAuth = await exporter({
      payloads: { read: true, codec: { endpoint: codecUrl, authorization: 'Bearer wrong' } },
    }).exportRun({ workflowId });
    expect(wrongAuth.failed.map((f) => f.reason)).toEqual([
      expect.stringMatching(/codec server .* answered HTTP 401/),
    ]);
  });

  it('the continuous exporter, a workflow, exports runs as they close, each once, across a worker restart', async () => {
    const exportQueue = uniqueQueue('history-follow');
    const prefix = `history-follow-${exportQueue}`;
    const exporterWorker = () =>
      createHistoryExportWorker({
        client: plain,
        connection: h.nativeConnection,
        taskQueue: exportQueue,
        target: resolveSpanTarget({ telemetry: h.telemetry }),
      });
    const rebuiltRuns = async (workflowId: string) =>
      (await h.spans()).filter(
        (s) =>
          s.name === 'RunWorkflow:ResearchWorkflow' &&
          s.attributes['temporal.workflow.id'] === workflowId &&
          s.attributes['temporal.trace.source'] === 'history',
      );
    let worker = await exporterWorker();
    let running = worker.run();
    const { workflowId: exporterId } = await startContinuousExport(
      plain,
      {
        query: `WorkflowId STARTS_WITH '${prefix}'`,
        intervalSeconds: 1,
        settleSeconds: 1,
        exportedBefore: new Date(Date.now() - 5_000).toISOString(),
      },
      exportQueue,
    );
    try {
      const first = `${prefix}-1`;
      await plain.workflow.execute('ResearchWorkflow', {
        taskQueue: untracedQueue,
        workflowId: first,
        args: [{ query: QUERY }],
      });
      await until(
        'first run exported',
        async () => ((await rebuiltRuns(first)).length ? true : undefined),
        30_000,
      );

      // The exporter's worker goes away and another takes over: the checkpoint is workflow state.
      worker.shutdown();
      await running;
      worker = await exporterWorker();
      running = worker.run();
      const second = `${prefix}-2`;
      await plain.workflow.execute('ResearchWorkflow', {
        taskQueue: untracedQueue,
        workflowId: second,
        args: [{ query: QUERY }],
      });
      await until(
        'second run exported',
        async () => ((await rebuiltRuns(second)).length ? true : undefined),
        30_000,
      );

      // The spans arrive before the export activity's result reaches the exporter's state: poll it.
      const progress = await until(
        'the exporter counting both runs',
        async () => {
          const p = await plain.workflow
            .getHandle(exporterId)
            .query<HistoryExportProgress>(HISTORY_EXPORT_PROGRESS_QUERY);
          return p.exported >= 2 ? p : undefined;
        },
        30_000,
      );
      expect(progress).toMatchObject({ exported: 2, failed: 0 });
      expect((await rebuiltRuns(first)).length).toBe(1);
      expect((await rebuiltRuns(second)).length).toBe(1);
    } finally {
      await plain.workflow.getHandle(exporterId).terminate('test over');
      worker.shutdown();
      await running;
    }
  });

  it('the export command sends a run over OTLP and prints its summary', async () => {
    const workflowId = `history-cli-${untracedQueue}`;
    await plain.workflow.execute('ResearchWorkflow', {
      taskQueue: untracedQueue,
      workflowId,
      args: [{ query: QUERY }],
    });
    const receiver = await startOtlpReceiver();
    try {
      const proc = cli(['export', '--workflow-id', workflowId], {
        OTEL_EXPORTER_OTLP_ENDPOINT: receiver.url,
        OTEL_SERVICE_NAME: 'history-cli',
      });
      expect(await proc.exited).toBe(0);
      expect(proc.stdout()).toMatch(
        /^exported 1 run\(s\): (\d+) spans, 12 LLM calls, \d+ tokens, \$0\.\d+\nskipped 0\nfailed 0\n$/,
      );
      const spans = receiver.spans();
      const count = Number(/exported 1 run\(s\): (\d+) spans/.exec(proc.stdout())![1]);
      expect(spans.length).toBe(count);
      expect(spans.filter((s) => s.name === 'OpenAI Responses')).toHaveLength(12);
      expect(JSON.stringify(spans.map((s) => s.attributes))).toContain(QUERY);

      // OpenInference's privacy switches hold on rebuilt spans as on live ones: with inputs
      // and outputs hidden, no span carries the question, a message, a tool list or a payload.
      const hidden = await startOtlpReceiver();
      try {
        const hiding = cli(['export', '--workflow-id', workflowId], {
          OTEL_EXPORTER_OTLP_ENDPOINT: hidden.url,
          OPENINFERENCE_HIDE_INPUTS: 'true',
          OPENINFERENCE_HIDE_OUTPUTS: 'true',
        });
        expect(await hiding.exited, hiding.output()).toBe(0);
        const masked = hidden.spans();
        expect(masked.length).toBe(count);
        const everything = JSON.stringify(masked.map((s) => [s.attributes, s.events]));
        expect(everything).not.toContain(QUERY);
        expect(everything).not.toMatch(/llm\.(input_messages|output_messages|tools)\./);
        const values = masked.flatMap((s) =>
          ['input.value', 'output.value'].map((k) => s.attributes[k]).filter((v) => v !== undefined),
        );
        expect(values.length).toBeGreaterThan(24);
        expect(new Set(values)).toEqual(new Set(['__REDACTED__']));
      } finally {
        await hidden.close();
      }

      // A backend that refuses every request: the summary still comes, then a line per
      // destination that did not get its spans (after the flush timeout), and exit code 1.
      receiver.setFailing(400);
      const refusedByBackend = cli(['export', '--workflow-id', workflowId], {
        OTEL_EXPORTER_OTLP_ENDPOINT: receiver.url,
      });
      expect(await refusedByBackend.exited, refusedByBackend.output()).toBe(1);
      expect(refusedByBackend.stdout()).toMatch(/^exported 1 run\(s\): \d+ spans, 12 LLM calls/);
      expect(refusedByBackend.stderr()).toContain(`not delivered: ${count} span(s) to otlp (`);
      receiver.setFailing(undefined);

      const bad = cli(['export', '--traced-runs', 'maybe']);
      expect(await bad.exited).toBe(1);
      expect(bad.stderr()).toBe('configuration error: --traced-runs: expected join or skip\n');

      // A query the server refuses: one line naming --query, for a one-off export and for --follow.
      for (const follow of [[], ['--follow']]) {
        const refused = cli(['export', ...follow, '--query', "NoSuchAttribute='x'"]);
        expect(await refused.exited).toBe(1);
        expect(refused.stderr()).toMatch(
          /^configuration error: --query: Temporal cannot run it: .*NoSuchAttribute.*\n$/,
        );
      }

      // --follow for a query already followed says so, with its progress, or that no worker answers.
      const followQueue = uniqueQueue('history-follow-cli');
      const follow = () =>
        cli(['export', '--follow', '--task-queue', followQueue, '--query', `TaskQueue='${followQueue}'`]);
      const first = follow();
      expect(await first.exited, first.output()).toBe(0);
      const followerId = /continuous export (\S+);/.exec(first.stdout())![1];
      try {
        const second = follow();
        expect(await second.exited, second.output()).toBe(0);
        expect(second.stdout()).toBe(
          `already running: continuous export ${followerId}; run \`temporal-agents-otel export-worker\` to process it\n` +
            'progress: no export-worker answered within 5 s (none is running on its task queue?)\n',
        );
      } finally {
        await plain.workflow.getHandle(followerId).terminate('test over');
      }
    } finally {
      await receiver.close();
    }
  });

  it('signals and updates carry the wait, child workflows nest in the parent’s trace, continue-as-new links runs', async () => {
    const workflowId = `history-handlers-${pathsQueue}`;
    const handle = await plain.workflow.start('handlersWorkflow', { taskQueue: pathsQueue, workflowId });
    await handle.signal(pokeSignal, 'hello');
    await handle.executeUpdate(setUpdate, { args: ['x'] });
    await handle.result();
    const { spans } = await exportedTrace(workflowId);
    const run = spans.find((s) => s.name === 'RunWorkflow:handlersWorkflow')!;
    for (const name of ['HandleSignal:poke', 'HandleUpdate:set']) {
      const span = spans.find((s) => s.name === name)!;
      expect(parentOf(spans, span), name).toBe(run);
      expect(span.attributes['temporal.message.wait_ms']).toBeGreaterThanOrEqual(0);
    }
    const startChild = spans.find((s) => s.name === 'StartChildWorkflow:childWorkflow')!;
    const child = spans.find((s) => s.name === 'RunWorkflow:childWorkflow')!;
    expect(parentOf(spans, startChild)).toBe(run);
    expect(parentOf(spans, child)).toBe(startChild);
    expect(
      spans.some((s) => s.name === 'RunActivity:echo' && parentOf(spans, parentOf(spans, s)!) === child),
    ).toBe(true);
    expect(orphans(spans)).toEqual([]);
    // The local activity, from its marker: under the run, marked local, no queue wait.
    const local = spans.find((s) => s.name === 'StartActivity:echo' && parentOf(spans, s) === run)!;
    expect(local.attributes['temporal.activity.local']).toBe(true);
    const localRun = spans.find((s) => parentOf(spans, s) === local)!;
    expect(localRun.name).toBe('RunActivity:echo');
    expect(localRun.attributes['temporal.activity.queue_wait_ms']).toBeUndefined();
    expect(localRun.attributes['output.value']).toBe('local');
    // Listed on its own, the child is left to its parent.
    const listed = await exporter().exportRun({ workflowId: `${workflowId}-child` }, { listed: true });
    expect(listed.skipped).toEqual({ 'exported with its parent': 1 });

    // Started by an untraced client, and by a traced one, whose trace the first run joins: each
    // link names the trace and span the continued run's own export made.
    for (const [label, starter] of [
      ['plain', plain],
      ['traced', h.client],
    ] as const) {
      const chainId = `history-chain-${label}-${pathsQueue}`;
      await starter.workflow.execute('continuingWorkflow', {
        taskQueue: pathsQueue,
        workflowId: chainId,
        args: [0],
      });
      await visible(plain, `WorkflowId = '${chainId}' AND ExecutionStatus != 'Running'`, 3);
      const chain = await exporter().exportQuery(`WorkflowId = '${chainId}'`);
      expect(chain.exported).toBe(3);
      const runs = (await h.spans()).filter(
        (s) =>
          s.name === 'RunWorkflow:continuingWorkflow' && s.attributes['temporal.workflow.id'] === chainId,
      );
      const linked = runs.filter((r) => r.links.length === 1);
      expect(linked).toHaveLength(2);
      for (const r of linked) {
        const target = runs.find((o) => o.spanContext().spanId === r.links[0].context.spanId);
        expect(target?.spanContext().traceId, `${label}: the linked run's trace`).toBe(
          r.links[0].context.traceId,
        );
        expect(target?.attributes['temporal.outcome']).toBe('continued_as_new');
      }
    }
  });
});
