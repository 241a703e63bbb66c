// The research worker: usable on its own (`tsx examples/research/worker.ts`)
// or created in-process by the demo and the tests.
import { fileURLToPath } from 'node:url';
import { type NativeConnection, Worker } from '@temporalio/worker';
import type OpenAI from 'openai';
import { AgentTracingPlugin, runOrExit } from '../../src/index.js';
import { createResearchActivities } from './activities.js';
import { runStandaloneWorker } from './standalone-worker.js';

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

const main = () =>
  runStandaloneWorker({
    defaultTaskQueue: DEFAULT_TASK_QUEUE,
    serviceName: 'research-worker',
    create: createResearchWorker,
  });

if (process.argv[1] && fileURLToPath(import.meta.url) === process.argv[1]) void runOrExit(main);
