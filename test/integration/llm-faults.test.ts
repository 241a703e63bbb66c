// The model misbehaves (rate limits, server errors, broken bodies, a bad
// request) and Temporal's retries, as mapped by src/worker/
// openai-errors.ts, decide the outcome. Every attempt is a RunActivity span.
//
// Not covered: a hanging model call. The model activity's start-to-close
// timeout is 60 s (DEFAULT_MODEL_ACTIVITY_OPTIONS) and ResearchInput offers
// no way to shorten it, so a `hangx1` case would take over a minute.
import type { ReadableSpan } from '@opentelemetry/sdk-trace-base';
import { WorkflowFailedError } from '@temporalio/client';
import { describe, expect, it } from 'vitest';
import { parseFaults } from '../../offline-model/index.js';
import type { ResearchReport } from '../../examples/research/shared.js';
import { useResearchSuite } from '../support/research-suite.js';
import { traceOf } from '../support/research.js';
import { parentOf } from '../support/spans.js';
import { activitiesOf } from '../support/received-trace.js';

const suite = useResearchSuite('llm-faults');

let seq = 0;
async function runWithFaults(spec: string) {
  suite.model.setFaults(parseFaults(spec));
  const workflowId = `faults-${++seq}-${suite.taskQueue}`;
  const handle = await suite.h.client.workflow.start('ResearchWorkflow', {
    taskQueue: suite.taskQueue,
    workflowId,
    args: [{ query: `fault case ${spec}` }],
  });
  const outcome = await handle.result().then(
    (report: ResearchReport) => ({ report, error: undefined }),
    (error: unknown) => ({ report: undefined, error }),
  );
  return { ...outcome, handle, spans: await traceOf(suite.h, workflowId) };
}

const byStart = (a: ReadableSpan, b: ReadableSpan) =>
  a.startTime[0] - b.startTime[0] || a.startTime[1] - b.startTime[1];
const attemptOf = (s: ReadableSpan) => s.attributes['temporal.activity.attempt'] as number;
const isLlm = (s: ReadableSpan) => s.attributes['openinference.span.kind'] === 'LLM';

/** The RunActivity attempts under the first (the planner's) invokeModel, in attempt order. */
function firstModelCallAttempts(spans: ReadableSpan[]) {
  const first = spans.filter((s) => s.name === 'StartActivity:invokeModel').sort(byStart)[0];
  expect(first, 'a StartActivity:invokeModel span').toBeDefined();
  const attempts = spans
    .filter((s) => s.name === 'RunActivity:invokeModel' && parentOf(spans, s) === first)
    .sort((a, b) => attemptOf(a) - attemptOf(b));
  return {
    first,
    attempts,
    llmUnder: (attempt: ReadableSpan) => spans.filter((s) => isLlm(s) && parentOf(spans, s) === attempt),
  };
}

/** Retried calls still roll up only what succeeded: failed attempts carry no tokens. */
function assertRollupCountsSuccessfulCalls(spans: ReadableSpan[], report: ResearchReport) {
  const run = spans.find((s) => s.name === 'RunWorkflow:ResearchWorkflow')!;
  const okLlms = spans.filter((s) => isLlm(s) && s.status.code !== 2);
  expect(okLlms.every((s) => (s.attributes['llm.token_count.total'] as number) > 0)).toBe(true);
  expect(run.attributes['rollup.llm.calls']).toBe(okLlms.length);
  expect(report.usage.calls).toBe(okLlms.length);
}

