// `npm run bench:sandbox`: what tracing costs inside the workflow sandbox, by
// replay. One research run is recorded with this project's plugin; its history
// is then replayed many times with the plain bundle (a) and with the plugin's
// bundle (c), in alternating rounds. Replay runs the same workflow code as the
// live worker (spans are made and handed to the sink, here one that only
// counts), with no activity, model or export work. Reports per workflow:
// promises created in the sandbox (each costs Temporal a captured stack
// trace), the sink calls and workflow spans (c) sends, bytes allocated
// (sampled, collected objects included; `--heap`) and process CPU (noisy on a
// shared machine: compare medians of several rounds).
//
//   npm run bench:sandbox -- [--workflows 30] [--rounds 4] [--heap [--by-function]]
import { Session } from 'node:inspector/promises';
import v8 from 'node:v8';
import { DefaultLogger, Runtime, Worker } from '@temporalio/worker';
import { AgentTracingPlugin, setupTelemetry } from '../src/index.js';
import { TRACING_SINK, type SerializedSpan } from '../src/common/sink.js';
import { noopAgentSink } from './agent-sink.js';
import { buildBundles } from './bundles.js';
import { runOneResearch } from './one-research-run.js';
import { median } from './stats.js';

type Mode = 'a' | 'c';
interface Round {
  mode: Mode;
  cpuMs: number;
  promises: number;
  allocatedMb?: number;
  sinkCalls: number;
  spansSent: number;
}

const flag = (name: string) => process.argv.indexOf(name);
const numberFlag = (name: string, fallback: number) =>
  flag(name) >= 0 ? Number(process.argv[flag(name) + 1]) : fallback;
const WORKFLOWS = numberFlag('--workflows', 30);
const ROUNDS = numberFlag('--rounds', 4);
const HEAP = flag('--heap') >= 0;
/** With --heap: also print the functions that allocated most, per workflow. */
const BY_FUNCTION = flag('--by-function') >= 0;

let promises = 0;
v8.promiseHooks.onInit(() => void promises++);

let sunk = { calls: 0, spans: 0 };
const countingSink = {
  [TRACING_SINK]: {
    exportSpans: {
      fn: (_info: unknown, spans: SerializedSpan[]) => {
        sunk.calls++;
        sunk.spans += spans.length;
      },
      callDuringReplay: true,
    },
  },
};

/** Sampled bytes allocated while `fn` runs, objects collected since included. */
async function allocated(fn: () => Promise<void>): Promise<number> {
  const session = new Session();
  session.connect();
  await session.post('HeapProfiler.enable');
  // The include* flags (newer than Node's typings) make the profile count
  // garbage too, not only survivors.
  const sampling = {
    samplingInterval: 4096,
    includeObjectsCollectedByMajorGC: true,
    includeObjectsCollectedByMinorGC: true,
  };
  await session.post('HeapProfiler.startSampling', sampling);
  await fn();
  const { profile } = (await session.post('HeapProfiler.stopSampling')) as {
    profile: { head: { selfSize: number; children?: unknown[] } };
  };
  session.disconnect();
  type Node = {
    selfSize: number;
    children?: Node[];
    callFrame?: { functionName: string; url: string; lineNumber: number };
  };
  const byFunction = new Map<string, number>();
  const sum = (n: Node): number => {
    const where = `${n.callFrame?.functionName || '(anonymous)'} ${n.callFrame?.url.split('/').slice(-3).join('/')}:${n.callFrame?.lineNumber}`;
    byFunction.set(where, (byFunction.get(where) ?? 0) + n.selfSize);
    return n.selfSize + (n.children ?? []).reduce((s, c) => s + sum(c), 0);
  };
  const total = sum(profile.head as Node);
  if (BY_FUNCTION)
    for (const [where, bytes] of [...byFunction].sort((x, y) => y[1] - x[1]).slice(0, 15))
      console.log(`[sandbox]   ${(bytes / 1e6 / WORKFLOWS).toFixed(2)} MB/workflow  ${where}`);
  return total;
}

Runtime.install({ logger: new DefaultLogger('WARN') });
const telemetry = setupTelemetry({
  env: { OTEL_TRACES_EXPORTER: 'none', OTEL_SERVICE_NAME: 'sandbox-cost' },
  handleSignals: false,
});
const plugin = new AgentTracingPlugin();
const history = await runOneResearch(plugin, 'sandbox-cost');
const bundles = await buildBundles(['a', 'c']);
const rounds: Round[] = [];
try {
  for (let r = 0; r < ROUNDS; r++) {
    for (const mode of (r % 2 === 0 ? ['a', 'c'] : ['c', 'a']) as Mode[]) {
      const histories = Array.from({ length: WORKFLOWS }, (_, i) => ({ workflowId: `replay-${i}`, history }));
      const options = {
        workflowBundle: { codePath: bundles.path(mode) },
        // (c)'s bundle has the plugin's interceptors; its sink is replaced by one
        // that counts, and that Temporal calls during replay, unlike the plugin's.
        sinks: mode === 'c' ? countingSink : noopAgentSink(true),
      };
      const replay = async () => {
        for await (const result of Worker.runReplayHistories(options, histories)) {
          if (result.error) throw result.error;
        }
      };
      promises = 0;
      sunk = { calls: 0, spans: 0 };
      const before = process.cpuUsage();
      const bytes = HEAP ? await allocated(replay) : (await replay(), undefined);
      const cpu = process.cpuUsage(before);
      const round: Round = {
        mode,
        cpuMs: (cpu.user + cpu.system) / 1000 / WORKFLOWS,
        promises: promises / WORKFLOWS,
        allocatedMb: bytes === undefined ? undefined : bytes / 1e6 / WORKFLOWS,
        sinkCalls: sunk.calls / WORKFLOWS,
        spansSent: sunk.spans / WORKFLOWS,
      };
      rounds.push(round);
      process.stderr.write(
        `[sandbox] round ${r + 1}/${ROUNDS} (${mode}): ${round.cpuMs.toFixed(1)} ms CPU, ${round.promises.toFixed(0)} promises` +
          (round.allocatedMb === undefined ? '' : `, ${round.allocatedMb.toFixed(1)} MB allocated`) +
          ' per workflow\n',
      );
    }
  }
} finally {
  bundles.remove();
  await telemetry.shutdown();
}

const stat = (mode: Mode, pick: (r: Round) => number | undefined) => {
  const values = rounds.filter((r) => r.mode === mode).map(pick);
  return values.some((v) => v === undefined) ? undefined : median(values as number[]);
};
const out = [
  `replay of one research run, ${WORKFLOWS} workflows per round, ${ROUNDS} rounds per mode; medians per workflow:`,
];
for (const [label, pick, unit, digits] of [
  ['process CPU', (r: Round) => r.cpuMs, 'ms', 1],
  ['promises created', (r: Round) => r.promises, '', 0],
  ['allocated (sampled)', (r: Round) => r.allocatedMb, 'MB', 2],
] as const) {
  const a = stat('a', pick);
  const c = stat('c', pick);
  if (a === undefined || c === undefined) continue;
  out.push(
    `  ${label.padEnd(20)} a ${a.toFixed(digits)}${unit}  c ${c.toFixed(digits)}${unit}  c − a ${(c - a).toFixed(digits)}${unit}`,
  );
}
const calls = stat('c', (r) => r.sinkCalls);
const spans = stat('c', (r) => r.spansSent);
out.push(`  (c) sends ${spans} workflow spans in ${calls} sink calls per workflow`);
process.stdout.write(out.join('\n') + '\n');
process.exit(0);
