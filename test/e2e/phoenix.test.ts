import type { ReadableSpan } from '@opentelemetry/sdk-trace-base';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { ResearchReport } from '../../examples/research/shared.js';
import {
  getPhoenixSpans,
  getPhoenixTraceCost,
  type PhoenixServer,
  type PhoenixSpan,
  type PhoenixTraceCost,
  startPhoenix,
} from '../../devtools/phoenix.js';
import { type OfflineModelServer, startOfflineModel } from '../../offline-model/index.js';
import { ancestor, assertResearchTrace } from '../support/contract.js';
import { createHarness, type Harness } from '../support/harness.js';
import { until } from '../support/poll.js';
import { asReadableSpans } from '../support/received-trace.js';
import {
  offlineResearchActivities,
  researchWorkflowsPath,
  traceOf,
  uniqueQueue,
} from '../support/research.js';
import { parentOf } from '../support/spans.js';

// The research pipeline on a real Temporal server, exported over OTLP/HTTP
// protobuf straight to a real Arize Phoenix (pinned PyPI `arize-phoenix`,
// installed once by scripts/setup-phoenix.sh), then read back from Phoenix's
// REST and GraphQL APIs and compared with what the process exported to memory.

const SERVICE = 'research-phoenix-e2e';
/** Phoenix's cost must agree with ours within this relative tolerance. */
const COST_TOLERANCE = 0.01;

let phoenix: PhoenixServer | undefined;
let model: OfflineModelServer | undefined;
let h: Harness | undefined;
let report: ResearchReport;
/** The run's trace as this process exported it (in-memory processor). */
let memory: ReadableSpan[];
/** The same trace as Phoenix stored it. */
let stored: PhoenixSpan[];
let project: string;
let traceId: string;
/**
 * Why the run could not be set up. Kept, and thrown by every test, so that a
 * missing Phoenix shows as failed tests with the reason, not as skipped ones.
 */
let setupError: Error | undefined;
function ready(): void {
  if (setupError) throw setupError;
}

/** Phoenix is a PyPI install: when it cannot be had, fail with the reason and the remedy, never skip. */
async function mustStartPhoenix(): Promise<PhoenixServer> {
  try {
    return await startPhoenix();
  } catch (err) {
    throw new Error(
      'Arize Phoenix could not be installed or started, so this e2e test cannot run. Install it with ' +
        '`scripts/setup-phoenix.sh` (Python 3.10-3.13 and PyPI needed) or point PHOENIX_BINARY_PATH at a ' +
        `\`phoenix\` executable. Cause: ${(err as Error).message}`,
    );
  }
}

beforeAll(async () => {
  try {
    await runPipelineIntoPhoenix();
  } catch (err) {
    setupError = err as Error;
  }
  // A cold install of Phoenix from PyPI (about 2 minutes on 2 cores) can happen in this hook.
}, 1_200_000);

async function runPipelineIntoPhoenix(): Promise<void> {
  phoenix = await mustStartPhoenix();
  model = await startOfflineModel();
  // createHarness defaults OTEL_TRACES_EXPORTER to none; `otlp` turns the exporter back on.
  h = await createHarness({
    OTEL_TRACES_EXPORTER: 'otlp',
    OTEL_EXPORTER_OTLP_TRACES_ENDPOINT: phoenix.otlpHttpUrl,
    OTEL_EXPORTER_OTLP_TRACES_PROTOCOL: 'http/protobuf',
    OTEL_SERVICE_NAME: SERVICE,
  });
  const taskQueue = uniqueQueue('research-phoenix');
  const worker = await h.worker({
    taskQueue,
    workflowsPath: researchWorkflowsPath,
    activities: offlineResearchActivities(model.url),
  });
  const workflowId = `research-${taskQueue}`;
  report = await worker.runUntil(
    h.client.workflow.execute('ResearchWorkflow', {
      taskQueue,
      workflowId,
      args: [{ query: 'How do durable AI agents stay observable?' }],
    }),
  );
  memory = await traceOf(h, workflowId); // flushes every queue, the OTLP one included
  traceId = memory[0].spanContext().traceId;
  project = String(memory[0].resource.attributes['openinference.project.name'] ?? SERVICE);
  stored = await getPhoenixSpans(phoenix.baseUrl, project, traceId, {
    minSpans: memory.length,
    timeoutMs: 60_000,
  });
}

