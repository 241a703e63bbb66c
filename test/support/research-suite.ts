import type { Worker } from '@temporalio/worker';
import { afterAll, afterEach, beforeAll } from 'vitest';
import {
  type OfflineModelOptions,
  type OfflineModelServer,
  startOfflineModel,
} from '../../offline-model/index.js';
import { RESEARCH_SHARED_MODULES } from '../../examples/research/worker.js';
import { createHarness, type Harness } from './harness.js';
import { offlineResearchActivities, researchWorkflowsPath, uniqueQueue } from './research.js';

/** What a research test file shares: the harness, the offline model, one running worker. */
export interface ResearchSuite {
  h: Harness;
  model: OfflineModelServer;
  taskQueue: string;
}

/** Options of {@link useResearchSuite}. */
export interface ResearchSuiteOptions {
  model?: OfflineModelOptions;
  /**
   * Telemetry environment for the harness, read when the suite starts, so it
   * may point at receivers that an earlier `beforeAll` of the file started.
   */
  env?: () => Record<string, string>;
  /** Another workflows module (default: the research workflow's). */
  workflowsPath?: string;
  /** Other activities, given the offline model's URL (default: the research activities). */
  activities?: (modelUrl: string) => object;
}

/**
 * Registers the hooks of a test file that runs many research workflows on one
 * worker (one workflow bundle): offline model, harness, worker running in the
 * background, faults cleared and held calls released after each test. Read the fields inside tests.
 */
export function useResearchSuite(prefix: string, options: ResearchSuiteOptions = {}): ResearchSuite {
  const suite = { taskQueue: uniqueQueue(prefix) } as ResearchSuite;
  let worker: Worker | undefined;
  let running: Promise<void> | undefined;
  beforeAll(async () => {
    suite.model = await startOfflineModel(options.model);
    suite.h = await createHarness(options.env?.());
    worker = await suite.h.worker({
      taskQueue: suite.taskQueue,
      workflowsPath: options.workflowsPath ?? researchWorkflowsPath,
      // The research modules shared between runs, as the research worker has them.
      bundlerOptions: options.workflowsPath ? undefined : { preloadModules: RESEARCH_SHARED_MODULES },
      activities: (options.activities ?? offlineResearchActivities)(suite.model.url),
    });
    running = worker.run();
  });
  afterEach(() => {
    suite.model?.setFaults([]);
    suite.model?.release();
  });
  afterAll(async () => {
    if (worker) {
      worker.shutdown();
      await running;
    }
    await suite.h?.close();
    await suite.model?.close();
  });
  return suite;
}
