// Per-run figures of every mode, and ours (c) against the Python peer (p),
// the comparison mode p is there for. Throughput and CPU are paired round by
// round like the comparisons against (a) (compare.ts: rounds with the same
// index ran back to back); memory per run in flight comes from the memory
// probes: (RSS with K runs parked − RSS at rest) / K, per probe, and the heap
// the parked runs hold (V8's for Node, tracemalloc's for Python).
import { heapMb, spread, type Spread } from './compare.js';
import type { ChildTotals, PassResult, RoundResult } from './metrics.js';
import { PEER_MODE } from './mode.js';
import type { MemoryProbe } from './protocol.js';
import { range, type Table } from './report.js';
import { fmt } from './stats.js';

/** What one mode holds and exports per run, at one K. */
export interface PerRun {
  /** Per parked probe: (RSS with K parked − RSS at rest) / K, MB. */
  rssMb: Spread;
  /**
   * Heap per run in flight: the V8 heap in use in all threads, (parked − rest) / K,
   * for the Node modes; what tracemalloc saw the parked runs keep, / K, for the peer.
   */
  heapMb: Spread;
  /** Spans produced per completed run in the pass (NaN without telemetry). */
  spans: number;
  /** OTLP request bytes received per span, whole process (warm-up and probes included). */
  bytesPerSpan: number;
  /** bytesPerSpan × spans. */
  bytes: number;
}

export function perRun(r: PassResult, totals: ChildTotals[]): PerRun {
  const rest = r.rest;
  const inFlight = (pick: (p: MemoryProbe) => number) =>
    spread(r.parked.map((p) => (rest ? (pick(p) - pick(rest)) / r.k : NaN)));
  const t = totals.find((x) => x.mode === r.mode);
  const bytesPerSpan = t?.received ? t.bytesPerSpan : NaN;
  const spans = r.produced === undefined ? NaN : r.spansPerWf;
  return {
    rssMb: inFlight((p) => p.rssMb),
    heapMb: r.mode === PEER_MODE ? spread(r.parked.map((p) => (p.heldMb ?? NaN) / r.k)) : inFlight(heapMb),
    spans,
    bytesPerSpan,
    bytes: bytesPerSpan * spans,
  };
}

/** Memory per run in flight and export per run, every mode and K. */
export function perRunTable(rows: PassResult[], totals: ChildTotals[]): Table {
  return {
    header: [
      'mode',
      'K',
      'RSS MB/run in flight: median',
      'range',
      'heap MB/run in flight (V8; Python: tracemalloc): median',
      'range',
      'spans/run',
      'bytes/span',
      'kB exported/run',
    ],
    rows: rows.map((r) => {
      const x = perRun(r, totals);
      return [
        r.mode,
        String(r.k),
        fmt(x.rssMb.median, 2),
        range(x.rssMb, 2),
        fmt(x.heapMb.median, 2),
        range(x.heapMb, 2),
        fmt(x.spans, 1),
        fmt(x.bytesPerSpan, 0),
        fmt(x.bytes / 1000, 1),
      ];
    }),
  };
}

/** Ours (c) over the Python peer (p) at one K. */
export interface PeerComparison {
  k: number;
  c: PassResult;
  p: PassResult;
  /** Per round: c's runs/s over p's in the same round. */
  wfRounds: Spread;
  /** Per round: c's CPU ms per run over p's. */
  cpuRounds: Spread;
}

function byRound(c: PassResult, p: PassResult, f: (x: RoundResult, y: RoundResult) => number): Spread {
  return spread(
    c.rounds.flatMap((x) => {
      const y = p.rounds.find((z) => z.round === x.round);
      return y ? [f(x, y)] : [];
    }),
  );
}

/** One comparison per K at which both (c) and (p) ran. */
export function comparePeer(rows: PassResult[]): PeerComparison[] {
  return rows
    .filter((c) => c.mode === 'c')
    .flatMap((c) => {
      const p = rows.find((r) => r.mode === PEER_MODE && r.k === c.k);
      if (!p) return [];
      return [
        {
          k: c.k,
          c,
          p,
          wfRounds: byRound(c, p, (x, y) => x.wfPerS / y.wfPerS),
          cpuRounds: byRound(c, p, (x, y) => x.cpuMsPerWf / y.cpuMsPerWf),
        },
      ];
    });
}

/** Ours (c) and the Python peer (p) side by side, with c/p, per K. */
export function peerTable(rows: PassResult[], totals: ChildTotals[]): Table {
  const out: string[][] = [];
  for (const cmp of comparePeer(rows)) {
    const c = perRun(cmp.c, totals);
    const p = perRun(cmp.p, totals);
    const k = String(cmp.k);
    const line = (what: string, x: number, y: number, digits: number, rounds?: Spread) => [
      k,
      what,
      fmt(x, digits),
      fmt(y, digits),
      fmt(x / y, 2),
      fmt(rounds?.median, 2),
      rounds ? range(rounds, 2) : '–',
    ];
    out.push(
      line('runs/s', cmp.c.wfPerS, cmp.p.wfPerS, 2, cmp.wfRounds),
      line('CPU ms/run', cmp.c.cpuMsPerWf, cmp.p.cpuMsPerWf, 0, cmp.cpuRounds),
      line('RSS MB/run in flight', c.rssMb.median, p.rssMb.median, 2),
      line('heap MB/run in flight', c.heapMb.median, p.heapMb.median, 2),
      line('spans/run', c.spans, p.spans, 1),
      line('bytes/span', c.bytesPerSpan, p.bytesPerSpan, 0),
      line('kB exported/run', c.bytes / 1000, p.bytes / 1000, 1),
    );
  }
  return {
    header: ['K', 'measure', '(c) ours', '(p) Python', 'c/p', 'c/p per round: median', 'range'],
    rows: out,
  };
}
