// The plugin's historyTimings (TEMPORAL_HISTORY_TIMINGS): a live RunWorkflow
// span carries the queue times of its run, read from the run's history by the
// worker that closes it, equal to the millisecond to what the closed run's
// history says, on a real dev server.
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { knownQueueTotalMs } from '../../src/history/queue-waits.js';
import { readRunHistory } from '../../src/history/read-events.js';
import { useResearchSuite } from '../support/research-suite.js';
import { runTraceInMemory } from '../support/research.js';

const saved = process.env.TEMPORAL_HISTORY_TIMINGS;
// The plugin reads it when the suite's worker is made.
beforeAll(() => {
  process.env.TEMPORAL_HISTORY_TIMINGS = 'true';
});
const suite = useResearchSuite('timings');
afterAll(() => {
  if (saved === undefined) delete process.env.TEMPORAL_HISTORY_TIMINGS;
  else process.env.TEMPORAL_HISTORY_TIMINGS = saved;
});

describe('history timings on live RunWorkflow spans', () => {
  it('carry the workflow tasks’ queue wait and the run’s queue total, as the closed run’s history has them', async () => {
    const { h, taskQueue } = suite;
    const workflowIds = [0, 1, 2].map((i) => `timings-${taskQueue}-${i}`);
    // Three at once, so workflow tasks and activities do wait in the queues.
    await Promise.all(
      workflowIds.map((workflowId, i) =>
        h.client.workflow.execute('ResearchWorkflow', {
          taskQueue,
          workflowId,
          args: [{ query: `Where does a durable agent's time go? (${i})` }],
        }),
      ),
    );
    for (const workflowId of workflowIds) {
      const { spans } = await runTraceInMemory(h, workflowId);
      const root = spans.find((s) => s.name === 'RunWorkflow:ResearchWorkflow')!;
      const history = readRunHistory(await h.client.workflow.getHandle(workflowId).fetchHistory(), 'default');
      // Seventeen activities and about ten workflow tasks: some of that wait is above a millisecond.
      expect(knownQueueTotalMs(history)).toBeGreaterThan(0);
      expect(root.attributes['temporal.workflow_task.queue_wait_ms']).toBe(history.workflowTaskQueueMs);
      expect(root.attributes['temporal.time.queue_ms']).toBe(knownQueueTotalMs(history));
      // The span is held for the read, not lost or sent twice.
      expect(spans.filter((s) => s.name === 'RunWorkflow:ResearchWorkflow')).toHaveLength(1);
    }
  });
});
