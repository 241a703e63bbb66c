// Memory a worker retains, measured in its own process: full collections in
// every V8 isolate (the main thread's, and Temporal's workflow thread through
// thread-heap-probe.cjs), then RSS and heap in use. Optionally with research
// workflows parked mid-run (waiting at the plan review), so what tracing keeps
// per in-flight workflow is inside the number, and garbage is not.
import { BroadcastChannel } from 'node:worker_threads';
import { setTimeout as sleep } from 'node:timers/promises';
import type { Client, WorkflowHandle } from '@temporalio/client';
import { progressQuery, reviewPlanUpdate } from '../examples/research/shared.js';
import type { MemoryProbe } from './protocol.js';

const REPLY_WINDOW_MS = 1_000;
const PARK_TIMEOUT_MS = 5 * 60_000;
const MB = 1024 * 1024;

let probes = 0;

/** Heap in use after GC in every worker thread of this process, summed, MB. */
async function workerThreadsHeapMb(): Promise<{ mb: number; threads: number }> {
  const channel = new BroadcastChannel('bench-thread-heap');
  const id = ++probes;
  const used = new Map<number, number>();
  channel.onmessage = (event) => {
    const data = (event as MessageEvent).data as {
      type?: string;
      id?: number;
      threadId: number;
      usedBytes: number;
    };
    if (data.type === 'heap' && data.id === id) used.set(data.threadId, data.usedBytes);
  };
  channel.postMessage({ type: 'measure', id });
  // Threads answer within milliseconds; the window also covers one busy with an activation.
  await sleep(REPLY_WINDOW_MS);
  channel.close();
  return { mb: [...used.values()].reduce((s, b) => s + b, 0) / MB, threads: used.size };
}

/** Collects garbage everywhere, then reads RSS and heaps. */
export async function measureAfterGc(parked: number): Promise<MemoryProbe> {
  const gc = (globalThis as { gc?: () => void }).gc;
  if (!gc) throw new Error('memory probe: run the child with --expose-gc');
  const workers = await workerThreadsHeapMb();
  if (workers.threads === 0)
    throw new Error('memory probe: no worker thread answered (is bench/thread-heap-probe.cjs preloaded?)');
  gc();
  gc();
  await sleep(200);
  const m = process.memoryUsage();
  return {
    parked,
    rssMb: m.rss / MB,
    mainHeapMb: m.heapUsed / MB,
    threadsHeapMb: workers.mb,
    threads: workers.threads,
  };
}

export interface ParkOptions {
  client: Client;
  taskQueue: string;
  idPrefix: string;
  count: number;
}

/**
 * Starts `count` research workflows that stop at the plan review, measures
 * once all are parked there, then approves them and waits for their results.
 */
export async function measureParked(opts: ParkOptions): Promise<MemoryProbe> {
  const handles: WorkflowHandle[] = await Promise.all(
    Array.from({ length: opts.count }, (_, i) =>
      opts.client.workflow.start('ResearchWorkflow', {
        taskQueue: opts.taskQueue,
        workflowId: `${opts.idPrefix}-${i}`,
        args: [{ query: 'How do durable execution engines recover from worker crashes?', review: true }],
      }),
    ),
  );
  const deadline = Date.now() + PARK_TIMEOUT_MS;
  let waiting = handles;
  while (waiting.length) {
    if (Date.now() > deadline)
      throw new Error(`memory probe: ${waiting.length} workflows never reached review`);
    await sleep(250);
    const stages = await Promise.all(waiting.map((h) => h.query(progressQuery).then((p) => p.stage)));
    waiting = waiting.filter((_, i) => stages[i] !== 'awaiting_review');
  }
  const probe = await measureAfterGc(opts.count);
  await Promise.all(handles.map((h) => h.executeUpdate(reviewPlanUpdate, { args: [{ action: 'approve' }] })));
  await Promise.all(handles.map((h) => h.result()));
  return probe;
}
