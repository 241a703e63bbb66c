// Tables of results (console and markdown) and the targets verdicts.
import type { ChildTotals, PassResult } from './metrics.js';
import { MODE_LABEL } from './mode.js';
import { fmt } from './stats.js';

type Table = { header: string[]; rows: string[][] };

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

function baseline(rows: PassResult[], r: PassResult): PassResult | undefined {
  return rows.find((b) => b.mode === 'a' && b.k === r.k);
}

function ratio(v: number, b: number | undefined): string {
  return b === undefined || r0(b) ? '–' : (v / b).toFixed(2);
}
function r0(b: number): boolean {
  return !Number.isFinite(b) || b === 0;
}

function diff(rows: PassResult[], r: PassResult, pick: (x: PassResult) => number, digits = 0): string {
  const a = baseline(rows, r);
  return !a || r.mode === 'a' ? '–' : fmt(pick(r) - pick(a), digits);
}

/** Throughput, latency and CPU per (mode, K), with ratios against (a). */
export function performanceTable(rows: PassResult[]): Table {
  return {
    header: [
      'mode',
      'K',
      'wf',
      'wf/s',
      'vs a',
      'spans/s',
      'p50 ms',
      'p95 ms',
      'CPU ms/wf',
      'vs a',
      'other cores',
    ],
    rows: rows.map((r) => {
      const a = baseline(rows, r);
      return [
        r.mode,
        String(r.k),
        r.failed ? `${r.ok}+${r.failed}✗` : String(r.ok),
        fmt(r.wfPerS, 2),
        ratio(r.wfPerS, a?.wfPerS),
        fmt(r.spansPerS, 0),
        fmt(r.latencyP50Ms, 0),
        fmt(r.latencyP95Ms, 0),
        fmt(r.cpuMsPerWf, 0),
        ratio(r.cpuMsPerWf, a?.cpuMsPerWf),
        fmt(r.foreignCores, 2),
      ];
    }),
  };
}

/** Worker process memory per (mode, K), with differences against (a). */
export function memoryTable(rows: PassResult[]): Table {
  return {
    header: [
      'mode',
      'K',
      'RSS MB',
      'Δ a',
      'min–peak MB',
      'at rest after GC',
      'Δ a',
      'main heap after GC',
      'Δ a',
    ],
    rows: rows.map((r) => [
      r.mode,
      String(r.k),
      fmt(r.rssSteadyMb, 0),
      diff(rows, r, (x) => x.rssSteadyMb),
      `${fmt(r.rssMinMb, 0)}–${fmt(r.rssPeakMb, 0)}`,
      fmt(r.rssAfterGcMb, 0),
      diff(rows, r, (x) => x.rssAfterGcMb),
      fmt(r.heapAfterGcMb, 1),
      diff(rows, r, (x) => x.heapAfterGcMb, 1),
    ]),
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

/** The targets, judged on the (c) rows against (a). */
export function verdicts(rows: PassResult[]): Verdict[] {
  const out: Verdict[] = [];
  for (const c of rows.filter((r) => r.mode === 'c')) {
    const a = baseline(rows, c);
    if (a) {
      const t = c.wfPerS / a.wfPerS;
      out.push({ target: `K=${c.k}: (c)/(a) throughput ≥ 0.95`, measured: t.toFixed(2), met: t >= 0.95 });
      const d = c.rssSteadyMb - a.rssSteadyMb;
      out.push({
        target: `K=${c.k}: RSS overhead of (c) over (a) < 30 MB, under load (median)`,
        measured: `${d.toFixed(0)} MB (peak: ${(c.rssPeakMb - a.rssPeakMb).toFixed(0)} MB)`,
        met: d < 30,
      });
      const rest = c.rssAfterGcMb - a.rssAfterGcMb;
      out.push({
        target: `K=${c.k}: RSS overhead of (c) over (a) < 30 MB, at rest after GC`,
        measured: `${rest.toFixed(0)} MB`,
        met: Number.isFinite(rest) ? rest < 30 : undefined,
      });
    }
    if (c.k >= 100) {
      const lost = (c.lost ?? NaN) + c.tracesMissing;
      out.push({
        target: `K=${c.k}: no span lost`,
        measured: `${c.lost ?? '?'} lost of ${c.produced ?? '?'}, ${c.tracesMissing} traces missing`,
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
