// Traces from the history of a Go agent worker that traces nothing: Temporal's
// Go SDK and openai-go (Chat Completions with a function tool), built from the
// Go module proxy (scripts/setup-go-worker.sh), against the offline model on
// the dev server. Its activities are named by an activity map, as an operator
// of such a fleet would write one.
import { execFileSync } from 'node:child_process';
import { fileURLToPath } from 'node:url';
import type { ReadableSpan } from '@opentelemetry/sdk-trace-base';
import { Client } from '@temporalio/client';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { type OfflineModelServer, startOfflineModel } from '../../offline-model/index.js';
import { loadActivityMap } from '../../src/history/activity-map.js';
import { HistoryExporter } from '../../src/history/history-exporter.js';
import { resolveSpanTarget } from '../../src/worker/span-target.js';
import { spawnCaptured } from '../support/child.js';
import { createHarness, type Harness } from '../support/harness.js';
import { uniqueQueue } from '../support/research.js';
import { visible } from '../support/visibility.js';
import { attemptsUnder, orphans, parentOf } from '../support/spans.js';

const SETUP = fileURLToPath(new URL('../../scripts/setup-go-worker.sh', import.meta.url));
const MAP = fileURLToPath(new URL('../go/llm-worker/activity-map.json', import.meta.url));
/** gpt-4o-mini in the price table, USD per token: the hand computation the test compares with. */
const PRICE = { input: 0.15 / 1e6, output: 0.6 / 1e6 };
const RUNS = 2;

let h: Harness;
let model: OfflineModelServer;
const taskQueue = uniqueQueue('history-go');
let runs: { workflowId: string; runId: string }[] = [];
/** What the Go model activity read from the API's answers, summed over every call. */
let seen: { modelCalls: number; promptTokens: number; completionTokens: number };

beforeAll(async () => {
  const worker = execFileSync('bash', [SETUP], { encoding: 'utf8' }).trim();
  model = await startOfflineModel();
  h = await createHarness();
  const proc = spawnCaptured(worker, [h.address, taskQueue, model.url, `go-${taskQueue}`, String(RUNS)]);
  const code = await proc.exited;
  if (code !== 0) throw new Error(`Go worker exited ${code}: ${proc.stderr().slice(-2000)}`);
  const lines = proc
    .stdout()
    .trim()
    .split('\n')
    .map((l) => JSON.parse(l));
  const last = lines.at(-1);
  expect(last).toMatchObject({ done: true });
  seen = last;
  runs = lines.slice(0, -1);
}, 600_000);

afterAll(async () => {
  await h?.close();
  await model?.close();
});

const kind = (s: ReadableSpan) => s.attributes['openinference.span.kind'];

