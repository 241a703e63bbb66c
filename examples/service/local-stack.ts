// What `npm run serve` and `npm run eval` stand on: the model (the offline one
// without OPENAI_API_KEY), Temporal (a dev server without TEMPORAL_ADDRESS),
// a traced client, a service worker and a run client on top.
import { Client } from '@temporalio/client';
import type { Worker } from '@temporalio/worker';
import OpenAI from 'openai';
import { AgentTracingPlugin, type TemporalConfig } from '../../src/index.js';
import { AgentRunClient } from '../../src/runs.js';
import { startDevServer } from '../../devtools/temporal-dev-server.js';
import { startOfflineModel } from '../../offline-model/index.js';
import { connectTemporal } from '../research/connection.js';
import { createServiceWorker } from './worker.js';

/** A running local stack. */
export interface LocalStack {
  client: Client;
  worker: Worker;
  runs: AgentRunClient;
  /** Closes connections and stops what the stack started (the worker is the caller's to stop first). */
  close(): Promise<void>;
}

/** Starts what is not configured, connects, and creates the service worker; says what it uses. */
export async function startLocalStack(
  temporalConfig: TemporalConfig & { taskQueue: string },
  say: (line: string) => void,
  options: { ui?: boolean } = {},
): Promise<LocalStack> {
  const offline = process.env.OPENAI_API_KEY ? undefined : await startOfflineModel();
  say(offline ? `model: offline model at ${offline.url} (no OPENAI_API_KEY)` : 'model: OpenAI API');
  const devServer = temporalConfig.address ? undefined : await startDevServer({ ui: options.ui });
  const address = temporalConfig.address ?? devServer!.address;
  if (devServer?.uiUrl) process.env.TEMPORAL_UI_URL ??= devServer.uiUrl;
  say(
    devServer
      ? `temporal: local dev server at ${address}${devServer.uiUrl ? ` (UI ${devServer.uiUrl})` : ''}`
      : `temporal: ${address}`,
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
  return {
    client,
    worker,
    runs: new AgentRunClient({ client, taskQueue: temporalConfig.taskQueue }),
    async close() {
      await connection.close();
      await nativeConnection.close();
      await devServer?.close();
      await offline?.close();
    },
  };
}
