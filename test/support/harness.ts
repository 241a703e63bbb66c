import { InMemorySpanExporter, type ReadableSpan, SimpleSpanProcessor } from '@opentelemetry/sdk-trace-base';
import { Client, Connection } from '@temporalio/client';
import {
  DefaultLogger,
  type Logger,
  NativeConnection,
  Runtime,
  type RuntimeOptions,
  Worker,
  type WorkerOptions,
} from '@temporalio/worker';
import { inject } from 'vitest';
import { AgentTracingPlugin, setupTelemetry, type Telemetry } from '../../src/index.js';

/** Telemetry + Temporal connections for one test file, exporting to memory. */
export interface Harness {
  telemetry: Telemetry;
  memory: InMemorySpanExporter;
  plugin: AgentTracingPlugin;
  client: Client;
  nativeConnection: NativeConnection;
  address: string;
  /** Spans exported so far, after flushing every queue. */
  spans(): Promise<ReadableSpan[]>;
  worker(options: Omit<WorkerOptions, 'connection' | 'plugins'>): Promise<Worker>;
  close(): Promise<void>;
}

/**
 * Sets up telemetry (no external destination) and connects to the suite's
 * Temporal server. `logger` receives Temporal's worker, workflow and activity
 * logs (default: warnings and errors to the console); one per test file.
 */
export async function createHarness(
  env: Record<string, string> = {},
  options: {
    logger?: Logger;
    runtimeTelemetry?: RuntimeOptions['telemetryOptions'];
    /** False: leave the `openai` module alone (a worker traced by other means). */
    instrumentOpenAI?: boolean;
  } = {},
): Promise<Harness> {
  installTemporalLogger(options.logger, options.runtimeTelemetry);
  const memory = new InMemorySpanExporter();
  const telemetry = setupTelemetry({
    env: { OTEL_TRACES_EXPORTER: 'none', OTEL_SERVICE_NAME: 'test', ...env },
    spanProcessors: [new SimpleSpanProcessor(memory)],
    handleSignals: false,
    instrumentOpenAI: options.instrumentOpenAI,
  });
  const address = inject('temporalAddress');
  const plugin = new AgentTracingPlugin();
  const connection = await Connection.connect({ address });
  const client = new Client({ connection, plugins: [plugin] });
  const nativeConnection = await NativeConnection.connect({ address });
  return {
    telemetry,
    memory,
    plugin,
    client,
    nativeConnection,
    address,
    async spans() {
      await telemetry.forceFlush();
      return memory.getFinishedSpans();
    },
    worker: (options) => Worker.create({ ...options, connection: nativeConnection, plugins: [plugin] }),
    async close() {
      await connection.close();
      await nativeConnection.close();
      await telemetry.shutdown();
    },
  };
}

/** A task queue name unique to this test. */
export function uniqueQueue(prefix: string): string {
  return `${prefix}-${process.pid}-${Date.now().toString(36)}-${Math.floor(Math.random() * 1e6)}`;
}

let runtimeInstalled = false;
/** Worker lifecycle logs drown test output: by default only warnings and errors. */
function installTemporalLogger(
  logger: Logger = new DefaultLogger('WARN'),
  telemetryOptions?: RuntimeOptions['telemetryOptions'],
): void {
  if (runtimeInstalled) return;
  runtimeInstalled = true;
  Runtime.install({ logger, telemetryOptions });
}
