// Traces rebuilt from recorded histories (test/history_files): the research
// pipeline's shape, tokens, rollups and ids, without a server. The same
// builder runs against live servers in test/integration/history-export.test.ts.
import { readFileSync } from 'node:fs';
import { defaultResource } from '@opentelemetry/resources';
import type { ReadableSpan, Span } from '@opentelemetry/sdk-trace-base';
import { historyFromJSON } from '@temporalio/common/lib/proto-utils.js';
import { describe, expect, it } from 'vitest';
import { CostSpanProcessor } from '../../src/cost/index.js';
import { checkActivityMap, mappedModelReader } from '../../src/history/activity-map.js';
import { buildRunTrace, type BuildOptions } from '../../src/history/build-trace.js';
import { KNOWN_MODEL_ACTIVITIES } from '../../src/history/known-model-activities.js';
import { readPayloadValues } from '../../src/history/payload-values.js';
import { readRunHistory } from '../../src/history/read-events.js';
import { historySpanId, historyTraceId } from '../../src/history/span-ids.js';
import type { ActivityRecord, RunRecord } from '../../src/history/run-record.js';
import { toFinishedSpan } from '../../src/worker/workflow-span-receiver.js';
import { assertResearchTrace } from '../support/contract.js';
import { attemptsUnder, duplicateIds, orphans, parentOf } from '../support/spans.js';

const recorded = (name: string) =>
  JSON.parse(readFileSync(new URL(`../history_files/${name}`, import.meta.url), 'utf8')) as { events: any[] };
/** Histories of other SDKs' workers (not ours to replay, so not in history_files). */
const foreign = (name: string) =>
  JSON.parse(readFileSync(new URL(`../fixtures/histories/${name}`, import.meta.url), 'utf8')) as {
    events: any[];
  };

async function rebuild(json: { events: any[] }, options: Partial<BuildOptions> & { read?: boolean } = {}) {
  const run = readRunHistory(historyFromJSON(json), 'default');
  const values = await readPayloadValues(run, { read: options.read ?? true });
  const built = buildRunTrace(run, {
    traceId: historyTraceId('default', run),
    values,
    modelReaderFor: (type) => KNOWN_MODEL_ACTIVITIES[type],
    isToolActivity: () => false,
    ...options,
  });
  const cost = new CostSpanProcessor();
  const spans: ReadableSpan[] = built.spans.map((data) => {
    const span = toFinishedSpan(data, { resource: defaultResource(), attributeValueLengthLimit: Infinity });
    cost.onEnding(span as unknown as Span);
    return span;
  });
  return { run, built, spans };
}

const kind = (s: ReadableSpan) => s.attributes['openinference.span.kind'];
/** The RunActivity spans of an activity type, in attempt order. */
const attemptsOf = (spans: ReadableSpan[], type: string) =>
  spans
    .filter((s) => s.name === `RunActivity:${type}`)
    .sort(
      (a, b) =>
        Number(a.attributes['temporal.activity.attempt']) - Number(b.attributes['temporal.activity.attempt']),
    );
const sum = (spans: ReadableSpan[], key: string) =>
  spans.reduce((total, s) => total + Number(s.attributes[key] ?? 0), 0);

/**
 * What both local-activity recorders (test/go/local-activity, test/java/local-activity) ran:
 * LookupOrder failed once and succeeded, then Greet. Go and Java record only when each
 * ended, so the second starts where the first ended.
 */
function expectLookupThenGreet(run: RunRecord, spans: ReadableSpan[]) {
  expect(run.activities.map((a) => [a.activityType, a.attempt, a.local])).toEqual([
    ['LookupOrder', 2, true],
    ['Greet', 1, true],
  ]);
  const [lookup, greet] = run.activities as [ActivityRecord, ActivityRecord];
  expect(greet.startedMs).toBe(lookup.closedMs);
  expect(orphans(spans)).toEqual([]);
  // One RunActivity per attempt, as for activities: the first failed one estimated, the last as recorded.
  const attempts = attemptsOf(spans, 'LookupOrder');
  expect(attempts.map((s) => s.attributes['temporal.activity.attempt'])).toEqual([1, 2]);
  const last = attempts[1]!;
  expect(parentOf(spans, last)!.attributes['temporal.activity.local']).toBe(true);
  expect(last.attributes['output.value']).toContain('order 12: shipped');
  expect(spans.find((s) => s.name === 'RunActivity:Greet')).toBeDefined();
  return { lookup, last };
}

