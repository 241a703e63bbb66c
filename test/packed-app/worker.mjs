// A user's worker, as the README tells them to write it: their own NodeSDK
// (with the common auto-instrumentations), our processors added in one line,
// our plugin on the worker. Installed from the packed tarball; run by
// test/e2e/packed-install.test.ts.
import { fileURLToPath } from 'node:url';
import { getNodeAutoInstrumentations } from '@opentelemetry/auto-instrumentations-node';
import { OTLPTraceExporter } from '@opentelemetry/exporter-trace-otlp-proto';
import { NodeSDK } from '@opentelemetry/sdk-node';
import { BatchSpanProcessor } from '@opentelemetry/sdk-trace-base';
import { NativeConnection, Worker } from '@temporalio/worker';
import OpenAI from 'openai';
import {
  AgentTracingPlugin,
  agentTracingSpanProcessors,
  createModelActivities,
  instrumentOpenAI,
} from 'temporal-agents-otel';

const sdk = new NodeSDK({
  serviceName: 'packed-app-worker',
  spanProcessors: [...agentTracingSpanProcessors(), new BatchSpanProcessor(new OTLPTraceExporter())],
  instrumentations: [getNodeAutoInstrumentations()],
});
sdk.start();
instrumentOpenAI();

const openai = new OpenAI({ apiKey: 'offline', baseURL: process.env.OPENAI_BASE_URL });
const connection = await NativeConnection.connect({ address: process.env.TEMPORAL_ADDRESS });
const worker = await Worker.create({
  connection,
  taskQueue: process.env.TASK_QUEUE,
  workflowsPath: fileURLToPath(new URL('./workflows.ts', import.meta.url)),
  activities: {
    ...createModelActivities({ client: openai }),
    async webSearch({ query }) {
      return `Results for ${query}: durable execution keeps agent runs alive across crashes.`;
    },
  },
  plugins: [new AgentTracingPlugin()],
});
process.on('SIGTERM', () => worker.shutdown());
process.stdout.write('worker ready\n');
await worker.run();
await connection.close();
await sdk.shutdown();