afterAll(async () => {
  await h?.close();
  await model?.close();
  await phoenix?.close();
});

const kindOf = (s: ReadableSpan) => s.attributes['openinference.span.kind'];
const num = (v: unknown) => Number(v ?? 0);
const relativeDiff = (a: number, b: number) =>
  a === b ? 0 : Math.abs(a - b) / Math.max(Math.abs(a), Math.abs(b));

/** Phoenix's spans as ReadableSpan views, with the span kind put back among the attributes. */
function storedView(): ReadableSpan[] {
  return asReadableSpans(
    stored.map((s) => ({
      traceId: s.context.trace_id,
      spanId: s.context.span_id,
      parentSpanId: s.parent_id ?? undefined,
      name: s.name,
      kind: 0,
      attributes: { ...s.attributes, 'openinference.span.kind': s.span_kind },
      status: { code: 0, message: s.status_code },
      startTimeUnixNano: '0',
      endTimeUnixNano: '0',
      resource: {},
      scope: '',
      events: [],
      links: [],
    })),
  );
}

describe('research pipeline → Arize Phoenix', () => {
  it('delivers the whole trace over OTLP/HTTP protobuf with the same ids, parents and kinds', () => {
    ready();
    expect(report.status).toBe('completed');
    const delivery = h!.telemetry.exportStats().find((d) => d.destination === 'otlp');
    expect(delivery, 'an otlp destination is configured').toBeDefined();
    expect(delivery!.failedSpans).toBe(0);
    expect(project).toBe(SERVICE);

    const byId = new Map(stored.map((s) => [s.context.span_id, s]));
    expect(stored).toHaveLength(memory.length);
    for (const span of memory) {
      const got = byId.get(span.spanContext().spanId);
      expect(got, `${span.name} stored by Phoenix`).toBeDefined();
      expect(got!.name).toBe(span.name);
      expect(got!.context.trace_id).toBe(traceId);
      expect(got!.parent_id ?? undefined, `parent of ${span.name}`).toBe(span.parentSpanContext?.spanId);
      expect(got!.span_kind, `kind of ${span.name}`).toBe(kindOf(span));
    }
    expect(new Set(stored.map((s) => s.span_kind))).toEqual(new Set(['CHAIN', 'AGENT', 'TOOL', 'LLM']));
  });

  it('holds the agent tree of the trace contract: agents under RunWorkflow, LLM calls under agents', () => {
    ready();
    const view = storedView();
    const { run, agents, llms } = assertResearchTrace(view, report.searches.length);
    expect(kindOf(run)).toBe('CHAIN');
    expect(run.attributes['temporal.workflow.type']).toBe('ResearchWorkflow');
    for (const agent of agents) expect(parentOf(view, agent)).toBe(run);
    for (const llm of llms) expect(kindOf(ancestor(view, llm, 'agent ')!)).toBe('AGENT');
    const tools = view.filter((s) => kindOf(s) === 'TOOL');
    expect(tools).toHaveLength(report.searches.length);
    for (const tool of tools) expect(kindOf(parentOf(view, tool)!)).toBe('AGENT');
  });

  it('keeps model and token counts on every LLM span, equal to what was exported', () => {
    ready();
    const llms = stored.filter((s) => s.span_kind === 'LLM');
    expect(llms).toHaveLength(report.usage.calls);
    for (const llm of llms) {
      const mine = memory.find((s) => s.spanContext().spanId === llm.context.span_id)!;
      const a = llm.attributes;
      expect(String(a['llm.model_name'])).toMatch(/^gpt-4o-mini/);
      for (const key of ['llm.token_count.prompt', 'llm.token_count.completion', 'llm.token_count.total'])
        expect(a[key], `${key} of ${llm.context.span_id}`).toBe(mine.attributes[key]);
      expect(num(a['llm.token_count.prompt'])).toBeGreaterThan(0);
      expect(num(a['llm.token_count.completion'])).toBeGreaterThan(0);
      expect(num(a['llm.token_count.total'])).toBe(
        num(a['llm.token_count.prompt']) + num(a['llm.token_count.completion']),
      );
    }
  });

  it(`computes its own cost (gpt-4o-mini) within ${COST_TOLERANCE * 100}% of our llm.cost.* and rollup`, async () => {
    ready();
    const llms = stored.filter((s) => s.span_kind === 'LLM');
    const run = stored.find((s) => s.name === 'RunWorkflow:ResearchWorkflow')!;
    const ourSum = llms.reduce((t, s) => t + num(s.attributes['llm.cost.total']), 0);
    const ourRollup = num(run.attributes['rollup.llm.cost.total']);
    const ourTokens = num(run.attributes['rollup.llm.token_count.total']);
    expect(ourSum).toBeGreaterThan(0);
    expect(ourRollup).toBeCloseTo(ourSum, 12);

    // Costs are written with the spans, but poll in case the summary lags ingestion.
    const phoenixCost: PhoenixTraceCost = await until(
      'Phoenix cost summary covering every LLM span',
      async () => {
        const c = await getPhoenixTraceCost(phoenix!.baseUrl, traceId);
        return c && c.total.tokens === ourTokens && c.spans.size === llms.length ? c : undefined;
      },
      30_000,
      250,
    ).catch(async (err: Error) => {
      const last = await getPhoenixTraceCost(phoenix!.baseUrl, traceId);
      throw new Error(
        `${err.message}; Phoenix reports ${JSON.stringify(last && { ...last, spans: last.spans.size })} ` +
          `for ${llms.length} LLM spans and ${ourTokens} tokens`,
      );
    });
    const models = [...new Set(llms.map((s) => String(s.attributes['llm.model_name'])))].join(', ');
    expect(
      phoenixCost.total.cost,
      `Phoenix did not price model(s) ${models}: its costSummary has tokens but no cost`,
    ).not.toBeNull();
    const theirs = phoenixCost.total.cost!;
    console.info(
      `[phoenix cost] model ${models}: ours sum(llm.cost.total)=${ourSum} rollup=${ourRollup}; ` +
        `Phoenix costSummary total=${theirs} (prompt ${phoenixCost.prompt.cost}, completion ${phoenixCost.completion.cost}); ` +
        `relative difference ${relativeDiff(ourSum, theirs).toExponential(2)}`,
    );
    expect(relativeDiff(ourSum, theirs)).toBeLessThanOrEqual(COST_TOLERANCE);
    expect(relativeDiff(ourRollup, theirs)).toBeLessThanOrEqual(COST_TOLERANCE);
    expect(
      relativeDiff(num(run.attributes['rollup.llm.cost.prompt']), phoenixCost.prompt.cost ?? 0),
    ).toBeLessThanOrEqual(COST_TOLERANCE);
    expect(
      relativeDiff(num(run.attributes['rollup.llm.cost.completion']), phoenixCost.completion.cost ?? 0),
    ).toBeLessThanOrEqual(COST_TOLERANCE);
    for (const llm of llms) {
      const per = phoenixCost.spans.get(llm.context.span_id);
      expect(per?.cost, `Phoenix's cost of LLM span ${llm.context.span_id}`).not.toBeNull();
      expect(relativeDiff(num(llm.attributes['llm.cost.total']), per!.cost!)).toBeLessThanOrEqual(
        COST_TOLERANCE,
      );
      expect(per!.tokens).toBe(num(llm.attributes['llm.token_count.total']));
    }
  });
});
