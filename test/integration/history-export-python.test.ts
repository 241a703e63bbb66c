// Traces from the history of a Python agents pipeline that traced nothing:
// Temporal's Python SDK + its OpenAI Agents plugin + openai-agents, from PyPI
// (scripts/setup-python-peer.sh), against the offline model on the dev server.
// Then the same pipeline traced by Temporal's own Python TracingInterceptor,
// whose traces get their LLM spans added (`workerTracedRuns: 'enrich'`).
import { execFileSync } from 'node:child_process';
import { mkdtempSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import type { ReadableSpan } from '@opentelemetry/sdk-trace-base';
import { Client } from '@temporalio/client';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { writePeerCorpus } from '../../bench/peer-corpus.js';
import { startOtlpReceiver } from '../../devtools/otlp-receiver.js';
import { type OfflineModelServer, startOfflineModel } from '../../offline-model/index.js';
import { HistoryExporter } from '../../src/history/history-exporter.js';
import { resolveSpanTarget } from '../../src/worker/span-target.js';
import { spawnCaptured } from '../support/child.js';
import { createHarness, type Harness } from '../support/harness.js';
import { uniqueQueue } from '../support/research.js';
import { visible } from '../support/visibility.js';
import { orphans, parentOf } from '../support/spans.js';

const ROOT = fileURLToPath(new URL('../..', import.meta.url));
const SCRIPT = fileURLToPath(new URL('../python/untraced_research.py', import.meta.url));
/** gpt-4o-mini in the price table, USD per token: the hand computation the test compares with. */
const PRICE = { input: 0.15 / 1e6, output: 0.6 / 1e6 };

let h: Harness;
let model: OfflineModelServer;
const taskQueue = uniqueQueue('history-python');
let runs: { workflowId: string; runId: string }[] = [];
let python: string;
let corpus: string;

beforeAll(async () => {
  model = await startOfflineModel();
  h = await createHarness();
  python = execFileSync('bash', [`${ROOT}/scripts/setup-python-peer.sh`], { encoding: 'utf8' }).trim();
  corpus = await writePeerCorpus(mkdtempSync(join(tmpdir(), 'history-python-')));
  // The planner's first call of the first run fails once: its activity is retried.
  model.setFaults([{ kind: 'status', status: 500, times: 1 }]);
  const proc = spawnCaptured(python, [
    SCRIPT,
    h.address,
    taskQueue,
    model.url,
    corpus,
    `py-${taskQueue}`,
    '2',
  ]);
  const code = await proc.exited;
  if (code !== 0) throw new Error(`python pipeline exited ${code}: ${proc.stderr().slice(-2000)}`);
  const lines = proc
    .stdout()
    .trim()
    .split('\n')
    .map((l) => JSON.parse(l));
  expect(lines.at(-1)).toEqual({ done: true });
  runs = lines.slice(0, -1);
}, 300_000);

afterAll(async () => {
  await h?.close();
  await model?.close();
});

const kind = (s: ReadableSpan) => s.attributes['openinference.span.kind'];

describe('traces from the history of an untraced Python agents pipeline', () => {
  it('one trace per run: an LLM span per model call with tokens and the price table’s cost, a RunActivity per attempt, queue wait, tools', async () => {
    expect(runs).toHaveLength(2);
    const exporter = new HistoryExporter({
      client: new Client({ connection: h.client.connection }),
      target: resolveSpanTarget({ telemetry: h.telemetry }),
    });
    await visible(h.client, `TaskQueue = '${taskQueue}' AND ExecutionStatus = 'Completed'`, 2);
    const summary = await exporter.exportQuery(`TaskQueue = '${taskQueue}'`);
    expect(summary).toMatchObject({ exported: 2, failed: [], skipped: {} });
    const all = await h.spans();

    const attemptsSeen: number[][] = [];
    for (const { workflowId, runId } of runs) {
      const traceId = summary.traces[`${workflowId}/${runId}`];
      const spans = all.filter((s) => s.spanContext().traceId === traceId);
      expect(orphans(spans)).toEqual([]);
      const root = spans.filter((s) => !s.parentSpanContext);
      expect(root.map((s) => s.name)).toEqual(['RunWorkflow:ResearchWorkflow']);

      const modelStarts = spans.filter((s) => s.name === 'StartActivity:invoke_model_activity');
      const llms = spans.filter((s) => kind(s) === 'LLM' && s.status.code !== 2);
      // Planner, two turns per search (ask for the tool, summarise), writer.
      expect(modelStarts.length).toBeGreaterThanOrEqual(1 + 2 * 5 + 1);
      expect(llms).toHaveLength(modelStarts.length);
      let cost = 0;
      for (const llm of llms) {
        const input = llm.attributes['llm.token_count.prompt'] as number;
        const output = llm.attributes['llm.token_count.completion'] as number;
        expect(input).toBeGreaterThan(0);
        expect(output).toBeGreaterThan(0);
        expect(llm.attributes['llm.model_name']).toBe('gpt-4o-mini');
        expect(llm.attributes['llm.cost.total']).toBeCloseTo(input * PRICE.input + output * PRICE.output, 12);
        cost += llm.attributes['llm.cost.total'] as number;
        expect(parentOf(spans, llm)?.name).toBe('RunActivity:invoke_model_activity');
      }
      const run = root[0];
      expect(run.attributes['rollup.llm.calls']).toBe(llms.length);
      expect(run.attributes['rollup.llm.cost.total']).toBeCloseTo(cost, 12);

      const tools = spans.filter((s) => kind(s) === 'TOOL');
      expect(tools.length).toBeGreaterThanOrEqual(5);
      for (const tool of tools) expect(tool.name).toBe('tool webSearch');

      for (const start of modelStarts)
        attemptsSeen.push(
          spans
            .filter((s) => parentOf(spans, s) === start)
            .map((s) => Number(s.attributes['temporal.activity.attempt']))
            .sort(),
        );
      const waits = spans
        .map((s) => s.attributes['temporal.activity.queue_wait_ms'])
        .filter((w): w is number => typeof w === 'number');
      expect(Math.max(...waits)).toBeGreaterThan(0);
    }
    // The forced failure: exactly one model call ran twice, attempt 1 failed.
    expect(attemptsSeen.filter((a) => a.length > 1)).toEqual([[1, 2]]);
  });

  it('a run Temporal’s Python TracingInterceptor traced: skipped, or, with enrich, its LLM spans added under the live StartActivity spans', async () => {
    const receiver = await startOtlpReceiver();
    try {
      const queue = `${taskQueue}-otel`;
      const proc = spawnCaptured(python, [
        SCRIPT,
        'run',
        ...['--address', h.address, '--task-queue', queue, '--model-url', model.url, '--corpus', corpus],
        ...['--id-prefix', `pyotel-${queue}`, '--count', '1', '--otlp-traces-url', receiver.tracesUrl],
      ]);
      const code = await proc.exited;
      if (code !== 0) throw new Error(`python pipeline exited ${code}: ${proc.stderr().slice(-2000)}`);
      const [{ workflowId, runId }] = proc
        .stdout()
        .trim()
        .split('\n')
        .map((l) => JSON.parse(l));
      const starts = receiver.spans().filter((s) => s.name === 'StartActivity:invoke_model_activity');
      expect(starts.length).toBeGreaterThanOrEqual(1 + 2 * 5 + 1);
      const traceId = starts[0].traceId;
      expect(new Set(starts.map((s) => s.traceId))).toEqual(new Set([traceId]));

      const exporter = (workerTracedRuns: 'skip' | 'enrich') =>
        new HistoryExporter({
          client: new Client({ connection: h.client.connection }),
          target: resolveSpanTarget({ telemetry: h.telemetry }),
          workerTracedRuns,
        });
      expect((await exporter('skip').exportRun({ workflowId, runId })).skipped).toEqual({
        'traced live by its worker': 1,
      });
      const summary = await exporter('enrich').exportRun({ workflowId, runId });
      expect(summary).toMatchObject({ exported: 1, llmCalls: starts.length, failed: [] });
      const llms = (await h.spans()).filter((s) => s.spanContext().traceId === traceId);
      expect(llms.map((s) => kind(s))).toEqual(starts.map(() => 'LLM'));
      expect(llms.map((s) => s.parentSpanContext?.spanId).sort()).toEqual(starts.map((s) => s.spanId).sort());
      for (const llm of llms) {
        const input = llm.attributes['llm.token_count.prompt'] as number;
        const output = llm.attributes['llm.token_count.completion'] as number;
        expect(input).toBeGreaterThan(0);
        expect(llm.attributes['llm.cost.total']).toBeCloseTo(input * PRICE.input + output * PRICE.output, 12);
      }
    } finally {
      await receiver.close();
    }
  });
});
