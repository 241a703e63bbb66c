// Where the workflow sandbox's promises come from: replays one recorded
// research run with a promise hook that notes the first frame of the workflow
// bundle on each new promise's stack, and prints promises per run by module.
// Temporal's own hook captures and source-maps a stack for every one of them
// (docs/performance.md, "Where a run's CPU goes").
//
//   npx tsx bench/promise-origins.ts [--runs 2]
import { readFileSync } from 'node:fs';
import v8 from 'node:v8';
import { DefaultLogger, Runtime, Worker } from '@temporalio/worker';
import { AgentTracingPlugin, setupTelemetry } from '../src/index.js';
import { noopAgentSink } from './agent-sink.js';
import { buildBundles } from './bundles.js';
import { runOneResearch } from './one-research-run.js';
import { BundleModules } from './profile-top.js';

const RUNS = process.argv.includes('--runs') ? Number(process.argv[process.argv.indexOf('--runs') + 1]) : 2;

Runtime.install({ logger: new DefaultLogger('WARN') });
const telemetry = setupTelemetry({
  env: { OTEL_TRACES_EXPORTER: 'none', OTEL_SERVICE_NAME: 'promise-origins' },
  handleSignals: false,
});
const history = await runOneResearch(new AgentTracingPlugin(), 'promise-origins');
const bundles = await buildBundles(['a']);
const bundlePath = bundles.path('a');
const modules = new BundleModules(readFileSync(bundlePath, 'utf8'));
const byModule = new Map<string, number>();
let recording = false;
let total = 0;
v8.promiseHooks.onInit(() => {
  if (!recording) return;
  recording = false; // the hook's own Error must not count
  total++;
  const limit = Error.stackTraceLimit;
  Error.stackTraceLimit = 8;
  const frames = (new Error().stack ?? '').split('\n').slice(2);
  Error.stackTraceLimit = limit;
  let origin = '(no frame of the bundle)';
  for (const frame of frames) {
    const m = /\(?([^()\s]+):(\d+):\d+\)?$/.exec(frame.trim());
    if (m && m[1] === bundlePath) {
      origin = modules.moduleAt(Number(m[2]) - 1).replace(/^node_modules\//, '');
      break;
    }
  }
  byModule.set(origin, (byModule.get(origin) ?? 0) + 1);
  recording = true;
});
const histories = Array.from({ length: RUNS }, (_, i) => ({ workflowId: `origins-${i}`, history }));
recording = true;
for await (const r of Worker.runReplayHistories(
  { workflowBundle: { codePath: bundlePath }, sinks: noopAgentSink(true) },
  histories,
))
  if (r.error) throw r.error;
recording = false;
console.log(`promises per run: ${(total / RUNS).toFixed(0)}`);
for (const [origin, n] of [...byModule].sort((x, y) => y[1] - x[1]).slice(0, 20))
  console.log(`${(n / RUNS).toFixed(0).padStart(6)}  ${origin}`);
bundles.remove();
await telemetry.shutdown();
process.exit(0);
