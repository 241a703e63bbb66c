// Preloaded into every thread of a benchmark child (`node --require`, which
// Node also runs in worker threads). On request over a BroadcastChannel, a
// worker thread collects garbage in its own isolate and reports its V8 heap
// in use. This is how the child measures Temporal's workflow thread, whose
// heap the main thread cannot read on Node 20 (Worker#getHeapStatistics came
// in Node 22). It also tells the thread's OS id, so the orchestrator can
// attribute CPU time from /proc to Temporal's workflow thread. With
// BENCH_HEAP_SNAPSHOTS=<dir>, the workflow thread also writes a heap snapshot
// after each collection, for bench/heap-diff.ts (what a parked run holds).
'use strict';
/* global require */
/* eslint-disable @typescript-eslint/no-require-imports -- a CommonJS preload, for any Node 20 */
const { isMainThread, threadId, BroadcastChannel } = require('node:worker_threads');
const { getHeapStatistics, writeHeapSnapshot } = require('node:v8');
const { readlinkSync } = require('node:fs');

if (!isMainThread) {
  const channel = new BroadcastChannel('bench-thread-heap');
  channel.unref(); // never keeps a thread alive
  channel.onmessage = ({ data }) => {
    // Other threads' replies arrive here too; answer requests only.
    if (data?.type !== 'measure' && data?.type !== 'identify') return;
    if (data.type === 'measure') {
      globalThis.gc?.();
      globalThis.gc?.();
      // The workflow thread is the one with a large heap (tsx's loader thread has a few MB).
      const dir = process.env.BENCH_HEAP_SNAPSHOTS;
      if (dir && getHeapStatistics().used_heap_size > 50e6)
        writeHeapSnapshot(`${dir}/workflow-${process.pid}-${data.id}.heapsnapshot`);
    }
    const heap = getHeapStatistics();
    channel.postMessage({
      type: 'heap',
      id: data.id,
      threadId,
      // "<pid>/task/<tid>"
      tid: Number(readlinkSync('/proc/thread-self').split('/').pop()),
      usedBytes: heap.used_heap_size,
      physicalBytes: heap.total_physical_size,
      externalBytes: heap.external_memory,
    });
  };
}
