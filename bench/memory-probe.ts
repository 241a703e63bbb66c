// Memory a worker retains, measured in its own process: full collections in
// every V8 isolate (the main thread's, and Temporal's workflow thread through
// thread-heap-probe.cjs), then RSS and heap in use. Optionally with research
// workflows parked mid-run (waiting at the plan review), so what tracing keeps
// per in-flight workflow is inside the number, and garbage is not.
import { BroadcastChannel } from 'node:worker_threads';
import { setTimeout as sleep } from 'node:timers/promises';
import { getHeapStatistics } from 'node:v8';
import type { Client, WorkflowHandle } from '@temporalio/client';
import { progressQuery, reviewPlanUpdate } from '../examples/research/shared.js';
import type { MemoryProbe } from './protocol.js';

const FIRST_WINDOW_MS = 2_000;
const THREAD_TIMEOUT_MS = 60_000;
const PARK_TIMEOUT_MS = 5 * 60_000;
const MB = 1024 * 1024;

let probes = 0;
/** Threads that answered the first probe (taken at rest); later probes wait for as many. */
let expectedThreads: number | undefined;

interface ThreadHeap {
  tid: number;
  usedBytes: number;
  physicalBytes: number;
  externalBytes: number;
}

/**
 * The OS thread id of Temporal's workflow thread: of this process's worker
 * threads, the one with the largest heap (the others are tsx's loader, a few MB).
 */
export async function workflowThreadTid(): Promise<number | undefined> {
  const heaps = await askThreads('identify', FIRST_WINDOW_MS);
  // Later probes wait for this many threads (a busy thread answers late, not never).
  if (heaps.length) expectedThreads = heaps.length;
  return heaps.sort((x, y) => y.usedBytes - x.usedBytes)[0]?.tid;
}

/** Asks every worker thread for its heap (after GC for 'measure'); waits `window` or for the expected count. */
async function askThreads(type: 'measure' | 'identify', window: number): Promise<ThreadHeap[]> {
  const channel = new BroadcastChannel('bench-thread-heap');
  const id = ++probes;
  const heaps = new Map<number, ThreadHeap>();
  let enough: () => void = () => {};
  const answered = new Promise<void>((resolve) => (enough = resolve));
  channel.onmessage = (event) => {
    const data = (event as MessageEvent).data as {
      type?: string;
      id?: number;
      threadId: number;
    } & ThreadHeap;
    if (data.type !== 'heap' || data.id !== id) return;
    heaps.set(data.threadId, data);
    if (expectedThreads !== undefined && heaps.size >= expectedThreads) enough();
  };
  channel.postMessage({ type, id });
  // Unref'd: a timer left over after early answers must not keep the process alive.
  await Promise.race([answered, sleep(window, undefined, { ref: false })]);
  channel.close();
  return [...heaps.values()];
}

/** Collects garbage in every worker thread of this process and reads their heaps. */
async function workerThreadHeaps(): Promise<ThreadHeap[]> {
  // A thread busy with an activation, or collecting a large heap, answers late: wait for all
  // the threads seen before; the first ask only has the window to find out how many there are.
  const window = expectedThreads === undefined ? FIRST_WINDOW_MS : THREAD_TIMEOUT_MS;
  const heaps = await askThreads('measure', window);
  expectedThreads ??= heaps.length;
  if (heaps.length === 0 || heaps.length < expectedThreads)
    throw new Error(
      `memory probe: ${heaps.length} of ${expectedThreads || 'any'} worker threads answered within ${window} ms ` +
        '(is bench/thread-heap-probe.cjs preloaded?)',
    );
  return heaps;
}

/** Collects garbage everywhere, then reads RSS and heaps. */
export async function measureAfterGc(parked: number): Promise<MemoryProbe> {
  const gc = (globalThis as { gc?: () => void }).gc;
  if (!gc) throw new Error('memory probe: run the child with --expose-gc');
  const threads = await workerThreadHeaps();
  gc();
  gc();
  await sleep(200);
  const main = getHeapStatistics();
  const sum = (pick: (t: ThreadHeap) => number) => threads.reduce((s, t) => s + pick(t), 0) / MB;
  return {
    parked,
    rssMb: process.memoryUsage().rss / MB,
    mainHeapMb: main.used_heap_size / MB,
    threadsHeapMb: sum((t) => t.usedBytes),
    threads: threads.length,
    heapResidentMb: main.total_physical_size / MB + sum((t) => t.physicalBytes),
    mainResidentMb: main.total_physical_size / MB,
    externalMb: main.external_memory / MB + sum((t) => t.externalBytes),
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
  // One query at a time, oldest first: by the time the first is parked most others are too, so
  // this costs about one query per workflow (polling all of them at once swamps the dev server).
  const deadline = Date.now() + PARK_TIMEOUT_MS;
  for (const handle of handles) {
    for (;;) {
      const { stage } = await handle.query(progressQuery);
      if (stage === 'awaiting_review') break;
      if (stage === 'done' || stage === 'rejected')
        throw new Error(`memory probe: ${handle.workflowId} ended (${stage}) without waiting for review`);
      if (Date.now() > deadline)
        throw new Error(`memory probe: ${handle.workflowId} never reached the review`);
      await sleep(250);
    }
  }
  const probe = await measureAfterGc(opts.count);
  await Promise.all(handles.map((h) => h.executeUpdate(reviewPlanUpdate, { args: [{ action: 'approve' }] })));
  await Promise.all(handles.map((h) => h.result()));
  return probe;
}
