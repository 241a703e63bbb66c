// `temporal-agents-otel export` and `export-worker`: rebuild traces from
// Temporal history and send them where setupTelemetry() sends live traces (the
// OTEL_* and ingest variables; the console trace tree when none is set).
import type { Client } from '@temporalio/client';
import { NativeConnection } from '@temporalio/worker';
import { HISTORY_EXPORT_PROGRESS_QUERY, type HistoryExportProgress } from '../common/history-export-wire.js';
import { connectClientFromEnv } from '../client/connect-from-env.js';
import { ConfigError } from '../config/errors.js';
import { setupTelemetry } from '../telemetry/setup.js';
import { loadActivityMap } from './activity-map.js';
import { undelivered } from './delivery.js';
import { type ExportArgs, parseExportArgs } from './export-args.js';
import { emptySummary, type ExportSummary, formatSummary, skippedCount } from './export-summary.js';
import { createHistoryExportWorker, startContinuousExport } from './export-worker.js';
import { HistoryExporter, type HistoryExporterOptions } from './history-exporter.js';

export { EXPORT_USAGE } from './export-args.js';

/** The exporter options the arguments describe, with a client connected to Temporal. */
async function connect(args: ExportArgs) {
  const activityMap = args.activityMap ? loadActivityMap(args.activityMap, args.activityMapFrom) : undefined;
  const { client, connection, temporal } = await connectClientFromEnv();
  const options: HistoryExporterOptions = {
    client,
    tracedRuns: args.tracedRuns,
    unsampledRuns: args.unsampledRuns,
    workerTracedRuns: args.workerTracedRuns,
    payloads: {
      read: args.payloads,
      codec: args.codecEndpoint ? { endpoint: args.codecEndpoint, authorization: args.codecAuth } : undefined,
    },
    activityMap,
    concurrency: args.concurrency,
  };
  return { connection, options, temporal };
}

/** `export-worker`: runs the continuous exporter's worker until SIGINT or SIGTERM. */
export async function runExportWorker(argv: string[]): Promise<void> {
  const args = parseExportArgs(argv, process.env, 'export-worker');
  const { connection, options, temporal } = await connect(args);
  const telemetry = setupTelemetry({ instrumentOpenAI: false });
  const nativeConnection = await NativeConnection.connect({
    ...temporal.connection,
    address: temporal.address,
  });
  try {
    const worker = await createHistoryExportWorker({
      ...options,
      connection: nativeConnection,
      taskQueue: args.taskQueue,
    });
    process.stderr.write(`history export worker on task queue ${worker.options.taskQueue}\n`);
    await worker.run();
  } finally {
    await telemetry.shutdown();
    await nativeConnection.close();
    await connection.close();
  }
}

/** What `export` did: its summary, and a line per destination that did not get every span. */
export interface ExportOutcome {
  summary: ExportSummary;
  undelivered: string[];
}

/** `export`: one run, a query's runs, or (`--follow`) the continuous exporter started. */
export async function runExport(argv: string[]): Promise<ExportOutcome> {
  const args = parseExportArgs(argv);
  const { connection, options } = await connect(args);
  if (args.follow) {
    try {
      // A query Temporal cannot run would fail the exporter's activities forever: try it once here.
      await options.client.workflow.count(args.query!).catch((err) => {
        throw refusedQuery(err);
      });
      const { workflowId, started } = await startContinuousExport(
        options.client,
        { query: args.query!, intervalSeconds: args.intervalSeconds },
        args.taskQueue,
      );
      process.stdout.write(
        `${started ? 'started' : 'already running'}: continuous export ${workflowId}; ` +
          'run `temporal-agents-otel export-worker` to process it\n',
      );
      if (!started) process.stdout.write(`${await progressLine(options.client, workflowId)}\n`);
      return { summary: emptySummary(), undelivered: [] };
    } finally {
      await connection.close();
    }
  }
  const telemetry = setupTelemetry({ instrumentOpenAI: false });
  const exporter = new HistoryExporter(options);
  const progress = progressReporter();
  // The first Ctrl-C (or SIGTERM) stops a query's export after the runs in flight, which are
  // delivered and summed up; a second one ends the process at once (setupTelemetry's hook).
  const stop = new AbortController();
  const onSignal = () => stop.abort();
  process.once('SIGINT', onSignal).once('SIGTERM', onSignal);
  try {
    const summary = args.query
      ? await exporter.exportQuery(args.query, progress, stop.signal).catch((err) => {
          throw refusedQuery(err);
        })
      : await exporter.exportRun({ workflowId: args.workflowId!, runId: args.runId });
    progress.done();
    // Shutting down waits for the backends (up to the flush timeout): what is
    // left after it was not delivered, and the command says so.
    await telemetry.shutdown();
    const lost = undelivered(telemetry.exportStats());
    process.stdout.write(formatSummary(summary) + '\n');
    for (const line of lost) process.stderr.write(`not delivered: ${line}\n`);
    return { summary, undelivered: lost };
  } finally {
    process.off('SIGINT', onSignal).off('SIGTERM', onSignal);
    await connection.close();
  }
}

/** How far a running continuous export got, from its progress query; a worker must answer it. */
async function progressLine(client: Client, workflowId: string): Promise<string> {
  // A deadline, not a race: the query's own retries must stop before the connection closes.
  const progress = await client
    .withDeadline(Date.now() + 5_000, () =>
      client.workflow.getHandle(workflowId).query<HistoryExportProgress>(HISTORY_EXPORT_PROGRESS_QUERY),
    )
    .catch(() => undefined);
  if (!progress) return 'progress: no export-worker answered within 5 s (none is running on its task queue?)';
  return (
    `progress: runs closed before ${progress.exportedBefore} are done: ${progress.exported} exported ` +
    `(${progress.spans} spans), ${progress.skipped} skipped, ${progress.failed} failed`
  );
}

/** gRPC's status for a request the server will not run as given. */
const INVALID_ARGUMENT = 3;

/** Temporal's refusal of a visibility query as a one-line error naming --query; other errors as they are. */
function refusedQuery(err: unknown): unknown {
  const cause = (err as { cause?: { code?: unknown; details?: unknown } } | undefined)?.cause;
  if (cause?.code !== INVALID_ARGUMENT) return err;
  return new ConfigError('--query', `Temporal cannot run it: ${String(cause.details).split('\n')[0]}`);
}

/** A progress line on stderr: redrawn in place on a terminal, every 5 s otherwise. */
function progressReporter() {
  const tty = process.stderr.isTTY;
  let last = 0;
  const report = (s: ExportSummary, total: number | undefined) => {
    const done = s.exported + s.failed.length + skippedCount(s);
    const now = Date.now();
    if (!tty && now - last < 5000 && done !== total) return;
    last = now;
    const width = 30;
    const filled = total ? Math.min(width, Math.round((done / total) * width)) : 0;
    const bar = total ? `[${'#'.repeat(filled)}${'-'.repeat(width - filled)}] ` : '';
    const line = `${bar}${done}${total ? `/${total}` : ''} runs, ${s.spans} spans, ${s.failed.length} failed`;
    process.stderr.write(tty ? `\r${line}` : `${line}\n`);
  };
  return Object.assign(report, { done: () => tty && process.stderr.write('\n') });
}
