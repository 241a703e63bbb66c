// The service's worker: the generic agent workflow and the research workflow.
// Usable on its own (`tsx examples/service/worker.ts`) or created in-process.
import { fileURLToPath } from 'node:url';
import { type NativeConnection, Worker } from '@temporalio/worker';
import type OpenAI from 'openai';
import { AgentTracingPlugin, runOrExit } from '../../src/index.js';
import { runStandaloneWorker } from '../research/standalone-worker.js';
import { RESEARCH_SHARED_MODULES } from '../research/worker.js';
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
    // The research agent's pipeline is shared between runs, as on the research worker.
    bundlerOptions: { preloadModules: RESEARCH_SHARED_MODULES },
    activities: createServiceActivities({ openai: options.openai }),
    plugins: [new AgentTracingPlugin()],
  });
}

const main = () =>
  runStandaloneWorker({
    defaultTaskQueue: SERVICE_TASK_QUEUE,
    serviceName: 'agent-worker',
    create: createServiceWorker,
  });

if (process.argv[1] && fileURLToPath(import.meta.url) === process.argv[1]) void runOrExit(main);
