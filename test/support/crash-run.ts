// One research run whose worker process is SIGKILLed mid-search and replaced,
// exporting over OTLP/JSON to a local receiver. Shared by the worker-crash tests.
import { Client, Connection, type WorkflowHandle } from '@temporalio/client';
import { bundleWorkflowCode, DefaultLogger, Runtime, Worker } from '@temporalio/worker';
import { inject } from 'vitest';
import { AgentTracingPlugin, setupTelemetry, type Telemetry } from '../../src/index.js';
import { type OfflineModelServer, startOfflineModel } from '../../offline-model/index.js';
import { type SerializedSpan, TRACING_SINK } from '../../src/common/sink.js';
import { progressQuery, type ResearchProgress, type ResearchReport } from '../../examples/research/shared.js';
import { uniqueQueue } from './harness.js';
import { type OtlpReceiver, type ReceivedSpan, startOtlpReceiver } from '../../devtools/otlp-receiver.js';
import { until } from './poll.js';
import { activitiesOf, type ActivityRecord, serviceOf } from './received-trace.js';
import { researchWorkflowsPath } from './research.js';
import { spawnResearchWorker, type WorkerProcess } from './worker-process.js';

/** The first two search calls get this extra delay: they are still in flight when the worker dies. */
export const SLOW_CALLS = 2;
const SLOW_MS = 10_000;
const MODEL_LATENCY_MS = 300;

export interface CrashRig {
  receiver: OtlpReceiver;
  model: OfflineModelServer;
  telemetry: Telemetry;
  client: Client;
  /** Worker processes started so far; killed on close. */
  workers: WorkerProcess[];
  close(): Promise<void>;
}

/** Receiver, offline model (300 ms per call) and a traced client exporting to the receiver. */
export async function startCrashRig(): Promise<CrashRig> {
  Runtime.install({ logger: new DefaultLogger('WARN') }); // the oracle replay's worker logs at INFO otherwise
  const receiver = await startOtlpReceiver();
  const model = await startOfflineModel({ latencyMs: MODEL_LATENCY_MS });
  const telemetry = setupTelemetry({
    env: {
      OTEL_EXPORTER_OTLP_ENDPOINT: receiver.url,
      OTEL_EXPORTER_OTLP_PROTOCOL: 'http/json',
      OTEL_SERVICE_NAME: 'research-client',
    },
    handleSignals: false,
  });
  const connection = await Connection.connect({ address: inject('temporalAddress') });
  const client = new Client({ connection, plugins: [new AgentTracingPlugin()] });
  const workers: WorkerProcess[] = [];
  return {
    receiver,
    model,
    telemetry,
    client,
    workers,
    async close() {
      await Promise.all(workers.map((w) => w.stop('SIGKILL')));
      await connection.close();
      await telemetry.shutdown();
      await model.close();
      await receiver.close();
    },
  };
}

export interface CrashRun {
  workflowId: string;
  handle: WorkflowHandle;
  report: ResearchReport;
  /** Progress as the kill happened: `searchesPlanned - SLOW_CALLS` searches done. */
  atKill: ResearchProgress;
  killedAt: number;
  modelCallsAtKill: number;
  /** Model calls as Temporal recorded them, after the run. */
  calls: ActivityRecord[];
  /** Every span the receiver got, and those of the run's trace. */
  all: ReceivedSpan[];
  trace: ReceivedSpan[];
  /** Output of the two worker processes, for failure messages. */
  output(): string;
}

/**
 * Runs ResearchWorkflow on a child-process worker, slows two search calls,
 * waits until the other searches are done, then SIGKILLs the worker (after
 * their spans reached the receiver when `waitForExport`, else at once),
 * starts a second worker and waits for the result.
 */
