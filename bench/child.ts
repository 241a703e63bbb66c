// One mode in its own process (tracer providers and the OpenAI
// instrumentation are process-global): sets the mode up, starts a research
// worker and a client in this process, then runs the load the orchestrator
// asks for, one command at a time, and finally flushes and reports what it
// produced.
import { Client, Connection } from '@temporalio/client';
import { NativeConnection, Worker } from '@temporalio/worker';
import OpenAI from 'openai';
import { createResearchActivities } from '../examples/research/activities.js';
import { runLoad } from './load.js';
import { setupMode } from './mode.js';
import { measureAfterGc, measureParked, workflowThreadTid } from './memory-probe.js';
import type { ChildConfig, Command, MemoryProbe, Reply } from './protocol.js';

function send(message: Reply): void {
  process.send?.(message);
}

async function main(): Promise<void> {
  const config = JSON.parse(process.env.BENCH_CHILD_CONFIG ?? '') as ChildConfig;
  const t0 = performance.now();
  const mode = await setupMode(config.mode, {
    tracesUrl: config.tracesUrl,
    serviceName: `bench-${config.mode}`,
    noopAgentSink: config.noopAgentSink,
  });
  const nativeConnection = await NativeConnection.connect({ address: config.address });
  const worker = await Worker.create({
    connection: nativeConnection,
    namespace: config.namespace,
    taskQueue: config.taskQueue,
    workflowBundle: { codePath: config.bundlePath },
    activities: createResearchActivities({
      openai: new OpenAI({ apiKey: 'offline', baseURL: config.modelUrl }),
    }),
    ...mode.worker,
  });
  const running = worker.run();
  const connection = await Connection.connect({ address: config.address });
  const client = new Client({ connection, namespace: config.namespace, ...mode.client });

  /** A memory probe; workflows it parks are tagged with phase -1, so no pass counts their spans. */
  const probeMemory = async (park: number, idPrefix: string): Promise<MemoryProbe> => {
    const phase = mode.counter?.phase;
    if (mode.counter) mode.counter.phase = -1;
    try {
      return park > 0
        ? await measureParked({ client, taskQueue: config.taskQueue, idPrefix, count: park })
        : await measureAfterGc(0);
    } finally {
      if (mode.counter && phase !== undefined) mode.counter.phase = phase;
    }
  };

  const handle = async (cmd: Command): Promise<boolean> => {
    if (cmd.type === 'run') {
      if (mode.counter) mode.counter.phase = cmd.phase;
      const start = Date.now();
      const records = await runLoad({
        client,
        taskQueue: config.taskQueue,
        idPrefix: cmd.idPrefix,
        count: cmd.count,
        concurrency: cmd.k,
      });
      send({ type: 'ran', phase: cmd.phase, round: cmd.round, k: cmd.k, records, start, end: Date.now() });
      return true;
    }
    if (cmd.type === 'memory') {
      send({ type: 'memory', ...(await probeMemory(cmd.park, cmd.idPrefix)) });
      return true;
    }
    worker.shutdown();
    await running;
    await mode.shutdown();
    await connection.close();
    await nativeConnection.close();
    const counter = mode.counter;
    send({
      type: 'done',
      produced: counter && {
        total: counter.total,
        perTrace: [...counter.perTrace].map(([id, c]) => [id, c.spans, c.phase]),
      },
      exportStats: mode.exportStats(),
    });
    return false;
  };

  // Commands run one after the other, in the order they came.
  let queue = Promise.resolve(true);
  await new Promise<void>((resolve, reject) => {
    process.on('message', (cmd: Command) => {
      queue = queue.then((more) => (more ? handle(cmd) : false));
      queue.then((more) => !more && resolve(), reject);
    });
    const startupMs = performance.now() - t0;
    workflowThreadTid().then(
      (workflowTid) => send({ type: 'ready', startupMs, workflowTid }),
      () => send({ type: 'ready', startupMs }),
    );
  });
}

main().then(
  () => process.disconnect?.(),
  (err: unknown) => {
    send({ type: 'error', message: err instanceof Error ? (err.stack ?? err.message) : String(err) });
    process.exitCode = 1;
    process.disconnect?.();
  },
);
