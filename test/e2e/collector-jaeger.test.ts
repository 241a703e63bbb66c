import { gunzipSync } from 'node:zlib';
import { type Span, SpanKind } from '@opentelemetry/api';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { type CollectorServer, startCollector } from '../../devtools/collector.js';
import {
  getJaegerTrace,
  jaegerParentId,
  jaegerTag,
  type JaegerServer,
  startJaeger,
} from '../../devtools/jaeger.js';
import { setupTelemetry, type Telemetry } from '../../src/index.js';
import { type IngestReceiver, type IngestRequest, startIngestReceiver } from '../support/ingest-receiver.js';

// The pipeline of docker-compose.yml, natively: this project's telemetry →
// collector (memory_limiter → batch) → Jaeger over OTLP/gRPC and a local
// Langfuse-compatible ingest over OTLP/HTTP (protobuf, gzip, Basic auth).

const INGEST_AUTH = { publicKey: 'pk-lf-e2e', secretKey: 'sk-lf-e2e' };
const EXPECTED_AUTH = 'Basic ' + Buffer.from('pk-lf-e2e:sk-lf-e2e').toString('base64');

let jaeger: JaegerServer | undefined;
let ingest: IngestReceiver | undefined;
let collector: CollectorServer | undefined;
let telemetry: Telemetry | undefined;
/** Span ids of the tree sent in beforeAll, by name, with the parent each must have. */
let sent: { traceId: string; spans: Map<string, { spanId: string; parentName?: string }> };

/** Starting a server may fail for lack of the binary: say so plainly, and fail (never skip). */
async function mustStart<T>(what: string, start: () => Promise<T>): Promise<T> {
  try {
    return await start();
  } catch (err) {
    throw new Error(
      `${what} could not be started natively, so this e2e test cannot run. Build it with ` +
        '`scripts/setup-binaries.sh jaeger` (Go and the Go module proxy needed) or point JAEGER_BINARY_PATH ' +
        `at a Jaeger v2 binary. Cause: ${(err as Error).message}`,
    );
  }
}

/** A workflow-shaped tree: CHAIN root → AGENT → LLM, and a TOOL under the root. */
async function sendSpanTree(t: Telemetry): Promise<typeof sent> {
  const spans = new Map<string, { spanId: string; parentName?: string }>();
  const record = (span: Span, name: string, parentName?: string) =>
    spans.set(name, { spanId: span.spanContext().spanId, parentName });
  let traceId = '';
  await t.tracer.startActiveSpan(
    'RunWorkflow:e2e',
    { attributes: { 'openinference.span.kind': 'CHAIN', 'temporal.workflow.id': 'e2e-wf-1' } },
    async (root) => {
      traceId = root.spanContext().traceId;
      record(root, 'RunWorkflow:e2e');
      t.tracer.startActiveSpan(
        'agent PlannerAgent',
        { attributes: { 'openinference.span.kind': 'AGENT' } },
        (agent) => {
          record(agent, 'agent PlannerAgent', 'RunWorkflow:e2e');
          t.tracer.startActiveSpan(
            'OpenAI Responses',
            {
              kind: SpanKind.CLIENT,
              attributes: {
                'openinference.span.kind': 'LLM',
                'llm.provider': 'openai',
                'llm.model_name': 'gpt-4o',
                'llm.token_count.prompt': 1200,
                'llm.token_count.completion': 300,
              },
            },
            (llm) => {
              record(llm, 'OpenAI Responses', 'agent PlannerAgent');
              llm.end();
            },
          );
          agent.end();
        },
      );
      t.tracer.startActiveSpan(
        'tool webSearch',
        { attributes: { 'openinference.span.kind': 'TOOL' } },
        (tool) => {
          record(tool, 'tool webSearch', 'RunWorkflow:e2e');
          tool.end();
        },
      );
      root.end();
    },
  );
  await t.forceFlush();
  return { traceId, spans };
}

/** Why the servers could not be started, if they could not: every test rethrows it. */
let startupError: Error | undefined;

/** Fails the calling test (rather than letting vitest skip it) when the servers are missing. */
function requireServers(): void {
  if (startupError) throw startupError;
}

beforeAll(async () => {
  try {
    await startServersAndSend();
  } catch (err) {
    startupError = err as Error;
  }
  // A cold build of Jaeger (6-7 min on 2 cores) can happen inside this hook.
}, 900_000);

