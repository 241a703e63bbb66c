// `export --query … --threads N`: the main thread lists the runs and hands them
// out in batches; each worker thread has its own Temporal client and span
// pipeline, rebuilds and exports its batches, and reports their totals. Building
// and encoding spans is CPU work, so a backfill scales with the cores it gets.
import { pathToFileURL } from 'node:url';
import { Worker } from 'node:worker_threads';
import type { Client } from '@temporalio/client';
import type { RunToExport } from '../common/history-export-wire.js';
import { siblingModule } from '../worker/module-path.js';
import type { ExportArgs } from './export-args.js';
import { emptySummary, type ExportSummary, mergeSummary } from './export-summary.js';

/** Runs handed to a thread at once. */
const BATCH = 25;

/** What a thread is told and what it answers. */
export type ToThread = { runs: RunToExport[] } | { done: true };
export type FromThread = { summary: ExportSummary } | { closed: true } | { error: string };

/** Exports the query's runs in `args.threads` threads; resolves to the merged summary. */
export async function exportQueryInThreads(
  client: Client,
  args: ExportArgs,
  onProgress?: (summary: ExportSummary, total: number | undefined) => void,
): Promise<ExportSummary> {
  const query = args.query!;
  const summary = emptySummary();
  const total = await client.workflow
    .count(query)
    .then((c) => c.count)
    .catch(() => undefined);
  const entry = siblingModule('./export-thread.js', import.meta.url);
  const threads = Array.from({ length: args.threads }, () =>
    startThread(entry, args, summary, onProgress, total),
  );
  let next = 0;
  let batch: RunToExport[] = [];
  const send = async () => {
    // Round robin, each thread holding at most two batches, so none runs dry or piles up.
    const thread = threads[next++ % threads.length];
    await thread.room();
    thread.post({ runs: batch });
    batch = [];
  };
  for await (const info of client.workflow.list({ query })) {
    batch.push({ workflowId: info.workflowId, runId: info.runId });
    if (batch.length === BATCH) await send();
  }
  if (batch.length) await send();
  await Promise.all(threads.map((t) => t.close()));
  return summary;
}

function startThread(
  entry: string,
  args: ExportArgs,
  summary: ExportSummary,
  onProgress: ((s: ExportSummary, total: number | undefined) => void) | undefined,
  total: number | undefined,
) {
  const worker = new Worker(threadEntry(entry), { workerData: args });
  let outstanding = 0;
  let waiting: (() => void) | undefined;
  let failure: Error | undefined;
  const closed = new Promise<void>((resolve, reject) => {
    worker.on('message', (message: FromThread) => {
      if ('summary' in message) {
        mergeSummary(summary, message.summary);
        outstanding -= 1;
        waiting?.();
        onProgress?.(summary, total);
      } else if ('closed' in message) resolve();
      else failure = new Error(message.error);
    });
    worker.on('error', reject);
    worker.on('exit', (code) =>
      failure ? reject(failure) : code === 0 ? resolve() : reject(new Error(`export thread exited ${code}`)),
    );
  });
  closed.catch(() => waiting?.());
  return {
    post(message: ToThread) {
      if ('runs' in message) outstanding += 1;
      worker.postMessage(message);
    },
    async room() {
      while (outstanding >= 2 && !failure) await new Promise<void>((r) => (waiting = r));
      if (failure) throw failure;
    },
    async close() {
      worker.postMessage({ done: true } satisfies ToThread);
      await closed;
      await worker.terminate();
    },
  };
}

/**
 * The thread's entry. Run from source (tsx), the `.ts` entry needs tsx's
 * loader, which Node 20 does not carry into worker threads: a small ES module
 * registers it first.
 */
function threadEntry(entry: string): string | URL {
  if (!entry.endsWith('.ts')) return entry;
  const tsx = import.meta.resolve('tsx/esm/api');
  const code = `const { register } = await import(${JSON.stringify(tsx)}); register(); await import(${JSON.stringify(pathToFileURL(entry).href)});`;
  return new URL(`data:text/javascript,${encodeURIComponent(code)}`);
}
