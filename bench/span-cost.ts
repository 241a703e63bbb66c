// `npm run bench:spans`: what one research run's trace weighs and what it costs
// to encode. Runs one research workflow with this project's setup (a Temporal
// dev server, the offline model, spans kept in memory), then prints the
// attribute bytes by span kind and by attribute key, and the CPU time of
// encoding those spans as an OTLP/protobuf (and JSON) request, JIT warmed,
// in batches of 8 runs' spans (about what one 250 ms export carries at 4 workflows/s),
// and the CPU time of pricing one LLM call.
import { InMemorySpanExporter, type ReadableSpan, SimpleSpanProcessor } from '@opentelemetry/sdk-trace-base';
import { JsonTraceSerializer, ProtobufTraceSerializer } from '@opentelemetry/otlp-transformer';
import { DefaultLogger, Runtime } from '@temporalio/worker';
import { estimateCost } from '../src/cost/prices.js';
import { AgentTracingPlugin, setupTelemetry } from '../src/index.js';
import { runOneResearch } from './one-research-run.js';

const RUNS_PER_REQUEST = 8;

async function oneRunsSpans(): Promise<ReadableSpan[]> {
  Runtime.install({ logger: new DefaultLogger('WARN') });
  const memory = new InMemorySpanExporter();
  const telemetry = setupTelemetry({
    // The process environment too, so span-levers.ts can set limits and privacy switches.
    env: { ...process.env, OTEL_TRACES_EXPORTER: 'none', OTEL_SERVICE_NAME: 'span-cost' },
    spanProcessors: [new SimpleSpanProcessor(memory)],
    handleSignals: false,
  });
  try {
    await runOneResearch(new AgentTracingPlugin(), 'span-cost');
    await telemetry.forceFlush();
    return memory.getFinishedSpans();
  } finally {
    await telemetry.shutdown();
  }
}

/** Characters of attribute keys and values, summed by a grouping of the span or key. */
function weigh(spans: ReadableSpan[], groupOf: (span: ReadableSpan, key: string) => string) {
  const sums = new Map<string, number>();
  for (const span of spans) {
    for (const [key, value] of Object.entries(span.attributes)) {
      const size = key.length + (typeof value === 'string' ? value.length : JSON.stringify(value).length);
      const group = groupOf(span, key);
      sums.set(group, (sums.get(group) ?? 0) + size);
    }
  }
  return [...sums].sort((a, b) => b[1] - a[1]);
}

/** CPU ms per run of serializing `RUNS_PER_REQUEST` runs' spans in one request. */
function encodeCost(spans: ReadableSpan[], serialize: (s: ReadableSpan[]) => Uint8Array | undefined) {
  const batch = Array.from({ length: RUNS_PER_REQUEST }, () => spans).flat();
  for (let i = 0; i < 50; i++) serialize(batch);
  const rounds = 200;
  const before = process.cpuUsage();
  let bytes = 0;
  for (let i = 0; i < rounds; i++) bytes = serialize(batch)?.length ?? 0;
  const used = process.cpuUsage(before);
  return {
    msPerRun: (used.user + used.system) / 1000 / rounds / RUNS_PER_REQUEST,
    bytesPerRun: bytes / RUNS_PER_REQUEST,
  };
}

/** CPU µs of one `estimateCost` call on the token counts of the run's LLM spans. */
function pricingCost(llmSpans: ReadableSpan[]): number {
  const calls = llmSpans.map((s) => ({
    usage: {
      inputTokens: Number(s.attributes['llm.token_count.prompt']),
      outputTokens: Number(s.attributes['llm.token_count.completion']),
    },
    model: String(s.attributes['llm.model_name']),
  }));
  const price = () => calls.forEach((c) => estimateCost(c.usage, c.model, 'openai'));
  for (let i = 0; i < 200; i++) price();
  const rounds = 1_000;
  const before = process.cpuUsage();
  for (let i = 0; i < rounds; i++) price();
  const used = process.cpuUsage(before);
  return (used.user + used.system) / rounds / calls.length;
}

const spans = await oneRunsSpans();
if (process.argv.includes('--summary')) {
  // One JSON line for span-levers.ts: the wire weight under this process's settings.
  const { msPerRun, bytesPerRun } = encodeCost(spans, (s) => ProtobufTraceSerializer.serializeRequest(s));
  process.stdout.write(JSON.stringify({ spans: spans.length, bytesPerRun, msPerRun }) + '\n');
  process.exit(0);
}
const total = weigh(spans, () => 'all')[0]?.[1] ?? 0;
const out: string[] = [`${spans.length} spans, ${total} characters of attributes`, '', 'by span kind:'];
for (const [kind, size] of weigh(spans, (s) => s.name.replace(/[: ].*/, '')))
  out.push(`  ${kind.padEnd(16)} ${size}`);
out.push('', 'by attribute key (top 15; list indexes folded to N):');
for (const [key, size] of weigh(spans, (_s, k) => k.replace(/\.\d+\./g, '.N.')).slice(0, 15))
  out.push(`  ${key.padEnd(72)} ${size}`);
out.push('', `encoding, JIT warmed, ${RUNS_PER_REQUEST} runs' spans per request:`);
for (const [name, serializer] of [
  ['OTLP/protobuf', ProtobufTraceSerializer],
  ['OTLP/JSON', JsonTraceSerializer],
] as const) {
  const { msPerRun, bytesPerRun } = encodeCost(spans, (s) => serializer.serializeRequest(s));
  out.push(
    `  ${name.padEnd(14)} ${msPerRun.toFixed(2)} ms CPU per run, ${Math.round(bytesPerRun)} bytes per run`,
  );
}
const llmSpans = spans.filter((s) => s.attributes['openinference.span.kind'] === 'LLM');
out.push(
  '',
  `pricing (estimateCost, as CostSpanProcessor calls it), JIT warmed, ${llmSpans.length} LLM spans per run:`,
);
out.push(`  ${pricingCost(llmSpans).toFixed(1)} µs per call`);
process.stdout.write(out.join('\n') + '\n');
process.exit(0);
