// A mode against (a) at the same K. Throughput and CPU are compared round by
// round (rounds with the same index ran back to back, in alternating order),
// memory probe by probe; the verdicts use the medians, which one disturbed
// round or one late collection cannot move.
import type { PassResult } from './metrics.js';
import type { MemoryProbe } from './protocol.js';
import { median } from './stats.js';

/** Median and range of paired comparisons. */
export interface Spread {
  median: number;
  min: number;
  max: number;
  n: number;
}

export function spread(values: number[]): Spread {
  const finite = values.filter(Number.isFinite);
  return {
    median: median(finite),
    min: finite.length ? Math.min(...finite) : NaN,
    max: finite.length ? Math.max(...finite) : NaN,
    n: finite.length,
  };
}

export interface Comparison {
  /** wf/s of the whole pass over (a)'s. */
  wfPooled: number;
  /** Per round: wf/s over (a)'s in the same round. */
  wfRounds: Spread;
  /** Per round: CPU ms per workflow over (a)'s. */
  cpuRounds: Spread;
  /** Median RSS under load minus (a)'s (noisy: follows when V8 collects). */
  loadRss: number;
  /** At rest after GC: RSS and V8 heap (all threads) minus (a)'s. */
  restRss: number;
  restHeap: number;
  /** K workflows parked, after GC, per probe: RSS and V8 heap (all threads) minus (a)'s. */
  parkedRss: Spread;
  parkedHeap: Spread;
  /** The same probes: V8 heap pages resident, memory held outside the heap, and the rest of RSS. */
  parkedResident: Spread;
  parkedExternal: Spread;
  parkedOther: Spread;
}

/** A V8 figure of a probe, NaN where there is none (the Python peer): printed as '–', left out of spreads. */
export function v8(mb: number | undefined): number {
  return mb ?? NaN;
}

/** RSS that is neither V8 heap pages nor external memory V8 knows of: code, stacks, malloc arenas. */
export function otherMb(p: MemoryProbe): number {
  return p.rssMb - v8(p.heapResidentMb) - v8(p.externalMb);
}

/** V8 heap in use in every thread of the process. */
export function heapMb(p: MemoryProbe | undefined): number {
  return p ? v8(p.mainHeapMb) + v8(p.threadsHeapMb) : NaN;
}

export function baselineOf(rows: PassResult[], r: PassResult): PassResult | undefined {
  return rows.find((b) => b.mode === 'a' && b.k === r.k);
}

function paired<T>(xs: T[], ys: T[], f: (x: T, y: T) => number): number[] {
  return xs.slice(0, ys.length).map((x, i) => f(x, ys[i]));
}

/** `r` against (a) at the same K; undefined when (a) was not run. */
export function compare(rows: PassResult[], r: PassResult): Comparison | undefined {
  const a = baselineOf(rows, r);
  if (!a) return undefined;
  const byRound = (f: (x: PassResult['rounds'][number], y: PassResult['rounds'][number]) => number) =>
    spread(
      r.rounds.flatMap((x) => {
        const y = a.rounds.find((z) => z.round === x.round);
        return y ? [f(x, y)] : [];
      }),
    );
  return {
    wfPooled: r.wfPerS / a.wfPerS,
    wfRounds: byRound((x, y) => x.wfPerS / y.wfPerS),
    cpuRounds: byRound((x, y) => x.cpuMsPerWf / y.cpuMsPerWf),
    loadRss: r.rssSteadyMb - a.rssSteadyMb,
    restRss: (r.rest?.rssMb ?? NaN) - (a.rest?.rssMb ?? NaN),
    restHeap: heapMb(r.rest) - heapMb(a.rest),
    parkedRss: spread(paired(r.parked, a.parked, (x, y) => x.rssMb - y.rssMb)),
    parkedHeap: spread(paired(r.parked, a.parked, (x, y) => heapMb(x) - heapMb(y))),
    parkedResident: spread(paired(r.parked, a.parked, (x, y) => v8(x.heapResidentMb) - v8(y.heapResidentMb))),
    parkedExternal: spread(paired(r.parked, a.parked, (x, y) => v8(x.externalMb) - v8(y.externalMb))),
    parkedOther: spread(paired(r.parked, a.parked, (x, y) => otherMb(x) - otherMb(y))),
  };
}
