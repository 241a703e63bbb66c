// Runs that another run's export nests: a child under its parent's
// StartChildWorkflow span, a Nexus handler's workflow under its caller's
// operation span. The parent's export takes every such run that has closed
// by then; a run that closed after its parent did is also exported when a
// listing reaches it, into the same place and with the same ids, since the
// parent's export may have run before it closed.
import { type RunRecord, type RunRef, runLabel } from './run-record.js';

/** The run another run was started from, and which of its spans it goes under. */
export interface Upstream {
  ref: RunRef;
  /** Parts of that span's id (`historySpanId(namespace, ref, ...spanPart)`). */
  spanPart: (string | number)[];
  /** How the summary names it: "exported with its parent". */
  label: 'parent' | 'Nexus caller';
}

/** Where `run` was started from, when that is a run in this namespace whose export nests it. */
export function upstreamOf(run: RunRecord, namespace: string): Upstream | undefined {
  const parent = run.parent;
  if (parent?.runId && parent.initiatedEventId)
    return { ref: parent, spanPart: childSpanPart(parent.initiatedEventId), label: 'parent' };
  const caller = run.nexusCaller;
  if (caller && caller.namespace === namespace && caller.runId && caller.scheduledEventId)
    return { ref: caller, spanPart: nexusSpanPart(caller.scheduledEventId), label: 'Nexus caller' };
  return undefined;
}

/** Id parts of the span a child run goes under: its parent's StartChildWorkflow span. */
export const childSpanPart = (initiatedEventId: number) => ['child', initiatedEventId];

/** Id parts of the span a handler's workflow goes under: its caller's StartNexusOperation span. */
export const nexusSpanPart = (scheduledEventId: number) => ['nexus', scheduledEventId];

/** The first run of each child and of each handler workflow in this namespace, and the id parts of its span. */
export function nestedRuns(
  run: RunRecord,
  namespace: string,
): { ref: RunRef; spanPart: (string | number)[] }[] {
  return [
    ...run.children
      .filter((c) => c.runId)
      .map((c) => ({
        ref: { workflowId: c.workflowId, runId: c.runId! },
        spanPart: childSpanPart(c.initiatedEventId),
      })),
    ...run.nexusOperations
      .filter((op) => op.handler?.namespace === namespace && op.handler.runId)
      .map((op) => ({ ref: op.handler!, spanPart: nexusSpanPart(op.scheduledEventId) })),
  ];
}

/**
 * Whether the upstream run's export nested `run` (or will): it closed no later
 * than the upstream run, or the upstream run is still open. Only then may a
 * listing leave it out.
 */
export function nestedByUpstream(run: RunRecord, upstream: { closeMs?: number }): boolean {
  return upstream.closeMs === undefined || (run.closeMs ?? Infinity) <= upstream.closeMs;
}

/** A gRPC NOT_FOUND from the server: the run is gone (past retention) or never was. */
export function isNotFound(err: unknown): boolean {
  return (
    (err as { code?: unknown } | undefined)?.code === 5 || (err as Error)?.name === 'WorkflowNotFoundError'
  );
}

/**
 * Runs that closed after the run they were started from, claimed per export
 * pass (keyed by the pass's summary): in one pass such a run is reached
 * twice, from its parent's export and from the listing, and the first path
 * exports it. A new pass (a retried batch) exports it again, with the same ids.
 */
export class OutliverClaims {
  private readonly passes = new WeakMap<object, Set<string>>();

  /** Claims `run` for `pass`; false when the other path has it. */
  claim(pass: object, run: RunRef): boolean {
    let claimed = this.passes.get(pass);
    if (!claimed) this.passes.set(pass, (claimed = new Set()));
    if (claimed.has(runLabel(run))) return false;
    claimed.add(runLabel(run));
    return true;
  }

  /** Gives a claim back after an export that failed, so that the other path may still make it. */
  release(pass: object, run: RunRef): void {
    this.passes.get(pass)?.delete(runLabel(run));
  }
}
