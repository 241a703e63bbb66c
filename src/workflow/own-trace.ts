// Child workflows started in their own trace (an eval's case runs): one trace
// per case, linked to the span that started it, instead of one giant trace.
// Sandbox-safe.
import { AsyncLocalStorage } from '@temporalio/workflow';
import type { WireSpanContext } from '../common/trace-context.js';
import { deterministicSpanId, deterministicTraceId } from './ids.js';
import { rootTraceFlags } from './root-sampling.js';

const ownTraces = new AsyncLocalStorage<boolean>();

/** Runs `fn`; child workflows it starts begin their own traces, linked to their StartChildWorkflow span. */
export function withOwnTraces<T>(fn: () => T): T {
  return ownTraces.run(true, fn);
}

/** Whether a child started now begins its own trace. */
export function startsOwnTrace(): boolean {
  return ownTraces.getStore() === true;
}

/**
 * The RunWorkflow span of a run started without a trace context: its ids
 * derive from the run id (the first span of the run), so another run can
 * point at it, link to it, or add spans to its trace.
 */
export function rootSpanOf(runId: string): WireSpanContext {
  const traceId = deterministicTraceId(runId);
  return { traceId, spanId: deterministicSpanId(runId, 0), traceFlags: rootTraceFlags(traceId) };
}
