// The worker host is SIGKILLed the moment the fast searches are done, with
// every span it finished still in its batch queue: its OTEL_BSP_SCHEDULE_DELAY
// is ten minutes, so it has exported nothing when it dies.
//
// What the trace contract can and cannot promise here: the spans the dead
// process had finished but not exported are gone. Host spans (RunActivity,
// LLM) cannot come back. Workflow spans could (the new worker re-creates them
// with the same ids while replaying), but replayed spans are deliberately not
// exported (callDuringReplay: false), because a new worker cannot tell them
// from spans an old one did export. What does hold, asserted below with a
// replay of the finished history as the oracle of every workflow span:
// - the loss is exactly what the killed worker ended: every workflow span it
//   ended and every activity attempt it ran is missing, everything after the
//   kill arrives, once;
// - no orphans: a span always ends before its parent, so what the new worker
//   exports has its parent exported too.
import type { WorkflowBundle } from '@temporalio/worker';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import {
  bundleResearchWorkflows,
  type CrashRig,
  type CrashRun,
  runWithWorkerCrash,
  SLOW_CALLS,
  startCrashRig,
  workflowSpansOf,
} from '../support/crash-run.js';
import type { SerializedSpan } from '../../src/common/sink.js';
import type { ReceivedSpan } from '../../devtools/otlp-receiver.js';
import { activitiesOf, receivedDuplicates, receivedOrphans, serviceOf } from '../support/received-trace.js';

/** Longer than the whole run: the killed worker's batch processor never gets to export. */
const NEVER = String(10 * 60_000);

let rig: CrashRig;
let run: CrashRun;
let oracle: SerializedSpan[];

beforeAll(async () => {
  rig = await startCrashRig();
  let bundle: Promise<WorkflowBundle> | undefined;
  // Bundle for the oracle replay while Temporal waits out the lost attempts' timeout.
  run = await runWithWorkerCrash(rig, {
    waitForExport: false,
    onKilled: () => (bundle = bundleResearchWorkflows()),
    firstWorkerEnv: { OTEL_BSP_SCHEDULE_DELAY: NEVER },
  });
  oracle = await workflowSpansOf(run.handle, await bundle!);
}, 150_000);
afterAll(() => rig?.close());

const describeSpan = (s: ReceivedSpan) => `${s.name} [${serviceOf(s)}] parent=${s.parentSpanId}`;

describe('worker SIGKILLed before exporting its last finished spans', () => {
  it('still completes with one trace, no duplicates and no repeated model calls', async () => {
    const { report, trace, all, calls, atKill, killedAt } = run;
    expect(report.status, run.output()).toBe('completed');
    expect(report.searches).toHaveLength(atKill.searchesPlanned);
    expect(receivedDuplicates(trace)).toEqual([]);
    expect(trace.filter((s) => s.name === 'RunWorkflow:ResearchWorkflow')).toHaveLength(1);
    const fromWorkers = all.filter((s) => serviceOf(s)?.startsWith('research-worker-'));
    expect(fromWorkers.filter((s) => s.traceId !== trace[0].traceId).map(describeSpan)).toEqual([]);
    for (const a of calls) expect(a.completions).toBe(1);
    for (const a of calls.filter((c) => c.completedAtMs! < killedAt)) expect(a.attempts).toBe(1);
    expect(calls.filter((a) => a.attempts > 1)).toHaveLength(SLOW_CALLS);
    expect(rig.model.stats().byPath['/v1/responses']).toBe(calls.reduce((n, a) => n + a.attempts, 0));
  });

  it('loses exactly what the killed worker ended, and leaves no orphan', async () => {
    const { trace, all, killedAt, handle } = run;
    const received = new Map(trace.map((s) => [s.spanId, s]));
    const oracleIds = new Set(oracle.map((s) => s.spanId));
    expect(new Set(oracle.map((s) => s.traceId))).toEqual(new Set([trace[0].traceId]));

    // The scenario happened: the killed worker exported nothing, and it had ended spans.
    expect(all.filter((s) => serviceOf(s) === 'research-worker-1').map(describeSpan)).toEqual([]);
    const endedBeforeKill = oracle.filter((s) => s.endTimeMs < killedAt);
    expect(endedBeforeKill.length).toBeGreaterThan(5);

    // Workflow spans: every one received is one the workflow makes (same ids after replay);
    // missing are exactly those the killed worker ended (workflow time before the kill).
    const workflowSpansReceived = trace.filter((s) => s.scope === 'temporal-agents-otel/workflow');
    expect(workflowSpansReceived.filter((s) => !oracleIds.has(s.spanId)).map(describeSpan)).toEqual([]);
    const label = (s: SerializedSpan) => `${s.name} ended ${s.endTimeMs - killedAt} ms from the kill`;
    expect(endedBeforeKill.filter((s) => received.has(s.spanId)).map(label)).toEqual([]);
    expect(oracle.filter((s) => s.endTimeMs >= killedAt && !received.has(s.spanId)).map(label)).toEqual([]);

    // Activity attempts: those run by the killed worker are missing, the rest traced once each.
    for (const a of activitiesOf(await handle.fetchHistory())) {
      const traced = trace
        .filter(
          (s) => s.name === `RunActivity:${a.type}` && s.attributes['temporal.activity.id'] === a.activityId,
        )
        .map((s) => s.attributes['temporal.activity.attempt'] as number);
      // Finished before the kill: its one attempt ran on the killed worker. Otherwise only the
      // last attempt ran on the new worker; earlier ones were in flight on the killed one.
      const expected = a.completedAtMs! < killedAt ? [] : [a.attempts];
      expect(traced, `${a.type} ${a.activityId}`).toEqual(expected);
    }

    expect(receivedOrphans(trace).map(describeSpan)).toEqual([]);
  });
});
