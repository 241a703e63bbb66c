// Where a backfill's CPU goes, stage by stage, with no server in the way: one
// recorded research run's history (test/history_files), exported N times in
// this process through the same steps the exporter takes, each timed alone.
// With --pipeline, the whole exporter instead: HistoryExporter, setupTelemetry()
// and OTLP/HTTP to a local server that drops what it gets, with a stand-in
// client whose RPC answers every read with the recorded bytes (no gRPC).
//   npx tsx bench/history-stages.ts [--runs 2000] [--file research-0.1.0.json] [--pipeline]
import { createServer } from 'node:http';
import type { AddressInfo } from 'node:net';
import { performance, PerformanceObserver } from 'node:perf_hooks';
import proto from '@temporalio/proto';
import type { ReadableSpan, Span } from '@opentelemetry/sdk-trace-base';
import { ProtobufTraceSerializer } from '@opentelemetry/otlp-transformer';
import { defaultResource } from '@opentelemetry/resources';
import { encodeTraceRequest } from '../src/telemetry/otlp-trace-encoding.js';
import type { Client } from '@temporalio/client';
import { HistoryExporter } from '../src/history/history-exporter.js';
import { setupTelemetry } from '../src/index.js';
import { buildRunTrace } from '../src/history/build-trace.js';
import { historyTypes } from '../src/history/history-reads.js';
import type { History } from '@temporalio/common/lib/proto-utils.js';
import { KNOWN_MODEL_ACTIVITIES } from '../src/history/known-model-activities.js';
import { readPayloadValues } from '../src/history/payload-values.js';
import { readRunHistory } from '../src/history/read-events.js';
import { historyTraceId } from '../src/history/span-ids.js';
import { agentTracingSpanProcessors } from '../src/telemetry/agent-processors.js';
import { toFinishedSpan } from '../src/worker/workflow-span-receiver.js';
import { untracedHistory } from '../test/support/untraced-history.js';

const arg = (name: string, fallback: string) => {
  const i = process.argv.indexOf(name);
  return i >= 0 ? process.argv[i + 1] : fallback;
};
const RUNS = Number(arg('--runs', '2000'));
const FILE = arg('--file', 'research-0.1.0.json');
const BATCH = 512; // the batch processor's default export size

// The bytes a client receives: the recorded history of a run made with tracing
// off, encoded as Temporal sends it, decoded as the exporter decodes it.
const { temporal } = proto;
const recorded = untracedHistory(FILE);
const wire = temporal.api.workflowservice.v1.GetWorkflowExecutionHistoryResponse.encode({
  history: recorded,
}).finish();
const decode = () => (historyTypes().response.decode(wire) as unknown as { history: History }).history;
const processors = agentTracingSpanProcessors({ env: {} });
const target = { resource: defaultResource(), attributeValueLengthLimit: Infinity };

const stages = ['decode', 'read', 'payloads', 'build', 'processors', 'encode', 'encode (OTel)'] as const;
const spent: Record<(typeof stages)[number], number> = Object.fromEntries(stages.map((s) => [s, 0])) as never;
let gcMs = 0;
new PerformanceObserver((list) => list.getEntries().forEach((e) => (gcMs += e.duration))).observe({
  entryTypes: ['gc'],
});
function timed<T>(stage: (typeof stages)[number], work: () => T): T {
  const t = performance.now();
  const out = work();
  spent[stage] += performance.now() - t;
  return out;
}

async function pass(runs: number): Promise<{ spans: number; bytes: number }> {
  let pending: ReadableSpan[] = [];
  let spans = 0;
  let bytes = 0;
  for (let i = 0; i < runs; i++) {
    const history = timed('decode', decode);
    const run = timed('read', () => readRunHistory(history, 'default', `run-${i}`));
    const t = performance.now();
    const values = await readPayloadValues(run, { read: true });
    spent.payloads += performance.now() - t;
    const built = timed('build', () =>
      buildRunTrace(run, {
        traceId: historyTraceId('default', run),
        values,
        modelReaderFor: (type) => KNOWN_MODEL_ACTIVITIES[type],
        isToolActivity: () => false,
      }),
    );
    timed('processors', () => {
      for (const data of built.spans) {
        const span = toFinishedSpan(data, target);
        for (const p of processors) p.onEnding?.(span as unknown as Span);
        for (const p of processors) p.onEnd(span);
        pending.push(span);
      }
    });
    spans += built.spans.length;
    while (pending.length >= BATCH || (i === runs - 1 && pending.length)) {
      const batch = pending.slice(0, BATCH);
      pending = pending.slice(BATCH);
      bytes += timed('encode', () => encodeTraceRequest(batch).length);
      // The OpenTelemetry serializer on the same batch, for comparison; not in `all`.
      timed('encode (OTel)', () => ProtobufTraceSerializer.serializeRequest(batch));
    }
  }
  return { spans, bytes };
}