export async function runWithWorkerCrash(
  rig: CrashRig,
  options: {
    waitForExport: boolean;
    /** Called once the first worker is dead, e.g. to start slow work during the retry wait. */
    onKilled?: () => void;
    /** Extra environment of the worker that gets killed (e.g. a long OTEL_BSP_SCHEDULE_DELAY). */
    firstWorkerEnv?: Record<string, string>;
  },
): Promise<CrashRun> {
  const { receiver, model, client, telemetry, workers } = rig;
  const taskQueue = uniqueQueue('crash');
  const workflowId = `research-${taskQueue}`;
  const workerEnv = (n: number) => ({
    TEMPORAL_ADDRESS: inject('temporalAddress'),
    TEMPORAL_TASK_QUEUE: taskQueue,
    OPENAI_BASE_URL: model.url,
    OPENAI_API_KEY: 'offline-test-key',
    OTEL_EXPORTER_OTLP_ENDPOINT: receiver.url,
    OTEL_EXPORTER_OTLP_PROTOCOL: 'http/json',
    OTEL_SERVICE_NAME: `research-worker-${n}`,
  });
  const first = spawnResearchWorker({ ...workerEnv(1), ...options.firstWorkerEnv });
  workers.push(first);
  await first.ready;

  const handle = await client.workflow.start('ResearchWorkflow', {
    taskQueue,
    workflowId,
    args: [{ query: 'How do durable AI agents survive crashes?' }],
  });
  const progress = () => handle.query(progressQuery).catch(() => undefined);
  // The search calls meet the fault plan only after the model's 300 ms latency, so this is in time.
  await until('searching stage', async () => (await progress())?.stage === 'searching', 30_000, 25);
  model.setFaults([{ kind: 'latency', ms: SLOW_MS, times: SLOW_CALLS, path: '/v1/responses' }]);
  const atKill = await until(
    'the fast searches to finish',
    async () => {
      const p = await progress();
      return p && p.searchesDone >= 1 && p.searchesDone === p.searchesPlanned - SLOW_CALLS ? p : undefined;
    },
    30_000,
    25,
  );
  if (options.waitForExport) {
    await receiver.waitFor(
      (spans) =>
        spans.filter(
          (s) => serviceOf(s) === 'research-worker-1' && s.attributes['agent.name'] === 'SearchAgent',
        ).length === atKill.searchesDone,
    );
    const now = await progress();
    if (now?.searchesDone !== atKill.searchesDone)
      throw new Error('a slow search finished before the kill; the scenario is void');
  }

  const how = await first.stop('SIGKILL');
  if (how !== 'SIGKILL') throw new Error(`worker 1 ended by ${how}, not by the kill:\n${first.output()}`);
  const killedAt = Date.now();
  const modelCallsAtKill = model.stats().byPath['/v1/responses'];
  options.onKilled?.();

  const second = spawnResearchWorker(workerEnv(2));
  workers.push(second);
  const report = (await Promise.race([
    handle.result(),
    second.exited.then((how) =>
      Promise.reject(new Error(`worker 2 exited (${how}) before the run finished:\n${second.output()}`)),
    ),
  ])) as ResearchReport;
  const stopped = await second.stop('SIGTERM'); // flushes its queue on the way out
  if (stopped === 'SIGKILL') throw new Error(`worker 2 did not stop cleanly:\n${second.output()}`);
  await telemetry.forceFlush();

  const all = receiver.spans();
  const start = all.find(
    (s) => s.name === 'StartWorkflow:ResearchWorkflow' && s.attributes['temporal.workflow.id'] === workflowId,
  );
  if (!start) throw new Error('no StartWorkflow span received');
  return {
    workflowId,
    handle,
    report,
    atKill,
    killedAt,
    modelCallsAtKill,
    calls: activitiesOf(await handle.fetchHistory(), 'invokeModel'),
    all,
    trace: all.filter((s) => s.traceId === start.traceId),
    output: () => `--- worker 1\n${first.output()}\n--- worker 2\n${second.output()}`,
  };
}

/** Builds the research workflow bundle with the tracing interceptors (slow: start it early). */
export function bundleResearchWorkflows() {
  return bundleWorkflowCode({
    workflowsPath: researchWorkflowsPath,
    plugins: [new AgentTracingPlugin()],
    logger: quietLogger,
  });
}

const quietLogger = { trace() {}, debug() {}, info() {}, warn() {}, error() {}, log() {} };

/**
 * Every workflow span the run's history makes, with its deterministic ids:
 * the history replayed with a sink that also records during replay.
 */
export async function workflowSpansOf(
  handle: WorkflowHandle,
  workflowBundle: { code: string },
): Promise<SerializedSpan[]> {
  const spans: SerializedSpan[] = [];
  await Worker.runReplayHistory(
    {
      workflowBundle,
      sinks: {
        [TRACING_SINK]: {
          exportSpans: {
            fn: (_info: unknown, batch: SerializedSpan[]) => void spans.push(...batch),
            callDuringReplay: true,
          },
        },
      },
    },
    await handle.fetchHistory(),
  );
  return spans;
}
