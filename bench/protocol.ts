// Messages between the orchestrator (orchestrate.ts) and a mode's child
// process (child.ts). The child starts its worker and client, then runs what
// it is told, one command at a time, so the orchestrator can interleave the
// modes in time.
import type { WorkflowRecord } from './load.js';
import type { ModeName } from './mode.js';

/** What a child is (passed as JSON in BENCH_CHILD_CONFIG). */
export interface ChildConfig {
  mode: ModeName;
  /** Prebuilt workflow bundle of this mode (bundles.ts). */
  bundlePath: string;
  address: string;
  namespace: string;
  /** Distinct per mode. */
  taskQueue: string;
  /** Offline model base URL (ends in /v1). */
  modelUrl: string;
  /** OTLP traces URL of this mode's receiver sink. */
  tracesUrl: string;
  noopAgentSink: boolean;
}

/** Phase 0 is the warm-up; measured pass i is phase i + 1. Traces are tagged with it. */
export const WARMUP_PHASE = 0;

/** Orchestrator → child. */
export type Command =
  | { type: 'run'; phase: number; k: number; count: number; idPrefix: string }
  | { type: 'gc' }
  | { type: 'stop' };

/** One stretch of load run by one child. */
export interface Segment {
  phase: number;
  k: number;
  records: WorkflowRecord[];
  /** Wall clock, ms. */
  start: number;
  end: number;
}

/** Main-thread heap and process RSS after forced full collections in both isolates. */
export interface AfterGc {
  heapUsedMb: number;
  rssMb: number;
}

export interface ChildDone {
  type: 'done';
  /** Spans produced per trace: [trace id, spans, phase]. Undefined without telemetry. */
  produced?: { total: number; perTrace: [string, number, number][] };
  exportStats: Record<string, number>;
}

/** Child → orchestrator. */
export type Reply =
  | { type: 'ready'; startupMs: number }
  | ({ type: 'ran' } & Segment)
  | ({ type: 'gc' } & Partial<AfterGc>)
  | ChildDone
  | { type: 'error'; message: string };
