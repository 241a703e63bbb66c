// Every Temporal path the interceptors trace, on the real dev server, checked
// with the same trace properties as the research runs: one trace per run, no
// orphans, no duplicates, parents where the contract puts them.
import { fileURLToPath } from 'node:url';
import { trace } from '@opentelemetry/api';
import type { ReadableSpan } from '@opentelemetry/sdk-trace-base';
import { WorkflowFailedError } from '@temporalio/client';
import { bundleWorkflowCode, Worker } from '@temporalio/worker';
import { describe, expect, it } from 'vitest';
import { AgentTracingPlugin } from '../../src/index.js';
import * as activities from '../fixtures/interop-activities.js';
import { pokeSignal, setUpdate, stateQuery } from '../fixtures/paths-workflows.js';
import { useFixtureSuite } from '../support/fixture-suite.js';
import { uniqueQueue } from '../support/harness.js';
import { until } from '../support/poll.js';
import { duplicateIds, one, orphans, parentOf, spansOfTrace } from '../support/spans.js';

const workflowsPath = fileURLToPath(new URL('../fixtures/paths-workflows.ts', import.meta.url));
const suite = useFixtureSuite('paths', { workflowsPath, activities });

/** The finished trace of `workflowId`'s run, once `expectedRuns` RunWorkflow spans are in it. */
async function traceOfRun(workflowId: string, expectedRuns = 1): Promise<ReadableSpan[]> {
  return until(`trace of ${workflowId}`, async () => {
    const all = await suite.h.spans();
    const run = all.find(
      (s) => s.name.startsWith('RunWorkflow:') && s.attributes['temporal.workflow.id'] === workflowId,
    );
    if (!run) return undefined;
    const spans = spansOfTrace(all, run.spanContext().traceId);
    return spans.filter((s) => s.name.startsWith('RunWorkflow:')).length >= expectedRuns ? spans : undefined;
  });
}

function assertWhole(spans: readonly ReadableSpan[]): void {
  expect(orphans(spans).map((s) => s.name)).toEqual([]);
  expect(duplicateIds(spans)).toEqual([]);
  expect(spans.filter((s) => !s.parentSpanContext).length, 'one root').toBe(1);
}

const quietLogger = { trace() {}, debug() {}, info() {}, warn() {}, error() {}, log() {} };

const linksTo = (span: ReadableSpan, target: ReadableSpan) =>
  span.links.some((l) => l.context.spanId === target.spanContext().spanId);

