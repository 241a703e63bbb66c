// Turns what a child reported, what the sampler saw and what the receiver got
// into the numbers of one (mode, K) row.
import type { ModeName } from './mode.js';
import type { SinkTally } from './otlp-receiver.js';
import type { Sample, Sampler } from './proc-sampler.js';
import type { ChildDone, MemoryProbe, Segment } from './protocol.js';
import { max, quantile } from './stats.js';

/** Everything known about one mode's child after the run. */
export interface ModeRun {
  mode: ModeName;
  pid: number;
  startupMs: number;
  segments: Segment[];
  /** Per phase: memory probes after the pass's settle period (at rest first, then with K parked). */
  memory: Map<number, MemoryProbe[]>;
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
  /** After the settle period and full collections in every isolate, no workflow running. */
  rest?: MemoryProbe;
  /** The same with K research workflows parked mid-run, once per memory probe. */
  parked: MemoryProbe[];
  /** Throughput, CPU and foreign load of each round of the pass, in round order. */
  rounds: RoundResult[];
  /** Child CPU time (all threads) per completed workflow. */
  cpuMsPerWf: number;
  /** The same split by thread group (main, workflow, other node threads, Temporal core's…), ms per workflow. */
  cpuByThread: Record<string, number>;
  /** Cores kept busy by processes other than ours (children, dev server, orchestrator): noise. */
  foreignCores: number;
  /** Cores used by the orchestrator (offline model, OTLP receiver decoding every request, sampling). */
  orchestratorCores: number;
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

/** One round of one mode: the unit the per-round ratios against (a) pair up. */
export interface RoundResult {
  round: number;
  wfPerS: number;
  cpuMsPerWf: number;
  foreignCores: number;
}

/** Change of `pick` across [from, to], from the first and last samples inside. */
function delta(samples: Sample[], from: number, to: number, pick: (s: Sample) => number | undefined): number {
  const inside = samples.filter((s) => s.at >= from && s.at <= to && pick(s) !== undefined);
  if (inside.length < 2) return 0;
  return pick(inside[inside.length - 1])! - pick(inside[0])!;
}

function perWorkflow(segments: Segment[], workflows: number): Record<string, number> {
  const total: Record<string, number> = {};
  for (const seg of segments)
    for (const [group, ms] of Object.entries(seg.threadCpuMs ?? {})) total[group] = (total[group] ?? 0) + ms;
  for (const group of Object.keys(total)) total[group] /= Math.max(1, workflows);
  return total;
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
  // Where the spans carry no workflow id for the receiver to match, the child says which trace is whose.
  const reportedTraces = new Map(run.done.workflowTraces ?? []);

  return phases.map((phase) => {
    const segments = run.segments.filter((s) => s.phase === phase);
    const records = segments.flatMap((s) => s.records);
    const ok = records.filter((r) => r.ok);
    const loadMs = segments.reduce((sum, s) => sum + (s.end - s.start), 0);
    const sum = (segs: Segment[], pick: (s: Sample) => number | undefined) =>
      segs.reduce((total, seg) => total + delta(sampler.samples, seg.start, seg.end, pick), 0);
    /** CPU of the child, and cores used by others than our processes, over `segs`. */
    const cpu = (segs: Segment[]) => {
      const ours =
        all.reduce((t, r) => t + sum(segs, (s) => s.procs[r.pid]?.cpuMs), 0) +
        sum(segs, (s) => s.serverCpuMs) +
        sum(segs, (s) => s.selfCpuMs);
      const ms = segs.reduce((t, seg) => t + (seg.end - seg.start), 0);
      return {
        childMs: sum(segs, (s) => s.procs[run.pid]?.cpuMs),
        foreignCores: (sum(segs, (s) => s.machineBusyMs) - ours) / ms,
        orchestratorCores: sum(segs, (s) => s.selfCpuMs) / ms,
      };
    };
    const rss = segments
      .flatMap((seg) => sampler.between(seg.start, seg.end))
      .map((s) => s.procs[run.pid]?.rssMb)
      .filter((v): v is number => v !== undefined);
    const whole = cpu(segments);
    const rounds = segments.map((seg): RoundResult => {
      const done = seg.records.filter((r) => r.ok).length;
      const c = cpu([seg]);
      return {
        round: seg.round,
        wfPerS: done / ((seg.end - seg.start) / 1000),
        cpuMsPerWf: c.childMs / Math.max(1, done),
        foreignCores: c.foreignCores,
      };
    });
    const [rest, ...parked] = run.memory.get(phase) ?? [];
    const settleEnd = settleEnds.get(phase) ?? Infinity;

    const exportLatencies: number[] = [];
    let tracesMissing = 0;
    let lateTraces = 0;
    for (const r of ok) {
      const traceId = run.tally.traceOfWorkflow.get(r.workflowId) ?? reportedTraces.get(r.workflowId);
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
      rest,
      parked,
      rounds,
      cpuMsPerWf: whole.childMs / Math.max(1, ok.length),
      cpuByThread: perWorkflow(segments, ok.length),
      foreignCores: whole.foreignCores,
      orchestratorCores: whole.orchestratorCores,
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
