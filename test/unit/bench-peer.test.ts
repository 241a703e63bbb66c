// The comparison against the Python peer (mode p): per-run memory from the
// probes (V8 heap for ours, tracemalloc for the peer) and round pairing.
import { describe, expect, it } from 'vitest';
import type { ChildTotals, PassResult } from '../../bench/metrics.js';
import type { MemoryProbe } from '../../bench/protocol.js';
import { comparePeer, peerTable, perRun } from '../../bench/report-peer.js';

const node = (parked: number, rssMb: number, heap: number): MemoryProbe => ({
  parked,
  rssMb,
  mainHeapMb: heap,
  threadsHeapMb: 100,
  threads: 2,
  heapResidentMb: 0,
  mainResidentMb: 0,
  externalMb: 0,
});
const python = (parked: number, rssMb: number, heldMb?: number): MemoryProbe => ({ parked, rssMb, heldMb });

function row(mode: 'c' | 'p', rounds: [number, number][], rest: MemoryProbe, parked: MemoryProbe[]) {
  return {
    mode,
    k: 20,
    wfPerS: 5,
    cpuMsPerWf: 200,
    spansPerWf: mode === 'c' ? 60 : 78,
    produced: 1200,
    rest,
    parked,
    rounds: rounds.map(([wfPerS, cpuMsPerWf], round) => ({ round, wfPerS, cpuMsPerWf, foreignCores: 0 })),
  } as PassResult;
}

const totals = [
  { mode: 'c', received: 100, bytesPerSpan: 2000 },
  { mode: 'p', received: 100, bytesPerSpan: 1000 },
] as ChildTotals[];

describe('bench: ours against the Python peer', () => {
  const c = row(
    'c',
    [
      [6, 150],
      [4, 200],
    ],
    node(0, 400, 100),
    [node(20, 440, 104), node(20, 460, 106)],
  );
  const p = row(
    'p',
    [
      [3, 100],
      [4, 250],
    ],
    python(0, 190),
    [python(20, 196, 4)],
  );

  it('takes memory per run in flight from the probes: V8 heap for ours, tracemalloc for the peer', () => {
    const ours = perRun(c, totals);
    // (440−400)/20 = 2 and (460−400)/20 = 3; heap (204−200)/20 = 0.2 and 0.3.
    expect(ours.rssMb).toEqual({ median: 2.5, min: 2, max: 3, n: 2 });
    expect(ours.heapMb.median).toBeCloseTo(0.25);
    expect(ours.bytes).toBe(120_000);
    const peer = perRun(p, totals);
    expect(peer.rssMb.median).toBeCloseTo(0.3);
    expect(peer.heapMb).toEqual({ median: 0.2, min: 0.2, max: 0.2, n: 1 }); // 4 MB held / 20
  });

  it('pairs rounds by index and compares heap per run across runtimes', () => {
    const [cmp] = comparePeer([c, p]);
    expect(cmp.wfRounds).toEqual({ median: 1.5, min: 1, max: 2, n: 2 });
    expect(cmp.cpuRounds.median).toBeCloseTo((1.5 + 0.8) / 2);
    const table = peerTable([c, p], totals);
    const heap = table.rows.find((r) => r[1] === 'heap MB/run in flight')!;
    expect(heap.slice(2, 5)).toEqual(['0.25', '0.20', '1.25']);
    expect(table.rows.find((r) => r[1] === 'spans/run')!.slice(2, 5)).toEqual(['60.0', '78.0', '0.77']);
    expect(comparePeer([c])).toEqual([]);
  });
});
