// What a live trace made by Temporal's own OpenTelemetry interceptors lacks:
// one LLM span per model call, with tokens and cost, under the StartActivity
// span the activity's trace header names. Temporal's spans are in that trace
// already and are not sent again; agents, tools and rollups need spans the
// interceptors did not make (their RunWorkflow, for one), so they are left out.
import { type RollupSnapshot, UsageRollup } from '../common/rollup.js';
import type { SerializedSpan } from '../common/sink.js';
import { parseTraceparent } from '../common/trace-context.js';
import { addLlmSpan } from './activity-spans.js';
import { pricingOf } from './call-pricing.js';
import { type ModelCallReader, readModelCall } from './model-call.js';
import type { PayloadValues } from './payload-values.js';
import type { RunRecord } from './run-record.js';
import { outcomeFailure, SpanList } from './span-list.js';
import { historySpanId } from './span-ids.js';

/** The live trace and how to read the run's model calls. */
export interface LiveTraceOptions {
  traceId: string;
  values: PayloadValues;
  modelReaderFor: (activityType: string) => ModelCallReader | undefined;
}

/**
 * The LLM spans of a run's model calls (the last attempt of each), for its
 * live trace. Pure: the same record gives the same spans, with the ids a full
 * export would give them.
 */
export function buildLiveTraceLlmSpans(
  run: RunRecord,
  options: LiveTraceOptions,
): { spans: SerializedSpan[]; usage: RollupSnapshot } {
  const spans = new SpanList(options.traceId);
  const id = (...part: (string | number)[]) => historySpanId(run.namespace, run, ...part);
  const usage = new UsageRollup();
  for (const act of run.activities) {
    const reader = options.modelReaderFor(act.activityType);
    const parent = parseTraceparent(act.traceparent);
    if (!reader || !parent || parent.traceId !== options.traceId || act.startedMs === undefined) continue;
    // Not that activity's shape: it stays as Temporal's spans show it.
    const call = readModelCall(reader, act, options.values);
    if (!call) continue;
    const times = { startMs: act.startedMs, endMs: act.closedMs ?? run.closeMs ?? act.startedMs };
    addLlmSpan(
      { spans, id },
      call,
      act,
      parent.spanId,
      times,
      outcomeFailure(act.outcome, act.failure),
      true,
    );
    if (act.outcome === 'completed') usage.add(pricingOf(call).summary);
  }
  return { spans: spans.spans, usage: usage.snapshot() };
}
