// One research run on a fresh Temporal dev server and offline model, for the
// single-run tools (span-cost.ts, sandbox-cost.ts). The caller sets up
// telemetry (and installs the Temporal runtime) before calling.
import { Client, Connection } from '@temporalio/client';
import { NativeConnection, Worker } from '@temporalio/worker';
import OpenAI from 'openai';
import { createResearchActivities } from '../examples/research/activities.js';
import { startDevServer } from '../devtools/temporal-dev-server.js';
import type { AgentTracingPlugin } from '../src/index.js';
import { startOfflineModel } from '../offline-model/index.js';
import { WORKFLOWS_PATH } from './bundles.js';

/** Runs one ResearchWorkflow traced by `plugin` and returns its history; servers are stopped after. */
export async function runOneResearch(plugin: AgentTracingPlugin, taskQueue: string) {
  const server = await startDevServer();
  const model = await startOfflineModel();
  try {
    const connection = await Connection.connect({ address: server.address });
    const nativeConnection = await NativeConnection.connect({ address: server.address });
    try {
      const client = new Client({ connection, plugins: [plugin] });
      const worker = await Worker.create({
        connection: nativeConnection,
        plugins: [plugin],
        taskQueue,
        workflowsPath: WORKFLOWS_PATH,
        activities: createResearchActivities({
          openai: new OpenAI({ baseURL: model.url, apiKey: 'offline' }),
        }),
      });
      const handle = await client.workflow.start('ResearchWorkflow', {
        taskQueue,
        workflowId: `${taskQueue}-${Date.now()}`,
        args: [{ query: 'How do durable agents survive crashes?' }],
      });
      await worker.runUntil(handle.result());
      return await handle.fetchHistory();
    } finally {
      await connection.close();
      await nativeConnection.close();
    }
  } finally {
    await model.close();
    await server.close();
  }
}