describe('model faults become Temporal retries, each attempt traced', () => {
  it('429 twice with retry-after: three attempts, the first two failed with the 429, the third with the LLM span', async () => {
    const before = suite.model.stats().requests;
    const { report, error, spans } = await runWithFaults('429x2@1');
    expect(error).toBeUndefined();
    expect(report!.status).toBe('completed');
    const { attempts, llmUnder } = firstModelCallAttempts(spans);
    expect(attempts.map(attemptOf)).toEqual([1, 2, 3]);
    expect(attempts.map((s) => s.status.code)).toEqual([2, 2, 1]);
    for (const failed of attempts.slice(0, 2)) {
      expect(failed.status.message).toMatch(/429/);
      // Exactly one LLM span per failed attempt, failed too, with no tokens (none were billed).
      const failedLlm = llmUnder(failed);
      expect(failedLlm.map((s) => s.status.code)).toEqual([2]);
      expect(failedLlm[0].status.message).toMatch(/429/);
      expect(failedLlm[0].attributes['llm.token_count.total']).toBeUndefined();
    }
    const llm = llmUnder(attempts[2]);
    expect(llm).toHaveLength(1);
    expect(llm[0].status.code).not.toBe(2);
    expect(llm[0].attributes['llm.token_count.prompt']).toBeGreaterThan(0);
    // retry-after: 1 s is honoured between attempts.
    const gap = (a: ReadableSpan, b: ReadableSpan) =>
      (b.startTime[0] - a.endTime[0]) * 1000 + (b.startTime[1] - a.endTime[1]) / 1e6;
    expect(gap(attempts[0], attempts[1])).toBeGreaterThanOrEqual(900);
    // Each failed attempt says how long the server will wait: the 429's retry-after, not the policy's backoff.
    expect(attempts.map((s) => s.attributes['temporal.activity.next_retry_delay_ms'])).toEqual([
      1000,
      1000,
      undefined,
    ]);
    expect(suite.model.stats().requests - before).toBe(
      spans.filter((s) => s.name === 'RunActivity:invokeModel').length,
    );
    assertRollupCountsSuccessfulCalls(spans, report!);
  });

  it('500 once: one failed attempt, then success', async () => {
    const { report, error, spans } = await runWithFaults('500x1');
    expect(error).toBeUndefined();
    const { attempts, llmUnder } = firstModelCallAttempts(spans);
    expect(attempts.map(attemptOf)).toEqual([1, 2]);
    expect(attempts.map((s) => s.status.code)).toEqual([2, 1]);
    expect(attempts[0].status.message).toMatch(/OpenAI API error 500/);
    // No retry-after: the model activity's policy backoff after a first attempt (1 s).
    expect(attempts[0].attributes['temporal.activity.next_retry_delay_ms']).toBe(1000);
    expect(llmUnder(attempts[0]).map((s) => s.status.code)).toEqual([2]);
    expect(llmUnder(attempts[1]).map((s) => s.status.code === 2)).toEqual([false]);
    assertRollupCountsSuccessfulCalls(spans, report!);
  });

  it('a malformed body once: one failed attempt, then success', async () => {
    const { report, error, spans } = await runWithFaults('malformedx1');
    expect(error).toBeUndefined();
    const { attempts, llmUnder } = firstModelCallAttempts(spans);
    expect(attempts.map(attemptOf)).toEqual([1, 2]);
    expect(attempts.map((s) => s.status.code)).toEqual([2, 1]);
    expect(llmUnder(attempts[1]).map((s) => s.status.code === 2)).toEqual([false]);
    assertRollupCountsSuccessfulCalls(spans, report!);
  });

  it('a 400 is not retried: one attempt, the workflow fails naming the OpenAI error, RunWorkflow is ERROR', async () => {
    const before = suite.model.stats().requests;
    const { error, spans, handle } = await runWithFaults('400x1000');
    const modelAttempts = spans.filter((s) => s.name === 'RunActivity:invokeModel');
    expect(modelAttempts.map((s) => s.attributes['temporal.activity.next_retry_delay_ms'])).toEqual([
      undefined,
    ]);
    expect(error).toBeInstanceOf(WorkflowFailedError);
    const chain: string[] = [];
    for (let e: unknown = error; e instanceof Error; e = e.cause) chain.push(e.message);
    expect(chain.join(' <- ')).toMatch(/OpenAI API error 400/);
    expect(suite.model.stats().requests - before).toBe(1);
    const calls = activitiesOf(await handle.fetchHistory(), 'invokeModel');
    expect(calls.map((c) => c.attempts)).toEqual([1]);
    const { attempts } = firstModelCallAttempts(spans);
    expect(attempts.map(attemptOf)).toEqual([1]);
    expect(attempts[0].status).toMatchObject({
      code: 2,
      message: expect.stringMatching(/OpenAI API error 400/),
    });
    const run = spans.filter((s) => s.name === 'RunWorkflow:ResearchWorkflow');
    expect(run).toHaveLength(1);
    expect(run[0].status.code).toBe(2);
    expect(spans.find((s) => s.attributes['agent.name'] === 'PlannerAgent')?.status.code).toBe(2);
  });
});
