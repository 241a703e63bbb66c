// One measured pass of `npm run bench:history`, in its own process so its
// memory is its own: `floor` reads every history of the query (what Temporal
// takes to serve them), `export` rebuilds and exports them over OTLP through
// setupTelemetry(), `export-structure` the same without reading payloads.
// A `-native` suffix reads over the worker's NativeConnection instead of the
// client's gRPC connection; `floor-rpc` reads as the exporter does (the
// client's RPC, decoded without Temporal's oneofs) and does nothing else.
// With `heap` as its last argument, an export pass also measures its heap at
// a quarter, half and three quarters of the runs (see heapAfterGc).
// Prints one JSON line on stdout.
import { constants, PerformanceObserver, performance } from 'node:perf_hooks';
import { Client, Connection } from '@temporalio/client';
import { NativeConnection } from '@temporalio/worker';
import { HistoryExporter } from '../src/history/history-exporter.js';
import { fetchRunHistory } from '../src/history/history-reads.js';
import { setupTelemetry } from '../src/index.js';

const [phase, address, query, tracesUrl, concurrencyText, probeText] = process.argv.slice(2);
const concurrency = Number(concurrencyText);
const probeHeap = probeText === 'heap';
const gc = (globalThis as { gc?: () => void }).gc;
// A heap probe forces a full collection. Its own time is taken out of the
// pass's figures, but not what follows it: forced collections throw away
// optimized code, which the pass then compiles again (463 optimizing
// compiles in a 400-run export without probes, 597 with three), so a pass
// that probes mid-way is reported but never timed against the floor.
let probeNs = 0n;
let probeCpuUs = 0;
const heapAfterGc = () => {
  const t = process.hrtime.bigint();
  const c = process.cpuUsage();
  gc?.();
  const mb = process.memoryUsage().heapUsed / 2 ** 20;
  probeNs += process.hrtime.bigint() - t;
  const spent = process.cpuUsage(c);
  probeCpuUs += spent.user + spent.system;
  return mb;
};

// Every garbage collection of the process; the pass's own are picked out at the end.
const collections: { at: number; ms: number; kind?: number; flags?: number }[] = [];
new PerformanceObserver((list) => {
  for (const e of list.getEntries()) {
    const detail = (e as { detail?: { kind?: number; flags?: number } }).detail;
    collections.push({ at: e.startTime, ms: e.duration, kind: detail?.kind, flags: detail?.flags });
  }
}).observe({ entryTypes: ['gc'] });

let peakRss = 0;
const sampler = setInterval(() => (peakRss = Math.max(peakRss, process.memoryUsage.rss())), 100);
const native = phase.endsWith('-native');
const connection = native
  ? await NativeConnection.connect({ address })
  : await Connection.connect({ address });
const client = new Client({ connection });
// The SDK starts before the clock does: a fixed cost, not a per-run one.
const telemetry = phase.startsWith('export')
  ? setupTelemetry({
      env: {
        OTEL_EXPORTER_OTLP_TRACES_ENDPOINT: tracesUrl,
        OTEL_SERVICE_NAME: 'bench-history',
        OTEL_LOG_LEVEL: 'error',
      },
      instrumentOpenAI: false,
      handleSignals: false,
    })
  : undefined;
const baseHeap = heapAfterGc();
probeNs = 0n;
probeCpuUs = 0;
const heapAt: Record<string, number> = {};
const t0 = process.hrtime.bigint();
const passStart = performance.now();
const cpu0 = process.cpuUsage();
let runs = 0;
let spans = 0;
let failed = 0;

if (phase.startsWith('floor')) {
  // Same concurrency as the exporter, same reads (list, then each history).
  const inFlight = new Set<Promise<void>>();
  const read = (ref: { workflowId: string; runId: string }) =>
    phase === 'floor-rpc'
      ? fetchRunHistory(client, ref)
      : client.workflow.getHandle(ref.workflowId, ref.runId).fetchHistory();
  for await (const info of client.workflow.list({ query })) {
    const job = read(info)
      .then(() => void runs++)
      .finally(() => inFlight.delete(job));
    inFlight.add(job);
    if (inFlight.size >= concurrency) await Promise.race(inFlight);
  }
  await Promise.all(inFlight);
} else {
  // `export-structure`: payloads never read (the CLI's --no-payloads).
  const exporter = new HistoryExporter({
    client,
    concurrency,
    payloads: { read: !phase.startsWith('export-structure') },
  });
  const summary = await exporter.exportQuery(query, (s, total) => {
    const done = s.exported + s.failed.length;
    if (probeHeap)
      for (const q of [0.25, 0.5, 0.75])
        if (total && done === Math.round(total * q)) heapAt[String(done)] = heapAfterGc() - baseHeap;
  });
  await telemetry!.shutdown();
  runs = summary.exported;
  spans = summary.spans;
  failed = summary.failed.length;
}
const seconds = Number(process.hrtime.bigint() - t0 - probeNs) / 1e9;
const passEnd = performance.now();
const cpu = process.cpuUsage(cpu0);
const probeSeconds = Number(probeNs) / 1e9;
heapAt[String(runs)] = heapAfterGc() - baseHeap;
clearInterval(sampler);
await new Promise((resolve) => setTimeout(resolve, 50)); // the observer's last entries
// The probes' collections are forced; the rest are the pass's own.
const own = collections.filter(
  (c) =>
    c.at >= passStart && c.at <= passEnd && !((c.flags ?? 0) & constants.NODE_PERFORMANCE_GC_FLAGS_FORCED),
);
const ofKind = (kinds: number[]) => own.filter((c) => c.kind !== undefined && kinds.includes(c.kind));
const minor = ofKind([constants.NODE_PERFORMANCE_GC_MINOR]);
const major = ofKind([constants.NODE_PERFORMANCE_GC_MAJOR, constants.NODE_PERFORMANCE_GC_INCREMENTAL]);
await connection.close();
process.stdout.write(
  JSON.stringify({
    phase,
    runs,
    spans,
    failed,
    seconds,
    cpuSeconds: (cpu.user + cpu.system - probeCpuUs) / 1e6,
    probeSeconds,
    peakRssMb: peakRss / 2 ** 20,
    heapAboveStartMbAt: heapAt,
    gc: {
      scavenges: minor.length,
      scavengeMs: minor.reduce((a, c) => a + c.ms, 0),
      markCompacts: major.length,
      markCompactMs: major.reduce((a, c) => a + c.ms, 0),
    },
  }) + '\n',
);