describe('traces from the history of an untraced Go agent worker, through an activity map', () => {
  it('LLM spans with the tokens the worker saw and the price table’s cost, the tool under its agent, each attempt', async () => {
    expect(runs).toHaveLength(RUNS);
    const exporter = new HistoryExporter({
      client: new Client({ connection: h.client.connection }),
      target: resolveSpanTarget({ telemetry: h.telemetry }),
      activityMap: loadActivityMap(MAP),
    });
    await visible(h.client, `TaskQueue = '${taskQueue}' AND ExecutionStatus = 'Completed'`, RUNS);
    const summary = await exporter.exportQuery(`TaskQueue = '${taskQueue}'`);
    expect(summary).toMatchObject({ exported: RUNS, failed: [], skipped: {} });
    const all = await h.spans();

    let calls = 0;
    let prompt = 0;
    let completion = 0;
    for (const { workflowId, runId } of runs) {
      const traceId = summary.traces[`${workflowId}/${runId}`];
      const spans = all.filter((s) => s.spanContext().traceId === traceId);
      expect(orphans(spans)).toEqual([]);
      const roots = spans.filter((s) => !s.parentSpanContext);
      expect(roots.map((s) => s.name)).toEqual(['RunWorkflow:SupportWorkflow']);
      const [run] = roots;

      // One agent: the map names it from the activity's argument.
      const agents = spans.filter((s) => kind(s) === 'AGENT');
      expect(agents.map((s) => s.name)).toEqual(['agent SupportAgent']);
      expect(parentOf(spans, agents[0])).toBe(run);

      // The model asks for the tool, then answers from its result: two calls per run.
      const llms = spans.filter((s) => kind(s) === 'LLM');
      expect(llms).toHaveLength(2);
      let cost = 0;
      for (const llm of llms) {
        expect(llm.name).toBe('OpenAI Chat Completions');
        expect(parentOf(spans, llm)?.name).toBe('RunActivity:CallModel');
        expect(parentOf(spans, parentOf(spans, parentOf(spans, llm)!)!)).toBe(agents[0]);
        expect(llm.attributes['llm.model_name']).toBe('gpt-4o-mini');
        const input = llm.attributes['llm.token_count.prompt'] as number;
        const output = llm.attributes['llm.token_count.completion'] as number;
        expect(input).toBeGreaterThan(0);
        expect(output).toBeGreaterThan(0);
        expect(llm.attributes['llm.cost.total']).toBeCloseTo(input * PRICE.input + output * PRICE.output, 12);
        prompt += input;
        completion += output;
        cost += llm.attributes['llm.cost.total'] as number;
      }
      calls += llms.length;
      expect(run.attributes['rollup.llm.calls']).toBe(2);
      expect(run.attributes['rollup.llm.cost.total']).toBeCloseTo(cost, 12);
      // The first answer asked for lookup_order; the second call sent its result back. Both
      // show as chat messages, read from the worker's own message type in Chat Completions' shape.
      const asked = llms.find(
        (s) => s.attributes['llm.output_messages.0.message.tool_calls.0.tool_call.function.name'],
      );
      expect(asked?.attributes['llm.output_messages.0.message.tool_calls.0.tool_call.function.name']).toBe(
        'lookup_order',
      );
      const answered = llms.find((s) => s !== asked)!;
      expect(answered.attributes).toMatchObject({
        'llm.input_messages.0.message.role': 'system',
        'llm.input_messages.2.message.tool_calls.0.tool_call.function.name': 'lookup_order',
        'llm.input_messages.3.message.role': 'tool',
        'llm.output_messages.0.message.role': 'assistant',
      });
      expect(String(answered.attributes['llm.input_messages.3.message.content'])).toMatch(
        /^order .*: shipped/,
      );

      // The tool activity, claimed by the call that asked for it: a TOOL span under the agent,
      // its first attempt failed and retried.
      const tools = spans.filter((s) => kind(s) === 'TOOL');
      expect(tools.map((s) => s.name)).toEqual(['tool lookup_order']);
      expect(parentOf(spans, tools[0])).toBe(agents[0]);
      expect(String(tools[0].attributes['input.value'])).toMatch(/^\{"order_id":"[^"]+"\}$/);
      const start = spans.find((s) => s.name === 'StartActivity:lookup_order')!;
      expect(parentOf(spans, start)).toBe(tools[0]);
      const attempts = attemptsUnder(spans, start);
      expect(attempts.map((s) => [s.attributes['temporal.activity.attempt'], s.status.code])).toEqual([
        [1, 2],
        [2, 0],
      ]);
      expect(attempts[0].status.message).toBe('order store busy');

      const waits = spans
        .map((s) => s.attributes['temporal.activity.queue_wait_ms'])
        .filter((w): w is number => typeof w === 'number');
      expect(Math.max(...waits)).toBeGreaterThan(0);
    }
    // History gives back what the worker's model activity read from the API, call for call.
    expect({ calls, prompt, completion }).toEqual({
      calls: seen.modelCalls,
      prompt: seen.promptTokens,
      completion: seen.completionTokens,
    });
  });
});
