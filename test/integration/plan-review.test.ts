// Human review of the search plan (`review: true`): the `reviewPlan` update
// decides, the `HumanWait:plan review` span records the decision, and updates that
// arrive when no plan is waiting are refused without touching the trace.
import type { ReadableSpan } from '@opentelemetry/sdk-trace-base';
import { hrTimeToMilliseconds } from '@opentelemetry/core';
import { millis } from '../../src/history/read-events.js';
import { type WorkflowHandle, WorkflowNotFoundError, WorkflowUpdateFailedError } from '@temporalio/client';
import { describe, expect, it } from 'vitest';
import {
  type PlanDecision,
  planQuery,
  progressQuery,
  type ResearchReport,
  reviewPlanUpdate,
} from '../../examples/research/shared.js';
import { assertResearchTrace } from '../support/contract.js';
import { useResearchSuite } from '../support/research-suite.js';
import { until } from '../support/poll.js';
import { traceOf } from '../support/research.js';
import { duplicateIds, one, orphans, parentOf } from '../support/spans.js';

const suite = useResearchSuite('plan-review');

let seq = 0;
async function startReviewed(): Promise<{ handle: WorkflowHandle; workflowId: string }> {
  const workflowId = `review-${++seq}-${suite.taskQueue}`;
  const handle = await suite.h.client.workflow.start('ResearchWorkflow', {
    taskQueue: suite.taskQueue,
    workflowId,
    args: [{ query: 'Which agent traces matter?', review: true }],
  });
  return { handle, workflowId };
}

const awaitingReview = (handle: WorkflowHandle) =>
  until(
    'stage awaiting_review',
    async () => (await handle.query(progressQuery).catch(() => undefined))?.stage === 'awaiting_review',
  );

const review = (handle: WorkflowHandle, decision: PlanDecision) =>
  handle.executeUpdate(reviewPlanUpdate, { args: [decision] });

/** The update's rejection, with the messages of its cause chain. */
async function refusal(promise: Promise<unknown>): Promise<{ error: unknown; messages: string }> {
  const error = await promise.then(
    () => undefined,
    (e: unknown) => e,
  );
  expect(error, 'the update was refused').toBeDefined();
  const messages: string[] = [];
  for (let e: unknown = error; e instanceof Error; e = e.cause) messages.push(`${e.name}: ${e.message}`);
  return { error, messages: messages.join(' <- ') };
}

function reviewSpans(spans: ReadableSpan[]) {
  const run = one(spans, 'RunWorkflow:ResearchWorkflow');
  const planReview = one(spans, 'HumanWait:plan review');
  expect(parentOf(spans, planReview)).toBe(run);
  expect(planReview.attributes['openinference.span.kind']).toBe('CHAIN');
  const handlers = spans.filter((s) => s.name === 'HandleUpdate:reviewPlan');
  for (const handler of handlers) expect(parentOf(spans, handler)).toBe(run);
  expect(orphans(spans).map((s) => s.name)).toEqual([]);
  expect(duplicateIds(spans)).toEqual([]);
  return { run, planReview, handlers };
}

