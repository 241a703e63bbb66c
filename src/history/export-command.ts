// `temporal-agents-otel export`: rebuild traces from Temporal history and send
// them where setupTelemetry() sends live traces (the OTEL_* and ingest
// variables; the console trace tree when none is set).
import { Client, Connection } from '@temporalio/client';
import { ConfigError } from '../config/errors.js';
import { loadTemporalConfig } from '../config/temporal-config.js';
import { setupTelemetry } from '../telemetry/setup.js';
import { loadActivityMap } from './activity-map.js';
import { formatSummary, type ExportSummary } from './export-summary.js';
import { HistoryExporter, type TracedRunPolicy } from './history-exporter.js';

/** Usage of the export command. */
export const EXPORT_USAGE = `usage: temporal-agents-otel export (--workflow-id ID [--run-id ID] | --query VISIBILITY_QUERY)
       [--traced-runs join|skip] [--no-payloads] [--codec-endpoint URL] [--codec-auth VALUE]
       [--activity-map FILE] [--concurrency N]
  --workflow-id    one workflow (its latest run unless --run-id), children included
  --query          every run a Temporal visibility query matches, e.g. "WorkflowType='ResearchWorkflow'"
  --traced-runs    a run a traced client started: join its trace (default) or skip it; runs a
                   worker traced live are always skipped
  --no-payloads    timing and structure only: no inputs, outputs, messages or token counts
  --codec-endpoint codec server for encrypted payloads (or TEMPORAL_CODEC_ENDPOINT); --codec-auth
                   (or TEMPORAL_CODEC_AUTH) is sent as its Authorization header
  --activity-map   JSON file naming other model and tool activities (or TEMPORAL_AGENTS_OTEL_ACTIVITY_MAP)
  --concurrency    runs read at once (default 8)
Temporal connection: TEMPORAL_ADDRESS, TEMPORAL_NAMESPACE, TEMPORAL_API_KEY, TEMPORAL_TLS*, TEMPORAL_PROFILE.`;

/** Parsed `export` arguments. */
export interface ExportArgs {
  workflowId?: string;
  runId?: string;
  query?: string;
  tracedRuns: TracedRunPolicy;
  payloads: boolean;
  codecEndpoint?: string;
  codecAuth?: string;
  activityMap?: string;
  concurrency: number;
}

/** Parses the arguments after `export`; a wrong one is a one-line ConfigError. */
export function parseExportArgs(argv: string[], env: NodeJS.ProcessEnv = process.env): ExportArgs {
  const args: ExportArgs = {
    tracedRuns: 'join',
    payloads: true,
    codecEndpoint: env.TEMPORAL_CODEC_ENDPOINT || undefined,
    codecAuth: env.TEMPORAL_CODEC_AUTH || undefined,
    activityMap: env.TEMPORAL_AGENTS_OTEL_ACTIVITY_MAP || undefined,
    concurrency: 8,
  };
  for (let i = 0; i < argv.length; i++) {
    const flag = argv[i];
    const value = () => {
      const v = argv[++i];
      if (v === undefined || v.startsWith('--')) throw new ConfigError(flag, 'needs a value');
      return v;
    };
    switch (flag) {
      case '--workflow-id':
        args.workflowId = value();
        break;
      case '--run-id':
        args.runId = value();
        break;
      case '--query':
        args.query = value();
        break;
      case '--traced-runs': {
        const v = value();
        if (v !== 'join' && v !== 'skip') throw new ConfigError(flag, 'expected join or skip');
        args.tracedRuns = v;
        break;
      }
      case '--no-payloads':
        args.payloads = false;
        break;
      case '--codec-endpoint':
        args.codecEndpoint = value();
        break;
      case '--codec-auth':
        args.codecAuth = value();
        break;
      case '--activity-map':
        args.activityMap = value();
        break;
      case '--concurrency': {
        const n = Number(value());
        if (!Number.isInteger(n) || n < 1 || n > 256)
          throw new ConfigError(flag, 'expected a whole number from 1 to 256');
        args.concurrency = n;
        break;
      }
      default:
        throw new ConfigError(flag, 'unknown option (see temporal-agents-otel export --help)');
    }
  }
  if (!args.workflowId === !args.query)
    throw new ConfigError('export', 'give either --workflow-id or --query');
  if (args.runId && !args.workflowId) throw new ConfigError('--run-id', 'needs --workflow-id');
  if (args.codecEndpoint && !/^https?:\/\/[^/]+/.test(args.codecEndpoint))
    throw new ConfigError('--codec-endpoint', 'expected an http(s) URL');
  return args;
}

/** Runs the export; resolves to the summary. Progress goes to stderr, the summary to stdout. */
export async function runExport(argv: string[]): Promise<ExportSummary> {
  const args = parseExportArgs(argv);
  const activityMap = args.activityMap ? loadActivityMap(args.activityMap) : undefined;
  const temporal = loadTemporalConfig();
  const telemetry = setupTelemetry({ instrumentOpenAI: false });
  const address = temporal.address ?? 'localhost:7233';
  let connection: Connection;
  try {
    connection = await Connection.connect({ ...temporal.connection, address, connectTimeout: '10s' });
  } catch (err) {
    throw new ConfigError(
      'TEMPORAL_ADDRESS',
      `cannot connect to Temporal at ${address}: ${(err as Error).message.split('\n')[0]}`,
    );
  }
  const exporter = new HistoryExporter({
    client: new Client({ connection, namespace: temporal.namespace }),
    tracedRuns: args.tracedRuns,
    payloads: {
      read: args.payloads,
      codec: args.codecEndpoint ? { endpoint: args.codecEndpoint, authorization: args.codecAuth } : undefined,
    },
    activityMap,
    concurrency: args.concurrency,
  });
  const progress = progressReporter();
  try {
    const summary = args.query
      ? await exporter.exportQuery(args.query, progress)
      : await exporter.exportRun({ workflowId: args.workflowId!, runId: args.runId });
    progress.done();
    await telemetry.shutdown();
    process.stdout.write(formatSummary(summary) + '\n');
    return summary;
  } finally {
    await connection.close();
  }
}

/** A progress line on stderr: redrawn in place on a terminal, every 5 s otherwise. */
function progressReporter() {
  const tty = process.stderr.isTTY;
  let last = 0;
  const report = (s: ExportSummary, total: number | undefined) => {
    const done = s.exported + s.failed.length + Object.values(s.skipped).reduce((a, b) => a + b, 0);
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
