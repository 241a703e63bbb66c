// The memory tables: RSS under load, after GC at rest and with K workflows
// parked, and what the parked RSS is made of.
import { compare, heapMb, otherMb, v8 } from './compare.js';
import type { PassResult } from './metrics.js';
import type { MemoryProbe } from './protocol.js';
import { range, type Table } from './report.js';
import { fmt, median } from './stats.js';

/** Worker process memory per (mode, K): under load, at rest after GC, and with K workflows parked after GC. */
export function memoryTable(rows: PassResult[]): Table {
  return {
    header: [
      'mode',
      'K',
      'under load: RSS MB',
      'Δ a',
      'min–peak',
      'at rest, GC: RSS',
      'Δ a',
      'heap',
      'Δ a',
      'K parked, GC: RSS',
      'Δ a median',
      'range',
      'heap',
      'Δ a median',
      'range',
    ],
    rows: rows.map((r) => {
      const c = r.mode === 'a' ? undefined : compare(rows, r);
      return [
        r.mode,
        String(r.k),
        fmt(r.rssSteadyMb, 0),
        fmt(c?.loadRss, 0),
        `${fmt(r.rssMinMb, 0)}–${fmt(r.rssPeakMb, 0)}`,
        fmt(r.rest?.rssMb, 0),
        fmt(c?.restRss, 0),
        fmt(heapMb(r.rest), 1),
        fmt(c?.restHeap, 1),
        fmt(median(r.parked.map((p) => p.rssMb)), 0),
        fmt(c?.parkedRss.median, 0),
        c ? range(c.parkedRss, 0) : '–',
        fmt(median(r.parked.map(heapMb)), 1),
        fmt(c?.parkedHeap.median, 1),
        c ? range(c.parkedHeap, 1) : '–',
      ];
    }),
  };
}

/** What the RSS of K parked workflows after GC is made of, and each part's difference against (a) (medians). */
export function rssPartsTable(rows: PassResult[]): Table {
  const med = (r: PassResult, pick: (p: MemoryProbe) => number) => median(r.parked.map(pick));
  return {
    header: [
      'mode',
      'K',
      'RSS',
      'Δ a',
      'V8 heap used',
      'Δ a',
      'V8 heap resident',
      'Δ a',
      'external',
      'Δ a',
      'other',
      'Δ a',
    ],
    rows: rows
      .filter((r) => r.parked.length)
      .map((r) => {
        const c = r.mode === 'a' ? undefined : compare(rows, r);
        return [
          r.mode,
          String(r.k),
          fmt(
            med(r, (p) => p.rssMb),
            0,
          ),
          fmt(c?.parkedRss.median, 0),
          fmt(med(r, heapMb), 1),
          fmt(c?.parkedHeap.median, 1),
          fmt(
            med(r, (p) => v8(p.heapResidentMb)),
            1,
          ),
          fmt(c?.parkedResident.median, 1),
          fmt(
            med(r, (p) => v8(p.externalMb)),
            1,
          ),
          fmt(c?.parkedExternal.median, 1),
          fmt(med(r, otherMb), 0),
          fmt(c?.parkedOther.median, 0),
        ];
      }),
  };
}
