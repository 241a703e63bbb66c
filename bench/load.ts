// The load: `count` research workflows with `concurrency` of them in flight
// at all times (a closed loop), each timed from the start call to its result.
import type { Client } from '@temporalio/client';

/** One finished workflow. */
export interface WorkflowRecord {
  workflowId: string;
  /** Start call → result, ms. */
  latencyMs: number;
  /** Wall clock (ms since epoch) when the result arrived. */
  completedAt: number;
  ok: boolean;
  error?: string;
}

/** Queries cycled through by every mode, so each mode runs the same work. */
const QUERIES = [
  'How do durable execution engines recover from worker crashes?',
  'What drives the cost of large language model inference?',
  'Compare tracing backends for LLM observability.',
  'How does OpenTelemetry propagate context across processes?',
  'What are the trade-offs of batching span exports?',
];

export interface LoadOptions {
  client: Client;
  taskQueue: string;
  idPrefix: string;
  count: number;
  concurrency: number;
}

/** Runs the load and returns one record per workflow, in completion order. */
export async function runLoad(opts: LoadOptions): Promise<WorkflowRecord[]> {
  const records: WorkflowRecord[] = [];
  let next = 0;
  const lane = async (): Promise<void> => {
    while (next < opts.count) {
      const i = next++;
      const workflowId = `${opts.idPrefix}-${i}`;
      const t0 = performance.now();
      try {
        const handle = await opts.client.workflow.start('ResearchWorkflow', {
          taskQueue: opts.taskQueue,
          workflowId,
          args: [{ query: QUERIES[i % QUERIES.length] }],
        });
        await handle.result();
        records.push({ workflowId, latencyMs: performance.now() - t0, completedAt: Date.now(), ok: true });
      } catch (err) {
        records.push({
          workflowId,
          latencyMs: performance.now() - t0,
          completedAt: Date.now(),
          ok: false,
          error: String((err as Error)?.message ?? err).slice(0, 300),
        });
      }
    }
  };
  await Promise.all(Array.from({ length: Math.min(opts.concurrency, opts.count) }, lane));
  return records;
}
