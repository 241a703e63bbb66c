// Tables of results (console and markdown) and the targets verdicts; the
// memory tables are in report-memory.ts.
import type { ChildTotals, PassResult } from './metrics.js';
import { MODE_LABEL, PEER_MODE } from './mode.js';
import { baselineOf, compare, type Spread } from './compare.js';
import { fmt } from './stats.js';

/** A table of strings, rendered for the console or as markdown. */
export type Table = { header: string[]; rows: string[][] };

export function consoleTable(t: Table): string {
  const widths = t.header.map((h, i) => Math.max(h.length, ...t.rows.map((r) => r[i].length)));
  const line = (cells: string[]) =>
    cells.map((c, i) => (i === 0 ? c.padEnd(widths[i]) : c.padStart(widths[i]))).join('  ');
  return [line(t.header), widths.map((w) => '-'.repeat(w)).join('  '), ...t.rows.map(line)].join('\n');
}

export function markdownTable(t: Table): string {
  const line = (cells: string[]) => `| ${cells.join(' | ')} |`;
  return [line(t.header), line(t.header.map((_, i) => (i === 0 ? '---' : '---:'))), ...t.rows.map(line)].join(
    '\n',
  );
}

/** `min…max` of a spread, or '–' when empty. */
export function range(sp: Spread, digits: number): string {
  return sp.n ? `${fmt(sp.min, digits)}…${fmt(sp.max, digits)}` : '–';
}

/** Throughput, latency and CPU per (mode, K), with ratios against (a): pooled, and per round. */
export function performanceTable(rows: PassResult[]): Table {
  return {
    header: [
      'mode',
      'K',
      'wf',
      'wf/s',
      'vs a',
      'vs a per round: median',
      'range',
      'spans/s',
      'p50 ms',
      'p95 ms',
      'CPU ms/wf',
      'CPU vs a per round: median',
      'bench cores',
      'other cores',
    ],
    rows: rows.map((r) => {
      const c = r.mode === 'a' ? undefined : compare(rows, r);
      return [
        r.mode,
        String(r.k),
        r.failed ? `${r.ok}+${r.failed}✗` : String(r.ok),
        fmt(r.wfPerS, 2),
        fmt(c?.wfPooled, 2),
        fmt(c?.wfRounds.median, 2),
        c ? range(c.wfRounds, 2) : '–',
        fmt(r.spansPerS, 0),
        fmt(r.latencyP50Ms, 0),
        fmt(r.latencyP95Ms, 0),
        fmt(r.cpuMsPerWf, 0),
        fmt(c?.cpuRounds.median, 2),
        fmt(r.orchestratorCores, 2),
        fmt(r.foreignCores, 2),
      ];
    }),
  };
}

/** CPU per workflow by thread group, with differences against (a) (none for the Python peer: other threads). */
export function threadCpuTable(rows: PassResult[]): Table {
  const order = ['main', 'workflow', 'other node threads'];
  const groups = [...new Set(rows.flatMap((r) => Object.keys(r.cpuByThread ?? {})))].sort(
    (x, y) => (order.indexOf(x) + 1 || 99) - (order.indexOf(y) + 1 || 99) || x.localeCompare(y),
  );
  return {
    header: ['mode', 'K', ...groups.flatMap((g) => [`${g} ms/wf`, 'Δ a'])],
    rows: rows.map((r) => {
      const a = baselineOf(rows, r);
      return [
        r.mode,
        String(r.k),
        ...groups.flatMap((g) => {
          const v = r.cpuByThread?.[g];
          const b = a?.cpuByThread?.[g];
          const comparable = r.mode !== 'a' && r.mode !== PEER_MODE;
          return [fmt(v, 0), comparable && v !== undefined && b !== undefined ? fmt(v - b, 0) : '–'];
        }),
      ];
    }),
  };
}

