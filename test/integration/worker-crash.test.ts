// A worker host dies mid-run (SIGKILL, no chance to flush) and a new one takes
// over. Temporal finishes the run; this checks what the trace and the model
// calls look like afterwards.
//
// What the killed process takes with it, by construction of the tracing:
// - spans it ended but had not exported yet (they sit in its batch span
//   processor, exported every second). Workflow spans are sent to the host
//   only when not replaying, so the new worker will never send these again.
//   This test waits until the finished searches' spans have been received
//   before it kills, so none of these should be lost here (the unflushed
//   case is worker-crash-unflushed.test.ts).
// - spans still open at kill time:
//   * workflow spans (RunWorkflow, the two unfinished SearchAgent spans and
//     their StartActivity:invokeModel): the new worker re-creates them with
//     the same deterministic ids while replaying and exports them when they
//     end, so children exported earlier still find their parent;
//   * host spans of the in-flight activity attempts (RunActivity:invokeModel
//     attempt 1 and its OpenAI LLM span): gone for good. Temporal retries
//     those activities after their start-to-close timeout (60 s, the
//     default of invokeModel), and attempt 2 shows up instead.
// So the trace must be complete, orphan-free and duplicate-free except for
// exactly one RunActivity (+ its LLM span) per activity in flight at the kill.
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { assertResearchTrace } from '../support/contract.js';
import { type CrashRig, runWithWorkerCrash, SLOW_CALLS, startCrashRig } from '../support/crash-run.js';
import type { ReceivedSpan } from '../../devtools/otlp-receiver.js';
import {
  asReadableSpans,
  parentOfReceived,
  receivedDuplicates,
  receivedOrphans,
  serviceOf,
} from '../support/received-trace.js';

const START_TO_CLOSE = 1; // temporal.api.enums.v1.TimeoutType.TIMEOUT_TYPE_START_TO_CLOSE

let rig: CrashRig;
beforeAll(async () => {
  rig = await startCrashRig();
});
afterAll(() => rig?.close());

const describeSpan = (s: ReceivedSpan) => `${s.name} [${serviceOf(s)}] parent=${s.parentSpanId}`;

describe('research workflow whose worker process is SIGKILLed mid-run', () => {
  it('completes on a new worker with one orphan-free trace and no repeated model calls', async () => {
    const { report, atKill, killedAt, modelCallsAtKill, calls, all, trace, output } =
      await runWithWorkerCrash(rig, { waitForExport: true });

    // The run completes, with every planned search.
    expect(report.status, output()).toBe('completed');
    expect(report.searches).toHaveLength(atKill.searchesPlanned);

    // Model calls: nothing that completed before the kill ran again; the only
    // extra calls are the retries of the two calls in flight at the kill.
    for (const a of calls) expect(a.completions, `activity ${a.activityId} completions`).toBe(1);
    const doneBeforeKill = calls.filter((a) => a.completedAtMs! < killedAt);
    expect(doneBeforeKill).toHaveLength(1 + 2 * atKill.searchesDone); // planner + two calls per finished search
    for (const a of doneBeforeKill) expect(a.attempts, `activity ${a.activityId} attempts`).toBe(1);
    const retried = calls.filter((a) => a.attempts > 1);
    expect(retried.map((a) => a.attempts)).toEqual(Array(SLOW_CALLS).fill(2));
    for (const a of retried)
      expect(a.lastFailure?.timeoutType, `activity ${a.activityId} retried after its timeout`).toBe(
        START_TO_CLOSE,
      );
    const attemptsStarted = calls.reduce((n, a) => n + a.attempts, 0);
    expect(modelCallsAtKill).toBe(doneBeforeKill.length + SLOW_CALLS);
    expect(rig.model.stats().byPath['/v1/responses'], 'model requests = invokeModel attempts started').toBe(
      attemptsStarted,
    );

    // The trace: one trace id for everything the workers exported, one RunWorkflow, no duplicates, no orphans.
    const traceId = trace[0].traceId;
    const fromWorkers = all.filter((s) => serviceOf(s)?.startsWith('research-worker-'));
    expect(fromWorkers.filter((s) => s.traceId !== traceId).map(describeSpan)).toEqual([]);
    expect(trace.filter((s) => s.name === 'RunWorkflow:ResearchWorkflow').map(serviceOf)).toEqual([
      'research-worker-2',
    ]);
    expect(receivedDuplicates(trace)).toEqual([]);
    expect(receivedOrphans(trace).map(describeSpan)).toEqual([]);
    assertResearchTrace(asReadableSpans(trace), report.searches.length);

    // Exactly the host spans of the in-flight attempts are missing.
    const runActivities = trace.filter((s) => s.name === 'RunActivity:invokeModel');
    for (const a of calls) {
      const spans = runActivities.filter((s) => s.attributes['temporal.activity.id'] === a.activityId);
      expect(
        spans.map((s) => s.attributes['temporal.activity.attempt']),
        `attempts traced for ${a.activityId}`,
      ).toEqual([a.attempts]);
      expect(spans.map(serviceOf)).toEqual([
        doneBeforeKill.includes(a) ? 'research-worker-1' : 'research-worker-2',
      ]);
      // Its StartActivity was open at the kill when in flight, and was re-created by the new worker.
      if (a.attempts > 1) expect(serviceOf(parentOfReceived(trace, spans[0])!)).toBe('research-worker-2');
    }
    expect(runActivities).toHaveLength(attemptsStarted - SLOW_CALLS);
    expect(trace.filter((s) => s.attributes['openinference.span.kind'] === 'LLM')).toHaveLength(
      attemptsStarted - SLOW_CALLS,
    );
    const searchAgents = trace.filter((s) => s.attributes['agent.name'] === 'SearchAgent');
    expect(searchAgents.filter((s) => serviceOf(s) === 'research-worker-1')).toHaveLength(
      atKill.searchesDone,
    );
    expect(searchAgents.filter((s) => serviceOf(s) === 'research-worker-2')).toHaveLength(SLOW_CALLS);
  });
});
