// What each benchmark mode contributes to the worker and the client, and the
// names of the modes. A mode's module is imported only in its own child
// process, so mode (a) never loads the tracing code of (b) or (c). Mode (p),
// the Python peer stack, is a Python process of its own (bench/python/).
import type { ClientOptions } from '@temporalio/client';
import type { WorkerOptions } from '@temporalio/worker';
import type { SpanCounter } from './counting-processor.js';

/** The setups compared. */
export const MODES = ['a', 'b', 'c', 'p'] as const;
export type ModeName = (typeof MODES)[number];

/** The mode that runs in Python (bench/python/peer_worker.py), not in a Node child. */
export const PEER_MODE = 'p';

export const MODE_LABEL: Record<ModeName, string> = {
  a: '(a) no telemetry',
  b: '(b) stock interceptors + OpenInference',
  c: '(c) setupTelemetry + AgentTracingPlugin',
  p: '(p) Python peer: temporalio + OpenAIAgentsPlugin + OpenInference',
};

/** Everything a child needs to build its mode. */
export interface ModeContext {
  /** OTLP/HTTP traces URL of this run's sink at the orchestrator's receiver. */
  tracesUrl: string;
  serviceName: string;
  /** Give modes without our plugin a no-op `agentTracing` sink (see docs/performance.md). */
  noopAgentSink: boolean;
}

/** A mode, set up in this process. */
export interface Mode {
  worker: Pick<WorkerOptions, 'plugins' | 'interceptors' | 'sinks'>;
  client: Pick<ClientOptions, 'plugins'>;
  /** Spans this process produced, per trace (undefined without telemetry). */
  counter?: SpanCounter;
  /** Exporter-side counters, for the report. */
  exportStats(): Record<string, number>;
  /** Flushes and stops telemetry (a no-op without). */
  shutdown(): Promise<void>;
}

/** Loads and sets up one mode. */
export async function setupMode(name: ModeName, ctx: ModeContext): Promise<Mode> {
  switch (name) {
    case 'a':
      return (await import('./mode-plain.js')).setupPlain(ctx);
    case 'b':
      return (await import('./mode-stock.js')).setupStock(ctx);
    case 'c':
      return (await import('./mode-project.js')).setupProject(ctx);
    case 'p':
      throw new Error('mode p is the Python peer (bench/python/peer_worker.py), not a Node child');
  }
}
