// Where a run goes that no export placed: a child or Nexus handler's workflow
// under the span its upstream run's export gives it, found by reading the
// upstream runs' histories (parent, grandparent …); any other run by its own
// history's trace contexts.
import { historySpanId } from './span-ids.js';
import { isNotFound, nestedByUpstream, type Upstream, upstreamOf } from './nested-runs.js';
import { placeRun, type RunPlace } from './run-placement.js';
import { type RunRecord, type RunRef, runLabel } from './run-record.js';

/** Ancestors read before giving up: real nesting is shallow, and a malformed history could name a cycle. */
const MAX_DEPTH = 64;

/** Upstream runs whose place one pass keeps: enough for the children of a listing's page to share their parent's. */
const REMEMBERED = 1_024;

/** Where a closed upstream run went, and when it closed: all a run below it needs. */
export interface PlacedRun {
  closeMs?: number;
  place: RunPlace;
}

/**
 * Places runs by their upstream runs; `readRun` reads a run's history into
 * its record. Within one pass (keyed by its summary) a closed upstream run is
 * read and placed once: a parent with a hundred listed children is read once,
 * not a hundred times.
 */
export class UpstreamPlacement {
  private readonly passes = new WeakMap<object, Map<string, PlacedRun>>();

  constructor(
    private readonly namespace: string,
    private readonly policies: Parameters<typeof placeRun>[3],
    private readonly readRun: (ref: RunRef) => Promise<RunRecord>,
  ) {}

  /**
   * Where `run` goes. `listed`: it came from a listing, so it is left out
   * (skipped as "exported with its parent") when its upstream run's export
   * nests it; `outlived` says it closed after that run, so that export may
   * have reached it too.
   */
  async place(
    run: RunRecord,
    { listed = false, depth = 0, pass }: { listed?: boolean; depth?: number; pass?: object } = {},
  ): Promise<RunPlace & { outlived?: boolean }> {
    const up = upstreamOf(run, this.namespace);
    if (up && depth >= MAX_DEPTH)
      throw new Error(`more than ${MAX_DEPTH} runs above ${runLabel(run)} (parents in a cycle?)`);
    const above = up && (await this.placeOf(up.ref, { depth: depth + 1, pass, label: up.label }));
    const place = above?.place;
    // Whether the upstream run's export takes its children: into its trace, or on their own (enrich).
    const nests = !!place && ('traceId' in place || 'enrich' in place);
    if (listed && up && nests && nestedByUpstream(run, above!))
      return { skip: `exported with its ${up.label}` };
    const outlived = listed && nests;
    if (up && place && 'traceId' in place) {
      const parentSpanId = historySpanId(this.namespace, up.ref, ...up.spanPart);
      const own = placeRun(run, this.namespace, { traceId: place.traceId, parentSpanId }, this.policies);
      return { ...own, outlived };
    }
    if (up && place && 'skip' in place && !place.liveTrace)
      return { skip: `left out with its ${up.label}: ${place.skip}` };
    // No upstream (or one past retention), or one in a live trace: the run's own headers say where it goes.
    return { ...placeRun(run, this.namespace, undefined, this.policies), outlived };
  }

  /**
   * Where the run `ref` goes (read once per pass once it has closed);
   * undefined when it is gone (past retention). Another read error is thrown
   * as it is, or, given the `label` the run has for the one below it, as a
   * line that names it.
   */
  async placeOf(
    ref: RunRef,
    { depth = 0, pass, label }: { depth?: number; pass?: object; label?: Upstream['label'] } = {},
  ): Promise<PlacedRun | undefined> {
    const key = runLabel(ref);
    const known = pass && this.passes.get(pass)?.get(key);
    if (known) return known;
    let run: RunRecord;
    try {
      run = await this.readRun(ref);
    } catch (err) {
      if (isNotFound(err)) return undefined;
      if (!label) throw err;
      const why = (err as Error).message.split('\n')[0];
      throw new Error(`cannot read its ${label} ${runLabel(ref)}: ${why}`);
    }
    const placed: PlacedRun = { closeMs: run.closeMs, place: await this.place(run, { depth, pass }) };
    // An open run's place may change when it closes; only a closed one's is kept.
    if (pass && run.closeMs !== undefined) this.remember(pass, key, placed);
    return placed;
  }

  private remember(pass: object, label: string, placed: PlacedRun): void {
    let remembered = this.passes.get(pass);
    if (!remembered) this.passes.set(pass, (remembered = new Map()));
    remembered.set(label, placed);
    if (remembered.size > REMEMBERED) remembered.delete(remembered.keys().next().value!);
  }
}
