// The user's agent API: its own NodeSDK (with the common auto-instrumentations),
// the run client and the HTTP API from the package. Prints its URL.
import { getNodeAutoInstrumentations } from '@opentelemetry/auto-instrumentations-node';
import { OTLPTraceExporter } from '@opentelemetry/exporter-trace-otlp-proto';
import { NodeSDK } from '@opentelemetry/sdk-node';
import { BatchSpanProcessor } from '@opentelemetry/sdk-trace-base';
import { Client, Connection } from '@temporalio/client';
import { AgentTracingPlugin } from 'temporal-agents-otel/plugin';
import { AgentRunClient } from 'temporal-agents-otel/runs';
import { startAgentHttpServer } from 'temporal-agents-otel/http';

const sdk = new NodeSDK({
  serviceName: 'packed-app-api',
  spanProcessors: [new BatchSpanProcessor(new OTLPTraceExporter())],
  instrumentations: [getNodeAutoInstrumentations()],
});
sdk.start();

const connection = await Connection.connect({ address: process.env.TEMPORAL_ADDRESS });
const client = new Client({ connection, plugins: [new AgentTracingPlugin()] });
const runs = new AgentRunClient({ client, taskQueue: process.env.TASK_QUEUE });
const server = await startAgentHttpServer({ runs, host: '127.0.0.1', port: 0, token: process.env.API_TOKEN });
process.on('SIGTERM', async () => {
  await server.close();
  await connection.close();
  await sdk.shutdown();
  process.exit(0);
});
process.stdout.write(`api ready ${server.url}\n`);
