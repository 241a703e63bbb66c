// `npm run serve`: the agent runs HTTP API with a worker running the
// registered agents (research, support). Starts what is not configured (a
// Temporal dev server, the offline model); Ctrl-C stops everything.
import { Client } from '@temporalio/client';
import { DefaultLogger, Runtime } from '@temporalio/worker';
import OpenAI from 'openai';
import {
  AgentTracingPlugin,
  loadTemporalConfig,
  runOrExit,
  setupTelemetry,
  temporalRuntimeTelemetry,
} from '../../src/index.js';
import { AgentRunClient } from '../../src/runs.js';
import { loadHttpApiConfig, startAgentHttpServer } from '../../src/http.js';
import { startDevServer } from '../../devtools/temporal-dev-server.js';
import { startOfflineModel } from '../../offline-model/index.js';
import { connectTemporal } from '../research/connection.js';
import { createServiceWorker, SERVICE_TASK_QUEUE } from './worker.js';

async function main(): Promise<void> {
  const say = (line: string) => process.stdout.write(line + '\n');
  Runtime.install({ logger: new DefaultLogger('WARN'), telemetryOptions: temporalRuntimeTelemetry() });
  // Configuration first: a wrong variable stops here with one line.
  const api = loadHttpApiConfig();
  const temporalConfig = loadTemporalConfig(process.env, { taskQueue: SERVICE_TASK_QUEUE });
  const telemetry = setupTelemetry({ serviceName: 'agent-service' });

  const offline = process.env.OPENAI_API_KEY ? undefined : await startOfflineModel();
  say(offline ? `model: offline model at ${offline.url} (no OPENAI_API_KEY)` : 'model: OpenAI API');
  const devServer = temporalConfig.address ? undefined : await startDevServer({ ui: true });
  const address = temporalConfig.address ?? devServer!.address;
  if (devServer?.uiUrl) process.env.TEMPORAL_UI_URL ??= devServer.uiUrl;
  say(
    devServer ? `temporal: local dev server at ${address} (UI ${devServer.uiUrl})` : `temporal: ${address}`,
  );

  const { nativeConnection, connection } = await connectTemporal({ ...temporalConfig, address });
  const client = new Client({
    connection,
    namespace: temporalConfig.namespace,
    plugins: [new AgentTracingPlugin()],
  });
  const worker = await createServiceWorker({
    connection: nativeConnection,
    namespace: temporalConfig.namespace,
    taskQueue: temporalConfig.taskQueue,
    openai: new OpenAI({
      apiKey: process.env.OPENAI_API_KEY ?? 'offline',
      baseURL: offline?.url ?? process.env.OPENAI_BASE_URL,
    }),
  });
  const running = worker.run();
  const runs = new AgentRunClient({ client, taskQueue: temporalConfig.taskQueue });
  const server = await startAgentHttpServer({
    ...api,
    runs,
    knownAgents: ['research', 'support'],
    logger: true,
  });
  say(
    `agent runs API: ${server.url}/api/v1 (OpenAPI at ${server.url}/openapi.json)${api.token ? ', bearer token required' : ''}`,
  );
  say(`try: curl -s -X POST ${server.url}/api/v1/execute -H 'content-type: application/json' \\`);
  say(
    `       -d '{"project_id":"shop","agent_id":"support","input":"Refund order 1234, it arrived broken."}'`,
  );

  let stopping = false;
  const stop = async () => {
    if (stopping) return;
    stopping = true;
    say('stopping…');
    await server.close();
    worker.shutdown();
    await running;
    await connection.close();
    await nativeConnection.close();
    await telemetry.shutdown();
    await devServer?.close();
    await offline?.close();
  };
  process.once('SIGINT', () => void stop());
  process.once('SIGTERM', () => void stop());
  await running;
  await stop();
}

void runOrExit(main);