describe('traces rebuilt from a recorded research run', () => {
  it('follow the trace contract: agents, tools, one RunActivity per attempt, LLM spans with tokens', async () => {
    const { spans } = await rebuild(recorded('research-0.1.0.json'));
    // The contract expects the client's StartWorkflow on top; history has no client span.
    const root = spans.find((s) => !s.parentSpanContext)!;
    expect(root.name).toBe('RunWorkflow:ResearchWorkflow');
    const withClient = [
      {
        ...root,
        name: 'StartWorkflow:ResearchWorkflow',
        spanContext: () => ({ ...root.spanContext(), spanId: 'c'.repeat(16) }),
        parentSpanContext: undefined,
      } as ReadableSpan,
      ...spans.map((s) =>
        s === root
          ? ({
              ...s,
              spanContext: s.spanContext,
              parentSpanContext: { ...s.spanContext(), spanId: 'c'.repeat(16) },
            } as ReadableSpan)
          : s,
      ),
    ];
    const { llms } = assertResearchTrace(withClient, 5);
    expect(llms).toHaveLength(12);
    for (const llm of llms) expect(llm.attributes['llm.cost.total']).toBeGreaterThan(0);
    expect(root.attributes['temporal.trace.source']).toBe('history');
    // The search agents' two calls each offered webSearch, as the Responses API was sent it; the others no tool.
    const offered = llms.map((s) => s.attributes['llm.tools.0.tool.json_schema']).filter(Boolean);
    expect(offered).toHaveLength(10);
    expect(JSON.parse(offered[0] as string)).toMatchObject({
      type: 'function',
      name: 'webSearch',
      strict: true,
    });
  });

  it('roll up tokens and cost on RunWorkflow and agents as the sums of their LLM spans', async () => {
    const { spans } = await rebuild(recorded('research-0.1.0.json'));
    const llms = spans.filter((s) => kind(s) === 'LLM');
    const run = spans.find((s) => s.name === 'RunWorkflow:ResearchWorkflow')!;
    expect(run.attributes['rollup.llm.calls']).toBe(12);
    expect(run.attributes['rollup.llm.token_count.total']).toBe(sum(llms, 'llm.token_count.total'));
    expect(run.attributes['rollup.llm.cost.total']).toBeCloseTo(sum(llms, 'llm.cost.total'), 12);
    for (const agent of spans.filter((s) => kind(s) === 'AGENT')) {
      const mine = llms.filter((l) => parentOf(spans, parentOf(spans, parentOf(spans, l)!)!) === agent);
      expect(agent.attributes['rollup.llm.token_count.prompt']).toBe(sum(mine, 'llm.token_count.prompt'));
    }
  });

  it('derive every id from the run, so a second export sends the same ids', async () => {
    const a = await rebuild(recorded('research-0.1.0.json'));
    const b = await rebuild(recorded('research-0.1.0.json'));
    const ids = (r: typeof a) =>
      r.spans.map((s) => `${s.spanContext().traceId}/${s.spanContext().spanId}`).sort();
    expect(ids(b)).toEqual(ids(a));
    expect(duplicateIds(a.spans)).toEqual([]);
    expect(orphans(a.spans)).toEqual([]);
    // And the same ids as every earlier release made, so a backend de-duplicates across upgrades too.
    const ref = { workflowId: 'wf-1', runId: 'run-1' };
    expect(historySpanId('default', ref, 'run')).toBe('20d9d5fa3b59b2eb');
    expect(historyTraceId('default', ref)).toBe('f4845efe455f6bb7a4e950b81657f044');
  });

  it('show queue wait on each first attempt and where the run waited for its workflow tasks', async () => {
    const { spans } = await rebuild(recorded('research-0.1.0.json'));
    const attempts = spans.filter((s) => s.name.startsWith('RunActivity:'));
    expect(attempts).toHaveLength(17);
    for (const attempt of attempts) {
      const start = parentOf(spans, attempt)!;
      const waited = attempt.attributes['temporal.activity.queue_wait_ms'] as number;
      expect(waited).toBeGreaterThanOrEqual(0);
      // The gap in the tree equals the attribute.
      const gap =
        (attempt.startTime[0] - start.startTime[0]) * 1000 +
        (attempt.startTime[1] - start.startTime[1]) / 1e6;
      expect(Math.abs(gap - waited)).toBeLessThan(1.5);
    }
    const run = spans.find((s) => s.name.startsWith('RunWorkflow:'))!;
    expect(run.attributes['temporal.workflow_task.queue_wait_ms']).toBeGreaterThanOrEqual(0);
    expect(run.attributes['temporal.time.model_ms']).toBeGreaterThan(0);
  });

  it('place the attempts history does not time by the retry policy, and mark them estimated', async () => {
    const json = recorded('research-0.1.0.json');
    const started = json.events.find((e) => e.eventType === 'EVENT_TYPE_ACTIVITY_TASK_STARTED')!;
    started.activityTaskStartedEventAttributes.attempt = 3;
    started.activityTaskStartedEventAttributes.lastFailure = {
      message: 'model answered HTTP 500',
      applicationFailureInfo: { type: 'InternalServerError' },
    };
    const { spans } = await rebuild(json);
    const planner = spans.find((s) => s.name === 'agent PlannerAgent')!;
    const start = spans.find((s) => parentOf(spans, s) === planner)!;
    const attempts = attemptsUnder(spans, start);
    expect(attempts.map((a) => a.attributes['temporal.activity.attempt'])).toEqual([1, 2, 3]);
    expect(attempts.map((a) => a.status.code)).toEqual([2, 2, 0]);
    expect(attempts[1].status.message).toBe('model answered HTTP 500');
    expect(attempts[0].attributes['temporal.activity.timing']).toBe('estimated');
    expect(attempts[2].attributes['temporal.activity.timing']).toBeUndefined();
    // Each failed attempt of a model activity has its failed LLM call, without tokens.
    const failedLlm = spans.filter((s) => parentOf(spans, s) === attempts[1]);
    expect(failedLlm.map((s) => [kind(s), s.status.code, s.attributes['llm.token_count.prompt']])).toEqual([
      ['LLM', 2, undefined],
    ]);
  });

  it('give each estimated attempt the last attempt’s run time, or all the time there is after a timeout', async () => {
    /** Attempt 3 started 10 s after scheduling; its policy's backoffs are 1 s and 2 s; it ran 36 ms. */
    const layout = async (lastFailure: object) => {
      const json = recorded('research-0.1.0.json');
      const scheduled = json.events.find((e) => e.eventType === 'EVENT_TYPE_ACTIVITY_TASK_SCHEDULED')!;
      const started = json.events.find((e) => e.eventType === 'EVENT_TYPE_ACTIVITY_TASK_STARTED')!;
      started.activityTaskStartedEventAttributes.attempt = 3;
      started.activityTaskStartedEventAttributes.lastFailure = lastFailure;
      scheduled.eventTime = new Date(Date.parse(started.eventTime) - 10_000).toISOString();
      const { spans } = await rebuild(json);
      const start = spans.find((s) => s.name === 'StartActivity:invokeModel')!;
      const ms = (t: [number, number]) =>
        t[0] * 1000 + t[1] / 1e6 - (start.startTime[0] * 1000 + start.startTime[1] / 1e6);
      return attemptsOf(spans, 'invokeModel')
        .filter((s) => parentOf(spans, s) === start)
        .map((s) => [Math.round(ms(s.startTime)), Math.round(ms(s.endTime))]);
    };
    // Failed fast (an HTTP 500): 36 ms each, and the 7 s the backoffs leave is waiting before each retry.
    expect(
      await layout({ message: 'HTTP 500', applicationFailureInfo: { type: 'InternalServerError' } }),
    ).toEqual([
      [0, 36],
      [4500, 4536],
      [10000, 10036],
    ]);
    // Timed out: the attempts took that time.
    expect(
      await layout({
        message: 'activity timeout',
        timeoutFailureInfo: { timeoutType: 'TIMEOUT_TYPE_START_TO_CLOSE' },
      }),
    ).toEqual([
      [0, 3500],
      [4500, 8000],
      [10000, 10036],
    ]);
  });

  it('carry updates with the time the run waited for them', async () => {
    const { spans } = await rebuild(recorded('research-review-0.1.0.json'));
    const update = spans.find((s) => s.name.startsWith('HandleUpdate:'))!;
    expect(update).toBeDefined();
    expect(update.attributes['temporal.message.wait_ms']).toBeGreaterThanOrEqual(0);
    expect(parentOf(spans, update)?.name).toBe('RunWorkflow:ResearchWorkflow');
  });

  it('export timing and structure only when payloads are not read', async () => {
    const { spans } = await rebuild(recorded('research-0.1.0.json'), { read: false });
    expect(spans.filter((s) => s.name.startsWith('RunActivity:'))).toHaveLength(17);
    const content = spans.flatMap((s) =>
      Object.keys(s.attributes).filter((k) => /^(input|output)\.value$|^llm\.token_count/.test(k)),
    );
    expect(content).toEqual([]);
  });

  it('export a history whose activity types nobody knows, as activities', async () => {
    const json = recorded('research-0.1.0.json');
    for (const e of json.events)
      if (e.activityTaskScheduledEventAttributes)
        e.activityTaskScheduledEventAttributes.activityType.name = 'mystery';
    const { spans } = await rebuild(json);
    expect(spans.filter((s) => s.name === 'RunActivity:mystery')).toHaveLength(17);
    expect(spans.filter((s) => kind(s) === 'LLM' || kind(s) === 'AGENT')).toEqual([]);
    expect(orphans(spans)).toEqual([]);
  });

  it('read a model activity it was told about through an activity map', async () => {
    const json = recorded('research-0.1.0.json');
    for (const e of json.events) {
      const a = e.activityTaskScheduledEventAttributes;
      if (a?.activityType.name === 'invokeModel') a.activityType.name = 'call_llm';
    }
    const map = checkActivityMap({
      modelActivities: {
        call_llm: {
          provider: 'openai',
          model: 'input.0.model',
          inputTokens: 'result.response.usage.inputTokens',
          outputTokens: 'result.response.usage.outputTokens',
          messages: 'input.0.request.input',
          output: 'result.response.output',
          tools: 'input.0.request.tools',
        },
      },
      toolActivities: ['webSearch'],
    });
    const { spans } = await rebuild(json, {
      modelReaderFor: (type) =>
        map.modelActivities[type] ? mappedModelReader(map.modelActivities[type]) : undefined,
      isToolActivity: (type) => map.toolActivities.includes(type),
    });
    const llms = spans.filter((s) => kind(s) === 'LLM');
    expect(llms).toHaveLength(12);
    expect(sum(llms, 'llm.token_count.total')).toBe(5292);
    // The mapped tools list, each as recorded.
    expect(llms.filter((s) => s.attributes['llm.tools.0.tool.json_schema'])).toHaveLength(10);
    // No agent names in this mapping: tools still hang under the calls' run, as TOOL spans.
    expect(spans.filter((s) => kind(s) === 'TOOL')).toHaveLength(5);
  });

  it('refuse an activity map with a one-line error naming the field', () => {
    expect(() => checkActivityMap({ modelActivities: { x: { inputTokens: 'usage.in' } } })).toThrow(
      /^--activity-map: modelActivities\.x\.inputTokens must be a dotted path starting at "input" or "result"$/,
    );
    expect(() => checkActivityMap({ modelActivities: { x: { inputTokens: 'result.a' } } })).toThrow(
      'needs "inputTokens" and "outputTokens"',
    );
  });

  it('read the Go SDK’s local activity markers (recorded with test/go/local-activity, sdk 1.37.0)', async () => {
    const { run, spans } = await rebuild(foreign('go-local-activity-sdk-1.37.0.json'));
    const { lookup } = expectLookupThenGreet(run, spans);
    expect(lookup.startedMs).toBeLessThanOrEqual(lookup.closedMs!);
  });

  it('read the Java SDK’s local activity markers (recorded with test/java/local-activity, sdk 1.38.0)', async () => {
    const json = foreign('java-local-activity-sdk-1.38.0.json');
    const { run, spans } = await rebuild(json);
    const { lookup, last } = expectLookupThenGreet(run, spans);
    // On history's clock Java too records only when each ended: the first starts with its workflow task.
    const taskStarted = Date.parse(json.events[2].eventTime);
    expect(lookup.startedMs).toBe(taskStarted);
    expect(lookup.closedMs).toBeGreaterThan(taskStarted);
    // Unlike Go and core, Java keeps a local activity's arguments in its marker.
    expect(last.attributes['input.value']).toBe('["12"]');
    const hello = spans.find((s) => s.name === 'RunActivity:Greet')!;
    expect(hello.attributes['input.value']).toBe('["ana"]');
    expect(hello.attributes['output.value']).toContain('hello ana');

    // A failed one, as Java writes it: an ActivityFailure whose cause is the activity's own failure.
    const marker = json.events[4].markerRecordedEventAttributes;
    delete marker.details.result;
    marker.failure = {
      message: 'Local Activity task failed',
      activityFailureInfo: {
        activityType: { name: 'LookupOrder' },
        retryState: 'RETRY_STATE_MAXIMUM_ATTEMPTS_REACHED',
      },
      cause: {
        message: 'order store busy',
        applicationFailureInfo: { type: 'java.lang.IllegalStateException' },
      },
    };
    const failed = (await rebuild(json)).run.activities[0]!;
    expect([failed.outcome, failed.failure, failed.result]).toEqual([
      'failed',
      { message: 'order store busy', type: 'java.lang.IllegalStateException' },
      [],
    ]);
  });

  it('rebuild a recorded run of the Python agents pipeline (temporalio 1.35 + OpenAI Agents plugin, untraced)', async () => {
    // Recorded with test/python/untraced_research.py run … --fail-run 0 --history-dir (see its docstring).
    const { spans } = await rebuild(foreign('python-research-temporalio-1.35.0.json'));
    expect(orphans(spans)).toEqual([]);
    const llms = spans.filter((s) => kind(s) === 'LLM' && s.status.code !== 2);
    expect(llms).toHaveLength(12);
    expect(sum(llms, 'llm.token_count.total')).toBe(5275);
    for (const llm of llms) {
      const cost =
        0.15e-6 * Number(llm.attributes['llm.token_count.prompt']) +
        0.6e-6 * Number(llm.attributes['llm.token_count.completion']);
      expect(llm.attributes['llm.cost.total']).toBeCloseTo(cost, 12);
    }
    // The planner's call failed once: two attempts, the first with the recorded failure.
    const retried = spans.filter(
      (s) =>
        s.name === 'RunActivity:invoke_model_activity' &&
        s.attributes['temporal.activity.attempt'] === 1 &&
        s.status.code === 2,
    );
    expect(retried.map((s) => s.status.message)).toEqual(['Retryable OpenAI status code: 500']);
    // The searches offered webSearch, as the integration's FunctionToolInput turns into a Responses tool.
    const offered = llms.map((s) => s.attributes['llm.tools.0.tool.json_schema']).filter(Boolean);
    expect(offered).toHaveLength(10); // each search agent's two calls
    expect(JSON.parse(offered[0] as string)).toMatchObject({
      type: 'function',
      name: 'webSearch',
      strict: true,
    });
    // No agent names in Python's model activity: tools hang under the run, matched to their calls.
    expect(spans.filter((s) => kind(s) === 'AGENT')).toEqual([]);
    expect(spans.filter((s) => kind(s) === 'TOOL').map((s) => s.name)).toEqual(
      Array(5).fill('tool webSearch'),
    );
  });
});