if (process.argv.includes('--pipeline')) {
  await pipeline();
  process.exit(0);
}

await pass(Math.min(200, RUNS)); // warm-up: JIT, price table
for (const s of stages) spent[s] = 0;
gcMs = 0;
const cpu0 = process.cpuUsage();
const t0 = performance.now();
const { spans, bytes } = await pass(RUNS);
const wall = performance.now() - t0;
const cpu = process.cpuUsage(cpu0);
await new Promise((r) => setTimeout(r, 50)); // let the gc observer deliver

const per = (ms: number) => ((ms / RUNS) * 1000).toFixed(0).padStart(6);
console.log(
  `${RUNS} exports of ${FILE}: ${spans / RUNS} spans and ${(bytes / RUNS / 1024).toFixed(1)} KB of OTLP per run\n`,
);
console.log(
  'stage        µs per run  (gc pauses fall inside whichever stage they interrupt; `all` leaves out the OTel encoder)',
);
for (const s of stages) console.log(`${s.padEnd(12)} ${per(spent[s])}`);
console.log(
  `${'all'.padEnd(12)} ${per(wall - spent['encode (OTel)'])}   (CPU ${per((cpu.user + cpu.system) / 1000)}; gc ${per(gcMs)})`,
);

/** The whole exporter on a stand-in client, twice (the first pass warms up); prints the second. */
async function pipeline(): Promise<void> {
  const sink = createServer((req, res) => {
    req.resume();
    req.on('end', () => res.writeHead(200, { 'content-type': 'application/x-protobuf' }).end());
  });
  await new Promise<void>((resolve) => sink.listen(0, '127.0.0.1', resolve));
  const telemetry = setupTelemetry({
    env: {
      OTEL_EXPORTER_OTLP_TRACES_ENDPOINT: `http://127.0.0.1:${(sink.address() as AddressInfo).port}/v1/traces`,
      OTEL_SERVICE_NAME: 'bench-history-stages',
      OTEL_LOG_LEVEL: 'error',
    },
    instrumentOpenAI: false,
    handleSignals: false,
  });
  const client = {
    options: { namespace: 'default' },
    // The client's RPC, answering every history read with the recorded bytes.
    workflowService: {
      rpcImpl: (_method: unknown, _request: Uint8Array, callback: (e: null, r: Uint8Array) => void) =>
        setImmediate(() => callback(null, wire)),
    },
    workflow: {
      count: async () => ({ count: RUNS }),
      async *list() {
        for (let i = 0; i < RUNS; i++) yield { workflowId: `wf-${i}`, runId: `run-${i}` };
      },
      getHandle: () => ({ fetchHistory: () => Promise.reject(new Error('read through workflowService')) }),
    },
  } as unknown as Client;
  for (const label of ['warm-up', 'measured']) {
    const cpu0 = process.cpuUsage();
    const t0 = performance.now();
    const summary = await new HistoryExporter({ client, payloads: { read: true } }).exportQuery('stand-in');
    await telemetry.forceFlush();
    const wall = performance.now() - t0;
    const cpu = process.cpuUsage(cpu0);
    if (summary.exported !== RUNS)
      throw new Error(`not exported: ${JSON.stringify([summary.failed[0], summary.skipped])}`);
    if (label === 'measured')
      console.log(
        `${summary.exported} runs through the whole exporter: ${((wall / RUNS) * 1000).toFixed(0)} µs per run ` +
          `(CPU ${(((cpu.user + cpu.system) / 1000 / RUNS) * 1000).toFixed(0)})`,
      );
  }
  await telemetry.shutdown();
  sink.close();
}
