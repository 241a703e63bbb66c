// The arguments of `temporal-agents-otel export` and `export-worker`.
import { ConfigError } from '../config/errors.js';
import type { TracedRunPolicy, UnsampledRunPolicy, WorkerTracedRunPolicy } from './run-placement.js';

/** Usage of the export command. */
export const EXPORT_USAGE = `usage: temporal-agents-otel export (--workflow-id ID [--run-id ID] | --query VISIBILITY_QUERY)
       [--traced-runs join|skip] [--unsampled-runs export|skip] [--worker-traced-runs skip|enrich]
       [--no-payloads]
       [--codec-endpoint URL] [--codec-auth VALUE]
       [--activity-map FILE] [--concurrency N]
       temporal-agents-otel export --follow --query VISIBILITY_QUERY [--interval S] [--task-queue Q]
       temporal-agents-otel export-worker [--task-queue Q] [the payload and map options above]
  --workflow-id    one workflow (its latest run unless --run-id), children included
  --query          every run a Temporal visibility query matches, e.g. "WorkflowType='ResearchWorkflow'"
  --follow         start (once) the continuous exporter: a Temporal workflow that exports runs as
                   they close; export-worker runs it (run one or more)
  --traced-runs    a run a traced client started: join its trace (default) or skip it
  --worker-traced-runs
                   a run its worker traced live: skip it (default), or, where the worker traced it
                   with Temporal's own OpenTelemetry interceptors (Temporal spans only), add the LLM
                   spans of its model calls to that trace; runs this plugin traced are always skipped
  --unsampled-runs a run whose client or worker had the plugin but did not record it (its sampler
                   dropped it, or telemetry was off): export it into the trace its trace context
                   names (default), or skip it, as sampling did
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
  unsampledRuns: UnsampledRunPolicy;
  workerTracedRuns: WorkerTracedRunPolicy;
  payloads: boolean;
  codecEndpoint?: string;
  codecAuth?: string;
  activityMap?: string;
  /** Where `activityMap` came from (the flag or its variable), for errors about the file. */
  activityMapFrom: string;
  concurrency: number;
  follow: boolean;
  intervalSeconds?: number;
  taskQueue?: string;
}

/** Parses the arguments after `export`; a wrong one is a one-line ConfigError. */
export function parseExportArgs(
  argv: string[],
  env: NodeJS.ProcessEnv = process.env,
  command: 'export' | 'export-worker' = 'export',
): ExportArgs {
  const args: ExportArgs = {
    tracedRuns: 'join',
    unsampledRuns: 'export',
    workerTracedRuns: 'skip',
    payloads: true,
    codecEndpoint: env.TEMPORAL_CODEC_ENDPOINT || undefined,
    codecAuth: env.TEMPORAL_CODEC_AUTH || undefined,
    activityMap: env.TEMPORAL_AGENTS_OTEL_ACTIVITY_MAP || undefined,
    activityMapFrom: 'TEMPORAL_AGENTS_OTEL_ACTIVITY_MAP',
    concurrency: 8,
    follow: false,
  };
  let codecFrom = 'TEMPORAL_CODEC_ENDPOINT';
  const given = new Set<string>();
  for (let i = 0; i < argv.length; i++) {
    const flag = argv[i];
    if (given.has(flag)) throw new ConfigError(flag, 'given twice');
    given.add(flag);
    const value = () => {
      const v = argv[++i];
      if (v === undefined || v.startsWith('--') || v.trim() === '')
        throw new ConfigError(flag, 'needs a value');
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
      case '--traced-runs':
        args.tracedRuns = oneOf(flag, value(), ['join', 'skip']);
        break;
      case '--unsampled-runs':
        args.unsampledRuns = oneOf(flag, value(), ['export', 'skip']);
        break;
      case '--worker-traced-runs':
        args.workerTracedRuns = oneOf(flag, value(), ['skip', 'enrich']);
        break;
      case '--no-payloads':
        args.payloads = false;
        break;
      case '--codec-endpoint':
        args.codecEndpoint = value();
        codecFrom = flag;
        break;
      case '--codec-auth':
        args.codecAuth = value();
        break;
      case '--activity-map':
        args.activityMap = value();
        args.activityMapFrom = flag;
        break;
      case '--concurrency': {
        const n = Number(value());
        if (!Number.isInteger(n) || n < 1 || n > 256)
          throw new ConfigError(flag, 'expected a whole number from 1 to 256');
        args.concurrency = n;
        break;
      }
      case '--follow':
        args.follow = true;
        break;
      case '--task-queue':
        args.taskQueue = value();
        break;
      case '--interval': {
        const n = Number(value());
        if (!Number.isInteger(n) || n < 1 || n > 86_400)
          throw new ConfigError(flag, 'expected whole seconds from 1 to 86400');
        args.intervalSeconds = n;
        break;
      }
      default:
        throw new ConfigError(flag, 'unknown option (see temporal-agents-otel export --help)');
    }
  }
  checkCombination(command, given, args);
  if (args.follow && !args.query) throw new ConfigError('--follow', 'needs --query');
  if (command === 'export' && !args.workflowId === !args.query)
    throw new ConfigError('export', 'give either --workflow-id or --query');
  if (given.has('--codec-auth') && !args.codecEndpoint)
    throw new ConfigError('--codec-auth', 'needs --codec-endpoint (or TEMPORAL_CODEC_ENDPOINT)');
  if (args.runId && !args.workflowId) throw new ConfigError('--run-id', 'needs --workflow-id');
  if (args.codecEndpoint && !/^https?:\/\/[^/]+/.test(args.codecEndpoint))
    throw new ConfigError(codecFrom, 'expected an http(s) URL');
  return args;
}

/** Options that say how runs are exported: with --follow, the export-worker's, not the command's. */
const HOW_TO_EXPORT = [
  '--traced-runs',
  '--unsampled-runs',
  '--worker-traced-runs',
  '--no-payloads',
  '--codec-endpoint',
  '--codec-auth',
  '--activity-map',
  '--concurrency',
];

/** Refuses options that the command would otherwise take and then ignore. */
function checkCombination(command: 'export' | 'export-worker', given: Set<string>, args: ExportArgs): void {
  const refuse = (flags: string[], why: string) => {
    const flag = flags.find((f) => given.has(f));
    if (flag) throw new ConfigError(flag, why);
  };
  if (command === 'export-worker')
    refuse(
      ['--workflow-id', '--run-id', '--query', '--follow', '--interval'],
      'is an option of export; export-worker takes --task-queue and the options of how runs are exported',
    );
  else if (args.follow)
    refuse(
      HOW_TO_EXPORT,
      'is an option of export-worker with --follow: the workers that run the continuous exporter decide how runs are exported',
    );
  else refuse(['--interval', '--task-queue'], 'only goes with --follow');
}

/** `value` when it is one of `choices`, else a one-line error naming the flag: `expected join or skip`. */
function oneOf<T extends string>(flag: string, value: string, choices: readonly T[]): T {
  if (!(choices as readonly string[]).includes(value))
    throw new ConfigError(flag, `expected ${choices.join(' or ')}`);
  return value as T;
}