/** Delivery of spans per (mode, K). */
export function deliveryTable(rows: PassResult[]): Table {
  return {
    header: [
      'mode',
      'K',
      'spans/wf',
      'produced',
      'received',
      'lost',
      'no trace',
      'export p50 ms',
      'p95 ms',
      'max ms',
      'late',
    ],
    rows: rows
      .filter((r) => r.mode !== 'a')
      .map((r) => [
        r.mode,
        String(r.k),
        fmt(r.spansPerWf, 1),
        String(r.produced ?? '–'),
        String(r.received),
        String(r.lost ?? '–') + (r.unexpected ? ` (+${r.unexpected} extra)` : ''),
        String(r.tracesMissing),
        fmt(r.exportP50Ms, 0),
        fmt(r.exportP95Ms, 0),
        fmt(r.exportMaxMs, 0),
        String(r.lateTraces),
      ]),
  };
}

/** Per child process, warm-up included. */
export function processTable(totals: ChildTotals[]): Table {
  return {
    header: [
      'mode',
      'startup s',
      'lifetime peak MB',
      'produced',
      'received',
      'lost',
      'duplicates',
      'requests',
      'bytes/span',
      'sink errors logged',
    ],
    rows: totals.map((t) => [
      t.mode,
      fmt(t.startupMs / 1000, 1),
      fmt(t.lifetimePeakMb, 0),
      String(t.produced ?? '–'),
      String(t.received),
      String(t.lost ?? '–'),
      String(t.duplicates),
      String(t.requests),
      t.mode === 'a' ? '–' : fmt(t.bytesPerSpan, 0),
      String(t.unregisteredSinkLines),
    ]),
  };
}

export interface Verdict {
  target: string;
  measured: string;
  met: boolean | undefined;
}

/** The targets, judged on the (c) rows against (a), on medians of paired comparisons. */
export function verdicts(rows: PassResult[]): Verdict[] {
  const out: Verdict[] = [];
  for (const r of rows.filter((x) => x.mode === 'c')) {
    const c = compare(rows, r);
    if (c) {
      out.push({
        target: `K=${r.k}: (c)/(a) throughput ≥ 0.95, median of ${c.wfRounds.n} rounds`,
        measured: `${fmt(c.wfRounds.median, 2)} (rounds ${range(c.wfRounds, 2)}; whole pass ${fmt(c.wfPooled, 2)})`,
        met: c.wfRounds.n ? c.wfRounds.median >= 0.95 : undefined,
      });
      const probes = c.parkedRss.n;
      out.push({
        target: `K=${r.k}: RSS overhead < 30 MB, ${r.k} workflows in flight, after GC, median of ${probes} probes`,
        measured: probes ? `${fmt(c.parkedRss.median, 0)} MB (${range(c.parkedRss, 0)})` : 'not probed',
        met: probes ? c.parkedRss.median < 30 : undefined,
      });
      out.push({
        target: `K=${r.k}: V8 heap overhead (all threads) < 30 MB, same probes`,
        measured: probes ? `${fmt(c.parkedHeap.median, 1)} MB (${range(c.parkedHeap, 1)})` : 'not probed',
        met: probes ? c.parkedHeap.median < 30 : undefined,
      });
      out.push({
        target: `K=${r.k}: RSS overhead < 30 MB under load, median of samples (noisy: garbage)`,
        measured: `${fmt(c.loadRss, 0)} MB`,
        met: Number.isFinite(c.loadRss) ? c.loadRss < 30 : undefined,
      });
    }
    if (r.k >= 100) {
      const lost = (r.lost ?? NaN) + r.tracesMissing;
      out.push({
        target: `K=${r.k}: no span lost`,
        measured: `${r.lost ?? '?'} lost of ${r.produced ?? '?'}, ${r.tracesMissing} traces missing`,
        met: lost === 0,
      });
    }
  }
  return out;
}

export function verdictTable(v: Verdict[]): Table {
  return {
    header: ['target', 'measured', 'met'],
    rows: v.map((x) => [x.target, x.measured, x.met === undefined ? '?' : x.met ? 'yes' : '**NO**']),
  };
}

export function modeLegend(): string {
  return Object.values(MODE_LABEL).join('; ');
}
