// Where a rebuilt run goes, from the trace contexts its history carries: left
// out (a backend already holds it, or the operator said so), into a trace that
// exists (under a traced client's span, or a parent run's), or into the trace
// its links name.
import { TraceFlags } from '@opentelemetry/api';
import { parseTraceparent, type WireSpanContext } from '../common/trace-context.js';
import type { RunRecord } from './run-record.js';
import { historyTraceId } from './span-ids.js';

/**
 * What to do with a run whose start request carried a trace context (a traced
 * client started it): `join` exports it into that trace, under the client's
 * span; `skip` leaves it out. Runs whose worker traced them live are always
 * skipped, so no run is ever in a backend twice.
 */
export type TracedRunPolicy = 'join' | 'skip';

/**
 * What to do with a run whose trace context says "not sampled": the client or
 * worker had the plugin but did not record the run (its sampler left it out,
 * or its telemetry was off), so no backend holds it. `export` (the default)
 * exports it into that context's trace, the one the run's links name; `skip`
 * leaves it out, as live sampling did.
 */
export type UnsampledRunPolicy = 'export' | 'skip';

/**
 * What to do with a run its worker traced live. `skip` (the default) leaves it
 * out, so no run is in a backend twice. `enrich` adds the LLM spans of its
 * model calls to that live trace, under each call's StartActivity span, when
 * the worker traced it with Temporal's own OpenTelemetry interceptors, whose
 * traces hold Temporal's spans only; runs this plugin traced are still skipped.
 */
export type WorkerTracedRunPolicy = 'skip' | 'enrich';

/** Where a run goes in a trace that another run already placed (a child under its parent). */
export interface Placement {
  traceId: string;
  parentSpanId: string;
}

/** A run's place: its trace and parent span, the live trace its LLM spans are added to, or why it is left out. */
export type RunPlace =
  | {
      skip: string;
      /** Its worker traced it live: the runs it started carry that trace in their own headers. */
      liveTrace?: boolean;
    }
  | { enrich: string }
  | { traceId: string; parent?: { spanId: string; isRemote: boolean } };

const sampled = (ctx: WireSpanContext) => (ctx.traceFlags & TraceFlags.SAMPLED) !== 0;

/** Decides where `run` goes; `placement` is set when its parent run placed it. */
export function placeRun(
  run: RunRecord,
  namespace: string,
  placement: Placement | undefined,
  policies: {
    tracedRuns?: TracedRunPolicy;
    unsampledRuns?: UnsampledRunPolicy;
    workerTracedRuns?: WorkerTracedRunPolicy;
  },
): RunPlace {
  const worker = parseTraceparent(run.workerTraceparent);
  if (worker && sampled(worker)) {
    if (policies.workerTracedRuns === 'enrich' && !run.workerTracedByPlugin)
      return { enrich: worker.traceId };
    return { skip: 'traced live by its worker', liveTrace: true };
  }
  if (placement)
    return { traceId: placement.traceId, parent: { spanId: placement.parentSpanId, isRemote: false } };
  const client = parseTraceparent(run.startTraceparent);
  if (client && sampled(client)) {
    if (policies.tracedRuns === 'skip') return { skip: 'started by a traced client' };
    return { traceId: client.traceId, parent: { spanId: client.spanId, isRemote: true } };
  }
  // Recorded nowhere: the trace its links name (the client's, else the worker's), as a root.
  const unsampled = client ?? worker;
  if (unsampled && policies.unsampledRuns === 'skip') return { skip: 'not sampled live' };
  return { traceId: unsampled?.traceId ?? historyTraceId(namespace, run) };
}
