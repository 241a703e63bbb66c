import type { Logger, Worker, WorkerOptions } from '@temporalio/worker';
import { afterAll, beforeAll } from 'vitest';
import { createHarness, type Harness, uniqueQueue } from './harness.js';

/** What a fixture test file shares: the harness and one running worker on its own task queue. */
export interface FixtureSuite {
  h: Harness;
  taskQueue: string;
}

/** What the suite's worker runs. */
type SuiteWorker = Pick<WorkerOptions, 'nexusServices'> & { workflowsPath: string; activities: object };

/**
 * Registers the hooks of a test file whose workflows run on one worker in
 * this process: harness (telemetry `env`, Temporal `logger`), worker running
 * in the background, both closed at the end. Read the fields inside tests.
 */
export function useFixtureSuite(
  prefix: string,
  /** The worker's workflows and activities (and Nexus services), or a function giving them when the suite starts. */
  worker: SuiteWorker | (() => SuiteWorker),
  options: { env?: Record<string, string>; logger?: Logger } = {},
): FixtureSuite {
  const suite = { taskQueue: uniqueQueue(prefix) } as FixtureSuite;
  let running: { worker: Worker; done: Promise<void> } | undefined;
  beforeAll(async () => {
    suite.h = await createHarness(options.env, { logger: options.logger });
    const w = await suite.h.worker({
      taskQueue: suite.taskQueue,
      ...(typeof worker === 'function' ? worker() : worker),
    });
    running = { worker: w, done: w.run() };
  });
  afterAll(async () => {
    running?.worker.shutdown();
    await running?.done;
    await suite.h?.close();
  });
  return suite;
}
