// `npm run serve`: the agent runs HTTP API with a worker running the
// registered agents (research, support). Starts what is not configured (a
// Temporal dev server, the offline model); Ctrl-C stops everything.
import { DefaultLogger, Runtime } from '@temporalio/worker';
import { loadTemporalConfig, runOrExit, setupTelemetry, temporalRuntimeTelemetry } from '../../src/index.js';
import { loadHttpApiConfig, startAgentHttpServer } from '../../src/http.js';
import { startLocalStack } from './local-stack.js';
import { SERVICE_TASK_QUEUE } from './worker.js';

async function main(): Promise<void> {
  const say = (line: string) => process.stdout.write(line + '\n');
  Runtime.install({ logger: new DefaultLogger('WARN'), telemetryOptions: temporalRuntimeTelemetry() });
  // Configuration first: a wrong variable stops here with one line.
  const api = loadHttpApiConfig();
  const temporalConfig = loadTemporalConfig(process.env, { taskQueue: SERVICE_TASK_QUEUE });
  const telemetry = setupTelemetry({ serviceName: 'agent-service' });
  const stack = await startLocalStack(temporalConfig, say, { ui: true });
  const running = stack.worker.run();
  const server = await startAgentHttpServer({
    ...api,
    runs: stack.runs,
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
    stack.worker.shutdown();
    await running;
    await stack.close();
    await telemetry.shutdown();
  };
  process.once('SIGINT', () => void stop());
  process.once('SIGTERM', () => void stop());
  await running;
  await stop();
}

void runOrExit(main);
