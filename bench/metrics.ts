// Turns what a child reported, what the sampler saw and what the receiver got
// into the numbers of one (mode, K) row.
import type { ModeName } from './mode.js';
import type { SinkTally } from './otlp-receiver.js';
import type { Sample, Sampler } from './proc-sampler.js';
import type { AfterGc, ChildDone, Segment } from './protocol.js';
import { max, quantile } from './stats.js';

/** Everything known about one mode's child after the run. */
export interface ModeRun {
  mode: ModeName;
  pid: number;
  startupMs: number;
  segments: Segment[];
  /** Per phase: after forced collections at the end of the pass's settle period. */
  afterGc: Map<number, Partial<AfterGc>>;
  done: ChildDone;
  lifetimePeakMb?: number;
  unregisteredSinkLines: number;
  tally: SinkTally;
}

/** The measured numbers of one mode at one concurrency. */
export interface PassResult {
  mode: ModeName;
  k: number;
  workflows: number;
  ok: number;
  failed: number;
  firstError?: string;
  /** Time this mode was running load in this pass (its segments added up). */
  durationS: number;
  wfPerS: number;
  /** Spans produced by this pass's workflows per second of load. */
  spansPerS: number;
  spansPerWf: number;
  latencyP50Ms: number;
  latencyP95Ms: number;
  /** Median, min and max of the child's RSS sampled while it ran load in this pass. */
  rssSteadyMb: number;
  rssMinMb: number;
  rssPeakMb: number;
  /** RSS at the end of the settle period after the pass (no load). */
  rssAfterMb: number;
  /** After the settle period, after forced full collections in both isolates: process RSS and main-thread heap. */
  rssAfterGcMb: number;
  heapAfterGcMb: number;
  /** Child CPU time (all threads) per completed workflow. */
  cpuMsPerWf: number;
  /** Cores kept busy by processes other than ours (children, dev server, orchestrator): noise. */
  foreignCores: number;
  /** Completion (client saw the result) → last span of the trace at the receiver. */
  exportP50Ms: number;
  exportP95Ms: number;
  exportMaxMs: number;
  /** Completed workflows none of whose spans reached the receiver. */
  tracesMissing: number;
  /** Traces whose last span arrived only after the settle period (with the shutdown flush). */
  lateTraces: number;
  produced?: number;
  received: number;
  lost?: number;
  /** Spans received for these traces beyond what the process counted (should be 0). */
  unexpected?: number;
}

/** Change of `pick` across [from, to], from the first and last samples inside. */
function delta(samples: Sample[], from: number, to: number, pick: (s: Sample) => number | undefined): number {
  const inside = samples.filter((s) => s.at >= from && s.at <= to && pick(s) !== undefined);
  if (inside.length < 2) return 0;
  return pick(inside[inside.length - 1])! - pick(inside[0])!;
}

