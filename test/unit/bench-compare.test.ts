// The benchmark's verdicts rest on these pairings and medians; a slip here
// would silently move a target.
import { describe, expect, it } from 'vitest';
import { passShape, parseArgs } from '../../bench/args.js';
import { compare, spread } from '../../bench/compare.js';
import type { PassResult } from '../../bench/metrics.js';
import type { MemoryProbe } from '../../bench/protocol.js';
import { median } from '../../bench/stats.js';

function probe(rssMb: number, mainHeapMb: number, threadsHeapMb: number): MemoryProbe {
  return {
    parked: 20,
    rssMb,
    mainHeapMb,
    threadsHeapMb,
    threads: 2,
    heapResidentMb: 0,
    mainResidentMb: 0,
    externalMb: 0,
  };
}

function row(mode: 'a' | 'c', rounds: [number, number][], parked: MemoryProbe[]): PassResult {
  return {
    mode,
    k: 20,
    wfPerS: rounds.reduce((s, [wf]) => s + wf, 0) / rounds.length,
    rssSteadyMb: mode === 'a' ? 900 : 1000,
    rest: probe(400, 100, 300),
    parked,
    rounds: rounds.map(([wfPerS, cpuMsPerWf], round) => ({ round, wfPerS, cpuMsPerWf, foreignCores: 0 })),
  } as PassResult;
}

describe('bench statistics', () => {
  it('takes the median of odd and even counts, NaN of none', () => {
    expect(median([3, 1, 2])).toBe(2);
    expect(median([4, 1, 3, 2])).toBe(2.5);
    expect(median([])).toBeNaN();
  });

  it('spreads only finite values', () => {
    expect(spread([1, NaN, 3, Infinity, 2])).toEqual({ median: 2, min: 1, max: 3, n: 3 });
  });

  it('pairs throughput by round index and memory by probe order', () => {
    const a = row(
      'a',
      [
        [4, 300],
        [2, 400],
        [4, 300],
      ],
      [probe(500, 100, 400), probe(520, 100, 410)],
    );
    const c = row(
      'c',
      [
        [3.6, 330],
        [2.2, 400],
        [2, 600],
      ],
      [probe(530, 105, 410), probe(510, 104, 416)],
    );
    const cmp = compare([a, c], c)!;
    // Round ratios 0.9, 1.1, 0.5: one disturbed round does not move the median.
    expect(cmp.wfRounds.median).toBeCloseTo(0.9);
    expect(cmp.wfRounds.min).toBeCloseTo(0.5);
    expect(cmp.wfRounds.max).toBeCloseTo(1.1);
    expect(cmp.cpuRounds.median).toBeCloseTo(1.1);
    // RSS differences: 530−500 = 30 and 510−520 = −10.
    expect(cmp.parkedRss).toEqual({ median: 10, min: -10, max: 30, n: 2 });
    // Heap differences: (105+410)−(100+400) = 15 and (104+416)−(100+410) = 10.
    expect(cmp.parkedHeap.median).toBeCloseTo(12.5);
    expect(cmp.loadRss).toBe(100);
    expect(compare([c], c)).toBeUndefined();
  });
});

describe('bench pass shape', () => {
  it('gives small K more rounds, and honours --rounds and --workflows', () => {
    const defaults = parseArgs([]);
    expect(passShape(defaults, 20)).toEqual({ rounds: 6, perRound: 40, workflows: 240 });
    expect(passShape(defaults, 100)).toEqual({ rounds: 5, perRound: 100, workflows: 500 });
    expect(passShape(parseArgs(['--rounds', '4', '--workflows', '10']), 5)).toEqual({
      rounds: 4,
      perRound: 3,
      workflows: 12,
    });
  });

  it('rejects a negative probe count with the flag named', () => {
    expect(() => parseArgs(['--memory-probes', '-1'])).toThrow(
      '--memory-probes: expected a whole number, got "-1"',
    );
  });
});