async function startServersAndSend(): Promise<void> {
  jaeger = await mustStart('Jaeger v2', () => startJaeger());
  // The first export to the ingest is refused, to prove the collector retries it.
  ingest = await startIngestReceiver({ failFirst: 1 });
  const jaegerGrpc = jaeger.otlpGrpcEndpoint;
  const ingestUrl = ingest.url;
  collector = await mustStart('The OpenTelemetry Collector', () =>
    startCollector({ jaegerOtlpEndpoint: jaegerGrpc, ingestEndpoint: ingestUrl, ingestAuth: INGEST_AUTH }),
  );
  telemetry = setupTelemetry({
    env: { OTEL_EXPORTER_OTLP_ENDPOINT: collector.otlpHttpUrl, OTEL_SERVICE_NAME: 'e2e' },
    handleSignals: false,
  });
  sent = await sendSpanTree(telemetry);
}

afterAll(async () => {
  await telemetry?.shutdown();
  await collector?.close();
  await jaeger?.close();
  await ingest?.close();
});

describe('collector → Jaeger', () => {
  it('stores the whole span tree, every parent link and the key attributes', async () => {
    requireServers();
    const trace = await getJaegerTrace(jaeger!.queryUrl, sent.traceId, {
      minSpans: sent.spans.size,
      timeoutMs: 30_000,
    });

    expect(trace.spans.map((s) => s.operationName).sort()).toEqual([...sent.spans.keys()].sort());
    const byName = new Map(trace.spans.map((s) => [s.operationName, s]));
    for (const [name, { spanId, parentName }] of sent.spans) {
      const span = byName.get(name)!;
      expect(span.spanID, name).toBe(spanId);
      expect(jaegerParentId(span), `parent of ${name}`).toBe(
        parentName ? sent.spans.get(parentName)!.spanId : undefined,
      );
      expect(trace.processes[span.processID]?.serviceName, `service of ${name}`).toBe('e2e');
    }
    const ids = new Set(trace.spans.map((s) => s.spanID));
    const orphans = trace.spans.filter((s) => s.references.some((r) => !ids.has(r.spanID)));
    expect(orphans.map((s) => s.operationName)).toEqual([]);

    const kinds = Object.fromEntries(
      trace.spans.map((s) => [s.operationName, jaegerTag(s, 'openinference.span.kind')]),
    );
    expect(kinds).toEqual({
      'RunWorkflow:e2e': 'CHAIN',
      'agent PlannerAgent': 'AGENT',
      'OpenAI Responses': 'LLM',
      'tool webSearch': 'TOOL',
    });
    const root = byName.get('RunWorkflow:e2e')!;
    expect(jaegerTag(root, 'temporal.workflow.id')).toBe('e2e-wf-1');
    const llm = byName.get('OpenAI Responses')!;
    expect(jaegerTag(llm, 'llm.model_name')).toBe('gpt-4o');
    expect(jaegerTag(llm, 'llm.token_count.prompt')).toBe(1200);
    expect(jaegerTag(llm, 'llm.token_count.completion')).toBe(300);
    expect(jaegerTag(llm, 'span.kind')).toBe('client');
    // Added by this project's cost processor before export.
    expect(jaegerTag(llm, 'llm.cost.total')).toBeGreaterThan(0);
  });
});

describe('collector → Langfuse-compatible ingest', () => {
  const carriesTrace = (req: IngestRequest) => {
    try {
      return gunzipSync(req.body).includes(Buffer.from(sent.traceId, 'hex'));
    } catch {
      return false;
    }
  };

  it('POSTs gzip protobuf with Basic auth to /api/public/otel/v1/traces, retrying a refused batch', async () => {
    requireServers();
    const delivered = await ingest!.waitFor((r) => r.status === 200 && carriesTrace(r), 30_000);

    expect(delivered.method).toBe('POST');
    expect(delivered.path).toBe('/api/public/otel/v1/traces');
    expect(delivered.contentType).toBe('application/x-protobuf');
    expect(delivered.contentEncoding).toBe('gzip');
    expect(delivered.headers.authorization).toBe(EXPECTED_AUTH);
    expect(delivered.bodyLength).toBeGreaterThan(0);
    const payload = gunzipSync(delivered.body);
    for (const name of sent.spans.keys()) expect(payload.includes(Buffer.from(name)), name).toBe(true);

    // The first attempt got 503 and the same spans came again: the queue and
    // retry_on_failure turned a short outage into a delay, not a loss.
    const refused = ingest!.requests.find((r) => r.status === 503);
    expect(refused, 'the refused first attempt').toBeDefined();
    expect(carriesTrace(refused!)).toBe(true);
    expect(ingest!.requests.indexOf(refused!)).toBeLessThan(ingest!.requests.indexOf(delivered));
  });
});
