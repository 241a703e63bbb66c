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

/** Places runs by their upstream runs; `readRun` reads a run's history into its record. */
export class UpstreamPlacement {
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
    { listed = false, depth = 0 } = {},
  ): Promise<RunPlace & { outlived?: boolean }> {
    const up = upstreamOf(run, this.namespace);
    if (up && depth >= MAX_DEPTH)
      throw new Error(`more than ${MAX_DEPTH} runs above ${runLabel(run)} (parents in a cycle?)`);
    const above = up && (await this.upstreamPlace(up, depth + 1));
    const place = above?.place;
    // Whether the upstream run's export takes its children: into its trace, or on their own (enrich).
    const nests = !!place && ('traceId' in place || 'enrich' in place);
    if (listed && up && nests && nestedByUpstream(run, above!.run))
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

  /** The upstream run and where it goes; undefined when it is gone (past retention). */
  private async upstreamPlace(
    up: Upstream,
    depth: number,
  ): Promise<{ run: RunRecord; place: RunPlace } | undefined> {
    let run: RunRecord;
    try {
      run = await this.readRun(up.ref);
    } catch (err) {
      if (isNotFound(err)) return undefined;
      const why = (err as Error).message.split('\n')[0];
      throw new Error(`cannot read its ${up.label} ${runLabel(up.ref)}: ${why}`);
    }
    return { run, place: await this.place(run, { depth }) };
  }
}