/** One row per measured phase of one mode. */
export function passResults(
  run: ModeRun,
  all: ModeRun[],
  sampler: Sampler,
  settleEnds: Map<number, number>,
): PassResult[] {
  const producedByPhase = new Map<number, [string, number][]>();
  for (const [traceId, spans, phase] of run.done.produced?.perTrace ?? []) {
    producedByPhase.set(phase, [...(producedByPhase.get(phase) ?? []), [traceId, spans]]);
  }
  const phases = [...new Set(run.segments.map((s) => s.phase))].filter((p) => p > 0).sort((a, b) => a - b);

  return phases.map((phase) => {
    const segments = run.segments.filter((s) => s.phase === phase);
    const records = segments.flatMap((s) => s.records);
    const ok = records.filter((r) => r.ok);
    const loadMs = segments.reduce((sum, s) => sum + (s.end - s.start), 0);
    const sum = (pick: (s: Sample) => number | undefined) =>
      segments.reduce((total, seg) => total + delta(sampler.samples, seg.start, seg.end, pick), 0);
    const rss = segments
      .flatMap((seg) => sampler.between(seg.start, seg.end))
      .map((s) => s.procs[run.pid]?.rssMb)
      .filter((v): v is number => v !== undefined);
    const childCpu = sum((s) => s.procs[run.pid]?.cpuMs);
    const ours =
      all.reduce((t, r) => t + sum((s) => s.procs[r.pid]?.cpuMs), 0) +
      sum((s) => s.serverCpuMs) +
      sum((s) => s.selfCpuMs);
    const settleEnd = settleEnds.get(phase) ?? Infinity;

    const exportLatencies: number[] = [];
    let tracesMissing = 0;
    let lateTraces = 0;
    for (const r of ok) {
      const traceId = run.tally.traceOfWorkflow.get(r.workflowId);
      const last = traceId === undefined ? undefined : run.tally.lastArrival.get(traceId);
      if (last === undefined) {
        if (run.mode !== 'a') tracesMissing++;
        continue;
      }
      exportLatencies.push(last - r.completedAt);
      if (last > settleEnd) lateTraces++;
    }

    const traces = producedByPhase.get(phase);
    let produced: number | undefined;
    let lost: number | undefined;
    let unexpected: number | undefined;
    let received = 0;
    if (traces) {
      produced = lost = unexpected = 0;
      for (const [traceId, spans] of traces) {
        const got = run.tally.perTrace.get(traceId) ?? 0;
        produced += spans;
        received += got;
        lost += Math.max(0, spans - got);
        unexpected += Math.max(0, got - spans);
      }
    } else if (run.mode !== 'a') produced = lost = unexpected = 0;
    const latencies = ok.map((r) => r.latencyMs);
    return {
      mode: run.mode,
      k: segments[0].k,
      workflows: records.length,
      ok: ok.length,
      failed: records.length - ok.length,
      firstError: records.find((r) => !r.ok)?.error,
      durationS: loadMs / 1000,
      wfPerS: ok.length / (loadMs / 1000),
      spansPerS: (produced ?? 0) / (loadMs / 1000),
      spansPerWf: (produced ?? 0) / Math.max(1, ok.length),
      latencyP50Ms: quantile(latencies, 0.5),
      latencyP95Ms: quantile(latencies, 0.95),
      rssSteadyMb: quantile(rss, 0.5),
      rssMinMb: -max(rss.map((v) => -v)),
      rssPeakMb: max(rss),
      rssAfterMb: sampler.at(settleEnd)?.procs[run.pid]?.rssMb ?? NaN,
      rssAfterGcMb: run.afterGc.get(phase)?.rssMb ?? NaN,
      heapAfterGcMb: run.afterGc.get(phase)?.heapUsedMb ?? NaN,
      cpuMsPerWf: childCpu / Math.max(1, ok.length),
      foreignCores: (sum((s) => s.machineBusyMs) - ours) / loadMs,
      exportP50Ms: quantile(exportLatencies, 0.5),
      exportP95Ms: quantile(exportLatencies, 0.95),
      exportMaxMs: max(exportLatencies),
      tracesMissing,
      lateTraces,
      produced,
      received,
      lost,
      unexpected,
    };
  });
}

/** Whole-process delivery of one child (warm-up included): produced, received, lost, duplicates. */
export interface ChildTotals {
  mode: ModeName;
  startupMs: number;
  lifetimePeakMb?: number;
  produced?: number;
  received: number;
  lost?: number;
  duplicates: number;
  decodeErrors: number;
  requests: number;
  /** OTLP request bytes received per span. */
  bytesPerSpan: number;
  unregisteredSinkLines: number;
  exportStats: Record<string, number>;
  spansByKind: Record<string, number>;
}

export function childTotals(run: ModeRun): ChildTotals {
  const produced = run.done.produced?.total;
  const t = run.tally;
  return {
    mode: run.mode,
    startupMs: run.startupMs,
    lifetimePeakMb: run.lifetimePeakMb,
    produced,
    received: t.spans,
    lost: produced === undefined ? undefined : produced - t.spans,
    duplicates: t.duplicates,
    decodeErrors: t.decodeErrors,
    requests: t.requests,
    bytesPerSpan: t.bytes / Math.max(1, t.spans),
    unregisteredSinkLines: run.unregisteredSinkLines,
    exportStats: run.done.exportStats,
    spansByKind: Object.fromEntries(t.byKind),
  };
}
