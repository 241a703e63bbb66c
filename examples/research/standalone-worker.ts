// A worker as its own process (`tsx examples/research/worker.ts`,
// `tsx examples/service/worker.ts`): configuration from the environment,
// telemetry, a ready line for whoever waits on it, a clean stop.
import { type NativeConnection, type Worker } from '@temporalio/worker';
import OpenAI from 'openai';
import { ConfigError, loadTemporalConfig, setupTelemetry } from '../../src/index.js';
import { connectTemporal } from './connection.js';

/** Runs the worker `create` makes until it is shut down. */
export async function runStandaloneWorker(options: {
  defaultTaskQueue: string;
  serviceName: string;
  create: (o: {
    connection: NativeConnection;
    namespace?: string;
    taskQueue: string;
    openai: OpenAI;
  }) => Promise<Worker>;
}): Promise<void> {
  const temporal = loadTemporalConfig(process.env, { taskQueue: options.defaultTaskQueue });
  if (!temporal.address)
    throw new ConfigError('TEMPORAL_ADDRESS', 'is required to run a standalone worker (host:port)');
  const telemetry = setupTelemetry({ serviceName: options.serviceName });
  const { nativeConnection, connection } = await connectTemporal({ ...temporal, address: temporal.address });
  await connection.close();
  const worker = await options.create({
    connection: nativeConnection,
    namespace: temporal.namespace,
    taskQueue: temporal.taskQueue,
    openai: new OpenAI({
      apiKey: process.env.OPENAI_API_KEY ?? 'offline',
      baseURL: process.env.OPENAI_BASE_URL,
    }),
  });
  process.stdout.write(`worker ready on task queue ${temporal.taskQueue}\n`);
  await worker.run();
  await nativeConnection.close();
  await telemetry.shutdown();
}
