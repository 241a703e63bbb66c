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

/**
 * The research workflow's modules that keep no state of a run (its agents'
 * definitions and output schemas, the pipeline, the query and update
 * definitions): Temporal evaluates them once per worker and shares them
 * between runs (`preloadModules`) instead of once per run, which halves the
 * heap a parked run holds (docs/performance.md). Shared modules are
 * deep-frozen and evaluated before any workflow runs, so they must not keep
 * per-run state nor call workflow APIs at module level.
 */
export const RESEARCH_SHARED_MODULES = ['./agents.ts', './pipeline.ts', './shared.ts'].map((m) =>
  fileURLToPath(new URL(m, import.meta.url)),
);

/** Creates a worker for the research pipeline on `connection`. */
export async function createResearchWorker(options: {
  connection: NativeConnection;
  namespace?: string;
  taskQueue: string;
  openai: OpenAI;
  maxCachedWorkflows?: number;
  /** Models the agents use, checked at start (see createModelActivities). */
  models?: readonly string[];
  /** The plugin's `historyTimings` (default: TEMPORAL_HISTORY_TIMINGS). */
  historyTimings?: boolean;
}): Promise<Worker> {
  return Worker.create({
    connection: options.connection,
    namespace: options.namespace,
    taskQueue: options.taskQueue,
    workflowsPath: RESEARCH_WORKFLOWS_PATH,
    bundlerOptions: { preloadModules: RESEARCH_SHARED_MODULES },
    activities: createResearchActivities({ openai: options.openai, models: options.models }),
    plugins: [new AgentTracingPlugin({ historyTimings: options.historyTimings })],
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