describe('research plan review through the reviewPlan update', () => {
  it('a rejection with a reason ends the run as rejected, with the decision on the plan review span', async () => {
    const { handle, workflowId } = await startReviewed();
    await awaitingReview(handle);
    const plan = await handle.query(planQuery);
    expect(plan.length).toBeGreaterThanOrEqual(5);
    const decision = {
      action: 'reject' as const,
      reason: 'too broad for this week',
      reviewer: 'ana@example.com',
    };
    expect(await review(handle, decision)).toEqual({
      accepted: true,
      searches: plan.length,
    });

    const report = (await handle.result()) as ResearchReport;
    expect(report).toMatchObject({
      status: 'rejected',
      rejectionReason: 'too broad for this week',
      searches: plan,
    });
    const spans = await traceOf(suite.h, workflowId);
    const { run, planReview, handlers } = reviewSpans(spans);
    expect(planReview.attributes).toMatchObject({
      'human.decision': 'reject',
      'human.reason': 'too broad for this week',
      'human.decider': 'ana@example.com',
      'review.searches_planned': plan.length,
    });
    // The wait is the run's human time, and it ends in the workflow task that took the decision.
    const waited = hrTimeToMilliseconds(planReview.duration);
    expect(run.attributes['temporal.time.human_ms']).toBe(waited);
    const events = (await handle.fetchHistory()).events ?? [];
    const accepted = events.findIndex((e) => e.workflowExecutionUpdateAcceptedEventAttributes);
    const taskStarted = events.slice(0, accepted).findLast((e) => e.workflowTaskStartedEventAttributes)!;
    expect(hrTimeToMilliseconds(planReview.endTime)).toBe(millis(taskStarted.eventTime));
    expect(run.status.code).toBe(1);
    expect(
      spans
        .filter((s) => s.attributes['openinference.span.kind'] === 'AGENT')
        .map((s) => s.attributes['agent.name']),
    ).toEqual(['PlannerAgent']);
    // The handler span stays in the run's trace and links to the client's update call.
    expect(handlers).toHaveLength(1);
    const sent = (await suite.h.spans()).find(
      (s) =>
        s.name === 'StartWorkflowUpdate:reviewPlan' && s.attributes['temporal.workflow.id'] === workflowId,
    );
    expect(sent, 'client update span').toBeDefined();
    expect(handlers[0].links.map((l) => l.context.spanId)).toEqual([sent!.spanContext().spanId]);
  });

  it('an edit keeping two searches runs exactly those two', async () => {
    const { handle, workflowId } = await startReviewed();
    await awaitingReview(handle);
    const plan = await handle.query(planQuery);
    const kept = plan.slice(1, 3);
    expect(await review(handle, { action: 'edit', searches: kept })).toEqual({ accepted: true, searches: 2 });

    const report = (await handle.result()) as ResearchReport;
    expect(report.status).toBe('completed');
    expect(report.searches).toEqual(kept);
    const spans = await traceOf(suite.h, workflowId);
    const { planReview } = reviewSpans(spans);
    assertResearchTrace(spans, 2);
    expect(planReview.attributes['human.decision']).toBe('edit');
    expect(planReview.attributes['human.reason']).toBeUndefined();
    const searchInputs = spans
      .filter((s) => s.attributes['agent.name'] === 'SearchAgent')
      .map((s) => String(s.attributes['input.value']));
    for (const search of kept) expect(searchInputs.some((input) => input.includes(search.query))).toBe(true);
  });

  it('refuses updates when no plan is waiting (planning, searching, finished) and adds no spans for them', async () => {
    // The planner's call is held until the early update has been refused, and one search call
    // until the late one has: each update meets the stage it is meant for, however slow the machine.
    suite.model.setFaults([{ kind: 'hold', times: 1 }]);
    const { handle, workflowId } = await startReviewed();
    await until('this run’s planner call held', () => suite.model.stats().held === 1 || undefined);
    const early = await refusal(review(handle, { action: 'approve' }));
    expect(early.error).toBeInstanceOf(WorkflowUpdateFailedError);
    expect(early.messages).toMatch(/no plan is awaiting review \(stage: planning\)/);
    suite.model.release();

    await awaitingReview(handle);
    suite.model.setFaults([{ kind: 'hold', times: 1 }]);
    expect(await review(handle, { action: 'approve' })).toMatchObject({ accepted: true });
    await until('a search call held', () => suite.model.stats().held === 1 || undefined);
    const late = await refusal(review(handle, { action: 'reject', reason: 'changed my mind' }));
    expect(late.error).toBeInstanceOf(WorkflowUpdateFailedError);
    expect(late.messages).toMatch(/no plan is awaiting review \(stage: searching\)/);
    suite.model.release();

    const report = (await handle.result()) as ResearchReport;
    expect(report.status).toBe('completed');
    const spans = await traceOf(suite.h, workflowId);
    const { handlers, planReview } = reviewSpans(spans);
    expect(handlers, 'only the accepted update has a handler span').toHaveLength(1);
    expect(planReview.attributes['human.decision']).toBe('approve');
    assertResearchTrace(spans, report.searches.length);

    // After the run the server itself refuses (the validator never runs); the trace stays as it was.
    const after = await refusal(review(handle, { action: 'approve' }));
    expect(after.error).toBeInstanceOf(WorkflowNotFoundError);
    expect(after.messages).toMatch(/workflow execution already completed/);
    expect((await traceOf(suite.h, workflowId)).length).toBe(spans.length);
  });
});
