// Messages between the orchestrator (orchestrate.ts) and a mode's child
// process (child.ts; for mode p bench/python/peer_worker.py, which gets the
// same messages as JSON lines on stdin/stdout). The child starts its worker
// and client, then runs what it is told, one command at a time, so the
// orchestrator can interleave the modes in time.
import type { WorkflowRecord } from './load.js';
import type { ModeName } from './mode.js';

/** What a child is (passed as JSON in BENCH_CHILD_CONFIG). */
export interface ChildConfig {
  mode: ModeName;
  /** Prebuilt workflow bundle of this mode (bundles.ts); '' for the Python peer. */
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
  /** The Python peer's search corpus with reference results (peer-corpus.ts). */
  searchCorpusPath?: string;
}

/** Phase 0 is the warm-up; measured pass i is phase i + 1. Traces are tagged with it. */
export const WARMUP_PHASE = 0;

/** Orchestrator → child. */
export type Command =
  | { type: 'run'; phase: number; round: number; k: number; count: number; idPrefix: string }
  | { type: 'memory'; park: number; idPrefix: string }
  | { type: 'stop' };

/** One stretch of load run by one child. */
export interface Segment {
  phase: number;
  /** Round within the pass (0-based); rounds of all modes with the same index ran back to back. */
  round: number;
  k: number;
  records: WorkflowRecord[];
  /** Wall clock, ms. */
  start: number;
  end: number;
  /** CPU time of the child's threads during the segment, ms, by group (see child-runner.ts). */
  threadCpuMs?: Record<string, number>;
}

/**
 * Memory after full collections in every isolate of the child (memory-probe.ts).
 * The V8 fields are absent for the Python peer (after its gc.collect(), RSS only).
 */
export interface MemoryProbe {
  /** Research workflows parked mid-run (at the plan review) while measuring; 0 = at rest. */
  parked: number;
  rssMb: number;
  /** V8 heap in use on the main thread (SDK, instrumentation, export queues, activities). */
  mainHeapMb?: number;
  /** V8 heap in use on the worker threads, summed (Temporal's workflow thread, tsx's loader). */
  threadsHeapMb?: number;
  threads?: number;
  /** V8 heap pages resident (used or not), all threads: RSS that is V8's after the collection. */
  heapResidentMb?: number;
  /** The main thread's part of heapResidentMb. */
  mainResidentMb?: number;
  /** Memory V8 knows is held outside its heap (Buffers, ArrayBuffers), all threads. */
  externalMb?: number;
  /**
   * The Python peer's parked probes: bytes Python's allocator holds for the
   * parked runs (tracemalloc from before they start, after a full collection).
   */
  heldMb?: number;
}

export interface ChildDone {
  type: 'done';
  /** Spans produced per trace: [trace id, spans, phase]. Undefined without telemetry. */
  produced?: { total: number; perTrace: [string, number, number][] };
  exportStats: Record<string, number>;
  /**
   * [workflow id, trace id] as the child saw them, for setups whose spans carry
   * no workflow id attribute for the receiver to match (the Python peer).
   */
  workflowTraces?: [string, string][];
}

/** Child → orchestrator. */
export type Reply =
  | { type: 'ready'; startupMs: number; workflowTid?: number; versions?: Record<string, string> }
  | ({ type: 'ran' } & Segment)
  | ({ type: 'memory' } & MemoryProbe)
  | ChildDone
  | { type: 'error'; message: string };
