// The user's client: its own NodeSDK, our plugin on the Client. Starts one
// research run, polls its progress like the demo does, and prints the trace id.
import { OTLPTraceExporter } from '@opentelemetry/exporter-trace-otlp-proto';
import { NodeSDK } from '@opentelemetry/sdk-node';
import { BatchSpanProcessor } from '@opentelemetry/sdk-trace-base';
import { Client, Connection } from '@temporalio/client';
import { AgentTracingPlugin } from 'temporal-agents-otel/plugin';

const sdk = new NodeSDK({
  serviceName: 'packed-app-client',
  spanProcessors: [new BatchSpanProcessor(new OTLPTraceExporter())],
});
sdk.start();

const connection = await Connection.connect({ address: process.env.TEMPORAL_ADDRESS });
const client = new Client({ connection, plugins: [new AgentTracingPlugin()] });
const handle = await client.workflow.start('ResearchWorkflow', {
  taskQueue: process.env.TASK_QUEUE,
  workflowId: `packed-${Date.now()}`,
  args: [{ query: 'Why run agents on Temporal?' }],
});
const result = handle.result();
// Progress polls outside any traced operation must not become traces.
for (let i = 0; i < 3; i++) await handle.query('progress').catch(() => undefined);
await result;
process.stdout.write(
  `${JSON.stringify({ workflowId: handle.workflowId, runId: handle.firstExecutionRunId })}\n`,
);
await connection.close();
await sdk.shutdown();
