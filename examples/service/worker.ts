// The service's worker: the generic agent workflow and the research workflow.
// Usable on its own (`tsx examples/service/worker.ts`) or created in-process.
import { fileURLToPath } from 'node:url';
import { type NativeConnection, Worker } from '@temporalio/worker';
import OpenAI from 'openai';
import {
  AgentTracingPlugin,
  ConfigError,
  loadTemporalConfig,
  runOrExit,
  setupTelemetry,
} from '../../src/index.js';
import { connectTemporal } from '../research/connection.js';
import { createServiceActivities } from './activities.js';

export const SERVICE_WORKFLOWS_PATH = fileURLToPath(new URL('./workflows.ts', import.meta.url));
export const SERVICE_TASK_QUEUE = 'agents';

/** Creates a worker running the registered agents on `connection`. */
export function createServiceWorker(options: {
  connection: NativeConnection;
  namespace?: string;
  taskQueue?: string;
  openai: OpenAI;
}): Promise<Worker> {
  return Worker.create({
    connection: options.connection,
    namespace: options.namespace,
    taskQueue: options.taskQueue ?? SERVICE_TASK_QUEUE,
    workflowsPath: SERVICE_WORKFLOWS_PATH,
    activities: createServiceActivities({ openai: options.openai }),
    plugins: [new AgentTracingPlugin()],
  });
}

async function main(): Promise<void> {
  const temporal = loadTemporalConfig(process.env, { taskQueue: SERVICE_TASK_QUEUE });
  if (!temporal.address)
    throw new ConfigError('TEMPORAL_ADDRESS', 'is required to run a standalone worker (host:port)');
  const telemetry = setupTelemetry({ serviceName: 'agent-worker' });
  const { nativeConnection, connection } = await connectTemporal({ ...temporal, address: temporal.address });
  await connection.close();
  const worker = await createServiceWorker({
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

if (process.argv[1] && fileURLToPath(import.meta.url) === process.argv[1]) void runOrExit(main);
