// The research worker: usable on its own (`tsx examples/research/worker.ts`)
// or created in-process by the demo and the tests.
import { fileURLToPath } from 'node:url';
import { NativeConnection, Worker } from '@temporalio/worker';
import OpenAI from 'openai';
import {
  AgentTracingPlugin,
  ConfigError,
  loadTemporalConfig,
  runOrExit,
  setupTelemetry,
} from '../../src/index.js';
import { createResearchActivities } from './activities.js';
import { connectTemporal } from './connection.js';

export const RESEARCH_WORKFLOWS_PATH = fileURLToPath(new URL('./workflow.ts', import.meta.url));
export const DEFAULT_TASK_QUEUE = 'research';

/** Creates a worker for the research pipeline on `connection`. */
export async function createResearchWorker(options: {
  connection: NativeConnection;
  namespace?: string;
  taskQueue: string;
  openai: OpenAI;
  maxCachedWorkflows?: number;
  /** Models the agents use, checked at start (see createModelActivities). */
  models?: readonly string[];
}): Promise<Worker> {
  return Worker.create({
    connection: options.connection,
    namespace: options.namespace,
    taskQueue: options.taskQueue,
    workflowsPath: RESEARCH_WORKFLOWS_PATH,
    activities: createResearchActivities({ openai: options.openai, models: options.models }),
    plugins: [new AgentTracingPlugin()],
    maxCachedWorkflows: options.maxCachedWorkflows,
  });
}

async function main(): Promise<void> {
  const temporal = loadTemporalConfig(process.env, { taskQueue: DEFAULT_TASK_QUEUE });
  if (!temporal.address)
    throw new ConfigError('TEMPORAL_ADDRESS', 'is required to run a standalone worker (host:port)');
  const telemetry = setupTelemetry({ serviceName: 'research-worker' });
  const { nativeConnection: connection, connection: clientConnection } = await connectTemporal({
    ...temporal,
    address: temporal.address,
  });
  await clientConnection.close();
  const worker = await createResearchWorker({
    connection,
    namespace: temporal.namespace,
    taskQueue: temporal.taskQueue,
    openai: new OpenAI({
      apiKey: process.env.OPENAI_API_KEY ?? 'offline',
      baseURL: process.env.OPENAI_BASE_URL,
    }),
  });
  process.stdout.write(`worker ready on task queue ${temporal.taskQueue}\n`);
  await worker.run();
  await connection.close();
  await telemetry.shutdown();
}

if (process.argv[1] && fileURLToPath(import.meta.url) === process.argv[1]) void runOrExit(main);
