// `npm run demo [-- "query"] [-- --review]`: the research pipeline end to end
// on one machine. Starts what is not configured (a Temporal dev server, the
// offline model), runs worker and client in this process, shows progress,
// the report, and the run's trace.
import { userInfo } from 'node:os';
import { InMemorySpanExporter, SimpleSpanProcessor } from '@opentelemetry/sdk-trace-base';
import { Client } from '@temporalio/client';
import { DefaultLogger, Runtime } from '@temporalio/worker';
import OpenAI from 'openai';
import {
  AgentTracingPlugin,
  loadTemporalConfig,
  renderTraceTree,
  temporalRuntimeTelemetry,
  runOrExit,
  setupTelemetry,
  checkModelProviders,
  ConfigError,
} from '../../src/index.js';
import { type DemoArgs, offlineProviderEnv, parseDemoArgs } from './demo-args.js';
import { startDevServer, TRACE_ID_SEARCH_ATTRIBUTE } from '../../devtools/temporal-dev-server.js';
import { startOfflineModel } from '../../offline-model/index.js';
import { connectTemporal } from './connection.js';
import { printLinks, printReport, printTimeBreakdown } from './demo-output.js';
import { ProgressDisplay } from './progress-display.js';
import { askForDecision } from './review.js';
import {
  DEFAULT_RESEARCH_MODEL,
  planQuery,
  progressQuery,
  type ResearchReport,
  reviewPlanUpdate,
} from './shared.js';
import { createResearchWorker, DEFAULT_TASK_QUEUE } from './worker.js';

const DEFAULT_QUERY = 'How do teams keep AI agents running on Temporal observable and cost-efficient?';

async function main(): Promise<void> {
  let args: DemoArgs;
  try {
    args = parseDemoArgs(process.argv.slice(2));
  } catch (err) {
    throw new ConfigError('arguments', (err as Error).message);
  }
  const { review } = args;
  const query = args.query ?? DEFAULT_QUERY;
  const models = modelsOf(args);
  const say = (line: string) => process.stdout.write(line + '\n');

  // Worker lifecycle logs would tear through the progress line.
  // Temporal's SDK metrics go where ours do, when OTEL_METRICS_EXPORTER=otlp.
  Runtime.install({ logger: new DefaultLogger('WARN'), telemetryOptions: temporalRuntimeTelemetry() });
  // Configuration first: a wrong variable stops here with one line.
  const temporalConfig = loadTemporalConfig(process.env, { taskQueue: DEFAULT_TASK_QUEUE });
  const traceMemory = new InMemorySpanExporter();
  const telemetry = setupTelemetry({
    serviceName: 'research-demo',
    spanProcessors: [new SimpleSpanProcessor(traceMemory)],
    consoleTree: false, // the demo prints the tree itself, once
  });

  // With a key, every provider named must be configured: checked before anything starts.
  if (process.env.OPENAI_API_KEY) checkModelProviders(models);
  const offline = process.env.OPENAI_API_KEY ? undefined : await startOfflineModel();
  if (offline) offlineProviderEnv(offline.url);
  if (args.model || Object.values(args.models).some(Boolean))
    say(`agents: planner ${models[0]}, searcher ${models[1]}, writer ${models[2]}`);
  say(
    offline
      ? `model: offline model at ${offline.url} (no OPENAI_API_KEY: answers are synthetic)`
      : 'model: OpenAI API',
  );
  const devServer = temporalConfig.address ? undefined : await startDevServer({ ui: true });
  const address = temporalConfig.address ?? devServer!.address;
  if (devServer) {
    // Our dev server registers the trace-id search attribute; its UI links each RunWorkflow span.
    process.env.TEMPORAL_TRACE_ID_SEARCH_ATTRIBUTE ??= TRACE_ID_SEARCH_ATTRIBUTE;
    if (devServer.uiUrl) process.env.TEMPORAL_UI_URL ??= devServer.uiUrl;
  }
  say(devServer ? `temporal: local dev server at ${address}` : `temporal: ${address}`);
  const destinations = telemetry.config.destinations.map((d) => `${d.name} (${d.url})`);
  say(
    `traces: ${destinations.length ? destinations.join(', ') : 'console only (set OTEL_EXPORTER_OTLP_ENDPOINT to export)'}`,
  );

  const { nativeConnection, connection } = await connectTemporal({ ...temporalConfig, address });
  const client = new Client({
    connection,
    namespace: temporalConfig.namespace,
    plugins: [new AgentTracingPlugin()],
  });
  const openai = new OpenAI({
    apiKey: process.env.OPENAI_API_KEY ?? 'offline',
    baseURL: offline?.url ?? process.env.OPENAI_BASE_URL,
  });
  const worker = await createResearchWorker({
    connection: nativeConnection,
    namespace: temporalConfig.namespace,
    taskQueue: temporalConfig.taskQueue,
    openai,
    models,
    // The time line below shows the workflow tasks' queue wait too: one history read at the run's end.
    historyTimings: true,
  });

  const workflowId = `research-${Date.now().toString(36)}`;
  say(`\nresearching: ${query}\n`);
  try {
    const report = await worker.runUntil(async () => {
      const handle = await client.workflow.start('ResearchWorkflow', {
        taskQueue: temporalConfig.taskQueue,
        workflowId,
        args: [{ query, review, model: args.model, models: args.models }],
      });
      const display = new ProgressDisplay();
      const result = handle.result() as Promise<ResearchReport>;
      let finished = false;
      void result.finally(() => (finished = true)).catch(() => {});
      let reviewed = false;
      while (!finished) {
        const progress = await handle.query(progressQuery).catch(() => undefined);
        if (progress) display.update(progress);
        if (progress?.stage === 'awaiting_review' && !reviewed) {
          reviewed = true;
          display.done();
          await handle.executeUpdate(reviewPlanUpdate, {
            args: [{ ...(await askForDecision(await handle.query(planQuery))), reviewer: reviewerName() }],
          });
        }
        await Promise.race([result.catch(() => {}), new Promise((r) => setTimeout(r, 250))]);
      }
      display.update(await handle.query(progressQuery));
      display.done();
      return { report: await result, runId: handle.firstExecutionRunId };
    });
    await telemetry.forceFlush();
    const spans = traceMemory.getFinishedSpans();
    const root = spans.find(
      (s) =>
        s.name === 'StartWorkflow:ResearchWorkflow' && s.attributes['temporal.workflow.id'] === workflowId,
    );
    const traceSpans = root
      ? spans.filter((s) => s.spanContext().traceId === root.spanContext().traceId)
      : [];
    printReport(report.report);
    say('\n' + renderTraceTree(traceSpans));
    printTimeBreakdown(traceSpans);
    printLinks({
      traceId: root?.spanContext().traceId,
      workflowId,
      runId: report.runId,
      namespace: temporalConfig.namespace,
      uiUrl: devServer?.uiUrl ?? process.env.TEMPORAL_UI_URL,
      telemetry,
    });
  } finally {
    await telemetry.shutdown();
    await connection.close();
    await nativeConnection.close();
    await devServer?.close();
    await offline?.close();
  }
}

void runOrExit(main);

/** The planner's, searcher's and writer's models. */
function modelsOf(args: DemoArgs): string[] {
  const model = args.model ?? DEFAULT_RESEARCH_MODEL;
  return [args.models.planner ?? model, args.models.searcher ?? model, args.models.writer ?? model];
}

/** Who is reviewing: the login name of the person at the terminal. */
function reviewerName(): string | undefined {
  try {
    return userInfo().username;
  } catch {
    return undefined;
  }
}
