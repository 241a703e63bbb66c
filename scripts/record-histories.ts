// Records the event histories of the workflows this library ships or tests
// against, made by the current version, into test/history_files/. Each
// release adds its own; test/integration/history-replay.test.ts replays all
// of them under the current code, so an upgrade of the library never breaks a
// workflow that is running (Temporal's own interceptors package keeps such
// files for the same reason).
//
//   npx tsx scripts/record-histories.ts        (starts its own dev server)
import { writeFileSync } from 'node:fs';
import { fileURLToPath } from 'node:url';
import { historyToJSON } from '@temporalio/common/lib/proto-utils.js';
import { Client, Connection } from '@temporalio/client';
import { DefaultLogger, NativeConnection, Runtime, Worker } from '@temporalio/worker';
import OpenAI from 'openai';
import { startDevServer } from '../devtools/temporal-dev-server.js';
import { createResearchActivities } from '../examples/research/activities.js';
import { reviewPlanUpdate } from '../examples/research/shared.js';
import { startOfflineModel } from '../offline-model/index.js';
import { AgentTracingPlugin, setupTelemetry } from '../src/index.js';
import * as llmActivities from '../test/fixtures/llm-activities.js';

const version = (await import('../package.json', { with: { type: 'json' } })).default.version;
const out = (name: string) =>
  fileURLToPath(new URL(`../test/history_files/${name}-${version}.json`, import.meta.url));

Runtime.install({ logger: new DefaultLogger('WARN') });
const telemetry = setupTelemetry({ env: { OTEL_TRACES_EXPORTER: 'none' }, handleSignals: false });
const server = await startDevServer();
const model = await startOfflineModel();
const nativeConnection = await NativeConnection.connect({ address: server.address });
const connection = await Connection.connect({ address: server.address });
const plugin = new AgentTracingPlugin();
const client = new Client({ connection, plugins: [plugin] });
const openai = new OpenAI({ baseURL: model.url, apiKey: 'offline' });
process.env.TEST_OPENAI_BASE_URL = model.url; // read by the llm fixture's activity

async function record(
  name: string,
  workflowsPath: string,
  activities: object,
  run: (taskQueue: string, workflowId: string) => Promise<unknown>,
): Promise<void> {
  const taskQueue = `record-${name}`;
  const workflowId = `${name}-${Date.now()}`;
  const worker = await Worker.create({
    connection: nativeConnection,
    taskQueue,
    workflowsPath,
    activities,
    plugins: [plugin],
  });
  await worker.runUntil(run(taskQueue, workflowId));
  const history = await client.workflow.getHandle(workflowId).fetchHistory();
  writeFileSync(out(name), historyToJSON(history));
  process.stdout.write(`recorded ${out(name)} (${history.events?.length} events)\n`);
}

const research = fileURLToPath(new URL('../examples/research/workflow.ts', import.meta.url));
const researchActivities = createResearchActivities({ openai });
try {
  await record('research', research, researchActivities, (taskQueue, workflowId) =>
    client.workflow.execute('ResearchWorkflow', {
      taskQueue,
      workflowId,
      args: [{ query: 'How do durable agents stay observable?' }],
    }),
  );
  await record('research-review', research, researchActivities, async (taskQueue, workflowId) => {
    const handle = await client.workflow.start('ResearchWorkflow', {
      taskQueue,
      workflowId,
      args: [{ query: 'Which tracing backends suit agents?', review: true }],
    });
    for (;;) {
      try {
        await handle.executeUpdate(reviewPlanUpdate, { args: [{ action: 'approve' }] });
        break;
      } catch {
        await new Promise((r) => setTimeout(r, 100)); // the plan is not waiting yet
      }
    }
    return handle.result();
  });
  await record(
    'llm',
    fileURLToPath(new URL('../test/fixtures/llm-workflows.ts', import.meta.url)),
    llmActivities,
    (taskQueue, workflowId) =>
      client.workflow.execute('llmWorkflow', { taskQueue, workflowId, args: ['Why replay?'] }),
  );
} finally {
  await connection.close();
  await nativeConnection.close();
  await model.close();
  await server.close();
  await telemetry.shutdown();
}