describe('Temporal paths', () => {
  it('signal and update handlers, a local activity and a child workflow, in the run’s trace', async () => {
    const { h, taskQueue } = suite;
    const workflowId = `${taskQueue}-handlers`;
    const handle = await h.client.workflow.start('handlersWorkflow', { taskQueue, workflowId });
    await handle.signal(pokeSignal, 'poked');
    expect(await handle.executeUpdate(setUpdate, { args: ['v1'] })).toBe('set v1');
    // A query inside a traced operation is traced; alone it would not be.
    await trace.getTracer('test').startActiveSpan('operator looks', async (span) => {
      await until('state', async () => (await handle.query(stateQuery)) === 'poked/v1');
      span.end();
    });
    expect(await handle.result()).toBe('poked/v1/local/child');

    const spans = await traceOfRun(workflowId, 2);
    assertWhole(spans);
    const all = await h.spans();
    const run = one(spans, 'RunWorkflow:handlersWorkflow');
    const start = one(spans, 'StartWorkflow:handlersWorkflow');
    expect(parentOf(spans, run)).toBe(start);
    expect(start.attributes['temporal.run.id']).toBe(handle.firstExecutionRunId);

    // Handlers: SERVER spans under RunWorkflow, linked to the client call that sent them.
    const signalSent = all.find(
      (s) => s.name === 'SignalWorkflow:poke' && s.attributes['temporal.workflow.id'] === workflowId,
    )!;
    const updateSent = all.find(
      (s) => s.name === 'StartWorkflowUpdate:set' && s.attributes['temporal.workflow.id'] === workflowId,
    )!;
    for (const [handler, sender] of [
      [one(spans, 'HandleSignal:poke'), signalSent],
      [one(spans, 'HandleUpdate:set'), updateSent],
    ] as const) {
      expect(parentOf(spans, handler)).toBe(run);
      expect(handler.kind, handler.name).toBe(1);
      expect(linksTo(handler, sender), `${handler.name} links to ${sender?.name}`).toBe(true);
    }
    // The traced query is a child of the operation; no other query span exists.
    const queries = all.filter((s) => s.name === 'QueryWorkflow:state');
    expect(queries.length).toBeGreaterThanOrEqual(1);
    for (const q of queries)
      expect(all.find((s) => s.spanContext().spanId === q.parentSpanContext?.spanId)?.name).toBe(
        'operator looks',
      );

    // The local activity: marked local, its attempt beneath.
    const localStart = spans.find(
      (s) => s.name === 'StartActivity:echo' && s.attributes['temporal.activity.local'] === true,
    )!;
    expect(parentOf(spans, localStart)).toBe(run);
    const localRun = spans.find((s) => parentOf(spans, s) === localStart)!;
    expect(localRun.name).toBe('RunActivity:echo');
    expect(localRun.attributes['temporal.activity.local']).toBe(true);

    // The child workflow: its RunWorkflow under StartChildWorkflow, with its own activity beneath.
    const startChild = one(spans, 'StartChildWorkflow:childWorkflow');
    expect(startChild.kind).toBe(2);
    const childRun = one(spans, 'RunWorkflow:childWorkflow');
    expect(parentOf(spans, childRun)).toBe(startChild);
    expect(spans.some((s) => s.name === 'StartActivity:echo' && parentOf(spans, s) === childRun)).toBe(true);
  });

  it('continue-as-new keeps every run in one trace, each run’s RunWorkflow under the previous ContinueAsNew', async () => {
    const { h, taskQueue } = suite;
    const workflowId = `${taskQueue}-continuing`;
    expect(await h.client.workflow.execute('continuingWorkflow', { taskQueue, workflowId, args: [0] })).toBe(
      2,
    );
    const spans = await traceOfRun(workflowId, 3);
    assertWhole(spans);
    const runs = spans.filter((s) => s.name === 'RunWorkflow:continuingWorkflow');
    expect(runs).toHaveLength(3);
    expect(runs.map((r) => r.attributes['temporal.outcome']).sort()).toEqual([
      'completed',
      'continued_as_new',
      'continued_as_new',
    ]);
    const continues = spans.filter((s) => s.name === 'ContinueAsNew:continuingWorkflow');
    expect(continues).toHaveLength(2);
    for (const c of continues) {
      expect(runs).toContain(parentOf(spans, c));
      expect(
        runs.some((r) => parentOf(spans, r) === c),
        'the next run starts under it',
      ).toBe(true);
    }
    expect(new Set(runs.map((r) => r.attributes['temporal.run.id'])).size).toBe(3);
  });

  it('cancellation ends RunWorkflow, marked as the error it is', async () => {
    const { h, taskQueue } = suite;
    const workflowId = `${taskQueue}-cancel`;
    const handle = await h.client.workflow.start('cancellableWorkflow', { taskQueue, workflowId });
    await until('the activity before the wait', async () =>
      (await handle.fetchHistory()).events?.some((e) => e.activityTaskCompletedEventAttributes),
    );
    await handle.cancel();
    await expect(handle.result()).rejects.toBeInstanceOf(WorkflowFailedError);
    const spans = await traceOfRun(workflowId);
    assertWhole(spans);
    const run = one(spans, 'RunWorkflow:cancellableWorkflow');
    expect(run.status.code).toBe(2);
    expect(run.events.map((e) => e.name)).toContain('exception');
  });

  it('a signal from another workflow: SignalExternalWorkflow in the sender’s trace, linked from the handler', async () => {
    const { h, taskQueue } = suite;
    const targetId = `${taskQueue}-target`;
    const target = await h.client.workflow.start('handlersWorkflow', { taskQueue, workflowId: targetId });
    await h.client.workflow.execute('signallerWorkflow', {
      taskQueue,
      workflowId: `${taskQueue}-signaller`,
      args: [targetId],
    });
    await target.executeUpdate(setUpdate, { args: ['v2'] });
    await target.result();
    const senderSpans = await traceOfRun(`${taskQueue}-signaller`);
    assertWhole(senderSpans);
    const sent = one(senderSpans, 'SignalExternalWorkflow:poke');
    expect(sent.kind).toBe(2);
    expect(parentOf(senderSpans, sent)?.name).toBe('RunWorkflow:signallerWorkflow');
    const targetSpans = await traceOfRun(targetId, 2);
    assertWhole(targetSpans);
    expect(linksTo(one(targetSpans, 'HandleSignal:poke'), sent)).toBe(true);
  });

  it('signalWithStart starts the run’s trace, with the signal handled inside it', async () => {
    const { h, taskQueue } = suite;
    const workflowId = `${taskQueue}-sws`;
    const handle = await h.client.workflow.signalWithStart('handlersWorkflow', {
      taskQueue,
      workflowId,
      signal: pokeSignal,
      signalArgs: ['early'],
    });
    await handle.executeUpdate(setUpdate, { args: ['v3'] });
    expect(await handle.result()).toBe('early/v3/local/child');
    const spans = await traceOfRun(workflowId, 2);
    assertWhole(spans);
    const root = one(spans, 'SignalWithStartWorkflow:handlersWorkflow');
    expect(root.kind).toBe(2);
    expect(root.attributes['temporal.run.id']).toBe(handle.signaledRunId);
    expect(parentOf(spans, one(spans, 'RunWorkflow:handlersWorkflow'))).toBe(root);
    expect(parentOf(spans, one(spans, 'HandleSignal:poke'))?.name).toBe('RunWorkflow:handlersWorkflow');
  });

  it('a prebuilt workflowBundle made with the plugin traces the same, with the sampling ratio fixed in it', async () => {
    const { h } = suite;
    const bundle = await bundleWorkflowCode({
      workflowsPath,
      plugins: [h.plugin],
      logger: quietLogger,
    });
    // The bundle-time constant was substituted, so the sandbox does not fall back to sampling everything.
    expect(bundle.code).not.toMatch(/typeof\s+__TAO_ROOT_SAMPLE_RATIO__/);
    const taskQueue = uniqueQueue('prebuilt');
    const worker = await Worker.create({
      connection: h.nativeConnection,
      taskQueue,
      workflowBundle: bundle,
      activities,
      plugins: [h.plugin],
    });
    const workflowId = `${taskQueue}-child`;
    await worker.runUntil(
      h.client.workflow.execute('childWorkflow', { taskQueue, workflowId, args: ['prebuilt'] }),
    );
    const spans = await traceOfRun(workflowId);
    assertWhole(spans);
    const run = one(spans, 'RunWorkflow:childWorkflow');
    const start = one(spans, 'StartActivity:echo');
    expect(parentOf(spans, start)).toBe(run);
    expect(parentOf(spans, one(spans, 'RunActivity:echo'))).toBe(start);
  });

  it('workflows share one evaluated agents SDK and zod (preloaded) unless shareAgentsSdk is false; workflowStackTraceLimit sets the sandbox’s stack depth', async () => {
    const { h, taskQueue } = suite;
    const shared = await h.client.workflow.execute('sandboxSetupProbe', {
      taskQueue,
      workflowId: uniqueQueue('sdk-shared'),
    });
    expect(shared).toEqual({ agentsCore: true, zod: true, stackTraceLimit: 10 });

    const plugin = new AgentTracingPlugin({ shareAgentsSdk: false, workflowStackTraceLimit: 3 });
    const bundle = await bundleWorkflowCode({ workflowsPath, plugins: [plugin], logger: quietLogger });
    const ownQueue = uniqueQueue('sdk-per-run');
    const worker = await Worker.create({
      connection: h.nativeConnection,
      taskQueue: ownQueue,
      workflowBundle: bundle,
      activities,
      plugins: [plugin],
    });
    const perRun = await worker.runUntil(
      h.client.workflow.execute('sandboxSetupProbe', {
        taskQueue: ownQueue,
        workflowId: `${ownQueue}-probe`,
      }),
    );
    expect(perRun).toEqual({ agentsCore: false, zod: false, stackTraceLimit: 3 });
  });
});
